//===--- ThreadLoops.h - lostcancel ----------------------------*- C++ -*-===//
//
// lostcancel-unobserved (SPEC §9): the loops of a thread body that can only
// end by cancellation and never look at the thread's cancellation signal.
//
// * A thread body is the callable a `std::thread`, `std::jthread` or
//   `boost::thread` is constructed with (in the scope, by a container's
//   `emplace_back`/`emplace`, or by a member's initialiser), the callable of
//   `std::async(std::launch::async, ...)`, or the start routine of
//   `pthread_create`: a lambda, a local variable holding one, a function or
//   a member function with a body in the translation unit. Of a generic
//   lambda, its only instantiation (none when there are several). The
//   scope that starts the thread says whether it is detached there.
// * Its signals are its parameters (named or not) and captured variables of
//   type `std::stop_token` or of a context type (ApiModel::isContextType;
//   also through a pointer or a smart pointer, whose operator-> may be
//   inherited as in libstdc++'s std::shared_ptr), and locals made by casting
//   a parameter to a context (a pthread routine's
//   `Context *ctx = static_cast<Context *>(arg)`). C has no signal: context
//   types are C++ classes.
// * A loop can only end by cancellation when its condition is missing or
//   constant true, or mentions only stable variables (scalar locals,
//   by-value parameters and by-copy captures that are not volatile, whose
//   address is never taken, that nothing inside the loop or in a nested
//   closure writes), and nothing in it leaves it: no break of its own, no
//   return, throw, co_return, goto to a label outside it, or call of a
//   [[noreturn]] function (a call that merely may throw is not an exit,
//   except in a loop inside a try block of the body: the body's handler is
//   then its author's way out).
// * A loop observes a signal when, anywhere inside it (nested closures
//   included), it calls a method named in an entry's `observe=` on it (or
//   std::stop_token's stop_requested), or passes it to any function or
//   constructor (delegation: a blocking call that takes the context, a
//   condition_variable_any wait with the token, a std::stop_callback). A
//   std::stop_callback made from a signal anywhere in the body (outside
//   nested closures), before the loop too, observes it for every loop: its
//   callback is how a blocked loop is woken. So does a signal handed, before
//   the loop, to the construction or call that initialises a local the loop
//   uses (`Session s(ctx); while (true) s.step();`, a derived context
//   `auto [c, cancel] = WithTimeout(ctx, 1s)`), or that is a copy of it or a
//   reference to it: the loop delegates to it.
//
// Only the outermost such loop is reported. What is not seen: signals kept
// in members or structs, flags written by other threads through pointers
// (`*stop`: not a stable condition, so no finding), loops in the functions
// the body calls.
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_ANALYSIS_THREADLOOPS_H
#define LOSTCANCEL_ANALYSIS_THREADLOOPS_H

#include "analysis/ScopeIndex.h"
#include "model/ApiModel.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace clang::tidy::lostcancel {

/// A thread start and the body it runs.
struct ThreadStart {
  enum class Kind { Thread, JThread, Async, PThread };
  Kind K = Kind::Thread;
  /// The function whose body the thread runs: a lambda's call operator, or
  /// a function's definition.
  const FunctionDecl *Body = nullptr;
  const Expr *Start = nullptr;
  /// The thread object is detached in the starting scope (a detach call,
  /// lostcancel.DetachFunctions, on the temporary or on the local it
  /// initialises): a std::jthread's destructor then waits for nothing.
  bool Detached = false;
};

/// The thread \p E starts (a construction of a thread type, a call of
/// std::async with std::launch::async, of pthread_create), when its body
/// is in the translation unit.
std::optional<ThreadStart> threadStartOf(const Expr &E);

/// The threads the scope that \p Index indexes starts, with whether each
/// is detached there.
llvm::SmallVector<ThreadStart, 1> threadStartsIn(const ScopeIndex &Index,
                                                 const ApiModel &Model);

/// A loop that can only end by cancellation and observes none of its
/// scope's signals.
struct UnobservedLoop {
  const Stmt *Loop = nullptr;
  /// The scope's cancellation signals, none observed in the loop; empty
  /// when the scope has none.
  llvm::SmallVector<const ValueDecl *, 1> Signals;
};

/// The unobserved loops of \p Scope (outermost only), whose body \p Index
/// indexes.
llvm::SmallVector<UnobservedLoop, 1>
findUnobservedLoops(const Decl &Scope, const ScopeIndex &Index,
                    const ApiModel &Model);

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_ANALYSIS_THREADLOOPS_H
