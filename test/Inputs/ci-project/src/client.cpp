#include "shared.h"

int client(const ctx::Context &parent) {
  auto [c, cancel] = ctx::WithCancel(parent);
  int rc = shared(c);
  cancel();
  return rc;
}
