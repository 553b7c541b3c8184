//===--- ThreadLoops.cpp - lostcancel -------------------------------------===//

#include "analysis/ThreadLoops.h"
#include "analysis/ExprPatterns.h"
#include "analysis/UnboundRoots.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::lostcancel {

namespace {

/// The call operator a thread runs of \p Lambda: of a generic lambda, its
/// only instantiation (the pattern's parameters have no type yet); none when
/// there are several.
const FunctionDecl *callOperatorRun(const LambdaExpr &Lambda) {
  const FunctionTemplateDecl *Generic = Lambda.getDependentCallOperator();
  if (!Generic)
    return Lambda.getCallOperator();
  const FunctionDecl *Only = nullptr;
  for (const FunctionDecl *Spec : Generic->specializations()) {
    if (!Spec->doesThisDeclarationHaveABody())
      continue;
    if (Only && Only != Spec)
      return nullptr;
    Only = Spec;
  }
  return Only;
}

/// The function a thread's callable argument runs, if its body is here.
const FunctionDecl *bodyOfCallable(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 4; ++Depth) {
    E = stripToValue(E);
    if (const auto *Cast = llvm::dyn_cast<CXXFunctionalCastExpr>(E))
      E = stripToValue(Cast->getSubExpr());
    if (const auto *Op = llvm::dyn_cast<UnaryOperator>(E);
        Op && Op->getOpcode() == UO_AddrOf)
      E = stripToValue(Op->getSubExpr());
    if (const auto *Lambda = llvm::dyn_cast<LambdaExpr>(E))
      return callOperatorRun(*Lambda);
    const auto *Ref = llvm::dyn_cast<DeclRefExpr>(E);
    if (!Ref)
      return nullptr;
    if (const auto *FD = llvm::dyn_cast<FunctionDecl>(Ref->getDecl())) {
      const FunctionDecl *Definition = nullptr;
      return FD->hasBody(Definition) ? Definition : nullptr;
    }
    // A local holding a lambda: a closure type cannot be assigned to.
    const auto *VD = llvm::dyn_cast<VarDecl>(Ref->getDecl());
    const CXXRecordDecl *RD =
        VD ? VD->getType().getNonReferenceType()->getAsCXXRecordDecl()
           : nullptr;
    if (!VD || !VD->hasLocalStorage() || !RD || !RD->isLambda())
      return nullptr;
    E = VD->getInit();
  }
  return nullptr;
}

/// A call that never returns.
bool isNoReturnCall(const CallExpr &Call) {
  if (const FunctionDecl *Callee = Call.getDirectCallee())
    return Callee->isNoReturn();
  QualType T = Call.getCallee()->getType();
  if (const auto *Pointer = T->getAs<PointerType>())
    T = Pointer->getPointeeType();
  const auto *Fn = T->getAs<FunctionType>();
  return Fn && Fn->getNoReturnAttr();
}

/// May \p S, a call or a construction, throw (its callee is not
/// noexcept)?
bool mayThrow(const Stmt &S) {
  const FunctionDecl *Callee = nullptr;
  if (const auto *Call = llvm::dyn_cast<CallExpr>(&S))
    Callee = Call->getDirectCallee();
  else if (const auto *Cons = llvm::dyn_cast<CXXConstructExpr>(&S))
    Callee = Cons->getConstructor();
  else
    return false;
  const auto *Proto =
      Callee ? Callee->getType()->getAs<FunctionProtoType>() : nullptr;
  return !Proto || !Proto->isNothrow();
}

