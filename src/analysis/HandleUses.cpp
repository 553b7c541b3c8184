//===--- HandleUses.cpp - lostcancel --------------------------------------===//

#include "analysis/HandleUses.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::lostcancel {

namespace {

/// Collects what the analysis needs from one scope body in a single walk.
class ScopeCollector : public RecursiveASTVisitor<ScopeCollector> {
public:
  ScopeCollector(const ApiModel &Model, HandleUses::Collected &Out)
      : Model(Model), Out(Out) {}

  bool shouldVisitTemplateInstantiations() const { return false; }

  // Records each node's parent: the analysis walks up from uses, and a map of
  // just this scope is far cheaper than the translation unit's parent map.
  bool TraverseStmt(Stmt *S, DataRecursionQueue * = nullptr) {
    if (!S)
      return true;
    if (!Stack.empty())
      Out.Parents.try_emplace(DynTypedNode::create(*S), Stack.back());
    Stack.push_back(DynTypedNode::create(*S));
    bool Result = RecursiveASTVisitor::TraverseStmt(S, nullptr);
    Stack.pop_back();
    return Result;
  }
  bool TraverseDecl(Decl *D) {
    if (!D || !llvm::isa<VarDecl>(D))
      return RecursiveASTVisitor::TraverseDecl(D);
    if (!Stack.empty())
      Out.Parents.try_emplace(DynTypedNode::create(*D), Stack.back());
    Stack.push_back(DynTypedNode::create(*D));
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
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }

  bool VisitCallExpr(CallExpr *Call) {
    if (Closure)
      return true;
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      if (Model.mayNameCreation(*Callee))
        Out.Calls.push_back(Call);
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
  HandleUses::Collected &Out;
  llvm::SmallVector<DynTypedNode, 32> Stack;
  const Expr *Closure = nullptr;
};

bool isStdFunction(const FunctionDecl *FD,
                   std::initializer_list<llvm::StringRef> Names) {
  if (!FD || !FD->isInStdNamespace() || !FD->getIdentifier())
    return false;
  return llvm::is_contained(Names, FD->getName());
}

/// Implicit nodes and value-preserving wrappers between a value and its use.
bool isTransparent(const Stmt *S) {
  if (llvm::isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr,
                CXXBindTemporaryExpr, FullExpr, CXXFunctionalCastExpr,
                CXXStaticCastExpr, CXXConstCastExpr, CXXReinterpretCastExpr>(S))
    return true;
  if (const auto *Cast = llvm::dyn_cast<CStyleCastExpr>(S))
    return !Cast->getType()->isVoidType();
  return false;
}

/// A constructor call that only copies, moves or wraps a callable: the copy
/// is the same handle (std::function from a lambda, a copy of a handle).
bool isCopyOrWrap(const CXXConstructExpr *Cons) {
  if (Cons->getNumArgs() != 1)
    return false;
  if (Cons->getConstructor()->isCopyOrMoveConstructor())
    return true;
  return isInvocableWith(Cons->getType(), 0) ||
         isInvocableWith(Cons->getType(), 1);
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
    if (const auto *Cons = llvm::dyn_cast<CXXConstructExpr>(Next))
      if (Cons->getNumArgs() == 1 &&
          Cons->getConstructor()->isCopyOrMoveConstructor())
        Next = Cons->getArg(0);
    if (const auto *Call = llvm::dyn_cast<CallExpr>(Next);
        Call && Call->getNumArgs() == 1 &&
        isStdFunction(Call->getDirectCallee(), {"move", "forward"}))
      Next = Call->getArg(0);
    if (Next == E)
      return E;
    E = Next;
  }
}

/// The element index std::get<I>/std::get<T> selects, given the tuple-like
/// type's element types.
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

} // namespace

HandleUses::HandleUses(const Decl &Scope, const ApiModel &Model,
                       ASTContext &Ctx)
    : Scope(Scope), Model(Model), Ctx(Ctx) {
  Stmt *Body = Scope.getBody();
  if (!Body)
    return;
  ScopeCollector Collector(Model, In);
  Collector.TraverseStmt(Body);
}

DynTypedNode HandleUses::parentOf(const DynTypedNode &N) const {
  auto It = In.Parents.find(N);
  return It == In.Parents.end() ? DynTypedNode() : It->second;
}

bool HandleUses::isLocal(const VarDecl *VD) const {
  return VD && VD->hasLocalStorage() && !llvm::isa<ParmVarDecl>(VD) &&
         VD->getDeclContext() == llvm::dyn_cast<DeclContext>(&Scope);
}

HandleSlot HandleUses::wholeSlot(const ValueDecl *Var,
                                 const VarDecl *Storage) const {
  HandleSlot Slot;
  Slot.Var = Var;
  Slot.Storage = Storage;
  Slot.Name = Var->getNameAsString();
  return Slot;
}

