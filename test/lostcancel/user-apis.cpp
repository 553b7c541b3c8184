// RUN: %check_lostcancel --config='{CheckOptions: {lostcancel.Profiles: "", lostcancel.GuardFunctions: "inhouse::on_exit", lostcancel.Apis: " \
// RUN:   names=start_job,creation=^inhouse::,handle=return.1,release=call,guard=\x27auto {name} = inhouse::on_exit({lambda});\x27; \
// RUN:   names=start_batch,handle=return.2,release=call; \
// RUN:   names=subscribe,handle=return.unsubscribe,release=call,noun=subscription,verb=opened by,resource=topic,lifetime=until the broker restarts; \
// RUN:   names=take_ticket,handle=return,release=method:give_back|func:drop_ticket(&arg.0); \
// RUN:   names=reserve_slot,handle=return.stop,failure=!ok(),release=call; \
// RUN:   names=inh_lease_acquire,handle=arg.1,failure=nonzero,release=func:inh_lease_release(arg.0),use=inh_lease_renew,guard=\x27auto {name} = inhouse::on_exit([&] { {release}; });\x27; \
// RUN:   names=inh_fd_open,handle=return,failure=negative,release=func:inh_fd_close(arg.0),use=inh_fd_read"}}' \
// RUN:   %s -- -std=c++20 -I%S/../Inputs

// User entries (lostcancel.Apis) for an in-house C++ API, with every built-in
// profile switched off: handles in a pair element (return.1), a tuple
// element (return.2), a struct member (return.NAME), a whole result released
// by a method (method:NAME) or by address (func:NAME(&arg.N)), a result
// whose failure is a method (failure=!ok()), and the C API's out-parameter
// (arg.N, failure=nonzero) and descriptor (failure=negative) used from C++.
// names= and creation= together must both match. The fix-it is a guard
// after the creation, or after the `if` that leaves when the creation
// failed: the entry's own guard= where it has one, else the fallback.

#include "inhouse-api.h"

// --- return.1, names= plus creation=, the entry's guard ---------------------