/// Does anything inside \p Loop leave it (SPEC §9: break, return, throw,
/// co_return, goto out, a [[noreturn]] call; with \p CallsLeave, a call
/// that may throw too)? Nested closures are not entered; an explicit stack
/// keeps deep nesting off the call stack.
bool leavesLoop(const Stmt &Loop, bool CallsLeave) {
  llvm::SmallVector<std::pair<const Stmt *, unsigned>, 16> Work;
  llvm::SmallVector<const GotoStmt *, 2> Gotos;
  llvm::DenseSet<const LabelDecl *> Labels;
  for (const Stmt *Child : Loop.children())
    Work.push_back({Child, 0});
  while (!Work.empty()) {
    auto [S, BreakDepth] = Work.pop_back_val();
    if (!S || llvm::isa<LambdaExpr, BlockExpr>(S))
      continue;
    if (llvm::isa<ReturnStmt, CoreturnStmt, CXXThrowExpr, IndirectGotoStmt,
                  SEHLeaveStmt>(S) ||
        (CallsLeave && mayThrow(*S)))
      return true;
    if (llvm::isa<BreakStmt>(S) && BreakDepth == 0)
      return true;
    if (const auto *Call = llvm::dyn_cast<CallExpr>(S);
        Call && isNoReturnCall(*Call))
      return true;
    if (const auto *Goto = llvm::dyn_cast<GotoStmt>(S))
      Gotos.push_back(Goto);
    if (const auto *Label = llvm::dyn_cast<LabelStmt>(S))
      Labels.insert(Label->getDecl());
    unsigned Inner =
        BreakDepth +
        (llvm::isa<WhileStmt, DoStmt, ForStmt, CXXForRangeStmt, SwitchStmt>(S)
             ? 1
             : 0);
    for (const Stmt *Child : S->children())
      Work.push_back({Child, Inner});
  }
  return llvm::any_of(Gotos, [&](const GotoStmt *Goto) {
    return !Labels.contains(Goto->getLabel());
  });
}

class LoopJudge {
public:
  LoopJudge(const Decl &Scope, const ScopeIndex &Index, const ApiModel &Model)
      : Scope(Scope), Index(Index), Model(Model), Ctx(Index.context()) {
    if (const auto *MD = llvm::dyn_cast<CXXMethodDecl>(&Scope);
        MD && MD->getParent()->isLambda()) {
      FieldDecl *This = nullptr;
      MD->getParent()->getCaptureFields(Captures, This);
      MutableLambda = !MD->isConst();
    }
  }

  /// Can \p Loop only end by cancellation?
  bool endless(const Stmt &Loop) {
    const Expr *Cond = nullptr;
    if (const auto *While = llvm::dyn_cast<WhileStmt>(&Loop)) {
      if (While->getConditionVariable())
        return false;
      Cond = While->getCond();
    } else if (const auto *Do = llvm::dyn_cast<DoStmt>(&Loop)) {
      Cond = Do->getCond();
    } else if (const auto *For = llvm::dyn_cast<ForStmt>(&Loop)) {
      if (For->getConditionVariable())
        return false;
      Cond = For->getCond();
    }
    return (!Cond || alwaysTrue(*Cond) || stableCondition(*Cond, Loop)) &&
           !leavesLoop(Loop, insideTryBlock(Loop));
  }

  /// Is \p Loop in the try block of a try statement of the scope? A call
  /// in it that throws then ends the loop into a handler the body wrote:
  /// the author's exit (`try { while (true) reply(receive()); } catch
  /// (...) {}`).
  bool insideTryBlock(const Stmt &Loop) const {
    for (const AncestorStep &Step : Index.ancestors(Loop))
      if (const auto *Try = Step.Parent.get<CXXTryStmt>();
          Try && Step.Child.get<Stmt>() == Try->getTryBlock())
        return true;
    return false;
  }

  /// The scope's cancellation signals.
  const llvm::SmallVector<const ValueDecl *, 1> &signals();

  /// Does anything inside \p Loop observe \p Signal, or does the scope
  /// register a std::stop_callback with it (the callback is how a blocked
  /// loop is woken)?
  bool observes(const Stmt &Loop, const ValueDecl &Signal) const {
    return llvm::any_of(Index.referencesTo(&Signal), [&](const auto &Ref) {
      if (inside(*Ref.first, Loop))
        return observingUse(*Ref.first);
      return !Ref.second && (madeStopCallback(*Ref.first) ||
                             handedToLocalUsedIn(*Ref.first, Loop));
    });
  }

