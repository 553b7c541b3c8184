//===--- HandleUses.h - lostcancel -----------------------------*- C++ -*-===//
//
// The syntactic half of the analysis: where a creation puts its handle, where
// the handle is mentioned, and what each mention does to it (release,
// transfer, guard, read). Decisions are made from the mention's context in
// the AST, looking through implicit nodes; the CFG half (ScopeAnalysis.cpp)
// decides when they happen.
//
// Unknown contexts are classified as a transfer: ownership is unclear, so no
// finding is made (SPEC §2, "prefer no finding").
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_ANALYSIS_HANDLEUSES_H
#define LOSTCANCEL_ANALYSIS_HANDLEUSES_H

#include "model/ApiModel.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ASTTypeTraits.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>

namespace clang::tidy::lostcancel {

/// Does one of \p Try's handlers certainly catch an exception of type
/// \p Thrown? (A rethrow, with a null type, is only caught by `...`.)
bool catchesStatically(const CXXTryStmt &Try, QualType Thrown);

/// Where a handle lives: a local variable or structured binding holding the
/// handle itself, or the handle element of a local pair/tuple/struct.
struct HandleSlot {
  const ValueDecl *Var = nullptr;
  /// The variable whose lifetime bounds the slot (the DecompositionDecl of a
  /// structured binding, else Var).
  const VarDecl *Storage = nullptr;
  bool Aggregate = false;
  unsigned Index = 0;               ///< Aggregate only: element index.
  const FieldDecl *Field = nullptr; ///< Aggregate only: the handle member.
  QualType ElementType;             ///< Aggregate only: the handle's type.
  std::string Name;                 ///< For messages.

  bool sameAs(const HandleSlot &O) const {
    return Var == O.Var && Aggregate == O.Aggregate && Index == O.Index &&
           Field == O.Field;
  }
};

/// Where a creation call's handle goes.
struct CreationTarget {
  enum class Kind {
    Slot,      ///< Stored into a local slot: tracked by the dataflow.
    Discarded, ///< Dropped at creation (SPEC §7.1).
    Consumed,  ///< Returned, passed on, stored elsewhere, or called at once.
  };
  Kind K = Kind::Consumed;
  HandleSlot Slot;
  /// The assignment that stores the handle (`std::tie(c, h) = ...`,
  /// `h = ...`), when it is not a declaration.
  const Expr *Assignment = nullptr;
  /// Where the handle comes into being when that is not the call: where it
  /// is taken out of a result variable (`auto [c, cancel] = r.value`).
  const Expr *CreatedAt = nullptr;
};

/// What one mention does to the handle.
struct HandleUse {
  enum class Kind {
    Release,       ///< called, or passed to the family's release function
    Guard,         ///< handed to a scope guard (Var: the guard, if named)
    Transfer,      ///< ownership leaves the scope
    CopiedToLocal, ///< copied into a local (Var: that local)
    Read,          ///< a test or another harmless use
    Target,        ///< the target of an assignment
    Thread,        ///< handed to a new thread (Var: the thread, if named)
    Aggregated,    ///< put into a local aggregate or heap object (Var)
  };
  Kind K = Kind::Transfer;
  const VarDecl *Var = nullptr;
  /// The expression that releases or guards (the call, the guard's
  /// construction) or starts the thread, when it is not the mention itself.
  const Expr *At = nullptr;
  /// Thread only: where the thread is detached, if it is anywhere in the
  /// scope. A thread that is not detached is joined: a transfer.
  const Expr *DetachedAt = nullptr;
  bool disposes() const { return K != Kind::Read && K != Kind::Target; }
};

/// One mention of a slot or of a named closure.
struct Mention {
  const Expr *Use = nullptr;           ///< The expression that is the handle.
  const DeclRefExpr *Anchor = nullptr; ///< Its DeclRefExpr (in the CFG).
  const Expr *Closure = nullptr; ///< Top-level lambda/block containing it.
};

/// A variable captured by a lambda or block.
struct Capture {
  const ValueDecl *Var = nullptr;
  bool ByRef = false;
  SourceLocation Loc;
};

/// `if (h)` / `if (!h)` / `h == nullptr`: which branch means "empty".
struct EmptyTest {
  int Slot = -1;
  bool EmptyWhenTrue = false;
  /// An integer handle compared with a constant (`h != ZX_HANDLE_INVALID`):
  /// an empty test only where the handle comes from an out-parameter; a
  /// result variable's tests are failure tests (statusTest).
  bool IntegerConstant = false;
};

class HandleUses {
public:
  /// What one walk over the scope body gathers.
  struct Collected {
    llvm::SmallVector<const CallExpr *, 4> Calls;
    llvm::SmallVector<const Expr *, 4> Closures;
    /// Every DeclRefExpr in the scope, by the decl it names, with the
    /// top-level closure it is in.
    llvm::DenseMap<
        const ValueDecl *,
        llvm::SmallVector<std::pair<const DeclRefExpr *, const Expr *>, 2>>
        Refs;
    /// The parent of every statement and local variable in the body.
    llvm::DenseMap<DynTypedNode, DynTypedNode> Parents;
    bool HasErrors = false;
  };

  HandleUses(const Decl &Scope, const ApiModel &Model, ASTContext &Ctx);

