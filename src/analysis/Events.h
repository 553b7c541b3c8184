//===--- Events.h - lostcancel ---------------------------------*- C++ -*-===//
//
// The events of the scope analysis: what happens to a slot at a statement
// (a creation stores a handle into it, a release or transfer ends the
// handle, a by-reference guard or a cleanup attribute covers it, a detached
// thread takes it, a result variable stops holding a creation's outcome). Event
// building turns the syntactic classification of every mention (HandleUses)
// into events anchored at statements of the CFG; the transfer functions
// (Solver.h) apply them.
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_ANALYSIS_EVENTS_H
#define LOSTCANCEL_ANALYSIS_EVENTS_H

#include "analysis/HandleUses.h"
#include "analysis/ScopeAnalysis.h"
#include "model/ApiModel.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include <string>

namespace clang::tidy::lostcancel {

/// One creation call the model knows.
struct SiteInfo {
  const CallExpr *Call = nullptr;
  CreationMatch Match;
  CreationTarget Target;
  int Slot = -1;
  /// The local that keeps the creation's outcome (SPEC §7.7), if the API
  /// can fail.
  const VarDecl *ResultVar = nullptr;

  const ApiEntry &api() const { return *Match.Entry; }
  /// Does \p Test name this creation: the call itself, or the local that
  /// received its result? (Whether the local still holds the outcome is the
  /// dataflow's business.)
  bool isTestedBy(const StatusTest &Test) const {
    return Test.Call ? Test.Call == Call : Test.Var && Test.Var == ResultVar;
  }
  /// Where the handle comes into being (the call, or where it is taken
  /// out of a result variable).
  const Stmt *createdAt() const {
    return Target.CreatedAt ? static_cast<const Stmt *>(Target.CreatedAt)
                            : Call;
  }
};

/// A thread that is detached, carrying a slot's handle.
struct DetachedEscape {
  const Expr *Detach = nullptr;
  SourceLocation CaptureLoc; ///< A by-reference capture, if any.
  std::string Captured;
};

/// What happens to a slot at a statement (the event's anchor).
struct Event {
  enum Kind {
    Create,
    Release,
    Transfer,
    GuardByRef,
    GuardCopy,
    Dismiss,
    Escape,
    StatusLost,
    Keep
  };
  Kind K;
  int Slot = -1;
  /// Create: the site.
  int Site = -1;
  /// Escape: the index into the slot's DetachedEscapes.
  int EscapeIndex = -1;
  /// GuardByRef, GuardCopy, Dismiss: the guard. StatusLost: the result
  /// variable written.
  const VarDecl *Var = nullptr;
  /// Release, GuardByRef, GuardCopy: where it is written, if not at the
  /// anchor.
  const Stmt *Where = nullptr;
  /// Dismiss: the guard releases whatever the slot holds (a by-reference
  /// guard), not the copy it took.
  bool ByRef = false;

