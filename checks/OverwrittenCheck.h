//===--- OverwrittenCheck.h - lostcancel ------------------------*- C++ -*-===//

#ifndef LOSTCANCEL_CHECKS_OVERWRITTENCHECK_H
#define LOSTCANCEL_CHECKS_OVERWRITTENCHECK_H

#include "checks/LostCancelCheckBase.h"

namespace clang::tidy::lostcancel {

/// Finds a variable that is assigned a new cancel handle while the old one
/// may still be live, typically a creation in a loop into a variable declared
/// outside it.
///
/// For the user-facing documentation see docs/checks/overwritten.md.
class OverwrittenCheck : public LostCancelCheckBase {
public:
  OverwrittenCheck(llvm::StringRef Name, ClangTidyContext *Context,
                   AnalysisRegistry &Registry)
      : LostCancelCheckBase(Name, Context, Registry, SiteVerdict::Overwritten) {
  }

protected:
  void report(const SiteResult &Site, SourceLocation Anchor, const Decl &Scope,
              ASTContext &Ctx) override;
};

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_CHECKS_OVERWRITTENCHECK_H
