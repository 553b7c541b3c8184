// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs

// Go's own lostcancel testdata (golang/tools,
// go/analysis/passes/lostcancel/testdata/src/{a,b,typeparams}), rewritten
// against the C++ mock API. Each Go function becomes a C++ function with the
// same intent, in the same order. How Go maps to C++ here:
//   `defer cancel()`              -> absl::Cleanup / gsl::finally
//   `ctx, _ := context.WithX(..)` -> std::ignore, `.first`, std::get<0>
//   os.Exit, log.Fatal, FailNow   -> fatal() ([[noreturn]])
//   a function literal            -> a lambda (its own scope)
//   `go func() {...}()`           -> std::thread([] {...}).detach()
//   `select` with a default       -> an if/else chain over non-blocking ops
// Where Go's expectation and SPEC.md differ, a `// Go: ...; SPEC §x: ...`
// comment says so, and the expectation follows SPEC.md.

#include "gocontext.h"
#include "guards.h"
#include <thread>

static const ctx::Context bg = ctx::Background();
extern bool condition;
extern int someInt;
extern bool maybe;
void print(int);
void print(const char *);

// A Go channel, enough for the `select` cases.
struct Chan {
  bool try_recv();      // `case <-ch:` in a select that has a default
  bool try_send(int v); // `case ch <- v:` in a select that has a default
  int recv();           // a blocking `<-ch`
};

//===----------------------------------------------------------------------===//
// a/a.go
//===----------------------------------------------------------------------===//

