//===--- ScopeAnalysis.h - lostcancel --------------------------*- C++ -*-===//
//
// The one analysis every lostcancel check shares. For one scope (a function,
// lambda or block body) it finds the creation calls the API model knows,
// follows each cancel handle through Clang's CFG and classifies each creation
// site. Checks only read the result; the analysis never words a diagnostic.
//
// How it works (each step in its own file):
//  * Each creation stores its handle into a *slot*: a local variable, a
//    structured binding, or the handle element of a local pair/tuple/struct.
//  * Every mention of a slot is classified once, from its syntactic context,
//    as a release, a transfer, a guard, a read, or an assignment target
//    (HandleUses.h); Events.h turns the classifications into events at
//    statements of the CFG.
//  * A forward may-analysis over the CFG (Solver.h, over the lattice of
//    FlowState.h) tracks, per creation site, the set of states {absent,
//    live, live-but-guarded, released, held-by-a-guard-that-may-be-dismissed
//    (SPEC §7.18), transferred} that can hold at each
//    point, without enumerating paths. It is path-sensitive by property
//    simulation (SPEC §7.14, ESP): a point keeps up to MaxPathStates path
//    states apart, each with the branch facts its paths agree on
//    (PathConditions.h says which conditions are remembered and what
//    forgets them); an edge the facts contradict is no path, and paths that
//    reach the same handle state merge. Each block is revisited only when
//    its input grows, so the cost is O(blocks x MaxPathStates x (conditions
//    + sites)) block applications: polynomial in the function's size, never
//    in its number of paths (a 2^1000-path function takes milliseconds).
//  * One more pass over the fixpoint, through the same transfer functions
//    (Recorder.h), records per site where it leaks, what overwrites it,
//    which releases and transfers act on it. A leak is a live state at the
//    end of the slot variable's lifetime (a return, the end of a scope, a
//    break/continue/goto), at an explicit throw that leaves the function, or
//    on an edge into the exit.
//  * The verdicts are read off those facts (Verdicts.h); this file holds the
//    public result and the per-translation-unit cache.
//
// Function summaries (SPEC §8, Summaries.h): a call to a function defined in
// the translation unit is what its summary says -- a read, a release, a
// transfer, or a transfer only on the edges that test it as succeeded. The
// summary of a parameter comes from this same analysis (analyzeParameter):
// the parameter is a slot whose handle is live at the function's entry. A
// call to a creation wrapper (a function that returns a handle it created,
// or writes it through an out-parameter; CreationWrappers.h) is a creation.
//
// What is NOT modelled (each errs towards no finding, never a false positive
// on the known-safe shapes):
//  * Aliasing: copying a handle into another local, taking its address, or
//    binding a reference to it counts as a transfer; so does any use through a
//    pointer.
//  * Handles inside containers or heap objects after they were stored there.
//  * Calls that may throw outside a try block are not exits (SPEC §2); inside
//    a try block every point may reach the handlers (SPEC §7.9).
//  * A lambda's body is analysed flow-insensitively from the enclosing scope:
//    a lambda that releases or transfers the handle anywhere in its body is
//    taken to do so whenever it is called.
//  * Templates: a dependent creation is analysed in each instantiation; the
//    checks report a location once.
//  * Creation failure (SPEC §7.7): a test of the call itself, or of the
//    local that received its result while no other write reached it; writes
//    from inside lambdas are not seen. Status codes kept in struct members or
//    passed through other functions are not followed.
//  * Path conditions are remembered only over stable locals and parameters
//    (PathConditions.h); relations between variables (`x = f ? 1 : 2`),
//    values kept in globals or the heap, and more than MaxPathStates handle
//    states at one point are not followed (those paths are joined).
//  * Threads: a thread counts as detached when a detach call names it, or
//    its pthread attributes are set detached (SPEC §7.20), anywhere in the
//    scope (flow-insensitive); thread objects that are moved
//    or move-assigned, and arguments wrapped in std::bind, are not followed.
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_ANALYSIS_SCOPEANALYSIS_H
#define LOSTCANCEL_ANALYSIS_SCOPEANALYSIS_H

