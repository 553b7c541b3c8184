// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs
// RUN: %check_lostcancel %s -- -std=c++20 -I%S/../Inputs

// Lambdas that call the handle release it only when they run (or are handed to
// a guard); lambdas capturing it that are passed on transfer it.

#include "gocontext.h"
#include "guards.h"
#include <functional>

// --- named lambda, called later ---------------------------------------------

void namedLambdaCalledOnEveryPath(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  auto stop = [&] { cancel(); };
  if (failed()) {
    stop();
    return;
  }
  use_context(c);
  stop();
}

// Released only on the paths where the lambda is called.
void namedLambdaCalledOnOnePath(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  auto stop = [&] { cancel(); };
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(c);
  stop();
}

// An init-capture copy of the handle, called through the named lambda: a
// release (or at worst an untracked copy, a transfer), never a leak.
void namedLambdaByCopyCalled(const ctx::Context &bg) {
  auto r = ctx::WithTimeout(bg, ctx::Duration(1));
  auto stop = [h = r.second] { h(); };
  use_context(r.first);
  stop();
}

// A lambda that calls the handle but never runs releases nothing.
void namedLambdaNeverCalled(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  auto stop = [&] { cancel(); };
  use_context(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

void namedLambdaHandedToGuard(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  auto stop = [&] { cancel(); };
  auto guard = gsl::finally(stop);
  if (failed())
    return;
  use_context(c);
}

// --- immediately invoked lambda ---------------------------------------------

void immediatelyInvoked(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  [&] { cancel(); }();
}

void immediatelyInvokedWithoutCalling(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  [&] { use_context(c); }();
  if (cancel)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
}

// --- lambda stored in a std::function local, then called ---------------------

void storedInStdFunctionAndCalled(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  std::function<void()> stop = [&] { cancel(); };
  use_context(c);
  stop();
}

// --- lambda capturing the handle that never calls it and is never passed ----

void capturesButNeverCalls(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  auto check = [&] { return static_cast<bool>(cancel); };
  if (check())
    use_context(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// --- lambda capturing the handle passed to a function: a transfer -----------

void lambdaPassedToConsume(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  consume([cancel] { cancel(); });
  use_context(c);
}

void lambdaByRefPassedToConsume(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  consume([&cancel] { cancel(); });
}

void lambdaPassedOnOnePathOnly(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  consume([cancel] { cancel(); });
  use_context(c);
}

// --- creation inside a lambda: analysed in the lambda ------------------------

void creationInsideLambda(const ctx::Context &bg) {
  auto work = [&bg] {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (failed())
      return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: returns here without releasing 'cancel'
    use_context(c);
    cancel();
  };
  work();
}

void creationInsideLambdaReleased(const ctx::Context &bg) {
  auto work = [&bg] {
    auto [c, cancel] = ctx::WithCancel(bg);
    use_context(c);
    cancel();
  };
  work();
}

// The enclosing function's return does not matter to the lambda's handle.
void creationInsideLambdaOuterReturn(const ctx::Context &bg) {
  auto work = [&bg] {
    auto [c, cancel] = ctx::WithCancel(bg);
    auto guard = gsl::finally(cancel);
    use_context(c);
  };
  if (failed())
    return;
  work();
}

// A lambda in main is its own scope and is not exempt.
int main() {
  ctx::Context bg = ctx::Background();
  auto work = [&bg] {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (cancel)
      use_context(c);
  };
  // CHECK-NOTES: :[[@LINE-1]]:3: note: reaches the end of the function without releasing 'cancel'
  work();
  // main itself is exempt from lostcancel-unreleased (the handle is read,
  // so it is not discarded either).
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed())
    return 1;
  use_context(c);
  (void)cancel;
  return 0;
}
