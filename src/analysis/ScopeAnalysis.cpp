//===--- ScopeAnalysis.cpp - lostcancel -----------------------------------===//

#include "analysis/ScopeAnalysis.h"
#include "analysis/HandleUses.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"
#include <deque>

namespace clang::tidy::lostcancel {

namespace {

// Per-site state bits of the may-analysis.
enum StateBit : uint8_t {
  Absent = 1,      ///< not created on this path (or its leak was recorded)
  Live = 2,        ///< created and not yet released or transferred
  LiveGuarded = 4, ///< live, but a by-reference guard releases it at scope end
  Released = 8,
  Transferred = 16,
  Gone = 32, ///< no longer in its slot: a new handle was assigned over it
};
constexpr uint8_t AnyLive = Live | LiveGuarded;
/// The slot still holds the site's handle (in whatever state).
constexpr uint8_t InSlot = AnyLive | Released | Transferred;

// Per-slot guard bits: may a by-reference guard cover the slot here?
enum GuardBit : uint8_t { Guarded = 1, Unguarded = 2 };

// Per-site status bits: does the site's result variable (`rc`, `fd`) still
// hold the creation's outcome, so that testing it tests the creation?
enum StatusBit : uint8_t { Held = 1, NotHeld = 2 };

/// Bits per index (site or slot), stored only where they differ from a
/// default: a state holds the handles that are alive or were touched in
/// their variable's scope, not every site of the function, so the cost of a
/// block is that of the handles in scope there and a long function with many
/// scoped handles stays linear.
class SparseBits {
public:
  explicit SparseBits(uint8_t Default) : Default(Default) {}
  using Entry = std::pair<int, uint8_t>;

  uint8_t get(int I) const {
    auto It = find(I);
    return It != Entries.end() && It->first == I ? It->second : Default;
  }
  void set(int I, uint8_t Bits) {
    auto It = find(I);
    bool Present = It != Entries.end() && It->first == I;
    if (Bits == Default) {
      if (Present)
        Entries.erase(It);
    } else if (Present) {
      It->second = Bits;
    } else {
      Entries.insert(It, {I, Bits});
    }
  }
  /// Replaces each stored entry's bits by \p F(index, bits); entries that
  /// become the default are dropped. Default entries are left alone, so \p F
  /// must map the default to itself.
  template <typename Fn> void transform(Fn F) {
    for (Entry &E : Entries)
      E.second = F(E.first, E.second);
    llvm::erase_if(Entries,
                   [&](const Entry &E) { return E.second == Default; });
  }
  /// The indices whose bits differ from the default, in order.
  llvm::SmallVector<int, 8> indices() const {
    llvm::SmallVector<int, 8> Out;
    for (const Entry &E : Entries)
      Out.push_back(E.first);
    return Out;
  }
  llvm::ArrayRef<Entry> entries() const { return Entries; }
  /// Bitwise or, index by index; returns whether anything changed.
  bool joinWith(const SparseBits &Other) {
    llvm::SmallVector<Entry, 8> Joined;
    bool Changed = false;
    auto A = Entries.begin(), AE = Entries.end();
    auto B = Other.Entries.begin(), BE = Other.Entries.end();
    while (A != AE || B != BE) {
      if (B == BE || (A != AE && A->first < B->first)) {
        Joined.push_back({A->first, uint8_t(A->second | Other.Default)});
        Changed |= Joined.back().second != A->second;
        ++A;
      } else if (A == AE || B->first < A->first) {
        uint8_t Bits = Default | B->second;
        if (Bits != Default) {
          Joined.push_back({B->first, Bits});
          Changed = true;
        }
        ++B;
      } else {
        Joined.push_back({A->first, uint8_t(A->second | B->second)});
        Changed |= Joined.back().second != A->second;
        ++A;
        ++B;
      }
    }
    if (Changed)
      Entries = std::move(Joined);
    return Changed;
  }

private:
  llvm::SmallVector<Entry, 4>::iterator find(int I) {
    return llvm::lower_bound(
        Entries, I, [](const Entry &E, int Index) { return E.first < Index; });
  }
  llvm::SmallVector<Entry, 4>::const_iterator find(int I) const {
    return llvm::lower_bound(
        Entries, I, [](const Entry &E, int Index) { return E.first < Index; });
  }

  llvm::SmallVector<Entry, 4> Entries;
  uint8_t Default;
};

/// The state at a program point; a point no path reaches has Reached unset
/// (the bottom of the lattice) and its bits mean nothing.
struct FlowState {
  SparseBits Sites{Absent};
  SparseBits Slots{Unguarded};
  SparseBits Status{NotHeld};
  bool Reached = false;

  bool joinWith(const FlowState &Other) {
    if (!Other.Reached)
      return false;
    if (!Reached) {
      *this = Other;
      return true;
    }
    bool Changed = Sites.joinWith(Other.Sites);
    Changed |= Slots.joinWith(Other.Slots);
    Changed |= Status.joinWith(Other.Status);
    return Changed;
  }
};

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

struct Event {
  enum Kind { Create, Release, Transfer, GuardByRef, Escape, StatusLost } K;
  int Slot = -1;
  /// Create: the site. Escape: the index into the slot's DetachedEscapes.
  int Site = -1;
  /// GuardByRef: the guard. StatusLost: the result variable written.
  const VarDecl *Var = nullptr;
  /// Where the release or transfer is written, if not at the anchor.
  const Stmt *Where = nullptr;
};

/// Maps each statement inside a try block to its innermost CXXTryStmt.
class TryBlockMapper : public RecursiveASTVisitor<TryBlockMapper> {
public:
  llvm::DenseMap<const Stmt *, const CXXTryStmt *> InnermostTry;

  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseBlockExpr(BlockExpr *) { return true; }
  bool TraverseCXXTryStmt(CXXTryStmt *Try) {
    if (Current)
      InnermostTry[Try] = Current;
    const CXXTryStmt *Saved = Current;
    Current = Try;
    TraverseStmt(Try->getTryBlock());
    Current = Saved;
    for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
      TraverseStmt(Try->getHandler(I));
    return true;
  }
  bool VisitStmt(Stmt *S) {
    if (Current)
      InnermostTry[S] = Current;
    return true;
  }

private:
  const CXXTryStmt *Current = nullptr;
};

/// The throw expression a block ends with, if any. (The CFG keeps a throw
/// as the block's last element, with an edge to the handlers or the exit.)
const CXXThrowExpr *throwOf(const CFGBlock &B) {
  for (auto It = B.rbegin(); It != B.rend(); ++It)
    if (auto S = It->getAs<CFGStmt>())
      return llvm::dyn_cast<CXXThrowExpr>(S->getStmt());
  return nullptr;
}

/// Reverse post-order numbers of the blocks reachable from the entry. (The
/// CFG's graph traits yield null successors for pruned edges, so LLVM's
/// traversal helpers cannot be used directly.)
llvm::DenseMap<const CFGBlock *, unsigned> reversePostOrder(const CFG &Graph) {
  llvm::SmallVector<const CFGBlock *, 32> PostOrder;
  llvm::DenseSet<const CFGBlock *> Seen;
  llvm::SmallVector<std::pair<const CFGBlock *, unsigned>, 32> Stack;
  Stack.push_back({&Graph.getEntry(), 0});
  Seen.insert(&Graph.getEntry());
  while (!Stack.empty()) {
    auto &[Block, Next] = Stack.back();
    if (Next < Block->succ_size()) {
      const CFGBlock *Succ = *(Block->succ_begin() + Next++);
      if (Succ && Seen.insert(Succ).second)
        Stack.push_back({Succ, 0});
      continue;
    }
    PostOrder.push_back(Block);
    Stack.pop_back();
  }
  llvm::DenseMap<const CFGBlock *, unsigned> Order;
  for (unsigned I = 0, E = PostOrder.size(); I < E; ++I)
    Order[PostOrder[E - 1 - I]] = I;
  return Order;
}

class ScopeAnalyzer {
public:
  ScopeAnalyzer(const Decl &Scope, Stmt *Body, const ApiModel &Model,
                ASTContext &Ctx,
                llvm::function_ref<bool(const CallExpr &)> Wanted)
      : Scope(Scope), Body(Body), Uses(Scope, Model, Ctx), Model(Model),
        Ctx(Ctx), Wanted(Wanted) {}

