//===--- ApiModel.cpp - lostcancel ----------------------------------------===//
//
// The model built from its options (profiles, entries, the API file, the
// guard, detach and cleanup lists), and its queries: which calls are creations
// (entries first, then Clang's handle attributes), and which calls use,
// release, guard or detach a handle or start a thread, and which cleanup
// functions release one.
//
//===----------------------------------------------------------------------===//

#include "model/ApiModel.h"
#include "model/ApiFile.h"
#include "model/EntryParser.h"
#include "model/Profiles.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringExtras.h"
#include <array>

namespace clang::tidy::lostcancel {

namespace {

/// Classes whose constructor runs its arguments on a new thread.
constexpr std::array<llvm::StringRef, 3> ThreadTypes = {
    "std::thread", "std::jthread", "boost::thread"};

/// std::stop_token's cancellation query (SPEC §9).
constexpr llvm::StringRef StopTokenObserver = "stop_requested";

/// C functions that start a thread.
constexpr std::array<ThreadStartFunction, 1> ThreadStartFunctions = {{
    {"pthread_create", /*NumArgs=*/4, /*ThreadArg=*/0, /*RoutineArg=*/2,
     /*DataArg=*/3, /*AttrArg=*/1},
}};

/// A C function that sets the detach state of thread attributes: its
/// attributes argument, its state argument and the state that detaches.
struct DetachStateSetter {
  llvm::StringRef Name;
  unsigned NumArgs;
  unsigned StateArg;
  llvm::StringRef Detached;
};
constexpr std::array<DetachStateSetter, 1> DetachStateSetters = {{
    {"pthread_attr_setdetachstate", /*NumArgs=*/2, /*StateArg=*/1,
     "PTHREAD_CREATE_DETACHED"},
}};

/// Does \p E name the constant \p Name: an enumerator (glibc), or a macro
/// of that name expanding to a literal (musl)?
bool namesConstant(const Expr &E, llvm::StringRef Name, ASTContext &Ctx) {
  const Expr *Stripped = E.IgnoreParenImpCasts();
  if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(Stripped))
    if (const auto *Enumerator =
            llvm::dyn_cast<EnumConstantDecl>(Ref->getDecl()))
      return Enumerator->getName() == Name;
  SourceLocation Loc = Stripped->getBeginLoc();
  return Loc.isMacroID() &&
         Lexer::getImmediateMacroName(Loc, Ctx.getSourceManager(),
                                      Ctx.getLangOpts()) == Name;
}

/// Appends the entries of the profiles named in \p Names (`;`-separated).
llvm::Error appendProfiles(llvm::StringRef Names,
                           std::vector<ApiEntry> &Entries) {
  llvm::ArrayRef<BuiltinProfile> Profiles = builtinProfiles();
  for (llvm::StringRef Name : splitTopLevel(Names, ';')) {
    const auto *Profile = llvm::find_if(
        Profiles, [&](const BuiltinProfile &P) { return P.Name == Name; });
    if (Profile == Profiles.end()) {
      std::string Known;
      for (const BuiltinProfile &P : Profiles)
        Known += (Known.empty() ? "" : ", ") + P.Name.str();
      return configError("lostcancel.Profiles", "unknown profile '" + Name +
                                                    "' (known: " + Known + ")");
    }
    if (llvm::Error Bad =
            parseEntries(Profile->Entries, Profile->Name, Entries))
      return Bad;
  }
  return llvm::Error::success();
}

/// Adds the `;`-separated qualified names of \p List to \p Names (a leading
/// `::` dropped).
void addNames(llvm::StringRef List, llvm::StringSet<> &Names) {
  for (llvm::StringRef Name : splitTopLevel(List, ';'))
    Names.insert(Name.ltrim(':'));
}

/// An identifier, or identifiers joined by `::`.
bool isQualifiedName(llvm::StringRef Name) {
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  Name.split(Parts, "::");
  return llvm::all_of(Parts, [](llvm::StringRef Part) {
    return !Part.empty() && !llvm::isDigit(Part.front()) &&
           llvm::all_of(Part,
                        [](char C) { return llvm::isAlnum(C) || C == '_'; });
  });
}

/// lostcancel.TakeFunctions: macro and function names.
llvm::Error addTakeNames(llvm::StringRef List, llvm::StringSet<> &Names) {
  for (llvm::StringRef Name : splitTopLevel(List, ';')) {
    Name = Name.ltrim(':');
    if (!isQualifiedName(Name))
      return llvm::createStringError(
          "lostcancel.TakeFunctions: '%s' is not a macro or function name",
          Name.str().c_str());
    Names.insert(Name);
  }
  return llvm::Error::success();
}

/// acquire_handle on the function or its type: the result is the handle.
/// (Written after the declarator or as [[clang::acquire_handle]], it sits on
/// the function's type.)
const AcquireHandleAttr *resultAcquireAttr(const FunctionDecl &Callee) {
  if (const auto *Attr = Callee.getAttr<AcquireHandleAttr>())
    return Attr;
  for (const FunctionDecl *Redecl : Callee.redecls())
    if (const TypeSourceInfo *TSI = Redecl->getTypeSourceInfo())
      for (TypeLoc TL = TSI->getTypeLoc();
           auto Attributed = TL.getAs<AttributedTypeLoc>();
           TL = Attributed.getModifiedLoc())
        if (const auto *Attr =
                llvm::dyn_cast_or_null<AcquireHandleAttr>(Attributed.getAttr()))
          return Attr;
  return nullptr;
}

/// The result's acquire_handle, else the first out-parameter's; \p
/// FromParam > 0: only an out-parameter from that one on.
const AcquireHandleAttr *acquireAttr(const FunctionDecl &Callee,
                                     std::optional<unsigned> &Param,
                                     unsigned FromParam = 0) {
  if (FromParam == 0)
    if (const AcquireHandleAttr *Attr = resultAcquireAttr(Callee))
      return Attr;
  for (unsigned I = FromParam; I < Callee.getNumParams(); ++I)
    if (const auto *Attr =
            Callee.getParamDecl(I)->getAttr<AcquireHandleAttr>()) {
      Param = I;
      return Attr;
    }
  return nullptr;
}

/// The parameter argument \p Arg of a call to \p F binds to, if any.
const ParmVarDecl *parameterFor(const FunctionDecl &F, unsigned Arg) {
  return Arg < F.getNumParams() ? F.getParamDecl(Arg) : nullptr;
}

/// Is \p Arg `*P` (\p ByAddress: `P`, the address of what P points to)?
bool isPointee(const Expr *Arg, const ParmVarDecl &P, bool ByAddress) {
  Arg = Arg->IgnoreParenImpCasts();
  if (!ByAddress) {
    const auto *Deref = llvm::dyn_cast<UnaryOperator>(Arg);
    if (!Deref || Deref->getOpcode() != UO_Deref)
      return false;
    Arg = Deref->getSubExpr()->IgnoreParenImpCasts();
  }
  const auto *Ref = llvm::dyn_cast<DeclRefExpr>(Arg);
  return Ref && Ref->getDecl() == &P;
}

/// Does \p S, or a statement inside it, pass an argument that \p IsHandle
/// accepts (given the release's ByAddress) to a `func:` release of \p Api?
bool releasesIn(const Stmt *S, const ApiEntry &Api,
                llvm::function_ref<bool(const Expr *, bool)> IsHandle) {
  if (!S)
    return false;
  if (const auto *Call = llvm::dyn_cast<CallExpr>(S))
    if (const FunctionDecl *Callee = Call->getDirectCallee();
        Callee && Callee->getIdentifier())
      for (const ReleaseSpec &Release : Api.Releases)
        if (Release.K == ReleaseSpec::Kind::Function &&
            Callee->getName() == Release.Name &&
            Release.ArgIndex < Call->getNumArgs() &&
            IsHandle(Call->getArg(Release.ArgIndex), Release.ByAddress))
          return true;
  return llvm::any_of(S->children(), [&](const Stmt *Child) {
    return releasesIn(Child, Api, IsHandle);
  });
}

/// Does the body of \p F release a handle it was given or asks its loop
/// for: pass one of its parameters, or the result of a call (libevent's
/// `event_base_get_running_event(base)`), to a release of \p Api? A
/// release that takes the handle's address (`uv_close(&t)`) is given a
/// pointer parameter itself, through casts: a libuv callback receives its
/// handle's address (`uv_close((uv_handle_t *)handle, NULL)`).
bool releasesOwnParameter(const FunctionDecl &F, const ApiEntry &Api) {
  const FunctionDecl *Definition = nullptr;
  if (!F.hasBody(Definition))
    return false;
  // A parameter, or a local initialised from one (`struct event *ev =
  // arg;`): a reassigned local errs towards no finding.
  auto IsParameter = [&](const Expr *Value) {
    const auto *Ref = llvm::dyn_cast<DeclRefExpr>(Value);
    const auto *Local = Ref ? llvm::dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (Local && !llvm::isa<ParmVarDecl>(Local) && Local->hasLocalStorage() &&
        Local->getInit())
      Ref = llvm::dyn_cast<DeclRefExpr>(Local->getInit()->IgnoreParenCasts());
    return Ref && llvm::is_contained(Definition->parameters(), Ref->getDecl());
  };
  return releasesIn(
      Definition->getBody(), Api, [&](const Expr *Arg, bool ByAddress) {
        if (ByAddress) {
          const Expr *Pointer = Arg->IgnoreParenCasts();
          return Pointer->getType()->isPointerType() && IsParameter(Pointer);
        }
        const Expr *Value = Arg->IgnoreParenImpCasts();
        return llvm::isa<CallExpr>(Value) || IsParameter(Value);
      });
}

/// The function \p Arg names, through casts (`(GSourceFunc) cb`,
/// `G_SOURCE_FUNC (cb)`), or null.
const FunctionDecl *namedFunction(const Expr *Arg) {
  const auto *Ref = llvm::dyn_cast<DeclRefExpr>(Arg->IgnoreParenCasts());
  return Ref ? llvm::dyn_cast<FunctionDecl>(Ref->getDecl()) : nullptr;
}

/// Does every `return` in \p S return the integer constant 0?
bool returnsOnlyZero(const Stmt *S, const ASTContext &Ctx, bool &SawReturn) {
  if (!S)
    return true;
  if (const auto *Return = llvm::dyn_cast<ReturnStmt>(S)) {
    SawReturn = true;
    const Expr *Value = Return->getRetValue();
    if (!Value || Value->isValueDependent())
      return false;
    std::optional<llvm::APSInt> Constant =
        Value->IgnoreParenImpCasts()->getIntegerConstantExpr(Ctx);
    return Constant && Constant->isZero();
  }
  return llvm::all_of(S->children(), [&](const Stmt *Child) {
    return returnsOnlyZero(Child, Ctx, SawReturn);
  });
}

/// A callback defined in the translation unit that returns 0 on every path
/// (FALSE, G_SOURCE_REMOVE): its source ends after its first dispatch.
bool endsItsSource(const FunctionDecl &F) {
  const FunctionDecl *Definition = nullptr;
  if (!F.hasBody(Definition) || !Definition->getReturnType()->isIntegerType())
    return false;
  bool SawReturn = false;
  return returnsOnlyZero(Definition->getBody(), Definition->getASTContext(),
                         SawReturn) &&
         SawReturn;
}

} // namespace

