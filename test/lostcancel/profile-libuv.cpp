// The libuv profile in C++, against the real <uv.h>. The fix-it is a scope
// guard right after the start (SPEC §4): with no guard library in the
// translation unit, the C++11 local-struct fallback; with absl::Cleanup
// declared (-DWITH_ABSL), an absl::Cleanup. uv_close is not idempotent, so no
// guard joins an explicit release.
//
// RUN: sed -e 's|// FALLBACK\(-FIXES\)|// CHECK\1|' %s > %t.fallback.cpp
// RUN: %check_lostcancel %t.fallback.cpp -- -std=c++17 -D_GNU_SOURCE -I%S/../Inputs
// RUN: %check_lostcancel %t.fallback.cpp -- -std=c++11 -D_GNU_SOURCE -I%S/../Inputs
// RUN: sed -e 's|// ABSL\(-FIXES\)|// CHECK\1|' %s > %t.absl.cpp
// RUN: %check_lostcancel %t.absl.cpp -- -std=c++17 -D_GNU_SOURCE -I%S/../Inputs -DWITH_ABSL
//
// With every built-in profile but libuv, nothing is reported.
// RUN: %clang_tidy --load=%lostcancel_plugin --checks='-*,lostcancel-*' --quiet \
// RUN:   --config='{CheckOptions: {lostcancel.Profiles: "go-context;posix-timer;pplx"}}' \
// RUN:   %s -- -std=c++17 -D_GNU_SOURCE -I%S/../Inputs -DWITH_ABSL 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OFF --allow-empty --implicit-check-not='{{warning|error|note}}:'
// OFF-NOT: lostcancel-

#include <memory>
#include <stdexcept>
#include <uv.h>
#ifdef WITH_ABSL
#include "guards.h"
#endif

static void on_timer(uv_timer_t *) {}
static void on_close(uv_handle_t *) {}
bool work(int step);
void log_msg(const char *msg);

//===----------------------------------------------------------------------===//
// The guard fix-it.
//===----------------------------------------------------------------------===//

int neverStopped(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  uv_timer_start(&t, on_timer, 100, 0);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: timer 't' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  uv_timer_start(&t, on_timer, 100, 0);{{$}}
  // FALLBACK-FIXES-NEXT: {{^}}  struct t_guard_type { decltype(t) &handle; ~t_guard_type() { uv_timer_stop(&handle); } } t_guard{t};{{$}}
  // ABSL-FIXES-NEXT: {{^}}  absl::Cleanup t_guard = [&] { uv_timer_stop(&t); };{{$}}
  if (work(1))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 't'
  return uv_run(loop, UV_RUN_DEFAULT);
}

// The start is tested for failure in the same statement: the guard goes
// after that statement, where the timer certainly runs.
int failureTestedInPlace(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  if (uv_timer_start(&t, on_timer, 100, 0) != 0)
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: timer 't' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
    return -1;
  // CHECK-FIXES: {{^}}  if (uv_timer_start(&t, on_timer, 100, 0) != 0){{$}}
  // CHECK-FIXES: {{^}}    return -1;{{$}}
  // FALLBACK-FIXES-NEXT: {{^}}  struct t_guard_type { decltype(t) &handle; ~t_guard_type() { uv_timer_stop(&handle); } } t_guard{t};{{$}}
  // ABSL-FIXES-NEXT: {{^}}  absl::Cleanup t_guard = [&] { uv_timer_stop(&t); };{{$}}
  if (work(2))
    throw std::runtime_error("step 2");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: throws here without releasing 't'
  return uv_run(loop, UV_RUN_DEFAULT);
}

// The status is stored and tested on the next statement.
int failureStored(uv_loop_t *loop) {
  uv_timer_t timer;
  uv_timer_init(loop, &timer);
  int rc = uv_timer_start(&timer, on_timer, 100, 0);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: timer 'timer' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
  if (rc)
    return rc;
  // CHECK-FIXES: {{^}}  if (rc){{$}}
  // CHECK-FIXES: {{^}}    return rc;{{$}}
  // FALLBACK-FIXES-NEXT: {{^}}  struct timer_guard_type { decltype(timer) &handle; ~timer_guard_type() { uv_timer_stop(&handle); } } timer_guard{timer};{{$}}
  // ABSL-FIXES-NEXT: {{^}}  absl::Cleanup timer_guard = [&] { uv_timer_stop(&timer); };{{$}}
  uv_run(loop, UV_RUN_DEFAULT);
  return uv_is_active(reinterpret_cast<uv_handle_t *>(&timer));
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 'timer'
}

