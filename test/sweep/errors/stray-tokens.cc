// sweep-expect: 0 lostcancel warnings
// sweep-std: c++17 c++20
//
// Compile errors the parser or Sema recovers from by dropping tokens or
// whole statements: stray tokens in a switch and a try, a catch without a
// try, a case label outside a switch, break and continue outside a loop, a
// duplicate case, a try without a handler, a value returned from a void
// function. Dropped statements may be the releases, so reporting would be
// guessing.
#include "gocontext.h"

// sweep-error-function (the parser drops the stray tokens with the statements next to them (both releases), no error node is left)
int strayTokensInSwitch(const ctx::Context &bg, int k) {
  auto [c, cancel] = ctx::WithCancel(bg);
  switch (k) {
    @ $ case 0:
    cancel();
    return 0;
  case 1: ]]
    cancel();
    break;
  default:
    cancel();
  }
  return k;
}

// sweep-error-function (the parser drops the whole try statement after the stray ')')
void strayTokensInTry(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  try {
    use_context(c) ) ;
    cancel();
  } catch (...) } {
    cancel();
  }
}

// sweep-error-function (the parser drops the handler and its release)
void catchWithoutTry(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed())
    return;
  catch (...) { cancel(); }
}

// sweep-error-function (the 'case' label outside a switch is dropped without a trace, its 'return' stays)
void caseOutsideSwitch(const ctx::Context &bg, int k) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (k) {
  case 1:
    return;
  }
  cancel();
}

// sweep-error-function
void breakOutsideLoop(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed())
    break;
  cancel();
}

// sweep-error-function
int duplicateCase(const ctx::Context &bg, int k) {
  auto [c, cancel] = ctx::WithCancel(bg);
  switch (k) {
  case 1:
    cancel();
    return 1;
  case 1:
    return 2;
  }
  cancel();
  return 0;
}

// sweep-error-function
void tryWithoutHandler(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  try {
    if (failed())
      return;
  }
  cancel();
}

// sweep-error-function ('return 1;' in a void function leaves a complete AST)
void returnValueFromVoid(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed())
    return 1;
  cancel();
}

// sweep-error-function
void continueOutsideLoop(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed())
    continue;
  cancel();
}
// sweep-error-end
