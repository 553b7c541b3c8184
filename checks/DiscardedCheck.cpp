//===--- DiscardedCheck.cpp - lostcancel ----------------------------------===//

#include "checks/DiscardedCheck.h"

namespace clang::tidy::lostcancel {

void DiscardedCheck::report(const SiteResult &Site, SourceLocation Anchor,
                            const Decl &, ASTContext &Ctx) {
  const ApiEntry &Api = *Site.Api;
  diag(Anchor, "the %0 %1 '%2' is discarded; %3")
      << Api.Words.Noun << Api.verb() << Site.Callee->getName()
      << Api.consequence();
  // No fix-it can invent where the handle should be released.
  diag(Anchor,
       Ctx.getLangOpts().CPlusPlus
           ? "keep the %0 in a variable and release it on every path, for "
             "example with a scope guard right after this line"
           : "keep the %0 in a variable and release it on every path",
       DiagnosticIDs::Note)
      << Api.Words.Noun;
}

} // namespace clang::tidy::lostcancel
