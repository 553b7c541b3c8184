// RUN: %check_lostcancel %s -- -std=c++20 -I%S/../Inputs

// SPEC §7.10: a local aggregate or heap object built with the handle carries
// it into the thread it is handed to (one level), including as the void*
// argument of pthread_create.

#include "gocontext.h"
#include <pthread.h>
#include <thread>

struct Job {
  ctx::Context context;
  ctx::CancelFunc cancel;
};
void *routine(void *);
void keep(const Job &job);

void heapJobToPthread(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
  Job *job = new Job{c, cancel};
  pthread_t tid;
  pthread_create(&tid, nullptr, routine, job);
  pthread_detach(tid);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
}

void localJobCapturedByDetachedThread(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
  Job job{c, cancel};
  std::thread([job] { job.cancel(); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
}

void localJobPassedToDetachedThread(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
  Job job{c, cancel};
  std::thread t(keep, job);
  t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
}

// A named lambda that captures the handle, handed to a detached thread.
void namedLambdaToDetachedThread(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
  auto work = [cancel] { cancel(); };
  std::thread(work).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
}

// Negatives. The scope releases the handle itself: the escape is fine.
void heapJobReleasedHere(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  Job *job = new Job{c, cancel};
  pthread_t tid;
  pthread_create(&tid, nullptr, routine, job);
  pthread_detach(tid);
  cancel();
}

// The aggregate goes to a joined thread: a transfer.
void jobToJoinedThread(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  Job job{c, cancel};
  std::thread t(keep, job);
  t.join();
}

// The aggregate is stored elsewhere, never handed to a thread: a transfer.
void jobStored(const ctx::Context &bg, Job &out) {
  auto [c, cancel] = ctx::WithCancel(bg);
  Job job{c, cancel};
  out = job;
}
