//===--- ConditionTests.cpp - lostcancel ----------------------------------===//

#include "analysis/ConditionTests.h"
#include "analysis/ExprPatterns.h"
#include "clang/AST/DeclCXX.h"

namespace clang::tidy::lostcancel {

namespace {

/// Sets the tested value of \p Test: a creation call, an assignment of
/// one, a variable. False when \p Operand is none of these.
bool setTestedOperand(StatusTest &Test, const Expr *Operand) {
  Operand = stripToValue(Operand);
  if (const auto *BO = llvm::dyn_cast<BinaryOperator>(Operand);
      BO && BO->getOpcode() == BO_Assign) {
    Test.Call = llvm::dyn_cast<CallExpr>(stripToValue(BO->getRHS()));
    Operand = stripToValue(BO->getLHS());
  } else if (const auto *Call = llvm::dyn_cast<CallExpr>(Operand)) {
    Test.Call = Call;
    return true;
  }
  if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(Operand))
    Test.Var = llvm::dyn_cast<VarDecl>(Ref->getDecl());
  return Test.Call || Test.Var;
}

/// `r.err`: a member's truthiness.
std::optional<StatusTest> memberTest(StatusTest Test, const MemberExpr &ME) {
  const auto *Field = llvm::dyn_cast<FieldDecl>(ME.getMemberDecl());
  Test.Var = Field ? referencedVar(ME.getBase()) : nullptr;
  if (!Test.Var)
    return std::nullopt;
  Test.K = StatusTest::Kind::Member;
  Test.Name = Field->getName().str();
  return Test;
}

/// `r.Ok()`, `r` (a bool conversion), `r.err` converted to bool.
std::optional<StatusTest> methodTest(StatusTest Test,
                                     const CXXMemberCallExpr &MC) {
  const CXXMethodDecl *MD = MC.getMethodDecl();
  if (!MD || MC.getNumArgs() != 0)
    return std::nullopt;
  const Expr *Object = MC.getImplicitObjectArgument()->IgnoreParenImpCasts();
  if (llvm::isa<CXXConversionDecl>(MD)) {
    if (const auto *ME = llvm::dyn_cast<MemberExpr>(Object))
      return memberTest(Test, *ME);
    Test.Name = "bool";
  } else if (MD->getIdentifier()) {
    Test.Name = MD->getName().str();
  } else {
    return std::nullopt;
  }
  Test.K = StatusTest::Kind::Method;
  Test.Var = referencedVar(Object);
  return Test.Var ? std::optional(Test) : std::nullopt;
}

/// \p Side's value, when it is an integer constant that fits in 64 bits.
std::optional<int64_t> constantOf(const Expr *Side, const ASTContext &Ctx) {
  // NULL against a pointer result (a keeper's, SPEC §8.2): 0.
  if (Side->getType()->isPointerType() &&
      Side->isNullPointerConstant(const_cast<ASTContext &>(Ctx),
                                  Expr::NPC_ValueDependentIsNotNull))
    return 0;
  Expr::EvalResult Value;
  if (Side->isValueDependent() || !Side->EvaluateAsInt(Value, Ctx) ||
      Value.Val.getInt().getSignificantBits() > 64)
    return std::nullopt;
  return Value.Val.getInt().getExtValue();
}

/// `X Op K`, `K Op X`.
std::optional<StatusTest> comparisonTest(StatusTest Test,
                                         const BinaryOperator &BO,
                                         const ASTContext &Ctx) {
  Test.Op = BO.getOpcode();
  if (std::optional<int64_t> Bound = constantOf(BO.getRHS(), Ctx)) {
    Test.Bound = *Bound;
    return setTestedOperand(Test, BO.getLHS()) ? std::optional(Test)
                                               : std::nullopt;
  }
  if (std::optional<int64_t> Bound = constantOf(BO.getLHS(), Ctx)) {
    Test.Bound = *Bound;
    Test.Op = BinaryOperator::reverseComparisonOp(Test.Op);
    return setTestedOperand(Test, BO.getRHS()) ? std::optional(Test)
                                               : std::nullopt;
  }
  return std::nullopt;
}

/// `A == B` or `A != B`, built in or overloaded.
struct Equality {
  const Expr *LHS;
  const Expr *RHS;
  bool IsEqual;
};

std::optional<Equality> equalityOf(const Expr *E) {
  if (const auto *BO = llvm::dyn_cast<BinaryOperator>(E);
      BO && BO->isEqualityOp())
    return Equality{BO->getLHS(), BO->getRHS(), BO->getOpcode() == BO_EQ};
  if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(E);
      Op && Op->getNumArgs() == 2 &&
      (Op->getOperator() == OO_EqualEqual ||
       Op->getOperator() == OO_ExclaimEqual))
    return Equality{Op->getArg(0), Op->getArg(1),
                    Op->getOperator() == OO_EqualEqual};
  return std::nullopt;
}

