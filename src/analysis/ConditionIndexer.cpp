//===--- ConditionIndexer.cpp - lostcancel --------------------------------===//
//
// Builds a scope's PathConditions (PathConditions.h has the rules): one
// walk over the body finds the unstable variables and the writes of the
// others, then each branch condition over stable values gets its key.
//
//===----------------------------------------------------------------------===//

#include "analysis/ExprPatterns.h"
#include "analysis/PathConditions.h"
#include "analysis/ScopeIndex.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/raw_ostream.h"

namespace clang::tidy::lostcancel {

namespace {

const Expr *strip(const Expr *E) { return E->IgnoreParenCasts(); }

bool unfoldable(const Expr *E);

/// Does reading the glvalue \p E certainly fail in the evaluator? A
/// parameter (outside a call its value is unknown) or a variable neither
/// const nor constexpr (outside a constexpr call no such read is constant,
/// in C as in C++), or an element indexed by, or reached through, a value
/// that cannot be folded.
bool unreadable(const Expr *E) {
  E = E->IgnoreParens();
  if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(E)) {
    const auto *V = llvm::dyn_cast<VarDecl>(Ref->getDecl());
    return V && (llvm::isa<ParmVarDecl>(V) ||
                 (!V->getType()->isReferenceType() && !V->isConstexpr() &&
                  !V->getType().isConstQualified()));
  }
  if (const auto *Element = llvm::dyn_cast<ArraySubscriptExpr>(E))
    return unfoldable(Element->getBase()) || unfoldable(Element->getIdx());
  return false;
}

/// Is \p E an rvalue the evaluator certainly cannot fold, whatever values
/// are involved? Only shapes it always gives up on are named: an unreadable
/// read, a call of a function that is neither constexpr nor a builtin, and
/// a value computed by an arithmetic, bitwise, comparison or conversion
/// step from such a value (the evaluator folds no operator with an unknown
/// operand; `&&`, `||`, `?:` and `,` can decide without one, and are left
/// to it).
bool unfoldable(const Expr *E) {
  E = E->IgnoreParens();
  if (const auto *Cast = llvm::dyn_cast<CastExpr>(E)) {
    switch (Cast->getCastKind()) {
    case CK_LValueToRValue:
      return unreadable(Cast->getSubExpr());
    case CK_IntegralCast:
    case CK_IntegralToBoolean:
    case CK_IntegralToFloating:
    case CK_FloatingToIntegral:
    case CK_FloatingToBoolean:
    case CK_FloatingCast:
    case CK_BooleanToSignedIntegral:
    case CK_PointerToBoolean:
      return unfoldable(Cast->getSubExpr());
    default:
      return false;
    }
  }
  if (const auto *B = llvm::dyn_cast<BinaryOperator>(E))
    return (B->isAdditiveOp() || B->isMultiplicativeOp() || B->isShiftOp() ||
            B->isBitwiseOp() || B->isComparisonOp()) &&
           (unfoldable(B->getLHS()) || unfoldable(B->getRHS()));
  if (const auto *U = llvm::dyn_cast<UnaryOperator>(E)) {
    UnaryOperatorKind Op = U->getOpcode();
    return (Op == UO_LNot || Op == UO_Minus || Op == UO_Plus || Op == UO_Not) &&
           unfoldable(U->getSubExpr());
  }
  if (const auto *Call = llvm::dyn_cast<CallExpr>(E))
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      return !Callee->isConstexpr() && !Callee->getBuiltinID();
  return false;
}

} // namespace

std::optional<int64_t> integerConstant(const Expr &E, ASTContext &Ctx) {
  if (E.isValueDependent() || E.isTypeDependent())
    return std::nullopt;
  if (E.getType()->isPointerType() || E.getType()->isNullPtrType())
    return E.isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull)
               ? std::optional<int64_t>(0)
               : std::nullopt;
  if (!E.getType()->isIntegralOrEnumerationType())
    return std::nullopt;
  auto Value = [](const llvm::APSInt &V) -> std::optional<int64_t> {
    if (V.getSignificantBits() > 64)
      return std::nullopt;
    return V.getExtValue();
  };
  // Two shortcuts the evaluator would take the long way to: a literal is
  // its value, and what it cannot fold (a glvalue is read) has none.
  if (const auto *Literal = llvm::dyn_cast<IntegerLiteral>(E.IgnoreParens()))
    return Value(
        llvm::APSInt(Literal->getValue(),
                     Literal->getType()->isUnsignedIntegerOrEnumerationType()));
  if (E.isGLValue() ? unreadable(&E) : unfoldable(&E))
    return std::nullopt;
  // (Evaluated rather than checked as an integral constant expression, so
  // that scoped enumerators count too.)
  Expr::EvalResult Result;
  if (!E.EvaluateAsInt(Result, Ctx, Expr::SE_NoSideEffects))
    return std::nullopt;
  return Value(Result.Val.getInt());
}

