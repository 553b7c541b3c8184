// RUN: %check_lostcancel --checks=lostcancel-unobserved %s -- -std=c++20 -I%S/../Inputs

// lostcancel-unobserved (SPEC §9), what observes the signal, over the real
// libstdc++ <thread>, <stop_token>, <condition_variable>, <mutex> and the
// Go-style context mock (observe= of the go-context profile: done, wait,
// err, Done, Err, Wait, is_cancelled, ...).
//
// A loop observes a signal when, anywhere inside it (a lambda written in the
// loop included), it calls an observe= method on it (or stop_token's
// stop_requested), directly, through `->` of a smart pointer or a raw
// pointer, or passes it to any function or constructor: a blocking call
// that takes the context, condition_variable_any::wait(lock, token, pred),
// a std::stop_callback. A std::stop_callback made from the signal anywhere in
// the body, before the loop, observes it too: its callback is how the loop is
// woken.
//
// Not observing: stop_possible() (it asks whether a stop can ever come, not
// whether it came), a comparison, observing only before or after the loop.

#include "gocontext.h"
#include <condition_variable>
#include <memory>
#include <mutex>
#include <stop_token>
#include <thread>

void work();
void work(const ctx::Context &c);
void work(std::stop_token st);
bool more();

// ============================================================================
// Positive: the loop never observes
// ============================================================================

// stop_possible() is not stop_requested().
void stopPossibleOnly() {
  std::jthread t([](std::stop_token st) {
    while (true)
      if (st.stop_possible())
        work();
  });
}
// CHECK-NOTES: :[[@LINE-5]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'st'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-7]]:37: note: the thread's cancellation signal 'st' is declared here
// CHECK-NOTES: :[[@LINE-8]]:16: note: the thread is started here

// Observed before the loop only.
void observedBefore() {
  std::jthread t([](std::stop_token st) {
    if (st.stop_requested())
      return;
    for (;;)
      work();
  });
}
// CHECK-NOTES: :[[@LINE-4]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'st'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-8]]:37: note: the thread's cancellation signal 'st' is declared here
// CHECK-NOTES: :[[@LINE-9]]:16: note: the thread is started here

// Observed after the loop only (the check is unreachable).
void observedAfter(ctx::Context c) {
  std::thread t([c] {
    while (true)
      work();
    c.wait();
  });
  t.join();
}
// CHECK-NOTES: :[[@LINE-6]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'c'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-9]]:33: note: the thread's cancellation signal 'c' is declared here
// CHECK-NOTES: :[[@LINE-9]]:15: note: the thread is started here

// A method that is not an observe= name.
void otherMethod(std::shared_ptr<ctx::Context> c) {
  std::thread t([c] {
    while (true)
      if (c.use_count() > 1 && c.get() != nullptr)
        work();
  });
  t.join();
}
// CHECK-NOTES: :[[@LINE-6]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'c'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-9]]:48: note: the thread's cancellation signal 'c' is declared here
// CHECK-NOTES: :[[@LINE-9]]:15: note: the thread is started here

// A stop_callback made from another token does not observe this one.
void otherTokensCallback(std::stop_source &other) {
  std::jthread t([&other](std::stop_token st) {
    std::stop_callback cb(other.get_token(), [] { work(); });
    while (true)
      work();
  });
}
// CHECK-NOTES: :[[@LINE-4]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'st'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-7]]:43: note: the thread's cancellation signal 'st' is declared here
// CHECK-NOTES: :[[@LINE-8]]:16: note: the thread is started here

// Handed before the loop to a local that the loop never uses.
struct Session {
  explicit Session(ctx::Context c);
  void step();
};
void handedToUnusedLocal(ctx::Context c) {
  std::thread t([c] {
    Session s(c);
    while (true)
      work();
  });
  t.join();
}
// CHECK-NOTES: :[[@LINE-5]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'c'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-9]]:39: note: the thread's cancellation signal 'c' is declared here
// CHECK-NOTES: :[[@LINE-9]]:15: note: the thread is started here

