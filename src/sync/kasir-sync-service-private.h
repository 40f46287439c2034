/* kasir-sync-service-private.h — what the parts of KasirSyncService share.
 *
 * kasir-sync-service.c holds the object, its properties and public API;
 * kasir-sync-service-schedule.c feeds the state machine and keeps the timers, the
 * heartbeat and the network watch; kasir-sync-service-run.c runs one sync (counts, push,
 * pull, pruning) and reports how it ended.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-sync-machine.h"
#include "kasir-sync-service.h"
#include "kasir-sync-worker.h"
#include "kasir-terminal-identity.h"

G_BEGIN_DECLS

#define DEBOUNCE_MS                1000
/* While the server does not answer, it is asked again at most this long after (and at
 * least half of it, drawn at random so tills do not ask in step): a server that comes
 * back has every till back within a few seconds, whatever the heartbeat interval. */
#define MAX_OFFLINE_PROBE_MS       6000
#define MAX_RETRY_MS               60000

struct _KasirSyncService
{
  GObject                 parent_instance;

  KasirSyncMachine       *machine;
  KasirSyncWorker        *worker;
  KasirTerminalIdentity  *identity;
  GNetworkMonitor        *monitor;
  gulong                  network_changed_id;
  KasirSyncClient        *client;
  gint64                  terminal_id;
  GCancellable           *cancellable;
  char                   *offered_fingerprint; /* shown instead of the pinned one */

  /* The run going on. */
  gint64                  cursor;
  gint64                  run_started_us;      /* wall clock, for the sync history */
  gint64                  pushed_count;
  gint64                  pulled_rows;
  KasirPullTimings        pull_timings;        /* of the last pull that finished */
  guint                   push_limit;          /* below batch_size after a 413 */

  /* Properties. */
  KasirSyncStatus         state;
  gint64                  pending_count;
  gint64                  rejected_count;
  gint64                  open_conflict_count;
  gint64                  open_order_count;    /* last told by ::orders-changed; -1: never */
  GDateTime              *last_sync_time;
  GDateTime              *offline_since;
  char                   *last_error;
  double                  progress;
  guint                   heartbeat_interval;
  guint                   sync_interval;
  guint                   batch_size;
  guint                   request_timeout;
  guint                   pull_page_size;

  /* Timers. */
  guint                   heartbeat_id;
  guint                   heartbeat_current;
  gboolean                heartbeat_running;
  guint                   periodic_id;
  guint                   debounce_id;
  guint                   retry_id;
  guint                   retry_attempt;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_PENDING_COUNT,
  PROP_REJECTED_COUNT,
  PROP_OPEN_CONFLICT_COUNT,
  PROP_LAST_SYNC_TIME,
  PROP_OFFLINE_SINCE,
  PROP_LAST_ERROR,
  PROP_PROGRESS,
  PROP_HEARTBEAT_INTERVAL,
  PROP_SYNC_INTERVAL,
  PROP_BATCH_SIZE,
  PROP_IDLE,
  PROP_REQUEST_TIMEOUT,
  PROP_PULL_PAGE_SIZE,
  PROP_CERTIFICATE_CHANGED,
  PROP_REVOKED,
  N_PROPS
};

enum {
  SALE_SYNCED,
  CONFLICTS_ARRIVED,
  SYNC_FAILED,
  ORDERS_CHANGED,
  N_SIGNALS
};

/* kasir-sync-service.c */
void     _kasir_sync_service_notify             (KasirSyncService *self,
                                                 guint             prop);
void     _kasir_sync_service_emit               (KasirSyncService *self,
                                                 guint             signal,
                                                 ...);
gboolean _kasir_sync_service_is_stopped         (KasirSyncService *self);
void     _kasir_sync_service_update_state       (KasirSyncService *self);
void     _kasir_sync_service_set_last_error     (KasirSyncService *self,
                                                 const char       *message);
void     _kasir_sync_service_set_progress       (KasirSyncService *self,
                                                 double            progress);
void     _kasir_sync_service_set_count          (KasirSyncService *self,
                                                 gint64           *field,
                                                 gint64            value,
                                                 guint             prop);

/* kasir-sync-service-schedule.c */
/* The service's one way to change state: the machine decides, this carries it out. */
void     _kasir_sync_service_feed               (KasirSyncService *self,
                                                 KasirSyncEvent    event);
void     _kasir_sync_service_schedule_heartbeat (KasirSyncService *self,
                                                 guint             seconds);
void     _kasir_sync_service_restart_periodic   (KasirSyncService *self);
void     _kasir_sync_service_on_network_changed (GNetworkMonitor  *monitor,
                                                 gboolean          available,
                                                 gpointer          user_data);
void     _kasir_sync_service_outbox_debounce    (KasirSyncService *self);

/* kasir-sync-service-run.c */
void     _kasir_sync_service_refresh_counts     (KasirSyncService *self);
void     _kasir_sync_service_start_run          (KasirSyncService *self);
/* kasir-sync-service-orders.c: the outlet's open orders fetched and kept after a sync. */
void     _kasir_sync_service_refresh_orders     (KasirSyncService *self);

G_END_DECLS
