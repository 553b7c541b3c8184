// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs
// RUN: %if !sanitized %{ %check_lostcancel %s -- -std=c++20 -I%S/../Inputs %}

// lostcancel-unbound-parent (SPEC §9), with the mock Go-style library of
// Inputs/gocontext.h: a root (ctx::Background(), ctx::TODO()) made where a
// context of the same class is in scope, and used as the parent of a creation
// or passed where a context is expected.

#include "gocontext.h"
#include <functional>
#include <memory>
#include <vector>

using namespace std::chrono_literals;
using ctx::Context;

namespace ctx {
// A derived context without a cancel handle (Go's WithValue).
Context WithValue(const Context &parent, const char *key, int value);
bool operator==(const Context &a, const Context &b);
} // namespace ctx

void work(const Context &c);
void workByValue(Context c);
void workShared(std::shared_ptr<Context> c);
void workPointer(const Context *c);
void reset(Context &c);
void note(const char *what);
bool same(const Context &a, const Context &b);

struct Worker {
  Worker() = default;
  explicit Worker(const Context &c);
  void run(const Context &c);
  static void runStatic(Context c);
};

// --- (a) the parent of a creation -----------------------------------------

void parentOfCreation(const Context &request) {
  auto [c, cancel] = ctx::WithTimeout(ctx::Background(), 5s);
  // CHECK-NOTES: :[[@LINE-1]]:39: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-3]]:38: note: context 'request' is in scope here
  work(c);
  cancel();
}

// --- (b) passed directly for a context parameter -------------------------------

void passedToFunction(const Context &request) {
  work(ctx::TODO());
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'TODO' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-3]]:38: note: context 'request' is in scope here
}

void passedToMethod(const Context &request, Worker &w) {
  w.run(ctx::Background());
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-3]]:36: note: context 'request' is in scope here
}

void passedToStatic(const Context &request) {
  Worker::runStatic(ctx::Background());
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-3]]:36: note: context 'request' is in scope here
}

void passedToConstructor(const Context &request) {
  Worker w(ctx::Background());
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-3]]:41: note: context 'request' is in scope here
  w.run(request);
}

void passedToStdFunction(const Context &request,
                         const std::function<void(const Context &)> &then) {
  then(ctx::Background());
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-4]]:41: note: context 'request' is in scope here
}

// --- the context in scope: every way a parameter may hold it -------------------

void byValue(Context request) { work(ctx::Background()); }
// CHECK-NOTES: :[[@LINE-1]]:38: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
// CHECK-NOTES: :[[@LINE-2]]:22: note: context 'request' is in scope here

void bySharedPtr(std::shared_ptr<Context> request) { work(ctx::Background()); }
// CHECK-NOTES: :[[@LINE-1]]:59: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
// CHECK-NOTES: :[[@LINE-2]]:43: note: context 'request' is in scope here

void byPointer(const Context *request) { work(ctx::Background()); }
// CHECK-NOTES: :[[@LINE-1]]:47: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
// CHECK-NOTES: :[[@LINE-2]]:31: note: context 'request' is in scope here

void byRvalue(Context &&request) { work(ctx::Background()); }
// CHECK-NOTES: :[[@LINE-1]]:41: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
// CHECK-NOTES: :[[@LINE-2]]:25: note: context 'request' is in scope here

// A parameter that is not a context of the root's class: no context in scope.
void otherFamily(std::shared_ptr<camel::Context> request) {
  work(ctx::Background());
}

void noContext(int n) {
  work(ctx::Background());
  auto [c, cancel] = ctx::WithCancel(ctx::TODO());
  work(c);
  cancel();
}

// A root only where the context in scope is null: a fallback, silent.
void nullFallback(const Context *request) {
  if (!request) {
    work(ctx::Background());
    return;
  }
  if (request == nullptr)
    work(ctx::TODO());
  if (request)
    work(*request);
  else
    work(ctx::Background());
  // Not null here: reported.
  if (request != nullptr)
    work(ctx::Background());
    // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
    // CHECK-NOTES: :[[@LINE-15]]:34: note: context 'request' is in scope here
}

// --- (c) through a local that only ever holds roots ------------------------------

