// RUN: %check_lostcancel --checks=lostcancel-unobserved %s -- -std=c++20 -I%S/../Inputs

// lostcancel-unobserved (SPEC §9) with pygolang's context (the mock in
// test/Inputs/golibs/pygolang.h): golang::context::Context is
// refptr<_Context>, an intrusive smart pointer whose own operator-> makes
// _Context the signal's class, and the profile's observe=done|err methods,
// called through `->`, observe it. A method that is not listed (deadline,
// value) does not. The libraries that hold their context in a
// std::shared_ptr (gocxx, bongo, goincpp) are in unobserved-golibs-shared.cpp.

#include "golibs/pygolang.h"
#include <stop_token>
#include <thread>

void work();

// ============================================================================
// Positive
// ============================================================================

void pygolangUnobserved(golang::context::Context ctx) {
  std::thread t([ctx] {
    while (true)
      work();
  });
  t.join();
}
// CHECK-NOTES: :[[@LINE-5]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'ctx'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-8]]:50: note: the thread's cancellation signal 'ctx' is declared here
// CHECK-NOTES: :[[@LINE-8]]:15: note: the thread is started here

// A jthread's token and a context: neither observed.
void pygolangWorker(std::stop_token st, golang::context::Context ctx) {
  for (;;)
    if (ctx->value(nullptr) == golang::nil)
      work();
}
void startPygolangWorker(golang::context::Context ctx) {
  std::jthread t(pygolangWorker, ctx);
}
// CHECK-NOTES: :[[@LINE-7]]:3: warning: this loop of a thread's body can only end by cancellation, but never observes 'st' or 'ctx'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-9]]:37: note: the thread's cancellation signal 'st' is declared here
// CHECK-NOTES: :[[@LINE-10]]:66: note: the thread's cancellation signal 'ctx' is declared here
// CHECK-NOTES: :[[@LINE-5]]:16: note: the thread is started here

// ============================================================================
// Negative
// ============================================================================

void pygolangObserved(golang::context::Context ctx) {
  std::thread t([ctx] {
    while (true)
      if (ctx->err() == golang::nil)
        work();
  });
  t.join();
}

// The context observed through err(); the token is not needed then.
void pygolangDoneWorker(std::stop_token st, golang::context::Context ctx) {
  for (;;) {
    ctx->err();
    work();
  }
}
void startPygolangDoneWorker(golang::context::Context ctx) {
  std::jthread t(pygolangDoneWorker, ctx);
}
