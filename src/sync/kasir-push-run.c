/* kasir-push-run.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-sync"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "kasir-push-run.h"
#include "kasir-sync-repository.h"

/* The batch on its way: read, sent, answered, written. The worker reads it while the
 * run waits for the job, so only one of them touches it at a time. */
typedef struct
{
  gint64              terminal_id;
  guint               limit;
  KasirPushRequest   *request;
  KasirPushResponse  *response;
  GPtrArray          *synced_sales;  /* receipt numbers the answer acknowledged */
  guint               rejected;
  gint64              expected_seq;  /* after seq_gap */
  gboolean            found;         /* the outbox still holds expected_seq */
} Batch;

struct _KasirPushRun
{
  GObject           parent_instance;

  KasirSyncWorker  *worker;
  KasirSyncClient  *client;
  GTask            *task;       /* the run, while it goes */
  Batch             batch;
  gint64            terminal_id;
  guint             batch_size;
  guint             limit;
  guint             pushed;
};

G_DEFINE_FINAL_TYPE (KasirPushRun, kasir_push_run, G_TYPE_OBJECT)

enum {
  SALE_SYNCED,
  BATCH_READ,
  BATCH_ACCEPTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void read_batch (KasirPushRun *self);

static void
batch_clear (Batch *batch)
{
  g_clear_pointer (&batch->request, kasir_push_request_free);
  g_clear_pointer (&batch->response, kasir_push_response_free);
  g_clear_pointer (&batch->synced_sales, g_ptr_array_unref);
  batch->rejected = 0;
  batch->expected_seq = 0;
  batch->found = FALSE;
}

static void
finish (KasirPushRun *self,
        GError       *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  batch_clear (&self->batch);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* ---- Jobs in the database worker ---- */

static gpointer
job_read_batch (KasirDatabase  *db,
                gpointer        data,
                GCancellable   *cancellable,
                GError        **error)
{
  Batch *batch = data;

  batch->request = kasir_sync_repository_next_batch (db, batch->terminal_id, batch->limit, error);
  return batch->request != NULL ? KASIR_SYNC_JOB_DONE : NULL;
}

static gpointer
job_write_answer (KasirDatabase  *db,
                  gpointer        data,
                  GCancellable   *cancellable,
                  GError        **error)
{
  Batch *batch = data;

  if (!kasir_sync_repository_apply_push (db, batch->request, batch->response,
                                         &batch->synced_sales, &batch->rejected, error))
    return NULL;
  return KASIR_SYNC_JOB_DONE;
}

static gpointer
job_resend_from (KasirDatabase  *db,
                 gpointer        data,
                 GCancellable   *cancellable,
                 GError        **error)
{
  Batch *batch = data;

  if (!kasir_sync_repository_resend_from (db, batch->expected_seq, &batch->found, error))
    return NULL;
  return KASIR_SYNC_JOB_DONE;
}

/* A failed batch: count the attempt on its mutations. It owns its copy of the request,
 * since the run has ended by the time it runs. */
typedef struct
{
  KasirPushRequest *request;
  char             *message;
} FailedBatch;

static void
failed_batch_free (FailedBatch *failed)
{
  g_clear_pointer (&failed->request, kasir_push_request_free);
  g_free (failed->message);
  g_free (failed);
}

static gpointer
job_record_failure (KasirDatabase  *db,
                    gpointer        data,
                    GCancellable   *cancellable,
                    GError        **error)
{
  FailedBatch *failed = data;

  if (!kasir_sync_repository_record_failure (db, failed->request, failed->message, error))
    return NULL;
  return KASIR_SYNC_JOB_DONE;
}

static void
on_failure_recorded (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Counting the attempt is bookkeeping; its own failure changes nothing. */
  if (kasir_sync_worker_run_finish (KASIR_SYNC_WORKER (user_data), result, &error) == NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not record a failed push: %s", error->message);
  g_object_unref (user_data);
}

/* ---- The run ---- */

static void
on_answer_written (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(KasirPushRun) self = user_data;
  g_autoptr(GError) error = NULL;
  guint n;

  if (kasir_sync_worker_run_finish (self->worker, result, &error) == NULL)
    {
      finish (self, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < self->batch.synced_sales->len; i++)
    g_signal_emit (self, signals[SALE_SYNCED], 0, g_ptr_array_index (self->batch.synced_sales, i));
  n = self->batch.request->mutations->len;
  self->pushed += n;
  g_signal_emit (self, signals[BATCH_ACCEPTED], 0, n, self->batch.rejected);

  batch_clear (&self->batch);
  read_batch (self);
}

static void
on_resent (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KasirPushRun) self = user_data;
  g_autoptr(GError) error = NULL;

  if (kasir_sync_worker_run_finish (self->worker, result, &error) == NULL)
    {
      finish (self, g_steal_pointer (&error));
      return;
    }

  if (!self->batch.found)
    {
      /* This should never happen: the server lost changes this terminal has already
       * dropped. A person has to look; nothing is sent past the hole. */
      finish (self, g_error_new (KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_HOLE,
                                 _("The server is missing change %" PRId64
                                   ", which this terminal no longer holds"),
                                 self->batch.expected_seq));
      return;
    }

  batch_clear (&self->batch);
  read_batch (self);
}

static void
record_failure (KasirPushRun *self,
                const GError *error)
{
  FailedBatch *failed = g_new0 (FailedBatch, 1);

  failed->request = g_steal_pointer (&self->batch.request);
  failed->message = g_strdup (error->message);
  kasir_sync_worker_run_async (self->worker, job_record_failure, failed,
                               (GDestroyNotify)failed_batch_free, NULL, NULL,
                               on_failure_recorded, g_object_ref (self->worker));
}

static void
on_pushed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KasirPushRun) self = user_data;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable = g_task_get_cancellable (self->task);
  guint sent = self->batch.request->mutations->len;

  self->batch.response = kasir_sync_client_push_finish (KASIR_SYNC_CLIENT (object), result,
                                                        &self->batch.expected_seq, &error);
  if (self->batch.response != NULL)
    {
      kasir_sync_worker_run_async (self->worker, job_write_answer, &self->batch, NULL, NULL,
                                   cancellable, on_answer_written, g_object_ref (self));
    }
  else if (g_error_matches (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_TOO_LARGE) && sent > 1)
    {
      /* The server takes bodies up to a size and a number of values: send fewer
       * mutations at a time until it takes them. One that is too large on its own stays
       * a failure below, for a person to look at. */
      self->limit = MAX (1, sent / 2);
      g_message ("The server would not take %u changes at once; sending %u", sent, self->limit);
      batch_clear (&self->batch);
      read_batch (self);
    }
  else if (g_error_matches (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_SEQ_GAP))
    {
      g_message ("Server expects change %" G_GINT64_FORMAT "; sending from there",
                 self->batch.expected_seq);
      kasir_sync_worker_run_async (self->worker, job_resend_from, &self->batch, NULL, NULL,
                                   cancellable, on_resent, g_object_ref (self));
    }
  else
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        record_failure (self, error);
      finish (self, g_steal_pointer (&error));
    }
}

