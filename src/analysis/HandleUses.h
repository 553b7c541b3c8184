//===--- HandleUses.h - lostcancel -----------------------------*- C++ -*-===//
//
// The syntactic half of the analysis: where a creation puts its handle, where
// the handle is mentioned, and what each mention does to it (release,
// transfer, guard, read). Decisions are made from the mention's context in
// the AST, looking through implicit nodes; the CFG half (Events.h, Solver.h,
// Recorder.h) decides when they happen.
//
// HandleUses is the one object the CFG half asks. It owns the scope's index
// and the set of creation targets, and hands each question to the part that
// answers it:
//   ScopeIndex       the walk over the body, parents, statement navigation
//   CreationTargets  where a creation's handle goes
//   UseClassifier    the mentions of a slot and what each does
//   ConditionTests   empty tests, status tests, result variables
//   EarlyExits       branches that always leave the function (SPEC §7.2)
//   HandleSlot       what a slot is and which slot an expression names
//
// Unknown contexts are classified as a transfer: ownership is unclear, so no
// finding is made (SPEC §2, "prefer no finding").
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_ANALYSIS_HANDLEUSES_H
#define LOSTCANCEL_ANALYSIS_HANDLEUSES_H

#include "analysis/ConditionTests.h"
#include "analysis/CreationTargets.h"
#include "analysis/EarlyExits.h"
#include "analysis/HandleSlot.h"
#include "analysis/ScopeIndex.h"
#include "analysis/UseClassifier.h"
#include "model/ApiModel.h"
#include "clang/AST/ASTContext.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace clang::tidy::lostcancel {

class HandleUses {
public:
  /// \p Body: see ScopeIndex. With \p Summaries, a call that only uses a
  /// handle it is given is a read (SPEC §8); without, every such call is a
  /// transfer (§7.5).
  HandleUses(const Decl &Scope, const ApiModel &Model, ASTContext &Ctx,
             const Stmt *Body = nullptr, CalleeSummaries *Summaries = nullptr);
  ASTContext &context() const { return Ctx; }
  /// The scope's index (references, parents) and the model, for the
  /// fix-it facts.
  const ScopeIndex &index() const { return Index; }
  const ApiModel &model() const { return Model; }

  /// Calls in this scope (not in nested lambdas or blocks) whose callee the
  /// model may know.
  llvm::ArrayRef<const CallExpr *> creationCalls() const {
    return Index.creationCalls();
  }
  /// Lambdas and blocks written directly in this scope.
  llvm::ArrayRef<const Expr *> topLevelClosures() const {
    return Index.topLevelClosures();
  }
  /// True when the body holds an expression Clang could not make sense of.
  bool containsErrors() const { return Index.containsErrors(); }

  /// Where the handle \p Call creates goes. Remembers the target's
  /// references, which classify() then calls targets.
  CreationTarget resolveCreationTarget(const CallExpr &Call,
                                       const HandleLocation &Where);
  /// The local variable that receives \p Call's value (`int rc = call`,
  /// `fd = call`, `auto r = call`), if any: where its status is kept.
  const VarDecl *resultVariable(const CallExpr &Call) const {
    return lostcancel::resultVariable(Call, Index);
  }
  /// Mentions of \p Var that may change its value (assignments,
  /// increments, its address taken), other than storing one of \p Stores.
  llvm::SmallVector<const DeclRefExpr *, 2>
  writesOf(const VarDecl &Var,
           const llvm::DenseSet<const CallExpr *> &Stores) const {
    return lostcancel::writesOf(Var, Stores, Index);
  }
  /// Recognises \p Cond as a test of a creation's outcome.
  std::optional<StatusTest> statusTest(const Expr &Cond) const {
    return lostcancel::statusTest(Cond, Ctx);
  }
  /// Index of \p Slot in \p Slots, appending it if new.
  static int internSlot(const HandleSlot &Slot,
                        llvm::SmallVectorImpl<HandleSlot> &Slots) {
    return lostcancel::internSlot(Slot, Slots);
  }