  bool inside(const Stmt &S, const Stmt &Loop) const {
    for (const AncestorStep &Step : Index.ancestors(S))
      if (Step.Parent.get<Stmt>() == &Loop)
        return true;
    return false;
  }

private:
  bool alwaysTrue(const Expr &Cond) const {
    bool Value = false;
    return !Cond.isValueDependent() && !Cond.isTypeDependent() &&
           Cond.EvaluateAsBooleanCondition(Value, Ctx) && Value;
  }
  /// A condition over literals and stable variables only, at least one.
  bool stableCondition(const Expr &Cond, const Stmt &Loop) const;
  bool stableVariable(const VarDecl &VD, const Stmt &Loop) const;
  bool isSignal(const ValueDecl &D) const {
    if (ApiModel::isStopToken(D.getType()))
      return true;
    const CXXRecordDecl *RD = contextRecordOf(D.getType());
    return RD && Model.isContextType(*RD);
  }
  bool observingUse(const DeclRefExpr &Ref) const;
  /// Is \p Ref an argument of a construction or call whose result
  /// initialises a local that \p Loop uses: an object that now holds the
  /// signal (`Session s(ctx);`), or a context derived from it (`auto [c,
  /// cancel] = WithTimeout(ctx, 1s);`)? The loop delegates to it.
  bool handedToLocalUsedIn(const DeclRefExpr &Ref, const Stmt &Loop) const;
  /// Is \p Ref the token a std::stop_callback is constructed with?
  bool madeStopCallback(const DeclRefExpr &Ref) const {
    const auto *Cons =
        Index.parentAboveParensAndCasts(Ref).get<CXXConstructExpr>();
    return Cons &&
           isListedType(recordOf(Cons->getType()), {"std::stop_callback"});
  }
  /// The call of a named method that \p Member is the callee of.
  const CXXMemberCallExpr *methodCallOn(const MemberExpr &Member) const;

  const Decl &Scope;
  const ScopeIndex &Index;
  const ApiModel &Model;
  ASTContext &Ctx;
  llvm::DenseMap<const ValueDecl *, FieldDecl *> Captures;
  bool MutableLambda = false;
  std::optional<llvm::SmallVector<const ValueDecl *, 1>> Signals;
};

bool LoopJudge::stableCondition(const Expr &Cond, const Stmt &Loop) const {
  llvm::SmallVector<const Stmt *, 8> Work{&Cond};
  bool SawVariable = false;
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(S)) {
      if (llvm::isa<EnumConstantDecl>(Ref->getDecl()))
        continue;
      const auto *VD = llvm::dyn_cast<VarDecl>(Ref->getDecl());
      if (!VD || !stableVariable(*VD, Loop))
        return false;
      SawVariable = true;
      continue;
    }
    if (const auto *Op = llvm::dyn_cast<UnaryOperator>(S)) {
      if (Op->isIncrementDecrementOp() || Op->getOpcode() == UO_Deref ||
          Op->getOpcode() == UO_AddrOf)
        return false;
    } else if (const auto *Op = llvm::dyn_cast<BinaryOperator>(S)) {
      if (Op->isAssignmentOp())
        return false;
    } else if (!llvm::isa<ImplicitCastExpr, ParenExpr, CStyleCastExpr,
                          ConditionalOperator, IntegerLiteral,
                          CXXBoolLiteralExpr, CharacterLiteral, FloatingLiteral,
                          CXXNullPtrLiteralExpr>(S)) {
      return false;
    }
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
  return SawVariable;
}

