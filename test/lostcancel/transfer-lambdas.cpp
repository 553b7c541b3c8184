// RUN: %check_lostcancel %s -- -std=c++20 -I%S/../Inputs

// A lambda that captures the handle takes it along wherever the lambda goes:
// stored in a member, a container or a global, returned, or passed to a
// function, it is a transfer (SPEC §2). Kept in a local and never called or
// passed on, it releases nothing.

#include "gocontext.h"
#include <functional>
#include <map>
#include <vector>

std::function<void()> g_on_shutdown;
void register_callback(std::function<void()> f);

struct Service {
  std::function<void()> on_stop;
  std::vector<std::function<void()>> callbacks;
  std::map<int, std::function<void()>> by_id;

  void storeInMember(const ctx::Context &bg) {
    auto [c, cancel] = ctx::WithCancel(bg);
    on_stop = [cancel] { cancel(); };
  }
  void storeInContainer(const ctx::Context &bg) {
    auto [c, cancel] = ctx::WithCancel(bg);
    callbacks.push_back([cancel] { cancel(); });
  }
  void storeInMap(const ctx::Context &bg, int id) {
    auto [c, cancel] = ctx::WithCancel(bg);
    by_id[id] = [cancel] { cancel(); };
  }
  void storeNamedLambdaInMember(const ctx::Context &bg) {
    auto [c, cancel] = ctx::WithCancel(bg);
    auto stop = [cancel] { cancel(); };
    on_stop = stop;
  }
};

void storeInGlobal(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  g_on_shutdown = [&cancel] { cancel(); };
}

std::function<void()> returnLambda(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  return [cancel] { cancel(); };
}

void passLambda(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  register_callback([cancel] { cancel(); });
}

// Positives: the lambda stays local and is never called or passed on.
void lambdaKeptLocal(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  auto stop = [cancel] { cancel(); };
  use_context(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// Stored only on one path: the other path leaks.
void storedOnOnePath(const ctx::Context &bg, Service &s) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  s.on_stop = [cancel] { cancel(); };
}
