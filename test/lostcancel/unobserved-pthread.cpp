// RUN: %check_lostcancel --checks=lostcancel-unobserved %s -- -std=c++20 -I%S/../Inputs

// lostcancel-unobserved (SPEC §9) with POSIX threads in C++: the start
// routine of pthread_create(&tid, attr, routine, arg), when its body is in
// the translation unit. Its signal is a local initialised by casting the
// `void *` parameter to a pointer to a context (static_cast or a C-style
// cast); a context kept in a struct the argument points to is not seen
// (silent), and a routine without a signal is silent as for std::thread.

#include "gocontext.h"
#include <pthread.h>

void work();
bool more();

// ============================================================================
// Positive
// ============================================================================

void *castRoutine(void *arg) {
  auto *c = static_cast<ctx::Context *>(arg);
  while (true)
    work();
  return nullptr;
}
void startCast(ctx::Context *c) {
  pthread_t tid;
  pthread_create(&tid, nullptr, castRoutine, c);
  pthread_join(tid, nullptr);
}
// CHECK-NOTES: :[[@LINE-9]]:3: warning: this loop of a thread's body can only end by cancellation, but never observes 'c'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-11]]:9: note: the thread's cancellation signal 'c' is declared here
// CHECK-NOTES: :[[@LINE-5]]:3: note: the thread is started here

void *cStyleRoutine(void *arg) {
  const ctx::Context *c = (const ctx::Context *)arg;
  for (;;)
    work();
}
void startCStyle(ctx::Context *c) {
  pthread_t tid;
  pthread_create(&tid, nullptr, &cStyleRoutine, c);
  pthread_join(tid, nullptr);
}
// CHECK-NOTES: :[[@LINE-8]]:3: warning: this loop of a thread's body can only end by cancellation, but never observes 'c'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-10]]:23: note: the thread's cancellation signal 'c' is declared here
// CHECK-NOTES: :[[@LINE-5]]:3: note: the thread is started here

// ============================================================================
// Negative
// ============================================================================

// The routine observes its context.
void *observingRoutine(void *arg) {
  auto *c = static_cast<ctx::Context *>(arg);
  while (true) {
    if (c->done())
      work();
  }
}

// The context inside a struct the argument points to: not seen.
struct Job {
  ctx::Context context;
  int n;
};
void *jobRoutine(void *arg) {
  Job *job = static_cast<Job *>(arg);
  while (true)
    work();
}

// No signal at all.
void *plainRoutine(void *arg) {
  while (1)
    work();
}

// A pointer to a context that does not come from the parameter.
ctx::Context *current();
void *otherPointer(void *) {
  ctx::Context *c = current();
  while (true)
    work();
}

void startAll(ctx::Context *c, Job *job) {
  pthread_t a, b, d, e;
  pthread_create(&a, nullptr, observingRoutine, c);
  pthread_create(&b, nullptr, jobRoutine, job);
  pthread_create(&d, nullptr, plainRoutine, nullptr);
  pthread_create(&e, nullptr, otherPointer, nullptr);
  pthread_join(a, nullptr);
  pthread_join(b, nullptr);
  pthread_join(d, nullptr);
  pthread_join(e, nullptr);
}
