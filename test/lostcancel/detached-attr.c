// RUN: %check_lostcancel %s -- -std=c11 -D_GNU_SOURCE
// RUN: %check_lostcancel %s -- -x c++ -std=c++17 -D_GNU_SOURCE

// SPEC §7.20: a thread started with thread attributes whose detach state was
// set to PTHREAD_CREATE_DETACHED (anywhere in the scope, like a detach call)
// is a detached thread for lostcancel-detached; the note is at the
// pthread_attr_setdetachstate call. PTHREAD_CREATE_JOINABLE, or no detach
// state at all, leaves the thread joinable: handing it the handle is a
// transfer (as with any joined thread).

#include <pthread.h>
#include <stddef.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

void *reader(void *arg);
int ready(void);

void detachedByAttributes(void) {
  int fd = timerfd_create(CLOCK_MONOTONIC, 0);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: timer descriptor 'fd' returned by 'timerfd_create' escapes into a detached thread and this scope does not release it on every path; nothing controls the file descriptor's lifetime any more [lostcancel-detached]
  if (fd < 0)
    return;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
  pthread_t tid;
  pthread_create(&tid, &attr, reader, &fd);
  pthread_attr_destroy(&attr);
}

// The attributes through a pointer; the state set after the start still
// counts (flow-insensitive, like a detach call).
void detachedThroughPointer(pthread_attr_t *attr) {
  timer_t t;
  if (timer_create(CLOCK_MONOTONIC, NULL, &t) != 0)
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: timer 't' created by 'timer_create' escapes into a detached thread and this scope does not release it on every path; nothing controls the timer's lifetime any more [lostcancel-detached]
    return;
  pthread_t tid;
  pthread_create(&tid, attr, reader, &t);
  if (ready())
    pthread_attr_setdetachstate(attr, (PTHREAD_CREATE_DETACHED));
  // CHECK-NOTES: :[[@LINE-1]]:5: note: the thread is detached here
}

// Negative: joinable attributes, or none that set a detach state: the
// joinable thread owns what it was given.
void joinableAttributes(void) {
  int fd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (fd < 0)
    return;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_JOINABLE);
  pthread_t tid;
  pthread_create(&tid, &attr, reader, &fd);
  pthread_join(tid, NULL);
}

void attributesWithoutDetachState(void) {
  int fd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (fd < 0)
    return;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 1 << 16);
  pthread_t tid;
  pthread_create(&tid, &attr, reader, &fd);
  pthread_join(tid, NULL);
}

// Other attributes are detached, not the ones this thread is started with.
void otherAttributesDetached(void) {
  int fd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (fd < 0)
    return;
  pthread_attr_t attr, other;
  pthread_attr_init(&attr);
  pthread_attr_init(&other);
  pthread_attr_setdetachstate(&other, PTHREAD_CREATE_DETACHED);
  pthread_t tid;
  pthread_create(&tid, &attr, reader, &fd);
  pthread_join(tid, NULL);
}

// Detached, but the scope releases the handle on every path itself: the
// thread got a copy of the descriptor's address, not the only owner.
void detachedButReleased(void) {
  int fd = timerfd_create(CLOCK_MONOTONIC, 0);
  if (fd < 0)
    return;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t tid;
  pthread_create(&tid, &attr, reader, (void *)(long)fd);
  close(fd);
}