HandleSlot HandleUses::aggregateSlot(const VarDecl *Var,
                                     const HandleLocation &Where,
                                     QualType Aggregate) const {
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

const VarDecl *HandleUses::aggregateHolderOf(const Expr &Aggregate) const {
  DynTypedNode Node = DynTypedNode::create(Aggregate);
  for (unsigned Depth = 0; Depth < 16; ++Depth) {
    DynTypedNode P = parentOf(Node);
    if (const auto *VD = P.get<VarDecl>())
      return isLocal(VD) && !VD->isStaticLocal() ? VD : nullptr;
    const Stmt *S = P.get<Stmt>();
    if (!S || !(isTransparent(S) || llvm::isa<CXXNewExpr>(S)))
      return nullptr;
    Node = P;
  }
  return nullptr;
}

const Expr *HandleUses::detachOf(const VarDecl *Thread,
                                 const Expr *Start) const {
  // From a use of the thread up to the call it is the object or argument of.
  auto DetachingCall = [&](const Expr *Use) -> const Expr * {
    DynTypedNode Node = DynTypedNode::create(*Use);
    for (unsigned Depth = 0; Depth < 16; ++Depth) {
      DynTypedNode P = parentOf(Node);
      const Stmt *S = P.get<Stmt>();
      if (!S)
        return nullptr;
      if (const auto *Call = llvm::dyn_cast<CXXMemberCallExpr>(S)) {
        const CXXMethodDecl *Method = Call->getMethodDecl();
        return Method && Model.isDetachFunction(*Method) ? Call : nullptr;
      }
      if (const auto *Call = llvm::dyn_cast<CallExpr>(S)) {
        const FunctionDecl *Callee = Call->getDirectCallee();
        return Callee && Model.isDetachFunction(*Callee) ? Call : nullptr;
      }
      if (!llvm::isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr,
                     CXXBindTemporaryExpr, CXXFunctionalCastExpr, MemberExpr>(
              S))
        return nullptr;
      Node = P;
    }
    return nullptr;
  };
  if (Thread) {
    auto It = In.Refs.find(Thread);
    if (It != In.Refs.end())
      for (const auto &[Ref, Closure] : It->second)
        if (const Expr *Detach = DetachingCall(Ref))
          return Detach;
    return nullptr;
  }
  return Start ? DetachingCall(Start) : nullptr;
}

const VarDecl *HandleUses::guardVarOf(const Expr *GuardExpr) const {
  DynTypedNode Node = DynTypedNode::create(*GuardExpr);
  for (unsigned Depth = 0; Depth < 64; ++Depth) {
    DynTypedNode P = parentOf(Node);
    if (const auto *VD = P.get<VarDecl>())
      return isLocal(VD) ? VD : nullptr;
    const Stmt *S = P.get<Stmt>();
    if (!S)
      return nullptr;
    const auto *Cons = llvm::dyn_cast<CXXConstructExpr>(S);
    if (!isTransparent(S) && !(Cons && isCopyOrWrap(Cons)))
      return nullptr;
    Node = P;
  }
  return nullptr;
}

std::optional<HandleSlot> HandleUses::handleVariable(const Expr *Target) {
  const auto *Ref = llvm::dyn_cast<DeclRefExpr>(Target->IgnoreParenImpCasts());
  if (!Ref)
    return std::nullopt;
  if (const auto *Binding = llvm::dyn_cast<BindingDecl>(Ref->getDecl())) {
    const auto *Decomposition =
        llvm::dyn_cast_or_null<VarDecl>(Binding->getDecomposedDecl());
    if (!isLocal(Decomposition))
      return std::nullopt;
    TargetExprs.insert(Ref);
    return wholeSlot(Binding, Decomposition);
  }
  const auto *VD = llvm::dyn_cast<VarDecl>(Ref->getDecl());
  if (!isLocal(VD) || VD->isStaticLocal() || VD->getType()->isReferenceType())
    return std::nullopt;
  TargetExprs.insert(Ref);
  return wholeSlot(VD, VD);
}

CreationTarget HandleUses::resolveCreationTarget(const CallExpr &Call,
                                                 const HandleLocation &Where) {
  // arg.N: the argument is `&h` for a local h (a struct member, a pointer
  // or heap storage is somebody else's: a transfer).
  if (Where.Argument) {
    CreationTarget Target;
    const Expr *Arg = Call.getArg(*Where.Argument)->IgnoreParenCasts();
    if (const auto *Addr = llvm::dyn_cast<UnaryOperator>(Arg);
        Addr && Addr->getOpcode() == UO_AddrOf)
      if (std::optional<HandleSlot> Slot = handleVariable(Addr->getSubExpr())) {
        Target.K = CreationTarget::Kind::Slot;
        Target.Slot = std::move(*Slot);
      }
    return Target;
  }
  return resolveFrom(Call, Where, Call.getType(),
                     /*AtHandleLevel=*/!Where.Outer,
                     /*MayFollowVariable=*/true);
}

CreationTarget HandleUses::followResultVariable(const VarDecl &Result,
                                                const HandleLocation &Where) {
  // `auto r = gocxx::context::WithCancel(bg); ... auto [ctx, cancel] =
  // r.value;`: the handle is created where it is taken out of the result.
  CreationTarget Target;
  llvm::SmallVector<const MemberExpr *, 1> Extractions;
  bool OtherUse = false;
  for (const Mention &M : mentionsOfDecl(&Result)) {
    DynTypedNode P = parentOf(*M.Anchor);
    while (const Stmt *PS = P.get<Stmt>()) {
      if (!llvm::isa<ImplicitCastExpr, ParenExpr>(PS))
        break;
      P = parentOf(*PS);
    }
    if (const auto *ME = P.get<MemberExpr>(); ME && !M.Closure) {
      if (ME->getMemberDecl() == Where.Outer) {
        Extractions.push_back(ME);
        continue;
      }
      // r.Ok(), r.err: the status, or another part of the result.
      if (llvm::isa<CXXMethodDecl, FieldDecl>(ME->getMemberDecl()))
        continue;
    }
    OtherUse = true;
  }
  if (OtherUse || Extractions.size() > 1)
    return Target; // passed on, or taken apart more than once: not followed
  if (Extractions.empty()) {
    Target.K = CreationTarget::Kind::Discarded;
    return Target;
  }
  Target = resolveFrom(*Extractions.front(), Where,
                       Extractions.front()->getType(), /*AtHandleLevel=*/true,
                       /*MayFollowVariable=*/false);
  Target.CreatedAt = Extractions.front();
  return Target;
}

CreationTarget HandleUses::resolveFrom(const Expr &Start,
                                       const HandleLocation &Where,
                                       QualType Result, bool AtHandleLevel,
                                       bool MayFollowVariable) {
  CreationTarget Target;
  const Expr *E = &Start;
  bool Extracted = Where.WholeResult;
  auto ToSlot = [&](HandleSlot Slot) {
    Target.K = CreationTarget::Kind::Slot;
    Target.Slot = std::move(Slot);
    return Target;
  };
  auto AssignTarget = [&](const Expr *LHS,
                          const Expr *Assignment) -> CreationTarget {
    Target.Assignment = Assignment;
    const Expr *Stripped = LHS->IgnoreParenImpCasts();
    if (!Extracted) {
      if (const auto *Tie = llvm::dyn_cast<CallExpr>(Stripped);
          Tie && isStdFunction(Tie->getDirectCallee(), {"tie"})) {
        if (Where.Index >= Tie->getNumArgs())
          return Target;
        const Expr *Arg = Tie->getArg(Where.Index);
        if (isStdIgnore(Arg)) {
          Target.K = CreationTarget::Kind::Discarded;
          return Target;
        }
        if (std::optional<HandleSlot> Slot = handleVariable(Arg))
          return ToSlot(*Slot);
        return Target;
      }
      // `r = WithCancel(...)` into a local pair/tuple/struct.
      const auto *Ref = llvm::dyn_cast<DeclRefExpr>(Stripped);
      const auto *VD = Ref ? llvm::dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
      if (!isLocal(VD) || VD->getType()->isReferenceType())
        return Target;
      TargetExprs.insert(Ref);
      return ToSlot(aggregateSlot(VD, Where, Result));
    }
    if (std::optional<HandleSlot> Slot = handleVariable(Stripped))
      return ToSlot(*Slot);
    return Target;
  };

  for (unsigned Depth = 0; Depth < 64; ++Depth) {
    DynTypedNode P = parentOf(*E);
    if (const auto *VD = P.get<VarDecl>()) {
      if (!isLocal(VD) || VD->isStaticLocal())
        return Target;
      if (!AtHandleLevel)
        return MayFollowVariable && !llvm::isa<DecompositionDecl>(VD) &&
                       !VD->getType()->isReferenceType()
                   ? followResultVariable(*VD, Where)
                   : Target;
      if (Extracted)
        return ToSlot(wholeSlot(VD, VD));
      if (const auto *DD = llvm::dyn_cast<DecompositionDecl>(VD)) {
        llvm::ArrayRef<BindingDecl *> Bindings = DD->bindings();
        if (Where.Index >= Bindings.size())
          return Target;
        return ToSlot(wholeSlot(Bindings[Where.Index], DD));
      }
      return ToSlot(aggregateSlot(VD, Where, Result));
    }
    const Stmt *PS = P.get<Stmt>();
    if (!PS)
      return Target;
    if (const auto *Cast = llvm::dyn_cast<CStyleCastExpr>(PS);
        Cast && Cast->getType()->isVoidType()) {
      // `(void)WithCancel(bg)` drops the handle; `(void)r.value.second`
      // mentions one taken out of a result (SPEC §7.1).
      if (MayFollowVariable)
        Target.K = CreationTarget::Kind::Discarded;
      return Target;
    }
    const auto *Cons = llvm::dyn_cast<CXXConstructExpr>(PS);
    if (isTransparent(PS) ||
        (Cons && Cons->getNumArgs() == 1 &&
         Cons->getConstructor()->isCopyOrMoveConstructor() &&
         !Model.isGuardType(Cons->getType()))) {
      E = llvm::cast<Expr>(PS);
      continue;
    }
    if (!AtHandleLevel) {
      // Only the member that holds the handle leads on; any other use of
      // the result (a return, an argument) passes it on.
      if (const auto *ME = llvm::dyn_cast<MemberExpr>(PS)) {
        if (ME->getMemberDecl() == Where.Outer) {
          AtHandleLevel = true;
          Result = ME->getType();
          E = ME;
          continue;
        }
        if (llvm::isa<FieldDecl>(ME->getMemberDecl()))
          Target.K = CreationTarget::Kind::Discarded; // `.err`
        return Target;
      }
      if (!llvm::isa<Expr>(PS) && !llvm::isa<ReturnStmt, CoreturnStmt>(PS))
        Target.K = CreationTarget::Kind::Discarded; // an unused result
      return Target;
    }
    if (!Extracted) {
      if (const auto *ME = llvm::dyn_cast<MemberExpr>(PS)) {
        if (Where.Field && ME->getMemberDecl() == Where.Field) {
          Extracted = true;
          E = ME;
          continue;
        }
        if (llvm::isa<FieldDecl>(ME->getMemberDecl()))
          Target.K = CreationTarget::Kind::Discarded; // `.first`, `.ctx`
        return Target;
      }
      if (const auto *C = llvm::dyn_cast<CallExpr>(PS)) {
        if (C->getNumArgs() == 1 &&
            C->getArg(0)->IgnoreParenImpCasts() == E->IgnoreParenImpCasts()) {
          llvm::SmallVector<QualType, 4> Elements = tupleElementTypes(Result);
          if (std::optional<unsigned> Index = stdGetIndex(C, Elements)) {
            if (*Index != Where.Index) {
              Target.K = CreationTarget::Kind::Discarded; // std::get<0>
              return Target;
            }
            Extracted = true;
            E = C;
            continue;
          }
        }
      }
    }
    if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(PS)) {
      if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
          Op->getArg(1)->IgnoreParenImpCasts() == E->IgnoreParenImpCasts())
        return AssignTarget(Op->getArg(0), Op);
      return Target;
    }
    if (const auto *BO = llvm::dyn_cast<BinaryOperator>(PS)) {
      if (BO->getOpcode() == BO_Assign && BO->getRHS() == E)
        return AssignTarget(BO->getLHS(), BO);
      if (BO->getOpcode() == BO_Comma && BO->getLHS() == E) {
        Target.K = CreationTarget::Kind::Discarded;
        return Target;
      }
      return Target;
    }
    if (!llvm::isa<Expr>(PS) && !llvm::isa<ReturnStmt, CoreturnStmt>(PS)) {
      // The value of an expression statement: unused.
      Target.K = CreationTarget::Kind::Discarded;
      return Target;
    }
    return Target;
  }
  return Target;
}

