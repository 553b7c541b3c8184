// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs

// Control flow: early returns (single, multiple, nested ifs, else-if chains,
// the conditional operator) and falling off the end of a function or of an
// inner block scope.

#include "gocontext.h"

int compute();
void log(const char *msg);

//===----------------------------------------------------------------------===//
// Single early return.
//===----------------------------------------------------------------------===//

void singleEarlyReturn(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  use_context(c);
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

void singleEarlyReturnReleased(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  if (failed()) {
    cancel();
    return;
  }
  cancel();
}

// An early return before the creation does not leave its scope with a handle.
void earlyReturnBeforeCreation(const ctx::Context &bg) {
  if (failed())
    return;
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  cancel();
}

// A value-returning function: the leaking `return -1`.
int valueReturn(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(10));
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  int v = compute();
  if (v < 0) return -1;
  // CHECK-NOTES: :[[@LINE-1]]:14: note: returns here without releasing 'cancel'
  cancel();
  return v;
}

// Returning the handle is a transfer; the other path releases it.
ctx::CancelFunc returnsHandleOnOnePath(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed())
    return cancel;
  cancel();
  return nullptr;
}

// The release after the return is dead code: it does not help.
void releaseAfterReturnIsDead(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  use_context(c);
  return;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 'cancel'
  cancel();
}

//===----------------------------------------------------------------------===//
// Multiple early returns: the note names the first leaking one in source order.
//===----------------------------------------------------------------------===//

void multipleReturnsBothLeak(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (n == 1)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  if (n == 2)
    return;
  if (n == 3)
    return;
  cancel();
}

// The first return releases; the second one is the first leaking exit.
void multipleReturnsSecondLeaks(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (n == 1) {
    cancel();
    return;
  }
  if (n == 2) {
    log("two");
    return;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  }
  if (n == 3) {
    log("three");
    return;
  }
  cancel();
}

void multipleReturnsAllRelease(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (n == 1) {
    cancel();
    return;
  }
  if (n == 2) {
    cancel();
    return;
  }
  use_context(c);
  cancel();
}

// Released first, then several returns: nothing left to release.
int releasedBeforeAllReturns(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  cancel();
  if (n == 1)
    return 1;
  if (n == 2)
    return 2;
  return 0;
}

//===----------------------------------------------------------------------===//
// Nested ifs.
//===----------------------------------------------------------------------===//

void nestedIfLeak(const ctx::Context &bg, bool a, bool b) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (a) {
    if (b) {
      if (failed())
        return;
      // CHECK-NOTES: :[[@LINE-1]]:9: note: returns here without releasing 'cancel'
      log("ab");
    }
  }
  cancel();
}

void nestedIfReleasedEverywhere(const ctx::Context &bg, bool a, bool b) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (a) {
    if (b) {
      if (failed()) {
        cancel();
        return;
      }
      log("ab");
    } else {
      cancel();
      return;
    }
  }
  cancel();
}

// Released only in the innermost branch, then falls off the end.
void nestedIfConditionalRelease(const ctx::Context &bg, bool a, bool b) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (a) {
    if (b)
      cancel();
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// Both arms of every nested if release.
void nestedIfAllArmsRelease(const ctx::Context &bg, bool a, bool b) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (a) {
    if (b)
      cancel();
    else
      cancel();
  } else {
    cancel();
  }
}

//===----------------------------------------------------------------------===//
// else-if chains.
//===----------------------------------------------------------------------===//

void elseIfChainLeak(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (n == 1) {
    cancel();
    return;
  } else if (n == 2) {
    cancel();
  } else if (n == 3) {
    log("three");
    return;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  } else {
    use_context(c);
  }
  cancel();
}

void elseIfChainReleased(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (n == 1) {
    cancel();
    return;
  } else if (n == 2) {
    log("two");
  } else if (n == 3) {
    cancel();
    return;
  } else {
    use_context(c);
  }
  cancel();
}

// A chain without a final else: the fall-through path skips every release.
void elseIfChainNoElse(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (n == 1)
    cancel();
  else if (n == 2)
    cancel();
  else if (n == 3)
    cancel();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

void elseIfChainWithElse(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (n == 1)
    cancel();
  else if (n == 2)
    cancel();
  else
    cancel();
}

//===----------------------------------------------------------------------===//
// The conditional operator.
//===----------------------------------------------------------------------===//

// Only one arm releases.
void ternaryOneArm(const ctx::Context &bg, bool ok) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  ok ? cancel() : log("not ok");
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

void ternaryBothArms(const ctx::Context &bg, bool ok) {
  auto [c, cancel] = ctx::WithCancel(bg);
  ok ? cancel() : cancel();
}

// The other arm does not return.
void ternaryNoreturnArm(const ctx::Context &bg, bool ok) {
  auto [c, cancel] = ctx::WithCancel(bg);
  ok ? cancel() : fatal("not ok");
}

// A return of a conditional value: the return itself leaks.
int ternaryInReturn(const ctx::Context &bg, bool ok) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  use_context(c);
  if (failed())
    return ok ? 1 : 2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
  return 0;
}

//===----------------------------------------------------------------------===//
// Falling off the end.
//===----------------------------------------------------------------------===//

void fallOffEndNeverReleased(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithDeadline(bg, 100);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithDeadline' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (cancel)
    use_context(c);
  log("done");
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// The closing brace of an inner block is where the handle's scope ends.
void innerBlockScope(const ctx::Context &bg) {
  {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (cancel)
      use_context(c);
  }
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'cancel' goes out of scope here without being released
  log("after the block");
}

void innerBlockScopeReleased(const ctx::Context &bg) {
  {
    auto [c, cancel] = ctx::WithCancel(bg);
    use_context(c);
    cancel();
  }
  log("after the block");
}

// Two handles: only the one that leaks is reported, each with its own note.
void twoHandlesOneLeaks(const ctx::Context &bg) {
  auto [c1, cancel1] = ctx::WithCancel(bg);
  auto [c2, cancel2] = ctx::WithTimeout(c1, ctx::Duration(5));
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel2' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed()) {
    cancel1();
    return;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel2'
  }
  use_context(c2);
  cancel2();
  cancel1();
}

void twoHandlesBothReleased(const ctx::Context &bg) {
  auto [c1, cancel1] = ctx::WithCancel(bg);
  auto [c2, cancel2] = ctx::WithTimeout(c1, ctx::Duration(5));
  if (failed()) {
    cancel2();
    cancel1();
    return;
  }
  use_context(c2);
  cancel2();
  cancel1();
}