bool LoopJudge::stableVariable(const VarDecl &VD, const Stmt &Loop) const {
  QualType T = VD.getType();
  if (T->isReferenceType() || !T->isScalarType() || T.isVolatileQualified())
    return false;
  bool OwnValue = Index.isOwnedLocal(&VD) ||
                  (llvm::isa<ParmVarDecl>(VD) &&
                   VD.getDeclContext() == llvm::dyn_cast<DeclContext>(&Scope));
  if (!OwnValue) {
    // A capture by copy of a lambda that cannot change it.
    auto It = Captures.find(&VD);
    if (It == Captures.end() || It->second->getType()->isReferenceType() ||
        MutableLambda)
      return false;
  }
  for (const auto &[Ref, Closure] : Index.referencesTo(&VD)) {
    DynTypedNode Parent = Index.parentOf(*Ref);
    while (const auto *Paren = Parent.get<ParenExpr>())
      Parent = Index.parentOf(*Paren);
    const auto *Cast = Parent.get<ImplicitCastExpr>();
    if (Cast && Cast->getCastKind() == CK_LValueToRValue)
      continue; // a read
    if (Closure || inside(*Ref, Loop))
      return false;
    // Written before or after the loop by the scope itself: fine; its
    // address taken or a reference bound to it: anyone may write it.
    const auto *Assign = Parent.get<BinaryOperator>();
    const auto *Step = Parent.get<UnaryOperator>();
    if (!(Assign && Assign->isAssignmentOp()) &&
        !(Step && Step->isIncrementDecrementOp()))
      return false;
  }
  return true;
}

const llvm::SmallVector<const ValueDecl *, 1> &LoopJudge::signals() {
  if (Signals)
    return *Signals;
  Signals.emplace();
  // Unnamed parameters too: a jthread callable that takes a std::stop_token
  // and ignores it is this bug, not the "takes no token" one.
  const auto *FD = llvm::dyn_cast<FunctionDecl>(&Scope);
  for (const ParmVarDecl *P :
       FD ? FD->parameters() : llvm::ArrayRef<ParmVarDecl *>())
    if (!P->getIdentifier() && isSignal(*P))
      Signals->push_back(P);
  for (const ValueDecl *D :
       scopeInputs(Scope, [&](const ValueDecl &D) { return isSignal(D); }))
    Signals->push_back(D);
  // A pthread start routine's `Context *ctx = (Context *)arg;`.
  for (const ParmVarDecl *P :
       FD ? FD->parameters() : llvm::ArrayRef<ParmVarDecl *>()) {
    if (!P->getType()->isPointerType())
      continue;
    for (const auto &[Ref, Closure] : Index.referencesTo(P)) {
      AncestorStep Init = Index.parentAboveTransparent(*Ref);
      const auto *VD = Init.Parent.get<VarDecl>();
      if (!Closure && VD && VD->getInit() == Init.Child.get<Expr>() &&
          Index.isOwnedLocal(VD) && isSignal(*VD) &&
          !llvm::is_contained(*Signals, VD))
        Signals->push_back(VD);
    }
  }
  return *Signals;
}

bool LoopJudge::handedToLocalUsedIn(const DeclRefExpr &Ref,
                                    const Stmt &Loop) const {
  // Through std::move and the copy into a by-value parameter or a local;
  // a copy into a lambda's capture is not a hand-over.
  auto Above = [&](const Stmt &S) {
    return Index.parentAboveTransparent(S).Parent;
  };
  const Expr *E = &Ref;
  DynTypedNode Parent = Above(*E);
  for (unsigned Step = 0; Step < 4; ++Step) {
    const auto *Move = Parent.get<CallExpr>();
    const auto *Copy = Parent.get<CXXConstructExpr>();
    if (Move && Move->getNumArgs() == 1 &&
        isStdFunction(Move->getDirectCallee(), {"move"}))
      E = Move;
    else if (Copy && isCopyOrMove(Copy) &&
             !Index.parentOf(*Copy).get<LambdaExpr>())
      E = Copy;
    else
      break;
    Parent = Above(*E);
  }
  // The signal itself initialises the local (a copy, a reference), or a
  // construction or call it is an argument of does.
  const Expr *Made = E;
  if (!Parent.get<VarDecl>()) {
    Made = Parent.get<CXXConstructExpr>();
    if (!Made)
      Made = Parent.get<CallExpr>();
    if (!Made || (llvm::isa<CXXConstructExpr>(Made) &&
                  isCopyOrMove(llvm::cast<CXXConstructExpr>(Made))))
      return false;
    Parent = Above(*Made);
  }
  const auto *VD = Parent.get<VarDecl>();
  if (!VD || !VD->getInit() || !Index.isOwnedLocal(VD) ||
      stripToValue(VD->getInit()) != stripToValue(Made))
    return false;
  llvm::SmallVector<const ValueDecl *, 2> Holders{VD};
  if (const auto *DD = llvm::dyn_cast<DecompositionDecl>(VD))
    for (const BindingDecl *B : DD->bindings())
      Holders.push_back(B);
  return llvm::any_of(Holders, [&](const ValueDecl *Holder) {
    return llvm::any_of(Index.referencesTo(Holder), [&](const auto &Use) {
      return inside(*Use.first, Loop);
    });
  });
}

