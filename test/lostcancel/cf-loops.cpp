// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs

// Control flow: bounded loops (for, while, do-while, range-for) with break and
// continue; a handle declared inside the loop body (leaks at continue, break or
// the end of the body) versus outside; infinite loops with and without exit.

#include "gocontext.h"
#include <vector>

bool more();
void work(int i);

//===----------------------------------------------------------------------===//
// Handle declared outside the loop.
//===----------------------------------------------------------------------===//

// Released after the loop; break only leaves the loop.
void outsideForBreakReleasedAfter(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  for (int i = 0; i < n; ++i) {
    if (c.done())
      break;
    if (i % 2)
      continue;
    work(i);
  }
  cancel();
}

// A return inside the loop leaves the function.
void outsideForReturnInside(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  for (int i = 0; i < n; ++i) {
    if (c.done())
      return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: returns here without releasing 'cancel'
    work(i);
  }
  cancel();
}

// Released inside the loop body only: the loop may run zero times.
void outsideWhileReleaseInBody(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  while (more()) {
    use_context(c);
    cancel();
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// A do-while body runs at least once.
void outsideDoWhileReleaseInBody(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  do {
    use_context(c);
    cancel();
  } while (more());
}

// Released before the break, but a continue-free path leaves the while by its
// condition without releasing.
void outsideWhileReleaseBeforeBreak(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  while (more()) {
    if (c.done()) {
      cancel();
      break;
    }
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// Range-for over a container, release after the loop, return inside.
int outsideRangeForReturn(const ctx::Context &bg, const std::vector<int> &v) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(3));
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  for (int x : v) {
    if (x < 0)
      continue;
    if (x == 0)
      return -1;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: returns here without releasing 'cancel'
    work(x);
  }
  cancel();
  return 0;
}

int outsideRangeForReleased(const ctx::Context &bg, const std::vector<int> &v) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(3));
  for (int x : v) {
    if (x < 0)
      continue;
    if (x == 0) {
      cancel();
      return -1;
    }
    work(x);
  }
  cancel();
  return 0;
}

//===----------------------------------------------------------------------===//
// Handle declared inside the loop body.
//===----------------------------------------------------------------------===//

void insideForReleasedAtEnd(const ctx::Context &bg, int n) {
  for (int i = 0; i < n; ++i) {
    auto [c, cancel] = ctx::WithCancel(bg);
    use_context(c);
    work(i);
    cancel();
  }
}

// Not released at the end of the body: leaks once per iteration.
void insideForEndOfBody(const ctx::Context &bg, int n) {
  for (int i = 0; i < n; ++i) {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (cancel)
      use_context(c);
  }
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'cancel' goes out of scope here without being released
}

void insideForContinue(const ctx::Context &bg, int n) {
  for (int i = 0; i < n; ++i) {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (i % 2)
      continue;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: leaves the scope of 'cancel' here without releasing it
    use_context(c);
    cancel();
  }
}

void insideForContinueReleased(const ctx::Context &bg, int n) {
  for (int i = 0; i < n; ++i) {
    auto [c, cancel] = ctx::WithCancel(bg);
    if (i % 2) {
      cancel();
      continue;
    }
    use_context(c);
    cancel();
  }
}

void insideForBreak(const ctx::Context &bg, int n) {
  for (int i = 0; i < n; ++i) {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    use_context(c);
    if (c.done())
      break;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: leaves the scope of 'cancel' here without releasing it
    cancel();
  }
  work(n);
}

void insideForBreakReleased(const ctx::Context &bg, int n) {
  for (int i = 0; i < n; ++i) {
    auto [c, cancel] = ctx::WithCancel(bg);
    use_context(c);
    if (c.done()) {
      cancel();
      break;
    }
    cancel();
  }
  work(n);
}

// A return from inside the body leaves the function.
void insideForReturn(const ctx::Context &bg, int n) {
  for (int i = 0; i < n; ++i) {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (failed())
      return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: returns here without releasing 'cancel'
    use_context(c);
    cancel();
  }
}

void insideWhileContinue(const ctx::Context &bg) {
  while (more()) {
    auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(1));
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (c.done())
      continue;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: leaves the scope of 'cancel' here without releasing it
    cancel();
  }
}

void insideWhileEndOfBody(const ctx::Context &bg) {
  while (more()) {
    auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(1));
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    use_context(c);
    if (failed())
      cancel();
  }
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'cancel' goes out of scope here without being released
}

void insideWhileReleased(const ctx::Context &bg) {
  while (more()) {
    auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(1));
    use_context(c);
    cancel();
  }
}

