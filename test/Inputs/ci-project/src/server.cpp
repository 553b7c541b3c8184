#include "shared.h"

bool connect(const ctx::Context &c);

int serve(const ctx::Context &parent) {
  auto [c, cancel] = ctx::WithTimeout(parent, ctx::Duration(500));
  if (!connect(c))
    return -1;
  cancel();
  return shared(parent);
}

void fire(const ctx::Context &parent) {
  auto c = ctx::WithCancel(parent).first;
  connect(c);
}
