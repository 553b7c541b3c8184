//===--- ApiModel.h - lostcancel -------------------------------*- C++ -*-===//
//
// The API model: which calls create a cancel handle, where the handle is in
// the call's result, and how it is released. The model is data: every built-in
// profile is a list of entries written in the same text syntax that users give
// in the `lostcancel.Apis` option, parsed by the same parser.
//
// The entry syntax is documented in model/EntryParser.h. The model is
// split along these seams:
//
//   model/ApiModel     this class: building the model from its options, and
//                      the queries the analysis and the checks ask of it
//   model/ApiEntry     one modelled API (handle, releases, failure, words)
//                      and the failure arithmetic of SPEC §7.7
//   model/EntryParser  the entry syntax
//   model/ApiFile      the YAML form of entries (lostcancel.ApiFile)
//   model/Profiles     the built-in profiles and the known scope guards
//   model/TypeShapes   where the handle is in a result type (SPEC §7.11)
//
// Clang's acquire_handle / release_handle / use_handle attributes describe
// an API without any entry: see ApiModel::matchCreation.
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_MODEL_APIMODEL_H
#define LOSTCANCEL_MODEL_APIMODEL_H

#include "model/ApiEntry.h"
#include "model/TypeShapes.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::lostcancel {

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
  unsigned AttrArg;    ///< the thread attributes (SPEC §7.20)
};

/// What a method call on a scope guard does to the guard (SPEC §7.18).
enum class GuardCall { Other, Dismiss, Rearm };

/// The option values the model is built from.
struct ApiModelOptions {
  std::string Profiles;
  std::string Apis;
  std::string ApiFile;
  std::string GuardTypes;
  std::string GuardFunctions;
  std::string DetachFunctions;
  /// Functions that, as `__attribute__((cleanup(f)))`, release the handle
  /// (SPEC §7.17), besides those whose body shows it.
  std::string CleanupFunctions;
  /// Macros and functions whose use on a variable takes its handle and
  /// resets the variable (SPEC §7.17): a transfer.
  std::string TakeFunctions;
  /// Functions in whose arguments, or in whose bodies, a new root context is
  /// deliberate (SPEC §9: work that must outlive the request).
  std::string RootAllowedIn;
  /// The file being checked: a relative ApiFile is looked up in its
  /// directory and the directories above, then in the current directory.
  std::string MainFile;
};

class ApiModel {
public:
  /// Builds the model from the option values. Errors name the option.
  static llvm::Expected<ApiModel> create(const ApiModelOptions &Options);

  /// The option defaults, `;`-separated: the built-in profiles' names, the
  /// known guard types and guard functions (all three derived from the
  /// tables of model/Profiles.h, and defined beside them in Profiles.cpp),
  /// and the detach functions.
  static llvm::StringRef defaultProfiles();
  static llvm::StringRef defaultGuardTypes();
  static llvm::StringRef defaultGuardFunctions();
  static llvm::StringRef defaultDetachFunctions();
  static llvm::StringRef defaultTakeFunctions();

  /// Recognises \p Call as a creation, or returns std::nullopt. Besides the
  /// entries, a callee whose return value or parameter carries Clang's
  /// acquire_handle attribute is a creation.
  std::optional<CreationMatch> matchCreation(const CallExpr &Call) const;
  /// Every creation \p Call makes: matchCreation's, and one more for each
  /// further out-parameter with acquire_handle (SPEC §7.19).
  llvm::SmallVector<CreationMatch, 1>
  matchCreations(const CallExpr &Call) const;

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
  /// \p Call, a call of a method on a guard of type \p GuardType: does it
  /// dismiss the guard, may it arm it again, or neither? From the known
  /// guards' catalogue (model/Profiles.h).
  static GuardCall guardCallOf(QualType GuardType,
                               const CXXMemberCallExpr &Call);
  /// Passing a handle as argument \p Arg of \p F only reads it: a `use=`
  /// function, or a parameter with the use_handle attribute.
  bool isUseArgument(const FunctionDecl &F, unsigned Arg) const;
  /// Passing a handle (\p ByAddress: its address) as argument \p Arg of
  /// \p F releases it: a `func:` release, or a release_handle parameter.
  bool isReleaseArgument(const FunctionDecl &F, unsigned Arg,
                         bool ByAddress) const;
  /// Calling \p Method on a handle releases it (`method:NAME`).
  bool isReleaseMethod(const CXXMethodDecl &Method) const;
  /// \p F, named in a cleanup attribute, releases the variable's handle:
  /// it is listed in lostcancel.CleanupFunctions, or its body passes the
  /// dereferenced parameter (`*p`) to a release of \p Api, possibly under a
  /// test (SPEC §7.17).
  bool isCleanupRelease(const FunctionDecl &F, const ApiEntry &Api) const;
  /// \p Call, a creation of \p Api, passes a callback defined in the
  /// translation unit whose body releases one of its parameters (an
  /// sd-event handler that unrefs the source it is given, a libevent
  /// callback given its own event): the callback owns the handle.
  static bool passesReleasingCallback(const CallExpr &Call,
                                      const ApiEntry &Api);
  /// Is \p Callee named in some entry's `sweep=`?
  bool maySweep(const FunctionDecl &Callee) const {
    return Callee.getIdentifier() && SweepNames.contains(Callee.getName());
  }
  /// Does \p Call release every handle of \p Api (`sweep=`): a call of the
  /// sweep function with a callback that releases its handle, or of a
  /// function of the translation unit whose body makes one (libuv's test
  /// helper `close_loop(loop)`, a few calls deep)?
  static bool sweeps(const CallExpr &Call, const ApiEntry &Api);
  /// \p Call, a creation of \p Api, makes a handle that ends by itself
  /// after one dispatch (`oneshot=`): always, or because a callback
  /// argument defined in the translation unit returns 0 on every path.
  static bool endsByItself(const CallExpr &Call, const ApiEntry &Api);
  /// A macro or function listed in lostcancel.TakeFunctions: applied to a
  /// variable, it takes the handle out and resets the variable.
  bool isTakeName(llvm::StringRef Name) const {
    return TakeFunctionNames.contains(Name);
  }
  /// A call that detaches a thread (std::thread::detach, pthread_detach, ...).
  bool isDetachFunction(const FunctionDecl &F) const;
  /// A thread class whose constructor starts a thread with its arguments.
  static bool isThreadType(QualType T);
  /// May \p E start a thread (SPEC §9): a construction of a thread class,
  /// a call of std::async or of a thread-starting C function, or an
  /// emplace into a container of threads? A cheap pre-filter, by names;
  /// analysis/ThreadLoops.h's threadStartOf decides.
  static bool mayStartThread(const Expr &E);
  /// The container method that constructs a thread from its arguments
  /// (`threads.emplace_back(f)`), and where those arguments start.
  static std::optional<unsigned> threadEmplaceArgument(const CallExpr &Call);
  /// \p Call sets the detach state of the thread attributes given as its
  /// first argument to detached:
  /// `pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED)` (SPEC
  /// §7.20).
  static bool setsDetachedState(const CallExpr &Call);
  /// The thread-starting C function \p F is, if any.
  static const ThreadStartFunction *threadStartOf(const FunctionDecl &F);

