//===--- UnreleasedCheck.cpp - lostcancel ---------------------------------===//

#include "UnreleasedCheck.h"

namespace clang::tidy::lostcancel {

void UnreleasedCheck::report(const SiteResult &Site, SourceLocation Anchor,
                             const Decl &Scope, ASTContext &Ctx) {
  warnLeak(Site, Anchor,
           "cancel handle '%0' returned by '%1' is not released on every "
           "path; the context stays live until its parent is cancelled",
           Scope, Ctx);
  noteLeakingExit(Site, Ctx.getSourceManager());
}

} // namespace clang::tidy::lostcancel