/// \p E below `!` and C++20 rewritten comparisons; \p Negated flips at
/// each `!`.
const Expr *stripNegations(const Expr *E, bool &Negated) {
  while (true) {
    if (const auto *Rewritten = llvm::dyn_cast<CXXRewrittenBinaryOperator>(E)) {
      E = stripToValue(Rewritten->getSemanticForm());
      continue;
    }
    if (const auto *UO = llvm::dyn_cast<UnaryOperator>(E);
        UO && UO->getOpcode() == UO_LNot) {
      Negated = !Negated;
      E = stripToValue(UO->getSubExpr());
      continue;
    }
    return E;
  }
}

/// An integer handle (a file descriptor) has no empty value: its tests
/// are creation-failure tests (statusTest).
bool isIntegerSlot(const HandleSlot &S) {
  QualType T = S.Aggregate ? S.ElementType : S.Var->getType();
  if (S.Pointee && !T.isNull() && T->isPointerType())
    T = T->getPointeeType();
  return !T.isNull() && T->isIntegerType();
}

bool isIntegerConstant(const Expr *X, const ASTContext &Ctx) {
  X = X->IgnoreParenImpCasts();
  return !X->isValueDependent() && X->getType()->isIntegerType() &&
         X->isIntegerConstantExpr(Ctx);
}

bool isZero(const Expr *X, const ASTContext &Ctx) {
  std::optional<llvm::APSInt> Value =
      X->IgnoreParenImpCasts()->getIntegerConstantExpr(Ctx);
  return Value && Value->isZero();
}

/// SPEC §8.4: in a summary, an integer handle parameter tested against the
/// negative values (`fd >= 0`, `*fd < 0`, `fd > -1`) is tested for being
/// empty: a descriptor is negative when there is none.
std::optional<EmptyTest> signTest(const Expr *E, bool Negated,
                                  llvm::ArrayRef<HandleSlot> Slots,
                                  const ASTContext &Ctx) {
  const auto *BO = llvm::dyn_cast<BinaryOperator>(E);
  if (!BO || !BO->isRelationalOp() || !isIntegerConstant(BO->getRHS(), Ctx))
    return std::nullopt;
  std::optional<int> Slot = slotNamedBy(BO->getLHS(), Slots);
  if (!Slot || !isIntegerSlot(Slots[*Slot]) ||
      !llvm::isa_and_nonnull<ParmVarDecl>(Slots[*Slot].Storage))
    return std::nullopt;
  std::optional<llvm::APSInt> Bound =
      BO->getRHS()->IgnoreParenImpCasts()->getIntegerConstantExpr(Ctx);
  if (!Bound)
    return std::nullopt;
  // Which side of the test holds exactly the negative values?
  BinaryOperatorKind Op = BO->getOpcode();
  bool EmptyWhenTrue;
  if ((Op == BO_LT && Bound->isZero()) || (Op == BO_LE && Bound->isAllOnes()))
    EmptyWhenTrue = true;
  else if ((Op == BO_GE && Bound->isZero()) ||
           (Op == BO_GT && Bound->isAllOnes()))
    EmptyWhenTrue = false;
  else
    return std::nullopt;
  return EmptyTest{*Slot, EmptyWhenTrue != Negated};
}

