/* kasir-pull-run.h — one pull: every change after the till's cursor, page by page.
 *
 * A small pipeline: while one page is written in the database worker, the next one is
 * already being fetched and decoded (at most two fetches on the wire). Pages are written
 * strictly in cursor order, each together with its cursor, so a run stopped anywhere
 * leaves a consistent database and the next pull resumes after the last page written. A
 * page whose body disagrees with what its headers announced ends the run with
 * KASIR_SYNC_ERROR_BAD_RESPONSE. When the server asks for a fresh snapshot, the pulled
 * data is forgotten (the outbox is kept) and the pull starts again from cursor 0.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-sync-client.h"
#include "kasir-sync-worker.h"

G_BEGIN_DECLS

/* Where a run's time went, in microseconds. Fetches overlap one another and the writing,
 * so the sums add up to more than the run took (total_us). */
typedef struct
{
  guint  pages;
  gint64 first_page_us;   /* from the start until the first page was read */
  gint64 wait_us;         /* sum over fetches: sent until the answer's headers */
  gint64 transfer_us;     /* sum: the headers until the last byte */
  gint64 decode_us;       /* sum: reading the pages' text, in worker threads */
  gint64 insert_us;       /* sum: writing the pages' rows, their commits left out */
  gint64 commit_us;       /* sum: committing each page */
  gint64 writer_idle_us;  /* the database worker waiting for the next page */
  gint64 index_us;        /* building the indexes a first catalog load set aside */
  gint64 total_us;        /* the whole run */
} KasirPullTimings;

#define KASIR_TYPE_PULL_RUN (kasir_pull_run_get_type ())

G_DECLARE_FINAL_TYPE (KasirPullRun, kasir_pull_run, KASIR, PULL_RUN, GObject)

KasirPullRun *kasir_pull_run_new          (KasirSyncWorker     *worker,
                                           KasirSyncClient     *client,
                                           gint64               cursor,
                                           guint                page_size);
/* Once per run object. */
void          kasir_pull_run_run_async    (KasirPullRun        *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean      kasir_pull_run_run_finish   (KasirPullRun        *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* The cursor of the last page written. */
gint64        kasir_pull_run_get_cursor   (KasirPullRun        *self);
/* Changes written in this run. */
gint64        kasir_pull_run_get_rows     (KasirPullRun        *self);
/* Where the run's time went (complete once it has finished). */
void          kasir_pull_run_get_timings  (KasirPullRun        *self,
                                           KasirPullTimings    *out);
/* From 0 to 1: the share of the server's changes written since the run began (the
 * "progress" property notifies). */
double        kasir_pull_run_get_progress (KasirPullRun        *self);

G_END_DECLS
