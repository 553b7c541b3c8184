// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs

// SPEC §8.3, C++: a function that returns the (context, cancel) pair it got
// from a creation, on every path, is a creation for its callers: static,
// inline, member and template wrappers, and wrappers in headers. Virtual
// methods, calls through std::function, recursion and wrappers that keep a
// copy of the handle stay unknown.

#include "gocontext.h"
#include "summaries-wrappers.h"
#include <unistd.h>

bool failed();

static std::pair<ctx::Context, ctx::CancelFunc>
deadline_child(const ctx::Context &parent) {
  return ctx::WithTimeout(parent, ctx::Duration(5000));
}

inline std::pair<ctx::Context, ctx::CancelFunc>
child_of(const ctx::Context &parent) {
  auto r = ctx::WithCancel(parent);
  return r;
}

template <class D>
std::pair<ctx::Context, ctx::CancelFunc> with_timeout_of(const ctx::Context &parent,
                                                         D d) {
  return ctx::WithTimeout(parent, d);
}

struct Factory {
  static std::pair<ctx::Context, ctx::CancelFunc> make(const ctx::Context &p) {
    return deadline_child(p);
  }
  virtual std::pair<ctx::Context, ctx::CancelFunc> makeVirtual(const ctx::Context &p) {
    return ctx::WithCancel(p);
  }
  std::pair<ctx::Context, ctx::CancelFunc> makeKept(const ctx::Context &p) {
    auto r = ctx::WithCancel(p);
    kept_ = r.second;
    return r;
  }
  ctx::CancelFunc kept_;
};

void leakFromPairWrapper(const ctx::Context &bg) {
  auto [c, cancel] = deadline_child(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'deadline_child' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  // CHECK-NOTES: :{{[0-9]+}}:10: note: 'deadline_child' creates the cancel handle here
  // CHECK-FIXES: {{^}}  auto [c, cancel] = deadline_child(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  struct cancel_guard_type { decltype(cancel) &handle; ~cancel_guard_type() { handle(); } } cancel_guard{cancel};{{$}}
  cancel();
}

void releasedFromPairWrapper(const ctx::Context &bg) {
  auto [c, cancel] = deadline_child(bg);
  if (failed()) {
    cancel();
    return;
  }
  cancel();
}

void leakFromLocalPairWrapper(const ctx::Context &bg) {
  auto [c, cancel] = child_of(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'child_of' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (c.done())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  // CHECK-NOTES: :{{[0-9]+}}:12: note: 'child_of' creates the cancel handle here
  cancel();
}

void leakFromTemplateWrapper(const ctx::Context &bg) {
  auto [c, cancel] = with_timeout_of(bg, ctx::Duration(10));
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'with_timeout_of' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  // CHECK-NOTES: :{{[0-9]+}}:10: note: 'with_timeout_of<std::chrono::duration<long, std::ratio<1, 1000>>>' creates the cancel handle here
  cancel();
}

void leakFromStaticMemberWrapper(const ctx::Context &bg) {
  auto [c, cancel] = Factory::make(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'make' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  // CHECK-NOTES: :{{[0-9]+}}:12: note: 'make' creates the cancel handle here
  // CHECK-NOTES: :{{[0-9]+}}:10: note: 'deadline_child' creates the cancel handle here
  cancel();
}

void discardedFromWrapper(const ctx::Context &bg) {
  ctx::Context c = deadline_child(bg).first;
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: the cancel handle returned by 'deadline_child' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:20: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  // CHECK-NOTES: :{{[0-9]+}}:10: note: 'deadline_child' creates the cancel handle here
  c.wait();
}

int recurse(int n);
std::pair<ctx::Context, ctx::CancelFunc> recursive(const ctx::Context &p, int n) {
  if (n > 0)
    return recursive(p, n - 1);
  return ctx::WithCancel(p);
}

void notWrappers(Factory &f, const ctx::Context &bg,
                 std::function<std::pair<ctx::Context, ctx::CancelFunc>(
                     const ctx::Context &)> make) {
  auto [c1, cancel1] = f.makeVirtual(bg);
  auto [c2, cancel2] = f.makeKept(bg);
  auto [c3, cancel3] = make(bg);
  auto [c4, cancel4] = recursive(bg, 2);
  auto pointer = &deadline_child;
  auto [c5, cancel5] = pointer(bg);
  if (failed())
    return;
  cancel1();
  cancel2();
  cancel3();
  cancel4();
  cancel5();
}

// A descriptor wrapper from a header, in C++: its failure test is silent.
int leakFromHeaderWrapper() {
  int fd = open_tick_timer(0);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: timer descriptor 'fd' returned by 'open_tick_timer' is not released on every path; the file descriptor stays live until the process exits [lostcancel-unreleased]
  if (fd < 0)
    return -1;
  if (failed())
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'fd'
  // CHECK-NOTES: summaries-wrappers.h:10:12: note: 'open_tick_timer' creates the timer descriptor here
  // CHECK-FIXES: {{^}}    { close(fd); return -1; }{{$}}
  close(fd);
  return 0;
}
