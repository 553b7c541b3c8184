// SPEC §7.18: a guard that is dismissed on a path does not release on that
// path; the handle is live again there, unless released or transferred
// otherwise. The guards' dismissal methods come from the catalogue of known
// guards (folly dismiss/rehire, absl Cancel, scope_exit release, Boost.Scope
// release/set_active).
// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs
// RUN: %check_lostcancel %s -- -std=c++20 -I%S/../Inputs

#include "gocontext.h"
#include "guards.h"

ctx::CancelFunc stored;

// --- the bug: dismissed, then the handle is dropped --------------------------

void follyDismissedOnSuccess(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  auto g = folly::makeGuard([&] { cancel(); });
  use_context(c);
  if (!failed()) {
    g.dismiss();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: guard 'g' is dismissed here and no longer releases 'cancel'
    return;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  }
}

void abslCancelled(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(1));
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  absl::Cleanup cleanup = [&] { cancel(); };
  use_context(c);
  std::move(cleanup).Cancel();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: guard 'cleanup' is dismissed here and no longer releases 'cancel'
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// A guard holding a copy of the handle, dismissed.
void copyGuardDismissed(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  auto g = folly::makeGuard(cancel);
  if (failed())
    return;
  g.dismiss();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: guard 'g' is dismissed here and no longer releases 'cancel'
  use_context(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

void stdExperimentalReleased(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  std::experimental::scope_exit guard([&] { cancel(); });
  if (failed())
    guard.release();
  // CHECK-NOTES: :[[@LINE-1]]:5: note: guard 'guard' is dismissed here and no longer releases 'cancel'
  use_context(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

void boostSetInactive(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancelCause(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancelCause' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  boost::scope::scope_exit guard([&] { cancel("done"); });
  use_context(c);
  guard.set_active(false);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: guard 'guard' is dismissed here and no longer releases 'cancel'
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// The re-arm pattern (SPEC §7.13) with a dismissed guard: the handle made
// after the dismissal is not guarded.
void rearmAfterDismissal(const ctx::Context &bg) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  auto g = folly::makeGuard([&] { cancel(); });
  g.dismiss();
  std::tie(c, cancel) = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:25: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  use_context(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// --- correct code: dismissed, then the handle is handed on -------------------

ctx::CancelFunc dismissThenReturn(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  auto g = folly::makeGuard([&] { cancel(); });
  if (failed())
    return nullptr;
  use_context(c);
  g.dismiss();
  return cancel;
}

void dismissThenStore(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(3));
  absl::Cleanup cleanup = [cancel] { cancel(); };
  use_context(c);
  std::move(cleanup).Cancel();
  stored = cancel;
}

// Dismissed after an explicit release: nothing is left to release.
void releasedThenDismissed(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  auto g = folly::makeGuard(cancel);
  use_context(c);
  cancel();
  g.dismiss();
}

// Not dismissed on the path that returns.
void dismissedOnlyWhereHandedOn(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  std::experimental::scope_exit guard([&] { cancel(); });
  if (failed())
    return;
  use_context(c);
  guard.release();
  consume(cancel);
}

// --- dismissals that change nothing ------------------------------------------

// A dismissed guard that does not hold this handle.
void otherGuardDismissed(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  auto g = folly::makeGuard([&] { cancel(); });
  auto other = folly::makeGuard([] {});
  other.dismiss();
  use_context(c);
}

// boost's set_active(true) is no dismissal; a guard that may be armed again
// keeps the rule without dismissals (it releases).
void boostSetActive(const ctx::Context &bg, bool keep) {
  auto [c, cancel] = ctx::WithCancel(bg);
  boost::scope::scope_exit guard([&] { cancel(); });
  use_context(c);
  guard.set_active(keep);
}

void follyRehired(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  auto g = folly::makeGuard([&] { cancel(); });
  g.dismiss();
  use_context(c);
  g.rehire();
}

// A guard that is moved: today's rule (the guard releases at the end of its
// variable's scope); its dismissals are not followed.
void movedGuard(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  auto g = folly::makeGuard([&] { cancel(); });
  auto g2 = std::move(g);
  g.dismiss();
  use_context(c);
}

// Two guards over the handle: dismissing one leaves the other.
void twoGuards(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  auto g1 = folly::makeGuard([&] { cancel(); });
  auto g2 = gsl::finally([&] { cancel(); });
  g1.dismiss();
  use_context(c);
}

// gsl::final_action has no dismissal; absl's Invoke() runs the callback now.
void abslInvoked(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  absl::Cleanup cleanup = [&] { cancel(); };
  use_context(c);
  std::move(cleanup).Invoke();
}
