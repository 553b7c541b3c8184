//===--- lostcancel-clangd.cpp - lostcancel -------------------------------===//
//
// clangd 19 with the lostcancel module built in: stock clangd cannot load
// clang-tidy plugins, but it runs every check registered in its process.
//
//===----------------------------------------------------------------------===//

// Debian does not install ClangdMain.h; this is its one declaration, with
// clangd's own signature (hence the C array).
namespace clang::clangd {
int clangdMain(int Argc, char *Argv[]); // NOLINT(modernize-avoid-c-arrays)
} // namespace clang::clangd

int main(int Argc, char *Argv[]) { // NOLINT(modernize-avoid-c-arrays)
  return clang::clangd::clangdMain(Argc, Argv);
}
