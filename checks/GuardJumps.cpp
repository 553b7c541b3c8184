//===--- GuardJumps.cpp - lostcancel --------------------------------------===//

#include "checks/GuardJumps.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::lostcancel {

namespace {

/// The jumps of a body and their targets, and the block that holds the
/// statement the guard follows.
struct JumpCollector : RecursiveASTVisitor<JumpCollector> {
  explicit JumpCollector(const Stmt &GuardAfter) : GuardAfter(GuardAfter) {}

  /// A jump from From to To.
  struct Jump {
    SourceLocation From, To;
  };

  bool VisitCompoundStmt(CompoundStmt *Block) {
    if (llvm::is_contained(Block->body(), &GuardAfter))
      GuardBlock = Block;
    return true;
  }
  bool VisitGotoStmt(GotoStmt *Goto) {
    if (const LabelStmt *Label = Goto->getLabel()->getStmt())
      Jumps.push_back({Goto->getBeginLoc(), Label->getBeginLoc()});
    return true;
  }
  bool VisitSwitchStmt(SwitchStmt *Switch) {
    for (const SwitchCase *Case = Switch->getSwitchCaseList(); Case;
         Case = Case->getNextSwitchCase())
      Jumps.push_back({Switch->getBeginLoc(), Case->getBeginLoc()});
    return true;
  }
  bool VisitIndirectGotoStmt(IndirectGotoStmt *) {
    HasIndirectGoto = true;
    return true;
  }
  bool VisitAddrLabelExpr(AddrLabelExpr *Address) {
    if (const LabelStmt *Label = Address->getLabel()->getStmt())
      AddressTaken.push_back(Label->getBeginLoc());
    return true;
  }

  const Stmt &GuardAfter;
  const CompoundStmt *GuardBlock = nullptr;
  llvm::SmallVector<Jump, 4> Jumps;
  llvm::SmallVector<SourceLocation, 2> AddressTaken;
  bool HasIndirectGoto = false;
};

} // namespace

bool jumpCrossesGuard(const Decl &Scope, const Stmt &GuardAfter,
                      const SourceManager &SM) {
  Stmt *Body = Scope.getBody();
  if (!Body)
    return true;
  JumpCollector Found(GuardAfter);
  Found.TraverseStmt(Body);
  if (!Found.GuardBlock)
    return true;
  // The guard's scope: from the end of GuardAfter to the end of its block.
  SourceLocation Begin = SM.getExpansionLoc(GuardAfter.getEndLoc());
  SourceLocation End = SM.getExpansionLoc(Found.GuardBlock->getRBracLoc());
  auto InScope = [&](SourceLocation Loc) {
    Loc = SM.getExpansionLoc(Loc);
    return SM.isBeforeInTranslationUnit(Begin, Loc) &&
           SM.isBeforeInTranslationUnit(Loc, End);
  };
  if (llvm::any_of(Found.Jumps, [&](const JumpCollector::Jump &J) {
        return InScope(J.To) && !InScope(J.From);
      }))
    return true;
  return Found.HasIndirectGoto && llvm::any_of(Found.AddressTaken, InScope);
}

} // namespace clang::tidy::lostcancel
