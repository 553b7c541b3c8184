// RUN: %check_lostcancel --config='{CheckOptions: {lostcancel.Profiles: "", lostcancel.Apis: "names=inh_lease_acquire,handle=arg.1,failure=nonzero,release=func:inh_lease_release(arg.0)|func:inh_pool_return(arg.1),use=inh_lease_renew|inh_lease_query,noun=lease,resource=lease,lifetime=until the pool is drained; names=inh_watch_start,handle=arg.0,failure=nonzero,release=func:inh_watch_stop(&arg.0)|func:inh_watch_abort(&arg.0),noun=watch,verb=started by,resource=watch,lifetime=in its queue after its storage is gone; names=inh_fd_open,handle=return,failure=negative,release=func:inh_fd_close(arg.0),use=inh_fd_read; names=inh_monitor_start,handle=return,release=call"}}' %s -- -std=c11 -I%S/../Inputs

// User entries (lostcancel.Apis) for a C API no profile knows, with every
// built-in profile switched off: an out-parameter handle (arg.N) whose
// creation returns a status code (failure=nonzero), a caller-owned object
// passed by address (arg.0, released through &arg.0), a descriptor returned
// directly (failure=negative), a callable handle (release=call), two
// releases (a|b), use functions, and the wording keys. The fix-it in C
// releases the handle before each leaking return.

#include "inhouse-api.h"

// --- arg.N out-parameter, failure=nonzero ----------------------------------

// `!= 0` leaves on failure: only the later return leaks.
int leaseNotZero(int pool) {
  inh_lease lease;
  // CHECK-NOTES: :[[@LINE+3]]:7: warning: lease 'lease' created by 'inh_lease_acquire' is not released on every path; the lease stays live until the pool is drained [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  if (inh_lease_acquire(pool, &lease) != 0){{$}}
  // CHECK-FIXES-NEXT: {{^}}    return -1;{{$}}
  if (inh_lease_acquire(pool, &lease) != 0)
    return -1;
  if (inh_work(1))
    return -2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'lease'
  // CHECK-FIXES: {{^}}  if (inh_work(1)){{$}}
  // CHECK-FIXES-NEXT: {{^}}    { inh_lease_release(lease); return -2; }{{$}}
  inh_lease_renew(lease);
  inh_lease_release(lease);
  return 0;
}

// `== -1`, `< 0` and a truthy status are failures; released after them.
void leaseMinusOne(int pool) {
  inh_lease lease;
  if (inh_lease_acquire(pool, &lease) == -1)
    return;
  inh_lease_release(lease);
}

void leaseBelowZero(int pool) {
  inh_lease lease;
  if (inh_lease_acquire(pool, &lease) < 0)
    return;
  inh_lease_release(lease);
}

void leaseTruthy(int pool) {
  inh_lease lease;
  if (inh_lease_acquire(pool, &lease))
    return;
  inh_lease_release(lease);
}

// The status stored in a variable and tested later.
int leaseStoredStatus(int pool) {
  inh_lease lease;
  int rc = inh_lease_acquire(pool, &lease);
  inh_log("acquired");
  if (rc != 0)
    return rc;
  inh_lease_release(lease);
  return 0;
}

// `!rc` is the success branch: the handle is live inside it.
void leaseNotRc(int pool) {
  inh_lease lease;
  int rc = inh_lease_acquire(pool, &lease);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: lease 'lease' created by 'inh_lease_acquire' is not released on every path; the lease stays live until the pool is drained [lostcancel-unreleased]
  if (!rc) {
    inh_lease_renew(lease);
    return;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'lease'
    // CHECK-FIXES: {{^}}    { inh_lease_release(lease); return; }{{$}}
  }
}

// `<= 0` does not imply a failure (0 is success): that return leaks. It is
// also reached when the creation failed, where releasing a lease never
// acquired would be wrong: no fix-it.
void leaseNotAFailureTest(int pool) {
  inh_lease lease;
  // CHECK-NOTES: :[[@LINE+2]]:7: warning: lease 'lease' created by 'inh_lease_acquire' is not released on every path; the lease stays live until the pool is drained [lostcancel-unreleased]
  // CHECK-NOTES: :[[@LINE+2]]:5: note: returns here without releasing 'lease'
  if (inh_lease_acquire(pool, &lease) <= 0)
    return;
  // CHECK-FIXES: {{^}}void leaseNotAFailureTest(int pool) {{[{]}}{{$}}
  // CHECK-FIXES: {{^}}  if (inh_lease_acquire(pool, &lease) <= 0){{$}}
  // CHECK-FIXES-NEXT: {{^}}    return;{{$}}
  inh_lease_release(lease);
}

