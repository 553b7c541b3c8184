//===--- Verdicts.cpp - lostcancel ----------------------------------------===//

#include "analysis/Verdicts.h"
#include "analysis/ContextEscape.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::lostcancel {

SiteResult SiteClassifier::classify(int I) const {
  const SiteInfo &Site = Events.Sites[I];
  SiteResult R;
  R.Creation = Site.Call;
  R.Callee = Site.Call->getDirectCallee();
  R.Api = Site.Match.Entry;
  R.Where = Site.Match.Where;
  if (endsOutsideTheScope(Site))
    return R;
  switch (Site.Target.K) {
  case CreationTarget::Kind::Discarded:
    if (!Site.api().Discardable)
      R.Verdict = SiteVerdict::Discarded;
    break;
  case CreationTarget::Kind::Consumed:
    break;
  case CreationTarget::Kind::Slot:
    classifyTracked(I, R);
    break;
  }
  return R;
}

bool SiteClassifier::endsOutsideTheScope(const SiteInfo &Site) const {
  const ApiEntry &Api = Site.api();
  if (ApiModel::endsByItself(*Site.Call, Api))
    return true;
  int Owner = Api.DiesWith.Argument;
  return Owner >= 0 && static_cast<unsigned>(Owner) < Site.Call->getNumArgs() &&
         Uses.isLocalMadeBy(*Site.Call->getArg(Owner), Api.DiesWith.Makers);
}

bool SiteClassifier::leavesOnFailure(const SiteInfo &Site,
                                     const Stmt *Candidate) const {
  const auto *If = llvm::dyn_cast_or_null<IfStmt>(Candidate);
  if (!If || If->isConsteval() || If->getElse() || If->getInit() ||
      If->getConditionVariableDeclStmt() || !Uses.alwaysLeaves(*If->getThen()))
    return false;
  std::optional<StatusTest> Test = Uses.statusTest(*If->getCond());
  return Test && Site.isTestedBy(*Test) &&
         Site.api().Failure.decide(*Test, /*ConditionHolds=*/true) ==
             FailureSpec::Outcome::Failed;
}

void SiteClassifier::fillFixFacts(const SiteInfo &Site, SiteResult &R) const {
  const HandleSlot &Slot = Events.Slots[Site.Slot];
  FixFacts &Fix = R.Fix;
  Fix.HandleVar = Slot.Var;
  Fix.HandleStorage = Slot.Storage;
  Fix.HandleType = Slot.Aggregate ? Slot.ElementType : Slot.Var->getType();
  Fix.HandleIsBinding = llvm::isa<BindingDecl>(Slot.Var);
  Fix.CreationStmt = Uses.statementInBlock(*Site.createdAt());
  if (Fix.CreationStmt)
    Fix.CreationBlock =
        Uses.index().parentOf(*Fix.CreationStmt).get<CompoundStmt>();
  Fix.BodyHasJumps = Uses.index().hasJumps();
  Fix.HandleDeclaration = Uses.declarationOf(Slot.Storage);
  Fix.DeclaredBesideCreation =
      Fix.HandleDeclaration && Fix.CreationStmt &&
      Uses.sameBlock(*Fix.HandleDeclaration, *Fix.CreationStmt);
  Fix.EverTransferred = !Events.TransferAnchors[Site.Slot].empty();
  Fix.EverReleased = !Events.ReleaseAnchors[Site.Slot].empty();
  if (!Fix.CreationStmt || Site.api().Failure.K == FailureSpec::Kind::None)
    return;
  // The failure test, left on, before a handle is taken out of a result
  // variable, or as the creation statement itself or right after it.
  if (Site.Target.CreatedAt)
    for (const Stmt *Earlier = Uses.previousStatement(*Fix.CreationStmt);
         Earlier && !Fix.LeftOnFailureBefore;
         Earlier = Uses.previousStatement(*Earlier))
      Fix.LeftOnFailureBefore = leavesOnFailure(Site, Earlier);
  for (const Stmt *Candidate :
       {Fix.CreationStmt, Uses.nextStatement(*Fix.CreationStmt)})
    if (leavesOnFailure(Site, Candidate)) {
      Fix.LeavesOnFailure = llvm::cast<IfStmt>(Candidate);
      break;
    }
}

void SiteClassifier::noteDismissals(const SiteFacts &F, SiteResult &R) const {
  for (const auto &[Where, Guard] : F.Dismissals)
    R.Leak.Dismissals.push_back(
        {Where->getBeginLoc(), Guard->getNameAsString()});
  llvm::sort(R.Leak.Dismissals, [&](const auto &A, const auto &B) {
    return SM.isBeforeInTranslationUnit(A.first, B.first);
  });
  R.Fix.Dismissed = !F.Dismissals.empty();
}

