// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs

// Control flow: tests of the handle for emptiness. On the edge where the
// handle tests empty there is nothing to release (SPEC §7.6): `if (cancel)
// cancel();`, `if (!cancel) return;`, `if (cancel != nullptr)`, `if (nullptr ==
// cancel)`. The edge where it tests non-empty still needs a release.

#include "gocontext.h"

void work(int i);

//===----------------------------------------------------------------------===//
// Negative: the empty edge needs no release.
//===----------------------------------------------------------------------===//

void ifCancelThenCancel(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  if (cancel)
    cancel();
}

void notCancelReturnBeforeRelease(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (!cancel)
    return;
  use_context(c);
  cancel();
}

void notEqualNullptrThenCancel(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  if (cancel != nullptr)
    cancel();
}

void nullptrEqualsReturnBeforeRelease(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (nullptr == cancel)
    return;
  use_context(c);
  cancel();
}

void equalsNullptrReturnBeforeRelease(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (cancel == nullptr)
    return;
  cancel();
}

void nullptrNotEqualThenCancel(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (nullptr != cancel)
    cancel();
}

// The else branch is the empty edge.
void equalsNullptrElseCancel(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (cancel == nullptr)
    work(0);
  else
    cancel();
}

void notCancelElseCancel(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (!cancel) {
    work(0);
  } else {
    use_context(c);
    cancel();
  }
}

// The conditional operator tests it the same way.
void ternaryEmptyTest(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  cancel ? cancel() : work(0);
}

// A function-pointer handle, a pair element, a struct member.
void functionPointerHandle(const ctx::Context &bg) {
  auto [c, cancel] = cfn::WithCancel(bg);
  if (cancel != nullptr)
    cancel();
}

void functionPointerHandleNotReturn(const ctx::Context &bg) {
  auto [c, cancel] = cfn::WithCancel(bg);
  if (!cancel)
    return;
  cancel();
}

void pairElementHandle(const ctx::Context &bg) {
  auto r = ctx::WithCancel(bg);
  use_context(r.first);
  if (r.second)
    r.second();
}

void structMemberHandle(const ctx::Context &bg) {
  auto r = structs::WithCancel(bg);
  if (!r.cancel)
    return;
  r.cancel();
}

// Several empty tests before the release, in a loop body.
void emptyTestInLoop(const ctx::Context &bg, int n) {
  for (int i = 0; i < n; ++i) {
    auto [c, cancel] = ctx::WithCancel(bg);
    if (!cancel)
      continue;
    work(i);
    cancel();
  }
}

//===----------------------------------------------------------------------===//
// Positive: the non-empty edge still leaks.
//===----------------------------------------------------------------------===//

// The handle is non-empty on the inner return.
void nonEmptyEdgeReturns(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (cancel) {
    if (failed())
      return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: returns here without releasing 'cancel'
    cancel();
  }
}

// The empty-test return is fine; the later return leaks.
void emptyReturnThenLeakingReturn(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (!cancel)
    return;
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

// Inverted test: the return is on the non-empty edge.
void returnOnNonEmptyEdge(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (cancel != nullptr)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  work(0);
}

// Inverted test with nullptr first.
void nullptrEqualsElseLeaks(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (nullptr == cancel)
    work(0);
  else
    use_context(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// Short-circuit: the return is reached when the handle is non-empty and the
// call fails.
void shortCircuitOrReturn(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (!cancel || failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

// Short-circuit: released only when non-empty and the call succeeds.
void shortCircuitAndRelease(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (cancel && !failed())
    cancel();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// Short-circuit, negative: empty, or released.
void shortCircuitAndReturnReleased(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (cancel && failed()) {
    cancel();
    return;
  }
  if (cancel)
    cancel();
}

// The test is on another variable: it says nothing about the handle.
void testOfAnotherHandle(const ctx::Context &bg) {
  auto [c1, cancel1] = ctx::WithCancel(bg);
  auto [c2, cancel2] = ctx::WithCancel(c1);
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel2' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (!cancel1)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel2'
  cancel2();
  cancel1();
}
