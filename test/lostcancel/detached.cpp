// RUN: %check_lostcancel %s -- -std=c++20 -I%S/../Inputs

// lostcancel-detached (SPEC §1, §7.3, §7.10) with std::thread, std::jthread,
// boost::thread and pthread_detach (default DetachFunctions): the handle (a
// thread constructor argument, or captured by copy in a lambda handed to the
// thread constructor, or the pthread_create argument) escapes into a thread
// that is detached somewhere in the scope, and the creating scope does not
// release it on every path. The warning is at the creation call, with one note
// at the first token of the detaching call. Escaping into a detached thread is
// neither a release nor a transfer; detached wins over overwritten,
// error-path-only and unreleased.
//
// A lambda that captures the context or the handle by reference and runs in a
// detached thread dangles once the scope returns: reported at the creation
// even when the scope releases the handle, with a note at the capture and one
// at the detach.
//
// Not yet supported (so not tested as positives here): the handle wrapped in a
// local aggregate or heap object (`new Job{ctx, cancel}`) handed to the
// detached thread (SPEC §7.10, one level of aggregation).

#include "gocontext.h"
#include "guards.h"
#include <functional>
#include <pthread.h>
#include <thread>
#include <tuple>
#include <utility>

// boost::thread is not installed; a minimal declaration with its real name.
namespace boost {
class thread {
public:
  template <typename F, typename... A> explicit thread(F &&f, A &&...a) {}
  ~thread();
  void detach();
  void join();
};
} // namespace boost

void work(ctx::Context c);
void workAndCancel(ctx::Context c, ctx::CancelFunc cancel);
void runCancel(ctx::CancelFunc cancel);
bool more();

// ============================================================================
// Positive: the handle escapes into a detached thread
// ============================================================================

// The handle as a std::thread constructor argument, the thread detached by name.
void threadArgDetached(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
  std::thread t(workAndCancel, c, cancel);
  t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
}

// The handle alone is the thread function.
void handleIsThreadFunction(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(5));
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithTimeout' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
  use_context(c);
  std::thread t(cancel);
  t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
}

// Captured by copy in a lambda; the thread body releases it at its end, but
// the detached thread takes the context's lifetime out of the scope's control
// (SPEC §7.10: Go's lostcancel would stay silent here).
void lambdaCopyCaptureDetached(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
  std::thread t([c, cancel] {
    c.wait();
    cancel();
  });
  t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
}

// Go's `go func() { ... }()`: a temporary thread detached at once. The note is
// at the `std` of the temporary.
void temporaryThreadDetached(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
  std::thread([c, cancel] {
    // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
    c.wait();
    cancel();
  }).detach();
}

// Temporary thread with the handle as argument, on one line.
void temporaryThreadArgDetached(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
  std::thread(runCancel, cancel).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
}

// Init-capture by copy of the pair element.
void initCaptureOfPairElement(const ctx::Context &bg) {
  auto r = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'r.second' returned by 'WithCancel' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
  std::thread t([ctx = r.first, stop = r.second] {
    ctx.wait();
    stop();
  });
  t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
}

// Moved into the closure through an init-capture, temporary thread detached.
void initCaptureMoveDetached(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
  std::thread([c, stop = std::move(cancel)] {
    // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
    c.wait();
    stop();
  }).detach();
}

// Moved into the thread: the move does not make it a transfer.
void movedIntoDetachedThread(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
  std::thread t(workAndCancel, c, std::move(cancel));
  t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
}

// A pair variable whose handle element goes to the thread.
void pairElementArgDetached(const ctx::Context &bg) {
  auto r = ctx::WithDeadline(bg, 42);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'r.second' returned by 'WithDeadline' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
  std::thread t(workAndCancel, r.first, r.second);
  t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
}

// The *Cause variant.
void causeHandleDetached(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancelCause(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancelCause' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
  std::thread t([c, cancel] {
    c.wait();
    cancel("done");
  });
  t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
}

// Detached on one path only ("detached on any path", SPEC §7.10).
void detachedOnOnePath(const ctx::Context &bg, bool background) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
  std::thread t(workAndCancel, c, cancel);
  if (background)
    t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:5: note: the thread is detached here
  else
    t.join();
}

