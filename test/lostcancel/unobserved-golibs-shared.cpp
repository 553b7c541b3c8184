// RUN: %check_lostcancel --checks=lostcancel-unobserved %s -- -std=c++20 -I%S/../Inputs

// lostcancel-unobserved (SPEC §9) with the Go-style context libraries that
// hold their context in a std::shared_ptr, through their mocks
// (test/Inputs/golibs): gocxx's ContextPtr, bongo's context_type, goincpp's
// std::shared_ptr<Context>. Each entry's observe= methods observe it: bongo
// `done`, `err`; gocxx `Done`, `Err`; the generic rule (goincpp) `done`,
// `err`, `wait`, `is_cancelled`, ... A method that is not listed
// (`Deadline`, `value`) does not observe.

#include "golibs/bongo.h"
#include "golibs/gocxx.h"
#include "golibs/goincpp.h"
#include <stop_token>
#include <thread>

void work();

// ============================================================================
// Positive
// ============================================================================

void gocxxUnobserved(gocxx::context::ContextPtr ctx) {
  std::thread t([&ctx] {
    for (;;)
      if (ctx->Deadline().Ok())
        work();
  });
  t.join();
}
// CHECK-NOTES: :[[@LINE-6]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'ctx'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-9]]:49: note: the thread's cancellation signal 'ctx' is declared here
// CHECK-NOTES: :[[@LINE-9]]:15: note: the thread is started here

void bongoUnobserved(bongo::context::context_type ctx) {
  std::thread t([=] {
    while (true)
      if (ctx->value("k").has_value())
        work();
  });
  t.join();
}
// CHECK-NOTES: :[[@LINE-6]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'ctx'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-9]]:51: note: the thread's cancellation signal 'ctx' is declared here
// CHECK-NOTES: :[[@LINE-9]]:15: note: the thread is started here

void goincppWorker(std::stop_token st, std::shared_ptr<goincpp::context::Context> ctx) {
  while (true)
    work();
}
void goincppUnobserved(std::shared_ptr<goincpp::context::Context> ctx) {
  std::jthread t(goincppWorker, ctx);
}
// CHECK-NOTES: :[[@LINE-6]]:3: warning: this loop of a thread's body can only end by cancellation, but never observes 'st' or 'ctx'; the thread cannot be stopped [lostcancel-unobserved]
// CHECK-NOTES: :[[@LINE-8]]:36: note: the thread's cancellation signal 'st' is declared here
// CHECK-NOTES: :[[@LINE-9]]:83: note: the thread's cancellation signal 'ctx' is declared here
// CHECK-NOTES: :[[@LINE-5]]:16: note: the thread is started here

// ============================================================================
// Negative
// ============================================================================

void gocxxObserved(gocxx::context::ContextPtr ctx) {
  std::thread t([&ctx] {
    for (;;)
      if (ctx->Err().Ok())
        work();
  });
  t.join();
}

void bongoObserved(bongo::context::context_type ctx) {
  std::thread t([=] {
    while (true)
      if (!ctx->err())
        work();
  });
  t.join();
}

// Either signal observed is enough.
void goincppObservedWorker(std::stop_token st,
                           std::shared_ptr<goincpp::context::Context> ctx) {
  while (true)
    if (!ctx->err())
      work();
}
void goincppObserved(std::shared_ptr<goincpp::context::Context> ctx) {
  std::jthread t(goincppObservedWorker, ctx);
}

