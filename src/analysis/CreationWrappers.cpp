//===--- CreationWrappers.cpp - lostcancel --------------------------------===//

#include "analysis/CreationWrappers.h"
#include "analysis/ConditionTests.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::lostcancel {

namespace {

/// One more level of nesting while it lives.
class DepthGuard {
public:
  explicit DepthGuard(unsigned &Depth) : Depth(Depth) { ++Depth; }
  ~DepthGuard() { --Depth; }
  DepthGuard(const DepthGuard &) = delete;
  DepthGuard &operator=(const DepthGuard &) = delete;

private:
  unsigned &Depth;
};

/// Can a call to \p Callee run any other body than its definition's?
bool mayDispatchElsewhere(const FunctionDecl &Callee) {
  const auto *Method = llvm::dyn_cast<CXXMethodDecl>(&Callee);
  if (!Method || !Method->isVirtual())
    return false;
  return !Method->hasAttr<FinalAttr>() &&
         !Method->getParent()->hasAttr<FinalAttr>();
}

/// The value \p E stands for, through parentheses, implicit nodes, copies,
/// moves and a cast to void.
const Expr *strip(const Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Cleanups = llvm::dyn_cast<ExprWithCleanups>(E))
      E = Cleanups->getSubExpr();
    else if (const auto *Temp = llvm::dyn_cast<MaterializeTemporaryExpr>(E))
      E = Temp->getSubExpr();
    else if (const auto *Bind = llvm::dyn_cast<CXXBindTemporaryExpr>(E))
      E = Bind->getSubExpr();
    else if (const auto *Ctor = llvm::dyn_cast<CXXConstructExpr>(E);
             Ctor && Ctor->getNumArgs() == 1 &&
             Ctor->getConstructor()->isCopyOrMoveConstructor())
      E = Ctor->getArg(0);
    else if (const auto *Call = llvm::dyn_cast<CallExpr>(E);
             Call && Call->isCallToStdMove() && Call->getNumArgs() == 1)
      E = Call->getArg(0);
    else if (const auto *Cast = llvm::dyn_cast<CStyleCastExpr>(E);
             Cast && Cast->getType()->isVoidType())
      E = Cast->getSubExpr();
    else
      return E;
  }
  return E;
}

/// The returns of a body (not those of nested lambdas, blocks or local
/// classes), and how often each parameter is named anywhere in it.
class BodyFacts : public RecursiveASTVisitor<BodyFacts> {
public:
  bool shouldVisitImplicitCode() const { return false; }
  bool shouldVisitTemplateInstantiations() const { return false; }

  bool TraverseLambdaExpr(LambdaExpr *E) {
    return nested([&] { return RecursiveASTVisitor::TraverseLambdaExpr(E); });
  }
  bool TraverseBlockExpr(BlockExpr *E) {
    return nested([&] { return RecursiveASTVisitor::TraverseBlockExpr(E); });
  }
  bool TraverseCXXRecordDecl(CXXRecordDecl *D) {
    return nested(
        [&] { return RecursiveASTVisitor::TraverseCXXRecordDecl(D); });
  }
  bool VisitReturnStmt(ReturnStmt *S) {
    if (!Nested)
      Returns.push_back(S);
    return true;
  }
  bool VisitCoreturnStmt(CoreturnStmt *) {
    Coroutine = true;
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (const auto *Param = llvm::dyn_cast<ParmVarDecl>(Ref->getDecl()))
      ++ParamRefs[Param];
    return true;
  }

  llvm::SmallVector<const ReturnStmt *, 4> Returns;
  llvm::DenseMap<const ParmVarDecl *, unsigned> ParamRefs;
  bool Coroutine = false;

private:
  template <typename Fn> bool nested(Fn Traverse) {
    ++Nested;
    bool Result = Traverse();
    --Nested;
    return Result;
  }
  unsigned Nested = 0;
};

