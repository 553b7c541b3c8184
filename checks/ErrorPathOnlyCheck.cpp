//===--- ErrorPathOnlyCheck.cpp - lostcancel ------------------------------===//

#include "ErrorPathOnlyCheck.h"

namespace clang::tidy::lostcancel {

void ErrorPathOnlyCheck::report(const SiteResult &Site, SourceLocation Anchor,
                                const Decl &Scope, ASTContext &Ctx) {
  warnLeak(Site, Anchor,
           "cancel handle '%0' returned by '%1' is released only on "
           "early-exit paths; the context stays live until its parent is "
           "cancelled",
           Scope, Ctx);
  const SourceManager &SM = Ctx.getSourceManager();
  for (SourceLocation Release : Site.ErrorPathReleases)
    diag(SM.getExpansionLoc(Release), "released only here, on an error path",
         DiagnosticIDs::Note);
  noteLeakingExit(Site, SM);
}

} // namespace clang::tidy::lostcancel
