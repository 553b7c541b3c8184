//===--- Summaries.h - lostcancel ------------------------------*- C++ -*-===//
//
// What a function defined in the translation unit does with a handle it is
// given (SPEC §8), so that a call passing the handle need not count as a
// transfer (§7.5). So far one effect is summarised: a parameter the body
// only *uses* -- every mention of it is a read, a use function of a
// family, or an argument of another function that only uses it. Such a call
// is a read in the caller: `if (configure(fd) < 0) return -1;` leaks `fd`
// when `configure` only calls `fcntl(fd, ...)`.
//
// Everything else keeps §7.5 (a transfer): functions without a body in the
// translation unit, variadic functions, virtual methods that are not final,
// calls through pointers or std::function (no direct callee), a parameter
// whose address is passed (`configure(&fd)`), a mention inside a lambda or
// block, a body with errors, and recursion (a function whose summary is
// being computed when it is called again counts as a transfer).
//
// A summary is computed on demand, when a handle reaches a call, by the same
// mention classification the scope analysis uses, and kept for the rest of
// the translation unit. Summaries are plain data keyed by the callee's
// declaration and parameter index.
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_ANALYSIS_SUMMARIES_H
#define LOSTCANCEL_ANALYSIS_SUMMARIES_H

#include "model/ApiModel.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/DenseMap.h"
#include <cstdint>
#include <utility>

namespace clang::tidy::lostcancel {

/// What a function does with one of its parameters when it holds a handle.
enum class ParamEffect : std::uint8_t {
  Transfers, ///< Unknown, or ownership may leave: SPEC §7.5.
  Uses,      ///< Only reads it: neither release nor transfer (§8.1).
};

/// The summaries of one translation unit's functions, computed on demand.
class CalleeSummaries {
public:
  CalleeSummaries(const ApiModel &Model, ASTContext &Ctx)
      : Model(Model), Ctx(Ctx) {}

  /// The parameter of \p Callee's definition that receives argument \p Arg
  /// of \p Call (a handle, not its address) when the callee only uses it
  /// there; null otherwise.
  const ParmVarDecl *onlyUses(const CallExpr &Call, const FunctionDecl &Callee,
                              unsigned Arg);

  /// The most nested summaries computed at once (a chain of helpers); a
  /// deeper callee counts as a transfer.
  static constexpr unsigned MaxDepth = 16;

private:
  ParamEffect effect(const FunctionDecl &Definition, unsigned Param);
  ParamEffect compute(const FunctionDecl &Definition, unsigned Param);

  const ApiModel &Model;
  ASTContext &Ctx;
  /// Per (definition, parameter): the effect, once known. A summary being
  /// computed is recorded as Transfers first, so a recursive call sees that.
  llvm::DenseMap<std::pair<const FunctionDecl *, unsigned>, ParamEffect> Known;
  unsigned Depth = 0;
};

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_ANALYSIS_SUMMARIES_H
