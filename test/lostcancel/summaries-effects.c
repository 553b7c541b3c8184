// RUN: %check_lostcancel %s -- -std=gnu11 -D_GNU_SOURCE -I%S/../Inputs

// SPEC §8.1, §8.2, §8.4 (issue 17): what a function defined in the
// translation unit does to a handle parameter decides what a call of it is
// for the caller -- a release, a release on some paths only (a transfer), a
// transfer only when it returns its success class, a read -- also when the
// handle is passed by address. Recursion and calls through pointers keep
// the rule of §7.5: a transfer.

#include <signal.h>
#include <stdio.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "summaries-helpers.h"

int fail(void);
void on_timer(int);

// Release wrappers (§8.4).
static void stop_timer(timer_t t) { timer_delete(t); }
static void close_quietly(int fd) {
  if (fd >= 0)
    close(fd);
}

int releasedOnlyOnError(void) {
  timer_t t;
  if (timer_create(CLOCK_MONOTONIC, NULL, &t) != 0)
    return -1;
  if (fail()) {
    stop_timer(t);
    return -1;
  }
  return 0;
  // CHECK-NOTES: :[[@LINE-7]]:7: warning: timer 't' created by 'timer_create' is released only on early-exit paths; the timer stays live until the process exits [lostcancel-error-path-only]
  // CHECK-NOTES: :[[@LINE-5]]:5: note: released only here, on an error path
  // CHECK-NOTES: :[[@LINE-3]]:3: note: returns here without releasing 't'
  // CHECK-NOTES: :[[@LINE-7]]:5: note: 'stop_timer' releases 't'
  // CHECK-FIXES: {{^}}  { timer_delete(t); return 0; }{{$}}
}

int releasedThroughWrapper(void) {
  timer_t t;
  if (timer_create(CLOCK_MONOTONIC, NULL, &t) != 0)
    return -1;
  if (fail()) {
    stop_timer(t);
    return -1;
  }
  stop_timer(t);
  return 0;
}

int releasedAfterEmptyTest(void) {
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (fail()) {
    close_quietly(tfd);
    return -1;
  }
  close_quietly(tfd);
  return 0;
}

int leakBeforeHeaderRelease(void) {
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (tfd < 0)
    return -1;
  if (fail())
    return -1;
  release_fd(tfd);
  // CHECK-NOTES: :[[@LINE-6]]:13: warning: timer descriptor 'tfd' returned by 'timerfd_create' is not released on every path; the file descriptor stays live until the process exits [lostcancel-unreleased]
  // CHECK-NOTES: :[[@LINE-3]]:5: note: returns here without releasing 'tfd'
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'release_fd' releases 'fd'
  // CHECK-FIXES: {{^}}    { close(tfd); return -1; }{{$}}
  return 0;
}

// Releases on some paths only (§8.1): a transfer, with a note when a finding
// depends on it.
static void maybe_close(int fd, int really) {
  if (really)
    close(fd);
}

int somePathsOnly(int really) {
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (tfd < 0)
    return -1;
  maybe_close(tfd, really);
  return 0;
}

int somePathsOnError(int really) {
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (tfd < 0)
    return -1;
  if (fail()) {
    maybe_close(tfd, really);
    return -1;
  }
  return 0;
  // CHECK-NOTES: :[[@LINE-8]]:13: warning: timer descriptor 'tfd' returned by 'timerfd_create' is not released on every path; the file descriptor stays live until the process exits [lostcancel-unreleased]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: returns here without releasing 'tfd'
  // CHECK-NOTES: :[[@LINE-6]]:5: note: 'maybe_close' releases 'fd' on some paths only; the call counts as a transfer
  // CHECK-FIXES: {{^}}  { close(tfd); return 0; }{{$}}
}

// Conditional transfer (§8.2): register_event keeps the descriptor only when
// it returns 0; on -1 the caller still owns it.
static int table[16];
static int used;
static int register_event(int fd, void (*cb)(int), void *data) {
  (void)cb;
  (void)data;
  if (used >= 16)
    return -1;
  table[used++] = fd;
  return 0;
}

int leakWhenRegisterFails(void) {
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (tfd < 0)
    return -1;
  if (register_event(tfd, on_timer, NULL) < 0) {
    fprintf(stderr, "cannot register\n");
    return -1;
    // CHECK-NOTES: :[[@LINE-6]]:13: warning: timer descriptor 'tfd' returned by 'timerfd_create' is not released on every path; the file descriptor stays live until the process exits [lostcancel-unreleased]
    // CHECK-NOTES: :[[@LINE-2]]:5: note: returns here without releasing 'tfd'
    // CHECK-NOTES: :[[@LINE-5]]:7: note: 'register_event' keeps 'fd' only when it returns 0
    // CHECK-FIXES: {{^}}    { close(tfd); return -1; }{{$}}
  }
  return 0;
}

