// RUN: %check_lostcancel --config='{CheckOptions: {lostcancel.Apis: "names=start_watch,handle=return,release=call;names=timer_begin,handle=return,release=func:timer_end(arg.0),use=work"}}' %s -- -std=c11 -I%S/../Inputs

// In C there is no scope guard: the fix-it releases the handle before each
// leaking return (braced, so that an unbraced `if` keeps one statement), and
// before the closing brace when the function falls off its end.

#include "fix-c-api.h"

int callRelease(int id) {
  stop_fn stop = start_watch(id);
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: handle 'stop' returned by 'start_watch' is not released on every path; the resource stays live [lostcancel-unreleased]
  if (work(1))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'stop'
  // CHECK-FIXES: {{^}}  if (work(1)){{$}}
  // CHECK-FIXES-NEXT: {{^}}    { stop(); return -1; }{{$}}
  if (work(2)) {
    return -2;
    // CHECK-FIXES: {{^}}    { stop(); return -2; }{{$}}
  }
  stop();
  return 0;
}

void functionRelease(int ms) {
  int timer = timer_begin(ms);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: handle 'timer' returned by 'timer_begin' is not released on every path; the resource stays live [lostcancel-unreleased]
  if (work(timer))
    timer_end(timer);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'timer'
// Not fixed: the end of the function is reached with the timer released on
// one path and live on the other, and timer_end is not idempotent.
// CHECK-FIXES: {{^}}    timer_end(timer);{{$}}
// CHECK-FIXES-NEXT: {{^}}}{{$}}

void fallsOffEnd(int ms) {
  int timer = timer_begin(ms);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: handle 'timer' returned by 'timer_begin' is not released on every path; the resource stays live [lostcancel-unreleased]
  work(timer);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'timer'
// CHECK-FIXES: {{^}}  work(timer);{{$}}
// CHECK-FIXES-NEXT: {{^}}  timer_end(timer);{{$}}
// CHECK-FIXES-NEXT: {{^}}}{{$}}

struct holder {
  int timer;
};

// The handle is transferred on the success path (stored into the caller's
// struct): the leaking return before that is reached with the timer
// certainly live, so it gets its release (the handle being transferred
// elsewhere does not matter there).
int transferredOnSuccess(struct holder *h, int ms) {
  int timer = timer_begin(ms);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: handle 'timer' returned by 'timer_begin' is not released on every path; the resource stays live [lostcancel-unreleased]
  if (work(timer))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'timer'
  // CHECK-FIXES: {{^}}    { timer_end(timer); return -1; }{{$}}
  h->timer = timer;
  return 0;
}

// The leaking return is reached with the timer live on one path and
// transferred on the other: a release there would end a timer the caller
// now owns. No fix-it.
int transferredOnOnePath(struct holder *h, int ms) {
  int timer = timer_begin(ms);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: handle 'timer' returned by 'timer_begin' is not released on every path; the resource stays live [lostcancel-unreleased]
  if (work(1))
    h->timer = timer;
  return 0;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 'timer'
  // CHECK-FIXES: {{^}}  return 0;{{$}}
}
