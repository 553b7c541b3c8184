//===--- Recorder.cpp - lostcancel ----------------------------------------===//

#include "analysis/Recorder.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::lostcancel {

namespace {

/// How many try statements a throw is followed out through before it is
/// taken to leave the function: try statements nest no deeper than this in
/// real code, and the walk must end even on a malformed CFG.
constexpr unsigned MaxTryNesting = 64;

/// Notes, as the transfer functions report them, the facts of each site.
class FactRecorder : public FlowObserver {
public:
  FactRecorder(const ScopeEvents &Events, const ScopeGraph &Graph,
               const TransferFunctions &Transfer, const SourceManager &SM)
      : Events(Events), Graph(Graph), Transfer(Transfer), SM(SM),
        Facts(Events.Sites.size()) {}

  /// Applies every reached block to its fixpoint input, recording.
  void run(llvm::ArrayRef<FlowState> In);
  llvm::SmallVector<SiteFacts, 4> takeFacts() { return std::move(Facts); }

  void released(int Slot, const Stmt *Where, const FlowState &State) override {
    noteHeld(Slot, Where, State, &SiteFacts::Releases);
  }
  void transferred(int Slot, const Stmt *Where,
                   const FlowState &State) override {
    noteHeld(Slot, Where, State, &SiteFacts::Transfers);
  }
  void overwrites(int Site, int Old) override {
    if (!Facts[Site].FirstOverwrite)
      Facts[Site].FirstOverwrite = Old;
  }
  void escapes(int Slot, int EscapeIndex, const FlowState &State) override;
  void ends(int Site, uint8_t Bits, const LeakingExit &Exit) override;
  void throws(const CXXThrowExpr &Throw, const CFGBlock &From,
              const FlowState &State) override;

private:
  /// Notes \p Where in the \p List of each site whose handle the slot may
  /// hold in \p State.
  void noteHeld(int Slot, const Stmt *Where, const FlowState &State,
                llvm::SmallVector<const Stmt *, 2> SiteFacts::*List);
  /// Every site that may be live in \p State leaks at \p Exit.
  void leakAll(const FlowState &State, const LeakingExit &Exit);
  LeakingExit exitOfBlock(const CFGBlock &B) const;
  /// Can a throw of \p Thrown (null: a rethrow) from \p From leave the
  /// function, through the try dispatch blocks that follow it?
  bool throwEscapes(QualType Thrown, const CFGBlock &From,
                    unsigned Depth = 0) const;

  const ScopeEvents &Events;
  const ScopeGraph &Graph;
  const TransferFunctions &Transfer;
  const SourceManager &SM;
  llvm::SmallVector<SiteFacts, 4> Facts;
};

void FactRecorder::noteHeld(
    int Slot, const Stmt *Where, const FlowState &State,
    llvm::SmallVector<const Stmt *, 2> SiteFacts::*List) {
  for (const auto &[I, Bits] : State.Sites.entries())
    if (Events.Sites[I].Slot == Slot && (Bits & InSlot) &&
        !llvm::is_contained(Facts[I].*List, Where))
      (Facts[I].*List).push_back(Where);
}

void FactRecorder::escapes(int Slot, int EscapeIndex, const FlowState &State) {
  for (const auto &[I, Bits] : State.Sites.entries())
    if (Events.Sites[I].Slot == Slot && (Bits & InSlot) &&
        !llvm::is_contained(Facts[I].Escapes, EscapeIndex))
      Facts[I].Escapes.push_back(EscapeIndex);
}

void FactRecorder::ends(int Site, uint8_t Bits, const LeakingExit &Exit) {
  if (!(Bits & Live) || Exit.Loc.isInvalid())
    return;
  SiteFacts &F = Facts[Site];
  F.ExitsAlwaysLive = F.ExitsAlwaysLive && Bits == Live;
  if (!llvm::any_of(F.Leaks, [&](const LeakingExit &Known) {
        return Known.Loc == Exit.Loc;
      }))
    F.Leaks.push_back(Exit);
  if (!F.FirstLeak || SM.isBeforeInTranslationUnit(Exit.Loc, F.FirstLeak->Loc))
    F.FirstLeak = Exit;
}

void FactRecorder::leakAll(const FlowState &State, const LeakingExit &Exit) {
  for (const auto &[I, Bits] : State.Sites.entries())
    ends(I, Bits, Exit);
}

void FactRecorder::throws(const CXXThrowExpr &Throw, const CFGBlock &From,
                          const FlowState &State) {
  QualType Thrown =
      Throw.getSubExpr() ? Throw.getSubExpr()->getType() : QualType();
  if (throwEscapes(Thrown, From))
    leakAll(State, {ExitKind::Throw, Throw.getBeginLoc(), &Throw});
}

bool FactRecorder::throwEscapes(QualType Thrown, const CFGBlock &From,
                                unsigned Depth) const {
  if (Depth > MaxTryNesting)
    return true;
  return llvm::any_of(From.succs(), [&](const CFGBlock *Succ) {
    if (!Succ)
      return false;
    if (Succ == &Graph.Graph->getExit())
      return true;
    const auto *Try =
        llvm::dyn_cast_or_null<CXXTryStmt>(Succ->getTerminatorStmt());
    return Try && !catchesStatically(*Try, Thrown) &&
           throwEscapes(Thrown, *Succ, Depth + 1);
  });
}

LeakingExit FactRecorder::exitOfBlock(const CFGBlock &B) const {
  for (const auto *It = B.rbegin(); It != B.rend(); ++It)
    if (auto S = It->getAs<CFGStmt>())
      if (llvm::isa<ReturnStmt, CoreturnStmt>(S->getStmt()))
        return Transfer.exitOf(S->getStmt());
  if (const Stmt *T = B.getTerminatorStmt())
    return Transfer.exitOf(T);
  return Transfer.exitOf(nullptr);
}

void FactRecorder::run(llvm::ArrayRef<FlowState> In) {
  const CFGBlock *Exit = &Graph.Graph->getExit();
  for (const CFGBlock *B : *Graph.Graph) {
    const FlowState &InState = In[B->getBlockID()];
    if (!InState.Reached || B == Exit)
      continue;
    FlowState State = InState;
    Transfer.block(*B, State, *this, /*Points=*/nullptr);
    if (B->hasNoReturnElement())
      continue;
    if (throwOf(*B))
      continue; // observed by throws()
    if (llvm::isa_and_nonnull<CXXTryStmt>(B->getTerminatorStmt()))
      continue;
    if (llvm::is_contained(B->succs(), Exit))
      leakAll(State, exitOfBlock(*B));
  }
}

} // namespace

llvm::SmallVector<SiteFacts, 4> recordFacts(const ScopeEvents &Events,
                                            const ScopeGraph &Graph,
                                            const TransferFunctions &Transfer,
                                            llvm::ArrayRef<FlowState> In,
                                            const SourceManager &SM) {
  FactRecorder Recorder(Events, Graph, Transfer, SM);
  Recorder.run(In);
  return Recorder.takeFacts();
}

} // namespace clang::tidy::lostcancel
