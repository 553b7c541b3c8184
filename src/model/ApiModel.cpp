//===--- ApiModel.cpp - lostcancel ----------------------------------------===//

#include "ApiModel.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::lostcancel {

namespace {

struct BuiltinProfile {
  llvm::StringRef Name;
  llvm::StringRef Entries; ///< `;`-separated entries in the option syntax.
};

// The built-in profiles, as data. SPEC §3.
constexpr BuiltinProfile BuiltinProfiles[] = {
    {"go-context",
     "names=WithCancel|WithTimeout|WithDeadline|WithCancelCause|"
     "WithTimeoutCause|WithDeadlineCause|"
     "with_cancel|with_timeout|with_deadline|with_cancel_cause|"
     "with_timeout_cause|with_deadline_cause|"
     "withCancel|withTimeout|withDeadline|withCancelCause|withTimeoutCause|"
     "withDeadlineCause,"
     "callee=free,handle=return.auto,release=call"},
};

constexpr llvm::StringRef DefaultGuardTypes =
    "absl::Cleanup;gsl::final_action;folly::ScopeGuard;"
    "folly::ScopeGuardImpl;folly::detail::ScopeGuardImpl;"
    "std::experimental::scope_exit;"
    "std::experimental::fundamentals_v3::scope_exit;"
    "boost::scope::scope_exit;boost::scope::defer_guard";

constexpr llvm::StringRef DefaultGuardFunctions =
    "absl::MakeCleanup;gsl::finally;folly::makeGuard;"
    "folly::detail::operator+;boost::scope::make_scope_exit";

constexpr llvm::StringRef DefaultDetachFunctions =
    "std::thread::detach;std::jthread::detach;boost::thread::detach;"
    "pthread_detach";

llvm::Error configError(llvm::StringRef Origin, const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s: %s",
                                 Origin.str().c_str(), Message.str().c_str());
}