// The same for a descriptor: `fd <= 0` is reached with fd == -1 (failed)
// and fd == 0 (valid).
void fdNotAFailureTest(const char *name) {
  int fd = inh_fd_open(name);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: handle 'fd' returned by 'inh_fd_open' is not released on every path; the resource stays live [lostcancel-unreleased]
  if (fd <= 0)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'fd'
  // CHECK-FIXES: {{^}}void fdNotAFailureTest(const char *name) {{[{]}}{{$}}
  // CHECK-FIXES: {{^}}  if (fd <= 0){{$}}
  // CHECK-FIXES-NEXT: {{^}}    return;{{$}}
  inh_fd_close(fd);
}

// The second release of the entry, func:inh_pool_return(arg.1): the handle
// is argument 1.
void leaseReturnedToPool(int pool) {
  inh_lease lease;
  if (inh_lease_acquire(pool, &lease) != 0)
    return;
  if (inh_work(2)) {
    inh_pool_return(pool, lease);
    return;
  }
  inh_lease_release(lease);
}

// inh_pool_return releases argument 1; passing the lease as argument 0 is
// not that release (an unknown position: a transfer), so no finding either.
void leaseWrongArgument(int pool) {
  inh_lease lease;
  if (inh_lease_acquire(pool, &lease) != 0)
    return;
  inh_pool_return(lease, pool);
}

// Uses only read the handle: still a leak, fixed at the closing brace.
void leaseUsesOnly(int pool) {
  inh_lease lease;
  if (inh_lease_acquire(pool, &lease) != 0)
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: lease 'lease' created by 'inh_lease_acquire' is not released on every path; the lease stays live until the pool is drained [lostcancel-unreleased]
    return;
  inh_lease_renew(lease);
  inh_lease_query(lease);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'lease'
// CHECK-FIXES: {{^}}  inh_lease_query(lease);{{$}}
// CHECK-FIXES-NEXT: {{^}}  inh_lease_release(lease);{{$}}
// CHECK-FIXES-NEXT: {{^}}}{{$}}

// Passing the lease to a function that is not a use is a transfer.
void leaseKept(int pool) {
  inh_lease lease;
  if (inh_lease_acquire(pool, &lease) != 0)
    return;
  inh_lease_keep(lease);
}

// --- arg.0 by address, two releases ----------------------------------------

void watchLeaks(void) {
  inh_watch w;
  if (inh_watch_start(&w, 10) != 0)
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: watch 'w' started by 'inh_watch_start' is not released on every path; the watch stays live in its queue after its storage is gone [lostcancel-unreleased]
    return;
  if (inh_work(3))
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'w'
  // CHECK-FIXES: {{^}}    { inh_watch_stop(&w); return; }{{$}}
  inh_watch_abort(&w, 3);
}

// Either release, each by address, on every path.
void watchReleased(void) {
  inh_watch w;
  if (inh_watch_start(&w, 10) != 0)
    return;
  if (inh_work(3)) {
    inh_watch_stop(&w);
    return;
  }
  inh_watch_abort(&w, 3);
}

// --- handle=return, failure=negative ----------------------------------------

int fdLeaks(const char *name) {
  int fd = inh_fd_open(name);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: handle 'fd' returned by 'inh_fd_open' is not released on every path; the resource stays live [lostcancel-unreleased]
  if (fd < 0)
    return -1;
  char buf[8];
  if (inh_fd_read(fd, buf, 8) < 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'fd'
  // CHECK-FIXES: {{^}}  if (fd < 0){{$}}
  // CHECK-FIXES-NEXT: {{^}}    return -1;{{$}}
  // CHECK-FIXES: {{^}}    { inh_fd_close(fd); return -1; }{{$}}
  inh_fd_close(fd);
  return 0;
}

void fdMinusOne(const char *name) {
  int fd = inh_fd_open(name);
  if (fd == -1)
    return;
  inh_fd_close(fd);
}

void fdAtMostMinusOne(const char *name) {
  int fd = inh_fd_open(name);
  if (fd <= -1)
    return;
  inh_fd_close(fd);
}

// `fd > 0` is not a failure test: fd == 0 is a valid descriptor.
void fdZeroIsValid(const char *name) {
  int fd = inh_fd_open(name);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: handle 'fd' returned by 'inh_fd_open' is not released on every path; the resource stays live [lostcancel-unreleased]
  if (fd > 0)
    inh_fd_close(fd);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'fd'

// --- handle=return, release=call ---------------------------------------------

void monitorLeaks(int id) {
  inh_stop_fn stop = inh_monitor_start(id);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: handle 'stop' returned by 'inh_monitor_start' is not released on every path; the resource stays live [lostcancel-unreleased]
  if (inh_work(id))
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'stop'
  // CHECK-FIXES: {{^}}    { stop(); return; }{{$}}
  stop();
}

void monitorReleased(int id) {
  inh_stop_fn stop = inh_monitor_start(id);
  if (inh_work(id)) {
    stop();
    return;
  }
  stop();
}

// --- the built-in profiles are off ---------------------------------------------

typedef int clockid_t;
typedef void *timer_t;
struct sigevent;
int timer_create(clockid_t clock, struct sigevent *sev, timer_t *out);

void notModelled(void) {
  timer_t t;
  timer_create(0, 0, &t);
}
