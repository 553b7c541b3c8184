//===--- ReleaseText.h - lostcancel ----------------------------*- C++ -*-===//
//
// The text both release fix-its write (ReleaseFix.h): the expression that
// releases a handle, per the API's first release spec, and the indentation
// of the line it goes on.
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_CHECKS_RELEASETEXT_H
#define LOSTCANCEL_CHECKS_RELEASETEXT_H

#include "analysis/ScopeAnalysis.h"
#include <optional>
#include <string>

namespace clang::tidy::lostcancel {

/// The object a `func:NAME(arg.N)` release is called on, when NAME is a
/// method of the creation's object (`token.deregister_callback(reg)` after
/// `token.register_callback(...)`): its spelling if it is a plain variable,
/// "" when the release is a free function, none when no fix can name it.
std::optional<std::string> releaseObject(const SiteResult &Site,
                                         ASTContext &Ctx);

/// C++: can the release be written where a fix goes? A method of the
/// creation's object can; a free function only by a name that unqualified
/// lookup finds there: declared at file scope, or found by
/// argument-dependent lookup in the namespace of the handle's class or enum
/// type. (`net::close_port(fd)` for an `int` handle is not written as
/// `close_port(fd)`: that would not compile.)
bool releaseNameVisible(const SiteResult &Site, ASTContext &Ctx);

/// The expression that releases \p Handle (called on \p Object when the
/// release is a method of the creation's object), per the API's first
/// release spec; none when no release can be written. A release that
/// repeats the creation's arguments (`g_cancellable_disconnect(c, id)`)
/// names them when they are plain variables.
std::optional<std::string> releaseExpr(const SiteResult &Site,
                                       llvm::StringRef Handle,
                                       llvm::StringRef Object);

/// The whitespace that starts \p Loc's line.
std::string indentationOf(SourceLocation Loc, const SourceManager &SM);

/// Where text that goes on a line of its own after \p After (a file
/// location right after a statement) is inserted: at the end of the line
/// when the rest of it is only a comment (`// NOLINT(...)` stays on the
/// statement's line), else \p After itself.
SourceLocation pastTrailingComment(SourceLocation After,
                                   const SourceManager &SM);

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_CHECKS_RELEASETEXT_H
