//===--- ReleaseText.cpp - lostcancel -------------------------------------===//

#include "checks/ReleaseText.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::lostcancel {

namespace {

/// `NAME(call.K,arg.N)`: the handle at N, the creation's argument K
/// elsewhere -- written only when that argument is a plain variable.
std::optional<std::string> releaseWithArguments(const SiteResult &Site,
                                                const ReleaseSpec &Release,
                                                llvm::StringRef Handle) {
  std::string Call = Release.Name + "(";
  for (size_t I = 0; I < Release.Arguments.size(); ++I) {
    if (I > 0)
      Call += ", ";
    int From = Release.Arguments[I];
    if (From < 0) {
      Call += (Release.ByAddress ? "&" : "") + Handle.str();
      continue;
    }
    if (static_cast<unsigned>(From) >= Site.Creation->getNumArgs())
      return std::nullopt;
    const auto *Ref = llvm::dyn_cast<DeclRefExpr>(
        Site.Creation->getArg(From)->IgnoreParenImpCasts());
    if (!Ref || !llvm::isa<VarDecl>(Ref->getDecl()))
      return std::nullopt;
    Call += Ref->getDecl()->getName();
  }
  return Call + ")";
}

} // namespace

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

std::optional<std::string> releaseExpr(const SiteResult &Site,
                                       llvm::StringRef Handle,
                                       llvm::StringRef Object) {
  const ReleaseSpec &Release = Site.Api->Releases.front();
  switch (Release.K) {
  case ReleaseSpec::Kind::Call:
    if (isInvocableWith(Site.Fix.HandleType, 0))
      return (Handle + "()").str();
    if (isInvocableWith(Site.Fix.HandleType, 1))
      return (Handle + "({})").str(); // a *Cause handle: no cause
    return std::nullopt;
  case ReleaseSpec::Kind::Method:
    return (Handle + "." + Release.Name + "()").str();
  case ReleaseSpec::Kind::Function: {
    if (!Release.Arguments.empty())
      return releaseWithArguments(Site, Release, Handle);
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

bool releaseNameVisible(const SiteResult &Site, ASTContext &Ctx) {
  const ReleaseSpec &Release = Site.Api->Releases.front();
  if (Release.K != ReleaseSpec::Kind::Function)
    return true;
  std::optional<std::string> Object = releaseObject(Site, Ctx);
  if (!Object)
    return false;
  if (!Object->empty())
    return true; // `object.release(handle)`
  IdentifierInfo &Name = Ctx.Idents.get(Release.Name);
  if (!Ctx.getTranslationUnitDecl()->lookup(&Name).empty())
    return true;
  const TagDecl *Tag =
      Site.Fix.HandleType.getNonReferenceType()->getAsTagDecl();
  if (!Tag)
    return false;
  const DeclContext *Namespace =
      Tag->getDeclContext()->getEnclosingNamespaceContext();
  return !Namespace->lookup(&Name).empty();
}

std::string indentationOf(SourceLocation Loc, const SourceManager &SM) {
  auto [File, Offset] = SM.getDecomposedLoc(Loc);
  llvm::StringRef Buffer = SM.getBufferData(File);
  size_t LineStart = Buffer.rfind('\n', Offset == 0 ? 0 : Offset - 1);
  LineStart = LineStart == llvm::StringRef::npos ? 0 : LineStart + 1;
  llvm::StringRef Line = Buffer.substr(LineStart, Offset - LineStart);
  return Line.take_while([](char C) { return C == ' ' || C == '\t'; }).str();
}

SourceLocation pastTrailingComment(SourceLocation After,
                                   const SourceManager &SM) {
  auto [File, Offset] = SM.getDecomposedLoc(After);
  bool Invalid = false;
  llvm::StringRef Buffer = SM.getBufferData(File, &Invalid);
  if (Invalid || Offset > Buffer.size())
    return After;
  llvm::StringRef Line = Buffer.substr(Offset);
  Line = Line.take_until([](char C) { return C == '\n' || C == '\r'; });
  llvm::StringRef Rest = Line.ltrim(" \t");
  bool Comment = false;
  // `/* ... */` comments closed on the line, then perhaps a `//` comment.
  while (Rest.starts_with("/*")) {
    size_t Close = Rest.find("*/", 2);
    if (Close == llvm::StringRef::npos)
      return After;
    Rest = Rest.drop_front(Close + 2).ltrim(" \t");
    Comment = true;
  }
  // A `//` comment continued by a backslash goes on; leave it alone.
  if (Rest.starts_with("//") && !Rest.ends_with("\\"))
    Comment = true;
  else if (!Rest.empty())
    return After;
  return Comment ? After.getLocWithOffset(static_cast<int>(Line.size()))
                 : After;
}

} // namespace clang::tidy::lostcancel
