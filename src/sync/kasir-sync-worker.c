/* kasir-sync-worker.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "kasir-sync-repository.h"
#include "kasir-sync-worker.h"

/* What the thread uses, shared by reference so that the thread never reaches into the
 * worker object, which may go away on another thread while a job ends. */
typedef struct
{
  KasirDatabase   *connection;  /* used only by the thread */
  GAsyncQueue     *queue;       /* of GTask; the end marker asks the thread to end */
  gint             pending;     /* atomic: queued or running */
} Shared;

struct _KasirSyncWorker
{
  GObject          parent_instance;

  Shared          *shared;
  GThread         *thread;
  gboolean         stopped;     /* main thread only */
};

/* Not a task: tells the thread to end. */
static char end_marker;

G_DEFINE_FINAL_TYPE (KasirSyncWorker, kasir_sync_worker, G_TYPE_OBJECT)

typedef struct
{
  KasirSyncJobFunc func;
  gpointer         data;
  GDestroyNotify   data_free;
  GDestroyNotify   result_free;
} Job;

static void
job_free (Job *job)
{
  if (job->data_free != NULL && job->data != NULL)
    job->data_free (job->data);
  g_free (job);
}

static void
shared_clear (gpointer data)
{
  Shared *shared = data;

  g_clear_pointer (&shared->queue, g_async_queue_unref);
  g_clear_object (&shared->connection);
}

static gpointer
worker_thread (gpointer user_data)
{
  Shared *shared = user_data;

  for (;;)
    {
      GTask *task = g_async_queue_pop (shared->queue);
      Job *job;
      GError *error = NULL;
      gpointer result;

      if ((gpointer)task == (gpointer)&end_marker)
        break;

      job = g_task_get_task_data (task);
      /* A cancelled job never runs: shutting down answers the queue without touching the
       * database. */
      if (g_task_return_error_if_cancelled (task))
        ;
      else if ((result = job->func (shared->connection, job->data,
                                    g_task_get_cancellable (task), &error)) != NULL)
        g_task_return_pointer (task, result, job->result_free);
      else
        g_task_return_error (task, error != NULL ? error
                                                 : g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                                                        _("A database step failed")));
      g_atomic_int_dec_and_test (&shared->pending);
      g_object_unref (task);
    }

  g_atomic_rc_box_release_full (shared, shared_clear);
  return NULL;
}

KasirSyncWorker *
kasir_sync_worker_new (KasirDatabase  *database,
                       GError        **error)
{
  g_autoptr(KasirSyncWorker) self = NULL;

  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);

  self = g_object_new (KASIR_TYPE_SYNC_WORKER, NULL);
  self->shared->connection = kasir_database_open_connection (database, error);
  if (self->shared->connection == NULL ||
      !kasir_sync_repository_prepare_worker (self->shared->connection, error))
    {
      self->stopped = TRUE;
      return NULL;
    }

  self->thread = g_thread_new ("kasir-sync-db", worker_thread,
                               g_atomic_rc_box_acquire (self->shared));
  return g_steal_pointer (&self);
}

void
kasir_sync_worker_run_async (KasirSyncWorker     *self,
                             KasirSyncJobFunc     func,
                             gpointer             data,
                             GDestroyNotify       data_free,
                             GDestroyNotify       result_free,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  Job *job;

  g_return_if_fail (KASIR_IS_SYNC_WORKER (self));
  g_return_if_fail (func != NULL);

  /* The task does not hold the worker: its owner keeps it, and stopping it is what ends
   * the thread, never the last reference dropped in a callback. */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kasir_sync_worker_run_async);
  job = g_new0 (Job, 1);
  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;
  g_task_set_task_data (task, job, (GDestroyNotify)job_free);

  if (self->stopped)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The sync service has shut down"));
      g_object_unref (task);
      return;
    }

  g_atomic_int_inc (&self->shared->pending);
  g_async_queue_push (self->shared->queue, task);
}

gpointer
kasir_sync_worker_run_finish (KasirSyncWorker  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (KASIR_IS_SYNC_WORKER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kasir_sync_worker_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gpointer
kasir_sync_worker_job_data (GAsyncResult *result)
{
  Job *job;

  g_return_val_if_fail (G_IS_TASK (result), NULL);
  job = g_task_get_task_data (G_TASK (result));
  return job != NULL ? job->data : NULL;
}

void
kasir_sync_worker_stop (KasirSyncWorker *self)
{
  g_return_if_fail (KASIR_IS_SYNC_WORKER (self));

  if (self->stopped)
    return;

  self->stopped = TRUE;
  if (self->thread == NULL)
    return;
  g_async_queue_push (self->shared->queue, &end_marker);
  if (self->thread == g_thread_self ())
    g_thread_unref (self->thread);
  else
    g_thread_join (self->thread);
  self->thread = NULL;
}

gboolean
kasir_sync_worker_is_stopped (KasirSyncWorker *self)
{
  g_return_val_if_fail (KASIR_IS_SYNC_WORKER (self), TRUE);
  return self->stopped;
}

guint
kasir_sync_worker_get_pending (KasirSyncWorker *self)
{
  g_return_val_if_fail (KASIR_IS_SYNC_WORKER (self), 0);
  return (guint)g_atomic_int_get (&self->shared->pending);
}

static void
kasir_sync_worker_finalize (GObject *object)
{
  KasirSyncWorker *self = KASIR_SYNC_WORKER (object);

  kasir_sync_worker_stop (self);
  g_atomic_rc_box_release_full (self->shared, shared_clear);

  G_OBJECT_CLASS (kasir_sync_worker_parent_class)->finalize (object);
}

static void
kasir_sync_worker_class_init (KasirSyncWorkerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kasir_sync_worker_finalize;
}

static void
kasir_sync_worker_init (KasirSyncWorker *self)
{
  self->shared = g_atomic_rc_box_new0 (Shared);
  self->shared->queue = g_async_queue_new ();
}
