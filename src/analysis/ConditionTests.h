//===--- ConditionTests.h - lostcancel -------------------------*- C++ -*-===//
//
// What a branch condition tests about a handle or a creation's outcome: an
// empty test on a slot (`if (h)`, `h == nullptr`), or a status test on a
// creation call or the local that keeps its result (`rc != 0`,
// `(fd = timerfd_create(...)) < 0`, `r.Ok()`, `r.err`); and the places a
// result variable is written, after which its tests no longer speak of the
// creation.
//
// Conditions are recognised by shape only: a test split over several
// variables, passed to a helper function, or made through a pointer or
// reference to the handle is not seen (the branch is then a plain branch).
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_ANALYSIS_CONDITIONTESTS_H
#define LOSTCANCEL_ANALYSIS_CONDITIONTESTS_H

#include "analysis/HandleSlot.h"
#include "analysis/ScopeIndex.h"
#include "model/ApiModel.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace clang::tidy::lostcancel {

/// `if (h)` / `if (!h)` / `h == nullptr`: which branch means "empty".
struct EmptyTest {
  int Slot = -1;
  bool EmptyWhenTrue = false;
  /// An integer handle compared with a constant (`h != ZX_HANDLE_INVALID`):
  /// an empty test only where the handle comes from an out-parameter; a
  /// result variable's tests are failure tests (statusTest).
  bool IntegerConstant = false;
};

/// Recognises \p Cond as a test of a creation's outcome.
std::optional<StatusTest> statusTest(const Expr &Cond, const ASTContext &Ctx);

/// Recognises \p Cond as a test of whether one of \p Slots is empty.
std::optional<EmptyTest>
emptyTest(const Expr &Cond, llvm::ArrayRef<HandleSlot> Slots, ASTContext &Ctx);

/// The local variable of \p Index's scope that receives \p Call's value
/// (`int rc = call`, `fd = call`, `auto r = call`), if any: where its
/// status is kept.
const VarDecl *resultVariable(const CallExpr &Call, const ScopeIndex &Index);

/// Mentions of \p Var in \p Index's scope (not in closures) that may change
/// its value (assignments, increments, its address taken), other than
/// storing one of \p Stores.
llvm::SmallVector<const DeclRefExpr *, 2>
writesOf(const VarDecl &Var, const llvm::DenseSet<const CallExpr *> &Stores,
         const ScopeIndex &Index);

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_ANALYSIS_CONDITIONTESTS_H
