//===--- Solver.h - lostcancel ---------------------------------*- C++ -*-===//
//
// The dataflow half of the scope analysis: the scope's CFG, the transfer
// functions (what each CFG element and edge does to a FlowState) and the
// worklist that runs them to the fixpoint. Solving records nothing: the
// transfer functions report what they see to a FlowObserver, which does
// nothing while solving; the recorder (Recorder.h) passes one that records,
// on its one pass over the fixpoint.
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_ANALYSIS_SOLVER_H
#define LOSTCANCEL_ANALYSIS_SOLVER_H

#include "analysis/Events.h"
#include "analysis/FlowState.h"
#include "analysis/PathConditions.h"
#include "analysis/ScopeAnalysis.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include <memory>
#include <optional>
#include <vector>

namespace clang::tidy::lostcancel {

/// The CFG of a scope body, and where its try statements are.
struct ScopeGraph {
  std::unique_ptr<CFG> Graph;
  /// The innermost try statement around each statement inside a try block.
  llvm::DenseMap<const Stmt *, const CXXTryStmt *> InnermostTry;
  /// The block that dispatches each try statement's exceptions.
  llvm::DenseMap<const CXXTryStmt *, const CFGBlock *> TryDispatch;
  /// The compile-time branches of `if consteval` statements, which the CFG
  /// leaves out: nothing in them runs (SPEC §7.19).
  llvm::DenseSet<const Stmt *> CompileTimeOnly;

  /// Builds the CFG of \p Body (with lifetime ends and implicit
  /// destructors), or none when Clang cannot. \p Index, the body's index,
  /// tells whether it holds an `if consteval`.
  static std::optional<ScopeGraph> build(const Decl &Scope, Stmt *Body,
                                         const ScopeIndex &Index,
                                         ASTContext &Ctx);
};

/// The throw expression a block ends with, if any. (The CFG keeps a throw
/// as the block's last element, with an edge to the handlers or the exit.)
const CXXThrowExpr *throwOf(const CFGBlock &B);

/// What the transfer functions report as they apply a block. Every method
/// does nothing by default: the solver passes a plain FlowObserver.
class FlowObserver {
public:
  virtual ~FlowObserver() = default;
  /// A release (or guard) written at \p Where acts on what \p Slot holds in
  /// \p State, just before it runs.
  virtual void released(int Slot, const Stmt *Where, const FlowState &State) {}
  /// A transfer written at \p Where acts on what \p Slot holds in \p State.
  virtual void transferred(int Slot, const Stmt *Where,
                           const FlowState &State) {}
  /// Site \p Site's creation overwrites site \p Old's handle, which may
  /// still be live.
  virtual void overwrites(int Site, int Old) {}
  /// The guard \p Guard of \p Slot is dismissed at \p Where, the handles
  /// in \p State (SPEC §7.18).
  virtual void dismissed(int Slot, const Stmt *Where, const VarDecl *Guard,
                         bool ByRef, const FlowState &State) {}
  /// What \p Slot holds in \p State goes to the slot's detached thread
  /// \p EscapeIndex.
  virtual void escapes(int Slot, int EscapeIndex, const FlowState &State) {}
  /// Site \p Site's variable ends at \p Exit, its handle in state \p Bits.
  virtual void ends(int Site, uint8_t Bits, const LeakingExit &Exit) {}
  /// Block \p From ends with \p Throw, the handles in \p State.
  virtual void throws(const CXXThrowExpr &Throw, const CFGBlock &From,
                      const FlowState &State) {}
};

/// The state at each point of a try block, joined: what its handlers may
/// see (SPEC §7.9: any point of a try block may reach its handlers).
using TryPoints = llvm::SmallDenseMap<const CXXTryStmt *, FlowState, 2>;

/// What each CFG element and edge does to the handles of one scope.
class TransferFunctions {
public:
  TransferFunctions(const ScopeEvents &Events, const ScopeGraph &Graph,
                    const HandleUses &Uses, const PathConditions &Conditions,
                    const Stmt &Body)
      : Events(Events), Graph(Graph), Uses(Uses), Conditions(Conditions),
        Body(Body), SitesOfSlot(Events.Slots.size()) {
    for (int I = 0, E = static_cast<int>(Events.Sites.size()); I < E; ++I)
      if (Events.Sites[I].Slot >= 0)
        SitesOfSlot[Events.Sites[I].Slot].push_back(I);
  }

