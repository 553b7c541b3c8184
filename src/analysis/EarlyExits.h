//===--- EarlyExits.h - lostcancel -----------------------------*- C++ -*-===//
//
// The early-exit structure of a scope (SPEC §7.2): whether every path
// through a statement leaves the function (return, co_return, a throw that
// leaves it, a [[noreturn]] call), whether a statement sits in an if/else
// branch, switch case or catch handler that always leaves, and which try
// statement of the scope catches a throw.
//
// The judgement is structural, as SPEC §7.2 asks: loops other than `do`
// and endless ones are not unrolled, conditions other than constant ones
// are not evaluated, a goto or a break out of the statement means it may
// not leave, and an exception is caught only by a handler whose type
// certainly matches (a by-value or by-reference base class, or `...`).
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_ANALYSIS_EARLYEXITS_H
#define LOSTCANCEL_ANALYSIS_EARLYEXITS_H

#include "analysis/ScopeIndex.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/ArrayRef.h"
#include <cstdint>

namespace clang::tidy::lostcancel {

/// Does one of \p Try's handlers certainly catch an exception of type
/// \p Thrown? (A rethrow, with a null type, is only caught by `...`.)
bool catchesStatically(const CXXTryStmt &Try, QualType Thrown);

/// The early-exit questions about one scope.
class EarlyExits {
public:
  EarlyExits(const ScopeIndex &Index, const ASTContext &Ctx)
      : Index(Index), Ctx(Ctx) {}

  /// Does every path through \p S leave the function (SPEC §7.2)?
  bool alwaysLeaves(const Stmt &S) const { return alwaysExits(&S); }
  /// SPEC §7.2: is \p S inside an early-exit branch (an if/else branch, a
  /// switch case or a catch handler every path of which leaves the
  /// function)? A branch that also holds \p Creation is not an early exit
  /// for it, nor is any branch around that one (SPEC §7.16).
  bool isInEarlyExitBranch(const Stmt &S, const Stmt &Creation) const;
  /// The innermost try statement of the scope whose handlers certainly
  /// catch \p Throw, or null when the throw leaves the scope.
  const CXXTryStmt *catcherOf(const CXXThrowExpr &Throw) const;

private:
  /// Does every path through \p S leave the function? A throw caught by
  /// one of \p Exiting (try statements whose handlers all leave the
  /// function) leaves it too.
  bool alwaysExits(const Stmt *S,
                   llvm::ArrayRef<const CXXTryStmt *> Exiting = {}) const;
  bool blockExits(const CompoundStmt &Block,
                  llvm::ArrayRef<const CXXTryStmt *> Exiting) const;
  bool tryExits(const CXXTryStmt &Try,
                llvm::ArrayRef<const CXXTryStmt *> Exiting) const;
  /// What one statement of a sequence tells about the sequence leaving
  /// the function.
  enum class StatementExit : std::uint8_t {
    Leaves,    ///< every path through it leaves the function
    Continues, ///< control may go on to the next statement
    MayStay,   ///< it may loop forever, or jump or throw elsewhere
  };
  StatementExit exitOf(const Stmt *S,
                       llvm::ArrayRef<const CXXTryStmt *> Exiting) const;
  /// Does the expression statement \p E leave the function (a throw that
  /// leaves it, a [[noreturn]] call)?
  bool expressionExits(const Expr &E,
                       llvm::ArrayRef<const CXXTryStmt *> Exiting) const;
  /// Does \p S contain a throw that a try statement around \p Within
  /// catches, other than one of \p Exiting? Control then leaves \p S for
  /// that handler.
  bool throwsOut(const Stmt *S, const Stmt *Within,
                 llvm::ArrayRef<const CXXTryStmt *> Exiting) const;
  /// Is \p Child, a child of \p Parent, a branch that always leaves: an
  /// if/else branch, a catch handler, or the case of a switch body it is a
  /// statement of?
  bool isExitingBranch(const DynTypedNode &Parent, const Stmt *Child) const;
  /// Does the branch \p Child of \p Parent (one isExitingBranch accepts)
  /// hold \p Creation?
  bool branchHolds(const DynTypedNode &Parent, const Stmt *Child,
                   const Stmt &Creation) const;
  /// Does the case branch of \p Switch that contains \p Child (a statement
  /// of the switch body) leave the function on every path, before the next
  /// case label?
  bool caseBranchExits(const SwitchStmt &Switch, const Stmt *Child) const;

  const ScopeIndex &Index;
  const ASTContext &Ctx;
};

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_ANALYSIS_EARLYEXITS_H
