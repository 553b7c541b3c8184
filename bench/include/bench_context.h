// A Go-style context API for the synthetic benchmark: creation functions
// return the context and its cancel function, as the go-context profile
// models them.
#pragma once
#include <functional>
#include <utility>

namespace ctx {
struct Context {
  bool done() const;
};
using CancelFunc = std::function<void()>;
struct Duration {
  explicit Duration(long ms) : ms(ms) {}
  long ms;
};
std::pair<Context, CancelFunc> WithTimeout(const Context &parent, Duration d);
std::pair<Context, CancelFunc> WithCancel(const Context &parent);
} // namespace ctx

int work(const ctx::Context &c, int x);
bool failed(int status);
