//===--- EntryParser.h - lostcancel ----------------------------*- C++ -*-===//
//
// The parser of API entries: the text syntax that users give in the
// `lostcancel.Apis` option and that every built-in profile (model/Profiles.h)
// is written in; the `lostcancel.ApiFile` loader (model/ApiFile.h) builds
// entries from the same keys.
//
// Entry syntax (fields separated by ',', entries by ';' in the option; a
// value may be quoted with '...' or "...", and separators inside quotes do
// not split):
//
//   names=A|B|C       unqualified callee names, in any namespace
//   creation=REGEX    a regex matched against the qualified callee name;
//                     with names=, both must match (names is then a cheap
//                     pre-filter)
//   callee=free       only free functions and static member functions
//                     (default: any function or method)
//   handle=SPEC       return           the result itself is the handle
//                     return.N         element N of a pair/tuple result
//                     return.NAME      data member NAME of a class result
//                     return.NAME.N    element N of the pair/tuple member
//                                      NAME of a class result
//                     return.auto      SPEC §7.11: the last invocable element
//                                      of a pair/tuple (never the first), or
//                                      the class member named *cancel*, or
//                                      the only invocable member
//                     arg.N            an out-parameter: argument N is `&h`
//                                      for a local h, which becomes the handle
//   release=SPEC|...  call             calling the handle releases it
//                     method:NAME      calling NAME on the handle releases it
//                     func:NAME(arg.N) passing it as argument N to NAME does
//                     func:NAME(&arg.N) passing its address does
//                     func:NAME(call.K,arg.N) with every argument: the
//                                      handle at N, the others repeat the
//                                      creation's argument K (the fix-it
//                                      writes them: g_cancellable_disconnect)
//   use=F|G           functions that only read the handle (neither release
//                     nor transfer)
//   failure=KIND      how a creation reports failure (SPEC §7.7):
//                     nonzero (a status code: != 0, == -1, < 0, truthy),
//                     negative (the handle itself: < 0, == -1, <= -1),
//                     zero (the handle itself: 0 means nothing was made,
//                     == 0, !h; g_cancellable_connect's handler id), or
//                     tests on the result object, `|`-separated: !NAME()
//                     (method NAME returns false), NAME() (returns true),
//                     !bool() (converts to false), .NAME / !.NAME (member
//                     NAME is truthy / falsy)
//   guard=TEMPLATE    the scope guard the fix-it writes for this API
//                     (placeholders {name} {lambda} {release} {handle})
//   restarts=true     creating into a handle that is already live restarts
//                     it (uv_timer_start): not an overwrite
//   discardable=true  a handle never referenced after its creation is no
//                     finding (g_timeout_add: the callback may end its own
//                     source); a kept handle that leaks still is
//   oneshot=KIND      the handle ends by itself after one dispatch, so the
//                     scope has nothing to release and the site is not
//                     tracked: always (g_idle_add_once), callback (when a
//                     callback argument defined in the translation unit
//                     returns 0 on every path: G_SOURCE_REMOVE), or never
//   dieswith=call.K:F|G
//                     the handle lives no longer than the creation's
//                     argument K: when that argument is a local of the scope
//                     whose every stored value is NULL or a call to F or G
//                     (g_cancellable_new), the site is not tracked
//   root=A|B          the family's functions that make a new root context
//                     (Background, TODO): free functions or static members
//                     callable without arguments, whose qualified name also
//                     matches creation= when given; lostcancel-unbound-parent
//                     reports them where a context is in scope (SPEC §9)
//   observe=A|B       the methods of the family's context that ask whether
//                     it is cancelled (done, err); lostcancel-unobserved
//                     looks for them in a thread's loops (SPEC §9)
//   noun=, verb=, resource=, lifetime=
//                     the words of the diagnostics: "<noun> 'h' <verb> 'f'
//                     ... the <resource> stays live <lifetime>"
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_MODEL_ENTRYPARSER_H
#define LOSTCANCEL_MODEL_ENTRYPARSER_H

#include "model/ApiEntry.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"
#include <string>
#include <utility>
#include <vector>

namespace clang::tidy::lostcancel {

/// A configuration error, "<Origin>: <Message>"; \p Origin names the option
/// (or the profile, or the entry of the API file).
llvm::Error configError(llvm::StringRef Origin, const llvm::Twine &Message);

/// Splits \p Text at \p Sep, except inside quotes ('...', "..."); a
/// backslash keeps the next character. Parts are trimmed; empty parts are
/// dropped.
llvm::SmallVector<llvm::StringRef> splitTopLevel(llvm::StringRef Text,
                                                 char Sep);

/// Parses the `;`-separated entries of \p Text and appends them to
/// \p Entries. A quote that is never closed is an error of its own (it would
/// make every later separator part of one value). Errors name \p Origin.
llvm::Error parseEntries(llvm::StringRef Text, llvm::StringRef Origin,
                         std::vector<ApiEntry> &Entries);

/// One `key=value` field of an entry, the value unquoted.
using EntryField = std::pair<std::string, std::string>;

/// Builds an entry from its fields. Errors name \p Origin; \p Describe
/// names the entry ("entry 'names=...'", "the entry").
llvm::Expected<ApiEntry> buildEntry(llvm::ArrayRef<EntryField> Fields,
                                    llvm::StringRef Origin,
                                    llvm::StringRef Describe);

/// Does a guard template release the handle: has it a {lambda}, {release}
/// or {handle} placeholder? (The `guard=` key of an entry and the
/// lostcancel.GuardTemplate option both require it.)
bool guardTemplateReleases(llvm::StringRef Template);

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_MODEL_ENTRYPARSER_H
