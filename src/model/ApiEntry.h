//===--- ApiEntry.h - lostcancel -------------------------------*- C++ -*-===//
//
// One modelled creation API, as the entry parser (model/EntryParser.h) builds
// it: where its handle is, how the handle is released, how the creation
// reports failure, and the words its diagnostics use. Also the arithmetic
// that decides what a branch condition says of a creation's outcome
// (FailureSpec::decide, SPEC §7.7).
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_MODEL_APIENTRY_H
#define LOSTCANCEL_MODEL_APIENTRY_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/OperationKinds.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Regex.h"
#include <cstdint>
#include <memory>
#include <string>

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
  /// Function, when written with every argument (`NAME(call.0,arg.1)`):
  /// per argument, the creation call's argument it repeats, or -1 for the
  /// handle. Empty when only the handle's position is given.
  llvm::SmallVector<int, 2> Arguments;
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
    Zero,        ///< the handle itself: 0 is failure (nothing to release)
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
  /// NonZero, Negative and Zero: failure is a value the creation returns.
  bool isComparable() const;
  /// For a comparable kind: is \p X a failure value?
  bool isFailureValue(int64_t X) const;
  /// What \p Test, evaluating to \p ConditionHolds, says of the creation.
  Outcome decide(const StatusTest &Test, bool ConditionHolds) const;
  /// For NonZero / Negative / Zero: does knowing `X Op Bound` (when \p Holds)
  /// or its negation (when not) imply that X is a failure value?
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
  /// A handle never referenced after its creation is no finding (the
  /// callback may end what it made: g_timeout_add's source).
  bool Discardable = false;
  /// When the creation's handle ends by itself after one dispatch, so that
  /// no path of the scope has it to release (`oneshot=`): never,
  /// always (g_idle_add_once), or when a callback argument defined in the
  /// translation unit returns 0 on every path (G_SOURCE_REMOVE).
  enum class OneShotKind : std::uint8_t { Never, Always, Callback };
  OneShotKind OneShot = OneShotKind::Never;
  /// `dieswith=call.K:F|G`: the handle lives no longer than the creation's
  /// argument K, so when that argument is a local the scope makes with F
  /// or G (g_cancellable_new), the scope owns the handle's whole lifetime.
  struct DiesWithSpec {
    int Argument = -1; ///< -1: no such rule.
    llvm::StringSet<> Makers;
  } DiesWith;
  /// sweep=F:K -- a call of F whose argument K names a callback that
  /// releases the handle it is given releases every handle of this API
  /// (libuv's `uv_walk(loop, close_cb, arg)` before `uv_loop_close`).
  struct SweepSpec {
    std::string Name;
    unsigned CallbackArg = 0;
  };
  llvm::SmallVector<SweepSpec, 1> Sweeps;
  /// root=A|B -- functions of the family that make a new root context
  /// (Background(), TODO()): lostcancel-unbound-parent (SPEC §9).
  llvm::StringSet<> Roots;
  /// observe=A|B -- methods of the family's context that ask whether it is
  /// cancelled (done(), err()): lostcancel-unobserved (SPEC §9).
  llvm::StringSet<> Observers;
  ApiWording Words;

  /// Does the callee's name fit (names and regex; not the result type)?
  bool matchesCallee(const FunctionDecl &Callee) const;
  /// Is \p Callee one of this entry's roots: named in `root=`, a free
  /// function or static member, callable without arguments, and matching
  /// the entry's creation regex when it has one? (Not its result type.)
  bool matchesRoot(const FunctionDecl &Callee) const;
  /// "returned by" / "created by", unless the entry says otherwise.
  llvm::StringRef verb() const;
  /// "the <resource> stays live <lifetime>", with \p Adjective before the
  /// resource ("overwritten") when given.
  std::string consequence(llvm::StringRef Adjective = "") const;
};

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_MODEL_APIENTRY_H
