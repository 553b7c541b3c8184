//===--- ReleaseFix.cpp - lostcancel --------------------------------------===//

#include "checks/ReleaseFix.h"
#include "checks/GuardFix.h"
#include "checks/ReleaseText.h"
#include "model/EntryParser.h"
#include "clang/AST/ASTContext.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::lostcancel {

namespace {

/// What a returned expression must not involve for a release to go before
/// it (SPEC §4): the handle, its creation, and what the handle is
/// registered with -- the variables and argument-less getters
/// (`uv_default_loop()`) that the creation and the other calls given the
/// handle take (`uv_timer_init(loop, &t)`: `return uv_run(loop, ...)` runs
/// the loop the timer is in, so the timer must still be there).
class HandleInvolvement {
public:
  HandleInvolvement(const SiteResult &Site, const Decl &Scope) : Site(Site) {
    if (Scope.getBody())
      collect(*Scope.getBody());
  }

  /// Does \p S mention the handle, its creation or what it is registered
  /// with?
  bool in(const Stmt *S) const {
    if (!S)
      return false;
    if (S == Site.Creation)
      return true;
    if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(S))
      if (isHandle(Ref->getDecl()) || Vars.contains(Ref->getDecl()))
        return true;
    if (const auto *Call = llvm::dyn_cast<CallExpr>(S);
        Call && Call->getNumArgs() == 0 && Call->getDirectCallee() &&
        Getters.contains(Call->getDirectCallee()))
      return true;
    return llvm::any_of(S->children(),
                        [&](const Stmt *Child) { return in(Child); });
  }

private:
  bool isHandle(const Decl *D) const {
    return D && (D == Site.Fix.HandleVar || D == Site.Fix.HandleStorage);
  }
  bool mentionsHandle(const Stmt *S) const {
    if (!S)
      return false;
    if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(S))
      return isHandle(Ref->getDecl());
    return llvm::any_of(S->children(), [&](const Stmt *Child) {
      return mentionsHandle(Child);
    });
  }
  /// Notes what the calls given the handle also take.
  void collect(const Stmt &S) {
    for (const Stmt *Child : S.children())
      if (Child)
        collect(*Child);
    const auto *Call = llvm::dyn_cast<CallExpr>(&S);
    if (!Call || (Call != Site.Creation &&
                  llvm::none_of(Call->arguments(), [&](const Expr *Arg) {
                    return mentionsHandle(Arg);
                  })))
      return;
    for (const Expr *Arg : Call->arguments())
      if (!mentionsHandle(Arg))
        collectNames(*Arg);
  }
  void collectNames(const Stmt &S) {
    if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(&S);
        Ref && llvm::isa<VarDecl>(Ref->getDecl()))
      Vars.insert(Ref->getDecl());
    if (const auto *Call = llvm::dyn_cast<CallExpr>(&S);
        Call && Call->getNumArgs() == 0 && Call->getDirectCallee())
      Getters.insert(Call->getDirectCallee());
    for (const Stmt *Child : S.children())
      if (Child)
        collectNames(*Child);
  }

  const SiteResult &Site;
  llvm::SmallPtrSet<const Decl *, 4> Vars;
  llvm::SmallPtrSet<const FunctionDecl *, 2> Getters;
};

