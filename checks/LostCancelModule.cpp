//===--- LostCancelModule.cpp - lostcancel --------------------------------===//
//
// Registers every lostcancel check with clang-tidy, and refuses to run inside
// a clang-tidy of another version than the one the plugin was built for.
//
//===----------------------------------------------------------------------===//

#include "checks/DetachedCheck.h"
#include "checks/DiscardedCheck.h"
#include "checks/ErrorPathOnlyCheck.h"
#include "checks/OverwrittenCheck.h"
#include "checks/UnboundParentCheck.h"
#include "checks/UnobservedCheck.h"
#include "checks/UnreleasedCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"
#include "clang/Basic/Version.h"
#include "llvm/Support/ErrorHandling.h"
#include <memory>

namespace clang::tidy::lostcancel {

namespace {

/// At load time: the clang-tidy that loaded us must be the version we were
/// built against. (The plugin is also linked with -z now, so a missing
/// symbol fails at dlopen rather than silently later.)
struct VersionGuard {
  VersionGuard() {
    const std::string Running = clang::getClangFullVersion();
    const std::string Built = CLANG_VERSION_STRING;
    const std::string Expected = "version " + Built;
    const size_t At = Running.find(Expected);
    const bool Matches =
        At != std::string::npos && (At + Expected.size() == Running.size() ||
                                    !std::isdigit(static_cast<unsigned char>(
                                        Running[At + Expected.size()])));
    if (!Matches)
      llvm::report_fatal_error(
          llvm::Twine("lostcancel: this plugin was built for clang-tidy ") +
              Built + " but was loaded by '" + Running +
              "'; rebuild the plugin against this clang-tidy",
          /*gen_crash_diag=*/false);
  }
};
const VersionGuard CheckVersionAtLoad;

/// Registers check \p Check under \p Name, sharing \p Registry.
template <typename Check>
void registerLostCancelCheck(
    ClangTidyCheckFactories &Factories, llvm::StringRef Name,
    const std::shared_ptr<AnalysisRegistry> &Registry) {
  Factories.registerCheckFactory(
      Name, [Registry](llvm::StringRef Name, ClangTidyContext *Context) {
        return std::make_unique<Check>(Name, Context, *Registry);
      });
}

class LostCancelModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    // The registry is shared by the factories, so every check of one run
    // finds the same analysis.
    auto Registry = std::make_shared<AnalysisRegistry>();
    registerLostCancelCheck<DetachedCheck>(Factories, "lostcancel-detached",
                                           Registry);
    registerLostCancelCheck<DiscardedCheck>(Factories, "lostcancel-discarded",
                                            Registry);
    registerLostCancelCheck<ErrorPathOnlyCheck>(
        Factories, "lostcancel-error-path-only", Registry);
    registerLostCancelCheck<OverwrittenCheck>(
        Factories, "lostcancel-overwritten", Registry);
    registerLostCancelCheck<UnboundParentCheck>(
        Factories, "lostcancel-unbound-parent", Registry);
    registerLostCancelCheck<UnobservedCheck>(Factories, "lostcancel-unobserved",
                                             Registry);
    registerLostCancelCheck<UnreleasedCheck>(Factories, "lostcancel-unreleased",
                                             Registry);
  }
};

} // namespace

static ClangTidyModuleRegistry::Add<LostCancelModule>
    X("lostcancel-module", "Finds lost cancellations of contexts and timers.");

} // namespace clang::tidy::lostcancel

// Referenced by executables that link the module statically, so the linker
// keeps the registration above.
// NOLINTNEXTLINE(misc-use-internal-linkage)
volatile int LostCancelModuleAnchorSource = 0;
