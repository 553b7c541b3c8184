// RUN: %check_lostcancel %s -- -std=c11 %glib_cflags
// REQUIRES: glib
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
void keep_cancellable(GCancellable *c);
static void on_cancel(GCancellable *c, gpointer data) {
  (void)c;
  (void)data;
}
static gboolean on_timeout(gpointer data) {
  (void)data;
  return G_SOURCE_REMOVE;
}
// May keep its source going: the scope's id may be live at any exit.
static gboolean on_tick(gpointer data) {
  return work(GPOINTER_TO_INT(data)) ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}
static void on_once(gpointer data) { (void)data; }

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
  guint id = g_timeout_add(100, on_tick, data);
  if (work(6))
    return -1;
    // CHECK-NOTES: :[[@LINE-3]]:14: warning: source id 'id' returned by 'g_timeout_add' is not released on every path; the source stays live in its main context and may fire after its data is freed [lostcancel-unreleased]
    // CHECK-NOTES: :[[@LINE-2]]:5: note: returns here without releasing 'id'
    // CHECK-FIXES: {{^}}    { g_source_remove(id); return -1; }{{$}}
  g_source_remove(id);
  return 0;
}

void keptIdleOverwritten(gpointer data) {
  guint id = g_idle_add(on_tick, data);
  if (g_main_context_find_source_by_id(NULL, id))
    work(8);
  id = g_idle_add(on_tick, data);
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
  guint id = g_timeout_add(100, on_tick, data);
  if (work(7) && id)
    g_source_remove(id);
  else if (id)
    g_source_remove(id);
}

// An id that may not have been made, tested against 0 before the removal:
// on the zero branch there is nothing to remove (0 is no source).
void removedIfMade(int secs, gpointer data) {
  guint timer_id = 0;
  if (secs > 0)
    timer_id = g_timeout_add_seconds(secs, on_tick, data);
  while (!work(10))
    g_main_context_iteration(NULL, TRUE);
  if (timer_id != 0)
    g_source_remove(timer_id);
}

void removedIfMadeBareTest(int secs, gpointer data) {
  guint timer_id = 0;
  if (secs > 0)
    timer_id = g_timeout_add_seconds(secs, on_tick, data);
  work(11);
  if (timer_id)
    g_source_remove(timer_id);
}

void disconnectedIfMade(GCancellable *c, gpointer data) {
  gulong id = 0;
  if (work(12))
    id = g_cancellable_connect(c, G_CALLBACK(on_cancel), data, NULL);
  work(13);
  if (id != 0)
    g_cancellable_disconnect(c, id);
}

// One-shot sources (oneshot=): a _once variant, or a callback that returns
// G_SOURCE_REMOVE on every path, ends after its one dispatch; removing its
// id after that is an error, so whether a path must remove it depends on
// whether the loop has run it: no finding.
gboolean oneShotKept(gpointer data) {
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds(30, on_timeout, &timed_out);
  g_main_context_iteration(NULL, TRUE);
  if (!timed_out)
    g_source_remove(id);
  guint once = g_idle_add_once(on_once, data);
  if (g_main_context_find_source_by_id(NULL, once))
    work(14);
  return timed_out;
}

// Through a cast, as GLib code writes it.
void oneShotCast(gpointer data) {
  guint id = g_idle_add((GSourceFunc)on_timeout, data);
  g_source_set_name_by_id(id, "one-shot");
  id = g_timeout_add(10, G_SOURCE_FUNC(on_timeout), data);
}

// A handler on a cancellable the scope makes itself (dieswith=): it is
// dropped when that cancellable is finalized, so its lifetime is the
// cancellable's, which is the scope's own business.
void ownCancellable(gpointer data) {
  GCancellable *cancellable = g_cancellable_new();
  g_cancellable_connect(cancellable, G_CALLBACK(on_cancel), data, NULL);
  work(15);
  g_object_unref(cancellable);
}

int ownCancellableKeptId(gpointer data) {
  GCancellable *cancellable = NULL;
  gulong id;
  cancellable = g_cancellable_new();
  id = g_cancellable_connect(cancellable, G_CALLBACK(on_cancel), data, NULL);
  if (work(16)) {
    g_clear_object(&cancellable);
    return -1;
  }
  g_cancellable_disconnect(cancellable, id);
  g_clear_object(&cancellable);
  return 0;
}

// Not the scope's own: a parameter, a reference taken on one, or a local
// that may hold either.
void referencedCancellable(GCancellable *c, gpointer data) {
  GCancellable *mine = g_object_ref(c);
  g_cancellable_connect(mine, G_CALLBACK(on_cancel), data, NULL);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the handler id returned by 'g_cancellable_connect' is discarded; the cancellation callback stays live and may run after its data is freed [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: keep the handler id in a variable and release it on every path
  g_object_unref(mine);
}

void eitherCancellable(GCancellable *c, gpointer data) {
  GCancellable *mine = g_cancellable_new();
  if (work(17)) {
    g_object_unref(mine);
    mine = g_object_ref(c);
  }
  g_cancellable_connect(mine, G_CALLBACK(on_cancel), data, NULL);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the handler id returned by 'g_cancellable_connect' is discarded; the cancellation callback stays live and may run after its data is freed [lostcancel-discarded]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: keep the handler id in a variable and release it on every path
  g_object_unref(mine);
}

int parameterCancellable(GCancellable *cancellable, gpointer data) {
  gulong id = g_cancellable_connect(cancellable, G_CALLBACK(on_cancel), data, NULL);
  if (work(18))
    return -1;
    // CHECK-NOTES: :[[@LINE-3]]:15: warning: handler id 'id' returned by 'g_cancellable_connect' is not released on every path; the cancellation callback stays live and may run after its data is freed [lostcancel-unreleased]
    // CHECK-NOTES: :[[@LINE-2]]:5: note: returns here without releasing 'id'
    // CHECK-FIXES: {{^}}    { g_cancellable_disconnect(cancellable, id); return -1; }{{$}}
  g_cancellable_disconnect(cancellable, id);
  return 0;
}
