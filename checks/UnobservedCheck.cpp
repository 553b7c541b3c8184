//===--- UnobservedCheck.cpp - lostcancel ---------------------------------===//

#include "checks/UnobservedCheck.h"

namespace clang::tidy::lostcancel {

namespace {

/// How the warning names \p Signal: 'st', or, for an unnamed parameter,
/// its unnamed 'std::stop_token' parameter.
std::string signalName(const ValueDecl &Signal, const ASTContext &Ctx) {
  if (Signal.getIdentifier())
    return "'" + Signal.getNameAsString() + "'";
  return "its unnamed '" +
         Signal.getType()
             .getNonReferenceType()
             .getUnqualifiedType()
             .getAsString(Ctx.getPrintingPolicy()) +
         "' parameter";
}

} // namespace

void UnobservedCheck::reportLoop(const UnobservedLoop &Loop,
                                 const ThreadStart &Start,
                                 SourceLocation Anchor, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (Loop.Signals.empty()) {
    diag(Anchor, "this loop of a std::jthread's body can only end by "
                 "cancellation, but the callable takes no std::stop_token; "
                 "the jthread's destructor requests a stop that nothing reads "
                 "and then waits forever");
    diag(SM.getExpansionLoc(Start.Start->getBeginLoc()),
         "the std::jthread is made here", DiagnosticIDs::Note);
    return;
  }
  std::string Names;
  for (const ValueDecl *Signal : Loop.Signals)
    Names += (Names.empty() ? "" : " or ") + signalName(*Signal, Ctx);
  diag(Anchor, "this loop of a thread's body can only end by cancellation, "
               "but never observes %0; the thread cannot be stopped")
      << Names;
  for (const ValueDecl *Signal : Loop.Signals) {
    if (Signal->getIdentifier())
      diag(SM.getExpansionLoc(Signal->getLocation()),
           "the thread's cancellation signal '%0' is declared here",
           DiagnosticIDs::Note)
          << Signal->getName();
    else
      diag(SM.getExpansionLoc(Signal->getLocation()),
           "the thread's cancellation signal, an unnamed parameter, is "
           "declared here",
           DiagnosticIDs::Note);
  }
  diag(SM.getExpansionLoc(Start.Start->getBeginLoc()),
       "the thread is started here", DiagnosticIDs::Note);
}

} // namespace clang::tidy::lostcancel
