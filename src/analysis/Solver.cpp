//===--- Solver.cpp - lostcancel ------------------------------------------===//

#include "analysis/Solver.h"
#include "analysis/ExprPatterns.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::lostcancel {

namespace {

/// Maps each statement inside a try block to its innermost CXXTryStmt.
class TryBlockMapper : public RecursiveASTVisitor<TryBlockMapper> {
public:
  llvm::DenseMap<const Stmt *, const CXXTryStmt *> InnermostTry;

  static bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  static bool TraverseBlockExpr(BlockExpr *) { return true; }
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

/// Blocks to visit, in reverse post-order, each queued at most once.
class Worklist {
public:
  explicit Worklist(const CFG &Graph)
      : Order(reversePostOrder(Graph)), Queued(Graph.getNumBlockIDs()) {}

  /// The heap's order: the block first in reverse post-order on top.
  struct Later {
    const llvm::DenseMap<const CFGBlock *, unsigned> *Order;
    bool operator()(const CFGBlock *A, const CFGBlock *B) const {
      return Order->lookup(A) > Order->lookup(B);
    }
  };

  bool empty() const { return Heap.empty(); }
  void push(const CFGBlock *B) {
    if (Queued.test(B->getBlockID()))
      return;
    Queued.set(B->getBlockID());
    Heap.push_back(B);
    std::push_heap(Heap.begin(), Heap.end(), Later{&Order});
  }
  const CFGBlock *pop() {
    std::pop_heap(Heap.begin(), Heap.end(), Later{&Order});
    const CFGBlock *B = Heap.back();
    Heap.pop_back();
    Queued.reset(B->getBlockID());
    return B;
  }

private:
  llvm::DenseMap<const CFGBlock *, unsigned> Order;
  std::vector<const CFGBlock *> Heap;
  llvm::BitVector Queued;
};

/// Is \p S a call that may throw: a function call not declared noexcept
/// (nor nothrow, nor a builtin)? A callee whose exception specification is
/// not resolved yet is taken not to throw. Constructor calls are not
/// counted.
bool mayThrow(const Stmt &S) {
  const auto *Call = llvm::dyn_cast<CallExpr>(&S);
  if (!Call || Call->getBuiltinCallee())
    return false;
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (Callee && Callee->hasAttr<NoThrowAttr>())
    return false;
  QualType Type = Callee ? Callee->getType() : Call->getCallee()->getType();
  if (const auto *Ptr = Type->getAs<PointerType>())
    Type = Ptr->getPointeeType();
  const auto *Proto = Type->getAs<FunctionProtoType>();
  if (!Proto)
    return !Callee; // a K&R-style C function cannot throw a C++ exception
  if (isUnresolvedExceptionSpec(Proto->getExceptionSpecType()))
    return false;
  return Proto->canThrow() != CT_Cannot;
}

/// The site's variable is gone: a live handle leaks (observed at \p EndsAt
/// when given), a guarded one was released by its guard.
void endSite(int Site, FlowState &State, FlowObserver &Observer,
             const LeakingExit *EndsAt) {
  if (EndsAt)
    Observer.ends(Site, State.Sites.get(Site), *EndsAt);
  // A live handle leaks here, a guarded one is released by its guard; either
  // way its variable is gone, and nothing acts on the slot again before the
  // next creation into it: what remains to know is that the site is absent
  // (no longer live, no longer in a slot, no outcome held).
  State.Sites.set(Site, Absent);
  State.Facts.Held.erase(Site);
}

/// Clang 19 builds no CFG for a body that holds `if consteval` (SPEC
/// §7.19). While the CFG is built, each such statement stands replaced in
/// its parent by the branch that runs at run time -- the else branch, or
/// the then branch of `if !consteval` -- or by an empty statement; the AST
/// is restored when the view ends. The walk is a work list (no recursion).
class RuntimeBranchView {
public:
  RuntimeBranchView(Stmt *Body, ASTContext &Ctx) {
    llvm::SmallVector<std::pair<Stmt **, IfStmt *>, 2> Found;
    llvm::SmallVector<Stmt *, 32> Work{Body};
    while (!Work.empty()) {
      Stmt *S = Work.pop_back_val();
      for (Stmt *&Child : S->children()) {
        if (!Child)
          continue;
        if (auto *If = llvm::dyn_cast<IfStmt>(Child); If && If->isConsteval())
          Found.push_back({&Child, If});
        Work.push_back(Child);
      }
    }
    // Inner statements first, so that an outer one takes its branch as
    // already replaced.
    for (auto It = Found.rbegin(); It != Found.rend(); ++It) {
      auto [Slot, If] = *It;
      Stmt *Runtime = If->isNegatedConsteval() ? If->getThen() : If->getElse();
      *Slot = Runtime ? Runtime : new (Ctx) NullStmt(If->getBeginLoc());
      Replaced.push_back({Slot, If});
      if (Stmt *CompileTime =
              If->isNegatedConsteval() ? If->getElse() : If->getThen())
        CompileTimeOnly.insert(CompileTime);
    }
  }
  ~RuntimeBranchView() {
    for (auto It = Replaced.rbegin(); It != Replaced.rend(); ++It)
      *It->first = It->second;
  }
  /// The branches left out.
  llvm::DenseSet<const Stmt *> CompileTimeOnly;