  llvm::SmallVector<Mention, 4> mentionsOf(const HandleSlot &Slot) const {
    return classifier().mentionsOf(Slot);
  }
  llvm::SmallVector<Mention, 4> mentionsOfDecl(const ValueDecl *D) const {
    return classifier().mentionsOfDecl(D);
  }
  /// SPEC §7.18: the calls that dismiss the guard \p Guard, when it is
  /// dismissed and every other mention of it is a dismissal too (none when
  /// it is moved, passed on, captured, or may be armed again).
  llvm::SmallVector<const CXXMemberCallExpr *, 2>
  dismissalsOf(const VarDecl &Guard) const;
  /// SPEC §7.1: is the slot named anywhere outside the creations' targets?
  bool isMentionedOutsideTargets(const HandleSlot &Slot) const;
  /// Is \p E (through casts) a local variable of this scope whose every
  /// stored value -- its initialiser and each plain assignment -- is a
  /// null pointer or a call to one of \p Makers, at least one of them a
  /// call? (The scope then owns the object: `dieswith=`.)
  bool isLocalMadeBy(const Expr &E, const llvm::StringSet<> &Makers) const;

  HandleUse classify(const Expr *Use) const {
    return classifier().classify(Use);
  }
  std::optional<EmptyTest> emptyTest(const Expr &Cond,
                                     llvm::ArrayRef<HandleSlot> Slots) const {
    return lostcancel::emptyTest(Cond, Slots, Ctx);
  }

  /// The nearest ancestor of \p S (or S) in \p Set, within this scope.
  const Stmt *nearestAncestorIn(const Stmt *S,
                                const llvm::DenseSet<const Stmt *> &Set) const {
    return Index.nearestAncestorIn(S, Set);
  }

  /// The statement, directly inside a compound statement, that evaluates
  /// \p S as a plain expression, a declaration or an if's condition (not
  /// as a branch or a loop header), or null.
  const Stmt *statementInBlock(const Stmt &S) const {
    return Index.statementInBlock(S);
  }
  /// The statement after (before) \p S in its compound statement, or null.
  const Stmt *nextStatement(const Stmt &S) const {
    return Index.nextStatement(S);
  }
  const Stmt *previousStatement(const Stmt &S) const {
    return Index.previousStatement(S);
  }
  /// Are \p A and \p B statements of the same compound statement?
  bool sameBlock(const Stmt &A, const Stmt &B) const {
    return Index.sameBlock(A, B);
  }
  /// Does every path through \p S leave the function (SPEC §7.2)?
  bool alwaysLeaves(const Stmt &S) const {
    return EarlyExits(Index, Ctx).alwaysLeaves(S);
  }

  /// SPEC §7.2: is \p S inside an early-exit branch (an if/else branch, a
  /// switch case or a catch handler every path of which leaves the
  /// function)? A branch that holds \p Creation is not an early exit for
  /// it (SPEC §7.16).
  bool isInEarlyExitBranch(const Stmt &S, const Stmt &Creation) const {
    return EarlyExits(Index, Ctx).isInEarlyExitBranch(S, Creation);
  }
  /// The innermost try statement of the scope whose handlers certainly
  /// catch \p Throw, or null when the throw leaves the scope.
  const CXXTryStmt *catcherOf(const CXXThrowExpr &Throw) const {
    return EarlyExits(Index, Ctx).catcherOf(Throw);
  }

  /// The statement declaring local \p VD (its DeclStmt), if in this scope.
  const Stmt *declarationOf(const VarDecl *VD) const {
    return Index.declarationOf(VD);
  }

  /// Captured variables of a lambda or block.
  static llvm::SmallVector<Capture, 4> capturesOf(const Expr &Closure) {
    return UseClassifier::capturesOf(Closure);
  }

  /// The slot \p E names (`h`, `r.second`, `std::get<1>(t)`), if any.
  static std::optional<int> slotOf(const Expr *E,
                                   llvm::ArrayRef<HandleSlot> Slots) {
    return slotNamedBy(E, Slots);
  }

  /// The summaries of the translation unit's functions, if any.
  CalleeSummaries *summaries() const { return Summaries; }

private:
  UseClassifier classifier() const {
    return {Index, Model, TargetExprs, Summaries};
  }

  const ApiModel &Model;
  ASTContext &Ctx;
  CalleeSummaries *Summaries;
  ScopeIndex Index;
  /// The references that name a creation's target (`h` in `h = call()`).
  llvm::DenseSet<const Expr *> TargetExprs;
};

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_ANALYSIS_HANDLEUSES_H
