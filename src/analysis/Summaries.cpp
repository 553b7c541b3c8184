//===--- Summaries.cpp - lostcancel ---------------------------------------===//

#include "analysis/Summaries.h"
#include "analysis/HandleUses.h"
#include "analysis/ScopeAnalysis.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/Support/SaveAndRestore.h"

namespace clang::tidy::lostcancel {

namespace {

/// The slot of a handle parameter: the parameter, or what it points to.
HandleSlot parameterSlot(const ParmVarDecl &Param, bool ByAddress) {
  HandleSlot Slot = wholeSlot(&Param, &Param);
  Slot.Pointee = ByAddress;
  return Slot;
}

/// Is \p Pointer only tested there: `!p`, `p == NULL`, `p != NULL`, or a
/// condition or logical operand on its own? Or evaluated and dropped
/// (`(void)p;`)?
bool isPointerTest(const Expr &Pointer, const ScopeIndex &Index) {
  DynTypedNode P = Index.parentAboveParensAndCasts(Pointer);
  if (const auto *Cast = P.get<CStyleCastExpr>();
      Cast && Cast->getType()->isVoidType())
    P = Index.parentAboveParensAndCasts(*Cast);
  if (P.get<CompoundStmt>())
    return true;
  if (const auto *UO = P.get<UnaryOperator>())
    return UO->getOpcode() == UO_LNot;
  if (const auto *BO = P.get<BinaryOperator>())
    return BO->isEqualityOp() || BO->isLogicalOp();
  if (const auto *If = P.get<IfStmt>())
    return If->getCond() && If->getCond()->IgnoreParenImpCasts() == &Pointer;
  return false;
}

/// Is \p Handle (`*p`) the target of an assignment of a constant (`*p =
/// -1`, `*p = NULL`): the caller's variable is left empty?
bool emptiedBy(const Expr &Handle, const ScopeIndex &Index,
               const ASTContext &Ctx) {
  const auto *Assign =
      Index.parentAboveParensAndCasts(Handle).get<BinaryOperator>();
  if (!Assign || Assign->getOpcode() != BO_Assign)
    return false;
  const Expr *Value = Assign->getRHS()->IgnoreParenImpCasts();
  Expr::EvalResult Result;
  return !Value->isValueDependent() &&
         (Value->EvaluateAsInt(Result, Ctx) ||
          Value->isNullPointerConstant(const_cast<ASTContext &>(Ctx),
                                       Expr::NPC_ValueDependentIsNotNull));
}

/// Does `X Op Bound` hold?
bool compares(std::int64_t X, BinaryOperatorKind Op, std::int64_t Bound) {
  switch (Op) {
  case BO_EQ:
    return X == Bound;
  case BO_NE:
    return X != Bound;
  case BO_LT:
    return X < Bound;
  case BO_LE:
    return X <= Bound;
  case BO_GT:
    return X > Bound;
  case BO_GE:
    return X >= Bound;
  default:
    return false;
  }
}

/// Is \p Value a pointer that cannot be null: an address (`&slots[i]`), an
/// array, `this`, a string literal, or a `new` that throws on failure?
bool isNonNull(const Expr *Value) {
  Value = Value->IgnoreParenCasts();
  if (const auto *UO = llvm::dyn_cast<UnaryOperator>(Value))
    return UO->getOpcode() == UO_AddrOf;
  if (const auto *New = llvm::dyn_cast<CXXNewExpr>(Value))
    return !New->shouldNullCheckAllocation();
  if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(Value))
    return Ref->getType()->isArrayType();
  return llvm::isa<CXXThisExpr, StringLiteral>(Value);
}

/// The constant a return statement returns: an integer, a bool, or for a
/// pointer 0 (null) or 1 (an address that cannot be null); none for
/// anything else.
std::optional<std::int64_t> returnedConstant(const Stmt *S,
                                             const ASTContext &Ctx) {
  const auto *Return = llvm::dyn_cast_or_null<ReturnStmt>(S);
  const Expr *Value = Return ? Return->getRetValue() : nullptr;
  if (!Value || Value->isValueDependent())
    return std::nullopt;
  if (Value->getType()->isPointerType()) {
    if (Value->isNullPointerConstant(const_cast<ASTContext &>(Ctx),
                                     Expr::NPC_ValueDependentIsNotNull))
      return 0;
    if (isNonNull(Value))
      return 1;
    return std::nullopt;
  }
  Expr::EvalResult Result;
  if (!Value->getType()->isIntegralOrEnumerationType() ||
      !Value->EvaluateAsInt(Result, Ctx))
    return std::nullopt;
  // A bool or unsigned result is read as unsigned (true is 1, not -1).
  llvm::APSInt Int = Result.Val.getInt();
  if (Value->getType()->isBooleanType() ||
      Value->getType()->isUnsignedIntegerOrEnumerationType())
    Int.setIsUnsigned(true);
  if (Int.getSignificantBits() > 64 ||
      (Int.isUnsigned() && Int.getActiveBits() > 63))
    return std::nullopt;
  return Int.getExtValue();
}

/// Adds \p X to the sorted, distinct \p Values.
void addValue(llvm::SmallVectorImpl<std::int64_t> &Values, std::int64_t X) {
  auto *It = llvm::lower_bound(Values, X);
  if (It == Values.end() || *It != X)
    Values.insert(It, X);
}

/// The summary the paths of a function give its handle parameter.
ParamSummary fromFlow(const ParameterFlow &Flow, const ASTContext &Ctx) {
  ParamSummary Summary;
  llvm::SmallVector<const ParameterExit *, 4> Normal;
  for (const ParameterExit &Exit : Flow.Exits)
    if (Exit.Exit.Kind != ExitKind::Throw)
      Normal.push_back(&Exit);
  // A function that never returns says nothing of its parameter.
  if (Normal.empty())
    return Summary;
  bool SomeHeld = llvm::any_of(
      Normal, [](const ParameterExit *Exit) { return Exit->Held; });
  if (!Flow.Transferred) {
    if (!Flow.Released)
      Summary.Effect = ParamEffect::Uses;
    else
      Summary.Effect =
          SomeHeld ? ParamEffect::ReleasesOnSomePaths : ParamEffect::Releases;
    return Summary;
  }
  // SPEC §8.2: kept exactly on the paths that return some values, held on
  // those that return others, released on none.
  if (Flow.Released)
    return Summary;
  for (const ParameterExit *Exit : Normal) {
    if (Exit->Forwarded) {
      for (std::int64_t X : Exit->Forwarded->KeptValues)
        addValue(Summary.KeptValues, X);
      for (std::int64_t X : Exit->Forwarded->HeldValues)
        addValue(Summary.HeldValues, X);
      continue;
    }
    std::optional<std::int64_t> Value =
        returnedConstant(Exit->Exit.Statement, Ctx);
    if (!Value || Exit->Held == Exit->Kept)
      return Summary;
    addValue(Exit->Kept ? Summary.KeptValues : Summary.HeldValues, *Value);
  }
  if (Summary.KeptValues.empty() || Summary.HeldValues.empty() ||
      llvm::any_of(Summary.KeptValues, [&](std::int64_t X) {
        return llvm::is_contained(Summary.HeldValues, X);
      })) {
    Summary.KeptValues.clear();
    Summary.HeldValues.clear();
    return Summary;
  }
  Summary.Effect = ParamEffect::TransfersOnSuccess;
  return Summary;
}

} // namespace

