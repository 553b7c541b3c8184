//===--- DetachedCheck.cpp - lostcancel -----------------------------------===//

#include "DetachedCheck.h"

namespace clang::tidy::lostcancel {

void DetachedCheck::report(const SiteResult &Site, SourceLocation Anchor,
                           const Decl &, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (Site.DanglingCaptureLoc.isValid()) {
    diag(Anchor, "'%0' is captured by reference by a thread that is "
                 "detached; the reference dangles once this scope returns")
        << Site.DanglingCapture;
    diag(SM.getExpansionLoc(Site.DanglingCaptureLoc),
         "captured by reference here", DiagnosticIDs::Note);
  } else {
    diag(Anchor, "cancel handle '%0' returned by '%1' escapes into a detached "
                 "thread and this scope does not release it on every path; "
                 "nothing controls the context's lifetime any more")
        << Site.HandleName << Site.Callee->getName();
  }
  diag(SM.getExpansionLoc(Site.DetachLoc), "the thread is detached here",
       DiagnosticIDs::Note);
}

} // namespace clang::tidy::lostcancel
