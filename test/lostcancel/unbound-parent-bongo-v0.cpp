// RUN: %check_lostcancel %s -- -std=c++17 -DBONGO_MOCK_V0 -I%S/../Inputs
// RUN: %if !sanitized %{ %check_lostcancel %s -- -std=c++20 -DBONGO_MOCK_V0 -I%S/../Inputs %}

// lostcancel-unbound-parent on bongo's first API (BONGO_MOCK_V0 in
// Inputs/golibs/bongo.h): background() and todo() return `context &`, and
// cancel_context / with_cancel / with_timeout take the parent as
// `context &`. (The current API: unbound-parent-golibs.cpp.)

#include "golibs/bongo.h"

using bongo::context::context;

void serve(context &ctx);

void parent(context &ctx) {
  auto child = bongo::context::with_cancel(bongo::context::background());
  // CHECK-NOTES: :[[@LINE-1]]:44: warning: 'background' starts a new root context although context 'ctx' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-3]]:22: note: context 'ctx' is in scope here
  serve(child);
  child.cancel();
}

void constructed(context &ctx) {
  bongo::context::cancel_context child(bongo::context::todo());
  // CHECK-NOTES: :[[@LINE-1]]:40: warning: 'todo' starts a new root context although context 'ctx' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-3]]:27: note: context 'ctx' is in scope here
  serve(child);
  child.cancel();
}

void passed(context &ctx) { serve(bongo::context::background()); }
// CHECK-NOTES: :[[@LINE-1]]:35: warning: 'background' starts a new root context although context 'ctx' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
// CHECK-NOTES: :[[@LINE-2]]:22: note: context 'ctx' is in scope here

void noContext() { serve(bongo::context::background()); }

int main() { serve(bongo::context::todo()); }
