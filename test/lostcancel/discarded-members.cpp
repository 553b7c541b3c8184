// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs
// RUN: %check_lostcancel --checks=lostcancel-discarded %s -- -std=c++17 -I%S/../Inputs

// SPEC §7.19: a constructor's member initialiser or a default member
// initialiser that keeps only the context drops the cancel handle:
// lostcancel-discarded. Keeping the pair, or the cancel handle, in a member
// is a store: the object owns it (silent).

#include "gocontext.h"
#include <tuple>
#include <utility>

struct CtorFirst {
  explicit CtorFirst(const ctx::Context &p)
      : ctx_(ctx::WithCancel(p).first) {}
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:14: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  ctx::Context ctx_;
};

struct CtorGet {
  explicit CtorGet(const ctx::Context &p)
      : ctx_(std::get<0>(ctx::WithTimeout(p, ctx::Duration(5)))) {}
  // CHECK-NOTES: :[[@LINE-1]]:26: warning: the cancel handle returned by 'WithTimeout' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:26: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  ctx::Context ctx_;
};

ctx::Context root();

struct DefaultFirst {
  ctx::Context ctx_ = ctx::WithCancel(root()).first;
  // CHECK-NOTES: :[[@LINE-1]]:23: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:23: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  ctx::Context other_{std::get<0>(ctx::WithDeadline(root(), 7))};
  // CHECK-NOTES: :[[@LINE-1]]:35: warning: the cancel handle returned by 'WithDeadline' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:35: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
};

// A template instantiated twice: one finding.
template <typename Tag> struct Templated {
  explicit Templated(const ctx::Context &p) : ctx_(ctx::WithCancel(p).first) {}
  // CHECK-NOTES: :[[@LINE-1]]:52: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:52: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  ctx::Context ctx_;
};
template <typename C> struct Dependent {
  explicit Dependent(const C &p) : ctx_(ctx::WithCancel(p).first) {}
  // CHECK-NOTES: :[[@LINE-1]]:41: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:41: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  ctx::Context ctx_;
};
struct A {};
struct B {};
void makeTemplated(const ctx::Context &p) {
  Templated<A> a(p);
  Templated<B> b(p);
  Dependent<ctx::Context> c(p);
  struct Derived : ctx::Context {};
  Dependent<Derived> d(Derived{});
}

// --- silent: the member keeps the handle --------------------------------------

struct KeepsPair {
  explicit KeepsPair(const ctx::Context &p) : pair_(ctx::WithCancel(p)) {}
  ~KeepsPair() { pair_.second(); }
  std::pair<ctx::Context, ctx::CancelFunc> pair_;
};

struct KeepsCancel {
  explicit KeepsCancel(const ctx::Context &p)
      : cancel_(ctx::WithCancel(p).second) {}
  ~KeepsCancel() { cancel_(); }
  ctx::CancelFunc cancel_;
};

struct KeepsBoth {
  explicit KeepsBoth(const ctx::Context &p)
      : ctx_(), cancel_() {
    std::tie(ctx_, cancel_) = ctx::WithCancel(p);
  }
  ~KeepsBoth() { cancel_(); }
  ctx::Context ctx_;
  ctx::CancelFunc cancel_;
};

struct DefaultPair {
  std::pair<ctx::Context, ctx::CancelFunc> pair_ = ctx::WithCancel(root());
  ctx::CancelFunc cancel_ = ctx::WithCancel(root()).second;
};

void makeSilent(const ctx::Context &p) {
  KeepsPair a(p);
  KeepsCancel b(p);
  KeepsBoth c(p);
  DefaultPair d;
  (void)d;
}
