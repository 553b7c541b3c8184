// Default configuration: the default guards release; inhouse::OnExit and
// inhouse::on_exit are not guards, so the DEFAULT-NOTES expectations apply.
// RUN: sed -e 's|// DEFAULT-NOTES:|// CHECK-NOTES:|' %s > %t.default.cpp
// RUN: %check_lostcancel %t.default.cpp -- -std=c++17 -I%S/../Inputs
// RUN: %check_lostcancel %t.default.cpp -- -std=c++20 -I%S/../Inputs
//
// The default lists plus the in-house guard: everything in this file is
// released except the CHECK-NOTES cases.
// RUN: %check_lostcancel --config='{CheckOptions: {lostcancel.GuardTypes: "absl::Cleanup;gsl::final_action;folly::ScopeGuard;std::experimental::scope_exit;boost::scope::scope_exit;inhouse::OnExit", lostcancel.GuardFunctions: "absl::MakeCleanup;gsl::finally;folly::makeGuard;boost::scope::make_scope_exit;inhouse::on_exit"}}' %s -- -std=c++17 -I%S/../Inputs
//
// Setting the options replaces the default lists: only the in-house guard is
// a guard, so a by-reference guard built with a default guard before the
// handle exists no longer releases it (REPLACED-NOTES).
// RUN: sed -e 's|// REPLACED-NOTES:|// CHECK-NOTES:|' %s > %t.replaced.cpp
// RUN: %check_lostcancel --config='{CheckOptions: {lostcancel.GuardTypes: "inhouse::OnExit", lostcancel.GuardFunctions: "inhouse::on_exit"}}' %t.replaced.cpp -- -std=c++17 -I%S/../Inputs

#include "gocontext.h"
#include "guards.h"

// --- each default guard type / function -------------------------------------

void abslCleanupLambda(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  absl::Cleanup guard = [&] { cancel(); };
  if (failed())
    return;
  use_context(c);
}

void abslCleanupHandle(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  absl::Cleanup guard = cancel;
  if (failed())
    return;
  use_context(c);
}

void abslCleanupHandleOfPair(const ctx::Context &bg) {
  auto r = ctx::WithTimeout(bg, ctx::Duration(2));
  absl::Cleanup guard = r.second;
  if (failed())
    return;
  use_context(r.first);
}

void abslMakeCleanup(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(2));
  auto guard = absl::MakeCleanup([&] { cancel(); });
  if (failed())
    return;
  use_context(c);
}

void gslFinally(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithDeadline(bg, 9);
  auto guard = gsl::finally([&] { cancel(); });
  if (failed())
    throw 1;
  use_context(c);
}

void gslFinalActionType(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithDeadline(bg, 9);
  gsl::final_action<ctx::CancelFunc> guard(cancel);
  if (failed())
    return;
  use_context(c);
}

void follyMakeGuard(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  auto guard = folly::makeGuard([&cancel] { cancel(); });
  if (failed())
    return;
  use_context(c);
}

void stdExperimentalScopeExit(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  std::experimental::scope_exit guard([&] { cancel(); });
  if (failed())
    return;
  use_context(c);
}

void boostScopeExit(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancelCause(bg);
  boost::scope::scope_exit guard([&] { cancel("scope"); });
  if (failed())
    return;
  use_context(c);
}

// --- where the guard is made ------------------------------------------------

// A guard made after an early return does not cover that return.
void guardAfterEarlyReturn(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  auto guard = gsl::finally([&] { cancel(); });
  use_context(c);
}

// The guard's scope ends before the later return: the handle was released
// there, so the return is fine.
void guardInInnerScope(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  {
    auto guard = gsl::finally([&] { cancel(); });
    use_context(c);
  }
  if (failed())
    return;
  use_context(c);
}

// A guard in a loop body releases the handle at the end of each iteration,
// including on `continue`.
void guardInLoopBody(const ctx::Context &bg, int n) {
  for (int i = 0; i < n; ++i) {
    auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(i));
    auto guard = absl::MakeCleanup([&] { cancel(); });
    if (c.done())
      continue;
    use_context(c);
  }
}

