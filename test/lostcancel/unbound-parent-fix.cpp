// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs
// RUN: %if !sanitized %{ %check_lostcancel %s -- -std=c++20 -I%S/../Inputs %}

// The fix-it of lostcancel-unbound-parent (SPEC §9.4): when exactly one
// context in scope has the root call's own type, the root call is replaced
// by its name; otherwise no fix-it, and the notes list the contexts.

#include "gocontext.h"
#include <functional>
#include <memory>

using namespace std::chrono_literals;
using ctx::Context;

void work(const Context &c);
void workByValue(Context c);
void take(Context &&c);

// --- one context of the root's type: replaced ---------------------------------

void passed(const Context &request) {
  work(ctx::Background());
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-3]]:28: note: context 'request' is in scope here
  // CHECK-FIXES: {{^}}  work(request);{{$}}
}

void parent(Context request) {
  auto [c, cancel] = ctx::WithTimeout(ctx::TODO(), 5s);
  // CHECK-NOTES: :[[@LINE-1]]:39: warning: 'TODO' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-3]]:21: note: context 'request' is in scope here
  // CHECK-FIXES: {{^}}  auto [c, cancel] = ctx::WithTimeout(request, 5s);{{$}}
  work(c);
  cancel();
}

void throughLocal(const Context &request) {
  Context root = ctx::Background();
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE+3]]:3: note: the new root, kept in 'root', is passed to 'work' here
  // CHECK-NOTES: :[[@LINE-4]]:34: note: context 'request' is in scope here
  // CHECK-FIXES: {{^}}  Context root = request;{{$}}
  work(root);
}

void captured(const Context &request) {
  auto f = [request] { workByValue(ctx::Background()); };
  // CHECK-NOTES: :[[@LINE-1]]:36: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-3]]:30: note: context 'request' is in scope here
  // CHECK-FIXES: {{^}}  auto f = [request] { workByValue(request); };{{$}}
  f();
}

void rvalueParameterInScope(Context &&request) { work(ctx::Background()); }
// CHECK-NOTES: :[[@LINE-1]]:55: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
// CHECK-NOTES: :[[@LINE-2]]:39: note: context 'request' is in scope here
// CHECK-FIXES: {{^}}void rvalueParameterInScope(Context &&request) { work(request); }{{$}}

// --- no fix-it ---------------------------------------------------------------

// Several contexts.
void several(const Context &request, const Context &other) {
  work(ctx::Background());
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'Background' starts a new root context although 2 contexts are in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-3]]:29: note: context 'request' is in scope here
  // CHECK-NOTES: :[[@LINE-4]]:53: note: context 'other' is in scope here
  // CHECK-FIXES: {{^}}  work(ctx::Background());{{$}}
}

void severalDerived(const Context &request) {
  auto [c, cancel] = ctx::WithCancel(request);
  work(ctx::TODO());
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'TODO' starts a new root context although 2 contexts are in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-4]]:36: note: context 'request' is in scope here
  // CHECK-NOTES: :[[@LINE-4]]:9: note: context 'c' is in scope here
  // CHECK-FIXES: {{^}}  work(ctx::TODO());{{$}}
  cancel();
}

// The context in scope is held differently from what the root returns.
void pointerInScope(const Context *request) { work(ctx::Background()); }
// CHECK-NOTES: :[[@LINE-1]]:52: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
// CHECK-NOTES: :[[@LINE-2]]:36: note: context 'request' is in scope here
// CHECK-FIXES: {{^}}void pointerInScope(const Context *request) { work(ctx::Background()); }{{$}}

// The parameter the root goes to takes an rvalue: a name does not bind.
void rvalueTarget(const Context &request) { take(ctx::Background()); }
// CHECK-NOTES: :[[@LINE-1]]:50: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
// CHECK-NOTES: :[[@LINE-2]]:34: note: context 'request' is in scope here
// CHECK-FIXES: {{^}}void rvalueTarget(const Context &request) { take(ctx::Background()); }{{$}}

// The same through a std::function whose parameter is an rvalue reference.
void rvalueFunction(const Context &request,
                    const std::function<void(Context &&)> &then) {
  then(ctx::Background());
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-4]]:36: note: context 'request' is in scope here
  // CHECK-FIXES: {{^}}  then(ctx::Background());{{$}}
}

// A root written by a macro.
#define ROOT ctx::Background()
void inMacro(const Context &request) { work(ROOT); }
// CHECK-NOTES: :[[@LINE-1]]:45: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
// CHECK-NOTES: :[[@LINE-2]]:29: note: context 'request' is in scope here
// CHECK-FIXES: {{^}}void inMacro(const Context &request) { work(ROOT); }{{$}}

// Templates: the fix-it goes into the template's text, so the context's type
// must not depend on a template parameter; a parameter whose type does is
// not a context in scope at all (silent, unchanged).
template <typename C> void dependentParameter(const C &request) {
  work(ctx::TODO());
  // CHECK-FIXES: {{^}}  work(ctx::TODO());{{$}}
}

template <typename T> void independentParameter(const Context &request, T n) {
  work(ctx::TODO());
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'TODO' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-3]]:64: note: context 'request' is in scope here
  // CHECK-FIXES: {{^}}  work(request);{{$}}
}

void instantiate(const Context &request) {
  dependentParameter(request);
  dependentParameter(1);
  independentParameter(request, 1);
  // A generic lambda's `auto` parameter: the same (silent, unchanged).
  auto generic = [](const auto &c) { work(ctx::Background()); };
  // CHECK-FIXES: {{^}}  auto generic = [](const auto &c) { work(ctx::Background()); };{{$}}
  generic(request);
  generic(2);
}

// A shared_ptr to the context in scope, a root returning the context itself.
void sharedInScope(std::shared_ptr<Context> request) { work(ctx::Background()); }
// CHECK-NOTES: :[[@LINE-1]]:61: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
// CHECK-NOTES: :[[@LINE-2]]:45: note: context 'request' is in scope here
// CHECK-FIXES: {{^}}void sharedInScope(std::shared_ptr<Context> request) { work(ctx::Background()); }{{$}}
