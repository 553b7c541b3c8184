// RUN: %check_lostcancel --checks='lostcancel-*,readability-magic-numbers' %s -- -std=c++17 -I%S/../Inputs

// SPEC §4: a trailing comment on the creation line stays on that line. The
// guard goes after it, so a NOLINT for another check (here
// readability-magic-numbers, enabled in this test) still silences that check
// in the fixed file, which the driver re-checks.

#include "gocontext.h"
#include "guards.h"

void nolintComment(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(10)); // NOLINT(readability-magic-numbers)
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(10)); // NOLINT(readability-magic-numbers){{$}}
  // CHECK-FIXES-NEXT: {{^}}  absl::Cleanup cancel_guard = [&handle = cancel] { handle(); };{{$}}
  if (failed())
    return;
  cancel();
}

void blockComment(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(20)); /* NOLINT(readability-magic-numbers) */
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(20)); /* NOLINT(readability-magic-numbers) */{{$}}
  // CHECK-FIXES-NEXT: {{^}}  absl::Cleanup cancel_guard = [&handle = cancel] { handle(); };{{$}}
  if (failed())
    return;
  cancel();
}

// Code after the statement on the same line: the guard goes right after the
// statement, as before, and the rest of the line follows it.
void codeAfter(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg); use_context(c); // trailing
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto [c, cancel] = ctx::WithCancel(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  absl::Cleanup cancel_guard = [&handle = cancel] { handle(); }; use_context(c); // trailing{{$}}
  if (failed())
    return;
  cancel();
}

// Without the NOLINT the other check fires (it has no fix-it).
void noComment(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(30));
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-MESSAGES: :[[@LINE-2]]:57: warning: 30 is a magic number; consider replacing it with a named constant [readability-magic-numbers]
  // CHECK-FIXES: {{^}}  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(30));{{$}}
  // CHECK-FIXES-NEXT: {{^}}  absl::Cleanup cancel_guard = [&handle = cancel] { handle(); };{{$}}
  if (failed())
    return;
  cancel();
}