static void
on_batch_read (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(KasirPushRun) self = user_data;
  g_autoptr(GError) error = NULL;
  guint n;

  if (kasir_sync_worker_run_finish (self->worker, result, &error) == NULL)
    {
      finish (self, g_steal_pointer (&error));
      return;
    }

  n = self->batch.request->mutations->len;
  g_signal_emit (self, signals[BATCH_READ], 0, n);
  if (n == 0)
    {
      /* All sent: the next queue starts again at the full batch size. */
      self->limit = G_MAXUINT;
      finish (self, NULL);
      return;
    }

  kasir_sync_client_push_async (self->client, self->batch.request,
                                g_task_get_cancellable (self->task), on_pushed,
                                g_object_ref (self));
}

static void
read_batch (KasirPushRun *self)
{
  g_assert (self->batch.request == NULL);

  self->batch.terminal_id = self->terminal_id;
  self->batch.limit = MIN (self->batch_size, self->limit);
  kasir_sync_worker_run_async (self->worker, job_read_batch, &self->batch, NULL, NULL,
                               g_task_get_cancellable (self->task), on_batch_read,
                               g_object_ref (self));
}

void
kasir_push_run_run_async (KasirPushRun        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (KASIR_IS_PUSH_RUN (self));
  g_return_if_fail (self->task == NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, kasir_push_run_run_async);
  read_batch (self);
}

gboolean
kasir_push_run_run_finish (KasirPushRun  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

guint
kasir_push_run_get_pushed (KasirPushRun *self)
{
  g_return_val_if_fail (KASIR_IS_PUSH_RUN (self), 0);
  return self->pushed;
}

guint
kasir_push_run_get_limit (KasirPushRun *self)
{
  g_return_val_if_fail (KASIR_IS_PUSH_RUN (self), G_MAXUINT);
  return self->limit;
}

KasirPushRun *
kasir_push_run_new (KasirSyncWorker *worker,
                    KasirSyncClient *client,
                    gint64           terminal_id,
                    guint            batch_size,
                    guint            limit)
{
  KasirPushRun *self;

  g_return_val_if_fail (KASIR_IS_SYNC_WORKER (worker), NULL);
  g_return_val_if_fail (KASIR_IS_SYNC_CLIENT (client), NULL);
  g_return_val_if_fail (terminal_id > 0 && batch_size > 0 && limit > 0, NULL);

  self = g_object_new (KASIR_TYPE_PUSH_RUN, NULL);
  self->worker = g_object_ref (worker);
  self->client = g_object_ref (client);
  self->terminal_id = terminal_id;
  self->batch_size = batch_size;
  self->limit = limit;

  return self;
}

static void
kasir_push_run_finalize (GObject *object)
{
  KasirPushRun *self = KASIR_PUSH_RUN (object);

  g_assert (self->task == NULL);
  batch_clear (&self->batch);
  g_clear_object (&self->worker);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (kasir_push_run_parent_class)->finalize (object);
}

static void
kasir_push_run_class_init (KasirPushRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kasir_push_run_finalize;

  /* A sale the server acknowledged; the argument is its receipt number. */
  signals[SALE_SYNCED] =
    g_signal_new ("sale-synced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* A batch was read from the outbox, before it is sent; the argument is its size (0:
   * nothing is left to send). */
  signals[BATCH_READ] =
    g_signal_new ("batch-read", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /* The server answered a batch and the answer is written: how many mutations it held
   * and how many of them the server rejected. */
  signals[BATCH_ACCEPTED] =
    g_signal_new ("batch-accepted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
kasir_push_run_init (KasirPushRun *self)
{
  self->limit = G_MAXUINT;
}
