// RUN: %check_lostcancel %s -- -std=c11 -D_GNU_SOURCE -fblocks
//
// The libuv profile on its own is enough:
// RUN: %check_lostcancel --config='{CheckOptions: {lostcancel.Profiles: "libuv"}}' %s -- -std=c11 -D_GNU_SOURCE -fblocks
//
// With every built-in profile but libuv, nothing is reported.
// RUN: %clang_tidy --load=%lostcancel_plugin --checks='-*,lostcancel-*' --quiet \
// RUN:   --config='{CheckOptions: {lostcancel.Profiles: "go-context;posix-timer;pplx"}}' \
// RUN:   %s -- -std=c11 -D_GNU_SOURCE -fblocks 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OFF --allow-empty --implicit-check-not='{{warning|error|note}}:'
// OFF-NOT: lostcancel-

// The libuv profile (SPEC §3.4) against the real <uv.h>: uv_timer_start(&t,
// ...) on a timer with automatic storage must be matched by uv_timer_stop(&t)
// or uv_close((uv_handle_t *)&t, ...) before t's scope ends. A heap or struct
// member timer belongs to somebody else (a transfer). Starting the same timer
// again restarts it. A non-zero status means nothing was started (§7.7). In C
// the fix-it inserts the release before each leaking return (§4).

#include <stdlib.h>
#include <uv.h>

static void on_timer(uv_timer_t *t) { (void)t; }
static void on_close(uv_handle_t *h) { (void)h; }
int work(int step);
void keep_timer(uv_timer_t *t);
void log_msg(const char *msg);

//===----------------------------------------------------------------------===//
// Leaks, with the C fix-it.
//===----------------------------------------------------------------------===//

int leakOnEarlyReturn(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  uv_timer_start(&t, on_timer, 100, 0);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: timer 't' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
  if (work(1))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 't'
  // CHECK-FIXES: {{^}}  if (work(1)){{$}}
  // CHECK-FIXES-NEXT: {{^}}    { uv_timer_stop(&t); return -1; }{{$}}
  uv_run(loop, UV_RUN_DEFAULT);
  uv_timer_stop(&t);
  return 0;
}

// Falls off its end: the release goes before the closing brace. The timer
// is mentioned after its start (a use), so it is not discarded.
void leakAtEnd(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  uv_timer_start(&t, on_timer, 100, 0);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: timer 't' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
  uv_run(loop, UV_RUN_ONCE);
  if (uv_is_active((uv_handle_t *)&t))
    log_msg("still armed");
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 't'
// CHECK-FIXES: {{^}}    log_msg("still armed");{{$}}
// CHECK-FIXES-NEXT: {{^}}  uv_timer_stop(&t);{{$}}
// CHECK-FIXES-NEXT: {{^}}}{{$}}

// Two leaking returns: both get the release; the braced return keeps the
// unbraced `else` a single statement.
int leakTwice(uv_loop_t *loop, int mode) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  uv_timer_start(&t, on_timer, 10, 10);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: timer 't' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
  if (mode == 1) {
    return 1;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 't'
    // CHECK-FIXES: {{^}}    { uv_timer_stop(&t); return 1; }{{$}}
  } else if (mode == 2)
    return 2;
  // CHECK-FIXES: {{^}}  } else if (mode == 2){{$}}
  // CHECK-FIXES-NEXT: {{^}}    { uv_timer_stop(&t); return 2; }{{$}}
  uv_close((uv_handle_t *)&t, on_close);
  return 0;
}

// Plain uses are neither releases nor transfers.
int usesAreNotReleases(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  uv_handle_set_data((uv_handle_t *)&t, loop);
  uv_timer_start(&t, on_timer, 50, 0);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: timer 't' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
  uv_timer_set_repeat(&t, 5);
  uv_timer_again(&t);
  uv_unref((uv_handle_t *)&t);
  if (uv_timer_get_repeat(&t) == 0 || uv_timer_get_due_in(&t) > 100)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 't'
  // CHECK-FIXES: {{^}}    { uv_timer_stop(&t); return -1; }{{$}}
  int active = uv_is_active((uv_handle_t *)&t);
  uv_timer_stop(&t);
  return active;
}

