//===--- Profiles.h - lostcancel -------------------------------*- C++ -*-===//
//
// The model's built-in data: the profiles (lists of entries in the syntax of
// model/EntryParser.h), and the catalogue of scope guards the model knows,
// with the fix-it declaration of those the fixes can write. The defaults of
// lostcancel.Profiles, GuardTypes and GuardFunctions are derived from these
// tables (ApiModel::defaultProfiles() and the others, defined in
// Profiles.cpp beside them).
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_MODEL_PROFILES_H
#define LOSTCANCEL_MODEL_PROFILES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace clang::tidy::lostcancel {

/// A built-in profile: a named list of entries.
struct BuiltinProfile {
  llvm::StringRef Name;
  llvm::StringRef Entries; ///< `;`-separated entries in the option syntax.
};

/// The built-in profiles, in the order of the lostcancel.Profiles default.
llvm::ArrayRef<BuiltinProfile> builtinProfiles();

/// A scope guard the model knows: a guard type (in the GuardTypes default)
/// or a function that makes a guard (in the GuardFunctions default).
struct KnownGuard {
  llvm::StringRef Name; ///< Qualified name of the type or function.
  bool IsType;          ///< In GuardTypes (else GuardFunctions).
  bool NeedsCxx17;      ///< Template uses class template argument deduction.
  /// The declaration the fix-it writes, with {name} and {lambda}; empty
  /// when the fix-it never writes this guard.
  llvm::StringRef Template;
  /// Types only: the methods that dismiss the guard (SPEC §7.18),
  /// `|`-separated; `name(false)` dismisses only when its one argument is
  /// the constant false. Empty: the guard cannot be dismissed.
  llvm::StringRef Dismiss = "";
  /// Types only: the methods that may arm the guard again after a
  /// dismissal, `|`-separated (a call that is not a dismissal).
  llvm::StringRef Rearm = "";
};

/// Every known guard, in the order of the GuardTypes / GuardFunctions
/// defaults; those with a Template in the order the fix-it prefers them.
llvm::ArrayRef<KnownGuard> knownGuards();

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_MODEL_PROFILES_H