// The detach comes before an early return; the scope releases only on the
// path that continues. Detached wins over unreleased: one note, at the detach.
void detachedWinsOverUnreleased(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
  std::thread t(workAndCancel, c, cancel);
  t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
  if (failed())
    return;
  cancel();
}

// Detached wins over error-path-only: the only release of the scope is on an
// early-exit branch.
void detachedWinsOverErrorPathOnly(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
  if (failed()) {
    cancel();
    return;
  }
  std::thread([cancel] { cancel(); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
}

// Detached wins over overwritten: the creation in the loop both overwrites
// its previous handle and hands it to a detached thread. The finding is the
// detached one, at the creation call.
void detachedWinsOverOverwritten(const ctx::Context &bg, int n) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  for (int i = 0; i < n; ++i) {
    std::tie(c, cancel) = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:27: warning: cancel handle 'cancel' returned by 'WithCancel' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
    std::thread(workAndCancel, c, cancel).detach();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: the thread is detached here
  }
}

// A std::jthread joins on destruction, unless it is detached.
void jthreadDetached(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
  std::jthread t(workAndCancel, c, cancel);
  t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
}

// boost::thread.
void boostThreadDetached(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
  boost::thread t([c, cancel] {
    c.wait();
    cancel();
  });
  t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
}

// Inside a lambda: the lambda body is its own scope.
void insideLambda(const ctx::Context &bg) {
  auto start = [&bg] {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
    std::thread t(workAndCancel, c, cancel);
    t.detach();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: the thread is detached here
  };
  start();
}

// Two creations, two threads, both detached: one finding each, each with the
// note at its own thread's detach.
void twoCreationsTwoThreads(const ctx::Context &bg) {
  auto [c1, cancel1] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel1' returned by 'WithCancel' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
  // CHECK-NOTES: :[[@LINE+8]]:3: note: the thread is detached here
  auto [c2, cancel2] = ctx::WithTimeout(bg, ctx::Duration(1));
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel2' returned by 'WithTimeout' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
  // CHECK-NOTES: :[[@LINE+3]]:3: note: the thread is detached here
  std::thread t1(workAndCancel, c1, cancel1);
  std::thread t2(workAndCancel, c2, cancel2);
  t2.detach();
  // (t2's note is written after cancel2's warning above)
  t1.detach();
  // (t1's note is written after cancel1's warning above)
}

// POSIX threads with the default DetachFunctions (more in
// detached-pthread.cpp, which runs with its own option value).
void *routine(void *arg);
void pthreadDefaultList(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' escapes into a detached thread and this scope does not release it on every path; nothing controls the context's lifetime any more [lostcancel-detached]
  use_context(c);
  pthread_t tid;
  pthread_create(&tid, nullptr, routine, &cancel);
  pthread_detach(tid);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
}

// ============================================================================
// Positive: a by-reference capture dangles in a detached thread
// ============================================================================

// Implicit [&] capturing the context binding; the scope releases the handle,
// which does not help the dangling reference. The capture location of an
// implicit capture is its first use in the body.
void implicitRefCaptureOfContext(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: 'c' is captured by reference by a thread that is detached; the reference dangles once this scope returns [lostcancel-detached]
  std::thread t([&] { c.wait(); });
  // CHECK-NOTES: :[[@LINE-1]]:23: note: captured by reference here
  t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
  cancel();
}

// Explicit [&cancel]: the note is at the name in the capture list. The scope
// releases the handle through a guard.
void explicitRefCaptureOfHandle(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: 'cancel' is captured by reference by a thread that is detached; the reference dangles once this scope returns [lostcancel-detached]
  absl::Cleanup guard = [cancel] { cancel(); };
  std::thread t([c, &cancel] {
    // CHECK-NOTES: :[[@LINE-1]]:22: note: captured by reference here
    c.wait();
    cancel();
  });
  t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
}

// Both captured by reference: the first by-reference capture in capture order
// is named.
void twoRefCapturesFirstNamed(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: 'cancel' is captured by reference by a thread that is detached; the reference dangles once this scope returns [lostcancel-detached]
  std::thread t([&cancel, &c] {
    // CHECK-NOTES: :[[@LINE-1]]:19: note: captured by reference here
    if (c.done())
      cancel();
  });
  t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
  cancel();
}

// [=, &c]: the handle is copied, the context is referenced.
void copyDefaultWithRefContext(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: 'c' is captured by reference by a thread that is detached; the reference dangles once this scope returns [lostcancel-detached]
  std::thread([=, &c] {
    // CHECK-NOTES: :[[@LINE-1]]:20: note: captured by reference here
    // CHECK-NOTES: :[[@LINE-2]]:3: note: the thread is detached here
    c.wait();
    (void)cancel;
  }).detach();
  cancel();
}

// A pair variable captured by reference.
void pairVariableRefCaptured(const ctx::Context &bg) {
  auto r = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'r' is captured by reference by a thread that is detached; the reference dangles once this scope returns [lostcancel-detached]
  std::thread t([&r] { r.first.wait(); });
  // CHECK-NOTES: :[[@LINE-1]]:19: note: captured by reference here
  t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
  r.second();
}

// ============================================================================
// Negative
// ============================================================================

// Detached, but the scope itself releases the handle afterwards on every path.
void detachedThenReleased(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  std::thread t(workAndCancel, c, cancel);
  t.detach();
  cancel();
}

// Detached, the scope releases through a guard.
void detachedGuarded(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  absl::Cleanup guard = [cancel] { cancel(); };
  std::thread([c, cancel] {
    c.wait();
    cancel();
  }).detach();
  if (failed())
    return;
  use_context(c);
}

// Released on every path, by the early return and by the fallthrough.
void detachedReleasedOnEveryPath(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  std::thread t(workAndCancel, c, cancel);
  t.detach();
  if (failed()) {
    cancel();
    return;
  }
  cancel();
}

// Only the context (by value) goes to the detached thread; the scope releases
// the handle.
void contextByValueToDetachedThread(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  std::thread t(work, c);
  t.detach();
  cancel();
}

// Only the context, captured by copy, goes to the detached thread.
void contextCopyCapturedDetached(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  absl::Cleanup guard = [&cancel] { cancel(); };
  std::thread([c] { c.wait(); }).detach();
}

// Joined thread: a transfer.
void threadJoined(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  std::thread t(workAndCancel, c, cancel);
  t.join();
}

// A thread that is joined only on some paths is still never detached.
void threadJoinedOnSomePaths(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  std::thread t([c, cancel] {
    c.wait();
    cancel();
  });
  if (more())
    t.join();
}

// A jthread that is not detached joins on destruction.
void jthreadNotDetached(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  std::jthread t([c, cancel] {
    c.wait();
    cancel();
  });
}

// Another thread is detached, not the one that got the handle.
void otherThreadDetached(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  std::thread owner(workAndCancel, c, cancel);
  std::thread other([] {});
  other.detach();
  owner.join();
}

// By-reference capture in a thread that is joined: no dangling.
void refCaptureJoined(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  std::thread t([&] {
    c.wait();
    cancel();
  });
  t.join();
}

// By-reference capture of an unrelated variable in a detached thread; the
// handle is released by the scope.
void refCaptureOfUnrelated(const ctx::Context &bg) {
  static int counter = 0;
  auto [c, cancel] = ctx::WithCancel(bg);
  std::thread([&] { ++counter; }).detach();
  use_context(c);
  cancel();
}

// boost::thread joined.
void boostThreadJoined(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  boost::thread t(workAndCancel, c, cancel);
  t.join();
}

// main: the context goes to a detached thread, the handle is released.
int main() {
  auto [c, cancel] = ctx::WithCancel(ctx::Background());
  std::thread(work, c).detach();
  cancel();
  return 0;
}