void throughLocal(const Context &request) {
  Context root = ctx::Background();
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE+3]]:3: note: the new root, kept in 'root', is passed to 'work' here
  // CHECK-NOTES: :[[@LINE-4]]:34: note: context 'request' is in scope here
  note("starting");
  work(root);
}

void throughLocalAsParent(const Context &request) {
  auto root = ctx::TODO();
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'TODO' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE+2]]:22: note: the new root, kept in 'root', is the parent of 'WithCancel' here
  // CHECK-NOTES: :[[@LINE-4]]:42: note: context 'request' is in scope here
  auto [c, cancel] = ctx::WithCancel(root);
  work(c);
  cancel();
}

void throughLocalReassignedRoot(const Context &request, bool again) {
  Context root = ctx::Background();
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE+7]]:3: note: the new root, kept in 'root', is passed to 'work' here
  // CHECK-NOTES: :[[@LINE-4]]:48: note: context 'request' is in scope here
  if (again)
    root = ctx::TODO();
    // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'TODO' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
    // CHECK-NOTES: :[[@LINE+2]]:3: note: the new root, kept in 'root', is passed to 'work' here
    // CHECK-NOTES: :[[@LINE-9]]:48: note: context 'request' is in scope here
  work(root);
}

// Through a function pointer: the callee is not known by name.
void throughLocalToPointer(const Context &request,
                           void (*then)(const Context &)) {
  Context root = ctx::Background();
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE+2]]:3: note: the new root, kept in 'root', is passed to the call here
  // CHECK-NOTES: :[[@LINE-5]]:43: note: context 'request' is in scope here
  then(root);
}

// The local also holds the request's context on some path: silent.
void localAlsoRequest(const Context &request, bool detached) {
  Context c = ctx::Background();
  if (!detached)
    c = request;
  work(c);
}

// Its address is taken, or it is passed for a non-const reference: anything
// may be stored into it.
void localAddressTaken(const Context &request) {
  Context c = ctx::Background();
  Context *p = &c;
  work(c);
  workPointer(p);
}

void localWrittenByCallee(const Context &request) {
  Context c = ctx::Background();
  reset(c);
  work(c);
}

// Declared without a value, then given only roots: reported.
void declaredThenAssigned(const Context &request, bool b) {
  Context c;
  if (b)
    c = ctx::Background();
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
    // CHECK-NOTES: :[[@LINE+7]]:3: note: the new root, kept in 'c', is passed to 'work' here
    // CHECK-NOTES: :[[@LINE-6]]:42: note: context 'request' is in scope here
  else
    c = ctx::TODO();
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'TODO' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
    // CHECK-NOTES: :[[@LINE+2]]:3: note: the new root, kept in 'c', is passed to 'work' here
    // CHECK-NOTES: :[[@LINE-11]]:42: note: context 'request' is in scope here
  work(c);
}

// A use before the root is stored does not see it.
void usedBeforeRoot(const Context &request) {
  Context c;
  work(c);
  c = ctx::Background();
  c.wait();
}

// A parameter reassigned with a root still holds the caller's context on
// the other path: not a local that only holds roots.
void parameterReassigned(Context request, bool lost) {
  if (lost)
    request = ctx::Background();
  work(request);
}

// A local that is never passed on as a context: silent.
void localNeverPassed(const Context &request) {
  Context c = ctx::Background();
  c.wait();
}

// --- lambdas ------------------------------------------------------------------

void lambdas(const Context &request) {
  auto explicitCapture = [request] { work(ctx::Background()); };
  // CHECK-NOTES: :[[@LINE-1]]:43: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-3]]:29: note: context 'request' is in scope here
  auto byReference = [&] {
    work(request);
    work(ctx::TODO());
    // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'TODO' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
    // CHECK-NOTES: :[[@LINE-8]]:29: note: context 'request' is in scope here
  };
  auto byCopy = [=] {
    work(request);
    work(ctx::Background());
    // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
    // CHECK-NOTES: :[[@LINE-14]]:29: note: context 'request' is in scope here
  };
  auto ownParameter = [](const Context &c) { work(ctx::Background()); };
  // CHECK-NOTES: :[[@LINE-1]]:51: warning: 'Background' starts a new root context although context 'c' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-2]]:41: note: context 'c' is in scope here
  // No context captured or taken: silent.
  auto noCapture = [] { work(ctx::Background()); };
  auto defaultButUnused = [&] { work(ctx::Background()); };
  explicitCapture();
  byReference();
  byCopy();
  ownParameter(request);
  noCapture();
  defaultButUnused();
}

