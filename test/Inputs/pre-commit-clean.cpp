#include "gocontext.h"

bool failed();

void fetch(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed()) {
    cancel();
    return;
  }
  cancel();
}
