//===--- HandleSlot.cpp - lostcancel --------------------------------------===//

#include "analysis/HandleSlot.h"
#include "analysis/ExprPatterns.h"

namespace clang::tidy::lostcancel {

HandleSlot wholeSlot(const ValueDecl *Var, const VarDecl *Storage) {
  HandleSlot Slot;
  Slot.Var = Var;
  Slot.Storage = Storage;
  Slot.Name = Var->getNameAsString();
  return Slot;
}

HandleSlot aggregateSlot(const VarDecl *Var, const HandleLocation &Where,
                         QualType Aggregate) {
  HandleSlot Slot = wholeSlot(Var, Var);
  Slot.Aggregate = true;
  Slot.Index = Where.Index;
  Slot.Field = Where.Field;
  if (Where.Field) {
    Slot.ElementType = Where.Field->getType();
    Slot.Name += "." + Where.Field->getNameAsString();
  } else {
    llvm::SmallVector<QualType, 4> Elements = tupleElementTypes(Aggregate);
    if (Where.Index < Elements.size())
      Slot.ElementType = Elements[Where.Index];
    Slot.Name =
        "std::get<" + std::to_string(Where.Index) + ">(" + Slot.Name + ")";
  }
  return Slot;
}

int internSlot(const HandleSlot &Slot,
               llvm::SmallVectorImpl<HandleSlot> &Slots) {
  for (int I = 0, E = static_cast<int>(Slots.size()); I < E; ++I)
    if (Slots[I].sameAs(Slot))
      return I;
  Slots.push_back(Slot);
  return static_cast<int>(Slots.size()) - 1;
}

namespace {

/// What an expression names: a variable, one of its members, or one of its
/// tuple elements.
struct NamedElement {
  const DeclRefExpr *Ref = nullptr;
  const FieldDecl *Field = nullptr;
  std::optional<unsigned> Index;
  bool Deref = false; ///< `*Ref`
};

std::optional<NamedElement> namedElement(const Expr *E) {
  NamedElement Named;
  if (const auto *ME = llvm::dyn_cast<MemberExpr>(E)) {
    Named.Ref =
        llvm::dyn_cast<DeclRefExpr>(ME->getBase()->IgnoreParenImpCasts());
    Named.Field = llvm::dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!Named.Field)
      return std::nullopt;
  } else if (const auto *Call = llvm::dyn_cast<CallExpr>(E);
             Call && Call->getNumArgs() == 1) {
    Named.Ref =
        llvm::dyn_cast<DeclRefExpr>(Call->getArg(0)->IgnoreParenImpCasts());
    if (Named.Ref)
      Named.Index = stdGetIndex(Call, tupleElementTypes(Named.Ref->getType()));
    if (!Named.Index)
      return std::nullopt;
  } else if (const auto *Deref = llvm::dyn_cast<UnaryOperator>(E);
             Deref && Deref->getOpcode() == UO_Deref) {
    Named.Ref =
        llvm::dyn_cast<DeclRefExpr>(Deref->getSubExpr()->IgnoreParenImpCasts());
    Named.Deref = true;
  } else {
    Named.Ref = llvm::dyn_cast<DeclRefExpr>(E);
  }
  if (!Named.Ref)
    return std::nullopt;
  return Named;
}

} // namespace

std::optional<int> slotNamedBy(const Expr *E,
                               llvm::ArrayRef<HandleSlot> Slots) {
  std::optional<NamedElement> Named = namedElement(stripToValue(E));
  if (!Named)
    return std::nullopt;
  for (int I = 0, N = static_cast<int>(Slots.size()); I < N; ++I) {
    const HandleSlot &S = Slots[I];
    if (S.Var != Named->Ref->getDecl() || S.Pointee != Named->Deref)
      continue;
    if (!S.Aggregate && !Named->Field && !Named->Index)
      return I;
    if (S.Aggregate && Named->Field && S.Field == Named->Field)
      return I;
    if (S.Aggregate && Named->Index && !S.Field && S.Index == *Named->Index)
      return I;
  }
  return std::nullopt;
}

} // namespace clang::tidy::lostcancel
