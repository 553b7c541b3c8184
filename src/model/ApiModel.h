//===--- ApiModel.h - lostcancel -------------------------------*- C++ -*-===//
//
// The API model: which calls create a cancel handle, where the handle is in
// the call's result, and how it is released. The model is data: every built-in
// profile is a list of entries written in the same text syntax that users give
// in the `lostcancel.Apis` option, parsed by the same parser.
//
// Entry syntax (fields separated by ',', entries by ';' in the option):
//
//   names=A|B|C       unqualified callee names, in any namespace
//   creation=REGEX    or: a regex matched against the qualified callee name
//   callee=free       only free functions and static member functions
//                     (default: any function or method)
//   handle=SPEC       return           the result itself is the handle
//                     return.N         element N of a pair/tuple result
//                     return.NAME      data member NAME of a class result
//                     return.auto      SPEC §7.11: the last invocable element
//                                      of a pair/tuple (never the first), or
//                                      the class member named *cancel*, or
//                                      the only invocable member
//   release=SPEC      call             calling the handle releases it
//                     method:NAME      calling NAME on the handle releases it
//                     func:NAME(arg.N) passing it as argument N to NAME does
//   use=F|G           functions that only read the handle (neither release
//                     nor transfer)
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_MODEL_APIMODEL_H
#define LOSTCANCEL_MODEL_APIMODEL_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/Regex.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::lostcancel {

/// Where the handle sits in the value a creation call returns.
struct HandleSpec {
  enum class Kind { WholeResult, Element, Member, Auto };
  Kind K = Kind::Auto;
  unsigned Element = 0;
  std::string Member;
};

/// How a handle is released.
struct ReleaseSpec {
  enum class Kind { Call, Method, Function };
  Kind K = Kind::Call;
  std::string Name;
  unsigned ArgIndex = 0;
};

/// One modelled creation API.
struct ApiEntry {
  std::string Origin; ///< Profile name, or the option that declared it.
  llvm::StringSet<> Names;
  std::shared_ptr<llvm::Regex> Creation; ///< Shared: Regex is not copyable.
  bool FreeOrStaticOnly = false;
  HandleSpec Handle;
  ReleaseSpec Release;
  llvm::StringSet<> UseFunctions;

  bool matchesCallee(const FunctionDecl &Callee) const;
};

/// Position of the handle inside a concrete creation result type.
struct HandleLocation {
  /// The result itself is the handle.
  bool WholeResult = false;
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

class ApiModel {
public:
  /// Builds the model from the option values. Errors name the option.
  static llvm::Expected<ApiModel> create(llvm::StringRef Profiles,
                                         llvm::StringRef Apis,
                                         llvm::StringRef GuardTypes,
                                         llvm::StringRef GuardFunctions,
                                         llvm::StringRef DetachFunctions);

  /// Names of the built-in profiles, `;`-separated (the option default).
  static llvm::StringRef defaultProfiles();
  static llvm::StringRef defaultGuardTypes();
  static llvm::StringRef defaultGuardFunctions();
  static llvm::StringRef defaultDetachFunctions();

  /// Recognises \p Call as a creation, or returns std::nullopt.
  std::optional<CreationMatch> matchCreation(const CallExpr &Call) const;

  /// True when the callee's unqualified name could name a creation; a cheap
  /// pre-filter for matchers.
  bool mayNameCreation(const FunctionDecl &Callee) const;

  bool isGuardType(QualType T) const;
  bool isGuardTypeName(llvm::StringRef Name) const {
    return GuardTypeNames.contains(Name);
  }
  bool isGuardFunctionName(llvm::StringRef Name) const {
    return GuardFunctionNames.contains(Name);
  }
  bool isGuardFunction(const FunctionDecl &F) const;
  bool isUseFunction(const FunctionDecl &F) const;
  /// A call that detaches a thread (std::thread::detach, pthread_detach, ...).
  bool isDetachFunction(const FunctionDecl &F) const;
  /// A thread class whose constructor starts a thread with its arguments.
  static bool isThreadType(QualType T);

  /// The release function of \p Entry, if it is `func:NAME(arg.N)` and
  /// \p Callee is NAME; returns the argument index.
  static std::optional<unsigned> releaseArgument(const ApiEntry &Entry,
                                                 const FunctionDecl &Callee);

  llvm::ArrayRef<ApiEntry> entries() const { return Entries; }

private:
  std::vector<ApiEntry> Entries;
  llvm::StringSet<> GuardTypeNames;
  llvm::StringSet<> GuardFunctionNames;
  llvm::StringSet<> DetachFunctionNames;
  llvm::StringSet<> AllNames;
  bool HasRegexEntries = false;
};

/// Parses one entry in the syntax above. \p Origin names the option or
/// profile in error messages.
llvm::Expected<ApiEntry> parseApiEntry(llvm::StringRef Text,
                                       llvm::StringRef Origin);

/// The element types of a std::pair / std::tuple type, or none.
llvm::SmallVector<QualType, 4> tupleElementTypes(QualType T);

/// True when \p T (after references) can be called with \p Arity arguments:
/// a function, function pointer, or class with a matching operator().
bool isInvocableWith(QualType T, unsigned Arity);

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_MODEL_APIMODEL_H
