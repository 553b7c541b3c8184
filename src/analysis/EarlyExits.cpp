//===--- EarlyExits.cpp - lostcancel --------------------------------------===//

#include "analysis/EarlyExits.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::lostcancel {

namespace {

/// Does \p S contain a break or continue that leaves \p S, or any goto?
bool mayJumpOut(const Stmt *S, bool InLoopOrSwitch = false) {
  if (!S)
    return false;
  if (llvm::isa<GotoStmt, IndirectGotoStmt>(S))
    return true;
  if (llvm::isa<BreakStmt, ContinueStmt>(S))
    return !InLoopOrSwitch;
  if (llvm::isa<LambdaExpr, BlockExpr>(S))
    return false;
  bool Inner =
      InLoopOrSwitch ||
      llvm::isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt, SwitchStmt>(S);
  return llvm::any_of(S->children(), [&](const Stmt *Child) {
    return mayJumpOut(Child, Inner);
  });
}

/// Is \p S a loop that never ends: no condition, or a constant true one,
/// and no break or goto out of it? (A return inside leaves on some paths,
/// but the path that keeps looping never leaves.)
bool neverEnds(const Stmt *S, const ASTContext &Ctx) {
  const Expr *Cond = nullptr;
  const Stmt *Body = nullptr;
  if (const auto *For = llvm::dyn_cast<ForStmt>(S)) {
    Cond = For->getCond();
    Body = For->getBody();
  } else if (const auto *While = llvm::dyn_cast<WhileStmt>(S)) {
    Cond = While->getCond();
    Body = While->getBody();
    if (!Cond)
      return false;
  } else if (const auto *Do = llvm::dyn_cast<DoStmt>(S)) {
    Cond = Do->getCond();
    Body = Do->getBody();
  } else {
    return false;
  }
  if (Cond) {
    bool Value = false;
    if (Cond->isValueDependent() ||
        !Cond->EvaluateAsBooleanCondition(Value, Ctx) || !Value)
      return false;
  }
  return !mayJumpOut(Body);
}

} // namespace

bool catchesStatically(const CXXTryStmt &Try, QualType Thrown) {
  for (unsigned I = 0; I < Try.getNumHandlers(); ++I) {
    QualType Caught = Try.getHandler(I)->getCaughtType();
    if (Caught.isNull())
      return true; // catch (...)
    if (Thrown.isNull())
      continue;
    Caught = Caught.getNonReferenceType().getUnqualifiedType();
    QualType Value = Thrown.getNonReferenceType().getUnqualifiedType();
    if (Caught.getCanonicalType() == Value.getCanonicalType())
      return true;
    const auto *CaughtClass = Caught->getAsCXXRecordDecl();
    const auto *ValueClass = Value->getAsCXXRecordDecl();
    if (CaughtClass && ValueClass && ValueClass->hasDefinition() &&
        ValueClass->isDerivedFrom(CaughtClass))
      return true;
  }
  return false;
}

const CXXTryStmt *EarlyExits::catcherOf(const CXXThrowExpr &Throw) const {
  QualType Thrown =
      Throw.getSubExpr() ? Throw.getSubExpr()->getType() : QualType();
  for (const auto &[Child, Parent] : Index.ancestors(Throw)) {
    const Stmt *ChildStmt = Child.get<Stmt>();
    if (!ChildStmt || ChildStmt == Index.body())
      return nullptr;
    if (const auto *Try = Parent.get<CXXTryStmt>();
        Try && Try->getTryBlock() == ChildStmt &&
        catchesStatically(*Try, Thrown))
      return Try;
  }
  return nullptr;
}

bool EarlyExits::isInEarlyExitBranch(const Stmt &S,
                                     const Stmt &Creation) const {
  for (const auto &[Child, Parent] : Index.ancestors(S)) {
    const Stmt *ChildStmt = Child.get<Stmt>();
    if (Parent.get<Decl>() && !Parent.get<VarDecl>())
      return false;
    if (isExitingBranch(Parent, ChildStmt))
      return !branchHolds(Parent, ChildStmt, Creation);
    if (!Parent.get<Stmt>() && !Parent.get<VarDecl>())
      return false;
    if (ChildStmt == Index.body())
      return false;
  }
  return false;
}

bool EarlyExits::isExitingBranch(const DynTypedNode &Parent,
                                 const Stmt *Child) const {
  if (const auto *If = Parent.get<IfStmt>())
    return (Child == If->getThen() || Child == If->getElse()) &&
           alwaysExits(Child);
  if (const auto *Catch = Parent.get<CXXCatchStmt>())
    return alwaysExits(Catch->getHandlerBlock());
  if (const auto *CS = Parent.get<CompoundStmt>()) {
    const auto *Switch = Index.parentOf(Parent).get<SwitchStmt>();
    return Switch && Switch->getBody() == CS && caseBranchExits(*Switch, Child);
  }
  return false;
}

bool EarlyExits::branchHolds(const DynTypedNode &Parent, const Stmt *Child,
                             const Stmt &Creation) const {
  const auto *Body = Parent.get<CompoundStmt>();
  // The statement of the branch's parent that holds the creation.
  const Stmt *Holder = nullptr;
  for (const auto &[Up, Above] : Index.ancestors(Creation)) {
    if (Above == Parent) {
      Holder = Up.get<Stmt>();
      break;
    }
  }
  if (!Holder)
    return false;
  if (!Body)
    return Holder == Child;
  // A case branch is a run of statements of the switch body: the creation
  // is in it when both start at the same case label.
  llvm::ArrayRef<Stmt *> Stmts(Body->body_begin(), Body->body_end());
  auto LabelBefore = [&](const Stmt *Of) {
    const auto *At = llvm::find(Stmts, Of);
    while (At != Stmts.begin() && At != Stmts.end() &&
           !llvm::isa<SwitchCase>(*At))
      --At;
    return At;
  };
  return LabelBefore(Holder) == LabelBefore(Child);
}

