/* kasir-database-private.h — what the repositories (and the store's own tests) use of
 * a KasirDatabase. SQL stays inside src/store/.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlcipher/sqlite3.h>

#include "kasir-database.h"

G_BEGIN_DECLS

/* How long a connection waits for another one's write lock before giving up. A sale
 * commit takes milliseconds, a pulled page well under a second. */
#define KASIR_DATABASE_BUSY_TIMEOUT_MS 5000

sqlite3       *kasir_database_get_handle        (KasirDatabase *self);

/* A prepared statement for @sql, cached on this connection and reset; @sql must be a
 * string that lives as long as the program (a literal). Do not finalize it; call
 * sqlite3_reset (or kasir_database_stmt_done) when finished with it. */
sqlite3_stmt  *kasir_database_prepare           (KasirDatabase  *self,
                                                 const char     *sql,
                                                 GError        **error);
void           kasir_database_stmt_done         (sqlite3_stmt   *stmt);

/* Sets @error from the connection's last error (or @rc), prefixed with @what. */
void           kasir_database_set_error         (KasirDatabase  *self,
                                                 int             rc,
                                                 const char     *what,
                                                 GError        **error);

/* Steps a statement that returns no rows, then resets it. */
gboolean       kasir_database_step_done         (KasirDatabase  *self,
                                                 sqlite3_stmt   *stmt,
                                                 const char     *what,
                                                 GError        **error);

/* Runs one or more statements with no result rows. */
gboolean       kasir_database_exec              (KasirDatabase  *self,
                                                 const char     *sql,
                                                 GError        **error);
/* Runs @sql and returns the first column of the first row as an integer (0 when there is
 * no row). For tests and diagnostics. */
gboolean       kasir_database_query_int64       (KasirDatabase  *self,
                                                 const char     *sql,
                                                 gint64         *out,
                                                 GError        **error);

/* Opens with @key and migrates only up to @max_version (for migration tests);
 * -1 means the latest. */
KasirDatabase *kasir_database_open_full         (const char     *path,
                                                 const guint8    key[KASIR_DATABASE_KEY_SIZE],
                                                 int             max_version,
                                                 GError        **error);
/* Applies the migrations after the current version up to @max_version (-1: latest). */
gboolean       kasir_database_migrate           (KasirDatabase  *self,
                                                 int             max_version,
                                                 GError        **error);

/* Binds @text or NULL. */
void           kasir_database_bind_text         (sqlite3_stmt   *stmt,
                                                 int             index,
                                                 const char     *text);
/* Column text duplicated (NULL stays NULL). */
char          *kasir_database_column_dup        (sqlite3_stmt   *stmt,
                                                 int             col);

/* The cipher settings every connection of the till pins after its key, as SQL (the
 * SQLCipher 4 algorithm pins come before them, on SQLCipher 4 only): another SQLCipher
 * build opens the till's files with exactly these. NULL-terminated. */
const char * const *kasir_database_cipher_settings (void);
/* Keys a new connection and pins every cipher setting the file depends on; must run
 * before anything reads the file. */
gboolean       kasir_database_key_connection    (sqlite3        *db,
                                                 const guint8    key[KASIR_DATABASE_KEY_SIZE],
                                                 GError        **error);

/* What the write-ahead log and its checkpoints did on one connection, for the benchmarks. */
typedef struct
{
  guint64  commits;                /* commits that wrote to the WAL */
  gint64   wal_frames;             /* frames in the WAL after the last of them */
  guint64  checkpoints_background; /* started on the worker thread */
  guint64  checkpoints_sync;       /* run by the committing connection after its commit,
                                    * only once the WAL is at its limit */
  gint64   checkpoint_sync_us_total;
  guint64  checkpoints_idle;       /* run after a sale, off its commit */
  gint64   checkpoint_idle_us_total;
  guint64  checkpoint_events;      /* one at each start and each end of a background one */
  gboolean checkpoint_running;
  gint64   checkpoint_us_total;    /* time spent in background checkpoints */
  gint64   checkpoint_us_max;
} KasirDatabaseWalStats;

void           kasir_database_get_wal_stats     (KasirDatabase         *self,
                                                 KasirDatabaseWalStats *out);
/* Work on a connection of its own, run on a worker thread; @out_count: what it counts. */
typedef gboolean (*KasirDatabaseJob) (KasirDatabase  *connection,
                                      guint          *out_count,
                                      GError        **error);

/* Runs @job on a worker thread with a new connection to @self's file (a connection is
 * used by one thread only); @source_tag names the caller's _async function. */
void           kasir_database_run_job_async     (KasirDatabase        *self,
                                                 KasirDatabaseJob      job,
                                                 gpointer              source_tag,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean       kasir_database_run_job_finish    (KasirDatabase        *self,
                                                 GAsyncResult         *result,
                                                 guint                *out_count,
                                                 GError              **error);

/* Once the WAL is long, checkpoints on this connection (not inside any commit) and starts
 * the WAL over; for the work a till does after a sale (kasir-after-sale.c). TRUE when
 * it checkpointed. */
gboolean       kasir_database_checkpoint_idle   (KasirDatabase         *self);

G_END_DECLS
