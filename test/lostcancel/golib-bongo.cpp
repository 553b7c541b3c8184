// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs
// RUN: %if !sanitized %{ %check_lostcancel %s -- -std=c++20 -I%S/../Inputs %}

// bongo (msteinert/bongo, current API): bongo::context::with_cancel is a free
// function, with_timeout/with_deadline are free function templates
// (template <typename T = std::chrono::system_clock>, T not deducible); all
// return cancelable_context = std::pair<context_type, cancel_func>. The
// library's tests read the context with std::get<0> and drop the handle. Its
// guard is the function template bongo::defer(fn) (bongo::runtime::defer),
// returning a [[nodiscard]] deferred_action<Fn>: a release, and the guard the
// fix-it writes, `auto <name> = bongo::defer(<lambda>);` (SPEC §3 profile 1,
// §4).

#include "golibs/bongo.h"
#include <chrono>
#include <tuple>
#include <utility>

using namespace std::chrono_literals;
namespace context = bongo::context;
using context::cancel_func;
using context::context_type;

bool failed();
void use_context(context_type ctx);
void keep(cancel_func f);

// --- leaks, and the fix-it: auto <name> = bongo::defer(<lambda>); -------------

// examples/cancel_context.cpp's shape.
void withCancelLeaks(context_type bg) {
  auto [ctx, cancel] = bongo::context::with_cancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'with_cancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto [ctx, cancel] = bongo::context::with_cancel(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  auto cancel_guard = bongo::defer([{{&handle = cancel\] \{ handle\(\)|&\] \{ cancel\(\)}}; });{{$}}
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(ctx);
  cancel();
}

// with_timeout is a function template; the clock defaults to system_clock.
void withTimeoutTemplateLeaks(context_type bg) {
  auto [ctx, cancel] = context::with_timeout(bg, 250ms);
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'with_timeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto [ctx, cancel] = context::with_timeout(bg, 250ms);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  auto cancel_guard = bongo::defer([{{&handle = cancel\] \{ handle\(\)|&\] \{ cancel\(\)}}; });{{$}}
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(ctx);
  cancel();
}

// An explicit clock, into a pair variable.
void withTimeoutExplicitClock(context_type bg) {
  auto r = context::with_timeout<std::chrono::steady_clock>(bg, 1s);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'r.second' returned by 'with_timeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto r = context::with_timeout<std::chrono::steady_clock>(bg, 1s);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  auto r_second_guard = bongo::defer([&] { r.second(); });{{$}}
  use_context(r.first);
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'r.second'
  r.second();
}

// examples/deadline_context.cpp's shape.
void withDeadlineTemplateLeaks(context_type bg) {
  auto d = std::chrono::system_clock::now() + 50ms;
  auto [ctx, cancel] = bongo::context::with_deadline(bg, d);
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'with_deadline' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto [ctx, cancel] = bongo::context::with_deadline(bg, d);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  auto cancel_guard = bongo::defer([{{&handle = cancel\] \{ handle\(\)|&\] \{ cancel\(\)}}; });{{$}}
  use_context(ctx);
  if (cancel)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
}

void tieLeaks(context_type bg) {
  context_type ctx;
  cancel_func cancel;
  std::tie(ctx, cancel) = context::with_cancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: cancel handle 'cancel' returned by 'with_cancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  std::tie(ctx, cancel) = context::with_cancel(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  auto cancel_guard = bongo::defer([&] { cancel(); });{{$}}
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(ctx);
  cancel();
}

// The guard's name does not clash with a name already in the function.
void guardNameTaken(context_type bg) {
  int cancel_guard = 0;
  auto [ctx, cancel] = context::with_cancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'with_cancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto [ctx, cancel] = context::with_cancel(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  auto cancel_guard2 = bongo::defer([{{&handle = cancel\] \{ handle\(\)|&\] \{ cancel\(\)}}; });{{$}}
  if (cancel_guard == 0)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(ctx);
  cancel();
}

// --- templates: one finding per location (SPEC §7.4) --------------------------

// Instantiated twice, with the duration type dependent: one finding, one fix.
template <typename Duration>
void timeoutInTemplate(context_type bg, Duration d) {
  auto [ctx, cancel] = context::with_timeout(bg, d);
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'with_timeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto [ctx, cancel] = context::with_timeout(bg, d);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  auto cancel_guard = bongo::defer([{{&handle = cancel\] \{ handle\(\)|&\] \{ cancel\(\)}}; });{{$}}
  // CHECK-FIXES-NEXT: {{^}}  {{$}}
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(ctx);
  cancel();
}
template void timeoutInTemplate(context_type, std::chrono::seconds);
template void timeoutInTemplate(context_type, std::chrono::milliseconds);

// The callee resolves only in the instantiation (ADL on the dependent
// argument).
template <typename Parent> void adlInTemplate(Parent parent) {
  auto [ctx, cancel] = with_cancel(parent);
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'with_cancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto [ctx, cancel] = with_cancel(parent);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  auto cancel_guard = bongo::defer([{{&handle = cancel\] \{ handle\(\)|&\] \{ cancel\(\)}}; });{{$}}
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(ctx);
  cancel();
}
template void adlInTemplate(context_type);

