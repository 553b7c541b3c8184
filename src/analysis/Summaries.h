//===--- Summaries.h - lostcancel ------------------------------*- C++ -*-===//
//
// What a function defined in the translation unit does with a handle it is
// given (SPEC §8), so that a call passing the handle need not count as a
// transfer (§7.5). Per parameter that receives the handle -- by value, or
// by address as `*p` (`close_safe(&fd)`: the pointer may only be tested,
// and `*p` emptied after a release) -- one of:
//  * uses: every mention is a read, a use function of a family, or an
//    argument of another function that only uses it -- the call is a read in
//    the caller (`if (configure(fd) < 0) return -1;` leaks `fd`);
//  * releases: every path that returns normally releases it, or finds it
//    empty (`if (t) timer_delete(t);`) -- the call is a release (§8.4);
//  * releases on some paths: the caller cannot know whether it still owns
//    the handle -- a transfer, with a note (§8.1);
//  * transfers on success: it is transferred exactly on the paths that
//    return one result class (stored, then `return 0`; `return -1` before)
//    and still held on the others -- a transfer on the caller's edges that
//    test the call as succeeded, nothing on those that test it as failed
//    (§8.2);
//  * transfers: anything else.
// The mentions are classified as in a scope; the paths are followed by the
// scope analysis itself (analyzeParameter), the parameter standing for a
// handle created at the function's entry.
//
// Everything else keeps §7.5 (a transfer): functions without a body in the
// translation unit, variadic functions, virtual methods that are not final,
// calls through pointers or std::function (no direct callee), a parameter
// assigned in the body (by address: `*p = -1` after a release is allowed,
// `close_safe(&fd)`), a mention inside a lambda or block, a body with errors,
// and recursion (a function whose summary is being computed when it is called
// again counts as a transfer).
//
// A summary is computed on demand, when a handle reaches a call, and kept
// for the rest of the translation unit. Summaries are plain data keyed by
// the callee's USR and parameter index, so that they could be written out
// and read back by a later, cross-translation-unit step (§8.8).
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_ANALYSIS_SUMMARIES_H
#define LOSTCANCEL_ANALYSIS_SUMMARIES_H

#include "model/ApiModel.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include <cstdint>
#include <optional>
#include <utility>

namespace clang::tidy::lostcancel {

/// What a function does with one of its parameters when it holds a handle.
enum class ParamEffect : std::uint8_t {
  Transfers,           ///< Unknown, or ownership may leave: SPEC §7.5.
  Uses,                ///< Only reads it: neither release nor transfer.
  Releases,            ///< Releases it on every normal path (§8.4).
  ReleasesOnSomePaths, ///< Releases it on some paths only (§8.1).
  TransfersOnSuccess,  ///< Keeps it only when it succeeds (§8.2).
};

/// One parameter's summary: plain data.
struct ParamSummary {
  ParamEffect Effect = ParamEffect::Transfers;
  /// TransfersOnSuccess: the values the function returns on the paths that
  /// keep the handle, and on those that do not (each sorted, distinct).
  llvm::SmallVector<std::int64_t, 2> KeptValues;
  llvm::SmallVector<std::int64_t, 2> HeldValues;

  /// TransfersOnSuccess: what a caller's test `result Op Bound` (when
  /// \p Holds) says: true when the call kept the handle, false when it did
  /// not, none when the test cannot tell.
  std::optional<bool> keptWhen(BinaryOperatorKind Op, std::int64_t Bound,
                               bool Holds) const;
};

/// Can a call to \p Callee run any other body than its definition's (a
/// virtual method that is not final)? Then its body says nothing (§8.5).
bool mayDispatchElsewhere(const FunctionDecl &Callee);

/// A summarised parameter of the callee at one call.
struct CalleeEffect {
  const ParmVarDecl *Param = nullptr; ///< In the callee's definition.
  ParamSummary Summary;
};

/// The summaries of one translation unit's functions, computed on demand.
class CalleeSummaries {
public:
  CalleeSummaries(const ApiModel &Model, ASTContext &Ctx)
      : Model(Model), Ctx(Ctx) {}

  /// What \p Callee does with argument \p Arg of \p Call -- a handle, or
  /// with \p ByAddress the handle's address (`close_safe(&fd)`) -- when its
  /// summary says more than a transfer.
  std::optional<CalleeEffect> effectAt(const CallExpr &Call,
                                       const FunctionDecl &Callee, unsigned Arg,
                                       bool ByAddress);
  /// The same for parameter \p Arg of \p Callee, wherever it is called
  /// from (a cleanup function, SPEC §7.17).
  std::optional<CalleeEffect> effectOf(const FunctionDecl &Callee, unsigned Arg,
                                       bool ByAddress);

  /// The most nested summaries computed at once (a chain of helpers); a
  /// deeper callee counts as a transfer.
  static constexpr unsigned MaxDepth = 16;

  /// A function's summaries, per parameter: for a handle given by value,
  /// and for one given by its address (Transfers where not computed).
  struct FunctionSummary {
    llvm::SmallVector<ParamSummary, 2> ByValue;
    llvm::SmallVector<ParamSummary, 2> ByAddress;
  };
  /// Every summary computed so far, by the function's USR: the plain data a
  /// cross-translation-unit step would write out (§8.8).
  const llvm::StringMap<FunctionSummary> &byUSR() const { return ByUSR; }

private:
  ParamSummary summary(const FunctionDecl &Definition, unsigned Param,
                       bool ByAddress);
  ParamSummary compute(const FunctionDecl &Definition, unsigned Index,
                       bool ByAddress);
  /// Keeps \p Summary under \p Definition's USR, when it has one.
  void publish(const FunctionDecl &Definition, unsigned Param, bool ByAddress,
               const ParamSummary &Summary);

  const ApiModel &Model;
  ASTContext &Ctx;
  /// Per (definition, 2 x parameter + by address): the summary, once
  /// known. A summary being computed is recorded as Transfers first, so a
  /// recursive call sees that.
  llvm::DenseMap<std::pair<const FunctionDecl *, unsigned>, ParamSummary> Known;
  llvm::StringMap<FunctionSummary> ByUSR;
  unsigned Depth = 0;
};

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_ANALYSIS_SUMMARIES_H
