// sweep-expect: 1 lostcancel warning
// sweep-std: c++17 c++20
//
// Compile errors in templates: a broken definition, instantiations that
// fail (in the template's body, in a dependent creation, in a default
// template argument), and a member function missing a ';'. The well-formed
// template instantiation at the end is reported.
#include "gocontext.h"

// Well-formed itself: only its use below fails (the default template
// argument has no 'missing' member for int).
template <class T, class = typename T::missing> struct Trait {
  static void run(const ctx::Context &bg) {
    auto [c, cancel] = ctx::WithCancel(bg);
    use_context(c);
    cancel();
  }
};

// sweep-error-function (the parser drops the whole statement 'cancel(1 +);', no RecoveryExpr is left)
template <class T> void brokenDefinition(const ctx::Context &bg, T t) {
  auto [c, cancel] = ctx::WithCancel(bg);
  if (t.ready())
    return;
  cancel(1 +);
}

// sweep-error-function
template <class T> void failsOnInstantiation(const T &bg) {
  auto [c, cancel] = ctx::WithCancel(bg);
  typename T::no_such_type x;
  if (failed())
    return;
  cancel();
}

// sweep-error-function
template <class Lib> void dependentCreation(const ctx::Context &bg) {
  auto [c, cancel] = Lib::WithTimeout(bg, ctx::Duration(1));
  if (failed())
    return;
  cancel();
}

struct NoCreations {};

// sweep-error-function
void instantiateBroken(const ctx::Context &bg) {
  failsOnInstantiation(bg);
  dependentCreation<NoCreations>(bg);
  dependentCreation<int>(bg);
}

// sweep-error-function
void useBrokenTrait(const ctx::Context &bg) { Trait<int>::run(bg); }

// sweep-error-function (a missing ';' leaves no trace in the AST)
template <class T> struct Wrapper {
  void run(const ctx::Context &bg) {
    auto [c, cancel] = ctx::WithCancel(bg);
    if (failed())
      return;
    cancel()
  }
};
// sweep-error-end

// Well-formed: a template whose instantiation leaks.
template <class Lib> void wellFormedLeak(const ctx::Context &bg) {
  auto [c, cancel] = Lib::WithTimeout(bg, ctx::Duration(1)); // sweep-expect-warning: lostcancel-unreleased
  if (failed())
    return;
  cancel();
}
void instantiateWellFormed(const ctx::Context &bg) { wellFormedLeak<ctx::Server>(bg); }
