// C fix-its that would be unsafe are not offered (found by the profile
// tests, fixed since): a release inserted before a return whose value
// creates or reads the handle would change that value.
// RUN: %check_lostcancel %s -- -std=c11 -D_GNU_SOURCE

#include <uv.h>

static void on_timer(uv_timer_t *t) { (void)t; }
int work(int step);

// The status of the start is returned: a release before the return would
// run before the timer is even started, and the fixed file would still
// leak. The finding, no fix-it.
int returnsTheStatus(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  return uv_timer_start(&t, on_timer, 1, 0);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: timer 't' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: returns here without releasing 't'
  // CHECK-FIXES: {{^}}  return uv_timer_start(&t, on_timer, 1, 0);{{$}}
}

// The leaking return's value reads the timer: stopping it first would
// change what the function returns (uv_is_active would always be 0). No
// fix-it for this site.
int returnReadsTheTimer(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  uv_timer_start(&t, on_timer, 1, 0);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: timer 't' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  uv_timer_start(&t, on_timer, 1, 0);{{$}}
  uv_run(loop, UV_RUN_ONCE);
  return uv_is_active((uv_handle_t *)&t);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 't'
  // CHECK-FIXES: {{^}}  return uv_is_active((uv_handle_t *)&t);{{$}}
}

// SPEC §4: the leaking return runs the loop the timer is registered with
// (uv_timer_init(loop, &t)): stopping the timer first would stop it before
// the loop ever runs it. No release there, and in C, where every leaking
// exit needs its release, no fix-it at all.
int returnRunsTheLoop(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  if (uv_timer_start(&t, on_timer, 1, 0) != 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-2]]:7: warning: timer 't' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  if (uv_timer_start(&t, on_timer, 1, 0) != 0){{$}}
  // CHECK-FIXES-NEXT: {{^}}    return -1;{{$}}
  return uv_run(loop, UV_RUN_DEFAULT);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 't'
  // CHECK-FIXES: {{^}}  return uv_run(loop, UV_RUN_DEFAULT);{{$}}
}

// The same with the default loop, named by a call without arguments.
int returnRunsTheDefaultLoop(void) {
  uv_timer_t t;
  uv_timer_init(uv_default_loop(), &t);
  uv_timer_start(&t, on_timer, 1, 0);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: timer 't' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
  if (work(1))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 't'
  // CHECK-FIXES: {{^}}    return -1;{{$}}
  return uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  // CHECK-FIXES: {{^}}  return uv_run(uv_default_loop(), UV_RUN_DEFAULT);{{$}}
}

// The loop runs before the return, whose value involves neither the loop
// nor the timer: the release goes before each leaking return.
int runThenReturn(uv_loop_t *loop) {
  uv_timer_t t;
  uv_timer_init(loop, &t);
  uv_timer_start(&t, on_timer, 1, 0);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: timer 't' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
  if (work(1))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 't'
  // CHECK-FIXES: {{^}}    { uv_timer_stop(&t); return -1; }{{$}}
  int rc = uv_run(loop, UV_RUN_DEFAULT);
  uv_timer_stop(&t);
  return rc;
}