int HandleUses::internSlot(const HandleSlot &Slot,
                           llvm::SmallVectorImpl<HandleSlot> &Slots) {
  for (int I = 0, E = static_cast<int>(Slots.size()); I < E; ++I)
    if (Slots[I].sameAs(Slot))
      return I;
  Slots.push_back(Slot);
  return Slots.size() - 1;
}

llvm::SmallVector<Mention, 4>
HandleUses::mentionsOfDecl(const ValueDecl *D) const {
  llvm::SmallVector<Mention, 4> Result;
  auto It = In.Refs.find(D);
  if (It == In.Refs.end())
    return Result;
  for (const auto &[Ref, Closure] : It->second)
    Result.push_back({Ref, Ref, Closure});
  return Result;
}

llvm::SmallVector<Mention, 4>
HandleUses::mentionsOf(const HandleSlot &Slot) const {
  llvm::SmallVector<Mention, 4> Result;
  for (const Mention &M : mentionsOfDecl(Slot.Var)) {
    if (!Slot.Aggregate) {
      Result.push_back(M);
      continue;
    }
    // An aggregate: only the handle element, or the whole variable.
    const Expr *E = M.Anchor;
    DynTypedNode P = parentOf(*E);
    while (const Stmt *PS = P.get<Stmt>()) {
      if (!llvm::isa<ImplicitCastExpr, ParenExpr>(PS))
        break;
      E = llvm::cast<Expr>(PS);
      P = parentOf(*E);
    }
    if (const auto *ME = P.get<MemberExpr>()) {
      if (Slot.Field && ME->getMemberDecl() == Slot.Field) {
        Result.push_back({ME, M.Anchor, M.Closure});
        continue;
      }
      if (llvm::isa<FieldDecl>(ME->getMemberDecl()))
        continue; // another element
    }
    if (const auto *Call = P.get<CallExpr>()) {
      llvm::SmallVector<QualType, 4> Elements =
          tupleElementTypes(Slot.Var->getType());
      if (std::optional<unsigned> Index = stdGetIndex(Call, Elements)) {
        if (*Index == Slot.Index)
          Result.push_back({Call, M.Anchor, M.Closure});
        continue;
      }
    }
    Result.push_back(M); // the whole aggregate
  }
  return Result;
}

