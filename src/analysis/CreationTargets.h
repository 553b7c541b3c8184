//===--- CreationTargets.h - lostcancel ------------------------*- C++ -*-===//
//
// Where a creation call's handle goes: into a local slot the dataflow then
// tracks, dropped on the spot (SPEC §7.1), or consumed (returned, passed
// on, stored elsewhere). The value is followed up the parent map from the
// call through implicit nodes and copies, into a declaration, an
// assignment or std::tie, and, for a handle inside a result object, to the
// one place the handle is taken out of a local that holds the result.
//
// A conditional expression whose arms are both creations of the same API
// is one creation, followed from its first arm and made where the two arms
// meet (SPEC §7.19); the second arm's call is consumed by it.
//
// What it cannot do: follow a handle through more than one local result
// variable, through a reference or a pointer, or out of a nested element;
// such handles are consumed, and no finding is made about them.
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_ANALYSIS_CREATIONTARGETS_H
#define LOSTCANCEL_ANALYSIS_CREATIONTARGETS_H

#include "analysis/HandleSlot.h"
#include "analysis/ScopeIndex.h"
#include "model/ApiModel.h"
#include "llvm/ADT/DenseSet.h"
#include <cstdint>
#include <optional>

namespace clang::tidy::lostcancel {

/// Where a creation call's handle goes.
struct CreationTarget {
  enum class Kind : std::uint8_t {
    Slot,      ///< Stored into a local slot: tracked by the dataflow.
    Discarded, ///< Dropped at creation (SPEC §7.1).
    Consumed,  ///< Returned, passed on, stored elsewhere, or called at once.
  };
  Kind K = Kind::Consumed;
  HandleSlot Slot;
  /// The assignment that stores the handle (`std::tie(c, h) = ...`,
  /// `h = ...`), when it is not a declaration.
  const Expr *Assignment = nullptr;
  /// Where the handle comes into being when that is not the call: where it
  /// is taken out of a result variable (`auto [c, cancel] = r.value`).
  const Expr *CreatedAt = nullptr;
};

/// Resolves creation targets in one scope. The references that name a
/// target (`h` in `h = call()`) are added to the set given at construction,
/// so that they are not classified as uses of the handle.
class CreationTargetResolver {
public:
  CreationTargetResolver(const ScopeIndex &Index, const ApiModel &Model,
                         llvm::DenseSet<const Expr *> &TargetExprs)
      : Index(Index), Model(Model), TargetExprs(TargetExprs) {}

  /// Where the handle \p Call creates, at \p Where in its result, goes.
  CreationTarget resolve(const CallExpr &Call, const HandleLocation &Where);

private:
  struct Walk;

  /// Follows the creation's value up from \p Start. Below \p AtHandleLevel
  /// the handle is still inside Where.Outer; a local that receives the
  /// whole result is followed to where the member is taken out when
  /// \p MayFollowVariable.
  CreationTarget resolveFrom(const Expr &Start, const HandleLocation &Where,
                             QualType Result, bool AtHandleLevel,
                             bool MayFollowVariable);
  /// One step up, from \p Child to \p Parent: the target, or nothing when
  /// the value passes through Parent and the walk goes on.
  std::optional<CreationTarget> step(Walk &W, const Expr &Child,
                                     const DynTypedNode &Parent);
  CreationTarget intoVariable(const Walk &W, const VarDecl &VD);
  /// A step from an arm of \p Choice: on, when both arms are creations of
  /// the same API and \p Child is the first (SPEC §7.19).
  std::optional<CreationTarget>
  throughChoice(Walk &W, const Expr &Child, const ConditionalOperator &Choice);
  /// The creation call in the arm of \p Choice other than \p Arm, when
  /// both arms are creations of the same API with the handle at the same
  /// place in the result; null otherwise.
  const CallExpr *otherArm(const ConditionalOperator &Choice,
                           const Expr &Arm) const;
  /// A step while the handle is still inside the result's member Outer.
  static std::optional<CreationTarget> aboveHandle(Walk &W, const Stmt &Parent);
  /// A step while the handle is still an element of its aggregate.
  std::optional<CreationTarget> extracting(Walk &W, const Expr &Child,
                                           const Stmt &Parent);
  /// The handle (or its aggregate) used by \p Parent as an operand.
  CreationTarget usedBy(const Walk &W, const Expr &Child, const Stmt &Parent);
  CreationTarget assignedTo(const Walk &W, const Expr &LHS,
                            const Expr &Assignment);
  CreationTarget tiedTo(const CallExpr &Tie, const HandleLocation &Where,
                        CreationTarget Target);
  CreationTarget followResultVariable(const VarDecl &Result,
                                      const HandleLocation &Where);
  /// A local variable or structured binding that receives a whole handle.
  std::optional<HandleSlot> handleVariable(const Expr *Target);

  const ScopeIndex &Index;
  const ApiModel &Model;
  llvm::DenseSet<const Expr *> &TargetExprs;
};

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_ANALYSIS_CREATIONTARGETS_H
