//===--- UseClassifier.h - lostcancel --------------------------*- C++ -*-===//
//
// Where a slot or a named closure is mentioned, and what each mention does
// to the handle (release, guard, transfer, copy, read, ...), decided from
// the mention's context in the AST: the walk goes up from the mention
// through implicit nodes and value-preserving wrappers to the first node
// that uses the value, and that node's kind decides.
//
// Unknown contexts are classified as a transfer: ownership is unclear, so
// no finding is made (SPEC §2, "prefer no finding"). Aliases are not
// tracked: a pointer or reference to the handle is a transfer, except
// `&h` handed to a release or use function or to a thread start.
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_ANALYSIS_USECLASSIFIER_H
#define LOSTCANCEL_ANALYSIS_USECLASSIFIER_H

#include "analysis/HandleSlot.h"
#include "analysis/ScopeIndex.h"
#include "analysis/Summaries.h"
#include "model/ApiModel.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <optional>

namespace clang::tidy::lostcancel {

/// What one mention does to the handle.
struct HandleUse {
  enum class Kind : std::uint8_t {
    Release,       ///< called, or passed to the family's release function
    Guard,         ///< handed to a scope guard (Var: the guard, if named)
    Transfer,      ///< ownership leaves the scope
    CopiedToLocal, ///< copied into a local (Var: that local)
    Read,          ///< a test or another harmless use
    Target,        ///< the target of an assignment
    Thread,        ///< handed to a new thread (Var: the thread, if named)
    Aggregated,    ///< put into a local aggregate or heap object (Var)
  };
  Kind K = Kind::Transfer;
  const VarDecl *Var = nullptr;
  /// The expression that releases or guards (the call, the guard's
  /// construction) or starts the thread, when it is not the mention itself.
  const Expr *At = nullptr;
  /// Thread only: where the thread is detached, if it is anywhere in the
  /// scope. A thread that is not detached is joined: a transfer.
  const Expr *DetachedAt = nullptr;
  /// When the callee's summary decides the use (SPEC §8; At is the call),
  /// the callee's parameter, and the summary.
  const ParmVarDecl *SummarisedBy = nullptr;
  /// Thread only: the `std::ref(h)` / `std::cref(h)` the handle was handed
  /// to the thread in (SPEC §7.20: a capture by reference).
  const Expr *RefWrapper = nullptr;
  ParamSummary Summary = {};
  bool disposes() const { return K != Kind::Read && K != Kind::Target; }
};

/// One mention of a slot or of a named closure.
struct Mention {
  const Expr *Use = nullptr;           ///< The expression that is the handle.
  const DeclRefExpr *Anchor = nullptr; ///< Its DeclRefExpr (in the CFG).
  const Expr *Closure = nullptr; ///< Top-level lambda/block containing it.
};

/// A variable captured by a lambda or block.
struct Capture {
  const ValueDecl *Var = nullptr;
  bool ByRef = false;
  SourceLocation Loc;
};

/// Finds and classifies the mentions of handles in one scope. Mentions in
/// \p TargetExprs (where a creation stores a handle) are targets.
class UseClassifier {
public:
  UseClassifier(const ScopeIndex &Index, const ApiModel &Model,
                const llvm::DenseSet<const Expr *> &TargetExprs,
                CalleeSummaries *Summaries = nullptr)
      : Index(Index), Model(Model), TargetExprs(TargetExprs),
        Summaries(Summaries) {}

  HandleUse classify(const Expr *Use) const;

  llvm::SmallVector<Mention, 4> mentionsOfDecl(const ValueDecl *D) const;
  /// The mentions of \p Slot: for an aggregate, those of the handle element
  /// and those of the whole variable.
  llvm::SmallVector<Mention, 4> mentionsOf(const HandleSlot &Slot) const;
  /// Captured variables of a lambda or block.
  static llvm::SmallVector<Capture, 4> capturesOf(const Expr &Closure);

private:
  /// What \p Parent, the first node above the value \p E that is not a
  /// variable, does with it; nothing when the value passes through Parent
  /// (the walk goes on). Sets \p AddressTaken at `&`.
  std::optional<HandleUse> usedBy(const Stmt &Parent, const Expr *E,
                                  bool &AddressTaken) const;
  /// Is \p Use an argument of a macro listed in lostcancel.TakeFunctions?
  bool inTakeMacro(const Expr &Use) const;
  HandleUse initializes(const VarDecl &VD) const;
  std::optional<HandleUse> constructs(const CXXConstructExpr &Cons) const;
  HandleUse initListOperand(const InitListExpr &Init) const;
  HandleUse memberOf(const MemberExpr &ME) const;
  std::optional<HandleUse> callOperand(const CallExpr &Call, const Expr *E,
                                       bool AddressTaken) const;
  /// The argument at \p ArgIndex of a call to \p Callee that is not a
  /// std:: helper or an overloaded operator the callers know.
  HandleUse argumentOf(const CallExpr &Call, const FunctionDecl &Callee,
                       unsigned ArgIndex, bool AddressTaken) const;

  const VarDecl *guardVarOf(const Expr *GuardExpr) const;
  /// A call that detaches the thread named \p Thread, or started by the
  /// temporary \p Start, anywhere in the scope.
  const Expr *detachOf(const VarDecl *Thread, const Expr *Start) const;
  /// SPEC §7.20: a call that sets the thread attributes \p AttrArg (the
  /// attributes argument of a thread start) to detached, anywhere in the
  /// scope.
  const Expr *detachingAttributes(const Expr &AttrArg) const;
  /// The call \p Use (a thread, or a member of one) is the object or an
  /// argument of, if it detaches.
  const Expr *detachingCall(const Expr &Use) const;
  /// The local variable that \p Aggregate (an initializer list, possibly
  /// under `new`) initializes, if any.
  const VarDecl *aggregateHolderOf(const Expr &Aggregate) const;

  const ScopeIndex &Index;
  const ApiModel &Model;
  const llvm::DenseSet<const Expr *> &TargetExprs;
  CalleeSummaries *Summaries;
};

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_ANALYSIS_USECLASSIFIER_H
