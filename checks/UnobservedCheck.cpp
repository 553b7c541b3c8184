//===--- UnobservedCheck.cpp - lostcancel ---------------------------------===//

#include "checks/UnobservedCheck.h"

namespace clang::tidy::lostcancel {

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
    Names += (Names.empty() ? "'" : "' or '") + Signal->getNameAsString();
  Names += "'";
  diag(Anchor, "this loop of a thread's body can only end by cancellation, "
               "but never observes %0; the thread cannot be stopped")
      << Names;
  for (const ValueDecl *Signal : Loop.Signals)
    diag(SM.getExpansionLoc(Signal->getLocation()),
         "the thread's cancellation signal '%0' is declared here",
         DiagnosticIDs::Note)
        << Signal->getName();
  diag(SM.getExpansionLoc(Start.Start->getBeginLoc()),
       "the thread is started here", DiagnosticIDs::Note);
}

} // namespace clang::tidy::lostcancel
