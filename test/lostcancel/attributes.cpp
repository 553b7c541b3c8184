// RUN: %check_lostcancel %s -- -std=c++17

// Clang's handle attributes in C++, with no configuration: acquire_handle on
// an out-parameter (the Fuchsia zx_* shape, C++11 attribute syntax) and on a
// function returning a pointer, release_handle on free-function and method
// parameters, use_handle. No release function is named by the
// configuration, so no fix-it (no guard) is offered: the text stays as it is.

using zx_handle_t = unsigned;
using zx_status_t = int;

zx_status_t zx_event_create(unsigned options,
                            zx_handle_t *out [[clang::acquire_handle("zircon")]]);
zx_status_t zx_handle_close(zx_handle_t handle [[clang::release_handle("zircon")]]);
zx_status_t zx_object_signal(zx_handle_t handle [[clang::use_handle("zircon")]],
                             unsigned clear, unsigned set);
void remember(zx_handle_t handle); // no attribute: may keep it

struct Buffer {
  int size;
};
__attribute__((acquire_handle("buf"))) Buffer *buf_alloc(int size);
void buf_free(Buffer *b __attribute__((release_handle("buf"))));
struct Pool {
  void give_back(Buffer *b [[clang::release_handle("buf")]]);
};

bool failed();

// --- out-parameter, a status code ------------------------------------------------

void eventLeaks() {
  zx_handle_t event;
  // CHECK-NOTES: :[[@LINE+4]]:7: warning: handle 'event' created by 'zx_event_create' is not released on every path; the 'zircon' handle stays live [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  if (zx_event_create(0, &event) != 0){{$}}
  // CHECK-FIXES-NEXT: {{^}}    return;{{$}}
  // CHECK-FIXES-NEXT: {{^}}  zx_object_signal(event, 0, 1);{{$}}
  if (zx_event_create(0, &event) != 0)
    return;
  zx_object_signal(event, 0, 1);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'event'

void eventReleased() {
  zx_handle_t event;
  zx_status_t status = zx_event_create(0, &event);
  if (status != 0)
    return;
  zx_object_signal(event, 0, 1);
  zx_handle_close(event);
}

// A truthy status is a failure too.
void eventTruthy() {
  zx_handle_t event;
  if (zx_event_create(0, &event))
    return;
  zx_handle_close(event);
}

void eventKept() {
  zx_handle_t event;
  if (zx_event_create(0, &event) != 0)
    return;
  remember(event);
}

// --- a returned pointer --------------------------------------------------------------

// `!b` tests the handle empty: nothing to release on that edge.
void bufferLeaks() {
  // CHECK-NOTES: :[[@LINE+3]]:15: warning: handle 'b' returned by 'buf_alloc' is not released on every path; the 'buf' handle stays live [lostcancel-unreleased]
  // CHECK-FIXES: {{^}}  Buffer *b = buf_alloc(3);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  if (!b){{$}}
  Buffer *b = buf_alloc(3);
  if (!b)
    return;
  if (failed())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'b'
  buf_free(b);
}

// A method parameter with release_handle releases.
void bufferToPool(Pool &pool) {
  Buffer *b = buf_alloc(4);
  if (!b)
    return;
  if (failed()) {
    buf_free(b);
    return;
  }
  pool.give_back(b);
}

// The C++11 spelling before the declaration sits on the function's type.
[[clang::acquire_handle("chan")]] int chan_open_std(const char *name);
int chan_close_std(int chan [[clang::release_handle("chan")]]);
int step(int);

void standardAttribute() {
  int chan = chan_open_std("x");
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: handle 'chan' returned by 'chan_open_std' is not released on every path; the 'chan' handle stays live [lostcancel-unreleased]
  if (chan < 0)
    return;
  if (step(1))
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'chan'
  chan_close_std(chan);
}
