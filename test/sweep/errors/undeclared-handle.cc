// sweep-expect: 1 lostcancel warning
// sweep-std: c++17 c++20
//
// Compile errors: undeclared identifiers where the handle (or its release)
// should be. No lostcancel report inside these functions; the well-formed
// function at the end is reported as usual.
#include "gocontext.h"

// sweep-error-function
void typoInRelease(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed())
    return;
  cancle();
}

// sweep-error-function
void undeclaredHandleCalled(const ctx::Context &bg) {
  auto p = ctx::WithTimeout(bg, ctx::Duration(1));
  use_context(p.first);
  stop_it();
}

// sweep-error-function
void handleFromUndeclaredCreation(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithNothing(bg);
  if (failed())
    return;
  cancel();
}

// sweep-error-function
void handleNamedButNeverDeclared(const ctx::Context &bg) {
  ctx::CancelFunc keep;
  std::tie(std::ignore, cancel) = ctx::WithCancel(bg);
  if (failed())
    return;
  keep();
}

// sweep-error-function
void undeclaredNamespace(const ctx::Context &bg) {
  auto [c, cancel] = nosuchns::WithCancel(bg);
  auto [c2, cancel2] = ctx::WithCancel(bg);
  if (failed())
    return;
  cancel2();
}
// sweep-error-end

// Well-formed: leaks on the early return.
void wellFormedLeak(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg); // sweep-expect-warning: lostcancel-unreleased
  if (failed())
    return;
  use_context(c);
  cancel();
}
