// gocxx: the fix-it writes gocxx's own `defer(cancel);` where the handle
// certainly exists, and every spelling of the result's failure test is
// understood (cases first found by the library tests).
// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs
// RUN: %check_lostcancel %s -- -std=c++20 -I%S/../Inputs

#include "golibs/gocxx.h"
#include <utility>

using gocxx::context::CancelFunc;
using gocxx::context::ContextPtr;

bool failed();
void use_context(ContextPtr ctx);

// The profile's own guard, right after the unpacking: the failure test came
// before it (SPEC §4).
void fixAfterUnpack(ContextPtr bg) {
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

void fixErrorPathOnly(ContextPtr bg) {
  auto r = gocxx::context::WithTimeout(bg, gocxx::time::Seconds(5));
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'cancel' returned by 'WithTimeout' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  if (!r.Ok())
    return;
  auto [ctx, cancel] = r.value;
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

// The failure test comes after the unpacking: `defer(cancel);` right after
// the unpacking would call an EMPTY std::function on the !r.Ok() path
// (bad_function_call thrown from ~Defer, which is noexcept: std::terminate).
// So the guard goes after the failure test.
void fixAfterFailureTest(ContextPtr bg) {
  auto r = gocxx::context::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  auto [ctx, cancel] = r.value;
  // CHECK-FIXES: {{^}}  auto [ctx, cancel] = r.value;{{$}}
  // CHECK-FIXES-NEXT: {{^}}  {{$}}
  if (!r.Ok())
    return;
  // CHECK-FIXES: {{^}}    return;{{$}}
  // CHECK-FIXES-NEXT: {{^}}  defer(cancel);{{$}}
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(ctx);
  cancel();
}

// Unpacked straight from the call with no Ok() test anywhere, an
// unconditional defer(cancel) would terminate the program when the parent
// was nil (an empty handle): not provably safe, so no fix.
void directNoOkTest(ContextPtr bg) {
  auto [ctx, cancel] = gocxx::context::WithCancel(bg).value;
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto [ctx, cancel] = gocxx::context::WithCancel(bg).value;{{$}}
  // CHECK-FIXES-NEXT: {{^}}  {{$}}
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(ctx);
  cancel();
}

// The failure test spelled r.Failed(), !r (explicit operator bool means
// Ok()) or r.err is the same test as !r.Ok() in the library (Ok() is
// `return !err;`); on that branch the handle is an empty std::function and
// there is nothing to release.
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