/// The release before each leaking return, and at the end of the function
/// when it is reached: the fix in C, and in C++ where a guard cannot be
/// used (releaseBeforeExitsWanted()). Offered only when every leaking exit
/// is a return (or the end of the function) reached with the handle
/// certainly live -- never transferred or released there, never on a
/// creation-failure path -- so the release can neither run twice nor
/// release what someone else owns.
llvm::SmallVector<FixItHint, 2> releaseBeforeExits(const SiteResult &Site,
                                                   const FixContext &Fix) {
  const SourceManager &SM = Fix.Ctx.getSourceManager();
  const LangOptions &LO = Fix.Ctx.getLangOpts();
  if (!Site.Leak.ExitsAlwaysLive || Site.Leak.Exits.empty())
    return {};
  std::optional<std::string> Object =
      LO.CPlusPlus ? releaseObject(Site, Fix.Ctx) : std::string();
  if (!Object)
    return {};
  std::optional<std::string> Release =
      releaseExpr(Site, Site.HandleName, *Object);
  if (!Release)
    return {};
  HandleInvolvement Involves(Site, Fix.Scope);
  llvm::SmallVector<FixItHint, 2> Hints;
  for (const LeakingExit &Exit : Site.Leak.Exits) {
    if (Exit.Loc.isMacroID())
      return {};
    if (Exit.Kind == ExitKind::FunctionEnd) {
      Hints.push_back(FixItHint::CreateInsertion(
          Exit.Loc,
          indentationOf(Site.Creation->getBeginLoc(), SM) + *Release + ";\n"));
      continue;
    }
    if (Exit.Kind != ExitKind::Return)
      return {};
    // `{ release; return x; }`: braced, so that it stays one statement.
    if (!Exit.Statement || Involves.in(Exit.Statement))
      return {};
    SourceLocation End = Lexer::findLocationAfterToken(
        Exit.Statement->getEndLoc(), tok::semi, SM, LO,
        /*SkipTrailingWhitespaceAndNewLine=*/false);
    if (End.isInvalid() || End.isMacroID())
      return {};
    Hints.push_back(
        FixItHint::CreateInsertion(Exit.Loc, "{ " + *Release + "; "));
    Hints.push_back(FixItHint::CreateInsertion(End, " }"));
  }
  return Hints;
}

/// C++: a guard is not safe when the release is not idempotent and the
/// code already releases the handle somewhere (the guard would release it
/// a second time), nor when the release names the creation's arguments (a
/// guard's destructor cannot see them); the release then goes before each
/// leaking exit, as in C.
bool releaseBeforeExitsWanted(const SiteResult &Site) {
  const ReleaseSpec &Release = Site.Api->Releases.front();
  return (Release.K != ReleaseSpec::Kind::Call && Site.Fix.EverReleased) ||
         !Release.Arguments.empty();
}

} // namespace

llvm::Error GuardTemplateOption::validate() const {
  if (Template.empty())
    return llvm::Error::success();
  llvm::StringRef Text = Template;
  if (!Text.contains("{name}"))
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "lostcancel.GuardTemplate: '%s' has no {name} placeholder",
        Template.c_str());
  if (!guardTemplateReleases(Text))
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "lostcancel.GuardTemplate: '%s' has no {lambda}, {release} or "
        "{handle} placeholder",
        Template.c_str());
  return llvm::Error::success();
}

llvm::SmallVector<FixItHint, 2> buildReleaseFix(const SiteResult &Site,
                                                const FixContext &Fix) {
  auto InMacro = [](const Stmt *S) {
    return S && (S->getBeginLoc().isMacroID() || S->getEndLoc().isMacroID());
  };
  // A dismissed guard (SPEC §7.18) means the handle is to outlive it: a new
  // guard would undo that; where the handle should go is the author's call.
  if (!Site.Api || Site.Fix.Dismissed ||
      Site.Creation->getBeginLoc().isMacroID() ||
      InMacro(Site.Fix.CreationStmt))
    return {};
  // The context made with the handle leaves the scope: releasing the
  // handle here would cancel it while it is still in use (a note says so).
  if (Site.Fix.ContextEscape.isValid())
    return {};
  if (Fix.Ctx.getLangOpts().CPlusPlus && !releaseNameVisible(Site, Fix.Ctx))
    return {};
  if (!Fix.Ctx.getLangOpts().CPlusPlus || releaseBeforeExitsWanted(Site))
    return releaseBeforeExits(Site, Fix);
  const Stmt *GuardAfter = guardPoint(Site);
  if (InMacro(GuardAfter))
    return {};
  return cxxGuardFix(Site, GuardAfter, Fix);
}

} // namespace clang::tidy::lostcancel
