// RUN: %check_lostcancel %s -- -std=c++20 -I%S/../Inputs

// SPEC §4: no fix-it when the context made with the handle leaves the scope
// (returned, stored into a member, a global, through a pointer, into a
// container, captured by a closure that is not only called in place, passed
// to a call that also takes a callback): a guard -- or a release before a
// return -- would cancel a context that is still in use. The finding stays;
// a note at the escape says what to do instead. Passing the context to an
// ordinary call is no escape: the guard is still offered.

#include "gocontext.h"
#include "guards.h"
#include <functional>
#include <map>
#include <thread>
#include <vector>

void Call(const ctx::Context &c);
struct Client {
  void AsyncGet(const ctx::Context &c, const char *url,
                std::function<void(int)> done);
  int Get(const ctx::Context &c, const char *url);
};
void Post(std::function<void()> task);
ctx::Context Derive(const ctx::Context &c, int key);
extern ctx::Context global_ctx;
void done(int);
void work(ctx::Context c);

// --- the context leaves the scope: no fix-it, a note at the escape ----------

ctx::Context returned(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(10));
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithTimeout' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  // CHECK-NOTES: :[[@LINE+8]]:10: note: no fix-it: 'c' leaves the scope here, and releasing 'cancel' when the scope ends would cancel it while it is still in use; keep 'cancel' with it and call it when the work is done
  // CHECK-FIXES: {{^}}  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(10));{{$}}
  // CHECK-FIXES-NEXT: {{^}}  {{$}}
  if (failed()) {
    cancel();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return bg;
  }
  return c;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 'cancel'
}

// The example: stored into a member on success (error-path-only).
struct Session {
  ctx::Context ctx_;
  std::vector<ctx::Context> all_;
  std::map<int, ctx::Context> by_id_;

  bool member(const ctx::Context &bg, bool ready) {
    auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(10));
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithTimeout' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
    // CHECK-NOTES: :[[@LINE+8]]:12: note: no fix-it: 'c' leaves the scope here, and releasing 'cancel' when the scope ends would cancel it while it is still in use; keep 'cancel' with it and call it when the work is done
    // CHECK-FIXES: {{^}}    auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(10));{{$}}
    // CHECK-FIXES-NEXT: {{^}}    {{$}}
    if (!ready) {
      cancel();
      // CHECK-NOTES: :[[@LINE-1]]:7: note: released only here, on an error path
      return false;
    }
    ctx_ = c;
    return true;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  }

  void container(const ctx::Context &bg) {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    // CHECK-FIXES: {{^}}    auto [c, cancel] = ctx::WithCancel(bg);{{$}}
    // CHECK-FIXES-NEXT: {{^}}    {{$}}
    all_.push_back(c);
    // CHECK-NOTES: :[[@LINE-1]]:20: note: no fix-it: 'c' leaves the scope here, and releasing 'cancel' when the scope ends would cancel it while it is still in use; keep 'cancel' with it and call it when the work is done
    if (failed())
      return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: returns here without releasing 'cancel'
    cancel();
  }

  void subscript(const ctx::Context &bg) {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    // CHECK-FIXES: {{^}}    auto [c, cancel] = ctx::WithCancel(bg);{{$}}
    // CHECK-FIXES-NEXT: {{^}}    {{$}}
    by_id_[1] = c;
    // CHECK-NOTES: :[[@LINE-1]]:17: note: no fix-it: 'c' leaves the scope here, and releasing 'cancel' when the scope ends would cancel it while it is still in use; keep 'cancel' with it and call it when the work is done
    if (failed())
      return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: returns here without releasing 'cancel'
    cancel();
  }
};

