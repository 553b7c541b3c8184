// sweep-expect: 0 lostcancel warnings
// sweep-std: c++17 c++20
//
// Compile errors in jumps: a goto to a label that does not exist, gotos
// that cross initialisations or enter a try block, an indirect goto to a
// non-address. (A label at the end of a compound statement is no error for
// clang 19 in any C++ mode, only an extension warning, so it is not here.)
#include "gocontext.h"

// sweep-error-function
void gotoMissingLabel(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed())
    goto nowhere;
  cancel();
}

// sweep-error-function (invalid jumps are diagnosed after the AST is built and leave no trace in it)
void gotoPastInitialisation(const ctx::Context &bg) {
  if (failed())
    goto skip;
  {
    auto [c, cancel] = ctx::WithCancel(bg);
  skip:
    use_context(c);
  }
}

// sweep-error-function (invalid jumps are diagnosed after the AST is built and leave no trace in it)
void gotoIntoTry(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed())
    goto inside;
  try {
  inside:
    cancel();
  } catch (...) {
  }
}

// sweep-error-function
void gotoOverHandle(const ctx::Context &bg) {
  goto after;
  auto p = ctx::WithCancel(bg);
after:
  p.second();
}

// sweep-error-function
void indirectGotoNonAddress(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  int target = 0;
  goto *target;
  cancel();
}
// sweep-error-end
