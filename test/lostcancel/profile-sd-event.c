// RUN: %check_lostcancel %s -- -std=gnu11
// REQUIRES: libsystemd
//
// With every built-in profile but sd-event, nothing is reported.
// RUN: %clang_tidy --load=%lostcancel_plugin --checks='-*,lostcancel-*' --quiet \
// RUN:   --config='{CheckOptions: {lostcancel.Profiles: "go-context;posix-timer;pplx;libuv;glib;libevent"}}' \
// RUN:   %s -- -std=gnu11 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OFF --allow-empty --implicit-check-not='{{warning|error|note}}:'
// OFF-NOT: lostcancel-

// The sd-event profile (SPEC §3.7) against the real <systemd/sd-event.h>:
// sd_event_add_*(e, &s, ...) gives a source through the out-parameter,
// released by sd_event_source_unref or sd_event_source_disable_unref. A
// negative return is failure (nothing was made); a NULL out-parameter makes
// a floating source that the loop owns (no creation). A local declared with
// systemd's _cleanup_(sd_event_source_unrefp) is guarded from its
// declaration on (SPEC §7.17).

#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <sys/timerfd.h>
#include <systemd/sd-event.h>
#include <time.h>
#include <unistd.h>

// As systemd-style client code defines it.
#define _cleanup_(f) __attribute__((cleanup(f)))

static int on_time(sd_event_source *s, uint64_t usec, void *userdata) {
  (void)s;
  (void)usec;
  (void)userdata;
  return 0;
}
int work(int step);
void keep_source(sd_event_source *s);

struct owner {
  sd_event_source *timer;
};

int leak(sd_event *e) {
  sd_event_source *s = NULL;
  int r = sd_event_add_time_relative(e, &s, CLOCK_MONOTONIC, 1000, 0, on_time, NULL);
  if (r < 0)
    return r;
  sd_event_source_set_description(s, "leak");
  if (work(1))
    return -EIO;
    // CHECK-NOTES: :[[@LINE-6]]:11: warning: event source 's' created by 'sd_event_add_time_relative' is not released on every path; the event source stays live in its event loop [lostcancel-unreleased]
    // CHECK-NOTES: :[[@LINE-2]]:5: note: returns here without releasing 's'
    // CHECK-FIXES: {{^}}    { sd_event_source_unref(s); return -EIO; }{{$}}
  sd_event_source_unref(s);
  return 0;
}

int statusTestedDirectly(sd_event *e) {
  sd_event_source *s = NULL;
  if (sd_event_add_defer(e, &s, NULL, NULL) != 0)
    return -1;
  sd_event_source_set_enabled(s, SD_EVENT_ONESHOT);
  if (work(2))
    return -2;
    // CHECK-NOTES: :[[@LINE-5]]:7: warning: event source 's' created by 'sd_event_add_defer' is not released on every path; the event source stays live in its event loop [lostcancel-unreleased]
    // CHECK-NOTES: :[[@LINE-2]]:5: note: returns here without releasing 's'
    // CHECK-FIXES: {{^}}    { sd_event_source_unref(s); return -2; }{{$}}
  sd_event_source_disable_unref(s);
  return 0;
}

// Released, the result assigned back (as systemd code writes it).
int released(sd_event *e, int fd) {
  sd_event_source *s = NULL;
  int r = sd_event_add_io(e, &s, fd, 1, NULL, NULL);
  if (r < 0)
    return r;
  sd_event_source_set_priority(s, 10);
  s = sd_event_source_unref(s);
  return 0;
}

// Floating sources: nothing to release.
int floating(sd_event *e) {
  int r = sd_event_add_time_relative(e, NULL, CLOCK_MONOTONIC, 1000, 0, on_time, NULL);
  if (r < 0)
    return r;
  return sd_event_add_signal(e, NULL, SIGTERM, NULL, NULL);
}

// The cleanup attribute: guarded from the declaration on.
int guarded(sd_event *e) {
  _cleanup_(sd_event_source_unrefp) sd_event_source *s = NULL;
  int r = sd_event_add_time_relative(e, &s, CLOCK_MONOTONIC, 1000, 0, on_time, NULL);
  if (r < 0)
    return r;
  if (work(3))
    return -EIO;
  return 0;
}

int guardedDisable(sd_event *e) {
  _cleanup_(sd_event_source_disable_unrefp) sd_event_source *s = NULL;
  if (sd_event_add_defer(e, &s, NULL, NULL) < 0)
    return -1;
  return work(4);
}

// A cleanup function of the client's own whose body releases `*p`.
static void source_freep(sd_event_source **p) {
  if (*p)
    sd_event_source_disable_unref(*p);
}
int ownCleanup(sd_event *e) {
  _cleanup_(source_freep) sd_event_source *s = NULL;
  if (sd_event_add_defer(e, &s, NULL, NULL) < 0)
    return -1;
  return work(5);
}

// A cleanup function that releases nothing is no guard.
static void not_a_release(sd_event_source **p) { (void)p; }
int otherCleanup(sd_event *e) {
  _cleanup_(not_a_release) sd_event_source *s = NULL;
  if (sd_event_add_defer(e, &s, NULL, NULL) < 0)
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: the event source created by 'sd_event_add_defer' is discarded; the event source stays live in its event loop [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:7: note: keep the event source in a variable and release it on every path
    return -1;
  return work(6);
}

// Handed on, made floating, or created into an object's member: transfers.
void transferred(sd_event *e, struct owner *o) {
  sd_event_source *s = NULL;
  if (sd_event_add_defer(e, &s, NULL, NULL) < 0)
    return;
  keep_source(s);
  sd_event_source *f = NULL;
  if (sd_event_add_post(e, &f, NULL, NULL) < 0)
    return;
  sd_event_source_set_floating(f, 1);
  sd_event_add_time(e, &o->timer, CLOCK_MONOTONIC, 0, 0, on_time, o);
}

void neverMentioned(sd_event *e) {
  sd_event_source *s;
  sd_event_add_exit(e, &s, NULL, NULL);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the event source created by 'sd_event_add_exit' is discarded; the event source stays live in its event loop [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: keep the event source in a variable and release it on every path
}

void overwritten(sd_event *e) {
  sd_event_source *s = NULL;
  sd_event_add_defer(e, &s, NULL, NULL);
  sd_event_source_set_enabled(s, SD_EVENT_ON);
  sd_event_add_defer(e, &s, NULL, NULL);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 's' is assigned a new event source created by 'sd_event_add_defer' while the previous one may still be live; the overwritten event source stays live in its event loop [lostcancel-overwritten]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
  sd_event_source_unref(s);
}

// The same rule for another profile's handle: a timerfd descriptor with a
// closep of the client's own (systemd's _cleanup_close_).
static void closep(int *fd) {
  if (*fd >= 0)
    close(*fd);
}
#define _cleanup_close_ _cleanup_(closep)
int timerDescriptor(void) {
  _cleanup_close_ int fd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (fd < 0)
    return -1;
  return work(7);
}

// A handler that unrefs the source it is given owns it: the retry timer of a
// bluez pairing agent found by the real-code trial (not a discarded source).
static int retry_once(sd_event_source *s, uint64_t usec, void *userdata) {
  (void)usec;
  (void)userdata;
  sd_event_source_unref(s);
  return 0;
}
int callbackReleases(sd_event *e) {
  sd_event_source *t;
  if (sd_event_add_time_relative(e, &t, CLOCK_MONOTONIC, 1000000, 0, retry_once, NULL) >= 0)
    return 0;
  return -1;
}
