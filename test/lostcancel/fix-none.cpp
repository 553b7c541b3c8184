// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs

// Where no fix-it is safe, none is offered: the CHECK-FIXES lines show the
// text left as it was (a guard would otherwise follow the creation line).

#include "gocontext.h"
#include "guards.h"

#define NEW_CTX(parent) ctx::WithCancel(parent)

// The creation comes from a macro expansion.
void fromMacro(const ctx::Context &bg) {
  auto [c, cancel] = NEW_CTX(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto [c, cancel] = NEW_CTX(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  {{$}}
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

// The handle is transferred on one path: a guard would cancel the context
// the caller now owns.
ctx::CancelFunc transferredOnOnePath(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto [c, cancel] = ctx::WithCancel(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  {{$}}
  if (failed())
    return nullptr;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  return cancel;
}

// Discarded: nothing to guard; a note says what to do.
void discarded(const ctx::Context &bg) {
  auto c = ctx::WithCancel(bg).first;
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:12: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  // CHECK-FIXES: {{^}}  auto c = ctx::WithCancel(bg).first;{{$}}
  // CHECK-FIXES-NEXT: {{^}}  {{$}}
  use_context(c);
}

// Overwritten: where to release the old handle is a choice; a note says so.
void overwritten(const ctx::Context &bg, int n) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  for (int i = 0; i < n; ++i)
    std::tie(c, cancel) = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'cancel' is assigned a new cancel handle returned by 'WithCancel' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
  // CHECK-NOTES: :[[@LINE-2]]:27: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
  // CHECK-FIXES: {{^}}    std::tie(c, cancel) = ctx::WithCancel(bg);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  {{$}}
  cancel();
}
