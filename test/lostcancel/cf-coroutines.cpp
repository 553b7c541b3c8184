// RUN: %check_lostcancel %s -- -std=c++20 -I%S/../Inputs

// Control flow: coroutines. co_return is an exit like return (the note is at
// the co_return keyword); co_await is not an exit; falling off the end of a
// void coroutine reaches the end of the function.

#include "cf-coro.h"
#include "gocontext.h"

using cfcoro::int_task;
using cfcoro::task;

void work(int i);
bool more();

task coReturnEarly(ctx::Context bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  co_await cfcoro::tick();
  if (failed())
    co_return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(c);
  cancel();
  co_return;
}

task coReturnReleased(ctx::Context bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  co_await cfcoro::tick();
  if (failed()) {
    cancel();
    co_return;
  }
  use_context(c);
  cancel();
}

int_task coReturnValueEarly(ctx::Context bg, int n) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(1));
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (n < 0)
    co_return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  co_await cfcoro::tick();
  cancel();
  co_return n;
}

int_task coReturnValueReleased(ctx::Context bg, int n) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(1));
  if (n < 0) {
    cancel();
    co_return -1;
  }
  co_await cfcoro::tick();
  cancel();
  co_return n;
}

// The release is only inside the loop; the coroutine falls off its end.
task coFallOffEnd(ctx::Context bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  while (more()) {
    co_await cfcoro::tick();
    if (c.done())
      cancel();
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// A co_return inside a loop body that owns the handle, and a continue.
task coLoopBodyHandle(ctx::Context bg) {
  while (more()) {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    co_await cfcoro::tick();
    if (c.done())
      continue;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: leaves the scope of 'cancel' here without releasing it
    if (failed()) {
      cancel();
      co_return;
    }
    cancel();
  }
}

task coLoopBodyReleased(ctx::Context bg) {
  while (more()) {
    auto [c, cancel] = ctx::WithCancel(bg);
    co_await cfcoro::tick();
    if (failed()) {
      cancel();
      co_return;
    }
    cancel();
  }
}

// A noreturn call on the early path of a coroutine.
task coNoreturn(ctx::Context bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  co_await cfcoro::tick();
  if (failed())
    fatal("failed");
  cancel();
}

// A plain function next to the coroutines still works as usual.
void plainFunction(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

// A coroutine lambda is its own scope.
void coroutineLambda(const ctx::Context &bg) {
  auto f = [bg]() -> task {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    co_await cfcoro::tick();
    if (c.done())
      co_return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: returns here without releasing 'cancel'
    cancel();
  };
  f();
}
