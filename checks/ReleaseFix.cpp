//===--- ReleaseFix.cpp - lostcancel --------------------------------------===//

#include "checks/ReleaseFix.h"
#include "checks/GuardFix.h"
#include "checks/ReleaseText.h"
#include "model/EntryParser.h"
#include "clang/AST/ASTContext.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::lostcancel {

namespace {

/// Does \p S mention the site's handle or contain its creation? A release
/// inserted before a return whose value does so would change that value,
/// or run before the handle exists.
bool involvesHandle(const Stmt *S, const SiteResult &Site) {
  if (!S)
    return false;
  if (S == Site.Creation)
    return true;
  if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(S))
    return Ref->getDecl() == Site.Fix.HandleVar ||
           Ref->getDecl() == Site.Fix.HandleStorage;
  return llvm::any_of(S->children(), [&](const Stmt *Child) {
    return involvesHandle(Child, Site);
  });
}

/// C: the release before each leaking return, and at the end of the
/// function when it is reached.
llvm::SmallVector<FixItHint, 2> cFix(const SiteResult &Site, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  if (Site.Fix.EverTransferred || !Site.Leak.ExitsAlwaysLive ||
      Site.Leak.Exits.empty())
    return {};
  std::optional<std::string> Release =
      releaseExpr(Site, Site.HandleName, /*Object=*/"");
  if (!Release)
    return {};
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
    if (!Exit.Statement || involvesHandle(Exit.Statement, Site))
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
  if (!Site.Api || Site.Creation->getBeginLoc().isMacroID() ||
      InMacro(Site.Fix.CreationStmt))
    return {};
  // The context made with the handle leaves the scope: releasing the
  // handle here would cancel it while it is still in use (a note says so).
  if (Site.Fix.ContextEscape.isValid())
    return {};
  const Stmt *GuardAfter = guardPoint(Site);
  if (InMacro(GuardAfter))
    return {};
  if (Fix.Ctx.getLangOpts().CPlusPlus)
    return cxxGuardFix(Site, GuardAfter, Fix);
  return cFix(Site, Fix.Ctx);
}

} // namespace clang::tidy::lostcancel
