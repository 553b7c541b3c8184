// The pplx profile (SPEC §3.3) against the real cpprestsdk headers:
// pplx::cancellation_token::register_callback(f) returns a
// cancellation_token_registration that must be passed to
// token.deregister_callback(reg) on every path.
//
// The fix-it is a scope guard calling tok.deregister_callback(reg), offered
// when the token is a plain variable: the C++11 local-struct fallback, or an
// absl::Cleanup when one is declared (-DWITH_ABSL). deregister_callback is
// not idempotent (cpprestsdk drops the registration's reference on every
// call), so no guard joins an explicit release: the deregistration goes
// before each leaking return instead (SPEC §4).
//
// RUN: sed -e 's#// FALLBACK-\([A-Z]*\)#// CHECK-\1#' %s > %t.fallback.cpp
// RUN: %check_lostcancel %t.fallback.cpp -- -std=c++17 -I%S/../Inputs
// RUN: sed -e 's#// ABSL-\([A-Z]*\)#// CHECK-\1#' %s > %t.absl.cpp
// RUN: %check_lostcancel %t.absl.cpp -- -std=c++17 -I%S/../Inputs -DWITH_ABSL
//
// With every built-in profile but pplx, nothing is reported.
// RUN: %clang_tidy --load=%lostcancel_plugin --checks='-*,lostcancel-*' --quiet \
// RUN:   --config='{CheckOptions: {lostcancel.Profiles: "go-context;posix-timer;libuv"}}' \
// RUN:   %s -- -std=c++17 -I%S/../Inputs -DWITH_ABSL 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OFF --allow-empty --implicit-check-not='{{warning|error|note}}:'
// OFF-NOT: lostcancel-

#include <pplx/pplxtasks.h>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>
#ifdef WITH_ABSL
#include "guards.h"
#endif

bool work(int step);
void on_cancel();
void keep(const pplx::cancellation_token_registration &reg);

using Registration = pplx::cancellation_token_registration;

//===----------------------------------------------------------------------===//
// Leaks, and the guard fix-it.
//===----------------------------------------------------------------------===//