llvm::Expected<ApiModel> ApiModel::create(const ApiModelOptions &Options) {
  ApiModel Model;
  if (llvm::Error Bad = appendProfiles(Options.Profiles, Model.Entries))
    return std::move(Bad);
  if (llvm::Error Bad =
          parseEntries(Options.Apis, "lostcancel.Apis", Model.Entries))
    return std::move(Bad);
  if (!llvm::StringRef(Options.ApiFile).trim().empty())
    if (llvm::Error Bad = loadApiFile(llvm::StringRef(Options.ApiFile).trim(),
                                      Options.MainFile, Model.Entries))
      return std::move(Bad);
  for (const ApiEntry &Entry : Model.Entries) {
    for (const auto &Name : Entry.Names)
      Model.AllNames.insert(Name.getKey());
    for (const ApiEntry::SweepSpec &Sweep : Entry.Sweeps)
      Model.SweepNames.insert(Sweep.Name);
    Model.HasRegexOnlyEntries |= Entry.Names.empty();
    for (const ReleaseSpec &Release : Entry.Releases)
      if (Release.K == ReleaseSpec::Kind::Method)
        Model.ReleaseMethodNames.insert(Release.Name);
    for (const auto &Name : Entry.Roots)
      Model.RootNames.insert(Name.getKey());
    for (const auto &Name : Entry.Observers)
      Model.ObserveNames.insert(Name.getKey());
    for (const auto &Name : Entry.UseFunctions)
      Model.UseFunctionNames.insert(Name.getKey());
  }
  Model.ObserveNames.insert(StopTokenObserver);
  addNames(Options.RootAllowedIn, Model.RootAllowedInNames);
  addNames(Options.GuardTypes, Model.GuardTypeNames);
  addNames(Options.GuardFunctions, Model.GuardFunctionNames);
  for (const auto &Name : Model.GuardTypeNames)
    Model.GuardTypeLastNames.insert(lastComponent(Name.getKey()));
  for (const auto &Name : Model.GuardFunctionNames)
    Model.GuardFunctionLastNames.insert(lastComponent(Name.getKey()));
  addNames(Options.DetachFunctions, Model.DetachFunctionNames);
  addNames(Options.CleanupFunctions, Model.CleanupFunctionNames);
  if (llvm::Error Bad =
          addTakeNames(Options.TakeFunctions, Model.TakeFunctionNames))
    return std::move(Bad);
  return Model;
}