const CXXMemberCallExpr *
LoopJudge::methodCallOn(const MemberExpr &Member) const {
  const auto *Call =
      Index.parentAboveParensAndCasts(Member).get<CXXMemberCallExpr>();
  const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
  if (!Method || !Method->getIdentifier() ||
      Call->getCallee()->IgnoreParens() != &Member)
    return nullptr;
  return Call;
}

bool LoopJudge::observingUse(const DeclRefExpr &Ref) const {
  const Expr *E = &Ref;
  for (unsigned Step = 0; Step < 8; ++Step) {
    DynTypedNode P = Index.parentAboveParensAndCasts(*E);
    if (const auto *Op = P.get<UnaryOperator>();
        Op && (Op->getOpcode() == UO_Deref || Op->getOpcode() == UO_AddrOf)) {
      E = Op;
      continue;
    }
    if (const auto *Op = P.get<CXXOperatorCallExpr>()) {
      // Through a smart pointer's -> or *; other operators only compare.
      if ((Op->getOperator() == OO_Arrow || Op->getOperator() == OO_Star) &&
          Op->getNumArgs() == 1) {
        E = Op;
        continue;
      }
      return false;
    }
    if (const auto *Member = P.get<MemberExpr>()) {
      // A method called on the signal: a query, or `.get()` of a smart
      // pointer, whose result is followed.
      const CXXMemberCallExpr *Call = methodCallOn(*Member);
      if (!Call)
        return false;
      if (Model.isObserveName(Call->getMethodDecl()->getName()))
        return true;
      if (Call->getMethodDecl()->getName() != "get" || Call->getNumArgs() != 0)
        return false;
      E = Call;
      continue;
    }
    if (const auto *Cons = P.get<CXXConstructExpr>()) {
      // Copied into a closure: what the closure's body does decides.
      return !(isCopyOrMove(Cons) && Index.parentOf(*Cons).get<LambdaExpr>());
    }
    // Passed to a function: delegation.
    return P.get<CallExpr>() || P.get<CXXNewExpr>();
  }
  return false;
}

} // namespace

namespace {

/// The kind of thread a thread class \p T makes.
ThreadStart::Kind threadKindOf(QualType T) {
  return isListedType(recordOf(T), {"std::jthread"})
             ? ThreadStart::Kind::JThread
             : ThreadStart::Kind::Thread;
}

/// The callable a call that starts a thread runs (std::async with
/// std::launch::async, pthread_create, a container's emplace), and the
/// thread's kind into \p K; null for any other call.
const Expr *callableOfCall(const CallExpr &Call, ThreadStart::Kind &K) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee)
    return nullptr;
  if (isStdFunction(Callee, {"async"})) {
    // Only std::launch::async is sure to run on a new thread.
    const auto *Policy =
        Call.getNumArgs() >= 2
            ? llvm::dyn_cast<DeclRefExpr>(Call.getArg(0)->IgnoreParenImpCasts())
            : nullptr;
    const auto *Value =
        Policy ? llvm::dyn_cast<EnumConstantDecl>(Policy->getDecl()) : nullptr;
    K = ThreadStart::Kind::Async;
    return Value && Value->getName() == "async" ? Call.getArg(1) : nullptr;
  }
  if (const ThreadStartFunction *Fn = ApiModel::threadStartOf(*Callee);
      Fn && Call.getNumArgs() == Fn->NumArgs) {
    K = ThreadStart::Kind::PThread;
    return Call.getArg(Fn->RoutineArg);
  }
  // `threads.emplace_back(callable, args...)` constructs the thread.
  std::optional<unsigned> First = ApiModel::threadEmplaceArgument(Call);
  if (!First || *First >= Call.getNumArgs())
    return nullptr;
  const auto *Container = llvm::cast<ClassTemplateSpecializationDecl>(
      llvm::cast<CXXMethodDecl>(Callee)->getParent());
  K = threadKindOf(Container->getTemplateArgs()[0].getAsType());
  return Call.getArg(*First);
}

} // namespace

