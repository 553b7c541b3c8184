//===--- CreationTargets.cpp - lostcancel ---------------------------------===//

#include "analysis/CreationTargets.h"
#include "analysis/ExprPatterns.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::lostcancel {

/// Where a walk up from a creation stands.
struct CreationTargetResolver::Walk {
  const HandleLocation &Where;
  /// The type of the value at the current node.
  QualType Result;
  /// The value is the handle's aggregate or the handle, no longer the
  /// result object around them.
  bool AtHandleLevel;
  /// The value is the handle itself.
  bool Extracted;
  bool MayFollowVariable;
  /// The conditional expression the walk came through from its first arm
  /// (SPEC §7.19): the handle comes into being there.
  const ConditionalOperator *Choice = nullptr;
};

namespace {

CreationTarget discarded() {
  CreationTarget Target;
  Target.K = CreationTarget::Kind::Discarded;
  return Target;
}

CreationTarget withSlot(CreationTarget Target, HandleSlot Slot) {
  Target.K = CreationTarget::Kind::Slot;
  Target.Slot = std::move(Slot);
  return Target;
}

/// The value of an expression statement is unused: dropped. Any other use
/// (an operand, a return) passes it on.
CreationTarget valueUsedBy(const Stmt &Parent) {
  if (!llvm::isa<Expr>(Parent) && !llvm::isa<ReturnStmt, CoreturnStmt>(Parent))
    return discarded();
  return {};
}

} // namespace

CreationTarget CreationTargetResolver::resolve(const CallExpr &Call,
                                               const HandleLocation &Where) {
  // arg.N: the argument is `&h` for a local h (a struct member, a pointer
  // or heap storage is somebody else's: a transfer).
  if (Where.Argument) {
    const Expr *Arg = Call.getArg(*Where.Argument)->IgnoreParenCasts();
    if (const auto *Addr = llvm::dyn_cast<UnaryOperator>(Arg);
        Addr && Addr->getOpcode() == UO_AddrOf)
      if (std::optional<HandleSlot> Slot = handleVariable(Addr->getSubExpr()))
        return withSlot({}, std::move(*Slot));
    return {};
  }
  return resolveFrom(Call, Where, Call.getType(),
                     /*AtHandleLevel=*/!Where.Outer,
                     /*MayFollowVariable=*/true);
}

CreationTarget CreationTargetResolver::resolveFrom(const Expr &Start,
                                                   const HandleLocation &Where,
                                                   QualType Result,
                                                   bool AtHandleLevel,
                                                   bool MayFollowVariable) {
  Walk W{Where, Result, AtHandleLevel, Where.WholeResult, MayFollowVariable};
  for (const auto &[Child, Parent] : Index.ancestors(Start))
    if (std::optional<CreationTarget> Target =
            step(W, *Child.get<Expr>(), Parent)) {
      if (W.Choice && !Target->CreatedAt)
        Target->CreatedAt = W.Choice;
      return *Target;
    }
  return {};
}

const CallExpr *
CreationTargetResolver::otherArm(const ConditionalOperator &Choice,
                                 const Expr &Arm) const {
  const auto *First =
      llvm::dyn_cast<CallExpr>(stripToValue(Choice.getTrueExpr()));
  const auto *Second =
      llvm::dyn_cast<CallExpr>(stripToValue(Choice.getFalseExpr()));
  if (!First || !Second)
    return nullptr;
  std::optional<CreationMatch> A = Model.matchCreation(*First);
  std::optional<CreationMatch> B = Model.matchCreation(*Second);
  if (!A || !B || A->Entry != B->Entry || A->Where.Argument ||
      B->Where.Argument || A->Where.Index != B->Where.Index ||
      A->Where.WholeResult != B->Where.WholeResult)
    return nullptr;
  return &Arm == Choice.getTrueExpr() ? Second : First;
}

std::optional<CreationTarget>
CreationTargetResolver::throughChoice(Walk &W, const Expr &Child,
                                      const ConditionalOperator &Choice) {
  // SPEC §7.19: `t ? WithTimeout(p, d) : WithCancel(p)` is one creation,
  // made at the first arm; the second arm's handle is that one.
  if (W.Choice || !otherArm(Choice, Child) || &Child != Choice.getTrueExpr())
    return CreationTarget();
  W.Choice = &Choice;
  return std::nullopt;
}

