// One finding per creation site, owned by exactly one check (SPEC §1, §7.3):
// enabling lostcancel-* never reports a site twice, and enabling a single
// check never moves another check's site into it.
//
// The expectations are written with one prefix per check (UNREL-, EPO-, OVW-,
// DISC-NOTES); each RUN line turns the prefixes of the enabled checks into
// CHECK-NOTES with sed.
//
// All checks:
// RUN: sed -e 's#// \(UNREL\|EPO\|OVW\|DISC\)-NOTES:#// CHECK-NOTES:#' %s > %t.all.cpp
// RUN: %check_lostcancel %t.all.cpp -- -std=c++17 -I%S/../Inputs
//
// One check at a time: only that check's sites are reported.
// RUN: sed -e 's#// UNREL-NOTES:#// CHECK-NOTES:#' %s > %t.unrel.cpp
// RUN: %check_lostcancel --checks=lostcancel-unreleased %t.unrel.cpp -- -std=c++17 -I%S/../Inputs
// RUN: sed -e 's#// EPO-NOTES:#// CHECK-NOTES:#' %s > %t.epo.cpp
// RUN: %check_lostcancel --checks=lostcancel-error-path-only %t.epo.cpp -- -std=c++17 -I%S/../Inputs
// RUN: sed -e 's#// OVW-NOTES:#// CHECK-NOTES:#' %s > %t.ovw.cpp
// RUN: %check_lostcancel --checks=lostcancel-overwritten %t.ovw.cpp -- -std=c++17 -I%S/../Inputs
// RUN: sed -e 's#// DISC-NOTES:#// CHECK-NOTES:#' %s > %t.disc.cpp
// RUN: %check_lostcancel --checks=lostcancel-discarded %t.disc.cpp -- -std=c++17 -I%S/../Inputs

#include "gocontext.h"
#include <tuple>

bool more();

// --- one function per finding kind ------------------------------------------

void unreleased(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // UNREL-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (failed())
    return;
  // UNREL-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(c);
  cancel();
}

// Also leaks, but released only on an early-exit path: error-path-only, never
// unreleased.
void errorPathOnly(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // EPO-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
  if (failed()) {
    cancel();
    // EPO-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return;
  }
  use_context(c);
}
// EPO-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// Overwritten, and the last handle also leaks at the end of the function, and
// it is released only on an early-exit path: overwritten only.
void overwritten(const ctx::Context &bg) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  while (more()) {
    std::tie(c, cancel) = ctx::WithCancel(bg);
    // OVW-NOTES: :[[@LINE-1]]:5: warning: 'cancel' is assigned a new cancel handle returned by 'WithCancel' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
    // OVW-NOTES: :[[@LINE-2]]:27: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
    if (failed()) {
      cancel();
      return;
    }
    use_context(c);
  }
}

// Discarded: never unreleased, even though nothing releases it.
void discarded(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithTimeout(bg, ctx::Duration(1));
  // DISC-NOTES: :[[@LINE-1]]:22: warning: the cancel handle returned by 'WithTimeout' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // DISC-NOTES: :[[@LINE-2]]:22: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  use_context(c);
}

// --- combinations -----------------------------------------------------------

// A creation in a loop whose handle is never mentioned again: discarded, not
// overwritten.
void discardedInLoop(const ctx::Context &bg) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  while (more()) {
    std::tie(c, cancel) = ctx::WithCancel(bg);
    // DISC-NOTES: :[[@LINE-1]]:27: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
    // DISC-NOTES: :[[@LINE-2]]:27: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
    use_context(c);
  }
}

// std::ignore in a loop: discarded, not overwritten.
void ignoredInLoop(const ctx::Context &bg) {
  ctx::Context c;
  for (int i = 0; i < 3; ++i) {
    std::tie(c, std::ignore) = ctx::WithCancel(bg);
    // DISC-NOTES: :[[@LINE-1]]:32: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
    // DISC-NOTES: :[[@LINE-2]]:32: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
    use_context(c);
  }
}

// The first creation is released only on an early-exit path and is then
// overwritten: its leak is the overwrite, reported once, on the overwriting
// creation. The first creation gets no finding of its own.
void overwrittenErrorPathSite(const ctx::Context &bg) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  std::tie(c, cancel) = ctx::WithCancel(bg);
  if (failed()) {
    cancel();
    return;
  }
  std::tie(c, cancel) = ctx::WithTimeout(c, ctx::Duration(2));
  // OVW-NOTES: :[[@LINE-1]]:3: warning: 'cancel' is assigned a new cancel handle returned by 'WithTimeout' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
  // OVW-NOTES: :[[@LINE-7]]:25: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
  use_context(c);
  cancel();
}

// A chain of three creations into one variable: each overwriting creation has
// one finding, with its note at the creation it overwrites; the last handle
// also leaks at the end (overwritten wins for that site).
void chainOfThree(const ctx::Context &bg) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  std::tie(c, cancel) = ctx::WithCancel(bg);
  use_context(c);
  std::tie(c, cancel) = ctx::WithTimeout(bg, ctx::Duration(1));
  // OVW-NOTES: :[[@LINE-1]]:3: warning: 'cancel' is assigned a new cancel handle returned by 'WithTimeout' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
  // OVW-NOTES: :[[@LINE-4]]:25: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
  use_context(c);
  std::tie(c, cancel) = ctx::WithDeadline(bg, 3);
  // OVW-NOTES: :[[@LINE-1]]:3: warning: 'cancel' is assigned a new cancel handle returned by 'WithDeadline' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
  // OVW-NOTES: :[[@LINE-6]]:25: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
  use_context(c);
  if (cancel)
    use_context(c);
}

// Two creations in one function, each owned by a different check.
void twoSitesTwoChecks(const ctx::Context &bg) {
  auto [c1, cancel1] = ctx::WithCancel(bg);
  auto [c2, cancel2] = ctx::WithCancel(c1);
  if (failed()) {
    cancel1();
    return;
  }
  use_context(c2);
  cancel2();
}
// EPO-NOTES: :[[@LINE-9]]:24: warning: cancel handle 'cancel1' returned by 'WithCancel' is released only on early-exit paths; the context stays live until its parent is cancelled [lostcancel-error-path-only]
// EPO-NOTES: :[[@LINE-7]]:5: note: released only here, on an error path
// EPO-NOTES: :[[@LINE-3]]:1: note: reaches the end of the function without releasing 'cancel1'
// UNREL-NOTES: :[[@LINE-11]]:24: warning: cancel handle 'cancel2' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
// UNREL-NOTES: :[[@LINE-9]]:5: note: returns here without releasing 'cancel2'

// main: exempt from unreleased and error-path-only, not from discarded.
int main() {
  auto [c, cancel] = ctx::WithCancel(ctx::Background());
  if (failed()) {
    cancel();
    return 1;
  }
  auto [c2, cancel2] = ctx::WithCancel(c);
  if (cancel2)
    use_context(c2);
  ctx::WithCancel(c);
  // DISC-NOTES: :[[@LINE-1]]:3: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // DISC-NOTES: :[[@LINE-2]]:3: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
  return 0;
}
