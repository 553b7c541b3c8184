// RUN: %check_lostcancel %s -- -std=c++17 -fexceptions -fcxx-exceptions -I%S/../Inputs
// RUN: %check_lostcancel %s -- -std=c++20 -fexceptions -fcxx-exceptions -I%S/../Inputs

// lostcancel-overwritten (SPEC §1, §7.3, §7.13): a variable holding a handle
// is assigned a new handle while the old one may still be live on some path,
// including across loop iterations. The warning is at the first token of the
// overwriting assignment; one note at the first token of the earlier creation
// call whose handle is overwritten. Precedence: overwritten > error-path-only
// > unreleased, one finding per creation site, owned by the overwriting
// creation.

#include "gocontext.h"
#include "guards.h"
#include <tuple>
#include <utility>
#include <vector>

void log(const char *msg);
bool more();

// ============================================================================
// Positive
// ============================================================================

// The classic: a creation inside a loop into a variable declared outside it.
// The only creation overwrites its own previous handle.
void loopTie(const ctx::Context &bg, int n) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  for (int i = 0; i < n; ++i) {
    std::tie(c, cancel) = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'cancel' is assigned a new cancel handle returned by 'WithCancel' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
    // CHECK-NOTES: :[[@LINE-2]]:27: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
    use_context(c);
  }
  if (cancel)
    cancel();
}

// Overwritten wins over unreleased: the last handle is not released either.
void loopTieNeverReleased(const ctx::Context &bg, int n) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  for (int i = 0; i < n; ++i) {
    std::tie(c, cancel) = ctx::WithTimeout(bg, ctx::Duration(i));
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'cancel' is assigned a new cancel handle returned by 'WithTimeout' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
    // CHECK-NOTES: :[[@LINE-2]]:27: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
    use_context(c);
  }
  if (cancel)
    use_context(c);
}

// Overwritten wins over error-path-only.
void loopTieErrorPathOnly(const ctx::Context &bg, int n) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  for (int i = 0; i < n; ++i) {
    std::tie(c, cancel) = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'cancel' is assigned a new cancel handle returned by 'WithCancel' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
    // CHECK-NOTES: :[[@LINE-2]]:27: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
    if (failed()) {
      cancel();
      return;
    }
    use_context(c);
  }
}

// Two consecutive creations into one variable: the finding belongs to the
// second (overwriting) creation; the first gets no finding of its own.
void twoConsecutive(const ctx::Context &bg) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  std::tie(c, cancel) = ctx::WithCancel(bg);
  use_context(c);
  std::tie(c, cancel) = ctx::WithTimeout(bg, ctx::Duration(1));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'cancel' is assigned a new cancel handle returned by 'WithTimeout' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
  // CHECK-NOTES: :[[@LINE-4]]:25: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
  use_context(c);
  cancel();
}

// The first creation is a structured-binding declaration; the bindings are
// then assigned through std::tie.
void bindingThenTie(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  std::tie(c, cancel) = ctx::WithCancel(c);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'cancel' is assigned a new cancel handle returned by 'WithCancel' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
  // CHECK-NOTES: :[[@LINE-4]]:22: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
  use_context(c);
  cancel();
}

