// RUN: %check_lostcancel %s -- -std=c++20 -I%S/../Inputs

// Ownership transfers to threads and other owners (SPEC §2, §7.10): patterns
// that gosec-style "cancel is not called on all paths" checkers report
// falsely. A thread that is never detached in the scope (joined, even on some
// paths only, or a std::jthread) takes ownership of the handle handed to it;
// so does a struct that is returned, a closure that calls the handle through
// a field, and a container that a guard drains. None of these may be
// reported. A joined thread that only gets the *context* does not own the
// handle: that is still an unreleased handle.

#include "gocontext.h"
#include "guards.h"
#include <thread>
#include <utility>
#include <vector>

void work(ctx::Context c);
void workAndCancel(ctx::Context c, ctx::CancelFunc cancel);
bool more();

// ============================================================================
// Negative: no finding
// ============================================================================

// cancel() called inside a joined thread's closure (captured by copy).
void cancelInJoinedThreadCopy(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  std::thread t([c, cancel] {
    c.wait();
    cancel();
  });
  t.join();
}

// The same with an implicit by-reference capture: the thread is joined, so the
// reference does not dangle and the thread releases the handle.
void cancelInJoinedThreadRef(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  std::thread t([&] {
    c.wait();
    cancel();
  });
  t.join();
}

// Explicit by-reference capture of the handle, joined thread.
void cancelInJoinedThreadExplicitRef(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(3));
  use_context(c);
  std::thread t([&cancel] { cancel(); });
  t.join();
}

// The handle as a thread argument, joined.
void handleArgJoined(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  std::thread t(workAndCancel, c, cancel);
  t.join();
}

// Joined on some paths only: the thread is still never detached.
void joinedOnSomePaths(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  std::thread t(workAndCancel, c, cancel);
  if (more()) {
    t.join();
    return;
  }
  use_context(c);
  t.join();
}

// The handle moved into a joined thread.
void movedIntoJoinedThread(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  std::thread t(workAndCancel, c, std::move(cancel));
  t.join();
}

// Moved into the closure of a joined thread through an init-capture.
void initCaptureMoveJoined(const ctx::Context &bg) {
  auto r = ctx::WithCancel(bg);
  std::thread t([ctx = r.first, stop = std::move(r.second)] {
    ctx.wait();
    stop();
  });
  t.join();
}

// A structured binding moved into the closure through an init-capture.
void initCaptureMoveBindingJoined(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  std::thread t([c, stop = std::move(cancel)] {
    c.wait();
    stop();
  });
  t.join();
}

// Handed to a std::jthread, which joins on destruction.
void handedToJthread(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  std::jthread t(workAndCancel, c, cancel);
  if (failed())
    return;
  use_context(c);
}

// A jthread closure; early return before the end of the scope.
void jthreadClosure(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithDeadline(bg, 100);
  std::jthread t([c, cancel](std::stop_token st) {
    while (!st.stop_requested() && !c.done()) {
    }
    cancel();
  });
  if (failed())
    return;
}

// A jthread temporary joins at the end of the full expression.
void jthreadTemporary(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  std::jthread(workAndCancel, c, std::move(cancel));
}

// cancel stored in a returned struct.
struct Operation {
  ctx::Context c;
  ctx::CancelFunc cancel;
};

Operation startOperation(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(50));
  Operation op{c, cancel};
  return op;
}

Operation startOperationInline(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed())
    return Operation{c, cancel};
  return {c, std::move(cancel)};
}

// cancel called through a field inside a closure run by a joined thread.
void cancelViaFieldInClosure(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  struct H {
    ctx::CancelFunc cancel;
  } h{cancel};
  std::thread t([h] { h.cancel(); });
  t.join();
}

// cancels appended to a vector that a guard releases in a loop.
void cancelsInGuardedVector(const ctx::Context &bg, int n) {
  std::vector<ctx::CancelFunc> cancels;
  absl::Cleanup g = [&] {
    for (auto &c : cancels)
      c();
  };
  for (int i = 0; i < n; ++i) {
    auto [c, cancel] = ctx::WithCancel(bg);
    cancels.push_back(cancel);
    use_context(c);
  }
}

// The same with emplace_back and a pair variable, and an early exit inside
// the loop.
void cancelsInGuardedVectorEarlyExit(const ctx::Context &bg, int n) {
  std::vector<ctx::CancelFunc> cancels;
  auto g = gsl::finally([&cancels] {
    for (auto &c : cancels)
      c();
  });
  for (int i = 0; i < n; ++i) {
    auto r = ctx::WithTimeout(bg, ctx::Duration(i));
    cancels.emplace_back(std::move(r.second));
    if (failed())
      return;
    use_context(r.first);
  }
}

// One joined thread per creation, each thread stored in a vector that is
// joined afterwards.
void threadsInVectorJoined(const ctx::Context &bg, int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    auto [c, cancel] = ctx::WithCancel(bg);
    threads.emplace_back(workAndCancel, c, cancel);
  }
  for (auto &t : threads)
    t.join();
}

// A thread built with the handle and returned: the caller owns it.
std::thread startThread(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  return std::thread(workAndCancel, c, cancel);
}

// ============================================================================
// Positive: a joined thread that only gets the context does not own the handle
// ============================================================================

void joinedThreadGetsContextOnly(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  std::thread t(work, c);
  t.join();
  if (more())
    cancel();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// The context captured by copy in a jthread's closure; the handle is released
// on the fallthrough path only.
void jthreadGetsContextOnly(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(5));
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  std::jthread t([c] { c.wait(); });
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

// A joined thread capturing the context binding by reference; the handle
// binding is not captured.
void joinedThreadRefCapturesContextOnly(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  std::thread t([&c] { c.wait(); });
  t.join();
  if (!more())
    cancel();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'