// A switch: `case 1` breaks out with the timer running.
void leakInSwitch(uv_loop_t *loop, int k) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  uv_timer_start(&t, on_timer, 1, 0);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: timer 't' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}void leakInSwitch(uv_loop_t *loop, int k) {
  switch (k) {
  case 0:
    uv_timer_stop(&t);
    return;
  case 1:
    break;
  default:
    uv_timer_stop(&t);
    break;
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 't'
// No fix-it: the end is reached with the timer stopped on some paths.
// CHECK-FIXES: {{^}}  default:{{$}}
// CHECK-FIXES-NEXT: {{^}}    uv_timer_stop(&t);{{$}}
// CHECK-FIXES-NEXT: {{^}}    break;{{$}}
// CHECK-FIXES-NEXT: {{^}}  }{{$}}
// CHECK-FIXES-NEXT: {{^}}}{{$}}

// Stopped, then started again: the second start leaks.
void restartAfterStop(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  uv_timer_start(&t, on_timer, 1, 0);
  uv_run(loop, UV_RUN_ONCE);
  uv_timer_stop(&t);
  uv_timer_start(&t, on_timer, 2, 0);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: timer 't' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
  if (work(1)) return;
  // CHECK-NOTES: :[[@LINE-1]]:16: note: returns here without releasing 't'
  // CHECK-FIXES: {{^}}  if (work(1)) { uv_timer_stop(&t); return; }{{$}}
  uv_timer_stop(&t);
}

// Started through a macro: anchored at the macro's use; no fix-it (§7.12).
#define START_TIMER(timer) uv_timer_start(&(timer), on_timer, 1, 0)
int startedByMacro(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  START_TIMER(t);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: timer 't' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
  if (work(1))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 't'
  // CHECK-FIXES: {{^}}  if (work(1)){{$}}
  // CHECK-FIXES-NEXT: {{^}}    return -1;{{$}}
  uv_timer_stop(&t);
  return 0;
}

// NOLINT silences the finding.
void silenced(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  uv_timer_start(&t, on_timer, 1, 0); // NOLINT(lostcancel-unreleased)
  if (work(1))
    return;
  uv_timer_stop(&t);
}

// A Clang block is its own scope.
void timerInBlock(uv_loop_t *loop) {
  void (^once)(void) = ^{
    uv_timer_t t;
    uv_timer_init(loop, &t);
    uv_timer_start(&t, on_timer, 1, 0);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: timer 't' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
    if (work(1))
      return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: returns here without releasing 't'
    // CHECK-FIXES: {{^}}      { uv_timer_stop(&t); return; }{{$}}
    uv_timer_stop(&t);
  };
  once();
}

//===----------------------------------------------------------------------===//
// Released on every path.
//===----------------------------------------------------------------------===//

int stoppedOnEveryPath(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  uv_timer_start(&t, on_timer, 100, 0);
  if (work(1)) {
    uv_timer_stop(&t);
    return -1;
  }
  uv_run(loop, UV_RUN_DEFAULT);
  uv_timer_stop(&t);
  return 0;
}

void closedOnEveryPath(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  uv_timer_start(&t, on_timer, 100, 100);
  uv_run(loop, UV_RUN_ONCE);
  uv_close((uv_handle_t *)&t, on_close);
  uv_run(loop, UV_RUN_DEFAULT);
}

// Stopped on one path, closed on the other.
void stopOrClose(uv_loop_t *loop, int keep) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  uv_timer_start(&t, on_timer, 100, 0);
  if (keep)
    uv_timer_stop(&t);
  else
    uv_close((uv_handle_t *)&t, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
}

// [[noreturn]] ends a path without a finding.
void abortsOnError(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  uv_timer_start(&t, on_timer, 100, 0);
  if (work(1))
    abort();
  uv_timer_stop(&t);
}

// The goto-cleanup idiom.
int gotoCleanup(uv_loop_t *loop) {
  int rc = -1;
  uv_timer_t t;
  uv_timer_init(loop, &t);
  uv_timer_start(&t, on_timer, 100, 0);
  if (work(1))
    goto out;
  if (work(2))
    goto out;
  rc = uv_run(loop, UV_RUN_DEFAULT);
out:
  uv_timer_stop(&t);
  return rc;
}

//===----------------------------------------------------------------------===//
// Released only on early-exit paths.
//===----------------------------------------------------------------------===//

int closedOnlyOnError(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  uv_timer_start(&t, on_timer, 100, 0);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: timer 't' started by 'uv_timer_start' is released only on early-exit paths; the timer stays live in its loop after its storage is gone [lostcancel-error-path-only]
  if (work(1)) {
    uv_close((uv_handle_t *)&t, on_close);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return -1;
  }
  uv_run(loop, UV_RUN_ONCE);
  return 0;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 't'
  // CHECK-FIXES: {{^}}int closedOnlyOnError(uv_loop_t *loop) {
  // CHECK-FIXES: {{^}}    uv_close((uv_handle_t *)&t, on_close);{{$}}
  // CHECK-FIXES: {{^}}    return -1;{{$}}
  // CHECK-FIXES: {{^}}  uv_run(loop, UV_RUN_ONCE);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  { uv_timer_stop(&t); return 0; }{{$}}
}

//===----------------------------------------------------------------------===//
// Creation failure (§7.7): on the failure branch nothing was started.
//===----------------------------------------------------------------------===//

int failureNonZero(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  if (uv_timer_start(&t, on_timer, 100, 0) != 0)
    return -1;
  uv_run(loop, UV_RUN_DEFAULT);
  uv_timer_stop(&t);
  return 0;
}

void failureTruthy(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  if (uv_timer_start(&t, on_timer, 100, 0))
    return;
  uv_run(loop, UV_RUN_DEFAULT);
  uv_close((uv_handle_t *)&t, on_close);
}

int failureNegative(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  if (uv_timer_start(&t, on_timer, 100, 0) < 0) {
    log_msg("cannot start the timer");
    return -1;
  }
  uv_run(loop, UV_RUN_DEFAULT);
  uv_timer_stop(&t);
  return 0;
}

int failureStored(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  int rc = uv_timer_start(&t, on_timer, 100, 0);
  if (rc)
    return rc;
  uv_run(loop, UV_RUN_DEFAULT);
  uv_timer_stop(&t);
  return 0;
}

// The stored status is tested later, after other statements.
int failureStoredTestedLater(uv_loop_t *loop) {
  uv_timer_t t;
  int rc;
  uv_timer_init(loop, &t);
  rc = uv_timer_start(&t, on_timer, 100, 0);
  log_msg("timer requested");
  if (rc != 0) {
    log_msg(uv_strerror(rc));
    return rc;
  }
  uv_run(loop, UV_RUN_DEFAULT);
  uv_timer_stop(&t);
  return 0;
}

// Assigned and tested in the condition.
int failureAssignedInCondition(uv_loop_t *loop) {
  uv_timer_t t;
  int rc;
  uv_timer_init(loop, &t);
  if ((rc = uv_timer_start(&t, on_timer, 100, 0)) != 0)
    return rc;
  uv_run(loop, UV_RUN_DEFAULT);
  uv_timer_stop(&t);
  return 0;
}

// `(void)`: the status is ignored, the timer taken as started.
void statusIgnored(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  (void)uv_timer_start(&t, on_timer, 1, 0);
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: timer 't' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
  if (work(1))
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 't'
  // CHECK-FIXES: {{^}}    { uv_timer_stop(&t); return; }{{$}}
  uv_timer_stop(&t);
}

// Success tested: the release is on the success branch only.
void successBranch(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  if (uv_timer_start(&t, on_timer, 100, 0) == 0) {
    uv_run(loop, UV_RUN_DEFAULT);
    uv_timer_stop(&t);
  }
}

void successStored(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  int rc = uv_timer_start(&t, on_timer, 100, 0);
  if (!rc) {
    uv_run(loop, UV_RUN_DEFAULT);
    uv_close((uv_handle_t *)&t, on_close);
  }
}

// The wrong polarity: it returns on success, with the timer running.
int returnsOnSuccess(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  if (uv_timer_start(&t, on_timer, 100, 0) == 0)
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: timer 't' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
    return 1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 't'
  // CHECK-FIXES: {{^}}    { uv_timer_stop(&t); return 1; }{{$}}
  uv_timer_stop(&t);
  return 0;
}

// `failed || work()`: the return is reached both with nothing started and
// with the timer running. No fix-it: the timer is not certainly live there.
int failureOrOtherCondition(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  if (uv_timer_start(&t, on_timer, 1, 0) != 0 || work(1))
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: timer 't' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 't'
  // CHECK-FIXES: {{^}}  if (uv_timer_start(&t, on_timer, 1, 0) != 0 || work(1)){{$}}
  // CHECK-FIXES: {{^}}    return -1;{{$}}
  uv_timer_stop(&t);
  return 0;
}

// The status is tested after another statement; then a later return leaks.
int failureTestedLaterThenLeak(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  int rc = uv_timer_start(&t, on_timer, 1, 0);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: timer 't' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
  work(2);
  if (rc != 0) return rc;
  // CHECK-FIXES: {{^}}  if (rc != 0) return rc;{{$}}
  if (work(1)) return 5;
  // CHECK-NOTES: :[[@LINE-1]]:16: note: returns here without releasing 't'
  // CHECK-FIXES: {{^}}  if (work(1)) { uv_timer_stop(&t); return 5; }{{$}}
  uv_timer_stop(&t);
  return 0;
}

// The failure branch is fine; a later early return leaks.
int failureThenLeak(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  int rc = uv_timer_start(&t, on_timer, 100, 0);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: timer 't' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
  if (rc)
    return rc;
  // CHECK-FIXES: {{^}}  if (rc){{$}}
  // CHECK-FIXES-NEXT: {{^}}    return rc;{{$}}
  if (work(1))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 't'
  // CHECK-FIXES: {{^}}  if (work(1)){{$}}
  // CHECK-FIXES-NEXT: {{^}}    { uv_timer_stop(&t); return -1; }{{$}}
  uv_timer_stop(&t);
  return 0;
}

//===----------------------------------------------------------------------===//
// Not this scope's timer: heap, struct member, pointer, static (transfers).
//===----------------------------------------------------------------------===//

struct connection {
  uv_tcp_t tcp;
  uv_timer_t idle_timer;
};

static uv_timer_t g_timer;

void heapTimer(uv_loop_t *loop) {
  uv_timer_t *t = malloc(sizeof *t);
  uv_timer_init(loop, t);
  uv_timer_start(t, on_timer, 100, 0);
}

void memberTimer(struct connection *c) {
  uv_timer_start(&c->idle_timer, on_timer, 30000, 0);
}

void memberTimerOfHeapObject(uv_loop_t *loop) {
  struct connection *c = calloc(1, sizeof *c);
  uv_timer_init(loop, &c->idle_timer);
  if (uv_timer_start(&c->idle_timer, on_timer, 30000, 0) != 0)
    return;
  work(1);
}

void pointerParameter(uv_timer_t *t) {
  uv_timer_start(t, on_timer, 100, 0);
  if (work(1))
    return;
  uv_timer_again(t);
}

void globalTimer(void) {
  uv_timer_start(&g_timer, on_timer, 100, 0);
}

void staticLocalTimer(uv_loop_t *loop) {
  static uv_timer_t t;
  uv_timer_init(loop, &t);
  uv_timer_start(&t, on_timer, 100, 0);
  if (work(1))
    return;
}

// The address of a local timer handed to another function: a transfer.
void handedOver(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  uv_timer_start(&t, on_timer, 100, 0);
  keep_timer(&t);
}

//===----------------------------------------------------------------------===//
// Restarts, loops and several timers.
//===----------------------------------------------------------------------===//

// Starting a live timer again restarts it: nothing is overwritten.
void restart(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  uv_timer_start(&t, on_timer, 100, 0);
  uv_run(loop, UV_RUN_ONCE);
  uv_timer_start(&t, on_timer, 200, 0);
  uv_run(loop, UV_RUN_ONCE);
  uv_timer_stop(&t);
}

// Restarted in a loop; stopped after it.
void restartInLoop(uv_loop_t *loop, int n) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  for (int i = 0; i < n; ++i) {
    uv_timer_start(&t, on_timer, 10 * (uint64_t)i, 0);
    uv_run(loop, UV_RUN_ONCE);
  }
  uv_timer_stop(&t);
}

// Restarted in a loop, never stopped: one finding, and no overwrite.
void restartInLoopLeaks(uv_loop_t *loop, int n) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  for (int i = 0; i < n; ++i)
    uv_timer_start(&t, on_timer, 10, 0);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: timer 't' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
  uv_run(loop, UV_RUN_ONCE);
  if (uv_is_active((uv_handle_t *)&t))
    log_msg("pending");
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 't'

// A timer declared in the loop body lives for one iteration: its scope ends
// at `continue` and at the body's closing brace. No C fix-it for those exits.
void timerPerIteration(uv_loop_t *loop, int n) {
  for (int i = 0; i < n; ++i) {
    uv_timer_t t;
    uv_timer_init(loop, &t);
    uv_timer_start(&t, on_timer, 10, 0);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: timer 't' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
    // CHECK-FIXES: {{^}}    uv_timer_start(&t, on_timer, 10, 0);{{$}}
    if (work(i))
      continue;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: leaves the scope of 't' here without releasing it
    // CHECK-FIXES: {{^}}    if (work(i)){{$}}
    // CHECK-FIXES-NEXT: {{^}}      continue;{{$}}
    uv_run(loop, UV_RUN_ONCE);
    uv_timer_stop(&t);
  }
}

// Each iteration stops its own timer.
void timerPerIterationStopped(uv_loop_t *loop, int n) {
  for (int i = 0; i < n; ++i) {
    uv_timer_t t;
    uv_timer_init(loop, &t);
    if (uv_timer_start(&t, on_timer, 10, 0) != 0)
      continue;
    uv_run(loop, UV_RUN_ONCE);
    uv_timer_stop(&t);
  }
}

// Two timers; only the first is stopped.
void twoTimers(uv_loop_t *loop) {
  uv_timer_t connect_timer, read_timer;
  uv_timer_init(loop, &connect_timer);
  uv_timer_init(loop, &read_timer);
  uv_timer_start(&connect_timer, on_timer, 1000, 0);
  uv_timer_start(&read_timer, on_timer, 5000, 0);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: timer 'read_timer' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
  uv_run(loop, UV_RUN_DEFAULT);
  uv_timer_stop(&connect_timer);
  if (uv_is_active((uv_handle_t *)&read_timer))
    log_msg("read timer pending");
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'read_timer'
// CHECK-FIXES: {{^}}  uv_timer_stop(&connect_timer);{{$}}
// CHECK-FIXES: {{^}}    log_msg("read timer pending");{{$}}
// CHECK-FIXES-NEXT: {{^}}  uv_timer_stop(&read_timer);{{$}}
// CHECK-FIXES-NEXT: {{^}}}{{$}}

// Releasing the other timer does not release this one.
int wrongTimerStopped(uv_loop_t *loop, uv_timer_t *other) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  uv_timer_start(&t, on_timer, 100, 0);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: timer 't' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
  if (work(1)) {
    uv_timer_stop(other);
    return -1;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 't'
    // CHECK-FIXES: {{^}}    uv_timer_stop(other);{{$}}
    // CHECK-FIXES-NEXT: {{^}}    { uv_timer_stop(&t); return -1; }{{$}}
  }
  uv_timer_stop(&t);
  return 0;
}

//===----------------------------------------------------------------------===//
// A callback that closes or stops the timer it is given owns the timer: the
// loop hands it the timer's address (libuv's own tests close their one-shot
// timers this way). A callback that only reads it owns nothing.
//===----------------------------------------------------------------------===//

static void close_own_timer(uv_timer_t *handle) {
  uv_close((uv_handle_t *)handle, NULL);
}
static void stop_own_timer(uv_timer_t *handle) {
  if (work(3))
    uv_timer_stop(handle);
}
static void count_ticks(uv_timer_t *handle) { work(*(int *)handle->data); }

int callbackCloses(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  uv_timer_start(&t, close_own_timer, 10, 0);
  return uv_run(loop, UV_RUN_DEFAULT);
}

int callbackStops(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  uv_timer_start(&t, stop_own_timer, 10, 10);
  return uv_run(loop, UV_RUN_DEFAULT);
}

int callbackOnlyReads(uv_loop_t *loop) {
  uv_timer_t t;
  int ticks = 0;
  t.data = &ticks;
  uv_timer_init(loop, &t);
  uv_timer_start(&t, count_ticks, 10, 0);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: timer 't' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
  return uv_run(loop, UV_RUN_DEFAULT);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 't'
}

//===----------------------------------------------------------------------===//
// main is exempt (SPEC §2).
//===----------------------------------------------------------------------===//

int main(void) {
  uv_loop_t *loop = uv_default_loop();
  uv_timer_t t;
  uv_timer_init(loop, &t);
  uv_timer_start(&t, on_timer, 100, 0);
  if (work(0))
    return 1;
  return uv_run(loop, UV_RUN_DEFAULT);
}
