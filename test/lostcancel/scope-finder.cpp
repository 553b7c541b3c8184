// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs -isystem %S/../Inputs/scope-finder
// RUN: %clang_tidy --load=%lostcancel_plugin --checks='-*,lostcancel-*' --quiet \
// RUN:   --config='{CheckOptions: {lostcancel.Statistics: true}}' \
// RUN:   %s -- -std=c++17 -I%S/../Inputs -isystem %S/../Inputs/scope-finder 2>&1 \
// RUN:   | FileCheck %s --check-prefix=STATS

// Which scopes the checks analyse (checks/ScopeFinder): every function,
// lambda and block body and every member initialiser of the user's code that
// holds a creation call, and nothing written in a system header. The
// statistics line counts the analysed scopes: the eleven below, and none of
// sys-scopes.h's function, field initialiser or macro-written lambda.
// STATS: lostcancel-stats: scopes=11 sites=7 findings=7

#include "gocontext.h"
#include "sys-scopes.h"

// One scope.
void plainFunction(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  (void)c;
}

// Two: the lambda, and the function around it.
void lambdaInFunction(const ctx::Context &bg) {
  auto run = [&] {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
    (void)c;
  };
  run();
}

// Two: the local class's method, and the function around it.
void localClassMethod() {
  struct Local {
    void start(const ctx::Context &bg) {
      auto [c, cancel] = ctx::WithCancel(bg);
      // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
      (void)c;
    }
  };
  Local().start(ctx::Background());
}

// Two: the field's initialiser and the constructor's. The constructor's
// body holds no creation: it is not a scope.
struct Holder {
  ctx::Context Parent;
  ctx::Context Field = ctx::WithCancel(Parent).first;
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  ctx::Context Init;
  explicit Holder(const ctx::Context &bg)
      : Parent(bg), Init(ctx::WithCancel(bg).first) {}
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
};

// None: a default argument is not in the function's body.
void defaultArgument(ctx::Context c = ctx::WithCancel(ctx::Background()).first) {
  (void)c;
}

// Two: the template and its instantiation (which reports nothing the
// template reported).
template <typename T> void templated(const T &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  (void)c;
}
template void templated(const ctx::Context &);

// Two: the function, and the lambda the system header's macro writes in
// it. The walk does not take that lambda as a scope of its own; the
// function's analysis reads it as one of its closures and reports its
// creation at the macro's use.
void systemMacroLambda(const ctx::Context &bg) { SYSTEM_LEAKING_LAMBDA(bg); }
// CHECK-MESSAGES: :[[@LINE-1]]:50: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]

// None.
void noCreation(int x) { (void)x; }
void systemCaller(const ctx::Context &bg) { (void)&systemLeak; (void)bg; }
