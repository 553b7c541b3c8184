// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs

// SPEC §7.19: a conditional expression whose arms are both creations of the
// same API is one creation site, anchored at the first arm. Its handle is
// followed like any other: released after the statement, it is clean; kept
// and not released, it is reported once, at the first arm.

#include "gocontext.h"

bool ready(const ctx::Context &c);

// ============================================================================
// Positive
// ============================================================================

void leaked(const ctx::Context &bg, bool t) {
  auto [c, cancel] = t ? ctx::WithTimeout(bg, ctx::Duration(1)) : ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:26: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (!ready(c))
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

void tiedAndLeaked(const ctx::Context &bg, bool t) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  std::tie(c, cancel) = t ? ctx::WithCancel(bg) : ctx::WithDeadline(bg, 10);
  // CHECK-NOTES: :[[@LINE-1]]:29: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  use_context(c);
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

void onlyTheContext(const ctx::Context &bg, bool t) {
  ctx::Context c = (t ? ctx::WithTimeout(bg, ctx::Duration(1)) : ctx::WithCancel(bg)).first;
  // CHECK-NOTES: :[[@LINE-1]]:25: warning: the cancel handle returned by 'WithTimeout' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:25: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  use_context(c);
}

// ============================================================================
// Negative
// ============================================================================

void released(const ctx::Context &bg, bool t) {
  auto [c, cancel] = t ? ctx::WithTimeout(bg, ctx::Duration(1)) : ctx::WithCancel(bg);
  use_context(c);
  cancel();
}

void returned(const ctx::Context &bg, bool t, ctx::CancelFunc &out) {
  auto [c, cancel] = t ? ctx::WithTimeout(bg, ctx::Duration(1)) : ctx::WithCancel(bg);
  use_context(c);
  out = cancel;
}

// One arm is not a creation: the handle is passed on, nothing is reported.
std::pair<ctx::Context, ctx::CancelFunc> reuse(const ctx::Context &bg);
void mixed(const ctx::Context &bg, bool t) {
  auto [c, cancel] = t ? ctx::WithCancel(bg) : reuse(bg);
  use_context(c);
}
