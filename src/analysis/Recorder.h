//===--- Recorder.h - lostcancel -------------------------------*- C++ -*-===//
//
// The recording pass of the scope analysis: one pass over the fixpoint the
// solver computed, through the same transfer functions, with an observer
// that notes per creation site where its handle may leak, what overwrites
// it, which detached threads may carry it, and which releases and transfers
// may act on it. The verdicts (Verdicts.h) are read off these facts.
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_ANALYSIS_RECORDER_H
#define LOSTCANCEL_ANALYSIS_RECORDER_H

#include "analysis/Solver.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace clang::tidy::lostcancel {

/// What the recording pass learns about one creation site.
struct SiteFacts {
  /// The first leaking exit in source order.
  std::optional<LeakingExit> FirstLeak;
  /// Every leaking exit, one per location, in the order found.
  llvm::SmallVector<LeakingExit, 2> Leaks;
  /// Every leaking exit is reached only with the handle live (never also
  /// guarded): releasing it there cannot release it twice.
  bool ExitsAlwaysLive = true;
  /// Every exit the site's variable ends at, one per location, with the
  /// union of the site's states on the paths that reach it.
  llvm::SmallVector<std::pair<LeakingExit, uint8_t>, 2> ExitStates;
  /// The first site whose live handle this site's creation overwrites.
  std::optional<int> FirstOverwrite;
  /// The escapes (indices into its slot's DetachedEscapes) that may carry
  /// the site's handle, i.e. happen while the slot holds it.
  llvm::SmallVector<int, 1> Escapes;
  /// The releases and transfers that may act on the site's own handle (the
  /// slot holds it there); a by-reference guard counts for every handle of
  /// its slot.
  llvm::SmallVector<const Stmt *, 2> Releases;
  llvm::SmallVector<const Stmt *, 2> Transfers;
  /// SPEC §7.18: the dismissals of a guard that held the site's handle,
  /// with the guard.
  llvm::SmallVector<std::pair<const Stmt *, const VarDecl *>, 1> Dismissals;
};

/// The facts of every site of \p Events, read from the fixpoint \p In
/// (solve()'s result over \p Graph).
llvm::SmallVector<SiteFacts, 4> recordFacts(const ScopeEvents &Events,
                                            const ScopeGraph &Graph,
                                            const TransferFunctions &Transfer,
                                            llvm::ArrayRef<PointState> In,
                                            const SourceManager &SM);

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_ANALYSIS_RECORDER_H
