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

/// The member call whose object is \p Object (through parentheses, casts,
/// temporaries and std::move), if any.
static const CXXMemberCallExpr *memberCallOn(const Expr &Object,
                                             const ScopeIndex &Index) {
  for (const AncestorStep &Step : Index.ancestors(Object)) {
    const Stmt *S = Step.Parent.get<Stmt>();
    if (!S)
      return nullptr;
    if (const auto *ME = llvm::dyn_cast<MemberExpr>(S)) {
      const auto *Call =
          Index.parentAboveParensAndCasts(*ME).get<CXXMemberCallExpr>();
      return Call && Call->getCallee()->IgnoreParens() == ME ? Call : nullptr;
    }
    const auto *Call = llvm::dyn_cast<CallExpr>(S);
    bool Moves = Call && Call->getNumArgs() == 1 &&
                 isStdFunction(Call->getDirectCallee(), {"move"});
    if (!Moves && !llvm::isa<ImplicitCastExpr, ParenExpr,
                             MaterializeTemporaryExpr, CXXBindTemporaryExpr>(S))
      return nullptr;
  }
  return nullptr;
}

llvm::SmallVector<const CXXMemberCallExpr *, 2>
HandleUses::dismissalsOf(const VarDecl &Guard) const {
  llvm::SmallVector<const CXXMemberCallExpr *, 2> Dismissals;
  for (const auto &[Use, Closure] : Index.referencesTo(&Guard)) {
    const CXXMemberCallExpr *Call =
        Closure ? nullptr : memberCallOn(*Use, Index);
    if (!Call ||
        ApiModel::guardCallOf(Guard.getType(), *Call) != GuardCall::Dismiss)
      return {};
    Dismissals.push_back(Call);
  }
  return Dismissals;
}

bool HandleUses::isMentionedOutsideTargets(const HandleSlot &Slot) const {
  return llvm::any_of(mentionsOf(Slot), [&](const Mention &M) {
    return !TargetExprs.contains(M.Anchor);
  });
}

} // namespace clang::tidy::lostcancel
