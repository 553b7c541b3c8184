//===--- UseClassifier.cpp - lostcancel -----------------------------------===//

#include "analysis/UseClassifier.h"
#include "analysis/ExprPatterns.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::lostcancel {

using K = HandleUse::Kind;

namespace {

/// Below `&h`, only a function call (or a wrapper on the way to one) keeps
/// the handle ours: a release or use function taking the address, or a
/// thread start.
bool keepsAddress(const Stmt *Parent) {
  return Parent &&
         (isTransparent(Parent) || (llvm::isa<CallExpr>(Parent) &&
                                    !llvm::isa<CXXOperatorCallExpr>(Parent)));
}

/// The index of \p E among \p Call's arguments (the last, if it is there
/// more than once), or the argument count.
unsigned argumentIndex(const CallExpr &Call, const Expr *E) {
  unsigned ArgIndex = Call.getNumArgs();
  for (unsigned I = 0; I < Call.getNumArgs(); ++I)
    if (Call.getArg(I) == E)
      ArgIndex = I;
  return ArgIndex;
}

/// The handle as argument \p ArgIndex of an overloaded operator, when the
/// operator decides.
std::optional<HandleUse> overloadedOperand(const CXXOperatorCallExpr &Op,
                                           unsigned ArgIndex) {
  switch (Op.getOperator()) {
  case OO_Call:
    return ArgIndex == 0 ? HandleUse{K::Release, nullptr, &Op}
                         : HandleUse{K::Transfer};
  case OO_Equal:
    return ArgIndex == 0 ? HandleUse{K::Target} : HandleUse{K::Transfer};
  case OO_EqualEqual:
  case OO_ExclaimEqual:
  case OO_Exclaim:
  case OO_AmpAmp:
  case OO_PipePipe:
    return HandleUse{K::Read};
  default:
    return std::nullopt;
  }
}

std::optional<HandleUse> binaryOperand(const BinaryOperator &BO,
                                       const Expr *E) {
  if (BO.isAssignmentOp())
    return BO.getLHS() == E ? HandleUse{K::Target} : HandleUse{K::Transfer};
  if (BO.getOpcode() == BO_Comma) {
    if (BO.getLHS() == E)
      return HandleUse{K::Read};
    return std::nullopt;
  }
  return HandleUse{K::Read}; // comparisons and logical operators
}

std::optional<HandleUse> unaryOperand(const UnaryOperator &UO,
                                      bool &AddressTaken) {
  switch (UO.getOpcode()) {
  case UO_Deref:
    return std::nullopt;
  case UO_AddrOf:
    if (AddressTaken)
      return HandleUse{K::Transfer};
    AddressTaken = true;
    return std::nullopt;
  default:
    return HandleUse{K::Read};
  }
}

/// The thread variable a thread start's thread argument (`&thread`) names.
const VarDecl *threadNamedBy(const Expr *ThreadArg) {
  const Expr *First = ThreadArg->IgnoreParenImpCasts();
  if (const auto *Addr = llvm::dyn_cast<UnaryOperator>(First);
      Addr && Addr->getOpcode() == UO_AddrOf)
    First = Addr->getSubExpr();
  return referencedVar(First);
}

/// Is \p S a call of std::ref or std::cref?
bool isRefWrapper(const Stmt *S) {
  const auto *Call = llvm::dyn_cast_or_null<CallExpr>(S);
  return Call && Call->getNumArgs() == 1 &&
         isStdFunction(Call->getDirectCallee(), {"ref", "cref"});
}

/// \p Found, what a `std::ref(h)` (\p Wrapper, if any) is used for: a
/// thread gets a reference to the handle (SPEC §7.20); anything else is a
/// transfer, as for any unknown call.
HandleUse throughRefWrapper(HandleUse Found, const Expr *Wrapper) {
  if (!Wrapper)
    return Found;
  if (Found.K != K::Thread)
    return {K::Transfer};
  Found.RefWrapper = Wrapper;
  return Found;
}

} // namespace

