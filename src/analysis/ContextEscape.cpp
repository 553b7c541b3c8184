//===--- ContextEscape.cpp - lostcancel -----------------------------------===//

#include "analysis/ContextEscape.h"
#include "analysis/ExprPatterns.h"
#include "model/TypeShapes.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSwitch.h"
#include <cstdint>

namespace clang::tidy::lostcancel {

namespace {

/// Member calls that put their argument into a container.
bool insertsIntoContainer(llvm::StringRef Method) {
  return llvm::StringSwitch<bool>(Method)
      .Cases("push_back", "push_front", "push", "insert", true)
      .Cases("emplace", "emplace_back", "emplace_front", "emplace_hint", true)
      .Cases("insert_or_assign", "try_emplace", true)
      .Default(false);
}

/// What becomes of a value followed up from a mention of the context.
struct Fate {
  enum Kind : std::uint8_t { Stays, Escapes, Aliased };
  Kind K = Stays;
  /// Aliased: the locals that now hold (something made from) the context.
  llvm::SmallVector<const ValueDecl *, 2> Aliases;

  static Fate stays() { return {}; }
  static Fate escapes() { return {Escapes, {}}; }
  static Fate aliased(llvm::ArrayRef<const ValueDecl *> Vars) {
    return {Aliased, {Vars.begin(), Vars.end()}};
  }
};

/// A plain local (not a reference, not static) or a binding of one.
bool isPlainLocal(const ValueDecl *D) {
  if (llvm::isa_and_nonnull<BindingDecl>(D))
    return true;
  const auto *VD = llvm::dyn_cast_or_null<VarDecl>(D);
  return VD && VD->hasLocalStorage() && !VD->getType()->isReferenceType();
}

/// The locals a std::tie call binds.
std::optional<llvm::SmallVector<const ValueDecl *, 2>>
tiedLocals(const Expr &E) {
  const auto *Tie = llvm::dyn_cast<CallExpr>(stripToValue(&E));
  if (!Tie || !isStdFunction(Tie->getDirectCallee(), {"tie"}))
    return std::nullopt;
  llvm::SmallVector<const ValueDecl *, 2> Locals;
  for (const Expr *Arg : Tie->arguments())
    if (const auto *Ref =
            llvm::dyn_cast<DeclRefExpr>(Arg->IgnoreParenImpCasts());
        Ref && isPlainLocal(Ref->getDecl()))
      Locals.push_back(Ref->getDecl());
  return Locals;
}

class Finder {
public:
  Finder(const HandleUses &Uses, const ScopeEvents &Events,
         const HandleSlot &Slot)
      : Index(Uses.index()), Model(Uses.model()), Ctx(Uses.context()),
        Events(Events), Slot(Slot) {}

  std::optional<ContextEscape> run(const SiteInfo &Site);

private:
  void seed(const SiteInfo &Site);
  void add(const ValueDecl *D);
  void visit(const ValueDecl &D);
  /// The expression naming the context that \p Ref is part of; null when
  /// Ref names the handle's element of an aggregate.
  const Expr *contextMention(const DeclRefExpr &Ref) const;
  Fate fateOf(const Expr &Value) const;
  static Fate initialises(const VarDecl &VD);
  /// What \p Parent does with the value \p Child; nothing when the value
  /// passes through Parent and the walk goes on.
  std::optional<Fate> stepTo(const Stmt &Parent, const Expr *Child) const;
  std::optional<Fate> operatorCall(const CXXOperatorCallExpr &Op,
                                   const Expr *Child) const;
  std::optional<Fate> callArgument(const CallExpr &Call,
                                   const Expr *Child) const;
  static Fate assignedTo(const Expr &LHS);
  Fate closureFate(const Expr &Closure) const;
  bool onlyCalled(const VarDecl &Closure) const;
  /// Does \p Cons make a guard (which runs in the scope), or a thread that
  /// is a local the scope only joins (never detaches or hands on)?
  bool runsInScope(const CXXConstructExpr &Cons) const;
  bool hasCallable(llvm::ArrayRef<const Expr *> Args, const Expr *Except) const;
  bool isCallable(const Expr &Arg) const;
  /// Does \p Call make a new context from the context (a creation, or a
  /// call whose result has a context's type)?
  bool derives(const CallExpr &Call) const;
  void escapesAt(SourceLocation Loc, const Expr *Mention, const ValueDecl &D);

