//===--- DiscardedCheck.cpp - lostcancel ----------------------------------===//

#include "DiscardedCheck.h"

namespace clang::tidy::lostcancel {

void DiscardedCheck::report(const SiteResult &Site, SourceLocation Anchor,
                            const Decl &, ASTContext &) {
  diag(Anchor, "the cancel handle returned by '%0' is discarded; the context "
               "stays live until its parent is cancelled")
      << Site.Callee->getName();
  // No fix-it can invent where the handle should be released.
  diag(Anchor,
       "keep the cancel handle in a variable and release it on every path, "
       "for example with a scope guard right after this line",
       DiagnosticIDs::Note);
}

} // namespace clang::tidy::lostcancel
