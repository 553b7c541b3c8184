// Run: scripts/run.sh   (lostcancel reports the functions marked BUG)
#include "context.h"
#include <string>

using namespace std::chrono_literals;

bool connect(const context::Context &ctx, const std::string &host);
std::string read_all(const context::Context &ctx);

// BUG: the early return leaks the timeout's timer.
std::string fetch(const context::Context &parent, const std::string &host) {
  auto [ctx, cancel] = context::with_timeout(parent, 500ms);
  if (!connect(ctx, host))
    return "";
  std::string body = read_all(ctx);
  cancel();
  return body;
}

// BUG: the cancel handle is dropped; only the context is kept.
bool probe(const context::Context &parent, const std::string &host) {
  auto ctx = context::with_timeout(parent, 100ms).first;
  return connect(ctx, host);
}

// Fine: released on every path.
std::string fetch_fixed(const context::Context &parent,
                        const std::string &host) {
  auto [ctx, cancel] = context::with_timeout(parent, 500ms);
  if (!connect(ctx, host)) {
    cancel();
    return "";
  }
  std::string body = read_all(ctx);
  cancel();
  return body;
}

// Fine: the cancel is returned to the caller, who owns it now.
std::pair<context::Context, context::CancelFunc>
session(const context::Context &parent) {
  auto [ctx, cancel] = context::with_cancel(parent);
  return {ctx, cancel};
}