// continue in a do-while jumps to the condition: it leaves the body's scope.
void insideDoWhileContinue(const ctx::Context &bg) {
  do {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (c.done())
      continue;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: leaves the scope of 'cancel' here without releasing it
    cancel();
  } while (more());
}

void insideDoWhileEndOfBody(const ctx::Context &bg) {
  do {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (cancel)
      use_context(c);
  } while (more());
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'cancel' goes out of scope here without being released
}

void insideDoWhileReleased(const ctx::Context &bg) {
  do {
    auto [c, cancel] = ctx::WithCancel(bg);
    if (c.done()) {
      cancel();
      continue;
    }
    cancel();
  } while (more());
}

void insideRangeForContinue(const ctx::Context &bg, const std::vector<int> &v) {
  for (int x : v) {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (x < 0)
      continue;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: leaves the scope of 'cancel' here without releasing it
    work(x);
    cancel();
  }
}

void insideRangeForEndOfBody(const ctx::Context &bg, const std::vector<int> &v) {
  for (int x : v) {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (x > 0)
      cancel();
  }
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'cancel' goes out of scope here without being released
}

void insideRangeForReleased(const ctx::Context &bg, const std::vector<int> &v) {
  for (int x : v) {
    auto [c, cancel] = ctx::WithCancel(bg);
    if (x < 0) {
      cancel();
      continue;
    }
    work(x);
    cancel();
  }
}

// A break of an inner loop does not leave the outer body's scope.
void nestedInnerBreakStaysInScope(const ctx::Context &bg, int n) {
  for (int i = 0; i < n; ++i) {
    auto [c, cancel] = ctx::WithCancel(bg);
    for (int j = 0; j < n; ++j) {
      if (c.done())
        break;
      if (j == i)
        continue;
      work(j);
    }
    cancel();
  }
}

// A break of an inner loop whose body owns the handle leaves its scope.
void nestedInnerBodyOwnsHandle(const ctx::Context &bg, int n) {
  for (int i = 0; i < n; ++i) {
    auto [c1, cancel1] = ctx::WithCancel(bg);
    for (int j = 0; j < n; ++j) {
      auto [c2, cancel2] = ctx::WithCancel(c1);
      // CHECK-NOTES: :[[@LINE-1]]:28: warning: cancel handle 'cancel2' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
      if (c2.done())
        break;
      // CHECK-NOTES: :[[@LINE-1]]:9: note: leaves the scope of 'cancel2' here without releasing it
      cancel2();
    }
    cancel1();
  }
}

// The loop condition itself holds no handle; a handle created in the body and
// released on each path, with a nested loop in between.
void nestedLoopsReleased(const ctx::Context &bg, int n) {
  for (int i = 0; i < n; ++i) {
    auto [c, cancel] = ctx::WithCancel(bg);
    int j = 0;
    while (j < n) {
      if (c.done())
        break;
      ++j;
    }
    cancel();
  }
}

//===----------------------------------------------------------------------===//
// Infinite loops.
//===----------------------------------------------------------------------===//

// for(;;) without exit: no path leaves the scope, nothing leaks.
void infiniteForNoExit(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  for (;;) {
    if (cancel)
      use_context(c);
    work(0);
  }
}

void infiniteWhileTrueNoExit(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  while (true) {
    if (c.done())
      continue;
    if (cancel)
      work(1);
  }
}

// The break is the only exit and it releases.
void infiniteForBreakReleased(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  for (;;) {
    if (c.done()) {
      cancel();
      break;
    }
    work(2);
  }
}

// Released after the loop that is left by break.
void infiniteForBreakReleaseAfter(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  for (;;) {
    if (c.done())
      break;
    work(3);
  }
  cancel();
}

// The break leaves the loop with the handle live; the function then ends.
void infiniteForBreakLeaks(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  for (;;) {
    if (c.done())
      break;
    if (cancel)
      work(4);
  }
  work(5);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// An infinite loop whose only exit is a return.
int infiniteForReturnLeaks(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  for (;;) {
    if (c.done())
      return 1;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: returns here without releasing 'cancel'
    if (failed())
      cancel();
  }
}

// A handle created inside an infinite loop body still leaks at each
// iteration's end of body.
void infiniteForInsideEndOfBody(const ctx::Context &bg) {
  for (;;) {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (cancel)
      use_context(c);
  }
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'cancel' goes out of scope here without being released
}

void infiniteForInsideReleased(const ctx::Context &bg) {
  for (;;) {
    auto [c, cancel] = ctx::WithCancel(bg);
    use_context(c);
    cancel();
  }
}
