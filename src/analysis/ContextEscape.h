//===--- ContextEscape.h - lostcancel --------------------------*- C++ -*-===//
//
// Does the context created together with a handle leave the scope? For a
// creation that makes a (context, cancel) pair, the context is the other
// element: `c` in `auto [c, cancel] = WithTimeout(p, 1s)` or in
// `std::tie(c, cancel) = ...`, `r.first` of `auto r = WithCancel(p)`. A
// scope guard (or a release before a return) would cancel that context
// while whatever it left for still uses it, so the fix-it must not be
// offered (SPEC §4); the finding itself stays.
//
// The context leaves the scope when, after the value is followed through
// copies, moves, wrappers, aggregates and constructors:
//  * it is returned, thrown or co_yielded;
//  * it is assigned to or initialises anything but a plain local (a
//    member, a global or static, a reference, something behind a pointer,
//    an element: `m[k] = c`);
//  * it is put into a heap object (`new`, std::make_shared/make_unique) or
//    a container (`push_back`, `push`, `emplace*`, `insert*`, `try_emplace`);
//  * it is captured by a lambda or block that is not only called in place
//    (`[&] { ... }()`, or a local closure variable that is only called);
//  * it is passed to a call that also receives a callable (a lambda, a
//    function pointer or reference, a block, std::function or another class
//    with a call operator): a completion callback makes the call
//    asynchronous, so it uses the context after it returns.
// A plain local that receives the context (`auto c2 = c;`, `Job j{c};`), a
// result of the context's own type computed from it (`WithValue(c, ...)`)
// and the contexts of a creation it is the parent of are followed the same
// way. Passing the context to an ordinary call (`Call(c)`) is not an
// escape. Not followed: pointers or references taken to it and kept, and
// values read out of it through members (`c.get()`).
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_ANALYSIS_CONTEXTESCAPE_H
#define LOSTCANCEL_ANALYSIS_CONTEXTESCAPE_H

#include "analysis/Events.h"
#include <optional>
#include <string>

namespace clang::tidy::lostcancel {

/// Where the context leaves the scope, and how it is named there.
struct ContextEscape {
  SourceLocation Loc;
  std::string Name;
};

/// The first place (in source order) where the context created by \p Site
/// leaves the scope, if any.
std::optional<ContextEscape> findContextEscape(const HandleUses &Uses,
                                               const ScopeEvents &Events,
                                               const SiteInfo &Site);

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_ANALYSIS_CONTEXTESCAPE_H
