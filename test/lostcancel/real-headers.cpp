// RUN: %check_lostcancel %s -- -std=c++17
// RUN: %check_lostcancel %s -- -std=c++20

// Only real libstdc++ headers, no mocks: a tiny Go-style context API is
// declared here, on top of std::function, std::pair, std::tuple and
// std::thread.

#include <functional>
#include <thread>
#include <tuple>
#include <utility>

namespace golite {
struct Context {
  bool Done() const;
};
using CancelFunc = std::function<void()>;
Context Background();
std::pair<Context, CancelFunc> WithCancel(const Context &parent);
std::pair<Context, CancelFunc> WithTimeout(const Context &parent, int ms);
std::tuple<Context, CancelFunc> with_deadline(const Context &parent, long at);
} // namespace golite

void work(const golite::Context &c);
void workAndCancel(golite::Context c, golite::CancelFunc cancel);
bool shouldStop();

// --- plain release / leak ------------------------------------------------------------

void leakOnEarlyReturn(const golite::Context &bg) {
  auto [c, cancel] = golite::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (shouldStop())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  work(c);
  cancel();
}

void releasedEverywhere(const golite::Context &bg) {
  auto [c, cancel] = golite::WithTimeout(bg, 50);
  if (shouldStop()) {
    std::invoke(cancel);
    return;
  }
  work(c);
  cancel();
}

void tupleVariableLeaks(const golite::Context &bg) {
  auto t = golite::with_deadline(bg, 99);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'std::get<1>(t)' returned by 'with_deadline' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (std::get<1>(t))
    work(std::get<0>(t));
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'std::get<1>(t)'

// The handle element of the tuple variable is never touched: discarded.
void tupleHandleNeverTouched(const golite::Context &bg) {
  auto t = golite::with_deadline(bg, 99);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: the cancel handle returned by 'with_deadline' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:12: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  work(std::get<0>(t));
}

void tupleVariableReleased(const golite::Context &bg) {
  auto t = golite::with_deadline(bg, 99);
  work(std::get<0>(t));
  std::get<1>(t)();
}

void tieIgnoreDiscards(const golite::Context &bg) {
  golite::Context c;
  std::tie(c, std::ignore) = golite::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:30: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:30: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  work(c);
}

golite::CancelFunc returnMoved(const golite::Context &bg) {
  auto [c, cancel] = golite::WithCancel(bg);
  work(c);
  return std::move(cancel);
}

// --- std::thread joined: handing the handle to it is a transfer ----------------------

void threadGetsHandle(const golite::Context &bg) {
  auto [c, cancel] = golite::WithCancel(bg);
  std::thread t(workAndCancel, c, cancel);
  t.join();
}

void threadGetsHandleDirectly(const golite::Context &bg) {
  auto [c, cancel] = golite::WithCancel(bg);
  work(c);
  std::thread t(cancel);
  t.join();
}

void threadLambdaCapturesHandle(const golite::Context &bg) {
  auto r = golite::WithTimeout(bg, 10);
  std::thread t([ctx = r.first, stop = r.second] {
    work(ctx);
    stop();
  });
  t.join();
}

void threadGetsHandleByRef(const golite::Context &bg) {
  auto [c, cancel] = golite::WithCancel(bg);
  work(c);
  std::thread t([](golite::CancelFunc &f) { f(); }, std::ref(cancel));
  t.join();
}

#if __cplusplus >= 202002L
void jthreadGetsHandle(const golite::Context &bg) {
  auto [c, cancel] = golite::WithCancel(bg);
  std::jthread t(workAndCancel, c, cancel);
}
#endif

// The thread only gets the context: the handle is still the creator's to
// release, and it leaks.
void threadGetsContextOnly(const golite::Context &bg) {
  auto [c, cancel] = golite::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  std::thread t(work, c);
  t.join();
  if (cancel)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
}

// The thread is started only on one path.
void threadOnOnePath(const golite::Context &bg) {
  auto [c, cancel] = golite::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (shouldStop())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  std::thread t(workAndCancel, c, cancel);
  t.join();
}