bool UseClassifier::inTakeMacro(const Expr &Use) const {
  const SourceManager &SM = Index.context().getSourceManager();
  const LangOptions &LangOpts = Index.context().getLangOpts();
  SourceLocation Loc = Use.getBeginLoc();
  // Each macro the mention is expanded through, innermost first; the walk
  // is bounded like every other.
  for (unsigned Depth = 0; Loc.isMacroID() && Depth < ScopeIndex::MaxWalkDepth;
       ++Depth) {
    if (SM.isMacroArgExpansion(Loc) &&
        Model.isTakeName(Lexer::getImmediateMacroName(Loc, SM, LangOpts)))
      return true;
    Loc = SM.getImmediateMacroCallerLoc(Loc);
  }
  return false;
}

HandleUse UseClassifier::classify(const Expr *Use) const {
  if (TargetExprs.contains(Use))
    return {K::Target}; // where a creation stores the handle
  // SPEC §7.17: `TAKE_FD(fd)` takes the handle and resets the variable.
  if (inTakeMacro(*Use))
    return {K::Transfer};
  // `&h`: only a release or use function taking the address, or
  // pthread_create's argument, keeps the handle ours; any other alias is a
  // transfer (aliases are not tracked).
  bool AddressTaken = false;
  // `std::ref(h)`: a reference to the handle goes on up.
  const Expr *RefWrapper = nullptr;
  for (const auto &[Child, Parent] : Index.ancestors(*Use)) {
    const Stmt *PS = Parent.get<Stmt>();
    if (AddressTaken && !keepsAddress(PS))
      return {K::Transfer};
    if (const auto *VD = Parent.get<VarDecl>())
      return throughRefWrapper(initializes(*VD), RefWrapper);
    if (!PS)
      return {K::Transfer};
    if (!RefWrapper && !AddressTaken && isRefWrapper(PS)) {
      RefWrapper = llvm::cast<Expr>(PS);
      continue;
    }
    if (std::optional<HandleUse> Found =
            usedBy(*PS, Child.get<Expr>(), AddressTaken))
      return throughRefWrapper(*Found, RefWrapper);
  }
  return {K::Transfer};
}

std::optional<HandleUse> UseClassifier::usedBy(const Stmt &Parent,
                                               const Expr *E,
                                               bool &AddressTaken) const {
  if (const auto *Cast = llvm::dyn_cast<CStyleCastExpr>(&Parent);
      Cast && Cast->getType()->isVoidType())
    return HandleUse{K::Read};
  if (isTransparent(&Parent))
    return std::nullopt;
  if (const auto *Cons = llvm::dyn_cast<CXXConstructExpr>(&Parent))
    return constructs(*Cons);
  if (const auto *Init = llvm::dyn_cast<InitListExpr>(&Parent))
    return initListOperand(*Init);
  if (const auto *ME = llvm::dyn_cast<MemberExpr>(&Parent))
    return memberOf(*ME);
  if (const auto *Call = llvm::dyn_cast<CallExpr>(&Parent))
    return callOperand(*Call, E, AddressTaken);
  if (const auto *BO = llvm::dyn_cast<BinaryOperator>(&Parent))
    return binaryOperand(*BO, E);
  if (const auto *UO = llvm::dyn_cast<UnaryOperator>(&Parent))
    return unaryOperand(*UO, AddressTaken);
  if (const auto *CO = llvm::dyn_cast<AbstractConditionalOperator>(&Parent)) {
    if (CO->getCond() == E)
      return HandleUse{K::Read};
    return std::nullopt;
  }
  if (llvm::isa<ReturnStmt, CoreturnStmt>(Parent))
    return HandleUse{K::Transfer};
  if (llvm::isa<CXXRewrittenBinaryOperator>(Parent))
    return HandleUse{K::Read}; // a C++20 comparison (h != nullptr)
  if (llvm::isa<LambdaExpr>(Parent))
    return HandleUse{K::Read}; // a capture: handled as the closure
  if (llvm::isa<Expr>(Parent))
    return HandleUse{K::Transfer};
  return HandleUse{K::Read}; // an expression statement or a condition
}

