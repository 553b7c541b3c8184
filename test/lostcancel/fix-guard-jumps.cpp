// RUN: %check_lostcancel --config='{CheckOptions: {lostcancel.Apis: "names=open_channel,handle=return,release=func:close_channel(arg.0),use=send"}}' %s -- -std=c++17 -I%S/../Inputs

// SPEC §4: a guard is a declaration with a non-trivial destructor, and C++
// forbids jumping into its scope past it. Where a goto, a switch's case or
// default label, or an indirect goto could do so, no guard is offered (the
// fixed file would not compile); where every jump stays on one side of it,
// the guard is offered as usual. The fixed file is compiled by the driver.

#include "gocontext.h"

bool Init();
bool Step(const ctx::Context &c);
int open_channel(int port);
void close_channel(int channel);
bool send(int channel);

// The example: `goto out` before the creation jumps to a label
// after the place of the guard. No fix-it.
int gotoPastGuard(const ctx::Context &bg) {
  int rc = -1;
  ctx::Context c;
  ctx::CancelFunc cancel;
  if (!Init())
    goto out;
  std::tie(c, cancel) = ctx::WithTimeout(bg, ctx::Duration(10));
  // CHECK-NOTES: :[[@LINE-1]]:25: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  std::tie(c, cancel) = ctx::WithTimeout(bg, ctx::Duration(10));{{$}}
  // CHECK-FIXES-NEXT: {{^}}  {{$}}
  if (!Step(c))
    goto out;
  cancel();
  rc = 0;
out:
  return rc;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 'cancel'
}

// Every goto is after the guard: it stays in the guard's scope.
int gotoWithinGuardScope(const ctx::Context &bg) {
  int rc = -1;
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(10));
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(10));{{$}}
  // CHECK-FIXES-NEXT: {{^}}  struct cancel_guard_type { decltype(cancel) &handle; ~cancel_guard_type() { handle(); } } cancel_guard{cancel};{{$}}
  if (!Step(c))
    goto out;
  cancel();
  rc = 0;
out:
  return rc;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 'cancel'
}

// A goto backward to a label before the creation leaves the guard's scope
// (the guard releases the handle on the way): legal.
void retryBackward(const ctx::Context &bg, int tries) {
again:
  if (!Init())
    return;
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto [c, cancel] = ctx::WithCancel(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  struct cancel_guard_type { decltype(cancel) &handle; ~cancel_guard_type() { handle(); } } cancel_guard{cancel};{{$}}
  if (!Step(c) && --tries > 0)
    goto again;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: leaves the scope of 'cancel' here without releasing it
  cancel();
}

// The `case 1:` label lies after the place of the guard, in the switch's
// body where the handle's variable is declared. No fix-it.
void casePastGuard(int port, int mode) {
  switch (mode) {
    int channel;
  case 0:
    channel = open_channel(port);
    // CHECK-NOTES: :[[@LINE-1]]:15: warning: handle 'channel' returned by 'open_channel' is not released on every path; the resource stays live [lostcancel-unreleased]
    // CHECK-FIXES: {{^}}    channel = open_channel(port);{{$}}
    // CHECK-FIXES-NEXT: {{^}}    {{$}}
    if (!send(channel))
      return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: returns here without releasing 'channel'
    break;
  case 1:
    break;
  }
}

// A switch after the guard jumps only within its scope.
void switchAfterGuard(int port, int mode) {
  int channel = open_channel(port);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: handle 'channel' returned by 'open_channel' is not released on every path; the resource stays live [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  int channel = open_channel(port);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  struct channel_guard_type { decltype(channel) &handle; ~channel_guard_type() { close_channel(handle); } } channel_guard{channel};{{$}}
  switch (mode) {
  case 0:
    if (!send(channel))
      return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: returns here without releasing 'channel'
    break;
  default:
    break;
  }
}

// An indirect goto may reach any label whose address is taken; with one
// after the place of the guard, no guard is offered (even where, as here,
// the jump would stay in its scope).
int computedGoto(const ctx::Context &bg, bool fast) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  void *next = fast ? &&quick : &&slow;
  std::tie(c, cancel) = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:25: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  std::tie(c, cancel) = ctx::WithCancel(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  {{$}}
  goto *next;
quick:
  if (!Step(c))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
slow:
  cancel();
  return 0;
}
