// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs
// RUN: %if !sanitized %{ %check_lostcancel %s -- -std=c++20 -I%S/../Inputs %}

// gocxx (gocxx/gocxx): gocxx::context::WithCancel/WithTimeout/WithDeadline
// return gocxx::base::Result<std::pair<ContextPtr, CancelFunc>>. The pair is
// the result's `value` member; callers test `r.Ok()` and then write
// `auto [ctx, cancel] = r.value;`. On the `!r.Ok()` branch the creation failed
// and the handle is an empty std::function: nothing to release there. The
// library's guard is its object-like `defer` macro
// (`auto _defer_N = gocxx::sync::Defer`), used as `defer(cancel);` or
// `defer([&] { ... });`: a release (SPEC §3 profile 1).
//
// Cases where the plugin disagrees with SPEC.md (fix-its, leaks before the
// unpacking, handles used through r.value.second, Failed()/bool/err failure
// tests) are in /work/notes/bugs/golib-gocxx.cpp.

#include "golibs/gocxx.h"
#include <tuple>
#include <utility>

using gocxx::base::Result;
using gocxx::context::CancelFunc;
using gocxx::context::ContextPtr;
using CtxResult = Result<std::pair<ContextPtr, CancelFunc>>;

bool failed();
void use_context(ContextPtr ctx);
void consume(CtxResult r);

// --- leaks after the unpacking ---------------------------------------------

// The fix-it: gocxx's own guard, right after the unpacking, the failure
// test having come before it (SPEC §4).
void leakAfterUnpack(ContextPtr bg) {
  auto r = gocxx::context::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (!r.Ok())
    return;
  auto [ctx, cancel] = r.value;
  // CHECK-FIXES: {{^}}  auto [ctx, cancel] = r.value;{{$}}
  // CHECK-FIXES-NEXT: {{^}}  defer(cancel);{{$}}
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(ctx);
  cancel();
}

