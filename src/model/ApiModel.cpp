//===--- ApiModel.cpp - lostcancel ----------------------------------------===//

#include "model/ApiModel.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLTraits.h"
#include <limits>

namespace clang::tidy::lostcancel {

namespace {

struct BuiltinProfile {
  llvm::StringRef Name;
  llvm::StringRef Entries; ///< `;`-separated entries in the option syntax.
};

// The built-in profiles, as data, in the syntax of `lostcancel.Apis`
// (ApiModel.h). SPEC §3; docs/profiles/*.md describe each.
constexpr BuiltinProfile BuiltinProfiles[] = {
    {"go-context",
     // Libraries with a guard of their own, or a result of their own shape
     // (docs/profiles/go-context.md), before the generic rule.
     // pygolang: golang::context, its defer(f) macro.
     "names=with_cancel|with_timeout|with_deadline|merge,"
     "creation=^golang::context::,callee=free,handle=return.auto,"
     "release=call,guard='defer({lambda})',"
     "noun=cancel handle,resource=context,"
     "lifetime=until its parent is cancelled;"
     // gocxx: Result<pair<ContextPtr, CancelFunc>>, failed when !Ok().
     "names=WithCancel|WithTimeout|WithDeadline,"
     "creation=^gocxx::context::,callee=free,handle=return.value.auto,"
     "release=call,failure='!Ok()|Failed()|!bool()|.err',"
     "guard='defer({handle})',"
     "noun=cancel handle,resource=context,"
     "lifetime=until its parent is cancelled;"
     // bongo: bongo::defer(f) returns a guard.
     "names=with_cancel|with_timeout|with_deadline,"
     "creation=^bongo::context::,callee=free,handle=return.auto,"
     "release=call,guard='auto {name} = bongo::defer({lambda});',"
     "noun=cancel handle,resource=context,"
     "lifetime=until its parent is cancelled;"
     // The generic rule: any namespace, three spellings (goincpp is
     // lowerCamel).
     "names=WithCancel|WithTimeout|WithDeadline|WithCancelCause|"
     "WithTimeoutCause|WithDeadlineCause|"
     "with_cancel|with_timeout|with_deadline|with_cancel_cause|"
     "with_timeout_cause|with_deadline_cause|"
     "withCancel|withTimeout|withDeadline|withCancelCause|withTimeoutCause|"
     "withDeadlineCause,"
     "callee=free,handle=return.auto,release=call,"
     "noun=cancel handle,resource=context,"
     "lifetime=until its parent is cancelled"},
    {"posix-timer",
     "names=timer_create,callee=free,handle=arg.2,"
     "release=func:timer_delete(arg.0),failure=nonzero,"
     "use=timer_settime|timer_gettime|timer_getoverrun,"
     "noun=timer,resource=timer,lifetime=until the process exits;"
     "names=timerfd_create,callee=free,handle=return,"
     "release=func:close(arg.0),failure=negative,"
     "use=timerfd_settime|timerfd_gettime|read|write|poll|ppoll|select|"
     "fcntl|ioctl|epoll_ctl,"
     "noun=timer descriptor,resource=file descriptor,"
     "lifetime=until the process exits"},
    {"pplx", "names=register_callback,"
             "creation=^pplx::cancellation_token::register_callback$,"
             "handle=return,release=func:deregister_callback(arg.0),"
             "noun=callback registration,resource=registration,"
             "lifetime=until the token is cancelled or destroyed"},
    {"libuv",
     "names=uv_timer_start,callee=free,handle=arg.0,"
     "release=func:uv_timer_stop(&arg.0)|func:uv_close(&arg.0),"
     "failure=nonzero,restarts=true,"
     "use=uv_timer_init|uv_timer_again|uv_timer_set_repeat|"
     "uv_timer_get_repeat|uv_timer_get_due_in|uv_is_active|uv_is_closing|"
     "uv_ref|uv_unref|uv_has_ref|uv_handle_get_data|uv_handle_set_data|"
     "uv_handle_get_loop|uv_handle_get_type,"
     "noun=timer,verb=started by,resource=timer,"
     "lifetime=in its loop after its storage is gone"},
};

constexpr llvm::StringRef DefaultGuardTypes =
    "absl::Cleanup;gsl::final_action;folly::ScopeGuard;"
    "folly::ScopeGuardImpl;folly::detail::ScopeGuardImpl;"
    "std::experimental::scope_exit;"
    "std::experimental::fundamentals_v3::scope_exit;"
    "boost::scope::scope_exit;boost::scope::defer_guard;golang::_deferred;"
    "gocxx::sync::Defer;bongo::runtime::deferred_action";

constexpr llvm::StringRef DefaultGuardFunctions =
    "absl::MakeCleanup;gsl::finally;folly::makeGuard;"
    "folly::detail::operator+;boost::scope::make_scope_exit;"
    "bongo::runtime::defer";

constexpr llvm::StringRef DefaultDetachFunctions =
    "std::thread::detach;std::jthread::detach;boost::thread::detach;"
    "pthread_detach";

llvm::Error configError(llvm::StringRef Origin, const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s: %s",
                                 Origin.str().c_str(), Message.str().c_str());
}

/// Splits \p Text at \p Sep, except inside quotes ('...', "..."); a
/// backslash keeps the next character. Parts are trimmed; empty parts are
/// dropped.
llvm::SmallVector<llvm::StringRef> splitTopLevel(llvm::StringRef Text,
                                                 char Sep) {
  llvm::SmallVector<llvm::StringRef> Parts;
  char Quote = 0;
  size_t Start = 0;
  auto Flush = [&](size_t End) {
    llvm::StringRef Part = Text.slice(Start, End).trim();
    if (!Part.empty())
      Parts.push_back(Part);
    Start = End + 1;
  };
  for (size_t I = 0; I < Text.size(); ++I) {
    char C = Text[I];
    if (C == '\\') {
      ++I;
      continue;
    }
    if (Quote) {
      if (C == Quote)
        Quote = 0;
      continue;
    }
    if (C == '\'' || C == '"')
      Quote = C;
    else if (C == Sep)
      Flush(I);
  }
  Flush(Text.size());
  return Parts;
}

/// A quote that is never closed makes every later separator part of one
/// value: an error of its own rather than a confusing one later.
llvm::Error checkQuotes(llvm::StringRef Text, llvm::StringRef Origin) {
  char Quote = 0;
  for (size_t I = 0; I < Text.size(); ++I) {
    if (Text[I] == '\\')
      ++I;
    else if (Quote && Text[I] == Quote)
      Quote = 0;
    else if (!Quote && (Text[I] == '\'' || Text[I] == '"'))
      Quote = Text[I];
  }
  if (Quote)
    return configError(Origin, "unclosed " + std::string(1, Quote) + " in '" +
                                   Text + "'");
  return llvm::Error::success();
}

/// A value without its enclosing quotes, if it has them.
llvm::StringRef unquote(llvm::StringRef Value) {
  if (Value.size() >= 2 && (Value.front() == '\'' || Value.front() == '"') &&
      Value.back() == Value.front())
    return Value.drop_front().drop_back();
  return Value;
}

bool isIdentifier(llvm::StringRef Name) {
  return !Name.empty() && !llvm::isDigit(Name.front()) &&
         llvm::all_of(Name,
                      [](char C) { return llvm::isAlnum(C) || C == '_'; });
}

/// handle=: return, return.N, return.NAME, return.NAME.N, return.NAME.auto,
/// return.auto, arg.N.
llvm::Expected<HandleSpec> parseHandle(llvm::StringRef Value,
                                       llvm::StringRef Origin) {
  HandleSpec Spec;
  auto Bad = [&] {
    return configError(Origin,
                       "handle '" + Value +
                           "' is not supported; expected 'return', "
                           "'return.N', 'return.NAME', 'return.NAME.N', "
                           "'return.auto' or 'arg.N'");
  };
  if (Value == "return") {
    Spec.K = HandleSpec::Kind::WholeResult;
    return Spec;
  }
  llvm::StringRef Rest = Value;
  if (Rest.consume_front("arg.")) {
    if (Rest.empty() || Rest.getAsInteger(10, Spec.Index))
      return Bad();
    Spec.K = HandleSpec::Kind::Argument;
    return Spec;
  }
  if (!Rest.consume_front("return."))
    return Bad();
  // return.NAME.N / return.NAME.auto: inside a member of the result.
  if (auto [Outer, Inner] = Rest.split('.'); !Inner.empty()) {
    if (!isIdentifier(Outer) || Outer == "auto")
      return Bad();
    Spec.Outer = Outer.str();
    Rest = Inner;
    if (Rest != "auto" && !llvm::all_of(Rest, llvm::isDigit))
      return Bad();
  }
  if (Rest == "auto") {
    Spec.K = HandleSpec::Kind::Auto;
    return Spec;
  }
  if (!Rest.empty() && llvm::all_of(Rest, llvm::isDigit)) {
    Spec.K = HandleSpec::Kind::Element;
    if (Rest.getAsInteger(10, Spec.Index))
      return Bad();
    return Spec;
  }
  if (!isIdentifier(Rest))
    return Bad();
  Spec.K = HandleSpec::Kind::Member;
  Spec.Member = Rest.str();
  return Spec;
}

/// One alternative of release=: call, method:NAME, func:NAME(arg.N),
/// func:NAME(&arg.N).
llvm::Expected<ReleaseSpec> parseRelease(llvm::StringRef Value,
                                         llvm::StringRef Origin) {
  ReleaseSpec Spec;
  if (Value == "call")
    return Spec;
  if (llvm::StringRef Name = Value; Name.consume_front("method:")) {
    if (!isIdentifier(Name))
      return configError(Origin, "release '" + Value +
                                     "' must have the form method:NAME");
    Spec.K = ReleaseSpec::Kind::Method;
    Spec.Name = Name.str();
    return Spec;
  }
  if (llvm::StringRef Call = Value; Call.consume_front("func:")) {
    auto Bad = [&] {
      return configError(Origin, "release '" + Value +
                                     "' must have the form func:NAME(arg.N) "
                                     "or func:NAME(&arg.N)");
    };
    size_t Open = Call.find('(');
    if (Open == llvm::StringRef::npos || !Call.ends_with(")"))
      return Bad();
    llvm::StringRef Name = Call.take_front(Open);
    llvm::StringRef Arg = Call.drop_front(Open + 1).drop_back().trim();
    Spec.ByAddress = Arg.consume_front("&");
    if (!isIdentifier(Name) || !Arg.consume_front("arg.") || Arg.empty() ||
        Arg.getAsInteger(10, Spec.ArgIndex))
      return Bad();
    Spec.K = ReleaseSpec::Kind::Function;
    Spec.Name = Name.str();
    return Spec;
  }
  return configError(Origin, "release '" + Value +
                                 "' is not supported; expected 'call', "
                                 "'method:NAME', 'func:NAME(arg.N)' or "
                                 "'func:NAME(&arg.N)'");
}

llvm::Expected<FailureSpec> parseFailure(llvm::StringRef Value,
                                         llvm::StringRef Origin) {
  FailureSpec Spec;
  if (Value == "nonzero") {
    Spec.K = FailureSpec::Kind::NonZero;
    return Spec;
  }
  if (Value == "negative") {
    Spec.K = FailureSpec::Kind::Negative;
    return Spec;
  }
  Spec.K = FailureSpec::Kind::ResultTests;
  for (llvm::StringRef Alternative : splitTopLevel(Value, '|')) {
    FailureSpec::ResultTest Test;
    llvm::StringRef Name = Alternative;
    bool Negated = Name.consume_front("!");
    Test.IsMethod = Name.consume_back("()");
    bool IsMember = Name.consume_front(".");
    Test.FailsWhenTrue = !Negated;
    if (!isIdentifier(Name) || Test.IsMethod == IsMember)
      return configError(Origin, "failure '" + Value +
                                     "' is not supported; expected "
                                     "'nonzero', 'negative', or tests on the "
                                     "result such as '!Ok()|Failed()|.err'");
    Test.Name = Name.str();
    Spec.Tests.push_back(std::move(Test));
  }
  if (Spec.Tests.empty())
    return configError(Origin, "failure '" + Value + "' names no test");
  return Spec;
}

llvm::Error checkGuardTemplate(llvm::StringRef Template,
                               llvm::StringRef Origin) {
  if (!Template.contains("{lambda}") && !Template.contains("{release}") &&
      !Template.contains("{handle}"))
    return configError(Origin, "guard '" + Template +
                                   "' has no {lambda}, {release} or "
                                   "{handle} placeholder");
  return llvm::Error::success();
}

/// Builds an entry from its key/value fields. \p Describe names the entry
/// in errors.
llvm::Expected<ApiEntry>
buildEntry(llvm::ArrayRef<std::pair<std::string, std::string>> Fields,
           llvm::StringRef Origin, llvm::StringRef Describe) {
  ApiEntry Entry;
  Entry.Origin = Origin.str();
  bool HasHandle = false;
  llvm::StringSet<> Seen;
  for (const auto &[Key, Value] : Fields) {
    if (!Seen.insert(Key).second)
      return configError(Origin, Describe + " gives '" + Key + "' twice");
    if (Key == "names") {
      for (llvm::StringRef Name : splitTopLevel(Value, '|')) {
        if (!isIdentifier(Name))
          return configError(Origin, "name '" + Name +
                                         "' is not an unqualified function "
                                         "name (use creation=REGEX for "
                                         "qualified names)");
        Entry.Names.insert(Name);
      }
    } else if (Key == "creation") {
      auto RE = std::make_shared<llvm::Regex>(Value);
      std::string Why;
      if (Value.empty() || !RE->isValid(Why))
        return configError(Origin, "bad creation regex '" + Value +
                                       "': " + (Value.empty() ? "empty" : Why));
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
      for (llvm::StringRef Alternative : splitTopLevel(Value, '|')) {
        auto Spec = parseRelease(Alternative, Origin);
        if (!Spec)
          return Spec.takeError();
        Entry.Releases.push_back(*Spec);
      }
    } else if (Key == "use") {
      for (llvm::StringRef Name : splitTopLevel(Value, '|')) {
        if (!isIdentifier(Name))
          return configError(Origin, "use function '" + Name +
                                         "' is not an unqualified function "
                                         "name");
        Entry.UseFunctions.insert(Name);
      }
    } else if (Key == "failure") {
      auto Spec = parseFailure(Value, Origin);
      if (!Spec)
        return Spec.takeError();
      Entry.Failure = *Spec;
    } else if (Key == "guard") {
      if (llvm::Error Bad = checkGuardTemplate(Value, Origin))
        return std::move(Bad);
      Entry.Guard = Value;
    } else if (Key == "restarts") {
      if (Value != "true" && Value != "false")
        return configError(Origin, "restarts '" + Value +
                                       "' must be 'true' or 'false'");
      Entry.Restarts = Value == "true";
    } else if (Key == "noun") {
      Entry.Words.Noun = Value;
    } else if (Key == "verb") {
      Entry.Words.Verb = Value;
    } else if (Key == "resource") {
      Entry.Words.Resource = Value;
    } else if (Key == "lifetime") {
      Entry.Words.Lifetime = Value;
    } else {
      return configError(Origin,
                         "unknown key '" + Key +
                             "' (expected names, creation, callee, handle, "
                             "release, use, failure, guard, restarts, noun, "
                             "verb, resource or lifetime)");
    }
  }
  if (Entry.Names.empty() && !Entry.Creation)
    return configError(Origin, Describe + " names no creation function (give "
                                          "names=... or creation=REGEX)");
  if (!HasHandle)
    return configError(Origin, Describe + " has no handle=...");
  if (Entry.Releases.empty())
    return configError(Origin, Describe + " has no release=...");
  if (Entry.Handle.K == HandleSpec::Kind::Argument &&
      Entry.Failure.K == FailureSpec::Kind::Negative)
    return configError(Origin, Describe +
                                   ": failure=negative needs the handle in "
                                   "the result; an arg.N handle's status is "
                                   "a code (failure=nonzero)");
  return Entry;
}

/// Parses one entry of the option syntax.
llvm::Expected<ApiEntry> parseEntryText(llvm::StringRef Text,
                                        llvm::StringRef Origin) {
  llvm::SmallVector<std::pair<std::string, std::string>> Fields;
  for (llvm::StringRef Field : splitTopLevel(Text, ',')) {
    if (!Field.contains('='))
      return configError(Origin, "entry field '" + Field +
                                     "' is not of the form key=value");
    auto [Key, Value] = Field.split('=');
    Fields.push_back({Key.trim().str(), unquote(Value.trim()).str()});
  }
  return buildEntry(Fields, Origin, "entry '" + Text.str() + "'");
}

// --- lostcancel.ApiFile -----------------------------------------------------

/// One API in the YAML file; the same keys as the option syntax, with
/// lists for names, release and use.
struct YamlApi {
  std::vector<std::string> Names;
  std::optional<std::string> Creation, Callee, Handle, Failure, Guard, Restarts,
      Noun, Verb, Resource, Lifetime;
  std::vector<std::string> Release, Use;
};

struct YamlApiFile {
  std::vector<YamlApi> Apis;
};

} // namespace
} // namespace clang::tidy::lostcancel

