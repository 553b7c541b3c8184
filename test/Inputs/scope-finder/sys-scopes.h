// A header on the -isystem path of scope-finder.cpp: nothing written here is
// a scope of the user's, so nothing here is analysed.
#pragma once
#include "gocontext.h"

inline void systemLeak(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  (void)c;
}

struct SystemHolder {
  ctx::Context Parent;
  ctx::Context Child = ctx::WithCancel(Parent).first;
};

// A lambda written in this header's macro, expanded in a user function.
#define SYSTEM_LEAKING_LAMBDA(bg)                                             \
  [&] {                                                                       \
    auto [c, cancel] = ctx::WithCancel(bg);                                   \
    (void)c;                                                                  \
  }()
