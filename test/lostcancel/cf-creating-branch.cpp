// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs

// SPEC §7.16: the branch that holds the creation is not an early exit for
// it. In a case or then-branch that creates the handle and always returns,
// the early exits are the branches inside it: a leak there is
// lostcancel-unreleased, with the note at the inner early return, not
// lostcancel-error-path-only with the releases as notes.

#include "gocontext.h"

struct Status {
  bool ok() const;
};
Status call(const ctx::Context &c);
Status okStatus();
enum Method { kGet, kPut, kDelete };

// ============================================================================
// Positive: unreleased, note at the inner early return
// ============================================================================

Status dispatch(const ctx::Context &bg, Method m) {
  switch (m) {
  case kGet: {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    Status r = call(c);
    if (!r.ok())
      return r;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: returns here without releasing 'cancel'
    cancel();
    return okStatus();
  }
  case kPut:
    break;
  default:
    return okStatus();
  }
  return okStatus();
}

// A case branch without braces: the creation and the return are statements
// of the switch body.
Status dispatchFlat(const ctx::Context &bg, Method m) {
  switch (m) {
  case kPut:
    return okStatus();
  case kGet:
    static_cast<void>(0);
    auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(1));
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (!call(c).ok())
      return okStatus();
    // CHECK-NOTES: :[[@LINE-1]]:7: note: returns here without releasing 'cancel'
    cancel();
    return okStatus();
  }
  return okStatus();
}

// A then-branch that creates and always returns.
Status thenBranch(const ctx::Context &bg, bool fast) {
  if (fast) {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    Status r = call(c);
    if (!r.ok())
      return r;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: returns here without releasing 'cancel'
    cancel();
    return r;
  }
  return okStatus();
}

// ============================================================================
// Negative: the inner branch is still an early exit, and an outer branch
// that does not hold the creation still is one
// ============================================================================

// The release sits in an early-exit branch inside the creating case, and
// nothing releases after it: error-path-only, as before.
Status releasedOnlyOnError(const ctx::Context &bg, Method m) {
  switch (m) {
  case kGet: {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
    if (!call(c).ok()) {
      cancel();
      // CHECK-NOTES: :[[@LINE-1]]:7: note: released only here, on an error path
      return okStatus();
    }
    return okStatus();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  }
  default:
    return okStatus();
  }
}

// Released on every path of the creating case: nothing to report.
Status releasedEverywhere(const ctx::Context &bg, Method m) {
  switch (m) {
  case kGet: {
    auto [c, cancel] = ctx::WithCancel(bg);
    Status r = call(c);
    cancel();
    if (!r.ok())
      return r;
    return okStatus();
  }
  default:
    return okStatus();
  }
}

// The creation precedes the switch: the case that releases and returns is an
// early exit for it.
Status createdBefore(const ctx::Context &bg, Method m) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  switch (m) {
  case kGet:
    cancel();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return okStatus();
  default:
    break;
  }
  use_context(c);
  return okStatus();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 'cancel'
}
