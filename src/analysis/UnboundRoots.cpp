//===--- UnboundRoots.cpp - lostcancel ------------------------------------===//

#include "analysis/UnboundRoots.h"
#include "analysis/ExprPatterns.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::lostcancel {

namespace {

/// Does \p RD, or a class it derives from (at most \p Depth levels up),
/// derive from testing::Test?
bool derivesFromGtestTest(const CXXRecordDecl &RD, unsigned Depth) {
  if (Depth == 0)
    return false;
  return llvm::any_of(RD.bases(), [&](const CXXBaseSpecifier &Base) {
    const CXXRecordDecl *B = Base.getType()->getAsCXXRecordDecl();
    const CXXRecordDecl *Definition = B ? B->getDefinition() : nullptr;
    return Definition &&
           (Definition->getQualifiedNameAsString() == "testing::Test" ||
            derivesFromGtestTest(*Definition, Depth - 1));
  });
}

/// A gtest test body: `TestBody` of a class derived from testing::Test
/// (what TEST, TEST_F and TEST_P expand to), through any of its bases.
bool isTestBody(const FunctionDecl &F) {
  const auto *MD = llvm::dyn_cast<CXXMethodDecl>(&F);
  if (!MD || !MD->getIdentifier() || MD->getName() != "TestBody")
    return false;
  const CXXRecordDecl *RD = MD->getParent()->getDefinition();
  return RD && derivesFromGtestTest(*RD, 16);
}

/// Roots are expected in \p Scope: it is, or is written inside, `main`, a
/// gtest test body or a function listed in lostcancel.RootAllowedIn.
bool rootsExpectedIn(const Decl &Scope, const ApiModel &Model) {
  for (const auto *DC = llvm::dyn_cast<DeclContext>(&Scope); DC;
       DC = DC->getParent())
    if (const auto *FD = llvm::dyn_cast<FunctionDecl>(DC))
      if (FD->isMain() || isTestBody(*FD) || Model.isRootAllowedIn(*FD))
        return true;
  return false;
}

/// Where a value goes: the first ancestor of an expression that is not a
/// parenthesis, an implicit node, a cast, a copy or a move; and the
/// expression right below it.
struct Consumer {
  DynTypedNode Node;
  const Expr *Child = nullptr;
};

Consumer consumerOf(const ScopeIndex &Index, const Expr &E) {
  const Expr *Child = &E;
  for (const AncestorStep &Step : Index.ancestors(E)) {
    const auto *P = Step.Parent.get<Expr>();
    const auto *Cons = llvm::dyn_cast_or_null<CXXConstructExpr>(P);
    const auto *Call = llvm::dyn_cast_or_null<CallExpr>(P);
    if (P && (isTransparent(P) || (Cons && isCopyOrMove(Cons)) ||
              (Call && Call->getNumArgs() == 1 &&
               isStdFunction(Call->getDirectCallee(), {"move"})))) {
      Child = P;
      continue;
    }
    return {Step.Parent, Child};
  }
  return {};
}

/// A call or construction that \p Consumer's child is an argument of, and
/// the parameter type it binds to.
struct ArgumentUse {
  const Expr *Call = nullptr;
  QualType Param;
  /// The parameter's declared type depends on a template parameter of the
  /// callee itself (`template <class T> void f(T &&)`, std::make_shared's
  /// arguments): a generic function, not one that expects a context.
  bool Deduced = false;
};

/// Is parameter \p Index of \p Callee, a function template specialization,
/// declared with a type that depends on the template's parameters (or is a
/// pack)? Members of class templates (std::function<void(Context)>'s
/// operator()) are not function template specializations: their parameter
/// types are fixed by the class.
bool deducedParameter(const FunctionDecl *Callee, unsigned Index) {
  if (!Callee || !Callee->getPrimaryTemplate())
    return false;
  const FunctionDecl *Pattern = Callee->getTemplateInstantiationPattern();
  if (!Pattern || Index >= Pattern->getNumParams())
    return true;
  const ParmVarDecl *P = Pattern->getParamDecl(Index);
  return P->isParameterPack() || P->getType()->isDependentType();
}

/// The index of \p Arg among the parameters of \p Call's callee (the object
/// of a member operator call skipped).
std::optional<unsigned> parameterIndexOf(const Expr &Call, const Expr *Arg) {
  if (const auto *Cons = llvm::dyn_cast<CXXConstructExpr>(&Call)) {
    for (unsigned I = 0; I < Cons->getNumArgs(); ++I)
      if (Cons->getArg(I) == Arg)
        return I;
    return std::nullopt;
  }
  const auto *CE = llvm::dyn_cast<CallExpr>(&Call);
  if (!CE)
    return std::nullopt;
  unsigned Offset = 0;
  if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(CE))
    if (llvm::isa_and_nonnull<CXXMethodDecl>(Op->getDirectCallee()))
      Offset = 1;
  for (unsigned I = Offset; I < CE->getNumArgs(); ++I)
    if (CE->getArg(I) == Arg)
      return I - Offset;
  return std::nullopt;
}