// Assigning a new handle into a structured binding is a creation too: here
// the old handle is released first, and the new one leaks at the return.
void bindingReassignedAfterRelease(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  cancel();
  std::tie(c, cancel) = ctx::WithCancel(c);
  // CHECK-NOTES: :[[@LINE-1]]:25: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

// A pair variable reassigned.
void pairVariableReassigned(const ctx::Context &bg) {
  auto r = ctx::WithCancel(bg);
  use_context(r.first);
  r = ctx::WithTimeout(bg, ctx::Duration(5));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'r.second' is assigned a new cancel handle returned by 'WithTimeout' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
  // CHECK-NOTES: :[[@LINE-4]]:12: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
  use_context(r.first);
  r.second();
}

// A pair variable reassigned in a loop.
void pairVariableInLoop(const ctx::Context &bg, int n) {
  std::pair<ctx::Context, ctx::CancelFunc> r;
  for (int i = 0; i < n; ++i) {
    r = ctx::WithDeadline(bg, i);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'r.second' is assigned a new cancel handle returned by 'WithDeadline' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
    // CHECK-NOTES: :[[@LINE-2]]:9: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
    use_context(r.first);
  }
  if (r.second)
    r.second();
}

// A struct result variable reassigned in a loop.
void structInLoop(const ctx::Context &bg, int n) {
  structs::CancelPair r;
  for (int i = 0; i < n; ++i) {
    r = structs::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'r.cancel' is assigned a new cancel handle returned by 'WithCancel' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
    // CHECK-NOTES: :[[@LINE-2]]:9: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
    use_context(r.ctx);
  }
  if (r.cancel)
    r.cancel();
}

// The variable is declared in the outer loop's body, the creation is in the
// inner loop: overwritten across the inner iterations.
void nestedLoops(const ctx::Context &bg, int n) {
  for (int i = 0; i < n; ++i) {
    ctx::Context c;
    ctx::CancelFunc cancel;
    for (int j = 0; j < i; ++j) {
      std::tie(c, cancel) = ctx::WithCancel(bg);
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'cancel' is assigned a new cancel handle returned by 'WithCancel' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
      // CHECK-NOTES: :[[@LINE-2]]:29: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
      use_context(c);
    }
    if (cancel)
      cancel();
  }
}

// A reassignment on one branch only still overwrites a live handle.
void overwriteInBranch(const ctx::Context &bg) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  std::tie(c, cancel) = ctx::WithCancel(bg);
  if (failed())
    std::tie(c, cancel) = ctx::WithTimeout(c, ctx::Duration(1));
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'cancel' is assigned a new cancel handle returned by 'WithTimeout' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
  // CHECK-NOTES: :[[@LINE-4]]:25: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
  use_context(c);
  cancel();
}

// `cancel = std::get<1>(...)`.
void getAssigned(const ctx::Context &bg) {
  ctx::CancelFunc cancel = std::get<1>(ctx::WithCancel(bg));
  log("first");
  cancel = std::get<1>(ctx::WithCancel(bg));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'cancel' is assigned a new cancel handle returned by 'WithCancel' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
  // CHECK-NOTES: :[[@LINE-4]]:40: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
  cancel();
}

// A tuple result assigned in a loop (snake_case API).
void snakeTupleInLoop(const ctx::Context &bg, int n) {
  ctx::Context c;
  std::function<void()> stop;
  while (n-- > 0) {
    std::tie(c, stop) = snake::with_cancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'stop' is assigned a new cancel handle returned by 'with_cancel' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
    // CHECK-NOTES: :[[@LINE-2]]:25: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
    use_context(c);
  }
  if (stop)
    stop();
}

// A release before the reassignment on only some paths is not enough.
void conditionalReleaseBeforeReassignment(const ctx::Context &bg) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  std::tie(c, cancel) = ctx::WithCancel(bg);
  if (failed())
    cancel();
  std::tie(c, cancel) = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'cancel' is assigned a new cancel handle returned by 'WithCancel' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
  // CHECK-NOTES: :[[@LINE-5]]:25: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
  use_context(c);
  cancel();
}

// ... nor inside a loop.
void conditionalReleaseInLoop(const ctx::Context &bg, int n) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  for (int i = 0; i < n; ++i) {
    std::tie(c, cancel) = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'cancel' is assigned a new cancel handle returned by 'WithCancel' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
    // CHECK-NOTES: :[[@LINE-2]]:27: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
    use_context(c);
    if (i % 2 == 0)
      cancel();
  }
  if (cancel)
    cancel();
}

// while-loop variant.
void whileLoop(const ctx::Context &bg) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  while (more()) {
    std::tie(c, cancel) = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'cancel' is assigned a new cancel handle returned by 'WithCancel' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
    // CHECK-NOTES: :[[@LINE-2]]:27: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
    use_context(c);
  }
  if (cancel)
    cancel();
}

// do-while variant.
void doWhileLoop(const ctx::Context &bg) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  do {
    std::tie(c, cancel) = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'cancel' is assigned a new cancel handle returned by 'WithCancel' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
    // CHECK-NOTES: :[[@LINE-2]]:27: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
    use_context(c);
  } while (more());
  cancel();
}

// range-for variant.
void rangeFor(const ctx::Context &bg, const std::vector<int> &xs) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  for (int x : xs) {
    std::tie(c, cancel) = ctx::WithDeadline(bg, x);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'cancel' is assigned a new cancel handle returned by 'WithDeadline' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
    // CHECK-NOTES: :[[@LINE-2]]:27: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
    use_context(c);
  }
  if (cancel)
    cancel();
}

// A goto back edge is a loop too.
void gotoLoop(const ctx::Context &bg) {
  ctx::Context c;
  ctx::CancelFunc cancel;
again:
  std::tie(c, cancel) = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'cancel' is assigned a new cancel handle returned by 'WithCancel' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
  // CHECK-NOTES: :[[@LINE-2]]:25: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
  if (failed())
    goto again;
  use_context(c);
  cancel();
}