  const ScopeIndex &Index;
  const ApiModel &Model;
  ASTContext &Ctx;
  const ScopeEvents &Events;
  const HandleSlot &Slot;
  llvm::SmallVector<const ValueDecl *, 4> Work;
  llvm::SmallPtrSet<const ValueDecl *, 4> Seen;
  llvm::SmallPtrSet<const Type *, 4> ContextTypes;
  std::optional<ContextEscape> First;
};

std::optional<ContextEscape> Finder::run(const SiteInfo &Site) {
  seed(Site);
  while (!Work.empty())
    visit(*Work.pop_back_val());
  return First;
}

void Finder::seed(const SiteInfo &Site) {
  auto AddType = [&](QualType T) {
    if (!T.isNull())
      ContextTypes.insert(T.getNonReferenceType()
                              .getCanonicalType()
                              .getUnqualifiedType()
                              .getTypePtr());
  };
  if (Slot.Aggregate) {
    // The other elements of the local pair, tuple or struct.
    llvm::SmallVector<QualType, 4> Elements =
        tupleElementTypes(Slot.Var->getType());
    for (unsigned I = 0; I < Elements.size(); ++I)
      if (I != Slot.Index)
        AddType(Elements[I]);
    if (const CXXRecordDecl *RD = recordOf(Slot.Var->getType());
        RD && Elements.empty() && RD->hasDefinition())
      for (const FieldDecl *F : RD->fields())
        if (F != Slot.Field)
          AddType(F->getType());
    add(Slot.Var);
    return;
  }
  if (const auto *Binding = llvm::dyn_cast<BindingDecl>(Slot.Var))
    if (const auto *Whole =
            llvm::dyn_cast_or_null<DecompositionDecl>(Slot.Storage))
      for (const BindingDecl *Other : Whole->bindings())
        if (Other != Binding) {
          AddType(Other->getType());
          add(Other);
        }
  const Expr *Assignment = Site.Target.Assignment;
  const Expr *LHS = nullptr;
  if (const auto *BO = llvm::dyn_cast_or_null<BinaryOperator>(Assignment))
    LHS = BO->getLHS();
  else if (const auto *Op =
               llvm::dyn_cast_or_null<CXXOperatorCallExpr>(Assignment);
           Op && Op->getNumArgs() == 2)
    LHS = Op->getArg(0);
  if (LHS)
    if (auto Tied = tiedLocals(*LHS))
      for (const ValueDecl *D : *Tied)
        if (D != Slot.Var) {
          AddType(D->getType());
          add(D);
        }
}

void Finder::add(const ValueDecl *D) {
  if (!D || !Seen.insert(D).second)
    return;
  if (const auto *Whole = llvm::dyn_cast<DecompositionDecl>(D)) {
    for (const BindingDecl *B : Whole->bindings())
      add(B);
    return;
  }
  Work.push_back(D);
}

void Finder::visit(const ValueDecl &D) {
  for (const auto &[Ref, Closure] : Index.referencesTo(&D)) {
    const Expr *Mention = contextMention(*Ref);
    if (!Mention)
      continue;
    if (Closure) {
      if (closureFate(*Closure).K != Fate::Stays)
        escapesAt(Closure->getBeginLoc(), nullptr, D);
      continue;
    }
    Fate F = fateOf(*Mention);
    if (F.K == Fate::Escapes)
      escapesAt(Mention->getBeginLoc(), Mention, D);
    for (const ValueDecl *Alias : F.Aliases)
      add(Alias);
  }
}

const Expr *Finder::contextMention(const DeclRefExpr &Ref) const {
  if (!Slot.Aggregate || Ref.getDecl() != Slot.Var)
    return &Ref;
  DynTypedNode Parent = Index.parentAboveParensAndCasts(Ref);
  if (const auto *ME = Parent.get<MemberExpr>();
      ME && llvm::isa<FieldDecl>(ME->getMemberDecl()))
    return ME->getMemberDecl() == Slot.Field ? nullptr : ME;
  if (const auto *Call = Parent.get<CallExpr>())
    if (std::optional<unsigned> Element =
            stdGetIndex(Call, tupleElementTypes(Slot.Var->getType())))
      return *Element == Slot.Index ? nullptr : Call;
  return &Ref; // the whole aggregate
}

Fate Finder::fateOf(const Expr &Value) const {
  for (const auto &[Child, Parent] : Index.ancestors(Value)) {
    if (const auto *VD = Parent.get<VarDecl>()) {
      if (VD->isInitCapture())
        continue; // judged with the lambda that captures it
      return initialises(*VD);
    }
    const Stmt *PS = Parent.get<Stmt>();
    if (!PS)
      return Fate::stays();
    if (std::optional<Fate> F = stepTo(*PS, Child.get<Expr>()))
      return *F;
  }
  return Fate::stays();
}

Fate Finder::initialises(const VarDecl &VD) {
  // A static or global keeps it; a local (a copy, or a reference to it) is
  // followed like the context itself.
  if (!VD.hasLocalStorage())
    return Fate::escapes();
  return Fate::aliased({&VD});
}

std::optional<Fate> Finder::stepTo(const Stmt &Parent,
                                   const Expr *Child) const {
  if (llvm::isa<LambdaExpr, BlockExpr>(Parent))
    return closureFate(llvm::cast<Expr>(Parent));
  if (isTransparent(&Parent) ||
      llvm::isa<InitListExpr, CXXParenListInitExpr>(Parent))
    return std::nullopt;
  if (const auto *Cons = llvm::dyn_cast<CXXConstructExpr>(&Parent)) {
    llvm::SmallVector<const Expr *, 4> Args(Cons->arguments());
    if (runsInScope(*Cons))
      return Fate::stays();
    if (hasCallable(Args, Child))
      return Fate::escapes(); // std::thread t(work, c)
    return std::nullopt;      // the object made carries the context
  }
  if (llvm::isa<CXXNewExpr, ReturnStmt, CoreturnStmt, CoyieldExpr,
                CXXThrowExpr>(Parent))
    return Fate::escapes();
  if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(&Parent))
    return operatorCall(*Op, Child);
  if (const auto *Call = llvm::dyn_cast<CallExpr>(&Parent))
    return callArgument(*Call, Child);
  if (const auto *BO = llvm::dyn_cast<BinaryOperator>(&Parent)) {
    if (BO->isAssignmentOp())
      return BO->getLHS() == Child ? Fate::stays() : assignedTo(*BO->getLHS());
    if (BO->getOpcode() == BO_Comma && BO->getRHS() == Child)
      return std::nullopt;
    return Fate::stays();
  }
  if (const auto *UO = llvm::dyn_cast<UnaryOperator>(&Parent))
    return UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref
               ? std::nullopt
               : std::optional<Fate>(Fate::stays());
  if (const auto *CO = llvm::dyn_cast<AbstractConditionalOperator>(&Parent))
    return CO->getCond() == Child ? std::optional<Fate>(Fate::stays())
                                  : std::nullopt;
  // A member of the context (c.Done(), c->value), a test, a statement.
  return Fate::stays();
}

std::optional<Fate> Finder::operatorCall(const CXXOperatorCallExpr &Op,
                                         const Expr *Child) const {
  switch (Op.getOperator()) {
  case OO_Equal:
    if (Op.getNumArgs() != 2 || Op.getArg(0) == Child)
      return Fate::stays();
    return assignedTo(*Op.getArg(0));
  case OO_Call:
    if (Op.getNumArgs() > 0 && Op.getArg(0) == Child)
      return Fate::stays();
    return callArgument(Op, Child);
  default:
    return Fate::stays();
  }
}

std::optional<Fate> Finder::callArgument(const CallExpr &Call,
                                         const Expr *Child) const {
  if (Call.getCallee() == Child)
    return Fate::stays();
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (isStdFunction(Callee, {"move", "forward", "as_const", "ref", "cref",
                             "make_pair", "make_tuple", "forward_as_tuple"}))
    return std::nullopt;
  if (isStdFunction(Callee, {"tie"}))
    return Fate::stays();
  if (isStdFunction(Callee,
                    {"make_shared", "make_unique", "allocate_shared", "async"}))
    return Fate::escapes();
  if (llvm::isa<CXXMemberCallExpr>(Call) && Callee && Callee->getIdentifier() &&
      insertsIntoContainer(Callee->getName()))
    return Fate::escapes();
  llvm::SmallVector<const Expr *, 4> Args(Call.arguments());
  if (hasCallable(Args, Child))
    return Fate::escapes(); // client.AsyncGet(c, url, done)
  if (derives(Call))
    return std::nullopt;
  return Fate::stays(); // an ordinary, synchronous call
}

Fate Finder::assignedTo(const Expr &LHS) {
  const Expr *Target = LHS.IgnoreParenImpCasts();
  if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(Target))
    return isPlainLocal(Ref->getDecl()) ? Fate::aliased({Ref->getDecl()})
                                        : Fate::escapes();
  if (const auto *ME = llvm::dyn_cast<MemberExpr>(Target); ME && !ME->isArrow())
    if (const auto *Base =
            llvm::dyn_cast<DeclRefExpr>(ME->getBase()->IgnoreParenImpCasts());
        Base && isPlainLocal(Base->getDecl()))
      return Fate::aliased({Base->getDecl()}); // local.ctx = c
  if (auto Tied = tiedLocals(*Target))
    return Fate::aliased(*Tied);
  return Fate::escapes(); // a member, a global, through a pointer, m[k]
}

