//===--- ApiFile.cpp - lostcancel -----------------------------------------===//
//
// The YAML form of API entries (`lostcancel.ApiFile`), read with LLVM's YAML
// I/O: each API becomes the key/value fields of the entry syntax, which the
// entry parser turns into an ApiEntry.
//
// A file looks like (docs/options.md):
//
//   apis:
//     - names: [lease_open]
//       handle: arg.1
//       release: ['func:lease_close(arg.0)']
//       failure: nonzero
//
//===----------------------------------------------------------------------===//

#include "model/ApiFile.h"
#include "model/EntryParser.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLTraits.h"
#include <optional>
#include <string>

namespace clang::tidy::lostcancel {

namespace {

/// One API in the YAML file; the same keys as the option syntax, with
/// lists for names, release, use, root and observe.
struct YamlApi {
  std::vector<std::string> Names;
  std::optional<std::string> Creation, Callee, Handle, Failure, Guard, Restarts,
      Discardable, OneShot, DiesWith, Sweep, Noun, Verb, Resource, Lifetime;
  std::vector<std::string> Release, Use, Root, Observe;
};

struct YamlApiFile {
  std::vector<YamlApi> Apis;
};

/// Where a relative ApiFile is: beside the checked file or above it (as
/// clang-tidy finds .clang-tidy), else in the current directory.
std::string resolveApiFile(llvm::StringRef Path, llvm::StringRef MainFile) {
  if (llvm::sys::path::is_absolute(Path) || MainFile.empty())
    return Path.str();
  llvm::SmallString<256> Dir(MainFile);
  if (llvm::sys::fs::make_absolute(Dir))
    return Path.str();
  llvm::sys::path::remove_filename(Dir);
  while (!Dir.empty()) {
    llvm::SmallString<256> Candidate(Dir);
    llvm::sys::path::append(Candidate, Path);
    if (llvm::sys::fs::exists(Candidate))
      return std::string(Candidate);
    llvm::StringRef Parent = llvm::sys::path::parent_path(Dir);
    if (Parent == Dir)
      break;
    Dir = Parent;
  }
  return Path.str();
}

/// The entry fields of one API, in the order of the entry syntax; a list
/// becomes a `|`-separated value.
llvm::SmallVector<EntryField> fieldsOf(const YamlApi &Api) {
  llvm::SmallVector<EntryField> Fields;
  auto Add = [&](llvm::StringRef Key, const std::optional<std::string> &V) {
    if (V)
      Fields.push_back({Key.str(), *V});
  };
  auto AddList = [&](llvm::StringRef Key,
                     const std::vector<std::string> &List) {
    if (!List.empty())
      Fields.push_back({Key.str(), llvm::join(List, "|")});
  };
  AddList("names", Api.Names);
  Add("creation", Api.Creation);
  Add("callee", Api.Callee);
  Add("handle", Api.Handle);
  AddList("release", Api.Release);
  AddList("use", Api.Use);
  Add("failure", Api.Failure);
  Add("guard", Api.Guard);
  Add("restarts", Api.Restarts);
  Add("discardable", Api.Discardable);
  Add("oneshot", Api.OneShot);
  Add("dieswith", Api.DiesWith);
  Add("sweep", Api.Sweep);
  AddList("root", Api.Root);
  AddList("observe", Api.Observe);
  Add("noun", Api.Noun);
  Add("verb", Api.Verb);
  Add("resource", Api.Resource);
  Add("lifetime", Api.Lifetime);
  return Fields;
}

/// Keeps the first diagnostic of the YAML parser, as "LINE:COLUMN: message".
void keepFirstError(const llvm::SMDiagnostic &Diag, void *Context) {
  auto &Out = *static_cast<std::string *>(Context);
  if (Out.empty())
    Out = (llvm::Twine(Diag.getLineNo()) + ":" +
           llvm::Twine(Diag.getColumnNo() + 1) + ": " + Diag.getMessage())
              .str();
}

} // namespace
} // namespace clang::tidy::lostcancel

LLVM_YAML_IS_SEQUENCE_VECTOR(clang::tidy::lostcancel::YamlApi)

namespace llvm::yaml {
template <> struct MappingTraits<clang::tidy::lostcancel::YamlApi> {
  static void mapping(IO &IO, clang::tidy::lostcancel::YamlApi &Api) {
    IO.mapOptional("names", Api.Names);
    IO.mapOptional("creation", Api.Creation);
    IO.mapOptional("callee", Api.Callee);
    IO.mapOptional("handle", Api.Handle);
    IO.mapOptional("release", Api.Release);
    IO.mapOptional("use", Api.Use);
    IO.mapOptional("failure", Api.Failure);
    IO.mapOptional("guard", Api.Guard);
    IO.mapOptional("restarts", Api.Restarts);
    IO.mapOptional("discardable", Api.Discardable);
    IO.mapOptional("oneshot", Api.OneShot);
    IO.mapOptional("dieswith", Api.DiesWith);
    IO.mapOptional("sweep", Api.Sweep);
    IO.mapOptional("root", Api.Root);
    IO.mapOptional("observe", Api.Observe);
    IO.mapOptional("noun", Api.Noun);
    IO.mapOptional("verb", Api.Verb);
    IO.mapOptional("resource", Api.Resource);
    IO.mapOptional("lifetime", Api.Lifetime);
  }
};
template <> struct MappingTraits<clang::tidy::lostcancel::YamlApiFile> {
  static void mapping(IO &IO, clang::tidy::lostcancel::YamlApiFile &File) {
    IO.mapRequired("apis", File.Apis);
  }
};
} // namespace llvm::yaml

namespace clang::tidy::lostcancel {

llvm::Error loadApiFile(llvm::StringRef Path, llvm::StringRef MainFile,
                        std::vector<ApiEntry> &Entries) {
  constexpr llvm::StringRef Option = "lostcancel.ApiFile";
  std::string Resolved = resolveApiFile(Path, MainFile);
  auto Buffer = llvm::MemoryBuffer::getFile(Resolved, /*IsText=*/true);
  if (!Buffer)
    return configError(Option, "cannot read '" + Resolved +
                                   "': " + Buffer.getError().message());
  std::string FirstError;
  YamlApiFile File;
  llvm::yaml::Input In((*Buffer)->getMemBufferRef(), nullptr, keepFirstError,
                       &FirstError);
  In >> File;
  if (In.error())
    return configError(
        Option, "'" + Resolved + "' is not a valid API file: " + Resolved +
                    ":" +
                    (FirstError.empty() ? "1:1: invalid YAML" : FirstError));
  for (size_t I = 0; I < File.Apis.size(); ++I) {
    std::string Origin = (Option + ": " + Resolved + ": entry " +
                          llvm::Twine(I + 1) + " of 'apis'")
                             .str();
    auto Entry = buildEntry(fieldsOf(File.Apis[I]), Origin, "the entry");
    if (!Entry)
      return Entry.takeError();
    Entries.push_back(std::move(*Entry));
  }
  return llvm::Error::success();
}

} // namespace clang::tidy::lostcancel
