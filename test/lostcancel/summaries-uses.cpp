// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs

// SPEC §8 (issue 17, first part), C++: a helper whose body only reads the
// cancel handle it is given leaves it with the caller. Templates are judged
// per instantiation; virtual calls, calls through std::function and helpers
// that keep, call or capture the handle stay transfers.

#include "gocontext.h"

bool failed();
void log_line(const char *);

template <class F> bool armed(const F &f) { return static_cast<bool>(f); }
inline bool notEmpty(const ctx::CancelFunc &cancel) { return cancel != nullptr; }

void leakBehindTemplateHelper(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (!armed(cancel))
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  // CHECK-NOTES: :[[@LINE-3]]:8: note: 'armed<std::function<void ()>>' only reads 'f'
  if (failed())
    return;
  cancel();
}

void releasedBehindInlineHelper(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (notEmpty(cancel))
    log_line("armed");
  cancel();
}

struct Checker {
  virtual bool check(const ctx::CancelFunc &f) const { return f != nullptr; }
  virtual ~Checker();
};
struct FinalChecker final : Checker {
  bool check(const ctx::CancelFunc &f) const override { return f != nullptr; }
};
struct Keeper {
  ctx::CancelFunc kept;
  bool keep(const ctx::CancelFunc &f) {
    kept = f;
    return true;
  }
  bool callLater(const ctx::CancelFunc &f);
};
bool runs(const ctx::CancelFunc &f) {
  f();
  return true;
}
bool capturesIt(const ctx::CancelFunc &f) {
  auto later = [f] { return f != nullptr; };
  return later();
}

void leakBehindFinalMethod(const ctx::Context &bg, const FinalChecker &checker) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (!checker.check(cancel))
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  // CHECK-NOTES: :[[@LINE-3]]:8: note: 'check' only reads 'f'
  cancel();
}

// A virtual call may run an override that keeps the handle.
void virtualHelper(const ctx::Context &bg, const Checker &checker) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (!checker.check(cancel))
    return;
  cancel();
}

void storingMethod(const ctx::Context &bg, Keeper &keeper) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (!keeper.keep(cancel))
    return;
  cancel();
}

void declaredMethod(const ctx::Context &bg, Keeper &keeper) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (!keeper.callLater(cancel))
    return;
  cancel();
}

// A helper that calls the handle releases it: not a mere use.
void releasingHelper(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (failed()) {
    runs(cancel);
    return;
  }
  cancel();
}

void capturingHelper(const ctx::Context &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (!capturesIt(cancel))
    return;
  cancel();
}

void throughStdFunction(const ctx::Context &bg,
                        const std::function<bool(const ctx::CancelFunc &)> &f) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (!f(cancel))
    return;
  cancel();
}