Fate Finder::closureFate(const Expr &Closure) const {
  for (const auto &[Child, Parent] : Index.ancestors(Closure)) {
    if (const auto *VD = Parent.get<VarDecl>())
      return VD->hasLocalStorage() && onlyCalled(*VD) ? Fate::stays()
                                                      : Fate::escapes();
    const Stmt *PS = Parent.get<Stmt>();
    if (!PS)
      return Fate::escapes();
    if (isTransparent(PS))
      continue;
    if (const auto *Cons = llvm::dyn_cast<CXXConstructExpr>(PS)) {
      if (runsInScope(*Cons))
        return Fate::stays();
      if (isCopyOrWrap(Cons))
        continue;
    }
    if (const auto *Guard = llvm::dyn_cast<CallExpr>(PS);
        Guard && Guard->getDirectCallee() &&
        Model.isGuardFunction(*Guard->getDirectCallee()))
      return Fate::stays(); // gsl::finally([&] { ... })
    const Expr *Value = Child.get<Expr>();
    // Called in place: [&] { ... }(), or a block ^{ ... }().
    if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(PS);
        Op && Op->getOperator() == OO_Call && Op->getNumArgs() > 0 &&
        Op->getArg(0) == Value)
      return Fate::stays();
    if (const auto *Call = llvm::dyn_cast<CallExpr>(PS);
        Call && Call->getCallee() == Value)
      return Fate::stays();
    return Fate::escapes();
  }
  return Fate::escapes();
}

