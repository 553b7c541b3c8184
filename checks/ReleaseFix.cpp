//===--- ReleaseFix.cpp - lostcancel --------------------------------------===//

#include "checks/ReleaseFix.h"
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
/// (and to the object whose method releases it, if any) and releasing it in
/// its destructor.
constexpr llvm::StringRef FallbackGuard =
    "struct {name}_type { decltype({handle}) &handle; ~{name}_type() { "
    "{member_release}; } } {name}{{handle}};";
constexpr llvm::StringRef FallbackGuardWithObject =
    "struct {name}_type { decltype({handle}) &handle; const "
    "decltype({object}) &object; ~{name}_type() { {member_release}; } } "
    "{name}{{handle}, {object}};";

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

} // namespace

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

namespace {

std::string replaceAll(std::string Text, llvm::StringRef From,
                       llvm::StringRef To) {
  for (size_t At = Text.find(From); At != std::string::npos;
       At = Text.find(From, At + To.size()))
    Text.replace(At, From.size(), To.str());
  return Text;
}

/// The object a `func:NAME(arg.N)` release is called on, when NAME is a
/// method of the creation's object (`token.deregister_callback(reg)` after
/// `token.register_callback(...)`): its spelling if it is a plain variable,
/// "" when the release is a free function, none when no fix can name it.
std::optional<std::string> releaseObject(const SiteResult &Site,
                                         ASTContext &Ctx) {
  const ReleaseSpec &Release = Site.Api->Releases.front();
  const auto *Member = llvm::dyn_cast<CXXMemberCallExpr>(Site.Creation);
  if (Release.K != ReleaseSpec::Kind::Function || !Member)
    return "";
  const CXXRecordDecl *Class = Member->getRecordDecl();
  if (!Class || !Class->hasDefinition() ||
      Class->getDefinition()
          ->lookup(DeclarationName(&Ctx.Idents.get(Release.Name)))
          .empty())
    return "";
  const auto *Ref = llvm::dyn_cast<DeclRefExpr>(
      Member->getImplicitObjectArgument()->IgnoreParenImpCasts());
  if (!Ref || !llvm::isa<VarDecl>(Ref->getDecl()) ||
      Member->getImplicitObjectArgument()->getType()->isPointerType())
    return std::nullopt;
  return Ref->getDecl()->getNameAsString();
}

/// The expression that releases \p Handle (called on \p Object when the
/// release is a method of the creation's object), per the API's first
/// release spec.
std::optional<std::string> releaseExpr(const SiteResult &Site,
                                       llvm::StringRef Handle,
                                       llvm::StringRef Object) {
  const ReleaseSpec &Release = Site.Api->Releases.front();
  switch (Release.K) {
  case ReleaseSpec::Kind::Call:
    if (isInvocableWith(Site.HandleType, 0))
      return (Handle + "()").str();
    if (isInvocableWith(Site.HandleType, 1))
      return (Handle + "({})").str(); // a *Cause handle: no cause
    return std::nullopt;
  case ReleaseSpec::Kind::Method:
    return (Handle + "." + Release.Name + "()").str();
  case ReleaseSpec::Kind::Function: {
    if (Release.ArgIndex != 0)
      return std::nullopt;
    std::string Call = Release.Name + "(" + (Release.ByAddress ? "&" : "") +
                       Handle.str() + ")";
    return Object.empty() ? Call : (Object + "." + Call).str();
  }
  case ReleaseSpec::Kind::Attribute:
    return std::nullopt; // no release function is known by name
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

std::string guardName(const SiteResult &Site, const llvm::StringSet<> &Taken) {
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
  std::string Name = Base;
  for (unsigned N = 2; Taken.contains(Name) || Taken.contains(Name + "_type");
       ++N)
    Name = Base + std::to_string(N);
  return Name;
}

/// Can the API's own guard be written here? Its first callee (`defer(`,
/// `bongo::defer(`) must be a defined macro or a declared name.
bool guardAvailable(llvm::StringRef Guard, ASTContext &Ctx) {
  for (size_t I = 0; I < Guard.size();) {
    size_t End = I;
    while (End < Guard.size() && (llvm::isAlnum(Guard[End]) ||
                                  Guard[End] == '_' || Guard[End] == ':'))
      ++End;
    llvm::StringRef Name = Guard.slice(I, End);
    if (End < Guard.size() && Guard[End] == '(' && !Name.empty() &&
        !llvm::isDigit(Name.front()))
      return Name.contains("::") ? isDeclared(Ctx, Name)
                                 : Ctx.Idents.get(Name).hasMacroDefinition() ||
                                       isDeclared(Ctx, Name);
    I = End == I ? I + 1 : End;
  }
  return true;
}

/// Where text goes right after statement \p S.
SourceLocation afterStatement(const Stmt &S, const SourceManager &SM,
                              const LangOptions &LO) {
  SourceLocation End = S.getEndLoc();
  if (llvm::isa<DeclStmt>(S))
    return Lexer::getLocForEndOfToken(End, 0, SM, LO);
  SourceLocation AfterSemi = Lexer::findLocationAfterToken(
      End, tok::semi, SM, LO, /*SkipTrailingWhitespaceAndNewLine=*/false);
  if (AfterSemi.isValid())
    return AfterSemi;
  // An if whose branch is a block ends with its closing brace.
  Token Last;
  if (!Lexer::getRawToken(SM.getSpellingLoc(End), Last, SM, LO) &&
      Last.is(tok::r_brace))
    return Lexer::getLocForEndOfToken(End, 0, SM, LO);
  return {};
}

llvm::SmallVector<FixItHint, 2>
cxxGuardFix(const SiteResult &Site, const TakenNames &Taken, ASTContext &Ctx,
            const ApiModel &Model, const GuardTemplateOption &Template,
            utils::IncludeInserter &Inserter) {
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  if (!Site.GuardAfter || !Site.GuardFitsScope || Site.EverTransferred)
    return {};
  // Calling a Go-style cancel twice is harmless; another release (close,
  // timer_delete, ...) must not run twice, so no guard joins an explicit one.
  if (Site.Api->Releases.front().K != ReleaseSpec::Kind::Call &&
      Site.EverReleased)
    return {};
  std::optional<std::string> Object = releaseObject(Site, Ctx);
  if (!Object)
    return {};
  std::optional<std::string> Release =
      releaseExpr(Site, Site.HandleName, *Object);
  std::optional<std::string> MemberRelease =
      releaseExpr(Site, "handle", Object->empty() ? "" : "object");
  if (!Release || !MemberRelease)
    return {};

  std::string Text;
  bool UsesTemplate = false;
  // The API's own guard (pygolang's defer), when it can be written here.
  if (!Site.Api->Guard.empty() && guardAvailable(Site.Api->Guard, Ctx))
    Text = Site.Api->Guard;
  for (const KnownGuard &Guard : KnownGuards) {
    if (!Text.empty())
      break;
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
    Text = replaceAll(
        (Object->empty() ? FallbackGuard : FallbackGuardWithObject).str(),
        "{member_release}", *MemberRelease);
  // A lambda that releases the handle; before C++20 a structured binding is
  // captured through a reference init-capture.
  std::string Lambda =
      Site.HandleIsBinding && !LO.CPlusPlus20
          ? "[&handle = " + Site.HandleName + "] { " + *MemberRelease + "; }"
          : "[&] { " + *Release + "; }";
  Text = replaceAll(Text, "{name}", guardName(Site, Taken()));
  Text = replaceAll(Text, "{lambda}", Lambda);
  Text = replaceAll(Text, "{release}", *Release);
  Text = replaceAll(Text, "{handle}", Site.HandleName);
  Text = replaceAll(Text, "{object}", *Object);
  if (!llvm::StringRef(Text).rtrim().ends_with(";") &&
      !llvm::StringRef(Text).rtrim().ends_with("}"))
    Text += ";";

  // Right after the statement that creates the handle (or leaves when the
  // creation failed), on a line of its own.
  SourceLocation After = afterStatement(*Site.GuardAfter, SM, LO);
  if (After.isInvalid() || After.isMacroID())
    return {};
  llvm::SmallVector<FixItHint, 2> Hints;
  Hints.push_back(FixItHint::CreateInsertion(
      After, "\n" + indentationOf(Site.GuardAfter->getBeginLoc(), SM) + Text));
  if (UsesTemplate && !Template.Include.empty())
    if (auto Include = Inserter.createIncludeInsertion(SM.getFileID(After),
                                                       Template.Include))
      Hints.push_back(*Include);
  return Hints;
}

/// Does \p S mention the site's handle or contain its creation? A release
/// inserted before a return whose value does so would change that value,
/// or run before the handle exists.
bool involvesHandle(const Stmt *S, const SiteResult &Site) {
  if (!S)
    return false;
  if (S == Site.Creation)
    return true;
  if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(S))
    return Ref->getDecl() == Site.HandleVar ||
           Ref->getDecl() == Site.HandleStorage;
  return llvm::any_of(S->children(), [&](const Stmt *Child) {
    return involvesHandle(Child, Site);
  });
}

llvm::SmallVector<FixItHint, 2> cFix(const SiteResult &Site, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  if (Site.EverTransferred || !Site.ExitsAlwaysLive || Site.Exits.empty())
    return {};
  std::optional<std::string> Release =
      releaseExpr(Site, Site.HandleName, /*Object=*/"");
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
  if (!Text.contains("{lambda}") && !Text.contains("{release}") &&
      !Text.contains("{handle}"))
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "lostcancel.GuardTemplate: '%s' has no {lambda}, {release} or "
        "{handle} placeholder",
        Template.c_str());
  return llvm::Error::success();
}

llvm::SmallVector<FixItHint, 2>
buildReleaseFix(const SiteResult &Site, const TakenNames &Taken,
                ASTContext &Ctx, const ApiModel &Model,
                const GuardTemplateOption &Template,
                utils::IncludeInserter &Inserter) {
  auto InMacro = [](const Stmt *S) {
    return S && (S->getBeginLoc().isMacroID() || S->getEndLoc().isMacroID());
  };
  if (!Site.Api || Site.Creation->getBeginLoc().isMacroID() ||
      InMacro(Site.CreationStmt) || InMacro(Site.GuardAfter))
    return {};
  if (Ctx.getLangOpts().CPlusPlus)
    return cxxGuardFix(Site, Taken, Ctx, Model, Template, Inserter);
  return cFix(Site, Ctx);
}

} // namespace clang::tidy::lostcancel