  ScopeResult run();

private:
  void collectSites();
  void buildEvents();
  void addMentionEvents(const Mention &M, int Slot);
  struct ClosureCapture {
    int Slot;
    bool ByRef;
    bool Disposes; ///< The closure's body releases or transfers it.
  };
  /// The slots \p Closure captures, directly or through an init-capture.
  llvm::SmallVector<ClosureCapture, 2> slotCaptures(const Expr &Closure) const;
  void addClosureEvents(const Expr &Closure);
  /// The handle (directly or in a closure) goes to a new thread.
  void addThreadEscape(const Stmt *Anchor, int Slot, const HandleUse &Use,
                       const Capture *ByRefCapture);
  /// A closure carrying the slot is called (a release when its body disposes
  /// of the handle) or handed to a guard; false for any other use.
  bool addClosureRun(const Stmt *Anchor, int Slot, const HandleUse &Use,
                     bool ByRef, bool Disposes);
  /// The slot is captured by the lambda named \p Name.
  void addNamedClosureEvents(const VarDecl &Name, int Slot, bool ByRef,
                             bool Disposes);
  /// The handle is stored into the local aggregate \p Holder.
  void addAggregateEvents(const Stmt *Anchor, int Slot, const VarDecl &Holder);
  /// By-reference captures of a handle or its context by a detached thread
  /// (\p Use: what happens to the closure).
  void addDanglingCaptures(const Expr &Closure, const HandleUse &Use);
  bool closureDisposes(const Expr &Closure, int Slot) const;
  void addEvent(const Stmt *Anchor, Event E) {
    Events[Anchor].push_back(E);
    const Stmt *Where = E.Where ? E.Where : Anchor;
    if (E.K == Event::Release || E.K == Event::GuardByRef)
      ReleaseAnchors[E.Slot].push_back(Where);
    else if (E.K == Event::Transfer)
      TransferAnchors[E.Slot].push_back(Where);
  }

  // Dataflow.
  bool runDataflow();
  /// Applies the block's elements to \p State. With \p TryPoints, also
  /// joins the state at every point inside a try block into that try's
  /// entry (SPEC §7.9: any point of a try block may reach its handlers).
  void transferBlock(
      const CFGBlock &B, FlowState &State,
      llvm::SmallDenseMap<const CXXTryStmt *, FlowState, 2> *TryPoints,
      bool Record);
  void applyEvent(const Event &E, const Stmt *Anchor, FlowState &State,
                  bool Record);
  /// A by-reference guard runs: it releases whatever its slots hold.
  void runGuard(const VarDecl *Guard, FlowState &State, bool Record);
  void endVariable(const VarDecl *Var, const Stmt *Trigger, FlowState &State,
                   bool Record);
  void releaseSlot(int Slot, FlowState &State, uint8_t NewBit);
  /// Notes \p Where in \p PerSite for each site whose handle the slot may
  /// hold in \p State.
  void attributeToHeldSites(
      int Slot, const Stmt *Where, const FlowState &State,
      llvm::SmallVectorImpl<llvm::SmallVector<const Stmt *, 2>> &PerSite);
  /// Records a leak of \p Site at \p Exit if \p Bits say it may be live.
  void recordLeak(int Site, uint8_t Bits, const LeakingExit &Exit);
  void recordLeaks(const FlowState &State, const LeakingExit &Exit);
  /// The site's variable is gone: a live handle leaks (recorded at
  /// \p RecordAt when given), a guarded one was released by its guard.
  void endSite(int Site, FlowState &State, const LeakingExit *RecordAt);
  void applyEdge(const CFGBlock &From, unsigned SuccIndex, FlowState &State);
  /// SPEC §7.7: on the edge where a creation's outcome is tested as a
  /// failure, nothing was created.
  void applyStatusTest(const StatusTest &Test, bool ConditionHolds,
                       FlowState &State);
  LeakingExit exitOfBlock(const CFGBlock &B) const;
  LeakingExit exitOfTrigger(const Stmt *Trigger) const;
  /// SPEC §7.2: the site's handle is released at least once, and every
  /// release and transfer that may act on it lies in an early-exit branch.
  bool onlyOnEarlyExitPaths(int Site) const;
  void classifyTrackedSite(int I, bool IsMain, SiteResult &R) const;
  /// The statement after which the site's handle certainly exists: the
  /// creation statement, or the test that leaves when the creation failed.
  const Stmt *guardPoint(const SiteInfo &Site, const Stmt *CreationStmt) const;
  /// Is the slot's variable declared inside \p Try's try block?
  bool declaredInsideTry(int Slot, const CXXTryStmt &Try) const;
  /// Leaving \p Try's try block by an exception: its handles are gone,
  /// leaking at \p RecordAt when given.
  void unwindTry(const CXXTryStmt &Try, FlowState &State,
                 const LeakingExit *RecordAt);
  /// Can a throw of \p Thrown (null: a rethrow) from \p From leave the
  /// function, through the try dispatch blocks that follow it?
  bool throwEscapes(QualType Thrown, const CFGBlock &From,
                    unsigned Depth = 0) const;
  void mapEventsToCFG();

  const Decl &Scope;
  Stmt *Body;
  HandleUses Uses;
  const ApiModel &Model;
  ASTContext &Ctx;
  llvm::function_ref<bool(const CallExpr &)> Wanted;

  llvm::SmallVector<SiteInfo, 4> Sites;
  llvm::SmallVector<HandleSlot, 4> Slots;
  llvm::DenseMap<const Stmt *, llvm::SmallVector<Event, 1>> Events;
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<int, 1>> GuardSlots;
  /// Where each by-reference guard is made.
  llvm::DenseMap<const VarDecl *, const Stmt *> GuardAnchors;
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<int, 1>> StorageSlots;
  /// The sites whose outcome each result variable receives.
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<int, 1>> SitesOfResultVar;
  /// The slots that are a result variable (`fd = timerfd_create(...)`).
  llvm::DenseSet<int> ResultSlots;
  llvm::DenseSet<int> UncertainSlots;
  /// Some site's API can fail: branch conditions may test it.
  bool HasFailingApis = false;

