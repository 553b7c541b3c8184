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

namespace clang::tidy::lostcancel {

/// Could a jump in \p Scope's body enter the scope of a guard declared
/// right after \p GuardAfter (a statement of a compound statement of that
/// body) without passing its declaration?
bool jumpCrossesGuard(const Decl &Scope, const Stmt &GuardAfter,
                      const SourceManager &SM);

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_CHECKS_GUARDJUMPS_H
