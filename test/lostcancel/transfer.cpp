// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs
// RUN: %check_lostcancel %s -- -std=c++20 -I%S/../Inputs

// Transfers: ownership of the handle leaves the scope, so there is nothing to
// report on that path. A transfer on one path does not cover the others.

#include "gocontext.h"
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

struct Job {
  ctx::Context c;
  ctx::CancelFunc cancel;
};

ctx::CancelFunc g_cancel;
void keep_job(Job *job);
void keep_ptr(ctx::CancelFunc *p);

// --- returning it ------------------------------------------------------------

ctx::CancelFunc returnHandle(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  return cancel;
}

ctx::CancelFunc returnMovedHandle(const ctx::Context &bg) {
  auto r = ctx::WithTimeout(bg, ctx::Duration(1));
  use_context(r.first);
  return std::move(r.second);
}

std::pair<ctx::Context, ctx::CancelFunc> returnPairBraced(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  return {c, cancel};
}

std::pair<ctx::Context, ctx::CancelFunc> returnMakePair(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  return std::make_pair(c, cancel);
}

std::tuple<int, ctx::CancelFunc> returnTuple(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  return std::make_tuple(1, cancel);
}

Job returnStruct(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  return Job{c, cancel};
}

// The pair variable itself is returned (named return value).
std::pair<ctx::Context, ctx::CancelFunc> returnPairVariable(const ctx::Context &bg) {
  auto r = ctx::WithCancel(bg);
  use_context(r.first);
  return r;
}

// A named return variable that holds the handle.
Job returnNamedVariable(const ctx::Context &bg) {
  Job job;
  auto [c, cancel] = ctx::WithCancel(bg);
  job.c = c;
  job.cancel = cancel;
  return job;
}

// Returned on one path only.
ctx::CancelFunc returnOnOnePath(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (c.done())
    return nullptr;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  return cancel;
}

// Returning the context does not transfer the handle.
ctx::Context returnContextOnly(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (!cancel)
    fatal("no cancel");
  return c;
  // CHECK-NOTES: :[[@LINE-1]]:10: note: no fix-it: 'c' leaves the scope here, and releasing 'cancel' when the scope ends would cancel it while it is still in use; keep 'cancel' with it and call it when the work is done
  // CHECK-NOTES: :[[@LINE-2]]:3: note: returns here without releasing 'cancel'
}

// --- storing it: member, global, static, heap, container, out-parameter ------

class Worker {
public:
  void startMember(const ctx::Context &bg) {
    auto [c, cancel] = ctx::WithCancel(bg);
    use_context(c);
    cancel_ = cancel;
  }
  void startThisMember(const ctx::Context &bg) {
    auto r = ctx::WithTimeout(bg, ctx::Duration(5));
    this->cancel_ = std::move(r.second);
  }
  void startStaticMember(const ctx::Context &bg) {
    auto [c, cancel] = ctx::WithCancel(bg);
    shared_ = cancel;
  }
  void startMemberOnOnePath(const ctx::Context &bg) {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (failed())
      return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: returns here without releasing 'cancel'
    cancel_ = cancel;
  }

private:
  ctx::CancelFunc cancel_;
  static ctx::CancelFunc shared_;
};

void storeGlobal(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  g_cancel = cancel;
}

void storeLocalStatic(const ctx::Context &bg) {
  static ctx::CancelFunc last;
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  last = cancel;
}

void storeHeapJob(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  Job *job = new Job{c, cancel};
  keep_job(job);
}

void storeHeapHandle(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  auto *copy = new ctx::CancelFunc(cancel);
  keep_ptr(copy);
}

void storeVectorPushBack(const ctx::Context &bg,
                         std::vector<ctx::CancelFunc> &all) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  all.push_back(cancel);
}

void storeMapElement(const ctx::Context &bg,
                     std::map<std::string, ctx::CancelFunc> &byName) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  byName["job"] = cancel;
}

void storeVectorOnOnePath(const ctx::Context &bg,
                          std::vector<ctx::CancelFunc> &all) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (c.done())
    all.push_back(cancel);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

void outParamPointer(const ctx::Context &bg, ctx::CancelFunc *out) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  *out = cancel;
}

void outParamReference(const ctx::Context &bg, ctx::CancelFunc &out) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  out = std::move(cancel);
}

void outParamOnOnePath(const ctx::Context &bg, ctx::CancelFunc *out) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (out == nullptr)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  *out = cancel;
}

// --- passing it to a function ---------------------------------------------

void passByValue(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  consume(cancel);
}

void passMoved(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  consume(std::move(cancel));
}

void passByReference(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  consume_ref(cancel);
}

void passByConstReference(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  consume_cref(cancel);
}

void passPairElement(const ctx::Context &bg) {
  auto r = ctx::WithCancel(bg);
  use_context(r.first);
  consume_cref(r.second);
}

void passOnOnePath(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed())
    throw 2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: throws here without releasing 'cancel'
  consume(cancel);
}

// Passing only the context is not a transfer of the handle.
void passContextOnly(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  use_context(c);
  if (!cancel)
    return;
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// --- copies and addresses (aliasing is not tracked) --------------------------

void copyIntoAnotherLocal(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  auto other = cancel;
  use_context(c);
  other();
}

void takeAddress(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  ctx::CancelFunc *p = &cancel;
  use_context(c);
  (*p)();
}
