// RUN: %check_lostcancel %s -- -std=c++17 -fexceptions -fcxx-exceptions -I%S/../Inputs

// Control flow: exceptions. An explicit throw that leaves the function leaks;
// a throw caught locally does not leave; a catch handler is reachable from
// every point of its try block (as if any call in it may throw); a rethrow
// `throw;` leaves the function; calls outside try blocks never throw.

#include "gocontext.h"

void work(int i);
struct Error {
  int code;
};

//===----------------------------------------------------------------------===//
// throw leaving the function.
//===----------------------------------------------------------------------===//

void throwLeaves(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  use_context(c);
  if (failed())
    throw Error{1};
  // CHECK-NOTES: :[[@LINE-1]]:5: note: throws here without releasing 'cancel'
  cancel();
}

void throwAfterRelease(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  use_context(c);
  if (failed()) {
    cancel();
    throw Error{1};
  }
  cancel();
}

// A throw as the first leaking exit, before a leaking return.
int throwBeforeReturn(const ctx::Context &bg, int n) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(1));
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (n < 0)
    throw Error{n};
  // CHECK-NOTES: :[[@LINE-1]]:5: note: throws here without releasing 'cancel'
  if (n == 0)
    return 0;
  cancel();
  return n;
}

// Calls outside a try block are not treated as exits: work() may throw in
// real life, but that is not reported.
void callsOutsideTryDoNotThrow(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  work(1);
  use_context(c);
  work(2);
  cancel();
}

//===----------------------------------------------------------------------===//
// throw caught locally.
//===----------------------------------------------------------------------===//

void throwCaughtLocally(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  try {
    if (failed())
      throw Error{2};
    work(2);
  } catch (const Error &) {
    work(-1);
  }
  cancel();
}

void throwCaughtByCatchAll(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  try {
    if (failed())
      throw 42;
  } catch (...) {
  }
  cancel();
}

// Caught locally, but the handler returns.
void throwCaughtHandlerReturns(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  try {
    if (failed())
      throw Error{3};
  } catch (...) {
    return;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  }
  cancel();
}

//===----------------------------------------------------------------------===//
// The handler is reachable from every point of the try block.
//===----------------------------------------------------------------------===//

// Released at the end of the try block; the handler can be entered before
// that release and returns without releasing.
void handlerReachableBeforeRelease(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  try {
    use_context(c);
    work(1);
    cancel();
  } catch (...) {
    work(-1);
    return;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  }
}

// Same, the handler falls through to the end of the function.
void handlerFallsOffEnd(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  try {
    work(1);
    cancel();
  } catch (const Error &e) {
    work(e.code);
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// The handler releases.
void handlerReleases(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  try {
    use_context(c);
    work(1);
    cancel();
  } catch (...) {
    cancel();
    return;
  }
}

// A typed handler only (no catch-all): an exception of another type from a
// call would propagate, but calls that merely might throw are not exits.
void typedHandlerReleases(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  try {
    work(1);
    cancel();
  } catch (const Error &) {
    cancel();
  }
}

// Release in both the try block and the handler, then the function goes on.
void releaseInTryAndHandler(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  try {
    work(1);
    cancel();
  } catch (const Error &) {
    cancel();
  } catch (...) {
    cancel();
  }
  work(2);
}

// Two handlers, one of which forgets.
void twoHandlersOneLeaks(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  try {
    work(1);
    cancel();
  } catch (const Error &) {
    cancel();
  } catch (...) {
    work(-1);
  }
  work(2);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// Released after the try/catch: both the try block and the handler lead there.
void releaseAfterTryCatch(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  try {
    work(1);
    use_context(c);
  } catch (...) {
    work(-1);
  }
  cancel();
}

// The handle is created inside the try block: the throw leaves the handle's
// scope (the try block) unreleased, although the function goes on.
void createdInsideTry(const ctx::Context &bg) {
  try {
    auto [c, cancel] = ctx::WithCancel(bg);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (failed())
      throw Error{4};
    // CHECK-NOTES: :[[@LINE-1]]:7: note: throws here without releasing 'cancel'
    cancel();
  } catch (...) {
    work(-1);
  }
}

// Nested try blocks: the outer handler is reachable from the inner try too.
void nestedTryOuterHandlerReturns(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  try {
    try {
      work(1);
    } catch (const Error &) {
      work(-1);
    }
    cancel();
  } catch (...) {
    return;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  }
}

//===----------------------------------------------------------------------===//
// Rethrow.
//===----------------------------------------------------------------------===//

void rethrowLeaks(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  try {
    work(1);
    cancel();
  } catch (...) {
    work(-1);
    throw;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: throws here without releasing 'cancel'
  }
}

// The try block throws explicitly; the rethrow in the handler leaves the
// function, the first throw does not.
void rethrowAfterExplicitThrow(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  try {
    if (failed())
      throw Error{5};
    cancel();
  } catch (...) {
    throw;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: throws here without releasing 'cancel'
  }
}

void rethrowAfterRelease(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  try {
    work(1);
    cancel();
  } catch (...) {
    cancel();
    throw;
  }
}

// Throwing a new exception from a handler.
void throwFromHandlerLeaks(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  try {
    work(1);
    cancel();
  } catch (const Error &e) {
    throw Error{e.code + 1};
    // CHECK-NOTES: :[[@LINE-1]]:5: note: throws here without releasing 'cancel'
  }
}
