//===--- GuardFix.cpp - lostcancel ----------------------------------------===//

#include "checks/GuardFix.h"
#include "checks/GuardJumps.h"
#include "checks/ReleaseText.h"
#include "model/Profiles.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::lostcancel {

namespace {

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

/// The names declared in \p DC and in the inline namespaces directly in it
/// (std::experimental::fundamentals_v3, ...) as \p Name.
llvm::SmallVector<const NamedDecl *, 4> lookupWithInline(const DeclContext &DC,
                                                         IdentifierInfo &Name) {
  llvm::SmallVector<const NamedDecl *, 4> Found;
  for (const NamedDecl *ND : DC.lookup(&Name))
    Found.push_back(ND);
  for (const Decl *D : DC.decls())
    if (const auto *NS = llvm::dyn_cast<NamespaceDecl>(D); NS && NS->isInline())
      for (const NamedDecl *ND : NS->lookup(&Name))
        Found.push_back(ND);
  return Found;
}

/// Is \p QualifiedName ("a::b::c") declared in the translation unit?
bool lookUpQualified(ASTContext &Ctx, llvm::StringRef QualifiedName) {
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  QualifiedName.split(Parts, "::");
  llvm::SmallVector<const DeclContext *, 4> Scopes = {
      Ctx.getTranslationUnitDecl()};
  for (size_t I = 0; I < Parts.size(); ++I) {
    const bool Last = I + 1 == Parts.size();
    llvm::SmallVector<const DeclContext *, 4> Next;
    for (const DeclContext *DC : Scopes)
      for (const NamedDecl *ND :
           lookupWithInline(*DC, Ctx.Idents.get(Parts[I]))) {
        if (Last)
          return true;
        if (const auto *NS = llvm::dyn_cast<NamespaceDecl>(ND))
          Next.push_back(NS);
      }
    Scopes = std::move(Next);
  }
  return false;
}

/// Every name declared or used in \p Scope's body, to keep the guard's name
/// unique.
llvm::StringSet<> collectNames(const Decl &Scope) {
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

std::string guardName(const SiteResult &Site,
                      llvm::function_ref<bool(llvm::StringRef)> Taken) {
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
  for (unsigned N = 2; Taken(Name) || Taken(Name + "_type"); ++N)
    Name = Base + std::to_string(N);
  return Name;
}

/// Can the API's own guard be written here? Its first callee (`defer(`,
/// `bongo::defer(`) must be a defined macro or a declared name.
bool guardAvailable(llvm::StringRef Guard, const FixContext &Fix) {
  for (size_t I = 0; I < Guard.size();) {
    size_t End = I;
    while (End < Guard.size() && (llvm::isAlnum(Guard[End]) ||
                                  Guard[End] == '_' || Guard[End] == ':'))
      ++End;
    llvm::StringRef Name = Guard.slice(I, End);
    if (End < Guard.size() && Guard[End] == '(' && !Name.empty() &&
        !llvm::isDigit(Name.front()))
      return (!Name.contains("::") &&
              Fix.Ctx.Idents.get(Name).hasMacroDefinition()) ||
             Fix.Cache.isDeclared(Fix.Ctx, Name);
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

/// The guard to write, with its placeholders: the API's own guard
/// (pygolang's defer) when it can be written here, a known guard the
/// translation unit declares, the template option, or the local struct.
struct GuardChoice {
  std::string Text;
  bool UsesTemplate = false;
};

GuardChoice chooseGuard(const SiteResult &Site, const FixContext &Fix,
                        bool WithObject, llvm::StringRef MemberRelease) {
  if (!Site.Api->Guard.empty() && guardAvailable(Site.Api->Guard, Fix))
    return {Site.Api->Guard};
  // The model's catalogue of guards, in the order the fix prefers them; a
  // guard qualifies when the model lists it (so the analysis sees the
  // release) and the translation unit declares it.
  for (const KnownGuard &Guard : knownGuards()) {
    if (Guard.Template.empty() ||
        (Guard.NeedsCxx17 && !Fix.Ctx.getLangOpts().CPlusPlus17))
      continue;
    bool Modelled = Guard.IsType ? Fix.Model.isGuardTypeName(Guard.Name)
                                 : Fix.Model.isGuardFunctionName(Guard.Name);
    if (Modelled && Fix.Cache.isDeclared(Fix.Ctx, Guard.Name))
      return {Guard.Template.str()};
  }
  if (!Fix.Template.Template.empty())
    return {Fix.Template.Template, /*UsesTemplate=*/true};
  return {
      replaceAll((WithObject ? FallbackGuardWithObject : FallbackGuard).str(),
                 "{member_release}", MemberRelease)};
}

/// Does a guard after \p GuardAfter end no later than the handle's
/// variable? It must be declared by that statement or by another statement
/// of the same compound statement.
bool guardFitsScope(const FixFacts &Facts, const Stmt *GuardAfter) {
  return Facts.HandleDeclaration && GuardAfter &&
         (Facts.HandleDeclaration == GuardAfter ||
          Facts.DeclaredBesideCreation);
}

} // namespace

bool ScopeFixCache::isTaken(const Decl &Scope, ASTContext &Ctx,
                            llvm::StringRef Name) {
  // A name the translation unit never spelled is declared and used nowhere:
  // only a name in its identifier table needs the walk over the body.
  if (Ctx.Idents.find(Name) == Ctx.Idents.end())
    return false;
  if (!Names)
    Names = collectNames(Scope);
  return Names->contains(Name);
}

const BodyJumps &ScopeFixCache::jumpsIn(const Decl &Scope) {
  if (!Jumps)
    Jumps.emplace(Scope);
  return *Jumps;
}

bool ScopeFixCache::isDeclared(ASTContext &Ctx, llvm::StringRef QualifiedName) {
  auto [It, New] = Declared.try_emplace(QualifiedName, false);
  if (New)
    It->second = lookUpQualified(Ctx, QualifiedName);
  return It->second;
}

const Stmt *guardPoint(const SiteResult &Site) {
  const Stmt *Creation = Site.Fix.CreationStmt;
  if (!Creation || Site.Api->Failure.K == FailureSpec::Kind::None)
    return Creation;
  // The status is ignored (`uv_timer_start(&t, ...);`): the code takes
  // success for granted, and so does the guard.
  if (const auto *E = llvm::dyn_cast<Expr>(Creation);
      E && E->IgnoreImplicit()->IgnoreParenCasts() == Site.Creation)
    return Creation;
  // A handle taken out of a result variable whose failure was tested (and
  // left on) earlier in the same block exists from its statement on.
  if (Site.Fix.LeftOnFailureBefore)
    return Creation;
  // `if (<the creation failed>) <leave>;`
  return Site.Fix.LeavesOnFailure;
}

llvm::SmallVector<FixItHint, 2> cxxGuardFix(const SiteResult &Site,
                                            const Stmt *GuardAfter,
                                            const FixContext &Fix) {
  const SourceManager &SM = Fix.Ctx.getSourceManager();
  const LangOptions &LO = Fix.Ctx.getLangOpts();
  if (!GuardAfter || !guardFitsScope(Site.Fix, GuardAfter) ||
      Site.Fix.EverTransferred)
    return {};
  // A goto or case label past the guard would not compile. (GuardAfter is
  // CreationStmt or the statement after it, in the same block.)
  if (!Site.Fix.CreationBlock ||
      (Site.Fix.BodyHasJumps && Fix.Cache.jumpsIn(Fix.Scope).crossGuard(
                                    *GuardAfter, *Site.Fix.CreationBlock, SM)))
    return {};
  // Calling a Go-style cancel twice is harmless; another release (close,
  // timer_delete, ...) must not run twice, so no guard joins an explicit one.
  if (Site.Api->Releases.front().K != ReleaseSpec::Kind::Call &&
      Site.Fix.EverReleased)
    return {};
  // A release that repeats the creation's arguments names variables a
  // guard's destructor cannot see.
  if (!Site.Api->Releases.front().Arguments.empty())
    return {};
  std::optional<std::string> Object = releaseObject(Site, Fix.Ctx);
  if (!Object)
    return {};
  std::optional<std::string> Release =
      releaseExpr(Site, Site.HandleName, *Object);
  std::optional<std::string> MemberRelease =
      releaseExpr(Site, "handle", Object->empty() ? "" : "object");
  if (!Release || !MemberRelease)
    return {};

  GuardChoice Guard = chooseGuard(Site, Fix, !Object->empty(), *MemberRelease);
  // A lambda that releases the handle; before C++20 a structured binding is
  // captured through a reference init-capture.
  std::string Lambda =
      Site.Fix.HandleIsBinding && !LO.CPlusPlus20
          ? "[&handle = " + Site.HandleName + "] { " + *MemberRelease + "; }"
          : "[&] { " + *Release + "; }";
  std::string Text =
      replaceAll(Guard.Text, "{name}", guardName(Site, [&](llvm::StringRef N) {
                   return Fix.Cache.isTaken(Fix.Scope, Fix.Ctx, N);
                 }));
  Text = replaceAll(Text, "{lambda}", Lambda);
  Text = replaceAll(Text, "{release}", *Release);
  Text = replaceAll(Text, "{handle}", Site.HandleName);
  Text = replaceAll(Text, "{object}", *Object);
  if (!llvm::StringRef(Text).rtrim().ends_with(";") &&
      !llvm::StringRef(Text).rtrim().ends_with("}"))
    Text += ";";

  // Right after the statement that creates the handle (or leaves when the
  // creation failed), on a line of its own; after a comment that ends the
  // statement's line, which stays there.
  SourceLocation After = afterStatement(*GuardAfter, SM, LO);
  if (After.isInvalid() || After.isMacroID())
    return {};
  After = pastTrailingComment(After, SM);
  llvm::SmallVector<FixItHint, 2> Hints;
  Hints.push_back(FixItHint::CreateInsertion(
      After, "\n" + indentationOf(GuardAfter->getBeginLoc(), SM) + Text));
  if (Guard.UsesTemplate && !Fix.Template.Include.empty())
    if (auto Include = Fix.Inserter.createIncludeInsertion(
            SM.getFileID(After), Fix.Template.Include))
      Hints.push_back(*Include);
  return Hints;
}

} // namespace clang::tidy::lostcancel