HandleUse UseClassifier::initializes(const VarDecl &VD) const {
  if (VD.isInitCapture())
    return {K::Read}; // judged with the lambda that captures it
  if (Model.isGuardType(VD.getType()))
    return {K::Guard, Index.isOwnedLocal(&VD) ? &VD : nullptr};
  if (Index.isOwnedValue(&VD))
    return {K::CopiedToLocal, &VD};
  return {K::Transfer};
}

std::optional<HandleUse>
UseClassifier::constructs(const CXXConstructExpr &Cons) const {
  if (Model.isGuardType(Cons.getType()))
    return HandleUse{K::Guard, guardVarOf(&Cons), &Cons};
  if (ApiModel::isThreadType(Cons.getType())) {
    const VarDecl *Thread = guardVarOf(&Cons);
    return HandleUse{K::Thread, Thread, &Cons, detachOf(Thread, &Cons)};
  }
  if (isCopyOrWrap(&Cons))
    return std::nullopt;
  return HandleUse{K::Transfer};
}

HandleUse UseClassifier::initListOperand(const InitListExpr &Init) const {
  if (Model.isGuardType(Init.getType()))
    return {K::Guard, guardVarOf(&Init), &Init};
  // `Job job{ctx, cancel}`, `auto *job = new Job{ctx, cancel}`: the
  // aggregate carries the handle (SPEC §7.10, one level).
  if (const VarDecl *Holder = aggregateHolderOf(Init))
    return {K::Aggregated, Holder, &Init};
  return {K::Transfer};
}

HandleUse UseClassifier::memberOf(const MemberExpr &ME) const {
  // A member of the handle itself: h.operator()(), h.Stop(), h.target().
  const auto *MD = llvm::dyn_cast<CXXMethodDecl>(ME.getMemberDecl());
  if (!MD)
    return {K::Read};
  if (MD->getOverloadedOperator() == OO_Call || Model.isReleaseMethod(*MD))
    return {K::Release};
  return {K::Read};
}

std::optional<HandleUse> UseClassifier::callOperand(const CallExpr &Call,
                                                    const Expr *E,
                                                    bool AddressTaken) const {
  if (Call.getCallee() == E)
    return HandleUse{K::Release, nullptr, &Call};
  unsigned ArgIndex = argumentIndex(Call, E);
  if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(&Call))
    if (std::optional<HandleUse> Use = overloadedOperand(*Op, ArgIndex))
      return Use;
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee)
    return HandleUse{K::Transfer};
  if (isStdFunction(Callee, {"move", "forward", "as_const"}))
    return std::nullopt;
  if (isStdFunction(Callee, {"invoke", "invoke_r"}))
    return ArgIndex == 0 ? HandleUse{K::Release, nullptr, &Call}
                         : HandleUse{K::Transfer};
  if (isStdFunction(Callee, {"tie"}))
    return HandleUse{K::Target};
  return argumentOf(Call, *Callee, ArgIndex, AddressTaken);
}

