// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs

// Correlated conditions (SPEC §7.14, issue 15): a creation made only when a
// condition holds and released only when the same condition holds again does
// not leak. The analysis carries, next to each handle state, the values of
// the conditions tested on the way (property simulation, ESP), over
// eligible variables: non-static locals and parameters whose address is not
// kept, that no lambda captures by reference and that are not bound to a
// non-const reference other than as a call argument; members of them, const
// data members of *this, and const member calls on them. A write between the
// two tests - an assignment, ++/--, a call receiving &v or binding v to a
// non-const reference, a non-const member call - forgets what was known, and
// the finding comes back. Each shape has a positive (silent) variant and a
// negative one. The C shapes (POSIX timers, attribute-described handles,
// creation status codes) are in path-conditions.c.

#include "gocontext.h"
#include "mock-pplx.h"
#include <tuple>

bool Cond();
int Next(int state);
void Touch(bool *flag);
void Touch(int *value);
void Reset(bool &flag);
void Peek(bool flag);
void Show(const bool &flag);
bool Try(const ctx::Context &c);
void work(int step);
void on_cancel();

struct Cfg {
  bool enabled() const;
  int level() const;
  void Reload();
};
void Inspect(const Cfg &cfg);
void Reconfigure(Cfg &cfg);

//===----------------------------------------------------------------------===//
// has_deadline: created and released under the same bool parameter.
//===----------------------------------------------------------------------===//

void hasDeadline(const ctx::Context &parent, bool has_deadline,
                 ctx::Duration d) {
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (has_deadline)
    std::tie(c, cancel) = ctx::WithTimeout(parent, d);
  use_context(c);
  if (has_deadline)
    cancel();
}

// Calls that receive nothing of the flag, or receive it by value or by const
// reference, do not forget it; neither does a branch that joins again.
void hasDeadlineAcrossCalls(const ctx::Context &parent, bool has_deadline,
                            ctx::Duration d) {
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (has_deadline)
    std::tie(c, cancel) = ctx::WithTimeout(parent, d);
  if (Cond())
    work(1);
  else
    work(2);
  Peek(has_deadline);
  Show(has_deadline);
  if (has_deadline)
    cancel();
}

// The early return is taken only when no handle was created.
int hasDeadlineEarlyReturn(const ctx::Context &parent, bool has_deadline,
                           ctx::Duration d) {
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (has_deadline)
    std::tie(c, cancel) = ctx::WithTimeout(parent, d);
  if (failed()) {
    if (!has_deadline)
      return -1;
    cancel();
    return -2;
  }
  if (has_deadline)
    cancel();
  return 0;
}

