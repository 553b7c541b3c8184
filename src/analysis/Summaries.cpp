//===--- Summaries.cpp - lostcancel ---------------------------------------===//

#include "analysis/Summaries.h"
#include "analysis/HandleUses.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::lostcancel {

namespace {

/// Can a call to \p Callee run any other body than its definition's? A
/// virtual method that is not final may be overridden.
bool mayDispatchElsewhere(const FunctionDecl &Callee) {
  const auto *Method = llvm::dyn_cast<CXXMethodDecl>(&Callee);
  if (!Method || !Method->isVirtual())
    return false;
  return !Method->hasAttr<FinalAttr>() &&
         !Method->getParent()->hasAttr<FinalAttr>();
}

/// One more level of nested summaries while it lives.
class DepthGuard {
public:
  explicit DepthGuard(unsigned &Depth) : Depth(Depth) { ++Depth; }
  ~DepthGuard() { --Depth; }
  DepthGuard(const DepthGuard &) = delete;
  DepthGuard &operator=(const DepthGuard &) = delete;

private:
  unsigned &Depth;
};

} // namespace

const ParmVarDecl *CalleeSummaries::onlyUses(const CallExpr &Call,
                                             const FunctionDecl &Callee,
                                             unsigned Arg) {
  // A member operator call counts the object as argument 0.
  if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(&Call);
      Op && llvm::isa<CXXMethodDecl>(Callee)) {
    if (Arg == 0)
      return nullptr;
    --Arg;
  }
  const FunctionDecl *Definition = nullptr;
  if (!Callee.hasBody(Definition) || Definition->isVariadic() ||
      Arg >= Definition->getNumParams() || mayDispatchElsewhere(Callee) ||
      Definition->isInvalidDecl())
    return nullptr;
  return effect(*Definition, Arg) == ParamEffect::Uses
             ? Definition->getParamDecl(Arg)
             : nullptr;
}

ParamEffect CalleeSummaries::effect(const FunctionDecl &Definition,
                                    unsigned Param) {
  auto Key = std::make_pair(&Definition, Param);
  if (auto It = Known.find(Key); It != Known.end())
    return It->second;
  if (Depth >= MaxDepth)
    return ParamEffect::Transfers;
  // Until it is known, a recursive call sees a transfer.
  Known[Key] = ParamEffect::Transfers;
  ParamEffect Effect = compute(Definition, Param);
  Known[Key] = Effect;
  return Effect;
}

ParamEffect CalleeSummaries::compute(const FunctionDecl &Definition,
                                     unsigned Param) {
  DepthGuard Nested(Depth);
  HandleUses Uses(Definition, Model, Ctx, /*Body=*/nullptr, this);
  if (Uses.containsErrors())
    return ParamEffect::Transfers;
  for (const Mention &M : Uses.mentionsOfDecl(Definition.getParamDecl(Param)))
    if (M.Closure || Uses.classify(M.Use).K != HandleUse::Kind::Read)
      return ParamEffect::Transfers;
  return ParamEffect::Uses;
}

} // namespace clang::tidy::lostcancel
