//===--- EntryParser.cpp - lostcancel -------------------------------------===//
//
// The entry syntax (model/EntryParser.h): quoting and splitting, the value
// syntax of each key (handle=, release=, failure=, ...), and the checks that
// an entry is complete.
//
//===----------------------------------------------------------------------===//

#include "model/EntryParser.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Regex.h"
#include <array>
#include <memory>

namespace clang::tidy::lostcancel {

namespace {

/// splitTopLevel() into \p Parts; returns the quote still open at the end of
/// \p Text, or 0.
char scanTopLevel(llvm::StringRef Text, char Sep,
                  llvm::SmallVectorImpl<llvm::StringRef> &Parts) {
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
  return Quote;
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

/// The argument list of `func:NAME(...)` into \p Spec: `arg.N` or `&arg.N`
/// alone, or every argument, each `call.K` (the creation's argument K) or
/// the handle, `arg.N` / `&arg.N` at its own position N.
bool parseReleaseArguments(llvm::StringRef List, ReleaseSpec &Spec) {
  llvm::SmallVector<llvm::StringRef, 2> Parts;
  List.split(Parts, ',');
  bool HasHandle = false;
  for (size_t I = 0; I < Parts.size(); ++I) {
    llvm::StringRef Arg = Parts[I].trim();
    unsigned Index = 0;
    if (Arg.consume_front("call.")) {
      if (Parts.size() == 1 || Arg.empty() || Arg.getAsInteger(10, Index))
        return false;
      Spec.Arguments.push_back(static_cast<int>(Index));
      continue;
    }
    Spec.ByAddress = Arg.consume_front("&");
    if (HasHandle || !Arg.consume_front("arg.") || Arg.empty() ||
        Arg.getAsInteger(10, Spec.ArgIndex) ||
        (Parts.size() > 1 && Spec.ArgIndex != I))
      return false;
    HasHandle = true;
    Spec.Arguments.push_back(-1);
  }
  if (Parts.size() == 1)
    Spec.Arguments.clear();
  return HasHandle;
}

/// One alternative of release=: call, method:NAME, func:NAME(arg.N),
/// func:NAME(&arg.N), func:NAME(call.K,...,arg.N,...).
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
    size_t Open = Call.find('(');
    llvm::StringRef Name = Call.take_front(Open);
    if (Open == llvm::StringRef::npos || !Call.ends_with(")") ||
        !isIdentifier(Name) ||
        !parseReleaseArguments(Call.drop_front(Open + 1).drop_back(), Spec))
      return configError(Origin, "release '" + Value +
                                     "' must have the form func:NAME(arg.N), "
                                     "func:NAME(&arg.N) or "
                                     "func:NAME(call.K,arg.N)");
    Spec.K = ReleaseSpec::Kind::Function;
    Spec.Name = Name.str();
    return Spec;
  }
  return configError(Origin, "release '" + Value +
                                 "' is not supported; expected 'call', "
                                 "'method:NAME', 'func:NAME(arg.N)' or "
                                 "'func:NAME(&arg.N)'");
}

/// failure=: nonzero, negative, or `|`-separated tests on the result.
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
  if (Value == "zero") {
    Spec.K = FailureSpec::Kind::Zero;
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
                                     "'nonzero', 'negative', 'zero', or tests "
                                     "on the result such as "
                                     "'!Ok()|Failed()|.err'");
    Test.Name = Name.str();
    Spec.Tests.push_back(std::move(Test));
  }
  if (Spec.Tests.empty())
    return configError(Origin, "failure '" + Value + "' names no test");
  return Spec;
}

// --- One reader per key: the value into the entry ---------------------------

/// Reads the value of one key into \p Entry; errors name \p Origin.
using KeyReader = llvm::Error (*)(ApiEntry &Entry, llvm::StringRef Value,
                                  llvm::StringRef Origin);

/// Stores a parsed value, or passes its error on.
template <typename T> llvm::Error store(llvm::Expected<T> Parsed, T &Out) {
  if (!Parsed)
    return Parsed.takeError();
  Out = std::move(*Parsed);
  return llvm::Error::success();
}

