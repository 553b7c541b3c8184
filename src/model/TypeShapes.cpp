//===--- TypeShapes.cpp - lostcancel --------------------------------------===//
//
// Type-shape queries on creation results: std::pair / std::tuple elements,
// call operators, and the handle's place in a result (SPEC §7.11).
//
//===----------------------------------------------------------------------===//

#include "model/TypeShapes.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::lostcancel {

namespace {

bool isStdTemplate(const CXXRecordDecl *RD, llvm::StringRef Name) {
  const auto *Spec =
      llvm::dyn_cast_or_null<ClassTemplateSpecializationDecl>(RD);
  return Spec && Spec->isInStdNamespace() &&
         Spec->getSpecializedTemplate()->getName() == Name;
}

bool isPairOrTuple(const CXXRecordDecl *RD) {
  return isStdTemplate(RD, "pair") || isStdTemplate(RD, "tuple");
}

bool hasCallOperator(const CXXRecordDecl *RD, unsigned Arity, int Depth = 0) {
  if (!RD || !RD->hasDefinition() || Depth > 8)
    return false;
  RD = RD->getDefinition();
  DeclarationName CallOp =
      RD->getASTContext().DeclarationNames.getCXXOperatorName(OO_Call);
  for (const NamedDecl *ND : RD->lookup(CallOp)) {
    const FunctionDecl *FD = ND->getAsFunction();
    if (!FD)
      continue;
    if (FD->getMinRequiredArguments() <= Arity &&
        (FD->isVariadic() || FD->getNumParams() >= Arity ||
         FD->getDescribedFunctionTemplate()))
      return true;
  }
  return llvm::any_of(RD->bases(), [&](const CXXBaseSpecifier &Base) {
    return hasCallOperator(Base.getType()->getAsCXXRecordDecl(), Arity,
                           Depth + 1);
  });
}

// Is a name one of the *Cause variants (whose handle may take one argument)?
bool isCauseVariant(llvm::StringRef Name) {
  return Name.ends_with("Cause") || Name.ends_with("_cause");
}

bool isHandleType(QualType T, llvm::StringRef CalleeName) {
  return isInvocableWith(T, 0) ||
         (isCauseVariant(CalleeName) && isInvocableWith(T, 1));
}

/// SPEC §7.11 for a pair/tuple result \p RD: the last invocable element,
/// never the first.
std::optional<HandleLocation> autoElement(const CXXRecordDecl *RD,
                                          QualType Result,
                                          llvm::StringRef CalleeName) {
  llvm::SmallVector<QualType, 4> Elements = tupleElementTypes(Result);
  for (unsigned I = Elements.size(); I > 1; --I) {
    if (!isHandleType(Elements[I - 1], CalleeName))
      continue;
    HandleLocation Where;
    Where.Index = I - 1;
    if (isStdTemplate(RD, "pair"))
      for (const FieldDecl *FD : RD->getDefinition()->fields())
        if (FD->getName() == "second")
          Where.Field = FD;
    return Where;
  }
  return std::nullopt;
}

/// SPEC §7.11 for a class result \p RD: the public data member named
/// *cancel*, else the only invocable data member.
std::optional<HandleLocation> autoMember(const CXXRecordDecl *RD,
                                         llvm::StringRef CalleeName) {
  const FieldDecl *Named = nullptr;
  const FieldDecl *Invocable = nullptr;
  unsigned NamedCount = 0;
  unsigned InvocableCount = 0;
  unsigned Index = 0;
  unsigned NamedIndex = 0;
  unsigned InvocableIndex = 0;
  for (const FieldDecl *FD : RD->getDefinition()->fields()) {
    if (FD->getAccess() == AS_public) {
      if (llvm::StringRef(FD->getName()).contains_insensitive("cancel")) {
        Named = FD;
        NamedIndex = Index;
        ++NamedCount;
      }
      if (isHandleType(FD->getType(), CalleeName)) {
        Invocable = FD;
        InvocableIndex = Index;
        ++InvocableCount;
      }
    }
    ++Index;
  }
  HandleLocation Where;
  if (NamedCount == 1 && isHandleType(Named->getType(), CalleeName)) {
    Where.Field = Named;
    Where.Index = NamedIndex;
    return Where;
  }
  if (NamedCount == 0 && InvocableCount == 1) {
    Where.Field = Invocable;
    Where.Index = InvocableIndex;
    return Where;
  }
  return std::nullopt;
}

/// `return.auto` (SPEC §7.11) for pair/tuple/class results.
std::optional<HandleLocation> autoHandle(QualType Result,
                                         llvm::StringRef CalleeName) {
  const CXXRecordDecl *RD = recordOf(Result);
  if (!RD || !RD->hasDefinition())
    return std::nullopt;
  if (isPairOrTuple(RD))
    return autoElement(RD, Result, CalleeName);
  return autoMember(RD, CalleeName);
}

/// `return.N`: element N of a pair/tuple result.
std::optional<HandleLocation> elementHandle(unsigned Index, QualType Result) {
  const CXXRecordDecl *RD = recordOf(Result);
  if (!RD || !isPairOrTuple(RD))
    return std::nullopt;
  HandleLocation Where;
  Where.Index = Index;
  if (isStdTemplate(RD, "pair")) {
    if (Index > 1)
      return std::nullopt;
    for (const FieldDecl *FD : RD->getDefinition()->fields())
      if (FD->getFieldIndex() == Index)
        Where.Field = FD;
  }
  return Where;
}

const FieldDecl *fieldNamed(const CXXRecordDecl *RD, llvm::StringRef Name) {
  if (!RD || !RD->hasDefinition())
    return nullptr;
  for (const FieldDecl *FD : RD->getDefinition()->fields())
    if (FD->getName() == Name)
      return FD;
  return nullptr;
}

/// `return.NAME`: data member NAME of a class result.
std::optional<HandleLocation> memberHandle(llvm::StringRef Member,
                                           QualType Result) {
  const FieldDecl *FD = fieldNamed(recordOf(Result), Member);
  if (!FD)
    return std::nullopt;
  HandleLocation Where;
  Where.Field = FD;
  Where.Index = FD->getFieldIndex();
  return Where;
}

} // namespace