/// The type of the parameter that argument \p Arg of \p Call binds to, or a
/// null type (the object of a member operator, a variadic argument, an
/// unknown callee).
QualType parameterTypeFor(const Expr &Call, const Expr *Arg) {
  std::optional<unsigned> Index = parameterIndexOf(Call, Arg);
  if (!Index)
    return {};
  const FunctionDecl *Callee = nullptr;
  if (const auto *Cons = llvm::dyn_cast<CXXConstructExpr>(&Call))
    Callee = Cons->getConstructor();
  else
    Callee = llvm::cast<CallExpr>(Call).getDirectCallee();
  if (Callee)
    return *Index < Callee->getNumParams()
               ? Callee->getParamDecl(*Index)->getType()
               : QualType();
  QualType T = llvm::cast<CallExpr>(Call).getCallee()->getType();
  if (const auto *Pointer = T->getAs<PointerType>())
    T = Pointer->getPointeeType();
  if (const auto *Proto = T->getAs<FunctionProtoType>())
    return *Index < Proto->getNumParams() ? Proto->getParamType(*Index)
                                          : QualType();
  return {};
}

std::optional<ArgumentUse> argumentUse(const Consumer &C) {
  const auto *Call = C.Node.get<Expr>();
  if (!Call || !C.Child)
    return std::nullopt;
  if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(Call);
      Op && Op->getOperator() != OO_Call)
    return std::nullopt;
  if (!llvm::isa<CallExpr, CXXConstructExpr>(Call))
    return std::nullopt;
  QualType Param = parameterTypeFor(*Call, C.Child);
  if (Param.isNull())
    return std::nullopt;
  const FunctionDecl *Callee = nullptr;
  if (const auto *Cons = llvm::dyn_cast<CXXConstructExpr>(Call))
    Callee = Cons->getConstructor();
  else
    Callee = llvm::cast<CallExpr>(Call)->getDirectCallee();
  std::optional<unsigned> Index = parameterIndexOf(*Call, C.Child);
  return ArgumentUse{Call, Param, !Index || deducedParameter(Callee, *Index)};
}

/// The stored value, when \p C is an assignment whose left side is
/// \p C.Child: `v = X` (built in or an operator=).
const Expr *assignedValue(const Consumer &C) {
  if (const auto *Op = C.Node.get<BinaryOperator>();
      Op && Op->getOpcode() == BO_Assign && Op->getLHS() == C.Child)
    return Op->getRHS();
  if (const auto *Op = C.Node.get<CXXOperatorCallExpr>();
      Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
      Op->getArg(0) == C.Child)
    return Op->getArg(1);
  return nullptr;
}

/// Passed for a parameter of type \p Param, may a variable be written (a
/// non-const reference or pointer)?
bool mayWrite(QualType Param) {
  if (!Param->isReferenceType() && !Param->isPointerType())
    return false;
  QualType Pointee = Param->isPointerType() ? Param->getPointeeType()
                                            : Param.getNonReferenceType();
  return !Pointee.isConstQualified();
}