// The overwrite happens inside a lambda body: the lambda is its own scope.
void overwriteInLambda(const ctx::Context &bg) {
  auto f = [&bg](int n) {
    ctx::Context c;
    ctx::CancelFunc cancel;
    for (int i = 0; i < n; ++i) {
      std::tie(c, cancel) = ctx::WithCancel(bg);
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'cancel' is assigned a new cancel handle returned by 'WithCancel' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
      // CHECK-NOTES: :[[@LINE-2]]:29: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
      use_context(c);
    }
    if (cancel)
      cancel();
  };
  f(3);
}

// The old handle was created before the loop; the loop's creation releases
// its own handle at the end of each iteration, so it overwrites only the one
// created before the loop.
void createdBeforeLoop(const ctx::Context &bg, int n) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  std::tie(c, cancel) = ctx::WithCancel(bg);
  use_context(c);
  for (int i = 0; i < n; ++i) {
    std::tie(c, cancel) = ctx::WithTimeout(bg, ctx::Duration(i));
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'cancel' is assigned a new cancel handle returned by 'WithTimeout' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
  // CHECK-NOTES: :[[@LINE-5]]:25: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
    use_context(c);
    cancel();
  }
  cancel();
}

// The same with a pair variable created before the loop; here the loop's
// creation also overwrites its own handle, and the note names the earlier
// creation.
void pairCreatedBeforeLoop(const ctx::Context &bg, int n) {
  auto r = ctx::WithCancel(bg);
  for (int i = 0; i < n; ++i) {
    use_context(r.first);
    r = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'r.second' is assigned a new cancel handle returned by 'WithCancel' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
  // CHECK-NOTES: :[[@LINE-5]]:12: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
  }
  r.second();
}

// A handle released only on some paths before a reassignment in another
// branch of the loop.
void reArmConditionalCancel(const ctx::Context &bg, int n) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  absl::Cleanup guard = [&] { if (cancel) cancel(); };
  std::tie(c, cancel) = ctx::WithCancel(bg);
  for (int i = 0; i < n; ++i) {
    if (i == 3)
      cancel();
    std::tie(c, cancel) = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'cancel' is assigned a new cancel handle returned by 'WithCancel' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
  // CHECK-NOTES: :[[@LINE-6]]:25: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
    use_context(c);
  }
}

// ============================================================================
// Negative: not overwritten
// ============================================================================

// Released before the reassignment on every path.
void releasedBeforeReassignment(const ctx::Context &bg) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  std::tie(c, cancel) = ctx::WithCancel(bg);
  use_context(c);
  if (failed()) {
    log("failed");
    cancel();
  } else {
    cancel();
  }
  std::tie(c, cancel) = ctx::WithCancel(bg);
  use_context(c);
  cancel();
}

// Released at the end of every iteration.
void releasedEachIteration(const ctx::Context &bg, int n) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  for (int i = 0; i < n; ++i) {
    std::tie(c, cancel) = ctx::WithCancel(bg);
    use_context(c);
    cancel();
  }
}

// Released before `continue` and at the end of the body; `break` leaves the
// loop and the handle is released after it.
void releasedBeforeContinue(const ctx::Context &bg, int n) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  for (int i = 0; i < n; ++i) {
    std::tie(c, cancel) = ctx::WithCancel(bg);
    if (i == 1) {
      cancel();
      continue;
    }
    if (failed())
      break;
    use_context(c);
    cancel();
  }
  if (cancel)
    cancel();
}

// The empty-handle edge counts as released.
void emptyTestBeforeReassignment(const ctx::Context &bg) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  if (failed())
    std::tie(c, cancel) = ctx::WithCancel(bg);
  if (cancel)
    cancel();
  std::tie(c, cancel) = ctx::WithCancel(bg);
  use_context(c);
  cancel();
}

// Transferred before the reassignment.
void transferredBeforeReassignment(const ctx::Context &bg) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  std::tie(c, cancel) = ctx::WithCancel(bg);
  consume(cancel);
  std::tie(c, cancel) = ctx::WithCancel(bg);
  use_context(c);
  cancel();
}

// The first assignment of a default-constructed variable overwrites nothing.
void firstAssignment(const ctx::Context &bg) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  std::tie(c, cancel) = ctx::WithCancel(bg);
  use_context(c);
  cancel();
}