  RuntimeBranchView(const RuntimeBranchView &) = delete;
  RuntimeBranchView &operator=(const RuntimeBranchView &) = delete;

private:
  llvm::SmallVector<std::pair<Stmt **, Stmt *>, 2> Replaced;
};

} // namespace

std::optional<ScopeGraph> ScopeGraph::build(const Decl &Scope, Stmt *Body,
                                            const ScopeIndex &Index,
                                            ASTContext &Ctx) {
  CFG::BuildOptions Opts;
  Opts.AddImplicitDtors = true;
  Opts.AddLifetime = true;
  Opts.setAllAlwaysAdd();
  ScopeGraph Result;
  {
    std::optional<RuntimeBranchView> View;
    if (Index.hasConstevalIf())
      View.emplace(Body, Ctx);
    Result.Graph = CFG::buildCFG(&Scope, Body, &Ctx, Opts);
    if (View)
      Result.CompileTimeOnly = std::move(View->CompileTimeOnly);
  }
  if (!Result.Graph)
    return std::nullopt;
  // Try blocks: SPEC §7.9, each handler is reachable from every point of its
  // try block. Every try statement has its dispatch block in the CFG; a body
  // without one needs no walk.
  for (const CFGBlock *B : *Result.Graph)
    if (const auto *Try =
            llvm::dyn_cast_or_null<CXXTryStmt>(B->getTerminatorStmt()))
      Result.TryDispatch[Try] = B;
  if (Result.TryDispatch.empty())
    return Result;
  TryBlockMapper Mapper;
  Mapper.TraverseStmt(Body);
  Result.InnermostTry = std::move(Mapper.InnermostTry);
  return Result;
}

const CXXThrowExpr *throwOf(const CFGBlock &B) {
  for (const auto *It = B.rbegin(); It != B.rend(); ++It)
    if (auto S = It->getAs<CFGStmt>())
      return llvm::dyn_cast<CXXThrowExpr>(S->getStmt());
  return nullptr;
}

void TransferFunctions::releaseSlot(int Slot, FlowState &State,
                                    uint8_t NewBit) const {
  // A release or transfer also ends what a guard that may be dismissed
  // holds: dismissing it then leaves nothing live.
  // A new keep (SPEC §8.2) makes an untested earlier one a transfer; a
  // guarded handle a keeper takes counts as transferred (the guard's
  // dismissal could not tell the edges apart).
  if (NewBit == Pending) {
    moveSlotSites(Slot, State, Pending | LiveGuarded | GuardHeld, Transferred);
    moveSlotSites(Slot, State, Live, Pending);
    return;
  }
  uint8_t Ends = AnyLive | GuardHeld | Pending;
  if (NewBit == GuardHeld)
    Ends = AnyLive;
  State.Sites.transform([&](int I, uint8_t Bits) -> uint8_t {
    return Events.Sites[I].Slot == Slot && (Bits & Ends)
               ? (Bits & ~Ends) | NewBit
               : Bits;
  });
}

void TransferFunctions::moveSlotSites(int Slot, FlowState &State, uint8_t From,
                                      uint8_t To) const {
  State.Sites.transform([&](int I, uint8_t Bits) -> uint8_t {
    return Events.Sites[I].Slot == Slot && (Bits & From) ? (Bits & ~From) | To
                                                         : Bits;
  });
}

void TransferFunctions::dismiss(const Event &E, const Stmt *Where,
                                FlowState &State,
                                FlowObserver &Observer) const {
  Observer.dismissed(E.Slot, Where, E.Var, E.ByRef, State);
  // What the guard would have released is live again on this path; a
  // dismissed by-reference guard covers no later handle of its slot.
  if (E.ByRef) {
    moveSlotSites(E.Slot, State, LiveGuarded, Live);
    State.Slots.set(E.Slot, Unguarded);
  } else {
    moveSlotSites(E.Slot, State, GuardHeld, Live);
  }
}

void TransferFunctions::create(const Event &E, FlowState &State,
                               FlowObserver &Observer) const {
  const SiteInfo &Site = Events.Sites[E.Site];
  // A handle that may still be live is overwritten: it can no longer be
  // released (SPEC §1, lostcancel-overwritten). An API that restarts the
  // handle in place (uv_timer_start) overwrites nothing.
  if (!Site.api().Restarts)
    for (const auto &[I, Bits] : State.Sites.entries())
      if (Events.Sites[I].Slot == E.Slot && (Bits & AnyLive))
        Observer.overwrites(E.Site, I);
  // The result variable now holds this creation's outcome.
  if (Site.ResultVar)
    for (int I : Events.SitesOfResultVar.lookup(Site.ResultVar)) {
      if (I == E.Site)
        State.Facts.Held.set(I, true);
      else
        State.Facts.Held.erase(I);
    }
  // Whatever the slot held is gone from it.
  State.Sites.transform([&](int I, uint8_t Bits) -> uint8_t {
    return Events.Sites[I].Slot == E.Slot && (Bits & InSlot)
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
}

void TransferFunctions::applyEvent(const Event &E, const Stmt *Anchor,
                                   FlowState &State,
                                   FlowObserver &Observer) const {
  // Which sites' handles does this release or transfer act on? (A
  // by-reference guard acts on what the slot holds when it runs, noted in
  // runGuard, and on what it holds now: the CFG does not run destructors
  // when a throw unwinds.)
  const Stmt *Where = E.Where ? E.Where : Anchor;
  switch (E.K) {
  case Event::Create:
    create(E, State, Observer);
    break;
  case Event::Release:
    Observer.released(E.Slot, Where, State);
    releaseSlot(E.Slot, State, Released);
    break;
  case Event::Transfer:
    Observer.transferred(E.Slot, Where, State);
    releaseSlot(E.Slot, State, Transferred);
    break;
  case Event::Keep:
    Observer.transferred(E.Slot, Where, State);
    releaseSlot(E.Slot, State, Pending);
    break;
  case Event::GuardCopy:
    Observer.released(E.Slot, Where, State);
    releaseSlot(E.Slot, State, GuardHeld);
    break;
  case Event::Dismiss:
    dismiss(E, Anchor, State, Observer);
    break;
  case Event::GuardByRef:
    Observer.released(E.Slot, Where, State);
    State.Sites.transform([&](int I, uint8_t Bits) -> uint8_t {
      return Events.Sites[I].Slot == E.Slot && (Bits & Live)
                 ? (Bits & ~Live) | LiveGuarded
                 : Bits;
    });
    State.Slots.set(E.Slot, Guarded);
    break;
  case Event::StatusLost:
    for (int I : Events.SitesOfResultVar.lookup(E.Var))
      State.Facts.Held.erase(I);
    break;
  case Event::Escape:
    // The escape carries the handles the slot may hold here (SPEC §7.10).
    Observer.escapes(E.Slot, E.EscapeIndex, State);
    break;
  }
}

void TransferFunctions::runGuard(const VarDecl *Guard, FlowState &State,
                                 FlowObserver &Observer) const {
  // A guard that may have been dismissed releases only what it still
  // guards on this path (SPEC §7.18).
  bool Dismissed = Events.DismissedGuards.contains(Guard);
  if (auto It = Events.GuardSlots.find(Guard); It != Events.GuardSlots.end())
    for (int Slot : It->second) {
      Observer.released(Slot, Events.GuardAnchors.lookup(Guard), State);
      if (Dismissed)
        moveSlotSites(Slot, State, LiveGuarded, Released);
      else
        releaseSlot(Slot, State, Released);
      State.Slots.set(Slot, Unguarded);
    }
  if (auto It = Events.GuardCopySlots.find(Guard);
      It != Events.GuardCopySlots.end())
    for (int Slot : It->second)
      moveSlotSites(Slot, State, GuardHeld, Released);
}

void TransferFunctions::endVariable(const VarDecl *Var, const Stmt *Trigger,
                                    FlowState &State,
                                    FlowObserver &Observer) const {
  runGuard(Var, State, Observer);
  auto It = Events.StorageSlots.find(Var);
  if (It == Events.StorageSlots.end())
    return;
  // Every site of the slot ends here, absent ones too: the recorder needs
  // to know every state an exit is reached in (SiteFacts::ExitsAlwaysLive).
  LeakingExit Exit = exitOf(Trigger);
  for (int Slot : It->second)
    for (int I : SitesOfSlot[Slot])
      endSite(I, State, Observer, &Exit);
}

void TransferFunctions::block(const CFGBlock &B, FlowState &State,
                              FlowObserver &Observer, TryPoints *Points) const {
  for (const CFGElement &El : B) {
    const CXXTryStmt *Try = nullptr;
    if (auto S = El.getAs<CFGStmt>(); S && Points)
      Try = Graph.InnermostTry.lookup(S->getStmt());
    if (Try)
      Points->try_emplace(Try, State).first->second.joinWith(State);
    if (auto S = El.getAs<CFGStmt>()) {
      unwindAtCall(*S->getStmt(), State, Observer);
      if (auto It = Events.At.find(S->getStmt()); It != Events.At.end())
        for (const Event &E : It->second)
          applyEvent(E, S->getStmt(), State, Observer);
      Conditions.writes(*S->getStmt(),
                        [&](int Var, std::optional<int64_t> Value) {
                          Conditions.forget(Var, Value, State.Facts);
                        });
    } else if (auto LE = El.getAs<CFGLifetimeEnds>()) {
      endVariable(LE->getVarDecl(), LE->getTriggerStmt(), State, Observer);
    } else if (auto Dtor = El.getAs<CFGAutomaticObjDtor>()) {
      runGuard(Dtor->getVarDecl(), State, Observer);
    }
    if (Try)
      (*Points)[Try].joinWith(State);
  }
  if (const CXXThrowExpr *Throw = throwOf(B)) {
    Observer.throws(*Throw, B, State);
    // The handles declared in the try block the throw leaves are gone.
    LeakingExit AtThrow{ExitKind::Throw, Throw->getBeginLoc(), Throw};
    if (const CXXTryStmt *Try = Graph.InnermostTry.lookup(Throw))
      unwindTry(*Try, State, Observer, &AtThrow);
  }
}

bool TransferFunctions::declaredInsideTry(const VarDecl *Var,
                                          const CXXTryStmt &Try) const {
  const Stmt *Decl = Uses.declarationOf(Var);
  for (const Stmt *S = Decl ? Graph.InnermostTry.lookup(Decl) : nullptr; S;
       S = Graph.InnermostTry.lookup(S))
    if (S == &Try)
      return true;
  return false;
}

void TransferFunctions::unwindTry(const CXXTryStmt &Try, FlowState &State,
                                  FlowObserver &Observer,
                                  const LeakingExit *EndsAt,
                                  llvm::ArrayRef<int> Spared) const {
  // The guards the try block declares run as the exception leaves it (the
  // CFG has no destructors on that edge), before its handles end: what
  // they guard there is released. (A try point's state joins all points of
  // the block, so only what is guarded, not all a slot holds, is released.)
  // A slot that a guard declared outside the try block guards too stays
  // guarded in the handler.
  auto GuardedOutside = [&](int Slot) {
    return llvm::any_of(Events.GuardSlots, [&](const auto &Entry) {
      return llvm::is_contained(Entry.second, Slot) &&
             !declaredInsideTry(Entry.first, Try);
    });
  };
  for (const auto &[Guard, Slots] : Events.GuardSlots)
    if (declaredInsideTry(Guard, Try))
      for (int Slot : Slots)
        if (!GuardedOutside(Slot))
          moveSlotSites(Slot, State, LiveGuarded, Released);
  for (const auto &[Guard, Slots] : Events.GuardCopySlots)
    if (declaredInsideTry(Guard, Try))
      for (int Slot : Slots)
        moveSlotSites(Slot, State, GuardHeld, Released);
  for (int I : State.Sites.indices()) {
    int Slot = Events.Sites[I].Slot;
    if (Slot < 0 || !(State.Sites.get(I) & AnyLive) ||
        llvm::is_contained(Spared, Slot) ||
        !declaredInsideTry(Events.Slots[Slot].Storage, Try))
      continue;
    endSite(I, State, Observer, EndsAt);
  }
}

/// Does \p V start out empty: no initialiser, a default construction, an
/// empty `{}` or a null constant?
static bool startsEmpty(const VarDecl &V, ASTContext &Ctx) {
  const Expr *Init = V.getInit();
  if (!Init)
    return true;
  Init = Init->IgnoreParenImpCasts();
  if (const auto *Construct = llvm::dyn_cast<CXXConstructExpr>(Init))
    return Construct->getNumArgs() == 0;
  if (const auto *List = llvm::dyn_cast<InitListExpr>(Init))
    return List->getNumInits() == 0;
  return Init->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull) !=
         Expr::NPCK_NotNull;
}

bool TransferFunctions::releaseCannotThrow(int Slot,
                                           const FlowState &State) const {
  if (llvm::any_of(SitesOfSlot[Slot],
                   [&](int I) { return (State.Sites.get(I) & InSlot) != 0; }))
    return true;
  // Holding none of its handles, a variable that started out empty holds
  // nothing, and calling it is not reached; one initialised with another
  // callable may run that callable.
  const HandleSlot &S = Events.Slots[Slot];
  const auto *V = llvm::dyn_cast_or_null<VarDecl>(S.Var);
  return !S.Aggregate && V && startsEmpty(*V, Uses.context());
}

void TransferFunctions::unwindAtCall(const Stmt &S, const FlowState &State,
                                     FlowObserver &Observer) const {
  if (Graph.TryDispatch.empty())
    return; // no try statement in the scope
  const CXXTryStmt *Try = Graph.InnermostTry.lookup(&S);
  if (!Try || Try->getNumHandlers() == 0 || !mayThrow(S))
    return;
  // The handles the call itself creates, releases or passes on are not
  // lost by it: the slots with events here, and those a creation among its
  // operands stores into (`std::tie(c, cancel) = WithCancel(p)`). A release
  // (`cancel()`, `timer_delete(t)`) is taken not to throw at all, like a
  // destructor: releasing one handle does not lose the others.
  llvm::SmallVector<int, 2> Spared;
  bool Releases = false;
  auto Spare = [&](const Stmt *Anchor) {
    if (auto It = Events.At.find(Anchor); It != Events.At.end())
      for (const Event &E : It->second) {
        Spared.push_back(E.Slot);
        // (Not when the variable may hold some other callable here.)
        Releases |= E.K == Event::Release && releaseCannotThrow(E.Slot, State);
      }
  };
  Spare(&S);
  for (const Stmt *Operand : S.children())
    if (const auto *E = llvm::dyn_cast_or_null<Expr>(Operand))
      Spare(stripToValue(E));
  if (Releases)
    return;
  const CXXCatchStmt *Handler = Try->getHandler(0);
  // The exit is noted at the handler (the exit's statement).
  LeakingExit AtHandler{ExitKind::Throw, Handler->getBeginLoc(), Handler};
  FlowState Unwound = State;
  unwindTry(*Try, Unwound, Observer, &AtHandler, Spared);
}

void TransferFunctions::applyStatusTest(const StatusTest &Test,
                                        bool ConditionHolds,
                                        FlowState &State) const {
  State.Sites.transform([&](int I, uint8_t Bits) -> uint8_t {
    const SiteInfo &Site = Events.Sites[I];
    const FailureSpec &Failure = Site.api().Failure;
    if (Failure.K == FailureSpec::Kind::None || !(Bits & AnyLive))
      return Bits;
    // The call itself, or its result variable while it still holds the
    // outcome on every path.
    if (!Site.isTestedBy(Test) || (!Test.Call && !State.Facts.Held.get(I)))
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

void TransferFunctions::applyKeeperTest(const StatusTest &Test,
                                        bool ConditionHolds,
                                        FlowState &State) const {
  if (Test.K != StatusTest::Kind::Compare)
    return;
  for (const auto &[Call, Keeper] : Events.Keepers) {
    if (Test.Call ? Test.Call != Call
                  : !Test.Var || Test.Var != Keeper.ResultVar)
      continue;
    std::optional<bool> Kept = Keeper.Summary.keptWhen(
        Test.Op, Test.Bound, ConditionHolds != Test.Negated);
    if (Kept)
      moveSlotSites(Keeper.Slot, State, Pending, *Kept ? Transferred : Live);
  }
}

/// The condition whose value \p From branches on: its last element when
/// that is the condition (for the block that evaluates the last operand
/// of `a && b`, that operand), else the terminator's condition.
static const Expr *branchCondition(const CFGBlock &From) {
  if (const Expr *Last = From.getLastCondition())
    return Last;
  return llvm::dyn_cast_or_null<Expr>(From.getTerminatorCondition());
}

bool TransferFunctions::edge(const CFGBlock &From, unsigned SuccIndex,
                             FlowState &State) const {
  const Expr *Cond = branchCondition(From);
  if (!Cond)
    return true;
  if (llvm::isa_and_nonnull<SwitchStmt>(From.getTerminatorStmt()))
    return Conditions.switchEdge(From, SuccIndex, *Cond, State.Facts);
  if (From.succ_size() != 2)
    return true;
  bool Holds = SuccIndex == 0;
  // SPEC §7.14: what the paths here already know of the condition decides
  // the branch (the other edge is no path); the edge taken is remembered.
  if (std::optional<bool> Known = Conditions.evaluate(*Cond, State.Facts);
      Known && *Known != Holds)
    return false;
  Conditions.assume(*Cond, Holds, State.Facts);
  // SPEC §7.7: on the edge where a creation is tested as failed, nothing
  // was created.
  if (Events.HasFailingApis)
    if (std::optional<StatusTest> Status = Uses.statusTest(*Cond))
      applyStatusTest(*Status, Holds, State);
  // SPEC §8.2: a call that keeps the handle only when it succeeds kept it
  // on the edge that tests it as succeeded, and not on the other.
  if (!Events.Keepers.empty())
    if (std::optional<StatusTest> Status = Uses.statusTest(*Cond))
      applyKeeperTest(*Status, Holds, State);
  // SPEC §7.6: on the edge where the handle is tested empty there is nothing
  // to release.
  std::optional<EmptyTest> Test = Uses.emptyTest(*Cond, Events.Slots);
  if (!Test ||
      (Test->IntegerConstant && Events.ResultSlots.contains(Test->Slot)))
    return true;
  if (Holds == Test->EmptyWhenTrue)
    releaseSlot(Test->Slot, State, Released);
  return true;
}

LeakingExit TransferFunctions::exitOf(const Stmt *Trigger) const {
  LeakingExit Exit;
  const auto *Coroutine = llvm::dyn_cast<CoroutineBodyStmt>(&Body);
  if (!Trigger) {
    Exit.Kind = ExitKind::FunctionEnd;
    Exit.Loc = Coroutine ? Coroutine->getBody()->getEndLoc() : Body.getEndLoc();
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
    bool IsBody = CS == &Body || (Coroutine && CS == Coroutine->getBody());
    Exit.Kind = IsBody ? ExitKind::FunctionEnd : ExitKind::ScopeEnd;
    Exit.Loc = CS->getRBracLoc();
  } else {
    Exit.Kind = ExitKind::ScopeEnd;
    Exit.Loc = Trigger->getEndLoc();
  }
  return Exit;
}

/// Applies block \p B to one of its input path states and passes the
/// result on to its successors (and handlers), queueing those that change.
static void propagate(const ScopeGraph &Graph,
                      const TransferFunctions &Transfer, const CFGBlock &B,
                      FlowState State, std::vector<PointState> &In,
                      Worklist &Work) {
  const CFG &G = *Graph.Graph;
  FlowObserver Nothing;
  TryPoints Points;
  Transfer.block(B, State, Nothing, &Points);
  // Every point of a try block reaches its handlers, including the points
  // before a call that does not return (SPEC §7.9).
  for (auto &[Try, AnyPoint] : Points) {
    const CFGBlock *Dispatch = Graph.TryDispatch.lookup(Try);
    if (!Dispatch)
      continue;
    // The handles of the try block itself are gone in the handler (where a
    // call that may throw leaks them is noted at the call).
    Transfer.unwindTry(*Try, AnyPoint, Nothing, /*EndsAt=*/nullptr);
    for (const CFGBlock *Handler : Dispatch->succs())
      if (Handler && Handler != &G.getExit() &&
          llvm::isa_and_nonnull<CXXCatchStmt>(Handler->getLabel()) &&
          In[Handler->getBlockID()].add(AnyPoint))
        Work.push(Handler);
  }
  if (B.hasNoReturnElement())
    return;
  unsigned Index = 0;
  for (const CFGBlock *Succ : B.succs()) {
    unsigned SuccIndex = Index++;
    if (!Succ)
      continue;
    // The last edge takes the state itself: one copy fewer per block.
    FlowState Out =
        SuccIndex + 1 == B.succ_size() ? std::move(State) : FlowState(State);
    if (Transfer.edge(B, SuccIndex, Out) &&
        In[Succ->getBlockID()].add(std::move(Out)))
      Work.push(Succ);
  }
}

FlowState TransferFunctions::entryState() const {
  FlowState State;
  for (int I : Events.EntrySites)
    State.Sites.set(I, Live);
  return State;
}

std::vector<PointState> solve(const ScopeGraph &Graph,
                              const TransferFunctions &Transfer) {
  const CFG &G = *Graph.Graph;
  // Every block starts unreached; the entry with one path state: every
  // site absent (but a parameter's, SPEC §8), every slot unguarded, nothing
  // known (the defaults).
  std::vector<PointState> In(G.getNumBlockIDs());
  In[G.getEntry().getBlockID()].add(Transfer.entryState());
  // A block is re-queued only when its input grows (FlowState.h bounds how
  // often that can happen).
  Worklist Work(G);
  Work.push(&G.getEntry());
  while (!Work.empty()) {
    const CFGBlock *B = Work.pop();
    // A block that is its own successor (or a handler, whose try may hold
    // it) may change its input while it is applied: it is applied to a
    // copy. Otherwise each path state is copied as it is applied.
    if (llvm::is_contained(B->succs(), B) ||
        llvm::isa_and_nonnull<CXXCatchStmt>(B->getLabel())) {
      llvm::SmallVector<FlowState, 1> Paths = In[B->getBlockID()].Paths;
      for (FlowState &State : Paths)
        propagate(Graph, Transfer, *B, std::move(State), In, Work);
      continue;
    }
    for (const FlowState &State : In[B->getBlockID()].Paths)
      propagate(Graph, Transfer, *B, State, In, Work);
  }
  return In;
}

} // namespace clang::tidy::lostcancel