bool ApiModel::mayNameCreation(const FunctionDecl &Callee) const {
  const IdentifierInfo *II = Callee.getIdentifier();
  if (II && AllNames.contains(II->getName()))
    return true;
  const FunctionDecl *Key = Callee.getCanonicalDecl();
  auto [It, Inserted] = CalleeCache.try_emplace(Key, false);
  if (!Inserted)
    return It->second;
  std::optional<unsigned> Param;
  bool May = acquireAttr(Callee, Param) != nullptr;
  if (!May && HasRegexOnlyEntries)
    May = llvm::any_of(Entries, [&](const ApiEntry &Entry) {
      return Entry.Names.empty() && Entry.matchesCallee(Callee);
    });
  It->second = May;
  return May;
}

std::optional<CreationMatch>
ApiModel::matchAnnotated(const FunctionDecl &Callee, QualType Result,
                         unsigned FromParam) const {
  std::optional<unsigned> Param;
  const AcquireHandleAttr *Attr = acquireAttr(Callee, Param, FromParam);
  if (!Attr)
    return std::nullopt;
  // The handle: the result, or the object an out-parameter points to.
  // Failure: an integer handle below zero, or a non-zero integer status
  // next to an out-parameter (the zx_status_t / errno convention); a callee
  // with another result type has no failure branch. One entry per tag,
  // handle position and convention.
  bool IntegerResult = Result->isIntegerType();
  std::string Key = (Param ? "arg." + std::to_string(*Param) : "return") +
                    (IntegerResult ? "\nint\n" : "\n\n") +
                    Attr->getHandleType().str();
  std::unique_ptr<ApiEntry> &Entry = AnnotatedEntries[Key];
  if (!Entry) {
    Entry = std::make_unique<ApiEntry>();
    Entry->Origin = "acquire_handle";
    if (Param) {
      Entry->Handle.K = HandleSpec::Kind::Argument;
      Entry->Handle.Index = *Param;
    } else {
      Entry->Handle.K = HandleSpec::Kind::WholeResult;
    }
    if (IntegerResult)
      Entry->Failure.K =
          Param ? FailureSpec::Kind::NonZero : FailureSpec::Kind::Negative;
    Entry->Releases.push_back({ReleaseSpec::Kind::Attribute,
                               Attr->getHandleType().str(),
                               0,
                               false,
                               {}});
    Entry->Words.Resource = "'" + Attr->getHandleType().str() + "' handle";
  }
  CreationMatch Match;
  Match.Entry = Entry.get();
  Match.Where.Argument = Param;
  Match.Where.WholeResult = !Param;
  return Match;
}

