// RUN: %check_lostcancel --config='{CheckOptions: {lostcancel.Profiles: "", lostcancel.Apis: "names=Derive,creation=^infra::,callee=free,handle=return.1,release=call,root=Root|Detached"}}' \
// RUN:   %s -- -std=c++17 -I%S/../Inputs

// The roots of a user entry (`root=` in lostcancel.Apis), with every
// built-in profile switched off: only the entry's roots are roots. A root
// must be a free function (or static member) callable without arguments
// whose qualified name also matches the entry's creation= regex.

#include "gocontext.h"
#include <functional>
#include <utility>

namespace infra {
struct Ctx {};
Ctx Root();
Ctx Detached(int flags = 0);
Ctx Other();
std::pair<Ctx, std::function<void()>> Derive(const Ctx &parent);
// Needs an argument: not a root.
Ctx Root(int flags);
} // namespace infra

namespace elsewhere {
infra::Ctx Root(); // not in ^infra::
} // namespace elsewhere

void serve(const infra::Ctx &c);

void request(const infra::Ctx &ctx) {
  auto [c, cancel] = infra::Derive(infra::Root());
  // CHECK-NOTES: :[[@LINE-1]]:36: warning: 'Root' starts a new root context although context 'ctx' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-3]]:32: note: context 'ctx' is in scope here
  serve(infra::Detached());
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'Detached' starts a new root context although context 'ctx' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-6]]:32: note: context 'ctx' is in scope here
  serve(infra::Root(1));
  serve(infra::Other());
  serve(elsewhere::Root());
  serve(c);
  cancel();
}

// The go-context profile is off: its roots are not roots here.
void goContext(const ctx::Context &request) {
  auto [c, cancel] = ctx::WithTimeout(ctx::Background(), std::chrono::milliseconds(5));
  cancel();
}