bool Finder::onlyCalled(const VarDecl &Closure) const {
  return llvm::all_of(Index.referencesTo(&Closure), [&](const auto &Entry) {
    const auto &[Ref, InClosure] = Entry;
    if (InClosure)
      return false; // captured in turn
    DynTypedNode Parent = Index.parentAboveParensAndCasts(*Ref);
    if (const auto *Op = Parent.get<CXXOperatorCallExpr>())
      return Op->getOperator() == OO_Call && Op->getNumArgs() > 0 &&
             Op->getArg(0)->IgnoreParenImpCasts() == Ref;
    const auto *Call = Parent.get<CallExpr>();
    return Call && Call->getCallee()->IgnoreParenImpCasts() == Ref;
  });
}

bool Finder::runsInScope(const CXXConstructExpr &Cons) const {
  if (Model.isGuardType(Cons.getType()))
    return true;
  if (!ApiModel::isThreadType(Cons.getType()))
    return false;
  const VarDecl *Thread = nullptr;
  for (const auto &[Child, Parent] : Index.ancestors(Cons)) {
    Thread = Parent.get<VarDecl>();
    const Stmt *PS = Parent.get<Stmt>();
    if (Thread || !PS || !isTransparent(PS))
      break;
  }
  if (!Thread || !Index.isOwnedValue(Thread))
    return false;
  // t.join(), t.joinable(): the scope keeps the thread; t.detach() or any
  // other use lets it go.
  return llvm::all_of(Index.referencesTo(Thread), [&](const auto &Entry) {
    const auto *ME = Index.parentAboveParensAndCasts(*Entry.first)
                         .template get<MemberExpr>();
    const auto *Method =
        ME ? llvm::dyn_cast<CXXMethodDecl>(ME->getMemberDecl()) : nullptr;
    return !Entry.second && Method && !Model.isDetachFunction(*Method);
  });
}

