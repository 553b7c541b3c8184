//===--- CreationWrappers.h - lostcancel -----------------------*- C++ -*-===//
//
// Creation wrappers (SPEC §8.3): a function whose body is in the translation
// unit and that hands its caller a handle it created -- by returning it on
// every path, or by writing it through a pointer parameter -- is a creation
// API of the same family, with the same releases, for its callers:
//
//   static int make_timerfd(void) {
//     int fd = timerfd_create(CLOCK_MONOTONIC, 0);
//     if (fd < 0)
//       return -1;
//     return fd;
//   }
//   void setup_timer(timer_t *t) { timer_create(CLOCK_MONOTONIC, NULL, t); }
//
// A returning wrapper is read off the scope analysis of its own body (the
// result the checks use too): each handle it returns is created there (by a
// model API or another wrapper), released nowhere, transferred only by the
// `return`s that name it, and leaks on no path; every other `return` gives
// a constant. The wrapper's failure convention (SPEC §7.7) is the inner
// API's when every `return` gives the handle itself; otherwise it is derived
// from the constants: all negative (an integer handle that the inner API
// says is negative on failure) is Negative, all null (a pointer) is Zero,
// all 0 for an inner Zero API is Zero. Any other constant: not a wrapper.
//
// An out-parameter wrapper creates the handle in a statement of the body's
// top level, through a pointer parameter mentioned nowhere else, with no
// `return` before it. Its failure convention: none for `void`; the inner
// API's when it returns the creation's status; or, for
// `if (<creation failed>) return C1; ... return C2;`, NonZero or Negative
// when the constants C1 (failure) and C2 (success) say so. Anything else is
// not a wrapper.
//
// Not wrappers (precision first: when unclear, not a wrapper): functions
// without a body, variadic ones, virtual methods that are not final, member
// operators, functions in system headers, coroutines, `main`, recursion (a
// function whose analysis is under way when it is asked about again), a
// handle stored, released, guarded or passed on, one returned only on some
// paths, APIs whose release repeats creation arguments, `dieswith=` and
// `oneshot=` APIs; and nothing at all in a translation unit with errors
// (error recovery may drop a release without a trace). A chain of wrappers
// is followed MaxDepth deep.
//
// A template's pattern is tried first; when its creations only resolve in
// the instantiation (dependent arguments), the instantiation is used.
//
// Everything is computed on demand, once per function per translation unit,
// and kept as plain data keyed by the function's definition (a later
// cross-translation-unit mode can key it by USR, SPEC §8.8). The entries made
// for wrappers live as long as this object, which lives as long as the
// translation unit's results.
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_ANALYSIS_CREATIONWRAPPERS_H
#define LOSTCANCEL_ANALYSIS_CREATIONWRAPPERS_H

#include "analysis/ScopeAnalysis.h"
#include "model/ApiModel.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <deque>
#include <optional>

namespace clang::tidy::lostcancel {

/// One handle a wrapper hands its caller.
struct WrappedHandle {
  /// The creation API the wrapper is, for this handle (a copy of the inner
  /// API's entry with the wrapper's failure convention).
  const ApiEntry *Api = nullptr;
  /// Where the handle is in the wrapper's result, or which argument.
  HandleLocation Where;
  /// The creation inside the wrapper (a model API's call, or a call of
  /// another wrapper), and the API it is.
  const CallExpr *Inner = nullptr;
  const ApiEntry *InnerApi = nullptr;
};

/// What a creation wrapper is.
struct CreationWrapper {
  const FunctionDecl *Function = nullptr; ///< The body analysed.
  llvm::SmallVector<WrappedHandle, 1> Handles;
};

class CreationWrappers {
public:
  CreationWrappers(AnalysisCache &Cache, ASTContext &Ctx)
      : Cache(Cache), Ctx(Ctx) {}

  /// A cheap pre-filter: may \p Callee be a creation wrapper? (A
  /// definition in the translation unit, outside system headers, whose body
  /// calls something that may create a handle.)
  bool mayBeWrapper(const FunctionDecl &Callee);

  /// The creations \p Call makes when its callee is a creation wrapper,
  /// else none.
  llvm::SmallVector<CreationMatch, 1> matchCreations(const CallExpr &Call);

  /// The wrapper \p Callee is, when known to be one (as matchCreations
  /// found it), else null.
  const CreationWrapper *find(const FunctionDecl &Callee) const;
  /// The handle of \p Callee's wrapper that \p Api stands for, or null.
  const WrappedHandle *find(const FunctionDecl &Callee,
                            const ApiEntry &Api) const;

  /// The longest chain of wrappers followed.
  static constexpr unsigned MaxDepth = 8;

private:
  const CreationWrapper *wrapperOf(const FunctionDecl &Callee);
  std::optional<CreationWrapper> compute(const FunctionDecl &Definition);
  /// The wrapper \p Scope's body makes of it, from \p Result (its
  /// analysis), if any.
  std::optional<CreationWrapper> fromBody(const FunctionDecl &Scope,
                                          const ScopeResult &Result);
  bool calleeMayCreate(const FunctionDecl &Callee);
  /// A copy of \p Inner with the failure convention \p Failure, owned here.
  const ApiEntry *entryFor(const ApiEntry &Inner, const FailureSpec &Failure,
                           const FunctionDecl &Wrapper);

  AnalysisCache &Cache;
  ASTContext &Ctx;
  /// Per definition: may it be a wrapper (the pre-filter)?
  llvm::DenseMap<const FunctionDecl *, bool> Candidates;
  /// Per definition: the wrapper it is, or null when it is none.
  llvm::DenseMap<const FunctionDecl *, const CreationWrapper *> Known;
  std::deque<CreationWrapper> Wrappers;
  std::deque<ApiEntry> Entries;
  unsigned Depth = 0;
  unsigned FilterDepth = 0;
};

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_ANALYSIS_CREATIONWRAPPERS_H
