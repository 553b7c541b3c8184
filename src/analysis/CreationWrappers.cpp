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
#include "llvm/Support/SaveAndRestore.h"

namespace clang::tidy::lostcancel {

namespace {

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
  static bool shouldVisitImplicitCode() { return false; }
  static bool shouldVisitTemplateInstantiations() { return false; }

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
  static bool shouldVisitTemplateInstantiations() { return false; }
  static bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  static bool TraverseBlockExpr(BlockExpr *) { return true; }
  static bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
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

/// The handle a function returns on every path, and the failure convention
/// its returns give it.
struct ReturnedHandle {
  const SiteResult *Site = nullptr;
  FailureSpec Failure;
};

/// Reads the returns of a function against the analysis of its body: each
/// gives a creation's handle (the creation itself, or a local it was stored
/// into) or a constant.
class ReturnReader {
public:
  ReturnReader(const FunctionDecl &Scope, const ScopeResult &Result,
               const ASTContext &Ctx)
      : Result(Result), Ctx(Ctx), Type(Scope.getReturnType()) {}

  std::optional<ReturnedHandle>
  read(llvm::ArrayRef<const ReturnStmt *> Returns) {
    if (Type->isVoidType())
      return std::nullopt;
    for (const ReturnStmt *Return : Returns)
      if (!readReturn(*Return))
        return std::nullopt;
    if (!Returned || !llvm::all_of(Tracked, [&](const SiteResult *Site) {
          return onlyReturned(*Site);
        }))
      return std::nullopt;
    if (!Constants.empty() && !Returned->Where.WholeResult)
      return std::nullopt;
    std::optional<FailureSpec> Failure =
        failureFromReturns(Returned->Api->Failure, Type, Constants);
    if (!Failure)
      return std::nullopt;
    return ReturnedHandle{Returned, *Failure};
  }

private:
  /// Notes what \p Return gives; false when it is neither a handle nor a
  /// constant.
  bool readReturn(const ReturnStmt &Return) {
    const Expr *Value = Return.getRetValue();
    const Expr *Stripped = strip(Value);
    if (!Stripped)
      return false;
    if (const SiteResult *Site = siteCreatedBy(Stripped))
      return take(*Site);
    if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(Stripped)) {
      const auto *Var = llvm::dyn_cast<VarDecl>(Ref->getDecl());
      if (!Var || llvm::isa<ParmVarDecl>(Var))
        return false;
      addSubtree(&Return, ReturnParts);
      return readVariable(*Var);
    }
    std::optional<Constant> C = constantOf(*Value, Type, Ctx);
    if (C)
      Constants.push_back(*C);
    return C.has_value();
  }

  /// A local returned: it holds creations' handles, and before them
  /// nothing, a creation or a constant.
  bool readVariable(const VarDecl &Var) {
    bool Any = false;
    for (const SiteResult &Site : Result.Sites)
      if (Site.Fix.HandleStorage == &Var) {
        if (!take(Site))
          return false;
        Tracked.push_back(&Site);
        Any = true;
      }
    const Expr *Init = strip(Var.getInit());
    if (!Any || !Init || siteCreatedBy(Init))
      return Any;
    std::optional<Constant> C = constantOf(*Var.getInit(), Type, Ctx);
    if (C)
      Constants.push_back(*C);
    return C.has_value();
  }

  const SiteResult *siteCreatedBy(const Expr *E) const {
    const auto *It = llvm::find_if(Result.Sites, [&](const SiteResult &Site) {
      return Site.Creation == E;
    });
    return It == Result.Sites.end() ? nullptr : It;
  }

