// RUN: %check_lostcancel %s -- -std=c++17 -fblocks -I%S/../Inputs

// Control flow: each lambda body and each Clang block `^{ ... }` is its own
// scope, analysed on its own. A creation inside one is reported there; the
// returns of a lambda or block are not exits of the enclosing function, and the
// enclosing function's returns are not exits of the lambda or block.

#include "gocontext.h"

void work(int i);
void run(void (^b)(void));

//===----------------------------------------------------------------------===//
// Lambdas.
//===----------------------------------------------------------------------===//

// A creation inside a lambda that leaks on an early return; the enclosing
// function is clean.
void lambdaLeaksOuterClean(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  auto f = [&bg](int n) {
    auto [lc, lcancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:26: warning: cancel handle 'lcancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (n < 0)
      return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: returns here without releasing 'lcancel'
    use_context(lc);
    lcancel();
  };
  f(1);
  use_context(c);
  cancel();
}

// The lambda falls off its end.
void lambdaFallsOffEnd(const ctx::Context &bg) {
  auto f = [&bg] {
    auto [lc, lcancel] = ctx::WithTimeout(bg, ctx::Duration(1));
    // CHECK-NOTES: :[[@LINE-1]]:26: warning: cancel handle 'lcancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (lcancel)
      use_context(lc);
  };
  // CHECK-NOTES: :[[@LINE-1]]:3: note: reaches the end of the function without releasing 'lcancel'
  f();
}

// A lambda that releases on every path, in a function with no handle.
void lambdaClean(const ctx::Context &bg) {
  auto f = [&bg](int n) {
    auto [lc, lcancel] = ctx::WithCancel(bg);
    if (n < 0) {
      lcancel();
      return;
    }
    use_context(lc);
    lcancel();
  };
  f(2);
}

// The lambda's own return is not an exit of the enclosing function: the note
// is at the enclosing function's return, after the lambda in source order.
void outerLeaksLambdaReturnFirst(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  auto check = [](int n) {
    if (n < 0)
      return false;
    return true;
  };
  if (!check(n))
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

// The enclosing function's handle is released; the lambda with its own early
// returns does not matter to it.
void outerCleanLambdaReturns(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  auto check = [](int n) {
    if (n < 0)
      return false;
    return true;
  };
  if (!check(n)) {
    cancel();
    return;
  }
  cancel();
}

// Nested lambdas: the inner one leaks, the outer one is clean.
void nestedLambdas(const ctx::Context &bg) {
  auto outer = [&bg] {
    auto [oc, ocancel] = ctx::WithCancel(bg);
    auto inner = [&oc](bool b) {
      auto [ic, icancel] = ctx::WithCancel(oc);
      // CHECK-NOTES: :[[@LINE-1]]:28: warning: cancel handle 'icancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
      if (b)
        return;
      // CHECK-NOTES: :[[@LINE-1]]:9: note: returns here without releasing 'icancel'
      icancel();
    };
    inner(true);
    ocancel();
  };
  outer();
}

// A lambda created in a loop body: its scope is the lambda, not the body.
void lambdaInLoop(const ctx::Context &bg, int n) {
  for (int i = 0; i < n; ++i) {
    auto f = [&bg, i] {
      auto [lc, lcancel] = ctx::WithCancel(bg);
      // CHECK-NOTES: :[[@LINE-1]]:28: warning: cancel handle 'lcancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
      if (i % 2)
        return;
      // CHECK-NOTES: :[[@LINE-1]]:9: note: returns here without releasing 'lcancel'
      lcancel();
    };
    f();
  }
}

// An immediately invoked lambda with its own creation.
void immediatelyInvokedLambda(const ctx::Context &bg) {
  int v = [&bg] {
    auto [lc, lcancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:26: warning: cancel handle 'lcancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (lc.done())
      return 0;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: returns here without releasing 'lcancel'
    lcancel();
    return 1;
  }();
  work(v);
}

//===----------------------------------------------------------------------===//
// Clang blocks.
//===----------------------------------------------------------------------===//

// A creation inside a block that leaks on an early return; the enclosing
// function is clean.
void blockLeaksOuterClean(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  const ctx::Context *parent = &bg;
  void (^b)(void) = ^{
    auto [bc, bcancel] = ctx::WithCancel(*parent);
    // CHECK-NOTES: :[[@LINE-1]]:26: warning: cancel handle 'bcancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (bc.done())
      return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: returns here without releasing 'bcancel'
    bcancel();
  };
  run(b);
  use_context(c);
  cancel();
}

// A block that releases on every path.
void blockClean(const ctx::Context &bg) {
  const ctx::Context *parent = &bg;
  run(^{
    auto [bc, bcancel] = ctx::WithCancel(*parent);
    if (bc.done()) {
      bcancel();
      return;
    }
    use_context(bc);
    bcancel();
  });
}

// The block's return is not an exit of the enclosing function.
void outerLeaksBlockReturnFirst(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  run(^{
    if (failed())
      return;
    work(1);
  });
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

// A block inside a lambda, each with its own handle; only the block leaks.
void blockInsideLambda(const ctx::Context &bg) {
  auto f = [&bg] {
    auto [lc, lcancel] = ctx::WithCancel(bg);
    const ctx::Context *parent = &lc;
    run(^{
      auto [bc, bcancel] = ctx::WithTimeout(*parent, ctx::Duration(1));
      // CHECK-NOTES: :[[@LINE-1]]:28: warning: cancel handle 'bcancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
      if (failed())
        return;
      // CHECK-NOTES: :[[@LINE-1]]:9: note: returns here without releasing 'bcancel'
      bcancel();
    });
    lcancel();
  };
  f();
}
