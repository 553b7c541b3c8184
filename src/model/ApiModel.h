//===--- ApiModel.h - lostcancel -------------------------------*- C++ -*-===//
//
// The API model: which calls create a cancel handle, where the handle is in
// the call's result, and how it is released. The model is data: every built-in
// profile is a list of entries written in the same text syntax that users give
// in the `lostcancel.Apis` option, parsed by the same parser.
//
// Entry syntax (fields separated by ',', entries by ';' in the option; a
// value may be quoted with '...' or "...", and separators inside quotes do
// not split):
//
//   names=A|B|C       unqualified callee names, in any namespace
//   creation=REGEX    a regex matched against the qualified callee name;
//                     with names=, both must match (names is then a cheap
//                     pre-filter)
//   callee=free       only free functions and static member functions
//                     (default: any function or method)
//   handle=SPEC       return           the result itself is the handle
//                     return.N         element N of a pair/tuple result
//                     return.NAME      data member NAME of a class result
//                     return.NAME.N    element N of the pair/tuple member
//                                      NAME of a class result
//                     return.auto      SPEC §7.11: the last invocable element
//                                      of a pair/tuple (never the first), or
//                                      the class member named *cancel*, or
//                                      the only invocable member
//                     arg.N            an out-parameter: argument N is `&h`
//                                      for a local h, which becomes the handle
//   release=SPEC|...  call             calling the handle releases it
//                     method:NAME      calling NAME on the handle releases it
//                     func:NAME(arg.N) passing it as argument N to NAME does
//                     func:NAME(&arg.N) passing its address does
//   use=F|G           functions that only read the handle (neither release
//                     nor transfer)
//   failure=KIND      how a creation reports failure (SPEC §7.7):
//                     nonzero (a status code: != 0, == -1, < 0, truthy),
//                     negative (the handle itself: < 0, == -1, <= -1), or
//                     tests on the result object, `|`-separated: !NAME()
//                     (method NAME returns false), NAME() (returns true),
//                     !bool() (converts to false), .NAME / !.NAME (member
//                     NAME is truthy / falsy)
//   guard=TEMPLATE    the scope guard the fix-it writes for this API
//                     (placeholders {name} {lambda} {release} {handle})
//   restarts=true     creating into a handle that is already live restarts
//                     it (uv_timer_start): not an overwrite
//   noun=, verb=, resource=, lifetime=
//                     the words of the diagnostics: "<noun> 'h' <verb> 'f'
//                     ... the <resource> stays live <lifetime>"
//
// Clang's acquire_handle / release_handle / use_handle attributes describe
// an API without any entry: see ApiModel::matchCreation.
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_MODEL_APIMODEL_H
#define LOSTCANCEL_MODEL_APIMODEL_H

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/OperationKinds.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/Regex.h"
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::lostcancel {

/// Where the handle sits in the value a creation call returns, or which
/// argument receives it.
struct HandleSpec {
  enum class Kind { WholeResult, Element, Member, Auto, Argument };
  Kind K = Kind::Auto;
  unsigned Index = 0; ///< Element: the element; Argument: the argument.
  std::string Member;
  /// `return.NAME.N` / `return.NAME.auto`: the handle is element N (or the
  /// go-context rule) of the pair/tuple in data member Outer of the result.
  std::string Outer;
};

/// One way of releasing a handle.
struct ReleaseSpec {
  enum class Kind {
    Call,      ///< h()
    Method,    ///< h.NAME()
    Function,  ///< NAME(..., h, ...) or NAME(..., &h, ...)
    Attribute, ///< a parameter with Clang's release_handle attribute
  };
  Kind K = Kind::Call;
  std::string Name;
  unsigned ArgIndex = 0;
  bool ByAddress = false; ///< Function: the argument is `&h`.
};

/// A test of a creation's outcome in a branch condition (SPEC §7.7):
/// `X Op Bound`, `r.NAME()`, `r` (its bool conversion) or `r.NAME`,
/// possibly negated.
struct StatusTest {
  /// The creation call tested directly (`timer_create(...) != 0`,
  /// `(fd = timerfd_create(...)) < 0`), if any.
  const CallExpr *Call = nullptr;
  /// The variable tested (`rc`, `fd`, `r` in `r.Ok()`), if any.
  const VarDecl *Var = nullptr;
  enum class Kind { Compare, Method, Member } K = Kind::Compare;
  /// Method / Member: the name ("Ok", "err"; "bool" for the conversion).
  std::string Name;
  BinaryOperatorKind Op = BO_NE;
  int64_t Bound = 0;
  /// The condition is true when the test above is false.
  bool Negated = false;
};

/// How a creation reports failure; on the failure branch nothing was
/// created (SPEC §2, §7.7).
struct FailureSpec {
  enum class Kind {
    None,
    NonZero,     ///< a status code: 0 is success
    Negative,    ///< the handle itself: negative is failure
    ResultTests, ///< tests on the result object: `!Ok()`, `Failed()`, ...
  };
  /// One test on the result object that tells failure.
  struct ResultTest {
    std::string Name; ///< "bool" (with IsMethod) is the bool conversion
    bool IsMethod = true;
    bool FailsWhenTrue = false;
  };
  Kind K = Kind::None;
  llvm::SmallVector<ResultTest, 2> Tests;

  enum class Outcome { Failed, Succeeded, Unknown };
  /// What \p Test, evaluating to \p ConditionHolds, says of the creation.
  Outcome decide(const StatusTest &Test, bool ConditionHolds) const;
  /// For NonZero / Negative: does knowing `X Op Bound` (when \p Holds) or
  /// its negation (when not) imply that X is a failure value?
  bool impliedByComparison(BinaryOperatorKind Op, int64_t Bound,
                           bool Holds) const;
};

/// The words the diagnostics use for one API.
struct ApiWording {
  std::string Noun = "handle";       ///< "cancel handle", "timer"
  std::string Verb;                  ///< "returned by" (empty: by handle)
  std::string Resource = "resource"; ///< "context", "timer"
  std::string Lifetime;              ///< "until its parent is cancelled"
};

/// One modelled creation API.
struct ApiEntry {
  std::string Origin; ///< Profile name, or the option that declared it.
  llvm::StringSet<> Names;
  std::shared_ptr<llvm::Regex> Creation; ///< Shared: Regex is not copyable.
  bool FreeOrStaticOnly = false;
  HandleSpec Handle;
  llvm::SmallVector<ReleaseSpec, 1> Releases;
  llvm::StringSet<> UseFunctions;
  FailureSpec Failure;
  std::string Guard; ///< The fix-it's guard for this API, or empty.
  bool Restarts = false;
  ApiWording Words;

  /// Does the callee's name fit (names and regex; not the result type)?
  bool matchesCallee(const FunctionDecl &Callee) const;
  /// "returned by" / "created by", unless the entry says otherwise.
  llvm::StringRef verb() const;
  /// "the <resource> stays live <lifetime>", with \p Adjective before the
  /// resource ("overwritten") when given.
  std::string consequence(llvm::StringRef Adjective = "") const;
};

/// Position of the handle inside a concrete creation result type.
struct HandleLocation {
  /// The result itself is the handle.
  bool WholeResult = false;
  /// The handle is the object whose address is this argument (arg.N).
  std::optional<unsigned> Argument;
  /// The handle is inside this data member of the result (return.NAME.N);
  /// Index and Field are then positions inside the member's type.
  const FieldDecl *Outer = nullptr;
  /// pair/tuple element index, or the index of \c Field among the record's
  /// fields (the index a structured binding uses).
  unsigned Index = 0;
  /// Set when the handle is a data member of a class result (including
  /// std::pair's `first`/`second`).
  const FieldDecl *Field = nullptr;
};

/// A creation call recognised by the model.
struct CreationMatch {
  const ApiEntry *Entry = nullptr;
  HandleLocation Where;
};

/// A C function that starts a thread: `pthread_create(&thread, attr,
/// routine, arg)` runs `routine(arg)` on the thread named by argument
/// ThreadArg.
struct ThreadStartFunction {
  llvm::StringRef Name;
  unsigned NumArgs;
  unsigned ThreadArg;  ///< `&thread`
  unsigned RoutineArg; ///< the start routine
  unsigned DataArg;    ///< what the routine receives
};

/// The option values the model is built from.
struct ApiModelOptions {
  std::string Profiles;
  std::string Apis;
  std::string ApiFile;
  std::string GuardTypes;
  std::string GuardFunctions;
  std::string DetachFunctions;
  /// The file being checked: a relative ApiFile is looked up in its
  /// directory and the directories above, then in the current directory.
  std::string MainFile;
};

class ApiModel {
public:
  /// Builds the model from the option values. Errors name the option.
  static llvm::Expected<ApiModel> create(const ApiModelOptions &Options);

  /// Names of the built-in profiles, `;`-separated (the option default).
  static llvm::StringRef defaultProfiles();
  static llvm::StringRef defaultGuardTypes();
  static llvm::StringRef defaultGuardFunctions();
  static llvm::StringRef defaultDetachFunctions();

  /// Recognises \p Call as a creation, or returns std::nullopt. Besides the
  /// entries, a callee whose return value or parameter carries Clang's
  /// acquire_handle attribute is a creation.
  std::optional<CreationMatch> matchCreation(const CallExpr &Call) const;

  /// True when the callee could be a creation; a cheap pre-filter for
  /// matchers (names first; a regex entry is tried once per callee).
  bool mayNameCreation(const FunctionDecl &Callee) const;

  bool isGuardType(QualType T) const;
  bool isGuardTypeName(llvm::StringRef Name) const {
    return GuardTypeNames.contains(Name);
  }
  bool isGuardFunctionName(llvm::StringRef Name) const {
    return GuardFunctionNames.contains(Name);
  }
  bool isGuardFunction(const FunctionDecl &F) const;
  /// Passing a handle as argument \p Arg of \p F only reads it: a `use=`
  /// function, or a parameter with the use_handle attribute.
  bool isUseArgument(const FunctionDecl &F, unsigned Arg) const;
  /// Passing a handle (\p ByAddress: its address) as argument \p Arg of
  /// \p F releases it: a `func:` release, or a release_handle parameter.
  bool isReleaseArgument(const FunctionDecl &F, unsigned Arg,
                         bool ByAddress) const;
  /// Calling \p Method on a handle releases it (`method:NAME`).
  bool isReleaseMethod(const CXXMethodDecl &Method) const;
  /// A call that detaches a thread (std::thread::detach, pthread_detach, ...).
  bool isDetachFunction(const FunctionDecl &F) const;
  /// A thread class whose constructor starts a thread with its arguments.
  static bool isThreadType(QualType T);
  /// The thread-starting C function \p F is, if any.
  static const ThreadStartFunction *threadStartOf(const FunctionDecl &F);

  llvm::ArrayRef<ApiEntry> entries() const { return Entries; }

private:
  /// The entry an annotated callee stands for, if it has acquire_handle.
  std::optional<CreationMatch> matchAnnotated(const FunctionDecl &Callee,
                                              QualType Result) const;

  std::vector<ApiEntry> Entries;
  llvm::StringSet<> GuardTypeNames;
  llvm::StringSet<> GuardFunctionNames;
  llvm::StringSet<> DetachFunctionNames;
  llvm::StringSet<> AllNames;
  llvm::StringSet<> ReleaseMethodNames;
  bool HasRegexOnlyEntries = false;
  /// Per callee: may it be a creation? (Regex entries are costly.)
  mutable llvm::DenseMap<const FunctionDecl *, bool> CalleeCache;
  /// Entries made for annotated APIs, by handle tag and kind; never erased,
  /// so CreationMatch may point into them.
  mutable std::map<std::string, std::unique_ptr<ApiEntry>> AnnotatedEntries;
};

/// The element types of a std::pair / std::tuple type, or none.
llvm::SmallVector<QualType, 4> tupleElementTypes(QualType T);

/// True when \p T (after references) can be called with \p Arity arguments:
/// a function, function pointer, or class with a matching operator().
bool isInvocableWith(QualType T, unsigned Arity);

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_MODEL_APIMODEL_H
