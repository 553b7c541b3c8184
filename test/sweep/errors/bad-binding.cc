// sweep-expect: 0 lostcancel warnings
// sweep-std: c++17 c++20
//
// Compile errors: invalid structured bindings and declarations of the
// handle.
#include "gocontext.h"

// sweep-error-function
void tooManyNames(const ctx::Context &bg) {
  auto [c, cancel, extra] = ctx::WithCancel(bg);
  if (failed())
    return;
  cancel();
}

// sweep-error-function
void tooFewNames(const ctx::Context &bg) {
  auto [only] = ctx::WithTimeout(bg, ctx::Duration(1));
  if (failed())
    return;
}

// sweep-error-function
void notDecomposable(const ctx::Context &bg) {
  auto [a, b] = 42;
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed())
    return;
  cancel();
}

// sweep-error-function
void nonConstRefToTemporary(const ctx::Context &bg) {
  auto &[c, cancel] = ctx::WithCancel(bg);
  if (failed())
    return;
  cancel();
}

// sweep-error-function (the redefined binding is not marked invalid and the ambiguous 'cancel();' is dropped without a trace)
void redeclaredHandle(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  auto [c2, cancel] = ctx::WithTimeout(bg, ctx::Duration(2));
  if (failed())
    return;
  cancel();
}

// sweep-error-function
void bindingWithoutInitializer(const ctx::Context &bg) {
  auto [c, cancel];
  std::tie(c, cancel) = ctx::WithCancel(bg);
  if (failed())
    return;
  cancel();
}

// sweep-error-function (a decomposition declared with a non-auto type is diagnosed but not marked invalid)
void explicitTypeBinding(const ctx::Context &bg) {
  std::pair<ctx::Context, ctx::CancelFunc> [c, cancel] = ctx::WithCancel(bg);
  if (failed())
    return;
  cancel();
}
// sweep-error-end