namespace {

/// The local variable a member chain (`v`, `v.a.b`, `v->a`) is rooted at.
const VarDecl *rootVariable(const Expr *E) {
  while (true) {
    E = E->IgnoreParenImpCasts();
    if (const auto *ME = llvm::dyn_cast<MemberExpr>(E)) {
      E = ME->getBase();
      continue;
    }
    if (const auto *ASE = llvm::dyn_cast<ArraySubscriptExpr>(E)) {
      E = ASE->getBase();
      continue;
    }
    if (const auto *DRE = llvm::dyn_cast<DeclRefExpr>(E))
      return llvm::dyn_cast<VarDecl>(DRE->getDecl());
    return nullptr;
  }
}

bool isNonConstPointer(QualType T) {
  return T->isPointerType() && !T->getPointeeType().isConstQualified();
}

} // namespace

struct PeeledCondition;

/// Finds the scope's unstable variables and the statements that write
/// stable ones, then keys the branch conditions.
class ConditionIndexer : public RecursiveASTVisitor<ConditionIndexer> {
public:
  ConditionIndexer(PathConditions &Out, const DeclContext *Scope)
      : Out(Out), Scope(Scope) {}

  void run(Stmt &Body) {
    TraverseStmt(&Body);
    for (const Expr *Cond : Conditions)
      keyCondition(*Cond);
  }

  // Closures: a by-reference capture makes the variable unstable; their
  // bodies are scopes of their own.
  bool TraverseLambdaExpr(LambdaExpr *L) {
    for (const LambdaCapture &C : L->captures())
      if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef)
        if (const auto *V = llvm::dyn_cast<VarDecl>(C.getCapturedVar()))
          Unstable.insert(V);
    return true;
  }
  bool TraverseBlockExpr(BlockExpr *B) {
    for (const BlockDecl::Capture &C : B->getBlockDecl()->captures())
      if (C.isByRef())
        Unstable.insert(C.getVariable());
    return true;
  }
  // Unevaluated operands read nothing.
  static bool TraverseUnaryExprOrTypeTraitExpr(UnaryExprOrTypeTraitExpr *) {
    return true;
  }
  static bool TraverseDecltypeTypeLoc(DecltypeTypeLoc) { return true; }

  bool VisitIfStmt(IfStmt *S) { return condition(S->getCond()); }
  bool VisitWhileStmt(WhileStmt *S) { return condition(S->getCond()); }
  bool VisitDoStmt(DoStmt *S) { return condition(S->getCond()); }
  bool VisitForStmt(ForStmt *S) { return condition(S->getCond()); }
  bool VisitConditionalOperator(ConditionalOperator *S) {
    return condition(S->getCond());
  }
  bool VisitSwitchStmt(SwitchStmt *S) {
    if (const Expr *Cond = S->getCond())
      if (const auto *DRE = llvm::dyn_cast<DeclRefExpr>(strip(Cond)))
        if (const auto *V = llvm::dyn_cast<VarDecl>(DRE->getDecl());
            V && isCandidate(*V))
          SwitchCandidates.push_back({Cond->IgnoreParens(), V});
    return true;
  }
  bool VisitCXXForRangeStmt(CXXForRangeStmt *S) {
    if (const VarDecl *V = rootVariable(S->getRangeInit()))
      Unstable.insert(V);
    return true;
  }

  bool VisitImplicitCastExpr(ImplicitCastExpr *C) {
    if (C->getCastKind() == CK_LValueToRValue ||
        (C->getCastKind() == CK_NoOp && C->getType().isConstQualified()))
      allow(C->getSubExpr());
    return true;
  }
  bool VisitMemberExpr(MemberExpr *M) {
    allow(M->getBase());
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *B);
  static bool TraverseCXXNoexceptExpr(CXXNoexceptExpr *) { return true; }
  bool VisitUnaryOperator(UnaryOperator *U);
  bool VisitCallExpr(CallExpr *Call);
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct);
  bool VisitDeclStmt(DeclStmt *DS);
  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    const auto *V = llvm::dyn_cast<VarDecl>(DRE->getDecl());
    if (V && isCandidate(*V) && !Allowed.contains(DRE))
      Unstable.insert(V);
    return true;
  }

