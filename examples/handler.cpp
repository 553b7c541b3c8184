// Run: scripts/run.sh   (lostcancel reports the functions marked BUG)
#include "context.h"
#include <thread>

using namespace std::chrono_literals;

bool lookup(const context::Context &ctx, int key);
void flush_metrics();

// BUG: the lookup starts from a new root, so when the caller gives up (its
// request is cancelled, its deadline passes) the lookup goes on for 2s.
bool serve(const context::Context &request, int key) {
  auto [ctx, cancel] = context::with_timeout(context::background(), 2s);
  bool found = lookup(ctx, key);
  cancel();
  return found;
}

// Fine: the lookup's deadline is the request's, or 2s, whichever is first.
bool serve_fixed(const context::Context &request, int key) {
  auto [ctx, cancel] = context::with_timeout(request, 2s);
  bool found = lookup(ctx, key);
  cancel();
  return found;
}

// BUG: the flusher is given the server's context but never looks at it;
// cancelling the context does not stop it, and join() waits forever.
void run_flusher(const context::Context &server) {
  std::thread flusher([server] {
    while (true)
      flush_metrics();
  });
  flusher.join();
}

// Fine: the loop ends when the server's context is cancelled.
void run_flusher_fixed(const context::Context &server) {
  std::thread flusher([server] {
    while (!server.done())
      flush_metrics();
  });
  flusher.join();
}