  /// Site \p Site stores a new handle into \p Slot.
  static Event create(int Slot, int Site) {
    Event E(Create, Slot);
    E.Site = Site;
    return E;
  }
  /// The handle in \p Slot is released (or handed to a guard holding a
  /// copy), by \p Where if given.
  static Event release(int Slot, const Stmt *Where) {
    Event E(Release, Slot);
    E.Where = Where;
    return E;
  }
  /// The handle in \p Slot leaves the scope's control.
  static Event transfer(int Slot) { return Event(Transfer, Slot); }
  /// The guard \p Guard, made at \p Where, releases whatever \p Slot holds
  /// when it runs.
  static Event guardByRef(int Slot, const VarDecl *Guard, const Stmt *Where) {
    Event E(GuardByRef, Slot);
    E.Var = Guard;
    E.Where = Where;
    return E;
  }
  /// The guard \p Guard, which may be dismissed (SPEC §7.18), takes a copy
  /// of the handle in \p Slot, made at \p Where: it releases that handle
  /// when it runs, unless dismissed first.
  static Event guardCopy(int Slot, const VarDecl *Guard, const Stmt *Where) {
    Event E(GuardCopy, Slot);
    E.Var = Guard;
    E.Where = Where;
    return E;
  }
  /// The guard \p Guard of \p Slot is dismissed: it releases nothing.
  static Event dismiss(int Slot, const VarDecl *Guard, bool ByRef) {
    Event E(Dismiss, Slot);
    E.Var = Guard;
    E.ByRef = ByRef;
    return E;
  }
  /// The handle in \p Slot goes to the detached thread \p EscapeIndex (an
  /// index into the slot's DetachedEscapes).
  static Event escape(int Slot, int EscapeIndex) {
    Event E(Escape, Slot);
    E.EscapeIndex = EscapeIndex;
    return E;
  }
  /// The handle in \p Slot goes to the call \p Call, which keeps it only
  /// when it succeeds (SPEC §8.2; ScopeEvents::Keepers).
  static Event keep(int Slot, const Stmt *Call) {
    Event E(Keep, Slot);
    E.Where = Call;
    return E;
  }
  /// \p ResultVar is written: it no longer holds a creation's outcome.
  static Event statusLost(const VarDecl *ResultVar) {
    Event E(StatusLost, -1);
    E.Var = ResultVar;
    return E;
  }

private:
  Event(Kind K, int Slot) : K(K), Slot(Slot) {}
};

/// A call that keeps a slot's handle only when it succeeds (SPEC §8.2).
struct KeeperCall {
  int Slot = -1;
  /// The local that receives the call's result, when nothing else writes
  /// it: its tests are the call's.
  const VarDecl *ResultVar = nullptr;
  ParamSummary Summary;
};

/// The creation sites of one scope, their slots, and the events at each
/// statement, with the indexes the transfer functions look things up in.
struct ScopeEvents {
  llvm::SmallVector<SiteInfo, 4> Sites;
  llvm::SmallVector<HandleSlot, 4> Slots;
  /// The events at each anchor, in the order they happen there.
  llvm::DenseMap<const Stmt *, llvm::SmallVector<Event, 1>> At;
  /// Per slot: escapes into threads that are detached.
  llvm::SmallVector<llvm::SmallVector<DetachedEscape, 1>, 4> DetachedEscapes;
  /// Per slot: where it is released (or guarded) and where transferred.
  llvm::SmallVector<llvm::SmallVector<const Stmt *, 2>, 4> ReleaseAnchors;
  llvm::SmallVector<llvm::SmallVector<const Stmt *, 2>, 4> TransferAnchors;
  /// The sites whose handle is live at the scope's entry: a parameter's, in
  /// a summary (SPEC §8; they have no creation call).
  llvm::SmallVector<int, 1> EntrySites;
  /// The calls that keep a slot's handle only when they succeed, at most
  /// one per slot (a slot passed to two is transferred by both).
  llvm::DenseMap<const Stmt *, KeeperCall> Keepers;
  /// Per slot: the calls their callees' summaries decide (SPEC §8).
  llvm::SmallVector<llvm::SmallVector<SummarisedUse, 1>, 4> SummarisedUses;
  /// The slots each by-reference guard releases, and where it is made.
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<int, 1>> GuardSlots;
  llvm::DenseMap<const VarDecl *, const Stmt *> GuardAnchors;
  /// SPEC §7.18: the slots each guard that may be dismissed holds a copy
  /// of; and the guards with a dismissal (their guard runs only on the
  /// paths that did not dismiss it).
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<int, 1>> GuardCopySlots;
  llvm::DenseSet<const VarDecl *> DismissedGuards;
  /// The slots whose lifetime each local bounds.
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<int, 1>> StorageSlots;
  /// The sites whose outcome each result variable receives.
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<int, 1>> SitesOfResultVar;
  /// The slots that are a result variable (`fd = timerfd_create(...)`).
  llvm::DenseSet<int> ResultSlots;
  /// Slots with an event the CFG does not contain: their outcome is unknown.
  llvm::DenseSet<int> UncertainSlots;
  /// Some site's API can fail: branch conditions may test it.
  bool HasFailingApis = false;

  /// Is some site's handle stored into a slot (and so followed)?
  bool anyTracked() const {
    return llvm::any_of(Sites, [](const SiteInfo &S) { return S.Slot >= 0; });
  }
};

/// Finds the scope's creation calls (those \p Wanted accepts, when given;
/// with \p Wrappers, calls to creation wrappers too) and, when there are
/// any, builds the events of their slots.
ScopeEvents buildEvents(HandleUses &Uses, const ApiModel &Model,
                        llvm::function_ref<bool(const CallExpr &)> Wanted,
                        CreationWrappers *Wrappers = nullptr);

/// The events of \p Param, a slot of a parameter of \p Uses's function,
/// as the one slot of a site live at the entry (SPEC §8: a summary).
ScopeEvents buildParameterEvents(HandleUses &Uses, const ApiModel &Model,
                                 const HandleSlot &Param);

/// Moves the events whose anchor \p Graph does not contain to the nearest
/// enclosing statement it does contain; when there is none, the slot's
/// outcome is unknown (UncertainSlots). Events inside \p NeverRun
/// statements are dropped.
void mapEventsToCFG(ScopeEvents &Events, const CFG &Graph,
                    const llvm::DenseSet<const Stmt *> &NeverRun,
                    const HandleUses &Uses);

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_ANALYSIS_EVENTS_H
