//===--- ReleaseFix.h - lostcancel -----------------------------*- C++ -*-===//
//
// The fix-it for a handle that is not released on every path (SPEC §4).
//
//  * C++: a scope guard inserted right after the creation statement, the
//    C++ form of Go's `defer cancel()` (GuardFix.h). The guard is, in order:
//    one whose type or maker is already declared in the translation unit
//    and known to the model (absl::Cleanup, gsl::finally, folly::makeGuard,
//    std::experimental::scope_exit, boost::scope::scope_exit); else the
//    `lostcancel.GuardTemplate` option (with `lostcancel.GuardInclude`
//    inserted through clang-tidy's include inserter); else a local struct
//    that needs nothing but C++11.
//  * C, and C++ where a guard would release twice (a non-idempotent release
//    the code already makes) or cannot name the release's arguments: the
//    release call inserted before each leaking return (this file).
//
// A fix is only offered when it is safe: not in a macro expansion; not when
// the context made with the handle leaves the scope (a note says so); for a
// guard, the creation statement declares the handle (so the guard lives
// exactly as long), the handle is never transferred (a guard would cancel a
// handle someone else owns), no goto or case label jumps past it, and a
// release that is not idempotent (anything but calling the handle) is not
// already written somewhere; for releases before returns, every leaking exit
// is a return reached with the handle certainly live, whose value neither
// reads the handle nor runs what it is registered with. The analysis
// supplies the facts (SiteResult::Fix); the policy is here.
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_CHECKS_RELEASEFIX_H
#define LOSTCANCEL_CHECKS_RELEASEFIX_H

#include "analysis/ScopeAnalysis.h"
#include "checks/GuardJumps.h"
#include "clang-tidy/utils/IncludeInserter.h"
#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"
#include <optional>
#include <string>

namespace clang::tidy::lostcancel {

/// The `lostcancel.GuardTemplate` / `lostcancel.GuardInclude` options.
struct GuardTemplateOption {
  /// With placeholders {name} (the guard's name), {lambda} (a lambda that
  /// releases the handle), {release} (the release expression) and {handle}.
  std::string Template;
  std::string Include; ///< A header to include for it, or empty.

  /// Checks the placeholders; the error names the option.
  llvm::Error validate() const;
};

/// What the fixes of one scope share, computed at most once per scope however
/// many of its sites get a fix: the names declared or referenced in it (a
/// guard's name must be none of them) and its jumps (GuardJumps.h); and what
/// all fixes of a translation unit share: whether it declares a guard's name.
class ScopeFixCache {
public:
  /// A new scope is being reported: forget what was computed for the last.
  void reset() {
    Names.reset();
    Jumps.reset();
  }
  /// A new translation unit is being reported: forget everything.
  void resetUnit() {
    reset();
    Declared.clear();
  }
  /// Is \p Name declared or referenced in \p Scope's body? The body's names
  /// are collected on the first call since reset() that needs them.
  bool isTaken(const Decl &Scope, ASTContext &Ctx, llvm::StringRef Name);
  /// The jumps of \p Scope's body, collected on the first call since reset()
  /// (only for a body that has some: FixFacts::BodyHasJumps).
  const BodyJumps &jumpsIn(const Decl &Scope);
  /// Does the translation unit declare \p QualifiedName ("a::b::c")? Looked
  /// up once per name and unit (a lookup scans the global scope's
  /// declarations for inline namespaces).
  bool isDeclared(ASTContext &Ctx, llvm::StringRef QualifiedName);

private:
  std::optional<llvm::StringSet<>> Names;
  std::optional<BodyJumps> Jumps;
  llvm::StringMap<bool> Declared;
};

/// What a fix needs besides the site: the scope it is in and what its fixes
/// share, the model, the guard options, and the reporting check's
/// include inserter.
struct FixContext {
  const Decl &Scope;
  ASTContext &Ctx;
  ScopeFixCache &Cache;
  const ApiModel &Model;
  const GuardTemplateOption &Template;
  utils::IncludeInserter &Inserter;
};

/// Builds the fix for \p Site, or returns no hints when no fix is safe.
llvm::SmallVector<FixItHint, 2> buildReleaseFix(const SiteResult &Site,
                                                const FixContext &Fix);

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_CHECKS_RELEASEFIX_H
