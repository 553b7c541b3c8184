//===--- DetachedCheck.h - lostcancel --------------------------*- C++ -*-===//

#ifndef LOSTCANCEL_CHECKS_DETACHEDCHECK_H
#define LOSTCANCEL_CHECKS_DETACHEDCHECK_H

#include "checks/LostCancelCheckBase.h"

namespace clang::tidy::lostcancel {

/// Finds cancel handles that escape into a detached thread while the
/// creating scope does not release them on every path, and handles or
/// contexts captured by reference by a detached thread.
///
/// For the user-facing documentation see docs/checks/detached.md.
class DetachedCheck : public LostCancelCheckBase {
public:
  DetachedCheck(llvm::StringRef Name, ClangTidyContext *Context,
                AnalysisRegistry &Registry)
      : LostCancelCheckBase(Name, Context, Registry, SiteVerdict::Detached) {}

protected:
  void report(const SiteResult &Site, SourceLocation Anchor, const Decl &Scope,
              ASTContext &Ctx) override;
};

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_CHECKS_DETACHEDCHECK_H
