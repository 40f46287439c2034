/* kasir-sync-service-run.c — one sync of the service: a snapshot of the counts, the push run, the pull run, the
 * pruning of acknowledged changes; and how its end is told to the state machine.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "kasir-input-error.h"
#include "kasir-pull-run.h"
#include "kasir-push-run.h"
#include "kasir-sync-history-repository.h"
#include "kasir-sync-repository.h"
#include "kasir-sync-service-private.h"
#include "kasir-sync-state-repository.h"

/* ---- Counts ---- */

typedef struct
{
  KasirSyncCounts counts;
  gint64          cursor;
} Snapshot;

static void
snapshot_free (Snapshot *s)
{
  kasir_sync_counts_clear (&s->counts);
  g_free (s);
}

static gpointer
job_snapshot (KasirDatabase  *db,
              gpointer        data,
              GCancellable   *cancellable,
              GError        **error)
{
  g_autoptr(KasirSyncStateRepository) repo = kasir_sync_state_repository_new (db);
  g_autoptr(KasirSyncState) state = NULL;
  Snapshot *s = g_new0 (Snapshot, 1);

  if (!kasir_sync_repository_counts (db, &s->counts, error) ||
      (state = kasir_sync_state_repository_load (repo, error)) == NULL)
    {
      snapshot_free (s);
      return NULL;
    }
  s->cursor = state->cursor;

  return s;
}

static gpointer
job_prune_and_count (KasirDatabase  *db,
                     gpointer        data,
                     GCancellable   *cancellable,
                     GError        **error)
{
  if (!kasir_sync_repository_prune_acked (db, error))
    return NULL;

  return job_snapshot (db, NULL, cancellable, error);
}

static gpointer
job_record_history (KasirDatabase  *db,
                    gpointer        data,
                    GCancellable   *cancellable,
                    GError        **error)
{
  return kasir_sync_history_record_op (db, data, error);
}

static void
apply_snapshot (KasirSyncService *self,
                Snapshot         *s)
{
  _kasir_sync_service_set_count (self, &self->pending_count, s->counts.unsent, PROP_PENDING_COUNT);
  _kasir_sync_service_set_count (self, &self->rejected_count, s->counts.rejected, PROP_REJECTED_COUNT);
  _kasir_sync_service_set_count (self, &self->open_conflict_count, s->counts.open_conflicts,
             PROP_OPEN_CONFLICT_COUNT);
  _kasir_sync_service_update_state (self);
}

static void
on_counts_refreshed (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(KasirSyncService) self = user_data;
  g_autoptr(GError) error = NULL;
  Snapshot *s = kasir_sync_worker_run_finish (self->worker, result, &error);

  if (s == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not count the outbox: %s", error->message);
      return;
    }

  apply_snapshot (self, s);
  /* This till sent, paid or cancelled an open order (each writes the outbox and asks for
   * these counts): the Orders button follows at once, not only after the next listing
   * from the server. A sync's own counts leave the orders to that listing. */
  if (s->counts.open_orders != self->open_order_count)
    {
      self->open_order_count = s->counts.open_orders;
      _kasir_sync_service_emit (self, ORDERS_CHANGED, (guint) MIN (s->counts.open_orders, G_MAXUINT));
    }
  snapshot_free (s);
}

void
_kasir_sync_service_refresh_counts (KasirSyncService *self)
{
  kasir_sync_worker_run_async (self->worker, job_snapshot, NULL, NULL,
                               (GDestroyNotify)snapshot_free, self->cancellable,
                               on_counts_refreshed, g_object_ref (self));
}

static void
record_history (KasirSyncService *self,
                const char       *error_message)
{
  KasirSyncRun *run = kasir_sync_run_new (self->run_started_us, error_message == NULL,
                                          self->pushed_count, self->pulled_rows, error_message);

  kasir_sync_worker_run_async (self->worker, job_record_history, run,
                               (GDestroyNotify)kasir_sync_run_free, NULL, NULL, NULL, NULL);
}

/* ---- Ending a run ---- */

