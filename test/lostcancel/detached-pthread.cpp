// RUN: %check_lostcancel --config='{CheckOptions: {lostcancel.DetachFunctions: "pthread_detach;mylib::detach_thread;mylib::detach_std"}}' %s -- -std=c++20 -I%S/../Inputs

// lostcancel-detached (SPEC §1, §7.10) with POSIX threads, and the
// lostcancel.DetachFunctions option. The handle escapes as the `arg` of
// pthread_create(&tid, attr, routine, arg) into a thread that is detached by
// pthread_detach(tid) (or by a function listed in the option), and the scope
// does not release it on every path: warning at the creation call, one note at
// the first token of the detaching call.
//
// The option here replaces the default list
// ("std::thread::detach;std::jthread::detach;boost::thread::detach;pthread_detach"):
// it keeps pthread_detach, adds two in-house functions and drops the
// std::thread / std::jthread members, so `t.detach()` on a std::thread is not
// a detach in this file (the thread then owns the handle: a transfer).
// The default list is exercised in detached.cpp.
//
// Not yet supported (not tested as a positive): a heap object holding the
// handle (`new Job{ctx, cancel}`) passed as the `void *` argument.

#include "gocontext.h"
#include "guards.h"
#include <pthread.h>
#include <thread>

namespace mylib {
void detach_thread(pthread_t tid);
void detach_std(std::thread &t);
} // namespace mylib

void *routine(void *arg);
void workAndCancel(ctx::Context c, ctx::CancelFunc cancel);
bool more();

// ============================================================================
// Positive
// ============================================================================

// The address of the handle binding as the thread argument.
void handleAddressDetached(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
  use_context(c);
  pthread_t tid;
  pthread_create(&tid, nullptr, routine, &cancel);
  pthread_detach(tid);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
}

// `&r.second` of a pair variable; the creation result is tested.
void pairElementAddressDetached(const ctx::Context &bg) {
  auto r = ctx::WithTimeout(bg, ctx::Duration(10));
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'r.second' returned by 'WithTimeout' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
  pthread_t tid;
  if (pthread_create(&tid, nullptr, routine, &r.second) != 0)
    return;
  pthread_detach(tid);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
}

// A thread attribute object; the argument is the fourth one whatever the
// second.
void withAttributes(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_t tid;
  pthread_create(&tid, &attr, routine, &cancel);
  pthread_attr_destroy(&attr);
  pthread_detach(tid);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
  use_context(c);
}

// The argument spelled with an explicit cast to void *, as C++ code often
// does: still the handle's address.
void handleAddressCastDetached(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
  use_context(c);
  pthread_t tid;
  pthread_create(&tid, nullptr, routine, static_cast<void *>(&cancel));
  pthread_detach(tid);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
}

// Detached on one path only.
void detachedOnOnePath(const ctx::Context &bg, bool background) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
  use_context(c);
  pthread_t tid;
  pthread_create(&tid, nullptr, routine, &cancel);
  if (background) {
    pthread_detach(tid);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: the thread is detached here
    return;
  }
  pthread_join(tid, nullptr);
}

// Detached wins over unreleased: released on one path only, the note is the
// detach.
void detachedWinsOverUnreleased(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
  use_context(c);
  pthread_t tid;
  pthread_create(&tid, nullptr, routine, &cancel);
  pthread_detach(tid);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
  if (more())
    cancel();
}

// A function added by the option detaches a pthread.
void optionFunctionDetachesPthread(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
  use_context(c);
  pthread_t tid;
  pthread_create(&tid, nullptr, routine, &cancel);
  mylib::detach_thread(tid);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
}

// A function added by the option detaches a std::thread.
void optionFunctionDetachesStdThread(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
  std::thread t(workAndCancel, c, cancel);
  mylib::detach_std(t);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
}

// A by-reference capture into a std::thread detached by an option function.
void optionFunctionRefCapture(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: 'c' is captured by reference by a thread that is detached; the reference dangles once this scope returns [lostcancel-detached]
  absl::Cleanup guard = [cancel] { cancel(); };
  std::thread t([&c] { c.wait(); });
  // CHECK-NOTES: :[[@LINE-1]]:19: note: captured by reference here
  mylib::detach_std(t);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
}

// ============================================================================
// Negative
// ============================================================================

// Joined: the thread owns the handle until it is joined, a transfer.
void pthreadJoined(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  pthread_t tid;
  pthread_create(&tid, nullptr, routine, &cancel);
  pthread_join(tid, nullptr);
}

// Never detached nor joined in this scope: still a transfer.
void pthreadNeitherDetachedNorJoined(const ctx::Context &bg, pthread_t *out) {
  auto r = ctx::WithCancel(bg);
  use_context(r.first);
  pthread_create(out, nullptr, routine, &r.second);
}

// Detached, then the scope releases the handle itself on every path.
void pthreadDetachedThenReleased(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  pthread_t tid;
  pthread_create(&tid, nullptr, routine, &c);
  pthread_detach(tid);
  cancel();
}

// Only the context goes to the detached thread; a guard releases the handle.
void contextOnlyDetachedGuarded(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  auto guard = gsl::finally([&] { cancel(); });
  static ctx::Context shared;
  shared = c;
  pthread_t tid;
  pthread_create(&tid, nullptr, routine, &shared);
  pthread_detach(tid);
}

// Another thread is detached, not the one that got the handle.
void otherPthreadDetached(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  pthread_t owner, other;
  pthread_create(&owner, nullptr, routine, &cancel);
  pthread_create(&other, nullptr, routine, nullptr);
  pthread_detach(other);
  pthread_join(owner, nullptr);
}

// std::thread::detach is not in this file's DetachFunctions: the member call
// is an ordinary call and the thread owns the handle (a transfer).
void stdDetachNotListed(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  std::thread t(workAndCancel, c, cancel);
  t.detach();
}

// Neither is std::jthread::detach.
void jthreadDetachNotListed(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  std::jthread t([c, cancel] {
    c.wait();
    cancel();
  });
  t.detach();
}
