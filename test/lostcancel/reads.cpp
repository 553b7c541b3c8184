// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs
// RUN: %check_lostcancel %s -- -std=c++20 -I%S/../Inputs

// A read of the handle ((void)h, if (h), !h, h == nullptr) is neither a release
// nor a transfer, unlike Go's lostcancel which accepts any mention. A read is
// still a mention, so the finding is unreleased, not discarded. On the edge
// where the handle tests empty there is nothing to release.

#include "gocontext.h"

void takes_bool(bool b);

// --- reads only: still a leak ------------------------------------------------

void voidCastOnly(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  use_context(c);
  (void)cancel;
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

void ifHandleOnly(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(10));
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (cancel) {
    use_context(c);
    return;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  }
}

void equalsNullptrOnly(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  bool empty = cancel == nullptr;
  use_context(c);
  takes_bool(empty);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

void negationOnly(const ctx::Context &bg) {
  auto r = ctx::WithDeadline(bg, 3);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'r.second' returned by 'WithDeadline' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  takes_bool(!r.second);
  use_context(r.first);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'r.second'

// The bool conversion of the handle passed to a function is a read, not a
// transfer of the handle.
void boolConversionPassed(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  takes_bool(static_cast<bool>(cancel));
  use_context(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// A comparison against nullptr leaves the handle live on the non-empty edge.
void notEqualNullptrThenReturn(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (cancel != nullptr)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(c);
}

// --- reads next to a release: fine -------------------------------------------

void voidCastThenRelease(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  (void)cancel;
  use_context(c);
  cancel();
}

void ifHandleThenCall(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  if (cancel)
    cancel();
}

void notHandleReturns(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (!cancel)
    return;
  use_context(c);
  cancel();
}

void equalsNullptrReturns(const ctx::Context &bg) {
  auto r = ctx::WithCancel(bg);
  if (r.second == nullptr)
    return;
  use_context(r.first);
  r.second();
}

void notEqualNullptrCalls(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(1));
  use_context(c);
  if (nullptr != cancel)
    cancel();
}

void fnPointerNullTest(const ctx::Context &bg) {
  auto [c, stop] = cfn::WithCancel(bg);
  use_context(c);
  if (stop != nullptr)
    stop();
}