private:
  bool isCandidate(const VarDecl &V) const {
    QualType T = V.getType();
    // A reference parameter is like a pointer: what it refers to changes
    // only at the calls it is handed to (aliases are not followed).
    return V.getDeclContext() == Scope && V.isLocalVarDeclOrParm() &&
           !V.isStaticLocal() && !T.isVolatileQualified() &&
           (!T->isReferenceType() || llvm::isa<ParmVarDecl>(V) ||
            T.getNonReferenceType().isConstQualified());
  }
  bool isStable(const VarDecl &V) const {
    return isCandidate(V) && !Unstable.contains(&V);
  }
  bool condition(const Expr *Cond) {
    if (Cond)
      Conditions.push_back(Cond);
    return true;
  }
  /// \p E (a variable, possibly under a member chain) is used in a way the
  /// visitor has accounted for.
  void allow(const Expr *E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *DRE = llvm::dyn_cast<DeclRefExpr>(E))
      Allowed.insert(DRE);
  }
  /// \p E, the root of which is a candidate variable, may be written at
  /// \p At.
  void forget(const Expr *E, const Stmt &At) {
    allow(E);
    if (const VarDecl *V = rootVariable(E); V && isCandidate(*V))
      Writes.push_back({&At, V});
  }
  void argument(const Expr *Arg, QualType Param, const CallExpr &Call);
  void keyCondition(const Expr &Cond);
  /// Writes the key text of \p P (false: it is not remembered), adding the
  /// variables it reads to \p Vars.
  bool keyText(const PeeledCondition &P, llvm::raw_ostream &OS,
               llvm::SmallVectorImpl<const VarDecl *> &Vars);
  /// Could \p Cond, a branch condition, be remembered, were every candidate
  /// variable stable? (Before the walk, every candidate is.)
  bool mayRemember(const Expr &Cond);
  /// Could \p Cond, a switch's condition, be a stable variable?
  bool maySwitchOnVariable(const Expr &Cond) const;
  friend bool mayRememberAny(const ScopeIndex &, const Decl &, ASTContext &);
  /// A stable variable compared with a constant (or its truth tested): the
  /// variable's known value decides \p Key.
  void compareWithConstant(const PeeledCondition &P, llvm::ArrayRef<int> Vars,
                           ConditionKey &Key) const;
  /// Writes the key text of \p E (false: it does not read stable values
  /// only), adding the variables it reads to \p Vars.
  bool describe(const Expr *E, llvm::raw_ostream &OS,
                llvm::SmallVectorImpl<const VarDecl *> &Vars);
  bool describeMember(const MemberExpr &ME, llvm::raw_ostream &OS,
                      llvm::SmallVectorImpl<const VarDecl *> &Vars);
  bool describeMemberCall(const CXXMemberCallExpr &Call, llvm::raw_ostream &OS,
                          llvm::SmallVectorImpl<const VarDecl *> &Vars);
  bool describeOperator(const Expr &E, llvm::raw_ostream &OS,
                        llvm::SmallVectorImpl<const VarDecl *> &Vars);

  PathConditions &Out;
  const DeclContext *Scope;
  llvm::DenseSet<const VarDecl *> Unstable;
  llvm::DenseSet<const DeclRefExpr *> Allowed;
  llvm::DenseSet<const UnaryOperator *> CallAddresses;
  llvm::SmallVector<const Expr *, 8> Conditions;
  llvm::SmallVector<std::pair<const Expr *, const VarDecl *>, 2>
      SwitchCandidates;
  llvm::SmallVector<std::pair<const Stmt *, const VarDecl *>, 8> Writes;

