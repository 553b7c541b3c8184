// RUN: %check_lostcancel %s -- -std=c++23 -I%S/../Inputs
// RUN: %check_lostcancel %s -- -std=c++2b -I%S/../Inputs

// SPEC §7.19: a function containing `if consteval` is analysed. Clang 19
// builds no CFG for such a body; the analysis builds it as if the branch
// that runs at run time (the else branch, or the then branch of
// `if !consteval`) stood in place of the statement.

#include "gocontext.h"

constexpr int scale(int x) {
  if consteval {
    return x * 2;
  } else {
    return x * 3;
  }
}

void leaksBeside(const ctx::Context &bg, int x) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if consteval {
    cancel();
  } else {
    use_context(c);
  }
  if (scale(x) > 3)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

void leaksInRuntimeBranch(const ctx::Context &bg) {
  if !consteval {
    auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(5));
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (c.done())
      return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: returns here without releasing 'cancel'
    cancel();
  }
}

// A creation in the compile-time branch is never made at run time.
void createdAtCompileTimeOnly(const ctx::Context &bg) {
  if consteval {
    auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(5));
    use_context(c);
    (void)cancel;
  }
}

// Released at run time: silent.
void releasedAtRuntime(const ctx::Context &bg, int x) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if consteval {
    use_context(c);
  } else {
    cancel();
  }
  (void)x;
}

void releasedAfter(const ctx::Context &bg, int x) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if consteval {
    return;
  }
  if (scale(x) > 3) {
    cancel();
    return;
  }
  use_context(c);
  cancel();
}

void nested(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if consteval {
  } else {
    if !consteval {
      cancel();
    }
  }
  use_context(c);
}