HandleUse UseClassifier::argumentOf(const CallExpr &Call,
                                    const FunctionDecl &Callee,
                                    unsigned ArgIndex,
                                    bool AddressTaken) const {
  // A take function (SPEC §7.17), given the variable or its address.
  if (const IdentifierInfo *II = Callee.getIdentifier();
      (II && Model.isTakeName(II->getName())) ||
      Model.isTakeName(Callee.getQualifiedNameAsString()))
    return {K::Transfer};
  // pthread_create(&thread, attr, routine, arg)
  if (const ThreadStartFunction *Start = ApiModel::threadStartOf(Callee);
      Start && ArgIndex == Start->DataArg &&
      Call.getNumArgs() == Start->NumArgs) {
    const VarDecl *Thread = threadNamedBy(Call.getArg(Start->ThreadArg));
    const Expr *Detach = detachOf(Thread, nullptr);
    if (!Detach)
      Detach = detachingAttributes(*Call.getArg(Start->AttrArg));
    return {K::Thread, Thread, &Call, Detach};
  }
  if (!AddressTaken && Model.isGuardFunction(Callee))
    return {K::Guard, guardVarOf(&Call), &Call};
  if (Model.isUseArgument(Callee, ArgIndex))
    return {K::Read};
  if (Model.isReleaseArgument(Callee, ArgIndex, AddressTaken))
    return {K::Release, nullptr, &Call};
  if (Summaries)
    if (std::optional<CalleeEffect> Effect =
            Summaries->effectAt(Call, Callee, ArgIndex, AddressTaken)) {
      // SPEC §8.1: a release on some paths leaves the caller unsure what it
      // holds -- a transfer, as is a keep, except where the call's result
      // is tested (ScopeEvents::Keepers).
      HandleUse Use{K::Transfer, nullptr, &Call};
      if (Effect->Summary.Effect == ParamEffect::Uses)
        Use.K = K::Read;
      else if (Effect->Summary.Effect == ParamEffect::Releases)
        Use.K = K::Release;
      Use.SummarisedBy = Effect->Param;
      Use.Summary = std::move(Effect->Summary);
      return Use;
    }
  return {K::Transfer};
}

const VarDecl *UseClassifier::guardVarOf(const Expr *GuardExpr) const {
  for (const AncestorStep &Step : Index.ancestors(*GuardExpr)) {
    if (const auto *VD = Step.Parent.get<VarDecl>())
      return Index.isOwnedLocal(VD) ? VD : nullptr;
    const Stmt *S = Step.Parent.get<Stmt>();
    if (!S)
      return nullptr;
    const auto *Cons = llvm::dyn_cast<CXXConstructExpr>(S);
    if (!isTransparent(S) && !(Cons && isCopyOrWrap(Cons)))
      return nullptr;
  }
  return nullptr;
}

const Expr *UseClassifier::detachOf(const VarDecl *Thread,
                                    const Expr *Start) const {
  if (Thread) {
    for (const auto &[Ref, Closure] : Index.referencesTo(Thread))
      if (const Expr *Detach = detachingCall(*Ref))
        return Detach;
    return nullptr;
  }
  return Start ? detachingCall(*Start) : nullptr;
}

const Expr *UseClassifier::detachingAttributes(const Expr &AttrArg) const {
  // `&attr`, or a pointer to the attributes.
  const VarDecl *Attr = threadNamedBy(&AttrArg);
  if (!Attr)
    return nullptr;
  for (const auto &[Ref, Closure] : Index.referencesTo(Attr)) {
    DynTypedNode Up = Index.parentAboveParensAndCasts(*Ref);
    const Expr *Arg = Ref;
    if (const auto *Addr = Up.get<UnaryOperator>();
        Addr && Addr->getOpcode() == UO_AddrOf) {
      Arg = Addr;
      Up = Index.parentAboveParensAndCasts(*Addr);
    }
    const auto *Call = Up.get<CallExpr>();
    if (Call && Call->getNumArgs() > 0 &&
        Call->getArg(0)->IgnoreParenImpCasts() == Arg &&
        ApiModel::setsDetachedState(*Call))
      return Call;
  }
  return nullptr;
}

