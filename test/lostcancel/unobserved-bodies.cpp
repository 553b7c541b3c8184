// RUN: %check_lostcancel --checks=lostcancel-unobserved %s -- -std=c++20 -I%S/../Inputs

// lostcancel-unobserved (SPEC §9), the thread bodies and their signals, over
// the real libstdc++ <thread>, <stop_token> and <future> and the Go-style
// context mock (ctx::Context, whose done()/wait() the go-context profile's
// observe= lists).
//
// A thread body is the callable a std::thread, std::jthread or boost::thread
// is constructed with, or that std::async(std::launch::async, ...) runs: a
// lambda, a local variable holding one, a function or a member function with
// a body here. Its signals: a std::stop_token parameter (a jthread passes
// one), a context parameter, a context or std::stop_token captured (by copy
// or by reference, explicitly or by a default capture).
//
// The warning is at the loop, with a note at each signal and one at the
// thread start. A std::jthread whose body has no signal and loops forever
// gets its own message (its destructor requests a stop nobody reads, then
// joins forever); a std::thread without a signal is silent (there is nothing
// to observe: a design choice, not this bug). std::async with the default
// policy or std::launch::deferred may run the callable on the caller's
// thread: silent.

#include "gocontext.h"
#include <future>
#include <memory>
#include <stop_token>
#include <thread>

// boost::thread is not needed in full; a minimal declaration with its name.
namespace boost {
class thread {
public:
  template <typename F, typename... A> explicit thread(F &&f, A &&...a) {}
  ~thread();
  void join();
};
} // namespace boost

void work();
void step(int n);

// ============================================================================
// Positive
// ============================================================================

// A jthread lambda's std::stop_token parameter, never looked at.
void jthreadTokenParam() {
  std::jthread t([](std::stop_token st) {
    while (true)
      work();
  });
}
// CHECK-NOTES: :[[@LINE-4]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'st'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-6]]:37: note: the thread's cancellation signal 'st' is declared here
// CHECK-NOTES: :[[@LINE-7]]:16: note: the thread is started here

// A named function, run by a jthread (the token is its first parameter).
void tokenWorker(std::stop_token token, int n) {
  for (;;)
    step(n);
}
void startTokenWorker() {
  std::jthread t(tokenWorker, 3);
}
// CHECK-NOTES: :[[@LINE-6]]:3: warning: this loop of a thread's body can only end by cancellation, but never observes 'token'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-8]]:34: note: the thread's cancellation signal 'token' is declared here
// CHECK-NOTES: :[[@LINE-4]]:16: note: the thread is started here

// A context parameter of a function run by a std::thread.
void contextWorker(ctx::Context c) {
  do {
    work();
  } while (true);
}
void startContextWorker(const ctx::Context &c) {
  std::thread t(contextWorker, c);
  t.join();
}
// CHECK-NOTES: :[[@LINE-8]]:3: warning: this loop of a thread's body can only end by cancellation, but never observes 'c'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-10]]:33: note: the thread's cancellation signal 'c' is declared here
// CHECK-NOTES: :[[@LINE-5]]:15: note: the thread is started here

// A context captured by copy.
void contextByCopy(ctx::Context c) {
  std::thread t([c] {
    while (1)
      work();
  });
  t.join();
}
// CHECK-NOTES: :[[@LINE-5]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'c'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-8]]:33: note: the thread's cancellation signal 'c' is declared here
// CHECK-NOTES: :[[@LINE-8]]:15: note: the thread is started here

// A context captured by reference.
void contextByRef(ctx::Context c) {
  std::thread t([&c] {
    while (true)
      work();
  });
  t.join();
}
// CHECK-NOTES: :[[@LINE-5]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'c'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-8]]:32: note: the thread's cancellation signal 'c' is declared here
// CHECK-NOTES: :[[@LINE-8]]:15: note: the thread is started here