/// Does \p Calls hold a call whose callee \p MayCreate accepts (outside
/// nested lambdas, blocks and local classes)?
class CallFinder : public RecursiveASTVisitor<CallFinder> {
public:
  explicit CallFinder(llvm::function_ref<bool(const FunctionDecl &)> MayCreate)
      : MayCreate(MayCreate) {}
  bool shouldVisitTemplateInstantiations() const { return false; }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseBlockExpr(BlockExpr *) { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
  bool VisitCallExpr(CallExpr *Call) {
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      Found = MayCreate(*Callee);
    return !Found;
  }
  bool Found = false;

private:
  llvm::function_ref<bool(const FunctionDecl &)> MayCreate;
};

/// Is \p Needle \p Haystack or one of its descendants?
bool contains(const Stmt *Haystack, const Stmt *Needle) {
  if (!Haystack)
    return false;
  if (Haystack == Needle)
    return true;
  return llvm::any_of(Haystack->children(), [&](const Stmt *Child) {
    return contains(Child, Needle);
  });
}

/// Adds \p S and every statement below it to \p Out.
void addSubtree(const Stmt *S, llvm::DenseSet<const Stmt *> &Out) {
  if (!S)
    return;
  Out.insert(S);
  for (const Stmt *Child : S->children())
    addSubtree(Child, Out);
}

/// A constant a wrapper returns instead of a handle.
struct Constant {
  bool Null = false; ///< A null pointer.
  int64_t Value = 0;
};

std::optional<Constant> constantOf(const Expr &E, QualType Type,
                                   const ASTContext &Ctx) {
  if (E.isValueDependent() || E.isTypeDependent())
    return std::nullopt;
  if (Type->isAnyPointerType() || Type->isNullPtrType()) {
    if (E.isNullPointerConstant(const_cast<ASTContext &>(Ctx),
                                Expr::NPC_ValueDependentIsNotNull))
      return Constant{/*Null=*/true, 0};
    return std::nullopt;
  }
  Expr::EvalResult Result;
  if (!Type->isIntegerType() || !E.EvaluateAsInt(Result, Ctx))
    return std::nullopt;
  return Constant{/*Null=*/false, Result.Val.getInt().getExtValue()};
}

/// Can a copy of \p Api stand for a wrapper? Not when its release repeats
/// creation arguments, or its handle's end depends on them.
bool wrappable(const ApiEntry &Api) {
  if (Api.DiesWith.Argument >= 0 || Api.OneShot != ApiEntry::OneShotKind::Never)
    return false;
  return llvm::none_of(Api.Releases, [](const ReleaseSpec &Release) {
    return llvm::any_of(Release.Arguments, [](int Arg) { return Arg >= 0; });
  });
}

/// The failure convention of a wrapper that returns the handle of \p Inner
/// (its whole result, of type \p Type) or one of \p Constants; none when
/// the constants do not say.
std::optional<FailureSpec>
failureFromReturns(const FailureSpec &Inner, QualType Type,
                   llvm::ArrayRef<Constant> Constants) {
  if (Constants.empty())
    return Inner;
  FailureSpec Derived;
  if (llvm::all_of(Constants, [](const Constant &C) { return C.Null; })) {
    Derived.K = FailureSpec::Kind::Zero;
    return Derived;
  }
  if (!Type->isIntegerType() ||
      llvm::any_of(Constants, [](const Constant &C) { return C.Null; }))
    return std::nullopt;
  if (llvm::all_of(Constants, [](const Constant &C) { return C.Value < 0; }) &&
      (Inner.K == FailureSpec::Kind::Negative ||
       Inner.K == FailureSpec::Kind::None)) {
    Derived.K = FailureSpec::Kind::Negative;
    return Derived;
  }
  if (llvm::all_of(Constants, [](const Constant &C) { return C.Value == 0; }) &&
      Inner.K == FailureSpec::Kind::Zero)
    return Inner;
  return std::nullopt;
}

/// The failure convention of an out-parameter wrapper that returns
/// \p OnFailure when the creation failed and \p OnSuccess after it.
std::optional<FailureSpec>
failureFromStatus(const Constant &OnFailure,
                  llvm::ArrayRef<Constant> OnSuccess) {
  if (OnSuccess.empty() || OnFailure.Null ||
      llvm::any_of(OnSuccess, [](const Constant &C) { return C.Null; }))
    return std::nullopt;
  FailureSpec Derived;
  if (OnFailure.Value != 0 &&
      llvm::all_of(OnSuccess, [](const Constant &C) { return C.Value == 0; })) {
    Derived.K = FailureSpec::Kind::NonZero;
    return Derived;
  }
  if (OnFailure.Value < 0 &&
      llvm::all_of(OnSuccess, [](const Constant &C) { return C.Value >= 0; })) {
    Derived.K = FailureSpec::Kind::Negative;
    return Derived;
  }
  return std::nullopt;
}

/// The one return statement \p S is, directly or as the only statement of
/// a compound statement.
const ReturnStmt *onlyReturn(const Stmt *S) {
  if (const auto *Block = llvm::dyn_cast_or_null<CompoundStmt>(S))
    S = Block->size() == 1 ? Block->body_front() : nullptr;
  return llvm::dyn_cast_or_null<ReturnStmt>(S);
}

} // namespace

