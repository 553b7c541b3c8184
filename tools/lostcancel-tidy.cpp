//===--- lostcancel-tidy.cpp - lostcancel ---------------------------------===//
//
// clang-tidy 19 with the lostcancel module built in, for machines where a
// plugin cannot be loaded with --load. Everything else is clang-tidy's own
// main: the same options, the same checks.
//
//===----------------------------------------------------------------------===//

#include "clang-tidy/tool/ClangTidyMain.h"

int main(int Argc, const char **Argv) {
  return clang::tidy::clangTidyMain(Argc, Argv);
}