static void
run_succeeded (KasirSyncService *self,
               Snapshot         *s)
{
  apply_snapshot (self, s);

  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_pointer (&self->last_sync_time, g_date_time_unref);
  self->last_sync_time = g_date_time_new_now_utc ();
  _kasir_sync_service_notify (self, PROP_LAST_SYNC_TIME);

  record_history (self, NULL);
  kasir_terminal_identity_register_key (self->identity, self->cancellable);
  _kasir_sync_service_refresh_orders (self);

  _kasir_sync_service_set_progress (self, 1.0);
  if (self->rejected_count == 0)
    _kasir_sync_service_set_last_error (self, NULL);
  else
    _kasir_sync_service_set_last_error (self, _("Some changes were refused by the server and need a manager"));

  /* Something was queued while this sync ran: go round again straight away. */
  if (self->pending_count > 0)
    _kasir_sync_service_feed (self, KASIR_SYNC_EVENT_REQUEST);
  _kasir_sync_service_feed (self, KASIR_SYNC_EVENT_RUN_OK);
}

static KasirSyncEvent
event_for_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return KASIR_SYNC_EVENT_RUN_CANCELLED;
  if (error->domain == KASIR_SYNC_ERROR)
    switch ((KasirSyncError)error->code)
      {
      case KASIR_SYNC_ERROR_TRANSPORT:
        return KASIR_SYNC_EVENT_RUN_TRANSPORT;
      case KASIR_SYNC_ERROR_CERTIFICATE_CHANGED:
        return KASIR_SYNC_EVENT_RUN_CERT_CHANGED;
      case KASIR_SYNC_ERROR_REVOKED:
        return KASIR_SYNC_EVENT_RUN_REVOKED;
      case KASIR_SYNC_ERROR_UNAUTHORIZED:
      case KASIR_SYNC_ERROR_FORBIDDEN:
        return KASIR_SYNC_EVENT_RUN_AUTH;
      case KASIR_SYNC_ERROR_BAD_RESPONSE:
        /* A server that answers nonsense is a fault a person must see at once; retrying
         * goes on in the background and clears this when an answer makes sense again. */
        return KASIR_SYNC_EVENT_RUN_BAD_ANSWER;
      case KASIR_SYNC_ERROR_HOLE:
        return KASIR_SYNC_EVENT_RUN_HOLE;
      default:
        return kasir_sync_error_is_transient (error) ? KASIR_SYNC_EVENT_RUN_TRANSIENT
                                                     : KASIR_SYNC_EVENT_RUN_FAILED;
      }
  /* The store refused the server's answer as invalid: as nonsense from the server. */
  if (g_error_matches (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID))
    return KASIR_SYNC_EVENT_RUN_BAD_ANSWER;
  if (error->domain == KASIR_DATABASE_ERROR || error->domain == KASIR_INPUT_ERROR)
    return KASIR_SYNC_EVENT_RUN_TRANSIENT;
  return KASIR_SYNC_EVENT_RUN_FAILED;
}

static void
run_failed (KasirSyncService *self,
            const GError     *error)
{
  KasirSyncEvent event = event_for_error (error);

  if (event != KASIR_SYNC_EVENT_RUN_CANCELLED)
    {
      g_message ("Sync failed: %s", error->message);
      if (event == KASIR_SYNC_EVENT_RUN_CERT_CHANGED)
        {
          g_free (self->offered_fingerprint);
          self->offered_fingerprint = g_strdup (kasir_sync_client_get_peer_fingerprint (self->client));
        }
      _kasir_sync_service_set_last_error (self, error->message);
      record_history (self, error->message);
      _kasir_sync_service_emit (self, SYNC_FAILED, error->message);
      _kasir_sync_service_refresh_counts (self);
    }

  _kasir_sync_service_feed (self, event);
}

/* ---- A run: snapshot, push, pull, prune ---- */

static void
on_pruned (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KasirSyncService) self = user_data;
  g_autoptr(GError) error = NULL;
  Snapshot *s = kasir_sync_worker_run_finish (self->worker, result, &error);

  if (s == NULL)
    {
      run_failed (self, error);
      return;
    }

  run_succeeded (self, s);
  snapshot_free (s);
}

static void
on_pull_progress (KasirPullRun     *run,
                  GParamSpec       *pspec,
                  KasirSyncService *self)
{
  _kasir_sync_service_set_progress (self, kasir_pull_run_get_progress (run));
}

static void
on_conflicts_arrived (KasirPullRun     *run,
                      guint             count,
                      KasirSyncService *self)
{
  _kasir_sync_service_emit (self, CONFLICTS_ARRIVED, count);
}