public:
  /// Records the writes of the stable variables that conditions read
  /// (once every use is seen): a write of any other variable cannot change
  /// what a path knows.
  void finish() {
    for (const auto &[Cond, V] : SwitchCandidates)
      if (isStable(*V) && V->getType()->isIntegralOrEnumerationType())
        Out.SwitchVars[Cond] = Out.varId(*V);
    auto Read = [&](const VarDecl *V) {
      return isStable(*V) && Out.VarIds.contains(V);
    };
    for (const auto &[At, V] : Writes)
      if (Read(V))
        Out.Forgets[At].push_back(Out.varId(*V));
    for (const auto &[At, Write] : ConstantWrites)
      if (Read(Write.first) && Write.first->getType()->isScalarType())
        Out.Constants[At] = {Out.varId(*Write.first), Write.second};
    for (const auto &[V, Value] : Declarations)
      if (Read(V))
        Out.Declared[V] = {Out.varId(*V),
                           V->getType()->isScalarType() ? Value : std::nullopt};
  }

private:
  llvm::DenseMap<const Stmt *, std::pair<const VarDecl *, int64_t>>
      ConstantWrites;
  llvm::DenseMap<const VarDecl *, std::optional<int64_t>> Declarations;
};

bool ConditionIndexer::VisitBinaryOperator(BinaryOperator *B) {
  if (B->isLogicalOp()) {
    condition(B->getLHS());
    condition(B->getRHS());
  }
  if (!B->isAssignmentOp())
    return true;
  forget(B->getLHS(), *B);
  if (B->getOpcode() != BO_Assign)
    return true;
  const auto *DRE = llvm::dyn_cast<DeclRefExpr>(B->getLHS()->IgnoreParens());
  const auto *V = DRE ? llvm::dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (V && isCandidate(*V))
    if (std::optional<int64_t> Value = integerConstant(*B->getRHS(), Out.Ctx))
      ConstantWrites[B] = {V, *Value};
  return true;
}

bool ConditionIndexer::VisitUnaryOperator(UnaryOperator *U) {
  if (U->isIncrementDecrementOp()) {
    forget(U->getSubExpr(), *U);
  } else if (U->getOpcode() == UO_AddrOf && !CallAddresses.contains(U)) {
    // An address that is kept (not a call's argument) may be written
    // through at any later point.
    if (const VarDecl *V = rootVariable(U->getSubExpr()))
      Unstable.insert(V);
  }
  return true;
}

void ConditionIndexer::argument(const Expr *Arg, QualType Param,
                                const CallExpr &Call) {
  const Expr *Bare = Arg->IgnoreParenImpCasts();
  if (const auto *U = llvm::dyn_cast<UnaryOperator>(Bare);
      U && U->getOpcode() == UO_AddrOf) {
    // `f(&v)`: the callee may write v.
    CallAddresses.insert(U);
    forget(U->getSubExpr(), Call);
    return;
  }
  bool ByReference =
      Param.isNull() || (Param->isReferenceType() &&
                         !Param.getNonReferenceType().isConstQualified());
  if (ByReference && !rootVariable(Arg))
    return;
  if (ByReference) {
    forget(Arg, Call);
    return;
  }
  // A pointer to non-const handed on: what it points to may change.
  if (isNonConstPointer(Bare->getType()))
    if (const auto *DRE = llvm::dyn_cast<DeclRefExpr>(Bare))
      if (const auto *V = llvm::dyn_cast<VarDecl>(DRE->getDecl());
          V && isCandidate(*V))
        Writes.push_back({&Call, V});
  if (Param->isReferenceType())
    allow(Arg);
}

bool ConditionIndexer::VisitCallExpr(CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  unsigned First = 0;
  if (const auto *Member = llvm::dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    const Expr *Object = Member->getImplicitObjectArgument();
    if (Object && (!Method || !Method->isConst()))
      forget(Object, *Call);
    else if (Object)
      allow(Object);
  } else if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(Call)) {
    if (const auto *Method = llvm::dyn_cast_or_null<CXXMethodDecl>(Callee);
        Method && Call->getNumArgs() > 0) {
      First = 1;
      if (Method->isConst())
        allow(Op->getArg(0));
      else
        forget(Op->getArg(0), *Call);
    }
  }
  const auto *Proto =
      Callee ? Callee->getType()->getAs<FunctionProtoType>() : nullptr;
  for (unsigned I = First, E = Call->getNumArgs(); I < E; ++I) {
    unsigned ParamIndex = I - First;
    // No prototype: taken as by reference. A variadic argument: by value.
    QualType Param;
    if (Proto)
      Param = ParamIndex < Proto->getNumParams()
                  ? Proto->getParamType(ParamIndex)
                  : Call->getArg(I)->getType();
    argument(Call->getArg(I), Param, *Call);
  }
  return true;
}

