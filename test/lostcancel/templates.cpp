// RUN: %check_lostcancel %s -- -std=c++17 -I%S/../Inputs
// RUN: %check_lostcancel %s -- -std=c++20 -I%S/../Inputs

// Templates: one finding per source location, whatever the number of
// instantiations; a creation whose callee only resolves in an instantiation
// (dependent arguments, ADL) is found through the instantiation.

#include "gocontext.h"
#include <functional>
#include <utility>

// A second context library, so that ADL resolves to a different function in
// a second instantiation.
namespace other {
struct Context {
  bool done() const;
};
std::pair<Context, std::function<void()>> WithCancel(const Context &parent);
void use_context(const Context &c);
} // namespace other

// --- function template instantiated three times ---------------------------------

template <typename T> void leakInTemplate(const ctx::Context &bg, T value) {
  auto [c, cancel] = ctx::WithCancel(bg);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (value == T())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  use_context(c);
  cancel();
}

template <typename T> void releasedInTemplate(const ctx::Context &bg, T value) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (value == T()) {
    cancel();
    return;
  }
  use_context(c);
  cancel();
}

void instantiateThreeTimes(const ctx::Context &bg) {
  leakInTemplate(bg, 1);
  leakInTemplate(bg, 2.0);
  leakInTemplate(bg, 'c');
  releasedInTemplate(bg, 1);
  releasedInTemplate(bg, 2.0);
  releasedInTemplate(bg, 'c');
}

// --- dependent creation, resolved by ADL in the instantiation ------------------

template <typename P> void leakViaAdl(const P &parent) {
  auto [c, cancel] = WithCancel(parent);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
  if (c.done())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'cancel'
  cancel();
}

template <typename P> void releasedViaAdl(const P &parent) {
  auto [c, cancel] = WithCancel(parent);
  if (c.done()) {
    cancel();
    return;
  }
  cancel();
}

template <typename P> void discardedViaAdl(const P &parent) {
  WithCancel(parent);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the cancel handle returned by 'WithCancel' is discarded; the context stays live until its parent is cancelled [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: keep the cancel handle in a variable and release it on every path, for example with a scope guard right after this line
}

// Never instantiated: the callee cannot be resolved, nothing to report.
template <typename P> void neverInstantiatedViaAdl(const P &parent) {
  auto [c, cancel] = WithCancel(parent);
  if (c.done())
    return;
  cancel();
}

void instantiateAdl(const ctx::Context &bg, const other::Context &obg) {
  leakViaAdl(bg);
  leakViaAdl(obg);
  releasedViaAdl(bg);
  releasedViaAdl(obg);
  discardedViaAdl(bg);
  discardedViaAdl(obg);
}

// --- class template member ------------------------------------------------------------

template <typename T> struct Runner {
  T state;
  void run(const ctx::Context &bg) {
    auto r = ctx::WithTimeout(bg, ctx::Duration(5));
    // CHECK-NOTES: :[[@LINE-1]]:14: warning: cancel handle 'r.second' returned by 'WithTimeout' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    use_context(r.first);
    if (state)
      return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: returns here without releasing 'r.second'
    r.second();
  }
  void runReleased(const ctx::Context &bg) {
    auto r = ctx::WithTimeout(bg, ctx::Duration(5));
    use_context(r.first);
    r.second();
  }
  template <typename P> void runDependent(const P &parent) {
    auto [c, cancel] = WithCancel(parent);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (state)
      throw 1;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: throws here without releasing 'cancel'
    cancel();
  }
};

void instantiateRunner(const ctx::Context &bg, const other::Context &obg) {
  Runner<int>{1}.run(bg);
  Runner<bool>{true}.run(bg);
  Runner<int>{1}.runReleased(bg);
  Runner<bool>{true}.runReleased(bg);
  Runner<int>{1}.runDependent(bg);
  Runner<bool>{true}.runDependent(obg);
}

// --- generic lambda -----------------------------------------------------------------------

void genericLambda(const ctx::Context &bg, const other::Context &obg) {
  auto leak = [](const auto &parent) {
    auto [c, cancel] = WithCancel(parent);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: cancel handle 'cancel' returned by 'WithCancel' is not released on every path; the context stays live until its parent is cancelled [lostcancel-unreleased]
    if (c.done())
      return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: returns here without releasing 'cancel'
    cancel();
  };
  leak(bg);
  leak(obg);

  auto released = [](const auto &parent, auto n) {
    auto [c, cancel] = ctx::WithCancel(parent);
    auto guard = [&] { cancel(); };
    if (n > 0) {
      guard();
      return;
    }
    guard();
  };
  released(bg, 1);
  released(bg, 2L);
}