// ============================================================================
// Negative: the loop observes
// ============================================================================

void stopRequested() {
  std::jthread t([](std::stop_token st) {
    while (true) {
      work();
      if (st.stop_requested())
        work();
    }
  });
}

void contextDone(ctx::Context c) {
  std::thread t([&c] {
    while (true)
      if (!c.done())
        work();
  });
  t.join();
}

// Through std::shared_ptr's -> and a raw pointer.
void sharedPointer(std::shared_ptr<ctx::Context> c, ctx::Context *raw) {
  std::thread t([c] {
    while (true)
      if (!c->done())
        work();
  });
  std::thread u([raw] {
    while (true)
      if (!raw->done())
        work();
  });
  std::thread v([c] {
    while (true)
      if (!(*c).done() && !c.get()->done())
        work();
  });
  t.join();
  u.join();
  v.join();
}

// Passed to any function: delegation.
void delegation(ctx::Context c) {
  std::thread t([c] {
    for (;;)
      work(c);
  });
  std::jthread u([](std::stop_token st) {
    for (;;)
      work(st);
  });
  t.join();
}

// condition_variable_any::wait with the token.
void conditionVariable() {
  std::mutex m;
  std::condition_variable_any cv;
  std::jthread t([&](std::stop_token st) {
    while (true) {
      std::unique_lock lock(m);
      cv.wait(lock, st, [] { return more(); });
      work();
    }
  });
}

// A stop_callback made from the token, inside the loop or before it.
void stopCallback() {
  std::mutex m;
  std::condition_variable cv;
  std::jthread t([&](std::stop_token st) {
    while (true) {
      std::stop_callback cb(st, [&] { cv.notify_all(); });
      std::unique_lock lock(m);
      cv.wait(lock);
    }
  });
  std::jthread u([&](std::stop_token st) {
    std::stop_callback cb(st, [&] { cv.notify_all(); });
    while (true) {
      std::unique_lock lock(m);
      cv.wait(lock);
      work();
    }
  });
}

// Observed inside a lambda written in the loop (a condition variable's
// predicate).
void nestedLambda() {
  std::mutex m;
  std::condition_variable cv;
  std::jthread t([&](std::stop_token st) {
    while (true) {
      std::unique_lock lock(m);
      cv.wait(lock, [&] { return st.stop_requested() || more(); });
      work();
    }
  });
  std::jthread u([&](std::stop_token st) {
    while (true) {
      std::unique_lock lock(m);
      cv.wait(lock, [st] { return st.stop_requested() || more(); });
      work();
    }
  });
}

// One of two signals observed is enough.
void oneOfTwo(ctx::Context a, ctx::Context b) {
  std::thread t([a, b] {
    while (true)
      if (!a.done())
        work();
  });
  t.join();
}

// Handed before the loop to a local the loop uses: an object that holds the
// signal now (by copy, or moved), or a context derived from it.
struct Reader {
  explicit Reader(std::stop_token st);
  bool read();
};
void handedToLocal(ctx::Context c, std::stop_source &src) {
  std::thread t([c] {
    Session s(c);
    while (true)
      s.step();
  });
  std::thread u([st = src.get_token()]() mutable {
    Reader r(std::move(st));
    while (true)
      r.read();
  });
  std::thread v([c] {
    auto [child, cancel] = ctx::WithTimeout(c, ctx::Duration(5));
    while (true)
      if (!child.done())
        work();
    cancel();
  });
  t.join();
  u.join();
  v.join();
}

// A copy of the signal, or a reference to it, made before the loop and
// observed in it.
void alias(ctx::Context c) {
  std::thread t([c] {
    auto copy = c;
    while (true)
      if (!copy.done())
        work();
  });
  std::jthread u([](std::stop_token st) {
    const std::stop_token &ref = st;
    while (true)
      if (!ref.stop_requested())
        work();
  });
  t.join();
}
