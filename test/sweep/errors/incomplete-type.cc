// sweep-expect: 0 lostcancel warnings
//
// Compile errors: incomplete types in the creation's result, in the handle
// and in the code around it.
#include "gocontext.h"

namespace inc {
struct Token;
struct Result;
std::pair<ctx::Context, Token> WithCancel(const ctx::Context &parent);
Result WithTimeout(const ctx::Context &parent, int ms);
std::tuple<ctx::Context, struct Later> with_cancel(const ctx::Context &parent);
} // namespace inc

// sweep-error-function
void pairOfIncomplete(const ctx::Context &bg) {
  auto [c, token] = inc::WithCancel(bg);
  if (failed())
    return;
  token();
}

// sweep-error-function
void incompleteResult(const ctx::Context &bg) {
  auto r = inc::WithTimeout(bg, 5);
  if (failed())
    return;
  r.cancel();
}

// sweep-error-function
void discardedIncomplete(const ctx::Context &bg) {
  inc::with_cancel(bg);
}

// sweep-error-function
void incompleteLocal(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  inc::Token t;
  if (failed())
    return;
  cancel();
}

// sweep-error-function
void sizeofIncomplete(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  char buf[sizeof(inc::Result)];
  if (buf[0])
    return;
  cancel();
}
// sweep-error-end
