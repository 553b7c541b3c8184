//===--- Profiles.cpp - lostcancel ----------------------------------------===//
//
// The built-in profiles, the known scope guards and the default detach
// functions, as data; the option defaults derived from them.
//
//===----------------------------------------------------------------------===//

#include "model/Profiles.h"
#include "model/ApiModel.h"
#include <array>
#include <string>

namespace clang::tidy::lostcancel {

namespace {

// The built-in profiles, as data, in the syntax of `lostcancel.Apis`
// (model/EntryParser.h). SPEC §3; docs/profiles/*.md describe each.
constexpr std::array<BuiltinProfile, 7> BuiltinProfiles = {{
    {"go-context",
     // Libraries with a guard of their own, or a result of their own shape
     // (docs/profiles/go-context.md), before the generic rule.
     // pygolang: golang::context, its defer(f) macro.
     "names=with_cancel|with_timeout|with_deadline|merge,"
     "creation=^golang::context::,callee=free,handle=return.auto,"
     "release=call,guard='defer({lambda})',"
     "root=background,observe=done|err,"
     "noun=cancel handle,resource=context,"
     "lifetime=until its parent is cancelled;"
     // gocxx: Result<pair<ContextPtr, CancelFunc>>, failed when !Ok().
     "names=WithCancel|WithTimeout|WithDeadline,"
     "creation=^gocxx::context::,callee=free,handle=return.value.auto,"
     "release=call,failure='!Ok()|Failed()|!bool()|.err',"
     "guard='defer({handle})',"
     "root=Background|TODO,observe=Done|Err,"
     "noun=cancel handle,resource=context,"
     "lifetime=until its parent is cancelled;"
     // bongo: bongo::defer(f) returns a guard.
     "names=with_cancel|with_timeout|with_deadline,"
     "creation=^bongo::context::,callee=free,handle=return.auto,"
     "release=call,guard='auto {name} = bongo::defer({lambda});',"
     "root=background|todo,observe=done|err,"
     "noun=cancel handle,resource=context,"
     "lifetime=until its parent is cancelled;"
     // The generic rule: any namespace, three spellings (goincpp is
     // lowerCamel).
     "names=WithCancel|WithTimeout|WithDeadline|WithCancelCause|"
     "WithTimeoutCause|WithDeadlineCause|"
     "with_cancel|with_timeout|with_deadline|with_cancel_cause|"
     "with_timeout_cause|with_deadline_cause|"
     "withCancel|withTimeout|withDeadline|withCancelCause|withTimeoutCause|"
     "withDeadlineCause,"
     "callee=free,handle=return.auto,release=call,"
     "root=Background|TODO|background|todo,"
     "observe=Done|Err|Wait|done|err|wait|is_cancelled|IsCancelled|"
     "isCancelled,"
     "noun=cancel handle,resource=context,"
     "lifetime=until its parent is cancelled"},
    {"posix-timer",
     "names=timer_create,callee=free,handle=arg.2,"
     "release=func:timer_delete(arg.0),failure=nonzero,"
     "use=timer_settime|timer_gettime|timer_getoverrun,"
     "noun=timer,resource=timer,lifetime=until the process exits;"
     "names=timerfd_create,callee=free,handle=return,"
     "release=func:close(arg.0),failure=negative,"
     "use=timerfd_settime|timerfd_gettime|read|write|poll|ppoll|select|"
     "fcntl|ioctl|epoll_ctl,"
     "noun=timer descriptor,resource=file descriptor,"
     "lifetime=until the process exits"},
    {"pplx", "names=register_callback,"
             "creation=^pplx::cancellation_token::register_callback$,"
             "handle=return,release=func:deregister_callback(arg.0),"
             "noun=callback registration,resource=registration,"
             "lifetime=until the token is cancelled or destroyed"},
    {"libuv",
     "names=uv_timer_start,callee=free,handle=arg.0,"
     "release=func:uv_timer_stop(&arg.0)|func:uv_close(&arg.0),"
     "failure=nonzero,restarts=true,sweep=uv_walk:1,"
     "use=uv_timer_init|uv_timer_again|uv_timer_set_repeat|"
     "uv_timer_get_repeat|uv_timer_get_due_in|uv_is_active|uv_is_closing|"
     "uv_ref|uv_unref|uv_has_ref|uv_handle_get_data|uv_handle_set_data|"
     "uv_handle_get_loop|uv_handle_get_type,"
     "noun=timer,verb=started by,resource=timer,"
     "lifetime=in its loop after its storage is gone"},
    {"glib",
     // GIO: a handler id of 0 means the cancellable was already cancelled
     // (the callback ran): nothing to disconnect. The handler is dropped
     // when its cancellable is finalized: on a cancellable the scope makes
     // itself, its lifetime is the cancellable's (docs/profiles/glib.md).
     "names=g_cancellable_connect,callee=free,handle=return,"
     "release='func:g_cancellable_disconnect(call.0,arg.1)',failure=zero,"
     "dieswith=call.0:g_cancellable_new,use=g_cancellable_is_cancelled,"
     "noun=handler id,resource=cancellation callback,"
     "lifetime=and may run after its data is freed;"
     // GLib main-loop sources: the callback may end its own source (by
     // returning G_SOURCE_REMOVE), so a discarded id is no finding; a
     // callback that always does makes a one-shot source, whose id cannot
     // be removed once it has fired. Ids start at 1.
     "names=g_timeout_add|g_timeout_add_full|g_timeout_add_seconds|"
     "g_timeout_add_seconds_full|g_idle_add|g_idle_add_full,"
     "callee=free,handle=return,release=func:g_source_remove(arg.0),"
     "failure=zero,discardable=true,oneshot=callback,"
     "use=g_main_context_find_source_by_id|g_source_set_name_by_id,"
     "noun=source id,resource=source,"
     "lifetime=in its main context and may fire after its data is freed;"
     // The _once variants always end after their one dispatch.
     "names=g_timeout_add_once|g_timeout_add_seconds_once|g_idle_add_once,"
     "callee=free,handle=return,release=func:g_source_remove(arg.0),"
     "failure=zero,discardable=true,oneshot=always,"
     "use=g_main_context_find_source_by_id|g_source_set_name_by_id,"
     "noun=source id,resource=source,"
     "lifetime=in its main context and may fire after its data is freed"},
    {"libevent",
     // evtimer_new and evsignal_new are macros over event_new. NULL is
     // failure: the empty-handle rule (SPEC §7.6) covers `if (!ev)`.
     // event_free_finalize frees it once its callbacks are done;
     // event_finalize hands it to the finalize callback.
     "names=event_new,callee=free,handle=return,"
     "release=func:event_free(arg.0)|func:event_free_finalize(arg.1)|"
     "func:event_finalize(arg.1),"
     "use=event_add|event_del|event_del_block|event_del_noblock|"
     "event_active|event_pending|event_initialized|event_remove_timer|"
     "event_priority_set|event_get_fd|event_get_base|event_get_events|"
     "event_get_callback|event_get_callback_arg|event_get_priority|"
     "event_get_assignment,"
     "noun=event,resource=event,lifetime=in its event base"},
    {"sd-event",
     // A NULL out-parameter makes a floating source that the loop owns: no
     // creation. _cleanup_(sd_event_source_unrefp) is a guard (SPEC §7.17).
     "names=sd_event_add_time|sd_event_add_time_relative|sd_event_add_io|"
     "sd_event_add_signal|sd_event_add_defer|sd_event_add_post|"
     "sd_event_add_exit|sd_event_add_child|sd_event_add_child_pidfd|"
     "sd_event_add_inotify|sd_event_add_inotify_fd,"
     "callee=free,handle=arg.1,"
     "release=func:sd_event_source_unref(arg.0)|"
     "func:sd_event_source_disable_unref(arg.0),"
     "failure=nonzero,"
     "use=sd_event_source_set_enabled|sd_event_source_get_enabled|"
     "sd_event_source_set_time|sd_event_source_set_time_relative|"
     "sd_event_source_get_time|sd_event_source_set_time_accuracy|"
     "sd_event_source_get_time_accuracy|sd_event_source_get_time_clock|"
     "sd_event_source_set_priority|sd_event_source_get_priority|"
     "sd_event_source_set_description|sd_event_source_get_description|"
     "sd_event_source_set_userdata|sd_event_source_get_userdata|"
     "sd_event_source_get_pending|sd_event_source_get_event|"
     "sd_event_source_get_io_fd|sd_event_source_set_io_fd|"
     "sd_event_source_get_io_events|sd_event_source_set_io_events|"
     "sd_event_source_get_io_revents|sd_event_source_get_signal|"
     "sd_event_source_set_ratelimit|sd_event_source_get_ratelimit|"
     "sd_event_source_is_ratelimited|sd_event_source_set_exit_on_failure|"
     "sd_event_source_get_exit_on_failure|sd_event_source_set_prepare|"
     "sd_event_source_get_inotify_mask|sd_event_source_get_child_pid,"
     "noun=event source,resource=event source,lifetime=in its event loop"},
}};

// The known scope guards, types and maker functions interleaved by library.
// Filtered by IsType, they give the GuardTypes and GuardFunctions defaults
// in order; those with a Template are the guards the fix-it can write, in
// the order it tries them (checks/ReleaseFix.cpp). Columns: Name, IsType,
// NeedsCxx17, Template, and for types the dismissal and re-arming methods
// of the real APIs (SPEC §7.18): folly's ScopeGuardImplBase::dismiss() and
// rehire(), absl::Cleanup's `std::move(c).Cancel()`, the scope_exit of the
// Library Fundamentals TS v3 release(), Boost.Scope's release() and
// set_active(bool); gsl::final_action and the Go-style defers have none.
constexpr std::array<KnownGuard, 18> KnownGuards = {{
    {"absl::Cleanup", true, true, "absl::Cleanup {name} = {lambda};", "Cancel"},
    {"absl::MakeCleanup", false, false, ""},
    {"gsl::final_action", true, false, ""},
    {"gsl::finally", false, false, "auto {name} = gsl::finally({lambda});"},
    {"folly::ScopeGuard", true, false, "", "dismiss", "rehire"},
    {"folly::ScopeGuardImpl", true, false, "", "dismiss", "rehire"},
    {"folly::detail::ScopeGuardImpl", true, false, "", "dismiss", "rehire"},
    {"folly::makeGuard", false, false,
     "auto {name} = folly::makeGuard({lambda});"},
    {"folly::detail::operator+", false, false, ""},
    {"std::experimental::scope_exit", true, true,
     "std::experimental::scope_exit {name}({lambda});", "release"},
    {"std::experimental::fundamentals_v3::scope_exit", true, false, "",
     "release"},
    {"boost::scope::scope_exit", true, true,
     "boost::scope::scope_exit {name}({lambda});", "release|set_active(false)",
     "set_active"},
    {"boost::scope::defer_guard", true, false, ""},
    {"boost::scope::make_scope_exit", false, false, ""},
    {"golang::_deferred", true, false, ""},
    {"gocxx::sync::Defer", true, false, ""},
    {"bongo::runtime::deferred_action", true, false, ""},
    {"bongo::runtime::defer", false, false, ""},
}};

/// systemd's ownership-taking macros (SPEC §7.17).
constexpr llvm::StringRef DefaultTakeFunctions =
    "TAKE_FD;TAKE_PTR;TAKE_GENERIC";

constexpr llvm::StringRef DefaultDetachFunctions =
    "std::thread::detach;std::jthread::detach;boost::thread::detach;"
    "pthread_detach";

/// The names of the known guard types (\p Types) or guard functions,
/// `;`-separated.
std::string joinGuardNames(bool Types) {
  std::string Joined;
  for (const KnownGuard &Guard : KnownGuards)
    if (Guard.IsType == Types)
      Joined += (Joined.empty() ? "" : ";") + Guard.Name.str();
  return Joined;
}

} // namespace

llvm::ArrayRef<BuiltinProfile> builtinProfiles() { return BuiltinProfiles; }

llvm::ArrayRef<KnownGuard> knownGuards() { return KnownGuards; }

llvm::StringRef ApiModel::defaultProfiles() {
  static const std::string Names = [] {
    std::string Joined;
    for (const BuiltinProfile &Profile : BuiltinProfiles)
      Joined += (Joined.empty() ? "" : ";") + Profile.Name.str();
    return Joined;
  }();
  return Names;
}

llvm::StringRef ApiModel::defaultGuardTypes() {
  static const std::string Names = joinGuardNames(/*Types=*/true);
  return Names;
}

llvm::StringRef ApiModel::defaultGuardFunctions() {
  static const std::string Names = joinGuardNames(/*Types=*/false);
  return Names;
}

llvm::StringRef ApiModel::defaultDetachFunctions() {
  return DefaultDetachFunctions;
}

llvm::StringRef ApiModel::defaultTakeFunctions() {
  return DefaultTakeFunctions;
}

} // namespace clang::tidy::lostcancel
