// RUN: %check_lostcancel %s -- -std=c++20 -I%S/../Inputs

// SPEC §7.20: std::ref(x) / std::cref(x) handed to a thread that is detached
// is a capture by reference: the handle, or the context beside it, dangles
// once the scope returns (the message of a lambda's [&] capture, with the
// note at the std::ref). Passed by value, it stays as before: an escape
// (when the scope does not release the handle) or nothing.

#include "gocontext.h"
#include <functional>
#include <thread>

void Refresh(const ctx::Context &c);
void RunAndCancel(ctx::CancelFunc &cancel);
void RefreshCopy(ctx::Context c);

void crefContextDetached(const ctx::Context &bg) {
  auto [ctx, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: 'ctx' is captured by reference by a thread that is detached; the reference dangles once this scope returns [lostcancel-detached]
  std::thread t(Refresh, std::cref(ctx));
  // CHECK-NOTES: :[[@LINE-1]]:26: note: captured by reference here
  t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
  cancel();
}

void refHandleTemporaryDetached(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(5));
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: 'cancel' is captured by reference by a thread that is detached; the reference dangles once this scope returns [lostcancel-detached]
  use_context(c);
  std::thread(RunAndCancel, std::ref(cancel)).detach();
  // CHECK-NOTES: :[[@LINE-1]]:29: note: captured by reference here
  // CHECK-NOTES: :[[@LINE-2]]:3: note: the thread is detached here
}

void jthreadDetached(const ctx::Context &bg) {
  auto r = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'r.second' is captured by reference by a thread that is detached; the reference dangles once this scope returns [lostcancel-detached]
  std::jthread t(RunAndCancel, std::ref(r.second));
  // CHECK-NOTES: :[[@LINE-1]]:32: note: captured by reference here
  t.detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is detached here
  r.second();
}

// Negative: by value, the context is a copy (and the scope releases the
// handle); a joined thread does not outlive the reference.
void byValueDetached(const ctx::Context &bg) {
  auto [ctx, cancel] = ctx::WithCancel(bg);
  std::thread t(RefreshCopy, ctx);
  t.detach();
  cancel();
}

void crefJoined(const ctx::Context &bg) {
  auto [ctx, cancel] = ctx::WithCancel(bg);
  std::thread t(Refresh, std::cref(ctx));
  t.join();
  cancel();
}

void refHandleJoined(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  std::jthread t(RunAndCancel, std::ref(cancel));
}

// A std::ref that does not go to a thread is a transfer, as any unknown call.
void refElsewhere(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  auto wrapped = std::function<void()>(std::ref(cancel));
  consume(wrapped);
}
