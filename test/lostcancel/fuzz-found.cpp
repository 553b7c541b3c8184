// RUN: %check_lostcancel %s -- -std=c++20 -I%S/../Inputs

// Disagreements the differential tester (test/fuzz/lcfuzz.py) found between
// the analysis and its path oracle, minimized. Each was a bug in the
// analysis; the expectations are the oracle's, which follow SPEC.md.

#include "gocontext.h"
#include "guards.h"
#include <thread>
#include <tuple>

bool p(int);
int sel(int);
[[noreturn]] void fatal(int);
void worker(ctx::CancelFunc);
struct Err {};
struct Other {};

// A detached escape carries the handle the variable holds at that point,
// not every handle ever stored in the variable. The first handle is
// overwritten (the finding is the second creation's), never escapes, and
// gets nothing else.
int escapeCarriesCurrentHandle(const ctx::Context &parent) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  std::tie(c, cancel) = ctx::WithTimeout(parent, ctx::Duration(5));
  std::tie(c, cancel) = ctx::WithTimeout(parent, ctx::Duration(5));
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'cancel' is captured by reference by a thread that is detached{{.*}}[lostcancel-detached]
  std::thread([&] { cancel(); }).detach();
  return 0;
}

// The handle created before the loop never escapes: it is unreleased, not
// detached; the one created in the loop escapes into a detached thread.
int escapeInLoopOnly(const ctx::Context &parent) {
  auto [c, cancel] = ctx::WithTimeout(parent, ctx::Duration(5));
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: {{.*}}[lostcancel-unreleased]
  for (;;) {
    if (p(1))
      break;
    std::tie(c, cancel) = ctx::WithCancel(parent);
    // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: {{.*}}[lostcancel-detached]
    std::thread(worker, cancel).detach();
  }
  return 0;
}

// error-path-only looks at the releases of each creation's own handle: the
// first release acts on the first handle only, so the second handle is
// released on the error path alone.
int releasesPerCreation(const ctx::Context &parent) {
  auto [c, cancel] = ctx::WithTimeout(parent, ctx::Duration(5));
  cancel();
  std::tie(c, cancel) = ctx::WithCancel(parent);
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: {{.*}}only on early-exit paths{{.*}}[lostcancel-error-path-only]
  if (p(2)) {
    cancel();
    return -1;
  }
  return 0;
}

// A throw of a type no handler catches leaves the function, even inside a
// try block: the branch is an early-exit branch.
int uncaughtTypeLeaves(const ctx::Context &parent) {
  auto [c, cancel] = ctx::WithTimeout(parent, ctx::Duration(5));
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: {{.*}}[lostcancel-error-path-only]
  try {
    if (p(3)) {
      cancel();
      throw Other{};
    }
  } catch (const Err &) {
  }
  return 0;
}

// A try statement whose try block and handlers all leave the function
// leaves it: a throw caught there ends in a handler that leaves too.
int tryThatAlwaysLeaves(const ctx::Context &parent) {
  auto [c, cancel] = ctx::WithDeadline(parent, 10);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: {{.*}}[lostcancel-error-path-only]
  if (p(4)) {
    cancel();
    try {
      if (p(5))
        throw Err{};
      return -1;
    } catch (const Err &) {
      throw;
    }
  }
  return 0;
}

// The point before a call that does not return is a point of the try
// block: the handler is reachable, and its handle leaks.
int handlerBeforeNoreturn(const ctx::Context &parent) {
  try {
    fatal(0);
  } catch (const Err &) {
    auto [c, cancel] = ctx::WithCancel(parent);
    // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: {{.*}}[lostcancel-unreleased]
    (void)cancel;
  }
  return 0;
}

// Handlers of a try block with nothing in it that could throw are dead
// code; so are the handlers of `try { break; }`.
int deadHandlers(const ctx::Context &parent) {
  while (p(6)) {
    try {
      break;
    } catch (...) {
      auto [c, cancel] = ctx::WithCancel(parent);
      (void)cancel;
    }
  }
  return 0;
}

// A handler that loops forever before its return does not leave the
// function on every path: it is no early-exit branch, and the release in it
// does not make the leak error-path-only.
int foreverBeforeReturn(const ctx::Context &parent) {
  try {
    (void)p(7);
  } catch (const Other &) {
    for (;;) {
      auto [c, cancel] = ctx::WithTimeout(parent, ctx::Duration(5));
      // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: {{.*}}[lostcancel-unreleased]
      for (int i = 0; i < sel(8); ++i)
        cancel();
    }
    return 0;
  }
  return 0;
}

// A do loop runs its body once: a branch ending in `do { return 0; } while
// (...)` leaves on every path, and the release before it is on an early-exit
// path.
int doLoopThatReturns(const ctx::Context &parent) {
  auto [c, cancel] = ctx::WithTimeout(parent, ctx::Duration(5));
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: {{.*}}[lostcancel-error-path-only]
  if (p(9)) {
    cancel();
    do {
      return 0;
    } while (p(10));
  }
  return 0;
}

// A by-reference guard releases what the variable holds when the guard runs:
// here nothing, because the handle is created on the other branch. Its
// place in an early-exit branch does not make the leak error-path-only.
int guardRanBeforeCreation(const ctx::Context &parent) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  if (p(11)) {
    if (p(12)) {
      auto g = gsl::finally([&] { cancel(); });
    } else {
      std::tie(c, cancel) = ctx::WithDeadline(parent, 10);
      // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: {{.*}}[lostcancel-unreleased]
    }
    return 0;
  }
  return 0;
}

// A throw caught outside the branch leaves the branch for the handler, not
// the function: the else branch below does not leave on every path, so the
// release before `throw Err{}` is no error-path release.
int caughtThrowLeavesBranch(const ctx::Context &parent) {
  try {
    if (p(13)) {
    } else {
      auto [c, cancel] = ctx::WithTimeout(parent, ctx::Duration(5));
      // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: {{.*}}[lostcancel-unreleased]
      if (p(14)) {
        cancel();
        throw Err{};
      }
      throw Other{};
    }
  } catch (const Err &) {
  }
  return 0;
}