// A guard per iteration, declared in the loop body, by reference, after the
// assignment.
void guardPerIteration(const ctx::Context &bg, int n) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  for (int i = 0; i < n; ++i) {
    std::tie(c, cancel) = ctx::WithCancel(bg);
    absl::Cleanup guard = [&] { cancel(); };
    use_context(c);
  }
}

// A guard per iteration declared before the assignment: it releases whatever
// the variable holds at the end of the iteration (SPEC §7.13).
void guardPerIterationBeforeAssignment(const ctx::Context &bg, int n) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  for (int i = 0; i < n; ++i) {
    auto guard = gsl::finally([&] { cancel(); });
    std::tie(c, cancel) = ctx::WithCancel(bg);
    use_context(c);
  }
}

// The re-arm pattern of golang/go#25720: a by-reference guard created before
// the loop, and cancel() right before each reassignment.
void reArm(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  absl::Cleanup guard = [&] { cancel(); };
  while (more()) {
    use_context(c);
    cancel();
    std::tie(c, cancel) = ctx::WithCancel(bg);
  }
}

// The re-arm pattern with the guard made before the handle is first assigned.
void reArmGuardFirst(const ctx::Context &bg, int n) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  auto guard = folly::makeGuard([&] {
    if (cancel)
      cancel();
  });
  std::tie(c, cancel) = ctx::WithCancel(bg);
  for (int i = 0; i < n; ++i) {
    use_context(c);
    cancel();
    std::tie(c, cancel) = ctx::WithTimeout(bg, ctx::Duration(i));
  }
}

// The re-arm pattern as documented: the variable starts as a no-op callable,
// the guard is made before any creation, and the loop has no exit.
void reArmNoOpStart(const ctx::Context &bg) {
  ctx::Context c;
  ctx::CancelFunc cancel = [] {};
  absl::Cleanup guard = [&] { cancel(); };
  for (;;) {
    cancel();
    std::tie(c, cancel) = ctx::WithCancel(bg);
    if (failed())
      return;
    use_context(c);
  }
}

// The re-arm pattern with a guard that captures the handle by value: every
// old handle is released right before its reassignment (not overwritten), but
// the guard releases only the first one, so the last re-armed handle is
// unreleased.
void reArmByValueGuard(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  absl::Cleanup guard = [cancel] { cancel(); };
  while (more()) {
    use_context(c);
    cancel();
    std::tie(c, cancel) = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:27: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// A by-value guard per iteration, made after the assignment, releases the
// handle of its iteration.
void byValueGuardPerIteration(const ctx::Context &bg, int n) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  for (int i = 0; i < n; ++i) {
    std::tie(c, cancel) = ctx::WithCancel(bg);
    absl::Cleanup guard = [cancel] { cancel(); };
    use_context(c);
  }
}

// A handle declared inside the loop body is a new variable each iteration:
// not overwritten, but unreleased when it leaks.
void declaredInLoopBody(const ctx::Context &bg, int n) {
  for (int i = 0; i < n; ++i) {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (cancel)
      use_context(c);
  }
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'cancel' goes out of scope here without being released
}

// ... and clean when released in the body.
void declaredInLoopBodyReleased(const ctx::Context &bg, int n) {
  for (int i = 0; i < n; ++i) {
    auto [c, cancel] = ctx::WithCancel(bg);
    use_context(c);
    cancel();
  }
}

// A pair variable declared in the loop body.
void pairDeclaredInLoopBody(const ctx::Context &bg, int n) {
  while (n-- > 0) {
    auto r = ctx::WithCancel(bg);
    absl::Cleanup guard = r.second;
    use_context(r.first);
  }
}

// Two different variables: no overwrite.
void twoVariables(const ctx::Context &bg) {
  auto [c1, cancel1] = ctx::WithCancel(bg);
  auto [c2, cancel2] = ctx::WithCancel(c1);
  use_context(c2);
  cancel2();
  cancel1();
}

// SPEC §2 exempts main only from unreleased and error-path-only (and
// discarded applies there too): an overwrite in main is reported.
int main() {
  ctx::Context c;
  ctx::CancelFunc cancel;
  for (int i = 0; i < 3; ++i) {
    std::tie(c, cancel) = ctx::WithCancel(ctx::Background());
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'cancel' is assigned a new cancel handle returned by 'WithCancel' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
    // CHECK-NOTES: :[[@LINE-2]]:27: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
    use_context(c);
  }
  if (cancel)
    cancel();
  return 0;
}
