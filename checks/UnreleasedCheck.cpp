//===--- UnreleasedCheck.cpp - lostcancel ---------------------------------===//

#include "checks/UnreleasedCheck.h"

namespace clang::tidy::lostcancel {

void UnreleasedCheck::report(const SiteResult &Site, SourceLocation Anchor,
                             const Decl &Scope, ASTContext &Ctx) {
  warnLeak(Site, Anchor, "%0 '%1' %2 '%3' is not released on every path; %4",
           Scope, Ctx);
  noteLeakingExit(Site, Ctx.getSourceManager());
}

} // namespace clang::tidy::lostcancel
