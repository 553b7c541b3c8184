// RUN: %check_lostcancel --expect-errors %s -- -std=c++17 -I%S/../Inputs
// RUN: %check_lostcancel --expect-errors %s -- -std=c++20 -I%S/../Inputs

// A file that does not compile. clang-tidy must not crash; functions with
// errors get no lostcancel report (their AST is incomplete); well-formed
// functions in the same file are analysed as usual.
//
// The compiler errors are listed too: clang-tidy prints them with the
// [clang-diagnostic-error] tag, which the driver keeps.

#include "gocontext.h"

// --- functions with errors: no lostcancel report -----------------------------

void brokenLeaks(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  undeclared_thing();
  // CHECK-NOTES: :[[@LINE-1]]:3: error: use of undeclared identifier 'undeclared_thing' [clang-diagnostic-error]
  if (failed())
    return;
  cancel();
}

void brokenDiscards(const ctx::Context &bg) {
  ctx::WithTimeout(bg, ctx::Duration(1));
  use_context(undeclared_context);
  // CHECK-NOTES: :[[@LINE-1]]:15: error: use of undeclared identifier 'undeclared_context' [clang-diagnostic-error]
}

void brokenCreationArgument(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(missing_parent);
  // CHECK-NOTES: :[[@LINE-1]]:38: error: use of undeclared identifier 'missing_parent' [clang-diagnostic-error]
  if (failed())
    return;
}

void brokenBindingCount(const ctx::Context &bg) {
  auto [c, cancel, extra] = ctx::WithDeadline(bg, 1);
  // CHECK-NOTES: :[[@LINE-1]]:8: error: type 'std::pair<Context, CancelFunc>' (aka 'pair<ctx::Context, function<void ()>>') decomposes into 2 elements, but 3 names were provided [clang-diagnostic-error]
  if (failed())
    return;
}

void brokenAfterLeak(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancelCause(bg);
  if (failed())
    return;
  cancel(undeclared_cause);
  // CHECK-NOTES: :[[@LINE-1]]:10: error: use of undeclared identifier 'undeclared_cause' [clang-diagnostic-error]
}

// Error recovery drops a statement without leaving anything in the AST:
// here the release itself. Only the compiler's error says the function is
// broken, so a scope with an error inside is never analysed.
void brokenDroppedRelease(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (c.done())
    return;
  cancel(1 +);
  // CHECK-NOTES: :[[@LINE-1]]:13: error: expected expression [clang-diagnostic-error]
}

void brokenJumpPastBinding(const ctx::Context &bg) {
  if (bg.done())
    goto out;
  // CHECK-NOTES: :[[@LINE-1]]:5: error: cannot jump from this goto statement to its label [clang-diagnostic-error]
  {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:10: note: jump bypasses variable initialization
  out:
    c.wait();
  }
}

// --- well-formed functions in the same file: reported as usual ----------------

void wellFormedLeaks(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(c);
  cancel();
}

void wellFormedDiscards(const ctx::Context &bg) {
  ctx::WithTimeout(bg, ctx::Duration(2));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the cancel handle returned by 'WithTimeout' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
}

void wellFormedReleased(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  cancel();
}
