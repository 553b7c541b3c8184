// Run: scripts/run.sh   (lostcancel reports the functions marked BUG)
#include "context.h"
#include <string>
#include <tuple>

using namespace std::chrono_literals;

bool login(const context::Context &ctx, const std::string &user);
void serve(const context::Context &ctx);

// BUG: released only when login fails; the session's timer leaks otherwise.
int session(const context::Context &parent, const std::string &user) {
  auto [ctx, cancel] = context::with_timeout(parent, 30s);
  if (!login(ctx, user)) {
    cancel();
    return -1;
  }
  serve(ctx);
  return 0;
}

// BUG: each retry overwrites the previous attempt's handle; only the last
// attempt's context is ever cancelled.
void retry(const context::Context &parent, int attempts) {
  context::Context ctx;
  context::CancelFunc cancel;
  for (int i = 0; i < attempts; ++i) {
    std::tie(ctx, cancel) = context::with_timeout(parent, 1s);
    if (login(ctx, "retry"))
      break;
  }
  cancel();
}
