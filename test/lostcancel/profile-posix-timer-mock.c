// RUN: %check_lostcancel %s -- -std=c99 -I%S/../Inputs

// The posix-timer profile needs no system header: the model goes by the
// function names, as declared here by a mock.

#include "mock-posix-timer.h"

int work(void);

int timerLeaks(void) {
  timer_t t;
  int rc = timer_create(CLOCK_MONOTONIC, 0, &t);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: timer 't' created by 'timer_create' is not released on every path; the timer stays live until the process exits [lostcancel-unreleased]
  if (rc < 0)
    return rc;
  struct itimerspec its = {{0, 0}, {1, 0}};
  timer_settime(t, 0, &its, 0);
  if (work())
    return 1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 't'
  // CHECK-FIXES: {{^}}    { timer_delete(t); return 1; }{{$}}
  timer_delete(t);
  return 0;
}

int descriptorReleased(void) {
  int fd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (fd == -1)
    return -1;
  struct itimerspec its = {{0, 0}, {1, 0}};
  timerfd_settime(fd, 0, &its, 0);
  close(fd);
  return 0;
}

void descriptorLeaks(void) {
  int fd = timerfd_create(CLOCK_MONOTONIC, 0);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: timer descriptor 'fd' returned by 'timerfd_create' is not released on every path; the file descriptor stays live until the process exits [lostcancel-unreleased]
  if (fd < 0)
    return;
  work();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'fd'
// CHECK-FIXES: {{^}}  if (fd < 0){{$}}
// CHECK-FIXES: {{^}}  work();{{$}}
// CHECK-FIXES-NEXT: {{^}}  close(fd);{{$}}
// CHECK-FIXES-NEXT: {{^}}}{{$}}
