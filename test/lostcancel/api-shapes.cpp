// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs
// RUN: %check_lostcancel %s -- -std=c++20 -I%S/../Inputs

// The go-context profile: names, result shapes (pair, tuple, class) and which
// element is the handle; free and static member functions only.

#include "gocontext.h"
#include <memory>
#include <tuple>
#include <utility>

// --- the ctx:: creation functions ------------------------------------------------

void withCancelLeaks(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (c.done())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

void withTimeoutLeaks(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(100));
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (c.done())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

void withDeadlineLeaks(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithDeadline(bg, 1000);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithDeadline' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (c.done())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

void withCancelCauseLeaks(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancelCause(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancelCause' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (c.done())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel("done");
}

void withTimeoutCauseLeaks(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeoutCause(bg, ctx::Duration(1), "too slow");
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithTimeoutCause' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (c.done())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

void allReleased(const ctx::Context &bg) {
  auto [c1, cancel1] = ctx::WithCancel(bg);
  auto [c2, cancel2] = ctx::WithTimeout(c1, ctx::Duration(100));
  auto [c3, cancel3] = ctx::WithDeadline(c2, 1000);
  auto [c4, cancel4] = ctx::WithCancelCause(c3);
  auto [c5, cancel5] = ctx::WithTimeoutCause(c4, ctx::Duration(1), "slow");
  use_context(c5);
  cancel5();
  cancel4("done");
  cancel3();
  cancel2();
  cancel1();
}

// --- snake_case, tuple results ----------------------------------------------------

void snakeTupleVariable(const ctx::Context &bg) {
  auto t = snake::with_cancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'std::get<1>(t)' returned by 'with_cancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  use_context(std::get<0>(t));
  if (!std::get<1>(t))
    return;
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'std::get<1>(t)'
  std::get<1>(t)();
}

void snakeTupleVariableReleased(const ctx::Context &bg) {
  auto t = snake::with_cancel(bg);
  use_context(std::get<0>(t));
  std::get<1>(t)();
}

void snakeTupleBinding(const ctx::Context &bg) {
  auto [c, cancel] = snake::with_cancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'with_cancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  use_context(c);
  if (cancel)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
}

void snakeThreeTuple(const ctx::Context &bg) {
  auto t = snake::with_timeout(bg, 30);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'std::get<2>(t)' returned by 'with_timeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (std::get<1>(t) > 0)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'std::get<2>(t)'
  std::get<2>(t)();
}

void snakeThreeTupleBindingReleased(const ctx::Context &bg) {
  auto [c, ms, stop] = snake::with_timeout(bg, 30);
  use_context(c);
  if (ms > 0)
    stop();
  else
    stop();
}

// --- lowerCamel (goincpp) ------------------------------------------------------------

void camelLeaks(std::shared_ptr<camel::Context> parent) {
  auto [c, cancel] = camel::withCancel(parent);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'withCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (!c)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

void camelTimeoutReleased(std::shared_ptr<camel::Context> parent) {
  auto r = camel::withTimeout(parent, 5);
  if (!r.first) {
    r.second();
    return;
  }
  r.second();
}

// --- class results ---------------------------------------------------------------------

void structMemberCancel(const ctx::Context &bg) {
  auto r = structs::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'r.cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  use_context(r.ctx);
  if (r.cancel)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'r.cancel'
}

void structMemberCancelReleased(const ctx::Context &bg) {
  auto r = structs::WithCancel(bg);
  use_context(r.ctx);
  r.cancel();
}

void structBinding(const ctx::Context &bg) {
  auto [c, cancel] = structs::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  use_context(c);
  if (cancel)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
}

void structOnlyInvocableMember(const ctx::Context &bg) {
  auto r = structs::WithTimeout(bg, 10);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'r.stop' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  use_context(r.context);
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'r.stop'
  r.stop();
}

void structOnlyInvocableMemberReleased(const ctx::Context &bg) {
  auto r = structs::WithTimeout(bg, 10);
  use_context(r.context);
  (*r.stop)();
}

void structOnlyInvocableMemberDiscarded(const ctx::Context &bg) {
  use_context(structs::WithTimeout(bg, 10).context);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: the cancel handle returned by 'WithTimeout' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:15: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
}

// Two invocable members, none named *cancel*: ambiguous, not a creation.
void structAmbiguous(const ctx::Context &bg) {
  auto r = structs::WithDeadline(bg, 5);
  use_context(r.context);
  if (failed())
    return;
  structs::WithDeadline(bg, 6);
}

// --- static member functions count, methods do not ---------------------------------

void staticMemberCreation(const ctx::Context &bg) {
  auto [c, cancel] = ctx::Server::WithTimeout(bg, ctx::Duration(9));
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(c);
  cancel();
}

void staticMemberDiscarded(const ctx::Context &bg) {
  ctx::Server::WithTimeout(bg, ctx::Duration(9));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the cancel handle returned by 'WithTimeout' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
}

void methodIsNotCreation(const ctx::Context &bg) {
  auto [c, cancel] = ctx::Server{}.WithCancel(bg);
  if (failed())
    return;
  use_context(c);
  ctx::Server server;
  server.WithCancel(bg);
}

// --- names outside the list --------------------------------------------------------------

void otherNamesAreNotCreations(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithValue(bg, 1);
  ctx::WithValue(bg, 2);
  auto [c2, cancel2] = ctx::WithCancellation(bg);
  ctx::WithCancellation(bg);
  if (failed())
    return;
  use_context(c);
  use_context(c2);
}

// --- user-declared functions with the listed names -----------------------------------------

namespace mine {
int WithCancel(int parent);
std::pair<int, int> WithTimeout(int parent, int ms);
std::pair<ctx::Context, ctx::CancelFunc> WithDeadline(const ctx::Context &parent,
                                                     long when);
} // namespace mine

void userWithCancelReturningInt() {
  int x = mine::WithCancel(1);
  mine::WithCancel(x);
}

void userWithTimeoutNoInvocable() {
  auto [a, b] = mine::WithTimeout(1, 2);
  mine::WithTimeout(a, b);
}

// Any namespace: a pair with an invocable last element is a creation.
void userWithDeadlineIsCreation(const ctx::Context &bg) {
  auto [c, cancel] = mine::WithDeadline(bg, 1);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithDeadline' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  use_context(c);
  if (cancel)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
}
