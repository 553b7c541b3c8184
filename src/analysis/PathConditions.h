//===--- PathConditions.h - lostcancel -------------------------*- C++ -*-===//
//
// The syntactic half of path sensitivity (SPEC §7.14): which branch
// conditions the dataflow may remember, under one key per condition, and
// which statements make it forget them.
//
// A condition is remembered when it reads only *stable* values: non-static
// locals and parameters of the scope (not volatile, never captured by
// reference, their address never kept, never bound to a non-const reference
// other than as a call argument), their members (`cfg->mode`, `opts.limit`),
// `const` members of `*this`, `const` member calls on a stable object
// (`token.is_cancelable()`), and constants, joined by operators. `!c` is the
// negation of `c`, `a != b` that of `a == b`, and `v != 0` (or `nullptr`)
// is `v`. Two tests of the same key are the same condition.
//
// A variable's facts are forgotten where it may change: an assignment,
// compound assignment, increment or decrement of it or of a member of it,
// its declaration (run again in a loop), a call that receives its address
// or binds it to a non-const reference, a non-const member call on it, and,
// for a pointer to non-const, a call that receives the pointer. A call that
// receives nothing of it does not forget it (the variable is not reachable
// from the callee). An assignment of a constant (`st = RUNNING;`, `int n =
// 0;`) also records the variable's value, against which later comparisons
// with constants and `switch` cases are decided.
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_ANALYSIS_PATHCONDITIONS_H
#define LOSTCANCEL_ANALYSIS_PATHCONDITIONS_H

#include "analysis/FlowState.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include <cstdint>
#include <optional>

namespace clang::tidy::lostcancel {

/// What a branch condition is, for the path facts.
struct ConditionKey {
  /// The condition's key (the same for every test of the same condition).
  int Key = -1;
  /// The condition is the negation of the keyed expression.
  bool Negated = false;
  /// When the keyed expression compares one stable variable with a
  /// constant (or tests its truth): the variable and how, so that a known
  /// value of the variable decides it.
  enum class Compare { None, Truth, Eq, Lt, Le, Gt, Ge };
  Compare Cmp = Compare::None;
  int Var = -1;
  int64_t Constant = 0;

  /// Does the keyed expression hold when variable Var is \p Value?
  bool holdsFor(int64_t Value) const;
};

/// A write of a stable variable: its value afterwards, if known.
struct VariableWrite {
  int Var = -1;
  std::optional<int64_t> Value;
};

/// The values a `case` label stands for (`case 1 ... 3:` in GNU C).
struct CaseRange {
  int64_t First = 0, Last = 0;
  bool contains(int64_t V) const { return First <= V && V <= Last; }
};

/// The integer value of a constant expression (a null pointer constant is
/// 0), if \p E is one that fits in 64 bits.
std::optional<int64_t> integerConstant(const Expr &E, ASTContext &Ctx);

class PathConditions;
class ScopeIndex;
/// Fills \p Out from \p Body, the body of \p Scope (ConditionIndexer.cpp).
void indexConditions(PathConditions &Out, const Decl &Scope, const Stmt &Body);
/// Could any of the branch conditions \p Index lists be remembered? False
/// when none could even if every candidate variable were stable: then
/// nothing is remembered and the body need not be indexed.
bool mayRememberAny(const ScopeIndex &Index, const Decl &Scope,
                    ASTContext &Ctx);

/// The conditions and writes of one scope body.
class PathConditions {
public:
  /// Indexes \p Body, the body of \p Scope, whose ScopeIndex is \p Index
  /// (not at all when no condition it lists may be remembered).
  PathConditions(const Decl &Scope, const Stmt &Body, const ScopeIndex &Index,
                 ASTContext &Ctx);

  /// The key of the branch condition \p Cond, if it is remembered.
  const ConditionKey *keyOf(const Expr &Cond) const;
  /// The stable variable \p Cond is, if it is one (`switch (st)`).
  std::optional<int> variableOf(const Expr &Cond) const;
  /// Calls \p Write(variable, value afterwards if known) for each stable
  /// variable \p S (a CFG element) may write, in order.
  void
  writes(const Stmt &S,
         llvm::function_ref<void(int, std::optional<int64_t>)> Write) const;
  /// The values \p Case stands for, when they are known.
  std::optional<CaseRange> rangeOf(const CaseStmt &Case) const;
  /// The keys that read variable \p Var.
  llvm::ArrayRef<int> keysReading(int Var) const;

  // What the facts of a path make of a condition (FlowState.h).

  /// The value of \p Cond that \p Facts imply, if they do (`a && b` is
  /// false when either operand is known false).
  std::optional<bool> evaluate(const Expr &Cond, const PathFacts &Facts) const;
  /// Remembers in \p Facts that \p Cond has the value \p Holds.
  void assume(const Expr &Cond, bool Holds, PathFacts &Facts) const;
  /// The edge from \p From (a switch on \p Cond) to its successor number
  /// \p SuccIndex: false when the switched variable's known value takes
  /// another; else the case's value is remembered.
  bool switchEdge(const CFGBlock &From, unsigned SuccIndex, const Expr &Cond,
                  PathFacts &Facts) const;
  /// Variable \p Var is written (to \p Value, when known): what \p Facts
  /// said of it no longer holds.
  void forget(int Var, std::optional<int64_t> Value, PathFacts &Facts) const;
  /// Does the scope have any remembered condition at all?
  bool empty() const { return Keys.empty(); }

private:
  /// Empty (for mayRememberAny's indexer, which writes nothing).
  explicit PathConditions(ASTContext &Ctx) : Ctx(Ctx) {}
  friend class ConditionIndexer;
  friend void indexConditions(PathConditions &, const Decl &, const Stmt &);
  friend bool mayRememberAny(const ScopeIndex &, const Decl &, ASTContext &);
  int varId(const VarDecl &V);

  ASTContext &Ctx;
  llvm::DenseMap<const VarDecl *, int> VarIds;
  llvm::DenseMap<const Expr *, ConditionKey> Keys;
  llvm::DenseMap<const Expr *, int> SwitchVars;
  llvm::DenseMap<const Stmt *, llvm::SmallVector<int, 1>> Forgets;
  llvm::DenseMap<const Stmt *, VariableWrite> Constants;
  llvm::DenseMap<const VarDecl *, VariableWrite> Declared;
  llvm::SmallVector<llvm::SmallVector<int, 2>, 4> KeysOfVar;
  llvm::StringMap<int> KeyIds;
};

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_ANALYSIS_PATHCONDITIONS_H