/// Can a call to \p Callee run any other body than its definition's? A
/// virtual method that is not final may be overridden.
bool mayDispatchElsewhere(const FunctionDecl &Callee) {
  const auto *Method = llvm::dyn_cast<CXXMethodDecl>(&Callee);
  if (!Method || !Method->isVirtual())
    return false;
  return !Method->hasAttr<FinalAttr>() &&
         !Method->getParent()->hasAttr<FinalAttr>();
}

std::optional<bool> ParamSummary::keptWhen(BinaryOperatorKind Op,
                                           std::int64_t Bound,
                                           bool Holds) const {
  if (Effect != ParamEffect::TransfersOnSuccess)
    return std::nullopt;
  auto Possible = [&](std::int64_t X) {
    return compares(X, Op, Bound) == Holds;
  };
  bool MayKeep = llvm::any_of(KeptValues, Possible);
  bool MayHold = llvm::any_of(HeldValues, Possible);
  if (MayKeep == MayHold)
    return std::nullopt;
  return MayKeep;
}

std::optional<CalleeEffect>
CalleeSummaries::effectAt(const CallExpr &Call, const FunctionDecl &Callee,
                          unsigned Arg, bool ByAddress) {
  // A member operator call counts the object as argument 0.
  if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(&Call);
      Op && llvm::isa<CXXMethodDecl>(Callee)) {
    if (Arg == 0)
      return std::nullopt;
    --Arg;
  }
  return effectOf(Callee, Arg, ByAddress);
}

