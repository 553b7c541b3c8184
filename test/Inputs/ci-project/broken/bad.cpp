#include "gocontext.h"

int broken(const ctx::Context &parent) {
  auto [c, cancel] = ctx::WithCancel(parent);
  return undeclared_function(c);
}
