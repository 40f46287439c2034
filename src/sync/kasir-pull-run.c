/* kasir-pull-run.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "kasir-catalog-bulk-load.h"
#include "kasir-pull-run.h"
#include "kasir-sync-repository.h"

/* One fetch of a page. Fetches are issued in cursor order and their pages are written in
 * that order, whatever order their answers arrive in. */
typedef struct
{
  KasirPullRun      *run;        /* the run holds itself while the fetch is on the wire */
  KasirPullResponse *page;
  GError            *error;
  gboolean           done;
  gboolean           announced;
  gint64             announced_cursor;
  gboolean           announced_more;
} Slot;

/* The page being written; the worker fills in what it wrote, and frees the page: a page
 * of 5,000 decoded products takes tens of milliseconds to free, which the main thread
 * should not spend. */
typedef struct
{
  KasirPullResponse *page;
  guint              changes;
  guint              new_conflicts;
  gint64             apply_us;
  gint64             commit_us;
  gint64             cursor;
  gint64             head;
  gboolean           has_more;
} Write;

struct _KasirPullRun
{
  GObject           parent_instance;

  KasirSyncWorker  *worker;
  KasirSyncClient  *client;
  GTask            *task;          /* the run, while it goes */
  guint             page_size;

  gint64            cursor;        /* of the last page written */
  gint64            start_cursor;  /* where this pull began, for progress */
  gint64            fetch_cursor;  /* where the next fetch starts */
  gint64            rows;
  double            progress;
  gint64            fetch_started_us;
  gint64            started_us;
  gint64            written_us;    /* when the last page's write ended; 0 before the first */
  gint64            index_us;      /* written by the worker's finish job */
  KasirPullTimings  timings;

  GQueue            slots;         /* fetches on the wire, in cursor order */
  GQueue            pages;         /* fetched pages waiting to be written */
  Write             write;
  guint             in_flight;
  gboolean          next_known;    /* fetch_cursor is where the next page starts */
  gboolean          writing;
  gboolean          fetched_all;
  gboolean          reset_pending;
  /* A pull from cursor 0 into an empty catalog loads it in bulk (kasir-catalog-bulk-load.h),
   * begun before the first page is written and finished before the run ends, whatever
   * ends it. */
  gboolean          bulk_begin_pending;
  gboolean          bulk_running;
  gboolean          bulk_started;  /* written by the worker's begin job */
  GError           *error;
};