void noGuardInLoopBody(const ctx::Context &bg, int n) {
  for (int i = 0; i < n; ++i) {
    auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(i));
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (c.done())
      continue;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: leaves the scope of 'cancel' here without releasing it
    use_context(c);
    cancel();
  }
}

// A guard made in a branch only covers the paths through that branch.
void guardOnlyInBranch(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (c.done()) {
    absl::Cleanup guard = [&] { cancel(); };
    use_context(c);
  }
  use_context(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// A guard whose lambda never calls the handle releases nothing.
void guardLambdaDoesNotCall(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  auto guard = gsl::finally([&] { use_context(c); });
  // When gsl::finally is no guard, the lambda that captures the context is
  // handed to an unknown function: the context leaves the scope, no fix-it.
  // REPLACED-NOTES: :[[@LINE-3]]:29: note: no fix-it: 'c' leaves the scope here, and releasing 'cancel' when the scope ends would cancel it while it is still in use; keep 'cancel' with it and call it when the work is done
  if (cancel)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
}

// --- the re-arm pattern (golang/go#25720, SPEC 7.13) -------------------------

// The guard captures the variable by reference before any handle is assigned;
// it releases whatever the variable holds when it runs.
void rearmInLoop(const ctx::Context &bg, int n) {
  ctx::Context c;
  ctx::CancelFunc cancel = [] {};
  auto guard = gsl::finally([&] { cancel(); });
  for (int i = 0; i < n; ++i) {
    cancel();
    std::tie(c, cancel) = ctx::WithTimeout(bg, ctx::Duration(i));
    // REPLACED-NOTES: :[[@LINE-1]]:27: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (failed())
      return;
    // REPLACED-NOTES: :[[@LINE-1]]:7: note: returns here without releasing 'cancel'
    use_context(c);
  }
}

void rearmOnce(const ctx::Context &bg) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  absl::Cleanup guard = [&] {
    if (cancel)
      cancel();
  };
  std::tie(c, cancel) = ctx::WithCancel(bg);
  // REPLACED-NOTES: :[[@LINE-1]]:25: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  use_context(c);
}
// REPLACED-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// Without the guard, the same loop leaks at the return.
void rearmWithoutGuard(const ctx::Context &bg, int n) {
  ctx::Context c;
  ctx::CancelFunc cancel = [] {};
  for (int i = 0; i < n; ++i) {
    cancel();
    std::tie(c, cancel) = ctx::WithTimeout(bg, ctx::Duration(i));
    // CHECK-NOTES: :[[@LINE-1]]:27: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (failed())
      return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: returns here without releasing 'cancel'
    use_context(c);
  }
  cancel();
}

// A guard that captured a copy of the variable before the handle was
// assigned calls the old value, not the new handle.
void rearmByCopyDoesNotRelease(const ctx::Context &bg) {
  ctx::Context c;
  ctx::CancelFunc cancel = [] {};
  auto guard = gsl::finally([cancel] { cancel(); });
  std::tie(c, cancel) = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:25: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(c);
  cancel();
}

// --- the in-house guard (GuardTypes / GuardFunctions options) ---------------

void inhouseOnExitFunction(const ctx::Context &bg) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  auto guard = inhouse::on_exit([&] { cancel(); });
  std::tie(c, cancel) = ctx::WithCancel(bg);
  // DEFAULT-NOTES: :[[@LINE-1]]:25: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed())
    return;
  // DEFAULT-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(c);
}

void inhouseOnExitType(const ctx::Context &bg) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  inhouse::OnExit<std::function<void()>> guard{[&] { cancel(); }};
  std::tie(c, cancel) = ctx::WithTimeout(bg, ctx::Duration(4));
  // DEFAULT-NOTES: :[[@LINE-1]]:25: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  use_context(c);
}
// DEFAULT-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'
