// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs
// RUN: %check_lostcancel %s -- -std=c++20 -I%S/../Inputs

// Creations that come from macro expansions: the warning is at the macro use
// (the expansion location), with no "expanded from macro" notes.

#include "gocontext.h"
#include "guards.h"

#define NEW_CANCEL_CTX(parent) ctx::WithCancel(parent)
#define DECLARE_CTX(c, cancel, parent)                                        \
  auto [c, cancel] = ctx::WithTimeout(parent, ctx::Duration(10))
#define WITH_CANCEL ctx::WithCancel
#define FIRE_AND_FORGET(parent) ctx::WithCancel(parent)
#define INDIRECT(parent) NEW_CANCEL_CTX(parent)
#define DEFER_CALL(h) auto h##_guard = gsl::finally([&] { h(); })
#define RELEASE(h) h()
#define ID(x) x
#define RETURN_IF_FAILED()                                                    \
  if (failed())                                                               \
  return
#define SCOPED_CTX(parent)                                                    \
  auto [c, cancel] = ctx::WithCancel(parent);                                 \
  if (failed())                                                               \
  return

void callInMacro(const ctx::Context &bg) {
  auto [c, cancel] = NEW_CANCEL_CTX(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(c);
  cancel();
}

void callInMacroReleased(const ctx::Context &bg) {
  auto [c, cancel] = NEW_CANCEL_CTX(bg);
  use_context(c);
  cancel();
}

void declarationInMacro(const ctx::Context &bg) {
  DECLARE_CTX(c, cancel, bg);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  use_context(c);
  if (cancel)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
}

void declarationInMacroReleased(const ctx::Context &bg) {
  DECLARE_CTX(c, cancel, bg);
  use_context(c);
  cancel();
}

void calleeNameMacro(const ctx::Context &bg) {
  auto [c, cancel] = WITH_CANCEL(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  use_context(c);
  if (cancel)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
}

void nestedMacro(const ctx::Context &bg) {
  auto r = INDIRECT(bg);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'r.second' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  use_context(r.first);
  if (failed())
    throw 3;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: throws here without releasing 'r.second'
  r.second();
}

void discardedInMacro(const ctx::Context &bg) {
  FIRE_AND_FORGET(bg);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  use_context(bg);
}

// Releases written with macros count.
void releasedByGuardMacro(const ctx::Context &bg) {
  auto [c, cancel] = NEW_CANCEL_CTX(bg);
  DEFER_CALL(cancel);
  if (failed())
    return;
  use_context(c);
}

void releasedByCallMacro(const ctx::Context &bg) {
  DECLARE_CTX(c, cancel, bg);
  use_context(c);
  RELEASE(cancel);
}

// One macro used twice on two lines: two findings, each at its own use.
void twoUses(const ctx::Context &bg) {
  auto [c1, cancel1] = NEW_CANCEL_CTX(bg);
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel1' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-NOTES: :[[@LINE+5]]:5: note: returns here without releasing 'cancel1'
  auto [c2, cancel2] = NEW_CANCEL_CTX(c1);
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel2' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-NOTES: :[[@LINE+2]]:5: note: returns here without releasing 'cancel2'
  if (failed())
    return;
  use_context(c2);
  cancel2();
  cancel1();
}

// The creation is written in a macro argument: the warning is at the macro use.
void creationInMacroArgument(const ctx::Context &bg) {
  auto [c, cancel] = ID(ctx::WithCancel(bg));
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(c);
  cancel();
}

// The leaking return comes from a macro: the note is at the macro use.
void returnInMacro(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  RETURN_IF_FAILED();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 'cancel'
  use_context(c);
  cancel();
}

void creationAndReturnInOneMacro(const ctx::Context &bg) {
  SCOPED_CTX(bg);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: returns here without releasing 'cancel'
  use_context(c);
  cancel();
}

void creationAndReturnInOneMacroGuarded(const ctx::Context &bg) {
  ctx::CancelFunc cancel2;
  auto guard = gsl::finally([&] { cancel2(); });
  SCOPED_CTX(bg);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: returns here without releasing 'cancel'
  cancel2 = cancel;
}