std::optional<CreationMatch>
ApiModel::matchCreation(const CallExpr &Call) const {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || !mayNameCreation(*Callee) || Call.isTypeDependent())
    return std::nullopt;
  QualType Result = Call.getCallReturnType(Callee->getASTContext());
  for (const ApiEntry &Entry : Entries) {
    if (!Entry.matchesCallee(*Callee))
      continue;
    if (auto Where = locateHandle(Entry.Handle, Result, Callee->getName())) {
      // An out-parameter handle needs that argument (after the object, for
      // a member operator call).
      if (Where->Argument && *Where->Argument >= Call.getNumArgs())
        continue;
      Where->ZeroIsEmpty = Entry.Failure.K == FailureSpec::Kind::Zero;
      return CreationMatch{&Entry, *Where};
    }
  }
  return matchAnnotated(*Callee, Result);
}

llvm::SmallVector<CreationMatch, 1>
ApiModel::matchCreations(const CallExpr &Call) const {
  llvm::SmallVector<CreationMatch, 1> Matches;
  std::optional<CreationMatch> Match = matchCreation(Call);
  // SPEC §7.19: every acquire_handle out-parameter of the callee is a
  // handle of its own (`zx_channel_create(0, &a, &b)`).
  while (Match) {
    Matches.push_back(*Match);
    if (Match->Entry->Origin != "acquire_handle" || !Match->Where.Argument)
      break;
    const FunctionDecl *Callee = Call.getDirectCallee();
    Match =
        matchAnnotated(*Callee, Call.getCallReturnType(Callee->getASTContext()),
                       *Match->Where.Argument + 1);
    if (Match &&
        (!Match->Where.Argument || *Match->Where.Argument >= Call.getNumArgs()))
      break;
  }
  return Matches;
}