/// A `|`-separated list of unqualified function names into \p Out; the
/// error names the first that is not one: "<What> 'X' is not an unqualified
/// function name<Hint>".
llvm::Error readFunctionNames(llvm::StringRef Value, llvm::StringRef Origin,
                              llvm::StringRef What, llvm::StringRef Hint,
                              llvm::StringSet<> &Out) {
  for (llvm::StringRef Name : splitTopLevel(Value, '|')) {
    if (!isIdentifier(Name))
      return configError(Origin, What + " '" + Name +
                                     "' is not an unqualified function name" +
                                     Hint);
    Out.insert(Name);
  }
  return llvm::Error::success();
}

llvm::Error readNames(ApiEntry &Entry, llvm::StringRef Value,
                      llvm::StringRef Origin) {
  return readFunctionNames(Value, Origin, "name",
                           " (use creation=REGEX for qualified names)",
                           Entry.Names);
}

llvm::Error readCreation(ApiEntry &Entry, llvm::StringRef Value,
                         llvm::StringRef Origin) {
  auto RE = std::make_shared<llvm::Regex>(Value);
  std::string Why;
  if (Value.empty() || !RE->isValid(Why))
    return configError(Origin, "bad creation regex '" + Value +
                                   "': " + (Value.empty() ? "empty" : Why));
  Entry.Creation = std::move(RE);
  return llvm::Error::success();
}

llvm::Error readCallee(ApiEntry &Entry, llvm::StringRef Value,
                       llvm::StringRef Origin) {
  if (Value == "free")
    Entry.FreeOrStaticOnly = true;
  else if (Value != "any")
    return configError(Origin,
                       "callee '" + Value + "' must be 'free' or 'any'");
  return llvm::Error::success();
}

llvm::Error readHandle(ApiEntry &Entry, llvm::StringRef Value,
                       llvm::StringRef Origin) {
  return store(parseHandle(Value, Origin), Entry.Handle);
}

llvm::Error readRelease(ApiEntry &Entry, llvm::StringRef Value,
                        llvm::StringRef Origin) {
  for (llvm::StringRef Alternative : splitTopLevel(Value, '|')) {
    auto Spec = parseRelease(Alternative, Origin);
    if (!Spec)
      return Spec.takeError();
    Entry.Releases.push_back(*Spec);
  }
  return llvm::Error::success();
}

llvm::Error readUse(ApiEntry &Entry, llvm::StringRef Value,
                    llvm::StringRef Origin) {
  return readFunctionNames(Value, Origin, "use function", "",
                           Entry.UseFunctions);
}

llvm::Error readFailure(ApiEntry &Entry, llvm::StringRef Value,
                        llvm::StringRef Origin) {
  return store(parseFailure(Value, Origin), Entry.Failure);
}

llvm::Error readGuard(ApiEntry &Entry, llvm::StringRef Value,
                      llvm::StringRef Origin) {
  if (!guardTemplateReleases(Value))
    return configError(Origin, "guard '" + Value +
                                   "' has no {lambda}, {release} or "
                                   "{handle} placeholder");
  Entry.Guard = Value.str();
  return llvm::Error::success();
}

/// A flag key (restarts=, discardable=): `true` or `false`.
llvm::Error readFlag(bool &Flag, llvm::StringRef Key, llvm::StringRef Value,
                     llvm::StringRef Origin) {
  if (Value != "true" && Value != "false")
    return configError(Origin,
                       Key + " '" + Value + "' must be 'true' or 'false'");
  Flag = Value == "true";
  return llvm::Error::success();
}

llvm::Error readRestarts(ApiEntry &Entry, llvm::StringRef Value,
                         llvm::StringRef Origin) {
  return readFlag(Entry.Restarts, "restarts", Value, Origin);
}

llvm::Error readDiscardable(ApiEntry &Entry, llvm::StringRef Value,
                            llvm::StringRef Origin) {
  return readFlag(Entry.Discardable, "discardable", Value, Origin);
}

