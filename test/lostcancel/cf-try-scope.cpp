// RUN: %check_lostcancel %s -- -std=c++17 -fexceptions -fcxx-exceptions -I%S/../Inputs

// SPEC §7.15: a handle declared inside a try block dies when an exception
// leaves the block. Every point of the block may reach the handlers (§7.9),
// so a creation inside a try block that is not guarded before the next call
// that may throw (one not declared noexcept) leaks on that edge:
// lostcancel-unreleased, with the note at the handler. The call that
// creates, releases or passes on the handle itself does not count for it.

#include "gocontext.h"
#include "guards.h"
#include <exception>

int call(const ctx::Context &c);
int quiet(const ctx::Context &c) noexcept;

// ============================================================================
// Positive
// ============================================================================

// The shape of the issue: Call may throw before cancel() runs.
int handlerLoses(const ctx::Context &bg) {
  try {
    auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(1));
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    int r = call(c);
    cancel();
    return r;
  } catch (...) {
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an exception caught here leaves 'cancel' unreleased
    return 500;
  }
}

// A function-try-block is the same.
int functionTry(const ctx::Context &bg) try {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  int r = call(c);
  cancel();
  return r;
} catch (const std::exception &) {
// CHECK-NOTES: :[[@LINE-1]]:3: note: an exception caught here leaves 'cancel' unreleased
  return 500;
}

// The second creation may throw before the first handle is guarded.
int secondCreationThrows(const ctx::Context &bg) {
  try {
    auto [c1, cancel1] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:26: warning: cancel handle 'cancel1' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    auto [c2, cancel2] = ctx::WithTimeout(c1, ctx::Duration(1));
    cancel2();
    cancel1();
    return 0;
  } catch (...) {
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an exception caught here leaves 'cancel1' unreleased
    return 500;
  }
}

// The guard comes after a call that may throw.
int guardTooLate(const ctx::Context &bg) {
  try {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    int r = call(c);
    auto guard = gsl::finally([&] { cancel(); });
    return r;
  } catch (...) {
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an exception caught here leaves 'cancel' unreleased
    return 500;
  }
}

// ============================================================================
// Negative
// ============================================================================

// Guarded before anything may throw.
int guarded(const ctx::Context &bg) {
  try {
    auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(1));
    auto guard = gsl::finally([&] { cancel(); });
    return call(c);
  } catch (...) {
    return 500;
  }
}

// Only noexcept calls before the release.
int noexceptCalls(const ctx::Context &bg) {
  try {
    auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(1));
    int r = quiet(c);
    cancel();
    return r + call(bg);
  } catch (...) {
    return 500;
  }
}

// A release is taken not to throw: cancel2() does not lose cancel1.
int releaseDoesNotThrow(const ctx::Context &bg) {
  auto [c2, cancel2] = ctx::WithTimeout(bg, ctx::Duration(1));
  try {
    auto [c1, cancel1] = ctx::WithCancel(c2);
    cancel2();
    cancel1();
    return 0;
  } catch (...) {
    cancel2();
    return 500;
  }
}

// Declared outside the try block: the handler sees it, and releases it.
int declaredOutside(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(1));
  try {
    int r = call(c);
    cancel();
    return r;
  } catch (...) {
    cancel();
    return 500;
  }
}

// A guard declared in the try block runs when the exception leaves the
// block (found by lcfuzz, seed 276 with --dismiss): the handle it guards is
// released on the way to the handler, so the next creation overwrites
// nothing; only that last handle leaks.
int guardInTryRunsOnThrow(const ctx::Context &bg) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  try {
    auto g = gsl::finally([&] { cancel(); });
    std::tie(c, cancel) = ctx::WithCancel(bg);
    call(c);
  } catch (const std::exception &) {
  }
  std::tie(c, cancel) = ctx::WithTimeout(bg, ctx::Duration(5));
  // CHECK-NOTES: :[[@LINE-1]]:25: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  return call(c);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 'cancel'
}

// A guard that ended before the handle was made guards nothing on the way
// to the handler.
int guardEndedBeforeCreation(const ctx::Context &bg) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  try {
    {
      auto g = gsl::finally([&] { cancel(); });
    }
    std::tie(c, cancel) = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:27: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    call(c);
    cancel();
  } catch (const std::exception &) {
    return 1;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  }
  return 0;
}

// A handle that a guard outside the try block guards too stays guarded in
// the handler (lcfuzz seed 4019, fix-it property): assigning over it loses
// it, since the outer guard releases only what the variable holds last.
int outerGuardStillGuards(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(5));
  auto outer = gsl::finally([&] { cancel(); });
  try {
    auto inner = gsl::finally([&] { cancel(); });
  } catch (const std::exception &) {
  }
  std::tie(c, cancel) = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'cancel' is assigned a new cancel handle returned by 'WithCancel' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
  // CHECK-NOTES: :[[@LINE-8]]:22: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
  return call(c);
}
