//===--- OverwrittenCheck.cpp - lostcancel --------------------------------===//

#include "checks/OverwrittenCheck.h"

namespace clang::tidy::lostcancel {

void OverwrittenCheck::report(const SiteResult &Site, SourceLocation Anchor,
                              const Decl &, ASTContext &Ctx) {
  const ApiEntry &Api = *Site.Api;
  diag(Anchor, "'%0' is assigned a new %1 %2 '%3' while the previous one may "
               "still be live; %4")
      << Site.HandleName << Api.Words.Noun << Api.verb()
      << Site.Callee->getName() << Api.consequence("overwritten");
  // No fix-it: where the old handle should be released is a choice.
  const SourceManager &SM = Ctx.getSourceManager();
  diag(SM.getExpansionLoc(Site.Overwrite.Overwritten->getBeginLoc()),
       "the overwritten handle was created here; release it before the new "
       "assignment, or guard each iteration",
       DiagnosticIDs::Note);
}

} // namespace clang::tidy::lostcancel
