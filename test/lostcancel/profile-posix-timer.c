// RUN: %check_lostcancel %s -- -std=c11 -D_POSIX_C_SOURCE=200809L
// RUN: %clang_tidy --load=%lostcancel_plugin --checks='-*,lostcancel-*' --quiet \
// RUN:   --config='{CheckOptions: {lostcancel.Profiles: "go-context;pplx;libuv"}}' \
// RUN:   %s -- -std=c11 -D_POSIX_C_SOURCE=200809L 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OFF --allow-empty
// OFF-NOT: warning:

// The posix-timer profile against glibc's own <time.h> and <sys/timerfd.h>:
// timer_create(clock, sev, &t) -> timer_delete(t), timerfd_create(...) ->
// close(fd). A failed creation creates nothing (SPEC §7.7): timer_create
// fails when it returns non-zero (!= 0, == -1, < 0, truthy), timerfd_create
// when it returns a negative value; the status may be tested directly or
// kept in a variable and tested later. In C the fix-it releases the handle
// before each leaking return.

#include <signal.h>
#include <stddef.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

int work(int step);
void keep_timer(timer_t t);

struct owner {
  timer_t timer;
  int fd;
};

int directNotZero(void) {
  timer_t t;
  if (timer_create(CLOCK_MONOTONIC, NULL, &t) != 0)
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: timer 't' created by 'timer_create' is not released on every path; the timer stays live until the process exits [lostcancel-unreleased]
    return -1;
  if (work(1))
    return -2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 't'
  // CHECK-FIXES: {{^}}    { timer_delete(t); return -2; }{{$}}
  timer_delete(t);
  return 0;
}

int equalsMinusOne(struct sigevent *sev) {
  timer_t t;
  if (timer_create(CLOCK_REALTIME, sev, &t) == -1)
    return -1;
  work(2);
  timer_delete(t);
  return 0;
}

int negative(void) {
  timer_t t;
  if (timer_create(CLOCK_MONOTONIC, NULL, &t) < 0)
    return -1;
  struct itimerspec its = {{0, 0}, {1, 0}};
  timer_settime(t, 0, &its, NULL);
  timer_delete(t);
  return 0;
}

int truthy(void) {
  timer_t t;
  if (timer_create(CLOCK_MONOTONIC, NULL, &t))
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: timer 't' created by 'timer_create' is not released on every path; the timer stays live until the process exits [lostcancel-unreleased]
    return -1;
  if (work(3))
    return -3;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 't'
  // CHECK-FIXES: {{^}}    { timer_delete(t); return -3; }{{$}}
  timer_delete(t);
  return 0;
}

// The status is kept and tested later: the failure branch is still known.
int storedAndTestedLater(void) {
  timer_t t;
  int rc = timer_create(CLOCK_MONOTONIC, NULL, &t);
  work(4);
  if (rc != 0)
    return -1;
  timer_getoverrun(t);
  timer_delete(t);
  return 0;
}

