// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs
// RUN: %if !sanitized %{ %check_lostcancel %s -- -std=c++20 -I%S/../Inputs %}

// lostcancel-unbound-parent on the four Go-style context libraries of the
// go-context profile (mocks in Inputs/golibs/, the shapes of the real
// headers): each one's roots and context type.
//   pygolang  golang::context::background()   -> Context = refptr<_Context>
//   gocxx     gocxx::context::Background(), TODO() -> ContextPtr = shared_ptr
//   bongo     bongo::context::background(), todo() -> context_type = shared_ptr
//   goincpp   goincpp::context::background(), todo() -> shared_ptr<Context>
// (bongo's first API, whose roots return `context &`: unbound-parent-bongo-v0.cpp)

#include "golibs/bongo.h"
#include "golibs/gocxx.h"
#include "golibs/goincpp.h"
#include "golibs/pygolang.h"

// --- pygolang ---------------------------------------------------------------

namespace py {
using golang::func;
using golang::context::Context;
void serve(Context ctx);

void parent(Context ctx) {
  auto [c, cancel] = golang::context::with_timeout(golang::context::background(), 1.5);
  // CHECK-NOTES: :[[@LINE-1]]:52: warning: 'background' starts a new root context although context 'ctx' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-3]]:21: note: context 'ctx' is in scope here
  serve(c);
  cancel();
}

void passed(const Context &ctx) { serve(golang::context::background()); }
// CHECK-NOTES: :[[@LINE-1]]:41: warning: 'background' starts a new root context although context 'ctx' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
// CHECK-NOTES: :[[@LINE-2]]:28: note: context 'ctx' is in scope here

void throughLocal(Context ctx) {
  Context bg = golang::context::background();
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: 'background' starts a new root context although context 'ctx' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE+2]]:3: note: the new root, kept in 'bg', is passed to 'serve' here
  // CHECK-NOTES: :[[@LINE-4]]:27: note: context 'ctx' is in scope here
  serve(bg);
}

// A raw pointer to the context class is the same context.
void rawPointer(golang::context::_Context *ctx) {
  serve(golang::context::background());
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'background' starts a new root context although context 'ctx' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-3]]:44: note: context 'ctx' is in scope here
}

void noContext(int n) { serve(golang::context::background()); }
} // namespace py

// --- gocxx ------------------------------------------------------------------

namespace gx {
using gocxx::context::ContextPtr;
void serve(ContextPtr ctx);
void serveRef(const gocxx::context::Context &ctx);

void parent(ContextPtr ctx) {
  auto r = gocxx::context::WithTimeout(gocxx::context::Background(),
  // CHECK-NOTES: :[[@LINE-1]]:40: warning: 'Background' starts a new root context although context 'ctx' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-3]]:24: note: context 'ctx' is in scope here
                                       gocxx::time::Duration());
  if (!r.Ok())
    return;
  auto [c, cancel] = r.value;
  serve(c);
  cancel();
}

void passed(const ContextPtr &ctx) { serve(gocxx::context::TODO()); }
// CHECK-NOTES: :[[@LINE-1]]:44: warning: 'TODO' starts a new root context although context 'ctx' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
// CHECK-NOTES: :[[@LINE-2]]:31: note: context 'ctx' is in scope here

// A context held by reference is the same context as a ContextPtr.
void byReference(const gocxx::context::Context &ctx) {
  serve(gocxx::context::Background());
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'Background' starts a new root context although context 'ctx' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-3]]:49: note: context 'ctx' is in scope here
}

// A local used through operator-> still holds the root...
void throughLocalArrow(const ContextPtr &ctx) {
  ContextPtr c = gocxx::context::Background();
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: 'Background' starts a new root context although context 'ctx' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE+3]]:3: note: the new root, kept in 'c', is passed to 'serve' here
  // CHECK-NOTES: :[[@LINE-4]]:42: note: context 'ctx' is in scope here
  (void)c->Err();
  serve(c);
}

