// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs

// SPEC §8.1, §8.2, §8.4 (issue 17), C++: release wrappers (also templates,
// static member functions and final overriders), releases on some paths
// only, conditional transfers by a bool result. Virtual calls that may
// dispatch elsewhere, calls through std::function and recursion stay
// transfers (§7.5).

#include "gocontext.h"
#include "guards.h"
#include "summaries-helpers.h"

#include <sys/timerfd.h>

#include <vector>

bool failed();
void log_line(const char *);

template <class F> void finish(F f) { f(); }
inline void finishIfSet(const ctx::CancelFunc &cancel) {
  if (cancel)
    cancel();
}
struct Closer {
  static void close(const ctx::CancelFunc &cancel) { cancel(); }
};
inline void finishWhen(const ctx::CancelFunc &cancel, bool really) {
  if (really)
    cancel();
}

std::vector<ctx::CancelFunc> pending;
inline bool enqueue(const ctx::CancelFunc &cancel) {
  if (pending.size() > 8)
    return false;
  pending.push_back(cancel);
  return true;
}

void releasedOnlyOnError(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed()) {
    finish(cancel);
    return;
  }
  log_line("done");
}
  // CHECK-NOTES: :[[@LINE-7]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  // CHECK-NOTES: :[[@LINE-6]]:5: note: released only here, on an error path
  // CHECK-NOTES: :[[@LINE-3]]:1: note: reaches the end of the function without releasing 'cancel'
  // CHECK-NOTES: :[[@LINE-8]]:5: note: 'finish<std::function<void ()>>' releases 'f'
  // CHECK-FIXES: {{^}}  absl::Cleanup cancel_guard = [&handle = cancel] { handle(); };{{$}}

void releasedThroughTemplate(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed()) {
    finish(cancel);
    return;
  }
  finishIfSet(cancel);
}

void releasedThroughStaticMember(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(5));
  if (failed()) {
    Closer::close(cancel);
    return;
  }
  Closer::close(cancel);
}

void leakBeforeRelease(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(5));
  if (failed())
    return;
  finishIfSet(cancel);
  // CHECK-NOTES: :[[@LINE-4]]:22: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-NOTES: :[[@LINE-3]]:5: note: returns here without releasing 'cancel'
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'finishIfSet' releases 'cancel'
  // CHECK-FIXES: {{^}}  absl::Cleanup cancel_guard = [&handle = cancel] { handle(); };{{$}}
}

void somePathsOnError(const ctx::Context &bg, bool really) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed()) {
    finishWhen(cancel, really);
    return;
  }
  log_line("done");
}
  // CHECK-NOTES: :[[@LINE-7]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-NOTES: :[[@LINE-2]]:1: note: reaches the end of the function without releasing 'cancel'
  // CHECK-NOTES: :[[@LINE-7]]:5: note: 'finishWhen' releases 'cancel' on some paths only; the call counts as a transfer

// No fix: a guard would also cancel the handle the queue keeps.
void leakWhenQueueFull(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (!enqueue(cancel)) {
    log_line("queue full");
    return;
    // CHECK-NOTES: :[[@LINE-4]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    // CHECK-NOTES: :[[@LINE-2]]:5: note: returns here without releasing 'cancel'
    // CHECK-NOTES: :[[@LINE-5]]:8: note: 'enqueue' keeps 'cancel' only when it returns true
  }
}

void releasedWhenQueueFull(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (!enqueue(cancel)) {
    cancel();
    return;
  }
}

void queuedUntested(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  enqueue(cancel);
}

// Virtual calls: a final overrider is what runs; otherwise an override may
// keep the handle.
struct Finisher {
  virtual void finish(const ctx::CancelFunc &cancel) const { cancel(); }
  virtual ~Finisher();
};
struct FinalFinisher final : Finisher {
  void finish(const ctx::CancelFunc &cancel) const override { cancel(); }
};

void releasedOnlyOnErrorFinal(const ctx::Context &bg, const FinalFinisher &f) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed()) {
    f.finish(cancel);
    return;
  }
  log_line("done");
}
  // CHECK-NOTES: :[[@LINE-7]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  // CHECK-NOTES: :[[@LINE-6]]:5: note: released only here, on an error path
  // CHECK-NOTES: :[[@LINE-3]]:1: note: reaches the end of the function without releasing 'cancel'
  // CHECK-NOTES: :[[@LINE-8]]:5: note: 'finish' releases 'cancel'
  // CHECK-FIXES: {{^}}  absl::Cleanup cancel_guard = [&handle = cancel] { handle(); };{{$}}

void virtualOnError(const ctx::Context &bg, const Finisher &f) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed()) {
    f.finish(cancel);
    return;
  }
  log_line("done");
}
  // CHECK-NOTES: :[[@LINE-7]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-NOTES: :[[@LINE-2]]:1: note: reaches the end of the function without releasing 'cancel'

void throughStdFunction(const ctx::Context &bg,
                        const std::function<void(const ctx::CancelFunc &)> &fn) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed()) {
    fn(cancel);
    return;
  }
  log_line("done");
}
  // CHECK-NOTES: :[[@LINE-7]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-NOTES: :[[@LINE-2]]:1: note: reaches the end of the function without releasing 'cancel'

void drainB(const ctx::CancelFunc &cancel, int n);
inline void drainA(const ctx::CancelFunc &cancel, int n) {
  if (n)
    drainB(cancel, n - 1);
  else
    cancel();
}
inline void drainB(const ctx::CancelFunc &cancel, int n) { drainA(cancel, n); }

void recursiveOnError(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed()) {
    drainA(cancel, 2);
    return;
  }
  log_line("done");
}
  // CHECK-NOTES: :[[@LINE-7]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-NOTES: :[[@LINE-2]]:1: note: reaches the end of the function without releasing 'cancel'

// A release helper in a header, in C++.
int timerLeakBeforeHeaderRelease() {
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (tfd < 0)
    return -1;
  if (failed())
    return -1;
  release_fd(tfd);
  // CHECK-NOTES: :[[@LINE-6]]:13: warning: timer descriptor 'tfd' returned by 'timerfd_create' is not released on every path; the file descriptor stays live until the process exits [lostcancel-unreleased]
  // CHECK-NOTES: :[[@LINE-3]]:5: note: returns here without releasing 'tfd'
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'release_fd' releases 'fd'
  // CHECK-FIXES: {{^}}    { close(tfd); return -1; }{{$}}
  return 0;
}

int timerReleasedByHeaderHelper() {
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (failed()) {
    release_fd(tfd);
    return -1;
  }
  release_fd(tfd);
  return 0;
}

// A guarded handle that a keeper takes counts as transferred: the guard's
// dismissal on one path could not tell the keeper's edges apart (lcfuzz
// seed 4667).
void keptWhileGuarded(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  absl::Cleanup guard = [&] { cancel(); };
  if (failed()) {
    std::move(guard).Cancel();
    cancel();
  }
  if (!enqueue(cancel))
    return;
}
