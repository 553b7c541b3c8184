// RUN: %check_lostcancel %s -- -std=c11 -D_GNU_SOURCE

// SPEC §7.17, first sentence: failure tests are seen through
// __builtin_expect and the likely()/unlikely() macros built on it (the
// Linux kernel's and systemd's spelling). The failure path created nothing:
// it is neither a leak nor a place for the C fix-it (close(-1) would clobber
// errno).

#include <errno.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

int arm(int fd);
int consume(int fd);

// ============================================================================
// Negative: released on every path that created something
// ============================================================================

int unlikelyFailure(void) {
  int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
  if (unlikely(fd < 0))
    return -errno;
  close(fd);
  return 0;
}

int likelySuccess(void) {
  int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
  if (likely(fd >= 0)) {
    close(fd);
    return 0;
  }
  return -errno;
}

int builtinExpect(void) {
  timer_t t;
  if (__builtin_expect(timer_create(CLOCK_MONOTONIC, NULL, &t) != 0, 0))
    return -1;
  timer_delete(t);
  return 0;
}

int expectWithProbability(void) {
  int fd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (__builtin_expect_with_probability(fd == -1, 0, 0.9))
    return -errno;
  close(fd);
  return 0;
}

// ============================================================================
// Positive: the leak after the failure test is still found, and the fix-it
// goes there, not on the failure path
// ============================================================================

int leaksAfterTest(void) {
  // CHECK-FIXES: {{^}}int leaksAfterTest(void) {{[{]}}{{$}}
  int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: timer descriptor 'fd' returned by 'timerfd_create' is not released on every path; the file descriptor stays live until the process exits [lostcancel-unreleased]
  if (unlikely(fd < 0))
    return -1;
  // CHECK-FIXES: {{^}}  if (unlikely(fd < 0)){{$}}
  // CHECK-FIXES-NEXT: {{^}}    return -1;{{$}}
  struct itimerspec its = {{0, 0}, {1, 0}};
  if (unlikely(timerfd_settime(fd, 0, &its, NULL) < 0))
    return -2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'fd'
  // CHECK-FIXES: {{^}}    { close(fd); return -2; }{{$}}
  return 0;
  // CHECK-FIXES: {{^}}  { close(fd); return 0; }{{$}}
}

// The errno-returning failure path of the issue: never a close() there.
int errnoPath(void) {
  // CHECK-FIXES: {{^}}int errnoPath(void) {{[{]}}{{$}}
  int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: timer descriptor 'fd' returned by 'timerfd_create' is not released on every path; the file descriptor stays live until the process exits [lostcancel-unreleased]
  if (unlikely(fd < 0))
    return -errno;
  // CHECK-FIXES: {{^}}  if (unlikely(fd < 0)){{$}}
  // CHECK-FIXES-NEXT: {{^}}    return -errno;{{$}}
  struct itimerspec its = {{0, 0}, {1, 0}};
  if (unlikely(timerfd_settime(fd, 0, &its, NULL) < 0))
    return -2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'fd'
  return 0;
}