/// Is \p V declared without a value: no initialiser, or a default
/// construction (`Context c;`, `ContextPtr c;`)?
bool holdsNothing(const VarDecl &V) {
  const Expr *Init = V.getInit();
  if (!Init)
    return true;
  const auto *Cons =
      llvm::dyn_cast<CXXConstructExpr>(Init->IgnoreImplicitAsWritten());
  return Cons && Cons->getNumArgs() == 0;
}

/// Is \p D's type dependent where it is written? A fix-it goes into the
/// template's text, so it must compile for every instantiation: a
/// parameter of an instantiation (of a function template, a member of a
/// class template, a generic lambda) whose type in the pattern is
/// dependent does not qualify, nor, conservatively, a local of one.
bool dependentInPattern(const ValueDecl &D) {
  const auto *F = llvm::dyn_cast<FunctionDecl>(D.getDeclContext());
  const FunctionDecl *Pattern =
      F ? F->getTemplateInstantiationPattern() : nullptr;
  if (!Pattern)
    return false;
  const auto *P = llvm::dyn_cast<ParmVarDecl>(&D);
  if (!P || P->getFunctionScopeIndex() >= Pattern->getNumParams())
    return true;
  return Pattern->getParamDecl(P->getFunctionScopeIndex())
      ->getType()
      ->isDependentType();
}

/// The declaration \p E names, seen through parentheses, implicit casts, a
/// conversion to bool (`if (ctx)` on a smart pointer) and `.get()`.
const ValueDecl *testedDecl(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 4; ++Depth) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(E))
      return Ref->getDecl();
    const auto *Member = llvm::dyn_cast<CXXMemberCallExpr>(E);
    const CXXMethodDecl *Method = Member ? Member->getMethodDecl() : nullptr;
    if (!Method || Member->getNumArgs() != 0 ||
        !(llvm::isa<CXXConversionDecl>(Method) ||
          (Method->getIdentifier() && Method->getName() == "get")))
      return nullptr;
    E = Member->getImplicitObjectArgument();
  }
  return nullptr;
}

/// A null test in a condition: the declaration tested, and whether the
/// condition holds when it is null.
struct NullTest {
  const ValueDecl *Tested = nullptr;
  bool TrueWhenNull = false;
};

std::optional<NullTest> nullTestOf(const Expr *Cond, ASTContext &Ctx) {
  if (!Cond)
    return std::nullopt;
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *Not = llvm::dyn_cast<UnaryOperator>(Cond);
      Not && Not->getOpcode() == UO_LNot) {
    std::optional<NullTest> Inner = nullTestOf(Not->getSubExpr(), Ctx);
    if (Inner)
      Inner->TrueWhenNull = !Inner->TrueWhenNull;
    return Inner;
  }
  const Expr *LHS = nullptr;
  const Expr *RHS = nullptr;
  bool Equal = false;
  if (const auto *Bin = llvm::dyn_cast<BinaryOperator>(Cond);
      Bin && Bin->isEqualityOp()) {
    LHS = Bin->getLHS();
    RHS = Bin->getRHS();
    Equal = Bin->getOpcode() == BO_EQ;
  } else if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(Cond);
             Op && Op->getNumArgs() == 2 &&
             (Op->getOperator() == OO_EqualEqual ||
              Op->getOperator() == OO_ExclaimEqual)) {
    LHS = Op->getArg(0);
    RHS = Op->getArg(1);
    Equal = Op->getOperator() == OO_EqualEqual;
  }
  if (!LHS) {
    if (const ValueDecl *D = testedDecl(Cond))
      return NullTest{D, false};
    return std::nullopt;
  }
  auto IsNull = [&](const Expr *E) {
    return !E->isValueDependent() &&
           E->IgnoreParenImpCasts()->isNullPointerConstant(
               Ctx, Expr::NPC_ValueDependentIsNotNull) != Expr::NPCK_NotNull;
  };
  const Expr *Other = nullptr;
  if (IsNull(RHS))
    Other = LHS;
  else if (IsNull(LHS))
    Other = RHS;
  const ValueDecl *D = Other ? testedDecl(Other) : nullptr;
  if (!D)
    return std::nullopt;
  return NullTest{D, Equal};
}

