/* kasir-server-pool.h — the server's database work on a bounded set of worker threads,
 * each with its own connection, so that no request waits on the main loop for another
 * request's database work.
 *
 * Jobs that write go to the writers, jobs that only read to the readers. SQLite has one
 * writer (a second one would only wait for the file's write lock) and readers beside it
 * in WAL mode; PostgreSQL has several writers, which its row locks keep apart.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-server-store.h"

G_BEGIN_DECLS

typedef struct _KasirServerPool KasirServerPool;

/* Runs on a worker thread with that worker's store. */
typedef void (*KasirServerPoolFunc) (KasirServerStore *store,
                                     gpointer          data);

/* Opens @n_writers + @n_readers stores on @db (with @key for an encrypted SQLite
 * file). */
KasirServerPool *kasir_server_pool_new  (const char          *db,
                                         const char          *key,
                                         guint                n_writers,
                                         guint                n_readers,
                                         GError             **error);
/* Waits for the jobs already queued. */
void             kasir_server_pool_free (KasirServerPool     *pool);
/* Queues @func (@data) for a writer or a reader; @done (@data) then runs on @context.
 * @data belongs to the caller, who frees it in @done. */
void             kasir_server_pool_run  (KasirServerPool     *pool,
                                         gboolean             writes,
                                         KasirServerPoolFunc  func,
                                         GSourceFunc          done,
                                         gpointer             data,
                                         GMainContext        *context);
/* Whether every worker of the side is busy and @max_waiting jobs already wait for one.
 * Jobs are only queued from one thread, so a FALSE stays true until it queues one. */
gboolean         kasir_server_pool_is_full (KasirServerPool *pool,
                                            gboolean         writes,
                                            guint            max_waiting);
/* Jobs queued or running now. */
guint            kasir_server_pool_get_n_busy (KasirServerPool *pool);

G_END_DECLS
