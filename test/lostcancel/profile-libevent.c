// RUN: %check_lostcancel %s -- -std=c11
// REQUIRES: libevent
//
// With every built-in profile but libevent, nothing is reported.
// RUN: %clang_tidy --load=%lostcancel_plugin --checks='-*,lostcancel-*' --quiet \
// RUN:   --config='{CheckOptions: {lostcancel.Profiles: "go-context;posix-timer;pplx;libuv;glib;sd-event"}}' \
// RUN:   %s -- -std=c11 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OFF --allow-empty --implicit-check-not='{{warning|error|note}}:'
// OFF-NOT: lostcancel-

// The libevent profile (SPEC §3.6) against the real <event2/event.h>:
// event_new (and the macros over it, evtimer_new and evsignal_new) returns
// an event that event_free releases. NULL is failure: the empty-handle rule
// (SPEC §7.6) makes `if (!ev) return` a branch with nothing to free, and no
// fix-it goes there. In C the fix-it frees the event before each leaking
// return.

#include <event2/event.h>
#include <signal.h>
#include <stddef.h>

static void on_event(evutil_socket_t fd, short what, void *arg) {
  (void)fd;
  (void)what;
  (void)arg;
}
int work(int step);
void keep_event(struct event *ev);

struct owner {
  struct event *timer;
};

int leakAfterNullTest(struct event_base *base) {
  struct event *ev = evtimer_new(base, on_event, NULL);
  if (!ev)
    return -1;
  struct timeval tv = {1, 0};
  evtimer_add(ev, &tv);
  if (work(1))
    return -2;
    // CHECK-NOTES: :[[@LINE-7]]:22: warning: event 'ev' returned by 'event_new' is not released on every path; the event stays live in its event base [lostcancel-unreleased]
    // CHECK-NOTES: :[[@LINE-2]]:5: note: returns here without releasing 'ev'
  event_free(ev);
  return 0;
}

int leakWithoutTest(struct event_base *base, int fd) {
  struct event *ev = event_new(base, fd, EV_READ | EV_PERSIST, on_event, NULL);
  event_add(ev, NULL);
  if (work(2))
    return -1;
    // CHECK-NOTES: :[[@LINE-4]]:22: warning: event 'ev' returned by 'event_new' is not released on every path; the event stays live in its event base [lostcancel-unreleased]
    // CHECK-NOTES: :[[@LINE-2]]:5: note: returns here without releasing 'ev'
    // CHECK-FIXES: {{^}}    { event_free(ev); return -1; }{{$}}
  event_del(ev);
  event_free(ev);
  return 0;
}

// The NULL test the other way round, and every use listed: no finding.
int released(struct event_base *base, int fd) {
  struct event *ev = event_new(base, fd, EV_READ, on_event, NULL);
  if (ev == NULL)
    return -1;
  event_add(ev, NULL);
  event_priority_set(ev, 1);
  if (event_pending(ev, EV_READ, NULL) && event_get_fd(ev) == fd)
    event_active(ev, EV_READ, 0);
  event_del(ev);
  event_free(ev);
  return 0;
}

// `if (ev)` guards the only release: the other branch holds no event.
void releasedIfMade(struct event_base *base) {
  struct event *ev = evtimer_new(base, on_event, NULL);
  if (ev) {
    evtimer_add(ev, NULL);
    work(3);
    event_free(ev);
  }
}