  /// Applies the block's elements to \p State. With \p Points, also joins
  /// the state at every point inside a try block into that try's entry.
  void block(const CFGBlock &B, FlowState &State, FlowObserver &Observer,
             TryPoints *Points) const;
  /// The edge from \p From to its successor number \p SuccIndex: what a
  /// branch condition says about the path and its handles. Returns false
  /// when the path's facts contradict the edge (no path takes it).
  bool edge(const CFGBlock &From, unsigned SuccIndex, FlowState &State) const;
  /// Leaving \p Try's try block by an exception: its handles are gone,
  /// ending at \p EndsAt when that is a leaking exit (null: the handlers
  /// join of every point, which is not one), except those of the slots in
  /// \p Spared.
  void unwindTry(const CXXTryStmt &Try, FlowState &State,
                 FlowObserver &Observer, const LeakingExit *EndsAt,
                 llvm::ArrayRef<int> Spared = {}) const;
  /// The exit that \p Trigger (a return, jump or scope end; null for the
  /// end of the function) makes.
  LeakingExit exitOf(const Stmt *Trigger) const;
  /// The state at the scope's entry: the sites of ScopeEvents::EntrySites
  /// live, nothing else.
  FlowState entryState() const;

private:
  void applyEvent(const Event &E, const Stmt *Anchor, FlowState &State,
                  FlowObserver &Observer) const;
  void create(const Event &E, FlowState &State, FlowObserver &Observer) const;
  /// A by-reference guard runs: it releases whatever its slots hold.
  void runGuard(const VarDecl *Guard, FlowState &State,
                FlowObserver &Observer) const;
  void endVariable(const VarDecl *Var, const Stmt *Trigger, FlowState &State,
                   FlowObserver &Observer) const;
  void releaseSlot(int Slot, FlowState &State, uint8_t NewBit) const;
  /// The sites of \p Slot in state \p From are in state \p To.
  void moveSlotSites(int Slot, FlowState &State, uint8_t From,
                     uint8_t To) const;
  /// SPEC §7.18: the guard of \p E is dismissed.
  void dismiss(const Event &E, const Stmt *Where, FlowState &State,
               FlowObserver &Observer) const;
  /// SPEC §7.7: on the edge where a creation's outcome is tested as a
  /// failure, nothing was created.
  void applyStatusTest(const StatusTest &Test, bool ConditionHolds,
                       FlowState &State) const;
  /// SPEC §8.2: on an edge that tests a call keeping a handle only when it
  /// succeeds, the handle is kept or still held.
  void applyKeeperTest(const StatusTest &Test, bool ConditionHolds,
                       FlowState &State) const;
  /// SPEC §7.15: \p S, a call that may throw inside a try block, sends the
  /// handles of that block live in \p State to its handlers, where they
  /// leak (the handles \p S itself acts on excepted).
  void unwindAtCall(const Stmt &S, const FlowState &State,
                    FlowObserver &Observer) const;
  /// Is a release through \p Slot in \p State one that cannot throw: the
  /// slot may hold one of its handles, or it holds nothing (its variable
  /// started out empty), never some other callable?
  bool releaseCannotThrow(int Slot, const FlowState &State) const;
  /// Is the slot's variable declared inside \p Try's try block?
  bool declaredInsideTry(const VarDecl *Var, const CXXTryStmt &Try) const;

  const ScopeEvents &Events;
  const ScopeGraph &Graph;
  const HandleUses &Uses;
  const PathConditions &Conditions;
  const Stmt &Body;
  /// The sites that create into each slot.
  llvm::SmallVector<llvm::SmallVector<int, 1>, 4> SitesOfSlot;
};

/// Runs \p Transfer over \p Graph to the fixpoint. Returns the path states
/// at the entry of each block, by block ID (none for a block no path
/// reaches).
std::vector<PointState> solve(const ScopeGraph &Graph,
                              const TransferFunctions &Transfer);

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_ANALYSIS_SOLVER_H
