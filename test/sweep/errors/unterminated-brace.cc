// sweep-expect: 1 lostcancel warning
// sweep-std: c++17 c++20
//
// Compile error: the last function's brace is never closed; the file ends
// inside a loop inside it. The well-formed function before it is reported.
#include "gocontext.h"

void wellFormedLeak(const ctx::Context &bg) {
  auto p = ctx::WithTimeout(bg, ctx::Duration(3)); // sweep-expect-warning: lostcancel-unreleased
  if (failed())
    return;
  p.second();
}

// sweep-error-function (the body is closed at the end of the file; nothing marks it as incomplete)
void unterminated(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  for (int i = 0; i < 3; ++i) {
    if (failed())
      return;
    auto [c2, cancel2] = ctx::WithTimeout(c, ctx::Duration(i));
    switch (i) {
    case 0:
      cancel2();
      break;
    default:
      if (i > 1) {
        cancel();
