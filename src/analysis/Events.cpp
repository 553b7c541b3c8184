//===--- Events.cpp - lostcancel ------------------------------------------===//

#include "analysis/Events.h"
#include "analysis/CreationWrappers.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallSet.h"

namespace clang::tidy::lostcancel {

namespace {

/// Builds the events of one scope's slots from the classification of every
/// mention, in closures and out of them.
class EventBuilder {
public:
  EventBuilder(HandleUses &Uses, ScopeEvents &Out) : Uses(Uses), Out(Out) {}

  /// SPEC §8: \p Param's handle, live at the scope's entry, is the one site.
  void seedParameter(const HandleSlot &Param);

  void collectSites(const ApiModel &Model,
                    llvm::function_ref<bool(const CallExpr &)> Wanted,
                    CreationWrappers *Wrappers);
  void build(const ApiModel &Model);

private:
  void addEvent(const Stmt *Anchor, const Event &E);
  void addSite(const CallExpr &Call, const CreationMatch &Match);
  void addCreations();
  /// Writing a result variable other than by a creation ends what a test
  /// of it says about the creation.
  void addStatusEvents();
  void addMentionEvents(const Mention &M, int Slot);
  /// A call its callee's summary decides (SPEC §8), for the finding's note.
  void addSummarisedUse(int Slot, const HandleUse &Use);
  /// A call that keeps the handle only when it succeeds (SPEC §8.2).
  void addKeeper(const Stmt *Anchor, int Slot, const HandleUse &Use);
  void dropSharedKeepers();
  /// A local with `__attribute__((cleanup(f)))` whose f releases the handle
  /// is guarded from its declaration on (SPEC §7.17).
  void addCleanupGuards(const ApiModel &Model);
  bool cleanupMayEnd(const FunctionDecl &Function) const;
  void addSweeps();
  struct ClosureCapture {
    int Slot;
    bool ByRef;
    bool Disposes; ///< The closure's body releases or transfers it.
  };
  /// The slots \p Closure captures, directly or through an init-capture.
  llvm::SmallVector<ClosureCapture, 2> slotCaptures(const Expr &Closure) const;
  void addClosureEvents(const Expr &Closure);
  /// The mention \p M goes to a new thread: as the handle, or in
  /// `std::ref(h)`, a capture by reference (SPEC §7.20).
  void addRefOrThreadEscape(const Mention &M, int Slot, const HandleUse &Use);
  /// `std::ref(c)` of the context beside the handle (a structured binding
  /// of the same variable) handed to a detached thread dangles too.
  void addContextRefs(int Slot);
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
  /// A guard \p Guard (null: unnamed) holding a copy of the handle in
  /// \p Slot, made at \p Where: a release, or one that may be dismissed.
  void addCopyGuard(const Stmt *Anchor, int Slot, const VarDecl *Guard,
                    const Stmt *Where);
  /// The calls that dismiss \p Guard (SPEC §7.18), memoised.
  llvm::ArrayRef<const CXXMemberCallExpr *> dismissalsOf(const VarDecl *Guard);
  /// SPEC §7.18: each dismissal of a guard that alone guards its slots
  /// stops it from releasing them, on the paths through the dismissal.
  void addDismissals();

