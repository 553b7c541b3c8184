//===--- ApiEntry.cpp - lostcancel ----------------------------------------===//
//
// What an entry says of a call: does a callee fit its names, the words of
// its diagnostics, and what a comparison or a test on the result says of the
// creation's outcome (the failure arithmetic of SPEC §7.7).
//
//===----------------------------------------------------------------------===//

#include "model/ApiEntry.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/STLExtras.h"
#include <limits>

namespace clang::tidy::lostcancel {

namespace {

bool satisfies(BinaryOperatorKind Op, int64_t Bound, bool Holds, int64_t X) {
  switch (Op) {
  case BO_EQ:
    return (X == Bound) == Holds;
  case BO_NE:
    return (X != Bound) == Holds;
  case BO_LT:
    return (X < Bound) == Holds;
  case BO_LE:
    return (X <= Bound) == Holds;
  case BO_GT:
    return (X > Bound) == Holds;
  case BO_GE:
    return (X >= Bound) == Holds;
  default:
    return true;
  }
}

/// Values that meet every region `X Op Bound` and the failure / success
/// sets (split at 0) can carve out of the integers.
llvm::SmallVector<int64_t, 8> comparisonSamples(int64_t Bound) {
  constexpr int64_t Min = std::numeric_limits<int64_t>::min();
  constexpr int64_t Max = std::numeric_limits<int64_t>::max();
  llvm::SmallVector<int64_t, 8> Samples = {Min, -1, 0, 1, Max, Bound};
  if (Bound != Min)
    Samples.push_back(Bound - 1);
  if (Bound != Max)
    Samples.push_back(Bound + 1);
  return Samples;
}

} // namespace

bool FailureSpec::isComparable() const {
  return K == Kind::NonZero || K == Kind::Negative || K == Kind::Zero;
}

bool FailureSpec::isFailureValue(int64_t X) const {
  switch (K) {
  case Kind::NonZero:
    return X != 0;
  case Kind::Negative:
    return X < 0;
  case Kind::Zero:
    return X == 0;
  default:
    return false;
  }
}

bool FailureSpec::impliedByComparison(BinaryOperatorKind Op, int64_t Bound,
                                      bool Holds) const {
  // Failure when no value the comparison allows is a success value.
  if (!isComparable())
    return false;
  auto IsSuccess = [&](int64_t X) { return !isFailureValue(X); };
  return llvm::none_of(comparisonSamples(Bound), [&](int64_t X) {
    return IsSuccess(X) && satisfies(Op, Bound, Holds, X);
  });
}

FailureSpec::Outcome FailureSpec::decide(const StatusTest &Test,
                                         bool ConditionHolds) const {
  bool Holds = ConditionHolds != Test.Negated;
  if (Test.K == StatusTest::Kind::Compare) {
    if (!isComparable())
      return Outcome::Unknown;
    if (impliedByComparison(Test.Op, Test.Bound, Holds))
      return Outcome::Failed;
    // The other branch of a test for the usual failure value -1 (`rc < 0`,
    // `fd == -1`) is the success branch, whatever other values the API
    // never returns (SPEC §7.7).
    if (impliedByComparison(Test.Op, Test.Bound, !Holds) &&
        satisfies(Test.Op, Test.Bound, !Holds, -1))
      return Outcome::Succeeded;
    // Otherwise success when no value the edge allows is a failure value.
    return llvm::any_of(comparisonSamples(Test.Bound),
                        [&](int64_t X) {
                          return isFailureValue(X) &&
                                 satisfies(Test.Op, Test.Bound, Holds, X);
                        })
               ? Outcome::Unknown
               : Outcome::Succeeded;
  }
  if (K != Kind::ResultTests)
    return Outcome::Unknown;
  bool IsMethod = Test.K == StatusTest::Kind::Method;
  for (const ResultTest &T : Tests)
    if (T.IsMethod == IsMethod && T.Name == Test.Name)
      return T.FailsWhenTrue == Holds ? Outcome::Failed : Outcome::Succeeded;
  return Outcome::Unknown;
}

bool ApiEntry::matchesCallee(const FunctionDecl &Callee) const {
  if (FreeOrStaticOnly) {
    if (const auto *MD = llvm::dyn_cast<CXXMethodDecl>(&Callee))
      if (!MD->isStatic())
        return false;
  }
  if (!Names.empty()) {
    const IdentifierInfo *II = Callee.getIdentifier();
    if (!II || !Names.contains(II->getName()))
      return false;
  }
  // With names=, the regex (if any) must match too.
  return !Creation || Creation->match(Callee.getQualifiedNameAsString());
}

bool ApiEntry::matchesRoot(const FunctionDecl &Callee) const {
  const IdentifierInfo *II = Callee.getIdentifier();
  if (!II || !Roots.contains(II->getName()) ||
      Callee.getMinRequiredArguments() != 0)
    return false;
  if (const auto *MD = llvm::dyn_cast<CXXMethodDecl>(&Callee);
      MD && !MD->isStatic())
    return false;
  return !Creation || Creation->match(Callee.getQualifiedNameAsString());
}

llvm::StringRef ApiEntry::verb() const {
  if (!Words.Verb.empty())
    return Words.Verb;
  return Handle.K == HandleSpec::Kind::Argument ? "created by" : "returned by";
}

std::string ApiEntry::consequence(llvm::StringRef Adjective) const {
  std::string Text = "the ";
  if (!Adjective.empty())
    Text += Adjective.str() + " ";
  Text += Words.Resource + " stays live";
  if (!Words.Lifetime.empty())
    Text += " " + Words.Lifetime;
  return Text;
}

} // namespace clang::tidy::lostcancel
