//===--- ReleaseFix.cpp - lostcancel --------------------------------------===//

#include "ReleaseFix.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringSet.h"

namespace clang::tidy::lostcancel {

namespace {

/// A guard the fix can write, when its name is declared in the translation
/// unit (and listed in the model, so the analysis sees the release).
struct KnownGuard {
  llvm::StringRef Name; ///< Qualified name of the type or function.
  bool IsType;          ///< In GuardTypes (else GuardFunctions).
  bool NeedsCxx17;      ///< Uses class template argument deduction.
  llvm::StringRef Text; ///< With {name} and {release}.
};

constexpr KnownGuard KnownGuards[] = {
    {"absl::Cleanup", true, true, "absl::Cleanup {name} = {lambda};"},
    {"gsl::finally", false, false, "auto {name} = gsl::finally({lambda});"},
    {"folly::makeGuard", false, false,
     "auto {name} = folly::makeGuard({lambda});"},
    {"std::experimental::scope_exit", true, true,
     "std::experimental::scope_exit {name}({lambda});"},
    {"boost::scope::scope_exit", true, true,
     "boost::scope::scope_exit {name}({lambda});"},
};

/// Needs nothing but C++11: a local struct holding a reference to the handle
/// and releasing it in its destructor.
constexpr llvm::StringRef FallbackGuard =
    "struct {name}_type { decltype({handle}) &handle; ~{name}_type() { "
    "{member_release}; } } {name}{{handle}};";

/// Is \p QualifiedName ("a::b::c") declared in the translation unit?
bool isDeclared(ASTContext &Ctx, llvm::StringRef QualifiedName) {
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  QualifiedName.split(Parts, "::");
  llvm::SmallVector<const DeclContext *, 4> Scopes = {
      Ctx.getTranslationUnitDecl()};
  for (size_t I = 0; I < Parts.size(); ++I) {
    const bool Last = I + 1 == Parts.size();
    llvm::SmallVector<const DeclContext *, 4> Next;
    for (const DeclContext *DC : Scopes) {
      for (const NamedDecl *ND : DC->lookup(&Ctx.Idents.get(Parts[I]))) {
        if (Last)
          return true;
        if (const auto *NS = llvm::dyn_cast<NamespaceDecl>(ND))
          Next.push_back(NS);
      }
      // Inline namespaces (std::experimental::fundamentals_v3, ...).
      for (const Decl *D : DC->decls())
        if (const auto *NS = llvm::dyn_cast<NamespaceDecl>(D);
            NS && NS->isInline())
          for (const NamedDecl *ND : NS->lookup(&Ctx.Idents.get(Parts[I]))) {
            if (Last)
              return true;
            if (const auto *Inner = llvm::dyn_cast<NamespaceDecl>(ND))
              Next.push_back(Inner);
          }
    }
    Scopes = std::move(Next);
  }
  return false;
}

/// Every name declared or used in \p Scope's body, to keep the guard's name
/// unique.
llvm::StringSet<> namesIn(const Decl &Scope) {
  struct Collector : RecursiveASTVisitor<Collector> {
    llvm::StringSet<> Names;
    bool VisitNamedDecl(NamedDecl *D) {
      if (D->getIdentifier())
        Names.insert(D->getName());
      return true;
    }
    bool VisitDeclRefExpr(DeclRefExpr *E) {
      if (E->getDecl()->getIdentifier())
        Names.insert(E->getDecl()->getName());
      return true;
    }
  } Names;
  Names.TraverseStmt(Scope.getBody());
  return std::move(Names.Names);
}

std::string replaceAll(std::string Text, llvm::StringRef From,
                       llvm::StringRef To) {
  for (size_t At = Text.find(From); At != std::string::npos;
       At = Text.find(From, At + To.size()))
    Text.replace(At, From.size(), To.str());
  return Text;
}

/// The expression that releases \p Handle, per the API's release spec.
std::optional<std::string> releaseExpr(const SiteResult &Site,
                                       llvm::StringRef Handle) {
  switch (Site.Api->Release.K) {
  case ReleaseSpec::Kind::Call:
    if (isInvocableWith(Site.HandleType, 0))
      return (Handle + "()").str();
    if (isInvocableWith(Site.HandleType, 1))
      return (Handle + "({})").str(); // a *Cause handle: no cause
    return std::nullopt;
  case ReleaseSpec::Kind::Method:
    return (Handle + "." + Site.Api->Release.Name + "()").str();
  case ReleaseSpec::Kind::Function:
    if (Site.Api->Release.ArgIndex != 0)
      return std::nullopt;
    return (Site.Api->Release.Name + "(" + Handle + ")").str();
  }
  return std::nullopt;
}

/// The whitespace that starts \p Loc's line.
std::string indentationOf(SourceLocation Loc, const SourceManager &SM) {
  auto [File, Offset] = SM.getDecomposedLoc(Loc);
  llvm::StringRef Buffer = SM.getBufferData(File);
  size_t LineStart = Buffer.rfind('\n', Offset == 0 ? 0 : Offset - 1);
  LineStart = LineStart == llvm::StringRef::npos ? 0 : LineStart + 1;
  llvm::StringRef Line = Buffer.substr(LineStart, Offset - LineStart);
  return Line.take_while([](char C) { return C == ' ' || C == '\t'; }).str();
}

std::string guardName(const SiteResult &Site, const Decl &Scope) {
  std::string Base;
  for (char C : Site.HandleName) {
    if (llvm::isAlnum(C) || C == '_')
      Base += C;
    else if (!Base.empty() && Base.back() != '_')
      Base += '_';
  }
  while (!Base.empty() && Base.back() == '_')
    Base.pop_back();
  // std::get<1>(r) -> r
  if (llvm::StringRef(Base).starts_with("std_get_"))
    Base = llvm::StringRef(Base).rsplit('_').second.str();
  Base += "_guard";
  llvm::StringSet<> Taken = namesIn(Scope);
  std::string Name = Base;
  for (unsigned N = 2; Taken.contains(Name) || Taken.contains(Name + "_type");
       ++N)
    Name = Base + std::to_string(N);
  return Name;
}

llvm::SmallVector<FixItHint, 2> cxxGuardFix(const SiteResult &Site,
                                            const Decl &Scope, ASTContext &Ctx,
                                            const ApiModel &Model,
                                            const GuardTemplateOption &Template,
                                            utils::IncludeInserter &Inserter) {
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  if (!Site.CreationStmt || !Site.DeclaresHandle || Site.EverTransferred)
    return {};
  // Calling a Go-style cancel twice is harmless; another release (close,
  // timer_delete, ...) must not run twice, so no guard joins an explicit one.
  if (Site.Api->Release.K != ReleaseSpec::Kind::Call && Site.EverReleased)
    return {};
  std::optional<std::string> Release = releaseExpr(Site, Site.HandleName);
  std::optional<std::string> MemberRelease = releaseExpr(Site, "handle");
  if (!Release || !MemberRelease)
    return {};

  std::string Text;
  bool UsesTemplate = false;
  for (const KnownGuard &Guard : KnownGuards) {
    if (Guard.NeedsCxx17 && !LO.CPlusPlus17)
      continue;
    bool Modelled = Guard.IsType ? Model.isGuardTypeName(Guard.Name)
                                 : Model.isGuardFunctionName(Guard.Name);
    if (Modelled && isDeclared(Ctx, Guard.Name)) {
      Text = Guard.Text.str();
      break;
    }
  }
  if (Text.empty() && !Template.Template.empty()) {
    Text = Template.Template;
    UsesTemplate = true;
  }
  if (Text.empty())
    Text = replaceAll(FallbackGuard.str(), "{member_release}", *MemberRelease);
  // A lambda that releases the handle; before C++20 a structured binding is
  // captured through a reference init-capture.
  std::string Lambda =
      Site.HandleIsBinding && !LO.CPlusPlus20
          ? "[&handle = " + Site.HandleName + "] { " + *MemberRelease + "; }"
          : "[&] { " + *Release + "; }";
  Text = replaceAll(Text, "{name}", guardName(Site, Scope));
  Text = replaceAll(Text, "{lambda}", Lambda);
  Text = replaceAll(Text, "{release}", *Release);
  Text = replaceAll(Text, "{handle}", Site.HandleName);

  // Right after the creation statement, on a line of its own.
  SourceLocation End = Site.CreationStmt->getEndLoc();
  SourceLocation After =
      llvm::isa<DeclStmt>(Site.CreationStmt)
          ? Lexer::getLocForEndOfToken(End, 0, SM, LO)
          : Lexer::findLocationAfterToken(End, tok::semi, SM, LO,
                                          /*SkipTrailingWhitespaceAndNewLine=*/
                                          false);
  if (After.isInvalid() || After.isMacroID())
    return {};
  llvm::SmallVector<FixItHint, 2> Hints;
  Hints.push_back(FixItHint::CreateInsertion(
      After,
      "\n" + indentationOf(Site.CreationStmt->getBeginLoc(), SM) + Text));
  if (UsesTemplate && !Template.Include.empty())
    if (auto Include = Inserter.createIncludeInsertion(SM.getFileID(After),
                                                       Template.Include))
      Hints.push_back(*Include);
  return Hints;
}

llvm::SmallVector<FixItHint, 2> cFix(const SiteResult &Site, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  if (Site.EverTransferred || !Site.ExitsAlwaysLive || Site.Exits.empty())
    return {};
  std::optional<std::string> Release = releaseExpr(Site, Site.HandleName);
  if (!Release)
    return {};
  llvm::SmallVector<FixItHint, 2> Hints;
  for (const LeakingExit &Exit : Site.Exits) {
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
    if (!Exit.Statement)
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
  if (!Text.contains("{lambda}") && !Text.contains("{release}"))
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "lostcancel.GuardTemplate: '%s' has neither a {lambda} nor a "
        "{release} placeholder",
        Template.c_str());
  return llvm::Error::success();
}

llvm::SmallVector<FixItHint, 2>
buildReleaseFix(const SiteResult &Site, const Decl &Scope, ASTContext &Ctx,
                const ApiModel &Model, const GuardTemplateOption &Template,
                utils::IncludeInserter &Inserter) {
  if (!Site.Api || Site.Creation->getBeginLoc().isMacroID() ||
      (Site.CreationStmt && (Site.CreationStmt->getBeginLoc().isMacroID() ||
                             Site.CreationStmt->getEndLoc().isMacroID())))
    return {};
  if (Ctx.getLangOpts().CPlusPlus)
    return cxxGuardFix(Site, Scope, Ctx, Model, Template, Inserter);
  return cFix(Site, Ctx);
}

} // namespace clang::tidy::lostcancel
