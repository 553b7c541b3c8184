// RUN: %check_lostcancel --config='{CheckOptions: {lostcancel.Apis: "names=obj_open,handle=return,release=func:obj_close(arg.0)"}}' %s -- -std=gnu11 -D_GNU_SOURCE -I%S/../Inputs

// SPEC §8.3: a function defined in the translation unit that returns a
// handle it created (or got from another wrapper), neither released nor
// stored, or writes it through a pointer parameter, is a creation API of the
// same family for its callers. The warning names the wrapper; a note points
// at the creation inside it. Its failure convention comes from its returns.

#include <stddef.h>
#include <signal.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "summaries-wrappers.h"

struct obj;
struct obj *obj_open(int id);
void obj_close(struct obj *o);
int obj_poke(struct obj *o);
int busy(void);

// Returns -1 or the descriptor: failure below zero, like timerfd_create.
static int make_timerfd(void) {
  int fd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (fd < 0)
    return -1;
  return fd;
}

int leakFromWrapper(void) {
  int fd = make_timerfd();
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: timer descriptor 'fd' returned by 'make_timerfd' is not released on every path; the file descriptor stays live until the process exits [lostcancel-unreleased]
  if (fd < 0)
    return -1;
  if (busy())
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'fd'
  // CHECK-NOTES: :{{[0-9]+}}:12: note: 'make_timerfd' creates the timer descriptor here
  // CHECK-FIXES: {{^}}int leakFromWrapper(void) {{{$}}
  // CHECK-FIXES: {{^}}  if (busy()){{$}}
  // CHECK-FIXES-NEXT: {{^}}    { close(fd); return -1; }{{$}}
  close(fd);
  return 0;
}

int closedAfterWrapper(void) {
  int fd = make_timerfd();
  if (fd < 0)
    return -1;
  if (busy()) {
    close(fd);
    return -1;
  }
  close(fd);
  return 0;
}

