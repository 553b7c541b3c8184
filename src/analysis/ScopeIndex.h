//===--- ScopeIndex.h - lostcancel -----------------------------*- C++ -*-===//
//
// What one walk over a scope body gathers, and how the rest of the AST half
// finds its way around it: the creation calls and top-level closures, every
// reference by the declaration it names, the parent of every statement and
// local variable, walks up that parent map, the statements around a
// statement in its block, and which variables are the scope's own locals.
//
// The index covers the body of one function, lambda or block: nested local
// classes are not entered (they are scopes of their own), template
// instantiations are not visited, and nothing above the body has a parent.
// It records structure only; what a node means for a handle is decided by
// its users (CreationTargets, UseClassifier, ConditionTests, EarlyExits).
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_ANALYSIS_SCOPEINDEX_H
#define LOSTCANCEL_ANALYSIS_SCOPEINDEX_H

#include "model/ApiModel.h"
#include "clang/AST/ASTTypeTraits.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/PointerUnion.h"
#include "llvm/ADT/SmallVector.h"
#include <utility>

namespace clang::tidy::lostcancel {

/// One step of a walk up the parent map: a node and its parent.
struct AncestorStep {
  DynTypedNode Child;
  DynTypedNode Parent; ///< Empty above the scope's body.
};

class ScopeIndex {
public:
  /// A reference to a declaration, with the top-level closure it is in
  /// (null when it is in the scope itself).
  using Reference = std::pair<const DeclRefExpr *, const Expr *>;

  /// The most steps a walk up the parent map takes. The parent map of an
  /// AST is acyclic, so every walk ends; the limit only bounds its cost on
  /// pathologically deep nesting, where a walk gives up as if it had
  /// reached the top.
  static constexpr unsigned MaxWalkDepth = 256;

  /// The steps of a walk up from a node: (Start, its parent), (that parent,
  /// its parent), ..., ending after the step whose parent is empty, or
  /// after MaxWalkDepth steps.
  class AncestorRange {
  public:
    class Iterator {
    public:
      Iterator() = default;
      Iterator(const ScopeIndex &Index, const DynTypedNode &Start)
          : Index(&Index), Step{Start, Index.parentOf(Start)} {}
      const AncestorStep &operator*() const { return Step; }
      Iterator &operator++();
      bool operator!=(const Iterator &O) const { return atEnd() != O.atEnd(); }

    private:
      bool atEnd() const { return !Index || Depth == MaxWalkDepth; }

      const ScopeIndex *Index = nullptr;
      AncestorStep Step;
      unsigned Depth = 0;
    };

    AncestorRange(const ScopeIndex &Index, const DynTypedNode &Start)
        : Index(Index), Start(Start) {}
    Iterator begin() const { return {Index, Start}; }
    static Iterator end() { return {}; }

  private:
    const ScopeIndex &Index;
    DynTypedNode Start;
  };

  /// The index of \p Scope's body, or of \p Body when given: a member
  /// initialiser of \p Scope (a constructor or a field), its own scope.
  ScopeIndex(const Decl &Scope, const ApiModel &Model,
             const Stmt *Body = nullptr);

