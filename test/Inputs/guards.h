// Mocks of the scope-guard libraries the analysis recognises. The real
// libraries are not packaged for Debian 12 (or not in C++17 form); these have
// their public names and shapes.
#pragma once
#include <utility>

namespace absl {
template <typename F> class Cleanup {
public:
  Cleanup(F f) : f_(std::move(f)) {}
  ~Cleanup() { f_(); }
  void Cancel() &&;
  void Invoke() &&;

private:
  F f_;
};
template <typename F> Cleanup(F) -> Cleanup<F>;
template <typename F> Cleanup<F> MakeCleanup(F f) { return Cleanup<F>(f); }
} // namespace absl

#include "guards-gsl.h"

namespace folly {
template <typename F> class ScopeGuard {
public:
  explicit ScopeGuard(F f) : f_(std::move(f)) {}
  ScopeGuard(ScopeGuard &&) = default;
  ~ScopeGuard() { f_(); }
  void dismiss() noexcept {}
  void rehire() noexcept {}

private:
  F f_;
};
template <typename F> ScopeGuard<F> makeGuard(F f) {
  return ScopeGuard<F>(std::move(f));
}
} // namespace folly

namespace std::experimental {
template <typename F> class scope_exit {
public:
  explicit scope_exit(F f) : f_(std::move(f)) {}
  ~scope_exit() { f_(); }
  void release() noexcept {}

private:
  F f_;
};
template <typename F> scope_exit(F) -> scope_exit<F>;
} // namespace std::experimental

namespace boost::scope {
template <typename F> class scope_exit {
public:
  explicit scope_exit(F f) : f_(std::move(f)) {}
  ~scope_exit() { f_(); }
  bool active() const noexcept { return true; }
  void set_active(bool) noexcept {}
  void release() noexcept {}

private:
  F f_;
};
template <typename F> scope_exit(F) -> scope_exit<F>;
} // namespace boost::scope

// An in-house guard, recognised only through the GuardTypes / GuardFunctions
// options.
namespace inhouse {
template <typename F> struct OnExit {
  F f;
  ~OnExit() { f(); }
};
template <typename F> OnExit<F> on_exit(F f) { return OnExit<F>{f}; }
} // namespace inhouse