std::optional<CalleeEffect>
CalleeSummaries::effectOf(const FunctionDecl &Callee, unsigned Arg,
                          bool ByAddress) {
  const FunctionDecl *Definition = nullptr;
  if (!Callee.hasBody(Definition) || Definition->isVariadic() ||
      Arg >= Definition->getNumParams() || mayDispatchElsewhere(Callee) ||
      Definition->isInvalidDecl())
    return std::nullopt;
  if (ByAddress && !Definition->getParamDecl(Arg)->getType()->isPointerType())
    return std::nullopt;
  ParamSummary Summary = summary(*Definition, Arg, ByAddress);
  if (Summary.Effect == ParamEffect::Transfers)
    return std::nullopt;
  return CalleeEffect{Definition->getParamDecl(Arg), std::move(Summary)};
}

ParamSummary CalleeSummaries::summary(const FunctionDecl &Definition,
                                      unsigned Param, bool ByAddress) {
  auto Key = std::make_pair(&Definition, (2 * Param) + (ByAddress ? 1 : 0));
  if (auto It = Known.find(Key); It != Known.end())
    return It->second;
  if (Depth >= MaxDepth)
    return {};
  // Until it is known, a recursive call sees a transfer.
  Known[Key] = ParamSummary();
  ParamSummary Summary = compute(Definition, Param, ByAddress);
  publish(Definition, Param, ByAddress, Summary);
  return Known[Key] = std::move(Summary);
}

ParamSummary CalleeSummaries::compute(const FunctionDecl &Definition,
                                      unsigned Index, bool ByAddress) {
  llvm::SaveAndRestore Nested(Depth, Depth + 1);
  const ParmVarDecl *Param = Definition.getParamDecl(Index);
  HandleUses Uses(Definition, Model, Ctx, /*Body=*/nullptr, this);
  if (Uses.containsErrors())
    return {};
  HandleSlot Slot = parameterSlot(*Param, ByAddress);
  bool OnlyReads = true;
  for (const Mention &M : Uses.mentionsOf(Slot)) {
    // A closure's mention is not followed. Given the handle's address, the
    // pointer itself may only be tested; the handle may be emptied
    // (`*fd = -1`).
    if (M.Closure)
      return {};
    if (ByAddress && M.Use == M.Anchor) {
      if (!isPointerTest(*M.Anchor, Uses.index()))
        return {};
      continue;
    }
    HandleUse Use = Uses.classify(M.Use);
    // An assignment makes the parameter hold something else than the
    // caller's handle.
    if (Use.K == HandleUse::Kind::Target) {
      if (!ByAddress || !emptiedBy(*M.Use, Uses.index(), Ctx))
        return {};
      continue;
    }
    OnlyReads &= Use.K == HandleUse::Kind::Read;
  }
  if (OnlyReads) {
    ParamSummary Summary;
    Summary.Effect = ParamEffect::Uses;
    return Summary;
  }
  std::optional<ParameterFlow> Flow =
      analyzeParameter(Definition, Slot, Uses, Ctx);
  return Flow ? fromFlow(*Flow, Ctx) : ParamSummary();
}

void CalleeSummaries::publish(const FunctionDecl &Definition, unsigned Param,
                              bool ByAddress, const ParamSummary &Summary) {
  llvm::SmallString<128> USR;
  if (index::generateUSRForDecl(&Definition, USR))
    return; // no USR: kept by declaration only
  FunctionSummary &Function = ByUSR[USR];
  llvm::SmallVector<ParamSummary, 2> &Params =
      ByAddress ? Function.ByAddress : Function.ByValue;
  if (Params.size() < Definition.getNumParams())
    Params.resize(Definition.getNumParams());
  Params[Param] = Summary;
}

} // namespace clang::tidy::lostcancel