LLVM_YAML_IS_SEQUENCE_VECTOR(clang::tidy::lostcancel::YamlApi)

namespace llvm::yaml {
template <> struct MappingTraits<clang::tidy::lostcancel::YamlApi> {
  static void mapping(IO &IO, clang::tidy::lostcancel::YamlApi &Api) {
    IO.mapOptional("names", Api.Names);
    IO.mapOptional("creation", Api.Creation);
    IO.mapOptional("callee", Api.Callee);
    IO.mapOptional("handle", Api.Handle);
    IO.mapOptional("release", Api.Release);
    IO.mapOptional("use", Api.Use);
    IO.mapOptional("failure", Api.Failure);
    IO.mapOptional("guard", Api.Guard);
    IO.mapOptional("restarts", Api.Restarts);
    IO.mapOptional("noun", Api.Noun);
    IO.mapOptional("verb", Api.Verb);
    IO.mapOptional("resource", Api.Resource);
    IO.mapOptional("lifetime", Api.Lifetime);
  }
};
template <> struct MappingTraits<clang::tidy::lostcancel::YamlApiFile> {
  static void mapping(IO &IO, clang::tidy::lostcancel::YamlApiFile &File) {
    IO.mapRequired("apis", File.Apis);
  }
};
} // namespace llvm::yaml

