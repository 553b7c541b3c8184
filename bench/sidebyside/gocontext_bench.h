// Small Go-style context API used by the side-by-side benchmark
// (bench/sidebyside/run.py). Same shape as Go's package context: creation
// functions return the derived context together with its cancel function.
// Only declarations: the generated program is analysed, never linked.
#pragma once
#include <chrono>
#include <functional>
#include <tuple>
#include <utility>

namespace gocontext {
struct Context {
  bool done() const;
  int err() const;
};
using CancelFunc = std::function<void()>;
using Duration = std::chrono::milliseconds;
using Time = std::chrono::system_clock::time_point;

Context Background();
std::pair<Context, CancelFunc> WithCancel(const Context &parent);
std::pair<Context, CancelFunc> WithTimeout(const Context &parent, Duration d);
std::pair<Context, CancelFunc> WithDeadline(const Context &parent, Time when);
} // namespace gocontext

// A home-made scope guard, the kind of helper a codebase without absl/gsl
// writes for itself (C++'s answer to Go's `defer cancel()`).
template <class F> class ScopeExit {
public:
  explicit ScopeExit(F f) : f_(std::move(f)) {}
  ~ScopeExit() { f_(); }
  ScopeExit(const ScopeExit &) = delete;
  ScopeExit &operator=(const ScopeExit &) = delete;

private:
  F f_;
};

// Opaque helpers the scenarios call (defined elsewhere).
int bench_work(const gocontext::Context &c, int n);
bool bench_fail(int n);
bool bench_skip(int i);