bool ApiModel::isGuardType(QualType T) const {
  const CXXRecordDecl *RD = recordOf(T);
  // A listed name ends in the record's own name (a specialisation's is its
  // template's): most records are ruled out before the qualified name is
  // built.
  return RD && RD->getIdentifier() &&
         GuardTypeLastNames.contains(RD->getName()) &&
         GuardTypeNames.contains(listedTypeName(RD));
}

bool ApiModel::isGuardFunction(const FunctionDecl &F) const {
  if (F.getIdentifier() && !GuardFunctionLastNames.contains(F.getName()))
    return false;
  return GuardFunctionNames.contains(F.getQualifiedNameAsString());
}

/// Does \p Call's method match \p Spec, a `|`-separated list of `name` or
/// `name(false)` (only when its one argument is the constant false)?
static bool methodListed(llvm::StringRef Spec, const CXXMemberCallExpr &Call) {
  const CXXMethodDecl *Method = Call.getMethodDecl();
  if (!Method || !Method->getIdentifier())
    return false;
  llvm::SmallVector<llvm::StringRef, 2> Names;
  Spec.split(Names, '|', -1, /*KeepEmpty=*/false);
  return llvm::any_of(Names, [&](llvm::StringRef Name) {
    bool OnlyFalse = Name.consume_back("(false)");
    if (Name != Method->getName())
      return false;
    if (!OnlyFalse)
      return true;
    if (Call.getNumArgs() != 1 || Call.getArg(0)->isValueDependent())
      return false;
    bool Value = true;
    return Call.getArg(0)->EvaluateAsBooleanCondition(
               Value, Method->getASTContext()) &&
           !Value;
  });
}

GuardCall ApiModel::guardCallOf(QualType GuardType,
                                const CXXMemberCallExpr &Call) {
  const CXXRecordDecl *RD = recordOf(GuardType);
  if (!RD)
    return GuardCall::Other;
  std::string Name = listedTypeName(RD);
  for (const KnownGuard &Guard : knownGuards()) {
    if (!Guard.IsType || Guard.Name != Name)
      continue;
    if (methodListed(Guard.Dismiss, Call))
      return GuardCall::Dismiss;
    if (methodListed(Guard.Rearm, Call))
      return GuardCall::Rearm;
  }
  return GuardCall::Other;
}

bool ApiModel::isUseArgument(const FunctionDecl &F, unsigned Arg) const {
  if (const ParmVarDecl *Param = parameterFor(F, Arg);
      Param && Param->hasAttr<UseHandleAttr>())
    return true;
  const IdentifierInfo *II = F.getIdentifier();
  return II && UseFunctionNames.contains(II->getName());
}

bool ApiModel::isReleaseArgument(const FunctionDecl &F, unsigned Arg,
                                 bool ByAddress) const {
  if (const ParmVarDecl *Param = parameterFor(F, Arg);
      Param && Param->hasAttr<ReleaseHandleAttr>())
    return true;
  const IdentifierInfo *II = F.getIdentifier();
  if (!II)
    return false;
  for (const ApiEntry &Entry : Entries)
    for (const ReleaseSpec &Release : Entry.Releases)
      if (Release.K == ReleaseSpec::Kind::Function && Release.ArgIndex == Arg &&
          Release.ByAddress == ByAddress && Release.Name == II->getName())
        return true;
  return false;
}