// Never deregistered: the guard is the only release.
int neverDeregistered(const pplx::cancellation_token &tok) {
  auto reg = tok.register_callback([] { on_cancel(); });
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: callback registration 'reg' returned by 'register_callback' is not released on every path; the registration stays live until the token is cancelled or destroyed [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto reg = tok.register_callback([] { on_cancel(); });{{$}}
  // FALLBACK-FIXES-NEXT: {{^}}  struct reg_guard_type { decltype(reg) &handle; const decltype(tok) &object; ~reg_guard_type() { object.deregister_callback(handle); } } reg_guard{reg, tok};{{$}}
  // ABSL-FIXES-NEXT: {{^}}  absl::Cleanup reg_guard = [&] { tok.deregister_callback(reg); };{{$}}
  if (work(1))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'reg'
  return reg == Registration() ? 1 : 0;
}

// A token taken by value; the registration assigned to a variable declared
// earlier in the same block: the guard goes after the assignment.
void assignedToEarlierVariable(pplx::cancellation_token token) {
  Registration registration;
  registration = token.register_callback([] { on_cancel(); });
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: callback registration 'registration' returned by 'register_callback' is not released on every path; the registration stays live until the token is cancelled or destroyed [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  registration = token.register_callback([] { on_cancel(); });{{$}}
  // FALLBACK-FIXES-NEXT: {{^}}  struct registration_guard_type { decltype(registration) &handle; const decltype(token) &object; ~registration_guard_type() { object.deregister_callback(handle); } } registration_guard{registration, token};{{$}}
  // ABSL-FIXES-NEXT: {{^}}  absl::Cleanup registration_guard = [&] { token.deregister_callback(registration); };{{$}}
  if (work(1))
    throw std::runtime_error("step 1");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: throws here without releasing 'registration'
  if (registration != Registration())
    work(2);
}

// An explicit deregistration on one path: no guard (it would deregister
// twice); the deregistration before the leaking return.
void deregisteredOnOnePath(const pplx::cancellation_token &tok) {
  auto reg = tok.register_callback([] { on_cancel(); });
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: callback registration 'reg' returned by 'register_callback' is not released on every path; the registration stays live until the token is cancelled or destroyed [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto reg = tok.register_callback([] { on_cancel(); });{{$}}
  // CHECK-FIXES-NEXT: {{^}}  {{$}}
  if (work(1))
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'reg'
  // CHECK-FIXES: {{^}}    { tok.deregister_callback(reg); return; }{{$}}
  tok.deregister_callback(reg);
}

// The token is not a plain variable: no fix-it can name it.
void tokenThroughPointer(const pplx::cancellation_token *tok) {
  auto reg = tok->register_callback([] { on_cancel(); });
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: callback registration 'reg' returned by 'register_callback' is not released on every path; the registration stays live until the token is cancelled or destroyed [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto reg = tok->register_callback([] { on_cancel(); });{{$}}
  // CHECK-FIXES-NEXT: {{^}}  {{$}}
  (void)reg;
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'reg'

void tokenFromSource(pplx::cancellation_token_source &cts) {
  auto reg = cts.get_token().register_callback([] { on_cancel(); });
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: callback registration 'reg' returned by 'register_callback' is not released on every path; the registration stays live until the token is cancelled or destroyed [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto reg = cts.get_token().register_callback([] { on_cancel(); });{{$}}
  // CHECK-FIXES-NEXT: {{^}}  {{$}}
  if (work(1))
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'reg'
  cts.get_token().deregister_callback(reg);
}

// Declared in an enclosing block: a guard in the inner block would
// deregister too early.
void assignedInInnerBlock(const pplx::cancellation_token &tok, bool watch) {
  Registration reg;
  if (watch) {
    reg = tok.register_callback([] { on_cancel(); });
    // CHECK-NOTES: :[[@LINE-1]]:11: warning: callback registration 'reg' returned by 'register_callback' is not released on every path; the registration stays live until the token is cancelled or destroyed [lostcancel-unreleased]
    // CHECK-FIXES: {{^}}    reg = tok.register_callback([] { on_cancel(); });{{$}}
    // CHECK-FIXES-NEXT: {{^}}    {{$}}
  }
  if (work(1))
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'reg'
  tok.deregister_callback(reg);
}

// Inside a continuation: the lambda is its own scope; a throw leaves it.
pplx::task<void> inContinuation(pplx::task<void> previous,
                                const pplx::cancellation_token &tok) {
  return previous.then([&tok] {
    auto reg = tok.register_callback([] { on_cancel(); });
    // CHECK-NOTES: :[[@LINE-1]]:16: warning: callback registration 'reg' returned by 'register_callback' is not released on every path; the registration stays live until the token is cancelled or destroyed [lostcancel-unreleased]
    // CHECK-FIXES: {{^}}    auto reg = tok.register_callback([] { on_cancel(); });{{$}}
    // CHECK-FIXES-NEXT: {{^}}    {{$}}
    if (work(2))
      throw std::runtime_error("step 2");
    // CHECK-NOTES: :[[@LINE-1]]:7: note: throws here without releasing 'reg'
    tok.deregister_callback(reg);
  });
}

// One finding per source location, whatever the instantiations (§7.4).
template <typename F>
void registerTemplate(const pplx::cancellation_token &tok, const F &f) {
  auto reg = tok.register_callback(f);
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: callback registration 'reg' returned by 'register_callback' is not released on every path; the registration stays live until the token is cancelled or destroyed [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto reg = tok.register_callback(f);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  {{$}}
  if (work(1))
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'reg'
  tok.deregister_callback(reg);
}

void instantiate(const pplx::cancellation_token &tok) {
  registerTemplate(tok, [] { on_cancel(); });
  registerTemplate(tok, [] { work(0); });
}

//===----------------------------------------------------------------------===//
// Released only on early-exit paths.
//===----------------------------------------------------------------------===//

int deregisteredOnlyOnError(const pplx::cancellation_token &tok) {
  auto reg = tok.register_callback([] { on_cancel(); });
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: callback registration 'reg' returned by 'register_callback' is released only on early-exit paths; the registration stays live until the token is cancelled or destroyed [lostcancel-error-path-only]
  // CHECK-FIXES: {{^}}  auto reg = tok.register_callback([] { on_cancel(); });{{$}}
  // CHECK-FIXES-NEXT: {{^}}  {{$}}
  if (!work(1)) {
    tok.deregister_callback(reg);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return -1;
  }
  work(2);
  return 0;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 'reg'
}

void deregisteredOnlyInCatch(const pplx::cancellation_token &tok) {
  auto reg = tok.register_callback([] { on_cancel(); });
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: callback registration 'reg' returned by 'register_callback' is released only on early-exit paths; the registration stays live until the token is cancelled or destroyed [lostcancel-error-path-only]
  try {
    work(1);
  } catch (...) {
    tok.deregister_callback(reg);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    throw;
  }
  work(2);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'reg'

// A `case` that returns is an early-exit branch.
int deregisteredOnlyInCase(const pplx::cancellation_token &tok, int k) {
  auto reg = tok.register_callback([] { on_cancel(); });
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: callback registration 'reg' returned by 'register_callback' is released only on early-exit paths; the registration stays live until the token is cancelled or destroyed [lostcancel-error-path-only]
  switch (k) {
  case 0:
    tok.deregister_callback(reg);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return -1;
  default:
    break;
  }
  return 0;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 'reg'
}

//===----------------------------------------------------------------------===//
// Threads: a detached thread takes the registration out of this scope's
// control, even when it deregisters it; a joined thread is a transfer.
//===----------------------------------------------------------------------===//

void detachedThread(pplx::cancellation_token tok) {
  auto reg = tok.register_callback([] { on_cancel(); });
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: callback registration 'reg' returned by 'register_callback' escapes into a detached thread and this scope does not release it on every path; nothing controls the registration's lifetime any more [lostcancel-detached]
  std::thread([tok, reg] { tok.deregister_callback(reg); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
}

void joinedThread(pplx::cancellation_token tok) {
  auto reg = tok.register_callback([] { on_cancel(); });
  std::thread worker([tok, reg] { tok.deregister_callback(reg); });
  worker.join();
}

//===----------------------------------------------------------------------===//
// Overwritten in a loop.
//===----------------------------------------------------------------------===//

void reRegisteredInLoop(const pplx::cancellation_token &tok, int n) {
  Registration reg;
  for (int i = 0; i < n; ++i) {
    reg = tok.register_callback([i] { work(i); });
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'reg' is assigned a new callback registration returned by 'register_callback' while the previous one may still be live; the overwritten registration stays live until the token is cancelled or destroyed [lostcancel-overwritten]
    // CHECK-NOTES: :[[@LINE-2]]:11: note: the overwritten handle was created here{{.*}}
    work(i);
  }
  tok.deregister_callback(reg);
}

//===----------------------------------------------------------------------===//
// Discarded.
//===----------------------------------------------------------------------===//

void resultUnused(const pplx::cancellation_token &tok) {
  tok.register_callback([] { on_cancel(); });
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the callback registration returned by 'register_callback' is discarded; the registration stays live until the token is cancelled or destroyed [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: keep the callback registration in a variable and release it on every path{{.*}}
  work(1);
}

void resultVoided(const pplx::cancellation_token &tok) {
  (void)tok.register_callback([] { on_cancel(); });
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: the callback registration returned by 'register_callback' is discarded; the registration stays live until the token is cancelled or destroyed [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:9: note: keep the callback registration in a variable and release it on every path{{.*}}
}

bool nameNeverMentioned(const pplx::cancellation_token &tok) {
  auto reg = tok.register_callback([] { on_cancel(); });
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: the callback registration returned by 'register_callback' is discarded; the registration stays live until the token is cancelled or destroyed [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:14: note: keep the callback registration in a variable and release it on every path{{.*}}
  return work(1);
}

//===----------------------------------------------------------------------===//
// Transfers: no finding.
//===----------------------------------------------------------------------===//

Registration returned(const pplx::cancellation_token &tok) {
  auto reg = tok.register_callback([] { on_cancel(); });
  work(1);
  return reg;
}

Registration returnedDirectly(const pplx::cancellation_token &tok) {
  return tok.register_callback([] { on_cancel(); });
}

std::pair<pplx::cancellation_token, Registration>
returnedInPair(pplx::cancellation_token tok) {
  auto reg = tok.register_callback([] { on_cancel(); });
  return std::make_pair(tok, reg);
}

class Watcher {
public:
  explicit Watcher(pplx::cancellation_token tok) : tok_(tok) {}
  void watchDirect() { reg_ = tok_.register_callback([] { on_cancel(); }); }
  void watchThroughLocal() {
    auto reg = tok_.register_callback([] { on_cancel(); });
    reg_ = reg;
  }
  void watchAll(const std::vector<pplx::cancellation_token> &tokens) {
    for (const auto &t : tokens) {
      auto reg = t.register_callback([] { on_cancel(); });
      regs_.push_back(reg);
    }
    for (const auto &t : tokens)
      regs_.emplace_back(t.register_callback([] { on_cancel(); }));
  }
  ~Watcher() { tok_.deregister_callback(reg_); }

private:
  pplx::cancellation_token tok_;
  Registration reg_;
  std::vector<Registration> regs_;
};

void passedOn(const pplx::cancellation_token &tok) {
  auto reg = tok.register_callback([] { on_cancel(); });
  keep(reg);
}

pplx::task<void> deregisteredByContinuation(pplx::task<void> t,
                                            pplx::cancellation_token tok) {
  auto reg = tok.register_callback([] { on_cancel(); });
  return t.then([tok, reg] { tok.deregister_callback(reg); });
}

//===----------------------------------------------------------------------===//
// Released on every path: no finding.
//===----------------------------------------------------------------------===//

void deregisteredEverywhere(const pplx::cancellation_token &tok) {
  Registration reg = tok.register_callback([] { on_cancel(); });
  if (work(1)) {
    tok.deregister_callback(reg);
    return;
  }
  work(2);
  tok.deregister_callback(reg);
}

// Through another copy of the token.
void deregisteredThroughCopy(pplx::cancellation_token_source &cts) {
  pplx::cancellation_token tok = cts.get_token();
  auto reg = tok.register_callback([] { on_cancel(); });
  pplx::cancellation_token same = tok;
  work(1);
  same.deregister_callback(reg);
}

void deregisteredByCalledLambda(const pplx::cancellation_token &tok) {
  auto reg = tok.register_callback([] { on_cancel(); });
  auto undo = [&] { tok.deregister_callback(reg); };
  if (work(1)) {
    undo();
    return;
  }
  undo();
}

#ifdef WITH_ABSL
void deregisteredByGuard(const pplx::cancellation_token &tok) {
  auto reg = tok.register_callback([] { on_cancel(); });
  absl::Cleanup undo = [&] { tok.deregister_callback(reg); };
  if (work(1))
    return;
  work(2);
}

#endif

// In a lambda that captures the token by copy, the token is const in the
// body (and inside the fallback's local struct `tok` names the enclosing
// parameter): the fallback holds a const reference, the known guard a
// lambda capture; both compile.
pplx::task<void> fixInsideLambda(pplx::task<void> t,
                                 pplx::cancellation_token tok) {
  return t.then([tok] {
    auto reg = tok.register_callback([] { on_cancel(); });
    // FALLBACK-NOTES: :[[@LINE-1]]:16: warning: callback registration 'reg' returned by 'register_callback' is not released on every path; the registration stays live until the token is cancelled or destroyed [lostcancel-unreleased]
    // ABSL-NOTES: :[[@LINE-2]]:16: warning: callback registration 'reg' returned by 'register_callback' is not released on every path; the registration stays live until the token is cancelled or destroyed [lostcancel-unreleased]
    // FALLBACK-FIXES: {{^}}pplx::task<void> fixInsideLambda(pplx::task<void> t,{{$}}
    // FALLBACK-FIXES: {{^}}    auto reg = tok.register_callback([] { on_cancel(); });{{$}}
    // FALLBACK-FIXES-NEXT: {{^}}    struct reg_guard_type { decltype(reg) &handle; const decltype(tok) &object; ~reg_guard_type() { object.deregister_callback(handle); } } reg_guard{reg, tok};{{$}}
    // ABSL-FIXES: {{^}}pplx::task<void> fixInsideLambda(pplx::task<void> t,{{$}}
    // ABSL-FIXES: {{^}}    auto reg = tok.register_callback([] { on_cancel(); });{{$}}
    // ABSL-FIXES-NEXT: {{^}}    absl::Cleanup reg_guard = [&] { tok.deregister_callback(reg); };{{$}}
    if (work(1))
      return;
    // FALLBACK-NOTES: :[[@LINE-1]]:7: note: returns here without releasing 'reg'
    // ABSL-NOTES: :[[@LINE-2]]:7: note: returns here without releasing 'reg'
    (void)reg;
  });
}

//===----------------------------------------------------------------------===//
// main: exempt from unreleased, not from discarded (SPEC §2).
//===----------------------------------------------------------------------===//

int main() {
  pplx::cancellation_token_source cts;
  pplx::cancellation_token tok = cts.get_token();
  auto kept = tok.register_callback([] { on_cancel(); });
  if (work(0))
    return 1;
  tok.deregister_callback(kept);
  auto dropped = tok.register_callback([] { on_cancel(); });
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: the callback registration returned by 'register_callback' is discarded; the registration stays live until the token is cancelled or destroyed [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:18: note: keep the callback registration in a variable and release it on every path{{.*}}
  return 0;
}
