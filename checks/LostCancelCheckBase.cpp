//===--- LostCancelCheckBase.cpp - lostcancel -----------------------------===//

#include "checks/LostCancelCheckBase.h"
#include "analysis/CreationWrappers.h"
#include "checks/ScopeFinder.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang::ast_matchers;

namespace clang::tidy::lostcancel {

namespace {

/// How a note names the results with which a callee keeps a handle (SPEC
/// §8.2): the one value, or the class they share that the other results
/// are not in.
std::string keptResult(const ParamSummary &Summary,
                       const FunctionDecl &Callee) {
  llvm::ArrayRef<std::int64_t> Kept = Summary.KeptValues;
  llvm::ArrayRef<std::int64_t> Held = Summary.HeldValues;
  if (Callee.getReturnType()->isBooleanType() && Kept.size() == 1)
    return Kept.front() ? "true" : "false";
  if (Callee.getReturnType()->isPointerType() && Kept.size() == 1)
    return Kept.front() ? "a non-null pointer" : "a null pointer";
  auto All = [](llvm::ArrayRef<std::int64_t> Values, auto Pred) {
    return llvm::all_of(Values, Pred);
  };
  if (Kept.size() == 1)
    return std::to_string(Kept.front());
  auto NonNegative = [](std::int64_t X) { return X >= 0; };
  auto Negative = [](std::int64_t X) { return X < 0; };
  auto NonZero = [](std::int64_t X) { return X != 0; };
  if (All(Kept, NonNegative) && All(Held, Negative))
    return "a non-negative value";
  if (All(Kept, NonZero) && Held.size() == 1 && Held.front() == 0)
    return "a non-zero value";
  std::string Text;
  for (std::int64_t X : Kept)
    Text += (Text.empty() ? "" : " or ") + std::to_string(X);
  return Text;
}

/// Sits in front of the compiler's diagnostic consumer, passes everything
/// on unchanged, and notes where errors are reported.
class ErrorRecorder : public DiagnosticConsumer {
public:
  ErrorRecorder(DiagnosticConsumer *Next,
                std::unique_ptr<DiagnosticConsumer> OwnedNext,
                std::shared_ptr<std::vector<SourceLocation>> Errors)
      : Next(Next), OwnedNext(std::move(OwnedNext)), Errors(std::move(Errors)) {
  }

  void BeginSourceFile(const LangOptions &LangOpts,
                       const Preprocessor *PP) override {
    Next->BeginSourceFile(LangOpts, PP);
  }
  void EndSourceFile() override { Next->EndSourceFile(); }
  void finish() override { Next->finish(); }
  void clear() override {
    DiagnosticConsumer::clear();
    Next->clear();
  }
  bool IncludeInDiagnosticCounts() const override {
    return Next->IncludeInDiagnosticCounts();
  }
  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    if (Level >= DiagnosticsEngine::Error && Info.hasSourceManager() &&
        Info.getLocation().isValid())
      Errors->push_back(
          Info.getSourceManager().getExpansionLoc(Info.getLocation()));
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    Next->HandleDiagnostic(Level, Info);
  }

private:
  DiagnosticConsumer *Next;
  std::unique_ptr<DiagnosticConsumer> OwnedNext;
  std::shared_ptr<std::vector<SourceLocation>> Errors;
};

} // namespace

std::pair<std::shared_ptr<SharedAnalysis>, bool> AnalysisRegistry::getOrCreate(
    ClangTidyContext *Context,
    llvm::function_ref<std::shared_ptr<SharedAnalysis>()> Create) {
  std::lock_guard<std::mutex> Lock(Mutex);
  std::weak_ptr<SharedAnalysis> &Entry = Shared[Context];
  if (std::shared_ptr<SharedAnalysis> Existing = Entry.lock())
    return {Existing, false};
  std::shared_ptr<SharedAnalysis> Created = Create();
  Entry = Created;
  return {Created, true};
}

