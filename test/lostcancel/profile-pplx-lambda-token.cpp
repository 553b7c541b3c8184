// The fallback guard of a method release holds a const reference to the
// object, so it compiles where the object is const (found by the profile
// tests, fixed since).
// RUN: %check_lostcancel %s -- -std=c++17

#include <pplx/pplxtasks.h>

bool work(int step);
void on_cancel();

// The token is a by-copy capture of a non-mutable lambda (the usual
// `.then([tok] { ... })`), const in the body; inside the guard's local
// struct `tok` names the enclosing parameter, so the member is declared
// `const decltype(tok) &`.
pplx::task<void> inContinuation(pplx::task<void> t,
                                pplx::cancellation_token tok) {
  return t.then([tok] {
    auto reg = tok.register_callback([] { on_cancel(); });
    // CHECK-NOTES: :[[@LINE-1]]:16: warning: callback registration 'reg' returned by 'register_callback' is not released on every path; the registration stays live until the token is cancelled or destroyed [lostcancel-unreleased]
    // CHECK-FIXES: {{^}}    auto reg = tok.register_callback([] { on_cancel(); });{{$}}
    // CHECK-FIXES-NEXT: {{^}}    {{.*}}reg_guard{{.*}}deregister_callback({{.*}}{{$}}
    if (work(1))
      return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: returns here without releasing 'reg'
    (void)reg;
  });
}