// A default capture by copy: the context is captured because it is named
// outside the loop.
void contextDefaultCopy(ctx::Context c) {
  std::thread t([=] {
    if (c.done())
      return;
    while (true)
      work();
  });
  t.join();
}
// CHECK-NOTES: :[[@LINE-5]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'c'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-10]]:38: note: the thread's cancellation signal 'c' is declared here
// CHECK-NOTES: :[[@LINE-10]]:15: note: the thread is started here

// A default capture by reference; observing only after the loop.
void contextDefaultRef(ctx::Context c) {
  std::thread t([&] {
    for (;;)
      work();
    c.wait();
  });
  t.join();
}
// CHECK-NOTES: :[[@LINE-6]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'c'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-9]]:37: note: the thread's cancellation signal 'c' is declared here
// CHECK-NOTES: :[[@LINE-9]]:15: note: the thread is started here

// A std::stop_token captured by a std::thread's lambda.
void tokenCaptured(std::stop_source &source) {
  std::stop_token st = source.get_token();
  std::thread t([st] {
    while (true)
      work();
  });
  t.join();
}
// CHECK-NOTES: :[[@LINE-5]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'st'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-8]]:19: note: the thread's cancellation signal 'st' is declared here
// CHECK-NOTES: :[[@LINE-8]]:15: note: the thread is started here

// A local variable holding the lambda.
void lambdaInLocal() {
  auto body = [](std::stop_token st) {
    while (true)
      work();
  };
  std::jthread t(body);
}
// CHECK-NOTES: :[[@LINE-5]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'st'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-7]]:34: note: the thread's cancellation signal 'st' is declared here
// CHECK-NOTES: :[[@LINE-4]]:16: note: the thread is started here

// A member function with a context parameter, run with `this`.
struct Worker {
  void run(ctx::Context c) {
    while (true)
      work();
  }
  void start(const ctx::Context &c) {
    std::thread t(&Worker::run, this, c);
    t.join();
  }
};
// CHECK-NOTES: :[[@LINE-8]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'c'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-10]]:25: note: the thread's cancellation signal 'c' is declared here
// CHECK-NOTES: :[[@LINE-6]]:17: note: the thread is started here

// std::async with std::launch::async runs on a new thread.
void asyncLaunch(ctx::Context c) {
  auto f = std::async(std::launch::async, [c] {
    while (true)
      work();
  });
}
// CHECK-NOTES: :[[@LINE-4]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'c'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-7]]:31: note: the thread's cancellation signal 'c' is declared here
// CHECK-NOTES: :[[@LINE-7]]:12: note: the thread is started here

// boost::thread.
void boostThread(ctx::Context c) {
  boost::thread t([c] {
    while (true)
      work();
  });
  t.join();
}
// CHECK-NOTES: :[[@LINE-5]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'c'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-8]]:31: note: the thread's cancellation signal 'c' is declared here
// CHECK-NOTES: :[[@LINE-8]]:17: note: the thread is started here

// A context held by std::shared_ptr, never dereferenced in the loop.
void sharedContext(std::shared_ptr<ctx::Context> c) {
  std::thread t([c] {
    while (true)
      work();
  });
  t.join();
}
// CHECK-NOTES: :[[@LINE-5]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'c'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-8]]:50: note: the thread's cancellation signal 'c' is declared here
// CHECK-NOTES: :[[@LINE-8]]:15: note: the thread is started here

// A jthread whose callable takes no std::stop_token and loops forever.
void jthreadNoToken() {
  std::jthread t([] {
    while (true)
      work();
  });
}
// CHECK-NOTES: :[[@LINE-4]]:5: warning: this loop of a std::jthread's body can only end by cancellation, but the callable takes no std::stop_token; the jthread's destructor requests a stop that nothing reads and then waits forever [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-6]]:16: note: the std::jthread is made here

// The same with a member function: jthread cannot pass it a token.
struct Pump {
  void loop() {
    for (;;)
      work();
  }
  std::jthread t{&Pump::loop, this};
};
// CHECK-NOTES: :[[@LINE-5]]:5: warning: this loop of a std::jthread's body can only end by cancellation, but the callable takes no std::stop_token; the jthread's destructor requests a stop that nothing reads and then waits forever [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-3]]:17: note: the std::jthread is made here