bool HandleUses::isMentionedOutsideTargets(const HandleSlot &Slot) const {
  for (const Mention &M : mentionsOf(Slot))
    if (!TargetExprs.contains(M.Anchor))
      return true;
  return false;
}

llvm::SmallVector<Capture, 4> HandleUses::capturesOf(const Expr &Closure) {
  llvm::SmallVector<Capture, 4> Result;
  if (const auto *Lambda = llvm::dyn_cast<LambdaExpr>(&Closure)) {
    for (const LambdaCapture &C : Lambda->captures())
      if (C.capturesVariable())
        Result.push_back({C.getCapturedVar(), C.getCaptureKind() == LCK_ByRef,
                          C.getLocation()});
  } else if (const auto *Block = llvm::dyn_cast<BlockExpr>(&Closure)) {
    for (const BlockDecl::Capture &C : Block->getBlockDecl()->captures())
      Result.push_back({C.getVariable(), C.isByRef(), Block->getBeginLoc()});
  }
  return Result;
}

HandleUse HandleUses::classify(const Expr *Use) const {
  using K = HandleUse::Kind;
  if (TargetExprs.contains(Use))
    return {K::Target}; // where a creation stores the handle
  const Expr *E = Use;
  // `&h`: only a release or use function taking the address, or
  // pthread_create's argument, keeps the handle ours; any other alias is a
  // transfer (aliases are not tracked).
  bool AddressTaken = false;
  for (unsigned Depth = 0; Depth < 64; ++Depth) {
    DynTypedNode P = parentOf(*E);
    if (AddressTaken) {
      const Stmt *PS = P.get<Stmt>();
      if (!PS || !(isTransparent(PS) || (llvm::isa<CallExpr>(PS) &&
                                         !llvm::isa<CXXOperatorCallExpr>(PS))))
        return {K::Transfer};
    }
    if (const auto *VD = P.get<VarDecl>()) {
      if (VD->isInitCapture())
        return {K::Read}; // judged with the lambda that captures it
      if (Model.isGuardType(VD->getType()))
        return {K::Guard, isLocal(VD) ? VD : nullptr};
      if (isLocal(VD) && !VD->isStaticLocal() &&
          !VD->getType()->isReferenceType())
        return {K::CopiedToLocal, VD};
      return {K::Transfer};
    }
    const Stmt *PS = P.get<Stmt>();
    if (!PS)
      return {K::Transfer};
    if (const auto *Cast = llvm::dyn_cast<CStyleCastExpr>(PS);
        Cast && Cast->getType()->isVoidType())
      return {K::Read};
    if (isTransparent(PS)) {
      E = llvm::cast<Expr>(PS);
      continue;
    }
    if (const auto *Cons = llvm::dyn_cast<CXXConstructExpr>(PS)) {
      if (Model.isGuardType(Cons->getType()))
        return {K::Guard, guardVarOf(Cons), Cons};
      if (ApiModel::isThreadType(Cons->getType())) {
        const VarDecl *Thread = guardVarOf(Cons);
        return {K::Thread, Thread, Cons, detachOf(Thread, Cons)};
      }
      if (isCopyOrWrap(Cons)) {
        E = Cons;
        continue;
      }
      return {K::Transfer};
    }
    if (const auto *Init = llvm::dyn_cast<InitListExpr>(PS)) {
      if (Model.isGuardType(Init->getType()))
        return {K::Guard, guardVarOf(Init), Init};
      // `Job job{ctx, cancel}`, `auto *job = new Job{ctx, cancel}`: the
      // aggregate carries the handle (SPEC §7.10, one level).
      if (const VarDecl *Holder = aggregateHolderOf(*Init))
        return {K::Aggregated, Holder, Init};
      return {K::Transfer};
    }
    if (const auto *ME = llvm::dyn_cast<MemberExpr>(PS)) {
      // A member of the handle itself: h.operator()(), h.Stop(), h.target().
      const auto *MD = llvm::dyn_cast<CXXMethodDecl>(ME->getMemberDecl());
      if (!MD)
        return {K::Read};
      if (MD->getOverloadedOperator() == OO_Call || Model.isReleaseMethod(*MD))
        return {K::Release};
      return {K::Read};
    }
    if (const auto *Call = llvm::dyn_cast<CallExpr>(PS)) {
      if (Call->getCallee() == E)
        return {K::Release, nullptr, Call};
      unsigned ArgIndex = Call->getNumArgs();
      for (unsigned I = 0; I < Call->getNumArgs(); ++I)
        if (Call->getArg(I) == E)
          ArgIndex = I;
      if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(Call)) {
        switch (Op->getOperator()) {
        case OO_Call:
          return ArgIndex == 0 ? HandleUse{K::Release, nullptr, Call}
                               : HandleUse{K::Transfer};
        case OO_Equal:
          return ArgIndex == 0 ? HandleUse{K::Target} : HandleUse{K::Transfer};
        case OO_EqualEqual:
        case OO_ExclaimEqual:
        case OO_Exclaim:
        case OO_AmpAmp:
        case OO_PipePipe:
          return {K::Read};
        default:
          break;
        }
      }
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (!Callee)
        return {K::Transfer};
      if (isStdFunction(Callee, {"move", "forward", "as_const"})) {
        E = Call;
        continue;
      }
      if (isStdFunction(Callee, {"invoke", "invoke_r"}))
        return ArgIndex == 0 ? HandleUse{K::Release, nullptr, Call}
                             : HandleUse{K::Transfer};
      if (isStdFunction(Callee, {"tie"}))
        return {K::Target};
      // pthread_create(&thread, attr, routine, arg)
      if (const ThreadStartFunction *Start = ApiModel::threadStartOf(*Callee);
          Start && ArgIndex == Start->DataArg &&
          Call->getNumArgs() == Start->NumArgs) {
        const Expr *First =
            Call->getArg(Start->ThreadArg)->IgnoreParenImpCasts();
        if (const auto *Addr = llvm::dyn_cast<UnaryOperator>(First);
            Addr && Addr->getOpcode() == UO_AddrOf)
          First = Addr->getSubExpr()->IgnoreParenImpCasts();
        const auto *Ref = llvm::dyn_cast<DeclRefExpr>(First);
        const auto *Thread =
            Ref ? llvm::dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
        return {K::Thread, Thread, Call, detachOf(Thread, nullptr)};
      }
      if (!AddressTaken && Model.isGuardFunction(*Callee))
        return {K::Guard, guardVarOf(Call), Call};
      if (Model.isUseArgument(*Callee, ArgIndex))
        return {K::Read};
      if (Model.isReleaseArgument(*Callee, ArgIndex, AddressTaken))
        return {K::Release, nullptr, Call};
      return {K::Transfer};
    }
    if (const auto *BO = llvm::dyn_cast<BinaryOperator>(PS)) {
      if (BO->isAssignmentOp())
        return BO->getLHS() == E ? HandleUse{K::Target}
                                 : HandleUse{K::Transfer};
      if (BO->getOpcode() == BO_Comma) {
        if (BO->getLHS() == E)
          return {K::Read};
        E = BO;
        continue;
      }
      return {K::Read}; // comparisons and logical operators
    }
    if (const auto *UO = llvm::dyn_cast<UnaryOperator>(PS)) {
      switch (UO->getOpcode()) {
      case UO_Deref:
        E = UO;
        continue;
      case UO_AddrOf:
        if (AddressTaken)
          return {K::Transfer};
        AddressTaken = true;
        E = UO;
        continue;
      default:
        return {K::Read};
      }
    }
    if (const auto *CO = llvm::dyn_cast<AbstractConditionalOperator>(PS)) {
      if (CO->getCond() == E)
        return {K::Read};
      E = CO;
      continue;
    }
    if (llvm::isa<ReturnStmt, CoreturnStmt>(PS))
      return {K::Transfer};
    if (llvm::isa<CXXRewrittenBinaryOperator>(PS))
      return {K::Read}; // a C++20 comparison (h != nullptr)
    if (llvm::isa<LambdaExpr>(PS))
      return {K::Read}; // a capture: handled as the closure
    if (llvm::isa<Expr>(PS))
      return {K::Transfer};
    return {K::Read}; // an expression statement or a condition
  }
  return {K::Transfer};
}