// An explicit uv_close on one path: a guard would close the handle twice,
// so there is no fix-it, only the finding.
void closedOnOnePath(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  uv_timer_start(&t, on_timer, 100, 0);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: timer 't' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  uv_timer_start(&t, on_timer, 100, 0);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  {{$}}
  if (work(1))
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 't'
  uv_close(reinterpret_cast<uv_handle_t *>(&t), on_close);
}

// The timer is declared in an enclosing block: a guard in the inner block
// would stop it too early, so none is offered.
int startedInInnerBlock(uv_loop_t *loop, bool arm) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  if (arm) {
    uv_timer_start(&t, on_timer, 100, 0);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: timer 't' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
    // CHECK-FIXES: {{^}}    uv_timer_start(&t, on_timer, 100, 0);{{$}}
    // CHECK-FIXES-NEXT: {{^}}    {{$}}
  }
  if (work(1))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 't'
  uv_run(loop, UV_RUN_DEFAULT);
  uv_timer_stop(&t);
  return 0;
}

//===----------------------------------------------------------------------===//
// No finding.
//===----------------------------------------------------------------------===//

// A lambda that stops the timer, called on every path.
void stoppedByCalledLambda(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  uv_timer_start(&t, on_timer, 100, 0);
  auto stop = [&] { uv_timer_stop(&t); };
  if (work(1)) {
    stop();
    return;
  }
  uv_run(loop, UV_RUN_DEFAULT);
  stop();
}

#ifdef WITH_ABSL
// A guard already in place releases on every path after it.
void guarded(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  uv_timer_start(&t, on_timer, 100, 0);
  absl::Cleanup close_timer = [&] {
    uv_close(reinterpret_cast<uv_handle_t *>(&t), on_close);
  };
  if (work(1))
    return;
  uv_run(loop, UV_RUN_DEFAULT);
}
#endif

class Session {
public:
  explicit Session(uv_loop_t *loop) { uv_timer_init(loop, &idle_); }
  // A member timer belongs to the object.
  void arm() { uv_timer_start(&idle_, on_timer, 30000, 0); }
  void armIfIdle() {
    if (uv_is_active(reinterpret_cast<uv_handle_t *>(&idle_)))
      return;
    uv_timer_start(&this->idle_, on_timer, 30000, 0);
  }

private:
  uv_timer_t idle_;
};

void heapTimers(uv_loop_t *loop) {
  uv_timer_t *raw = new uv_timer_t;
  uv_timer_init(loop, raw);
  uv_timer_start(raw, on_timer, 100, 0);

  std::unique_ptr<uv_timer_t> owned(new uv_timer_t);
  uv_timer_init(loop, owned.get());
  uv_timer_start(owned.get(), on_timer, 100, 0);
  owned.release();
}

void byReference(uv_timer_t &t) {
  uv_timer_start(&t, on_timer, 100, 0);
}

// A lambda is its own scope: it starts a timer of the enclosing function
// (captured by reference), which it does not own.
void startedInLambda(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  auto arm = [&t] { uv_timer_start(&t, on_timer, 100, 0); };
  arm();
  uv_run(loop, UV_RUN_DEFAULT);
  uv_timer_stop(&t);
}

//===----------------------------------------------------------------------===//
// A lambda's own timer.
//===----------------------------------------------------------------------===//

void lambdaOwnTimer(uv_loop_t *loop) {
  auto once = [loop](int n) {
    uv_timer_t t;
    uv_timer_init(loop, &t);
    uv_timer_start(&t, on_timer, 10, 0);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: timer 't' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
    if (n < 0)
      return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: returns here without releasing 't'
    uv_run(loop, UV_RUN_ONCE);
    uv_timer_stop(&t);
  };
  once(1);
}