/// The operand of \p Eq compared with one that \p IsKnown accepts (the
/// right-hand one is tried first), or null.
template <typename Pred>
const Expr *comparedWith(const Equality &Eq, Pred IsKnown) {
  if (IsKnown(Eq.RHS))
    return Eq.LHS;
  if (IsKnown(Eq.LHS))
    return Eq.RHS;
  return nullptr;
}

/// The variable an assignment inside a condition writes (`(ev = make())
/// == NULL` tests ev, after the assignment), else \p E itself.
const Expr *assignedTo(const Expr *E) {
  if (const auto *BO = llvm::dyn_cast<BinaryOperator>(stripToValue(E));
      BO && BO->getOpcode() == BO_Assign)
    return stripToValue(BO->getLHS());
  return E;
}

std::optional<EmptyTest> equalityTest(const Equality &Eq, bool Negated,
                                      llvm::ArrayRef<HandleSlot> Slots,
                                      ASTContext &Ctx) {
  // h == nullptr, h != nullptr, nullptr == h
  const Expr *Handle =
      comparedWith(Eq, [&](const Expr *X) { return isNullPointer(X, Ctx); });
  if (Handle) {
    std::optional<int> Slot = slotNamedBy(assignedTo(Handle), Slots);
    if (Slot && !isIntegerSlot(Slots[*Slot]))
      return EmptyTest{*Slot, Eq.IsEqual != Negated};
  }
  // An integer handle against a constant, on either side: the value it
  // held before the creation wrote it (`zx_handle_t h = INVALID; ...
  // if (h != INVALID) close(h);`).
  const Expr *Constant = nullptr;
  const Expr *IntHandle = comparedWith(Eq, [&](const Expr *X) {
    Constant = X;
    return isIntegerConstant(X, Ctx);
  });
  if (!IntHandle)
    return std::nullopt;
  std::optional<int> Slot = slotNamedBy(assignedTo(IntHandle), Slots);
  if (!Slot || !isIntegerSlot(Slots[*Slot]))
    return std::nullopt;
  // A handle for which 0 means none (g_cancellable_connect's id), against
  // 0: an empty test whatever the variable held before.
  bool ZeroMeansNone = Slots[*Slot].ZeroIsEmpty && isZero(Constant, Ctx);
  return EmptyTest{*Slot, Eq.IsEqual != Negated,
                   /*IntegerConstant=*/!ZeroMeansNone};
}

bool storesOneOf(const Expr *RHS,
                 const llvm::DenseSet<const CallExpr *> &Stores) {
  const auto *Call = llvm::dyn_cast<CallExpr>(stripToValue(RHS));
  return Call && Stores.contains(Call);
}

/// Does \p Parent write the value \p E (a variable, possibly in
/// parentheses), other than storing one of \p Stores?
bool writes(const DynTypedNode &Parent, const Expr *E,
            const llvm::DenseSet<const CallExpr *> &Stores) {
  if (const auto *BO = Parent.get<BinaryOperator>())
    return BO->isAssignmentOp() && BO->getLHS() == E &&
           (BO->getOpcode() != BO_Assign || !storesOneOf(BO->getRHS(), Stores));
  if (const auto *UO = Parent.get<UnaryOperator>())
    return UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf;
  if (const auto *Op = Parent.get<CXXOperatorCallExpr>())
    return Op->isAssignmentOp() && Op->getNumArgs() == 2 &&
           Op->getArg(0) == E &&
           (Op->getOperator() != OO_Equal ||
            !storesOneOf(Op->getArg(1), Stores));
  return false;
}

} // namespace