// ... unless the variable was assigned something else in between: then the
// test says nothing about the timer, which may exist on that return.
int storedThenOverwritten(void) {
  timer_t t;
  int rc = timer_create(CLOCK_MONOTONIC, NULL, &t);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: timer 't' created by 'timer_create' is not released on every path; the timer stays live until the process exits [lostcancel-unreleased]
  rc = work(5);
  if (rc != 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 't'
  // CHECK-FIXES: {{^}}    { timer_delete(t); return -1; }{{$}}
  timer_delete(t);
  return 0;
}

void successBranch(void) {
  timer_t t;
  if (timer_create(CLOCK_MONOTONIC, NULL, &t) == 0) {
    work(6);
    timer_delete(t);
  }
}

void notSuccess(void) {
  timer_t t;
  if (!timer_create(CLOCK_MONOTONIC, NULL, &t)) {
    work(7);
    timer_delete(t);
  }
}

void successKeptInVariable(void) {
  timer_t t;
  int failed = timer_create(CLOCK_MONOTONIC, NULL, &t);
  if (!failed) {
    work(8);
    timer_delete(t);
  }
}

int errorPathOnly(void) {
  timer_t t;
  if (timer_create(CLOCK_MONOTONIC, NULL, &t) != 0)
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: timer 't' created by 'timer_create' is released only on early-exit paths; the timer stays live until the process exits [lostcancel-error-path-only]
    return -1;
  if (work(9)) {
    timer_delete(t);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return -9;
  }
  return 0;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 't'
  // CHECK-FIXES: {{^}}  { timer_delete(t); return 0; }{{$}}
}

// Stored outside the function, or passed on: somebody else owns the timer.
void intoMember(struct owner *o) {
  if (timer_create(CLOCK_MONOTONIC, NULL, &o->timer) != 0)
    return;
}

void intoPointer(timer_t *out) {
  if (timer_create(CLOCK_MONOTONIC, NULL, out) != 0)
    return;
}

void passedOn(void) {
  timer_t t;
  if (timer_create(CLOCK_MONOTONIC, NULL, &t) != 0)
    return;
  keep_timer(t);
}

// timerfd_create: the handle is the descriptor itself; read, timerfd_settime
// and the like only use it.
int fdLess(void) {
  int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: timer descriptor 'fd' returned by 'timerfd_create' is not released on every path; the file descriptor stays live until the process exits [lostcancel-unreleased]
  if (fd < 0)
    return -1;
  struct itimerspec its = {{0, 0}, {1, 0}};
  timerfd_settime(fd, 0, &its, NULL);
  unsigned long long ticks;
  if (read(fd, &ticks, sizeof ticks) != sizeof ticks)
    return -2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'fd'
  // CHECK-FIXES: {{^}}    { close(fd); return -2; }{{$}}
  close(fd);
  return 0;
}

int fdAssignedInCondition(void) {
  int fd;
  if ((fd = timerfd_create(CLOCK_MONOTONIC, 0)) == -1)
    return -1;
  close(fd);
  return 0;
}

int fdLessEqual(void) {
  int fd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (fd <= -1)
    return -1;
  return fd;
}

int fdNotNegative(void) {
  int fd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (fd >= 0)
    close(fd);
  return 0;
}

void fdOwned(struct owner *o) {
  o->fd = timerfd_create(CLOCK_MONOTONIC, 0);
}

// Dropped at creation.
void fdDropped(void) { timerfd_create(CLOCK_MONOTONIC, 0); }
// CHECK-NOTES: :[[@LINE-1]]:24: warning: the timer descriptor returned by 'timerfd_create' is discarded; the file descriptor stays live until the process exits [lostcancel-discarded]
// CHECK-NOTES: :[[@LINE-2]]:24: note: keep the timer descriptor in a variable and release it on every path{{$}}

void timerNeverUsed(void) {
  timer_t t;
  timer_create(CLOCK_MONOTONIC, NULL, &t);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the timer created by 'timer_create' is discarded; the timer stays live until the process exits [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: keep the timer in a variable and release it on every path{{$}}
}

// A new timer into the same variable on every iteration.
void recreated(int n) {
  timer_t t;
  for (int i = 0; i < n; ++i)
    if (timer_create(CLOCK_MONOTONIC, NULL, &t) != 0)
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: 't' is assigned a new timer created by 'timer_create' while the previous one may still be live; the overwritten timer stays live until the process exits [lostcancel-overwritten]
    // CHECK-NOTES: :[[@LINE-2]]:9: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
      return;
  timer_delete(t);
}

// main is exempt from unreleased: the process exit deletes the timer.
int main(void) {
  timer_t t;
  if (timer_create(CLOCK_MONOTONIC, NULL, &t) != 0)
    return 1;
  timer_getoverrun(t);
  return work(10);
}
