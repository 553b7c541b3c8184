// RUN: %check_lostcancel %s -- -std=gnu11 -I%S/../Inputs
//
// Without the default take macros, a take is an ordinary use of the
// variable; listing a function of one's own makes it a take.
// RUN: sed -e 's|// CHECK-NOTES:|// ALL-NOTES:|' %s > %t.steal.c
// RUN: %check_lostcancel --config='{CheckOptions: {lostcancel.TakeFunctions: "steal_fd"}}' %t.steal.c -- -std=gnu11 -I%S/../Inputs -DONLY_STEAL

// SPEC §7.17, systemd's idioms (the shapes of its macros, in
// Inputs/systemd-style.h):
//  * `_cleanup_close_ int fd` is guarded from its declaration on: closep's
//    body closes `*fd`, so it needs no listing in lostcancel.CleanupFunctions;
//  * `TAKE_FD(fd)` / `TAKE_PTR(p)` take the handle out and reset the variable:
//    a transfer (lostcancel.TakeFunctions, default TAKE_FD;TAKE_PTR;TAKE_GENERIC);
//    a path that returns without the take still leaks.

#include "systemd-style.h"
#include <sys/timerfd.h>
#include <time.h>

int work(int step);
int steal_fd(int *fd);

#ifndef ONLY_STEAL
// The cleanup guard closes fd on every return; the take hands it to the
// caller: silent.
int guardedTake(int *ret) {
  _cleanup_close_ int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
  if (fd < 0)
    return -errno;
  if (work(1) < 0)
    return -EIO;
  *ret = TAKE_FD(fd);
  return 0;
}

// Guarded, without a take: silent too.
int guardedOnly(void) {
  _cleanup_close_ int fd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (fd < 0)
    return -errno;
  return work(2);
}

// No cleanup attribute: the take path is a transfer, the early return leaks.
int plainTake(int *ret, int x) {
  int fd = timerfd_create(CLOCK_MONOTONIC, 0);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: timer descriptor 'fd' returned by 'timerfd_create' is not released on every path; the file descriptor stays live until the process exits [lostcancel-unreleased]
  if (fd < 0)
    return -errno;
  if (x)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'fd'
  *ret = TAKE_FD(fd);
  return 0;
}

// Every path takes: silent.
int plainTakeEverywhere(int *ret) {
  int fd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (fd < 0)
    return -errno;
  *ret = TAKE_FD(fd);
  return 0;
}

// The generic form, and TAKE_PTR, take too.
int genericTake(int *ret) {
  int fd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (fd < 0)
    return -errno;
  *ret = TAKE_GENERIC(fd, int, -1);
  return 0;
}
#endif

// A function of one's own, listed in lostcancel.TakeFunctions (second RUN);
// in the first RUN it is an unknown function the handle is passed to: a
// transfer either way.
int stealTake(int *ret) {
  int fd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (fd < 0)
    return -errno;
  *ret = steal_fd(&fd);
  return 0;
}

#ifdef ONLY_STEAL
// Without TAKE_FD in the list, the macro is what it expands to: here the
// address of fd kept in a local, which is a transfer too (aliases are not
// followed). Nothing is reported.
int takeUnlisted(int *ret) {
  int fd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (fd < 0)
    return -errno;
  *ret = TAKE_FD(fd);
  return 0;
}
#endif
