// RUN: %check_lostcancel %s -- -std=c11 -D_POSIX_C_SOURCE=200809L

// Correlated conditions in C (SPEC §7.14, issue 15): a POSIX timer created
// only under a mode test on a configuration struct and deleted at a cleanup
// label under the same test; an attribute-described handle created under a
// const local and closed under it; creation status codes tested twice
// (§7.7); a flag set when the creation succeeded. A write between the tests
// (to the variable or, through a call that may write it, to the struct it
// points to) brings the finding back. The C++ shapes are in
// path-conditions.cpp.

#include <signal.h>
#include <stddef.h>
#include <time.h>

#define ACQUIRE(tag) __attribute__((acquire_handle(tag)))
#define RELEASE(tag) __attribute__((release_handle(tag)))
#define USE(tag) __attribute__((use_handle(tag)))

ACQUIRE("chan") int chan_open(const char *name);
int chan_close(int h RELEASE("chan"));
int chan_send(int h USE("chan"), int value);

enum timer_mode { MODE_ONESHOT, MODE_CYCLIC };
struct config {
  enum timer_mode mode;
  int period;
};

int work(int step);
void report(int status);
void reconfigure(struct config *cfg);
void inspect(const struct config *cfg);
void touch(int *value);
int lookup(const char *name);

//===----------------------------------------------------------------------===//
// A timer created under `cfg->mode == MODE_CYCLIC`, deleted at the cleanup
// label under the same test.
//===----------------------------------------------------------------------===//

int cyclicTimer(const struct config *cfg) {
  timer_t t;
  int rc = -1;
  if (cfg->mode == MODE_CYCLIC) {
    if (timer_create(CLOCK_MONOTONIC, NULL, &t) != 0)
      return -1;
  }
  if (work(1))
    goto out;
  inspect(cfg);
  if (work(2) < 0)
    goto out;
  rc = 0;
out:
  if (cfg->mode == MODE_CYCLIC)
    timer_delete(t);
  return rc;
}

// A pointer to a mutable struct that no call receives between the tests.
int cyclicTimerMutable(struct config *cfg) {
  timer_t t;
  int rc = -1;
  if (cfg->mode == MODE_CYCLIC) {
    if (timer_create(CLOCK_MONOTONIC, NULL, &t) != 0)
      return -1;
  }
  if (work(3))
    goto out;
  rc = 0;
out:
  if (cfg->mode == MODE_CYCLIC)
    timer_delete(t);
  return rc;
}

// Negative: a call receives the pointer to the mutable struct between the
// tests: it may change the mode.
int cyclicTimerReconfigured(struct config *cfg) {
  timer_t t;
  int rc = -1;
  if (cfg->mode == MODE_CYCLIC) {
    if (timer_create(CLOCK_MONOTONIC, NULL, &t) != 0)
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: timer 't' created by 'timer_create' is not released on every path; the timer stays live until the process exits [lostcancel-unreleased]
      return -1;
  }
  reconfigure(cfg);
  if (work(4))
    goto out;
  rc = 0;
out:
  if (cfg->mode == MODE_CYCLIC)
    timer_delete(t);
  return rc;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 't'
}

// Negative: the member is written between the tests.
int cyclicTimerModeWritten(struct config *cfg) {
  timer_t t;
  int rc = -1;
  if (cfg->mode == MODE_CYCLIC) {
    if (timer_create(CLOCK_MONOTONIC, NULL, &t) != 0)
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: timer 't' created by 'timer_create' is not released on every path; the timer stays live until the process exits [lostcancel-unreleased]
      return -1;
  }
  if (work(5))
    cfg->mode = MODE_ONESHOT;
  rc = 0;
  if (cfg->mode == MODE_CYCLIC)
    timer_delete(t);
  return rc;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 't'
}

// A struct held by value: `cfg.mode` is a member of a local.
int cyclicTimerByValue(struct config cfg) {
  timer_t t;
  if (cfg.mode == MODE_CYCLIC) {
    if (timer_create(CLOCK_MONOTONIC, NULL, &t) != 0)
      return -1;
  }
  work(6);
  if (cfg.mode == MODE_CYCLIC)
    timer_delete(t);
  return 0;
}

// A member compared with a constant.
int periodByValue(struct config cfg) {
  timer_t t;
  if (cfg.period > 0) {
    if (timer_create(CLOCK_MONOTONIC, NULL, &t) != 0)
      return -1;
  }
  work(15);
  if (cfg.period > 0)
    timer_delete(t);
  return 0;
}

