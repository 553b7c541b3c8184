// RUN: %check_lostcancel --expect-errors %s -- -std=c++17 -I%S/../Inputs

// Code with errors: no crash, and no finding from an expression the
// compiler could not make sense of.

#include "gocontext.h"

using ctx::Context;

void work(const Context &c);

void unknownCallee(const Context &request) {
  undeclared(ctx::Background());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: error: use of undeclared identifier 'undeclared' [clang-diagnostic-error]
}

void wrongArguments(const Context &request) {
  work(ctx::Background(), 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: error: no matching function for call to 'work' [clang-diagnostic-error]
}

void brokenLocal(const Context &request) {
  Context c = ctx::Background();
  c = notDeclaredAnywhere;
  // CHECK-MESSAGES: :[[@LINE-1]]:7: error: use of undeclared identifier 'notDeclaredAnywhere' [clang-diagnostic-error]
  work(c);
}