// --- contexts derived in the scope -------------------------------------------------

void derivedContexts(const Context &request, bool b) {
  work(ctx::Background());
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-3]]:37: note: context 'request' is in scope here
  if (b) {
    auto [c, cancel] = ctx::WithTimeout(request, 5s);
    work(ctx::TODO());
    // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'TODO' starts a new root context although 2 contexts are in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
    // CHECK-NOTES: :[[@LINE-8]]:37: note: context 'request' is in scope here
    // CHECK-NOTES: :[[@LINE-4]]:11: note: context 'c' is in scope here
    cancel();
  }
  work(ctx::Background());
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-14]]:37: note: context 'request' is in scope here
  Context tagged = ctx::WithValue(request, "id", 1);
  work(ctx::Background());
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'Background' starts a new root context although 2 contexts are in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-18]]:37: note: context 'request' is in scope here
  // CHECK-NOTES: :[[@LINE-4]]:11: note: context 'tagged' is in scope here
  work(tagged);
}

// --- what is not a use as a context -------------------------------------------------

Context returned(const Context &request, bool b) {
  if (b)
    return ctx::Background();
  return request;
}

bool compared(const Context &request) {
  return request == ctx::Background();
}

void waitedOn(const Context &request) { ctx::Background().wait(); }

// Unevaluated: no root is made.
void unevaluated(const Context &request) {
  decltype(ctx::Background()) copy = request;
  work(copy);
  static_assert(sizeof(ctx::TODO()) > 0, "");
}

// The root is one of two values: which one the work gets is not known.
void conditional(const Context &request, bool detached) {
  work(detached ? ctx::Background() : request);
}

// A parameter whose type the callee deduces is not a context parameter: the
// function is generic (std::make_shared, std::make_pair, a forwarding
// wrapper, std::thread's constructor).
template <typename C> void forward(C &&c);
void deduced(const Context &request) {
  auto shared = std::make_shared<Context>(ctx::Background());
  auto pair = std::make_pair(ctx::TODO(), 1);
  forward(ctx::Background());
  workShared(shared);
}

// A member of a class template has the parameter types its class gives it.
void classTemplateMember(const Context &request, std::vector<Context> &all) {
  all.push_back(ctx::Background());
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-3]]:41: note: context 'request' is in scope here
}

// --- macros and templates --------------------------------------------------------

#define ROOT() ctx::Background()

void inMacro(const Context &request) { work(ROOT()); }
// CHECK-NOTES: :[[@LINE-1]]:45: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
// CHECK-NOTES: :[[@LINE-2]]:29: note: context 'request' is in scope here

template <typename T> void inTemplate(const Context &request, T value) {
  work(ctx::Background());
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-3]]:54: note: context 'request' is in scope here
}

// A parameter whose type depends on a template parameter is a context only
// in some instantiations: not the request's context the template means to
// pass on, so it is not in scope (silent).
template <typename C> void dependentContext(const C &request) {
  work(ctx::TODO());
}

void instantiate(const Context &request) {
  inTemplate(request, 1);
  inTemplate(request, 2.0);
  dependentContext(request);
  dependentContext(1);
}

// --- NOLINT ------------------------------------------------------------------

void silenced(const Context &request) {
  work(ctx::Background()); // NOLINT(lostcancel-unbound-parent)
}

// --- main --------------------------------------------------------------------

int main() {
  auto [c, cancel] = ctx::WithCancel(ctx::Background());
  auto handler = [c](const Context &request) { work(ctx::Background()); };
  handler(c);
  work(ctx::TODO());
  cancel();
  return 0;
}

// A static local is made once for every call: binding it to the first
// caller's context would cancel it for the others (silent).
void staticLocal(const Context &request) {
  static auto shared = ctx::WithCancel(ctx::Background());
  static Context root = ctx::Background();
  work(request);
}
