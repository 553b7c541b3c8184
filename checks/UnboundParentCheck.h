//===--- UnboundParentCheck.h - lostcancel ---------------------*- C++ -*-===//
//
// lostcancel-unbound-parent (SPEC §9): a new root context where the
// request's context is in scope; docs/checks/unbound-parent.md.
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_CHECKS_UNBOUNDPARENTCHECK_H
#define LOSTCANCEL_CHECKS_UNBOUNDPARENTCHECK_H

#include "checks/LostCancelCheckBase.h"

namespace clang::tidy::lostcancel {

class UnboundParentCheck : public LostCancelCheckBase {
public:
  UnboundParentCheck(llvm::StringRef Name, ClangTidyContext *Context,
                     AnalysisRegistry &Registry)
      : LostCancelCheckBase(Name, Context, Registry, std::nullopt) {}

protected:
  bool reportsRoots() const override { return true; }
  void reportRoot(const UnboundRoot &Root, SourceLocation Anchor,
                  ASTContext &Ctx) override;
};

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_CHECKS_UNBOUNDPARENTCHECK_H
