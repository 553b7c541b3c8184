//===--- UnobservedCheck.h - lostcancel ------------------------*- C++ -*-===//
//
// lostcancel-unobserved (SPEC §9): a thread's loop that can only end by
// cancellation and never looks at the signal; docs/checks/unobserved.md.
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_CHECKS_UNOBSERVEDCHECK_H
#define LOSTCANCEL_CHECKS_UNOBSERVEDCHECK_H

#include "checks/LostCancelCheckBase.h"

namespace clang::tidy::lostcancel {

class UnobservedCheck : public LostCancelCheckBase {
public:
  UnobservedCheck(llvm::StringRef Name, ClangTidyContext *Context,
                  AnalysisRegistry &Registry)
      : LostCancelCheckBase(Name, Context, Registry, std::nullopt) {}

protected:
  bool reportsLoops() const override { return true; }
  void reportLoop(const UnobservedLoop &Loop, const ThreadStart &Start,
                  SourceLocation Anchor, ASTContext &Ctx) override;
};

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_CHECKS_UNOBSERVEDCHECK_H