// Negative: a call receives the member's address, which is a write.
int periodTouched(struct config cfg) {
  timer_t t;
  if (cfg.period > 0) {
    if (timer_create(CLOCK_MONOTONIC, NULL, &t) != 0)
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: timer 't' created by 'timer_create' is not released on every path; the timer stays live until the process exits [lostcancel-unreleased]
      return -1;
  }
  touch(&cfg.period);
  if (cfg.period > 0)
    timer_delete(t);
  return 0;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 't'
}

// Negative: a call receives the struct's address - even as a pointer to
// const, that is a write at the call.
int periodAddressPassed(struct config cfg) {
  timer_t t;
  if (cfg.period > 0) {
    if (timer_create(CLOCK_MONOTONIC, NULL, &t) != 0)
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: timer 't' created by 'timer_create' is not released on every path; the timer stays live until the process exits [lostcancel-unreleased]
      return -1;
  }
  inspect(&cfg);
  if (cfg.period > 0)
    timer_delete(t);
  return 0;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 't'
}

//===----------------------------------------------------------------------===//
// An attribute-described handle created under a const local.
//===----------------------------------------------------------------------===//

int chanUnderId(const char *name) {
  const int id = lookup(name);
  int h = -1;
  int rc = -1;
  if (id) {
    h = chan_open(name);
    if (h < 0)
      return -1;
  }
  if (work(7))
    goto out;
  if (id)
    chan_send(h, 1);
  rc = 0;
out:
  if (id)
    chan_close(h);
  return rc;
}

// Negative: the same with a mutable local whose address a call receives.
int chanUnderIdTouched(const char *name) {
  int id = lookup(name);
  int h = -1;
  int rc = -1;
  if (id) {
    h = chan_open(name);
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: handle 'h' returned by 'chan_open' is not released on every path; the 'chan' handle stays live [lostcancel-unreleased]
    if (h < 0)
      return -1;
  }
  touch(&id);
  if (work(8))
    goto out;
  rc = 0;
out:
  if (id)
    chan_close(h);
  return rc;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 'h'
}

//===----------------------------------------------------------------------===//
// Creation status codes (§7.7) tested more than once.
//===----------------------------------------------------------------------===//

int statusTestedTwice(void) {
  timer_t t;
  int rc = timer_create(CLOCK_MONOTONIC, NULL, &t);
  if (rc == 0)
    work(9);
  if (rc != 0)
    return -1;
  timer_delete(t);
  return 0;
}

int statusAtCleanupLabel(void) {
  timer_t t;
  int rc = timer_create(CLOCK_MONOTONIC, NULL, &t);
  if (rc != 0)
    report(rc);
  if (work(10))
    goto fail;
  if (rc == 0)
    timer_delete(t);
  return 0;
fail:
  if (rc == 0)
    timer_delete(t);
  return -1;
}

// The status is a constant where the timer is not created.
int statusUnderMode(const struct config *cfg) {
  timer_t t;
  int rc = -1;
  if (cfg->mode == MODE_CYCLIC)
    rc = timer_create(CLOCK_MONOTONIC, NULL, &t);
  work(11);
  if (rc != 0)
    return -1;
  timer_delete(t);
  return 0;
}

// Negative: a call receives the status's address before it is tested.
int statusTouched(void) {
  timer_t t;
  int rc = timer_create(CLOCK_MONOTONIC, NULL, &t);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: timer 't' created by 'timer_create' is not released on every path; the timer stays live until the process exits [lostcancel-unreleased]
  if (rc == 0)
    work(12);
  touch(&rc);
  if (rc != 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 't'
  timer_delete(t);
  return 0;
}

//===----------------------------------------------------------------------===//
// A flag set when the creation succeeded.
//===----------------------------------------------------------------------===//

void armedFlag(int want) {
  timer_t t;
  int armed = 0;
  if (want) {
    if (timer_create(CLOCK_MONOTONIC, NULL, &t) == 0)
      armed = 1;
  }
  work(13);
  if (armed)
    timer_delete(t);
}

// Negative: the flag is cleared on one path while the timer exists.
void armedFlagCleared(int want) {
  timer_t t;
  int armed = 0;
  if (want) {
    if (timer_create(CLOCK_MONOTONIC, NULL, &t) == 0)
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: timer 't' created by 'timer_create' is not released on every path; the timer stays live until the process exits [lostcancel-unreleased]
      armed = 1;
  }
  if (work(14))
    armed = 0;
  if (armed)
    timer_delete(t);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 't'

// The same with the creation as the last operand of `&&`: the branch that
// follows it is decided by that operand.
void armedFlagInAnd(int want) {
  timer_t t;
  int armed = 0;
  if (want && timer_create(CLOCK_MONOTONIC, NULL, &t) == 0)
    armed = 1;
  work(15);
  if (armed)
    timer_delete(t);
}
