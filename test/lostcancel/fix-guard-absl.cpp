// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs
// RUN: %check_lostcancel %s -- -std=c++20 -I%S/../Inputs

// With absl::Cleanup declared in the translation unit, the fix-it is an
// absl::Cleanup right after the creation statement. Before C++20 a structured
// binding is captured through a reference init-capture.

#include "gocontext.h"
#include "guards.h"

void earlyReturn(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto [c, cancel] = ctx::WithCancel(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  absl::Cleanup cancel_guard = [{{&handle = cancel\] \{ handle\(\)|&\] \{ cancel\(\)}}; };{{$}}
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

// A pair variable: the lambda captures the variable itself.
void pairVariable(const ctx::Context &bg) {
  auto r = ctx::WithTimeout(bg, ctx::Duration(1));
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'r.second' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto r = ctx::WithTimeout(bg, ctx::Duration(1));{{$}}
  // CHECK-FIXES-NEXT: {{^}}  absl::Cleanup r_second_guard = [&] { r.second(); };{{$}}
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'r.second'
  use_context(r.first);
  r.second();
}

// error-path-only gets the same guard; the explicit release stays (Go's
// cancels are idempotent).
int errorPathOnly(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(5));
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithTimeout' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  // CHECK-FIXES: {{^}}  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(5));{{$}}
  // CHECK-FIXES-NEXT: {{^}}  absl::Cleanup cancel_guard = [{{.*}}] { {{(handle|cancel)}}(); };{{$}}
  if (failed()) {
    cancel();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    // CHECK-FIXES: {{^}}    cancel();{{$}}
    return -1;
  }
  use_context(c);
  return 0;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 'cancel'
}

// The guard's name does not clash with a name already in the function.
void nameTaken(const ctx::Context &bg) {
  int cancel_guard = 0;
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  absl::Cleanup cancel_guard2 = [{{.*}}] { {{(handle|cancel)}}(); };{{$}}
  if (cancel_guard == 0)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

// Indentation follows the creation statement.
void nested(const ctx::Context &bg, int n) {
  for (int i = 0; i < n; ++i) {
    if (n > 2) {
      auto [c, cancel] = ctx::WithCancel(bg);
      // CHECK-NOTES: :[[@LINE-1]]:26: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
      // CHECK-FIXES: {{^}}      auto [c, cancel] = ctx::WithCancel(bg);{{$}}
      // CHECK-FIXES-NEXT: {{^}}      absl::Cleanup cancel_guard = [{{.*}}] { {{(handle|cancel)}}(); };{{$}}
      if (failed())
        continue;
      // CHECK-NOTES: :[[@LINE-1]]:9: note: leaves the scope of 'cancel' here without releasing it
      cancel();
    }
  }
}

// A *Cause handle takes one argument: the guard passes an empty cause.
void causeHandle(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancelCause(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancelCause' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  absl::Cleanup cancel_guard = [{{.*}}] { {{(handle|cancel)}}({}); };{{$}}
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel("done");
}

// The handle's variable is declared earlier in the same block: the guard,
// declared after it, ends first and releases whatever the variable holds.
void tieIntoEarlierVariable(const ctx::Context &bg) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  std::tie(c, cancel) = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:25: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  std::tie(c, cancel) = ctx::WithCancel(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  absl::Cleanup cancel_guard = [&] { cancel(); };{{$}}
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

// Declared in an enclosing block: a guard in the inner block would release
// the handle too early, so none is offered.
void tieInInnerBlock(const ctx::Context &bg) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  if (!failed()) {
    std::tie(c, cancel) = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:27: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    // CHECK-FIXES: {{^}}    std::tie(c, cancel) = ctx::WithCancel(bg);{{$}}
    // CHECK-FIXES-NEXT: {{^}}    {{$}}
  }
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}