llvm::SmallVector<llvm::StringRef> splitList(llvm::StringRef Text, char Sep) {
  llvm::SmallVector<llvm::StringRef> Parts;
  Text.split(Parts, Sep, /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  llvm::SmallVector<llvm::StringRef> Trimmed;
  for (llvm::StringRef Part : Parts)
    if (!Part.trim().empty())
      Trimmed.push_back(Part.trim());
  return Trimmed;
}

llvm::Expected<HandleSpec> parseHandle(llvm::StringRef Value,
                                       llvm::StringRef Origin) {
  HandleSpec Spec;
  if (Value == "return") {
    Spec.K = HandleSpec::Kind::WholeResult;
    return Spec;
  }
  if (!Value.consume_front("return."))
    return configError(Origin, "handle '" + Value +
                                   "' is not supported; expected 'return', "
                                   "'return.N', 'return.NAME' or "
                                   "'return.auto' ('arg.N' handles are not "
                                   "supported yet)");
  if (Value == "auto") {
    Spec.K = HandleSpec::Kind::Auto;
    return Spec;
  }
  if (!Value.empty() && llvm::all_of(Value, llvm::isDigit)) {
    Spec.K = HandleSpec::Kind::Element;
    if (Value.getAsInteger(10, Spec.Element))
      return configError(Origin, "bad element index '" + Value + "'");
    return Spec;
  }
  if (Value.empty() ||
      !llvm::all_of(Value, [](char C) { return llvm::isAlnum(C) || C == '_'; }))
    return configError(Origin, "bad handle member name '" + Value + "'");
  Spec.K = HandleSpec::Kind::Member;
  Spec.Member = Value.str();
  return Spec;
}

llvm::Expected<ReleaseSpec> parseRelease(llvm::StringRef Value,
                                         llvm::StringRef Origin) {
  ReleaseSpec Spec;
  if (Value == "call")
    return Spec;
  if (Value.consume_front("method:")) {
    if (Value.empty())
      return configError(Origin, "release 'method:' needs a method name");
    Spec.K = ReleaseSpec::Kind::Method;
    Spec.Name = Value.str();
    return Spec;
  }
  if (Value.consume_front("func:")) {
    // func:NAME(arg.N)
    size_t Open = Value.find('(');
    if (Open == llvm::StringRef::npos || !Value.ends_with(")"))
      return configError(Origin, "release 'func:" + Value +
                                     "' must have the form func:NAME(arg.N)");
    llvm::StringRef Name = Value.take_front(Open);
    llvm::StringRef Arg = Value.drop_front(Open + 1).drop_back();
    if (Name.empty() || !Arg.consume_front("arg.") ||
        Arg.getAsInteger(10, Spec.ArgIndex))
      return configError(Origin, "release 'func:" + Value +
                                     "' must have the form func:NAME(arg.N)");
    Spec.K = ReleaseSpec::Kind::Function;
    Spec.Name = Name.str();
    return Spec;
  }
  return configError(Origin, "release '" + Value +
                                 "' is not supported; expected 'call', "
                                 "'method:NAME' or 'func:NAME(arg.N)'");
}

bool isStdTemplate(const CXXRecordDecl *RD, llvm::StringRef Name) {
  const auto *Spec =
      llvm::dyn_cast_or_null<ClassTemplateSpecializationDecl>(RD);
  return Spec && Spec->isInStdNamespace() &&
         Spec->getSpecializedTemplate()->getName() == Name;
}

const CXXRecordDecl *recordOf(QualType T) {
  return T.getNonReferenceType()->getAsCXXRecordDecl();
}

bool hasCallOperator(const CXXRecordDecl *RD, unsigned Arity, int Depth = 0) {
  if (!RD || !RD->hasDefinition() || Depth > 8)
    return false;
  RD = RD->getDefinition();
  DeclarationName CallOp =
      RD->getASTContext().DeclarationNames.getCXXOperatorName(OO_Call);
  for (const NamedDecl *ND : RD->lookup(CallOp)) {
    const FunctionDecl *FD = ND->getAsFunction();
    if (!FD)
      continue;
    if (FD->getMinRequiredArguments() <= Arity &&
        (FD->isVariadic() || FD->getNumParams() >= Arity ||
         FD->getDescribedFunctionTemplate()))
      return true;
  }
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (hasCallOperator(Base.getType()->getAsCXXRecordDecl(), Arity, Depth + 1))
      return true;
  return false;
}

// Is a name one of the *Cause variants (whose handle may take one argument)?
bool isCauseVariant(llvm::StringRef Name) {
  return Name.ends_with("Cause") || Name.ends_with("_cause");
}

bool isHandleType(QualType T, llvm::StringRef CalleeName) {
  return isInvocableWith(T, 0) ||
         (isCauseVariant(CalleeName) && isInvocableWith(T, 1));
}

// SPEC §7.11 for pair/tuple/class results.
std::optional<HandleLocation> autoHandle(QualType Result,
                                         llvm::StringRef CalleeName) {
  const CXXRecordDecl *RD = recordOf(Result);
  if (!RD || !RD->hasDefinition())
    return std::nullopt;
  if (isStdTemplate(RD, "pair") || isStdTemplate(RD, "tuple")) {
    llvm::SmallVector<QualType, 4> Elements = tupleElementTypes(Result);
    for (unsigned I = Elements.size(); I > 1; --I) {
      if (!isHandleType(Elements[I - 1], CalleeName))
        continue;
      HandleLocation Where;
      Where.Index = I - 1;
      if (isStdTemplate(RD, "pair"))
        for (const FieldDecl *FD : RD->getDefinition()->fields())
          if (FD->getName() == "second")
            Where.Field = FD;
      return Where;
    }
    return std::nullopt;
  }
  // A class: the public data member named *cancel*, else the only invocable
  // data member.
  const FieldDecl *Named = nullptr, *Invocable = nullptr;
  unsigned NamedCount = 0, InvocableCount = 0, Index = 0, NamedIndex = 0,
           InvocableIndex = 0;
  for (const FieldDecl *FD : RD->getDefinition()->fields()) {
    if (FD->getAccess() == AS_public) {
      if (llvm::StringRef(FD->getName()).contains_insensitive("cancel")) {
        Named = FD;
        NamedIndex = Index;
        ++NamedCount;
      }
      if (isHandleType(FD->getType(), CalleeName)) {
        Invocable = FD;
        InvocableIndex = Index;
        ++InvocableCount;
      }
    }
    ++Index;
  }
  HandleLocation Where;
  if (NamedCount == 1 && isHandleType(Named->getType(), CalleeName)) {
    Where.Field = Named;
    Where.Index = NamedIndex;
    return Where;
  }
  if (NamedCount == 0 && InvocableCount == 1) {
    Where.Field = Invocable;
    Where.Index = InvocableIndex;
    return Where;
  }
  return std::nullopt;
}

std::optional<HandleLocation> locateHandle(const HandleSpec &Spec,
                                           QualType Result,
                                           llvm::StringRef CalleeName) {
  switch (Spec.K) {
  case HandleSpec::Kind::Auto:
    return autoHandle(Result, CalleeName);
  case HandleSpec::Kind::WholeResult: {
    HandleLocation Where;
    Where.WholeResult = true;
    return Where;
  }
  case HandleSpec::Kind::Element: {
    const CXXRecordDecl *RD = recordOf(Result);
    if (!RD || !(isStdTemplate(RD, "pair") || isStdTemplate(RD, "tuple")))
      return std::nullopt;
    HandleLocation Where;
    Where.Index = Spec.Element;
    if (isStdTemplate(RD, "pair")) {
      if (Spec.Element > 1)
        return std::nullopt;
      for (const FieldDecl *FD : RD->getDefinition()->fields())
        if (FD->getFieldIndex() == Spec.Element)
          Where.Field = FD;
    }
    return Where;
  }
  case HandleSpec::Kind::Member: {
    const CXXRecordDecl *RD = recordOf(Result);
    if (!RD || !RD->hasDefinition())
      return std::nullopt;
    for (const FieldDecl *FD : RD->getDefinition()->fields())
      if (FD->getName() == Spec.Member) {
        HandleLocation Where;
        Where.Field = FD;
        Where.Index = FD->getFieldIndex();
        return Where;
      }
    return std::nullopt;
  }
  }
  return std::nullopt;
}

/// The name a guard type is listed under: the template's qualified name for
/// a specialization, else the record's qualified name.
std::string guardTypeName(const CXXRecordDecl *RD) {
  if (const auto *Spec = llvm::dyn_cast<ClassTemplateSpecializationDecl>(RD))
    return Spec->getSpecializedTemplate()->getQualifiedNameAsString();
  return RD->getQualifiedNameAsString();
}

} // namespace