bool ConditionIndexer::VisitCXXConstructExpr(CXXConstructExpr *Construct) {
  const CXXConstructorDecl *Ctor = Construct->getConstructor();
  for (unsigned I = 0, E = Construct->getNumArgs(); I < E; ++I) {
    QualType Param = Ctor && I < Ctor->getNumParams()
                         ? Ctor->getParamDecl(I)->getType()
                         : QualType();
    const Expr *Arg = Construct->getArg(I);
    if (!Param.isNull() && (!Param->isReferenceType() ||
                            Param.getNonReferenceType().isConstQualified()))
      allow(Arg);
    else if (const VarDecl *V = rootVariable(Arg); V && isCandidate(*V))
      Unstable.insert(V); // moved from, or bound to a non-const reference
  }
  return true;
}

bool ConditionIndexer::VisitDeclStmt(DeclStmt *DS) {
  for (const Decl *D : DS->decls()) {
    const auto *V = llvm::dyn_cast<VarDecl>(D);
    if (!V)
      continue;
    if (isCandidate(*V))
      Declarations[V] =
          V->getInit() ? integerConstant(*V->getInit(), Out.Ctx) : std::nullopt;
    // A reference bound to a local may write it.
    if (V->getType()->isReferenceType() &&
        !V->getType().getNonReferenceType().isConstQualified() && V->getInit())
      if (const VarDecl *Target = rootVariable(V->getInit()))
        Unstable.insert(Target);
  }
  return true;
}

bool ConditionIndexer::describeMember(
    const MemberExpr &ME, llvm::raw_ostream &OS,
    llvm::SmallVectorImpl<const VarDecl *> &Vars) {
  const auto *Field = llvm::dyn_cast<FieldDecl>(ME.getMemberDecl());
  if (!Field)
    return false;
  if (llvm::isa<CXXThisExpr>(strip(ME.getBase()))) {
    // Only a const member of *this cannot change under a call.
    if (!Field->getType().isConstQualified())
      return false;
    OS << "this";
  } else if (!describe(ME.getBase(), OS, Vars)) {
    return false;
  }
  OS << '.' << Field;
  return true;
}

/// Does \p Method read a cancellation state (`done()`, `Err()`,
/// `is_canceled()`, `IsCancelled()`, `expired()`)? That state changes with
/// no write in the function (another thread cancels), so two calls are two
/// conditions. (`is_cancelable()` does not change.)
static bool readsCancellation(const CXXMethodDecl &Method) {
  if (!Method.getDeclName().isIdentifier())
    return false;
  std::string Name = Method.getName().lower();
  return Name == "done" || Name == "err" || Name == "error" ||
         llvm::StringRef(Name).contains("expired") ||
         llvm::StringRef(Name).contains("canceled") ||
         llvm::StringRef(Name).contains("cancelled");
}

bool ConditionIndexer::describeMemberCall(
    const CXXMemberCallExpr &Call, llvm::raw_ostream &OS,
    llvm::SmallVectorImpl<const VarDecl *> &Vars) {
  const CXXMethodDecl *Method = Call.getMethodDecl();
  const Expr *Object = Call.getImplicitObjectArgument();
  if (!Method || !Method->isConst() || readsCancellation(*Method) || !Object ||
      llvm::isa<CXXThisExpr>(strip(Object)) || !describe(Object, OS, Vars))
    return false;
  OS << "->" << Method << '(';
  for (const Expr *Arg : Call.arguments())
    if (!describe(Arg, OS, Vars))
      return false;
  OS << ')';
  return true;
}

