// Mock of goincpp (github.com/zegang/goincpp), reduced to the shapes
// lostcancel cares about. Written from scratch after reading:
//   src/context/context.hpp, src/context/context.cpp, test/context_test.cpp,
//   src/errors/errors.hpp @ b1f030a1c4b3d202abc86bf134bf744a01e33be8
//   src/builtin/builtin.hpp @ 3ade211acb41e1fefac10432fda86e396de9476c
// Shapes kept exactly: goincpp::context::withCancel/withCancelCause/
// withDeadline/withDeadlineCause/withTimeout/withTimeoutCause are free
// (`extern`) functions returning std::pair<..., CancelFunc> with
// CancelFunc = std::function<void()> and
// CancelCauseFunc = std::function<void(Error cause)>. NOTE: withCancel and
// withCancelCause return std::shared_ptr<CancelCtx> (the concrete class) as
// .first, the deadline/timeout family std::shared_ptr<Context>.
// The real library needs C++20 (concepts, atomic<shared_ptr>); this mock is
// C++17. goincpp has no defer/scope-guard helper.
#pragma once
#include <any>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace goincpp {
namespace errors {
class ErrorInterface : public std::exception {
public:
  virtual std::string error() const noexcept = 0;
};
class ErrorString : public ErrorInterface {
  std::string s;

public:
  ErrorString(const std::string &msg) : s(msg) {}
  std::string error() const noexcept override { return s; }
};
typedef std::shared_ptr<ErrorInterface> Error;
extern Error newError(const std::string &message);
} // namespace errors

namespace runtime {
class UnbufferedChannel {
public:
  static std::shared_ptr<UnbufferedChannel> make();
  void close() {}
};
} // namespace runtime

namespace context {
using UnbufferedChannel = goincpp::runtime::UnbufferedChannel;
using Error = goincpp::errors::Error;

extern Error canceledError;
extern Error deadlineExceededError;

class Context {
public:
  virtual ~Context() = default;
  virtual std::optional<std::chrono::time_point<std::chrono::system_clock>>
  deadline() const = 0;
  virtual std::shared_ptr<UnbufferedChannel> done() = 0;
  virtual Error err() = 0;
  virtual std::optional<std::any> value(const void *key) = 0;
};

extern std::shared_ptr<Context> background();
extern std::shared_ptr<Context> todo();

using CancelFunc = std::function<void()>;
using CancelCauseFunc = std::function<void(Error cause)>;

// A Canceler is a context that can be canceled directly (internal API, but
// public: ctx->cancel(true, canceledError, nullptr) also cancels).
class Canceler : public virtual Context {
public:
  virtual void cancel(bool removeFromParent, Error err, Error cause) = 0;
};

class CancelCtx : public Canceler, public std::enable_shared_from_this<CancelCtx> {
public:
  std::optional<std::chrono::time_point<std::chrono::system_clock>>
  deadline() const override { return std::nullopt; }
  std::shared_ptr<UnbufferedChannel> done() override { return nullptr; }
  Error err() override { return nullptr; }
  std::optional<std::any> value(const void *) override { return {}; }
  void cancel(bool, Error, Error) override {}
  Error cause() const { return nullptr; }
};

extern std::pair<std::shared_ptr<CancelCtx>, CancelFunc>
withCancel(std::shared_ptr<Context> parent);
extern std::pair<std::shared_ptr<CancelCtx>, CancelCauseFunc>
withCancelCause(std::shared_ptr<Context> parent);
Error cause(std::shared_ptr<Context> c);
extern std::shared_ptr<Context> withoutCancel(std::shared_ptr<Context> parent);

extern std::pair<std::shared_ptr<Context>, CancelFunc>
withDeadlineCause(std::shared_ptr<Context> parent,
                  std::chrono::time_point<std::chrono::system_clock> d, Error cause);
extern std::pair<std::shared_ptr<Context>, CancelFunc>
withDeadline(std::shared_ptr<Context> parent,
             std::chrono::time_point<std::chrono::system_clock> d);
extern std::pair<std::shared_ptr<Context>, CancelFunc>
withTimeout(std::shared_ptr<Context> parent, std::chrono::steady_clock::duration timeout);
extern std::pair<std::shared_ptr<Context>, CancelFunc>
withTimeoutCause(std::shared_ptr<Context> parent,
                 std::chrono::steady_clock::duration timeout, Error cause);

extern std::shared_ptr<Context> withValue(std::shared_ptr<Context> parent,
                                          const std::any &key, const std::any &val);
} // namespace context
} // namespace goincpp
