//===--- ScopeFinder.cpp - lostcancel -------------------------------------===//

#include "checks/ScopeFinder.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include <vector>

namespace clang::tidy::lostcancel {

namespace {

/// One pre-order walk: each scope gets its place when the walk enters it,
/// and is marked when an interesting expression is met while it is open.
class Walker : public RecursiveASTVisitor<Walker> {
public:
  Walker(const SourceManager &SM,
         llvm::function_ref<bool(const Expr &)> Interesting)
      : SM(SM), Interesting(Interesting) {}

  // What MatchFinder visits, so that every scope a matcher reached is
  // reached here.
  static bool shouldVisitTemplateInstantiations() { return true; }
  static bool shouldVisitImplicitCode() { return true; }

  bool TraverseDecl(Decl *D) {
    if (!D)
      return true;
    // Outside functions a declaration written in a system header is not
    // entered. Inside a function the enclosing declaration has been judged;
    // only a scope of its own written there (a lambda a system header's
    // macro expands to) is passed over, as a matcher would pass it over.
    bool Nested = D->getParentFunctionOrMethod() != nullptr;
    bool MayOpen = true;
    if ((!Nested || llvm::isa<FunctionDecl, BlockDecl>(D)) &&
        inSystemHeader(*D)) {
      if (!Nested)
        return true;
      MayOpen = false;
    }
    const CXXConstructorDecl *SavedCtor = Ctor;
    bool Opens = MayOpen && llvm::isa<BlockDecl>(D);
    if (const auto *FD = llvm::dyn_cast<FunctionDecl>(D)) {
      Ctor = MayOpen ? llvm::dyn_cast<CXXConstructorDecl>(FD) : nullptr;
      Opens = MayOpen && FD->isThisDeclarationADefinition() &&
              FD->doesThisDeclarationHaveABody();
    }
    bool Result = Opens ? inScope({D, nullptr}, D->getBody(),
                                  [&] { return Base::TraverseDecl(D); })
                        : Base::TraverseDecl(D);
    Ctor = SavedCtor;
    return Result;
  }

  bool TraverseConstructorInitializer(CXXCtorInitializer *Init) {
    if (!Ctor || !Init->isWritten() || !Init->getInit())
      return Base::TraverseConstructorInitializer(Init);
    return inScope({Ctor, Init->getInit()}, /*Body=*/nullptr,
                   [&] { return Base::TraverseConstructorInitializer(Init); });
  }

  bool TraverseFieldDecl(FieldDecl *D) {
    // (A field outside functions in a system header is not reached.)
    if (!D->hasInClassInitializer() || !D->getInClassInitializer() ||
        inSystemHeader(*D))
      return Base::TraverseFieldDecl(D);
    return inScope({D, D->getInClassInitializer()}, /*Body=*/nullptr,
                   [&] { return Base::TraverseFieldDecl(D); });
  }

  // A function or block is a scope while its body is walked, not while its
  // parameters' default arguments or a constructor's initialisers are.
  bool TraverseStmt(Stmt *S, DataRecursionQueue *Queue = nullptr) {
    if (Open.empty() || !S || S != Entries[Open.back()].Body)
      return Base::TraverseStmt(S, Queue);
    Entries[Open.back()].InBody = true;
    bool Result = Base::TraverseStmt(S, Queue);
    Entries[Open.back()].InBody = false;
    return Result;
  }

  bool VisitExpr(Expr *E) {
    if (Open.empty() || Entries[Open.back()].Hit || !Interesting(*E))
      return true;
    // Every open scope whose body (or initialiser) is being walked contains
    // E; one that was marked before was marked with the ones around it.
    for (auto It = Open.rbegin(); It != Open.rend() && !Entries[*It].Hit; ++It)
      if (Entries[*It].InBody)
        Entries[*It].Hit = true;
    return true;
  }

  struct Entry {
    FoundScope Scope;
    /// A function's or block's body; null for an initialiser.
    const Stmt *Body = nullptr;
    /// Is the walk in the scope's body (always, for an initialiser)?
    bool InBody = false;
    bool Hit = false;
  };
  std::vector<Entry> Entries;

private:
  using Base = RecursiveASTVisitor<Walker>;

  bool inSystemHeader(const Decl &D) const {
    SourceLocation Loc = SM.getExpansionLoc(D.getBeginLoc());
    return Loc.isValid() && SM.isInSystemHeader(Loc);
  }

  template <typename Fn>
  bool inScope(FoundScope Scope, const Stmt *Body, Fn Traverse) {
    Open.push_back(Entries.size());
    Entries.push_back({Scope, Body, /*InBody=*/Body == nullptr});
    bool Result = Traverse();
    Open.pop_back();
    return Result;
  }

  const SourceManager &SM;
  llvm::function_ref<bool(const Expr &)> Interesting;
  llvm::SmallVector<size_t, 8> Open;
  /// The constructor whose written initialisers are scopes, if any.
  const CXXConstructorDecl *Ctor = nullptr;
};

} // namespace

void findScopes(ASTContext &Ctx,
                llvm::function_ref<bool(const Expr &)> Interesting,
                llvm::function_ref<void(const FoundScope &)> Found) {
  Walker W(Ctx.getSourceManager(), Interesting);
  for (Decl *D : Ctx.getTraversalScope())
    W.TraverseDecl(D);
  for (const Walker::Entry &E : W.Entries)
    if (E.Hit)
      Found(E.Scope);
}

} // namespace clang::tidy::lostcancel