bool ConditionIndexer::describeOperator(
    const Expr &E, llvm::raw_ostream &OS,
    llvm::SmallVectorImpl<const VarDecl *> &Vars) {
  if (const auto *U = llvm::dyn_cast<UnaryOperator>(&E)) {
    UnaryOperatorKind Op = U->getOpcode();
    if (Op != UO_LNot && Op != UO_Minus && Op != UO_Plus && Op != UO_Not)
      return false;
    OS << UnaryOperator::getOpcodeStr(Op);
    return describe(U->getSubExpr(), OS, Vars);
  }
  const auto *B = llvm::dyn_cast<BinaryOperator>(&E);
  if (!B || B->isAssignmentOp() || B->isCommaOp())
    return false;
  OS << '(';
  if (!describe(B->getLHS(), OS, Vars))
    return false;
  OS << B->getOpcodeStr();
  if (!describe(B->getRHS(), OS, Vars))
    return false;
  OS << ')';
  return true;
}

bool ConditionIndexer::describe(const Expr *E, llvm::raw_ostream &OS,
                                llvm::SmallVectorImpl<const VarDecl *> &Vars) {
  E = strip(E);
  if (std::optional<int64_t> Value = integerConstant(*E, Out.Ctx)) {
    OS << '#' << *Value;
    return true;
  }
  if (const auto *DRE = llvm::dyn_cast<DeclRefExpr>(E)) {
    const auto *V = llvm::dyn_cast<VarDecl>(DRE->getDecl());
    if (!V || !isStable(*V))
      return false;
    Vars.push_back(V);
    OS << 'v' << static_cast<const void *>(V);
    return true;
  }
  if (const auto *ME = llvm::dyn_cast<MemberExpr>(E))
    return describeMember(*ME, OS, Vars);
  if (const auto *Call = llvm::dyn_cast<CXXMemberCallExpr>(E))
    return describeMemberCall(*Call, OS, Vars);
  return describeOperator(*E, OS, Vars);
}

namespace {

/// Swaps the sides of a comparison: `C < v` is `v > C`.
BinaryOperatorKind mirrored(BinaryOperatorKind Op) {
  switch (Op) {
  case BO_LT:
    return BO_GT;
  case BO_GT:
    return BO_LT;
  case BO_LE:
    return BO_GE;
  case BO_GE:
    return BO_LE;
  default:
    return Op;
  }
}

ConditionKey::Compare compareOf(BinaryOperatorKind Op) {
  switch (Op) {
  case BO_EQ:
    return ConditionKey::Compare::Eq;
  case BO_LT:
    return ConditionKey::Compare::Lt;
  case BO_LE:
    return ConditionKey::Compare::Le;
  case BO_GT:
    return ConditionKey::Compare::Gt;
  case BO_GE:
    return ConditionKey::Compare::Ge;
  default:
    return ConditionKey::Compare::None;
  }
}

} // namespace

/// A condition with its negations peeled off: `!c`, `a != b` (the negation
/// of `a == b`), `v == 0` and `v != nullptr` (of `v`).
struct PeeledCondition {
  const Expr *E = nullptr;
  bool Negated = false;
  /// When E is `Left == Right` (with neither a zero constant).
  const Expr *Left = nullptr;
  const Expr *Right = nullptr;
};

static PeeledCondition peel(const Expr &Cond, ASTContext &Ctx) {
  PeeledCondition P;
  P.E = strip(&Cond);
  while (true) {
    if (const Expr *Expected = expectedValue(P.E)) {
      P.E = strip(Expected); // `likely(c)` is `c`
      continue;
    }
    if (const auto *U = llvm::dyn_cast<UnaryOperator>(P.E);
        U && U->getOpcode() == UO_LNot) {
      P.Negated = !P.Negated;
      P.E = strip(U->getSubExpr());
      continue;
    }
    const auto *B = llvm::dyn_cast<BinaryOperator>(P.E);
    if (!B || !B->isEqualityOp())
      return P;
    bool IsNe = B->getOpcode() == BO_NE;
    std::optional<int64_t> L = integerConstant(*strip(B->getLHS()), Ctx);
    std::optional<int64_t> R = integerConstant(*strip(B->getRHS()), Ctx);
    if ((R && *R == 0) || (L && *L == 0 && !R)) {
      // `v != 0` is `v`; `v == 0` is `!v`.
      P.Negated = P.Negated == IsNe;
      P.E = strip(R && *R == 0 ? B->getLHS() : B->getRHS());
      continue;
    }
    P.Negated = P.Negated != IsNe;
    P.Left = B->getLHS();
    P.Right = B->getRHS();
    return P;
  }
}

