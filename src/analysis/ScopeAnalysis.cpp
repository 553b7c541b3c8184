//===--- ScopeAnalysis.cpp - lostcancel -----------------------------------===//

#include "analysis/ScopeAnalysis.h"
#include "analysis/CreationWrappers.h"
#include "analysis/Events.h"
#include "analysis/HandleUses.h"
#include "analysis/PathConditions.h"
#include "analysis/Recorder.h"
#include "analysis/Solver.h"
#include "analysis/Verdicts.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::lostcancel {

namespace {

/// The facts of every site: from the fixpoint when the scope has a tracked
/// site and a CFG, else none.
llvm::SmallVector<SiteFacts, 4> analyseFlow(ScopeEvents &Events,
                                            const Decl &Scope, Stmt *Body,
                                            const HandleUses &Uses,
                                            ASTContext &Ctx) {
  std::optional<ScopeGraph> Graph;
  if (Events.anyTracked())
    Graph = ScopeGraph::build(Scope, Body, Uses.index(), Ctx);
  if (!Graph)
    return llvm::SmallVector<SiteFacts, 4>(Events.Sites.size());
  mapEventsToCFG(Events, *Graph->Graph, Graph->CompileTimeOnly, Uses);
  PathConditions Conditions(Scope, *Body, Uses.index(), Ctx);
  TransferFunctions Transfer(Events, *Graph, Uses, Conditions, *Body);
  std::vector<PointState> In = solve(*Graph, Transfer);
  return recordFacts(Events, *Graph, Transfer, In, Ctx.getSourceManager());
}

ScopeResult analyzeBody(const Decl &Scope, Stmt *Body, const ApiModel &Model,
                        ASTContext &Ctx,
                        llvm::function_ref<bool(const CallExpr &)> Wanted,
                        CalleeSummaries *Summaries,
                        CreationWrappers *Wrappers) {
  ScopeResult Result;
  HandleUses Uses(Scope, Model, Ctx, /*Body=*/nullptr, Summaries);
  // Code with errors: the AST is a guess, so nothing is reported.
  if (Uses.containsErrors())
    return Result;
  Result.Roots = findUnboundRoots(Scope, Uses.index(), Model);
  Result.Loops = findUnobservedLoops(Scope, Uses.index(), Model);
  Result.Threads = threadStartsIn(Uses.index(), Model);
  ScopeEvents Events = buildEvents(Uses, Model, Wanted, Wrappers);
  if (Events.Sites.empty())
    return Result;
  llvm::SmallVector<SiteFacts, 4> Facts =
      analyseFlow(Events, Scope, Body, Uses, Ctx);
  const auto *FD = llvm::dyn_cast<FunctionDecl>(&Scope);
  SiteClassifier Classifier(Events, Facts, Uses, Ctx.getSourceManager(),
                            /*IsMain=*/FD && FD->isMain());
  for (int I = 0, E = static_cast<int>(Events.Sites.size()); I < E; ++I)
    Result.Sites.push_back(Classifier.classify(I));
  return Result;
}

Stmt *bodyOf(const Decl &Scope) {
  if (const auto *FD = llvm::dyn_cast<FunctionDecl>(&Scope))
    return FD->getBody();
  if (const auto *BD = llvm::dyn_cast<BlockDecl>(&Scope))
    return BD->getBody();
  return nullptr;
}

} // namespace

ScopeResult analyzeInitializer(const Decl &Owner, const Expr &Init,
                               const ApiModel &Model, ASTContext &Ctx) {
  ScopeResult Result;
  HandleUses Uses(Owner, Model, Ctx, &Init);
  if (Uses.containsErrors())
    return Result;
  // A member thread (`std::jthread worker_{[this] { ... }}`) starts here.
  Result.Threads = threadStartsIn(Uses.index(), Model);
  ScopeEvents Events = buildEvents(Uses, Model, nullptr);
  // No flow: the initialiser keeps what it does not drop (a member holds it).
  llvm::SmallVector<SiteFacts, 4> Facts(Events.Sites.size());
  SiteClassifier Classifier(Events, Facts, Uses, Ctx.getSourceManager(),
                            /*IsMain=*/false);
  for (int I = 0, E = static_cast<int>(Events.Sites.size()); I < E; ++I)
    if (Events.Sites[I].Target.K == CreationTarget::Kind::Discarded)
      Result.Sites.push_back(Classifier.classify(I));
  return Result;
}

ScopeResult analyzeScope(const Decl &Scope, const ApiModel &Model,
                         ASTContext &Ctx,
                         llvm::function_ref<bool(const CallExpr &)> Wanted,
                         CalleeSummaries *Summaries,
                         CreationWrappers *Wrappers) {
  Stmt *Body = bodyOf(Scope);
  if (!Body || Scope.isInvalidDecl())
    return {};
  return analyzeBody(Scope, Body, Model, Ctx, Wanted, Summaries, Wrappers);
}