bool ApiModel::isReleaseMethod(const CXXMethodDecl &Method) const {
  return Method.getIdentifier() &&
         ReleaseMethodNames.contains(Method.getName());
}

bool ApiModel::isCleanupRelease(const FunctionDecl &F,
                                const ApiEntry &Api) const {
  if (CleanupFunctionNames.contains(F.getQualifiedNameAsString()))
    return true;
  const FunctionDecl *Definition = nullptr;
  if (!F.hasBody(Definition) || Definition->getNumParams() != 1)
    return false;
  const ParmVarDecl &P = *Definition->getParamDecl(0);
  return releasesIn(Definition->getBody(), Api,
                    [&](const Expr *Arg, bool ByAddress) {
                      return isPointee(Arg, P, ByAddress);
                    });
}

bool ApiModel::passesReleasingCallback(const CallExpr &Call,
                                       const ApiEntry &Api) {
  return llvm::any_of(Call.arguments(), [&](const Expr *Arg) {
    const FunctionDecl *Callback = namedFunction(Arg);
    return Callback && releasesOwnParameter(*Callback, Api);
  });
}

namespace {

/// Does \p S hold a sweep of \p Api (ApiModel::sweeps), looking \p Depth
/// more functions deep?
bool sweepsIn(const Stmt *S, const ApiEntry &Api, unsigned Depth) {
  if (!S)
    return false;
  if (const auto *Call = llvm::dyn_cast<CallExpr>(S))
    if (const FunctionDecl *Callee = Call->getDirectCallee()) {
      const FunctionDecl *Definition = nullptr;
      for (const ApiEntry::SweepSpec &Sweep : Api.Sweeps)
        if (Callee->getIdentifier() && Callee->getName() == Sweep.Name &&
            Sweep.CallbackArg < Call->getNumArgs())
          if (const FunctionDecl *Callback =
                  namedFunction(Call->getArg(Sweep.CallbackArg));
              Callback && releasesOwnParameter(*Callback, Api))
            return true;
      if (Depth > 0 && Callee->hasBody(Definition) &&
          sweepsIn(Definition->getBody(), Api, Depth - 1))
        return true;
    }
  return llvm::any_of(S->children(), [&](const Stmt *Child) {
    return sweepsIn(Child, Api, Depth);
  });
}

} // namespace

bool ApiModel::sweeps(const CallExpr &Call, const ApiEntry &Api) {
  // The call itself, or what its callee's body calls, 3 functions deep.
  return !Api.Sweeps.empty() && sweepsIn(&Call, Api, 3);
}

bool ApiModel::endsByItself(const CallExpr &Call, const ApiEntry &Api) {
  switch (Api.OneShot) {
  case ApiEntry::OneShotKind::Never:
    return false;
  case ApiEntry::OneShotKind::Always:
    return true;
  case ApiEntry::OneShotKind::Callback:
    break;
  }
  return llvm::any_of(Call.arguments(), [](const Expr *Arg) {
    const FunctionDecl *Callback = namedFunction(Arg);
    return Callback && endsItsSource(*Callback);
  });
}

bool ApiModel::isDetachFunction(const FunctionDecl &F) const {
  return DetachFunctionNames.contains(F.getQualifiedNameAsString());
}

const ApiEntry *ApiModel::matchRoot(const FunctionDecl &Callee) const {
  if (!mayNameRoot(Callee) || !contextRecordOf(Callee.getReturnType()))
    return nullptr;
  for (const ApiEntry &Entry : Entries)
    if (Entry.matchesRoot(Callee))
      return &Entry;
  return nullptr;
}

