//===--- ScopeAnalysis.h - lostcancel --------------------------*- C++ -*-===//
//
// The one analysis every lostcancel check shares. For one scope (a function,
// lambda or block body) it finds the creation calls the API model knows,
// follows each cancel handle through Clang's CFG and classifies each creation
// site. Checks only read the result; the analysis never words a diagnostic.
//
// How it works:
//  * Each creation stores its handle into a *slot*: a local variable, a
//    structured binding, or the handle element of a local pair/tuple/struct.
//  * Every mention of a slot is classified once, from its syntactic context,
//    as a release, a transfer, a guard, a read, or an assignment target.
//  * A forward may-analysis over the CFG tracks, per creation site, the set of
//    states {absent, live, live-but-guarded, released, transferred} that can
//    hold at each point; join is set union, so the result is exactly "is there
//    a path on which ..." without enumerating paths. Each block is revisited
//    only when its input grows: the cost is linear in the CFG's size times the
//    number of sites (each site's set can grow at most five times).
//  * A leak is a live state at the end of the slot variable's lifetime (a
//    return, the end of a scope, a break/continue/goto), at an explicit throw
//    that leaves the function, or on an edge into the exit.
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
//  * Threads: a thread counts as detached when a detach call names it
//    anywhere in the scope (flow-insensitive); thread objects that are moved
//    or move-assigned, and arguments wrapped in std::bind, are not followed.
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_ANALYSIS_SCOPEANALYSIS_H
#define LOSTCANCEL_ANALYSIS_SCOPEANALYSIS_H

#include "model/ApiModel.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include <memory>
#include <string>

namespace clang::tidy::lostcancel {

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

/// The analysis result for one creation call.
struct SiteResult {
  const CallExpr *Creation = nullptr;
  const FunctionDecl *Callee = nullptr;
  SiteVerdict Verdict = SiteVerdict::Clean;
  /// How the handle is named in messages ('cancel', 'r.second', ...). It is
  /// also a C++ expression naming the handle.
  std::string HandleName;
  /// The first leaking exit in source order (Unreleased, ErrorPathOnly).
  LeakingExit Exit;
  /// Every leaking exit, in source order.
  llvm::SmallVector<LeakingExit, 2> Exits;
  /// ErrorPathOnly: where the handle is released, all on early-exit paths.
  llvm::SmallVector<SourceLocation, 2> ErrorPathReleases;
  /// Overwritten: the assignment that overwrites, and the creation whose
  /// handle it overwrites (possibly this one, in an earlier iteration).
  SourceLocation OverwriteLoc;
  const CallExpr *OverwrittenCreation = nullptr;
  /// Detached: the call that detaches the thread; and, for a handle or
  /// context captured by reference, that capture and the captured name.
  SourceLocation DetachLoc;
  SourceLocation DanglingCaptureLoc;
  std::string DanglingCapture;

  // What a fix-it needs to know.
  const ApiEntry *Api = nullptr;
  /// The variable (or binding) that holds the handle, and the variable
  /// whose lifetime bounds it.
  const ValueDecl *HandleVar = nullptr;
  const VarDecl *HandleStorage = nullptr;
  QualType HandleType;
  /// The statement (directly in a compound statement) that creates the
  /// handle, or null.
  const Stmt *CreationStmt = nullptr;
  /// The statement after which the handle certainly exists: the creation
  /// statement, or for an API that can fail the `if` that leaves when it
  /// failed (SPEC §7.7). Null when there is no such statement.
  const Stmt *GuardAfter = nullptr;
  /// The handle's variable is declared by GuardAfter or earlier in the same
  /// compound statement, so a guard right after GuardAfter ends no later
  /// than the variable.
  bool GuardFitsScope = false;
  /// The handle is a structured binding (which a lambda can only capture
  /// from C++20 on).
  bool HandleIsBinding = false;
  /// Somewhere the handle is transferred (returned, stored, passed on): a
  /// guard would cancel a handle that something else owns.
  bool EverTransferred = false;
  /// Somewhere the handle is released explicitly (a non-idempotent release
  /// must then not be added by a guard too).
  bool EverReleased = false;
  /// Every leaking exit is reached only with the handle live: releasing it
  /// there cannot release it twice.
  bool ExitsAlwaysLive = true;
};

/// The result for one scope. Sites are in source order.
struct ScopeResult {
  llvm::SmallVector<SiteResult, 2> Sites;
};

/// Runs the analysis on the body of \p Scope (a FunctionDecl, including a
/// lambda's call operator, or a BlockDecl). When \p Wanted is given, only
/// the creation calls it accepts are analysed.
ScopeResult
analyzeScope(const Decl &Scope, const ApiModel &Model, ASTContext &Ctx,
             llvm::function_ref<bool(const CallExpr &)> Wanted = nullptr);

/// Caches scope results for one translation unit, so several checks share
/// one analysis per scope. A template instantiation is only analysed for the
/// creations its template could not resolve.
class AnalysisCache {
public:
  explicit AnalysisCache(ApiModel Model) : Model(std::move(Model)) {}
  const ApiModel &model() const { return Model; }
  const ScopeResult &resultFor(const Decl &Scope, ASTContext &Ctx);

  /// What the cache has analysed so far (LOSTCANCEL_STATS reports it).
  struct Statistics {
    unsigned Scopes = 0;   ///< scopes analysed
    unsigned Sites = 0;    ///< creation calls analysed
    unsigned Findings = 0; ///< sites with a verdict other than Clean
  };
  const Statistics &statistics() const { return Stats; }

private:
  Statistics Stats;
  ApiModel Model;
  ASTContext *CurrentContext = nullptr;
  llvm::DenseMap<const Decl *, std::unique_ptr<ScopeResult>> Results;
};

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_ANALYSIS_SCOPEANALYSIS_H
