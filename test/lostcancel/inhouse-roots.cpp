// An in-house context API's roots and cancellation queries, given by the
// user (SPEC §9: "user entries may add root="): the same findings with the
// entry in lostcancel.Apis and in a lostcancel.ApiFile, and none without
// `root=`/`observe=`.
// RUN: %check_lostcancel --config="{CheckOptions: {lostcancel.Apis: \"names=Derive,creation='^svc::',handle=return.release,release=call,root=Root,observe=Stopping\"}}" %s -- -std=c++20 -I%S/../Inputs
// RUN: %check_lostcancel --config="{CheckOptions: {lostcancel.ApiFile: \"%S/../Inputs/api-file/inhouse-roots.yaml\"}}" %s -- -std=c++20 -I%S/../Inputs
// Without root= and observe=, the entry still makes Derive a creation, and
// nothing else is reported.
// RUN: %clang_tidy --load=%lostcancel_plugin --checks='-*,lostcancel-unbound-parent,lostcancel-unobserved' --quiet \
// RUN:   -config="{CheckOptions: {lostcancel.Apis: \"names=Derive,creation='^svc::',handle=return.release,release=call\"}}" \
// RUN:   %s -- -std=c++20 -I%S/../Inputs 2>&1 | FileCheck %s --allow-empty --check-prefix=NONE
// NONE-NOT: warning:

#include "inhouse-context.h"
#include <thread>

void Handle(const svc::Scope &request) {
  auto child = svc::Derive(svc::Scope::Root(), 100);
  // CHECK-NOTES: :[[@LINE-1]]:28: warning: 'Root' starts a new root context although context 'request' is in scope; the caller's deadline and cancellation no longer reach this work [lostcancel-unbound-parent]
  // CHECK-NOTES: :[[@LINE-3]]:31: note: context 'request' is in scope here
  // CHECK-FIXES: {{^}}  auto child = svc::Derive(request, 100);{{$}}
  child.release();
}

// No context in scope: a root is how work starts.
void Start() {
  auto child = svc::Derive(svc::Scope::Root(), 100);
  child.release();
}

void Work();

void Serve(svc::Scope scope) {
  std::thread worker([scope] {
    while (true) {
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: this loop of a thread's body can only end by cancellation, but never observes 'scope'; the thread cannot be stopped [lostcancel-unobserved]
      Work();
    }
  });
  // CHECK-NOTES: :[[@LINE-7]]:23: note: the thread's cancellation signal 'scope' is declared here
  // CHECK-NOTES: :[[@LINE-7]]:15: note: the thread is started here
  std::thread watcher([scope] {
    while (true) {
      if (scope.Stopping())
        return;
      Work();
    }
  });
  worker.join();
  watcher.join();
}