llvm::Error readOneShot(ApiEntry &Entry, llvm::StringRef Value,
                        llvm::StringRef Origin) {
  using Kind = ApiEntry::OneShotKind;
  if (Value != "always" && Value != "callback" && Value != "never")
    return configError(Origin, "oneshot '" + Value +
                                   "' must be 'always', 'callback' or "
                                   "'never'");
  Entry.OneShot = Value == "always"     ? Kind::Always
                  : Value == "callback" ? Kind::Callback
                                        : Kind::Never;
  return llvm::Error::success();
}

/// dieswith=call.K:F|G -- the creation's argument K, and the functions
/// that make an object the scope then owns.
llvm::Error readDiesWith(ApiEntry &Entry, llvm::StringRef Value,
                         llvm::StringRef Origin) {
  auto [Argument, Makers] = Value.split(':');
  unsigned Index = 0;
  if (!Argument.consume_front("call.") || Argument.getAsInteger(10, Index) ||
      Makers.empty())
    return configError(Origin, "dieswith '" + Value +
                                   "' must have the form call.K:F|G");
  Entry.DiesWith.Argument = static_cast<int>(Index);
  return readFunctionNames(Makers, Origin, "dieswith function", "",
                           Entry.DiesWith.Makers);
}

/// sweep=F:K -- a function, and the index of its callback argument.
llvm::Error readSweep(ApiEntry &Entry, llvm::StringRef Value,
                      llvm::StringRef Origin) {
  auto [Name, Argument] = Value.split(':');
  unsigned Index = 0;
  if (Name.empty() || Argument.getAsInteger(10, Index))
    return configError(Origin, "sweep '" + Value + "' must have the form F:K");
  Entry.Sweeps.push_back({Name.str(), Index});
  return llvm::Error::success();
}

/// root=A|B: the family's root functions (SPEC §9).
llvm::Error readRoot(ApiEntry &Entry, llvm::StringRef Value,
                     llvm::StringRef Origin) {
  return readFunctionNames(Value, Origin, "root function", "", Entry.Roots);
}

/// observe=A|B: the methods that ask the family's context whether it is
/// cancelled (SPEC §9).
llvm::Error readObserve(ApiEntry &Entry, llvm::StringRef Value,
                        llvm::StringRef Origin) {
  return readFunctionNames(Value, Origin, "observe method", "",
                           Entry.Observers);
}

/// noun=, verb=, resource=, lifetime=: any text.
template <std::string ApiWording::*Word>
llvm::Error readWord(ApiEntry &Entry, llvm::StringRef Value, llvm::StringRef) {
  Entry.Words.*Word = Value.str();
  return llvm::Error::success();
}

struct EntryKey {
  llvm::StringRef Name;
  KeyReader Read;
};

/// The keys of an entry, in the order the unknown-key error lists them.
constexpr std::array<EntryKey, 19> EntryKeys = {{
    {"names", readNames},
    {"creation", readCreation},
    {"callee", readCallee},
    {"handle", readHandle},
    {"release", readRelease},
    {"use", readUse},
    {"failure", readFailure},
    {"guard", readGuard},
    {"restarts", readRestarts},
    {"discardable", readDiscardable},
    {"oneshot", readOneShot},
    {"dieswith", readDiesWith},
    {"sweep", readSweep},
    {"root", readRoot},
    {"observe", readObserve},
    {"noun", readWord<&ApiWording::Noun>},
    {"verb", readWord<&ApiWording::Verb>},
    {"resource", readWord<&ApiWording::Resource>},
    {"lifetime", readWord<&ApiWording::Lifetime>},
}};

llvm::Error unknownKey(llvm::StringRef Key, llvm::StringRef Origin) {
  std::string Keys;
  for (size_t I = 0; I < EntryKeys.size(); ++I) {
    if (I > 0)
      Keys += I + 1 == EntryKeys.size() ? " or " : ", ";
    Keys += EntryKeys[I].Name;
  }
  return configError(Origin,
                     "unknown key '" + Key + "' (expected " + Keys + ")");
}

