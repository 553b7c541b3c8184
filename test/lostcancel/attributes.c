// RUN: %check_lostcancel %s -- -std=c11

// Clang's handle attributes describe an API without any configuration:
// acquire_handle on a function (its result is the handle) or on an
// out-parameter (the object it points to becomes the handle),
// release_handle and use_handle on parameters. An integer result handle
// fails when negative; a creation into an out-parameter that returns an
// integer fails on a non-zero status. No release function is named by the
// configuration, so no fix-it is offered: the text stays as it is.

#define ACQUIRE(tag) __attribute__((acquire_handle(tag)))
#define RELEASE(tag) __attribute__((release_handle(tag)))
#define USE(tag) __attribute__((use_handle(tag)))

ACQUIRE("chan") int chan_open(const char *name);
int chan_close(int h RELEASE("chan"));
int chan_send(int h USE("chan"), int value);
void chan_keep(int h); /* no attribute: may keep it (a transfer) */

int port_create(int options, int *out ACQUIRE("port"));
void port_destroy(int port RELEASE("port"));
int port_wait(int port USE("port"));

int work(int step);

// Not annotated: not a creation.
int plain_open(const char *name);

// --- a returned handle ---------------------------------------------------------

void chanLeaks(void) {
  int h = chan_open("a");
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: handle 'h' returned by 'chan_open' is not released on every path; the 'chan' handle stays live [lostcancel-unreleased]
  if (h < 0)
    return;
  chan_send(h, 1);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'h'
// CHECK-FIXES: {{^}}  chan_send(h, 1);{{$}}
// CHECK-FIXES-NEXT: {{^}}}{{$}}

void chanLeaksOnReturn(void) {
  // CHECK-NOTES: :[[@LINE+3]]:11: warning: handle 'h' returned by 'chan_open' is not released on every path; the 'chan' handle stays live [lostcancel-unreleased]
  // CHECK-NOTES: :[[@LINE+6]]:5: note: returns here without releasing 'h'
  // CHECK-FIXES: {{^}}  int h = chan_open("b");{{$}}
  int h = chan_open("b");
  if (h == -1)
    return;
  if (work(1))
    return;
  chan_close(h);
}
// CHECK-FIXES: {{^}}  if (work(1)){{$}}
// CHECK-FIXES-NEXT: {{^}}    return;{{$}}
// CHECK-FIXES-NEXT: {{^}}  chan_close(h);{{$}}

// The release_handle parameter releases, on every path.
void chanReleased(void) {
  int h = chan_open("c");
  if (h < 0)
    return;
  if (work(2)) {
    chan_close(h);
    return;
  }
  chan_close(h);
}

// A negative handle is a failure: nothing to release there.
void chanFailureBranches(void) {
  int h = chan_open("d");
  if (h <= -1)
    return;
  chan_close(h);
}

// 0 is a valid handle: `h == 0` is not a failure test.
void chanZeroIsValid(void) {
  int h = chan_open("e");
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: handle 'h' returned by 'chan_open' is not released on every path; the 'chan' handle stays live [lostcancel-unreleased]
  if (h == 0)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'h'
  chan_close(h);
}

// use_handle only reads the handle: still a leak.
void chanUsesOnly(void) {
  int h = chan_open("f");
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: handle 'h' returned by 'chan_open' is not released on every path; the 'chan' handle stays live [lostcancel-unreleased]
  if (h < 0)
    return;
  chan_send(h, 2);
  chan_send(h, 3);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'h'

// A function without attributes may keep the handle: a transfer.
void chanKept(void) {
  int h = chan_open("g");
  chan_keep(h);
}

void notAnnotated(void) {
  int fd = plain_open("h");
  work(fd);
}

// --- an out-parameter handle ---------------------------------------------------

// A non-zero status is a failure.
void portReleased(void) {
  int port;
  if (port_create(0, &port) != 0)
    return;
  port_wait(port);
  port_destroy(port);
}

void portLeaks(void) {
  int port;
  // CHECK-NOTES: :[[@LINE+3]]:7: warning: handle 'port' created by 'port_create' is not released on every path; the 'port' handle stays live [lostcancel-unreleased]
  // CHECK-NOTES: :[[@LINE+5]]:5: note: returns here without releasing 'port'
  // CHECK-FIXES: {{^}}  if (port_create(0, &port) != 0){{$}}
  if (port_create(0, &port) != 0)
    return;
  if (port_wait(port))
    return;
  port_destroy(port);
}
// CHECK-FIXES: {{^}}  if (port_wait(port)){{$}}
// CHECK-FIXES-NEXT: {{^}}    return;{{$}}
// CHECK-FIXES-NEXT: {{^}}  port_destroy(port);{{$}}

// The status stored and tested later; `< 0`, `== -1` and a truthy status
// are failures.
void portStoredStatus(void) {
  int port;
  int rc = port_create(1, &port);
  work(rc);
  if (rc)
    return;
  port_destroy(port);
}

void portBelowZero(void) {
  int port;
  if (port_create(2, &port) < 0)
    return;
  port_destroy(port);
}

void portMinusOne(void) {
  int port;
  if (port_create(3, &port) == -1)
    return;
  port_destroy(port);
}

// `rc == 0` is the success branch: returning there leaks.
void portSuccessReturn(void) {
  int port;
  int rc = port_create(4, &port);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: handle 'port' created by 'port_create' is not released on every path; the 'port' handle stays live [lostcancel-unreleased]
  if (rc == 0)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'port'
  port_destroy(port);
}

// The attribute after the declarator sits on the function's type; it names
// the result handle all the same.
int chan_open_trailing(const char *name) __attribute__((acquire_handle("chan")));
int chan_close_trailing(int chan __attribute__((release_handle("chan"))));
int step(int);

void trailingAttribute(void) {
  int chan = chan_open_trailing("x");
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: handle 'chan' returned by 'chan_open_trailing' is not released on every path; the 'chan' handle stays live [lostcancel-unreleased]
  if (chan < 0)
    return;
  if (step(1))
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'chan'
  chan_close_trailing(chan);
}

// --- an out-parameter handle compared with its initial value ----------------

// The C cleanup idiom: the handle starts invalid, every failure jumps to one
// release guarded by a test against the invalid value. Where that test says
// "invalid", the creation never succeeded: nothing is held there.
#define PORT_INVALID 0

int cleanupIdiom(int n) {
  int rc = -1;
  int port = PORT_INVALID;
  if (port_create(2, &port) != 0)
    goto out;
  rc = port_wait(port);
  if (work(rc + n))
    goto out;
  rc += port_wait(port);
out:
  if (port != PORT_INVALID)
    port_destroy(port);
  return rc;
}

// The constant on the left, and `==`.
int constantFirst(int n) {
  int port = -1;
  if (port_create(2, &port) != 0)
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: handle 'port' created by 'port_create' is not released on every path; the 'port' handle stays live [lostcancel-unreleased]
    return -1;
  if (-1 == port)
    return -2;
  if (work(n))
    return -3;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'port'
  port_destroy(port);
  return 0;
}

// A result handle is different: its comparisons are tests of the creation's
// outcome, and `chan == 0` holds for a channel that was opened (0 is not a
// failure of an integer result handle): that return leaks.
int resultCompared(void) {
  int chan = chan_open("r");
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: handle 'chan' returned by 'chan_open' is not released on every path; the 'chan' handle stays live [lostcancel-unreleased]
  if (chan < 0)
    return -1;
  if (chan == 0)
    return -2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'chan'
  chan_close(chan);
  return 0;
}