// Go: "Check the three functions and assignment forms (var, :=, =)".
// C++: structured binding (Go's `var`), a pair variable (Go's `:=`) and
// std::tie into a declared variable (Go's `=`).
// Go: `_ = cancel` inside `if false` is a use, so only the path around it
// leaks; SPEC §2: a mere read like `(void)cancel` is no release, so no path
// releases (and §7.1: the dead mention still keeps it out of -discarded).
// Same finding either way.
void a_var_form() {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (false) {
    (void)cancel;
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

void a_define_form() {
  auto res = ctx::WithDeadline(bg, 0);
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: cancel handle 'res.second' returned by 'WithDeadline' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (false) {
    (void)res.second;
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'res.second'

void a_assign_form() {
  ctx::Context c;
  ctx::CancelFunc cancel3;
  std::tie(c, cancel3) = ctx::WithTimeout(bg, ctx::Duration(0));
  // CHECK-NOTES: :[[@LINE-1]]:26: warning: cancel handle 'cancel3' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (false) {
    (void)cancel3;
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel3'

// Go: `ctx, _ := context.WithCancel(bg)` etc.: discarded, one per creation.
void a_discarded() {
  ctx::Context c;
  std::tie(c, std::ignore) = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:30: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:30: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  c = ctx::WithTimeout(bg, ctx::Duration(0)).first;
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: the cancel handle returned by 'WithTimeout' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:7: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  c = std::get<0>(ctx::WithDeadline(bg, 0));
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: the cancel handle returned by 'WithDeadline' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:19: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  use_context(c);
}

// Go: `defer cancel() // ok`.
// (std::tie, because C++17 lambdas cannot capture structured bindings.)
void a_defer() {
  ctx::Context c;
  ctx::CancelFunc cancel;
  std::tie(c, cancel) = ctx::WithCancel(bg);
  absl::Cleanup guard = [&] { cancel(); }; // ok
  use_context(c);
}

// Go: released only when `condition`; the explicit return leaks.
void a_released_conditionally() {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (condition) {
    cancel();
  }
  return;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 'cancel'
}

// Go: ok: the else branch is an infinite loop.
void a_else_infinite_loop() {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (condition) {
    cancel();
  } else {
    // ok: infinite loop
    for (;;) {
      print(0);
    }
  }
}

// Go: the else branch is a loop that ends, then the implicit return leaks.
void a_else_finite_loop() {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (condition) {
    cancel();
  } else {
    for (int i = 0; i < 10; i++) {
      print(0);
    }
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// Go: ok: every case releases or never returns (case 3 falls through into
// the exiting default).
void a_switch_all_paths() {
  auto [c, cancel] = ctx::WithCancel(bg);
  // ok: used on all paths
  switch (someInt) {
  case 0:
    fatal("new(testing.T).FailNow()");
  case 1:
    fatal("log.Fatal()");
  case 2:
    cancel();
    break;
  case 3:
    print("hi");
    [[fallthrough]];
  default:
    fatal("os.Exit(1)");
  }
}

// Go: case 3 falls through to the implicit return, unreleased.
void a_switch_one_path_leaks() {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  switch (someInt) {
  case 0:
    fatal("new(testing.T).FailNow()");
  case 1:
    fatal("log.Fatal()");
  case 2:
    cancel();
    break;
  case 3:
    print("hi"); // falls through to implicit return
    break;
  default:
    fatal("os.Exit(1)");
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// Go: a `select` with a default; the `ch <- 2` case reaches the implicit
// return unreleased.
void a_select_one_path_leaks(Chan &ch) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (ch.try_recv()) {
    fatal("new(testing.T).FailNow()");
  } else if (ch.try_send(2)) {
    print("hi"); // falls through to implicit return
  } else if (ch.try_send(1)) {
    cancel();
  } else {
    fatal("os.Exit(1)");
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// Go: "A blocking select must execute one of its cases": its only case
// panics, so the code after it is dead and nothing leaks. With a
// [[noreturn]] call for the panic: no finding here either.
void a_blocking_select(Chan &ch) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // A blocking select must execute one of its cases.
  ch.recv();
  fatal("panic(0)");
  if (false) {
    (void)cancel;
  }
}

// The same, with the panic written as a C++ throw.
// Go: a panic ends the path silently; SPEC §7.9: an explicit throw that
// leaves the function with the handle unreleased is a leak.
void a_blocking_select_throw(Chan &ch) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  ch.recv();
  throw 0;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: throws here without releasing 'cancel'
  if (false) {
    (void)cancel;
  }
}

// Go: a `go func() {...}()` literal is analysed on its own; the leak is
// reported at the literal's closing brace.
// (Go: `_ = cancel` is a use; SPEC §2: `(void)cancel` is not a release.)
void a_goroutine() {
  std::thread([] {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (false) {
      (void)cancel;
    }
    use_context(c);
  }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: reaches the end of the function without releasing 'cancel'
}

// Go: regression test for Go issue 16143 (calling a func-typed field is
// not a creation and must not crash).
void a_issue16143() {
  struct {
    std::function<void()> f;
  } x;
  x.f();
}

// Go: regression test for Go issue 16230: a naked return of named results
// (ctx, cancel) hands the handle to the caller. C++: returning an aggregate
// holding the handle is a transfer (SPEC §2).
std::pair<ctx::Context, ctx::CancelFunc> a_issue16230() {
  ctx::Context c;
  ctx::CancelFunc cancel;
  std::tie(c, cancel) = ctx::WithCancel(bg);
  return {c, cancel}; // a naked return counts as a load of the named results
}

// The closest C++ has to Go's named results: out-parameters (a transfer,
// SPEC §2).
void a_issue16230_out(ctx::Context &c, ctx::CancelFunc &cancel) {
  std::tie(c, cancel) = ctx::WithCancel(bg);
}

// Go: same as above, but for a function literal.
auto a_issue16230_lambda = []() -> std::pair<ctx::Context, ctx::CancelFunc> {
  ctx::Context c;
  ctx::CancelFunc cancel;
  std::tie(c, cancel) = ctx::WithCancel(bg);
  return {c, cancel};
};

// Go: test for Go issue 31856: the literal assigns the handle to a variable
// of the enclosing function, which calls it. SPEC §7.8: assigning the handle
// to a variable of an enclosing scope (a by-reference capture) is a transfer.
void a_issue31856() {
  ctx::CancelFunc cancel;

  [&] { std::tie(std::ignore, cancel) = ctx::WithCancel(bg); }();

  cancel();
}

// Not in Go's testdata: the loop-body counterpart of a_else_infinite_loop.
// Go: no return is reachable from the creation, so Go reports nothing;
// SPEC §1/§2: the handle's scope is the loop body, and the body's end is an
// exit of that scope, reached unreleased when `condition` is false.
void a_loop_body_scope() {
  for (;;) {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (condition) {
      cancel();
    }
  }
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'cancel' goes out of scope here without being released
}

//===----------------------------------------------------------------------===//
// b/b.go
//===----------------------------------------------------------------------===//

// Go: "Return from main is handled specially. Since the program exits,
// there's no need to call cancel." (SPEC §2: main is exempt from -unreleased.)
int main() {
  auto [c, cancel] = ctx::WithCancel(ctx::Context{});
  if (maybe) {
    cancel();
  }

  // Not in Go's testdata, but Go behaves the same: the exemption covers
  // neither -discarded (Go reports `_` before it looks at main) nor a
  // function literal inside main (SPEC §7.8).
  auto kept = ctx::WithCancel(bg).first;
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:15: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  use_context(kept);
  auto later = [] {
    auto [c2, cancel2] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:26: warning: cancel handle 'cancel2' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (maybe) {
      cancel2();
    }
  };
  // CHECK-NOTES: :[[@LINE-1]]:3: note: reaches the end of the function without releasing 'cancel2'
  later();
}

void notMain() {
  auto [c, cancel] = ctx::WithCancel(ctx::Context{});
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]

  if (maybe) {
    cancel();
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

//===----------------------------------------------------------------------===//
// typeparams/typeparams.go
//===----------------------------------------------------------------------===//

// Go: a generic function, like a_var_form. C++: a function template,
// instantiated twice below; SPEC §7.4: one finding per source location,
// whatever the number of instantiations.
template <typename T> void tp_unused() {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (false) {
    (void)cancel;
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// Go: `defer cancel() // ok` in a generic function. Here the guard function
// receives the handle itself.
template <typename T> void tp_defer() {
  auto [c, cancel] = ctx::WithCancel(bg);
  auto guard = gsl::finally(cancel); // ok
}

// Go: a user-defined generic type that matches context.Context is accepted
// as the parent. C++: a class template convertible to ctx::Context; the
// parent is dependent, so the creations resolve only in the instantiations
// (SPEC §7.4), two of them, still one finding per location.
template <typename P1, typename P2> struct C1 {
  operator ctx::Context() const;
};

template <typename Parent> void tp_discarded(const Parent &parent) {
  ctx::Context c;
  std::tie(c, std::ignore) = ctx::WithCancel(parent);
  // CHECK-NOTES: :[[@LINE-1]]:30: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:30: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  c = ctx::WithTimeout(parent, ctx::Duration(0)).first;
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: the cancel handle returned by 'WithTimeout' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:7: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  use_context(c);
}

// Go: a user-defined generic interface whose method is named WithCancel is
// not context.WithCancel. C++: a (non-static) method named WithCancel is not
// a creation (SPEC §3: free or static member functions only).
template <typename P> struct C2 {
  std::pair<ctx::Context, ctx::CancelFunc> WithCancel(const ctx::Context &parent);
};

void tp_method_not_creation(C2<void *> &c, ctx::Server &s) {
  auto c1 = c.WithCancel(ctx::Context{}).first; // not "context.WithCancel()"
  use_context(c1);
  auto c2 = s.WithCancel(ctx::Context{}).first; // not a creation either
  use_context(c2);
}

// Go: further regression test for Go issue 16143, with a generic type.
template <typename P> struct CF {
  std::function<P()> f;
};

void tp_issue16143() {
  CF<int> x;
  x.f();
}

void tp_instantiate() {
  tp_unused<int>();
  tp_unused<double>();
  tp_defer<int>();
  tp_defer<char>();
  tp_discarded(C1<bool, void *>{});
  tp_discarded(bg);
}
