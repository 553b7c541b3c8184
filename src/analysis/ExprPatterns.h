//===--- ExprPatterns.h - lostcancel ---------------------------*- C++ -*-===//
//
// Syntactic tests on single expressions, shared by the AST half of the
// analysis: the implicit nodes and value-preserving wrappers it looks
// through, the copy/move constructors it sees through, the std:: helpers it
// knows by name (move, forward, get, tie, ignore), and null constants.
//
// None of them knows the scope, the parent map or the API model's families:
// they answer for the node they are given (or a chain of wrappers below it).
// std:: helpers are recognised in namespace std only; a user's look-alike
// is not seen through.
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_ANALYSIS_EXPRPATTERNS_H
#define LOSTCANCEL_ANALYSIS_EXPRPATTERNS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <initializer_list>
#include <optional>

namespace clang::tidy::lostcancel {

/// Is \p FD a function of namespace std named one of \p Names?
bool isStdFunction(const FunctionDecl *FD,
                   std::initializer_list<llvm::StringRef> Names);

/// Implicit nodes and value-preserving wrappers between a value and its use.
bool isTransparent(const Stmt *S);

/// A one-argument copy or move constructor call: the copy is the same value.
bool isCopyOrMove(const CXXConstructExpr *Cons);

/// A constructor call that only copies, moves or wraps a callable: the copy
/// is the same handle (std::function from a lambda, a copy of a handle).
bool isCopyOrWrap(const CXXConstructExpr *Cons);

/// The expression a `__builtin_expect(E, C)` (the `likely()`/`unlikely()`
/// macros) stands for: E, whose value it has; null for anything else.
const Expr *expectedValue(const Expr *E);

/// \p E below parentheses, implicit casts, temporaries, copies and moves,
/// std::move/std::forward and `__builtin_expect`.
const Expr *stripToValue(const Expr *E);

/// The element index std::get<I>/std::get<T> selects, given the tuple-like
/// type's element types.
std::optional<unsigned> stdGetIndex(const CallExpr *Call,
                                    llvm::ArrayRef<QualType> Elements);

/// Is \p E `std::ignore`?
bool isStdIgnore(const Expr *E);

/// Is \p E (under parentheses and implicit casts) a null pointer constant?
bool isNullPointer(const Expr *E, ASTContext &Ctx);

/// The variable \p E names, under parentheses and implicit casts, or null.
const VarDecl *referencedVar(const Expr *E);

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_ANALYSIS_EXPRPATTERNS_H