G_DEFINE_FINAL_TYPE (KasirPullRun, kasir_pull_run, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CONFLICTS_ARRIVED,
  SERVER_ANSWERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void pump (KasirPullRun *self);

static void
slot_free (Slot *slot)
{
  g_clear_pointer (&slot->page, kasir_pull_response_free);
  g_clear_error (&slot->error);
  g_free (slot);
}

static void
set_progress (KasirPullRun *self,
              double        progress)
{
  progress = CLAMP (progress, 0.0, 1.0);
  if (progress == self->progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

/* The first error stops the pipeline; later ones add nothing. */
static void
fail (KasirPullRun *self,
      GError       *error)
{
  if (self->error == NULL)
    self->error = error;
  else
    g_error_free (error);
}

/* ---- Jobs in the database worker ---- */

static gpointer
job_write_page (KasirDatabase  *db,
                gpointer        data,
                GCancellable   *cancellable,
                GError        **error)
{
  Write *write = data;
  g_autoptr(KasirPullResponse) page = g_steal_pointer (&write->page);
  gint64 start = g_get_monotonic_time ();

  write->cursor = page->cursor;
  write->head = page->head;
  write->has_more = page->has_more;
  if (!kasir_sync_repository_apply_pull (db, page, &write->changes, &write->new_conflicts,
                                         error))
    return NULL;

  write->apply_us = g_get_monotonic_time () - start;
  write->commit_us = kasir_database_get_commit_time (db);
  return KASIR_SYNC_JOB_DONE;
}

static gpointer
job_reset_snapshot (KasirDatabase  *db,
                    gpointer        data,
                    GCancellable   *cancellable,
                    GError        **error)
{
  if (!kasir_sync_repository_reset_snapshot (db, error))
    return NULL;
  return KASIR_SYNC_JOB_DONE;
}

static gpointer
job_bulk_begin (KasirDatabase  *db,
                gpointer        data,
                GCancellable   *cancellable,
                GError        **error)
{
  gboolean *started = data;

  if (!kasir_catalog_bulk_load_begin (db, started, error))
    return NULL;
  return KASIR_SYNC_JOB_DONE;
}

static gpointer
job_bulk_finish (KasirDatabase  *db,
                 gpointer        data,
                 GCancellable   *cancellable,
                 GError        **error)
{
  gint64 *index_us = data;
  gint64 start = g_get_monotonic_time ();

  if (!kasir_catalog_bulk_load_finish (db, error))
    return NULL;
  *index_us = g_get_monotonic_time () - start;
  return KASIR_SYNC_JOB_DONE;
}

/* ---- Writing ---- */

static void
on_bulk_begun (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(KasirPullRun) self = user_data;
  g_autoptr(GError) error = NULL;

  self->writing = FALSE;
  self->bulk_begin_pending = FALSE;
  if (kasir_sync_worker_run_finish (self->worker, result, &error) == NULL)
    fail (self, g_steal_pointer (&error));
  else
    self->bulk_running = self->bulk_started;
  pump (self);
}

static void
on_bulk_finished (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(KasirPullRun) self = user_data;
  g_autoptr(GError) error = NULL;

  self->writing = FALSE;
  self->bulk_running = FALSE;
  self->timings.index_us += self->index_us;
  /* Not finished now, the load is finished when the database is next opened. */
  if (kasir_sync_worker_run_finish (self->worker, result, &error) == NULL)
    fail (self, g_steal_pointer (&error));
  pump (self);
}

static void
on_page_written (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(KasirPullRun) self = user_data;
  g_autoptr(GError) error = NULL;
  const Write *write = &self->write;

  self->writing = FALSE;

  if (kasir_sync_worker_run_finish (self->worker, result, &error) == NULL)
    {
      fail (self, g_steal_pointer (&error));
      g_queue_clear_full (&self->pages, (GDestroyNotify)kasir_pull_response_free);
      g_clear_pointer (&self->write.page, kasir_pull_response_free);
      pump (self);
      return;
    }

  self->cursor = MAX (self->cursor, write->cursor);
  self->rows += self->write.changes;
  self->written_us = g_get_monotonic_time ();
  self->timings.pages++;
  self->timings.insert_us += write->apply_us - write->commit_us;
  self->timings.commit_us += write->commit_us;
  g_debug ("Pulled %u changes up to cursor %" G_GINT64_FORMAT "; applied in %.1f ms",
           self->write.changes, self->cursor, self->write.apply_us / 1000.0);

  if (self->write.new_conflicts > 0)
    g_signal_emit (self, signals[CONFLICTS_ARRIVED], 0, self->write.new_conflicts);

  /* Progress is the share of the server's change numbers already written since this
   * pull began; a server that does not say its head moves the bar half of what is left
   * per page, which never goes backwards. */
  if (write->has_more)
    {
      if (write->head > self->start_cursor)
        set_progress (self, (double)(self->cursor - self->start_cursor) /
                            (double)(write->head - self->start_cursor));
      else
        set_progress (self, self->progress + (1.0 - self->progress) / 2.0);
    }

  pump (self);
}

static void
on_snapshot_reset (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(KasirPullRun) self = user_data;
  g_autoptr(GError) error = NULL;

  self->writing = FALSE;

  if (kasir_sync_worker_run_finish (self->worker, result, &error) == NULL)
    {
      fail (self, g_steal_pointer (&error));
      pump (self);
      return;
    }

  self->cursor = 0;
  self->fetch_cursor = 0;
  self->next_known = TRUE;
  self->start_cursor = 0;
  self->fetched_all = FALSE;
  self->bulk_begin_pending = !self->bulk_running;
  set_progress (self, 0.0);
  pump (self);
}

/* ---- Fetching ---- */

/* Moves answered fetches, in order, to the queue of pages to write. */
static void
collect (KasirPullRun *self)
{
  Slot *slot;

  while ((slot = g_queue_peek_head (&self->slots)) != NULL && slot->done)
    {
      g_queue_pop_head (&self->slots);

      if (slot->error != NULL)
        fail (self, g_steal_pointer (&slot->error));
      else if (self->error != NULL || self->reset_pending)
        ;
      else if (slot->page->reset)
        self->reset_pending = TRUE;
      else if (slot->announced && (slot->page->cursor != slot->announced_cursor ||
                                   slot->page->has_more != slot->announced_more))
        fail (self, g_error_new (KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_BAD_RESPONSE,
                                 _("The server’s page does not match what it announced")));
      else
        g_queue_push_tail (&self->pages, g_steal_pointer (&slot->page));

      slot_free (slot);
    }
}

/* The server announced where this page ends: the next fetch may start now, while this
 * page is still arriving and being decoded. */
static void
on_ahead (gint64   cursor,
          gboolean has_more,
          gpointer user_data)
{
  Slot *slot = user_data;
  KasirPullRun *self = slot->run;

  slot->announced = TRUE;
  slot->announced_cursor = cursor;
  slot->announced_more = has_more;

  if (self->error != NULL || slot != g_queue_peek_tail (&self->slots))
    return;

  self->fetch_cursor = cursor;
  self->next_known = TRUE;
  if (!has_more)
    self->fetched_all = TRUE;
  pump (self);
}

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Slot *slot = user_data;
  g_autoptr(KasirPullRun) self = slot->run;
  KasirSyncTimes times = { 0 };

  slot->page = kasir_sync_client_pull_finish_timed (KASIR_SYNC_CLIENT (object), result, &times,
                                                    &slot->error);
  slot->done = TRUE;
  self->timings.wait_us += times.wait_us;
  self->timings.transfer_us += times.transfer_us;
  self->timings.decode_us += times.decode_us;
  if (self->timings.first_page_us == 0 && slot->page != NULL)
    self->timings.first_page_us = g_get_monotonic_time () - self->started_us;
  self->in_flight--;
  g_debug ("Pull answered in %.1f ms",
           (g_get_monotonic_time () - self->fetch_started_us) / 1000.0);

  if (slot->page != NULL)
    {
      g_signal_emit (self, signals[SERVER_ANSWERED], 0);
      /* Without an announcement (an older server), the next fetch waits for this page. */
      if (!slot->announced && slot == g_queue_peek_tail (&self->slots))
        {
          self->fetch_cursor = slot->page->cursor;
          self->next_known = TRUE;
          if (!slot->page->has_more)
            self->fetched_all = TRUE;
        }
    }

  pump (self);
}

static void
fetch (KasirPullRun *self)
{
  Slot *slot = g_new0 (Slot, 1);

  /* The run stays alive until the answer is in; on_fetched drops this reference. */
  slot->run = g_object_ref (self);
  g_queue_push_tail (&self->slots, slot);
  self->in_flight++;
  self->next_known = FALSE;
  self->fetch_started_us = g_get_monotonic_time ();
  kasir_sync_client_pull_ahead_async (self->client, self->fetch_cursor, self->page_size,
                                      on_ahead, slot, g_task_get_cancellable (self->task),
                                      on_fetched, slot);
}

/* ---- The pipeline ---- */

static void
start_reset (KasirPullRun *self)
{
  self->reset_pending = FALSE;
  g_queue_clear_full (&self->pages, (GDestroyNotify)kasir_pull_response_free);
  self->writing = TRUE;
  g_message ("The server asks for a fresh snapshot; re-downloading, outbox kept");
  kasir_sync_worker_run_async (self->worker, job_reset_snapshot, NULL, NULL, NULL,
                               g_task_get_cancellable (self->task), on_snapshot_reset,
                               g_object_ref (self));
}

static void
start_bulk_begin (KasirPullRun *self)
{
  self->writing = TRUE;
  kasir_sync_worker_run_async (self->worker, job_bulk_begin, &self->bulk_started, NULL, NULL,
                               g_task_get_cancellable (self->task), on_bulk_begun,
                               g_object_ref (self));
}

static void
start_write (KasirPullRun *self)
{
  if (self->written_us > 0)
    self->timings.writer_idle_us += g_get_monotonic_time () - self->written_us;
  self->write.page = g_queue_pop_head (&self->pages);
  self->write.changes = 0;
  self->write.new_conflicts = 0;
  self->writing = TRUE;
  kasir_sync_worker_run_async (self->worker, job_write_page, &self->write, NULL, NULL,
                               g_task_get_cancellable (self->task), on_page_written,
                               g_object_ref (self));
}

static void
finish (KasirPullRun *self)
{
  g_autoptr(GTask) task = NULL;

  /* Without the run's cancellable: a cancelled pull still builds the indexes of what it
   * loaded. */
  if (self->bulk_running)
    {
      self->writing = TRUE;
      kasir_sync_worker_run_async (self->worker, job_bulk_finish, &self->index_us, NULL, NULL,
                                   NULL, on_bulk_finished, g_object_ref (self));
      return;
    }

  task = g_steal_pointer (&self->task);
  self->timings.total_us = g_get_monotonic_time () - self->started_us;

  g_queue_clear_full (&self->pages, (GDestroyNotify)kasir_pull_response_free);
  if (self->error != NULL)
    g_task_return_error (task, g_steal_pointer (&self->error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Moves the pipeline on: starts writing the next page, fetches ahead, or ends the run
 * when everything fetched has been written (or an error stopped it). */
static void
pump (KasirPullRun *self)
{
  GCancellable *cancellable = g_task_get_cancellable (self->task);

  if (self->error == NULL && g_cancellable_is_cancelled (cancellable))
    fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled"));

  collect (self);

  if (!self->writing && self->reset_pending && self->in_flight == 0 && self->error == NULL)
    {
      start_reset (self);
      return;
    }

  if (self->error == NULL && !self->writing && self->bulk_begin_pending)
    start_bulk_begin (self);

  if (self->error == NULL && !self->writing && !self->reset_pending &&
      !g_queue_is_empty (&self->pages))
    start_write (self);

  /* At most two fetches on the wire and a few pages waiting: enough to keep the server,
   * the decoder and the writer busy at once without holding much in memory. */
  if (self->error == NULL && !self->reset_pending && !self->fetched_all && self->next_known &&
      self->in_flight < 2 && g_queue_get_length (&self->pages) + self->in_flight < 3)
    fetch (self);

  if (self->writing || self->in_flight > 0)
    return;

  if (self->error != NULL ||
      (self->fetched_all && g_queue_is_empty (&self->pages) && g_queue_is_empty (&self->slots)))
    finish (self);
}

void
kasir_pull_run_run_async (KasirPullRun        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (KASIR_IS_PULL_RUN (self));
  g_return_if_fail (self->task == NULL && self->rows == 0);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, kasir_pull_run_run_async);
  self->fetch_cursor = self->cursor;
  self->start_cursor = self->cursor;
  self->next_known = TRUE;
  self->bulk_begin_pending = self->cursor == 0;
  self->started_us = g_get_monotonic_time ();
  pump (self);
}

gboolean
kasir_pull_run_run_finish (KasirPullRun  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gint64
kasir_pull_run_get_cursor (KasirPullRun *self)
{
  g_return_val_if_fail (KASIR_IS_PULL_RUN (self), 0);
  return self->cursor;
}

gint64
kasir_pull_run_get_rows (KasirPullRun *self)
{
  g_return_val_if_fail (KASIR_IS_PULL_RUN (self), 0);
  return self->rows;
}

void
kasir_pull_run_get_timings (KasirPullRun     *self,
                            KasirPullTimings *out)
{
  g_return_if_fail (KASIR_IS_PULL_RUN (self));
  g_return_if_fail (out != NULL);
  *out = self->timings;
}

double
kasir_pull_run_get_progress (KasirPullRun *self)
{
  g_return_val_if_fail (KASIR_IS_PULL_RUN (self), 0.0);
  return self->progress;
}

KasirPullRun *
kasir_pull_run_new (KasirSyncWorker *worker,
                    KasirSyncClient *client,
                    gint64           cursor,
                    guint            page_size)
{
  KasirPullRun *self;

  g_return_val_if_fail (KASIR_IS_SYNC_WORKER (worker), NULL);
  g_return_val_if_fail (KASIR_IS_SYNC_CLIENT (client), NULL);
  g_return_val_if_fail (cursor >= 0 && page_size > 0, NULL);

  self = g_object_new (KASIR_TYPE_PULL_RUN, NULL);
  self->worker = g_object_ref (worker);
  self->client = g_object_ref (client);
  self->cursor = cursor;
  self->page_size = page_size;

  return self;
}

static void
kasir_pull_run_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KasirPullRun *self = KASIR_PULL_RUN (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kasir_pull_run_finalize (GObject *object)
{
  KasirPullRun *self = KASIR_PULL_RUN (object);

  g_assert (self->task == NULL && self->in_flight == 0);
  g_queue_clear_full (&self->pages, (GDestroyNotify)kasir_pull_response_free);
  g_queue_clear_full (&self->slots, (GDestroyNotify)slot_free);
  g_clear_pointer (&self->write.page, kasir_pull_response_free);
  g_clear_error (&self->error);
  g_clear_object (&self->worker);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (kasir_pull_run_parent_class)->finalize (object);
}

static void
kasir_pull_run_class_init (KasirPullRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kasir_pull_run_get_property;
  object_class->finalize = kasir_pull_run_finalize;

  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* New conflicts arrived with a page; the argument is how many. */
  signals[CONFLICTS_ARRIVED] =
    g_signal_new ("conflicts-arrived", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /* A page arrived: the server is there. */
  signals[SERVER_ANSWERED] =
    g_signal_new ("server-answered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kasir_pull_run_init (KasirPullRun *self)
{
  g_queue_init (&self->slots);
  g_queue_init (&self->pages);
}