LostCancelCheckBase::LostCancelCheckBase(llvm::StringRef Name,
                                         ClangTidyContext *Context,
                                         AnalysisRegistry &Registry,
                                         std::optional<SiteVerdict> Reports)
    : ClangTidyCheck(Name, Context),
      Profiles(Options.getLocalOrGlobal("lostcancel.Profiles",
                                        ApiModel::defaultProfiles())),
      Apis(Options.getLocalOrGlobal("lostcancel.Apis", "")),
      ApiFile(Options.getLocalOrGlobal("lostcancel.ApiFile", "")),
      GuardTypes(Options.getLocalOrGlobal("lostcancel.GuardTypes",
                                          ApiModel::defaultGuardTypes())),
      GuardFunctions(Options.getLocalOrGlobal(
          "lostcancel.GuardFunctions", ApiModel::defaultGuardFunctions())),
      DetachFunctions(Options.getLocalOrGlobal(
          "lostcancel.DetachFunctions", ApiModel::defaultDetachFunctions())),
      CleanupFunctions(
          Options.getLocalOrGlobal("lostcancel.CleanupFunctions", "")),
      TakeFunctions(Options.getLocalOrGlobal("lostcancel.TakeFunctions",
                                             ApiModel::defaultTakeFunctions())),
      RootAllowedIn(Options.getLocalOrGlobal("lostcancel.RootAllowedIn", "")),
      Template{Options.getLocalOrGlobal("lostcancel.GuardTemplate", "").str(),
               Options.getLocalOrGlobal("lostcancel.GuardInclude", "").str()},
      Statistics(Options.getLocalOrGlobal("lostcancel.Statistics", false)),
      Reports(Reports),
      Inserter(utils::IncludeSorter::IS_LLVM, /*SelfContainedDiags=*/false) {
  auto [SharedState, Created] = Registry.getOrCreate(Context, [&] {
    auto State = std::make_shared<SharedAnalysis>();
    ApiModelOptions ModelOptions;
    ModelOptions.Profiles = Profiles;
    ModelOptions.Apis = Apis;
    ModelOptions.ApiFile = ApiFile;
    ModelOptions.GuardTypes = GuardTypes;
    ModelOptions.GuardFunctions = GuardFunctions;
    ModelOptions.DetachFunctions = DetachFunctions;
    ModelOptions.CleanupFunctions = CleanupFunctions;
    ModelOptions.TakeFunctions = TakeFunctions;
    ModelOptions.RootAllowedIn = RootAllowedIn;
    ModelOptions.MainFile = Context->getCurrentFile().str();
    llvm::Expected<ApiModel> Model = ApiModel::create(ModelOptions);
    if (!Model)
      State->ConfigError = llvm::toString(Model.takeError());
    else if (llvm::Error Bad = Template.validate())
      State->ConfigError = llvm::toString(std::move(Bad));
    else
      State->Cache.emplace(std::move(*Model));
    return State;
  });
  Shared = std::move(SharedState);
  Shared->Checks.push_back(this);
  // One error per run, from the check that built the shared state.
  if (Created && !Shared->ConfigError.empty())
    configurationDiag("invalid lostcancel configuration: %0",
                      DiagnosticIDs::Error)
        << Shared->ConfigError;
}

void LostCancelCheckBase::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  // The model's options are shared by every lostcancel check.
  Opts["lostcancel.Profiles"] = ClangTidyOptions::ClangTidyValue(Profiles);
  Opts["lostcancel.Apis"] = ClangTidyOptions::ClangTidyValue(Apis);
  Opts["lostcancel.ApiFile"] = ClangTidyOptions::ClangTidyValue(ApiFile);
  Opts["lostcancel.GuardTypes"] = ClangTidyOptions::ClangTidyValue(GuardTypes);
  Opts["lostcancel.GuardFunctions"] =
      ClangTidyOptions::ClangTidyValue(GuardFunctions);
  Opts["lostcancel.DetachFunctions"] =
      ClangTidyOptions::ClangTidyValue(DetachFunctions);
  Opts["lostcancel.CleanupFunctions"] =
      ClangTidyOptions::ClangTidyValue(CleanupFunctions);
  Opts["lostcancel.TakeFunctions"] =
      ClangTidyOptions::ClangTidyValue(TakeFunctions);
  Opts["lostcancel.RootAllowedIn"] =
      ClangTidyOptions::ClangTidyValue(RootAllowedIn);
  Opts["lostcancel.GuardTemplate"] =
      ClangTidyOptions::ClangTidyValue(Template.Template);
  Opts["lostcancel.GuardInclude"] =
      ClangTidyOptions::ClangTidyValue(Template.Include);
  Opts["lostcancel.Statistics"] =
      ClangTidyOptions::ClangTidyValue(Statistics ? "true" : "false");
}

