//===--- ExprPatterns.cpp - lostcancel ------------------------------------===//

#include "analysis/ExprPatterns.h"
#include "model/ApiModel.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/Basic/Builtins.h"

namespace clang::tidy::lostcancel {

bool isStdFunction(const FunctionDecl *FD,
                   std::initializer_list<llvm::StringRef> Names) {
  if (!FD || !FD->isInStdNamespace() || !FD->getIdentifier())
    return false;
  return llvm::is_contained(Names, FD->getName());
}

bool isTransparent(const Stmt *S) {
  if (llvm::isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr,
                CXXBindTemporaryExpr, FullExpr, CXXFunctionalCastExpr,
                CXXStaticCastExpr, CXXConstCastExpr, CXXReinterpretCastExpr>(S))
    return true;
  if (const auto *Cast = llvm::dyn_cast<CStyleCastExpr>(S))
    return !Cast->getType()->isVoidType();
  return false;
}

bool isCopyOrMove(const CXXConstructExpr *Cons) {
  return Cons->getNumArgs() == 1 &&
         Cons->getConstructor()->isCopyOrMoveConstructor();
}

bool isCopyOrWrap(const CXXConstructExpr *Cons) {
  if (Cons->getNumArgs() != 1)
    return false;
  if (isCopyOrMove(Cons))
    return true;
  return isInvocableWith(Cons->getType(), 0) ||
         isInvocableWith(Cons->getType(), 1);
}

const Expr *expectedValue(const Expr *E) {
  const auto *Call = llvm::dyn_cast<CallExpr>(E);
  if (!Call || Call->getNumArgs() < 2)
    return nullptr;
  unsigned Builtin = Call->getBuiltinCallee();
  return Builtin == Builtin::BI__builtin_expect ||
                 Builtin == Builtin::BI__builtin_expect_with_probability
             ? Call->getArg(0)
             : nullptr;
}

const Expr *stripToValue(const Expr *E) {
  while (true) {
    const Expr *Next = E->IgnoreParenImpCasts();
    if (const auto *Cleanups = llvm::dyn_cast<ExprWithCleanups>(Next))
      Next = Cleanups->getSubExpr();
    if (const auto *Temp = llvm::dyn_cast<MaterializeTemporaryExpr>(Next))
      Next = Temp->getSubExpr();
    if (const auto *Bind = llvm::dyn_cast<CXXBindTemporaryExpr>(Next))
      Next = Bind->getSubExpr();
    if (const auto *Cons = llvm::dyn_cast<CXXConstructExpr>(Next);
        Cons && isCopyOrMove(Cons))
      Next = Cons->getArg(0);
    if (const auto *Call = llvm::dyn_cast<CallExpr>(Next);
        Call && Call->getNumArgs() == 1 &&
        isStdFunction(Call->getDirectCallee(), {"move", "forward"}))
      Next = Call->getArg(0);
    if (const Expr *Expected = expectedValue(Next))
      Next = Expected;
    if (Next == E)
      return E;
    E = Next;
  }
}

std::optional<unsigned> stdGetIndex(const CallExpr *Call,
                                    llvm::ArrayRef<QualType> Elements) {
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!isStdFunction(FD, {"get"}))
    return std::nullopt;
  const TemplateArgumentList *Args = FD->getTemplateSpecializationArgs();
  if (!Args || Args->size() == 0)
    return std::nullopt;
  const TemplateArgument &First = Args->get(0);
  if (First.getKind() == TemplateArgument::Integral)
    return First.getAsIntegral().getZExtValue();
  if (First.getKind() == TemplateArgument::Type)
    for (unsigned I = 0; I < Elements.size(); ++I)
      if (Elements[I].getCanonicalType().getUnqualifiedType() ==
          First.getAsType().getCanonicalType().getUnqualifiedType())
        return I;
  return std::nullopt;
}

bool isStdIgnore(const Expr *E) {
  const auto *Ref = llvm::dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  return Ref && Ref->getDecl()->isInStdNamespace() &&
         Ref->getDecl()->getName() == "ignore";
}

bool isNullPointer(const Expr *E, ASTContext &Ctx) {
  return E->IgnoreParenImpCasts()->isNullPointerConstant(
             Ctx, Expr::NPC_ValueDependentIsNotNull) != Expr::NPCK_NotNull;
}

const VarDecl *referencedVar(const Expr *E) {
  const auto *Ref = llvm::dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  return Ref ? llvm::dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

} // namespace clang::tidy::lostcancel
