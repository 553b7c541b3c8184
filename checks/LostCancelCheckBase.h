//===--- LostCancelCheckBase.h - lostcancel --------------------*- C++ -*-===//
//
// What every lostcancel check shares: the options of the API model, the
// matcher for creation calls, and the per-translation-unit analysis, which
// all checks of one clang-tidy run share through an AnalysisRegistry. A check
// only says which verdict it reports and how it words it.
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_CHECKS_LOSTCANCELCHECKBASE_H
#define LOSTCANCEL_CHECKS_LOSTCANCELCHECKBASE_H

#include "analysis/ScopeAnalysis.h"
#include "checks/ReleaseFix.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace clang::tidy::lostcancel {

/// The analysis shared by the checks of one ClangTidyContext (one
/// translation unit). Holds the model, or the configuration error.
class LostCancelCheckBase;
struct SharedAnalysis {
  std::optional<AnalysisCache> Cache;
  std::string ConfigError;
  /// The enabled lostcancel checks of the context. The first one matches
  /// for all of them: one set of matchers however many checks are on.
  llvm::SmallVector<LostCancelCheckBase *, 5> Checks;
  /// Where the compiler reported errors in this translation unit. Error
  /// recovery may drop whole statements (a release among them) without a
  /// trace in the AST, so a scope with an error inside is not analysed.
  std::shared_ptr<std::vector<SourceLocation>> Errors =
      std::make_shared<std::vector<SourceLocation>>();
  /// What the fix-its of the scope being reported share (its taken names,
  /// its jumps).
  ScopeFixCache FixCache;
};

/// Hands each ClangTidyContext its SharedAnalysis. Owned by the check
/// factories; thread-safe because clangd builds checks on several threads.
class AnalysisRegistry {
public:
  /// Returns the context's shared analysis and whether this call created it.
  std::pair<std::shared_ptr<SharedAnalysis>, bool>
  getOrCreate(ClangTidyContext *Context,
              llvm::function_ref<std::shared_ptr<SharedAnalysis>()> Create);

private:
  std::mutex Mutex;
  llvm::DenseMap<ClangTidyContext *, std::weak_ptr<SharedAnalysis>> Shared;
};

class LostCancelCheckBase : public ClangTidyCheck {
public:
  /// \p Reports: the verdict of the creation sites this check reports, or
  /// none for the checks that report something else (SPEC §9).
  LostCancelCheckBase(llvm::StringRef Name, ClangTidyContext *Context,
                      AnalysisRegistry &Registry,
                      std::optional<SiteVerdict> Reports);

  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) final;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onEndOfTranslationUnit() override;
  std::optional<TraversalKind> getCheckTraversalKind() const override {
    return TK_AsIs;
  }

protected:
  /// Emits this check's diagnostic for \p Site (found in \p Scope) at
  /// \p Anchor.
  virtual void report(const SiteResult &, SourceLocation, const Decl &,
                      ASTContext &) {}
  /// lostcancel-unbound-parent: reports the root calls of a scope.
  virtual bool reportsRoots() const { return false; }
  virtual void reportRoot(const UnboundRoot &, SourceLocation, ASTContext &) {}
  /// lostcancel-unobserved: reports the loops of a thread's body.
  virtual bool reportsLoops() const { return false; }
  virtual void reportLoop(const UnobservedLoop &, const ThreadStart &,
                          SourceLocation, ASTContext &) {}

  /// Warns about a leaking \p Site with \p Message (%0: the API's noun,
  /// %1: handle, %2: verb, %3: callee, %4: what stays live), attaching the
  /// release fix-it where one is safe.
  void warnLeak(const SiteResult &Site, SourceLocation Anchor,
                llvm::StringRef Message, const Decl &Scope, ASTContext &Ctx);
  /// Notes at the first leaking exit.
  void noteLeakingExit(const SiteResult &Site, const SourceManager &SM);
  /// Notes at the calls whose callee only uses the handle (SPEC §8.7).
  void noteSummarisedUses(const SiteResult &Site, const SourceManager &SM);
  /// Notes where a creation wrapper creates the handle (SPEC §8.3).
  void noteCreationWrappers(const SiteResult &Site, ASTContext &Ctx);

private:
  /// The shared analysis; only called once the model is known to be valid.
  AnalysisCache &cache() const;
  /// Reports this check's findings in \p Scope.
  void reportScope(const Decl &Scope, ASTContext &Ctx);
  /// Reports this check's findings about the threads \p Result starts.
  void reportThreads(const ScopeResult &Result, ASTContext &Ctx);
  /// Reports this check's findings about \p Start's body, \p Body.
  void reportThread(const ScopeResult &Body, const ThreadStart &Start,
                    ASTContext &Ctx);
  /// Reports this check's findings in \p Result, found in \p Scope.
  void reportSites(const ScopeResult &Result, const Decl &Scope,
                   ASTContext &Ctx);
  /// Did the compiler report an error inside \p Scope?
  bool hasCompilerError(const Decl &Scope, const SourceManager &SM) const;

  const std::string Profiles;
  const std::string Apis;
  const std::string ApiFile;
  const std::string GuardTypes;
  const std::string GuardFunctions;
  const std::string DetachFunctions;
  const std::string CleanupFunctions;
  const std::string TakeFunctions;
  const std::string RootAllowedIn;
  const GuardTemplateOption Template;
  /// lostcancel.Statistics: print one line of analysis counts per
  /// translation unit.
  const bool Statistics;
  const std::optional<SiteVerdict> Reports;
  utils::IncludeInserter Inserter;
  std::shared_ptr<SharedAnalysis> Shared;
  /// Reported findings: anchor and handle name (one call may create
  /// several handles, SPEC §7.19).
  std::set<std::pair<SourceLocation, std::string>> Reported;
};

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_CHECKS_LOSTCANCELCHECKBASE_H