llvm::SmallVector<QualType, 4> tupleElementTypes(QualType T) {
  llvm::SmallVector<QualType, 4> Elements;
  const CXXRecordDecl *RD = recordOf(T);
  if (!isStdTemplate(RD, "pair") && !isStdTemplate(RD, "tuple"))
    return Elements;
  const auto *Spec = llvm::cast<ClassTemplateSpecializationDecl>(RD);
  for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray()) {
    if (Arg.getKind() == TemplateArgument::Type)
      Elements.push_back(Arg.getAsType());
    else if (Arg.getKind() == TemplateArgument::Pack)
      for (const TemplateArgument &P : Arg.pack_elements())
        Elements.push_back(P.getAsType());
  }
  return Elements;
}

bool isInvocableWith(QualType T, unsigned Arity) {
  if (T.isNull())
    return false;
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  if (const auto *FT = T->getAs<FunctionProtoType>())
    return FT->getNumParams() == Arity || FT->isVariadic();
  if (T->getAs<FunctionNoProtoType>())
    return true;
  return hasCallOperator(T->getAsCXXRecordDecl(), Arity);
}

bool ApiEntry::matchesCallee(const FunctionDecl &Callee) const {
  if (FreeOrStaticOnly) {
    if (const auto *MD = llvm::dyn_cast<CXXMethodDecl>(&Callee))
      if (!MD->isStatic())
        return false;
  }
  if (const IdentifierInfo *II = Callee.getIdentifier())
    if (Names.contains(II->getName()))
      return true;
  if (Creation)
    return Creation->match(Callee.getQualifiedNameAsString());
  return false;
}

