// RUN: %check_lostcancel --config='{CheckOptions: {lostcancel.GuardTemplate: "auto {name} = corp::on_scope_exit({lambda});", lostcancel.GuardInclude: "fix-inhouse-guard.h", lostcancel.GuardFunctions: "corp::on_scope_exit"}}' %s -- -std=c++20 -I%S/../Inputs

// No known guard in the translation unit, and lostcancel.GuardTemplate is
// set: the fix-it uses the template, and lostcancel.GuardInclude is included
// through clang-tidy's include inserter.

#include "gocontext.h"
// CHECK-FIXES: {{^}}#include "fix-inhouse-guard.h"{{$}}
// CHECK-FIXES-NEXT: {{^}}#include "gocontext.h"{{$}}

void leaks(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto [c, cancel] = ctx::WithCancel(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  auto cancel_guard = corp::on_scope_exit([&] { cancel(); });{{$}}
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

// Two fixes in one file include the header once.
void leaksToo(const ctx::Context &bg) {
  auto r = ctx::WithTimeout(bg, ctx::Duration(3));
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'r.second' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto r_second_guard = corp::on_scope_exit([&] { r.second(); });{{$}}
  if (failed())
    throw 1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: throws here without releasing 'r.second'
  r.second();
}