#include "analysis/HandleSlot.h"
#include "analysis/Summaries.h"
#include "analysis/ThreadLoops.h"
#include "analysis/UnboundRoots.h"
#include "model/ApiModel.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include <memory>
#include <optional>
#include <string>

namespace clang::tidy::lostcancel {

class CreationWrappers;

/// How a creation site ends up, per SPEC §7.3 / §7.1.
enum class SiteVerdict {
  Clean,         ///< Released or transferred on every path, or nothing to say.
  Unreleased,    ///< Some path reaches an exit with the handle live.
  ErrorPathOnly, ///< Released only in early-exit branches; the rest leaks.
  Overwritten,   ///< Assigned over a handle that may still be live.
  Detached,      ///< Escapes into a detached thread, not released here.
  Discarded,     ///< The handle is never referenced after its creation.
};

/// Why a leaking exit leaks.
enum class ExitKind {
  Return,      ///< return / co_return
  Throw,       ///< a throw that leaves the function
  FunctionEnd, ///< falling off the end of the function body
  ScopeEnd,    ///< the closing brace of an inner scope
  Jump,        ///< break / continue / goto out of the handle's scope
};

struct LeakingExit {
  ExitKind Kind = ExitKind::FunctionEnd;
  SourceLocation Loc;
  /// The return, throw or jump statement, if the exit is one.
  const Stmt *Statement = nullptr;
};

/// Unreleased, ErrorPathOnly: where the handle leaks.
struct LeakFacts {
  /// Every leaking exit, in source order.
  llvm::SmallVector<LeakingExit, 2> Exits;
  /// ErrorPathOnly: where the handle is released, all on early-exit paths.
  llvm::SmallVector<SourceLocation, 2> ErrorPathReleases;
  /// Every leaking exit is reached only with the handle live: releasing it
  /// there cannot release it twice.
  bool ExitsAlwaysLive = true;
  /// SPEC §7.18: where a guard that held the handle is dismissed, and the
  /// guard's name, in source order.
  llvm::SmallVector<std::pair<SourceLocation, std::string>, 1> Dismissals;
};

/// Overwritten: the assignment that overwrites, and the creation whose
/// handle it overwrites (possibly this one, in an earlier iteration).
struct OverwriteFacts {
  SourceLocation Loc;
  const CallExpr *Overwritten = nullptr;
};

/// Detached: the call that detaches the thread; and, for a handle or
/// context captured by reference, that capture and the captured name.
struct DetachFacts {
  SourceLocation DetachLoc;
  SourceLocation DanglingCaptureLoc;
  std::string DanglingCapture;
};

/// What a fix-it needs to know about the handle and its creation. Facts
/// only: where a fix may go is the fix-it's business.
struct FixFacts {
  /// The variable (or binding) that holds the handle, and the variable
  /// whose lifetime bounds it.
  const ValueDecl *HandleVar = nullptr;
  const VarDecl *HandleStorage = nullptr;
  QualType HandleType;
  /// The handle is a structured binding (which a lambda can only capture
  /// from C++20 on).
  bool HandleIsBinding = false;
  /// The statement (directly in a compound statement) that creates the
  /// handle, or null; and that compound statement.
  const Stmt *CreationStmt = nullptr;
  const CompoundStmt *CreationBlock = nullptr;
  /// The scope's body holds a jump to a label (ScopeIndex::hasJumps): a
  /// guard declared in it might be jumped over.
  bool BodyHasJumps = false;
  /// The statement that declares HandleStorage, or null; and whether it is
  /// a statement of the compound statement that holds CreationStmt.
  const Stmt *HandleDeclaration = nullptr;
  bool DeclaredBesideCreation = false;
  /// For an API that can fail (SPEC §7.7): `if (<the creation failed>)
  /// <leave>;` as CreationStmt itself or as the statement right after it
  /// (the first of the two), or null.
  const IfStmt *LeavesOnFailure = nullptr;
  /// For a handle taken out of a result variable: an earlier statement of
  /// CreationStmt's compound statement is such an `if`.
  bool LeftOnFailureBefore = false;
  /// Somewhere the handle is transferred (returned, stored, passed on).
  bool EverTransferred = false;
  /// Somewhere the handle is released explicitly.
  bool EverReleased = false;
  /// A guard that held the handle is dismissed somewhere (SPEC §7.18): the
  /// code means the handle to outlive the guard, so no guard is added.
  bool Dismissed = false;
  /// Unreleased, ErrorPathOnly: where the context created with the handle
  /// (the other element of its pair or tuple) leaves the scope, and how it
  /// is named there (ContextEscape.h); invalid when it stays.
  SourceLocation ContextEscape;
  std::string EscapingContext;
};

/// A call that the callee's summary says something of (SPEC §8.7): it only
/// uses the handle, releases it, releases it on some paths only (a
/// transfer), or keeps it only when it succeeds.
struct SummarisedUse {
  const Expr *Call = nullptr;
  const ParmVarDecl *Param = nullptr; ///< In the callee's definition.
  ParamSummary Summary;
};

/// What the flow saw of a tracked site, for the creation wrappers (SPEC
/// §8.3, CreationWrappers.h): a function that returns the handle on every
/// path is a creation API for its callers.
struct FlowFacts {
  /// The handle was stored into a local slot and the flow knows its
  /// outcome (no event outside the CFG).
  bool Followed = false;
  /// The handle may go to a detached thread.
  bool Escapes = false;
  /// The transfers that may act on the handle, at their anchors.
  llvm::SmallVector<const Stmt *, 2> Transfers;
};

/// The analysis result for one creation call.
struct SiteResult {
  const CallExpr *Creation = nullptr;
  const FunctionDecl *Callee = nullptr;
  const ApiEntry *Api = nullptr;
  /// Where the handle is in the creation's result, or which argument.
  HandleLocation Where;
  SiteVerdict Verdict = SiteVerdict::Clean;
  /// How the handle is named in messages ('cancel', 'r.second', ...). It is
  /// also a C++ expression naming the handle.
  std::string HandleName;
  LeakFacts Leak;
  OverwriteFacts Overwrite;
  DetachFacts Detach;
  FixFacts Fix;
  /// The calls whose callees' summaries decided what they do to the handle
  /// (SPEC §8), in source order: what a finding owes to them.
  llvm::SmallVector<SummarisedUse, 1> UsedByCallees;
  FlowFacts Flow;