bool SiteClassifier::onlyOnEarlyExitPaths(int I) const {
  if (Facts[I].Releases.empty())
    return false;
  auto OnEarlyExit = [&](const Stmt *S) {
    return Uses.isInEarlyExitBranch(*S, *Events.Sites[I].Call);
  };
  return llvm::all_of(Facts[I].Releases, OnEarlyExit) &&
         llvm::all_of(Facts[I].Transfers, OnEarlyExit);
}

bool SiteClassifier::classifyDetached(int I, SiteResult &R) const {
  const SiteInfo &Site = Events.Sites[I];
  llvm::SmallVector<const DetachedEscape *, 2> Escapes;
  for (int Index : Facts[I].Escapes)
    Escapes.push_back(&Events.DetachedEscapes[Site.Slot][Index]);
  const auto *Dangling = llvm::find_if(
      Escapes, [](const DetachedEscape *E) { return E->CaptureLoc.isValid(); });
  if (Dangling == Escapes.end() && (Escapes.empty() || !Facts[I].FirstLeak))
    return false;
  const DetachedEscape &Escape =
      Dangling != Escapes.end() ? **Dangling : *Escapes.front();
  R.Verdict = SiteVerdict::Detached;
  R.Detach.DetachLoc = Escape.Detach->getBeginLoc();
  R.Detach.DanglingCaptureLoc = Escape.CaptureLoc;
  R.Detach.DanglingCapture = Escape.Captured;
  return true;
}

void SiteClassifier::classifyTracked(int I, SiteResult &R) const {
  const SiteInfo &Site = Events.Sites[I];
  const SiteFacts &F = Facts[I];
  const HandleSlot &Slot = Events.Slots[Site.Slot];
  R.HandleName = Slot.Name;
  R.UsedByCallees = Events.SummarisedUses[Site.Slot];
  fillFixFacts(Site, R);
  // A cleanup attribute on the handle's variable mentions it (SPEC §7.17).
  bool CleanupGuarded =
      llvm::is_contained(Events.GuardSlots.lookup(Slot.Storage), Site.Slot);
  if (!Uses.isMentionedOutsideTargets(Slot) && !CleanupGuarded) {
    if (!Site.api().Discardable)
      R.Verdict = SiteVerdict::Discarded;
    return;
  }
  if (Events.UncertainSlots.contains(Site.Slot))
    return;
  R.Flow.Followed = true;
  R.Flow.Escapes = !F.Escapes.empty();
  R.Flow.Transfers = F.Transfers;
  // SPEC §7.3: detached > overwritten > error-path-only > unreleased.
  if (classifyDetached(I, R))
    return;
  if (F.FirstOverwrite) {
    R.Verdict = SiteVerdict::Overwritten;
    R.Overwrite.Overwritten = Events.Sites[*F.FirstOverwrite].Call;
    R.Overwrite.Loc = Site.Target.Assignment
                          ? Site.Target.Assignment->getBeginLoc()
                          : Site.Call->getBeginLoc();
    return;
  }
  // SPEC §2: main is exempt from unreleased and error-path-only (the process
  // exit releases), not from overwritten or discarded.
  if (IsMain || !F.FirstLeak)
    return;
  R.Leak.Exits = F.Leaks;
  llvm::sort(R.Leak.Exits, [&](const LeakingExit &A, const LeakingExit &B) {
    return SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
  });
  R.Leak.ExitsAlwaysLive = F.ExitsAlwaysLive;
  noteDismissals(F, R);
  if (onlyOnEarlyExitPaths(I)) {
    R.Verdict = SiteVerdict::ErrorPathOnly;
    for (const Stmt *Release : F.Releases)
      R.Leak.ErrorPathReleases.push_back(Release->getBeginLoc());
    llvm::sort(R.Leak.ErrorPathReleases,
               [&](SourceLocation A, SourceLocation B) {
                 return SM.isBeforeInTranslationUnit(A, B);
               });
    noteContextEscape(Site, R);
    return;
  }
  R.Verdict = SiteVerdict::Unreleased;
  noteContextEscape(Site, R);
}

void SiteClassifier::noteContextEscape(const SiteInfo &Site,
                                       SiteResult &R) const {
  if (std::optional<ContextEscape> Escape =
          findContextEscape(Uses, Events, Site)) {
    R.Fix.ContextEscape = Escape->Loc;
    R.Fix.EscapingContext = std::move(Escape->Name);
  }
}

} // namespace clang::tidy::lostcancel
