//===--- ScopeIndex.cpp - lostcancel --------------------------------------===//

#include "analysis/ScopeIndex.h"
#include "analysis/ExprPatterns.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::lostcancel {

/// Collects what the analysis needs from one scope body in a single walk.
class ScopeIndex::Collector : public RecursiveASTVisitor<Collector> {
public:
  Collector(const ApiModel &Model, ScopeIndex &Out) : Model(Model), Out(Out) {}

  static bool shouldVisitTemplateInstantiations() { return false; }

  // Records each node's parent: the analysis walks up from uses, and a map of
  // just this scope is far cheaper than the translation unit's parent map.
  bool TraverseStmt(Stmt *S, DataRecursionQueue * = nullptr) {
    if (!S)
      return true;
    if (!Stack.empty())
      Out.Parents.try_emplace(S, Stack.back());
    Stack.push_back(S);
    bool Result = RecursiveASTVisitor::TraverseStmt(S, nullptr);
    Stack.pop_back();
    return Result;
  }
  bool TraverseDecl(Decl *D) {
    if (!D || !llvm::isa<VarDecl>(D))
      return RecursiveASTVisitor::TraverseDecl(D);
    if (!Stack.empty())
      Out.Parents.try_emplace(D, Stack.back());
    Stack.push_back(llvm::cast<VarDecl>(D));
    bool Result = RecursiveASTVisitor::TraverseDecl(D);
    Stack.pop_back();
    return Result;
  }

  bool TraverseLambdaExpr(LambdaExpr *Lambda) {
    // Init-captures are evaluated in the enclosing scope; the body is the
    // lambda's own.
    for (const LambdaCapture &Capture : Lambda->captures())
      if (Lambda->isInitCapture(&Capture))
        TraverseDecl(Capture.getCapturedVar());
    return traverseClosure(Lambda,
                           [&] { return TraverseStmt(Lambda->getBody()); });
  }
  bool TraverseBlockExpr(BlockExpr *Block) {
    return traverseClosure(
        Block, [&] { return RecursiveASTVisitor::TraverseBlockExpr(Block); });
  }
  // Local classes have their own scopes.
  static bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }

  // Unevaluated operands create nothing (SPEC §7.19): their calls are not
  // collected; their references are, as mentions.
  bool TraverseUnaryExprOrTypeTraitExpr(UnaryExprOrTypeTraitExpr *E) {
    return unevaluated([&] {
      return RecursiveASTVisitor::TraverseUnaryExprOrTypeTraitExpr(E);
    });
  }
  bool TraverseCXXNoexceptExpr(CXXNoexceptExpr *E) {
    return unevaluated(
        [&] { return RecursiveASTVisitor::TraverseCXXNoexceptExpr(E); });
  }
  bool TraverseCXXTypeidExpr(CXXTypeidExpr *E) {
    if (E->isPotentiallyEvaluated()) // typeid of a polymorphic glvalue
      return RecursiveASTVisitor::TraverseCXXTypeidExpr(E);
    return unevaluated(
        [&] { return RecursiveASTVisitor::TraverseCXXTypeidExpr(E); });
  }
  bool TraverseRequiresExpr(RequiresExpr *E) {
    return unevaluated(
        [&] { return RecursiveASTVisitor::TraverseRequiresExpr(E); });
  }
  bool TraverseTypeTraitExpr(TypeTraitExpr *E) {
    return unevaluated(
        [&] { return RecursiveASTVisitor::TraverseTypeTraitExpr(E); });
  }
  bool TraverseDecltypeTypeLoc(DecltypeTypeLoc TL) {
    return unevaluated(
        [&] { return RecursiveASTVisitor::TraverseDecltypeTypeLoc(TL); });
  }
  bool TraverseTypeOfExprTypeLoc(TypeOfExprTypeLoc TL) {
    return unevaluated(
        [&] { return RecursiveASTVisitor::TraverseTypeOfExprTypeLoc(TL); });
  }
  bool TraverseTemplateArgumentLoc(const TemplateArgumentLoc &Arg) {
    return unevaluated(
        [&] { return RecursiveASTVisitor::TraverseTemplateArgumentLoc(Arg); });
  }
  bool TraverseStaticAssertDecl(StaticAssertDecl *D) {
    return unevaluated(
        [&] { return RecursiveASTVisitor::TraverseStaticAssertDecl(D); });
  }
  bool TraverseTypedefDecl(TypedefDecl *D) {
    return unevaluated(
        [&] { return RecursiveASTVisitor::TraverseTypedefDecl(D); });
  }
  bool TraverseTypeAliasDecl(TypeAliasDecl *D) {
    return unevaluated(
        [&] { return RecursiveASTVisitor::TraverseTypeAliasDecl(D); });
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *Cons) {
    if (!Closure && !Unevaluated && ApiModel::mayStartThread(*Cons))
      Out.Threads.push_back(Cons);
    return true;
  }
  bool VisitCallExpr(CallExpr *Call) {
    if (Closure || Unevaluated)
      return true;
    if (ApiModel::mayStartThread(*Call))
      Out.Threads.push_back(Call);
    // A callee with a body in the translation unit may be a creation
    // wrapper (SPEC §8.3); the event builder asks.
    if (const FunctionDecl *Callee = Call->getDirectCallee()) {
      if (Model.mayNameCreation(*Callee) || Callee->hasBody() ||
          Model.maySweep(*Callee))
        Out.Calls.push_back(Call);
      if (Model.mayNameRoot(*Callee))
        Out.Roots.push_back(Call);
    }
    return true;
  }
  bool VisitWhileStmt(WhileStmt *Loop) {
    addBranch(Loop->getCond());
    return addLoop(Loop);
  }
  bool VisitDoStmt(DoStmt *Loop) {
    addBranch(Loop->getCond());
    return addLoop(Loop);
  }
  bool VisitForStmt(ForStmt *Loop) {
    addBranch(Loop->getCond());
    return addLoop(Loop);
  }
  bool VisitIfStmt(IfStmt *If) {
    Out.HasConstevalIf |= If->isConsteval();
    addBranch(If->getCond());
    return true;
  }
  bool VisitSwitchStmt(SwitchStmt *Switch) {
    addBranch(Switch->getCond());
    return jump();
  }
  bool VisitGotoStmt(GotoStmt *) { return jump(); }
  bool VisitIndirectGotoStmt(IndirectGotoStmt *) { return jump(); }
  bool VisitAddrLabelExpr(AddrLabelExpr *) { return jump(); }
  bool VisitConditionalOperator(ConditionalOperator *C) {
    addBranch(C->getCond());
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->isLogicalOp()) {
      addBranch(B->getLHS());
      addBranch(B->getRHS());
    }
    return true;
  }
  bool VisitExpr(Expr *E) {
    Out.HasErrors |= E->containsErrors();
    return true;
  }
  bool VisitDecl(Decl *D) {
    Out.HasErrors |= D->isInvalidDecl();
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    Out.Refs[Ref->getDecl()].push_back({Ref, Closure});
    return true;
  }

