// RUN: %check_lostcancel %s -- -std=c++20 -I%S/../Inputs

// SPEC §7.19: an unevaluated operand creates nothing. A creation call
// inside decltype, sizeof, alignof, noexcept, typeid of a non-polymorphic
// value, a requires expression, a local using/typedef, static_assert or a
// template argument never runs: no finding. A real creation in the same
// function is still reported.

#include "gocontext.h"
#include <typeinfo>

template <typename T> struct Box {};
template <typename T> constexpr bool Always = true;

void forms(const ctx::Context &bg) {
  using T = decltype(ctx::WithTimeout(bg, ctx::Duration(1)));
  typedef decltype(ctx::WithCancel(bg)) U;
  auto n = sizeof(ctx::WithCancel(bg));
  auto a = alignof(decltype(ctx::WithCancel(bg)));
  bool e = noexcept(ctx::WithCancel(bg));
  const std::type_info &t = typeid(ctx::WithCancel(bg));
  static_assert(sizeof(ctx::WithCancel(bg)) > 0);
  Box<decltype(ctx::WithCancel(bg))> box;
  static_assert(Always<decltype(ctx::WithDeadline(bg, 5))>);
  T *p = nullptr;
  U *q = nullptr;
  (void)n, (void)a, (void)e, (void)t, (void)box, (void)p, (void)q;
}

template <typename C> bool canCancel(const C &bg) {
  return requires { ctx::WithCancel(bg); };
}
bool askCanCancel(const ctx::Context &bg) { return canCancel(bg); }

void realOneToo(const ctx::Context &bg) {
  using T = decltype(ctx::WithTimeout(bg, ctx::Duration(1)));
  T *p = nullptr;
  (void)p;
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  static_assert(sizeof(ctx::WithTimeout(bg, ctx::Duration(2))) > 0);
  use_context(c);
  if (sizeof(ctx::WithCancel(bg)) > 1)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}