bool Finder::hasCallable(llvm::ArrayRef<const Expr *> Args,
                         const Expr *Except) const {
  return llvm::any_of(Args, [&](const Expr *Arg) {
    if (Arg == Except || llvm::isa<CXXDefaultArgExpr>(Arg))
      return false;
    // The handle itself is the scope's own business (a transfer).
    if (slotNamedBy(Arg, Slot))
      return false;
    return isCallable(*stripToValue(Arg));
  });
}

bool Finder::isCallable(const Expr &Arg) const {
  QualType T = Arg.getType().getNonReferenceType();
  if (T.isNull())
    return false;
  if (T->isFunctionType() || T->isFunctionPointerType() ||
      T->isBlockPointerType() || T->isMemberFunctionPointerType())
    return true;
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD || !RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  return RD->isLambda() ||
         !RD->lookup(Ctx.DeclarationNames.getCXXOperatorName(OO_Call)).empty();
}

bool Finder::derives(const CallExpr &Call) const {
  if (llvm::any_of(Events.Sites,
                   [&](const SiteInfo &S) { return S.Call == &Call; }))
    return true;
  QualType T = Call.getType();
  return !T.isNull() && ContextTypes.contains(T.getNonReferenceType()
                                                  .getCanonicalType()
                                                  .getUnqualifiedType()
                                                  .getTypePtr());
}

void Finder::escapesAt(SourceLocation Loc, const Expr *Mention,
                       const ValueDecl &D) {
  const SourceManager &SM = Ctx.getSourceManager();
  Loc = SM.getExpansionLoc(Loc);
  if (Loc.isInvalid() ||
      (First && !SM.isBeforeInTranslationUnit(Loc, First->Loc)))
    return;
  std::string Name = D.getNameAsString();
  // r.first, std::get<0>(r): as written.
  if (Mention && !llvm::isa<DeclRefExpr>(Mention) &&
      !Mention->getBeginLoc().isMacroID() && !Mention->getEndLoc().isMacroID())
    if (llvm::StringRef Text = Lexer::getSourceText(
            CharSourceRange::getTokenRange(Mention->getSourceRange()), SM,
            Ctx.getLangOpts());
        !Text.empty())
      Name = Text.str();
  First = ContextEscape{Loc, std::move(Name)};
}

} // namespace

std::optional<ContextEscape> findContextEscape(const HandleUses &Uses,
                                               const ScopeEvents &Events,
                                               const SiteInfo &Site) {
  if (Site.Slot < 0)
    return std::nullopt;
  return Finder(Uses, Events, Events.Slots[Site.Slot]).run(Site);
}

} // namespace clang::tidy::lostcancel