int leakWhenStatusVariableSet(void) {
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (tfd < 0)
    return -1;
  int rc = register_event(tfd, on_timer, NULL);
  if (rc)
    return rc;
    // CHECK-NOTES: :[[@LINE-6]]:13: warning: timer descriptor 'tfd' returned by 'timerfd_create' is not released on every path; the file descriptor stays live until the process exits [lostcancel-unreleased]
    // CHECK-NOTES: :[[@LINE-2]]:5: note: returns here without releasing 'tfd'
    // CHECK-NOTES: :[[@LINE-5]]:12: note: 'register_event' keeps 'fd' only when it returns 0
    // CHECK-FIXES: {{^}}    { close(tfd); return rc; }{{$}}
  return 0;
}

int closedWhenRegisterFails(void) {
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (tfd < 0)
    return -1;
  if (register_event(tfd, on_timer, NULL) < 0) {
    close_quietly(tfd);
    return -1;
  }
  return 0;
}

int registerResultIgnored(void) {
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (tfd < 0)
    return -1;
  register_event(tfd, on_timer, NULL);
  return 0;
}

// By address (§8.1, §8.4): the callee reads or releases '*fd'.
static void close_safe(int *fd) {
  if (*fd >= 0) {
    close(*fd);
    *fd = -1;
  }
}
static void close_checked(int *fd) {
  if (!fd || *fd < 0)
    return;
  close(*fd);
  *fd = -1;
}
static int peek_fd(const int *fd) { return *fd > 100; }
static int *saved_fd;
static void remember_fd(int *fd) { saved_fd = fd; }

int closedByAddressOnErrorOnly(void) {
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (tfd < 0)
    return -1;
  if (fail()) {
    close_safe(&tfd);
    return -1;
  }
  return 0;
  // CHECK-NOTES: :[[@LINE-8]]:13: warning: timer descriptor 'tfd' returned by 'timerfd_create' is released only on early-exit paths; the file descriptor stays live until the process exits [lostcancel-error-path-only]
  // CHECK-NOTES: :[[@LINE-5]]:5: note: released only here, on an error path
  // CHECK-NOTES: :[[@LINE-3]]:3: note: returns here without releasing 'tfd'
  // CHECK-NOTES: :[[@LINE-7]]:5: note: 'close_safe' releases 'fd'
  // CHECK-FIXES: {{^}}  { close(tfd); return 0; }{{$}}
}

int closedByAddress(void) {
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (tfd < 0)
    return -1;
  if (fail()) {
    close_checked(&tfd);
    return -1;
  }
  close_checked(&tfd);
  return 0;
}

int leakBehindPeekByAddress(void) {
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (tfd < 0)
    return -1;
  if (peek_fd(&tfd))
    return -1;
    // CHECK-NOTES: :[[@LINE-5]]:13: warning: timer descriptor 'tfd' returned by 'timerfd_create' is not released on every path; the file descriptor stays live until the process exits [lostcancel-unreleased]
    // CHECK-NOTES: :[[@LINE-2]]:5: note: returns here without releasing 'tfd'
    // CHECK-NOTES: :[[@LINE-4]]:7: note: 'peek_fd' only reads 'fd'
    // CHECK-FIXES: {{^}}    { close(tfd); return -1; }{{$}}
  close(tfd);
  return 0;
}

int addressRemembered(void) {
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (tfd < 0)
    return -1;
  remember_fd(&tfd);
  return 0;
}

// What stays a transfer (§7.5): recursion, calls through a pointer. The
// finding is the leak on the success path ('unreleased'); were the calls
// releases, it would be 'error-path-only' with a note at the call.
static void drainB(int fd, int n);
static void drainA(int fd, int n) {
  if (n)
    drainB(fd, n - 1);
  else
    close(fd);
}
static void drainB(int fd, int n) { drainA(fd, n); }

int recursiveRelease(void) {
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (tfd < 0)
    return -1;
  if (fail()) {
    drainA(tfd, 3);
    return -1;
  }
  return 0;
  // CHECK-NOTES: :[[@LINE-8]]:13: warning: timer descriptor 'tfd' returned by 'timerfd_create' is not released on every path; the file descriptor stays live until the process exits [lostcancel-unreleased]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: returns here without releasing 'tfd'
  // CHECK-FIXES: {{^}}  { close(tfd); return 0; }{{$}}
}

int releaseThroughPointer(void) {
  void (*release)(int) = close_quietly;
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (tfd < 0)
    return -1;
  if (fail()) {
    release(tfd);
    return -1;
  }
  return 0;
  // CHECK-NOTES: :[[@LINE-8]]:13: warning: timer descriptor 'tfd' returned by 'timerfd_create' is not released on every path; the file descriptor stays live until the process exits [lostcancel-unreleased]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: returns here without releasing 'tfd'
  // CHECK-FIXES: {{^}}  { close(tfd); return 0; }{{$}}
}

