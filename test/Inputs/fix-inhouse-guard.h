// An in-house guard, named by the lostcancel.GuardTemplate option in the
// fix-it tests.
#pragma once
namespace corp {
template <typename F> struct ScopeExit {
  F f;
  ~ScopeExit() { f(); }
};
template <typename F> ScopeExit<F> on_scope_exit(F f) { return {f}; }
} // namespace corp
