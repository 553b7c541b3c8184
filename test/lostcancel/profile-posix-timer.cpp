// RUN: %check_lostcancel %s -- -std=c++17
// RUN: %check_lostcancel %s -- -std=c++11

// The posix-timer profile in C++ against glibc's headers. The fix-it is a
// guard that deletes the timer (closes the descriptor) at scope exit, placed
// where the handle certainly exists: right after the `if` that leaves when
// the creation failed, or after the creation when the code ignores its
// status. Where the code only proceeds on success inside a branch, no guard
// position is certain and none is offered.

#include <csignal>
#include <ctime>
#include <sys/timerfd.h>
#include <unistd.h>

int work(int step);

int directNotZero() {
  timer_t t;
  if (timer_create(CLOCK_MONOTONIC, nullptr, &t) != 0)
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: timer 't' created by 'timer_create' is not released on every path; the timer stays live until the process exits [lostcancel-unreleased]
    return -1;
  // CHECK-FIXES: {{^}}    return -1;{{$}}
  // CHECK-FIXES-NEXT: {{^}}  struct t_guard_type { decltype(t) &handle; ~t_guard_type() { timer_delete(handle); } } t_guard{t};{{$}}
  timer_getoverrun(t);
  if (work(1))
    return -2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 't'
  return 0;
}

int storedTestedNext() {
  timer_t t;
  int rc = timer_create(CLOCK_MONOTONIC, nullptr, &t);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: timer 't' created by 'timer_create' is not released on every path; the timer stays live until the process exits [lostcancel-unreleased]
  if (rc != 0) {
    return -1;
  }
  // CHECK-FIXES: {{^}}  }{{$}}
  // CHECK-FIXES-NEXT: {{^}}  struct t_guard_type { decltype(t) &handle; ~t_guard_type() { timer_delete(handle); } } t_guard{t};{{$}}
  timer_getoverrun(t);
  if (work(2))
    return -2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 't'
  return 0;
}

// The status is ignored: the code assumes success, and so does the guard.
int unchecked() {
  timer_t t;
  timer_create(CLOCK_MONOTONIC, nullptr, &t);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: timer 't' created by 'timer_create' is not released on every path; the timer stays live until the process exits [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  timer_create(CLOCK_MONOTONIC, nullptr, &t);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  struct t_guard_type { decltype(t) &handle; ~t_guard_type() { timer_delete(handle); } } t_guard{t};{{$}}
  if (work(3))
    return -3;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 't'
  timer_getoverrun(t);
  return 0;
}

// The status is tested, but not by an `if` that leaves on failure: no
// place is certain to hold a timer, so no fix.
void successBranchOnly() {
  timer_t t;
  int rc = timer_create(CLOCK_MONOTONIC, nullptr, &t);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: timer 't' created by 'timer_create' is not released on every path; the timer stays live until the process exits [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  int rc = timer_create(CLOCK_MONOTONIC, nullptr, &t);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  {{$}}
  if (rc == 0)
    work(4);
  timer_getoverrun(t);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 't'

int descriptor() {
  int fd = timerfd_create(CLOCK_MONOTONIC, 0);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: timer descriptor 'fd' returned by 'timerfd_create' is not released on every path; the file descriptor stays live until the process exits [lostcancel-unreleased]
  if (fd < 0)
    return -1;
  // CHECK-FIXES: {{^}}    return -1;{{$}}
  // CHECK-FIXES-NEXT: {{^}}  struct fd_guard_type { decltype(fd) &handle; ~fd_guard_type() { close(handle); } } fd_guard{fd};{{$}}
  if (work(5))
    return -5;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'fd'
  return 0;
}

// close() is not idempotent: with an explicit close somewhere, a guard
// would close the descriptor twice, so none is added.
int descriptorClosedOnErrorPath() {
  int fd = timerfd_create(CLOCK_MONOTONIC, 0);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: timer descriptor 'fd' returned by 'timerfd_create' is released only on early-exit paths; the file descriptor stays live until the process exits [lostcancel-error-path-only]
  if (fd < 0)
    return -1;
  // CHECK-FIXES: {{^}}    return -1;{{$}}
  // CHECK-FIXES-NOT: fd_guard
  if (work(6)) {
    close(fd);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return -6;
    // CHECK-FIXES: {{^}}    return -6;{{$}}
  }
  return 0;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 'fd'
}

// Released on every path: nothing to report.
int released() {
  timer_t t;
  if (timer_create(CLOCK_MONOTONIC, nullptr, &t) == -1)
    return -1;
  int result = work(7);
  timer_delete(t);
  return result;
}
