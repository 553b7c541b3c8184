//===--- GuardFix.h - lostcancel -------------------------------*- C++ -*-===//
//
// The C++ release fix (ReleaseFix.h): a scope guard declared right after the
// statement from which on the handle certainly exists. Where that statement
// is, which guard is written and under which name is decided here.
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_CHECKS_GUARDFIX_H
#define LOSTCANCEL_CHECKS_GUARDFIX_H

#include "checks/ReleaseFix.h"

namespace clang::tidy::lostcancel {

/// The statement after which \p Site's handle certainly exists, where a
/// guard can go: the creation statement, or for an API that can fail the
/// `if` that leaves when it failed (SPEC §7.7). Null when there is none.
const Stmt *guardPoint(const SiteResult &Site);

/// The scope guard for \p Site, declared after \p GuardAfter (its
/// guardPoint()), or no hints when no guard is safe there.
llvm::SmallVector<FixItHint, 2> cxxGuardFix(const SiteResult &Site,
                                            const Stmt *GuardAfter,
                                            const FixContext &Fix);

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_CHECKS_GUARDFIX_H
