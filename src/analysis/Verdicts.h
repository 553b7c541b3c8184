//===--- Verdicts.h - lostcancel -------------------------------*- C++ -*-===//
//
// From the recorded facts to each creation site's result: the verdict, by
// the precedence of SPEC §7.3 (detached > overwritten > error-path-only >
// unreleased; discarded when the handle is never named), and the facts the
// checks word their diagnostics and fix-its with. A site whose handle ends
// outside the scope's control (`oneshot=`, `dieswith=`) has no verdict.
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_ANALYSIS_VERDICTS_H
#define LOSTCANCEL_ANALYSIS_VERDICTS_H

#include "analysis/Recorder.h"
#include "analysis/ScopeAnalysis.h"

namespace clang::tidy::lostcancel {

/// Classifies the sites of one scope.
class SiteClassifier {
public:
  /// \p IsMain: the scope is `main`, exempt from unreleased and
  /// error-path-only (SPEC §2).
  SiteClassifier(const ScopeEvents &Events, llvm::ArrayRef<SiteFacts> Facts,
                 const HandleUses &Uses, const SourceManager &SM, bool IsMain)
      : Events(Events), Facts(Facts), Uses(Uses), SM(SM), IsMain(IsMain) {}

  /// The result for site number \p I.
  SiteResult classify(int I) const;

private:
  /// The handle's end is not the scope's business, so the site has no
  /// verdict: it ends by itself after one dispatch (`oneshot=`), or it
  /// lives no longer than an object the scope makes (`dieswith=`: a
  /// g_cancellable_connect on the scope's own g_cancellable_new()).
  bool endsOutsideTheScope(const SiteInfo &Site) const;
  void classifyTracked(int I, SiteResult &R) const;
  void fillFixFacts(const SiteInfo &Site, SiteResult &R) const;
  /// Is \p Candidate `if (<the site's creation failed>) <leave>;`?
  bool leavesOnFailure(const SiteInfo &Site, const Stmt *Candidate) const;
  /// SPEC §7.2: the site's handle is released at least once, and every
  /// release and transfer that may act on it lies in an early-exit branch.
  bool onlyOnEarlyExitPaths(int I) const;
  /// SPEC §7.18: the dismissals of a guard that held the handle.
  void noteDismissals(const SiteFacts &F, SiteResult &R) const;
  /// The Detached verdict, when an escape into a detached thread decides.
  bool classifyDetached(int I, SiteResult &R) const;
  /// For a leaking site: where the context made with the handle leaves
  /// the scope (FixFacts::ContextEscape).
  void noteContextEscape(const SiteInfo &Site, SiteResult &R) const;

  const ScopeEvents &Events;
  llvm::ArrayRef<SiteFacts> Facts;
  const HandleUses &Uses;
  const SourceManager &SM;
  bool IsMain;
};

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_ANALYSIS_VERDICTS_H
