// sweep-expect: 0 lostcancel warnings
// sweep-std: c++17 c++20
//
// Compile errors: creation calls with the wrong number or kinds of
// arguments, so overload resolution fails and the call has no callee.
#include "gocontext.h"

// sweep-error-function
void noArguments() {
  auto [c, cancel] = ctx::WithCancel();
  if (failed())
    return;
  cancel();
}

// sweep-error-function
void tooManyArguments(const ctx::Context &bg) {
  auto p = ctx::WithTimeout(bg, ctx::Duration(1), 42, "extra");
  if (failed())
    return;
  p.second();
}

// sweep-error-function
void wrongArgumentType(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithDeadline(bg, "tomorrow");
  if (failed())
    return;
  use_context(c);
}

// sweep-error-function
void discardedWrongArity() {
  ctx::WithTimeout(ctx::Background());
}

// sweep-error-function
void causeWithoutCause(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancelCause(bg);
  if (failed())
    return;
  cancel();
}

// sweep-error-function
void methodCalledAsStatic(const ctx::Context &bg) {
  auto [c, cancel] = ctx::Server::WithCancel(bg);
  if (failed())
    return;
  use_context(c);
}
// sweep-error-end
