//===--- UnboundParentCheck.cpp - lostcancel ------------------------------===//

#include "checks/UnboundParentCheck.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::lostcancel {

void UnboundParentCheck::reportRoot(const UnboundRoot &Root,
                                    SourceLocation Anchor, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const FunctionDecl *Callee = Root.Root->getDirectCallee();
  {
    DiagnosticBuilder Warning =
        Root.InScope.size() == 1
            ? diag(Anchor, "'%0' starts a new root context although context "
                           "'%1' is in scope; the caller's deadline and "
                           "cancellation no longer reach this work")
            : diag(Anchor, "'%0' starts a new root context although %1 "
                           "contexts are in scope; the caller's deadline and "
                           "cancellation no longer reach this work");
    Warning << Callee->getName();
    if (Root.InScope.size() == 1)
      Warning << Root.InScope.front()->getName();
    else
      Warning << static_cast<unsigned>(Root.InScope.size());
    if (Root.Replacement)
      Warning << FixItHint::CreateReplacement(
          CharSourceRange::getTokenRange(Root.Root->getSourceRange()),
          Root.Replacement->getName());
  }
  SourceLocation Use = SM.getExpansionLoc(Root.UsedBy->getBeginLoc());
  const auto *Call = llvm::dyn_cast<CallExpr>(Root.UsedBy);
  const FunctionDecl *User = Call ? Call->getDirectCallee() : nullptr;
  if (const auto *Cons = llvm::dyn_cast<CXXConstructExpr>(Root.UsedBy))
    User = Cons->getConstructor();
  std::string What = User ? "'" + User->getNameAsString() + "'" : "the call";
  if (Root.Through)
    diag(Use,
         Root.UsedAsParent
             ? "the new root, kept in '%0', is the parent of %1 here"
             : "the new root, kept in '%0', is passed to %1 here",
         DiagnosticIDs::Note)
        << Root.Through->getName() << What;
  else if (!SM.isWrittenInSameFile(Use, Anchor) ||
           SM.getExpansionLineNumber(Use) != SM.getExpansionLineNumber(Anchor))
    diag(Use,
         Root.UsedAsParent ? "the new root is the parent of %0 here"
                           : "the new root is passed to %0 here",
         DiagnosticIDs::Note)
        << What;
  for (const ValueDecl *Context : Root.InScope)
    diag(SM.getExpansionLoc(Context->getLocation()),
         "context '%0' is in scope here", DiagnosticIDs::Note)
        << Context->getName();
}

} // namespace clang::tidy::lostcancel