  /// The first leaking exit in source order (Unreleased, ErrorPathOnly).
  const LeakingExit &firstExit() const { return Leak.Exits.front(); }
};

/// The result for one scope. Sites are in source order.
struct ScopeResult {
  llvm::SmallVector<SiteResult, 2> Sites;
  /// lostcancel-unbound-parent: the root calls that cut off a context in
  /// scope (SPEC §9, UnboundRoots.h).
  llvm::SmallVector<UnboundRoot, 0> Roots;
  /// lostcancel-unobserved: the loops that can only end by cancellation
  /// and observe none of the scope's signals (SPEC §9, ThreadLoops.h);
  /// they are findings when the scope is a thread's body.
  llvm::SmallVector<UnobservedLoop, 0> Loops;
  /// The threads the scope starts (SPEC §9): their bodies' Loops are the
  /// lostcancel-unobserved findings.
  llvm::SmallVector<ThreadStart, 0> Threads;
};

/// Runs the analysis on the body of \p Scope (a FunctionDecl, including a
/// lambda's call operator, or a BlockDecl). When \p Wanted is given, only
/// the creation calls it accepts are analysed.
/// With \p Summaries, calls to functions defined in the translation unit are
/// judged by their summaries (SPEC §8); with \p Wrappers, calls to creation
/// wrappers are creations (SPEC §8.3).
ScopeResult
analyzeScope(const Decl &Scope, const ApiModel &Model, ASTContext &Ctx,
             llvm::function_ref<bool(const CallExpr &)> Wanted = nullptr,
             CalleeSummaries *Summaries = nullptr,
             CreationWrappers *Wrappers = nullptr);

/// Analyses a member initialiser of \p Owner (a constructor's, or a
/// field's default member initialiser) as a scope of its own, without flow:
/// its result holds only the creations it drops (SPEC §7.19,
/// `ctx_(WithCancel(p).first)`); what it keeps, a member holds.
ScopeResult analyzeInitializer(const Decl &Owner, const Expr &Init,
                               const ApiModel &Model, ASTContext &Ctx);

/// One exit of a function, for a handle parameter (SPEC §8): may the
/// handle still be held there, or kept (transferred) by the function?
struct ParameterExit {
  LeakingExit Exit;
  bool Held = false;
  bool Kept = false;
  /// The exit returns the result of a call that keeps the handle only on
  /// some results (or the local holding it), and nothing else acted on the
  /// handle on the way: the function forwards that call's convention.
  std::optional<ParamSummary> Forwarded;
};

/// What the paths of a function do to the handle one parameter receives.
struct ParameterFlow {
  llvm::SmallVector<ParameterExit, 4> Exits;
  bool Released = false;    ///< Some release acts on it.
  bool Transferred = false; ///< Some transfer acts on it.
};

class HandleUses;

/// Follows \p Param, a slot of a parameter of \p Definition (whose
/// mentions \p Uses classifies), through the function's CFG as if a handle
/// were created in it at the function's entry; none when the paths cannot
/// be followed (no CFG, an event the CFG does not hold, a detached thread).
std::optional<ParameterFlow> analyzeParameter(const FunctionDecl &Definition,
                                              const HandleSlot &Param,
                                              HandleUses &Uses,
                                              ASTContext &Ctx);

/// Caches scope results for one translation unit, so several checks share
/// one analysis per scope. A template instantiation is only analysed for the
/// creations its template could not resolve.
class AnalysisCache {
public:
  explicit AnalysisCache(ApiModel Model);
  ~AnalysisCache();
  AnalysisCache(const AnalysisCache &) = delete;
  AnalysisCache &operator=(const AnalysisCache &) = delete;
  const ApiModel &model() const { return Model; }
  const ScopeResult &resultFor(const Decl &Scope, ASTContext &Ctx);
  /// Is \p Scope's result being computed (a call back into it, through a
  /// creation wrapper, is recursion)?
  bool isAnalysing(const Decl &Scope) const {
    return InProgress.contains(&Scope);
  }
  /// May a call to \p Callee create a handle: a name the model knows, or
  /// a function of the translation unit that may be a creation wrapper (a
  /// cheap pre-filter, for the checks' matchers)?
  bool mayCreate(const FunctionDecl &Callee);
  /// The creation wrappers of the current translation unit (SPEC §8.3).
  CreationWrappers &wrappers(ASTContext &Ctx);
  /// analyzeInitializer's result for \p Init, cached the same way.
  const ScopeResult &resultForInitializer(const Decl &Owner, const Expr &Init,
                                          ASTContext &Ctx);

  /// What the cache has analysed so far (the lostcancel.Statistics option
  /// reports it).
  struct Statistics {
    unsigned Scopes = 0;   ///< scopes analysed
    unsigned Sites = 0;    ///< creation calls analysed
    unsigned Findings = 0; ///< sites with a verdict other than Clean
  };
  const Statistics &statistics() const { return Stats; }

private:
  /// A new translation unit forgets the results and summaries of the last.
  void useContext(ASTContext &Ctx);

  Statistics Stats;
  ApiModel Model;
  ASTContext *CurrentContext = nullptr;
  std::unique_ptr<CalleeSummaries> Summaries;
  std::unique_ptr<CreationWrappers> Wrappers;
  llvm::DenseSet<const Decl *> InProgress;
  llvm::DenseMap<const Decl *, std::unique_ptr<ScopeResult>> Results;
  llvm::DenseMap<const Expr *, std::unique_ptr<ScopeResult>> InitializerResults;
};

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_ANALYSIS_SCOPEANALYSIS_H