std::optional<StatusTest> statusTest(const Expr &Cond, const ASTContext &Ctx) {
  StatusTest Test;
  const Expr *E = stripToValue(&Cond);
  while (const auto *UO = llvm::dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() != UO_LNot)
      break;
    Test.Negated = !Test.Negated;
    E = stripToValue(UO->getSubExpr());
  }
  if (const auto *MC = llvm::dyn_cast<CXXMemberCallExpr>(E))
    return methodTest(Test, *MC);
  if (const auto *ME = llvm::dyn_cast<MemberExpr>(E))
    return memberTest(Test, *ME);
  if (const auto *BO = llvm::dyn_cast<BinaryOperator>(E);
      BO && BO->isComparisonOp())
    return comparisonTest(Test, *BO, Ctx);
  // if (rc): rc != 0; if (p): p != NULL
  if (!E->getType()->isIntegerType() && !E->getType()->isPointerType())
    return std::nullopt;
  Test.Op = BO_NE;
  Test.Bound = 0;
  return setTestedOperand(Test, E) ? std::optional(Test) : std::nullopt;
}

std::optional<EmptyTest>
emptyTest(const Expr &Cond, llvm::ArrayRef<HandleSlot> Slots, ASTContext &Ctx) {
  bool Negated = false;
  const Expr *E = stripNegations(stripToValue(&Cond), Negated);
  if (std::optional<Equality> Eq = equalityOf(E))
    return equalityTest(*Eq, Negated, Slots, Ctx);
  if (std::optional<EmptyTest> Sign = signTest(E, Negated, Slots, Ctx))
    return Sign;
  // if (h): a conversion to bool (std::function::operator bool, or a
  // function pointer's implicit conversion, already stripped).
  if (const auto *MC = llvm::dyn_cast<CXXMemberCallExpr>(E))
    if (llvm::isa_and_nonnull<CXXConversionDecl>(MC->getMethodDecl()))
      E = MC->getImplicitObjectArgument();
  std::optional<int> Slot = slotNamedBy(assignedTo(E), Slots);
  if (!Slot || (isIntegerSlot(Slots[*Slot]) && !Slots[*Slot].ZeroIsEmpty))
    return std::nullopt;
  return EmptyTest{*Slot, Negated};
}

const VarDecl *resultVariable(const CallExpr &Call, const ScopeIndex &Index) {
  auto LocalValue = [&](const Expr *Target) -> const VarDecl * {
    const VarDecl *VD = referencedVar(Target);
    return Index.isOwnedValue(VD) ? VD : nullptr;
  };
  for (const auto &[Child, Parent] : Index.ancestors(Call)) {
    const Expr *E = Child.get<Expr>();
    if (const auto *VD = Parent.get<VarDecl>())
      return Index.isOwnedValue(VD) && !llvm::isa<DecompositionDecl>(VD)
                 ? VD
                 : nullptr;
    const Stmt *PS = Parent.get<Stmt>();
    if (!PS)
      return nullptr;
    if (const auto *BO = llvm::dyn_cast<BinaryOperator>(PS))
      return BO->getOpcode() == BO_Assign && BO->getRHS() == E
                 ? LocalValue(BO->getLHS())
                 : nullptr;
    if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(PS))
      return Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
                     Op->getArg(1) == E
                 ? LocalValue(Op->getArg(0))
                 : nullptr;
    const auto *Cons = llvm::dyn_cast<CXXConstructExpr>(PS);
    if (!isTransparent(PS) && !(Cons && isCopyOrMove(Cons)))
      return nullptr;
  }
  return nullptr;
}

llvm::SmallVector<const DeclRefExpr *, 2>
writesOf(const VarDecl &Var, const llvm::DenseSet<const CallExpr *> &Stores,
         const ScopeIndex &Index) {
  llvm::SmallVector<const DeclRefExpr *, 2> Writes;
  for (const auto &[Ref, Closure] : Index.referencesTo(&Var)) {
    if (Closure)
      continue;
    // From the reference, up through its parentheses.
    for (const auto &[Child, Parent] : Index.ancestors(*Ref)) {
      if (Parent.get<ParenExpr>())
        continue;
      if (writes(Parent, Child.get<Expr>(), Stores))
        Writes.push_back(Ref);
      break;
    }
  }
  return Writes;
}

} // namespace clang::tidy::lostcancel
