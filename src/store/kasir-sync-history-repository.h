/* kasir-sync-history-repository.h — what the sync dashboard shows.
 *
 * The sync service records one row per sync when it ends (kasir_sync_history_record, on
 * its worker connection), with the size of the queue left behind, so the dashboard can
 * show metrics and a 24-hour chart without asking the service anything. The outbox
 * itself (pending, in flight, rejected with attempts and last error) is listed with
 * kasir_outbox_repository_list_entries(). Runs older than a week are dropped as new ones
 * are recorded.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-database.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  syncs;              /* runs recorded (in the kept window) */
  gint64  successes;
  gint64  failures;
  gint64  average_duration_ms;
  char   *last_success_at;    /* RFC 3339, NULL when never */
  char   *last_failure_at;
  char   *last_error;         /* of the newest failed run, NULL when none */
  gint64  pending;            /* unsent mutations now */
  gint64  rejected;           /* rejected mutations now */
  gint64  oldest_unsynced_sale_age_s; /* -1 when every sale has been sent */
} KasirSyncMetrics;

void kasir_sync_metrics_clear (KasirSyncMetrics *self);

/* One hour of the chart. */
typedef struct
{
  gint64 hour_start_unix;
  gint64 successes;
  gint64 failures;
  gint64 pending_max;   /* the largest queue left behind by a sync that hour; -1: none */
} KasirSyncHourBucket;

/* Records a finished sync. @started_at_us and @finished_at_us are g_get_real_time()
 * values; @error_message is NULL for a success. The queue size is read here. */
gboolean  kasir_sync_history_record       (KasirDatabase     *db,
                                           gint64             started_at_us,
                                           gint64             finished_at_us,
                                           gboolean           success,
                                           gint64             pushed,
                                           gint64             pulled,
                                           const char        *error_message,
                                           GError           **error);

/* The same, shaped for the sync service's worker (its DbFunc): @run is a KasirSyncRun,
 * the finish time is taken when it runs, and it returns GINT_TO_POINTER (1) or NULL with
 * @error. */
typedef struct
{
  gint64    started_at_us;
  gboolean  success;
  gint64    pushed;
  gint64    pulled;
  char     *error_message;
} KasirSyncRun;

KasirSyncRun *kasir_sync_run_new          (gint64             started_at_us,
                                           gboolean           success,
                                           gint64             pushed,
                                           gint64             pulled,
                                           const char        *error_message);
void          kasir_sync_run_free         (KasirSyncRun      *run);
gpointer      kasir_sync_history_record_op (KasirDatabase    *db,
                                            gpointer          run,
                                            GError          **error);

/* @now_unix: 0 for now (tests give a fixed time). */
gboolean  kasir_sync_history_get_metrics  (KasirDatabase     *db,
                                           gint64             now_unix,
                                           KasirSyncMetrics  *out,
                                           GError           **error);
/* 24 buckets, oldest first; the last one holds the current hour. GArray of
 * KasirSyncHourBucket. */
GArray   *kasir_sync_history_hourly       (KasirDatabase     *db,
                                           gint64             now_unix,
                                           GError           **error);

/* "Retry now": pending and in-flight rows get attempts 0 and no last error, so the
 * dashboard starts afresh; the caller then calls kasir_sync_service_sync_now(), which
 * also drops the service's backoff. Rejected rows stay rejected: the server already
 * answered them, and sending them again would be answered the same. Returns the
 * number of rows reset in @out_reset (may be NULL). */
gboolean  kasir_sync_history_reset_attempts (KasirDatabase   *db,
                                             gint64          *out_reset,
                                             GError         **error);

/* A sentence for a person about why the server refused a mutation, from the reason
 * code word it answered ("already_resolved", "unknown_product: ...", ...). */
char     *kasir_sync_history_explain_rejection (const char *reason);

G_END_DECLS
