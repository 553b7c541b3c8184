// RUN: %check_lostcancel %s -- -std=c++11 -I%S/../Inputs
// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs

// No guard library in the translation unit: the fix-it is a local struct
// that needs nothing but C++11.

#include "gocontext.h"

void pairVariable(const ctx::Context &bg) {
  auto r = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'r.second' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto r = ctx::WithCancel(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  struct r_second_guard_type { decltype(r.second) &handle; ~r_second_guard_type() { handle(); } } r_second_guard{r.second};{{$}}
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'r.second'
  r.second();
}

void tupleVariable(const ctx::Context &bg) {
  auto t = snake::with_cancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'std::get<1>(t)' returned by 'with_cancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  struct t_guard_type { decltype(std::get<1>(t)) &handle; ~t_guard_type() { handle(); } } t_guard{std::get<1>(t)};{{$}}
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'std::get<1>(t)'
  std::get<1>(t)();
}