class RootFinder {
public:
  RootFinder(const Decl &Scope, const ScopeIndex &Index, const ApiModel &Model)
      : Scope(Scope), Index(Index), Model(Model),
        SM(Index.context().getSourceManager()) {}

  std::optional<UnboundRoot> judge(const CallExpr &Root);

private:
  const CXXRecordDecl *rootClass(const Expr *E) const {
    E = E ? stripToValue(E) : nullptr;
    const auto *Call = llvm::dyn_cast_or_null<CallExpr>(E);
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    if (!Callee || !Model.matchRoot(*Callee))
      return nullptr;
    return contextRecordOf(Call->getType());
  }
  /// Does \p Root run only when one of \p InScope is null: in the branch
  /// of an `if` or `?:` that tests it (`if (!ctx)`, `if (ctx == nullptr)`,
  /// the else of `if (ctx)`)? Then there is no caller's context to use.
  bool onlyWithoutContext(const Expr &Root,
                          llvm::ArrayRef<const ValueDecl *> InScope) const;
  /// Is \p E in the initialiser of a static or thread_local local?
  bool initialisesStatic(const Expr &E) const;
  /// Is a call to a lostcancel.RootAllowedIn function around \p E?
  bool insideAllowedCall(const Expr &E) const;
  /// How \p C uses a context of class \p Class: as a creation's parent or
  /// an argument for a context parameter.
  std::optional<ArgumentUse> contextArgument(const Consumer &C,
                                             const CXXRecordDecl *Class) const;
  /// The first use of \p V, a local that only ever holds roots of \p Class,
  /// as a creation's parent or a context argument; none when \p V may hold
  /// anything else.
  std::optional<ArgumentUse> useThroughLocal(const VarDecl &V,
                                             const CallExpr &Root,
                                             const CXXRecordDecl *Class) const;
  /// The contexts of \p Class in scope at \p At.
  llvm::SmallVector<const ValueDecl *, 2>
  contextsAt(const Expr &At, const CXXRecordDecl *Class);
  /// The locals of the scope made from a context of \p Class in scope.
  llvm::ArrayRef<const ValueDecl *> derived(const CXXRecordDecl *Class);
  static const ValueDecl *replacement(const UnboundRoot &Found,
                                      const Consumer &RootUse);

  const Decl &Scope;
  const ScopeIndex &Index;
  const ApiModel &Model;
  const SourceManager &SM;
  llvm::DenseMap<const CXXRecordDecl *, llvm::SmallVector<const ValueDecl *, 2>>
      Inputs, Derived;
};

bool RootFinder::onlyWithoutContext(
    const Expr &Root, llvm::ArrayRef<const ValueDecl *> InScope) const {
  for (const AncestorStep &Step : Index.ancestors(Root)) {
    const Expr *Cond = nullptr;
    const Stmt *Then = nullptr;
    const Stmt *Else = nullptr;
    if (const auto *If = Step.Parent.get<IfStmt>()) {
      Cond = If->getCond();
      Then = If->getThen();
      Else = If->getElse();
    } else if (const auto *C = Step.Parent.get<ConditionalOperator>()) {
      Cond = C->getCond();
      Then = C->getTrueExpr();
      Else = C->getFalseExpr();
    }
    const Stmt *Child = Step.Child.get<Stmt>();
    if (!Cond || !Child || (Child != Then && Child != Else))
      continue;
    std::optional<NullTest> Test = nullTestOf(Cond, Index.context());
    if (Test && llvm::is_contained(InScope, Test->Tested) &&
        Test->TrueWhenNull == (Child == Then))
      return true;
  }
  return false;
}

