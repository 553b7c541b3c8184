// Mock of gocxx (github.com/gocxx/gocxx; base/ also published as gocxx/base),
// reduced to the shapes lostcancel cares about. Written from scratch after
// reading, in gocxx/gocxx:
//   include/gocxx/context/context.h @ 4fbdbde3ed8131deabab037dabb8771996da5860
//   src/context/context.cpp, tests/context_test.cpp @ same commit
//   include/gocxx/base/result.h, base/defer.h, time/duration.h, time/time.h,
//   errors/errors.h @ 2f57948419be178d75593202639de1a68017e7dd
//   examples/context_example.cpp @ 6abef375ccd593615974af9d8a59bc237d9efbce
// and gocxx/base include/gocxx/base/defer.h @ e29059d6, result.h @ e5e578f4.
// Shapes kept exactly: gocxx::context::WithCancel/WithTimeout/WithDeadline
// are free functions returning
//   gocxx::base::Result<std::pair<ContextPtr, CancelFunc>>
// i.e. the (ctx, cancel) pair sits in Result::value; Result::err is a
// std::shared_ptr<gocxx::errors::Error>, tested with Ok()/Failed()/bool.
// `defer` is an OBJECT-like macro expanding to
//   auto _defer_<__COUNTER__> = gocxx::sync::Defer
// Bodies are trivial. Do not include together with pygolang.h.
#pragma once
#include <any>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>

// ---- gocxx/base/defer.h ----
#define CONCAT2(x, y) x##y
#define CONCAT(x, y) CONCAT2(x, y)
#define defer auto CONCAT(_defer_, __COUNTER__) = gocxx::sync::Defer
namespace gocxx::sync {
class Defer {
  std::function<void()> fn_;

public:
  explicit Defer(std::function<void()> fn) : fn_(std::move(fn)) {}
  ~Defer() { fn_(); }
  Defer(const Defer &) = delete;
  Defer &operator=(const Defer &) = delete;
};
} // namespace gocxx::sync

// ---- gocxx/errors/errors.h ----
namespace gocxx::errors {
struct Error {
  virtual std::string error() const noexcept = 0;
  virtual ~Error() = default;
};
std::shared_ptr<Error> New(const std::string &msg);
} // namespace gocxx::errors

// ---- gocxx/base/result.h ----
namespace gocxx::base {
template <typename T> struct Result {
  T value{};                                 // public data member #1
  std::shared_ptr<gocxx::errors::Error> err; // public data member #2
  Result(T value) : value(std::move(value)), err(nullptr) {}
  Result(std::shared_ptr<gocxx::errors::Error> error) : value(), err(error) {}
  Result(T value, std::shared_ptr<gocxx::errors::Error> error)
      : value(std::move(value)), err(std::move(error)) {}
  Result() = default;
  bool Ok() const noexcept { return !err; }
  bool Failed() const noexcept { return static_cast<bool>(err); }
  T UnwrapOr(T fallback) const { return err ? fallback : value; }
  explicit operator bool() const noexcept { return Ok(); }
};
template <> struct Result<void> {
  std::shared_ptr<gocxx::errors::Error> err;
  Result(std::shared_ptr<gocxx::errors::Error> error) : err(error) {}
  Result() = default;
  bool Ok() const noexcept { return !err; }
  bool Failed() const noexcept { return static_cast<bool>(err); }
  explicit operator bool() const noexcept { return Ok(); }
};
} // namespace gocxx::base

// ---- gocxx/time ----
namespace gocxx::time {
class Duration {
  int64_t ns_ = 0;

public:
  Duration() {}
  Duration(int64_t ns) : ns_(ns) {} // implicit, as in the real header
  int64_t Nanoseconds() const { return ns_; }
};
inline Duration Milliseconds(int64_t ms) { return Duration(ms * 1000000); }
inline Duration Seconds(int64_t s) { return Duration(s * 1000000000); }
class Time {
public:
  static Time Now() { return Time(); }
  Time Add(Duration) const { return *this; }
};
} // namespace gocxx::time

// ---- gocxx/context/context.h ----
namespace gocxx::context {
class Context;
using ContextPtr = std::shared_ptr<Context>;
class Context {
public:
  virtual ~Context() = default;
  virtual gocxx::base::Result<gocxx::time::Time> Deadline() const = 0;
  virtual gocxx::base::Result<void> Err() const = 0;
  virtual gocxx::base::Result<std::any> Value(const std::any &key) const = 0;
  // (real: virtual gocxx::base::Chan<bool> Done() const = 0; omitted)
};
using CancelFunc = std::function<void()>;

ContextPtr Background();
ContextPtr TODO();
gocxx::base::Result<std::pair<ContextPtr, CancelFunc>> WithCancel(ContextPtr parent);
gocxx::base::Result<std::pair<ContextPtr, CancelFunc>>
WithTimeout(ContextPtr parent, gocxx::time::Duration timeout);
gocxx::base::Result<std::pair<ContextPtr, CancelFunc>>
WithDeadline(ContextPtr parent, gocxx::time::Time deadline);
gocxx::base::Result<ContextPtr> WithValue(ContextPtr parent, const std::any &key,
                                          const std::any &value);
extern const std::string Canceled;         // "context canceled"
extern const std::string DeadlineExceeded; // "context deadline exceeded"
} // namespace gocxx::context