std::optional<int> HandleUses::slotOf(const Expr *E,
                                      llvm::ArrayRef<HandleSlot> Slots) const {
  E = stripToValue(E);
  const DeclRefExpr *Ref = nullptr;
  const FieldDecl *Field = nullptr;
  std::optional<unsigned> Index;
  if (const auto *ME = llvm::dyn_cast<MemberExpr>(E)) {
    Ref = llvm::dyn_cast<DeclRefExpr>(ME->getBase()->IgnoreParenImpCasts());
    Field = llvm::dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!Field)
      return std::nullopt;
  } else if (const auto *Call = llvm::dyn_cast<CallExpr>(E);
             Call && Call->getNumArgs() == 1) {
    Ref = llvm::dyn_cast<DeclRefExpr>(Call->getArg(0)->IgnoreParenImpCasts());
    if (Ref)
      Index = stdGetIndex(Call, tupleElementTypes(Ref->getType()));
    if (!Index)
      return std::nullopt;
  } else {
    Ref = llvm::dyn_cast<DeclRefExpr>(E);
  }
  if (!Ref)
    return std::nullopt;
  for (int I = 0, N = static_cast<int>(Slots.size()); I < N; ++I) {
    const HandleSlot &S = Slots[I];
    if (S.Var != Ref->getDecl())
      continue;
    if (!S.Aggregate && !Field && !Index)
      return I;
    if (S.Aggregate && Field && S.Field == Field)
      return I;
    if (S.Aggregate && Index && !S.Field && S.Index == *Index)
      return I;
  }
  return std::nullopt;
}

std::optional<EmptyTest>
HandleUses::emptyTest(const Expr &Cond,
                      llvm::ArrayRef<HandleSlot> Slots) const {
  const Expr *E = stripToValue(&Cond);
  bool Negated = false;
  while (true) {
    if (const auto *Rewritten = llvm::dyn_cast<CXXRewrittenBinaryOperator>(E)) {
      E = stripToValue(Rewritten->getSemanticForm());
      continue;
    }
    if (const auto *UO = llvm::dyn_cast<UnaryOperator>(E);
        UO && UO->getOpcode() == UO_LNot) {
      Negated = !Negated;
      E = stripToValue(UO->getSubExpr());
      continue;
    }
    break;
  }
  // h == nullptr, h != nullptr, nullptr == h
  const Expr *LHS = nullptr, *RHS = nullptr;
  bool IsEqual = false;
  if (const auto *BO = llvm::dyn_cast<BinaryOperator>(E);
      BO && BO->isEqualityOp()) {
    LHS = BO->getLHS();
    RHS = BO->getRHS();
    IsEqual = BO->getOpcode() == BO_EQ;
  } else if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(E);
             Op && Op->getNumArgs() == 2 &&
             (Op->getOperator() == OO_EqualEqual ||
              Op->getOperator() == OO_ExclaimEqual)) {
    LHS = Op->getArg(0);
    RHS = Op->getArg(1);
    IsEqual = Op->getOperator() == OO_EqualEqual;
  }
  // An integer handle (a file descriptor) has no empty value: its tests
  // are creation-failure tests (statusTest).
  auto IsIntegerSlot = [&](int Slot) {
    const HandleSlot &S = Slots[Slot];
    QualType T = S.Aggregate ? S.ElementType : S.Var->getType();
    return !T.isNull() && T->isIntegerType();
  };
  if (LHS && RHS) {
    const Expr *Handle = isNullPointer(RHS, Ctx)   ? LHS
                         : isNullPointer(LHS, Ctx) ? RHS
                                                   : nullptr;
    if (Handle) {
      std::optional<int> Slot = slotOf(Handle, Slots);
      if (Slot && !IsIntegerSlot(*Slot))
        return EmptyTest{*Slot, IsEqual != Negated};
    }
    // An integer handle against a constant, on either side: the value it
    // held before the creation wrote it (`zx_handle_t h = INVALID; ...
    // if (h != INVALID) close(h);`).
    auto IsConstant = [&](const Expr *X) {
      X = X->IgnoreParenImpCasts();
      return !X->isValueDependent() && X->getType()->isIntegerType() &&
             X->isIntegerConstantExpr(Ctx);
    };
    const Expr *IntHandle = IsConstant(RHS)   ? LHS
                            : IsConstant(LHS) ? RHS
                                              : nullptr;
    if (!IntHandle)
      return std::nullopt;
    std::optional<int> Slot = slotOf(IntHandle, Slots);
    if (!Slot || !IsIntegerSlot(*Slot))
      return std::nullopt;
    return EmptyTest{*Slot, IsEqual != Negated, /*IntegerConstant=*/true};
  }
  // if (h): a conversion to bool (std::function::operator bool, or a
  // function pointer's implicit conversion, already stripped).
  if (const auto *MC = llvm::dyn_cast<CXXMemberCallExpr>(E))
    if (llvm::isa_and_nonnull<CXXConversionDecl>(MC->getMethodDecl()))
      E = MC->getImplicitObjectArgument();
  std::optional<int> Slot = slotOf(E, Slots);
  if (!Slot || IsIntegerSlot(*Slot))
    return std::nullopt;
  return EmptyTest{*Slot, Negated};
}

