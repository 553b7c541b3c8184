//===--- DetachedCheck.cpp - lostcancel -----------------------------------===//

#include "checks/DetachedCheck.h"

namespace clang::tidy::lostcancel {

void DetachedCheck::report(const SiteResult &Site, SourceLocation Anchor,
                           const Decl &, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (Site.Detach.DanglingCaptureLoc.isValid()) {
    diag(Anchor, "'%0' is captured by reference by a thread that is "
                 "detached; the reference dangles once this scope returns")
        << Site.Detach.DanglingCapture;
    diag(SM.getExpansionLoc(Site.Detach.DanglingCaptureLoc),
         "captured by reference here", DiagnosticIDs::Note);
  } else {
    const ApiEntry &Api = *Site.Api;
    diag(Anchor, "%0 '%1' %2 '%3' escapes into a detached thread and this "
                 "scope does not release it on every path; nothing controls "
                 "the %4's lifetime any more")
        << Api.Words.Noun << Site.HandleName << Api.verb()
        << Site.Callee->getName() << Api.Words.Resource;
  }
  diag(SM.getExpansionLoc(Site.Detach.DetachLoc), "the thread is detached here",
       DiagnosticIDs::Note);
}

} // namespace clang::tidy::lostcancel