bool RootFinder::initialisesStatic(const Expr &E) const {
  // A static or thread_local local is made once for every call: binding it
  // to the first caller's context would cancel it for all the others.
  for (const AncestorStep &Step : Index.ancestors(E))
    if (const auto *V = Step.Parent.get<VarDecl>(); V && !V->hasLocalStorage())
      return true;
  return false;
}

bool RootFinder::insideAllowedCall(const Expr &E) const {
  for (const AncestorStep &Step : Index.ancestors(E)) {
    const FunctionDecl *Callee = nullptr;
    if (const auto *Call = Step.Parent.get<CallExpr>())
      Callee = Call->getDirectCallee();
    else if (const auto *Cons = Step.Parent.get<CXXConstructExpr>())
      Callee = Cons->getConstructor();
    if (Callee && Model.isRootAllowedIn(*Callee))
      return true;
  }
  return false;
}

std::optional<ArgumentUse>
RootFinder::contextArgument(const Consumer &C,
                            const CXXRecordDecl *Class) const {
  std::optional<ArgumentUse> Use = argumentUse(C);
  if (!Use || Use->Deduced || contextRecordOf(Use->Param) != Class ||
      insideAllowedCall(*Use->Call))
    return std::nullopt;
  return Use;
}

std::optional<ArgumentUse>
RootFinder::useThroughLocal(const VarDecl &V, const CallExpr &Root,
                            const CXXRecordDecl *Class) const {
  if (llvm::isa<ParmVarDecl>(V) || !Index.isOwnedLocal(&V) ||
      contextRecordOf(V.getType()) != Class ||
      (!holdsNothing(V) && rootClass(V.getInit()) != Class))
    return std::nullopt;
  std::optional<ArgumentUse> First;
  for (const auto &[Ref, Closure] : Index.referencesTo(&V)) {
    if (Closure)
      return std::nullopt;
    Consumer C = consumerOf(Index, *Ref);
    if (const Expr *Stored = assignedValue(C)) {
      if (rootClass(Stored) != Class)
        return std::nullopt;
      continue;
    }
    if (const auto *Op = C.Node.get<UnaryOperator>();
        Op && Op->getOpcode() == UO_AddrOf)
      return std::nullopt;
    // A non-const method of the local's own class (`c.reset()`) may change
    // what it holds.
    if (const auto *Member = C.Node.get<MemberExpr>()) {
      const auto *Method =
          llvm::dyn_cast<CXXMethodDecl>(Member->getMemberDecl());
      if (Method && !Method->isConst() && !Method->isStatic() &&
          !Member->isArrow())
        return std::nullopt;
    }
    std::optional<ArgumentUse> Use = argumentUse(C);
    if (!Use)
      continue;
    // Through a non-const reference or pointer anything may be stored into
    // the local (`bool lookup(Context &out)`), unless it is a creation's
    // parent.
    const auto *Call = llvm::dyn_cast<CallExpr>(Use->Call);
    if (mayWrite(Use->Param) &&
        !(Call && Model.matchCreation(*Call).has_value()))
      return std::nullopt;
    // A use inside an argument of a lostcancel.RootAllowedIn function is
    // deliberate; before the root call, the local does not hold it yet.
    if (!First && !Use->Deduced && contextRecordOf(Use->Param) == Class &&
        !insideAllowedCall(*Ref) &&
        SM.isBeforeInTranslationUnit(SM.getExpansionLoc(Root.getEndLoc()),
                                     SM.getExpansionLoc(Ref->getBeginLoc())))
      First = Use;
  }
  return First;
}

