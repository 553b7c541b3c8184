/* Mock of an in-house API that no built-in profile knows: the tests
   user-apis.c / user-apis.cpp / api-file.cpp declare it to lostcancel through
   lostcancel.Apis or lostcancel.ApiFile. Usable from C and C++. */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

/* --- C part ---------------------------------------------------------------*/

/* A lease taken into an out-parameter: inh_lease_acquire(pool, &lease)
   returns a status code (0 on success, non-zero on failure).
   handle=arg.1, failure=nonzero, release=func:inh_lease_release(arg.0) or
   func:inh_pool_return(arg.1); inh_lease_renew / inh_lease_query are uses. */
typedef int inh_lease;
int inh_lease_acquire(int pool, inh_lease *out);
void inh_lease_release(inh_lease lease);
void inh_pool_return(int pool, inh_lease lease);
int inh_lease_renew(inh_lease lease);
int inh_lease_query(inh_lease lease);
void inh_lease_keep(inh_lease lease); /* keeps a copy: a transfer */

/* A watch whose storage is the caller's: inh_watch_start(&w, ms), stopped
   by inh_watch_stop(&w) or inh_watch_abort(&w, reason).
   handle=arg.0, failure=nonzero, release=func:inh_watch_stop(&arg.0) |
   func:inh_watch_abort(&arg.0). */
typedef struct inh_watch {
  int id;
  int due;
} inh_watch;
int inh_watch_start(inh_watch *w, int ms);
int inh_watch_stop(inh_watch *w);
int inh_watch_abort(inh_watch *w, int reason);

/* A descriptor returned directly: negative on failure.
   handle=return, failure=negative, release=func:inh_fd_close(arg.0),
   use=inh_fd_read. */
int inh_fd_open(const char *name);
int inh_fd_close(int fd);
int inh_fd_read(int fd, char *buf, int n);

/* A stop function returned directly, released by calling it. */
typedef void (*inh_stop_fn)(void);
inh_stop_fn inh_monitor_start(int id);

int inh_work(int step);
void inh_log(const char *msg);

#ifdef __cplusplus
} /* extern "C" */
#endif

/* --- C++ part -------------------------------------------------------------*/
#ifdef __cplusplus
#include <functional>
#include <tuple>
#include <utility>

namespace inhouse {

struct Job {
  bool busy() const;
  void wait() const;
};
using StopFn = std::function<void()>;

/* handle=return.1 (the second element of the pair), release=call. */
std::pair<Job, StopFn> start_job(int id);
/* handle=return.2 (the third element of the tuple), release=call. */
std::tuple<Job, int, StopFn> start_batch(int n);

/* A struct result whose member is the handle: handle=return.unsubscribe,
   release=call. */
struct Subscription {
  int topic;
  StopFn unsubscribe;
};
Subscription subscribe(int topic);

/* A handle object released by a method: handle=return,
   release=method:give_back (or drop_ticket(&t)). */
struct Ticket {
  int number;
  void give_back();
};
Ticket take_ticket(int queue);
void drop_ticket(Ticket *t); /* the second release: func:drop_ticket(&arg.0) */

/* A result that says whether it worked: handle=return.stop,
   failure=!ok(), release=call. */
struct Slot {
  bool ok() const;
  int id;
  StopFn stop;
};
Slot reserve_slot(int n);

/* An in-house scope guard, named by a per-entry guard= template. */
template <typename F> struct OnExit {
  F f;
  ~OnExit() { f(); }
};
template <typename F> OnExit<F> on_exit(F f) { return OnExit<F>{f}; }

/* Matches creation=^inhouse:: but not names=start_job: not a creation. */
std::pair<Job, StopFn> start_job_async(int id);

/* Created by a static member function too. */
struct Scheduler {
  static std::pair<Job, StopFn> start_job(int id);
};

bool failed();
void keep(StopFn f); /* keeps a copy: a transfer */

} // namespace inhouse

/* Same name, another namespace: not the in-house creation when the entry
   says creation=^inhouse::. */
namespace other {
std::pair<inhouse::Job, inhouse::StopFn> start_job(int id);
} // namespace other
#endif
