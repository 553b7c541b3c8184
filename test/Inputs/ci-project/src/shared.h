// Included by server.cpp and client.cpp: its finding must be reported once.
#pragma once
#include "gocontext.h"

bool failed();

inline int shared(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed())
    return -1;
  cancel();
  return 0;
}
