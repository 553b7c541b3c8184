//===--- TypeShapes.h - lostcancel -----------------------------*- C++ -*-===//
//
// Questions about the shape of a type that the model asks of a creation's
// result: its pair/tuple elements, whether a value can be called, where a
// HandleSpec puts the handle in a concrete result type (including the
// `return.auto` rule of SPEC §7.11), and the name a class is listed under.
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_MODEL_TYPESHAPES_H
#define LOSTCANCEL_MODEL_TYPESHAPES_H

#include "model/ApiEntry.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace clang::tidy::lostcancel {

/// Position of the handle inside a concrete creation result type.
struct HandleLocation {
  /// The result itself is the handle.
  bool WholeResult = false;
  /// The handle is the object whose address is this argument (arg.N).
  std::optional<unsigned> Argument;
  /// The handle is inside this data member of the result (return.NAME.N);
  /// Index and Field are then positions inside the member's type.
  const FieldDecl *Outer = nullptr;
  /// pair/tuple element index, or the index of \c Field among the record's
  /// fields (the index a structured binding uses).
  unsigned Index = 0;
  /// Set when the handle is a data member of a class result (including
  /// std::pair's `first`/`second`).
  const FieldDecl *Field = nullptr;
  /// An integer handle of an API whose failure value is 0 (failure=zero):
  /// 0 means "no handle", so `if (id)` and `id != 0` are empty tests.
  bool ZeroIsEmpty = false;
};

/// The element types of a std::pair / std::tuple type, or none.
llvm::SmallVector<QualType, 4> tupleElementTypes(QualType T);

/// True when \p T (after references) can be called with \p Arity arguments:
/// a function, function pointer, or class with a matching operator().
bool isInvocableWith(QualType T, unsigned Arity);

/// Where \p Spec puts the handle in a call to \p CalleeName returning
/// \p Result, or std::nullopt when the result has no such place.
std::optional<HandleLocation> locateHandle(const HandleSpec &Spec,
                                           QualType Result,
                                           llvm::StringRef CalleeName);

/// The class \p T (after references) is, if any.
const CXXRecordDecl *recordOf(QualType T);

/// The class a context value of type \p T refers to (SPEC §9): \p T after
/// references, cv, one pointer or one smart pointer (a class template
/// specialization with an `operator->`, such as std::shared_ptr or
/// pygolang's refptr: its first template argument); the canonical
/// declaration, or null.
const CXXRecordDecl *contextRecordOf(QualType T);

/// The name a class is listed under (GuardTypes, the thread types): the
/// template's qualified name for a specialization, else the record's
/// qualified name.
std::string listedTypeName(const CXXRecordDecl *RD);
/// "c" of "a::b::c".
llvm::StringRef lastComponent(llvm::StringRef QualifiedName);
/// Is \p RD listed under one of \p QualifiedNames ("std::jthread")? The
/// record's own name is tested first; the qualified one is built at most
/// once, and only when it could match.
bool isListedType(const CXXRecordDecl *RD,
                  llvm::ArrayRef<llvm::StringRef> QualifiedNames);

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_MODEL_TYPESHAPES_H