private:
  bool jump() {
    Out.HasJumps = true;
    return true;
  }
  void addBranch(const Expr *Cond) {
    if (Cond)
      Out.Branches.push_back(Cond);
  }
  bool addLoop(const Stmt *Loop) {
    if (!Closure)
      Out.Loops.push_back(Loop);
    return true;
  }
  template <typename Fn> bool unevaluated(Fn Traverse) {
    ++Unevaluated;
    bool Result = Traverse();
    --Unevaluated;
    return Result;
  }
  template <typename Fn> bool traverseClosure(Expr *E, Fn Traverse) {
    const Expr *Saved = Closure;
    if (!Closure) {
      Out.Closures.push_back(E);
      Closure = E;
    }
    bool Result = Traverse();
    Closure = Saved;
    return Result;
  }

  const ApiModel &Model;
  ScopeIndex &Out;
  llvm::SmallVector<Node, 32> Stack;
  const Expr *Closure = nullptr;
  unsigned Unevaluated = 0;
};

ScopeIndex::AncestorRange::Iterator &
ScopeIndex::AncestorRange::Iterator::operator++() {
  ++Depth;
  Step.Child = Step.Parent;
  if (Step.Child.getNodeKind().isNone())
    Index = nullptr; // above the body: the walk is over
  else
    Step.Parent = Index->parentOf(Step.Child);
  return *this;
}

ScopeIndex::ScopeIndex(const Decl &Scope, const ApiModel &Model,
                       const Stmt *Body)
    : Scope(Scope), Body(Body ? Body : Scope.getBody()) {
  if (!this->Body)
    return;
  // About one node per 4 characters of source (3.4 in bench/'s 2^1000-path
  // function, 4.1 in its site-dense TU, 4.4 over examples/): sized up
  // front, the parent map is not rehashed as it grows (a guess; a wrong one
  // costs a rehash or some unused buckets, never a result).
  const SourceManager &SM = Scope.getASTContext().getSourceManager();
  SourceRange Range = this->Body->getSourceRange();
  auto [BeginFile, Begin] = SM.getDecomposedExpansionLoc(Range.getBegin());
  auto [EndFile, End] = SM.getDecomposedExpansionLoc(Range.getEnd());
  if (BeginFile == EndFile && Begin < End)
    Parents.reserve(std::min<unsigned>((End - Begin) / 4, 1u << 20));
  // The walk does not write; RecursiveASTVisitor takes non-const nodes.
  Collector(Model, *this).TraverseStmt(const_cast<Stmt *>(this->Body));
}

