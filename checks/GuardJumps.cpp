//===--- GuardJumps.cpp - lostcancel --------------------------------------===//

#include "checks/GuardJumps.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::lostcancel {

/// Fills a BodyJumps in one walk of the body.
class BodyJumps::Collector : public RecursiveASTVisitor<Collector> {
public:
  explicit Collector(BodyJumps &Out) : Out(Out) {}

  bool VisitGotoStmt(GotoStmt *Goto) {
    if (const LabelStmt *Label = Goto->getLabel()->getStmt())
      Out.Jumps.push_back({Goto->getBeginLoc(), Label->getBeginLoc()});
    return true;
  }
  bool VisitSwitchStmt(SwitchStmt *Switch) {
    for (const SwitchCase *Case = Switch->getSwitchCaseList(); Case;
         Case = Case->getNextSwitchCase())
      Out.Jumps.push_back({Switch->getBeginLoc(), Case->getBeginLoc()});
    return true;
  }
  bool VisitIndirectGotoStmt(IndirectGotoStmt *) {
    Out.HasIndirectGoto = true;
    return true;
  }
  bool VisitAddrLabelExpr(AddrLabelExpr *Address) {
    if (const LabelStmt *Label = Address->getLabel()->getStmt())
      Out.AddressTaken.push_back(Label->getBeginLoc());
    return true;
  }

private:
  BodyJumps &Out;
};

BodyJumps::BodyJumps(const Decl &Scope) {
  if (Stmt *Body = Scope.getBody())
    Collector(*this).TraverseStmt(Body);
}

bool BodyJumps::crossGuard(const Stmt &GuardAfter, const CompoundStmt &Block,
                           const SourceManager &SM) const {
  // The guard's scope: from the end of GuardAfter to the end of its block.
  SourceLocation Begin = SM.getExpansionLoc(GuardAfter.getEndLoc());
  SourceLocation End = SM.getExpansionLoc(Block.getRBracLoc());
  auto InScope = [&](SourceLocation Loc) {
    Loc = SM.getExpansionLoc(Loc);
    return SM.isBeforeInTranslationUnit(Begin, Loc) &&
           SM.isBeforeInTranslationUnit(Loc, End);
  };
  if (llvm::any_of(Jumps, [&](const Jump &J) {
        return InScope(J.To) && !InScope(J.From);
      }))
    return true;
  return HasIndirectGoto && llvm::any_of(AddressTaken, InScope);
}

} // namespace clang::tidy::lostcancel
