// RUN: %check_lostcancel --checks=lostcancel-unobserved %s -- -std=c++20 -I%S/../Inputs

// lostcancel-unobserved (SPEC §9): thread starts beyond a local's
// construction -- a container's emplace, a member's initialiser -- and the
// two ways a loop's end is somebody else's business: a detached std::jthread
// (its destructor waits for nothing) and a loop in a try block of the body
// (a call that throws ends it into a handler the body wrote).

#include <stdexcept>
#include <stop_token>
#include <thread>
#include <vector>

void work();

// A container of threads: emplace constructs the thread from the callable.
void pool() {
  std::vector<std::jthread> workers;
  workers.emplace_back([](std::stop_token st) {
    for (;;)
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'st'; the thread cannot be stopped [lostcancel-unobserved]
      work();
  });
  // CHECK-NOTES: :[[@LINE-5]]:43: note: the thread's cancellation signal 'st' is declared here
  // CHECK-NOTES: :[[@LINE-6]]:3: note: the thread is started here
  workers.emplace(workers.begin(), [](std::stop_token st) {
    while (!st.stop_requested())
      work();
  });
}

// A member thread, in a default member initialiser and in a constructor's.
struct Pump {
  std::jthread worker_{[] {
    while (true)
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: this loop of a std::jthread's body can only end by cancellation, but the callable takes no std::stop_token; the jthread's destructor requests a stop that nothing reads and then waits forever [lostcancel-unobserved]
      work();
  }};
  // CHECK-NOTES: :[[@LINE-5]]:23: note: the std::jthread is made here
};

struct Pump2 {
  std::jthread thread_;
  Pump2()
      : thread_([](std::stop_token st) {
          while (!st.stop_requested())
            work();
        }) {}
};

// Detached: a std::jthread's destructor then does not wait (silent without
// a signal)...
void detached() {
  std::jthread t([] {
    for (;;)
      work();
  });
  t.detach();
  std::jthread([] {
    for (;;)
      work();
  }).detach();
}

// ... but a signal that is never observed still is a finding.
void detachedWithToken() {
  std::jthread t([](std::stop_token st) {
    for (;;)
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'st'; the thread cannot be stopped [lostcancel-unobserved]
      work();
  });
  // CHECK-NOTES: :[[@LINE-5]]:37: note: the thread's cancellation signal 'st' is declared here
  // CHECK-NOTES: :[[@LINE-6]]:16: note: the thread is started here
  t.detach();
}

// A loop in a try block of the body: the exception a call throws (the peer
// went away) is its exit.
std::jthread session() {
  return std::jthread([] {
    try {
      while (true)
        work();
    } catch (const std::exception &) {
    }
  });
}

// A try block inside the loop does not end it.
std::jthread retrying() {
  return std::jthread([] {
    while (true) {
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: this loop of a std::jthread's body can only end by cancellation, but the callable takes no std::stop_token; the jthread's destructor requests a stop that nothing reads and then waits forever [lostcancel-unobserved]
      try {
        work();
      } catch (const std::exception &) {
      }
    }
  });
  // CHECK-NOTES: :[[@LINE-9]]:10: note: the std::jthread is made here
}
