//===--- ScopeFinder.h - lostcancel ----------------------------*- C++ -*-===//
//
// Finds the scopes of a translation unit that the shared analysis has to
// look at, in one walk, instead of one AST matcher per kind of scope.
//
// A scope is a function, lambda or block body (reported by its FunctionDecl
// or BlockDecl), or a member initialiser (a written constructor initialiser
// or a field's in-class initialiser, reported with its owner). A scope is
// found when it contains an expression the caller calls interesting: a
// creation call, a root, a thread start. The walk visits what Clang's
// MatchFinder visits (template instantiations, implicit code: a lambda's
// call operator is reached through its closure class), but it never enters
// a declaration written in a system header, and it walks only the
// ASTContext's traversal scope (clangd limits that to the main file's
// top-level declarations).
//
// Why a walk of our own: a matcher per node kind is tried at every node of
// that kind in the translation unit, the headers' included; with
// --enable-check-profile each try also starts and stops a timer. One
// translationUnitDecl() matcher and this walk cost one visit per node of
// the user's code.
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_CHECKS_SCOPEFINDER_H
#define LOSTCANCEL_CHECKS_SCOPEFINDER_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace clang::tidy::lostcancel {

/// A scope found by findScopes.
struct FoundScope {
  /// The FunctionDecl or BlockDecl whose body is the scope; with Init, the
  /// constructor or field that owns the initialiser.
  const Decl *Scope = nullptr;
  /// A member initialiser's expression, or null for a body.
  const Expr *Init = nullptr;
};

/// Calls \p Found, in the order a pre-order walk of the AST reaches them,
/// for every scope outside system headers that contains an expression for
/// which \p Interesting holds (a body: the body or a statement below it,
/// local classes and closures included, but not a parameter's default
/// argument or a constructor's initialisers; an initialiser: the
/// expression or one below it).
void findScopes(ASTContext &Ctx,
                llvm::function_ref<bool(const Expr &)> Interesting,
                llvm::function_ref<void(const FoundScope &)> Found);

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_CHECKS_SCOPEFINDER_H
