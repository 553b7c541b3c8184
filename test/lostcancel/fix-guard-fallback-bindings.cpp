// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs

// No guard library: the local-struct guard also holds a structured binding
// (decltype of a binding names its type; no lambda capture is needed).

#include "gocontext.h"

void binding(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto [c, cancel] = ctx::WithCancel(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  struct cancel_guard_type { decltype(cancel) &handle; ~cancel_guard_type() { handle(); } } cancel_guard{cancel};{{$}}
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(c);
  cancel();
}
