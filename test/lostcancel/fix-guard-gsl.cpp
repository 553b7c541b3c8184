// RUN: %check_lostcancel %s -- -std=c++14 -I%S/../Inputs
// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs

// Only gsl::finally is declared: the fix-it uses it (from C++14 on, no class
// template argument deduction needed).

#include "gocontext.h"
#include "guards-gsl.h"

void pairVariable(const ctx::Context &bg) {
  auto r = ctx::WithTimeout(bg, ctx::Duration(1));
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'r.second' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto r = ctx::WithTimeout(bg, ctx::Duration(1));{{$}}
  // CHECK-FIXES-NEXT: {{^}}  auto r_second_guard = gsl::finally([&] { r.second(); });{{$}}
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'r.second'
  r.second();
}

void handleVariable(const ctx::Context &bg) {
  ctx::CancelFunc cancel = std::get<1>(ctx::WithCancel(bg));
  // CHECK-NOTES: :[[@LINE-1]]:40: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  ctx::CancelFunc cancel = std::get<1>(ctx::WithCancel(bg));{{$}}
  // CHECK-FIXES-NEXT: {{^}}  auto cancel_guard = gsl::finally([&] { cancel(); });{{$}}
  while (!failed()) {
    if (failed())
      return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: returns here without releasing 'cancel'
  }
  cancel();
}

// The function-pointer handle.
void functionPointer(const ctx::Context &bg) {
  auto r = cfn::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'r.second' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto r_second_guard = gsl::finally([&] { r.second(); });{{$}}
  if (r.first.done())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'r.second'
  r.second();
}
