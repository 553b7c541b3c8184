//===--- HandleUses.cpp - lostcancel --------------------------------------===//

#include "analysis/HandleUses.h"

namespace clang::tidy::lostcancel {

HandleUses::HandleUses(const Decl &Scope, const ApiModel &Model,
                       ASTContext &Ctx)
    : Model(Model), Ctx(Ctx), Index(Scope, Model) {}

CreationTarget HandleUses::resolveCreationTarget(const CallExpr &Call,
                                                 const HandleLocation &Where) {
  return CreationTargetResolver(Index, Model, TargetExprs).resolve(Call, Where);
}

bool HandleUses::isMentionedOutsideTargets(const HandleSlot &Slot) const {
  return llvm::any_of(mentionsOf(Slot), [&](const Mention &M) {
    return !TargetExprs.contains(M.Anchor);
  });
}

} // namespace clang::tidy::lostcancel
