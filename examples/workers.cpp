// Run: scripts/run.sh   (lostcancel reports the functions marked BUG)
#include "context.h"
#include <vector>

using namespace std::chrono_literals;

bool handle(const context::Context &ctx, int job);

// BUG: `continue` skips the release of this iteration's context.
void drain(const context::Context &parent, const std::vector<int> &jobs) {
  for (int job : jobs) {
    auto [ctx, cancel] = context::with_timeout(parent, 50ms);
    if (!handle(ctx, job))
      continue;
    cancel();
  }
}

// Fine: a guard releases the context on every path out of the loop body.
void drain_fixed(const context::Context &parent, const std::vector<int> &jobs) {
  for (int job : jobs) {
    auto [ctx, cancel] = context::with_timeout(parent, 50ms);
    Defer guard{[&] { cancel(); }};
    if (!handle(ctx, job))
      continue;
  }
}