// ...but a non-const method of the local (swap, reset) may change it.
void localSwapped(const ContextPtr &ctx, ContextPtr other) {
  ContextPtr c = gocxx::context::Background();
  c.swap(other);
  serve(c);
}

// A root only where the context in scope is null: a fallback, silent.
void nullFallback(ContextPtr ctx) {
  if (!ctx) {
    serve(gocxx::context::Background());
    return;
  }
  if (ctx == nullptr)
    serve(gocxx::context::TODO());
  if (ctx.get() != nullptr)
    serve(ctx);
  else
    serve(gocxx::context::Background());
  // Not null here: reported.
  if (ctx)
    serve(gocxx::context::Background());
    // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'Background' starts a new root context although context 'ctx' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
    // CHECK-NOTES: :[[@LINE-15]]:30: note: context 'ctx' is in scope here
}

void noContext() { serve(gocxx::context::Background()); }
} // namespace gx

// --- bongo ------------------------------------------------------------------

namespace bg {
using bongo::context::context_type;
void serve(context_type ctx);

void parent(context_type ctx) {
  auto [c, cancel] = bongo::context::with_cancel(bongo::context::background());
  // CHECK-NOTES: :[[@LINE-1]]:50: warning: 'background' starts a new root context although context 'ctx' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-3]]:26: note: context 'ctx' is in scope here
  serve(c);
  cancel();
}

void templateParent(context_type ctx) {
  auto [c, cancel] = bongo::context::with_timeout(bongo::context::todo(),
  // CHECK-NOTES: :[[@LINE-1]]:51: warning: 'todo' starts a new root context although context 'ctx' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-3]]:34: note: context 'ctx' is in scope here
                                                  std::chrono::seconds(1));
  serve(c);
  cancel();
}

void passed(context_type ctx) { serve(bongo::context::todo()); }
// CHECK-NOTES: :[[@LINE-1]]:39: warning: 'todo' starts a new root context although context 'ctx' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
// CHECK-NOTES: :[[@LINE-2]]:26: note: context 'ctx' is in scope here

// with_value derives a context without a handle: in scope after it.
void derived(context_type ctx) {
  auto tagged = bongo::context::with_value(ctx, "id", 1);
  serve(bongo::context::background());
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'background' starts a new root context although 2 contexts are in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-4]]:27: note: context 'ctx' is in scope here
  // CHECK-NOTES: :[[@LINE-4]]:8: note: context 'tagged' is in scope here
  serve(tagged);
}

void noContext() { serve(bongo::context::background()); }
} // namespace bg

// --- goincpp ----------------------------------------------------------------

namespace gi {
using goincpp::context::Context;
void serve(std::shared_ptr<Context> ctx);

void parent(std::shared_ptr<Context> ctx) {
  auto [c, cancel] = goincpp::context::withCancel(goincpp::context::background());
  // CHECK-NOTES: :[[@LINE-1]]:51: warning: 'background' starts a new root context although context 'ctx' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-3]]:38: note: context 'ctx' is in scope here
  serve(c);
  cancel();
}

void passed(const std::shared_ptr<Context> &ctx) {
  serve(goincpp::context::todo());
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'todo' starts a new root context although context 'ctx' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-3]]:45: note: context 'ctx' is in scope here
}

// withCancel returns the concrete CancelCtx, another class: not in scope.
void concrete(std::shared_ptr<Context> ctx) {
  auto [c, cancel] = goincpp::context::withCancel(ctx);
  serve(goincpp::context::background());
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'background' starts a new root context although context 'ctx' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-4]]:40: note: context 'ctx' is in scope here
  cancel();
}

void noContext() { serve(goincpp::context::background()); }
} // namespace gi

int main() {
  py::serve(golang::context::background());
  gx::serve(gocxx::context::Background());
  bg::serve(bongo::context::background());
  gi::serve(goincpp::context::background());
}
