// RUN: %check_lostcancel %s -- -std=c++17 -fexceptions -fcxx-exceptions -I%S/../Inputs
// RUN: sed -e 's|// CXX20-NOTES:|// CHECK-NOTES:|' %s > %t.cpp
// RUN: %check_lostcancel %t.cpp -- -std=c++20 -fexceptions -fcxx-exceptions -I%S/../Inputs

// lostcancel-error-path-only (SPEC §1, §7.2, §7.3): the handle is released,
// but every release and every transfer lies inside an early-exit branch (an
// if/else branch, a switch case up to the next label, or a catch handler,
// every path of which leaves the function by return / throw / co_return /
// [[noreturn]] call), and some exit is reachable unreleased. Notes: one per
// release in source order, then the first leaking exit. Every other leak is
// lostcancel-unreleased. The rule is structural: names do not matter.

#include "gocontext.h"
#include "guards.h"
#include <cstdlib>
#if __cplusplus >= 202002L
#include "cf-coro.h"
#endif

void log(const char *msg);
int code();

// ============================================================================
// Positive: error-path-only
// ============================================================================

// The Go classic: `if err != nil { cancel(); return }` and no release after.
void goClassic(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  if (failed()) {
    cancel();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return;
  }
  use_context(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// A branch without braces: `return cancel();` in a void function.
void returnCancelCall(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(5));
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithTimeout' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  if (failed())
    return cancel();
  // CHECK-NOTES: :[[@LINE-1]]:12: note: released only here, on an error path
  use_context(c);
  return;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 'cancel'
}

// The exiting branch is the else branch.
void elseBranchExits(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  if (!failed()) {
    use_context(c);
  } else {
    log("failed");
    cancel();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return;
  }
  use_context(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// else-if chain: the release is in the then-branch of the nested if, which
// always exits.
void elseIfChain(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  if (n == 0) {
    use_context(c);
  } else if (n < 0) {
    cancel();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return;
  }
  log("done");
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// Release then throw; the leaking exit is a later return.
void releaseThenThrow(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  if (failed()) {
    cancel();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    throw 42;
  }
  use_context(c);
  return;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 'cancel'
}

// Release then a [[noreturn]] call.
void releaseThenFatal(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  if (failed()) {
    cancel();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    fatal("cannot continue");
  }
  use_context(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// A [[noreturn]] library call (std::exit) ends the branch too.
void releaseThenExit(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  if (failed()) { cancel(); std::exit(1); }
  // CHECK-NOTES: :[[@LINE-1]]:19: note: released only here, on an error path
  use_context(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// A switch case that returns (the case branch runs up to the next label).
void switchCaseReturns(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  switch (n) {
  case 0:
    log("zero");
    cancel();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return;
  case 1:
    use_context(c);
    break;
  default:
    break;
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// A case reached by fallthrough from the previous case: the branch of
// `case 1` runs from its label to the next label and always returns.
void switchFallthroughIntoExitingCase(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  switch (n) {
  case 0:
    log("zero");
    [[fallthrough]];
  case 1:
    cancel();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return;
  default:
    break;
  }
  use_context(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// A default branch that throws.
int switchDefaultThrows(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  switch (n) {
  case 1:
  case 2:
    use_context(c);
    break;
  default:
    cancel();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    throw n;
  }
  return n;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 'cancel'
}

// A catch handler that returns; the handler is reachable from every point of
// the try block.
void catchReturns(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  try {
    use_context(c);
  } catch (...) {
    cancel();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return;
  }
  log("ok");
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// A catch handler that rethrows.
void catchRethrows(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  try {
    use_context(c);
  } catch (int) {
    cancel();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    throw;
  }
  return;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 'cancel'
}

// Several error-path releases: one note per release, in source order, then
// the leaking exit.
int severalReleases(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  if (n < 0) {
    cancel();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return -1;
  }
  if (failed()) {
    log("failed");
    cancel();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    throw n;
  }
  switch (n) {
  case 7:
    cancel();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    fatal("seven");
  default:
    break;
  }
  use_context(c);
  return n;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 'cancel'
}

// A nested if inside an exiting branch: both releases lie in the outer
// exiting branch.
void nestedIfBothRelease(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  if (failed()) {
    if (n > 0) {
      cancel();
      // CHECK-NOTES: :[[@LINE-1]]:7: note: released only here, on an error path
      return;
    }
    cancel();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    throw n;
  }
  use_context(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// A nested if that does not exit by itself, inside an exiting branch: the
// release still lies inside an early-exit branch (the outer one). The first
// leaking exit is the return of the outer branch (n <= 0).
void nestedIfNotExitingInsideExiting(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  if (failed()) {
    if (n > 0)
      cancel();
    // CHECK-NOTES: :[[@LINE-1]]:7: note: released only here, on an error path
    return;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  }
  use_context(c);
}

// A guard made inside an exiting branch releases only on that branch.
void guardInExitingBranch(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  if (failed()) {
    auto guard = gsl::finally(cancel);
    // CHECK-NOTES: :[[@LINE-1]]:18: note: released only here, on an error path
    log("failed");
    return;
  }
  use_context(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// A guard built from a lambda, inside an exiting branch.
void lambdaGuardInExitingBranch(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  if (failed()) {
    auto guard = folly::makeGuard([&] { cancel(); });
    // CHECK-NOTES: :[[@LINE-1]]:18: note: released only here, on an error path
    throw 1;
  }
  use_context(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// std::invoke(cancel) releases; the note is at the first token of the call.
void invokeInExitingBranch(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  if (failed()) {
    std::invoke(cancel);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return;
  }
  use_context(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// A named lambda that calls the handle releases where it is called.
void namedLambdaInExitingBranch(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  auto stop = [&] { cancel(); };
  if (failed()) {
    log("failed");
    stop();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return;
  }
  use_context(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// A transfer inside an exiting branch together with a release: every release
// and every transfer lies inside early-exit branches. Only the release gets a
// note.
void transferAndReleaseInExitingBranches(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  if (n == 1) {
    consume(cancel);
    return;
  }
  if (n == 2) {
    cancel();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return;
  }
  use_context(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// Transfer and release in the same exiting branch.
void transferAndReleaseSameBranch(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  if (failed()) {
    consume_cref(cancel);
    cancel();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return;
  }
  use_context(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// The rule is structural: the exiting branch here is the "success" path, and
// the leaking one is the fall-through.
bool structuralNotNamed(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  bool ok = !failed();
  if (ok) {
    use_context(c);
    cancel();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return true;
  }
  return false;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 'cancel'
}

// ... and a variable named `err` changes nothing.
void namedErr(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  int err = code();
  if (err != 0) {
    cancel();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return;
  }
  use_context(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// An empty-handle edge (`if (!cancel) return;`) needs no release, so that
// return is not the leaking exit.
void emptyHandleEdge(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  if (!cancel)
    return;
  if (failed()) {
    cancel();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return;
  }
  use_context(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// Both branches of one if exit; only the then-branch releases.
void bothBranchesExit(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  use_context(c);
  if (failed()) {
    cancel();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return;
  } else {
    return;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  }
}

// The exiting branch sits inside a loop: `return` still leaves the function.
void exitingBranchInLoop(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  for (int i = 0; i < n; ++i) {
    if (failed()) {
      cancel();
      // CHECK-NOTES: :[[@LINE-1]]:7: note: released only here, on an error path
      return;
    }
    use_context(c);
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// A handle declared in a loop body, released only in an exiting branch: the
// leaking exit is the end of the body.
void handleInLoopBody(const ctx::Context &bg, int n) {
  for (int i = 0; i < n; ++i) {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
    if (failed()) {
      cancel();
      // CHECK-NOTES: :[[@LINE-1]]:7: note: released only here, on an error path
      return;
    }
    use_context(c);
  }
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'cancel' goes out of scope here without being released
}

// Other handle spellings: a pair variable and a struct result.
void pairVariable(const ctx::Context &bg) {
  auto r = ctx::WithDeadline(bg, 42);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'r.second' returned by 'WithDeadline' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  if (failed()) {
    r.second();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return;
  }
  use_context(r.first);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'r.second'

void structResult(const ctx::Context &bg) {
  auto r = structs::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'r.cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  if (failed()) {
    r.cancel();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return;
  }
  use_context(r.ctx);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'r.cancel'

// Each lambda body is its own scope.
void insideLambda(const ctx::Context &bg) {
  auto f = [&bg] {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
    if (failed()) {
      cancel();
      // CHECK-NOTES: :[[@LINE-1]]:7: note: released only here, on an error path
      return;
    }
    use_context(c);
  };
  // CHECK-NOTES: :[[@LINE-1]]:3: note: reaches the end of the function without releasing 'cancel'
  f();
}

#if __cplusplus >= 202002L
// co_return ends an early-exit branch (C++20 only: the CXX20-NOTES lines are
// turned into CHECK-NOTES by the second RUN line).
cfcoro::task coReturnBranch(ctx::Context bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CXX20-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  co_await cfcoro::tick();
  if (failed()) {
    cancel();
    // CXX20-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    co_return;
  }
  use_context(c);
  co_return;
  // CXX20-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 'cancel'
}

// A co_return that is not in an exiting branch of its own does not make the
// release branch exit.
cfcoro::task coReleaseNotExiting(ctx::Context bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CXX20-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  co_await cfcoro::tick();
  if (failed())
    cancel();
  use_context(c);
  co_return;
  // CXX20-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 'cancel'
}
#endif

// main is exempt from error-path-only, but a lambda inside main is not.
int main() {
  auto [c, cancel] = ctx::WithCancel(ctx::Background());
  if (failed()) {
    cancel();
    return 1;
  }
  use_context(c);
  auto f = [] {
    auto [c2, cancel2] = ctx::WithCancel(ctx::Background());
    // CHECK-NOTES: :[[@LINE-1]]:26: warning: cancel handle 'cancel2' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
    if (failed()) {
      cancel2();
      // CHECK-NOTES: :[[@LINE-1]]:7: note: released only here, on an error path
      return;
    }
    use_context(c2);
  };
  // CHECK-NOTES: :[[@LINE-1]]:3: note: reaches the end of the function without releasing 'cancel2'
  f();
  return 0;
}

// ============================================================================
// Negative: unreleased, not error-path-only
// ============================================================================

// No release at all.
void noRelease(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  if (cancel) // a read, not a release
    use_context(c);
}

// The release is in a branch that does not exit.
void releaseInNonExitingBranch(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed()) {
    cancel();
    log("failed");
  }
  use_context(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// The branch exits only on some of its paths.
void branchExitsOnlySometimes(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed()) {
    cancel();
    if (n > 0)
      return;
  }
  use_context(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// A release in an exiting branch and another in a non-exiting one.
void exitingAndNonExiting(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed()) {
    cancel();
    return;
  }
  if (n > 0)
    cancel();
  use_context(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// A release in an exiting branch and a transfer in a non-exiting one.
void exitingReleaseNonExitingTransfer(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed()) {
    cancel();
    return;
  }
  if (n > 0)
    consume(cancel);
  use_context(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// The release is in the else branch, which does not exit; its sibling does.
void releaseInElseSiblingExits(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed()) {
    log("failed");
    return;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  } else {
    cancel();
  }
  use_context(c);
}

// The release is in an else branch whose sibling does not exit either.
void releaseInElseNeitherExits(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (!failed()) {
    use_context(c);
  } else {
    cancel();
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// `break` is not an early exit: a release in a loop body before `break`.
void releaseThenBreak(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  for (int i = 0; i < n; ++i) {
    if (failed()) {
      cancel();
      break;
    }
    use_context(c);
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// `continue` is not an early exit either.
void releaseThenContinue(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  while (n-- > 0) {
    if (failed()) {
      cancel();
      continue;
    }
    use_context(c);
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// Nor is `goto`.
void releaseThenGoto(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed()) {
    cancel();
    goto out;
  }
  use_context(c);
out:
  return;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 'cancel'
}

// A switch case that releases and breaks.
void switchCaseBreaks(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  switch (n) {
  case 0:
    cancel();
    break;
  default:
    use_context(c);
    break;
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// A catch handler that releases and does not exit.
void catchDoesNotExit(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  try {
    use_context(c);
  } catch (...) {
    cancel();
  }
  log("after");
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// A throw caught in the same function does not leave it: the branch is not an
// early exit.
void throwCaughtLocally(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  try {
    if (failed()) {
      cancel();
      throw 1;
    }
    use_context(c);
  } catch (int) {
    log("recovered");
  }
  log("after");
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// A release in a conditional-operator branch is not in an early-exit branch.
void releaseInConditionalOperator(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  failed() ? (cancel(), void()) : use_context(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// ============================================================================
// Negative: no finding
// ============================================================================

// Every branch of an if / else-if / else chain releases; the last one falls
// through.
void everyBranchReleases(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed()) {
    cancel();
    return;
  } else if (code() == 2) {
    cancel();
    return;
  } else {
    cancel();
  }
  use_context(c);
}

// Released in the exiting branch and on the main path.
void exitingAndMainPath(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed()) {
    cancel();
    return;
  }
  use_context(c);
  cancel();
}

// Released in the exiting branch and transferred on the main path.
void exitingReleaseMainTransfer(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed()) {
    cancel();
    return;
  }
  consume(std::move(cancel));
}

// Released in a catch handler and at the end of the try block.
void catchAndTryEnd(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  try {
    use_context(c);
    cancel();
  } catch (...) {
    cancel();
    return;
  }
}

// Every case releases or exits released.
void everyCaseReleases(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  switch (n) {
  case 0:
    cancel();
    return;
  default:
    use_context(c);
    cancel();
    break;
  }
}

// A guard on the main path, plus an explicit release on an error path.
void guardAndErrorRelease(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  absl::Cleanup guard = [&] { cancel(); };
  if (failed()) {
    cancel();
    return;
  }
  use_context(c);
}

// Every exit of the only path is inside exiting branches that all release.
void allBranchesRelease(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed()) {
    cancel();
    return;
  } else {
    use_context(c);
    cancel();
    return;
  }
}

// The path past the exiting branch ends in a [[noreturn]] call: no exit is
// reachable unreleased.
void fallThroughIsNoreturn(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed()) {
    cancel();
    return;
  }
  use_context(c);
  fatal("done");
}

// The path past the exiting branch is an infinite loop without exit.
void fallThroughIsInfiniteLoop(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed()) {
    cancel();
    return;
  }
  for (;;)
    use_context(c);
}
