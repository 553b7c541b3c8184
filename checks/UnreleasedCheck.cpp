//===--- UnreleasedCheck.cpp - lostcancel ---------------------------------===//

#include "UnreleasedCheck.h"

namespace clang::tidy::lostcancel {

namespace {

llvm::StringRef exitNote(ExitKind Kind) {
  switch (Kind) {
  case ExitKind::Return:
    return "returns here without releasing '%0'";
  case ExitKind::Throw:
    return "throws here without releasing '%0'";
  case ExitKind::FunctionEnd:
    return "reaches the end of the function without releasing '%0'";
  case ExitKind::ScopeEnd:
    return "'%0' goes out of scope here without being released";
  case ExitKind::Jump:
    return "leaves the scope of '%0' here without releasing it";
  }
  llvm_unreachable("unknown exit kind");
}

} // namespace

void UnreleasedCheck::report(const SiteResult &Site, SourceLocation Anchor) {
  {
    DiagnosticBuilder Warning =
        diag(Anchor, "cancel handle '%0' returned by '%1' is not released on "
                     "every path; the context stays live until its parent is "
                     "cancelled");
    Warning << Site.HandleName << Site.Callee->getName();
  }
  const SourceManager &SM = Site.Callee->getASTContext().getSourceManager();
  diag(SM.getExpansionLoc(Site.Exit.Loc), exitNote(Site.Exit.Kind),
       DiagnosticIDs::Note)
      << Site.HandleName;
}

} // namespace clang::tidy::lostcancel
