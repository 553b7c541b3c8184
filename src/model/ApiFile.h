//===--- ApiFile.h - lostcancel --------------------------------*- C++ -*-===//
//
// The `lostcancel.ApiFile` loader: APIs described in a YAML file, with the
// keys of the entry syntax (model/EntryParser.h).
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_MODEL_APIFILE_H
#define LOSTCANCEL_MODEL_APIFILE_H

#include "model/ApiEntry.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <vector>

namespace clang::tidy::lostcancel {

/// Reads the API file \p Path and appends its entries to \p Entries. A
/// relative \p Path is looked up beside \p MainFile (the file being checked)
/// and in the directories above it, then in the current directory. Errors
/// name the option, the file and the entry.
llvm::Error loadApiFile(llvm::StringRef Path, llvm::StringRef MainFile,
                        std::vector<ApiEntry> &Entries);

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_MODEL_APIFILE_H
