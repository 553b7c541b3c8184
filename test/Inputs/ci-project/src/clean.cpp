#include "gocontext.h"

void clean(const ctx::Context &parent) {
  auto [c, cancel] = ctx::WithCancel(parent);
  c.wait();
  cancel();
}