llvm::Expected<ApiEntry> parseApiEntry(llvm::StringRef Text,
                                       llvm::StringRef Origin) {
  ApiEntry Entry;
  Entry.Origin = Origin.str();
  bool HasHandle = false, HasRelease = false;
  for (llvm::StringRef Field : splitList(Text, ',')) {
    auto [Key, Value] = Field.split('=');
    Key = Key.trim();
    Value = Value.trim();
    if (!Field.contains('='))
      return configError(Origin, "entry field '" + Field +
                                     "' is not of the form key=value");
    if (Key == "names") {
      for (llvm::StringRef Name : splitList(Value, '|'))
        Entry.Names.insert(Name);
    } else if (Key == "creation") {
      auto RE = std::make_shared<llvm::Regex>(Value);
      std::string Why;
      if (!RE->isValid(Why))
        return configError(Origin,
                           "bad creation regex '" + Value + "': " + Why);
      Entry.Creation = std::move(RE);
    } else if (Key == "callee") {
      if (Value == "free")
        Entry.FreeOrStaticOnly = true;
      else if (Value != "any")
        return configError(Origin,
                           "callee '" + Value + "' must be 'free' or 'any'");
    } else if (Key == "handle") {
      auto Spec = parseHandle(Value, Origin);
      if (!Spec)
        return Spec.takeError();
      Entry.Handle = *Spec;
      HasHandle = true;
    } else if (Key == "release") {
      auto Spec = parseRelease(Value, Origin);
      if (!Spec)
        return Spec.takeError();
      Entry.Release = *Spec;
      HasRelease = true;
    } else if (Key == "use") {
      for (llvm::StringRef Name : splitList(Value, '|'))
        Entry.UseFunctions.insert(Name);
    } else {
      return configError(Origin, "unknown key '" + Key +
                                     "' (expected names, creation, callee, "
                                     "handle, release or use)");
    }
  }
  if (Entry.Names.empty() && !Entry.Creation)
    return configError(Origin, "entry '" + Text +
                                   "' names no creation function (give "
                                   "names=... or creation=REGEX)");
  if (!HasHandle)
    return configError(Origin, "entry '" + Text + "' has no handle=...");
  if (!HasRelease)
    return configError(Origin, "entry '" + Text + "' has no release=...");
  return Entry;
}

llvm::StringRef ApiModel::defaultProfiles() { return "go-context"; }
llvm::StringRef ApiModel::defaultGuardTypes() { return DefaultGuardTypes; }
llvm::StringRef ApiModel::defaultDetachFunctions() {
  return DefaultDetachFunctions;
}
llvm::StringRef ApiModel::defaultGuardFunctions() {
  return DefaultGuardFunctions;
}