bool ApiModel::isContextType(const CXXRecordDecl &RD) const {
  const CXXRecordDecl *Key = RD.getCanonicalDecl();
  auto [It, Inserted] = ContextTypeCache.try_emplace(Key, false);
  if (!Inserted)
    return It->second;
  IdentifierTable &Idents = Key->getASTContext().Idents;
  // A function of the family, found by name in the class's namespace or an
  // enclosing one, that returns the class (a root) or takes it (a creation).
  auto Fits = [&](const FunctionDecl &F) {
    const ApiEntry *Root = matchRoot(F);
    if (Root && !Root->Observers.empty() &&
        contextRecordOf(F.getReturnType()) == Key)
      return true;
    return llvm::any_of(Entries,
                        [&](const ApiEntry &Entry) {
                          return !Entry.Observers.empty() &&
                                 !Entry.Names.empty() && Entry.matchesCallee(F);
                        }) &&
           llvm::any_of(F.parameters(), [&](const ParmVarDecl *P) {
             return contextRecordOf(P->getType()) == Key;
           });
  };
  auto Lookup = [&](const DeclContext &DC, llvm::StringRef Name) {
    auto Id = Idents.find(Name);
    if (Id == Idents.end())
      return false;
    for (const NamedDecl *Found : DC.lookup(Id->getValue())) {
      const auto *F = llvm::dyn_cast<FunctionDecl>(Found);
      if (const auto *T = llvm::dyn_cast<FunctionTemplateDecl>(Found))
        F = T->getTemplatedDecl();
      if (F && Fits(*F))
        return true;
    }
    return false;
  };
  bool Found = false;
  for (const DeclContext *DC = Key->getDeclContext(); DC && !Found;
       DC = DC->getParent()) {
    if (!DC->isFileContext())
      continue;
    for (const auto &Name : RootNames)
      Found = Found || Lookup(*DC, Name.getKey());
    for (const auto &Name : AllNames)
      Found = Found || Lookup(*DC, Name.getKey());
  }
  ContextTypeCache[Key] = Found;
  return Found;
}

bool ApiModel::isRootAllowedIn(const FunctionDecl &F) const {
  return !RootAllowedInNames.empty() &&
         RootAllowedInNames.contains(F.getQualifiedNameAsString());
}

bool ApiModel::isStopToken(QualType T) {
  return isListedType(recordOf(T), {"std::stop_token"});
}

bool ApiModel::isThreadType(QualType T) {
  return isListedType(recordOf(T), ThreadTypes);
}

std::optional<unsigned> ApiModel::threadEmplaceArgument(const CallExpr &Call) {
  const auto *Member = llvm::dyn_cast<CXXMemberCallExpr>(&Call);
  const CXXMethodDecl *Method = Member ? Member->getMethodDecl() : nullptr;
  if (!Method || !Method->getIdentifier())
    return std::nullopt;
  llvm::StringRef Name = Method->getName();
  if (Name != "emplace_back" && Name != "emplace_front" && Name != "emplace")
    return std::nullopt;
  // A container of threads: its first template argument is a thread class.
  const auto *Container =
      llvm::dyn_cast<ClassTemplateSpecializationDecl>(Method->getParent());
  if (!Container || Container->getTemplateArgs().size() == 0 ||
      Container->getTemplateArgs()[0].getKind() != TemplateArgument::Type ||
      !isThreadType(Container->getTemplateArgs()[0].getAsType()))
    return std::nullopt;
  // emplace(position, args...) of a sequence container.
  return Name == "emplace" ? 1U : 0U;
}

bool ApiModel::mayStartThread(const Expr &E) {
  if (const auto *Cons = llvm::dyn_cast<CXXConstructExpr>(&E))
    return Cons->getNumArgs() > 0 && isThreadType(Cons->getType());
  const auto *Call = llvm::dyn_cast<CallExpr>(&E);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || !Callee->getIdentifier())
    return false;
  llvm::StringRef Name = Callee->getName();
  if (Name == "async")
    return Callee->isInStdNamespace();
  if (threadStartOf(*Callee))
    return true;
  return Name.starts_with("emplace") && threadEmplaceArgument(*Call);
}

bool ApiModel::setsDetachedState(const CallExpr &Call) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || !Callee->getIdentifier())
    return false;
  return llvm::any_of(DetachStateSetters, [&](const DetachStateSetter &Set) {
    return Callee->getName() == Set.Name && Call.getNumArgs() == Set.NumArgs &&
           namesConstant(*Call.getArg(Set.StateArg), Set.Detached,
                         Callee->getASTContext());
  });
}

const ThreadStartFunction *ApiModel::threadStartOf(const FunctionDecl &F) {
  if (!F.getIdentifier())
    return nullptr;
  for (const ThreadStartFunction &Start : ThreadStartFunctions)
    if (F.getName() == Start.Name && F.getNumParams() == Start.NumArgs)
      return &Start;
  return nullptr;
}

} // namespace clang::tidy::lostcancel