  /// \p Site is returned: it must be clean, of the same API and at the same
  /// place in the result as any other returned site.
  bool take(const SiteResult &Site) {
    if (Site.Verdict != SiteVerdict::Clean || !Site.Api ||
        !wrappable(*Site.Api) || Site.Where.Argument)
      return false;
    if (Returned && (Returned->Api != Site.Api ||
                     Returned->Where.WholeResult != Site.Where.WholeResult ||
                     Returned->Where.Field != Site.Where.Field ||
                     Returned->Where.Outer != Site.Where.Outer ||
                     Returned->Where.Index != Site.Where.Index))
      return false;
    if (!Site.Where.WholeResult &&
        !Ctx.hasSameType(Type, Site.Creation->getCallReturnType(Ctx)))
      return false;
    Returned = &Site;
    return true;
  }

  /// The handle in a local is followed, released and guarded nowhere, and
  /// transferred only by the returns that name the local.
  bool onlyReturned(const SiteResult &Site) const {
    return Site.Flow.Followed && !Site.Flow.Escapes && !Site.Fix.EverReleased &&
           llvm::all_of(Site.Flow.Transfers, [&](const Stmt *Transfer) {
             return ReturnParts.contains(Transfer);
           });
  }

  const ScopeResult &Result;
  const ASTContext &Ctx;
  QualType Type;
  const SiteResult *Returned = nullptr;
  llvm::SmallVector<const SiteResult *, 2> Tracked;
  llvm::SmallVector<Constant, 2> Constants;
  llvm::DenseSet<const Stmt *> ReturnParts;
};

/// The pointer parameter of \p Scope that \p Site writes its handle
/// through, when the body names it nowhere else; else null.
const ParmVarDecl *outParameter(const SiteResult &Site,
                                const FunctionDecl &Scope,
                                const BodyFacts &Facts) {
  if (!Site.Where.Argument || Site.Verdict != SiteVerdict::Clean || !Site.Api ||
      !wrappable(*Site.Api) || llvm::isa<CXXOperatorCallExpr>(Site.Creation) ||
      *Site.Where.Argument >= Site.Creation->getNumArgs())
    return nullptr;
  const auto *Ref = llvm::dyn_cast<DeclRefExpr>(
      Site.Creation->getArg(*Site.Where.Argument)->IgnoreParenImpCasts());
  const auto *Param =
      Ref ? llvm::dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
  if (!Param ||
      llvm::dyn_cast<FunctionDecl>(Param->getDeclContext()) != &Scope ||
      !Param->getType()->isPointerType() || Facts.ParamRefs.lookup(Param) != 1)
    return nullptr;
  return Param;
}

/// `if (<Creation failed>) return C1;` (with \p Type void: `return;`): the
/// failure convention that C1 and the constants \p After, returned after
/// it, give.
std::optional<FailureSpec>
failureOfTest(const IfStmt &If, const CallExpr &Creation,
              const FailureSpec &Inner, QualType Type,
              llvm::ArrayRef<Constant> After, const ASTContext &Ctx) {
  if (If.getInit() || If.getConditionVariable() || If.getElse() ||
      If.isConsteval())
    return std::nullopt;
  std::optional<StatusTest> Test = statusTest(*If.getCond(), Ctx);
  const ReturnStmt *Leave = onlyReturn(If.getThen());
  if (!Test || Test->Call != &Creation || !Leave ||
      Inner.decide(*Test, /*ConditionHolds=*/true) !=
          FailureSpec::Outcome::Failed)
    return std::nullopt;
  if (Type->isVoidType())
    return FailureSpec();
  std::optional<Constant> OnFailure =
      Leave->getRetValue() ? constantOf(*Leave->getRetValue(), Type, Ctx)
                           : std::nullopt;
  if (!OnFailure)
    return std::nullopt;
  return failureFromStatus(*OnFailure, After);
}

/// The failure convention of an out-parameter wrapper whose site is
/// \p Site: its creation is a statement of \p Body's top level that every
/// call reaches, and the returns after it give constants.
std::optional<FailureSpec>
outParameterFailure(const SiteResult &Site, const CompoundStmt &Body,
                    llvm::ArrayRef<const ReturnStmt *> Returns,
                    const FunctionDecl &Scope, const ASTContext &Ctx) {
  const auto *Top = llvm::find_if(
      Body.body(), [&](const Stmt *S) { return contains(S, Site.Creation); });
  if (Top == Body.body_end())
    return std::nullopt;
  const SourceManager &SM = Ctx.getSourceManager();
  QualType Type = Scope.getReturnType();
  llvm::SmallVector<Constant, 2> After;
  for (const ReturnStmt *Return : Returns) {
    // Nothing returns before it: every call creates.
    if (SM.isBeforeInTranslationUnit(Return->getBeginLoc(),
                                     (*Top)->getBeginLoc()))
      return std::nullopt;
    if (contains(*Top, Return) || !Return->getRetValue())
      continue;
    std::optional<Constant> C = constantOf(*Return->getRetValue(), Type, Ctx);
    if (!C)
      return std::nullopt;
    After.push_back(*C);
  }
  // `create(..., p);`: no failure the caller can see.
  if (const auto *E = llvm::dyn_cast<Expr>(*Top);
      E && strip(E) == Site.Creation)
    return FailureSpec();
  // `return create(..., p);`: the creation's status.
  if (const auto *Return = llvm::dyn_cast<ReturnStmt>(*Top);
      Return && strip(Return->getRetValue()) == Site.Creation)
    return Site.Api->Failure;
  // `if (<create(..., p) failed>) return C1; ... return C2;`
  if (const auto *If = llvm::dyn_cast<IfStmt>(*Top))
    return failureOfTest(*If, *Site.Creation, Site.Api->Failure, Type, After,
                         Ctx);
  return std::nullopt;
}

} // namespace

