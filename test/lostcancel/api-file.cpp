// The in-house API read from a YAML file (lostcancel.ApiFile), together with
// entries of lostcancel.Apis, every built-in profile switched off.
//
// RUN: %check_lostcancel --config='{CheckOptions: {lostcancel.Profiles: "", lostcancel.GuardFunctions: "inhouse::on_exit", \
// RUN:   lostcancel.ApiFile: "%S/../Inputs/api-file/lostcancel-apis.yaml", \
// RUN:   lostcancel.Apis: "names=start_batch,handle=return.2,release=call; names=inh_fd_open,handle=return,failure=negative,release=func:inh_fd_close(arg.0),use=inh_fd_read"}}' \
// RUN:   %s -- -std=c++20 -I%S/../Inputs
//
// A relative ApiFile is looked up in the checked file's directory and the
// directories above it, then in the current directory. The diagnostics of
// this file (the CHECK-NOTES below) must be the same whichever way the file
// is found.
// RUN: rm -rf %t && mkdir -p %t/project/src/deep %t/project/tools %t/elsewhere %t/lonely %t/cwd
// RUN: cp %s %t/project/src/deep/api-file.cpp && cp %s %t/lonely/api-file.cpp
// RUN: cp %S/../Inputs/api-file/lostcancel-apis.yaml %t/project/lostcancel-apis.yaml
// RUN: cp %S/../Inputs/api-file/lostcancel-apis.yaml %t/project/tools/inhouse.yaml
// RUN: cp %S/../Inputs/api-file/lostcancel-apis.yaml %t/cwd/cwd-apis.yaml
// An unusable file of the same name farther up, and in the current
// directory: the nearest one is taken.
// RUN: cp %S/../Inputs/api-file/broken.yaml %t/lostcancel-apis.yaml
// RUN: cp %S/../Inputs/api-file/broken.yaml %t/elsewhere/lostcancel-apis.yaml
//
// DEFINE: %{opts} = lostcancel.Profiles: "", lostcancel.GuardFunctions: "inhouse::on_exit", lostcancel.Apis: "names=start_batch,handle=return.2,release=call; names=inh_fd_open,handle=return,failure=negative,release=func:inh_fd_close(arg.0),use=inh_fd_read"
// DEFINE: %{diags} = grep -E ':[0-9]+:[0-9]+: (warning|error|note):' | FileCheck %s --check-prefix=CHECK-NOTES --implicit-check-not='{{warning|error|note}}:'
//
// Two directories above the checked file; the current directory has a
// broken file of that name.
// RUN: cd %t/elsewhere && %clang_tidy --load=%lostcancel_plugin --checks='-*,lostcancel-*' --quiet \
// RUN:   --config='{CheckOptions: {%{opts}, lostcancel.ApiFile: "lostcancel-apis.yaml"}}' \
// RUN:   %t/project/src/deep/api-file.cpp -- -std=c++20 -I%S/../Inputs 2>&1 | %{diags}
// A relative path with a directory part.
// RUN: cd %t/elsewhere && %clang_tidy --load=%lostcancel_plugin --checks='-*,lostcancel-*' --quiet \
// RUN:   --config='{CheckOptions: {%{opts}, lostcancel.ApiFile: "tools/inhouse.yaml"}}' \
// RUN:   %t/project/src/deep/api-file.cpp -- -std=c++20 -I%S/../Inputs 2>&1 | %{diags}
// Nowhere above the checked file: the current directory.
// RUN: cd %t/cwd && %clang_tidy --load=%lostcancel_plugin --checks='-*,lostcancel-*' --quiet \
// RUN:   --config='{CheckOptions: {%{opts}, lostcancel.ApiFile: "cwd-apis.yaml"}}' \
// RUN:   %t/lonely/api-file.cpp -- -std=c++20 -I%S/../Inputs 2>&1 | %{diags}
// The same relative path for a file outside the tree, run from a directory
// that does not have it either: an error.
// RUN: cd %t/elsewhere && not %clang_tidy --load=%lostcancel_plugin --checks='-*,lostcancel-*' --quiet \
// RUN:   --config='{CheckOptions: {%{opts}, lostcancel.ApiFile: "tools/inhouse.yaml"}}' \
// RUN:   %t/lonely/api-file.cpp -- -std=c++20 -I%S/../Inputs 2>&1 | FileCheck %s --check-prefix=NOT-FOUND
// NOT-FOUND: error: invalid lostcancel configuration: lostcancel.ApiFile: {{.*}}tools/inhouse.yaml

#include "inhouse-api.h"

// --- from the file: return.1, names and creation, the entry's guard -------------

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

void pairGuarded(int id) {
  auto [job, stop] = inhouse::start_job(id);
  auto stop_guard = inhouse::on_exit([&] { stop(); });
  if (job.busy())
    return;
}

