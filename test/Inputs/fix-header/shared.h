// Included by two translation units: its fix-it must be applied once.
#pragma once
#include "gocontext.h"
#include "guards.h"

inline int shared(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed())
    return -1;
  cancel();
  return 0;
}