namespace {

/// The keeper call (SPEC §8.2) whose result \p Exit returns, directly or
/// through the local that holds it.
const KeeperCall *returnedKeeper(const ScopeEvents &Events, const Stmt *Exit) {
  const auto *Return = llvm::dyn_cast_or_null<ReturnStmt>(Exit);
  const Expr *Value = Return && Return->getRetValue()
                          ? Return->getRetValue()->IgnoreParenImpCasts()
                          : nullptr;
  // A conversion (an int status returned as bool) would change the values.
  if (!Value || Value->getType().getCanonicalType() !=
                    Return->getRetValue()->getType().getCanonicalType())
    return nullptr;
  if (auto It = Events.Keepers.find(Value); It != Events.Keepers.end())
    return &It->second;
  const auto *Ref = llvm::dyn_cast<DeclRefExpr>(Value);
  for (const auto &[Call, Keeper] : Events.Keepers)
    if (Ref && Keeper.ResultVar && Ref->getDecl() == Keeper.ResultVar)
      return &Keeper;
  return nullptr;
}

} // namespace

std::optional<ParameterFlow> analyzeParameter(const FunctionDecl &Definition,
                                              const HandleSlot &Param,
                                              HandleUses &Uses,
                                              ASTContext &Ctx) {
  Stmt *Body = Definition.getBody();
  if (!Body || Uses.containsErrors())
    return std::nullopt;
  ScopeEvents Events = buildParameterEvents(Uses, Uses.model(), Param);
  std::optional<ScopeGraph> Graph =
      ScopeGraph::build(Definition, Body, Uses.index(), Ctx);
  if (!Graph)
    return std::nullopt;
  mapEventsToCFG(Events, *Graph->Graph, Graph->CompileTimeOnly, Uses);
  if (!Events.UncertainSlots.empty() || !Events.DetachedEscapes[0].empty())
    return std::nullopt;
  PathConditions Conditions(Definition, *Body, Uses.index(), Ctx);
  TransferFunctions Transfer(Events, *Graph, Uses, Conditions, *Body);
  std::vector<PointState> In = solve(*Graph, Transfer);
  SiteFacts Facts = std::move(
      recordFacts(Events, *Graph, Transfer, In, Ctx.getSourceManager())
          .front());
  ParameterFlow Flow;
  Flow.Released = !Facts.Releases.empty();
  Flow.Transferred = !Facts.Transfers.empty();
  for (const auto &[Exit, Bits] : Facts.ExitStates) {
    ParameterExit &Out = Flow.Exits.emplace_back();
    Out.Exit = Exit;
    Out.Held = (Bits & (AnyLive | GuardHeld)) != 0;
    Out.Kept = (Bits & (Transferred | Pending)) != 0;
    if (Bits == Pending)
      if (const KeeperCall *Keeper = returnedKeeper(Events, Exit.Statement))
        Out.Forwarded = Keeper->Summary;
  }
  return Flow;
}

AnalysisCache::AnalysisCache(ApiModel Model) : Model(std::move(Model)) {}

AnalysisCache::~AnalysisCache() = default;

void AnalysisCache::useContext(ASTContext &Ctx) {
  if (CurrentContext == &Ctx)
    return;
  Results.clear();
  InitializerResults.clear();
  InProgress.clear();
  Summaries = std::make_unique<CalleeSummaries>(Model, Ctx);
  Wrappers = std::make_unique<CreationWrappers>(*this, Ctx);
  CurrentContext = &Ctx;
}

CreationWrappers &AnalysisCache::wrappers(ASTContext &Ctx) {
  useContext(Ctx);
  return *Wrappers;
}

bool AnalysisCache::mayCreate(const FunctionDecl &Callee) {
  return Model.mayNameCreation(Callee) ||
         wrappers(Callee.getASTContext()).mayBeWrapper(Callee);
}

const ScopeResult &AnalysisCache::resultFor(const Decl &Scope,
                                            ASTContext &Ctx) {
  useContext(Ctx);
  if (auto It = Results.find(&Scope); It != Results.end())
    return *It->second;
  // An instantiation repeats its template: creations the template itself
  // resolves were analysed there, once; only the ones that resolve here
  // (dependent callees) are analysed in the instantiation.
  llvm::DenseSet<SourceLocation> InPattern;
  if (const auto *FD = llvm::dyn_cast<FunctionDecl>(&Scope))
    if (const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern();
        Pattern && Pattern != FD)
      for (const SiteResult &Site : resultFor(*Pattern, Ctx).Sites)
        InPattern.insert(Site.Creation->getBeginLoc());
  InProgress.insert(&Scope);
  auto Result = std::make_unique<ScopeResult>(analyzeScope(
      Scope, Model, Ctx,
      [&](const CallExpr &Call) {
        return !InPattern.contains(Call.getBeginLoc());
      },
      Summaries.get(), Wrappers.get()));
  InProgress.erase(&Scope);
  ++Stats.Scopes;
  Stats.Sites += Result->Sites.size();
  Stats.Findings += llvm::count_if(Result->Sites, [](const SiteResult &Site) {
    return Site.Verdict != SiteVerdict::Clean;
  });
  return *Results.try_emplace(&Scope, std::move(Result)).first->second;
}

const ScopeResult &AnalysisCache::resultForInitializer(const Decl &Owner,
                                                       const Expr &Init,
                                                       ASTContext &Ctx) {
  useContext(Ctx);
  std::unique_ptr<ScopeResult> &Result = InitializerResults[&Init];
  if (!Result) {
    Result = std::make_unique<ScopeResult>(
        analyzeInitializer(Owner, Init, Model, Ctx));
    ++Stats.Scopes;
    Stats.Sites += Result->Sites.size();
    Stats.Findings += Result->Sites.size();
  }
  return *Result;
}

} // namespace clang::tidy::lostcancel
