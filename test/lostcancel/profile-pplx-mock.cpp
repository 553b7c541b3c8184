// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs
// RUN: %check_lostcancel %s -- -std=c++11 -I%S/../Inputs
//
// The pplx profile on its own is enough:
// RUN: %check_lostcancel --config='{CheckOptions: {lostcancel.Profiles: "pplx"}}' %s -- -std=c++17 -I%S/../Inputs
//
// With every built-in profile but pplx, nothing is reported.
// RUN: %clang_tidy --load=%lostcancel_plugin --checks='-*,lostcancel-*' --quiet \
// RUN:   --config='{CheckOptions: {lostcancel.Profiles: "go-context;posix-timer;libuv"}}' \
// RUN:   %s -- -std=c++17 -I%S/../Inputs 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OFF --allow-empty --implicit-check-not='{{warning|error|note}}:'
// OFF-NOT: lostcancel-

// The pplx profile needs nothing from cpprestsdk: the same shapes, declared
// by a minimal mock, are recognised. Only pplx::cancellation_token's
// register_callback is a creation.

#include "mock-pplx.h"

bool work(int step);
void on_cancel();
void keep(pplx::cancellation_token_registration reg);

int leak(const pplx::cancellation_token &tok) {
  auto reg = tok.register_callback([] { on_cancel(); });
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: callback registration 'reg' returned by 'register_callback' is not released on every path; the registration stays live until the token is cancelled or destroyed [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto reg = tok.register_callback([] { on_cancel(); });{{$}}
  // CHECK-FIXES-NEXT: {{^}}  struct reg_guard_type { decltype(reg) &handle; const decltype(tok) &object; ~reg_guard_type() { object.deregister_callback(handle); } } reg_guard{reg, tok};{{$}}
  if (work(1))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'reg'
  return reg == pplx::cancellation_token_registration() ? 1 : 0;
}

void errorPathOnly(const pplx::cancellation_token &tok) {
  auto reg = tok.register_callback([] { on_cancel(); });
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: callback registration 'reg' returned by 'register_callback' is released only on early-exit paths; the registration stays live until the token is cancelled or destroyed [lostcancel-error-path-only]
  if (work(1)) {
    tok.deregister_callback(reg);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return;
  }
  work(2);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'reg'

void discarded(const pplx::cancellation_token &tok) {
  tok.register_callback([] { on_cancel(); });
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the callback registration returned by 'register_callback' is discarded; the registration stays live until the token is cancelled or destroyed [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: keep the callback registration in a variable and release it on every path{{.*}}
}

// No finding below.

void released(pplx::cancellation_token_source &cts) {
  pplx::cancellation_token tok = cts.get_token();
  auto reg = tok.register_callback([] { on_cancel(); });
  if (work(1)) {
    tok.deregister_callback(reg);
    return;
  }
  tok.deregister_callback(reg);
}

pplx::cancellation_token_registration returned(const pplx::cancellation_token &tok) {
  auto reg = tok.register_callback([] { on_cancel(); });
  return reg;
}

void passedOn(const pplx::cancellation_token &tok) {
  keep(tok.register_callback([] { on_cancel(); }));
}

// Same names in another namespace, and a free function of the same name:
// not pplx's API.
namespace other {
struct registration {};
struct cancellation_token {
  template <typename F> registration register_callback(const F &) const {
    return {};
  }
  void deregister_callback(const registration &) const;
};
registration register_callback(int id);
} // namespace other

void lookalikes(const other::cancellation_token &tok) {
  auto reg = tok.register_callback([] { on_cancel(); });
  if (work(1))
    return;
  tok.deregister_callback(reg);
  other::register_callback(2);
}
