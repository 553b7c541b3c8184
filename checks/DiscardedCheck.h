//===--- DiscardedCheck.h - lostcancel -------------------------*- C++ -*-===//

#ifndef LOSTCANCEL_CHECKS_DISCARDEDCHECK_H
#define LOSTCANCEL_CHECKS_DISCARDEDCHECK_H

#include "checks/LostCancelCheckBase.h"

namespace clang::tidy::lostcancel {

/// Finds cancel handles dropped at their creation: the result unused, only
/// the context kept, std::ignore, or a name that is never mentioned again.
///
/// For the user-facing documentation see docs/checks/discarded.md.
class DiscardedCheck : public LostCancelCheckBase {
public:
  DiscardedCheck(llvm::StringRef Name, ClangTidyContext *Context,
                 AnalysisRegistry &Registry)
      : LostCancelCheckBase(Name, Context, Registry, SiteVerdict::Discarded) {}

protected:
  void report(const SiteResult &Site, SourceLocation Anchor, const Decl &Scope,
              ASTContext &Ctx) override;
};

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_CHECKS_DISCARDEDCHECK_H
