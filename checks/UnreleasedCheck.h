//===--- UnreleasedCheck.h - lostcancel ------------------------*- C++ -*-===//

#ifndef LOSTCANCEL_CHECKS_UNRELEASEDCHECK_H
#define LOSTCANCEL_CHECKS_UNRELEASEDCHECK_H

#include "checks/LostCancelCheckBase.h"

namespace clang::tidy::lostcancel {

/// Finds cancel handles that some path out of their scope neither releases
/// nor transfers.
///
/// For the user-facing documentation see docs/checks/unreleased.md.
class UnreleasedCheck : public LostCancelCheckBase {
public:
  UnreleasedCheck(llvm::StringRef Name, ClangTidyContext *Context,
                  AnalysisRegistry &Registry)
      : LostCancelCheckBase(Name, Context, Registry, SiteVerdict::Unreleased) {}

protected:
  void report(const SiteResult &Site, SourceLocation Anchor, const Decl &Scope,
              ASTContext &Ctx) override;
};

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_CHECKS_UNRELEASEDCHECK_H
