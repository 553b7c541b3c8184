// A minimal Go-style context API, in the shape of the C++ ports of Go's
// context package (pygolang, bongo, goincpp, gocxx).
#pragma once
#include <chrono>
#include <functional>
#include <string>
#include <utility>

namespace context {
struct Context {
  bool done() const { return false; }
};
using CancelFunc = std::function<void()>;

inline Context background() { return {}; }
inline std::pair<Context, CancelFunc> with_cancel(const Context &parent) {
  return {parent, [] {}};
}
inline std::pair<Context, CancelFunc>
with_timeout(const Context &parent, std::chrono::milliseconds) {
  return {parent, [] {}};
}
} // namespace context

// A scope guard, the C++ form of Go's `defer`.
template <typename F> struct Defer {
  F f;
  ~Defer() { f(); }
};
template <typename F> Defer(F) -> Defer<F>;