void timeoutNeverReleased(ContextPtr bg) {
  auto r = gocxx::context::WithTimeout(bg, gocxx::time::Milliseconds(50));
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (!r.Ok())
    return;
  auto [ctx, cancel] = r.value;
  use_context(ctx);
  if (cancel)
    use_context(ctx);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

void deadlineLeaks(ContextPtr bg) {
  auto r = gocxx::context::WithDeadline(
      bg, gocxx::time::Time::Now().Add(gocxx::time::Seconds(1)));
  // CHECK-NOTES: :[[@LINE-2]]:12: warning: cancel handle 'cancel' returned by 'WithDeadline' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (!r.Ok())
    return;
  auto [ctx, cancel] = r.value;
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

// Unpacked by reference, or tied into earlier variables.
void unpackByReference(ContextPtr bg) {
  auto r = gocxx::context::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (!r.Ok())
    return;
  auto &[ctx, cancel] = r.value;
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

void unpackWithTie(ContextPtr bg) {
  auto r = gocxx::context::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (!r.Ok())
    return;
  ContextPtr ctx;
  CancelFunc cancel;
  std::tie(ctx, cancel) = r.value;
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(ctx);
  cancel();
}

// The pair copied out of the result.
void pairCopied(ContextPtr bg) {
  auto r = gocxx::context::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'p.second' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (!r.Ok())
    return;
  auto p = r.value;
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'p.second'
  use_context(p.first);
  p.second();
}

// --- the failure test may come after the unpacking --------------------------

// On the !r.Ok() branch the handle is empty: that return is no leak.
void failureTestAfterUnpack(ContextPtr bg) {
  auto r = gocxx::context::WithCancel(bg);
  auto [ctx, cancel] = r.value;
  if (!r.Ok())
    return;
  use_context(ctx);
  cancel();
}

// The library's other spellings of the same test: r.Failed(), !r (its
// explicit operator bool means Ok()) and r.err (Ok() is `return !err;`).
void failedMethod(ContextPtr bg) {
  auto r = gocxx::context::WithCancel(bg);
  auto [ctx, cancel] = r.value;
  if (r.Failed())
    return;
  use_context(ctx);
  cancel();
}

void boolConversion(ContextPtr bg) {
  auto r = gocxx::context::WithCancel(bg);
  auto [ctx, cancel] = r.value;
  if (!r)
    return;
  use_context(ctx);
  cancel();
}

void errMember(ContextPtr bg) {
  auto r = gocxx::context::WithCancel(bg);
  auto [ctx, cancel] = r.value;
  if (r.err)
    return;
  use_context(ctx);
  cancel();
}

void okBranchReleases(ContextPtr bg) {
  auto r = gocxx::context::WithTimeout(bg, 1000);
  auto [ctx, cancel] = r.value;
  if (r.Ok()) {
    use_context(ctx);
    cancel();
  }
}

// ... but a later return still leaks, and it is the one named. A guard
// right after the unpacking would call an empty std::function on the
// failure branch (std::terminate from ~Defer): it goes after the test.
void failureTestAfterUnpackThenLeak(ContextPtr bg) {
  auto r = gocxx::context::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  auto [ctx, cancel] = r.value;
  if (!r.Ok())
    return;
  // CHECK-FIXES: {{^}}void failureTestAfterUnpackThenLeak(ContextPtr bg) {{[{]}}{{$}}
  // CHECK-FIXES: {{^}}  if (!r.Ok()){{$}}
  // CHECK-FIXES-NEXT: {{^}}    return;{{$}}
  // CHECK-FIXES-NEXT: {{^}}  defer(cancel);{{$}}
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(ctx);
  cancel();
}

// Without any failure test the creation is taken as successful; but an
// unconditional defer(cancel) would terminate the program when the parent
// was nil (an empty handle): not provably safe, so no fix.
void unpackedWithoutOkTest(ContextPtr bg) {
  auto r = gocxx::context::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  auto [ctx, cancel] = r.value;
  // CHECK-FIXES: {{^}}void unpackedWithoutOkTest(ContextPtr bg) {{[{]}}{{$}}
  // CHECK-FIXES: {{^}}  auto [ctx, cancel] = r.value;{{$}}
  // CHECK-FIXES-NEXT: {{^}}  {{$}}
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(ctx);
  cancel();
}

// Tested empty: nothing to release on that edge (SPEC §7.6).
void handleTestedEmpty(ContextPtr bg) {
  auto r = gocxx::context::WithCancel(bg);
  auto [ctx, cancel] = r.value;
  if (!cancel)
    return;
  use_context(ctx);
  cancel();
}

// --- error-path-only --------------------------------------------------------

void errorPathOnly(ContextPtr bg) {
  auto r = gocxx::context::WithTimeout(bg, gocxx::time::Seconds(5));
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'cancel' returned by 'WithTimeout' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  if (!r.Ok())
    return;
  auto [ctx, cancel] = r.value;
  // CHECK-FIXES: {{^}}void errorPathOnly(ContextPtr bg) {{[{]}}{{$}}
  // CHECK-FIXES: {{^}}  auto [ctx, cancel] = r.value;{{$}}
  // CHECK-FIXES-NEXT: {{^}}  defer(cancel);{{$}}
  if (failed()) {
    cancel();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return;
  }
  use_context(ctx);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// --- released -----------------------------------------------------------------

void released(ContextPtr bg) {
  auto r = gocxx::context::WithCancel(bg);
  if (!r.Ok())
    return;
  auto [ctx, cancel] = r.value;
  if (failed()) {
    cancel();
    return;
  }
  use_context(ctx);
  cancel();
}

// gocxx's own tests: ASSERT_TRUE(result.Ok()); ...; cancel(); // Cleanup
void releasedLikeTheLibraryTests(ContextPtr parent) {
  auto result = gocxx::context::WithTimeout(parent, gocxx::time::Milliseconds(10));
  if (!result.Ok())
    return;
  auto [ctx, cancel] = result.value;
  use_context(ctx);
  cancel();
}

void deferHandle(ContextPtr bg) {
  auto r = gocxx::context::WithCancel(bg);
  if (!r.Ok())
    return;
  auto [ctx, cancel] = r.value;
  defer(cancel);
  if (failed())
    return;
  use_context(ctx);
}

void deferLambda(ContextPtr bg) {
  auto r = gocxx::context::WithDeadline(bg, gocxx::time::Time::Now());
  if (!r.Ok())
    return;
  auto [ctx, cancel] = r.value;
  defer([&c = cancel] { c(); });
  if (failed())
    return;
  use_context(ctx);
}

void deferTypeSpelledOut(ContextPtr bg) {
  auto r = gocxx::context::WithCancel(bg);
  if (!r.Ok())
    return;
  auto [ctx, cancel] = r.value;
  gocxx::sync::Defer stop(cancel);
  if (failed())
    return;
  use_context(ctx);
}

// --- discarded ------------------------------------------------------------------

void resultUnused(ContextPtr bg) {
  gocxx::context::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
}

// The result is tested but never unpacked.
void neverUnpacked(ContextPtr bg) {
  auto r = gocxx::context::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:12: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  if (!r.Ok())
    return;
}

void contextOnlyDirect(ContextPtr bg) {
  ContextPtr ctx = gocxx::context::WithTimeout(bg, 10).value.first;
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: the cancel handle returned by 'WithTimeout' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:20: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  use_context(ctx);
}

void contextOnlyFromVariable(ContextPtr bg) {
  auto r = gocxx::context::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:12: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  if (!r.Ok())
    return;
  use_context(r.value.first);
}

void bindingNeverMentioned(ContextPtr bg) {
  auto r = gocxx::context::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:12: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  if (!r.Ok())
    return;
  auto [ctx, cancel] = r.value;
  use_context(ctx);
}

// --- unpacked straight from the call --------------------------------------------

void directLeaks(ContextPtr bg) {
  auto [ctx, cancel] = gocxx::context::WithCancel(bg).value;
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(ctx);
  cancel();
}

void directReleased(ContextPtr bg) {
  auto [ctx, cancel] = gocxx::context::WithTimeout(bg, 5).value;
  defer(cancel);
  use_context(ctx);
}

void directDiscarded(ContextPtr bg) {
  auto [ctx, cancel] = gocxx::context::WithCancel(bg).value;
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:24: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  use_context(ctx);
}

// --- transfers: no finding ------------------------------------------------------------

CtxResult resultReturned(ContextPtr bg) { return gocxx::context::WithCancel(bg); }

CtxResult variableReturned(ContextPtr bg) {
  auto r = gocxx::context::WithCancel(bg);
  if (failed())
    return r;
  return r;
}

void resultPassedOn(ContextPtr bg) {
  auto r = gocxx::context::WithTimeout(bg, 7);
  if (!r.Ok())
    return;
  consume(std::move(r));
}

std::pair<ContextPtr, CancelFunc> unpackedAndReturned(ContextPtr bg) {
  auto r = gocxx::context::WithCancel(bg);
  if (!r.Ok())
    return {};
  auto [ctx, cancel] = r.value;
  return {ctx, cancel};
}

struct Server {
  CancelFunc stop;
};

void unpackedIntoMember(Server &s, ContextPtr bg) {
  auto r = gocxx::context::WithCancel(bg);
  if (!r.Ok())
    return;
  auto [ctx, cancel] = r.value;
  s.stop = cancel;
  use_context(ctx);
}

// --- not a creation ---------------------------------------------------------------------

void withValueIsNotACreation(ContextPtr bg) {
  auto r = gocxx::context::WithValue(bg, 1, 2);
  if (!r.Ok())
    return;
  use_context(r.value);
}
