//===--- DiscardedCheck.cpp - lostcancel ----------------------------------===//

#include "DiscardedCheck.h"

namespace clang::tidy::lostcancel {

void DiscardedCheck::report(const SiteResult &Site, SourceLocation Anchor) {
  diag(Anchor, "the cancel handle returned by '%0' is discarded; the context "
               "stays live until its parent is cancelled")
      << Site.Callee->getName();
}

} // namespace clang::tidy::lostcancel
