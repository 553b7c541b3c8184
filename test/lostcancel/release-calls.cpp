// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs
// RUN: %check_lostcancel %s -- -std=c++20 -I%S/../Inputs

// Releases by calling the handle: h(), h(err) for the *Cause variants,
// std::invoke(h), and (*fp)() / fp() for a plain function-pointer handle.

#include "gocontext.h"
#include <functional>

// --- h() ------------------------------------------------------------------

void callReleases(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  cancel();
}

void callOnOnePathOnly(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  use_context(c);
  if (failed())
    cancel();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

void pairMemberCallReleases(const ctx::Context &bg) {
  auto r = ctx::WithTimeout(bg, ctx::Duration(1));
  use_context(r.first);
  r.second();
}

void pairMemberNeverCalled(const ctx::Context &bg) {
  auto r = ctx::WithTimeout(bg, ctx::Duration(1));
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'r.second' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  use_context(r.first);
  if (r.second)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'r.second'
}

void tieTargetCalled(const ctx::Context &bg) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  std::tie(c, cancel) = ctx::WithDeadline(bg, 7);
  use_context(c);
  cancel();
}

void tieTargetNotCalledBeforeReturn(const ctx::Context &bg) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  std::tie(c, cancel) = ctx::WithDeadline(bg, 7);
  // CHECK-NOTES: :[[@LINE-1]]:25: warning: cancel handle 'cancel' returned by 'WithDeadline' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(c);
  cancel();
}

// --- h(err) for WithCancelCause --------------------------------------------

void causeCallReleases(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancelCause(bg);
  use_context(c);
  cancel("done");
}

void causeCallMissingOnThrow(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancelCause(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancelCause' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed())
    throw 1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: throws here without releasing 'cancel'
  cancel(std::string("finished"));
}

void timeoutCauseReleases(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeoutCause(bg, ctx::Duration(3), "slow");
  use_context(c);
  cancel();
}

// --- std::invoke(h) --------------------------------------------------------

void invokeReleases(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  std::invoke(cancel);
}

void invokeCauseReleases(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancelCause(bg);
  use_context(c);
  std::invoke(cancel, "cause");
}

void invokeOnlyInLoopBody(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  for (int i = 0; i < n; ++i)
    std::invoke(cancel);
  use_context(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// --- (*fp)() for a function-pointer handle ---------------------------------

void fnPointerDerefCallReleases(const ctx::Context &bg) {
  auto [c, stop] = cfn::WithCancel(bg);
  use_context(c);
  (*stop)();
}

void fnPointerCallReleases(const ctx::Context &bg) {
  auto [c, stop] = cfn::WithCancel(bg);
  use_context(c);
  stop();
}

void fnPointerPairDerefCallReleases(const ctx::Context &bg) {
  auto r = cfn::WithCancel(bg);
  use_context(r.first);
  (*r.second)();
}

void fnPointerNotCalledOnReturn(const ctx::Context &bg) {
  auto [c, stop] = cfn::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: cancel handle 'stop' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (c.done())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'stop'
  (*stop)();
}

// A call through a different function pointer is not a release of the handle.
void otherFnPointerCalled(const ctx::Context &bg, cfn::cancel_fn other) {
  auto [c, stop] = cfn::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: cancel handle 'stop' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  use_context(c);
  if (stop)
    (*other)();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'stop'
