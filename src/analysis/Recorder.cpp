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
  void run(llvm::ArrayRef<PointState> In);
  llvm::SmallVector<SiteFacts, 4> takeFacts();

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
  void dismissed(int Slot, const Stmt *Where, const VarDecl *Guard, bool ByRef,
                 const FlowState &State) override {
    uint8_t Held = ByRef ? LiveGuarded : GuardHeld;
    for (const auto &[I, Bits] : State.Sites.entries())
      if (Events.Sites[I].Slot == Slot && (Bits & Held) &&
          !llvm::is_contained(Facts[I].Dismissals, std::pair(Where, Guard)))
        Facts[I].Dismissals.push_back({Where, Guard});
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
  /// Applies \p B to one of its input path states, recording.
  void runPath(const CFGBlock &B, FlowState State);
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
  if (Exit.Loc.isInvalid())
    return;
  // Every state this exit is reached in, on any path.
  auto &Seen = Facts[Site].ExitStates;
  auto *Known = llvm::find_if(
      Seen, [&](const auto &Entry) { return Entry.first.Loc == Exit.Loc; });
  if (Known == Seen.end())
    Seen.push_back({Exit, Bits});
  else
    Known->second |= Bits;
  if (!(Bits & Live))
    return;
  SiteFacts &F = Facts[Site];
  if (!llvm::any_of(F.Leaks, [&](const LeakingExit &Known) {
        return Known.Loc == Exit.Loc;
      }))
    F.Leaks.push_back(Exit);
  if (!F.FirstLeak || SM.isBeforeInTranslationUnit(Exit.Loc, F.FirstLeak->Loc))
    F.FirstLeak = Exit;
}

void FactRecorder::leakAll(const FlowState &State, const LeakingExit &Exit) {
  // (A site absent here either was never created on this path or has
  // been ended already, with its variable.)
  for (const auto &[I, Bits] : State.Sites.entries())
    ends(I, Bits, Exit);
}

llvm::SmallVector<SiteFacts, 4> FactRecorder::takeFacts() {
  // A release inserted at a leaking exit is safe only when every path
  // reaches it with the handle live.
  for (SiteFacts &Site : Facts)
    for (const LeakingExit &Leak : Site.Leaks)
      for (const auto &[Exit, Bits] : Site.ExitStates)
        if (Exit.Loc == Leak.Loc && Bits != Live)
          Site.ExitsAlwaysLive = false;
  return std::move(Facts);
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

void FactRecorder::runPath(const CFGBlock &B, FlowState State) {
  Transfer.block(B, State, *this, /*Points=*/nullptr);
  if (B.hasNoReturnElement() || throwOf(B))
    return; // a throw is observed by throws()
  if (llvm::isa_and_nonnull<CXXTryStmt>(B.getTerminatorStmt()))
    return;
  // The function ends on each edge to the exit that the path can take.
  const CFGBlock *Exit = &Graph.Graph->getExit();
  unsigned Index = 0;
  for (const CFGBlock *Succ : B.succs()) {
    unsigned SuccIndex = Index++;
    if (Succ != Exit)
      continue;
    FlowState Out = State;
    if (Transfer.edge(B, SuccIndex, Out)) {
      leakAll(Out, exitOfBlock(B));
      return;
    }
  }
}

void FactRecorder::run(llvm::ArrayRef<PointState> In) {
  const CFGBlock *Exit = &Graph.Graph->getExit();
  for (const CFGBlock *B : *Graph.Graph)
    if (B != Exit)
      for (const FlowState &Path : In[B->getBlockID()].Paths)
        runPath(*B, Path);
}

} // namespace

llvm::SmallVector<SiteFacts, 4> recordFacts(const ScopeEvents &Events,
                                            const ScopeGraph &Graph,
                                            const TransferFunctions &Transfer,
                                            llvm::ArrayRef<PointState> In,
                                            const SourceManager &SM) {
  FactRecorder Recorder(Events, Graph, Transfer, SM);
  Recorder.run(In);
  return Recorder.takeFacts();
}

} // namespace clang::tidy::lostcancel