  std::unique_ptr<CFG> Graph;
  llvm::DenseMap<const Stmt *, const CXXTryStmt *> InnermostTry;
  llvm::DenseMap<const CXXTryStmt *, const CFGBlock *> TryDispatch;
  llvm::SmallVector<std::optional<LeakingExit>, 4> FirstLeak;
  llvm::SmallVector<llvm::SmallVector<LeakingExit, 2>, 4> AllLeaks;
  llvm::SmallVector<bool, 4> ExitsAlwaysLive;
  /// For each site, the first site whose live handle it overwrites.
  llvm::SmallVector<std::optional<int>, 4> FirstOverwrite;
  struct DetachedEscape {
    const Expr *Detach = nullptr;
    SourceLocation CaptureLoc; ///< A by-reference capture, if any.
    std::string Captured;
  };
  /// Per slot: escapes into threads that are detached.
  llvm::SmallVector<llvm::SmallVector<DetachedEscape, 1>, 4> DetachedEscapes;
  /// Per site: the escapes (indices into its slot's DetachedEscapes) that
  /// may carry the site's handle, i.e. happen while the slot holds it.
  llvm::SmallVector<llvm::SmallVector<int, 1>, 4> SiteEscapes;
  /// Per slot: where it is released (or guarded) and where transferred.
  llvm::SmallVector<llvm::SmallVector<const Stmt *, 2>, 4> ReleaseAnchors;
  llvm::SmallVector<llvm::SmallVector<const Stmt *, 2>, 4> TransferAnchors;
  /// Per site: the releases and transfers that may act on the site's own
  /// handle (the slot holds it there); a by-reference guard counts for every
  /// handle of its slot.
  llvm::SmallVector<llvm::SmallVector<const Stmt *, 2>, 4> SiteReleases;
  llvm::SmallVector<llvm::SmallVector<const Stmt *, 2>, 4> SiteTransfers;
};

void ScopeAnalyzer::collectSites() {
  for (const CallExpr *Call : Uses.creationCalls()) {
    if (Wanted && !Wanted(*Call))
      continue;
    std::optional<CreationMatch> Match = Model.matchCreation(*Call);
    if (!Match)
      continue;
    SiteInfo Site;
    Site.Call = Call;
    Site.Match = *Match;
    Site.Target = Uses.resolveCreationTarget(*Call, Match->Where);
    if (Site.Target.K == CreationTarget::Kind::Slot)
      Site.Slot = Uses.internSlot(Site.Target.Slot, Slots);
    if (Site.api().Failure.K != FailureSpec::Kind::None)
      Site.ResultVar = Uses.resultVariable(*Call);
    Sites.push_back(std::move(Site));
  }
}

void ScopeAnalyzer::addMentionEvents(const Mention &M, int Slot) {
  HandleUse Use = Uses.classify(M.Use);
  switch (Use.K) {
  case HandleUse::Kind::Release:
  case HandleUse::Kind::Guard:
    // A guard holding a copy of the handle releases it on every path after
    // it (SPEC §2).
    addEvent(M.Anchor, {Event::Release, Slot, -1, nullptr, Use.At});
    break;
  case HandleUse::Kind::Transfer:
  case HandleUse::Kind::CopiedToLocal:
    addEvent(M.Anchor, {Event::Transfer, Slot});
    break;
  case HandleUse::Kind::Thread:
    addThreadEscape(M.Anchor, Slot, Use, /*ByRefCapture=*/nullptr);
    break;
  case HandleUse::Kind::Aggregated:
    addAggregateEvents(M.Anchor, Slot, *Use.Var);
    break;
  case HandleUse::Kind::Read:
  case HandleUse::Kind::Target:
    break;
  }
}

void ScopeAnalyzer::addAggregateEvents(const Stmt *Anchor, int Slot,
                                       const VarDecl &Holder) {
  // The aggregate goes where the handle goes: to a thread, it is the
  // handle's escape; anywhere else (or nowhere), storing the handle in it
  // was a transfer.
  for (const Mention &M : Uses.mentionsOfDecl(&Holder)) {
    if (M.Closure)
      continue;
    HandleUse Use = Uses.classify(M.Use);
    if (Use.K == HandleUse::Kind::Thread && Use.DetachedAt) {
      addThreadEscape(M.Anchor, Slot, Use, /*ByRefCapture=*/nullptr);
      return;
    }
  }
  // Or a lambda that captures the aggregate goes to the thread.
  for (const Expr *Closure : Uses.topLevelClosures()) {
    HandleUse Use = Uses.classify(Closure);
    if (Use.K != HandleUse::Kind::Thread || !Use.DetachedAt)
      continue;
    for (const Capture &C : HandleUses::capturesOf(*Closure))
      if (C.Var == &Holder) {
        addThreadEscape(Closure, Slot, Use, /*ByRefCapture=*/nullptr);
        return;
      }
  }
  addEvent(Anchor, {Event::Transfer, Slot});
}

void ScopeAnalyzer::addThreadEscape(const Stmt *Anchor, int Slot,
                                    const HandleUse &Use,
                                    const Capture *ByRefCapture) {
  // A joined thread (one never detached here) owns the handle: a transfer.
  if (!Use.DetachedAt) {
    addEvent(Anchor, {Event::Transfer, Slot});
    return;
  }
  // A detached one takes it out of the scope's control: the scope must still
  // release it on every path itself (SPEC §7.10), so this is no release.
  DetachedEscape Escape;
  Escape.Detach = Use.DetachedAt;
  if (ByRefCapture) {
    Escape.CaptureLoc = ByRefCapture->Loc;
    Escape.Captured = ByRefCapture->Var->getNameAsString();
  }
  DetachedEscapes[Slot].push_back(std::move(Escape));
  // Which handle escapes depends on what the slot holds there: an event.
  addEvent(Anchor, {Event::Escape, Slot,
                    static_cast<int>(DetachedEscapes[Slot].size()) - 1});
}

void ScopeAnalyzer::addDanglingCaptures(const Expr &Closure,
                                        const HandleUse &Use) {
  if (Use.K != HandleUse::Kind::Thread || !Use.DetachedAt)
    return;
  // A reference to the handle or to its context, captured by a thread that
  // outlives the scope, dangles once the scope returns.
  for (const Capture &C : HandleUses::capturesOf(Closure)) {
    if (!C.ByRef)
      continue;
    const auto *Binding = llvm::dyn_cast<BindingDecl>(C.Var);
    const ValueDecl *Whole = Binding ? Binding->getDecomposedDecl() : C.Var;
    for (int Slot = 0, E = static_cast<int>(Slots.size()); Slot < E; ++Slot)
      if (Slots[Slot].Var == C.Var || Slots[Slot].Storage == Whole)
        addThreadEscape(&Closure, Slot, Use, &C);
  }
}

bool ScopeAnalyzer::closureDisposes(const Expr &Closure, int Slot) const {
  for (const Mention &M : Uses.mentionsOf(Slots[Slot]))
    if (M.Closure == &Closure && Uses.classify(M.Use).disposes())
      return true;
  return false;
}

llvm::SmallVector<ScopeAnalyzer::ClosureCapture, 2>
ScopeAnalyzer::slotCaptures(const Expr &Closure) const {
  llvm::SmallVector<ClosureCapture, 2> Result;
  for (const auto &[Captured, ByRef, Loc] : HandleUses::capturesOf(Closure)) {
    // `[&h = cancel] { h(); }`: the init-capture stands for the slot.
    if (const auto *Init = llvm::dyn_cast<VarDecl>(Captured);
        Init && Init->isInitCapture() && Init->getInit()) {
      std::optional<int> Slot = Uses.slotOf(Init->getInit(), Slots);
      if (!Slot)
        continue;
      bool Disposes =
          llvm::any_of(Uses.mentionsOfDecl(Init), [&](const Mention &M) {
            return M.Closure == &Closure && Uses.classify(M.Use).disposes();
          });
      Result.push_back({*Slot, Init->getType()->isReferenceType(), Disposes});
      continue;
    }
    for (int Slot = 0, E = static_cast<int>(Slots.size()); Slot < E; ++Slot)
      if (Slots[Slot].Var == Captured)
        Result.push_back({Slot, ByRef, closureDisposes(Closure, Slot)});
  }
  return Result;
}

bool ScopeAnalyzer::addClosureRun(const Stmt *Anchor, int Slot,
                                  const HandleUse &Use, bool ByRef,
                                  bool Disposes) {
  if (Use.K != HandleUse::Kind::Release && Use.K != HandleUse::Kind::Guard)
    return false;
  if (!Disposes)
    return true;
  if (Use.K == HandleUse::Kind::Guard && ByRef && Use.Var)
    addEvent(Anchor, {Event::GuardByRef, Slot, -1, Use.Var, Use.At});
  else
    addEvent(Anchor, {Event::Release, Slot, -1, nullptr, Use.At});
  return true;
}

void ScopeAnalyzer::addClosureEvents(const Expr &Closure) {
  const HandleUse Use = Uses.classify(&Closure);
  addDanglingCaptures(Closure, Use);
  for (const auto &[Slot, ByRef, Disposes] : slotCaptures(Closure)) {
    if (addClosureRun(&Closure, Slot, Use, ByRef, Disposes))
      continue;
    switch (Use.K) {
    case HandleUse::Kind::Transfer:
      addEvent(&Closure, {Event::Transfer, Slot});
      break;
    case HandleUse::Kind::Thread:
      // A joined thread owns what it captured; a detached one is an escape,
      // and its by-reference captures dangle (addDanglingCaptures).
      if (!Use.DetachedAt)
        addEvent(&Closure, {Event::Transfer, Slot});
      else if (!ByRef)
        addThreadEscape(&Closure, Slot, Use, nullptr);
      break;
    case HandleUse::Kind::Aggregated:
      addAggregateEvents(&Closure, Slot, *Use.Var);
      break;
    case HandleUse::Kind::CopiedToLocal:
      addNamedClosureEvents(*Use.Var, Slot, ByRef, Disposes);
      break;
    default: // Read, Target; Release and Guard were handled above
      break;
    }
  }
}

void ScopeAnalyzer::addNamedClosureEvents(const VarDecl &Name, int Slot,
                                          bool ByRef, bool Disposes) {
  // A named lambda: what it does to the handle happens where the name is
  // used.
  for (const Mention &M : Uses.mentionsOfDecl(&Name)) {
    if (M.Closure)
      continue;
    HandleUse Use = Uses.classify(M.Use);
    if (addClosureRun(M.Anchor, Slot, Use, ByRef, Disposes))
      continue;
    switch (Use.K) {
    case HandleUse::Kind::Thread:
      addThreadEscape(M.Anchor, Slot, Use, nullptr);
      break;
    case HandleUse::Kind::Transfer:
    case HandleUse::Kind::CopiedToLocal:
    case HandleUse::Kind::Aggregated:
      addEvent(M.Anchor, {Event::Transfer, Slot});
      break;
    default: // Read, Target; Release and Guard were handled above
      break;
    }
  }
}

void ScopeAnalyzer::buildEvents() {
  DetachedEscapes.assign(Slots.size(), {});
  ReleaseAnchors.assign(Slots.size(), {});
  TransferAnchors.assign(Slots.size(), {});
  for (int I = 0, E = static_cast<int>(Sites.size()); I < E; ++I)
    if (Sites[I].Slot >= 0)
      addEvent(Sites[I].createdAt(), {Event::Create, Sites[I].Slot, I});
  // Writing a result variable other than by a creation ends what a test of
  // it says about the creation.
  llvm::DenseSet<const CallExpr *> Stores;
  llvm::DenseSet<const VarDecl *> ResultVars;
  for (int I = 0, E = static_cast<int>(Sites.size()); I < E; ++I) {
    const SiteInfo &Site = Sites[I];
    Stores.insert(Site.Call);
    if (Site.ResultVar)
      SitesOfResultVar[Site.ResultVar].push_back(I);
    if (Site.ResultVar && Site.Slot >= 0)
      ResultVars.insert(Site.ResultVar);
  }
  for (int Slot = 0, E = static_cast<int>(Slots.size()); Slot < E; ++Slot)
    if (const auto *Var = llvm::dyn_cast_or_null<VarDecl>(Slots[Slot].Var);
        Var && SitesOfResultVar.count(Var))
      ResultSlots.insert(Slot);
  for (const VarDecl *Var : ResultVars)
    for (const DeclRefExpr *Write : Uses.writesOf(*Var, Stores))
      addEvent(Write, {Event::StatusLost, -1, -1, Var});
  for (int Slot = 0, E = static_cast<int>(Slots.size()); Slot < E; ++Slot) {
    StorageSlots[Slots[Slot].Storage].push_back(Slot);
    for (const Mention &M : Uses.mentionsOf(Slots[Slot]))
      if (!M.Closure)
        addMentionEvents(M, Slot);
  }
  for (const Expr *Closure : Uses.topLevelClosures())
    addClosureEvents(*Closure);
  for (const auto &[Anchor, List] : Events)
    for (const Event &E : List)
      if (E.K == Event::GuardByRef) {
        GuardSlots[E.Var].push_back(E.Slot);
        GuardAnchors[E.Var] = E.Where ? E.Where : Anchor;
      }
}

void ScopeAnalyzer::mapEventsToCFG() {
  llvm::DenseSet<const Stmt *> InGraph;
  for (const CFGBlock *B : *Graph)
    for (const CFGElement &El : *B)
      if (auto S = El.getAs<CFGStmt>())
        InGraph.insert(S->getStmt());
  // Events whose anchor the CFG does not contain move to the nearest
  // enclosing statement it does contain; when there is none, the slot's
  // outcome is unknown and nothing is reported for it.
  llvm::SmallVector<std::pair<const Stmt *, const Stmt *>, 4> Moves;
  for (const auto &[Anchor, List] : Events) {
    if (InGraph.contains(Anchor))
      continue;
    const Stmt *Up = Uses.nearestAncestorIn(Anchor, InGraph);
    Moves.push_back({Anchor, Up});
  }
  for (const auto &[From, To] : Moves) {
    llvm::SmallVector<Event, 1> List = std::move(Events[From]);
    Events.erase(From);
    if (!To) {
      for (const Event &E : List)
        UncertainSlots.insert(E.Slot);
      continue;
    }
    auto &Dest = Events[To];
    Dest.append(List.begin(), List.end());
  }
}

void ScopeAnalyzer::releaseSlot(int Slot, FlowState &State, uint8_t NewBit) {
  State.Sites.transform([&](int I, uint8_t Bits) -> uint8_t {
    return Sites[I].Slot == Slot && (Bits & AnyLive)
               ? (Bits & ~AnyLive) | NewBit
               : Bits;
  });
}

void ScopeAnalyzer::applyEvent(const Event &E, const Stmt *Anchor,
                               FlowState &State, bool Record) {
  // Which sites' handles does this release or transfer act on? (A
  // by-reference guard acts on what the slot holds when it runs, noted in
  // runGuard, and on what it holds now: the CFG does not run destructors
  // when a throw unwinds.)
  if (Record && E.K != Event::Create && E.K != Event::Escape &&
      E.K != Event::StatusLost)
    attributeToHeldSites(E.Slot, E.Where ? E.Where : Anchor, State,
                         E.K == Event::Transfer ? SiteTransfers : SiteReleases);
  switch (E.K) {
  case Event::Create: {
    // A handle that may still be live is overwritten: it can no longer be
    // released (SPEC §1, lostcancel-overwritten). An API that restarts the
    // handle in place (uv_timer_start) overwrites nothing.
    for (const auto &[I, Bits] : State.Sites.entries()) {
      if (Sites[I].Slot != E.Slot || !(Bits & AnyLive) ||
          Sites[E.Site].api().Restarts)
        continue;
      if (Record && !FirstOverwrite[E.Site])
        FirstOverwrite[E.Site] = I;
    }
    // The result variable now holds this creation's outcome.
    if (const VarDecl *Result = Sites[E.Site].ResultVar)
      for (int I : SitesOfResultVar.lookup(Result))
        State.Status.set(I, I == E.Site ? Held : NotHeld);
    // Whatever the slot held is gone from it.
    State.Sites.transform([&](int I, uint8_t Bits) -> uint8_t {
      return Sites[I].Slot == E.Slot && (Bits & InSlot)
                 ? (Bits & ~InSlot) | Gone
                 : Bits;
    });
    uint8_t Guard = State.Slots.get(E.Slot);
    uint8_t Bits = 0;
    if (Guard & Guarded)
      Bits |= LiveGuarded;
    if (Guard & Unguarded)
      Bits |= Live;
    State.Sites.set(E.Site, Bits);
    break;
  }
  case Event::Release:
    releaseSlot(E.Slot, State, Released);
    break;
  case Event::Transfer:
    releaseSlot(E.Slot, State, Transferred);
    break;
  case Event::GuardByRef:
    State.Sites.transform([&](int I, uint8_t Bits) -> uint8_t {
      return Sites[I].Slot == E.Slot && (Bits & Live)
                 ? (Bits & ~Live) | LiveGuarded
                 : Bits;
    });
    State.Slots.set(E.Slot, Guarded);
    break;
  case Event::StatusLost:
    for (int I : SitesOfResultVar.lookup(E.Var))
      State.Status.set(I, NotHeld);
    break;
  case Event::Escape:
    // The escape carries the handles the slot may hold here (SPEC §7.10).
    if (Record)
      for (const auto &[I, Bits] : State.Sites.entries())
        if (Sites[I].Slot == E.Slot && (Bits & InSlot) &&
            !llvm::is_contained(SiteEscapes[I], E.Site))
          SiteEscapes[I].push_back(E.Site);
    break;
  }
}

void ScopeAnalyzer::recordLeak(int Site, uint8_t Bits,
                               const LeakingExit &Exit) {
  if (!(Bits & Live) || Exit.Loc.isInvalid())
    return;
  ExitsAlwaysLive[Site] = ExitsAlwaysLive[Site] && Bits == Live;
  if (!llvm::any_of(AllLeaks[Site], [&](const LeakingExit &Known) {
        return Known.Loc == Exit.Loc;
      }))
    AllLeaks[Site].push_back(Exit);
  std::optional<LeakingExit> &First = FirstLeak[Site];
  if (!First ||
      Ctx.getSourceManager().isBeforeInTranslationUnit(Exit.Loc, First->Loc))
    First = Exit;
}

void ScopeAnalyzer::recordLeaks(const FlowState &State,
                                const LeakingExit &Exit) {
  for (const auto &[I, Bits] : State.Sites.entries())
    recordLeak(I, Bits, Exit);
}

void ScopeAnalyzer::endSite(int Site, FlowState &State,
                            const LeakingExit *RecordAt) {
  if (RecordAt)
    recordLeak(Site, State.Sites.get(Site), *RecordAt);
  // A live handle leaks here, a guarded one is released by its guard; either
  // way its variable is gone, and nothing acts on the slot again before the
  // next creation into it: what remains to know is that the site is absent
  // (no longer live, no longer in a slot, no outcome held).
  State.Sites.set(Site, Absent);
  State.Status.set(Site, NotHeld);
}

void ScopeAnalyzer::attributeToHeldSites(
    int Slot, const Stmt *Where, const FlowState &State,
    llvm::SmallVectorImpl<llvm::SmallVector<const Stmt *, 2>> &PerSite) {
  for (const auto &[I, Bits] : State.Sites.entries())
    if (Sites[I].Slot == Slot && (Bits & InSlot) &&
        !llvm::is_contained(PerSite[I], Where))
      PerSite[I].push_back(Where);
}

void ScopeAnalyzer::runGuard(const VarDecl *Guard, FlowState &State,
                             bool Record) {
  if (auto It = GuardSlots.find(Guard); It != GuardSlots.end())
    for (int Slot : It->second) {
      if (Record)
        attributeToHeldSites(Slot, GuardAnchors.lookup(Guard), State,
                             SiteReleases);
      releaseSlot(Slot, State, Released);
      State.Slots.set(Slot, Unguarded);
    }
}

void ScopeAnalyzer::endVariable(const VarDecl *Var, const Stmt *Trigger,
                                FlowState &State, bool Record) {
  runGuard(Var, State, Record);
  auto It = StorageSlots.find(Var);
  if (It == StorageSlots.end())
    return;
  LeakingExit Exit = exitOfTrigger(Trigger);
  for (int Slot : It->second)
    for (int I : State.Sites.indices())
      if (Sites[I].Slot == Slot)
        endSite(I, State, Record ? &Exit : nullptr);
}

void ScopeAnalyzer::transferBlock(
    const CFGBlock &B, FlowState &State,
    llvm::SmallDenseMap<const CXXTryStmt *, FlowState, 2> *TryPoints,
    bool Record) {
  for (const CFGElement &El : B) {
    const CXXTryStmt *Try = nullptr;
    if (auto S = El.getAs<CFGStmt>(); S && TryPoints)
      Try = InnermostTry.lookup(S->getStmt());
    if (Try)
      TryPoints->try_emplace(Try, State).first->second.joinWith(State);
    if (auto S = El.getAs<CFGStmt>()) {
      if (auto It = Events.find(S->getStmt()); It != Events.end())
        for (const Event &E : It->second)
          applyEvent(E, S->getStmt(), State, Record);
    } else if (auto LE = El.getAs<CFGLifetimeEnds>()) {
      endVariable(LE->getVarDecl(), LE->getTriggerStmt(), State, Record);
    } else if (auto Dtor = El.getAs<CFGAutomaticObjDtor>()) {
      runGuard(Dtor->getVarDecl(), State, Record);
    }
    if (Try)
      (*TryPoints)[Try].joinWith(State);
  }
  if (const CXXThrowExpr *Throw = throwOf(B)) {
    QualType Thrown =
        Throw->getSubExpr() ? Throw->getSubExpr()->getType() : QualType();
    LeakingExit AtThrow{ExitKind::Throw, Throw->getBeginLoc(), Throw};
    if (Record && throwEscapes(Thrown, B))
      recordLeaks(State, AtThrow);
    // The handles declared in the try block the throw leaves are gone.
    if (const CXXTryStmt *Try = InnermostTry.lookup(Throw))
      unwindTry(*Try, State, Record ? &AtThrow : nullptr);
  }
}

bool ScopeAnalyzer::declaredInsideTry(int Slot, const CXXTryStmt &Try) const {
  const Stmt *Decl = Uses.declarationOf(Slots[Slot].Storage);
  for (const Stmt *S = Decl ? InnermostTry.lookup(Decl) : nullptr; S;
       S = InnermostTry.lookup(S))
    if (S == &Try)
      return true;
  return false;
}

void ScopeAnalyzer::unwindTry(const CXXTryStmt &Try, FlowState &State,
                              const LeakingExit *RecordAt) {
  for (int I : State.Sites.indices()) {
    if (Sites[I].Slot < 0 || !(State.Sites.get(I) & AnyLive) ||
        !declaredInsideTry(Sites[I].Slot, Try))
      continue;
    endSite(I, State, RecordAt);
  }
}

void ScopeAnalyzer::applyStatusTest(const StatusTest &Test, bool ConditionHolds,
                                    FlowState &State) {
  State.Sites.transform([&](int I, uint8_t Bits) -> uint8_t {
    const SiteInfo &Site = Sites[I];
    const FailureSpec &Failure = Site.api().Failure;
    if (Failure.K == FailureSpec::Kind::None || !(Bits & AnyLive))
      return Bits;
    // The call itself, or its result variable while it still holds the
    // outcome on every path.
    if (!Site.isTestedBy(Test) || (!Test.Call && State.Status.get(I) != Held))
      return Bits;
    // A failure edge created nothing; an edge the test does not decide may
    // have created nothing (no fix may then release it unconditionally).
    switch (Failure.decide(Test, ConditionHolds)) {
    case FailureSpec::Outcome::Failed:
      return (Bits & ~AnyLive) | Absent;
    case FailureSpec::Outcome::Unknown:
      return Bits | Absent;
    case FailureSpec::Outcome::Succeeded:
      break;
    }
    return Bits;
  });
}

void ScopeAnalyzer::applyEdge(const CFGBlock &From, unsigned SuccIndex,
                              FlowState &State) {
  if (From.succ_size() != 2)
    return;
  const auto *Cond =
      llvm::dyn_cast_or_null<Expr>(From.getTerminatorCondition());
  if (!Cond)
    return;
  if (HasFailingApis)
    if (std::optional<StatusTest> Status = Uses.statusTest(*Cond))
      applyStatusTest(*Status, /*ConditionHolds=*/SuccIndex == 0, State);
  // SPEC §7.6: on the edge where the handle is tested empty there is nothing
  // to release.
  std::optional<EmptyTest> Test = Uses.emptyTest(*Cond, Slots);
  if (!Test || (Test->IntegerConstant && ResultSlots.contains(Test->Slot)))
    return;
  bool EmptyOnThisEdge = (SuccIndex == 0) == Test->EmptyWhenTrue;
  if (EmptyOnThisEdge)
    releaseSlot(Test->Slot, State, Released);
}

LeakingExit ScopeAnalyzer::exitOfTrigger(const Stmt *Trigger) const {
  LeakingExit Exit;
  if (!Trigger) {
    Exit.Kind = ExitKind::FunctionEnd;
    Exit.Loc = Body->getEndLoc();
    if (const auto *Coroutine = llvm::dyn_cast<CoroutineBodyStmt>(Body))
      Exit.Loc = Coroutine->getBody()->getEndLoc();
    return Exit;
  }
  if (llvm::isa<ReturnStmt, CoreturnStmt>(Trigger)) {
    Exit.Kind = ExitKind::Return;
    Exit.Loc = Trigger->getBeginLoc();
    Exit.Statement = Trigger;
  } else if (llvm::isa<BreakStmt, ContinueStmt, GotoStmt, IndirectGotoStmt>(
                 Trigger)) {
    Exit.Kind = ExitKind::Jump;
    Exit.Loc = Trigger->getBeginLoc();
  } else if (const auto *CS = llvm::dyn_cast<CompoundStmt>(Trigger)) {
    const auto *Coroutine = llvm::dyn_cast<CoroutineBodyStmt>(Body);
    bool IsBody = CS == Body || (Coroutine && CS == Coroutine->getBody());
    Exit.Kind = IsBody ? ExitKind::FunctionEnd : ExitKind::ScopeEnd;
    Exit.Loc = CS->getRBracLoc();
  } else {
    Exit.Kind = ExitKind::ScopeEnd;
    Exit.Loc = Trigger->getEndLoc();
  }
  return Exit;
}

LeakingExit ScopeAnalyzer::exitOfBlock(const CFGBlock &B) const {
  for (auto It = B.rbegin(); It != B.rend(); ++It)
    if (auto S = It->getAs<CFGStmt>())
      if (llvm::isa<ReturnStmt, CoreturnStmt>(S->getStmt()))
        return exitOfTrigger(S->getStmt());
  if (const Stmt *T = B.getTerminatorStmt())
    return exitOfTrigger(T);
  return exitOfTrigger(nullptr);
}

bool ScopeAnalyzer::throwEscapes(QualType Thrown, const CFGBlock &From,
                                 unsigned Depth) const {
  if (Depth > 64)
    return true;
  for (const CFGBlock *Succ : From.succs()) {
    if (!Succ)
      continue;
    if (Succ == &Graph->getExit())
      return true;
    const auto *Try =
        llvm::dyn_cast_or_null<CXXTryStmt>(Succ->getTerminatorStmt());
    if (Try && !catchesStatically(*Try, Thrown) &&
        throwEscapes(Thrown, *Succ, Depth + 1))
      return true;
  }
  return false;
}

bool ScopeAnalyzer::runDataflow() {
  CFG::BuildOptions Opts;
  Opts.AddImplicitDtors = true;
  Opts.AddLifetime = true;
  Opts.setAllAlwaysAdd();
  Graph = CFG::buildCFG(&Scope, Body, &Ctx, Opts);
  if (!Graph)
    return false;
  mapEventsToCFG();

  // Try blocks: SPEC §7.9, each handler is reachable from every point of its
  // try block.
  TryBlockMapper Mapper;
  Mapper.TraverseStmt(Body);
  InnermostTry = std::move(Mapper.InnermostTry);
  for (const CFGBlock *B : *Graph)
    if (const auto *Try =
            llvm::dyn_cast_or_null<CXXTryStmt>(B->getTerminatorStmt()))
      TryDispatch[Try] = B;

  const unsigned NumBlocks = Graph->getNumBlockIDs();
  // Every block starts unreached; the entry, with every site absent, every
  // slot unguarded and no outcome held (the sparse defaults).
  std::vector<FlowState> In(NumBlocks);
  HasFailingApis = llvm::any_of(Sites, [](const SiteInfo &Site) {
    return Site.api().Failure.K != FailureSpec::Kind::None;
  });
  const CFGBlock &Entry = Graph->getEntry();
  In[Entry.getBlockID()].Reached = true;

  // Worklist in reverse post-order; a block is re-queued only when its input
  // grows, so the number of visits is bounded by blocks x lattice height.
  llvm::DenseMap<const CFGBlock *, unsigned> Order = reversePostOrder(*Graph);
  auto Cmp = [&](const CFGBlock *A, const CFGBlock *B) {
    return Order.lookup(A) > Order.lookup(B);
  };
  std::vector<const CFGBlock *> Heap;
  llvm::BitVector Queued(NumBlocks);
  auto Push = [&](const CFGBlock *B) {
    if (Queued.test(B->getBlockID()))
      return;
    Queued.set(B->getBlockID());
    Heap.push_back(B);
    std::push_heap(Heap.begin(), Heap.end(), Cmp);
  };
  Push(&Entry);
  while (!Heap.empty()) {
    std::pop_heap(Heap.begin(), Heap.end(), Cmp);
    const CFGBlock *B = Heap.back();
    Heap.pop_back();
    Queued.reset(B->getBlockID());

    FlowState State = In[B->getBlockID()];
    llvm::SmallDenseMap<const CXXTryStmt *, FlowState, 2> TryPoints;
    transferBlock(*B, State, &TryPoints, /*Record=*/false);
    // Every point of a try block reaches its handlers, including the
    // points before a call that does not return (SPEC §7.9).
    for (auto &[Try, AnyPoint] : TryPoints) {
      const CFGBlock *Dispatch = TryDispatch.lookup(Try);
      if (!Dispatch)
        continue;
      // A call that may throw is not a leaking exit: the handles of the try
      // block itself are simply gone in the handler.
      unwindTry(*Try, AnyPoint, nullptr);
      for (const CFGBlock *Handler : Dispatch->succs())
        if (Handler && Handler != &Graph->getExit() &&
            llvm::isa_and_nonnull<CXXCatchStmt>(Handler->getLabel()) &&
            In[Handler->getBlockID()].joinWith(AnyPoint))
          Push(Handler);
    }
    if (B->hasNoReturnElement())
      continue;
    unsigned Index = 0;
    for (const CFGBlock *Succ : B->succs()) {
      unsigned SuccIndex = Index++;
      if (!Succ)
        continue;
      FlowState Out = State;
      applyEdge(*B, SuccIndex, Out);
      if (In[Succ->getBlockID()].joinWith(Out))
        Push(Succ);
    }
  }

  // Recording pass over the fixpoint.
  FirstLeak.assign(Sites.size(), std::nullopt);
  AllLeaks.assign(Sites.size(), {});
  ExitsAlwaysLive.assign(Sites.size(), true);
  FirstOverwrite.assign(Sites.size(), std::nullopt);
  SiteEscapes.assign(Sites.size(), {});
  SiteReleases.assign(Sites.size(), {});
  SiteTransfers.assign(Sites.size(), {});
  const CFGBlock *Exit = &Graph->getExit();
  for (const CFGBlock *B : *Graph) {
    const FlowState &InState = In[B->getBlockID()];
    if (!InState.Reached || B == Exit)
      continue;
    FlowState State = InState;
    transferBlock(*B, State, nullptr, /*Record=*/true);
    if (B->hasNoReturnElement())
      continue;
    if (throwOf(*B))
      continue; // recorded by transferBlock
    if (llvm::isa_and_nonnull<CXXTryStmt>(B->getTerminatorStmt()))
      continue;
    if (llvm::is_contained(B->succs(), Exit))
      recordLeaks(State, exitOfBlock(*B));
  }
  return true;
}

bool ScopeAnalyzer::onlyOnEarlyExitPaths(int Site) const {
  if (SiteReleases[Site].empty())
    return false;
  auto OnEarlyExit = [&](const Stmt *S) {
    return Uses.isInEarlyExitBranch(*S);
  };
  return llvm::all_of(SiteReleases[Site], OnEarlyExit) &&
         llvm::all_of(SiteTransfers[Site], OnEarlyExit);
}

const Stmt *ScopeAnalyzer::guardPoint(const SiteInfo &Site,
                                      const Stmt *CreationStmt) const {
  if (!CreationStmt || Site.api().Failure.K == FailureSpec::Kind::None)
    return CreationStmt;
  // The status is ignored (`uv_timer_start(&t, ...);`): the code takes
  // success for granted, and so does the guard.
  if (const auto *E = llvm::dyn_cast<Expr>(CreationStmt);
      E && E->IgnoreImplicit()->IgnoreParenCasts() == Site.Call)
    return CreationStmt;
  // `if (<the creation failed>) <leave>;`
  auto LeavesOnFailure = [&](const Stmt *Candidate) {
    const auto *If = llvm::dyn_cast_or_null<IfStmt>(Candidate);
    if (!If || If->getElse() || If->getInit() ||
        If->getConditionVariableDeclStmt() ||
        !Uses.alwaysLeaves(*If->getThen()))
      return false;
    std::optional<StatusTest> Test = Uses.statusTest(*If->getCond());
    return Test && Site.isTestedBy(*Test) &&
           Site.api().Failure.decide(*Test, /*ConditionHolds=*/true) ==
               FailureSpec::Outcome::Failed;
  };
  // A handle taken out of a result variable whose failure was tested (and
  // left on) earlier in the same block exists from that statement on.
  if (Site.Target.CreatedAt)
    for (const Stmt *Earlier = Uses.previousStatement(*CreationStmt); Earlier;
         Earlier = Uses.previousStatement(*Earlier))
      if (LeavesOnFailure(Earlier))
        return CreationStmt;
  // The test as the creation statement itself or right after it.
  for (const Stmt *Candidate :
       {CreationStmt, Uses.nextStatement(*CreationStmt)})
    if (LeavesOnFailure(Candidate))
      return Candidate;
  return nullptr;
}

void ScopeAnalyzer::classifyTrackedSite(int I, bool IsMain,
                                        SiteResult &R) const {
  const SiteInfo &Site = Sites[I];
  const HandleSlot &Slot = Slots[Site.Slot];
  const SourceManager &SM = Ctx.getSourceManager();
  R.HandleName = Slot.Name;
  R.HandleVar = Slot.Var;
  R.HandleStorage = Slot.Storage;
  R.HandleType = Slot.Aggregate ? Slot.ElementType : Slot.Var->getType();
  R.CreationStmt = Uses.statementInBlock(*Site.createdAt());
  R.GuardAfter = guardPoint(Site, R.CreationStmt);
  if (const Stmt *Declaration = Uses.declarationOf(Slot.Storage);
      Declaration && R.GuardAfter)
    R.GuardFitsScope = Declaration == R.GuardAfter ||
                       Uses.sameBlock(*Declaration, *R.GuardAfter);
  R.EverTransferred = !TransferAnchors[Site.Slot].empty();
  R.EverReleased = !ReleaseAnchors[Site.Slot].empty();
  R.HandleIsBinding = llvm::isa<BindingDecl>(Slot.Var);
  if (!Uses.isMentionedOutsideTargets(Slot)) {
    R.Verdict = SiteVerdict::Discarded;
    return;
  }
  if (UncertainSlots.contains(Site.Slot))
    return;
  // SPEC §7.3: detached > overwritten > error-path-only > unreleased.
  llvm::SmallVector<const DetachedEscape *, 2> Escapes;
  for (int Index : SiteEscapes[I])
    Escapes.push_back(&DetachedEscapes[Site.Slot][Index]);
  const auto *Dangling = llvm::find_if(
      Escapes, [](const DetachedEscape *E) { return E->CaptureLoc.isValid(); });
  if (Dangling != Escapes.end() || (!Escapes.empty() && FirstLeak[I])) {
    const DetachedEscape &Escape =
        Dangling != Escapes.end() ? **Dangling : *Escapes.front();
    R.Verdict = SiteVerdict::Detached;
    R.DetachLoc = Escape.Detach->getBeginLoc();
    R.DanglingCaptureLoc = Escape.CaptureLoc;
    R.DanglingCapture = Escape.Captured;
    return;
  }
  // SPEC §7.3: overwritten > error-path-only > unreleased.
  if (FirstOverwrite[I]) {
    R.Verdict = SiteVerdict::Overwritten;
    R.OverwrittenCreation = Sites[*FirstOverwrite[I]].Call;
    R.OverwriteLoc = Site.Target.Assignment
                         ? Site.Target.Assignment->getBeginLoc()
                         : Site.Call->getBeginLoc();
    return;
  }
  // SPEC §2: main is exempt from unreleased and error-path-only (the process
  // exit releases), not from overwritten or discarded.
  if (IsMain || !FirstLeak[I])
    return;
  R.Exit = *FirstLeak[I];
  R.Exits = AllLeaks[I];
  llvm::sort(R.Exits, [&](const LeakingExit &A, const LeakingExit &B) {
    return SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
  });
  R.ExitsAlwaysLive = ExitsAlwaysLive[I];
  if (onlyOnEarlyExitPaths(I)) {
    R.Verdict = SiteVerdict::ErrorPathOnly;
    for (const Stmt *Release : SiteReleases[I])
      R.ErrorPathReleases.push_back(Release->getBeginLoc());
    llvm::sort(R.ErrorPathReleases, [&](SourceLocation A, SourceLocation B) {
      return SM.isBeforeInTranslationUnit(A, B);
    });
    return;
  }
  R.Verdict = SiteVerdict::Unreleased;
}

ScopeResult ScopeAnalyzer::run() {
  ScopeResult Result;
  // Code with errors: the AST is a guess, so nothing is reported.
  if (Uses.containsErrors())
    return Result;
  collectSites();
  if (Sites.empty())
    return Result;
  buildEvents();

  bool AnyTracked =
      llvm::any_of(Sites, [](const SiteInfo &S) { return S.Slot >= 0; });
  bool Analysed = AnyTracked && runDataflow();
  if (!Analysed) {
    FirstLeak.assign(Sites.size(), std::nullopt);
    FirstOverwrite.assign(Sites.size(), std::nullopt);
    SiteEscapes.assign(Sites.size(), {});
    SiteReleases.assign(Sites.size(), {});
    SiteTransfers.assign(Sites.size(), {});
  }
  const auto *FD = llvm::dyn_cast<FunctionDecl>(&Scope);
  bool IsMain = FD && FD->isMain();

  for (int I = 0, E = static_cast<int>(Sites.size()); I < E; ++I) {
    const SiteInfo &Site = Sites[I];
    SiteResult R;
    R.Creation = Site.Call;
    R.Callee = Site.Call->getDirectCallee();
    R.Api = Site.Match.Entry;
    switch (Site.Target.K) {
    case CreationTarget::Kind::Discarded:
      R.Verdict = SiteVerdict::Discarded;
      break;
    case CreationTarget::Kind::Consumed:
      break;
    case CreationTarget::Kind::Slot:
      classifyTrackedSite(I, IsMain, R);
      break;
    }
    Result.Sites.push_back(std::move(R));
  }
  return Result;
}

} // namespace

namespace {

Stmt *bodyOf(const Decl &Scope) {
  if (const auto *FD = llvm::dyn_cast<FunctionDecl>(&Scope))
    return FD->getBody();
  if (const auto *BD = llvm::dyn_cast<BlockDecl>(&Scope))
    return BD->getBody();
  return nullptr;
}

} // namespace

ScopeResult analyzeScope(const Decl &Scope, const ApiModel &Model,
                         ASTContext &Ctx,
                         llvm::function_ref<bool(const CallExpr &)> Wanted) {
  Stmt *Body = bodyOf(Scope);
  if (!Body || Scope.isInvalidDecl())
    return {};
  return ScopeAnalyzer(Scope, Body, Model, Ctx, Wanted).run();
}

const ScopeResult &AnalysisCache::resultFor(const Decl &Scope,
                                            ASTContext &Ctx) {
  if (CurrentContext != &Ctx) {
    Results.clear();
    CurrentContext = &Ctx;
  }
  if (auto It = Results.find(&Scope); It != Results.end())
    return *It->second;
  // An instantiation repeats its template: creations the template itself
  // resolves were analysed there, once; only the ones that resolve here
  // (dependent callees) are analysed in the instantiation.
  llvm::DenseSet<SourceLocation> InPattern;
  if (const auto *FD = llvm::dyn_cast<FunctionDecl>(&Scope))
    if (const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern();
        Pattern && Pattern != FD)
      for (const SiteResult &Site : resultFor(*Pattern, Ctx).Sites)
        InPattern.insert(Site.Creation->getBeginLoc());
  auto Result = std::make_unique<ScopeResult>(
      analyzeScope(Scope, Model, Ctx, [&](const CallExpr &Call) {
        return !InPattern.contains(Call.getBeginLoc());
      }));
  ++Stats.Scopes;
  Stats.Sites += Result->Sites.size();
  Stats.Findings += llvm::count_if(Result->Sites, [](const SiteResult &Site) {
    return Site.Verdict != SiteVerdict::Clean;
  });
  return *Results.try_emplace(&Scope, std::move(Result)).first->second;
}

} // namespace clang::tidy::lostcancel
