// Mock of bongo (github.com/msteinert/bongo, "a port of some concurrency APIs
// from Go to C++"), reduced to the shapes lostcancel cares about; written from
// scratch after reading bongo/context/context.h @ cf305020f620d338c8d15f345e;
// context/context.cpp, context/error.h, examples/ @ b2e0c386db0cc4911c5b4a789;
// context/context_test.cpp, bongo.h, runtime/defer.h @ fba95c7b4d8552f2bd834e;
// runtime/nil.h @ 418754f595ea; first API: bongo/context.h @ c85bdd69e9884fd.
// Current API: with_cancel is a free function, with_timeout/with_deadline are
// free function TEMPLATES (template <typename T = std::chrono::system_clock>,
// T non-deducible; the real ones add `requires time::Clock<T>`, C++20). All
// return cancelable_context = std::pair<context_type, cancel_func>, with
// context_type = std::shared_ptr<context>, cancel_func = std::function<void()>.
// Guard: bongo::defer(fn) (= bongo::runtime::defer), a [[nodiscard]] function
// template returning deferred_action<Fn>; no macro. BONGO_MOCK_V0 selects the
// first API instead: with_cancel returns a cancel_context BY VALUE and
// with_timeout a timer_context<Rep, Period>; the context object itself is the
// handle, released by .cancel(). Real bongo is C++20; this mock is C++17.
#pragma once
#include <any>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <variant>

namespace bongo::runtime {
template <typename T> class chan {};
struct nil_t { operator std::error_code() const noexcept { return {}; } };
template <typename Fn> class deferred_action {
  Fn fn_;

public:
  deferred_action(Fn fn) : fn_{std::move(fn)} {}
  ~deferred_action() { try { fn_(); } catch (...) {} }
  deferred_action(deferred_action &&other) : fn_{std::move(other.fn_)} {}
  deferred_action(deferred_action const &) = delete;
  deferred_action &operator=(deferred_action const &) = delete;
  deferred_action &operator=(deferred_action &&) = delete;
};
template <typename Fn> [[nodiscard]] deferred_action<Fn> defer(Fn const &fn) {
  return deferred_action<Fn>(fn);
}
template <typename Fn> [[nodiscard]] deferred_action<Fn> defer(Fn &&fn) {
  return deferred_action<Fn>(std::forward<Fn>(fn));
}
} // namespace bongo::runtime

namespace bongo {
using runtime::chan;
using runtime::defer;
constexpr static runtime::nil_t nil;
} // namespace bongo

namespace bongo::context {
using cancel_func = std::function<void()>;
#ifndef BONGO_MOCK_V0
enum class error { canceled = 10, deadline_exceeded };
std::error_code make_error_code(error e);
} // namespace bongo::context
template <> struct std::is_error_code_enum<bongo::context::error> : std::true_type {};
namespace bongo::context {

struct context {
  virtual ~context() {}
  virtual std::optional<std::chrono::system_clock::time_point> deadline() { return std::nullopt; }
  virtual chan<std::monostate> *done() { return nullptr; }
  virtual std::error_code err() { return {}; }
  virtual std::any value(std::string_view) { return std::any{}; }
  virtual void cancel(bool, std::error_code) {} // "implementation API", public
};
using context_type = std::shared_ptr<context>;
using cancelable_context = std::pair<context_type, cancel_func>;

class cancel_context : public context {
public:
  cancel_context(context_type parent);
  void cancel();
  void cancel(bool remove, std::error_code err) override;
};

context_type background();
context_type todo();
cancelable_context with_cancel(context_type parent);
context_type with_value(context_type parent, std::string value, std::any key);
template <typename T = std::chrono::system_clock>
cancelable_context with_timeout(context_type parent, typename T::duration /*dur*/) {
  return {parent, [] {}};
}
template <typename T = std::chrono::system_clock>
cancelable_context with_deadline(context_type parent, typename T::time_point /*tp*/) {
  return {parent, [] {}};
}
#else // first API: no pair, no cancel_func; the returned object is the handle
struct context {
  virtual ~context() {}
  virtual void cancel(bool, std::exception_ptr) {}
};
context &background();
context &todo();
class cancel_context : public context {
public:
  cancel_context(context &) {}
  cancel_context(cancel_context const &) = delete; // real: holds a std::mutex
  void cancel() {}
  void cancel(bool, std::exception_ptr) override {}
};
template <typename Rep, typename Period = std::ratio<1>,
          typename Clock = std::chrono::system_clock>
class timer_context : public cancel_context {
public:
  timer_context(context &p, std::chrono::duration<Rep, Period>) : cancel_context{p} {}
};
cancel_context with_cancel(context &parent);
template <typename Rep, typename Period = std::ratio<1>>
timer_context<Rep, Period> with_timeout(context &parent,
                                        std::chrono::duration<Rep, Period> d) {
  return timer_context<Rep, Period>{parent, d};
}
#endif
} // namespace bongo::context