bool CreationWrappers::calleeMayCreate(const FunctionDecl &Callee) {
  if (Cache.model().mayNameCreation(Callee))
    return true;
  if (FilterDepth >= MaxDepth)
    return false;
  DepthGuard Nested(FilterDepth);
  return mayBeWrapper(Callee);
}

bool CreationWrappers::mayBeWrapper(const FunctionDecl &Callee) {
  const FunctionDecl *Definition = nullptr;
  if (!Callee.hasBody(Definition))
    return false;
  auto [It, New] = Candidates.try_emplace(Definition, false);
  if (!New)
    return It->second;
  // Until it is known, a recursive call sees no wrapper.
  const SourceManager &SM = Ctx.getSourceManager();
  if (Definition->isVariadic() || Definition->isInvalidDecl() ||
      Definition->isMain() || Definition->isOverloadedOperator() ||
      llvm::isa<CXXConstructorDecl, CXXDestructorDecl>(Definition) ||
      mayDispatchElsewhere(Callee) || mayDispatchElsewhere(*Definition) ||
      SM.isInSystemHeader(SM.getExpansionLoc(Definition->getLocation())))
    return false;
  // It hands a handle back: by its result, or through a pointer parameter.
  if (Definition->getReturnType()->isVoidType() &&
      llvm::none_of(Definition->parameters(), [](const ParmVarDecl *P) {
        return P->getType()->isPointerType();
      }))
    return false;
  auto MayCreate = [&](const FunctionDecl &Inner) {
    return calleeMayCreate(Inner);
  };
  CallFinder Finder(MayCreate);
  Finder.TraverseStmt(Definition->getBody());
  // The map may have grown: look the entry up again.
  Candidates[Definition] = Finder.Found;
  return Finder.Found;
}

llvm::SmallVector<CreationMatch, 1>
CreationWrappers::matchCreations(const CallExpr &Call) {
  llvm::SmallVector<CreationMatch, 1> Matches;
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || Call.isTypeDependent() || llvm::isa<CXXOperatorCallExpr>(Call))
    return Matches;
  const CreationWrapper *Wrapper = wrapperOf(*Callee);
  if (!Wrapper)
    return Matches;
  for (const WrappedHandle &Handle : Wrapper->Handles)
    if (!Handle.Where.Argument || *Handle.Where.Argument < Call.getNumArgs())
      Matches.push_back({Handle.Api, Handle.Where});
  return Matches;
}

const CreationWrapper *
CreationWrappers::find(const FunctionDecl &Callee) const {
  const FunctionDecl *Definition = nullptr;
  if (!Callee.hasBody(Definition))
    return nullptr;
  return Known.lookup(Definition);
}

const WrappedHandle *CreationWrappers::find(const FunctionDecl &Callee,
                                            const ApiEntry &Api) const {
  const CreationWrapper *Wrapper = find(Callee);
  if (!Wrapper)
    return nullptr;
  const auto *It = llvm::find_if(
      Wrapper->Handles, [&](const WrappedHandle &H) { return H.Api == &Api; });
  return It == Wrapper->Handles.end() ? nullptr : It;
}

const CreationWrapper *CreationWrappers::wrapperOf(const FunctionDecl &Callee) {
  if (!mayBeWrapper(Callee))
    return nullptr;
  const FunctionDecl *Definition = nullptr;
  Callee.hasBody(Definition);
  if (auto It = Known.find(Definition); It != Known.end())
    return It->second;
  if (Depth >= MaxDepth)
    return nullptr;
  // Until it is known, a recursive call sees no wrapper.
  Known[Definition] = nullptr;
  std::optional<CreationWrapper> Wrapper = compute(*Definition);
  if (!Wrapper)
    return nullptr;
  Wrappers.push_back(std::move(*Wrapper));
  Known[Definition] = &Wrappers.back();
  return &Wrappers.back();
}

std::optional<CreationWrapper>
CreationWrappers::compute(const FunctionDecl &Definition) {
  DepthGuard Nested(Depth);
  // A template's pattern first; its instantiation when the pattern's
  // creations only resolve there.
  llvm::SmallVector<const FunctionDecl *, 2> Bodies;
  if (const FunctionDecl *Pattern =
          Definition.getTemplateInstantiationPattern();
      Pattern && Pattern != &Definition && Pattern->hasBody())
    Bodies.push_back(Pattern);
  Bodies.push_back(&Definition);
  for (const FunctionDecl *Scope : Bodies) {
    // Its analysis is under way further up: recursion.
    if (Cache.isAnalysing(*Scope))
      return std::nullopt;
    if (std::optional<CreationWrapper> Wrapper =
            fromBody(*Scope, Cache.resultFor(*Scope, Ctx)))
      return Wrapper;
  }
  return std::nullopt;
}