llvm::ArrayRef<ScopeIndex::Reference>
ScopeIndex::referencesTo(const ValueDecl *D) const {
  auto It = Refs.find(D);
  if (It == Refs.end())
    return {};
  return It->second;
}

DynTypedNode ScopeIndex::parentOf(const DynTypedNode &N) const {
  // Only statements and local variables have parents in the index.
  const void *Key = N.get<Stmt>();
  if (!Key)
    Key = N.get<VarDecl>();
  auto It = Key ? Parents.find(Key) : Parents.end();
  if (It == Parents.end())
    return {};
  if (const auto *S = It->second.dyn_cast<const Stmt *>())
    return DynTypedNode::create(*S);
  return DynTypedNode::create(*It->second.get<const VarDecl *>());
}

DynTypedNode ScopeIndex::parentAboveParensAndCasts(const Expr &E) const {
  for (const AncestorStep &Step : ancestors(E))
    if (!Step.Parent.get<ImplicitCastExpr>() && !Step.Parent.get<ParenExpr>())
      return Step.Parent;
  return {};
}

AncestorStep ScopeIndex::parentAboveTransparent(const Stmt &S) const {
  AncestorStep Step{DynTypedNode::create(S), parentOf(S)};
  while (const Stmt *Parent = Step.Parent.get<Stmt>()) {
    if (!isTransparent(Parent))
      break;
    Step = {Step.Parent, parentOf(*Parent)};
  }
  return Step;
}

bool ScopeIndex::isOwnedLocal(const VarDecl *VD) const {
  return VD && VD->hasLocalStorage() && !llvm::isa<ParmVarDecl>(VD) &&
         VD->getDeclContext() == llvm::dyn_cast<DeclContext>(&Scope);
}

const Stmt *
ScopeIndex::nearestAncestorIn(const Stmt *S,
                              const llvm::DenseSet<const Stmt *> &Set) const {
  for (const AncestorStep &Step : ancestors(*S)) {
    const Stmt *Current = Step.Child.get<Stmt>();
    if (!Current)
      return nullptr;
    if (Set.contains(Current))
      return Current;
    if (Current == body())
      return nullptr;
  }
  return nullptr;
}

const Stmt *ScopeIndex::statementInBlock(const Stmt &S) const {
  for (const auto &[Child, Parent] : ancestors(S)) {
    if (Parent.get<CompoundStmt>())
      return Child.get<Stmt>();
    // Up through expressions and declarations, and from an if's condition
    // (not from its branches) to the if.
    if (const auto *If = Parent.get<IfStmt>()) {
      const Stmt *ChildStmt = Child.get<Stmt>();
      if (!ChildStmt ||
          (ChildStmt != If->getCond() && ChildStmt != If->getInit() &&
           ChildStmt != If->getConditionVariableDeclStmt()))
        return nullptr;
    } else if (!Parent.get<Expr>() && !Parent.get<VarDecl>() &&
               !Parent.get<DeclStmt>()) {
      return nullptr;
    }
  }
  return nullptr;
}

const Stmt *ScopeIndex::nextStatement(const Stmt &S) const {
  const auto *Block = parentOf(S).get<CompoundStmt>();
  if (!Block)
    return nullptr;
  for (const auto *It = Block->body_begin(); It != Block->body_end(); ++It)
    if (*It == &S)
      return std::next(It) == Block->body_end() ? nullptr : *std::next(It);
  return nullptr;
}

const Stmt *ScopeIndex::previousStatement(const Stmt &S) const {
  const auto *Block = parentOf(S).get<CompoundStmt>();
  if (!Block)
    return nullptr;
  const Stmt *Previous = nullptr;
  for (const Stmt *Child : Block->body()) {
    if (Child == &S)
      return Previous;
    Previous = Child;
  }
  return nullptr;
}

bool ScopeIndex::sameBlock(const Stmt &A, const Stmt &B) const {
  const auto *Block = parentOf(A).get<CompoundStmt>();
  return Block && Block == parentOf(B).get<CompoundStmt>();
}

} // namespace clang::tidy::lostcancel