const VarDecl *HandleUses::resultVariable(const CallExpr &Call) const {
  const Expr *E = &Call;
  for (unsigned Depth = 0; Depth < 16; ++Depth) {
    DynTypedNode P = parentOf(*E);
    auto LocalVar = [&](const Expr *Target) -> const VarDecl * {
      const auto *Ref =
          llvm::dyn_cast<DeclRefExpr>(Target->IgnoreParenImpCasts());
      const auto *VD = Ref ? llvm::dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
      return isLocal(VD) && !VD->isStaticLocal() &&
                     !VD->getType()->isReferenceType()
                 ? VD
                 : nullptr;
    };
    if (const auto *VD = P.get<VarDecl>())
      return isLocal(VD) && !VD->isStaticLocal() &&
                     !VD->getType()->isReferenceType() &&
                     !llvm::isa<DecompositionDecl>(VD)
                 ? VD
                 : nullptr;
    const Stmt *PS = P.get<Stmt>();
    if (!PS)
      return nullptr;
    if (const auto *BO = llvm::dyn_cast<BinaryOperator>(PS))
      return BO->getOpcode() == BO_Assign && BO->getRHS() == E
                 ? LocalVar(BO->getLHS())
                 : nullptr;
    if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(PS))
      return Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
                     Op->getArg(1) == E
                 ? LocalVar(Op->getArg(0))
                 : nullptr;
    const auto *Cons = llvm::dyn_cast<CXXConstructExpr>(PS);
    if (!isTransparent(PS) &&
        !(Cons && Cons->getNumArgs() == 1 &&
          Cons->getConstructor()->isCopyOrMoveConstructor()))
      return nullptr;
    E = llvm::cast<Expr>(PS);
  }
  return nullptr;
}

llvm::SmallVector<const DeclRefExpr *, 2>
HandleUses::writesOf(const VarDecl &Var,
                     const llvm::DenseSet<const CallExpr *> &Stores) const {
  llvm::SmallVector<const DeclRefExpr *, 2> Writes;
  auto StoresCreation = [&](const Expr *RHS) {
    const auto *Call = llvm::dyn_cast<CallExpr>(stripToValue(RHS));
    return Call && Stores.contains(Call);
  };
  for (const Mention &M : mentionsOfDecl(&Var)) {
    if (M.Closure)
      continue;
    const Expr *E = M.Anchor;
    DynTypedNode P = parentOf(*E);
    while (const auto *Paren = P.get<ParenExpr>()) {
      E = Paren;
      P = parentOf(*E);
    }
    bool Write = false;
    if (const auto *BO = P.get<BinaryOperator>())
      Write = BO->isAssignmentOp() && BO->getLHS() == E &&
              !(BO->getOpcode() == BO_Assign && StoresCreation(BO->getRHS()));
    else if (const auto *UO = P.get<UnaryOperator>())
      Write = UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf;
    else if (const auto *Op = P.get<CXXOperatorCallExpr>())
      Write = Op->isAssignmentOp() && Op->getNumArgs() == 2 &&
              Op->getArg(0) == E &&
              !(Op->getOperator() == OO_Equal && StoresCreation(Op->getArg(1)));
    if (Write)
      Writes.push_back(M.Anchor);
  }
  return Writes;
}

std::optional<StatusTest> HandleUses::statusTest(const Expr &Cond) const {
  StatusTest Test;
  const Expr *E = stripToValue(&Cond);
  while (const auto *UO = llvm::dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() != UO_LNot)
      break;
    Test.Negated = !Test.Negated;
    E = stripToValue(UO->getSubExpr());
  }
  // The tested value: a creation call, an assignment of one, a variable.
  auto SetOperand = [&](const Expr *Operand) {
    Operand = stripToValue(Operand);
    if (const auto *BO = llvm::dyn_cast<BinaryOperator>(Operand);
        BO && BO->getOpcode() == BO_Assign) {
      Test.Call = llvm::dyn_cast<CallExpr>(stripToValue(BO->getRHS()));
      Operand = stripToValue(BO->getLHS());
    } else if (const auto *Call = llvm::dyn_cast<CallExpr>(Operand)) {
      Test.Call = Call;
      return true;
    }
    if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(Operand))
      Test.Var = llvm::dyn_cast<VarDecl>(Ref->getDecl());
    return Test.Call || Test.Var;
  };
  // r.Ok(), r (a bool conversion), r.err (a member's truthiness)
  auto ResultVariable = [&](const Expr *Object) -> const VarDecl * {
    const auto *Ref =
        llvm::dyn_cast<DeclRefExpr>(Object->IgnoreParenImpCasts());
    return Ref ? llvm::dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  };
  auto MemberTest = [&](const MemberExpr *ME) -> std::optional<StatusTest> {
    const auto *Field = llvm::dyn_cast<FieldDecl>(ME->getMemberDecl());
    Test.Var = Field ? ResultVariable(ME->getBase()) : nullptr;
    if (!Test.Var)
      return std::nullopt;
    Test.K = StatusTest::Kind::Member;
    Test.Name = Field->getName().str();
    return Test;
  };
  if (const auto *MC = llvm::dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (!MD || MC->getNumArgs() != 0)
      return std::nullopt;
    const Expr *Object = MC->getImplicitObjectArgument()->IgnoreParenImpCasts();
    if (llvm::isa<CXXConversionDecl>(MD)) {
      if (const auto *ME = llvm::dyn_cast<MemberExpr>(Object))
        return MemberTest(ME);
      Test.Name = "bool";
    } else if (MD->getIdentifier()) {
      Test.Name = MD->getName().str();
    } else {
      return std::nullopt;
    }
    Test.K = StatusTest::Kind::Method;
    Test.Var = ResultVariable(Object);
    return Test.Var ? std::optional(Test) : std::nullopt;
  }
  if (const auto *ME = llvm::dyn_cast<MemberExpr>(E))
    return MemberTest(ME);
  // X Op K, K Op X
  if (const auto *BO = llvm::dyn_cast<BinaryOperator>(E);
      BO && BO->isComparisonOp()) {
    auto ConstantOf = [&](const Expr *Side) -> std::optional<int64_t> {
      Expr::EvalResult Value;
      if (Side->isValueDependent() || !Side->EvaluateAsInt(Value, Ctx) ||
          Value.Val.getInt().getSignificantBits() > 64)
        return std::nullopt;
      return Value.Val.getInt().getExtValue();
    };
    Test.Op = BO->getOpcode();
    if (std::optional<int64_t> Bound = ConstantOf(BO->getRHS())) {
      Test.Bound = *Bound;
      return SetOperand(BO->getLHS()) ? std::optional(Test) : std::nullopt;
    }
    if (std::optional<int64_t> Bound = ConstantOf(BO->getLHS())) {
      Test.Bound = *Bound;
      Test.Op = BinaryOperator::reverseComparisonOp(Test.Op);
      return SetOperand(BO->getRHS()) ? std::optional(Test) : std::nullopt;
    }
    return std::nullopt;
  }
  // if (rc): rc != 0
  if (!E->getType()->isIntegerType())
    return std::nullopt;
  Test.Op = BO_NE;
  Test.Bound = 0;
  return SetOperand(E) ? std::optional(Test) : std::nullopt;
}

