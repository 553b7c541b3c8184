//===--- PathConditions.cpp - lostcancel ----------------------------------===//

#include "analysis/PathConditions.h"
#include "clang/Analysis/CFG.h"

namespace clang::tidy::lostcancel {

bool ConditionKey::holdsFor(int64_t Value) const {
  switch (Cmp) {
  case Compare::None:
    return false;
  case Compare::Truth:
    return Value != 0;
  case Compare::Eq:
    return Value == Constant;
  case Compare::Lt:
    return Value < Constant;
  case Compare::Le:
    return Value <= Constant;
  case Compare::Gt:
    return Value > Constant;
  case Compare::Ge:
    return Value >= Constant;
  }
  return false;
}

PathConditions::PathConditions(const Decl &Scope, const Stmt &Body,
                               const ScopeIndex &Index, ASTContext &Ctx)
    : Ctx(Ctx) {
  // Most bodies test nothing a path can remember (calls, array elements,
  // fields of non-const *this): their walk would find nothing to keep.
  if (mayRememberAny(Index, Scope, Ctx))
    indexConditions(*this, Scope, Body);
}

int PathConditions::varId(const VarDecl &V) {
  auto [It, New] = VarIds.try_emplace(&V, static_cast<int>(VarIds.size()));
  if (New)
    KeysOfVar.emplace_back();
  return It->second;
}

const ConditionKey *PathConditions::keyOf(const Expr &Cond) const {
  auto It = Keys.find(Cond.IgnoreParens());
  return It == Keys.end() ? nullptr : &It->second;
}

std::optional<int> PathConditions::variableOf(const Expr &Cond) const {
  auto It = SwitchVars.find(&Cond);
  if (It == SwitchVars.end())
    return std::nullopt;
  return It->second;
}

void PathConditions::writes(
    const Stmt &S,
    llvm::function_ref<void(int, std::optional<int64_t>)> Write) const {
  if (VarIds.empty())
    return; // no condition reads a variable
  if (const auto *DS = llvm::dyn_cast<DeclStmt>(&S)) {
    for (const Decl *D : DS->decls())
      if (auto It = Declared.find(llvm::dyn_cast<VarDecl>(D));
          It != Declared.end())
        Write(It->second.Var, It->second.Value);
    return;
  }
  if (auto It = Forgets.find(&S); It != Forgets.end())
    for (int Var : It->second)
      Write(Var, std::nullopt);
  if (auto It = Constants.find(&S); It != Constants.end())
    Write(It->second.Var, It->second.Value);
}

void PathConditions::forget(int Var, std::optional<int64_t> Value,
                            PathFacts &Facts) const {
  for (int Key : keysReading(Var))
    Facts.Conditions.erase(Key);
  if (Value)
    Facts.Values.set(Var, *Value);
  else
    Facts.Values.erase(Var);
}

std::optional<bool> PathConditions::evaluate(const Expr &Cond,
                                             const PathFacts &Facts) const {
  const Expr *E = Cond.IgnoreParens();
  if (const auto *B = llvm::dyn_cast<BinaryOperator>(E);
      B && B->isLogicalOp()) {
    // `a && b` is false when either is, true when both are.
    bool Decisive = B->getOpcode() == BO_LOr;
    std::optional<bool> L = evaluate(*B->getLHS(), Facts);
    std::optional<bool> R = evaluate(*B->getRHS(), Facts);
    if (L == Decisive || R == Decisive)
      return Decisive;
    if (L && R)
      return !Decisive;
    return std::nullopt;
  }
  const ConditionKey *Key = keyOf(*E);
  if (!Key)
    return std::nullopt;
  if (Key->Cmp != ConditionKey::Compare::None)
    if (const int64_t *Value = Facts.Values.get(Key->Var))
      return Key->holdsFor(*Value) != Key->Negated;
  if (const bool *Known = Facts.Conditions.get(Key->Key))
    return *Known != Key->Negated;
  return std::nullopt;
}

void PathConditions::assume(const Expr &Cond, bool Holds,
                            PathFacts &Facts) const {
  const Expr *E = Cond.IgnoreParens();
  if (const auto *B = llvm::dyn_cast<BinaryOperator>(E);
      B && B->isLogicalOp()) {
    // Only `a && b` holding (or `a || b` failing) says what each is.
    if (Holds == (B->getOpcode() == BO_LAnd)) {
      assume(*B->getLHS(), Holds, Facts);
      assume(*B->getRHS(), Holds, Facts);
    }
    return;
  }
  const ConditionKey *Key = keyOf(*E);
  if (!Key)
    return;
  bool KeyHolds = Holds != Key->Negated;
  Facts.Conditions.set(Key->Key, KeyHolds);
  if (KeyHolds && Key->Cmp == ConditionKey::Compare::Eq)
    Facts.Values.set(Key->Var, Key->Constant);
  if (!KeyHolds && Key->Cmp == ConditionKey::Compare::Truth)
    Facts.Values.set(Key->Var, 0);
}

bool PathConditions::switchEdge(const CFGBlock &From, unsigned SuccIndex,
                                const Expr &Cond, PathFacts &Facts) const {
  std::optional<int> Var = variableOf(Cond);
  if (!Var)
    return true;
  const CFGBlock *Succ = *(From.succ_begin() + SuccIndex);
  const auto *Case =
      llvm::dyn_cast_or_null<CaseStmt>(Succ ? Succ->getLabel() : nullptr);
  const int64_t *Known = Facts.Values.get(*Var);
  if (Case) {
    std::optional<CaseRange> Range = rangeOf(*Case);
    if (!Range)
      return true;
    if (Known)
      return Range->contains(*Known);
    if (Range->First == Range->Last)
      Facts.Values.set(*Var, Range->First);
    return true;
  }
  // The default edge (or past the switch): no case took the value.
  if (!Known)
    return true;
  const auto *Switch = llvm::cast<SwitchStmt>(From.getTerminatorStmt());
  for (const SwitchCase *SC = Switch->getSwitchCaseList(); SC;
       SC = SC->getNextSwitchCase())
    if (const auto *Other = llvm::dyn_cast<CaseStmt>(SC))
      if (std::optional<CaseRange> Range = rangeOf(*Other);
          !Range || Range->contains(*Known))
        return false;
  return true;
}

std::optional<CaseRange> PathConditions::rangeOf(const CaseStmt &Case) const {
  std::optional<int64_t> First = integerConstant(*Case.getLHS(), Ctx);
  std::optional<int64_t> Last =
      Case.getRHS() ? integerConstant(*Case.getRHS(), Ctx) : First;
  if (!First || !Last)
    return std::nullopt;
  return CaseRange{*First, *Last};
}

llvm::ArrayRef<int> PathConditions::keysReading(int Var) const {
  return Var >= 0 && Var < static_cast<int>(KeysOfVar.size())
             ? llvm::ArrayRef<int>(KeysOfVar[Var])
             : llvm::ArrayRef<int>();
}

} // namespace clang::tidy::lostcancel