llvm::ArrayRef<const ValueDecl *>
RootFinder::derived(const CXXRecordDecl *Class) {
  auto [It, Inserted] = Derived.try_emplace(Class);
  if (!Inserted)
    return It->second;
  llvm::SmallVector<const ValueDecl *, 2> Work =
      scopeInputs(Scope, [&](const ValueDecl &D) {
        return contextRecordOf(D.getType()) == Class;
      });
  llvm::SmallVector<const ValueDecl *, 2> Out;
  llvm::DenseSet<const ValueDecl *> Seen(Work.begin(), Work.end());
  while (!Work.empty()) {
    const ValueDecl *From = Work.pop_back_val();
    for (const auto &[Ref, Closure] : Index.referencesTo(From)) {
      if (Closure)
        continue;
      // From is an argument of a call whose result initialises a local.
      Consumer Arg = consumerOf(Index, *Ref);
      const auto *Call = Arg.Node.get<CallExpr>();
      if (!Call)
        continue;
      Consumer Init = consumerOf(Index, *Call);
      const auto *V = Init.Node.get<VarDecl>();
      if (!V || V->getInit() != Init.Child || !Index.isOwnedLocal(V))
        continue;
      llvm::SmallVector<const ValueDecl *, 2> Made;
      if (const auto *DD = llvm::dyn_cast<DecompositionDecl>(V))
        for (const BindingDecl *B : DD->bindings())
          Made.push_back(B);
      else
        Made.push_back(V);
      for (const ValueDecl *D : Made)
        if (contextRecordOf(D->getType()) == Class && Seen.insert(D).second) {
          Out.push_back(D);
          Work.push_back(D);
        }
    }
  }
  It = Derived.find(Class);
  It->second = std::move(Out);
  return It->second;
}

llvm::SmallVector<const ValueDecl *, 2>
RootFinder::contextsAt(const Expr &At, const CXXRecordDecl *Class) {
  auto [It, Inserted] = Inputs.try_emplace(Class);
  if (Inserted)
    It->second = scopeInputs(Scope, [&](const ValueDecl &D) {
      return contextRecordOf(D.getType()) == Class && !dependentInPattern(D);
    });
  llvm::SmallVector<const ValueDecl *, 2> Found(It->second);
  for (const ValueDecl *D : derived(Class)) {
    const auto *Declared = llvm::dyn_cast<VarDecl>(D);
    if (const auto *B = llvm::dyn_cast<BindingDecl>(D))
      Declared = llvm::dyn_cast_or_null<VarDecl>(B->getDecomposedDecl());
    const Stmt *Statement = Declared ? Index.declarationOf(Declared) : nullptr;
    if (!Statement || !SM.isBeforeInTranslationUnit(
                          SM.getExpansionLoc(Statement->getEndLoc()),
                          SM.getExpansionLoc(At.getBeginLoc())))
      continue;
    DynTypedNode Block = Index.parentOf(*Statement);
    bool Encloses = false;
    for (const AncestorStep &Step : Index.ancestors(At))
      Encloses = Encloses || Step.Parent == Block;
    if (Encloses)
      Found.push_back(D);
  }
  return Found;
}

const ValueDecl *RootFinder::replacement(const UnboundRoot &Found,
                                         const Consumer &RootUse) {
  if (Found.InScope.size() != 1 || !Found.Root->getBeginLoc().isFileID() ||
      !Found.Root->getEndLoc().isFileID())
    return nullptr;
  const ValueDecl *D = Found.InScope.front();
  auto Plain = [](QualType T) {
    return T.getNonReferenceType().getCanonicalType().getUnqualifiedType();
  };
  if (Plain(D->getType()) != Plain(Found.Root->getType()) ||
      dependentInPattern(*D))
    return nullptr;
  bool ConstOnly = D->getType().getNonReferenceType().isConstQualified();
  // What the root's value binds to must accept an lvalue of D's type.
  QualType Target;
  // (A deduced parameter is no context parameter: the root was not
  // reported through it.)
  if (std::optional<ArgumentUse> Use = argumentUse(RootUse)) {
    Target = Use->Param;
  } else if (const auto *V = RootUse.Node.get<VarDecl>()) {
    Target = V->getType();
  } else if (assignedValue(RootUse) ||
             RootUse.Node.get<CXXOperatorCallExpr>()) {
    return D;
  }
  if (Target.isNull())
    return nullptr;
  if (Target->isRValueReferenceType())
    return nullptr;
  if (Target->isLValueReferenceType() &&
      !Target.getNonReferenceType().isConstQualified() && ConstOnly)
    return nullptr;
  return D;
}

