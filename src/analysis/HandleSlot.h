//===--- HandleSlot.h - lostcancel -----------------------------*- C++ -*-===//
//
// Where a handle lives in a scope: a local variable or structured binding
// holding the handle itself, or the handle element of a local pair, tuple
// or struct. This file owns what a slot is, how one is made and named for
// messages, and which slot an expression names.
//
// A slot is one level deep: an element of an element, an array element or
// a handle behind a pointer is not a slot (SPEC §7.10).
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_ANALYSIS_HANDLESLOT_H
#define LOSTCANCEL_ANALYSIS_HANDLESLOT_H

#include "model/ApiModel.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>

namespace clang::tidy::lostcancel {

/// Where a handle lives: a local variable or structured binding holding the
/// handle itself, or the handle element of a local pair/tuple/struct.
struct HandleSlot {
  const ValueDecl *Var = nullptr;
  /// The variable whose lifetime bounds the slot (the DecompositionDecl of a
  /// structured binding, else Var).
  const VarDecl *Storage = nullptr;
  bool Aggregate = false;
  unsigned Index = 0;               ///< Aggregate only: element index.
  const FieldDecl *Field = nullptr; ///< Aggregate only: the handle member.
  QualType ElementType;             ///< Aggregate only: the handle's type.
  std::string Name;                 ///< For messages.
  /// An integer handle for which 0 means "no handle" (failure=zero):
  /// tests against 0 are empty tests (SPEC §7.6).
  bool ZeroIsEmpty = false;
  /// In a summary only (SPEC §8.4): the handle is what the pointer Var
  /// points to (`close_safe(int *fd)` given `&fd`); `*Var` names it.
  bool Pointee = false;

  bool sameAs(const HandleSlot &O) const {
    return Var == O.Var && Aggregate == O.Aggregate && Index == O.Index &&
           Field == O.Field && Pointee == O.Pointee;
  }
};

/// The slot that is all of \p Var, whose lifetime \p Storage bounds.
HandleSlot wholeSlot(const ValueDecl *Var, const VarDecl *Storage);

/// The slot of local aggregate \p Var (of type \p Aggregate) that holds
/// the handle \p Where names.
HandleSlot aggregateSlot(const VarDecl *Var, const HandleLocation &Where,
                         QualType Aggregate);

/// Index of \p Slot in \p Slots, appending it if new.
int internSlot(const HandleSlot &Slot,
               llvm::SmallVectorImpl<HandleSlot> &Slots);

/// The slot \p E names (`h`, `r.second`, `std::get<1>(t)`) among \p Slots,
/// if any.
std::optional<int> slotNamedBy(const Expr *E, llvm::ArrayRef<HandleSlot> Slots);

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_ANALYSIS_HANDLESLOT_H
