//===--- ErrorPathOnlyCheck.cpp - lostcancel ------------------------------===//

#include "checks/ErrorPathOnlyCheck.h"

namespace clang::tidy::lostcancel {

void ErrorPathOnlyCheck::report(const SiteResult &Site, SourceLocation Anchor,
                                const Decl &Scope, ASTContext &Ctx) {
  warnLeak(Site, Anchor,
           "%0 '%1' %2 '%3' is released only on early-exit paths; %4", Scope,
           Ctx);
  const SourceManager &SM = Ctx.getSourceManager();
  for (SourceLocation Release : Site.Leak.ErrorPathReleases)
    diag(SM.getExpansionLoc(Release), "released only here, on an error path",
         DiagnosticIDs::Note);
  noteLeakingExit(Site, SM);
}

} // namespace clang::tidy::lostcancel