const Expr *UseClassifier::detachingCall(const Expr &Use) const {
  for (const AncestorStep &Step : Index.ancestors(Use)) {
    const Stmt *S = Step.Parent.get<Stmt>();
    if (!S)
      return nullptr;
    if (const auto *Call = llvm::dyn_cast<CXXMemberCallExpr>(S)) {
      const CXXMethodDecl *Method = Call->getMethodDecl();
      return Method && Model.isDetachFunction(*Method) ? Call : nullptr;
    }
    if (const auto *Call = llvm::dyn_cast<CallExpr>(S)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      return Callee && Model.isDetachFunction(*Callee) ? Call : nullptr;
    }
    if (!llvm::isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr,
                   CXXBindTemporaryExpr, CXXFunctionalCastExpr, MemberExpr>(S))
      return nullptr;
  }
  return nullptr;
}

const VarDecl *UseClassifier::aggregateHolderOf(const Expr &Aggregate) const {
  for (const AncestorStep &Step : Index.ancestors(Aggregate)) {
    if (const auto *VD = Step.Parent.get<VarDecl>())
      return Index.isOwnedLocal(VD) ? VD : nullptr;
    const Stmt *S = Step.Parent.get<Stmt>();
    if (!S || !(isTransparent(S) || llvm::isa<CXXNewExpr>(S)))
      return nullptr;
  }
  return nullptr;
}

llvm::SmallVector<Mention, 4>
UseClassifier::mentionsOfDecl(const ValueDecl *D) const {
  llvm::SmallVector<Mention, 4> Result;
  for (const auto &[Ref, Closure] : Index.referencesTo(D))
    Result.push_back({Ref, Ref, Closure});
  return Result;
}

llvm::SmallVector<Mention, 4>
UseClassifier::mentionsOf(const HandleSlot &Slot) const {
  llvm::SmallVector<Mention, 4> Result;
  for (const Mention &M : mentionsOfDecl(Slot.Var)) {
    if (Slot.Pointee) {
      // `*p` is the handle; `p` alone is the pointer to it.
      DynTypedNode P = Index.parentAboveParensAndCasts(*M.Anchor);
      const auto *Deref = P.get<UnaryOperator>();
      if (Deref && Deref->getOpcode() == UO_Deref)
        Result.push_back({Deref, M.Anchor, M.Closure});
      else
        Result.push_back(M);
      continue;
    }
    if (!Slot.Aggregate) {
      Result.push_back(M);
      continue;
    }
    // An aggregate: only the handle element, or the whole variable.
    DynTypedNode P = Index.parentAboveParensAndCasts(*M.Anchor);
    if (const auto *ME = P.get<MemberExpr>()) {
      if (Slot.Field && ME->getMemberDecl() == Slot.Field) {
        Result.push_back({ME, M.Anchor, M.Closure});
        continue;
      }
      if (llvm::isa<FieldDecl>(ME->getMemberDecl()))
        continue; // another element
    }
    if (const auto *Call = P.get<CallExpr>()) {
      llvm::SmallVector<QualType, 4> Elements =
          tupleElementTypes(Slot.Var->getType());
      if (std::optional<unsigned> Element = stdGetIndex(Call, Elements)) {
        if (*Element == Slot.Index)
          Result.push_back({Call, M.Anchor, M.Closure});
        continue;
      }
    }
    Result.push_back(M); // the whole aggregate
  }
  return Result;
}

llvm::SmallVector<Capture, 4> UseClassifier::capturesOf(const Expr &Closure) {
  llvm::SmallVector<Capture, 4> Result;
  if (const auto *Lambda = llvm::dyn_cast<LambdaExpr>(&Closure)) {
    for (const LambdaCapture &C : Lambda->captures())
      if (C.capturesVariable())
        Result.push_back({C.getCapturedVar(), C.getCaptureKind() == LCK_ByRef,
                          C.getLocation()});
  } else if (const auto *Block = llvm::dyn_cast<BlockExpr>(&Closure)) {
    for (const BlockDecl::Capture &C : Block->getBlockDecl()->captures())
      Result.push_back({C.getVariable(), C.isByRef(), Block->getBeginLoc()});
  }
  return Result;
}

} // namespace clang::tidy::lostcancel
