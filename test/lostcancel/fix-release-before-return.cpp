// RUN: %check_lostcancel --config='{CheckOptions: {lostcancel.Apis: "names=open_channel,handle=return,release=func:close_channel(arg.0),use=send"}}' %s -- -std=c++17 -I%S/../Inputs

// SPEC §4: in C++, where a guard is not safe because the code also releases
// the handle explicitly and the release is not idempotent (close_channel
// here, like close() or timer_delete(); pplx's deregister_callback), the fix
// is the one C gets: the release before each leaking return, braced, and
// before the closing brace of a function that falls off its end -- offered
// only when every leaking exit is such a return or end, reached with the
// handle certainly live, and no returned value involves the handle.

#include "guards.h"
#include "mock-pplx.h"

int open_channel(int port);
void close_channel(int channel);
bool send(int channel);
void on_cancel();
bool work(int step);

int releasedOnSuccess(int port) {
  int channel = open_channel(port);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: handle 'channel' returned by 'open_channel' is not released on every path; the resource stays live [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  int channel = open_channel(port);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  {{$}}
  if (!send(channel))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'channel'
  // CHECK-FIXES: {{^}}    { close_channel(channel); return -1; }{{$}}
  if (!send(channel)) {
    return -2;
    // CHECK-FIXES: {{^}}    { close_channel(channel); return -2; }{{$}}
  }
  close_channel(channel);
  return 0;
}

void deregisteredOnOnePath(const pplx::cancellation_token &tok) {
  auto reg = tok.register_callback([] { on_cancel(); });
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: callback registration 'reg' returned by 'register_callback' is not released on every path; the registration stays live until the token is cancelled or destroyed [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto reg = tok.register_callback([] { on_cancel(); });{{$}}
  // CHECK-FIXES-NEXT: {{^}}  {{$}}
  if (work(1))
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'reg'
  // CHECK-FIXES: {{^}}    { tok.deregister_callback(reg); return; }{{$}}
  tok.deregister_callback(reg);
}

void errorPathOnly(const pplx::cancellation_token &tok) {
  auto reg = tok.register_callback([] { on_cancel(); });
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: callback registration 'reg' returned by 'register_callback' is released only on early-exit paths; the registration stays live until the token is cancelled or destroyed [lostcancel-error-path-only]
  if (work(1)) {
    tok.deregister_callback(reg);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return;
  }
  // CHECK-FIXES: {{^}}  work(2);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  tok.deregister_callback(reg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}}{{$}}
  work(2);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'reg'

// --- no fix-it ---------------------------------------------------------------

// A leaking exit reached with the handle live on one path and released on
// another: a release there could run twice.
int notAlwaysLive(int port) {
  int channel = open_channel(port);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: handle 'channel' returned by 'open_channel' is not released on every path; the resource stays live [lostcancel-unreleased]
  if (work(1))
    close_channel(channel);
  if (work(2))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'channel'
  // CHECK-FIXES: {{^}}    return -1;{{$}}
  if (!work(1))
    close_channel(channel);
  return 0;
}

// A leaking throw: no release is written before a throw.
void leakingThrow(int port) {
  int channel = open_channel(port);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: handle 'channel' returned by 'open_channel' is not released on every path; the resource stays live [lostcancel-unreleased]
  if (!send(channel))
    throw 1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: throws here without releasing 'channel'
  // CHECK-FIXES: {{^}}    throw 1;{{$}}
  close_channel(channel);
}

// The returned value reads the handle.
bool returnReadsTheHandle(int port) {
  int channel = open_channel(port);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: handle 'channel' returned by 'open_channel' is not released on every path; the resource stays live [lostcancel-unreleased]
  if (work(1))
    return send(channel);
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'channel'
  // CHECK-FIXES: {{^}}    return send(channel);{{$}}
  close_channel(channel);
  return true;
}