std::optional<CreationTarget>
CreationTargetResolver::step(Walk &W, const Expr &Child,
                             const DynTypedNode &Parent) {
  if (const auto *VD = Parent.get<VarDecl>())
    return intoVariable(W, *VD);
  const Stmt *PS = Parent.get<Stmt>();
  if (!PS)
    return CreationTarget();
  if (const auto *Choice = llvm::dyn_cast<ConditionalOperator>(PS);
      Choice && Choice->getCond() != &Child)
    return throughChoice(W, Child, *Choice);
  if (const auto *Cast = llvm::dyn_cast<CStyleCastExpr>(PS);
      Cast && Cast->getType()->isVoidType()) {
    // `(void)WithCancel(bg)` drops the handle; `(void)r.value.second`
    // mentions one taken out of a result (SPEC §7.1).
    return W.MayFollowVariable ? discarded() : CreationTarget();
  }
  const auto *Cons = llvm::dyn_cast<CXXConstructExpr>(PS);
  if (isTransparent(PS) ||
      (Cons && isCopyOrMove(Cons) && !Model.isGuardType(Cons->getType())))
    return std::nullopt;
  if (!W.AtHandleLevel)
    return aboveHandle(W, *PS);
  if (!W.Extracted)
    return extracting(W, Child, *PS);
  return usedBy(W, Child, *PS);
}

CreationTarget CreationTargetResolver::intoVariable(const Walk &W,
                                                    const VarDecl &VD) {
  if (!Index.isOwnedLocal(&VD))
    return {};
  if (!W.AtHandleLevel)
    return W.MayFollowVariable && !llvm::isa<DecompositionDecl>(VD) &&
                   !VD.getType()->isReferenceType()
               ? followResultVariable(VD, W.Where)
               : CreationTarget();
  if (W.Extracted)
    return withSlot({}, wholeSlot(&VD, &VD));
  if (const auto *DD = llvm::dyn_cast<DecompositionDecl>(&VD)) {
    llvm::ArrayRef<BindingDecl *> Bindings = DD->bindings();
    if (W.Where.Index >= Bindings.size())
      return {};
    return withSlot({}, wholeSlot(Bindings[W.Where.Index], DD));
  }
  return withSlot({}, aggregateSlot(&VD, W.Where, W.Result));
}

std::optional<CreationTarget>
CreationTargetResolver::aboveHandle(Walk &W, const Stmt &Parent) {
  // Only the member that holds the handle leads on; any other use of the
  // result (a return, an argument) passes it on.
  const auto *ME = llvm::dyn_cast<MemberExpr>(&Parent);
  if (!ME)
    return valueUsedBy(Parent); // an unused result, or passed on
  if (ME->getMemberDecl() == W.Where.Outer) {
    W.AtHandleLevel = true;
    W.Result = ME->getType();
    return std::nullopt;
  }
  if (llvm::isa<FieldDecl>(ME->getMemberDecl()))
    return discarded(); // `.err`
  return CreationTarget();
}

std::optional<CreationTarget>
CreationTargetResolver::extracting(Walk &W, const Expr &Child,
                                   const Stmt &Parent) {
  if (const auto *ME = llvm::dyn_cast<MemberExpr>(&Parent)) {
    if (W.Where.Field && ME->getMemberDecl() == W.Where.Field) {
      W.Extracted = true;
      return std::nullopt;
    }
    if (llvm::isa<FieldDecl>(ME->getMemberDecl()))
      return discarded(); // `.first`, `.ctx`
    return CreationTarget();
  }
  if (const auto *C = llvm::dyn_cast<CallExpr>(&Parent);
      C && C->getNumArgs() == 1 &&
      C->getArg(0)->IgnoreParenImpCasts() == Child.IgnoreParenImpCasts()) {
    if (std::optional<unsigned> Element =
            stdGetIndex(C, tupleElementTypes(W.Result))) {
      if (*Element != W.Where.Index)
        return discarded(); // std::get<0>
      W.Extracted = true;
      return std::nullopt;
    }
  }
  return usedBy(W, Child, Parent);
}

CreationTarget CreationTargetResolver::usedBy(const Walk &W, const Expr &Child,
                                              const Stmt &Parent) {
  if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(&Parent)) {
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
        Op->getArg(1)->IgnoreParenImpCasts() == Child.IgnoreParenImpCasts())
      return assignedTo(W, *Op->getArg(0), *Op);
    return {};
  }
  if (const auto *BO = llvm::dyn_cast<BinaryOperator>(&Parent)) {
    if (BO->getOpcode() == BO_Assign && BO->getRHS() == &Child)
      return assignedTo(W, *BO->getLHS(), *BO);
    if (BO->getOpcode() == BO_Comma && BO->getLHS() == &Child)
      return discarded();
    return {};
  }
  return valueUsedBy(Parent);
}