// Same name, another namespace; the namespace, another name.
void notCreations(int id) {
  auto [job, stop] = other::start_job(id);
  auto [job2, stop2] = inhouse::start_job_async(id);
  job.wait();
  job2.wait();
}

// --- from lostcancel.Apis: return.2 ------------------------------------------------

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

// --- from the file: return.NAME and the wording ------------------------------------

void memberLeaks(int topic) {
  auto s = inhouse::subscribe(topic);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: subscription 's.unsubscribe' opened by 'subscribe' is not released on every path; the topic stays live until the broker restarts [lostcancel-unreleased]
  if (s.topic < 0)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 's.unsubscribe'
  s.unsubscribe();
}

void memberReleased(int topic) {
  auto [t, unsubscribe] = inhouse::subscribe(topic);
  if (t < 0) {
    unsubscribe();
    return;
  }
  unsubscribe();
}

// --- from the file: method:NAME | func:NAME(&arg.0) -----------------------------------

void ticketLeaks(int queue) {
  // CHECK-NOTES: :[[@LINE+1]]:23: warning: handle 't' returned by 'take_ticket' is not released on every path; the resource stays live [lostcancel-unreleased]
  inhouse::Ticket t = inhouse::take_ticket(queue);
  if (inhouse::failed()) {
    inhouse::drop_ticket(&t);
    return;
  }
  if (t.number > 3)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 't'
  t.give_back();
}

void ticketReleased(int queue) {
  inhouse::Ticket t = inhouse::take_ticket(queue);
  if (inhouse::failed()) {
    inhouse::drop_ticket(&t);
    return;
  }
  t.give_back();
}

// --- from the file: failure=!ok() ---------------------------------------------------

void slotLeaks(int n) {
  auto s = inhouse::reserve_slot(n);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: handle 's.stop' returned by 'reserve_slot' is not released on every path; the resource stays live [lostcancel-unreleased]
  if (!s.ok())
    return;
  // CHECK-FIXES: {{^}}  if (!s.ok()){{$}}
  // CHECK-FIXES-NEXT: {{^}}    return;{{$}}
  // CHECK-FIXES-NEXT: {{^}}  struct s_stop_guard_type { decltype(s.stop) &handle; ~s_stop_guard_type() { handle(); } } s_stop_guard{s.stop};{{$}}
  inh_log("reserved");
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 's.stop'

void slotReleased(int n) {
  auto s = inhouse::reserve_slot(n);
  if (!s.ok())
    return;
  s.stop();
}

// --- from the file: arg.1, failure=nonzero, two releases, uses ------------------------

void leaseLeaks(int pool) {
  inh_lease lease;
  // CHECK-NOTES: :[[@LINE+1]]:7: warning: lease 'lease' created by 'inh_lease_acquire' is not released on every path; the lease stays live until the pool is drained [lostcancel-unreleased]
  if (inh_lease_acquire(pool, &lease) != 0)
    return;
  // CHECK-FIXES: {{^}}  if (inh_lease_acquire(pool, &lease) != 0){{$}}
  // CHECK-FIXES-NEXT: {{^}}    return;{{$}}
  // CHECK-FIXES-NEXT: {{^}}  auto lease_guard = inhouse::on_exit([&] { inh_lease_release(lease); });{{$}}
  inh_lease_renew(lease);
  inh_lease_query(lease);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'lease'

void leaseReleased(int pool) {
  inh_lease lease;
  int rc = inh_lease_acquire(pool, &lease);
  if (rc < 0)
    return;
  if (inh_work(1)) {
    inh_pool_return(pool, lease);
    return;
  }
  inh_lease_release(lease);
}

// --- from the file: arg.0 by address ----------------------------------------------

// Released only in a branch that returns: error-path-only.
void watchLeaks() {
  inh_watch w;
  // CHECK-NOTES: :[[@LINE+1]]:7: warning: handle 'w' created by 'inh_watch_start' is released only on early-exit paths; the resource stays live [lostcancel-error-path-only]
  if (inh_watch_start(&w, 10))
    return;
  if (inh_work(2)) {
    inh_watch_abort(&w, 1);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: released only here, on an error path
    return;
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'w'

void watchReleased() {
  inh_watch w;
  if (inh_watch_start(&w, 10) == -1)
    return;
  inh_watch_stop(&w);
}

// --- from lostcancel.Apis: failure=negative -------------------------------------------

void fdLeaks(const char *name) {
  int fd = inh_fd_open(name);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: handle 'fd' returned by 'inh_fd_open' is not released on every path; the resource stays live [lostcancel-unreleased]
  if (fd < 0)
    return;
  char buf[4];
  if (inh_fd_read(fd, buf, 4) > 0)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'fd'
  inh_fd_close(fd);
}

void fdReleased(const char *name) {
  int fd = inh_fd_open(name);
  if (fd <= -1)
    return;
  inh_fd_close(fd);
}