// The example: a completion callback makes the call asynchronous.
void async(Client &client, const ctx::Context &bg, bool ready) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(10));
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithTimeout' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  // CHECK-NOTES: :[[@LINE+8]]:19: note: no fix-it: 'c' leaves the scope here, and releasing 'cancel' when the scope ends would cancel it while it is still in use; keep 'cancel' with it and call it when the work is done
  // CHECK-FIXES: {{^}}  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(10));{{$}}
  // CHECK-FIXES-NEXT: {{^}}  {{$}}
  if (!ready) {
    cancel();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return;
  }
  client.AsyncGet(c, "url", done);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

void lambdaPassedOn(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto [c, cancel] = ctx::WithCancel(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  {{$}}
  Post([c] { Call(c); });
  // CHECK-NOTES: :[[@LINE-1]]:8: note: no fix-it: 'c' leaves the scope here, and releasing 'cancel' when the scope ends would cancel it while it is still in use; keep 'cancel' with it and call it when the work is done
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

void lambdaStored(const ctx::Context &bg, std::function<void()> &later) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto [c, cancel] = ctx::WithCancel(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  {{$}}
  later = [&c] { Call(c); };
  // CHECK-NOTES: :[[@LINE-1]]:11: note: no fix-it: 'c' leaves the scope here, and releasing 'cancel' when the scope ends would cancel it while it is still in use; keep 'cancel' with it and call it when the work is done
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

void detachedThread(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto [c, cancel] = ctx::WithCancel(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  {{$}}
  std::thread(work, c).detach();
  // CHECK-NOTES: :[[@LINE-1]]:21: note: no fix-it: 'c' leaves the scope here, and releasing 'cancel' when the scope ends would cancel it while it is still in use; keep 'cancel' with it and call it when the work is done
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

void tiedThroughPointer(const ctx::Context &bg, ctx::Context *out) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  std::tie(c, cancel) = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:25: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  std::tie(c, cancel) = ctx::WithCancel(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  {{$}}
  *out = c;
  // CHECK-NOTES: :[[@LINE-1]]:10: note: no fix-it: 'c' leaves the scope here, and releasing 'cancel' when the scope ends would cancel it while it is still in use; keep 'cancel' with it and call it when the work is done
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

void pairIntoGlobal(const ctx::Context &bg) {
  auto r = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: cancel handle 'r.second' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto r = ctx::WithCancel(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  {{$}}
  global_ctx = r.first;
  // CHECK-NOTES: :[[@LINE-1]]:16: note: no fix-it: 'r.first' leaves the scope here, and releasing 'r.second' when the scope ends would cancel it while it is still in use; keep 'r.second' with it and call it when the work is done
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'r.second'
  r.second();
}

// A context made from the context (here by a function returning a context)
// is followed: cancelling the parent cancels it too.
ctx::Context derivedReturned(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  // CHECK-NOTES: :[[@LINE+9]]:10: note: no fix-it: 'd' leaves the scope here, and releasing 'cancel' when the scope ends would cancel it while it is still in use; keep 'cancel' with it and call it when the work is done
  // CHECK-FIXES: {{^}}  auto [c, cancel] = ctx::WithCancel(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  {{$}}
  auto d = Derive(c, 1);
  if (failed()) {
    cancel();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return bg;
  }
  return d;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 'cancel'
}

// --- the context stays: the guard is offered --------------------------------

// Ordinary (synchronous) calls, a lambda called in place, a local lambda
// that is only called, a joined thread.
int synchronous(Client &client, const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto [c, cancel] = ctx::WithCancel(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  absl::Cleanup cancel_guard = [&] { cancel(); };{{$}}
  Call(c);
  [&] { Call(c); }();
  auto f = [&] { Call(c); };
  f();
  std::thread t(work, c);
  t.join();
  if (failed())
    return 0;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
  return client.Get(c, "url");
}

// A local copy that stays local.
void localCopy(const ctx::Context &bg) {
  ctx::Context keep;
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto [c, cancel] = ctx::WithCancel(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  absl::Cleanup cancel_guard = [&] { cancel(); };{{$}}
  keep = c;
  Call(keep);
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}