// A jthread callable that takes the token but leaves it unnamed.
void unnamedToken() {
  std::jthread t([](std::stop_token) {
    while (true)
      work();
  });
}
// CHECK-NOTES: :[[@LINE-4]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes its unnamed 'std::stop_token' parameter; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-6]]:36: note: the thread's cancellation signal, an unnamed parameter, is declared here
// CHECK-NOTES: :[[@LINE-7]]:16: note: the thread is started here

// Two signals, neither observed: both named, both noted.
void twoSignals(ctx::Context a, ctx::Context b) {
  std::thread t([a, b] {
    while (true)
      work();
  });
  t.join();
}
// CHECK-NOTES: :[[@LINE-5]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'a' or 'b'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-8]]:30: note: the thread's cancellation signal 'a' is declared here
// CHECK-NOTES: :[[@LINE-9]]:46: note: the thread's cancellation signal 'b' is declared here
// CHECK-NOTES: :[[@LINE-9]]:15: note: the thread is started here

// A generic lambda: its instantiation is the body, `auto st` a stop_token.
void genericLambda() {
  std::jthread t([](auto st) {
    while (true)
      work();
  });
}
// CHECK-NOTES: :[[@LINE-4]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'st'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-6]]:26: note: the thread's cancellation signal 'st' is declared here
// CHECK-NOTES: :[[@LINE-7]]:16: note: the thread is started here

// A function run by several threads: one finding, noted at the first start.
void sharedWorker(ctx::Context c) {
  while (true)
    work();
}
void startSeveral(const ctx::Context &c) {
  std::thread a(sharedWorker, c);
  std::thread b(sharedWorker, c);
  std::jthread j(sharedWorker, c);
  a.join();
  b.join();
}
// CHECK-NOTES: :[[@LINE-10]]:3: warning: this loop of a thread's body can only end by cancellation, but never observes 'c'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-12]]:32: note: the thread's cancellation signal 'c' is declared here
// CHECK-NOTES: :[[@LINE-8]]:15: note: the thread is started here

// ============================================================================
// Negative
// ============================================================================

// A std::thread without any signal: nothing to observe.
void threadNoSignal() {
  std::thread t([] {
    while (true)
      work();
  });
  t.join();
}

// A pointer-to-function or member function without a signal, std::thread.
struct Spinner {
  void spin() {
    while (true)
      work();
  }
  void start() {
    std::thread t(&Spinner::spin, this);
    t.join();
  }
};

// std::async with the default policy, or deferred: maybe not a new thread.
void asyncDefault(ctx::Context c) {
  auto f = std::async([c] {
    while (true)
      work();
  });
  auto g = std::async(std::launch::deferred, [c] {
    while (true)
      work();
  });
  auto h = std::async(std::launch::async | std::launch::deferred, [c] {
    while (true)
      work();
  });
}

// A context that is not captured (not named in the lambda): no signal.
void contextNotCaptured(ctx::Context c) {
  std::thread t([] {
    while (true)
      work();
  });
  t.join();
  c.wait();
}

// A lambda that is not a thread body.
void notAThread(std::stop_token st) {
  auto body = [st] {
    while (true)
      work();
  };
  body();
}

// The loop observes: the jthread's token parameter.
void jthreadObserves() {
  std::jthread t([](std::stop_token st) {
    while (true) {
      if (st.stop_requested())
        return;
      work();
    }
  });
  std::jthread u([](std::stop_token st) {
    while (!st.stop_requested())
      work();
  });
}

// A generic lambda that observes its token (not "takes no std::stop_token").
void genericLambdaObserves() {
  std::jthread t([](auto st) {
    while (true) {
      work();
      if (st.stop_requested())
        work();
    }
  });
}

// A jthread whose loop ends by itself.
void jthreadFinite() {
  std::jthread t([] {
    for (int i = 0; i < 10; ++i)
      work();
  });
}