namespace clang::tidy::lostcancel {
namespace {

/// Where a relative ApiFile is: beside the checked file or above it (as
/// clang-tidy finds .clang-tidy), else in the current directory.
std::string resolveApiFile(llvm::StringRef Path, llvm::StringRef MainFile) {
  if (llvm::sys::path::is_absolute(Path) || MainFile.empty())
    return Path.str();
  llvm::SmallString<256> Dir(MainFile);
  if (llvm::sys::fs::make_absolute(Dir))
    return Path.str();
  llvm::sys::path::remove_filename(Dir);
  while (!Dir.empty()) {
    llvm::SmallString<256> Candidate(Dir);
    llvm::sys::path::append(Candidate, Path);
    if (llvm::sys::fs::exists(Candidate))
      return std::string(Candidate);
    llvm::StringRef Parent = llvm::sys::path::parent_path(Dir);
    if (Parent == Dir)
      break;
    Dir = Parent;
  }
  return Path.str();
}

llvm::Error loadApiFile(llvm::StringRef Path, llvm::StringRef MainFile,
                        std::vector<ApiEntry> &Entries) {
  constexpr llvm::StringRef Option = "lostcancel.ApiFile";
  std::string Resolved = resolveApiFile(Path, MainFile);
  auto Buffer = llvm::MemoryBuffer::getFile(Resolved, /*IsText=*/true);
  if (!Buffer)
    return configError(Option, "cannot read '" + Resolved +
                                   "': " + Buffer.getError().message());
  std::string FirstError;
  auto OnError = [](const llvm::SMDiagnostic &Diag, void *Context) {
    auto &Out = *static_cast<std::string *>(Context);
    if (Out.empty())
      Out = (llvm::Twine(Diag.getLineNo()) + ":" +
             llvm::Twine(Diag.getColumnNo() + 1) + ": " + Diag.getMessage())
                .str();
  };
  YamlApiFile File;
  llvm::yaml::Input In((*Buffer)->getMemBufferRef(), nullptr, OnError,
                       &FirstError);
  In >> File;
  if (In.error())
    return configError(
        Option, "'" + Resolved + "' is not a valid API file: " + Resolved +
                    ":" +
                    (FirstError.empty() ? "1:1: invalid YAML" : FirstError));
  for (size_t I = 0; I < File.Apis.size(); ++I) {
    std::string Origin = (Option + ": " + Resolved + ": entry " +
                          llvm::Twine(I + 1) + " of 'apis'")
                             .str();
    const YamlApi &Api = File.Apis[I];
    llvm::SmallVector<std::pair<std::string, std::string>> Fields;
    auto Add = [&](llvm::StringRef Key, const std::optional<std::string> &V) {
      if (V)
        Fields.push_back({Key.str(), *V});
    };
    auto AddList = [&](llvm::StringRef Key,
                       const std::vector<std::string> &List) {
      if (!List.empty())
        Fields.push_back({Key.str(), llvm::join(List, "|")});
    };
    AddList("names", Api.Names);
    Add("creation", Api.Creation);
    Add("callee", Api.Callee);
    Add("handle", Api.Handle);
    AddList("release", Api.Release);
    AddList("use", Api.Use);
    Add("failure", Api.Failure);
    Add("guard", Api.Guard);
    Add("restarts", Api.Restarts);
    Add("noun", Api.Noun);
    Add("verb", Api.Verb);
    Add("resource", Api.Resource);
    Add("lifetime", Api.Lifetime);
    auto Entry = buildEntry(Fields, Origin, "the entry");
    if (!Entry)
      return Entry.takeError();
    Entries.push_back(std::move(*Entry));
  }
  return llvm::Error::success();
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

const FieldDecl *fieldNamed(const CXXRecordDecl *RD, llvm::StringRef Name) {
  if (!RD || !RD->hasDefinition())
    return nullptr;
  for (const FieldDecl *FD : RD->getDefinition()->fields())
    if (FD->getName() == Name)
      return FD;
  return nullptr;
}

std::optional<HandleLocation> locateHandle(const HandleSpec &Spec,
                                           QualType Result,
                                           llvm::StringRef CalleeName) {
  // return.NAME.N / return.NAME.auto: locate inside the member's type.
  const FieldDecl *Outer = nullptr;
  if (!Spec.Outer.empty()) {
    Outer = fieldNamed(recordOf(Result), Spec.Outer);
    if (!Outer)
      return std::nullopt;
    Result = Outer->getType();
  }
  std::optional<HandleLocation> Where;
  switch (Spec.K) {
  case HandleSpec::Kind::Auto:
    Where = autoHandle(Result, CalleeName);
    break;
  case HandleSpec::Kind::WholeResult:
    Where.emplace();
    Where->WholeResult = true;
    break;
  case HandleSpec::Kind::Argument:
    Where.emplace();
    Where->Argument = Spec.Index;
    break;
  case HandleSpec::Kind::Element: {
    const CXXRecordDecl *RD = recordOf(Result);
    if (!RD || !(isStdTemplate(RD, "pair") || isStdTemplate(RD, "tuple")))
      return std::nullopt;
    Where.emplace();
    Where->Index = Spec.Index;
    if (isStdTemplate(RD, "pair")) {
      if (Spec.Index > 1)
        return std::nullopt;
      for (const FieldDecl *FD : RD->getDefinition()->fields())
        if (FD->getFieldIndex() == Spec.Index)
          Where->Field = FD;
    }
    break;
  }
  case HandleSpec::Kind::Member: {
    const FieldDecl *FD = fieldNamed(recordOf(Result), Spec.Member);
    if (!FD)
      return std::nullopt;
    Where.emplace();
    Where->Field = FD;
    Where->Index = FD->getFieldIndex();
    break;
  }
  }
  if (Where)
    Where->Outer = Outer;
  return Where;
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

namespace {

bool satisfies(BinaryOperatorKind Op, int64_t Bound, bool Holds, int64_t X) {
  switch (Op) {
  case BO_EQ:
    return (X == Bound) == Holds;
  case BO_NE:
    return (X != Bound) == Holds;
  case BO_LT:
    return (X < Bound) == Holds;
  case BO_LE:
    return (X <= Bound) == Holds;
  case BO_GT:
    return (X > Bound) == Holds;
  case BO_GE:
    return (X >= Bound) == Holds;
  default:
    return true;
  }
}

/// Values that meet every region `X Op Bound` and the failure / success
/// sets (split at 0) can carve out of the integers.
llvm::SmallVector<int64_t, 8> comparisonSamples(int64_t Bound) {
  constexpr int64_t Min = std::numeric_limits<int64_t>::min();
  constexpr int64_t Max = std::numeric_limits<int64_t>::max();
  llvm::SmallVector<int64_t, 8> Samples = {Min, -1, 0, 1, Max, Bound};
  if (Bound != Min)
    Samples.push_back(Bound - 1);
  if (Bound != Max)
    Samples.push_back(Bound + 1);
  return Samples;
}

} // namespace

bool FailureSpec::impliedByComparison(BinaryOperatorKind Op, int64_t Bound,
                                      bool Holds) const {
  // Failure when no value the comparison allows is a success value:
  // X == 0 (NonZero) or X >= 0 (Negative).
  if (K != Kind::NonZero && K != Kind::Negative)
    return false;
  auto IsSuccess = [&](int64_t X) {
    return K == Kind::NonZero ? X == 0 : X >= 0;
  };
  return llvm::none_of(comparisonSamples(Bound), [&](int64_t X) {
    return IsSuccess(X) && satisfies(Op, Bound, Holds, X);
  });
}

FailureSpec::Outcome FailureSpec::decide(const StatusTest &Test,
                                         bool ConditionHolds) const {
  bool Holds = ConditionHolds != Test.Negated;
  if (Test.K == StatusTest::Kind::Compare) {
    if (K != Kind::NonZero && K != Kind::Negative)
      return Outcome::Unknown;
    if (impliedByComparison(Test.Op, Test.Bound, Holds))
      return Outcome::Failed;
    // The other branch of a test for the usual failure value -1 (`rc < 0`,
    // `fd == -1`) is the success branch, whatever other values the API
    // never returns (SPEC §7.7).
    if (impliedByComparison(Test.Op, Test.Bound, !Holds) &&
        satisfies(Test.Op, Test.Bound, !Holds, -1))
      return Outcome::Succeeded;
    // Otherwise success when no value the edge allows is a failure value.
    auto IsFailure = [&](int64_t X) {
      return K == Kind::NonZero ? X != 0 : X < 0;
    };
    return llvm::any_of(comparisonSamples(Test.Bound),
                        [&](int64_t X) {
                          return IsFailure(X) &&
                                 satisfies(Test.Op, Test.Bound, Holds, X);
                        })
               ? Outcome::Unknown
               : Outcome::Succeeded;
  }
  if (K != Kind::ResultTests)
    return Outcome::Unknown;
  bool IsMethod = Test.K == StatusTest::Kind::Method;
  for (const ResultTest &T : Tests)
    if (T.IsMethod == IsMethod && T.Name == Test.Name)
      return T.FailsWhenTrue == Holds ? Outcome::Failed : Outcome::Succeeded;
  return Outcome::Unknown;
}

bool ApiEntry::matchesCallee(const FunctionDecl &Callee) const {
  if (FreeOrStaticOnly) {
    if (const auto *MD = llvm::dyn_cast<CXXMethodDecl>(&Callee))
      if (!MD->isStatic())
        return false;
  }
  if (!Names.empty()) {
    const IdentifierInfo *II = Callee.getIdentifier();
    if (!II || !Names.contains(II->getName()))
      return false;
  }
  // With names=, the regex (if any) must match too.
  return !Creation || Creation->match(Callee.getQualifiedNameAsString());
}

llvm::StringRef ApiEntry::verb() const {
  if (!Words.Verb.empty())
    return Words.Verb;
  return Handle.K == HandleSpec::Kind::Argument ? "created by" : "returned by";
}

std::string ApiEntry::consequence(llvm::StringRef Adjective) const {
  std::string Text = "the ";
  if (!Adjective.empty())
    Text += Adjective.str() + " ";
  Text += Words.Resource + " stays live";
  if (!Words.Lifetime.empty())
    Text += " " + Words.Lifetime;
  return Text;
}

llvm::StringRef ApiModel::defaultProfiles() {
  return "go-context;posix-timer;pplx;libuv";
}
llvm::StringRef ApiModel::defaultGuardTypes() { return DefaultGuardTypes; }
llvm::StringRef ApiModel::defaultDetachFunctions() {
  return DefaultDetachFunctions;
}
llvm::StringRef ApiModel::defaultGuardFunctions() {
  return DefaultGuardFunctions;
}

llvm::Expected<ApiModel> ApiModel::create(const ApiModelOptions &Options) {
  ApiModel Model;
  for (llvm::StringRef Name : splitTopLevel(Options.Profiles, ';')) {
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
    for (llvm::StringRef Text : splitTopLevel(Profile->Entries, ';')) {
      auto Entry = parseEntryText(Text, Profile->Name);
      if (!Entry)
        return Entry.takeError();
      Model.Entries.push_back(std::move(*Entry));
    }
  }
  if (llvm::Error Bad = checkQuotes(Options.Apis, "lostcancel.Apis"))
    return std::move(Bad);
  for (llvm::StringRef Text : splitTopLevel(Options.Apis, ';')) {
    auto Entry = parseEntryText(Text, "lostcancel.Apis");
    if (!Entry)
      return Entry.takeError();
    Model.Entries.push_back(std::move(*Entry));
  }
  if (!llvm::StringRef(Options.ApiFile).trim().empty())
    if (llvm::Error Bad = loadApiFile(llvm::StringRef(Options.ApiFile).trim(),
                                      Options.MainFile, Model.Entries))
      return std::move(Bad);
  for (const ApiEntry &Entry : Model.Entries) {
    for (const auto &Name : Entry.Names)
      Model.AllNames.insert(Name.getKey());
    Model.HasRegexOnlyEntries |= Entry.Names.empty();
    for (const ReleaseSpec &Release : Entry.Releases)
      if (Release.K == ReleaseSpec::Kind::Method)
        Model.ReleaseMethodNames.insert(Release.Name);
  }
  for (llvm::StringRef Name : splitTopLevel(Options.GuardTypes, ';'))
    Model.GuardTypeNames.insert(Name.ltrim(':'));
  for (llvm::StringRef Name : splitTopLevel(Options.GuardFunctions, ';'))
    Model.GuardFunctionNames.insert(Name.ltrim(':'));
  for (llvm::StringRef Name : splitTopLevel(Options.DetachFunctions, ';'))
    Model.DetachFunctionNames.insert(Name.ltrim(':'));
  return Model;
}

namespace {

/// Does the callee or one of its parameters carry acquire_handle? (Written
/// after the declarator or as [[clang::acquire_handle]], it sits on the
/// function's type.)
const AcquireHandleAttr *acquireAttr(const FunctionDecl &Callee,
                                     std::optional<unsigned> &Param) {
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
  for (unsigned I = 0; I < Callee.getNumParams(); ++I)
    if (const auto *Attr =
            Callee.getParamDecl(I)->getAttr<AcquireHandleAttr>()) {
      Param = I;
      return Attr;
    }
  return nullptr;
}

} // namespace

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
ApiModel::matchAnnotated(const FunctionDecl &Callee, QualType Result) const {
  std::optional<unsigned> Param;
  const AcquireHandleAttr *Attr = acquireAttr(Callee, Param);
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
    Entry->Releases.push_back(
        {ReleaseSpec::Kind::Attribute, Attr->getHandleType().str(), 0, false});
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
      return CreationMatch{&Entry, *Where};
    }
  }
  return matchAnnotated(*Callee, Result);
}

bool ApiModel::isGuardType(QualType T) const {
  const CXXRecordDecl *RD = recordOf(T);
  return RD && GuardTypeNames.contains(guardTypeName(RD));
}

bool ApiModel::isGuardFunction(const FunctionDecl &F) const {
  return GuardFunctionNames.contains(F.getQualifiedNameAsString());
}

namespace {

/// The parameter argument \p Arg of a call to \p F binds to, if any.
const ParmVarDecl *parameterFor(const FunctionDecl &F, unsigned Arg) {
  return Arg < F.getNumParams() ? F.getParamDecl(Arg) : nullptr;
}

} // namespace

bool ApiModel::isUseArgument(const FunctionDecl &F, unsigned Arg) const {
  if (const ParmVarDecl *Param = parameterFor(F, Arg);
      Param && Param->hasAttr<UseHandleAttr>())
    return true;
  const IdentifierInfo *II = F.getIdentifier();
  if (!II)
    return false;
  return llvm::any_of(Entries, [&](const ApiEntry &E) {
    return E.UseFunctions.contains(II->getName());
  });
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

bool ApiModel::isDetachFunction(const FunctionDecl &F) const {
  return DetachFunctionNames.contains(F.getQualifiedNameAsString());
}

namespace {

/// Classes whose constructor runs its arguments on a new thread.
constexpr llvm::StringRef ThreadTypes[] = {"std::thread", "std::jthread",
                                           "boost::thread"};

/// C functions that start a thread.
constexpr ThreadStartFunction ThreadStartFunctions[] = {
    {"pthread_create", /*NumArgs=*/4, /*ThreadArg=*/0, /*RoutineArg=*/2,
     /*DataArg=*/3},
};

} // namespace

bool ApiModel::isThreadType(QualType T) {
  const CXXRecordDecl *RD = recordOf(T);
  return RD && llvm::is_contained(ThreadTypes, guardTypeName(RD));
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