AnalysisCache &LostCancelCheckBase::cache() const {
  // Matchers are registered only when the model was built, so every match
  // (and the end of the translation unit after one) finds the cache.
  std::optional<AnalysisCache> &Cache = Shared->Cache;
  if (!Cache)
    llvm_unreachable("lostcancel: no analysis without a valid model");
  return *Cache;
}

void LostCancelCheckBase::registerPPCallbacks(const SourceManager &,
                                              Preprocessor *PP,
                                              Preprocessor *) {
  Inserter.registerPreprocessor(PP);
  // The first check listens for the compiler's errors, for all of them.
  DiagnosticsEngine &Diags = PP->getDiagnostics();
  if (Shared->Checks.front() != this || !Diags.getClient())
    return;
  DiagnosticConsumer *Next = Diags.getClient();
  std::unique_ptr<DiagnosticConsumer> Owned = Diags.takeClient();
  Diags.setClient(new ErrorRecorder(Next, std::move(Owned), Shared->Errors),
                  /*ShouldOwnClient=*/true);
}

bool LostCancelCheckBase::hasCompilerError(const Decl &Scope,
                                           const SourceManager &SM) const {
  SourceRange Range = Scope.getSourceRange();
  if (const Stmt *Body = Scope.getBody())
    Range = Body->getSourceRange();
  SourceLocation Begin = SM.getExpansionLoc(Range.getBegin());
  SourceLocation End = SM.getExpansionLoc(Range.getEnd());
  return llvm::any_of(*Shared->Errors, [&](SourceLocation Error) {
    return SM.isPointWithin(Error, Begin, End);
  });
}

void LostCancelCheckBase::warnLeak(const SiteResult &Site,
                                   SourceLocation Anchor,
                                   llvm::StringRef Message, const Decl &Scope,
                                   ASTContext &Ctx) {
  {
    DiagnosticBuilder Warning = diag(Anchor, Message);
    Warning << Site.Api->Words.Noun << Site.HandleName << Site.Api->verb()
            << Site.Callee->getName() << Site.Api->consequence();
    FixContext Fix{Scope,           Ctx,      Shared->FixCache,
                   cache().model(), Template, Inserter};
    for (const FixItHint &Hint : buildReleaseFix(Site, Fix))
      Warning << Hint;
  }
  // SPEC §4: no fix-it when the context leaves the scope; say why.
  if (Site.Fix.ContextEscape.isValid())
    diag(Ctx.getSourceManager().getExpansionLoc(Site.Fix.ContextEscape),
         "no fix-it: '%0' leaves the scope here, and releasing '%1' when the "
         "scope ends would cancel it while it is still in use; keep '%1' "
         "with it and call it when the work is done",
         DiagnosticIDs::Note)
        << Site.Fix.EscapingContext << Site.HandleName;
}

void LostCancelCheckBase::noteLeakingExit(const SiteResult &Site,
                                          const SourceManager &SM) {
  // A guard that held the handle was dismissed (SPEC §7.18).
  for (const auto &[Loc, Guard] : Site.Leak.Dismissals)
    diag(SM.getExpansionLoc(Loc),
         "guard '%0' is dismissed here and no longer releases '%1'",
         DiagnosticIDs::Note)
        << Guard << Site.HandleName;
  llvm::StringRef Text;
  switch (Site.firstExit().Kind) {
  case ExitKind::Return:
    Text = "returns here without releasing '%0'";
    break;
  case ExitKind::Throw:
    // A call that may throw, inside the try block that declares the handle
    // (SPEC §7.15), is noted at the handler the exception reaches.
    Text = llvm::isa_and_nonnull<CXXCatchStmt>(Site.firstExit().Statement)
               ? "an exception caught here leaves '%0' unreleased"
               : "throws here without releasing '%0'";
    break;
  case ExitKind::FunctionEnd:
    Text = "reaches the end of the function without releasing '%0'";
    break;
  case ExitKind::ScopeEnd:
    Text = "'%0' goes out of scope here without being released";
    break;
  case ExitKind::Jump:
    Text = "leaves the scope of '%0' here without releasing it";
    break;
  }
  diag(SM.getExpansionLoc(Site.firstExit().Loc), Text, DiagnosticIDs::Note)
      << Site.HandleName;
}