// Negative: the flag is assigned a fresh value between the tests.
void hasDeadlineReassigned(const ctx::Context &parent, bool has_deadline,
                           ctx::Duration d) {
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (has_deadline)
    std::tie(c, cancel) = ctx::WithTimeout(parent, d);
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  has_deadline = Cond();
  if (has_deadline)
    cancel();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// Negative: a call receives its address.
void hasDeadlineTouched(const ctx::Context &parent, bool has_deadline,
                        ctx::Duration d) {
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (has_deadline)
    std::tie(c, cancel) = ctx::WithTimeout(parent, d);
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  Touch(&has_deadline);
  if (has_deadline)
    cancel();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// Negative: a call binds it to a non-const reference.
void hasDeadlineReset(const ctx::Context &parent, bool has_deadline,
                      ctx::Duration d) {
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (has_deadline)
    std::tie(c, cancel) = ctx::WithTimeout(parent, d);
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  Reset(has_deadline);
  if (has_deadline)
    cancel();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// Negative: the write is on one branch only; the paths join with equal
// handle states, and the merge keeps only what both know.
void hasDeadlineWrittenOnOneBranch(const ctx::Context &parent,
                                   bool has_deadline, ctx::Duration d) {
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (has_deadline)
    std::tie(c, cancel) = ctx::WithTimeout(parent, d);
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (Cond())
    has_deadline = false;
  if (has_deadline)
    cancel();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// Negative: a lambda captures the flag by reference (and may write it).
void capturedByReference(const ctx::Context &parent, ctx::Duration d) {
  bool on = Cond();
  auto flip = [&on] { on = !on; };
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (on)
    std::tie(c, cancel) = ctx::WithTimeout(parent, d);
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  flip();
  if (on)
    cancel();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// Negative: its address is kept, and written through.
void addressKept(const ctx::Context &parent, ctx::Duration d) {
  bool on = Cond();
  bool *alias = &on;
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (on)
    std::tie(c, cancel) = ctx::WithTimeout(parent, d);
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  *alias = false;
  if (on)
    cancel();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// Negative: bound to a non-const reference that is not a call argument.
void boundToReference(const ctx::Context &parent, ctx::Duration d) {
  bool on = Cond();
  bool &alias = on;
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (on)
    std::tie(c, cancel) = ctx::WithTimeout(parent, d);
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  alias = false;
  if (on)
    cancel();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// Negative: a static local keeps its value across calls (a call may run
// this function again and change it); a volatile one may change at any time.
void staticLocal(const ctx::Context &parent, ctx::Duration d) {
  static bool on = true;
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (on)
    std::tie(c, cancel) = ctx::WithTimeout(parent, d);
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  work(1);
  if (on)
    cancel();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

void volatileLocal(const ctx::Context &parent, ctx::Duration d, bool x) {
  volatile bool on = x;
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (on)
    std::tie(c, cancel) = ctx::WithTimeout(parent, d);
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (on)
    cancel();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

//===----------------------------------------------------------------------===//
// `flag` and `!flag`, `&&`, `?:`.
//===----------------------------------------------------------------------===//

void negatedTest(const ctx::Context &parent, bool flag) {
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (!flag) {
    work(1);
  } else {
    std::tie(c, cancel) = ctx::WithCancel(parent);
  }
  use_context(c);
  if (!flag)
    return;
  cancel();
}

void andOperands(const ctx::Context &parent, bool f, bool g) {
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (f && g)
    std::tie(c, cancel) = ctx::WithCancel(parent);
  work(1);
  if (f && g)
    cancel();
}

void conditionalOperator(const ctx::Context &parent, bool flag) {
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (flag)
    std::tie(c, cancel) = ctx::WithCancel(parent);
  use_context(c);
  flag ? cancel() : work(2);
}

// Negative: the second test has the other polarity.
void negatedTestInverted(const ctx::Context &parent, bool flag) {
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (flag)
    std::tie(c, cancel) = ctx::WithCancel(parent);
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (!flag)
    cancel();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

//===----------------------------------------------------------------------===//
// An int: `mode == 2` and `mode != 2`, values written as constants, enums.
//===----------------------------------------------------------------------===//

int modeTests(const ctx::Context &parent, int mode) {
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (mode == 2)
    std::tie(c, cancel) = ctx::WithCancel(parent);
  use_context(c);
  if (mode != 2)
    return 0;
  cancel();
  return 1;
}

// Negative: a fresh value between the tests.
int modeReassigned(const ctx::Context &parent, int mode) {
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (mode == 2)
    std::tie(c, cancel) = ctx::WithCancel(parent);
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  mode = Next(mode);
  if (mode != 2)
    return 0;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
  return 1;
}

// Negative: ++ is a write.
int modeIncremented(const ctx::Context &parent, int mode) {
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (mode == 2)
    std::tie(c, cancel) = ctx::WithCancel(parent);
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  ++mode;
  if (mode != 2)
    return 0;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
  return 1;
}

// Negative: a constant written between the tests decides the second one,
// the wrong way.
int modeSetToConstant(const ctx::Context &parent, int mode) {
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (mode == 2)
    std::tie(c, cancel) = ctx::WithCancel(parent);
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  mode = 3;
  if (mode != 2)
    return 0;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
  return 1;
}

// A known value decides a test even without a test before it.
int knownValue(const ctx::Context &parent) {
  int mode = 2;
  int level = 3;
  auto [c, cancel] = ctx::WithCancel(parent);
  if (mode != 2)
    return -1;
  if (level < 2)
    return -2;
  use_context(c);
  cancel();
  return 0;
}

enum class Mode { kOneShot, kCyclic };
enum Plain { kPlainOneShot, kPlainCyclic };

void enumConstant(const ctx::Context &parent) {
  Mode m = Mode::kCyclic;
  auto [c, cancel] = ctx::WithCancel(parent);
  if (m == Mode::kOneShot)
    return;
  use_context(c);
  cancel();
}

void plainEnumConstant(const ctx::Context &parent) {
  Plain m = kPlainCyclic;
  auto [c, cancel] = ctx::WithCancel(parent);
  if (m == kPlainOneShot)
    return;
  use_context(c);
  cancel();
}

// A scoped enum parameter tested twice.
void enumParameter(const ctx::Context &parent, Mode m) {
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (m == Mode::kCyclic)
    std::tie(c, cancel) = ctx::WithCancel(parent);
  work(1);
  if (m == Mode::kCyclic)
    cancel();
}

// Negative: the enum variable is assigned a fresh value.
void enumReassigned(const ctx::Context &parent, Mode next) {
  Mode m = Mode::kCyclic;
  auto [c, cancel] = ctx::WithCancel(parent);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  m = next;
  if (m == Mode::kOneShot)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(c);
  cancel();
}

// A switch on a known value takes only its case.
void switchOnKnown(const ctx::Context &parent) {
  int st = 1;
  auto [c, cancel] = ctx::WithCancel(parent);
  switch (st) {
  case 0:
    return;
  case 1:
    cancel();
    break;
  }
}

// Negative: the value is no longer known.
void switchOnUnknown(const ctx::Context &parent) {
  int st = 1;
  Touch(&st);
  auto [c, cancel] = ctx::WithCancel(parent);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  switch (st) {
  case 0:
    return;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  case 1:
    cancel();
    break;
  }
}

//===----------------------------------------------------------------------===//
// const locals, const member calls, const data members of *this.
//===----------------------------------------------------------------------===//

void constLocal(const ctx::Context &parent) {
  const bool k = Cond();
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (k)
    std::tie(c, cancel) = ctx::WithCancel(parent);
  work(1);
  if (k)
    cancel();
}

// Declared in a loop body: each iteration creates and releases under its
// own value.
void constLocalInLoop(const ctx::Context &parent, int n) {
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  for (int i = 0; i < n; ++i) {
    const bool k = Cond();
    if (k)
      std::tie(c, cancel) = ctx::WithCancel(parent);
    work(i);
    if (k)
      cancel();
  }
}

// Negative: the same shape with a non-const local written between.
void nonConstLocalWritten(const ctx::Context &parent) {
  bool k = Cond();
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (k)
    std::tie(c, cancel) = ctx::WithCancel(parent);
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  k = Cond();
  if (k)
    cancel();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

void constMemberCall(const ctx::Context &parent, const Cfg &cfg) {
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (cfg.enabled())
    std::tie(c, cancel) = ctx::WithCancel(parent);
  Inspect(cfg);
  if (cfg.enabled())
    cancel();
}

int constMemberCallCompared(const ctx::Context &parent, const Cfg &cfg) {
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (cfg.level() == 2)
    std::tie(c, cancel) = ctx::WithCancel(parent);
  use_context(c);
  if (cfg.level() != 2)
    return 0;
  cancel();
  return 1;
}

// A mutable object that nothing modifies between the tests: by reference,
// by pointer, by value.
void constMemberCallOnMutable(const ctx::Context &parent, Cfg &cfg) {
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (cfg.enabled())
    std::tie(c, cancel) = ctx::WithCancel(parent);
  work(1);
  if (cfg.enabled())
    cancel();
}

void constMemberCallThroughPointer(const ctx::Context &parent, Cfg *cfg) {
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (cfg->enabled())
    std::tie(c, cancel) = ctx::WithCancel(parent);
  work(1);
  if (cfg->enabled())
    cancel();
}

void constMemberCallOnValue(const ctx::Context &parent, Cfg cfg) {
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (cfg.enabled())
    std::tie(c, cancel) = ctx::WithCancel(parent);
  Inspect(cfg);
  if (cfg.enabled())
    cancel();
}

// Passing the mutable object by const reference does not write it.
void mutableObjectInspected(const ctx::Context &parent, Cfg &cfg) {
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (cfg.enabled())
    std::tie(c, cancel) = ctx::WithCancel(parent);
  Inspect(cfg);
  if (cfg.enabled())
    cancel();
}

// Negative: a non-const member call between the tests.
void nonConstMemberCallBetween(const ctx::Context &parent, Cfg &cfg) {
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (cfg.enabled())
    std::tie(c, cancel) = ctx::WithCancel(parent);
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  cfg.Reload();
  if (cfg.enabled())
    cancel();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// Negative: a call binds the object to a non-const reference.
void mutableObjectPassedOn(const ctx::Context &parent, Cfg &cfg) {
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (cfg.enabled())
    std::tie(c, cancel) = ctx::WithCancel(parent);
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  Reconfigure(cfg);
  if (cfg.enabled())
    cancel();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// Negative: assigning the object is a non-const member call (operator=).
void mutableObjectAssigned(const ctx::Context &parent, Cfg cfg,
                           const Cfg &other) {
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (cfg.enabled())
    std::tie(c, cancel) = ctx::WithCancel(parent);
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  cfg = other;
  if (cfg.enabled())
    cancel();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

class Session {
public:
  void Run();
  void RunMutable();

private:
  void Step();
  const bool with_deadline_ = false;
  bool verbose_ = false;
  ctx::Context parent_;
};

// A const data member of *this: even a non-const member call cannot change it.
void Session::Run() {
  ctx::Context c = parent_;
  ctx::CancelFunc cancel;
  if (with_deadline_)
    std::tie(c, cancel) = ctx::WithTimeout(parent_, ctx::Duration(5));
  Step();
  if (with_deadline_)
    cancel();
}

// Negative: a non-const data member of *this is not tracked (any call may
// write it).
void Session::RunMutable() {
  ctx::Context c = parent_;
  ctx::CancelFunc cancel;
  if (verbose_)
    std::tie(c, cancel) = ctx::WithTimeout(parent_, ctx::Duration(5));
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  Step();
  if (verbose_)
    cancel();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

//===----------------------------------------------------------------------===//
// pplx: registered and deregistered under token.is_cancelable().
//===----------------------------------------------------------------------===//

void pplxCancelable(const pplx::cancellation_token &token) {
  pplx::cancellation_token_registration reg;
  if (token.is_cancelable())
    reg = token.register_callback([] { on_cancel(); });
  work(1);
  if (token.is_cancelable())
    token.deregister_callback(reg);
}

// Negative: the token is assigned another one between the tests.
void pplxTokenReassigned(pplx::cancellation_token token,
                         const pplx::cancellation_token_source &source) {
  pplx::cancellation_token_registration reg;
  if (token.is_cancelable())
    reg = token.register_callback([] { on_cancel(); });
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: callback registration 'reg' returned by 'register_callback' is not released on every path; the registration stays live until the token is cancelled or destroyed [lostcancel-unreleased]
  token = source.get_token();
  if (token.is_cancelable())
    token.deregister_callback(reg);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'reg'

//===----------------------------------------------------------------------===//
// The retry loop: it repeats only after cancel(), so no overwrite.
//===----------------------------------------------------------------------===//

bool retry(const ctx::Context &p, ctx::Duration t, int n) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  bool ok;
  do {
    std::tie(c, cancel) = ctx::WithTimeout(p, t);
    ok = Try(c);
    if (!ok)
      cancel();
  } while (!ok && --n);
  if (ok)
    cancel();
  return ok;
}

// The handle that leaves the loop on success must still be released.
bool retryKeepsLast(const ctx::Context &p, ctx::Duration t, int n) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  bool ok;
  do {
    std::tie(c, cancel) = ctx::WithTimeout(p, t);
    // CHECK-NOTES: :[[@LINE-1]]:27: warning: cancel handle 'cancel' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    ok = Try(c);
    if (!ok)
      cancel();
  } while (!ok && --n);
  return ok;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: returns here without releasing 'cancel'
}

// Negative: the flag is written after the release: the loop may repeat with
// the handle live.
bool retryFlagTouched(const ctx::Context &p, ctx::Duration t, int n) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  bool ok;
  do {
    std::tie(c, cancel) = ctx::WithTimeout(p, t);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'cancel' is assigned a new cancel handle returned by 'WithTimeout' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
    // CHECK-NOTES: :[[@LINE-2]]:27: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
    ok = Try(c);
    if (!ok)
      cancel();
    Touch(&ok);
  } while (!ok && --n);
  if (ok)
    cancel();
  return ok;
}

//===----------------------------------------------------------------------===//
// A state machine: a switch in a loop on a state variable.
//===----------------------------------------------------------------------===//

void stateMachine(const ctx::Context &p) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  int st = 0;
  while (st != 2) {
    switch (st) {
    case 0:
      std::tie(c, cancel) = ctx::WithCancel(p);
      st = 1;
      break;
    case 1:
      use_context(c);
      cancel();
      st = 2;
      break;
    }
  }
}

// Negative: the next state is not a constant.
void stateMachineComputed(const ctx::Context &p) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  int st = 0;
  while (st != 2) {
    switch (st) {
    case 0:
      std::tie(c, cancel) = ctx::WithCancel(p);
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'cancel' is assigned a new cancel handle returned by 'WithCancel' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
      // CHECK-NOTES: :[[@LINE-2]]:29: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
      st = Next(st);
      break;
    case 1:
      use_context(c);
      cancel();
      st = 2;
      break;
    }
  }
}

//===----------------------------------------------------------------------===//
// Loop-carried facts.
//===----------------------------------------------------------------------===//

// A loop that only reads the flag keeps it.
void readInLoop(const ctx::Context &parent, bool f, int n) {
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (f)
    std::tie(c, cancel) = ctx::WithCancel(parent);
  for (int i = 0; i < n; ++i)
    if (f)
      work(i);
  if (f)
    cancel();
}

// Negative: a loop that writes it forgets it.
void writtenInLoop(const ctx::Context &parent, bool f, int n) {
  ctx::Context c = parent;
  ctx::CancelFunc cancel;
  if (f)
    std::tie(c, cancel) = ctx::WithCancel(parent);
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  for (int i = 0; i < n; ++i)
    f = Cond();
  if (f)
    cancel();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

// The flag carried around the loop says whether a handle is live.
void armedInLoop(const ctx::Context &parent, int n) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  bool armed = false;
  for (int i = 0; i < n; ++i) {
    if (armed)
      cancel();
    std::tie(c, cancel) = ctx::WithCancel(parent);
    armed = true;
  }
  if (armed)
    cancel();
}

// Negative: the carried flag is not a constant any more.
void armedInLoopComputed(const ctx::Context &parent, int n) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  bool armed = false;
  for (int i = 0; i < n; ++i) {
    if (armed)
      cancel();
    std::tie(c, cancel) = ctx::WithCancel(parent);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'cancel' is assigned a new cancel handle returned by 'WithCancel' while the previous one may still be live; the overwritten context stays live until its parent is cancelled [lostcancel-overwritten]
    // CHECK-NOTES: :[[@LINE-2]]:27: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
    armed = Cond();
  }
  if (armed)
    cancel();
}

//===----------------------------------------------------------------------===//
// Empty-handle tests (§7.6) repeated: correlated like any other condition.
//===----------------------------------------------------------------------===//

// A handle variable that holds no handle yet is not known to be empty when
// it was initialised with something else: `previous()` may run, and throw.
ctx::CancelFunc Current();
void untrackedValueMayBeCalled(const ctx::Context &parent) {
  ctx::Context c;
  ctx::CancelFunc previous = Current();
  try {
    auto [c2, cancel2] = ctx::WithDeadline(parent, 10);
    // CHECK-NOTES: :[[@LINE-1]]:26: warning: cancel handle 'cancel2' returned by 'WithDeadline' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (previous)
      previous();
    cancel2();
  } catch (...) {
    // CHECK-NOTES: :[[@LINE-1]]:5: note: an exception caught here leaves 'cancel2' unreleased
    std::tie(c, previous) = ctx::WithTimeout(parent, ctx::Duration(5));
    previous();
  }
}

void emptyTestedTwice(const ctx::Context &parent) {
  auto [c, cancel] = ctx::WithCancel(parent);
  if (!cancel)
    work(1);
  use_context(c);
  if (!cancel)
    return;
  cancel();
}

//===----------------------------------------------------------------------===//
// A cancellation state is never the same condition twice: another thread
// may cancel the parent between the two tests (`done()`, `Err()`,
// `is_canceled()` change with no write in this function).
//===----------------------------------------------------------------------===//

void doneTestedTwice(const ctx::Context &parent) {
  ctx::Context c;
  ctx::CancelFunc cancel;
  if (!parent.done())
    std::tie(c, cancel) = ctx::WithCancel(parent);
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  use_context(c);
  if (!parent.done())
    cancel();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'cancel'

void isCanceledTestedTwice(const pplx::cancellation_token &token) {
  pplx::cancellation_token_registration reg;
  if (!token.is_canceled())
    reg = token.register_callback([] {});
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: callback registration 'reg' returned by 'register_callback' is not released on every path; the registration stays live until the token is cancelled or destroyed [lostcancel-unreleased]
  work(40);
  if (!token.is_canceled())
    token.deregister_callback(reg);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'reg'
