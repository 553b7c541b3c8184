// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs

#include "gocontext.h"

void earlyReturn(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

void neverReleased(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(5));
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (cancel)
    use_context(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

void releasedOnEveryPath(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed()) {
    cancel();
    return;
  }
  use_context(c);
  cancel();
}

void pairVariable(const ctx::Context &bg) {
  auto r = ctx::WithDeadline(bg, 42);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'r.second' returned by 'WithDeadline' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  use_context(r.first);
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'r.second'
  r.second();
}

void pairVariableReleased(const ctx::Context &bg) {
  auto r = ctx::WithDeadline(bg, 42);
  use_context(r.first);
  r.second();
}

// The first leaking exit in source order is the one named.
void firstExitNamed(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (n == 1)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  if (n == 2)
    return;
  cancel();
}