void LostCancelCheckBase::noteSummarisedUses(const SiteResult &Site,
                                             const SourceManager &SM) {
  // SPEC §8.7: a finding that owes something to a callee's summary says so.
  for (const SummarisedUse &Use : Site.UsedByCallees) {
    const auto *Callee = llvm::cast<FunctionDecl>(Use.Param->getDeclContext());
    SourceLocation Loc = SM.getExpansionLoc(Use.Call->getBeginLoc());
    StringRef Param = Use.Param->getName();
    switch (Use.Summary.Effect) {
    case ParamEffect::Uses:
      if (Param.empty())
        diag(Loc, "%0 does not use it", DiagnosticIDs::Note) << Callee;
      else
        diag(Loc, "%0 only reads '%1'", DiagnosticIDs::Note) << Callee << Param;
      break;
    case ParamEffect::Releases:
      diag(Loc, "%0 releases '%1'", DiagnosticIDs::Note) << Callee << Param;
      break;
    case ParamEffect::ReleasesOnSomePaths:
      diag(Loc,
           "%0 releases '%1' on some paths only; the call counts as a "
           "transfer",
           DiagnosticIDs::Note)
          << Callee << Param;
      break;
    case ParamEffect::TransfersOnSuccess:
      diag(Loc, "%0 keeps '%1' only when it returns %2", DiagnosticIDs::Note)
          << Callee << Param << keptResult(Use.Summary, *Callee);
      break;
    case ParamEffect::Transfers:
      break;
    }
  }
}

void LostCancelCheckBase::noteCreationWrappers(const SiteResult &Site,
                                               ASTContext &Ctx) {
  // SPEC §8.3: the creation is a wrapper's; say where the wrapper (and each
  // wrapper it calls) creates the handle.
  const SourceManager &SM = Ctx.getSourceManager();
  const CreationWrappers &Wrappers = cache().wrappers(Ctx);
  const FunctionDecl *Callee = Site.Callee;
  const ApiEntry *Api = Site.Api;
  for (unsigned Depth = 0; Callee && Api && Depth < CreationWrappers::MaxDepth;
       ++Depth) {
    const WrappedHandle *Handle = Wrappers.find(*Callee, *Api);
    if (!Handle)
      return;
    diag(SM.getExpansionLoc(Handle->Inner->getBeginLoc()),
         "%0 creates the %1 here", DiagnosticIDs::Note)
        << Callee << Api->Words.Noun;
    Callee = Handle->Inner->getDirectCallee();
    Api = Handle->InnerApi;
  }
}

void LostCancelCheckBase::registerMatchers(MatchFinder *Finder) {
  if (!Shared->Cache || Shared->Checks.front() != this)
    return;
  // One match per translation unit: ScopeFinder walks the user's code once
  // and hands over every function, lambda and block body, and every member
  // initialiser (SPEC §7.19), that contains a call the model may know, a
  // call of a possible creation wrapper, or -- for the SPEC §9 checks -- a
  // root or a thread start; the analysis then looks at the scope's own.
  Finder->addMatcher(translationUnitDecl().bind("unit"), this);
}