llvm::Expected<ApiModel> ApiModel::create(llvm::StringRef Profiles,
                                          llvm::StringRef Apis,
                                          llvm::StringRef GuardTypes,
                                          llvm::StringRef GuardFunctions,
                                          llvm::StringRef DetachFunctions) {
  ApiModel Model;
  for (llvm::StringRef Name : splitList(Profiles, ';')) {
    const auto *Profile =
        llvm::find_if(BuiltinProfiles,
                      [&](const BuiltinProfile &P) { return P.Name == Name; });
    if (Profile == std::end(BuiltinProfiles)) {
      std::string Known;
      for (const BuiltinProfile &P : BuiltinProfiles)
        Known += (Known.empty() ? "" : ", ") + P.Name.str();
      return configError("lostcancel.Profiles", "unknown profile '" + Name +
                                                    "' (known: " + Known + ")");
    }
    for (llvm::StringRef Text : splitList(Profile->Entries, ';')) {
      auto Entry = parseApiEntry(Text, Profile->Name);
      if (!Entry)
        return Entry.takeError();
      Model.Entries.push_back(std::move(*Entry));
    }
  }
  for (llvm::StringRef Text : splitList(Apis, ';')) {
    auto Entry = parseApiEntry(Text, "lostcancel.Apis");
    if (!Entry)
      return Entry.takeError();
    Model.Entries.push_back(std::move(*Entry));
  }
  for (const ApiEntry &Entry : Model.Entries) {
    for (const auto &Name : Entry.Names)
      Model.AllNames.insert(Name.getKey());
    Model.HasRegexEntries |= static_cast<bool>(Entry.Creation);
  }
  for (llvm::StringRef Name : splitList(GuardTypes, ';'))
    Model.GuardTypeNames.insert(Name.ltrim(':'));
  for (llvm::StringRef Name : splitList(GuardFunctions, ';'))
    Model.GuardFunctionNames.insert(Name.ltrim(':'));
  for (llvm::StringRef Name : splitList(DetachFunctions, ';'))
    Model.DetachFunctionNames.insert(Name.ltrim(':'));
  return Model;
}

bool ApiModel::mayNameCreation(const FunctionDecl &Callee) const {
  if (HasRegexEntries)
    return true;
  const IdentifierInfo *II = Callee.getIdentifier();
  return II && AllNames.contains(II->getName());
}

std::optional<CreationMatch>
ApiModel::matchCreation(const CallExpr &Call) const {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || !mayNameCreation(*Callee) || Call.isTypeDependent())
    return std::nullopt;
  for (const ApiEntry &Entry : Entries) {
    if (!Entry.matchesCallee(*Callee))
      continue;
    if (auto Where = locateHandle(
            Entry.Handle, Call.getCallReturnType(Callee->getASTContext()),
            Callee->getName()))
      return CreationMatch{&Entry, *Where};
  }
  return std::nullopt;
}

bool ApiModel::isGuardType(QualType T) const {
  const CXXRecordDecl *RD = recordOf(T);
  return RD && GuardTypeNames.contains(guardTypeName(RD));
}

bool ApiModel::isGuardFunction(const FunctionDecl &F) const {
  return GuardFunctionNames.contains(F.getQualifiedNameAsString());
}

bool ApiModel::isUseFunction(const FunctionDecl &F) const {
  const IdentifierInfo *II = F.getIdentifier();
  if (!II)
    return false;
  return llvm::any_of(Entries, [&](const ApiEntry &E) {
    return E.UseFunctions.contains(II->getName());
  });
}

bool ApiModel::isDetachFunction(const FunctionDecl &F) const {
  return DetachFunctionNames.contains(F.getQualifiedNameAsString());
}

bool ApiModel::isThreadType(QualType T) {
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD)
    return false;
  std::string Name = guardTypeName(RD);
  return Name == "std::thread" || Name == "std::jthread" ||
         Name == "boost::thread";
}

std::optional<unsigned> ApiModel::releaseArgument(const ApiEntry &Entry,
                                                  const FunctionDecl &Callee) {
  if (Entry.Release.K != ReleaseSpec::Kind::Function)
    return std::nullopt;
  const IdentifierInfo *II = Callee.getIdentifier();
  if (!II || II->getName() != Entry.Release.Name)
    return std::nullopt;
  return Entry.Release.ArgIndex;
}

} // namespace clang::tidy::lostcancel
