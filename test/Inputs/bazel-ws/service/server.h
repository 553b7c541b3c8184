#pragma once
#include <ctx/context.h>

int serve(const ctx::Context &parent);

// Reported once, by the target that owns this header (//service:server).
inline bool probe(const ctx::Context &parent) {
  auto [c, cancel] = ctx::WithCancel(parent);
  if (c.done())
    return false;
  cancel();
  return true;
}
