//===--- ErrorPathOnlyCheck.h - lostcancel ----------------------*- C++ -*-===//

#ifndef LOSTCANCEL_CHECKS_ERRORPATHONLYCHECK_H
#define LOSTCANCEL_CHECKS_ERRORPATHONLYCHECK_H

#include "checks/LostCancelCheckBase.h"

namespace clang::tidy::lostcancel {

/// Finds cancel handles released only on early-exit paths (the Go classic
/// `if err != nil { cancel(); return err }`), so that the path that goes on
/// leaks them.
///
/// For the user-facing documentation see docs/checks/error-path-only.md.
class ErrorPathOnlyCheck : public LostCancelCheckBase {
public:
  ErrorPathOnlyCheck(llvm::StringRef Name, ClangTidyContext *Context,
                     AnalysisRegistry &Registry)
      : LostCancelCheckBase(Name, Context, Registry,
                            SiteVerdict::ErrorPathOnly) {}

protected:
  void report(const SiteResult &Site, SourceLocation Anchor, const Decl &Scope,
              ASTContext &Ctx) override;
};

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_CHECKS_ERRORPATHONLYCHECK_H
