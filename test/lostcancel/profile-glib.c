// RUN: %check_lostcancel %s -- -std=c11 %glib_cflags
//
// With every built-in profile but glib, nothing is reported.
// RUN: %clang_tidy --load=%lostcancel_plugin --checks='-*,lostcancel-*' --quiet \
// RUN:   --config='{CheckOptions: {lostcancel.Profiles: "go-context;posix-timer;pplx;libuv;libevent;sd-event"}}' \
// RUN:   %s -- -std=c11 %glib_cflags 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OFF --allow-empty --implicit-check-not='{{warning|error|note}}:'
// OFF-NOT: lostcancel-

// The glib profile (SPEC §3.5) against the real <gio/gio.h>.
// g_cancellable_connect returns a handler id that g_cancellable_disconnect
// releases; 0 means the cancellable was already cancelled and nothing is
// connected (failure=zero). g_timeout_add*/g_idle_add* return a source id
// that g_source_remove releases; the callback may end its own source, so a
// discarded source id is not a finding (discardable=true), but a kept id
// that leaks or is overwritten while live is.

#include <gio/gio.h>

int work(int step);
void keep_id(guint id);
static void on_cancel(GCancellable *c, gpointer data) {
  (void)c;
  (void)data;
}
static gboolean on_timeout(gpointer data) {
  (void)data;
  return G_SOURCE_REMOVE;
}

struct owner {
  guint timeout_id;
  gulong cancel_id;
};

int leakHandler(GCancellable *c, gpointer data) {
  gulong id = g_cancellable_connect(c, G_CALLBACK(on_cancel), data, NULL);
  if (work(1))
    return -1;
    // CHECK-NOTES: :[[@LINE-3]]:15: warning: handler id 'id' returned by 'g_cancellable_connect' is not released on every path; the cancellation callback stays live and may run after its data is freed [lostcancel-unreleased]
    // CHECK-NOTES: :[[@LINE-2]]:5: note: returns here without releasing 'id'
    // CHECK-FIXES: {{^}}    { g_cancellable_disconnect(c, id); return -1; }{{$}}
  g_cancellable_disconnect(c, id);
  return 0;
}

// A zero id: the callback already ran, nothing to disconnect.
int zeroId(GCancellable *c, gpointer data) {
  gulong id = g_cancellable_connect(c, G_CALLBACK(on_cancel), data, NULL);
  if (id == 0)
    return -1;
  work(2);
  g_cancellable_disconnect(c, id);
  return 0;
}

int notId(GCancellable *c, gpointer data) {
  gulong id = g_cancellable_connect(c, G_CALLBACK(on_cancel), data, NULL);
  if (!id)
    return -1;
  if (g_cancellable_is_cancelled(c))
    work(3);
  g_cancellable_disconnect(c, id);
  return 0;
}

// The idiom of GLib's documentation: disconnecting id 0 is a no-op.
void documentedIdiom(GCancellable *c, gpointer data) {
  gulong id = 0;
  if (c)
    id = g_cancellable_connect(c, G_CALLBACK(on_cancel), data, NULL);
  work(4);
  g_cancellable_disconnect(c, id);
}

// A test of the id that goes on: on the zero branch nothing is connected.
int leakOnNonZeroBranch(GCancellable *c, gpointer data) {
  gulong id = g_cancellable_connect(c, G_CALLBACK(on_cancel), data, NULL);
  if (id != 0) {
    if (work(5))
      return -1;
      // CHECK-NOTES: :[[@LINE-4]]:15: warning: handler id 'id' returned by 'g_cancellable_connect' is not released on every path; the cancellation callback stays live and may run after its data is freed [lostcancel-unreleased]
      // CHECK-NOTES: :[[@LINE-2]]:7: note: returns here without releasing 'id'
      // CHECK-FIXES: {{^}}      { g_cancellable_disconnect(c, id); return -1; }{{$}}
    g_cancellable_disconnect(c, id);
  }
  return 0;
}

void discardedHandler(GCancellable *c, gpointer data) {
  g_cancellable_connect(c, G_CALLBACK(on_cancel), data, NULL);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the handler id returned by 'g_cancellable_connect' is discarded; the cancellation callback stays live and may run after its data is freed [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: keep the handler id in a variable and release it on every path
}

// Source ids: discarded ones are fine.
void discardedSources(gpointer data) {
  g_timeout_add(100, on_timeout, data);
  g_idle_add(on_timeout, data);
  g_timeout_add_seconds(1, on_timeout, data);
  g_timeout_add_full(G_PRIORITY_DEFAULT, 100, on_timeout, data, NULL);
  guint unused = g_timeout_add_seconds(1, on_timeout, data);
}

int keptTimeoutLeaks(gpointer data) {
  guint id = g_timeout_add(100, on_timeout, data);
  if (work(6))
    return -1;
    // CHECK-NOTES: :[[@LINE-3]]:14: warning: source id 'id' returned by 'g_timeout_add' is not released on every path; the source stays live in its main context and may fire after its data is freed [lostcancel-unreleased]
    // CHECK-NOTES: :[[@LINE-2]]:5: note: returns here without releasing 'id'
    // CHECK-FIXES: {{^}}    { g_source_remove(id); return -1; }{{$}}
  g_source_remove(id);
  return 0;
}

void keptIdleOverwritten(gpointer data) {
  guint id = g_idle_add(on_timeout, data);
  if (g_main_context_find_source_by_id(NULL, id))
    work(8);
  id = g_idle_add(on_timeout, data);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'id' is assigned a new source id returned by 'g_idle_add' while the previous one may still be live; the overwritten source stays live in its main context and may fire after its data is freed [lostcancel-overwritten]
  // CHECK-NOTES: :[[@LINE-5]]:14: note: the overwritten handle was created here; release it before the new assignment, or guard each iteration
  g_source_remove(id);
}

// Stored into an object or handed on: transfers.
void transferred(struct owner *o, GCancellable *c, gpointer data) {
  o->timeout_id = g_timeout_add(100, on_timeout, data);
  o->cancel_id = g_cancellable_connect(c, G_CALLBACK(on_cancel), data, NULL);
  guint id = g_timeout_add_seconds(5, on_timeout, data);
  keep_id(id);
}

void removedIfSet(gpointer data) {
  guint id = g_timeout_add(100, on_timeout, data);
  if (work(7) && id)
    g_source_remove(id);
  else if (id)
    g_source_remove(id);
}