/// The checks on a whole entry: it names its creation, locates and releases
/// its handle, and its failure convention fits the handle.
llvm::Error checkComplete(const ApiEntry &Entry, bool HasHandle,
                          llvm::StringRef Origin, llvm::StringRef Describe) {
  if (Entry.Names.empty() && !Entry.Creation)
    return configError(Origin, Describe + " names no creation function (give "
                                          "names=... or creation=REGEX)");
  if (!HasHandle)
    return configError(Origin, Describe + " has no handle=...");
  if (Entry.Releases.empty())
    return configError(Origin, Describe + " has no release=...");
  if (Entry.Handle.K == HandleSpec::Kind::Argument &&
      (Entry.Failure.K == FailureSpec::Kind::Negative ||
       Entry.Failure.K == FailureSpec::Kind::Zero))
    return configError(
        Origin, Describe + ": failure=" +
                    (Entry.Failure.K == FailureSpec::Kind::Negative ? "negative"
                                                                    : "zero") +
                    " needs the handle in the result; an "
                    "arg.N handle's status is a code "
                    "(failure=nonzero)");
  return llvm::Error::success();
}

/// Parses one entry of the option syntax.
llvm::Expected<ApiEntry> parseEntryText(llvm::StringRef Text,
                                        llvm::StringRef Origin) {
  llvm::SmallVector<EntryField> Fields;
  for (llvm::StringRef Field : splitTopLevel(Text, ',')) {
    if (!Field.contains('='))
      return configError(Origin, "entry field '" + Field +
                                     "' is not of the form key=value");
    auto [Key, Value] = Field.split('=');
    Fields.push_back({Key.trim().str(), unquote(Value.trim()).str()});
  }
  return buildEntry(Fields, Origin, "entry '" + Text.str() + "'");
}

} // namespace

llvm::Error configError(llvm::StringRef Origin, const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s: %s",
                                 Origin.str().c_str(), Message.str().c_str());
}

llvm::SmallVector<llvm::StringRef> splitTopLevel(llvm::StringRef Text,
                                                 char Sep) {
  llvm::SmallVector<llvm::StringRef> Parts;
  scanTopLevel(Text, Sep, Parts);
  return Parts;
}

llvm::Error parseEntries(llvm::StringRef Text, llvm::StringRef Origin,
                         std::vector<ApiEntry> &Entries) {
  llvm::SmallVector<llvm::StringRef> Texts;
  if (char Quote = scanTopLevel(Text, ';', Texts))
    return configError(Origin, "unclosed " + std::string(1, Quote) + " in '" +
                                   Text + "'");
  for (llvm::StringRef EntryText : Texts) {
    auto Entry = parseEntryText(EntryText, Origin);
    if (!Entry)
      return Entry.takeError();
    Entries.push_back(std::move(*Entry));
  }
  return llvm::Error::success();
}

llvm::Expected<ApiEntry> buildEntry(llvm::ArrayRef<EntryField> Fields,
                                    llvm::StringRef Origin,
                                    llvm::StringRef Describe) {
  ApiEntry Entry;
  Entry.Origin = Origin.str();
  llvm::StringSet<> Seen;
  for (const EntryField &Field : Fields) {
    llvm::StringRef Key = Field.first;
    if (!Seen.insert(Key).second)
      return configError(Origin, Describe + " gives '" + Key + "' twice");
    const auto *Known = llvm::find_if(
        EntryKeys, [&](const EntryKey &K) { return K.Name == Key; });
    if (Known == EntryKeys.end())
      return unknownKey(Key, Origin);
    if (llvm::Error Bad = Known->Read(Entry, Field.second, Origin))
      return std::move(Bad);
  }
  if (llvm::Error Bad =
          checkComplete(Entry, Seen.contains("handle"), Origin, Describe))
    return std::move(Bad);
  return Entry;
}

bool guardTemplateReleases(llvm::StringRef Template) {
  return Template.contains("{lambda}") || Template.contains("{release}") ||
         Template.contains("{handle}");
}

} // namespace clang::tidy::lostcancel