  /// Calls in this scope (not in nested lambdas or blocks) whose callee the
  /// model may know.
  llvm::ArrayRef<const CallExpr *> creationCalls() const { return In.Calls; }
  /// Lambdas and blocks written directly in this scope.
  llvm::ArrayRef<const Expr *> topLevelClosures() const { return In.Closures; }
  /// True when the body holds an expression Clang could not make sense of.
  bool containsErrors() const { return In.HasErrors; }

  CreationTarget resolveCreationTarget(const CallExpr &Call,
                                       const HandleLocation &Where);
  /// The local variable that receives \p Call's value (`int rc = call`,
  /// `fd = call`, `auto r = call`), if any: where its status is kept.
  const VarDecl *resultVariable(const CallExpr &Call) const;
  /// Mentions of \p Var that may change its value (assignments,
  /// increments, its address taken), other than storing one of \p Stores.
  llvm::SmallVector<const DeclRefExpr *, 2>
  writesOf(const VarDecl &Var,
           const llvm::DenseSet<const CallExpr *> &Stores) const;
  /// Recognises \p Cond as a test of a creation's outcome.
  std::optional<StatusTest> statusTest(const Expr &Cond) const;
  /// Index of \p Slot in \p Slots, appending it if new.
  static int internSlot(const HandleSlot &Slot,
                        llvm::SmallVectorImpl<HandleSlot> &Slots);

  llvm::SmallVector<Mention, 4> mentionsOf(const HandleSlot &Slot) const;
  llvm::SmallVector<Mention, 4> mentionsOfDecl(const ValueDecl *D) const;
  /// SPEC §7.1: is the slot named anywhere outside the creations' targets?
  bool isMentionedOutsideTargets(const HandleSlot &Slot) const;

  HandleUse classify(const Expr *Use) const;
  std::optional<EmptyTest> emptyTest(const Expr &Cond,
                                     llvm::ArrayRef<HandleSlot> Slots) const;

  /// The nearest ancestor of \p S (or S) in \p Set, within this scope.
  const Stmt *nearestAncestorIn(const Stmt *S,
                                const llvm::DenseSet<const Stmt *> &Set) const;

  /// The statement, directly inside a compound statement, that evaluates
  /// \p S as a plain expression, a declaration or an if's condition (not
  /// as a branch or a loop header), or null.
  const Stmt *statementInBlock(const Stmt &S) const;
  /// The statement after (before) \p S in its compound statement, or null.
  const Stmt *nextStatement(const Stmt &S) const;
  const Stmt *previousStatement(const Stmt &S) const;
  /// Are \p A and \p B statements of the same compound statement?
  bool sameBlock(const Stmt &A, const Stmt &B) const;
  /// Does every path through \p S leave the function (SPEC §7.2)?
  bool alwaysLeaves(const Stmt &S) const;

  /// SPEC §7.2: is \p S inside an early-exit branch (an if/else branch, a
  /// switch case or a catch handler every path of which leaves the
  /// function)?
  bool isInEarlyExitBranch(const Stmt &S) const;
  /// The innermost try statement of the scope whose handlers certainly
  /// catch \p Throw, or null when the throw leaves the scope.
  const CXXTryStmt *catcherOf(const CXXThrowExpr &Throw) const;

  /// The statement declaring local \p VD (its DeclStmt), if in this scope.
  const Stmt *declarationOf(const VarDecl *VD) const {
    return parentOf(DynTypedNode::create(*VD)).get<Stmt>();
  }

  /// Captured variables of a lambda or block.
  static llvm::SmallVector<Capture, 4> capturesOf(const Expr &Closure);

  /// The slot \p E names (`h`, `r.second`, `std::get<1>(t)`), if any.
  std::optional<int> slotOf(const Expr *E,
                            llvm::ArrayRef<HandleSlot> Slots) const;

private:
  DynTypedNode parentOf(const DynTypedNode &N) const;
  DynTypedNode parentOf(const Stmt &S) const {
    return parentOf(DynTypedNode::create(S));
  }
  bool isLocal(const VarDecl *VD) const;
  const VarDecl *guardVarOf(const Expr *GuardExpr) const;
  /// A call that detaches the thread named \p Thread, or started by the
  /// temporary \p Start, anywhere in the scope.
  const Expr *detachOf(const VarDecl *Thread, const Expr *Start) const;
  /// The local variable that \p Aggregate (an initializer list, possibly
  /// under `new`) initializes, if any.
  const VarDecl *aggregateHolderOf(const Expr &Aggregate) const;
  HandleSlot wholeSlot(const ValueDecl *Var, const VarDecl *Storage) const;
  /// A local variable or structured binding that receives a whole handle.
  std::optional<HandleSlot> handleVariable(const Expr *Target);
  /// Follows the creation's value up from \p Start. Below \p AtHandleLevel
  /// the handle is still inside Where.Outer; a local that receives the
  /// whole result is followed to where the member is taken out when
  /// \p MayFollowVariable.
  CreationTarget resolveFrom(const Expr &Start, const HandleLocation &Where,
                             QualType Result, bool AtHandleLevel,
                             bool MayFollowVariable);
  CreationTarget followResultVariable(const VarDecl &Result,
                                      const HandleLocation &Where);
  HandleSlot aggregateSlot(const VarDecl *Var, const HandleLocation &Where,
                           QualType Aggregate) const;

  const Decl &Scope;
  const ApiModel &Model;
  ASTContext &Ctx;
  Collected In;
  llvm::DenseSet<const Expr *> TargetExprs;
};

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_ANALYSIS_HANDLEUSES_H