// A function that returns a keeper's result forwards its convention (§8.2);
// converted to another type, it does not.
static int register_timer(int fd) { return register_event(fd, on_timer, NULL); }
static _Bool register_ok(int fd) { return register_event(fd, on_timer, NULL); }

int leakWhenForwardedRegisterFails(void) {
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (tfd < 0)
    return -1;
  if (register_timer(tfd) != 0)
    return -1;
    // CHECK-NOTES: :[[@LINE-5]]:13: warning: timer descriptor 'tfd' returned by 'timerfd_create' is not released on every path; the file descriptor stays live until the process exits [lostcancel-unreleased]
    // CHECK-NOTES: :[[@LINE-2]]:5: note: returns here without releasing 'tfd'
    // CHECK-NOTES: :[[@LINE-4]]:7: note: 'register_timer' keeps 'fd' only when it returns 0
    // CHECK-FIXES: {{^}}    { close(tfd); return -1; }{{$}}
  return 0;
}

int forwardedAsBool(void) {
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (tfd < 0)
    return -1;
  if (!register_ok(tfd))
    return -1;
  return 0;
}

// Cleanup functions (SPEC §7.17) are read through their summaries: one that
// releases '*p' through a release wrapper, or whose body is elsewhere
// (systemd's closep calling safe_close of fd-util.c), ends the handle at
// every exit; one that only reads it, or ignores it, does not.
int safe_close_elsewhere(int fd);
static void closep_elsewhere(int *fd) { safe_close_elsewhere(*fd); }
static int safe_close(int fd) {
  if (fd >= 0)
    close(fd);
  return -1;
}
static void closep(int *fd) { safe_close(*fd); }
static int high_fds;
static void countp(int *fd) { high_fds += *fd > 100; }
static void ignorep(int *fd) { (void)fd; }

int cleanupElsewhere(void) {
  __attribute__((cleanup(closep_elsewhere))) int tfd = -1;
  tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (tfd < 0)
    return -1;
  if (fail())
    return -1;
  return 0;
}

int cleanupThroughWrapper(void) {
  __attribute__((cleanup(closep))) int tfd = -1;
  tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (tfd < 0)
    return -1;
  if (fail())
    return -1;
  return 0;
}

int cleanupOnlyReads(void) {
  __attribute__((cleanup(countp))) int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (tfd < 0)
    return -1;
  if (fail())
    return -1;
    // CHECK-NOTES: :[[@LINE-5]]:46: warning: timer descriptor 'tfd' returned by 'timerfd_create' is not released on every path; the file descriptor stays live until the process exits [lostcancel-unreleased]
    // CHECK-NOTES: :[[@LINE-2]]:5: note: returns here without releasing 'tfd'
    // CHECK-FIXES: {{^}}    { close(tfd); return -1; }{{$}}
  close(tfd);
  return 0;
}

int cleanupIgnores(void) {
  __attribute__((cleanup(ignorep))) int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (tfd < 0)
    return -1;
  if (fail())
    return -1;
    // CHECK-NOTES: :[[@LINE-5]]:47: warning: timer descriptor 'tfd' returned by 'timerfd_create' is not released on every path; the file descriptor stays live until the process exits [lostcancel-unreleased]
    // CHECK-NOTES: :[[@LINE-2]]:5: note: returns here without releasing 'tfd'
    // CHECK-FIXES: {{^}}    { close(tfd); return -1; }{{$}}
  close(tfd);
  return 0;
}

// A keeper that returns an address it cannot fail to make when it keeps the
// descriptor, and NULL when it does not (§8.2, the null class).
struct watch {
  int fd;
};
static struct watch watches[8];
static int nwatches;
static struct watch *add_watch(int fd) {
  if (nwatches == 8)
    return NULL;
  watches[nwatches].fd = fd;
  return &watches[nwatches++];
}

int leakWhenNoWatch(void) {
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (tfd < 0)
    return -1;
  struct watch *w = add_watch(tfd);
  if (!w)
    return -1;
    // CHECK-NOTES: :[[@LINE-6]]:13: warning: timer descriptor 'tfd' returned by 'timerfd_create' is not released on every path; the file descriptor stays live until the process exits [lostcancel-unreleased]
    // CHECK-NOTES: :[[@LINE-2]]:5: note: returns here without releasing 'tfd'
    // CHECK-NOTES: :[[@LINE-5]]:21: note: 'add_watch' keeps 'fd' only when it returns a non-null pointer
    // CHECK-FIXES: {{^}}    { close(tfd); return -1; }{{$}}
  return w->fd;
}

int closedWhenNoWatch(void) {
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (tfd < 0)
    return -1;
  if (add_watch(tfd) == NULL) {
    close(tfd);
    return -1;
  }
  return 0;
}
