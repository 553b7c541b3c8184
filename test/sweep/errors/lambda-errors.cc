// sweep-expect: 0 lostcancel warnings
// sweep-std: c++17 c++20
//
// Compile errors inside lambdas that create or capture the handle. The
// functions around them contain the errors too, so neither the lambda nor
// the enclosing function is reported.
#include "gocontext.h"
#include <thread>

// sweep-error-function
void lambdaCallsWithUndeclared(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  auto stop = [cancel = cancel] { cancel(undeclared_reason); };
  if (failed())
    return;
  stop();
}

// sweep-error-function
void captureOfUnknownName(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  std::thread t([cancl] { cancl(); });
  t.detach();
}

// sweep-error-function
void lambdaCreatesAndErrs(const ctx::Context &bg) {
  auto body = [&bg] {
    auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(1));
    if (failed())
      return;
    cancel() + 1;
  };
  body();
}

// sweep-error-function
void bindingCapturedInCxx17(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  auto later = [&] {
    if (c.done())
      return;
    cancel(1, 2);
  };
  later();
}

// sweep-error-function
void genericLambdaBroken(const ctx::Context &bg) {
  auto make = [](const auto &parent) {
    auto [c, cancel] = ctx::WithCancel(parent);
    return c.nonexistent_member;
  };
  make(bg);
}

// sweep-error-function (the unclosed inner lambda swallows 'inner();', which Sema drops without a trace)
void nestedLambdaMissingBrace(const ctx::Context &bg) {
  auto outer = [&] {
    auto inner = [&] {
      auto [c, cancel] = ctx::WithCancel(bg);
      if (failed()) return;
    ;
    inner();
  };
  outer();
}
// sweep-error-end