std::optional<ThreadStart> threadStartOf(const Expr &E) {
  ThreadStart Start;
  Start.Start = &E;
  const Expr *Callable = nullptr;
  if (const auto *Cons = llvm::dyn_cast<CXXConstructExpr>(&E)) {
    if (!ApiModel::isThreadType(Cons->getType()) || Cons->getNumArgs() == 0 ||
        isCopyOrMove(Cons))
      return std::nullopt;
    Start.K = threadKindOf(Cons->getType());
    Callable = Cons->getArg(0);
  } else if (const auto *Call = llvm::dyn_cast<CallExpr>(&E)) {
    Callable = callableOfCall(*Call, Start.K);
  }
  Start.Body = Callable ? bodyOfCallable(Callable) : nullptr;
  if (!Start.Body)
    return std::nullopt;
  return Start;
}

namespace {

/// Is the thread object \p Start makes detached in its scope: a detach
/// call on the temporary, or on the local it initialises?
bool detachedIn(const Expr &Start, const ScopeIndex &Index,
                const ApiModel &Model) {
  auto IsDetach = [&](const DynTypedNode &Node) {
    const auto *Member = Node.get<MemberExpr>();
    const auto *Call =
        Member
            ? Index.parentAboveParensAndCasts(*Member).get<CXXMemberCallExpr>()
            : nullptr;
    const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
    return Method && Model.isDetachFunction(*Method);
  };
  AncestorStep Above = Index.parentAboveTransparent(Start);
  if (IsDetach(Above.Parent))
    return true;
  const auto *Var = Above.Parent.get<VarDecl>();
  if (!Var || Var->getInit() != Above.Child.get<Expr>())
    return false;
  return llvm::any_of(Index.referencesTo(Var), [&](const auto &Ref) {
    return IsDetach(Index.parentAboveParensAndCasts(*Ref.first));
  });
}

} // namespace

llvm::SmallVector<ThreadStart, 1> threadStartsIn(const ScopeIndex &Index,
                                                 const ApiModel &Model) {
  llvm::SmallVector<ThreadStart, 1> Starts;
  for (const Expr *E : Index.threadStarts())
    if (std::optional<ThreadStart> Start = threadStartOf(*E)) {
      Start->Detached = detachedIn(*E, Index, Model);
      Starts.push_back(*Start);
    }
  return Starts;
}

llvm::SmallVector<UnobservedLoop, 1>
findUnobservedLoops(const Decl &Scope, const ScopeIndex &Index,
                    const ApiModel &Model) {
  llvm::SmallVector<UnobservedLoop, 1> Found;
  if (Index.loops().empty())
    return Found;
  LoopJudge Judge(Scope, Index, Model);
  for (const Stmt *Loop : Index.loops()) {
    // Outermost only: a loop inside a reported one is part of its finding.
    if (llvm::any_of(Found, [&](const UnobservedLoop &Outer) {
          return Judge.inside(*Loop, *Outer.Loop);
        }))
      continue;
    if (!Judge.endless(*Loop))
      continue;
    const auto &Signals = Judge.signals();
    if (llvm::any_of(Signals, [&](const ValueDecl *Signal) {
          return Judge.observes(*Loop, *Signal);
        }))
      continue;
    Found.push_back({Loop, Signals});
  }
  return Found;
}

} // namespace clang::tidy::lostcancel
