/* kasir-push-run.h — one push of the outbox: batch after batch until nothing is unsent.
 *
 * Each batch is read in the database worker, sent, and the server's answer written in
 * the worker before the next batch is read. A mutation leaves the unsent set only in the
 * transaction that records the server's answer for it, so a run stopped anywhere (a
 * crash, a cancel, an error) sends the batch again next time and the server answers its
 * stored results (exactly once).
 *
 * The server's answers shape the run: 413 (too large) halves the batch size until the
 * server takes it (kasir_push_run_get_limit() carries it to the next run until the outbox
 * has been emptied once); 409 seq_gap sends again from the seq the server expects, or ends
 * with KASIR_SYNC_ERROR_HOLE when this till no longer holds it; any other failure is
 * counted on the batch's mutations and ends the run.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-sync-client.h"
#include "kasir-sync-worker.h"

G_BEGIN_DECLS

#define KASIR_TYPE_PUSH_RUN (kasir_push_run_get_type ())

G_DECLARE_FINAL_TYPE (KasirPushRun, kasir_push_run, KASIR, PUSH_RUN, GObject)

/* @limit: the most mutations per batch the server took last time (G_MAXUINT: no limit
 * known); batches hold MIN (@batch_size, limit). */
KasirPushRun *kasir_push_run_new          (KasirSyncWorker     *worker,
                                           KasirSyncClient     *client,
                                           gint64               terminal_id,
                                           guint                batch_size,
                                           guint                limit);
/* Once per run object. */
void          kasir_push_run_run_async    (KasirPushRun        *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean      kasir_push_run_run_finish   (KasirPushRun        *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* Mutations the server answered (accepted or rejected) in this run. */
guint         kasir_push_run_get_pushed   (KasirPushRun        *self);
/* The batch limit for the next run: G_MAXUINT once the outbox was emptied. */
guint         kasir_push_run_get_limit    (KasirPushRun        *self);

G_END_DECLS
