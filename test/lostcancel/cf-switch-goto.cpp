// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs

// Control flow: switch (fallthrough, default, a case that returns, break, a
// handle owned by a case's block) and goto (forward and backward, within the
// handle's scope and out of it).

#include "gocontext.h"

void work(int i);
bool more();

//===----------------------------------------------------------------------===//
// switch.
//===----------------------------------------------------------------------===//

// A case that returns without releasing.
void switchCaseReturns(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  switch (n) {
  case 0:
    work(0);
    break;
  case 1:
    return;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  default:
    work(n);
    break;
  }
  cancel();
}

// The returning case releases first; break leads to the release after the
// switch.
void switchCaseReturnsReleased(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  switch (n) {
  case 0:
    work(0);
    break;
  case 1:
    cancel();
    return;
  default:
    work(n);
    break;
  }
  cancel();
}

// Every case releases, and the default is there.
void switchEveryCaseWithDefault(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  switch (n) {
  case 0:
    cancel();
    break;
  case 1:
    use_context(c);
    cancel();
    break;
  default:
    cancel();
    break;
  }
}

// Every case releases, but without a default the switch can be skipped.
void switchEveryCaseNoDefault(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  switch (n) {
  case 0:
    cancel();
    break;
  case 1:
    cancel();
    break;
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// Fallthrough into a releasing case.
void switchFallthroughIntoRelease(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  switch (n) {
  case 0:
    work(0);
    [[fallthrough]];
  case 1:
    cancel();
    break;
  default:
    cancel();
  }
}

// The release is before the fallthrough: entering at case 1 skips it.
void switchFallthroughSkipsRelease(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  switch (n) {
  case 0:
    cancel();
    [[fallthrough]];
  case 1:
    work(1);
    break;
  default:
    cancel();
    break;
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// Fallthrough into a returning case: the return is reached unreleased.
int switchFallthroughIntoReturn(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  switch (n) {
  case 0:
    work(0);
    [[fallthrough]];
  case 1:
    return -1;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  default:
    break;
  }
  cancel();
  return 0;
}

// Only the default releases; the other case falls off the end.
void switchOnlyDefaultReleases(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  switch (n) {
  case 0:
    use_context(c);
    break;
  default:
    cancel();
    break;
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// A handle owned by a case's block: break leaves its scope.
void switchCaseBlockBreak(const ctx::Context &bg, int n) {
  switch (n) {
  case 0: {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (c.done())
      break;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: leaves the scope of 'cancel' here without releasing it
    cancel();
    break;
  }
  default:
    work(n);
  }
}

void switchCaseBlockReleased(const ctx::Context &bg, int n) {
  switch (n) {
  case 0: {
    auto [c, cancel] = ctx::WithCancel(bg);
    if (c.done()) {
      cancel();
      break;
    }
    cancel();
    break;
  }
  default:
    work(n);
  }
}

// A handle owned by a case's block that falls out of the block's end.
void switchCaseBlockEnd(const ctx::Context &bg, int n) {
  switch (n) {
  case 0: {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (cancel)
      use_context(c);
  }
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'cancel' goes out of scope here without being released
  [[fallthrough]];
  default:
    work(n);
  }
}

// A switch inside a loop: `continue` in a case leaves the loop body's scope,
// `break` in a case only leaves the switch.
void switchInLoopContinue(const ctx::Context &bg) {
  while (more()) {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    switch (c.done() ? 1 : 0) {
    case 0:
      break;
    case 1:
      continue;
      // CHECK-NOTES: :[[@LINE-1]]:7: note: leaves the scope of 'cancel' here without releasing it
    }
    cancel();
  }
}

void switchInLoopReleased(const ctx::Context &bg) {
  while (more()) {
    auto [c, cancel] = ctx::WithCancel(bg);
    switch (c.done() ? 1 : 0) {
    case 0:
      break;
    case 1:
      cancel();
      continue;
    }
    cancel();
  }
}

//===----------------------------------------------------------------------===//
// goto.
//===----------------------------------------------------------------------===//

// The C cleanup idiom: every error jumps to the release.
int gotoCleanupReleases(const ctx::Context &bg, int n) {
  int rc = 0;
  auto [c, cancel] = ctx::WithCancel(bg);
  if (n < 0) {
    rc = -1;
    goto out;
  }
  if (failed()) {
    rc = -2;
    goto out;
  }
  work(n);
out:
  cancel();
  return rc;
}

// A goto forward that skips the release, staying in the handle's scope: the
// leak is at the return that follows the label.
int gotoForwardSkipsRelease(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (n < 0)
    goto done;
  work(n);
  cancel();
done:
  return n;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 'cancel'
}

// A goto forward out of the handle's scope.
void gotoForwardOutOfScope(const ctx::Context &bg, int n) {
  {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (c.done())
      goto after;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: leaves the scope of 'cancel' here without releasing it
    cancel();
  }
after:
  work(n);
}

void gotoForwardOutOfScopeReleased(const ctx::Context &bg, int n) {
  {
    auto [c, cancel] = ctx::WithCancel(bg);
    if (c.done()) {
      cancel();
      goto after;
    }
    cancel();
  }
after:
  work(n);
}

// A goto backward out of the handle's scope (a hand-written retry loop).
void gotoBackwardOutOfScope(const ctx::Context &bg) {
again:
  {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (failed())
      goto again;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: leaves the scope of 'cancel' here without releasing it
    use_context(c);
    cancel();
  }
}

void gotoBackwardOutOfScopeReleased(const ctx::Context &bg) {
again:
  {
    auto [c, cancel] = ctx::WithCancel(bg);
    if (failed()) {
      cancel();
      goto again;
    }
    use_context(c);
    cancel();
  }
}

// A goto backward within the handle's scope: the handle is still there and is
// released after the retry loop.
void gotoBackwardWithinScope(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
retry:
  if (failed())
    goto retry;
  use_context(c);
  cancel();
}

// A goto backward within the scope, where the loop can also return.
void gotoBackwardWithinScopeReturn(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
retry:
  if (c.done())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  if (--n > 0)
    goto retry;
  cancel();
}

// A goto backward to before the creation, in the same scope: the jump passes
// back over the declaration, which ends the handle's lifetime.
void gotoBackwardBeforeCreation(const ctx::Context &bg) {
  int tries = 0;
again:
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (c.done() && ++tries < 3)
    goto again;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: leaves the scope of 'cancel' here without releasing it
  cancel();
}

void gotoBackwardBeforeCreationReleased(const ctx::Context &bg) {
  int tries = 0;
again:
  auto [c, cancel] = ctx::WithCancel(bg);
  if (c.done() && ++tries < 3) {
    cancel();
    goto again;
  }
  cancel();
}