bool EarlyExits::alwaysExits(const Stmt *S,
                             llvm::ArrayRef<const CXXTryStmt *> Exiting) const {
  if (!S)
    return false;
  if (llvm::isa<ReturnStmt, CoreturnStmt>(S))
    return true;
  if (const auto *E = llvm::dyn_cast<Expr>(S))
    return expressionExits(*E, Exiting);
  if (const auto *CS = llvm::dyn_cast<CompoundStmt>(S))
    return blockExits(*CS, Exiting);
  if (const auto *If = llvm::dyn_cast<IfStmt>(S))
    return If->getElse() && alwaysExits(If->getThen(), Exiting) &&
           alwaysExits(If->getElse(), Exiting);
  if (const auto *Try = llvm::dyn_cast<CXXTryStmt>(S))
    return tryExits(*Try, Exiting);
  // A do loop runs its body at least once.
  if (const auto *Do = llvm::dyn_cast<DoStmt>(S))
    return alwaysExits(Do->getBody(), Exiting);
  if (const auto *Attributed = llvm::dyn_cast<AttributedStmt>(S))
    return alwaysExits(Attributed->getSubStmt(), Exiting);
  if (const auto *Label = llvm::dyn_cast<LabelStmt>(S))
    return alwaysExits(Label->getSubStmt(), Exiting);
  return false;
}

bool EarlyExits::expressionExits(
    const Expr &E, llvm::ArrayRef<const CXXTryStmt *> Exiting) const {
  const Expr *Value = E.IgnoreImplicit();
  if (const auto *Throw = llvm::dyn_cast<CXXThrowExpr>(Value)) {
    const CXXTryStmt *Try = catcherOf(*Throw);
    return !Try || llvm::is_contained(Exiting, Try);
  }
  const auto *Call = llvm::dyn_cast<CallExpr>(Value);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  return Callee && Callee->isNoReturn();
}

bool EarlyExits::blockExits(const CompoundStmt &Block,
                            llvm::ArrayRef<const CXXTryStmt *> Exiting) const {
  for (const Stmt *Child : Block.body()) {
    StatementExit Exit = exitOf(Child, Exiting);
    if (Exit != StatementExit::Continues)
      return Exit == StatementExit::Leaves;
  }
  return false;
}

bool EarlyExits::tryExits(const CXXTryStmt &Try,
                          llvm::ArrayRef<const CXXTryStmt *> Exiting) const {
  // When every handler leaves, so does a throw the try block sends them.
  for (unsigned I = 0; I < Try.getNumHandlers(); ++I)
    if (!alwaysExits(Try.getHandler(I)->getHandlerBlock(), Exiting))
      return false;
  llvm::SmallVector<const CXXTryStmt *, 2> Inner(Exiting);
  Inner.push_back(&Try);
  return alwaysExits(Try.getTryBlock(), Inner);
}

EarlyExits::StatementExit
EarlyExits::exitOf(const Stmt *S,
                   llvm::ArrayRef<const CXXTryStmt *> Exiting) const {
  if (neverEnds(S, Ctx))
    return StatementExit::MayStay;
  if (alwaysExits(S, Exiting))
    return StatementExit::Leaves;
  if (mayJumpOut(S) || throwsOut(S, S, Exiting))
    return StatementExit::MayStay;
  return StatementExit::Continues;
}

bool EarlyExits::throwsOut(const Stmt *S, const Stmt *Within,
                           llvm::ArrayRef<const CXXTryStmt *> Exiting) const {
  if (!S || llvm::isa<LambdaExpr, BlockExpr>(S))
    return false;
  if (const auto *Throw = llvm::dyn_cast<CXXThrowExpr>(S)) {
    const CXXTryStmt *Try = catcherOf(*Throw);
    const SourceManager &SM = Ctx.getSourceManager();
    return Try && !llvm::is_contained(Exiting, Try) &&
           !SM.isPointWithin(Try->getBeginLoc(), Within->getBeginLoc(),
                             Within->getEndLoc());
  }
  return llvm::any_of(S->children(), [&](const Stmt *Child) {
    return throwsOut(Child, Within, Exiting);
  });
}

bool EarlyExits::caseBranchExits(const SwitchStmt &Switch,
                                 const Stmt *Child) const {
  const auto *Body = llvm::dyn_cast<CompoundStmt>(Switch.getBody());
  if (!Body)
    return false;
  llvm::ArrayRef<Stmt *> Stmts(Body->body_begin(), Body->body_end());
  const auto *At = llvm::find(Stmts, Child);
  if (At == Stmts.end())
    return false;
  // Back to the label that starts the branch.
  const auto *Start = At;
  while (Start != Stmts.begin() && !llvm::isa<SwitchCase>(*Start))
    --Start;
  if (!llvm::isa<SwitchCase>(*Start))
    return false;
  for (const auto *It = Start; It != Stmts.end(); ++It) {
    const Stmt *S = *It;
    if (It != Start && llvm::isa<SwitchCase>(S))
      return false; // falls through into the next case
    while (const auto *Case = llvm::dyn_cast<SwitchCase>(S))
      S = Case->getSubStmt();
    StatementExit Exit = exitOf(S, {});
    if (Exit != StatementExit::Continues)
      return Exit == StatementExit::Leaves;
  }
  return false;
}

} // namespace clang::tidy::lostcancel