void discarded(struct event_base *base) {
  event_new(base, -1, 0, on_event, NULL);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the event returned by 'event_new' is discarded; the event stays live in its event base [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: keep the event in a variable and release it on every path
}

void neverMentioned(struct event_base *base) {
  struct event *ev = evsignal_new(base, 2, on_event, NULL);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: the event returned by 'event_new' is discarded; the event stays live in its event base [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:22: note: keep the event in a variable and release it on every path
}

// Handed on or stored into an object: a transfer.
void transferred(struct event_base *base, struct owner *o) {
  struct event *ev = evsignal_new(base, 2, on_event, NULL);
  keep_event(ev);
  o->timer = evtimer_new(base, on_event, o);
  evtimer_add(o->timer, NULL);
}

void overwritten(struct event_base *base) {
  struct event *ev = evtimer_new(base, on_event, NULL);
  evtimer_add(ev, NULL);
  ev = evtimer_new(base, on_event, NULL);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'ev' is assigned a new event returned by 'event_new' while the previous one may still be live; the overwritten event stays live in its event base [lostcancel-overwritten]
  // CHECK-NOTES: :[[@LINE-4]]:22: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
  evtimer_add(ev, NULL);
  event_free(ev);
}

int errorPathOnly(struct event_base *base) {
  struct event *ev = evtimer_new(base, on_event, NULL);
  if (!ev)
    return -1;
  if (evtimer_add(ev, NULL) < 0) {
    event_free(ev);
    return -2;
  }
  return 0;
  // CHECK-NOTES: :[[@LINE-8]]:22: warning: event 'ev' returned by 'event_new' is released only on early-exit paths; the event stays live in its event base [lostcancel-error-path-only]
  // CHECK-NOTES: :[[@LINE-5]]:5: note: released only here, on an error path
  // CHECK-NOTES: :[[@LINE-3]]:3: note: returns here without releasing 'ev'
}

// A callback given its own event (event_self_cbarg) that frees it owns it.
static void free_self(evutil_socket_t fd, short what, void *arg) {
  (void)fd;
  (void)what;
  event_free(arg);
}
void selfFreeing(struct event_base *base) {
  struct timeval tv = {1, 0};
  struct event *ev = evtimer_new(base, free_self, event_self_cbarg());
  evtimer_add(ev, &tv);
}

// Also through a local initialised from the argument (libevent's own
// test/regress.c).
static void free_self_alias(evutil_socket_t fd, short what, void *arg) {
  struct event *self = arg;
  (void)fd;
  (void)what;
  event_free(self);
}
void selfFreeingAlias(struct event_base *base) {
  struct event *ev = evsignal_new(base, SIGUSR1, free_self_alias,
                                  event_self_cbarg());
  evsignal_add(ev, NULL);
}

// A callback that frees the event its loop is running (the idiom when the
// callback's argument is something else) owns it too.
static void free_running(evutil_socket_t fd, short what, void *arg) {
  (void)fd;
  (void)what;
  event_free(event_base_get_running_event(arg));
}
void runningFreed(struct event_base *base) {
  struct timeval tv = {0, 100000};
  struct event *check = event_new(base, -1, EV_PERSIST, free_running, base);
  event_add(check, &tv);
}

// A callback that frees something else does not own the event.
static void free_other(evutil_socket_t fd, short what, void *arg) {
  (void)fd;
  (void)what;
  struct owner *o = arg;
  event_free(o->timer);
}
void otherFreed(struct event_base *base, struct owner *o) {
  struct event *ev = event_new(base, -1, EV_PERSIST, free_other, o);
  event_add(ev, NULL);
  // CHECK-NOTES: :[[@LINE-2]]:22: warning: event 'ev' returned by 'event_new' is not released on every path; the event stays live in its event base [lostcancel-unreleased]
  // CHECK-NOTES: :[[@LINE+1]]:1: note: reaches the end of the function without releasing 'ev'
}

// event_free_finalize and event_finalize end the event as event_free does.
static void finalized(struct event *ev, void *arg) {
  (void)ev;
  (void)arg;
}
int freedWhenFinalized(struct event_base *base) {
  struct event *ev = evtimer_new(base, on_event, NULL);
  if (!ev)
    return -1;
  event_active(ev, EV_TIMEOUT, 1);
  event_base_dispatch(base);
  return event_free_finalize(0, ev, finalized);
}
int handedToFinalizer(struct event_base *base) {
  struct event *ev = event_new(base, -1, 0, on_event, NULL);
  if (!ev)
    return -1;
  evtimer_add(ev, NULL);
  if (work(9))
    return -2;
    // CHECK-NOTES: :[[@LINE-6]]:22: warning: event 'ev' returned by 'event_new' is not released on every path; the event stays live in its event base [lostcancel-unreleased]
    // CHECK-NOTES: :[[@LINE-2]]:5: note: returns here without releasing 'ev'
    // CHECK-FIXES: {{^}}    { event_free(ev); return -2; }{{$}}
  return event_finalize(0, ev, finalized);
}

// The NULL test of an assignment in the condition: nothing was created on
// the NULL branch (found on lldpd's src/daemon/event.c).
int nullTestOfAssignment(struct event_base *base) {
  struct event *ev;
  if ((ev = event_new(base, -1, EV_READ, on_event, NULL)) == NULL)
    return -1;
  event_add(ev, NULL);
  event_free(ev);
  return 0;
}

int negatedTestOfAssignment(struct event_base *base) {
  struct event *ev;
  if (!(ev = event_new(base, -1, EV_READ, on_event, NULL)))
    return -1;
  event_add(ev, NULL);
  event_free(ev);
  return 0;
}

int leakAfterAssignmentTest(struct event_base *base) {
  struct event *ev;
  if ((ev = event_new(base, -1, EV_READ, on_event, NULL)) == NULL)
    // CHECK-NOTES: :[[@LINE-1]]:13: warning: event 'ev' returned by 'event_new' is not released on every path; the event stays live in its event base [lostcancel-unreleased]
    return -1;
  // CHECK-FIXES: {{^}}    return -1;{{$}}
  if (event_add(ev, NULL) < 0)
    return -7;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'ev'
  // CHECK-FIXES: {{^}}    { event_free(ev); return -7; }{{$}}
  event_free(ev);
  return 0;
}