void discardedFromWrapper(void) {
  make_timerfd();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the timer descriptor returned by 'make_timerfd' is discarded; the file descriptor stays live until the process exits [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: keep the timer descriptor in a variable and release it on every path
  // CHECK-NOTES: :{{[0-9]+}}:12: note: 'make_timerfd' creates the timer descriptor here
}

// A wrapper of a wrapper; and one that returns the creation directly.
static int make_timerfd_twice_wrapped(void) { return make_timerfd(); }
inline int make_direct(void) { return timerfd_create(CLOCK_REALTIME, 0); }

void leakFromChain(void) {
  int fd = make_timerfd_twice_wrapped();
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: timer descriptor 'fd' returned by 'make_timerfd_twice_wrapped' is not released on every path; the file descriptor stays live until the process exits [lostcancel-unreleased]
  if (fd < 0)
    return;
  if (busy())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'fd'
  // CHECK-NOTES: :{{[0-9]+}}:54: note: 'make_timerfd_twice_wrapped' creates the timer descriptor here
  // CHECK-NOTES: :{{[0-9]+}}:12: note: 'make_timerfd' creates the timer descriptor here
  close(fd);
}

void leakFromDirect(void) {
  int fd = make_direct();
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: timer descriptor 'fd' returned by 'make_direct' is not released on every path; the file descriptor stays live until the process exits [lostcancel-unreleased]
  if (fd == -1)
    return;
  if (busy())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'fd'
  // CHECK-NOTES: :{{[0-9]+}}:39: note: 'make_direct' creates the timer descriptor here
  close(fd);
}

// A wrapper in a header.
void leakFromHeaderWrapper(void) {
  int fd = open_tick_timer(0);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: timer descriptor 'fd' returned by 'open_tick_timer' is not released on every path; the file descriptor stays live until the process exits [lostcancel-unreleased]
  if (fd < 0)
    return;
  if (busy())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'fd'
  // CHECK-NOTES: summaries-wrappers.h:10:12: note: 'open_tick_timer' creates the timer descriptor here
  close(fd);
}

void closedFromHeaderWrapper(void) {
  int fd = open_tick_timer(TFD_CLOEXEC);
  if (fd < 0)
    return;
  close(fd);
}

// Out-parameter wrappers.
void setup_timer(timer_t *t) { timer_create(CLOCK_MONOTONIC, NULL, t); }

void leakFromOutParam(void) {
  timer_t t;
  setup_timer(&t);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: timer 't' created by 'setup_timer' is not released on every path; the timer stays live until the process exits [lostcancel-unreleased]
  if (busy())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 't'
  // CHECK-NOTES: :{{[0-9]+}}:32: note: 'setup_timer' creates the timer here
  // CHECK-FIXES: {{^}}void leakFromOutParam(void) {{{$}}
  // CHECK-FIXES: {{^}}  if (busy()){{$}}
  // CHECK-FIXES-NEXT: {{^}}    { timer_delete(t); return; }{{$}}
  timer_delete(t);
}

void deletedAfterOutParam(void) {
  timer_t t;
  setup_timer(&t);
  timer_delete(t);
}

// -1 on failure, 0 on success: a status, as timer_create's.
static int setup_checked(timer_t *t) {
  if (timer_create(CLOCK_MONOTONIC, NULL, t) != 0)
    return -1;
  return 0;
}

// The status itself.
static int setup_passthrough(timer_t *t) {
  return timer_create(CLOCK_MONOTONIC, NULL, t);
}

int failureOfOutParamWrapper(void) {
  timer_t t;
  if (setup_checked(&t) != 0)
    return -1;
  timer_delete(t);
  return 0;
}

int leakAfterCheckedOutParam(void) {
  timer_t t;
  if (setup_checked(&t) < 0)
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: timer 't' created by 'setup_checked' is not released on every path; the timer stays live until the process exits [lostcancel-unreleased]
    return -1;
  if (busy())
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 't'
  // CHECK-NOTES: :{{[0-9]+}}:7: note: 'setup_checked' creates the timer here
  timer_delete(t);
  return 0;
}

int failureOfPassthrough(void) {
  timer_t t;
  if (setup_passthrough(&t))
    return -1;
  timer_delete(t);
  return 0;
}

// NULL on failure: a pointer handle, empty when null.
static struct obj *open_or_null(int id) {
  struct obj *o = obj_open(id);
  if (!o)
    return NULL;
  return o;
}

void leakFromNullWrapper(void) {
  struct obj *o = open_or_null(1);
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: handle 'o' returned by 'open_or_null' is not released on every path; the resource stays live [lostcancel-unreleased]
  if (o == NULL)
    return;
  if (busy())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'o'
  // CHECK-NOTES: :{{[0-9]+}}:19: note: 'open_or_null' creates the handle here
  obj_close(o);
}

void closedFromNullWrapper(void) {
  struct obj *o = open_or_null(2);
  if (!o)
    return;
  obj_close(o);
}

// Not wrappers: the handle is stored, released on a path, returned only on
// some paths, or replaced by a constant that is no failure value; calls
// through a pointer, recursion, and variadic functions.
static int last_fd = -1;
static int make_and_store(void) {
  int fd = timerfd_create(CLOCK_MONOTONIC, 0);
  last_fd = fd;
  return fd;
}

static int make_or_close(int keep) {
  int fd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (fd < 0)
    return -1;
  if (!keep) {
    close(fd);
    return -1;
  }
  return fd;
}

static int make_sometimes(int keep) {
  int fd = timerfd_create(CLOCK_MONOTONIC, 0);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: timer descriptor 'fd' returned by 'timerfd_create' is not released on every path; the file descriptor stays live until the process exits [lostcancel-unreleased]
  if (keep)
    return fd;
  return -1;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 'fd'
  // CHECK-FIXES: {{^}}  { close(fd); return -1; }{{$}}
}

static int make_or_zero(void) {
  int fd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (fd < 0)
    return 0;
  return fd;
}

static int make_recursive(int n) {
  if (n > 0)
    return make_recursive(n - 1);
  return timerfd_create(CLOCK_MONOTONIC, 0);
}

static int make_variadic(int n, ...) {
  return timerfd_create(CLOCK_MONOTONIC, n);
}

void setup_stored(timer_t *t, timer_t *copy) {
  timer_create(CLOCK_MONOTONIC, NULL, t);
  *copy = *t;
}

void notWrappers(int (*make)(void)) {
  int a = make_and_store();
  int b = make_or_close(busy());
  int c = make_sometimes(busy());
  int d = make_or_zero();
  int e = make_recursive(3);
  int f = make_variadic(0);
  int g = make();
  timer_t t, u;
  setup_stored(&t, &u);
  if (busy())
    return;
  close(a);
  close(b);
  close(c);
  close(d);
  close(e);
  close(f);
  close(g);
  timer_delete(t);
}
