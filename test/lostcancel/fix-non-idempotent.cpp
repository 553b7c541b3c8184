// RUN: %check_lostcancel --config='{CheckOptions: {lostcancel.Apis: "names=open_channel,handle=return,release=func:close_channel(arg.0),use=send"}}' %s -- -std=c++17 -I%S/../Inputs

// A release that is not idempotent (here close_channel, like close() or
// timer_delete()) is never added by a guard next to an explicit one: the
// release goes before each leaking return instead, as in C
// (fix-release-before-return.cpp); where there is no explicit release, the
// guard is the only one.

#include "guards.h"

int open_channel(int port);
void close_channel(int channel);
bool send(int channel);

void explicitReleaseOnOnePath(int port) {
  int channel = open_channel(port);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: handle 'channel' returned by 'open_channel' is not released on every path; the resource stays live [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  int channel = open_channel(port);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  {{$}}
  if (!send(channel))
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'channel'
  // CHECK-FIXES: {{^}}    { close_channel(channel); return; }{{$}}
  close_channel(channel);
}

void neverReleased(int port) {
  int channel = open_channel(port);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: handle 'channel' returned by 'open_channel' is not released on every path; the resource stays live [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  int channel = open_channel(port);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  absl::Cleanup channel_guard = [&] { close_channel(channel); };{{$}}
  send(channel);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'channel'