  HandleUses &Uses;
  ScopeEvents &Out;
  llvm::DenseMap<const VarDecl *,
                 llvm::SmallVector<const CXXMemberCallExpr *, 2>>
      Dismissals;
  /// Per slot: the guards made over it (null for an unnamed one).
  llvm::DenseMap<int, llvm::SmallVector<const VarDecl *, 1>> SlotGuards;
};

llvm::ArrayRef<const CXXMemberCallExpr *>
EventBuilder::dismissalsOf(const VarDecl *Guard) {
  if (!Guard)
    return {};
  auto [It, New] = Dismissals.try_emplace(Guard);
  if (New)
    It->second = Uses.dismissalsOf(*Guard);
  return It->second;
}

void EventBuilder::addCopyGuard(const Stmt *Anchor, int Slot,
                                const VarDecl *Guard, const Stmt *Where) {
  SlotGuards[Slot].push_back(Guard);
  if (!dismissalsOf(Guard).empty())
    addEvent(Anchor, Event::guardCopy(Slot, Guard, Where));
  else
    addEvent(Anchor, Event::release(Slot, Where));
}

void EventBuilder::addDismissals() {
  auto AddFor = [&](const VarDecl *Guard, int Slot, bool ByRef) {
    llvm::ArrayRef<const CXXMemberCallExpr *> Calls = dismissalsOf(Guard);
    // Another guard over the slot may still release it: no dismissal then.
    if (Calls.empty() ||
        llvm::any_of(SlotGuards.lookup(Slot),
                     [&](const VarDecl *Other) { return Other != Guard; }))
      return;
    Out.DismissedGuards.insert(Guard);
    for (const CXXMemberCallExpr *Call : Calls)
      addEvent(Call, Event::dismiss(Slot, Guard, ByRef));
  };
  for (const auto &[Guard, Slots] : Out.GuardSlots)
    for (int Slot : Slots)
      AddFor(Guard, Slot, /*ByRef=*/true);
  for (const auto &[Guard, Slots] : Out.GuardCopySlots)
    for (int Slot : Slots)
      AddFor(Guard, Slot, /*ByRef=*/false);
}

void EventBuilder::addEvent(const Stmt *Anchor, const Event &E) {
  Out.At[Anchor].push_back(E);
  const Stmt *Where = E.Where ? E.Where : Anchor;
  if (E.K == Event::Release || E.K == Event::GuardByRef ||
      E.K == Event::GuardCopy)
    Out.ReleaseAnchors[E.Slot].push_back(Where);
  else if (E.K == Event::Transfer || E.K == Event::Keep)
    Out.TransferAnchors[E.Slot].push_back(Where);
}

void EventBuilder::collectSites(
    const ApiModel &Model, llvm::function_ref<bool(const CallExpr &)> Wanted,
    CreationWrappers *Wrappers) {
  for (const CallExpr *Call : Uses.creationCalls()) {
    if (Wanted && !Wanted(*Call))
      continue;
    llvm::SmallVector<CreationMatch, 1> Matches = Model.matchCreations(*Call);
    // SPEC §8.3: a call to a creation wrapper is a creation.
    if (Matches.empty() && Wrappers)
      Matches = Wrappers->matchCreations(*Call);
    for (const CreationMatch &Match : Matches)
      addSite(*Call, Match);
  }
  Out.HasFailingApis = llvm::any_of(Out.Sites, [](const SiteInfo &Site) {
    return Site.api().Failure.K != FailureSpec::Kind::None;
  });
}

void EventBuilder::addSite(const CallExpr &Call, const CreationMatch &Match) {
  SiteInfo Site;
  Site.Call = &Call;
  Site.Match = Match;
  Site.Target = Uses.resolveCreationTarget(Call, Match.Where);
  // A callback that releases the handle it is given owns it: consumed.
  if (ApiModel::passesReleasingCallback(Call, Site.api()))
    Site.Target = CreationTarget();
  if (Site.Target.K == CreationTarget::Kind::Slot)
    Site.Slot = HandleUses::internSlot(Site.Target.Slot, Out.Slots);
  if (Site.api().Failure.K != FailureSpec::Kind::None)
    Site.ResultVar = Uses.resultVariable(Call);
  Out.Sites.push_back(std::move(Site));
}

void EventBuilder::addMentionEvents(const Mention &M, int Slot) {
  HandleUse Use = Uses.classify(M.Use);
  switch (Use.K) {
  case HandleUse::Kind::Release:
    addEvent(M.Anchor, Event::release(Slot, Use.At));
    addSummarisedUse(Slot, Use);
    break;
  case HandleUse::Kind::Guard:
    // A guard holding a copy of the handle releases it on every path after
    // it (SPEC §2), unless dismissed (SPEC §7.18).
    addCopyGuard(M.Anchor, Slot, Use.Var, Use.At);
    break;
  case HandleUse::Kind::Transfer:
    addSummarisedUse(Slot, Use);
    if (Use.Summary.Effect == ParamEffect::TransfersOnSuccess)
      addKeeper(M.Anchor, Slot, Use);
    else
      addEvent(M.Anchor, Event::transfer(Slot));
    break;
  case HandleUse::Kind::CopiedToLocal:
    addEvent(M.Anchor, Event::transfer(Slot));
    break;
  case HandleUse::Kind::Thread:
    addRefOrThreadEscape(M, Slot, Use);
    break;
  case HandleUse::Kind::Aggregated:
    addAggregateEvents(M.Anchor, Slot, *Use.Var);
    break;
  case HandleUse::Kind::Read:
    addSummarisedUse(Slot, Use);
    break;
  case HandleUse::Kind::Target:
    break;
  }
}

void EventBuilder::addSummarisedUse(int Slot, const HandleUse &Use) {
  if (Use.SummarisedBy && Use.At)
    Out.SummarisedUses[Slot].push_back({Use.At, Use.SummarisedBy, Use.Summary});
}

void EventBuilder::addKeeper(const Stmt *Anchor, int Slot,
                             const HandleUse &Use) {
  const auto *Call = llvm::cast<CallExpr>(Use.At);
  KeeperCall Keeper;
  Keeper.Slot = Slot;
  Keeper.Summary = Use.Summary;
  // The call's result local speaks for it while nothing else writes it.
  if (const VarDecl *Result = Uses.resultVariable(*Call);
      Result && Uses.writesOf(*Result, {Call}).empty())
    Keeper.ResultVar = Result;
  Out.Keepers[Call] = std::move(Keeper);
  addEvent(Anchor, Event::keep(Slot, Call));
}

void EventBuilder::dropSharedKeepers() {
  // A slot passed to two calls that keep it on success: which one a test
  // speaks of is not followed; both are plain transfers.
  llvm::DenseMap<int, unsigned> PerSlot;
  for (const auto &[Call, Keeper] : Out.Keepers)
    ++PerSlot[Keeper.Slot];
  for (auto &[Anchor, List] : Out.At)
    for (Event &E : List)
      if (E.K == Event::Keep && PerSlot.lookup(E.Slot) > 1) {
        Out.Keepers.erase(E.Where);
        E = Event::transfer(E.Slot);
      }
}

void EventBuilder::addAggregateEvents(const Stmt *Anchor, int Slot,
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
  addEvent(Anchor, Event::transfer(Slot));
}

void EventBuilder::addThreadEscape(const Stmt *Anchor, int Slot,
                                   const HandleUse &Use,
                                   const Capture *ByRefCapture) {
  // A joined thread (one never detached here) owns the handle: a transfer.
  if (!Use.DetachedAt) {
    addEvent(Anchor, Event::transfer(Slot));
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
  Out.DetachedEscapes[Slot].push_back(std::move(Escape));
  // Which handle escapes depends on what the slot holds there: an event.
  addEvent(Anchor,
           Event::escape(
               Slot, static_cast<int>(Out.DetachedEscapes[Slot].size() - 1)));
}

void EventBuilder::addRefOrThreadEscape(const Mention &M, int Slot,
                                        const HandleUse &Use) {
  if (!Use.RefWrapper || !Use.DetachedAt) {
    addThreadEscape(M.Anchor, Slot, Use, /*ByRefCapture=*/nullptr);
    return;
  }
  Capture ByRef{M.Anchor->getDecl(), /*ByRef=*/true,
                Use.RefWrapper->getBeginLoc()};
  addThreadEscape(M.Anchor, Slot, Use, &ByRef);
  // `std::ref(r.second)`: the handle element is what is referenced.
  if (M.Use != M.Anchor && ByRef.Var == Out.Slots[Slot].Var)
    Out.DetachedEscapes[Slot].back().Captured = Out.Slots[Slot].Name;
}

void EventBuilder::addContextRefs(int Slot) {
  const auto *Whole =
      llvm::dyn_cast_or_null<DecompositionDecl>(Out.Slots[Slot].Storage);
  if (!Whole)
    return;
  for (const BindingDecl *Binding : Whole->bindings()) {
    if (Binding == Out.Slots[Slot].Var)
      continue;
    for (const Mention &M : Uses.mentionsOfDecl(Binding)) {
      HandleUse Use = Uses.classify(M.Use);
      if (!M.Closure && Use.K == HandleUse::Kind::Thread && Use.RefWrapper &&
          Use.DetachedAt)
        addRefOrThreadEscape(M, Slot, Use);
    }
  }
}

void EventBuilder::addDanglingCaptures(const Expr &Closure,
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
    for (int Slot = 0, E = static_cast<int>(Out.Slots.size()); Slot < E; ++Slot)
      if (Out.Slots[Slot].Var == C.Var || Out.Slots[Slot].Storage == Whole)
        addThreadEscape(&Closure, Slot, Use, &C);
  }
}

bool EventBuilder::closureDisposes(const Expr &Closure, int Slot) const {
  for (const Mention &M : Uses.mentionsOf(Out.Slots[Slot]))
    if (M.Closure == &Closure && Uses.classify(M.Use).disposes())
      return true;
  return false;
}

llvm::SmallVector<EventBuilder::ClosureCapture, 2>
EventBuilder::slotCaptures(const Expr &Closure) const {
  llvm::SmallVector<ClosureCapture, 2> Result;
  for (const auto &[Captured, ByRef, Loc] : HandleUses::capturesOf(Closure)) {
    // `[&h = cancel] { h(); }`: the init-capture stands for the slot.
    if (const auto *Init = llvm::dyn_cast<VarDecl>(Captured);
        Init && Init->isInitCapture() && Init->getInit()) {
      std::optional<int> Slot = HandleUses::slotOf(Init->getInit(), Out.Slots);
      if (!Slot)
        continue;
      bool Disposes =
          llvm::any_of(Uses.mentionsOfDecl(Init), [&](const Mention &M) {
            return M.Closure == &Closure && Uses.classify(M.Use).disposes();
          });
      Result.push_back({*Slot, Init->getType()->isReferenceType(), Disposes});
      continue;
    }
    for (int Slot = 0, E = static_cast<int>(Out.Slots.size()); Slot < E; ++Slot)
      if (Out.Slots[Slot].Var == Captured)
        Result.push_back({Slot, ByRef, closureDisposes(Closure, Slot)});
  }
  return Result;
}

bool EventBuilder::addClosureRun(const Stmt *Anchor, int Slot,
                                 const HandleUse &Use, bool ByRef,
                                 bool Disposes) {
  if (Use.K != HandleUse::Kind::Release && Use.K != HandleUse::Kind::Guard)
    return false;
  if (!Disposes)
    return true;
  if (Use.K == HandleUse::Kind::Guard && ByRef && Use.Var) {
    SlotGuards[Slot].push_back(Use.Var);
    addEvent(Anchor, Event::guardByRef(Slot, Use.Var, Use.At));
  } else if (Use.K == HandleUse::Kind::Guard) {
    addCopyGuard(Anchor, Slot, Use.Var, Use.At);
  } else {
    addEvent(Anchor, Event::release(Slot, Use.At));
  }
  return true;
}

void EventBuilder::addClosureEvents(const Expr &Closure) {
  const HandleUse Use = Uses.classify(&Closure);
  addDanglingCaptures(Closure, Use);
  for (const auto &[Slot, ByRef, Disposes] : slotCaptures(Closure)) {
    if (addClosureRun(&Closure, Slot, Use, ByRef, Disposes))
      continue;
    switch (Use.K) {
    case HandleUse::Kind::Transfer:
      addEvent(&Closure, Event::transfer(Slot));
      break;
    case HandleUse::Kind::Thread:
      // A joined thread owns what it captured; a detached one is an escape,
      // and its by-reference captures dangle (addDanglingCaptures).
      if (!Use.DetachedAt)
        addEvent(&Closure, Event::transfer(Slot));
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

void EventBuilder::addNamedClosureEvents(const VarDecl &Name, int Slot,
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
      addEvent(M.Anchor, Event::transfer(Slot));
      break;
    default: // Read, Target; Release and Guard were handled above
      break;
    }
  }
}

void EventBuilder::seedParameter(const HandleSlot &Param) {
  // No creation call and no API: nothing is tested for failure.
  static const ApiEntry NoApi;
  SiteInfo Site;
  Site.Match.Entry = &NoApi;
  Site.Target.K = CreationTarget::Kind::Slot;
  Site.Target.Slot = Param;
  Site.Slot = HandleUses::internSlot(Site.Target.Slot, Out.Slots);
  Out.Sites.push_back(std::move(Site));
  Out.EntrySites.push_back(0);
}

void EventBuilder::addCreations() {
  for (int I = 0, E = static_cast<int>(Out.Sites.size()); I < E; ++I)
    if (Out.Sites[I].Slot >= 0 && Out.Sites[I].Call)
      addEvent(Out.Sites[I].createdAt(), Event::create(Out.Sites[I].Slot, I));
}

void EventBuilder::addStatusEvents() {
  llvm::DenseSet<const CallExpr *> Stores;
  llvm::DenseSet<const VarDecl *> ResultVars;
  for (int I = 0, E = static_cast<int>(Out.Sites.size()); I < E; ++I) {
    const SiteInfo &Site = Out.Sites[I];
    Stores.insert(Site.Call);
    if (Site.ResultVar)
      Out.SitesOfResultVar[Site.ResultVar].push_back(I);
    if (Site.ResultVar && Site.Slot >= 0)
      ResultVars.insert(Site.ResultVar);
  }
  for (int Slot = 0, E = static_cast<int>(Out.Slots.size()); Slot < E; ++Slot)
    if (const auto *Var = llvm::dyn_cast_or_null<VarDecl>(Out.Slots[Slot].Var);
        Var && Out.SitesOfResultVar.count(Var))
      Out.ResultSlots.insert(Slot);
  for (const VarDecl *Var : ResultVars)
    for (const DeclRefExpr *Write : Uses.writesOf(*Var, Stores))
      addEvent(Write, Event::statusLost(Var));
}

void EventBuilder::addSweeps() {
  // `sweep=` (libuv's uv_walk with a closing callback): the call releases
  // every handle of the API, whichever slot holds it.
  llvm::SmallPtrSet<const ApiEntry *, 2> Apis;
  for (const SiteInfo &Site : Out.Sites)
    if (Site.Slot >= 0 && !Site.api().Sweeps.empty())
      Apis.insert(&Site.api());
  for (const ApiEntry *Api : Apis) {
    llvm::SmallSet<int, 4> Slots;
    for (const SiteInfo &Site : Out.Sites)
      if (Site.Slot >= 0 && &Site.api() == Api)
        Slots.insert(Site.Slot);
    for (const CallExpr *Call : Uses.creationCalls())
      if (ApiModel::sweeps(*Call, *Api))
        for (int Slot : Slots)
          addEvent(Call, Event::release(Slot, Call));
  }
}

bool EventBuilder::cleanupMayEnd(const FunctionDecl &Function) const {
  // SPEC §7.17 and §8: a cleanup function whose summary says it only reads
  // `*p` releases nothing; one that releases or keeps the handle, or that
  // cannot be read (no body here: systemd's `closep` calling `safe_close`
  // of another file), is taken to end it -- ownership unclear, no finding.
  CalleeSummaries *Summaries = Uses.summaries();
  if (!Summaries)
    return true;
  std::optional<CalleeEffect> Effect =
      Summaries->effectOf(Function, 0, /*ByAddress=*/true);
  return !Effect || Effect->Summary.Effect != ParamEffect::Uses;
}

void EventBuilder::addCleanupGuards(const ApiModel &Model) {
  for (int Slot = 0, E = static_cast<int>(Out.Slots.size()); Slot < E; ++Slot) {
    const VarDecl *Var = Out.Slots[Slot].Storage;
    const auto *Cleanup = Var ? Var->getAttr<CleanupAttr>() : nullptr;
    if (!Cleanup || !Cleanup->getFunctionDecl() || Out.Slots[Slot].Var != Var)
      continue;
    const Stmt *Declaration = Uses.declarationOf(Var);
    const FunctionDecl &Function = *Cleanup->getFunctionDecl();
    bool Releases = llvm::any_of(Out.Sites, [&](const SiteInfo &Site) {
      return Site.Slot == Slot && Model.isCleanupRelease(Function, Site.api());
    });
    if (Declaration && (Releases || cleanupMayEnd(Function))) {
      SlotGuards[Slot].push_back(Var);
      addEvent(Declaration, Event::guardByRef(Slot, Var, nullptr));
    }
  }
}

void EventBuilder::build(const ApiModel &Model) {
  Out.DetachedEscapes.assign(Out.Slots.size(), {});
  Out.ReleaseAnchors.assign(Out.Slots.size(), {});
  Out.TransferAnchors.assign(Out.Slots.size(), {});
  Out.SummarisedUses.assign(Out.Slots.size(), {});
  addCreations();
  addStatusEvents();
  for (int Slot = 0, E = static_cast<int>(Out.Slots.size()); Slot < E; ++Slot) {
    Out.StorageSlots[Out.Slots[Slot].Storage].push_back(Slot);
    for (const Mention &M : Uses.mentionsOf(Out.Slots[Slot]))
      if (!M.Closure)
        addMentionEvents(M, Slot);
    addContextRefs(Slot);
  }
  for (const Expr *Closure : Uses.topLevelClosures())
    addClosureEvents(*Closure);
  addCleanupGuards(Model);
  addSweeps();
  for (const auto &[Anchor, List] : Out.At)
    for (const Event &E : List)
      if (E.K == Event::GuardByRef) {
        Out.GuardSlots[E.Var].push_back(E.Slot);
        Out.GuardAnchors[E.Var] = E.Where ? E.Where : Anchor;
      } else if (E.K == Event::GuardCopy) {
        Out.GuardCopySlots[E.Var].push_back(E.Slot);
      }
  addDismissals();
  dropSharedKeepers();
}

} // namespace

ScopeEvents buildEvents(HandleUses &Uses, const ApiModel &Model,
                        llvm::function_ref<bool(const CallExpr &)> Wanted,
                        CreationWrappers *Wrappers) {
  ScopeEvents Events;
  EventBuilder Builder(Uses, Events);
  Builder.collectSites(Model, Wanted, Wrappers);
  if (!Events.Sites.empty())
    Builder.build(Model);
  return Events;
}

ScopeEvents buildParameterEvents(HandleUses &Uses, const ApiModel &Model,
                                 const HandleSlot &Param) {
  ScopeEvents Events;
  EventBuilder Builder(Uses, Events);
  Builder.seedParameter(Param);
  Builder.build(Model);
  return Events;
}

void mapEventsToCFG(ScopeEvents &Events, const CFG &Graph,
                    const llvm::DenseSet<const Stmt *> &NeverRun,
                    const HandleUses &Uses) {
  // Which anchors the graph holds; the set of all its statements is built
  // only when an anchor is missing (a statement the CFG folds away).
  auto ForEachStmt = [&](auto Fn) {
    for (const CFGBlock *B : Graph)
      for (const CFGElement &El : *B)
        if (auto S = El.getAs<CFGStmt>())
          Fn(S->getStmt());
  };
  llvm::DenseSet<const Stmt *> Anchored;
  ForEachStmt([&](const Stmt *S) {
    if (Events.At.count(S))
      Anchored.insert(S);
  });
  llvm::DenseSet<const Stmt *> InGraph;
  if (Anchored.size() != Events.At.size())
    ForEachStmt([&](const Stmt *S) { InGraph.insert(S); });
  llvm::SmallVector<std::pair<const Stmt *, const Stmt *>, 4> Moves;
  llvm::SmallVector<const Stmt *, 2> Dropped;
  for (const auto &[Anchor, List] : Events.At) {
    if (Anchored.contains(Anchor))
      continue;
    if (!NeverRun.empty() && Uses.nearestAncestorIn(Anchor, NeverRun))
      Dropped.push_back(Anchor); // compile-time code
    else
      Moves.push_back({Anchor, Uses.nearestAncestorIn(Anchor, InGraph)});
  }
  for (const Stmt *Anchor : Dropped)
    Events.At.erase(Anchor);
  for (const auto &[From, To] : Moves) {
    llvm::SmallVector<Event, 1> List = std::move(Events.At[From]);
    Events.At.erase(From);
    if (!To) {
      for (const Event &E : List)
        Events.UncertainSlots.insert(E.Slot);
      continue;
    }
    auto &Dest = Events.At[To];
    Dest.append(List.begin(), List.end());
  }
}

} // namespace clang::tidy::lostcancel