void ConditionIndexer::compareWithConstant(const PeeledCondition &P,
                                           llvm::ArrayRef<int> Vars,
                                           ConditionKey &Key) const {
  if (Vars.size() != 1)
    return;
  const Expr *Var = P.Left;
  const Expr *Constant = P.Right;
  BinaryOperatorKind Op = BO_EQ;
  if (const auto *B = llvm::dyn_cast<BinaryOperator>(P.E);
      !Var && B && B->isRelationalOp()) {
    Var = B->getLHS();
    Constant = B->getRHS();
    Op = B->getOpcode();
  }
  if (!Var) {
    // `v`: its truth.
    if (llvm::isa<DeclRefExpr>(P.E) && P.E->getType()->isScalarType()) {
      Key.Cmp = ConditionKey::Compare::Truth;
      Key.Var = Vars.front();
    }
    return;
  }
  if (llvm::isa<DeclRefExpr>(strip(Constant))) {
    std::swap(Var, Constant);
    Op = mirrored(Op);
  }
  std::optional<int64_t> C = integerConstant(*strip(Constant), Out.Ctx);
  if (!C || !llvm::isa<DeclRefExpr>(strip(Var)))
    return;
  Key.Cmp = compareOf(Op);
  Key.Constant = *C;
  Key.Var = Vars.front();
}

bool ConditionIndexer::keyText(const PeeledCondition &P, llvm::raw_ostream &OS,
                               llvm::SmallVectorImpl<const VarDecl *> &Vars) {
  if (!P.Left)
    return describe(P.E, OS, Vars);
  OS << '(';
  if (!describe(P.Left, OS, Vars))
    return false;
  OS << "==";
  if (!describe(P.Right, OS, Vars))
    return false;
  OS << ')';
  return true;
}

bool ConditionIndexer::mayRemember(const Expr &Cond) {
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  llvm::SmallVector<const VarDecl *, 2> Read;
  return keyText(peel(Cond, Out.Ctx), OS, Read);
}

bool ConditionIndexer::maySwitchOnVariable(const Expr &Cond) const {
  const auto *DRE = llvm::dyn_cast<DeclRefExpr>(strip(&Cond));
  const auto *V = DRE ? llvm::dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  return V && isCandidate(*V) && V->getType()->isIntegralOrEnumerationType();
}

void ConditionIndexer::keyCondition(const Expr &Cond) {
  PeeledCondition P = peel(Cond, Out.Ctx);
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  llvm::SmallVector<const VarDecl *, 2> Read;
  if (!keyText(P, OS, Read))
    return;
  // Only the variables of conditions that are remembered get an id.
  llvm::SmallVector<int, 2> Vars;
  for (const VarDecl *V : Read)
    Vars.push_back(Out.varId(*V));
  ConditionKey Key;
  Key.Negated = P.Negated;
  compareWithConstant(P, Vars, Key);
  auto [It, New] =
      Out.KeyIds.try_emplace(OS.str(), static_cast<int>(Out.KeyIds.size()));
  Key.Key = It->second;
  if (New)
    for (int V : Vars)
      if (!llvm::is_contained(Out.KeysOfVar[V], Key.Key))
        Out.KeysOfVar[V].push_back(Key.Key);
  Out.Keys[Cond.IgnoreParens()] = Key;
}

bool mayRememberAny(const ScopeIndex &Index, const Decl &Scope,
                    ASTContext &Ctx) {
  // Nothing is written to Out: describing a condition only reads it.
  PathConditions Unused(Ctx);
  ConditionIndexer Indexer(Unused, llvm::dyn_cast<DeclContext>(&Scope));
  // The index lists switch conditions with the others: both questions are
  // asked of each (an answer too many only costs the walk).
  return llvm::any_of(Index.branchConditions(), [&](const Expr *Cond) {
    return Indexer.maySwitchOnVariable(*Cond) || Indexer.mayRemember(*Cond);
  });
}

void indexConditions(PathConditions &Out, const Decl &Scope, const Stmt &Body) {
  ConditionIndexer Indexer(Out, llvm::dyn_cast<DeclContext>(&Scope));
  Indexer.run(const_cast<Stmt &>(Body));
  Indexer.finish();
}

} // namespace clang::tidy::lostcancel
