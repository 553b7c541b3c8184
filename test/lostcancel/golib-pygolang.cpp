// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs
// RUN: %if !sanitized %{ %check_lostcancel %s -- -std=c++20 -I%S/../Inputs %}

// pygolang (navytux/pygolang, C++ "libgolang"): golang::context::with_cancel,
// with_timeout, with_deadline and merge return
// std::pair<Context, func<void()>>, func = alias template of std::function.
// Callers unpack with std::tie into variables declared earlier (the library's
// own style), into members (a transfer), or with structured bindings. The
// library's guard is the `defer(f)` macro, which declares a golang::_deferred
// local: it counts as a release, and it is the guard the fix-it inserts
// (SPEC §3 profile 1, §4).

#include "golibs/pygolang.h"
#include <tuple>
#include <utility>

using namespace golang;
using std::tie;

bool failed();
void use_context(context::Context ctx);
void keep(func<void()> f);

// --- leaks: early return, each creation function, fix-it = defer(...) -------

void withCancelEarlyReturn(context::Context bg) {
  auto [ctx, cancel] = context::with_cancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'with_cancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto [ctx, cancel] = context::with_cancel(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  defer([{{&handle = cancel\] \{ handle\(\)|&\] \{ cancel\(\)}}; });{{$}}
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(ctx);
  cancel();
}

// The library's own style: std::tie into variables declared just before.
void withTimeoutTie(context::Context bg) {
  context::Context ctx;
  func<void()> cancel;
  tie(ctx, cancel) = context::with_timeout(bg, 1.5);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'with_timeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  tie(ctx, cancel) = context::with_timeout(bg, 1.5);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  defer([&] { cancel(); });{{$}}
  if (ctx->err() != nil)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(ctx);
  cancel();
}

void withDeadlinePairVariable(context::Context bg, double when) {
  auto r = golang::context::with_deadline(bg, when);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'r.second' returned by 'with_deadline' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto r = golang::context::with_deadline(bg, when);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  defer([&] { r.second(); });{{$}}
  use_context(r.first);
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'r.second'
  r.second();
}

// merge is pygolang's own (Go's xcontext.Merge): not a with_* name, but it
// returns a cancel all the same.
void mergeLeaks(context::Context a, context::Context b) {
  auto [ctx, cancel] = context::merge(a, b);
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'merge' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto [ctx, cancel] = context::merge(a, b);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  defer([{{&handle = cancel\] \{ handle\(\)|&\] \{ cancel\(\)}}; });{{$}}
  use_context(ctx);
  if (cancel)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
}

