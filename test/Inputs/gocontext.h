// Mock of a Go-style context library, in the shape of the real ones the
// go-context profile models (pygolang, bongo, goincpp, gocxx): creation
// functions return a pair/tuple/struct whose last invocable element is the
// cancel handle.
#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <tuple>
#include <utility>

namespace ctx {
struct Context {
  bool done() const;
  void wait() const;
};
using CancelFunc = std::function<void()>;
using CancelCauseFunc = std::function<void(const std::string &)>;
using Duration = std::chrono::milliseconds;

Context Background();
Context TODO();

std::pair<Context, CancelFunc> WithCancel(const Context &parent);
std::pair<Context, CancelFunc> WithTimeout(const Context &parent, Duration d);
std::pair<Context, CancelFunc> WithDeadline(const Context &parent, long when);
std::pair<Context, CancelCauseFunc> WithCancelCause(const Context &parent);
std::pair<Context, CancelFunc> WithTimeoutCause(const Context &parent, Duration d,
                                                const std::string &cause);
std::pair<Context, CancelFunc> WithValue(const Context &parent, int key);

// Not a creation: the name is not in the list.
std::pair<Context, CancelFunc> WithCancellation(const Context &parent);

struct Server {
  // Static member functions count; methods do not.
  static std::pair<Context, CancelFunc> WithTimeout(const Context &parent,
                                                    Duration d);
  std::pair<Context, CancelFunc> WithCancel(const Context &parent);
};
} // namespace ctx

// snake_case spelling, tuple result with the handle last.
namespace snake {
using ctx::Context;
std::tuple<Context, std::function<void()>> with_cancel(const Context &parent);
std::tuple<Context, int, std::function<void()>>
with_timeout(const Context &parent, int ms);
} // namespace snake

// lowerCamel spelling (goincpp), context held by shared_ptr.
namespace camel {
struct Context {};
using CancelFunc = std::function<void()>;
std::pair<std::shared_ptr<Context>, CancelFunc>
withCancel(std::shared_ptr<Context> parent);
std::pair<std::shared_ptr<Context>, CancelFunc>
withTimeout(std::shared_ptr<Context> parent, int ms);
} // namespace camel

// A class result: the handle is the public member whose name contains
// "cancel", or the only invocable data member.
namespace structs {
using ctx::Context;
struct CancelPair {
  Context ctx;
  std::function<void()> cancel;
};
struct Single {
  Context context;
  void (*stop)();
};
struct Ambiguous {
  Context context;
  std::function<void()> a;
  std::function<void()> b;
};
CancelPair WithCancel(const Context &parent);
Single WithTimeout(const Context &parent, int ms);
Ambiguous WithDeadline(const Context &parent, long when);
} // namespace structs

// Plain function-pointer handle.
namespace cfn {
using ctx::Context;
typedef void (*cancel_fn)(void);
std::pair<Context, cancel_fn> WithCancel(const Context &parent);
} // namespace cfn

// Helpers used by the tests.
void consume(ctx::CancelFunc f);          // unknown function: a transfer
void consume_ref(ctx::CancelFunc &f);     // unknown function: a transfer
void consume_cref(const ctx::CancelFunc &f);
void use_context(const ctx::Context &c);  // the context is not the handle
[[noreturn]] void fatal(const char *msg);
bool failed();