llvm::SmallVector<QualType, 4> tupleElementTypes(QualType T) {
  llvm::SmallVector<QualType, 4> Elements;
  const CXXRecordDecl *RD = recordOf(T);
  if (!isPairOrTuple(RD))
    return Elements;
  const auto *Spec = llvm::cast<ClassTemplateSpecializationDecl>(RD);
  for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray()) {
    if (Arg.getKind() == TemplateArgument::Type)
      Elements.push_back(Arg.getAsType());
    else if (Arg.getKind() == TemplateArgument::Pack)
      for (const TemplateArgument &P : Arg.pack_elements())
        Elements.push_back(P.getAsType());
  }
  return Elements;
}

bool isInvocableWith(QualType T, unsigned Arity) {
  if (T.isNull())
    return false;
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  if (const auto *FT = T->getAs<FunctionProtoType>())
    return FT->getNumParams() == Arity || FT->isVariadic();
  if (T->getAs<FunctionNoProtoType>())
    return true;
  return hasCallOperator(T->getAsCXXRecordDecl(), Arity);
}

std::optional<HandleLocation> locateHandle(const HandleSpec &Spec,
                                           QualType Result,
                                           llvm::StringRef CalleeName) {
  // return.NAME.N / return.NAME.auto: locate inside the member's type.
  const FieldDecl *Outer = nullptr;
  if (!Spec.Outer.empty()) {
    Outer = fieldNamed(recordOf(Result), Spec.Outer);
    if (!Outer)
      return std::nullopt;
    Result = Outer->getType();
  }
  std::optional<HandleLocation> Where;
  switch (Spec.K) {
  case HandleSpec::Kind::Auto:
    Where = autoHandle(Result, CalleeName);
    break;
  case HandleSpec::Kind::WholeResult:
    Where.emplace();
    Where->WholeResult = true;
    break;
  case HandleSpec::Kind::Argument:
    Where.emplace();
    Where->Argument = Spec.Index;
    break;
  case HandleSpec::Kind::Element:
    Where = elementHandle(Spec.Index, Result);
    break;
  case HandleSpec::Kind::Member:
    Where = memberHandle(Spec.Member, Result);
    break;
  }
  if (Where)
    Where->Outer = Outer;
  return Where;
}

const CXXRecordDecl *recordOf(QualType T) {
  return T.getNonReferenceType()->getAsCXXRecordDecl();
}

/// Has \p RD (or a base class: libstdc++'s std::shared_ptr inherits it from
/// __shared_ptr_access) an `operator->`?
static bool hasArrowOperator(const CXXRecordDecl *RD) {
  llvm::SmallVector<const CXXRecordDecl *, 4> Work{RD};
  for (unsigned Seen = 0; !Work.empty() && Seen < 32; ++Seen) {
    const CXXRecordDecl *Class = Work.pop_back_val()->getDefinition();
    if (!Class)
      continue;
    if (llvm::any_of(Class->methods(), [](const CXXMethodDecl *M) {
          return M->getOverloadedOperator() == OO_Arrow;
        }))
      return true;
    for (const CXXBaseSpecifier &Base : Class->bases())
      if (const CXXRecordDecl *B = Base.getType()->getAsCXXRecordDecl())
        Work.push_back(B);
  }
  return false;
}

const CXXRecordDecl *contextRecordOf(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getNonReferenceType();
  if (const auto *Pointer = T->getAs<PointerType>())
    T = Pointer->getPointeeType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return nullptr;
  if (const auto *Spec = llvm::dyn_cast<ClassTemplateSpecializationDecl>(RD);
      Spec && Spec->getTemplateArgs().size() > 0 &&
      Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type) {
    if (hasArrowOperator(Spec))
      RD = Spec->getTemplateArgs()[0].getAsType()->getAsCXXRecordDecl();
  }
  return RD ? RD->getCanonicalDecl() : nullptr;
}

std::string listedTypeName(const CXXRecordDecl *RD) {
  if (const auto *Spec = llvm::dyn_cast<ClassTemplateSpecializationDecl>(RD))
    return Spec->getSpecializedTemplate()->getQualifiedNameAsString();
  return RD->getQualifiedNameAsString();
}

llvm::StringRef lastComponent(llvm::StringRef QualifiedName) {
  size_t At = QualifiedName.rfind("::");
  return At == llvm::StringRef::npos ? QualifiedName
                                     : QualifiedName.substr(At + 2);
}

bool isListedType(const CXXRecordDecl *RD,
                  llvm::ArrayRef<llvm::StringRef> QualifiedNames) {
  // A listed name ends in the record's own name (a specialisation has its
  // template's); an unnamed record (a lambda's) has none.
  if (!RD || !RD->getIdentifier() ||
      llvm::none_of(QualifiedNames, [&](llvm::StringRef Name) {
        return lastComponent(Name) == RD->getName();
      }))
    return false;
  return llvm::is_contained(QualifiedNames, listedTypeName(RD));
}

} // namespace clang::tidy::lostcancel