static void
on_server_answered (GObject          *run,
                    KasirSyncService *self)
{
  _kasir_sync_service_feed (self, KASIR_SYNC_EVENT_SERVER_ANSWERED);
}

static void
on_pulled (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KasirSyncService) self = user_data;
  KasirPullRun *run = KASIR_PULL_RUN (object);
  g_autoptr(GError) error = NULL;

  g_signal_handlers_disconnect_by_data (run, self);
  self->cursor = kasir_pull_run_get_cursor (run);
  self->pulled_rows += kasir_pull_run_get_rows (run);
  kasir_pull_run_get_timings (run, &self->pull_timings);

  if (!kasir_pull_run_run_finish (run, result, &error))
    {
      run_failed (self, error);
      return;
    }

  kasir_sync_worker_run_async (self->worker, job_prune_and_count, NULL, NULL,
                               (GDestroyNotify)snapshot_free, self->cancellable, on_pruned,
                               g_object_ref (self));
}

static void
start_pull (KasirSyncService *self)
{
  g_autoptr(KasirPullRun) run = kasir_pull_run_new (self->worker, self->client, self->cursor,
                                                    self->pull_page_size);

  g_signal_connect (run, "notify::progress", G_CALLBACK (on_pull_progress), self);
  g_signal_connect (run, "conflicts-arrived", G_CALLBACK (on_conflicts_arrived), self);
  g_signal_connect (run, "server-answered", G_CALLBACK (on_server_answered), self);
  kasir_pull_run_run_async (run, self->cancellable, on_pulled, g_object_ref (self));
}

static void
on_sale_synced (KasirPushRun     *run,
                const char       *receipt,
                KasirSyncService *self)
{
  _kasir_sync_service_emit (self, SALE_SYNCED, receipt);
}

static void
on_batch_read (KasirPushRun     *run,
               guint             count,
               KasirSyncService *self)
{
  _kasir_sync_service_set_count (self, &self->pending_count, MAX (self->pending_count, (gint64)count),
             PROP_PENDING_COUNT);
}

static void
on_batch_accepted (KasirPushRun     *run,
                   guint             count,
                   guint             rejected,
                   KasirSyncService *self)
{
  self->pushed_count += count;
  if (rejected > 0)
    _kasir_sync_service_set_count (self, &self->rejected_count, self->rejected_count + rejected,
               PROP_REJECTED_COUNT);
  _kasir_sync_service_feed (self, KASIR_SYNC_EVENT_PUSH_ACCEPTED);
}

static void
on_pushed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KasirSyncService) self = user_data;
  KasirPushRun *run = KASIR_PUSH_RUN (object);
  g_autoptr(GError) error = NULL;

  g_signal_handlers_disconnect_by_data (run, self);
  self->push_limit = kasir_push_run_get_limit (run);

  if (!kasir_push_run_run_finish (run, result, &error))
    {
      run_failed (self, error);
      return;
    }

  start_pull (self);
}

static void
on_run_snapshot (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(KasirSyncService) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirPushRun) run = NULL;
  Snapshot *s = kasir_sync_worker_run_finish (self->worker, result, &error);

  if (s == NULL)
    {
      run_failed (self, error);
      return;
    }

  self->cursor = s->cursor;
  apply_snapshot (self, s);
  snapshot_free (s);

  run = kasir_push_run_new (self->worker, self->client, self->terminal_id, self->batch_size,
                            self->push_limit);
  g_signal_connect (run, "sale-synced", G_CALLBACK (on_sale_synced), self);
  g_signal_connect (run, "batch-read", G_CALLBACK (on_batch_read), self);
  g_signal_connect (run, "batch-accepted", G_CALLBACK (on_batch_accepted), self);
  kasir_push_run_run_async (run, self->cancellable, on_pushed, g_object_ref (self));
}

void
_kasir_sync_service_start_run (KasirSyncService *self)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->run_started_us = g_get_real_time ();
  self->pulled_rows = 0;
  self->pushed_count = 0;
  _kasir_sync_service_set_progress (self, 0.0);

  kasir_sync_worker_run_async (self->worker, job_snapshot, NULL, NULL,
                               (GDestroyNotify)snapshot_free, self->cancellable,
                               on_run_snapshot, g_object_ref (self));
}
