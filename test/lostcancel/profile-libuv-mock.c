// RUN: %check_lostcancel %s -- -std=c11 -I%S/../Inputs
//
// With every built-in profile but libuv, nothing is reported.
// RUN: %clang_tidy --load=%lostcancel_plugin --checks='-*,lostcancel-*' --quiet \
// RUN:   --config='{CheckOptions: {lostcancel.Profiles: "go-context;posix-timer;pplx"}}' \
// RUN:   %s -- -std=c11 -I%S/../Inputs 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OFF --allow-empty --implicit-check-not='{{warning|error|note}}:'
// OFF-NOT: lostcancel-

// The libuv profile needs nothing from the real <uv.h>: the same shapes,
// declared by a minimal mock, are recognised by name.

#include "mock-uv.h"

static void on_timer(uv_timer_t *t) { (void)t; }
static void on_close(uv_handle_t *h) { (void)h; }
int work(int step);

struct conn {
  uv_timer_t timer;
};

int leak(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  uv_timer_start(&t, on_timer, 100, 0);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: timer 't' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
  if (work(1))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 't'
  // CHECK-FIXES: {{^}}  if (work(1)){{$}}
  // CHECK-FIXES-NEXT: {{^}}    { uv_timer_stop(&t); return -1; }{{$}}
  uv_close((uv_handle_t *)&t, on_close);
  return 0;
}

int errorPathOnly(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  if (uv_timer_start(&t, on_timer, 100, 0) != 0)
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: timer 't' started by 'uv_timer_start' is released only on early-exit paths; the timer stays live in its loop after its storage is gone [lostcancel-error-path-only]
    return -1;
  if (work(1)) {
    uv_timer_stop(&t);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return -2;
  }
  uv_run(loop, UV_RUN_DEFAULT);
  return 0;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 't'
  // CHECK-FIXES: {{^}}  uv_run(loop, UV_RUN_DEFAULT);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  { uv_timer_stop(&t); return 0; }{{$}}
}

int clean(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  int rc = uv_timer_start(&t, on_timer, 100, 0);
  if (rc)
    return rc;
  uv_timer_start(&t, on_timer, 200, 0); /* a restart, not an overwrite */
  if (work(1)) {
    uv_timer_stop(&t);
    return -1;
  }
  uv_timer_again(&t);
  uv_run(loop, UV_RUN_DEFAULT);
  uv_close((uv_handle_t *)&t, on_close);
  return 0;
}

void notOwned(struct conn *c, uv_timer_t *param) {
  uv_timer_start(&c->timer, on_timer, 100, 0);
  uv_timer_start(param, on_timer, 100, 0);
}
