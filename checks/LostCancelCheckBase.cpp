//===--- LostCancelCheckBase.cpp - lostcancel -----------------------------===//

#include "LostCancelCheckBase.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"

using namespace clang::ast_matchers;

namespace clang::tidy::lostcancel {

namespace {

AST_MATCHER_P(FunctionDecl, mayNameCreation, const ApiModel *, Model) {
  return Model->mayNameCreation(Node);
}

/// Is \p D inside a template instantiation (a copy of code written once)?
bool isInInstantiation(const Decl &D) {
  for (const DeclContext *DC = llvm::dyn_cast<DeclContext>(&D); DC;
       DC = DC->getParent()) {
    if (const auto *FD = llvm::dyn_cast<FunctionDecl>(DC))
      if (FD->isTemplateInstantiation())
        return true;
    if (const auto *Spec = llvm::dyn_cast<ClassTemplateSpecializationDecl>(DC))
      if (Spec->getTemplateSpecializationKind() != TSK_ExplicitSpecialization)
        return true;
  }
  return false;
}

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
                                         SiteVerdict Reports)
    : ClangTidyCheck(Name, Context),
      Profiles(Options.getLocalOrGlobal("lostcancel.Profiles",
                                        ApiModel::defaultProfiles())),
      Apis(Options.getLocalOrGlobal("lostcancel.Apis", "")),
      GuardTypes(Options.getLocalOrGlobal("lostcancel.GuardTypes",
                                          ApiModel::defaultGuardTypes())),
      GuardFunctions(Options.getLocalOrGlobal(
          "lostcancel.GuardFunctions", ApiModel::defaultGuardFunctions())),
      Reports(Reports) {
  auto [SharedState, Created] = Registry.getOrCreate(Context, [&] {
    auto State = std::make_shared<SharedAnalysis>();
    llvm::Expected<ApiModel> Model =
        ApiModel::create(Profiles, Apis, GuardTypes, GuardFunctions);
    if (Model)
      State->Cache.emplace(std::move(*Model));
    else
      State->ConfigError = llvm::toString(Model.takeError());
    return State;
  });
  Shared = std::move(SharedState);
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
  Opts["lostcancel.GuardTypes"] = ClangTidyOptions::ClangTidyValue(GuardTypes);
  Opts["lostcancel.GuardFunctions"] =
      ClangTidyOptions::ClangTidyValue(GuardFunctions);
}

void LostCancelCheckBase::registerMatchers(MatchFinder *Finder) {
  if (!Shared->Cache)
    return;
  Finder->addMatcher(
      callExpr(callee(functionDecl(mayNameCreation(&Shared->Cache->model()))))
          .bind("creation"),
      this);
}

bool LostCancelCheckBase::isCoveredByPattern(const Decl &Scope,
                                             const CallExpr &Call,
                                             ASTContext &Ctx) {
  // A creation the template's own body resolves is analysed there, once.
  const auto *FD = llvm::dyn_cast<FunctionDecl>(&Scope);
  const FunctionDecl *Pattern =
      FD ? FD->getTemplateInstantiationPattern() : nullptr;
  if (!Pattern || Pattern == FD)
    return false;
  const ScopeResult &PatternResult = Shared->Cache->resultFor(*Pattern, Ctx);
  return llvm::any_of(PatternResult.Sites, [&](const SiteResult &Site) {
    return Site.Creation->getBeginLoc() == Call.getBeginLoc();
  });
}

void LostCancelCheckBase::check(const MatchFinder::MatchResult &Result) {
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("creation");
  ASTContext &Ctx = *Result.Context;
  const Decl *Scope = enclosingScope(*Call, Ctx);
  if (!Scope)
    return;
  if (isInInstantiation(*Scope) && isCoveredByPattern(*Scope, *Call, Ctx))
    return;
  const ScopeResult &Analysis = Shared->Cache->resultFor(*Scope, Ctx);
  const SiteResult *Site = Analysis.find(Call);
  if (!Site || Site->Verdict != Reports)
    return;
  SourceLocation Anchor =
      Ctx.getSourceManager().getExpansionLoc(Call->getBeginLoc());
  // One finding per source location, whatever the number of instantiations.
  if (!Reported.insert(Anchor).second)
    return;
  report(*Site, Anchor);
}

} // namespace clang::tidy::lostcancel
