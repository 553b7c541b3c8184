// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs

// Control flow: calls that do not return ([[noreturn]] functions, std::abort,
// std::exit, std::terminate, __attribute__((noreturn))) end a path without a
// finding; `main` is exempt from lostcancel-unreleased but a lambda inside it
// is not, and lostcancel-discarded still applies in main.

#include "gocontext.h"
#include <cstdlib>
#include <exception>

void log(const char *msg); // returns
[[noreturn]] void die(int code);
__attribute__((noreturn)) void panic(const char *msg);
void work(int i);

//===----------------------------------------------------------------------===//
// [[noreturn]] calls on the early path.
//===----------------------------------------------------------------------===//

void fatalOnEarlyPath(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed())
    fatal("failed");
  use_context(c);
  cancel();
}

void abortOnEarlyPath(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed())
    std::abort();
  use_context(c);
  cancel();
}

void exitOnEarlyPath(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(1));
  if (failed()) {
    log("exiting");
    std::exit(1);
  }
  use_context(c);
  cancel();
}

void terminateOnEarlyPath(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed())
    std::terminate();
  cancel();
}

void ownNoreturnOnEarlyPath(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (n < 0)
    die(n);
  if (n == 0)
    panic("zero");
  cancel();
}

// A noreturn call in a switch case and in a loop.
void noreturnInSwitchAndLoop(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  switch (n) {
  case 0:
    fatal("zero");
  case 1:
    std::abort();
  default:
    break;
  }
  for (int i = 0; i < n; ++i)
    if (c.done())
      std::exit(2);
  cancel();
}

// Nothing but a noreturn call ends the function.
void noreturnAtTheEnd(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (cancel)
    use_context(c);
  fatal("never returns");
}

// A call that returns is no exit: the return after it leaks.
void returningCallThenReturn(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed()) {
    log("failed");
    return;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  }
  cancel();
}

// The noreturn call is on one path only; the other early path leaks.
void noreturnOnOnePathOnly(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (n < 0)
    fatal("negative");
  if (n == 0)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

//===----------------------------------------------------------------------===//
// main.
//===----------------------------------------------------------------------===//

// Not the program's main: a function named main in a namespace is analysed.
namespace app {
int main(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed())
    return 1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
  return 0;
}
} // namespace app

int main() {
  ctx::Context bg = ctx::Background();

  // main leaking on an early return: exempt.
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed())
    return 1;
  if (cancel)
    work(0);

  // main leaking in an inner block and in a loop body: still main's own body.
  {
    auto [c2, cancel2] = ctx::WithTimeout(c, ctx::Duration(1));
    if (cancel2)
      use_context(c2);
  }
  for (int i = 0; i < 3; ++i) {
    auto [c3, cancel3] = ctx::WithCancel(c);
    if (c3.done())
      continue;
    if (cancel3)
      work(i);
  }

  // A lambda inside main is its own scope and is analysed.
  auto task = [&bg](int n) {
    auto [lc, lcancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:26: warning: cancel handle 'lcancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (n < 0)
      return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: returns here without releasing 'lcancel'
    use_context(lc);
    lcancel();
  };
  task(1);

  // A lambda inside main that releases: no finding.
  auto clean = [&bg] {
    auto [lc, lcancel] = ctx::WithCancel(bg);
    use_context(lc);
    lcancel();
  };
  clean();

  // A lambda inside main that falls off its end.
  auto fallsOff = [&bg] {
    auto [lc, lcancel] = ctx::WithTimeout(bg, ctx::Duration(2));
    // CHECK-NOTES: :[[@LINE-1]]:26: warning: cancel handle 'lcancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (lcancel)
      use_context(lc);
  };
  // CHECK-NOTES: :[[@LINE-1]]:3: note: reaches the end of the function without releasing 'lcancel'
  fallsOff();

  // Discarded applies in main.
  ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  use_context(ctx::WithTimeout(bg, ctx::Duration(3)).first);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: the cancel handle returned by 'WithTimeout' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:15: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  auto [c4, cancel4] = ctx::WithDeadline(bg, 9);
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: the cancel handle returned by 'WithDeadline' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:24: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  use_context(c4);

  use_context(c);
  if (failed())
    std::exit(3);
  return 0;
}
