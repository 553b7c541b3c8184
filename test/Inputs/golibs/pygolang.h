// Mock of pygolang's C++ library "libgolang" (navytux/pygolang), reduced to
// the shapes lostcancel cares about. Written from scratch after reading:
//   golang/context.h   @ fd2a6fab3fd4fb0b5df36442d44ee8a1353e447f (func<void()>)
//                      @ 2a359791b31edaac43763570f879503ea4cb9b77 (older:
//                        std::function<void()> spelled out; same type)
//   golang/libgolang.h @ 5e1cb5ea6806dd21bcf2806696b57fa801c6b3e7 (defer, func)
//   golang/context.cpp @ 58d4cbfe738fd94f1ea3dd7a228300a01971e102
//   golang/sync.cpp    @ a9345a9888c5e4941dcc52961bbf081a7df17946
// Shapes kept exactly: golang::context::with_cancel/with_deadline/
// with_timeout/merge are free functions returning
// std::pair<Context, golang::func<void()>> where func<F> is an alias
// template of std::function<F>; Context is refptr<_Context>; the `defer(f)`
// macro declares a golang::_deferred local named _defer_<__COUNTER__>.
// Only declarations and trivial bodies. Do not include together with
// gocxx.h (both define a `defer` macro, as the real libraries do).
#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <utility>

namespace golang {

using Nil = std::nullptr_t;
constexpr Nil nil = nullptr;
using string = std::string;

// Real: "func is alias for std::function."
template <typename F> using func = std::function<F>;

// Real: `#define defer(f) golang::_deferred _defer_(__COUNTER__) (f)`;
// the callable is copied into a func<void()> and run at end of scope.
#define defer(f) golang::_deferred _defer_(__COUNTER__)(f)
#define _defer_(counter) _defer_2(counter)
#define _defer_2(counter) _defer_##counter
struct _deferred {
  typedef func<void()> F;
  F f;
  _deferred(F f) : f(f) {}
  ~_deferred() { f(); }

private:
  _deferred(const _deferred &); // don't copy (declared, never defined)
  _deferred(_deferred &&);      // don't move
};

// Intrusive smart pointer (the real one calls incref/decref on T).
template <typename T> class refptr {
  T *_obj = nullptr;

public:
  refptr() {}
  refptr(Nil) {}
  bool operator==(Nil) const { return _obj == nullptr; }
  bool operator!=(Nil) const { return _obj != nullptr; }
  T *operator->() const { return _obj; }
  T &operator*() const { return *_obj; }
  T *_ptr() const { return _obj; }
};

struct _interface {
  virtual void incref() = 0;
  virtual void decref() = 0;
};
typedef refptr<_interface> interface;

struct _error : _interface {
  virtual string Error() = 0;
};
typedef refptr<_error> error;

struct structZ {};

namespace context {

struct _Context : _interface {
  virtual double deadline() = 0;           // -> time | INFINITY
  virtual error err() = 0;                 // nil until canceled
  virtual interface value(const void *key) = 0;
  // (real: virtual chan<structZ> done() = 0; omitted, no chan in the mock)
};
typedef refptr<_Context> Context;

Context background();
extern const error canceled;         // real: const global<error>
extern const error deadlineExceeded; // real: const global<error>

// Declarations only, as in the real header (defined in libgolang.so).
std::pair<Context, func<void()>> with_cancel(Context parent); // -> ctx, cancel
Context with_value(Context parent, const void *key, interface value);
std::pair<Context, func<void()>> with_deadline(Context parent, double deadline);
std::pair<Context, func<void()>> with_timeout(Context parent, double timeout);
// pygolang-only (Go's xcontext.Merge): also returns ctx, cancel.
std::pair<Context, func<void()>> merge(Context parent1, Context parent2);

} // namespace context
} // namespace golang