void LostCancelCheckBase::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  const SourceManager &SM = Ctx.getSourceManager();
  bool Roots = llvm::any_of(Shared->Checks, [](const LostCancelCheckBase *C) {
    return C->reportsRoots();
  });
  // lostcancel-unobserved reads the bodies of the threads a scope starts.
  bool Threads = llvm::any_of(Shared->Checks, [](const LostCancelCheckBase *C) {
    return C->reportsLoops();
  });
  AnalysisCache &Cache = cache();
  auto Interesting = [&](const Expr &E) {
    if (const auto *Call = llvm::dyn_cast<CallExpr>(&E))
      if (const auto *Callee =
              llvm::dyn_cast_or_null<FunctionDecl>(Call->getCalleeDecl()))
        if (Cache.mayCreate(*Callee) ||
            (Roots && Cache.model().mayNameRoot(*Callee)))
          return true;
    return Threads && ApiModel::mayStartThread(E);
  };
  Shared->FixCache.resetUnit();
  findScopes(Ctx, Interesting, [&](const FoundScope &Found) {
    if (hasCompilerError(*Found.Scope, SM))
      return;
    Shared->FixCache.reset();
    if (Found.Init) {
      const ScopeResult &Sites =
          Cache.resultForInitializer(*Found.Scope, *Found.Init, Ctx);
      for (LostCancelCheckBase *Check : Shared->Checks) {
        Check->reportSites(Sites, *Found.Scope, Ctx);
        Check->reportThreads(Sites, Ctx);
      }
      return;
    }
    for (LostCancelCheckBase *Check : Shared->Checks)
      Check->reportScope(*Found.Scope, Ctx);
  });
}

void LostCancelCheckBase::onEndOfTranslationUnit() {
  // lostcancel.Statistics: one line per translation unit on stderr, for the
  // no-crash sweep and the benchmarks (docs/options.md).
  if (!Shared->Cache || Shared->Checks.front() != this || !Statistics)
    return;
  const AnalysisCache::Statistics &Stats = cache().statistics();
  llvm::errs() << "lostcancel-stats: scopes=" << Stats.Scopes
               << " sites=" << Stats.Sites << " findings=" << Stats.Findings
               << "\n";
}

void LostCancelCheckBase::reportScope(const Decl &Scope, ASTContext &Ctx) {
  const ScopeResult &Result = cache().resultFor(Scope, Ctx);
  reportSites(Result, Scope, Ctx);
  const SourceManager &SM = Ctx.getSourceManager();
  for (const UnboundRoot &Root :
       reportsRoots() ? Result.Roots : llvm::ArrayRef<UnboundRoot>())
    if (SourceLocation Anchor = SM.getExpansionLoc(Root.Root->getBeginLoc());
        Reported.insert({Anchor, ""}).second)
      reportRoot(Root, Anchor, Ctx);
  reportThreads(Result, Ctx);
}

void LostCancelCheckBase::reportThreads(const ScopeResult &Result,
                                        ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  for (const ThreadStart &Thread :
       reportsLoops() ? Result.Threads : llvm::ArrayRef<ThreadStart>())
    if (!SM.isInSystemHeader(SM.getExpansionLoc(Thread.Body->getLocation())) &&
        !hasCompilerError(*Thread.Body, SM))
      reportThread(cache().resultFor(*Thread.Body, Ctx), Thread, Ctx);
}

void LostCancelCheckBase::reportThread(const ScopeResult &Body,
                                       const ThreadStart &Start,
                                       ASTContext &Ctx) {
  if (!reportsLoops())
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  for (const UnobservedLoop &Loop : Body.Loops) {
    // Without a signal, only a std::jthread's loop is a finding: its
    // destructor asks for a stop that nobody reads (SPEC §9); once the
    // jthread is detached, its destructor waits for nothing.
    if (Loop.Signals.empty() &&
        (Start.K != ThreadStart::Kind::JThread || Start.Detached))
      continue;
    SourceLocation Anchor = SM.getExpansionLoc(Loop.Loop->getBeginLoc());
    if (Reported.insert({Anchor, ""}).second)
      reportLoop(Loop, Start, Anchor, Ctx);
  }
}

void LostCancelCheckBase::reportSites(const ScopeResult &Result,
                                      const Decl &Scope, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  for (const SiteResult &Site : Result.Sites) {
    if (!Reports || Site.Verdict != *Reports)
      continue;
    SourceLocation Anchor =
        SM.getExpansionLoc(Site.Verdict == SiteVerdict::Overwritten
                               ? Site.Overwrite.Loc
                               : Site.Creation->getBeginLoc());
    // One finding per source location, whatever the number of
    // instantiations (and a lambda is reached both as an expression and as
    // its call operator).
    if (Reported.insert({Anchor, Site.HandleName}).second) {
      report(Site, Anchor, Scope, Ctx);
      noteSummarisedUses(Site, SM);
      noteCreationWrappers(Site, Ctx);
    }
  }
}

} // namespace clang::tidy::lostcancel