void mergeTieNeverReleased(context::Context a, context::Context b) {
  context::Context ctx;
  func<void()> cancel;
  tie(ctx, cancel) = context::merge(a, b);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'merge' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  tie(ctx, cancel) = context::merge(a, b);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  defer([&] { cancel(); });{{$}}
  use_context(ctx);
  (void)cancel;
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// In a loop body: the fix's defer runs at the end of each iteration.
void inLoop(context::Context bg, int n) {
  for (int i = 0; i < n; ++i) {
    auto [ctx, cancel] = context::with_timeout(bg, 0.1);
    // CHECK-NOTES: :[[@LINE-1]]:26: warning: cancel handle 'cancel' returned by 'with_timeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    // CHECK-FIXES: {{^}}    auto [ctx, cancel] = context::with_timeout(bg, 0.1);{{$}}
    // CHECK-FIXES-NEXT: {{^}}    defer([{{&handle = cancel\] \{ handle\(\)|&\] \{ cancel\(\)}}; });{{$}}
    if (failed())
      continue;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: leaves the scope of 'cancel' here without releasing it
    use_context(ctx);
    cancel();
  }
}

// Tied into variables of an enclosing block: a defer in the inner block would
// cancel too early, so no fix-it.
void tieInInnerBlock(context::Context bg) {
  context::Context ctx;
  func<void()> cancel;
  if (!failed()) {
    tie(ctx, cancel) = context::with_cancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'with_cancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    // CHECK-FIXES: {{^}}    tie(ctx, cancel) = context::with_cancel(bg);{{$}}
    // CHECK-FIXES-NEXT: {{^}}    {{$}}
  }
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  if (cancel)
    cancel();
}

// The creation comes from a macro: the warning is at the macro use, and no
// fix-it is offered (SPEC §4, §7.12).
#define NEW_CHILD(parent) context::with_cancel(parent)
void creationInMacro(context::Context bg) {
  context::Context ctx;
  func<void()> cancel;
  tie(ctx, cancel) = NEW_CHILD(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'with_cancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  tie(ctx, cancel) = NEW_CHILD(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  {{$}}
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(ctx);
  cancel();
}

// --- error-path-only --------------------------------------------------------

int errorPathOnly(context::Context bg) {
  auto [ctx, cancel] = context::with_timeout(bg, 5.0);
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'with_timeout' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  // CHECK-FIXES: {{^}}  auto [ctx, cancel] = context::with_timeout(bg, 5.0);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  defer([{{&handle = cancel\] \{ handle\(\)|&\] \{ cancel\(\)}}; });{{$}}
  if (ctx->err() != nil) {
    cancel();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    // CHECK-FIXES: {{^}}    cancel();{{$}}
    return -1;
  }
  use_context(ctx);
  return 0;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 'cancel'
}

int errorPathOnlyTie(context::Context bg) {
  context::Context ctx;
  func<void()> cancel;
  tie(ctx, cancel) = context::with_cancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'with_cancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  // CHECK-FIXES: {{^}}  tie(ctx, cancel) = context::with_cancel(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  defer([&] { cancel(); });{{$}}
  if (failed()) {
    cancel();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return 1;
  }
  use_context(ctx);
  return 0;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 'cancel'
}

// defer(...) inside the error branch releases on that branch only.
void deferInErrorBranch(context::Context bg) {
  auto [ctx, cancel] = context::with_cancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'with_cancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  // CHECK-FIXES: {{^}}  auto [ctx, cancel] = context::with_cancel(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  defer([{{&handle = cancel\] \{ handle\(\)|&\] \{ cancel\(\)}}; });{{$}}
  if (failed()) {
    defer(cancel);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return;
  }
  use_context(ctx);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// defer(cancel) copies the handle it is given: tying a second context into the
// same variable afterwards leaves the second one unreleased.
void deferCopiesThenRetie(context::Context bg) {
  context::Context ctx;
  func<void()> cancel;
  tie(ctx, cancel) = context::with_cancel(bg);
  defer(cancel);
  tie(ctx, cancel) = context::with_timeout(ctx, 1.0);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'with_timeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  tie(ctx, cancel) = context::with_timeout(ctx, 1.0);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  defer([&] { cancel(); });{{$}}
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(ctx);
}

// --- discarded ----------------------------------------------------------------

void resultUnused(context::Context bg) {
  context::with_cancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the cancel handle returned by 'with_cancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
}

void firstOnly(context::Context bg) {
  context::Context ctx = context::with_timeout(bg, 1.0).first;
  // CHECK-NOTES: :[[@LINE-1]]:26: warning: the cancel handle returned by 'with_timeout' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:26: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  use_context(ctx);
}

void tieIgnore(context::Context a, context::Context b) {
  context::Context ctx;
  tie(ctx, std::ignore) = context::merge(a, b);
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: the cancel handle returned by 'merge' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:27: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  use_context(ctx);
}

void getZero(context::Context bg) {
  use_context(std::get<0>(context::with_cancel(bg)));
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: the cancel handle returned by 'with_cancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:27: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
}

void bindingNeverMentioned(context::Context bg) {
  auto [ctx, cancel] = context::with_deadline(bg, 10.0);
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: the cancel handle returned by 'with_deadline' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:24: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  use_context(ctx);
}

void tieTargetNeverMentioned(context::Context bg) {
  context::Context ctx;
  func<void()> cancel;
  tie(ctx, cancel) = context::with_cancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: the cancel handle returned by 'with_cancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:22: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  use_context(ctx);
}

// --- released -------------------------------------------------------------------

void releasedOnEveryPath(context::Context bg) {
  auto [ctx, cancel] = context::with_cancel(bg);
  if (failed()) {
    cancel();
    return;
  }
  use_context(ctx);
  cancel();
}

// pygolang's own with_deadline does exactly this (context.cpp).
void tieReleased(context::Context bg, double timeout) {
  context::Context ctx;
  func<void()> cancel;
  tie(ctx, cancel) = context::with_timeout(bg, timeout);
  use_context(ctx);
  cancel();
}

void allFourReleased(context::Context bg, context::Context other) {
  auto [c1, cancel1] = context::with_cancel(bg);
  auto [c2, cancel2] = context::with_timeout(c1, 1.0);
  auto [c3, cancel3] = context::with_deadline(c2, 2.0);
  auto [c4, cancel4] = context::merge(c3, other);
  use_context(c4);
  cancel4();
  cancel3();
  cancel2();
  cancel1();
}

// --- defer(...) is a release --------------------------------------------------

void deferHandle(context::Context bg) {
  auto [ctx, cancel] = context::with_cancel(bg);
  defer(cancel);
  if (failed())
    return;
  use_context(ctx);
}

void deferLambda(context::Context bg) {
  context::Context ctx;
  func<void()> cancel;
  tie(ctx, cancel) = context::with_timeout(bg, 3.0);
  defer([&]() { cancel(); });
  if (failed())
    return;
  use_context(ctx);
}

void deferPairElement(context::Context bg) {
  auto r = context::with_deadline(bg, 3.0);
  defer(r.second);
  if (failed())
    return;
  use_context(r.first);
}

// The type behind the macro, spelled out.
void deferredLocal(context::Context bg) {
  auto [ctx, cancel] = context::with_timeout(bg, 3.0);
  golang::_deferred stop(cancel);
  if (failed())
    return;
  use_context(ctx);
}

// A defer made before the handle is assigned calls whatever the variable holds
// at the end of the scope (SPEC §7.13).
void deferBeforeTie(context::Context bg) {
  context::Context ctx;
  func<void()> cancel = [] {};
  defer([&]() { cancel(); });
  tie(ctx, cancel) = context::with_cancel(bg);
  if (failed())
    return;
  use_context(ctx);
}

// --- transfers: no finding --------------------------------------------------------

// sync.cpp's WorkGroup: the handle goes into a member.
struct _WorkGroup {
  context::Context _ctx;
  func<void()> _cancel;
};

_WorkGroup *newWorkGroup(context::Context ctx) {
  _WorkGroup *g = new _WorkGroup();
  tie(g->_ctx, g->_cancel) = context::with_cancel(ctx);
  if (failed())
    return nullptr;
  return g;
}

struct WatchLink {
  func<void()> _serveCancel;
};

void serveIntoMember(WatchLink *wlink) {
  context::Context serveCtx;
  tie(serveCtx, wlink->_serveCancel) = context::with_cancel(context::background());
  use_context(serveCtx);
}

std::pair<context::Context, func<void()>> returnedPair(context::Context bg) {
  context::Context ctx;
  func<void()> cancel;
  tie(ctx, cancel) = context::with_cancel(bg);
  if (failed())
    return std::make_pair(ctx, cancel);
  return std::make_pair(ctx, cancel);
}

std::pair<context::Context, func<void()>> returnedDirectly(context::Context a,
                                                          context::Context b) {
  return context::merge(a, b);
}

void passedOn(context::Context bg) {
  auto [ctx, cancel] = context::with_cancel(bg);
  keep(cancel);
  if (failed())
    return;
  use_context(ctx);
}

// --- not a creation -----------------------------------------------------------------

void withValueIsNotACreation(context::Context bg) {
  static int key;
  context::Context ctx = context::with_value(bg, &key, nil);
  use_context(ctx);
}
