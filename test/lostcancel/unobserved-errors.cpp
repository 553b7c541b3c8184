// RUN: %check_lostcancel --expect-errors --checks=lostcancel-unobserved %s -- -std=c++20

// lostcancel-unobserved (SPEC §9) on code that does not compile: a thread
// body with an error is not analysed (no finding, no crash); the compiler's
// errors are the only diagnostics.

#include <stop_token>
#include <thread>

void work();

void brokenBody() {
  std::jthread t([](std::stop_token st) {
    while (true)
      work(undeclared);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: error: use of undeclared identifier 'undeclared' [clang-diagnostic-error]
  });
}

void brokenCondition() {
  std::jthread t([](std::stop_token st) {
    while (missing)
      // CHECK-MESSAGES: :[[@LINE-1]]:12: error: use of undeclared identifier 'missing' [clang-diagnostic-error]
      work();
  });
}
