/* kasir-sync-service.h — decides when the terminal talks to the server, and shows it.
 *
 * Driven by a GNetworkMonitor (injected, so tests can unplug the network), a heartbeat
 * to /api/v1/health, the outbox changing (debounced), a periodic sync and "sync now".
 * It pushes the outbox in seq-ordered batches and pulls changes by cursor. What it does
 * next is decided by one state machine (kasir-sync-machine.h); every database step runs,
 * in order, in its one database worker thread on its own connection
 * (kasir-sync-worker.h); the network I/O is asynchronous on the main context. The main
 * thread never waits for either, except in kasir_sync_service_shutdown().
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-database.h"
#include "kasir-pull-run.h"
#include "kasir-sync-client.h"

G_BEGIN_DECLS

typedef enum
{
  KASIR_SYNC_STATUS_STANDALONE,  /* no server configured: everything stays here */
  KASIR_SYNC_STATUS_OFFLINE,     /* no network */
  KASIR_SYNC_STATUS_UNREACHABLE, /* network, but the server does not answer */
  KASIR_SYNC_STATUS_ONLINE,      /* idle, in touch with the server */
  KASIR_SYNC_STATUS_SYNCING,
  KASIR_SYNC_STATUS_ATTENTION,   /* a person must look: auth refused, rejected changes,
                                   or failures that keep coming back */
} KasirSyncStatus;

GType kasir_sync_status_get_type (void);
#define KASIR_TYPE_SYNC_STATUS (kasir_sync_status_get_type ())

#define KASIR_TYPE_SYNC_SERVICE (kasir_sync_service_get_type ())

G_DECLARE_FINAL_TYPE (KasirSyncService, kasir_sync_service, KASIR, SYNC_SERVICE, GObject)

/* @monitor: NULL for g_network_monitor_get_default(). The service opens its own
 * connection to @database's file for its worker threads. */
KasirSyncService *kasir_sync_service_new                  (KasirDatabase      *database,
                                                           GNetworkMonitor    *monitor,
                                                           GError            **error);

/* Points the service at a server with a client that already holds the terminal token,
 * and starts watching (heartbeat, periodic sync). */
void              kasir_sync_service_configure            (KasirSyncService   *self,
                                                           KasirSyncClient    *client,
                                                           gint64              terminal_id);
/* Reads the enrolled identity from the database and the token from the keyring (in a
 * worker thread) and configures the service; stays standalone when not enrolled. */
void              kasir_sync_service_load_async           (KasirSyncService   *self,
                                                           GCancellable       *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer            user_data);
gboolean          kasir_sync_service_load_finish          (KasirSyncService   *self,
                                                           GAsyncResult       *result,
                                                           GError            **error);

/* Enrolls with a one-time code: the token goes to the keyring, the identity to the
 * database. The outbox is kept as it is, also when re-enrolling. *@out_name (may be
 * NULL) is the name the server gave this till: the one asked for, or the outlet's first
 * free one after it ("Till 2" when another till is "Till 1"). */
void              kasir_sync_service_enroll_async         (KasirSyncService   *self,
                                                           const char         *server_url,
                                                           const char         *code,
                                                           const char         *terminal_name,
                                                           GCancellable       *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer            user_data);
gboolean          kasir_sync_service_enroll_finish        (KasirSyncService   *self,
                                                           GAsyncResult       *result,
                                                           char              **out_name,
                                                           GError            **error);

/* The fingerprint of the server certificate this till pinned (kasir-cert-pin.h); NULL
 * for plain http:// on this computer, or when not enrolled. */
const char       *kasir_sync_service_get_server_fingerprint  (KasirSyncService   *self);
/* While "certificate-changed": the fingerprint of the certificate the server shows now. */
const char       *kasir_sync_service_get_offered_fingerprint (KasirSyncService   *self);
gboolean          kasir_sync_service_get_certificate_changed (KasirSyncService   *self);
gboolean          kasir_sync_service_get_revoked             (KasirSyncService   *self);
/* Pins the certificate the server shows now instead of the old one and syncs again. Only
 * after a manager's PIN: the caller checks it. Fails when the certificate has not
 * changed. */
void              kasir_sync_service_trust_new_certificate_async  (KasirSyncService    *self,
                                                                   GCancellable        *cancellable,
                                                                   GAsyncReadyCallback  callback,
                                                                   gpointer             user_data);
gboolean          kasir_sync_service_trust_new_certificate_finish (KasirSyncService    *self,
                                                                   GAsyncResult        *result,
                                                                   GError             **error);

/* Call after writing to the outbox; the service syncs about a second later. */
void              kasir_sync_service_outbox_changed       (KasirSyncService   *self);
/* Sync now, whatever the timers say (if the network is there). */
void              kasir_sync_service_sync_now             (KasirSyncService   *self);
/* Stops all timers and cancels all pending work; the service does nothing more
 * afterwards. Blocks until no thread of the service touches the database any more: the
 * database worker finishes the step it is in (a pull page, a push answer: a few hundred
 * milliseconds at most), skips the cancelled ones queued behind it and ends, and a
 * signing-key registration on its way returns (iterating the thread-default main context
 * meanwhile). Call it from the main thread before the application exits and before the
 * database is closed; calling it again does nothing. Callbacks of the cancelled work
 * still run later on the main context if it is iterated, and do nothing. */
void              kasir_sync_service_shutdown             (KasirSyncService   *self);

KasirSyncStatus    kasir_sync_service_get_state            (KasirSyncService   *self);
gint64            kasir_sync_service_get_pending_count    (KasirSyncService   *self);
gint64            kasir_sync_service_get_rejected_count   (KasirSyncService   *self);
gint64            kasir_sync_service_get_open_conflict_count (KasirSyncService *self);
GDateTime        *kasir_sync_service_get_last_sync_time   (KasirSyncService   *self);
GDateTime        *kasir_sync_service_get_offline_since    (KasirSyncService   *self);
const char       *kasir_sync_service_get_last_error       (KasirSyncService   *self);
double            kasir_sync_service_get_progress         (KasirSyncService   *self);
/* Where the last pull that finished spent its time (zeros before the first). */
void              kasir_sync_service_get_pull_timings     (KasirSyncService   *self,
                                                           KasirPullTimings   *out);
gboolean          kasir_sync_service_get_idle             (KasirSyncService   *self);
/* The client that talks to the server, holding the terminal token; NULL while the till
 * is not enrolled. For the questions the till asks while online (the outlet report, a
 * sale of another till). */
KasirSyncClient  *kasir_sync_service_get_client           (KasirSyncService   *self);

G_END_DECLS
