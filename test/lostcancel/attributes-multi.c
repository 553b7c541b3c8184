// RUN: %check_lostcancel %s -- -std=c11 -I%S/../Inputs

// SPEC §7.19: every out-parameter with acquire_handle is a handle of its
// own. zx_channel_create(0, &local, &remote) makes two handles: each is
// tracked in its own variable, and each leak is its own finding, naming
// its variable.

#include "zircon-like.h"

int work(int step);

void bothReleased(void) {
  zx_handle_t local, remote;
  if (zx_channel_create(0, &local, &remote) != ZX_OK)
    return;
  zx_channel_write(local, 0, "x", 1);
  zx_handle_close(local);
  zx_handle_close(remote);
}

void remoteLeaks(void) {
  zx_handle_t local, remote;
  if (zx_channel_create(0, &local, &remote) != ZX_OK)
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: handle 'remote' created by 'zx_channel_create' is not released on every path; the 'zircon' handle stays live [lostcancel-unreleased]
    return;
  zx_channel_write(remote, 0, "x", 1);
  zx_handle_close(local);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: reaches the end of the function without releasing 'remote'

void localLeaks(void) {
  zx_handle_t local, remote;
  if (zx_channel_create(0, &local, &remote) != ZX_OK)
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: handle 'local' created by 'zx_channel_create' is not released on every path; the 'zircon' handle stays live [lostcancel-unreleased]
    return;
  zx_handle_close(remote);
  if (work(1))
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: returns here without releasing 'local'
  zx_handle_close(local);
}

// Both leak: two findings at the call, each naming its variable.
void bothLeak(void) {
  zx_handle_t local, remote;
  // CHECK-NOTES: :[[@LINE+4]]:7: warning: handle 'local' created by 'zx_channel_create' is not released on every path; the 'zircon' handle stays live [lostcancel-unreleased]
  // CHECK-NOTES: :[[@LINE+7]]:1: note: reaches the end of the function without releasing 'local'
  // CHECK-NOTES: :[[@LINE+2]]:7: warning: handle 'remote' created by 'zx_channel_create' is not released on every path; the 'zircon' handle stays live [lostcancel-unreleased]
  // CHECK-NOTES: :[[@LINE+5]]:1: note: reaches the end of the function without releasing 'remote'
  if (zx_channel_create(0, &local, &remote) != ZX_OK)
    return;
  zx_channel_write(local, 0, "x", 1);
  zx_channel_write(remote, 0, "y", 1);
}

// The second handle alone is never mentioned again: dropped at creation.
void remoteDropped(void) {
  zx_handle_t local, remote;
  if (zx_channel_create(0, &local, &remote) != ZX_OK)
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: the handle created by 'zx_channel_create' is discarded; the 'zircon' handle stays live [lostcancel-discarded]
    // CHECK-NOTES: :[[@LINE-2]]:7: note: keep the handle in a variable and release it on every path
    return;
  zx_handle_close(local);
}
