//===--- OverwrittenCheck.cpp - lostcancel --------------------------------===//

#include "OverwrittenCheck.h"

namespace clang::tidy::lostcancel {

void OverwrittenCheck::report(const SiteResult &Site, SourceLocation Anchor,
                              const Decl &, ASTContext &Ctx) {
  diag(Anchor, "'%0' is assigned a new cancel handle returned by '%1' while "
               "the previous one may still be live; the overwritten context "
               "stays live until its parent is cancelled")
      << Site.HandleName << Site.Callee->getName();
  // No fix-it: where the old handle should be released is a choice.
  const SourceManager &SM = Ctx.getSourceManager();
  diag(SM.getExpansionLoc(Site.OverwrittenCreation->getBeginLoc()),
       "the overwritten handle was created here; release it before the new "
       "assignment, or guard each iteration",
       DiagnosticIDs::Note);
}

} // namespace clang::tidy::lostcancel
