// RUN: %check_lostcancel --checks=lostcancel-unobserved %s -- -std=c++20 -I%S/../Inputs

// lostcancel-unobserved (SPEC §9), which loops can only end by cancellation,
// over the real libstdc++ <thread> and <stop_token>. Every body here is a
// std::jthread lambda with a std::stop_token parameter it never looks at, so
// only the loop decides.
//
// Endless: no condition, a constant true one (`while (true)`, `while (1)`,
// `for (;;)`, `do ... while (true)`), or one that reads only stable
// variables -- scalar locals, by-value parameters, by-copy captures of a
// non-mutable lambda, not volatile, address never taken, never written inside
// the loop or by a nested closure -- and nothing leaves the loop: no break of
// its own (a break of a nested loop or switch does not count), no return,
// throw, goto to a label outside it, or call of a [[noreturn]] function
// (std::exit, std::abort, a user [[noreturn]]). Only the outermost such loop
// is reported.
//
// Not endless (silent): a condition on a variable the loop writes, on a
// by-reference capture, a std::atomic<bool>, a volatile, a global, a member,
// a function call, a pointer's target (`*stop`), or any exit inside.

#include <atomic>
#include <cstdlib>
#include <stop_token>
#include <thread>

void work();
bool more();
int next();
[[noreturn]] void fatal();
extern bool gRunning;

// ============================================================================
// Positive
// ============================================================================

// A condition on a local never written in the loop.
void localNeverWritten() {
  std::jthread t([](std::stop_token st) {
    bool running = true;
    while (running)
      work();
    running = false; // written after the loop: still stable inside it
  });
}
// CHECK-NOTES: :[[@LINE-5]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'st'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-8]]:37: note: the thread's cancellation signal 'st' is declared here
// CHECK-NOTES: :[[@LINE-9]]:16: note: the thread is started here

// A condition on a by-copy capture and a by-value parameter.
void stableCaptureAndParam(int limit) {
  std::jthread t([limit](std::stop_token st, int n) {
    while (n < limit && n != 0)
      work();
  }, 1);
}
// CHECK-NOTES: :[[@LINE-4]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'st'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-6]]:42: note: the thread's cancellation signal 'st' is declared here
// CHECK-NOTES: :[[@LINE-7]]:16: note: the thread is started here

// A break, but of a nested loop or switch: the outer loop still cannot end.
void nestedBreaks() {
  std::jthread t([](std::stop_token st) {
    while (true) {
      for (int i = 0; i < 4; ++i)
        if (more())
          break;
      switch (next()) {
      case 0:
        break;
      default:
        work();
      }
      do {
        if (more())
          break;
      } while (more());
    }
  });
}
// CHECK-NOTES: :[[@LINE-17]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'st'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-19]]:37: note: the thread's cancellation signal 'st' is declared here
// CHECK-NOTES: :[[@LINE-20]]:16: note: the thread is started here

// Nested endless loops: only the outermost is reported.
void nestedEndless() {
  std::jthread t([](std::stop_token st) {
    for (;;) {
      while (true)
        work();
    }
  });
}
// CHECK-NOTES: :[[@LINE-6]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'st'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-8]]:37: note: the thread's cancellation signal 'st' is declared here
// CHECK-NOTES: :[[@LINE-9]]:16: note: the thread is started here

// An inner endless loop under an outer loop that can end: the inner one.
void innerEndless() {
  std::jthread t([](std::stop_token st) {
    while (more()) {
      while (true)
        work();
    }
  });
}
// CHECK-NOTES: :[[@LINE-5]]:7: warning: this loop of a thread's body can only end by cancellation, but never observes 'st'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-8]]:37: note: the thread's cancellation signal 'st' is declared here
// CHECK-NOTES: :[[@LINE-9]]:16: note: the thread is started here

// A goto to a label inside the loop is not an exit; a call that may throw
// is not an exit either.
void gotoInside() {
  std::jthread t([](std::stop_token st) {
    while (true) {
    again:
      if (more())
        goto again;
      work();
    }
  });
}
// CHECK-NOTES: :[[@LINE-8]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'st'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-10]]:37: note: the thread's cancellation signal 'st' is declared here
// CHECK-NOTES: :[[@LINE-11]]:16: note: the thread is started here

// An exit inside a lambda defined in the loop leaves the lambda, not the loop.
void exitInNestedLambda() {
  std::jthread t([](std::stop_token st) {
    while (true) {
      auto f = [] {
        if (more())
          return 1;
        throw 2;
      };
      f();
    }
  });
}
// CHECK-NOTES: :[[@LINE-10]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'st'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-12]]:37: note: the thread's cancellation signal 'st' is declared here
// CHECK-NOTES: :[[@LINE-13]]:16: note: the thread is started here

// ============================================================================
// Negative
// ============================================================================

// A local written in the loop.
void localWritten() {
  std::jthread t([](std::stop_token st) {
    bool running = true;
    while (running)
      running = more();
    int n = 10;
    while (n)
      --n;
    for (int i = 0; i < 10; ++i)
      work();
  });
}

// A local whose address is taken, or bound to a reference, or passed by
// reference, anywhere: someone else may write it.
void addressTaken(bool *out) {
  std::jthread t([out](std::stop_token st) {
    bool running = true;
    bool *p = &running;
    *out = *p;
    while (running)
      work();
  });
  std::jthread u([](std::stop_token st) {
    bool running = true;
    bool &r = running;
    while (running)
      work();
    r = false;
  });
}

// A by-reference capture, explicit or default: the enclosing scope may write.
void byReference() {
  bool running = true;
  std::jthread t([&running](std::stop_token st) {
    while (running)
      work();
  });
  std::jthread u([&](std::stop_token st) {
    while (running)
      work();
  });
  running = false;
}

// A by-copy capture of a mutable lambda.
void mutableCapture() {
  bool running = true;
  std::jthread t([running](std::stop_token st) mutable {
    while (running)
      work();
  });
}

// std::atomic<bool>, volatile, global, member, pointer target, call.
struct Service {
  bool running_ = true;
  std::atomic<bool> stop_{false};
  void start() {
    std::jthread t([this](std::stop_token st) {
      while (running_)
        work();
      while (!stop_)
        work();
    });
  }
};
void otherConditions(bool *stop) {
  std::atomic<bool> flag{true};
  std::jthread t([&flag, stop](std::stop_token st) {
    volatile bool v = true;
    while (v)
      work();
    while (gRunning)
      work();
    while (!*stop)
      work();
    while (more())
      work();
    while (flag.load())
      work();
  });
}

// Any way out of the loop.
void exits() {
  std::jthread a([](std::stop_token st) {
    while (true) {
      if (more())
        break;
      work();
    }
  });
  std::jthread b([](std::stop_token st) {
    for (;;)
      if (more())
        return;
  });
  std::jthread c([](std::stop_token st) {
    while (true)
      if (more())
        throw 1;
  });
  std::jthread d([](std::stop_token st) {
    while (true)
      if (more())
        goto out;
  out:
    work();
  });
  std::jthread e([](std::stop_token st) {
    while (true)
      if (more())
        std::exit(1);
  });
  std::jthread f([](std::stop_token st) {
    do
      if (more())
        std::abort();
    while (true);
  });
  std::jthread g([](std::stop_token st) {
    while (1)
      if (more())
        fatal();
  });
}

// A loop that cannot end but is not in a thread body.
void notAThread(std::stop_token st) {
  while (true)
    work();
}