void pairLeaks(int id) {
  auto [job, stop] = inhouse::start_job(id);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: handle 'stop' returned by 'start_job' is not released on every path; the resource stays live [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto [job, stop] = inhouse::start_job(id);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  auto stop_guard = inhouse::on_exit([&] { stop(); });{{$}}
  if (job.busy())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'stop'
  stop();
}

void pairReleased(int id) {
  auto [job, stop] = inhouse::start_job(id);
  job.wait();
  stop();
}

// The entry's own guard is a release.
void pairGuarded(int id) {
  auto [job, stop] = inhouse::start_job(id);
  auto stop_guard = inhouse::on_exit([&] { stop(); });
  if (job.busy())
    return;
}

// A static member function in the namespace matches too; only the job is
// kept, so the handle is discarded.
void staticMember(int id) {
  auto r = inhouse::Scheduler::start_job(id);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: the handle returned by 'start_job' is discarded; the resource stays live [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:12: note: keep the handle in a variable and release it on every path, for example with a scope guard right after this line
  r.first.wait();
}

// Same name in another namespace: the creation regex does not match.
void otherNamespace(int id) {
  auto [job, stop] = other::start_job(id);
  job.wait();
}

// The creation regex matches, the name does not.
void otherName(int id) {
  auto [job, stop] = inhouse::start_job_async(id);
  job.wait();
}

// --- return.2: a tuple element; no guard of its own: the fallback -------------

void tupleLeaks(int n) {
  auto [job, count, stop] = inhouse::start_batch(n);
  // CHECK-NOTES: :[[@LINE-1]]:29: warning: handle 'stop' returned by 'start_batch' is not released on every path; the resource stays live [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto [job, count, stop] = inhouse::start_batch(n);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  struct stop_guard_type { decltype(stop) &handle; ~stop_guard_type() { handle(); } } stop_guard{stop};{{$}}
  if (count > 0)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'stop'
  stop();
}

// Element 2 is the handle, not element 0.
void tupleOnlyJobKept(int n) {
  auto t = inhouse::start_batch(n);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: the handle returned by 'start_batch' is discarded; the resource stays live [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:12: note: keep the handle in a variable and release it on every path, for example with a scope guard right after this line
  std::get<0>(t).wait();
}

void tupleReleased(int n) {
  auto t = inhouse::start_batch(n);
  std::get<0>(t).wait();
  std::get<2>(t)();
}

// --- return.NAME: a struct member; the wording keys ------------------------------

void memberLeaks(int topic) {
  auto s = inhouse::subscribe(topic);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: subscription 's.unsubscribe' opened by 'subscribe' is not released on every path; the topic stays live until the broker restarts [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  auto s = inhouse::subscribe(topic);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  struct s_unsubscribe_guard_type { decltype(s.unsubscribe) &handle; ~s_unsubscribe_guard_type() { handle(); } } s_unsubscribe_guard{s.unsubscribe};{{$}}
  if (s.topic < 0)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 's.unsubscribe'
  s.unsubscribe();
}

void memberBindingLeaks(int topic) {
  auto [t, unsubscribe] = inhouse::subscribe(topic);
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: subscription 'unsubscribe' opened by 'subscribe' is not released on every path; the topic stays live until the broker restarts [lostcancel-unreleased]
  if (t < 0)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'unsubscribe'
  unsubscribe();
}

void memberReleased(int topic) {
  auto s = inhouse::subscribe(topic);
  if (s.topic < 0) {
    s.unsubscribe();
    return;
  }
  s.unsubscribe();
}

// Passing the handle on is a transfer.
void memberTransferred(int topic) {
  auto s = inhouse::subscribe(topic);
  inhouse::keep(s.unsubscribe);
}

// --- handle=return, release=method:NAME | func:NAME(&arg.0) ----------------------

// An explicit release that is not a call: no guard joins it (it must not
// run twice), so no fix-it.
void ticketLeaks(int queue) {
  // CHECK-NOTES: :[[@LINE+3]]:23: warning: handle 't' returned by 'take_ticket' is not released on every path; the resource stays live [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  inhouse::Ticket t = inhouse::take_ticket(queue);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  if (inhouse::failed()){{$}}
  inhouse::Ticket t = inhouse::take_ticket(queue);
  if (inhouse::failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 't'
  t.give_back();
}

// Never released: the guard calls the method.
void ticketNeverReleased(int queue) {
  inhouse::Ticket t = inhouse::take_ticket(queue);
  // CHECK-NOTES: :[[@LINE-1]]:23: warning: handle 't' returned by 'take_ticket' is not released on every path; the resource stays live [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  inhouse::Ticket t = inhouse::take_ticket(queue);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  struct t_guard_type { decltype(t) &handle; ~t_guard_type() { handle.give_back(); } } t_guard{t};{{$}}
  inh_log(t.number > 0 ? "numbered" : "unnumbered");
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 't'

// Either release, on every path.
void ticketReleased(int queue) {
  inhouse::Ticket t = inhouse::take_ticket(queue);
  if (inhouse::failed()) {
    inhouse::drop_ticket(&t);
    return;
  }
  t.give_back();
}

// --- failure=!ok(): the guard goes after the `if` that leaves on failure ----------

void slotLeaks(int n) {
  auto s = inhouse::reserve_slot(n);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: handle 's.stop' returned by 'reserve_slot' is not released on every path; the resource stays live [lostcancel-unreleased]
  if (!s.ok())
    return;
  // CHECK-FIXES: {{^}}  if (!s.ok()){{$}}
  // CHECK-FIXES-NEXT: {{^}}    return;{{$}}
  // CHECK-FIXES-NEXT: {{^}}  struct s_stop_guard_type { decltype(s.stop) &handle; ~s_stop_guard_type() { handle(); } } s_stop_guard{s.stop};{{$}}
  if (inhouse::failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 's.stop'
  s.stop();
}

void slotReleased(int n) {
  auto s = inhouse::reserve_slot(n);
  if (!s.ok())
    return;
  s.stop();
}

// --- the C API from C++: arg.N with failure=nonzero, the {release} guard ----------

void leaseLeaks(int pool) {
  inh_lease lease;
  // CHECK-NOTES: :[[@LINE+1]]:7: warning: handle 'lease' created by 'inh_lease_acquire' is not released on every path; the resource stays live [lostcancel-unreleased]
  if (inh_lease_acquire(pool, &lease) != 0)
    return;
  // CHECK-FIXES: {{^}}  if (inh_lease_acquire(pool, &lease) != 0){{$}}
  // CHECK-FIXES-NEXT: {{^}}    return;{{$}}
  // CHECK-FIXES-NEXT: {{^}}  auto lease_guard = inhouse::on_exit([&] { inh_lease_release(lease); });{{$}}
  inh_lease_renew(lease);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'lease'

// The status stored and tested later.
void leaseReleased(int pool) {
  inh_lease lease;
  int rc = inh_lease_acquire(pool, &lease);
  if (rc == -1)
    return;
  inh_lease_renew(lease);
  inh_lease_release(lease);
}

// --- failure=negative ------------------------------------------------------------

void fdLeaks(const char *name) {
  int fd = inh_fd_open(name);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: handle 'fd' returned by 'inh_fd_open' is not released on every path; the resource stays live [lostcancel-unreleased]
  if (fd < 0)
    return;
  // CHECK-FIXES: {{^}}  if (fd < 0){{$}}
  // CHECK-FIXES-NEXT: {{^}}    return;{{$}}
  // CHECK-FIXES-NEXT: {{^}}  struct fd_guard_type { decltype(fd) &handle; ~fd_guard_type() { inh_fd_close(handle); } } fd_guard{fd};{{$}}
  char buf[4];
  inh_fd_read(fd, buf, 4);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'fd'

void fdReleased(const char *name) {
  int fd = inh_fd_open(name);
  if (fd == -1)
    return;
  inh_fd_close(fd);
}

// --- the built-in profiles are off -----------------------------------------------

namespace ctxlib {
struct Context {};
std::pair<Context, std::function<void()>> WithCancel(const Context &parent);
} // namespace ctxlib

void notModelled(const ctxlib::Context &bg) {
  auto [c, cancel] = ctxlib::WithCancel(bg);
  (void)c;
  (void)cancel;
}
