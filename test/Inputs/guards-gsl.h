// The GSL's guard; guards.h includes it, and the fix-it choice tests
// include it alone.
#pragma once
#include <utility>
namespace gsl {
template <typename F> class final_action {
public:
  explicit final_action(F f) : f_(std::move(f)) {}
  final_action(final_action &&other) : f_(std::move(other.f_)) {}
  ~final_action() { f_(); }

private:
  F f_;
};
template <typename F> final_action<F> finally(F f) {
  return final_action<F>(std::move(f));
}
} // namespace gsl
