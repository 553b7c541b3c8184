//===--- GuardJumps.h - lostcancel -----------------------------*- C++ -*-===//
//
// Would a jump cross a guard inserted by the fix-it? C++ forbids a jump
// into the scope of a variable with a non-trivial destructor from outside
// it ([stmt.dcl]): a `goto` before the guard (or outside its block) to a
// label after it, a `switch` whose `case`/`default` label lies after a
// guard declared inside the switch's body, or an indirect `goto *p` to an
// address-taken label after it. The guard would make the fixed file fail to
// compile, so the fix-it offers none there.
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_CHECKS_GUARDJUMPS_H
#define LOSTCANCEL_CHECKS_GUARDJUMPS_H

#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::lostcancel {

/// The jumps of one body, collected in one walk and asked about each guard
/// a fix-it would declare there.
class BodyJumps {
public:
  explicit BodyJumps(const Decl &Scope);

  /// Could a jump in the body enter the scope of a guard declared right
  /// after \p GuardAfter, a statement of \p Block (a compound statement of
  /// the body), without passing its declaration?
  bool crossGuard(const Stmt &GuardAfter, const CompoundStmt &Block,
                  const SourceManager &SM) const;

  /// A jump from From to To.
  struct Jump {
    SourceLocation From, To;
  };

private:
  /// The walk that fills the jumps.
  class Collector;

  llvm::SmallVector<Jump, 4> Jumps;
  llvm::SmallVector<SourceLocation, 2> AddressTaken;
  bool HasIndirectGoto = false;
};

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_CHECKS_GUARDJUMPS_H
