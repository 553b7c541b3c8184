// goincpp has no guard of its own: the fix-it is the standard-library-only
// local struct (CHECK-FIXES), or a known guard already declared in the
// translation unit, here absl::Cleanup from guards.h (GUARD-FIXES).
// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs
// RUN: %if !sanitized %{ %check_lostcancel %s -- -std=c++20 -I%S/../Inputs %}
// RUN: sed -e 's|// CHECK-FIXES|// STRUCT-FIXES|' -e 's|// GUARD-FIXES|// CHECK-FIXES|' %s > %t.guards.cpp
// RUN: %check_lostcancel %t.guards.cpp -- -std=c++17 -I%S/../Inputs -DWITH_GUARDS
// RUN: %if !sanitized %{ %check_lostcancel %t.guards.cpp -- -std=c++20 -I%S/../Inputs -DWITH_GUARDS %}

// goincpp (zegang/goincpp): goincpp::context::withCancel, withCancelCause,
// withDeadline, withDeadlineCause, withTimeout and withTimeoutCause, lowerCamel
// free functions returning std::pair<std::shared_ptr<...>, CancelFunc> where
// CancelFunc = std::function<void()>; only withCancelCause returns a
// CancelCauseFunc = std::function<void(Error)>, released by cancel(err)
// (cancel(nullptr) means "canceled"). The *Cause deadline/timeout variants take
// the cause as an argument and return a plain CancelFunc. (SPEC §3 profile 1,
// §7.11.) A *Cause handle is called with `{}` by the fix-it: an empty Error.

#include "golibs/goincpp.h"
#ifdef WITH_GUARDS
#include "guards.h"
#endif
#include <chrono>
#include <functional>
#include <stdexcept>
#include <tuple>
#include <utility>

using namespace std::chrono_literals;
namespace context = goincpp::context;
using context::CancelCauseFunc;
using context::CancelFunc;
using context::Context;
using Error = goincpp::errors::Error;

bool failed();
void use_context(std::shared_ptr<Context> ctx);
void keep(CancelFunc f);

// --- leaks, one per creation function, with the fix-it ------------------------

void withCancelLeaks(std::shared_ptr<Context> bg) {
  auto [ctx, cancel] = context::withCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'withCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto [ctx, cancel] = context::withCancel(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  struct cancel_guard_type { decltype(cancel) &handle; ~cancel_guard_type() { handle(); } } cancel_guard{cancel};{{$}}
  // GUARD-FIXES: {{^}}  auto [ctx, cancel] = context::withCancel(bg);{{$}}
  // GUARD-FIXES-NEXT: {{^}}  absl::Cleanup cancel_guard = [{{&handle = cancel\] \{ handle\(\)|&\] \{ cancel\(\)}}; };{{$}}
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(ctx);
  cancel();
}

