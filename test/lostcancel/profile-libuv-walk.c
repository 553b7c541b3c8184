// RUN: %check_lostcancel %s -- -std=c11 -D_GNU_SOURCE
//
// libuv's loop teardown (the libuv profile's `sweep=uv_walk:1`): a call of
// uv_walk whose callback closes the handle it is given closes every handle
// of the loop, here or in a helper of the translation unit a few calls deep
// (libuv's own tests: MAKE_VALGRIND_HAPPY -> close_loop). A callback that
// closes nothing is no teardown.

#include <stdlib.h>
#include <uv.h>

int failed(void);

static void close_walk_cb(uv_handle_t *handle, void *arg) {
  (void)arg;
  if (!uv_is_closing(handle))
    uv_close(handle, NULL);
}

static void count_walk_cb(uv_handle_t *handle, void *arg) {
  (void)handle;
  ++*(int *)arg;
}

static void close_loop(uv_loop_t *loop) {
  uv_walk(loop, close_walk_cb, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
}

static void timer_cb(uv_timer_t *t) { (void)t; }

int tornDownByHelper(void) {
  uv_timer_t timer;
  uv_loop_t *loop = uv_default_loop();
  uv_timer_init(loop, &timer);
  if (uv_timer_start(&timer, timer_cb, 10, 10))
    abort();
  uv_run(loop, UV_RUN_ONCE);
  close_loop(loop);
  return uv_loop_close(loop);
}

int tornDownDirectly(uv_loop_t *loop) {
  uv_timer_t timer;
  uv_timer_init(loop, &timer);
  if (uv_timer_start(&timer, timer_cb, 10, 0))
    return -1;
  uv_run(loop, UV_RUN_DEFAULT);
  uv_walk(loop, close_walk_cb, NULL);
  return uv_run(loop, UV_RUN_DEFAULT);
}

int countedOnly(uv_loop_t *loop) {
  int handles = 0;
  uv_timer_t timer;
  uv_timer_init(loop, &timer);
  if (uv_timer_start(&timer, timer_cb, 10, 0))
    return -1;
  uv_walk(loop, count_walk_cb, &handles);
  return handles;
  // CHECK-NOTES: :[[@LINE-4]]:7: warning: timer 'timer' started by 'uv_timer_start' is not released on every path; the timer stays live in its loop after its storage is gone [lostcancel-unreleased]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: returns here without releasing 'timer'
  // CHECK-FIXES: {{^}}  { uv_timer_stop(&timer); return handles; }{{$}}
}

int tornDownOnErrorOnly(uv_loop_t *loop) {
  uv_timer_t timer;
  uv_timer_init(loop, &timer);
  if (uv_timer_start(&timer, timer_cb, 10, 0))
    return -1;
  if (failed()) {
    close_loop(loop);
    return -1;
  }
  return uv_run(loop, UV_RUN_DEFAULT);
  // CHECK-NOTES: :[[@LINE-7]]:7: warning: timer 'timer' started by 'uv_timer_start' is released only on early-exit paths; the timer stays live in its loop after its storage is gone [lostcancel-error-path-only]
  // CHECK-NOTES: :[[@LINE-5]]:5: note: released only here, on an error path
  // CHECK-NOTES: :[[@LINE-3]]:3: note: returns here without releasing 'timer'
}
