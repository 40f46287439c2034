/* kasir-sync-worker.h — the sync service's one database worker.
 *
 * One thread with one connection of its own runs the service's database jobs strictly in
 * the order they were queued: reading a push batch, writing the server's answer, writing
 * pull pages, counting, storing the identity. Each job is a GTask whose callback runs on
 * the main context of the thread that queued it; the main thread never waits.
 *
 * kasir_sync_worker_stop() refuses new jobs, answers the queued ones
 * G_IO_ERROR_CANCELLED without running them, waits for the running one and joins the
 * thread: afterwards nothing touches the database through this worker.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-database.h"

G_BEGIN_DECLS

/* A job: runs in the worker thread with the worker's connection. Returns its result (not
 * NULL) or NULL with @error set. */
typedef gpointer (*KasirSyncJobFunc) (KasirDatabase  *db,
                                      gpointer        data,
                                      GCancellable   *cancellable,
                                      GError        **error);

/* A job that has nothing to hand back returns this. */
#define KASIR_SYNC_JOB_DONE GINT_TO_POINTER (1)

#define KASIR_TYPE_SYNC_WORKER (kasir_sync_worker_get_type ())

G_DECLARE_FINAL_TYPE (KasirSyncWorker, kasir_sync_worker, KASIR, SYNC_WORKER, GObject)

/* Opens the worker's own connection to @database's file. */
KasirSyncWorker *kasir_sync_worker_new        (KasirDatabase        *database,
                                               GError              **error);
/* Queues @func. @data is handed to @func and freed with @data_free after the job ran or
 * was refused; @result_free frees a result nobody took. */
void             kasir_sync_worker_run_async  (KasirSyncWorker      *self,
                                               KasirSyncJobFunc      func,
                                               gpointer              data,
                                               GDestroyNotify        data_free,
                                               GDestroyNotify        result_free,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
/* The job's result, or NULL with @error (G_IO_ERROR_CANCELLED when it never ran). */
gpointer         kasir_sync_worker_run_finish (KasirSyncWorker      *self,
                                               GAsyncResult         *result,
                                               GError              **error);
/* The data given to kasir_sync_worker_run_async() for this job, for its callback. */
gpointer         kasir_sync_worker_job_data   (GAsyncResult         *result);
/* Refuses new jobs, lets the thread work through the queue (a job whose cancellable is
 * cancelled is answered without running) and joins it. Safe on the main thread at exit;
 * idempotent. Callbacks of the jobs come later, from the main context. */
void             kasir_sync_worker_stop       (KasirSyncWorker      *self);
gboolean         kasir_sync_worker_is_stopped (KasirSyncWorker      *self);
/* Jobs queued or running now. */
guint            kasir_sync_worker_get_pending (KasirSyncWorker     *self);

G_END_DECLS