bool CreationWrappers::calleeMayCreate(const FunctionDecl &Callee) {
  if (Cache.model().mayNameCreation(Callee))
    return true;
  if (FilterDepth >= MaxDepth)
    return false;
  llvm::SaveAndRestore Nested(FilterDepth, FilterDepth + 1);
  return mayBeWrapper(Callee);
}

bool CreationWrappers::mayBeWrapper(const FunctionDecl &Callee) {
  const FunctionDecl *Definition = nullptr;
  // Error recovery may drop whole statements (a release among them) without
  // a trace in the AST: with errors in the translation unit, no body is
  // trusted to show everything it does with a handle.
  if (!Callee.hasBody(Definition) ||
      Ctx.getDiagnostics().hasUncompilableErrorOccurred())
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
  llvm::SaveAndRestore Nested(Depth, Depth + 1);
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
  auto Add = [&](const SiteResult &Site, const FailureSpec &Failure,
                 HandleLocation Where) {
    WrappedHandle Handle;
    Handle.Api = entryFor(*Site.Api, Failure, Scope);
    Handle.Where = Where;
    Handle.Inner = Site.Creation;
    Handle.InnerApi = Site.Api;
    Wrapper.Handles.push_back(Handle);
  };
  if (std::optional<ReturnedHandle> Returned =
          ReturnReader(Scope, Result, Ctx).read(Facts.Returns)) {
    HandleLocation Where = Returned->Site->Where;
    Where.ZeroIsEmpty = Returned->Failure.K == FailureSpec::Kind::Zero;
    Add(*Returned->Site, Returned->Failure, Where);
  }
  for (const SiteResult &Site : Result.Sites) {
    const ParmVarDecl *Param = outParameter(Site, Scope, Facts);
    if (!Param)
      continue;
    if (std::optional<FailureSpec> Failure =
            outParameterFailure(Site, *Body, Facts.Returns, Scope, Ctx)) {
      HandleLocation Where;
      Where.Argument = Param->getFunctionScopeIndex();
      Where.ZeroIsEmpty = Site.Where.ZeroIsEmpty;
      Add(Site, *Failure, Where);
    }
  }
  if (Wrapper.Handles.empty())
    return std::nullopt;
  return Wrapper;
}

} // namespace clang::tidy::lostcancel