std::optional<UnboundRoot> RootFinder::judge(const CallExpr &Root) {
  const CXXRecordDecl *Class = rootClass(&Root);
  if (!Class || insideAllowedCall(Root) || initialisesStatic(Root))
    return std::nullopt;
  UnboundRoot Found;
  Found.Root = &Root;
  Consumer Use = consumerOf(Index, Root);
  std::optional<ArgumentUse> Argument = contextArgument(Use, Class);
  if (!Argument) {
    // Stored into a local that only ever holds roots, then passed on.
    const auto *V = Use.Node.get<VarDecl>();
    if (V && V->getInit() != Use.Child)
      V = nullptr;
    if (const auto *Op = Use.Node.get<BinaryOperator>();
        Op && Op->getOpcode() == BO_Assign && Op->getRHS() == Use.Child)
      V = referencedVar(Op->getLHS());
    if (const auto *Op = Use.Node.get<CXXOperatorCallExpr>();
        Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
        Op->getArg(1) == Use.Child)
      V = referencedVar(Op->getArg(0));
    if (!V)
      return std::nullopt;
    Argument = useThroughLocal(*V, Root, Class);
    if (!Argument)
      return std::nullopt;
    Found.Through = V;
  }
  Found.InScope = contextsAt(Root, Class);
  if (Found.InScope.empty() || onlyWithoutContext(Root, Found.InScope))
    return std::nullopt;
  Found.UsedBy = Argument->Call;
  const auto *Call = llvm::dyn_cast<CallExpr>(Argument->Call);
  Found.UsedAsParent = Call && Model.matchCreation(*Call).has_value();
  Found.Replacement = replacement(Found, Use);
  return Found;
}

} // namespace

llvm::SmallVector<const ValueDecl *, 2>
scopeInputs(const Decl &Scope,
            llvm::function_ref<bool(const ValueDecl &)> Fits) {
  llvm::SmallVector<const ValueDecl *, 2> Out;
  auto Add = [&](const ValueDecl *D) {
    if (D && D->getIdentifier() && Fits(*D) && !llvm::is_contained(Out, D))
      Out.push_back(D);
  };
  if (const auto *FD = llvm::dyn_cast<FunctionDecl>(&Scope)) {
    for (const ParmVarDecl *P : FD->parameters())
      Add(P);
    const auto *MD = llvm::dyn_cast<CXXMethodDecl>(FD);
    if (MD && MD->getParent()->isLambda()) {
      llvm::DenseMap<const ValueDecl *, FieldDecl *> Captures;
      FieldDecl *This = nullptr;
      MD->getParent()->getCaptureFields(Captures, This);
      llvm::SmallVector<std::pair<unsigned, const ValueDecl *>, 4> Sorted;
      for (const auto &[Var, Field] : Captures)
        Sorted.push_back({Field->getFieldIndex(), Var});
      llvm::sort(Sorted);
      for (const auto &[Position, Var] : Sorted)
        Add(Var);
    }
  } else if (const auto *BD = llvm::dyn_cast<BlockDecl>(&Scope)) {
    for (const ParmVarDecl *P : BD->parameters())
      Add(P);
    for (const BlockDecl::Capture &Capture : BD->captures())
      Add(Capture.getVariable());
  }
  return Out;
}

llvm::SmallVector<UnboundRoot, 1> findUnboundRoots(const Decl &Scope,
                                                   const ScopeIndex &Index,
                                                   const ApiModel &Model) {
  llvm::SmallVector<UnboundRoot, 1> Found;
  if (Index.rootCalls().empty() || rootsExpectedIn(Scope, Model))
    return Found;
  RootFinder Finder(Scope, Index, Model);
  for (const CallExpr *Root : Index.rootCalls())
    if (std::optional<UnboundRoot> One = Finder.judge(*Root))
      Found.push_back(std::move(*One));
  return Found;
}

} // namespace clang::tidy::lostcancel
