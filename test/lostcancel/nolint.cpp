// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs

// The NOLINT comment forms (same line, next line, begin/end region) silence
// lostcancel findings like any clang-tidy check; naming another check does not.

#include "gocontext.h"

void silencedOnLine(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg); // NOLINT(lostcancel-unreleased)
  if (failed())
    return;
  cancel();
}

void silencedNextLine(const ctx::Context &bg) {
  // NOLINTNEXTLINE(lostcancel-*)
  auto c = ctx::WithCancel(bg).first;
  use_context(c);
}

// NOLINTBEGIN(lostcancel-error-path-only)
int silencedRegion(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed()) {
    cancel();
    return -1;
  }
  return 0;
}
// NOLINTEND(lostcancel-error-path-only)

void otherCheckNamed(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg); // NOLINT(lostcancel-discarded)
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed())
    return;
  cancel();
}