  /// SPEC §9: may \p Callee be a root function (a name some entry's
  /// `root=` lists)? The cheap pre-filter for the matchers.
  bool mayNameRoot(const FunctionDecl &Callee) const {
    return Callee.getIdentifier() && RootNames.contains(Callee.getName());
  }
  /// The entry whose root \p Callee is (ApiEntry::matchesRoot), when its
  /// result is a context (contextRecordOf); null otherwise.
  const ApiEntry *matchRoot(const FunctionDecl &Callee) const;
  /// Is \p RD the context of a family whose entry names its cancellation
  /// queries (`observe=`): in its namespace or an enclosing one, a root of
  /// such an entry returns it, or a creation of such an entry takes it as a
  /// parameter? Without `observe=` nothing would tell a loop that looks at
  /// the context from one that does not, so such a family has no signal.
  /// Memoised per class.
  bool isContextType(const CXXRecordDecl &RD) const;
  /// Does a method named \p Name ask a cancellation signal whether it is
  /// cancelled: some entry's `observe=`, or std::stop_token's
  /// stop_requested?
  bool isObserveName(llvm::StringRef Name) const {
    return ObserveNames.contains(Name);
  }
  /// Is \p F listed in lostcancel.RootAllowedIn?
  bool isRootAllowedIn(const FunctionDecl &F) const;
  /// Is \p T (after references and cv) std::stop_token?
  static bool isStopToken(QualType T);

private:
  /// The entry an annotated callee stands for, if it has acquire_handle.
  /// \p FromParam > 0: only an out-parameter from that one on.
  std::optional<CreationMatch> matchAnnotated(const FunctionDecl &Callee,
                                              QualType Result,
                                              unsigned FromParam = 0) const;

  std::vector<ApiEntry> Entries;
  llvm::StringSet<> GuardTypeNames;
  llvm::StringSet<> GuardFunctionNames;
  /// The last `::` component of each name above (a cheap first test).
  llvm::StringSet<> GuardTypeLastNames;
  /// Every entry's `use=` functions.
  llvm::StringSet<> UseFunctionNames;
  llvm::StringSet<> GuardFunctionLastNames;
  llvm::StringSet<> DetachFunctionNames;
  llvm::StringSet<> CleanupFunctionNames;
  llvm::StringSet<> TakeFunctionNames;
  llvm::StringSet<> AllNames;
  llvm::StringSet<> ReleaseMethodNames;
  llvm::StringSet<> SweepNames;
  llvm::StringSet<> RootNames;
  llvm::StringSet<> ObserveNames;
  llvm::StringSet<> RootAllowedInNames;
  mutable llvm::DenseMap<const CXXRecordDecl *, bool> ContextTypeCache;
  bool HasRegexOnlyEntries = false;
  /// Per callee: may it be a creation? (Regex entries are costly.)
  mutable llvm::DenseMap<const FunctionDecl *, bool> CalleeCache;
  /// Entries made for annotated APIs, by handle tag and kind; never erased,
  /// so CreationMatch may point into them.
  mutable std::map<std::string, std::unique_ptr<ApiEntry>> AnnotatedEntries;
};

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_MODEL_APIMODEL_H
