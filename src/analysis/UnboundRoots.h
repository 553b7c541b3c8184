//===--- UnboundRoots.h - lostcancel ---------------------------*- C++ -*-===//
//
// lostcancel-unbound-parent (SPEC §9): a new root context (`Background()`,
// `TODO()`: a function some entry's `root=` names) made where a context is
// already in scope, and used as the parent of a creation or passed where a
// context is expected, directly or through a local that only ever holds
// roots. The request's deadline and cancellation no longer reach the work.
//
// A context in scope is a parameter of the scope, a variable a lambda or
// block captures, or a local of the scope made from one of those (the
// context of `auto [c, cancel] = WithTimeout(ctx, ...)`, `auto c =
// WithValue(ctx, ...)`) declared before the root call in an enclosing
// block, whose class is the root's (after references, cv, pointers and
// smart pointers, also those that inherit operator->, as libstdc++'s
// std::shared_ptr). What it cannot see: members (`this->ctx_`), contexts
// the scope could capture but does not, contexts kept in structs; a root
// that reaches the work through anything but a call argument or such a
// local (a return, a member, a container, one arm of `?:`).
//
// Passed where a context is expected: for a parameter whose declared type
// is the context class; a parameter whose type the callee deduces (a
// function template's `T &&`, a pack: std::make_shared, std::thread) is
// not one, a member of a class template has its instantiated types
// (std::function<void(Context)>::operator()).
//
// A local that only ever holds roots: not a parameter; initialised with a
// root or with nothing (`Context c;`), every assignment a root, its address
// never taken, never captured, never passed for a non-const reference or
// pointer (an out-parameter may store anything; a creation's parent
// excepted) and no non-const method called on it (`c.reset()`, `c.swap()`).
// Its first use as a context after the root call is reported; a use inside
// an argument of a lostcancel.RootAllowedIn function is not one.
//
// Silent: a root in the branch of an `if` or `?:` taken only when a context
// in scope is null (`if (!ctx)`, the else of `if (ctx)`), a fallback;
// `main`, gtest test bodies (`TestBody` of a class derived, through
// any of its bases, from testing::Test), functions listed in
// lostcancel.RootAllowedIn, and the lambdas of all of these.
//
// Fix-it: the only context in scope, when its type (after references and
// cv) is the root's own, and the place the root goes accepts that lvalue
// (not an rvalue reference; not a non-const reference from a const one);
// none in macros, and none when the context's type is dependent in the
// template the root is written in (the text is shared by instantiations).
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_ANALYSIS_UNBOUNDROOTS_H
#define LOSTCANCEL_ANALYSIS_UNBOUNDROOTS_H

#include "analysis/ScopeIndex.h"
#include "model/ApiModel.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::lostcancel {

/// One root call that cuts a request's context off.
struct UnboundRoot {
  const CallExpr *Root = nullptr;
  /// The call the root (or the local holding it) is an argument of: a
  /// creation, whose parent it is, or another function taking a context.
  const Expr *UsedBy = nullptr;
  bool UsedAsParent = false;
  /// The local the root is stored into and used through, or null.
  const VarDecl *Through = nullptr;
  /// The contexts in scope at the root call, in declaration order.
  llvm::SmallVector<const ValueDecl *, 2> InScope;
  /// The context the root call can be replaced with: the only one in
  /// scope, of the root's own type, where the replacement compiles; or
  /// null.
  const ValueDecl *Replacement = nullptr;
};

/// The unbound roots of \p Scope, whose body \p Index indexes, in source
/// order. None in `main`, in a gtest test body, in a function listed in
/// lostcancel.RootAllowedIn or in their lambdas, and none inside an
/// argument of a listed function.
llvm::SmallVector<UnboundRoot, 1> findUnboundRoots(const Decl &Scope,
                                                   const ScopeIndex &Index,
                                                   const ApiModel &Model);

/// The parameters and captured variables of \p Scope (a function, a
/// lambda's call operator, or a block) whose type passes \p Fits.
llvm::SmallVector<const ValueDecl *, 2>
scopeInputs(const Decl &Scope,
            llvm::function_ref<bool(const ValueDecl &)> Fits);

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_ANALYSIS_UNBOUNDROOTS_H