// The cause variant: its handle takes an Error; the guard passes {}.
void withCancelCauseLeaks(std::shared_ptr<Context> bg) {
  auto [ctx, cancel] = goincpp::context::withCancelCause(bg);
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'withCancelCause' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto [ctx, cancel] = goincpp::context::withCancelCause(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  struct cancel_guard_type { decltype(cancel) &handle; ~cancel_guard_type() { handle({}); } } cancel_guard{cancel};{{$}}
  // GUARD-FIXES: {{^}}  auto [ctx, cancel] = goincpp::context::withCancelCause(bg);{{$}}
  // GUARD-FIXES-NEXT: {{^}}  absl::Cleanup cancel_guard = [{{&handle = cancel\] \{ handle\(\{\}\)|&\] \{ cancel\(\{\}\)}}; };{{$}}
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(ctx);
  cancel(context::canceledError);
}

void withTimeoutLeaks(std::shared_ptr<Context> bg) {
  auto [ctx, cancel] = context::withTimeout(bg, 2s);
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'withTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto [ctx, cancel] = context::withTimeout(bg, 2s);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  struct cancel_guard_type { decltype(cancel) &handle; ~cancel_guard_type() { handle(); } } cancel_guard{cancel};{{$}}
  // GUARD-FIXES: {{^}}  auto [ctx, cancel] = context::withTimeout(bg, 2s);{{$}}
  // GUARD-FIXES-NEXT: {{^}}  absl::Cleanup cancel_guard = [{{&handle = cancel\] \{ handle\(\)|&\] \{ cancel\(\)}}; };{{$}}
  if (ctx->err())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

// withTimeoutCause takes the cause up front; its handle takes no argument.
void withTimeoutCauseLeaks(std::shared_ptr<Context> bg) {
  auto [ctx, cancel] =
      context::withTimeoutCause(bg, 500ms, goincpp::errors::newError("too slow"));
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: cancel handle 'cancel' returned by 'withTimeoutCause' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}      context::withTimeoutCause(bg, 500ms, goincpp::errors::newError("too slow"));{{$}}
  // CHECK-FIXES-NEXT: {{^}}  struct cancel_guard_type { decltype(cancel) &handle; ~cancel_guard_type() { handle(); } } cancel_guard{cancel};{{$}}
  // GUARD-FIXES: {{^}}      context::withTimeoutCause(bg, 500ms, goincpp::errors::newError("too slow"));{{$}}
  // GUARD-FIXES-NEXT: {{^}}  absl::Cleanup cancel_guard = [{{&handle = cancel\] \{ handle\(\)|&\] \{ cancel\(\)}}; };{{$}}
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(ctx);
  cancel();
}

// A pair variable: the guard refers to r.second.
void withDeadlinePairVariable(std::shared_ptr<Context> bg) {
  auto r = context::withDeadline(bg, std::chrono::system_clock::now() + 1s);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'r.second' returned by 'withDeadline' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto r = context::withDeadline(bg, std::chrono::system_clock::now() + 1s);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  struct r_second_guard_type { decltype(r.second) &handle; ~r_second_guard_type() { handle(); } } r_second_guard{r.second};{{$}}
  // GUARD-FIXES: {{^}}  auto r = context::withDeadline(bg, std::chrono::system_clock::now() + 1s);{{$}}
  // GUARD-FIXES-NEXT: {{^}}  absl::Cleanup r_second_guard = [&] { r.second(); };{{$}}
  use_context(r.first);
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'r.second'
  r.second();
}

void withDeadlineCauseNeverReleased(std::shared_ptr<Context> bg) {
  auto [ctx, cancel] = context::withDeadlineCause(
      bg, std::chrono::system_clock::now(), context::deadlineExceededError);
  // CHECK-NOTES: :[[@LINE-2]]:24: warning: cancel handle 'cancel' returned by 'withDeadlineCause' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}      bg, std::chrono::system_clock::now(), context::deadlineExceededError);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  struct cancel_guard_type { decltype(cancel) &handle; ~cancel_guard_type() { handle(); } } cancel_guard{cancel};{{$}}
  // GUARD-FIXES: {{^}}      bg, std::chrono::system_clock::now(), context::deadlineExceededError);{{$}}
  // GUARD-FIXES-NEXT: {{^}}  absl::Cleanup cancel_guard = [{{&handle = cancel\] \{ handle\(\)|&\] \{ cancel\(\)}}; };{{$}}
  use_context(ctx);
  (void)cancel;
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// Tied into a CancelCauseFunc declared just before.
void causeTie(std::shared_ptr<Context> bg) {
  std::shared_ptr<context::CancelCtx> ctx;
  CancelCauseFunc cancel;
  std::tie(ctx, cancel) = context::withCancelCause(bg);
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: cancel handle 'cancel' returned by 'withCancelCause' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  std::tie(ctx, cancel) = context::withCancelCause(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  struct cancel_guard_type { decltype(cancel) &handle; ~cancel_guard_type() { handle({}); } } cancel_guard{cancel};{{$}}
  // GUARD-FIXES: {{^}}  std::tie(ctx, cancel) = context::withCancelCause(bg);{{$}}
  // GUARD-FIXES-NEXT: {{^}}  absl::Cleanup cancel_guard = [&] { cancel({}); };{{$}}
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(ctx);
  cancel(nullptr);
}

// An explicit throw leaves with the handle live.
void throwLeaks(std::shared_ptr<Context> bg) {
  auto [ctx, cancel] = context::withCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'withCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto [ctx, cancel] = context::withCancel(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  struct cancel_guard_type { decltype(cancel) &handle; ~cancel_guard_type() { handle(); } } cancel_guard{cancel};{{$}}
  // GUARD-FIXES: {{^}}  auto [ctx, cancel] = context::withCancel(bg);{{$}}
  // GUARD-FIXES-NEXT: {{^}}  absl::Cleanup cancel_guard = [{{&handle = cancel\] \{ handle\(\)|&\] \{ cancel\(\)}}; };{{$}}
  if (failed())
    throw std::runtime_error("failed");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: throws here without releasing 'cancel'
  use_context(ctx);
  cancel();
}

// --- error-path-only --------------------------------------------------------------

void causeErrorPathOnly(std::shared_ptr<Context> bg) {
  auto [ctx, cancel] = context::withCancelCause(bg);
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'withCancelCause' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  // CHECK-FIXES: {{^}}  auto [ctx, cancel] = context::withCancelCause(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  struct cancel_guard_type { decltype(cancel) &handle; ~cancel_guard_type() { handle({}); } } cancel_guard{cancel};{{$}}
  // GUARD-FIXES: {{^}}  auto [ctx, cancel] = context::withCancelCause(bg);{{$}}
  // GUARD-FIXES-NEXT: {{^}}  absl::Cleanup cancel_guard = [{{&handle = cancel\] \{ handle\(\{\}\)|&\] \{ cancel\(\{\}\)}}; };{{$}}
  if (failed()) {
    cancel(goincpp::errors::newError("failed"));
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    // CHECK-FIXES: {{^}}    cancel(goincpp::errors::newError("failed"));{{$}}
    // GUARD-FIXES: {{^}}    cancel(goincpp::errors::newError("failed"));{{$}}
    return;
  }
  use_context(ctx);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// --- discarded ------------------------------------------------------------------

void resultUnused(std::shared_ptr<Context> bg) {
  context::withTimeout(bg, 1s);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the cancel handle returned by 'withTimeout' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
}

void causeContextOnly(std::shared_ptr<Context> bg) {
  auto ctx = context::withCancelCause(bg).first;
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: the cancel handle returned by 'withCancelCause' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:14: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  use_context(ctx);
}

void getZero(std::shared_ptr<Context> bg) {
  use_context(std::get<0>(context::withDeadline(bg, std::chrono::system_clock::now())));
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: the cancel handle returned by 'withDeadline' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:27: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
}

void bindingNeverMentioned(std::shared_ptr<Context> bg) {
  auto [ctx, cancel] = context::withTimeoutCause(bg, 1s, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: the cancel handle returned by 'withTimeoutCause' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:24: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  use_context(ctx);
}

// --- released ----------------------------------------------------------------------

// goincpp's own test.
void releasedLikeTheLibraryTest(std::shared_ptr<Context> e) {
  auto [c, cancel] = context::withCancel(e);
  cancel();
}

void causeReleasedWithError(std::shared_ptr<Context> bg) {
  auto [ctx, cancel] = context::withCancelCause(bg);
  if (failed()) {
    cancel(goincpp::errors::newError("failed"));
    return;
  }
  use_context(ctx);
  cancel(nullptr);
}

void causeReleasedThroughInvoke(std::shared_ptr<Context> bg) {
  auto [ctx, cancel] = context::withCancelCause(bg);
  use_context(ctx);
  std::invoke(cancel, context::canceledError);
}

void causeTestedEmpty(std::shared_ptr<Context> bg) {
  auto [ctx, cancel] = context::withCancelCause(bg);
  use_context(ctx);
  if (cancel)
    cancel(nullptr);
}

void allReleased(std::shared_ptr<Context> bg) {
  auto [c1, cancel1] = context::withCancel(bg);
  auto [c2, cancel2] = context::withCancelCause(c1);
  auto [c3, cancel3] = context::withTimeout(c2, 1s);
  auto [c4, cancel4] = context::withTimeoutCause(c3, 1s, nullptr);
  auto [c5, cancel5] = context::withDeadline(c4, std::chrono::system_clock::now());
  auto [c6, cancel6] =
      context::withDeadlineCause(c5, std::chrono::system_clock::now(), nullptr);
  use_context(c6);
  cancel6();
  cancel5();
  cancel4();
  cancel3();
  cancel2(nullptr);
  cancel1();
}

#ifdef WITH_GUARDS
void releasedByKnownGuard(std::shared_ptr<Context> bg) {
  auto r = context::withCancelCause(bg);
  absl::Cleanup stop = [&r] { r.second(nullptr); };
  if (failed())
    return;
  use_context(r.first);
}
#endif

// --- transfers: no finding -----------------------------------------------------------

std::pair<std::shared_ptr<Context>, CancelFunc> returned(std::shared_ptr<Context> bg) {
  return context::withTimeout(bg, 3s);
}

struct Job {
  std::shared_ptr<Context> ctx;
  CancelCauseFunc stop;
};

void storedInMember(Job &job, std::shared_ptr<Context> bg) {
  std::tie(job.ctx, job.stop) = context::withCancelCause(bg);
  if (failed())
    return;
  use_context(job.ctx);
}

void passedOn(std::shared_ptr<Context> bg) {
  auto [ctx, cancel] = context::withCancel(bg);
  keep(cancel);
  if (failed())
    return;
  use_context(ctx);
}

// --- not creations ---------------------------------------------------------------------

void noCancelFunctions(std::shared_ptr<Context> bg) {
  auto a = context::withoutCancel(bg);
  auto b = context::withValue(a, 1, 2);
  use_context(context::todo());
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'todo' starts a new root context although 3 contexts are in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-5]]:49: note: context 'bg' is in scope here
  // CHECK-NOTES: :[[@LINE-5]]:8: note: context 'a' is in scope here
  // CHECK-NOTES: :[[@LINE-5]]:8: note: context 'b' is in scope here
  use_context(b);
}