  /// Calls in this scope (not in nested lambdas or blocks) whose callee the
  /// model may know, or whose callee has a body in the translation unit (a
  /// creation wrapper, perhaps: SPEC §8.3).
  llvm::ArrayRef<const CallExpr *> creationCalls() const { return Calls; }
  /// Calls in this scope (not in nested closures, not unevaluated) of a
  /// function some entry's `root=` names (SPEC §9).
  llvm::ArrayRef<const CallExpr *> rootCalls() const { return Roots; }
  /// The expressions of this scope (not in nested closures, not
  /// unevaluated) that may start a thread (ApiModel::mayStartThread).
  llvm::ArrayRef<const Expr *> threadStarts() const { return Threads; }
  /// The while, do and for loops of this scope, not in nested closures, in
  /// traversal order (an outer loop before the loops inside it).
  llvm::ArrayRef<const Stmt *> loops() const { return Loops; }
  /// The branch conditions of the body (of if, while, do, for, `?:` and
  /// switch, and the operands of && and ||), closures and unevaluated
  /// operands included: every condition PathConditions may remember is
  /// among them.
  llvm::ArrayRef<const Expr *> branchConditions() const { return Branches; }
  /// Lambdas and blocks written directly in this scope.
  llvm::ArrayRef<const Expr *> topLevelClosures() const { return Closures; }
  /// Does the body hold an `if consteval` (closures included)?
  bool hasConstevalIf() const { return HasConstevalIf; }
  /// Does the body hold a jump to a label -- a `goto`, an indirect `goto`,
  /// a label's address taken, or a `switch` (closures included, local
  /// classes not)?
  bool hasJumps() const { return HasJumps; }
  /// True when the body holds an expression Clang could not make sense of.
  bool containsErrors() const { return HasErrors; }
  /// The scope's body.
  const Stmt *body() const { return Body; }
  ASTContext &context() const { return Scope.getASTContext(); }
  /// Every reference to \p D in the body, in traversal order.
  llvm::ArrayRef<Reference> referencesTo(const ValueDecl *D) const;

  /// The parent of \p N in the body, or an empty node.
  DynTypedNode parentOf(const DynTypedNode &N) const;
  DynTypedNode parentOf(const Stmt &S) const {
    return parentOf(DynTypedNode::create(S));
  }
  /// The walk up from \p Start; see AncestorRange.
  AncestorRange ancestors(const DynTypedNode &Start) const {
    return {*this, Start};
  }
  AncestorRange ancestors(const Stmt &Start) const {
    return ancestors(DynTypedNode::create(Start));
  }
  /// The first ancestor of \p E that is not a parenthesis or an implicit
  /// cast.
  DynTypedNode parentAboveParensAndCasts(const Expr &E) const;
  /// The first ancestor of \p S that is not a transparent node
  /// (ExprPatterns.h's isTransparent: parentheses, implicit nodes, casts),
  /// with the node right below it as the step's child.
  AncestorStep parentAboveTransparent(const Stmt &S) const;

  /// Is \p VD a local variable of this scope (automatic storage, not a
  /// parameter, declared directly in the scope rather than in a nested
  /// closure)? Only these are the scope's to release. Static and
  /// thread_local locals have no local storage, so they are not owned.
  bool isOwnedLocal(const VarDecl *VD) const;
  /// An owned local that holds a value, not a reference to one elsewhere.
  bool isOwnedValue(const VarDecl *VD) const {
    return isOwnedLocal(VD) && !VD->getType()->isReferenceType();
  }

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
  /// The statement declaring local \p VD (its DeclStmt), if in this scope.
  const Stmt *declarationOf(const VarDecl *VD) const {
    return parentOf(DynTypedNode::create(*VD)).get<Stmt>();
  }

private:
  /// The walk over the body that fills the index.
  class Collector;

  const Decl &Scope;
  const Stmt *Body;
  llvm::SmallVector<const CallExpr *, 4> Calls;
  llvm::SmallVector<const Expr *, 4> Closures;
  llvm::SmallVector<const CallExpr *, 1> Roots;
  llvm::SmallVector<const Expr *, 1> Threads;
  llvm::SmallVector<const Stmt *, 2> Loops;
  llvm::SmallVector<const Expr *, 8> Branches;
  llvm::DenseMap<const ValueDecl *, llvm::SmallVector<Reference, 2>> Refs;
  /// A statement or a local variable: what the parent map holds.
  using Node = llvm::PointerUnion<const Stmt *, const VarDecl *>;
  /// The parent of every statement and local variable in the body, keyed
  /// by the node's address (cheaper to hash than a DynTypedNode).
  llvm::DenseMap<const void *, Node> Parents;
  bool HasErrors = false;
  bool HasConstevalIf = false;
  bool HasJumps = false;
};

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_ANALYSIS_SCOPEINDEX_H