const ApiEntry *CreationWrappers::entryFor(const ApiEntry &Inner,
                                           const FailureSpec &Failure,
                                           const FunctionDecl &Wrapper) {
  ApiEntry &Entry = Entries.emplace_back(Inner);
  Entry.Names.clear();
  if (const IdentifierInfo *Name = Wrapper.getIdentifier())
    Entry.Names.insert(Name->getName());
  Entry.Creation.reset();
  Entry.FreeOrStaticOnly = false;
  Entry.Failure = Failure;
  return &Entry;
}

std::optional<CreationWrapper>
CreationWrappers::fromBody(const FunctionDecl &Scope,
                           const ScopeResult &Result) {
  const auto *Body = llvm::dyn_cast_or_null<CompoundStmt>(Scope.getBody());
  if (!Body || Result.Sites.empty() || Scope.getReturnType()->isDependentType())
    return std::nullopt;
  BodyFacts Facts;
  Facts.TraverseStmt(const_cast<CompoundStmt *>(Body));
  if (Facts.Coroutine)
    return std::nullopt;
  CreationWrapper Wrapper;
  Wrapper.Function = &Scope;
  QualType Type = Scope.getReturnType();

  // A handle returned on every path.
  if (!Type->isVoidType()) {
    bool Fits = true;
    const SiteResult *Returned = nullptr;
    llvm::SmallVector<const SiteResult *, 2> Tracked;
    llvm::SmallVector<Constant, 2> Constants;
    llvm::DenseSet<const Stmt *> ReturnParts;
    auto Take = [&](const SiteResult &Site) {
      if (Site.Verdict != SiteVerdict::Clean || !Site.Api ||
          !wrappable(*Site.Api) ||
          (Returned && (Returned->Api != Site.Api ||
                        Returned->Where.WholeResult != Site.Where.WholeResult ||
                        Returned->Where.Field != Site.Where.Field ||
                        Returned->Where.Index != Site.Where.Index)))
        return false;
      if (Site.Where.Argument)
        return false;
      if (!Site.Where.WholeResult &&
          !Ctx.hasSameType(Type, Site.Creation->getCallReturnType(Ctx)))
        return false;
      Returned = &Site;
      return true;
    };
    for (const ReturnStmt *Return : Facts.Returns) {
      const Expr *Value = Return->getRetValue();
      const Expr *Stripped = strip(Value);
      if (!Stripped) {
        Fits = false;
        break;
      }
      // The creation itself.
      if (const auto *It = llvm::find_if(Result.Sites,
                                         [&](const SiteResult &Site) {
                                           return Site.Creation == Stripped;
                                         });
          It != Result.Sites.end()) {
        Fits = Take(*It);
      } else if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(Stripped);
                 Ref && llvm::isa<VarDecl>(Ref->getDecl()) &&
                 !llvm::isa<ParmVarDecl>(Ref->getDecl())) {
        // A local the handle was stored into.
        const auto *Var = llvm::cast<VarDecl>(Ref->getDecl());
        bool Any = false;
        for (const SiteResult &Site : Result.Sites)
          if (Site.Fix.HandleStorage == Var) {
            Any = true;
            Fits = Fits && Take(Site);
            Tracked.push_back(&Site);
          }
        Fits = Fits && Any;
        addSubtree(Return, ReturnParts);
        // What it holds before any creation: a creation, or a constant.
        if (const Expr *Init = strip(Var->getInit());
            Fits && Init && llvm::none_of(Result.Sites, [&](const auto &Site) {
              return Site.Creation == Init;
            })) {
          std::optional<Constant> C = constantOf(*Var->getInit(), Type, Ctx);
          Fits = C.has_value();
          if (C)
            Constants.push_back(*C);
        }
      } else if (std::optional<Constant> C = constantOf(*Value, Type, Ctx)) {
        Constants.push_back(*C);
      } else {
        Fits = false;
      }
      if (!Fits)
        break;
    }
    // The handle in a local is returned on every path, and only returned.
    for (const SiteResult *Site : Tracked)
      Fits = Fits && Site->Flow.Followed && !Site->Flow.Escapes &&
             !Site->Fix.EverReleased &&
             llvm::all_of(Site->Flow.Transfers, [&](const Stmt *Transfer) {
               return ReturnParts.contains(Transfer);
             });
    std::optional<FailureSpec> Failure;
    if (Fits && Returned && (Constants.empty() || Returned->Where.WholeResult))
      Failure = failureFromReturns(Returned->Api->Failure, Type, Constants);
    if (Failure) {
      WrappedHandle Handle;
      Handle.Api = entryFor(*Returned->Api, *Failure, Scope);
      Handle.Where = Returned->Where;
      Handle.Where.ZeroIsEmpty = Failure->K == FailureSpec::Kind::Zero;
      Handle.Inner = Returned->Creation;
      Handle.InnerApi = Returned->Api;
      Wrapper.Handles.push_back(Handle);
    }
  }

  // Handles written through pointer parameters.
  for (const SiteResult &Site : Result.Sites) {
    if (!Site.Where.Argument || Site.Verdict != SiteVerdict::Clean ||
        !Site.Api || !wrappable(*Site.Api) ||
        llvm::isa<CXXOperatorCallExpr>(Site.Creation) ||
        *Site.Where.Argument >= Site.Creation->getNumArgs())
      continue;
    const auto *Ref = llvm::dyn_cast<DeclRefExpr>(
        Site.Creation->getArg(*Site.Where.Argument)->IgnoreParenImpCasts());
    const auto *Param =
        Ref ? llvm::dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
    if (!Param ||
        llvm::dyn_cast<FunctionDecl>(Param->getDeclContext()) != &Scope ||
        !Param->getType()->isPointerType() || Facts.ParamRefs[Param] != 1)
      continue;
    // The statement of the body's top level that creates it.
    const auto *Top = llvm::find_if(Body->body(), [&](const Stmt *S) {
      return contains(S, Site.Creation);
    });
    if (Top == Body->body_end())
      continue;
    const SourceManager &SM = Ctx.getSourceManager();
    auto Before = [&](const Stmt *S) {
      return SM.isBeforeInTranslationUnit(S->getBeginLoc(),
                                          (*Top)->getBeginLoc());
    };
    // Nothing returns before it: every call creates.
    if (llvm::any_of(Facts.Returns, Before))
      continue;
    std::optional<FailureSpec> Failure;
    const FailureSpec &Inner = Site.Api->Failure;
    llvm::SmallVector<Constant, 2> After;
    bool AfterFits = true;
    for (const ReturnStmt *Return : Facts.Returns) {
      if (contains(*Top, Return))
        continue;
      if (!Return->getRetValue())
        continue;
      std::optional<Constant> C = constantOf(*Return->getRetValue(), Type, Ctx);
      AfterFits = AfterFits && C.has_value();
      if (C)
        After.push_back(*C);
    }
    if (!AfterFits)
      continue;
    if (const auto *E = llvm::dyn_cast<Expr>(*Top);
        E && strip(E) == Site.Creation) {
      // `create(..., p);`: no failure the caller can see.
      Failure = FailureSpec();
    } else if (const auto *Return = llvm::dyn_cast<ReturnStmt>(*Top);
               Return && strip(Return->getRetValue()) == Site.Creation) {
      // `return create(..., p);`: the creation's status.
      Failure = Inner;
    } else if (const auto *If = llvm::dyn_cast<IfStmt>(*Top);
               If && !If->getInit() && !If->getConditionVariable() &&
               !If->getElse() && !If->isConsteval()) {
      // `if (<create(..., p) failed>) return C1; ... return C2;`
      std::optional<StatusTest> Test = statusTest(*If->getCond(), Ctx);
      const ReturnStmt *Leave = onlyReturn(If->getThen());
      if (Test && Test->Call == Site.Creation && Leave &&
          Inner.decide(*Test, /*ConditionHolds=*/true) ==
              FailureSpec::Outcome::Failed) {
        if (Type->isVoidType())
          Failure = FailureSpec();
        else if (std::optional<Constant> C =
                     Leave->getRetValue()
                         ? constantOf(*Leave->getRetValue(), Type, Ctx)
                         : std::nullopt)
          Failure = failureFromStatus(*C, After);
      }
    }
    if (!Failure)
      continue;
    WrappedHandle Handle;
    Handle.Api = entryFor(*Site.Api, *Failure, Scope);
    Handle.Where = HandleLocation();
    Handle.Where.Argument = Param->getFunctionScopeIndex();
    Handle.Where.ZeroIsEmpty = Site.Where.ZeroIsEmpty;
    Handle.Inner = Site.Creation;
    Handle.InnerApi = Site.Api;
    Wrapper.Handles.push_back(Handle);
  }
  if (Wrapper.Handles.empty())
    return std::nullopt;
  return Wrapper;
}

} // namespace clang::tidy::lostcancel
