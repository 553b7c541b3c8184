// The function with dead code (`if (false)`) is compiled only in the last two
// RUN lines (DEAD-NOTES), so that the other cases are checked on their own.
//
// All lostcancel checks: discarded (CHECK-NOTES) and unreleased (UNREL-NOTES).
// RUN: sed -e 's|// UNREL-NOTES:|// CHECK-NOTES:|' %s > %t.all.cpp
// RUN: %check_lostcancel %t.all.cpp -- -std=c++17 -I%S/../Inputs -DOMIT_DEAD_CODE
// RUN: %check_lostcancel %t.all.cpp -- -std=c++20 -I%S/../Inputs -DOMIT_DEAD_CODE
//
// Only lostcancel-discarded: the unreleased sites are silent.
// RUN: %check_lostcancel --checks=lostcancel-discarded %s -- -std=c++17 -I%S/../Inputs -DOMIT_DEAD_CODE
//
// Only lostcancel-unreleased: a discarded site never turns into an unreleased
// finding (one finding per creation, owned by one check).
// RUN: sed -e 's|// CHECK-NOTES:|// DISC-NOTES:|' -e 's|// UNREL-NOTES:|// CHECK-NOTES:|' %s > %t.unrel.cpp
// RUN: %check_lostcancel --checks=lostcancel-unreleased %t.unrel.cpp -- -std=c++17 -I%S/../Inputs -DOMIT_DEAD_CODE
//
// With the dead-code function.
// RUN: sed -e 's|// UNREL-NOTES:|// CHECK-NOTES:|' -e 's|// DEAD-NOTES:|// CHECK-NOTES:|' %s > %t.dead.cpp
// RUN: %check_lostcancel %t.dead.cpp -- -std=c++17 -I%S/../Inputs
// RUN: %check_lostcancel --checks=lostcancel-discarded %s -- -std=c++17 -I%S/../Inputs

#include "gocontext.h"
#include <tuple>
#include <utility>

// --- the result is unused -----------------------------------------------------

void unusedResult(const ctx::Context &bg) {
  ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
}

void voidCastResult(const ctx::Context &bg) {
  (void)ctx::WithTimeout(bg, ctx::Duration(1));
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: the cancel handle returned by 'WithTimeout' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:9: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
}

// --- only the context is taken -------------------------------------------------

void firstOnly(const ctx::Context &bg) {
  ctx::Context c = ctx::WithCancel(bg).first;
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:20: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  use_context(c);
}

void getZero(const ctx::Context &bg) {
  auto c = std::get<0>(ctx::WithDeadline(bg, 5));
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: the cancel handle returned by 'WithDeadline' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:24: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  use_context(c);
}

void getByType(const ctx::Context &bg) {
  auto c = std::get<ctx::Context>(ctx::WithCancel(bg));
  // CHECK-NOTES: :[[@LINE-1]]:35: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:35: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  use_context(c);
}

void getZeroOfTuple(const ctx::Context &bg) {
  use_context(std::get<0>(snake::with_cancel(bg)));
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: the cancel handle returned by 'with_cancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:27: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
}

void tieIgnore(const ctx::Context &bg) {
  ctx::Context c;
  std::tie(c, std::ignore) = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:30: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:30: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  use_context(c);
}

// --- the name that received the handle is never mentioned again ---------------

void bindingNeverMentioned(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancelCause(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: the cancel handle returned by 'WithCancelCause' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:22: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  use_context(c);
}

void tieTargetNeverMentioned(const ctx::Context &bg) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  std::tie(c, cancel) = ctx::WithTimeout(bg, ctx::Duration(2));
  // CHECK-NOTES: :[[@LINE-1]]:25: warning: the cancel handle returned by 'WithTimeout' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:25: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  use_context(c);
}

void pairHandleElementNeverTouched(const ctx::Context &bg) {
  auto r = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:12: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  use_context(r.first);
  if (r.first.done())
    return;
}

void tupleHandleElementNeverTouched(const ctx::Context &bg) {
  auto t = snake::with_cancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: the cancel handle returned by 'with_cancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:12: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  use_context(std::get<0>(t));
}

// --- any later mention makes it not discarded; a read is still no release ----

// A mention in dead code counts as a mention (SPEC 7.1): not discarded. The
// read releases nothing, so the handle is unreleased.
#ifndef OMIT_DEAD_CODE
void mentionInDeadCode(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // DEAD-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  use_context(c);
  if (false)
    (void)cancel;
}
// DEAD-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'
#endif

// A mention inside a lambda counts; the lambda never calls it.
void mentionInLambda(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // UNREL-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  auto isSet = [&] { return cancel != nullptr; };
  use_context(c);
}
// UNREL-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

void pairHandleElementRead(const ctx::Context &bg) {
  auto r = ctx::WithCancel(bg);
  // UNREL-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'r.second' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  use_context(r.first);
  (void)r.second;
}
// UNREL-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'r.second'

// --- kept and released: nothing ----------------------------------------------

void keptAndReleased(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  cancel();
}

void tieKeptAndReleased(const ctx::Context &bg) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  std::tie(c, cancel) = ctx::WithCancel(bg);
  use_context(c);
  cancel();
}

void resultReturned(const ctx::Context &bg, ctx::CancelFunc &out) {
  out = ctx::WithCancel(bg).second;
}

void getOneTransferred(const ctx::Context &bg) {
  consume(std::get<1>(ctx::WithCancel(bg)));
}

// --- main: exempt from unreleased, not from discarded --------------------------

int main() {
  ctx::Context bg = ctx::Background();
  ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(3));
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: the cancel handle returned by 'WithTimeout' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:22: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  use_context(c);
  // Kept but never released: main is exempt from unreleased.
  auto [c2, cancel2] = ctx::WithCancel(bg);
  if (cancel2)
    return 1;
  use_context(c2);
  return 0;
}