template <typename Clock> void releasedInTemplate(context_type bg) {
  auto [ctx, cancel] = context::with_deadline<Clock>(bg, Clock::now());
  use_context(ctx);
  cancel();
}
template void releasedInTemplate<std::chrono::system_clock>(context_type);
template void releasedInTemplate<std::chrono::steady_clock>(context_type);

// --- error-path-only ------------------------------------------------------------

void errorPathOnly(context_type bg) {
  auto [ctx, cancel] = context::with_deadline(bg, std::chrono::system_clock::now() + 1s);
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'with_deadline' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  // CHECK-FIXES: {{^}}  auto [ctx, cancel] = context::with_deadline(bg, std::chrono::system_clock::now() + 1s);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  auto cancel_guard = bongo::defer([{{&handle = cancel\] \{ handle\(\)|&\] \{ cancel\(\)}}; });{{$}}
  if (ctx->err() != bongo::nil) {
    cancel();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    // CHECK-FIXES: {{^}}    cancel();{{$}}
    return;
  }
  use_context(ctx);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// --- discarded --------------------------------------------------------------------

// context_test.cpp: auto child = std::get<0>(with_cancel(parent));
void getZeroOfCancel(context_type parent) {
  auto child = std::get<0>(context::with_cancel(parent));
  // CHECK-NOTES: :[[@LINE-1]]:28: warning: the cancel handle returned by 'with_cancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:28: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  use_context(child);
}

void getZeroOfTimeout(context_type bg) {
  use_context(std::get<0>(bongo::context::with_timeout(bg, 1ms)));
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: the cancel handle returned by 'with_timeout' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:27: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
}

// context_test.cpp: auto r = with_timeout(background(), 1ms); auto c = std::get<0>(r);
void pairVariableOnlyContextRead() {
  auto r = context::with_timeout(context::background(), 1ms);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: the cancel handle returned by 'with_timeout' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:12: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  auto c = std::get<0>(r);
  use_context(c);
}

void firstOnly(context_type bg) {
  context_type c = context::with_deadline(bg, std::chrono::system_clock::now()).first;
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: the cancel handle returned by 'with_deadline' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:20: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  use_context(c);
}

void resultUnused(context_type bg) {
  bongo::context::with_cancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the cancel handle returned by 'with_cancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
}

void bindingNeverMentioned(context_type bg) {
  auto [ctx, cancel] = context::with_timeout(bg, 3s);
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: the cancel handle returned by 'with_timeout' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:24: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  use_context(ctx);
}

void tieIgnore(context_type bg) {
  context_type ctx;
  std::tie(ctx, std::ignore) = context::with_cancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:32: warning: the cancel handle returned by 'with_cancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:32: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  use_context(ctx);
}

// --- released ------------------------------------------------------------------------

void released(context_type bg) {
  auto [ctx, cancel] = context::with_cancel(bg);
  if (failed()) {
    cancel();
    return;
  }
  use_context(ctx);
  cancel();
}

// bongo::defer with a lambda that calls the handle.
void deferLambda(context_type bg) {
  context_type ctx;
  cancel_func cancel;
  std::tie(ctx, cancel) = context::with_timeout(bg, 10ms);
  auto g = bongo::defer([&] { cancel(); });
  if (failed())
    return;
  use_context(ctx);
}

void deferLambdaPairVariable(context_type bg) {
  auto r = context::with_cancel(bg);
  auto g = bongo::defer([&r] { r.second(); });
  if (failed())
    return;
  use_context(r.first);
}

#if __cplusplus >= 202002L
// Capturing a structured binding needs C++20 (as real bongo does).
void deferLambdaBinding(context_type bg) {
  auto [ctx, cancel] = context::with_cancel(bg);
  auto g = bongo::defer([&] { cancel(); });
  if (failed())
    return;
  use_context(ctx);
}
#endif

// The non-template spelling, and the handle itself (bongo::defer(cancel) with
// a non-const lvalue does not compile against the real header: as_const or
// std::move it).
void runtimeDeferAsConst(context_type bg) {
  auto [ctx, cancel] = context::with_deadline(bg, std::chrono::system_clock::now());
  auto g = bongo::runtime::defer(std::as_const(cancel));
  if (failed())
    return;
  use_context(ctx);
}

void deferMovedHandle(context_type bg) {
  auto [ctx, cancel] = context::with_cancel(bg);
  auto g = bongo::defer(std::move(cancel));
  if (failed())
    return;
  use_context(ctx);
}

// --- transfers: no finding ----------------------------------------------------------

context::cancelable_context returned(context_type bg) {
  return context::with_timeout(bg, 5s);
}

context::cancelable_context returnedAfterCheck(context_type bg) {
  auto [ctx, cancel] = context::with_cancel(bg);
  if (failed())
    return {ctx, cancel};
  return {ctx, cancel};
}

struct Worker {
  context_type ctx;
  cancel_func stop;
};

void storedInMember(Worker &w, context_type bg) {
  std::tie(w.ctx, w.stop) = context::with_cancel(bg);
  if (failed())
    return;
  use_context(w.ctx);
}

void passedOn(context_type bg) {
  auto [ctx, cancel] = context::with_timeout(bg, 100ms);
  keep(cancel);
  if (failed())
    return;
  use_context(ctx);
}

// --- not creations ------------------------------------------------------------------

void withValueIsNotACreation(context_type bg) {
  auto c = context::with_value(bg, "k", 1);
  use_context(c);
}