CreationTarget CreationTargetResolver::assignedTo(const Walk &W,
                                                  const Expr &LHS,
                                                  const Expr &Assignment) {
  CreationTarget Target;
  Target.Assignment = &Assignment;
  const Expr *Stripped = LHS.IgnoreParenImpCasts();
  if (W.Extracted) {
    if (std::optional<HandleSlot> Slot = handleVariable(Stripped))
      return withSlot(Target, std::move(*Slot));
    return Target;
  }
  if (const auto *Tie = llvm::dyn_cast<CallExpr>(Stripped);
      Tie && isStdFunction(Tie->getDirectCallee(), {"tie"}))
    return tiedTo(*Tie, W.Where, Target);
  // `r = WithCancel(...)` into a local pair/tuple/struct.
  const auto *Ref = llvm::dyn_cast<DeclRefExpr>(Stripped);
  const auto *VD = Ref ? llvm::dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Index.isOwnedValue(VD))
    return Target;
  TargetExprs.insert(Ref);
  return withSlot(Target, aggregateSlot(VD, W.Where, W.Result));
}

CreationTarget CreationTargetResolver::tiedTo(const CallExpr &Tie,
                                              const HandleLocation &Where,
                                              CreationTarget Target) {
  if (Where.Index >= Tie.getNumArgs())
    return Target;
  const Expr *Arg = Tie.getArg(Where.Index);
  if (isStdIgnore(Arg)) {
    Target.K = CreationTarget::Kind::Discarded;
    return Target;
  }
  if (std::optional<HandleSlot> Slot = handleVariable(Arg))
    return withSlot(Target, std::move(*Slot));
  return Target;
}

CreationTarget
CreationTargetResolver::followResultVariable(const VarDecl &Result,
                                             const HandleLocation &Where) {
  // `auto r = gocxx::context::WithCancel(bg); ... auto [ctx, cancel] =
  // r.value;`: the handle is created where it is taken out of the result.
  llvm::SmallVector<const MemberExpr *, 1> Extractions;
  bool OtherUse = false;
  for (const auto &[Ref, Closure] : Index.referencesTo(&Result)) {
    if (const auto *ME =
            Index.parentAboveParensAndCasts(*Ref).get<MemberExpr>();
        ME && !Closure) {
      if (ME->getMemberDecl() == Where.Outer) {
        Extractions.push_back(ME);
        continue;
      }
      // r.Ok(), r.err: the status, or another part of the result.
      if (llvm::isa<CXXMethodDecl, FieldDecl>(ME->getMemberDecl()))
        continue;
    }
    OtherUse = true;
  }
  if (OtherUse || Extractions.size() > 1)
    return {}; // passed on, or taken apart more than once: not followed
  if (Extractions.empty())
    return discarded();
  CreationTarget Target =
      resolveFrom(*Extractions.front(), Where, Extractions.front()->getType(),
                  /*AtHandleLevel=*/true, /*MayFollowVariable=*/false);
  Target.CreatedAt = Extractions.front();
  return Target;
}

std::optional<HandleSlot>
CreationTargetResolver::handleVariable(const Expr *Target) {
  const auto *Ref = llvm::dyn_cast<DeclRefExpr>(Target->IgnoreParenImpCasts());
  if (!Ref)
    return std::nullopt;
  if (const auto *Binding = llvm::dyn_cast<BindingDecl>(Ref->getDecl())) {
    const auto *Decomposition =
        llvm::dyn_cast_or_null<VarDecl>(Binding->getDecomposedDecl());
    if (!Index.isOwnedLocal(Decomposition))
      return std::nullopt;
    TargetExprs.insert(Ref);
    return wholeSlot(Binding, Decomposition);
  }
  if (!Index.isOwnedValue(llvm::dyn_cast<VarDecl>(Ref->getDecl())))
    return std::nullopt;
  TargetExprs.insert(Ref);
  const auto *VD = llvm::cast<VarDecl>(Ref->getDecl());
  return wholeSlot(VD, VD);
}

} // namespace clang::tidy::lostcancel