const Stmt *HandleUses::statementInBlock(const Stmt &S) const {
  DynTypedNode Node = DynTypedNode::create(S);
  for (unsigned Depth = 0; Depth < 256; ++Depth) {
    DynTypedNode P = parentOf(Node);
    if (P.get<CompoundStmt>())
      return Node.get<Stmt>();
    // Up through expressions and declarations, and from an if's condition
    // (not from its branches) to the if.
    if (const auto *If = P.get<IfStmt>()) {
      const Stmt *Child = Node.get<Stmt>();
      if (!Child || (Child != If->getCond() && Child != If->getInit() &&
                     Child != If->getConditionVariableDeclStmt()))
        return nullptr;
    } else if (!P.get<Expr>() && !P.get<VarDecl>() && !P.get<DeclStmt>()) {
      return nullptr;
    }
    Node = P;
  }
  return nullptr;
}

const Stmt *HandleUses::nextStatement(const Stmt &S) const {
  const auto *Block = parentOf(S).get<CompoundStmt>();
  if (!Block)
    return nullptr;
  for (auto It = Block->body_begin(); It != Block->body_end(); ++It)
    if (*It == &S)
      return std::next(It) == Block->body_end() ? nullptr : *std::next(It);
  return nullptr;
}

const Stmt *HandleUses::previousStatement(const Stmt &S) const {
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

bool HandleUses::sameBlock(const Stmt &A, const Stmt &B) const {
  const auto *Block = parentOf(A).get<CompoundStmt>();
  return Block && Block == parentOf(B).get<CompoundStmt>();
}

namespace {

/// Does \p S contain a break or continue that leaves \p S, or any goto?
bool mayJumpOut(const Stmt *S, bool InLoopOrSwitch = false) {
  if (!S)
    return false;
  if (llvm::isa<GotoStmt, IndirectGotoStmt>(S))
    return true;
  if (llvm::isa<BreakStmt, ContinueStmt>(S))
    return !InLoopOrSwitch;
  if (llvm::isa<LambdaExpr, BlockExpr>(S))
    return false;
  bool Inner =
      InLoopOrSwitch ||
      llvm::isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt, SwitchStmt>(S);
  for (const Stmt *Child : S->children())
    if (mayJumpOut(Child, Inner))
      return true;
  return false;
}

/// Is \p S a loop that never ends: no condition, or a constant true one,
/// and no break or goto out of it? (A return inside leaves on some paths,
/// but the path that keeps looping never leaves.)
bool neverEnds(const Stmt *S, const ASTContext &Ctx) {
  const Expr *Cond = nullptr;
  const Stmt *Body = nullptr;
  if (const auto *For = llvm::dyn_cast<ForStmt>(S)) {
    Cond = For->getCond();
    Body = For->getBody();
  } else if (const auto *While = llvm::dyn_cast<WhileStmt>(S)) {
    Cond = While->getCond();
    Body = While->getBody();
    if (!Cond)
      return false;
  } else if (const auto *Do = llvm::dyn_cast<DoStmt>(S)) {
    Cond = Do->getCond();
    Body = Do->getBody();
  } else {
    return false;
  }
  if (Cond) {
    bool Value = false;
    if (Cond->isValueDependent() ||
        !Cond->EvaluateAsBooleanCondition(Value, Ctx) || !Value)
      return false;
  }
  return !mayJumpOut(Body);
}

/// The try statement of the scope that catches a throw, or null when the
/// throw leaves the function.
using CatcherOf = llvm::function_ref<const CXXTryStmt *(const CXXThrowExpr &)>;

/// Does \p S contain a throw that a try statement around \p S catches, other
/// than one of \p Exiting? Control then leaves \p S for that handler.
bool throwsOut(const Stmt *S, const Stmt *Within, CatcherOf Catcher,
               const ASTContext &Ctx,
               llvm::ArrayRef<const CXXTryStmt *> Exiting) {
  if (!S || llvm::isa<LambdaExpr, BlockExpr>(S))
    return false;
  if (const auto *Throw = llvm::dyn_cast<CXXThrowExpr>(S)) {
    const CXXTryStmt *Try = Catcher(*Throw);
    const SourceManager &SM = Ctx.getSourceManager();
    return Try && !llvm::is_contained(Exiting, Try) &&
           !SM.isPointWithin(Try->getBeginLoc(), Within->getBeginLoc(),
                             Within->getEndLoc());
  }
  for (const Stmt *Child : S->children())
    if (throwsOut(Child, Within, Catcher, Ctx, Exiting))
      return true;
  return false;
}

/// Does every path through \p S leave the function (return, co_return,
/// a throw that leaves it, a [[noreturn]] call)? Structural, as SPEC §7.2
/// asks. A throw caught by one of \p Exiting (try statements whose handlers
/// all leave the function) leaves it too.
bool alwaysExits(const Stmt *S, CatcherOf Catcher, const ASTContext &Ctx,
                 llvm::ArrayRef<const CXXTryStmt *> Exiting = {}) {
  if (!S)
    return false;
  if (llvm::isa<ReturnStmt, CoreturnStmt>(S))
    return true;
  if (const auto *E = llvm::dyn_cast<Expr>(S)) {
    E = E->IgnoreImplicit();
    if (const auto *Throw = llvm::dyn_cast<CXXThrowExpr>(E)) {
      const CXXTryStmt *Try = Catcher(*Throw);
      return !Try || llvm::is_contained(Exiting, Try);
    }
    const auto *Call = llvm::dyn_cast<CallExpr>(E);
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    return Callee && Callee->isNoReturn();
  }
  if (const auto *CS = llvm::dyn_cast<CompoundStmt>(S)) {
    for (const Stmt *Child : CS->body()) {
      if (neverEnds(Child, Ctx))
        return false;
      if (alwaysExits(Child, Catcher, Ctx, Exiting))
        return true;
      if (mayJumpOut(Child) || throwsOut(Child, Child, Catcher, Ctx, Exiting))
        return false;
    }
    return false;
  }
  if (const auto *If = llvm::dyn_cast<IfStmt>(S))
    return If->getElse() && alwaysExits(If->getThen(), Catcher, Ctx, Exiting) &&
           alwaysExits(If->getElse(), Catcher, Ctx, Exiting);
  if (const auto *Try = llvm::dyn_cast<CXXTryStmt>(S)) {
    // When every handler leaves, so does a throw the try block sends them.
    for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
      if (!alwaysExits(Try->getHandler(I)->getHandlerBlock(), Catcher, Ctx,
                       Exiting))
        return false;
    llvm::SmallVector<const CXXTryStmt *, 2> Inner(Exiting);
    Inner.push_back(Try);
    return alwaysExits(Try->getTryBlock(), Catcher, Ctx, Inner);
  }
  // A do loop runs its body at least once.
  if (const auto *Do = llvm::dyn_cast<DoStmt>(S))
    return alwaysExits(Do->getBody(), Catcher, Ctx, Exiting);
  if (const auto *Attributed = llvm::dyn_cast<AttributedStmt>(S))
    return alwaysExits(Attributed->getSubStmt(), Catcher, Ctx, Exiting);
  if (const auto *Label = llvm::dyn_cast<LabelStmt>(S))
    return alwaysExits(Label->getSubStmt(), Catcher, Ctx, Exiting);
  return false;
}

/// Does the case branch of \p Switch that contains \p Child (a statement of
/// the switch body) leave the function on every path, before the next case
/// label?
bool caseBranchExits(const SwitchStmt &Switch, const Stmt *Child,
                     CatcherOf Catcher, const ASTContext &Ctx) {
  const auto *Body = llvm::dyn_cast<CompoundStmt>(Switch.getBody());
  if (!Body)
    return false;
  llvm::ArrayRef<Stmt *> Stmts(Body->body_begin(), Body->body_end());
  const auto *At = llvm::find(Stmts, Child);
  if (At == Stmts.end())
    return false;
  // Back to the label that starts the branch.
  const auto *Start = At;
  while (Start != Stmts.begin() && !llvm::isa<SwitchCase>(*Start))
    --Start;
  if (!llvm::isa<SwitchCase>(*Start))
    return false;
  for (const auto *It = Start; It != Stmts.end(); ++It) {
    const Stmt *S = *It;
    if (It != Start && llvm::isa<SwitchCase>(S))
      return false; // falls through into the next case
    while (const auto *Case = llvm::dyn_cast<SwitchCase>(S))
      S = Case->getSubStmt();
    if (neverEnds(S, Ctx))
      return false;
    if (alwaysExits(S, Catcher, Ctx))
      return true;
    if (mayJumpOut(S) || throwsOut(S, S, Catcher, Ctx, {}))
      return false;
  }
  return false;
}

} // namespace

bool catchesStatically(const CXXTryStmt &Try, QualType Thrown) {
  for (unsigned I = 0; I < Try.getNumHandlers(); ++I) {
    QualType Caught = Try.getHandler(I)->getCaughtType();
    if (Caught.isNull())
      return true; // catch (...)
    if (Thrown.isNull())
      continue;
    Caught = Caught.getNonReferenceType().getUnqualifiedType();
    QualType Value = Thrown.getNonReferenceType().getUnqualifiedType();
    if (Caught.getCanonicalType() == Value.getCanonicalType())
      return true;
    const auto *CaughtClass = Caught->getAsCXXRecordDecl();
    const auto *ValueClass = Value->getAsCXXRecordDecl();
    if (CaughtClass && ValueClass && ValueClass->hasDefinition() &&
        ValueClass->isDerivedFrom(CaughtClass))
      return true;
  }
  return false;
}

const CXXTryStmt *HandleUses::catcherOf(const CXXThrowExpr &Throw) const {
  QualType Thrown =
      Throw.getSubExpr() ? Throw.getSubExpr()->getType() : QualType();
  DynTypedNode Node = DynTypedNode::create(Throw);
  for (unsigned Depth = 0; Depth < 256; ++Depth) {
    const Stmt *Child = Node.get<Stmt>();
    if (!Child || Child == Scope.getBody())
      return nullptr;
    DynTypedNode P = parentOf(Node);
    if (const auto *Try = P.get<CXXTryStmt>();
        Try && Try->getTryBlock() == Child && catchesStatically(*Try, Thrown))
      return Try;
    Node = P;
  }
  return nullptr;
}

bool HandleUses::alwaysLeaves(const Stmt &S) const {
  return alwaysExits(
      &S, [this](const CXXThrowExpr &Throw) { return catcherOf(Throw); }, Ctx);
}

bool HandleUses::isInEarlyExitBranch(const Stmt &S) const {
  auto Catcher = [this](const CXXThrowExpr &Throw) { return catcherOf(Throw); };
  DynTypedNode Node = DynTypedNode::create(S);
  for (unsigned Depth = 0; Depth < 256; ++Depth) {
    const Stmt *Child = Node.get<Stmt>();
    DynTypedNode P = parentOf(Node);
    if (P.get<Decl>() && !P.get<VarDecl>())
      return false;
    if (const auto *If = P.get<IfStmt>()) {
      if ((Child == If->getThen() || Child == If->getElse()) &&
          alwaysExits(Child, Catcher, Ctx))
        return true;
    } else if (const auto *Catch = P.get<CXXCatchStmt>()) {
      if (alwaysExits(Catch->getHandlerBlock(), Catcher, Ctx))
        return true;
    } else if (const auto *CS = P.get<CompoundStmt>()) {
      DynTypedNode Above = parentOf(P);
      if (const auto *Switch = Above.get<SwitchStmt>();
          Switch && Switch->getBody() == CS &&
          caseBranchExits(*Switch, Child, Catcher, Ctx))
        return true;
    }
    if (!P.get<Stmt>() && !P.get<VarDecl>())
      return false;
    if (Child == Scope.getBody())
      return false;
    Node = P;
  }
  return false;
}

const Stmt *
HandleUses::nearestAncestorIn(const Stmt *S,
                              const llvm::DenseSet<const Stmt *> &Set) const {
  DynTypedNode Node = DynTypedNode::create(*S);
  for (unsigned Depth = 0; Depth < 256; ++Depth) {
    const Stmt *Current = Node.get<Stmt>();
    if (!Current)
      return nullptr;
    if (Set.contains(Current))
      return Current;
    if (Current == Scope.getBody())
      return nullptr;
    Node = parentOf(Node);
  }
  return nullptr;
}

} // namespace clang::tidy::lostcancel
