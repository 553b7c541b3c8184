// RUN: %check_lostcancel --config='{CheckOptions: {lostcancel.RootAllowedIn: "cleanup::later;Server::shutdown;detachedJob"}}' \
// RUN:   %s -- -std=c++17 -I%S/../Inputs
// Without the option, the deliberate roots are reported too:
// RUN: %clang_tidy --load=%lostcancel_plugin --checks='-*,lostcancel-unbound-parent' --quiet %s -- -std=c++17 -I%S/../Inputs 2>&1 \
// RUN:   | grep -E ':[0-9]+:[0-9]+: warning:' | FileCheck %s --check-prefix=NOOPT --implicit-check-not='warning:'

// lostcancel.RootAllowedIn (SPEC §9.3): the qualified names of functions
// whose arguments may hold a new root, and in whose bodies (and their
// lambdas) roots are deliberate. The idiom: background cleanup that must
// outlive the request, which the request's cancellation must not cut short.

#include "gocontext.h"

using ctx::Context;

void work(const Context &c);

namespace cleanup {
// Runs \p c's work later, after the request is done.
void later(const Context &c, void (*job)(const Context &));
} // namespace cleanup
void flushCache(const Context &c);
void otherLater(const Context &c, void (*job)(const Context &));

// A root inside an argument of a listed function.
void handle(const Context &request) {
  work(request);
  cleanup::later(ctx::Background(), flushCache);
  // NOOPT: [[@LINE-1]]:18: warning: 'Background' starts a new root context
  // Nested deeper in the argument.
  cleanup::later(ctx::WithValue(ctx::TODO(), 1).first, flushCache);
  // NOOPT: [[@LINE-1]]:33: warning: 'TODO' starts a new root context
  // Through a local only a listed function receives.
  Context bg = ctx::Background();
  // NOOPT: [[@LINE-1]]:16: warning: 'Background' starts a new root context
  cleanup::later(bg, flushCache);
}

// The same with a function that is not listed: reported.
void handleOther(const Context &request) {
  work(request);
  otherLater(ctx::Background(), flushCache);
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-4]]:33: note: context 'request' is in scope here
  // NOOPT: [[@LINE-3]]:14: warning: 'Background' starts a new root context
}

// A local that a listed function and another one both receive: the other
// use is reported.
void handleBoth(const Context &request) {
  Context bg = ctx::Background();
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // NOOPT: [[@LINE-2]]:16: warning: 'Background' starts a new root context
  cleanup::later(bg, flushCache);
  work(bg);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the new root, kept in 'bg', is passed to 'work' here
  // CHECK-NOTES: :[[@LINE-7]]:32: note: context 'request' is in scope here
}

// In the body of a listed method, and of its lambdas.
struct Server {
  void shutdown(const Context &request);
  void stop(const Context &request);
};

void Server::shutdown(const Context &request) {
  work(request);
  work(ctx::Background());
  // NOOPT: [[@LINE-1]]:8: warning: 'Background' starts a new root context
  auto flush = [request] { work(ctx::TODO()); };
  // NOOPT: [[@LINE-1]]:33: warning: 'TODO' starts a new root context
  flush();
}

// The same in a method that is not listed.
void Server::stop(const Context &request) {
  work(request);
  work(ctx::Background());
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'Background' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-4]]:34: note: context 'request' is in scope here
  // NOOPT: [[@LINE-3]]:8: warning: 'Background' starts a new root context
}

// A free function, listed without qualification.
void detachedJob(const Context &request) { work(ctx::Background()); }
// NOOPT: [[@LINE-1]]:49: warning: 'Background' starts a new root context
