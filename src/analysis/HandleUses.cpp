//===--- HandleUses.cpp - lostcancel --------------------------------------===//

#include "analysis/HandleUses.h"
#include "analysis/ExprPatterns.h"

namespace clang::tidy::lostcancel {

HandleUses::HandleUses(const Decl &Scope, const ApiModel &Model,
                       ASTContext &Ctx, const Stmt *Body,
                       CalleeSummaries *Summaries)
    : Model(Model), Ctx(Ctx), Summaries(Summaries), Index(Scope, Model, Body) {}

CreationTarget HandleUses::resolveCreationTarget(const CallExpr &Call,
                                                 const HandleLocation &Where) {
  CreationTarget Target =
      CreationTargetResolver(Index, Model, TargetExprs).resolve(Call, Where);
  if (Target.K == CreationTarget::Kind::Slot)
    Target.Slot.ZeroIsEmpty = Where.ZeroIsEmpty;
  return Target;
}

bool HandleUses::isLocalMadeBy(const Expr &E,
                               const llvm::StringSet<> &Makers) const {
  const auto *Ref = llvm::dyn_cast<DeclRefExpr>(E.IgnoreParenCasts());
  const auto *Var = Ref ? llvm::dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var || !Index.isOwnedValue(Var))
    return false;
  bool Made = false;
  // A stored value: null, or a call to a maker (which counts).
  auto Fits = [&](const Expr *Value) {
    if (isNullPointer(Value, Ctx))
      return true;
    const auto *Call = llvm::dyn_cast<CallExpr>(Value->IgnoreParenCasts());
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    bool IsMaker =
        Callee && Callee->getIdentifier() && Makers.contains(Callee->getName());
    Made |= IsMaker;
    return IsMaker;
  };
  if (Var->getInit() && !Fits(Var->getInit()))
    return false;
  for (const auto &[Use, Closure] : Index.referencesTo(Var)) {
    const auto *Assign =
        Index.parentAboveParensAndCasts(*Use).get<BinaryOperator>();
    if (Assign && Assign->getOpcode() == BO_Assign &&
        Assign->getLHS()->IgnoreParens() == Use && !Fits(Assign->getRHS()))
      return false;
  }
  return Made;
}

bool HandleUses::isMentionedOutsideTargets(const HandleSlot &Slot) const {
  return llvm::any_of(mentionsOf(Slot), [&](const Mention &M) {
    return !TargetExprs.contains(M.Anchor);
  });
}

} // namespace clang::tidy::lostcancel
