// RUN: %check_lostcancel %s -- -std=gnu11 -D_GNU_SOURCE -I%S/../Inputs

// SPEC §8 (issue 17, first part): a call to a function defined in the
// translation unit that only reads the handle it is given is not a transfer
// (§7.5): the caller still owns the handle, so a leak behind the call is
// found, with a note at the call. Anything the summary cannot see through
// stays a transfer.

#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "summaries-helpers.h"

static int configure(int fd) { return fcntl(fd, F_SETFL, O_NONBLOCK); }

int leakBehindHelper(void) {
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: timer descriptor 'tfd' returned by 'timerfd_create' is not released on every path; the file descriptor stays live until the process exits [lostcancel-unreleased]
  if (tfd < 0)
    return -1;
  if (configure(tfd) < 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'tfd'
  // CHECK-NOTES: :[[@LINE-3]]:7: note: 'configure' only reads 'fd'
  // CHECK-FIXES: {{^}}  if (configure(tfd) < 0){{$}}
  // CHECK-FIXES-NEXT: {{^}}    { close(tfd); return -1; }{{$}}
  close(tfd);
  return 0;
}

// Released on every path: the helper changes nothing.
int releasedBehindHelper(void) {
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (tfd < 0)
    return -1;
  if (configure(tfd) < 0) {
    close(tfd);
    return -1;
  }
  close(tfd);
  return 0;
}

// A chain of helpers, one of them in a header.
static int prepare(int fd, int interval) {
  struct itimerspec spec = {{interval, 0}, {interval, 0}};
  if (set_nonblocking(fd) < 0)
    return -1;
  return timerfd_settime(fd, 0, &spec, NULL);
}

int leakBehindChain(int interval) {
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: timer descriptor 'tfd' returned by 'timerfd_create' is not released on every path; the file descriptor stays live until the process exits [lostcancel-unreleased]
  if (tfd < 0)
    return -1;
  if (prepare(tfd, interval) != 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'tfd'
  // CHECK-NOTES: :[[@LINE-3]]:7: note: 'prepare' only reads 'fd'
  // CHECK-FIXES: {{^}}    { close(tfd); return -1; }{{$}}
  close(tfd);
  return 0;
}

//===----------------------------------------------------------------------===//
// Still transfers (SPEC §8.5): no finding.
//===----------------------------------------------------------------------===//

int stored_fd;
static int keepIt(int fd) {
  stored_fd = fd;
  return 0;
}
int declaredOnly(int fd);
static int maybeClose(int fd, int now) {
  if (now)
    close(fd);
  return 0;
}
static int variadic(int fd, ...) { return fd < 0; }
static int pingA(int fd, int n);
static int pingB(int fd, int n) { return n > 0 ? pingA(fd, n - 1) : 0; }
static int pingA(int fd, int n) { return pingB(fd, n); }
static int byAddress(int *fd) { return *fd < 0; }

int storedByHelper(void) {
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (tfd < 0)
    return -1;
  if (keepIt(tfd) < 0)
    return -1;
  return 0;
}

int unknownHelper(void) {
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (tfd < 0)
    return -1;
  return declaredOnly(tfd);
}

// Releases on some paths only: the caller cannot know (a transfer).
int releasedOnSomePathsByHelper(int now) {
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (tfd < 0)
    return -1;
  maybeClose(tfd, now);
  return 0;
}

int variadicHelper(void) {
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (tfd < 0)
    return -1;
  if (variadic(tfd, 1))
    return -1;
  close(tfd);
  return 0;
}

int recursiveHelpers(void) {
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (tfd < 0)
    return -1;
  if (pingA(tfd, 3))
    return -1;
  close(tfd);
  return 0;
}

int throughFunctionPointer(int (*check)(int)) {
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (tfd < 0)
    return -1;
  int (*helper)(int) = check ? check : configure;
  if (helper(tfd))
    return -1;
  close(tfd);
  return 0;
}

// By address (SPEC §8.2): 'byAddress' only reads '*fd', so the caller still
// owns the descriptor on the early return.
int addressPassed(void) {
  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: timer descriptor 'tfd' returned by 'timerfd_create' is not released on every path; the file descriptor stays live until the process exits [lostcancel-unreleased]
  if (tfd < 0)
    return -1;
  if (byAddress(&tfd))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'tfd'
  // CHECK-NOTES: :[[@LINE-3]]:7: note: 'byAddress' only reads 'fd'
  // CHECK-FIXES: {{^}}  if (byAddress(&tfd)){{$}}
  // CHECK-FIXES-NEXT: {{^}}    { close(tfd); return -1; }{{$}}
  close(tfd);
  return 0;
}
