/* kasir-checkpointer.c — copying the WAL back into the database file off the
 * committing thread.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <sodium.h>

#include "kasir-checkpointer.h"

/* The WAL is copied back into the database file (a checkpoint), and started over from
 * its beginning once all of it has been copied, never inside a sale's commit:
 *
 * - The work a till does a few seconds after a sale (kasir-after-sale.c) checkpoints
 *   once the WAL holds CHECKPOINT_IDLE_FROM frames, and when everything was copied
 *   starts the WAL over with a write of its own (kasir_checkpointer_checkpoint_idle).
 *   On a till that is all there is: sales are seconds apart, so no sale's commit waits
 *   behind a checkpoint's flush of the database file, nor syncs a new WAL header (each
 *   of those was in the slowest 1% of commits when the commits themselves, or a thread
 *   they started, did it).
 * - A connection that commits without that work (a bulk catalog load, a burst) starts a
 *   checkpoint on a short-lived worker thread once per CHECKPOINT_BACKGROUND_EVERY new
 *   frames; at CHECKPOINT_FRAMES_MAX frames (about 48 MB) the committing connection
 *   copies the rest itself after its commit, so that the WAL cannot grow without end.
 *
 * A sale rewrites the same last page of each of its tables and indexes, so a checkpoint
 * copies each such page once however many frames hold it: fewer, larger checkpoints
 * copy less in all. */
#define CHECKPOINT_IDLE_FROM        3000
#define CHECKPOINT_BACKGROUND_EVERY 6000
#define CHECKPOINT_FRAMES_MAX       12000

struct _KasirCheckpointer
{
  gatomicrefcount  ref;
  GMutex           lock;
  GCond            idle;     /* signalled when a checkpoint thread ends */
  gboolean         busy;     /* a checkpoint thread is running; guarded by lock */
  int              next;     /* WAL frames at which the next one starts; guarded by lock */
  char            *path;
  guint8           key[KASIR_DATABASE_KEY_SIZE];
  sqlite3         *conn;     /* used only by the running checkpoint thread */
  /* What the benchmarks print (kasir_database_get_wal_stats); guarded by lock. */
  KasirDatabaseWalStats stats;
};

KasirCheckpointer *
kasir_checkpointer_new (const char   *path,
                        const guint8  key[KASIR_DATABASE_KEY_SIZE])
{
  KasirCheckpointer *cp = g_new0 (KasirCheckpointer, 1);

  g_atomic_ref_count_init (&cp->ref);
  g_mutex_init (&cp->lock);
  g_cond_init (&cp->idle);
  cp->path = g_strdup (path);
  cp->next = CHECKPOINT_BACKGROUND_EVERY;
  memcpy (cp->key, key, KASIR_DATABASE_KEY_SIZE);

  return cp;
}

static KasirCheckpointer *
checkpointer_ref (KasirCheckpointer *cp)
{
  g_atomic_ref_count_inc (&cp->ref);
  return cp;
}

void
kasir_checkpointer_unref (KasirCheckpointer *cp)
{
  if (!g_atomic_ref_count_dec (&cp->ref))
    return;

  if (cp->conn != NULL)
    sqlite3_close (cp->conn);
  sodium_memzero (cp->key, sizeof cp->key);
  g_mutex_clear (&cp->lock);
  g_cond_clear (&cp->idle);
  g_free (cp->path);
  g_free (cp);
}

static gpointer
checkpoint_thread (gpointer data)
{
  KasirCheckpointer *cp = data;
  gint64 start, took;

  if (cp->conn == NULL)
    {
      if (sqlite3_open_v2 (cp->path, &cp->conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                           NULL) != SQLITE_OK ||
          !kasir_database_key_connection (cp->conn, cp->key, NULL))
        {
          sqlite3_close (cp->conn);
          cp->conn = NULL;
        }
      else
        {
          /* A first read tells the new connection that the file is in WAL mode (and
           * proves the key); until then it has nothing to checkpoint. */
          sqlite3_busy_timeout (cp->conn, KASIR_DATABASE_BUSY_TIMEOUT_MS);
          if (sqlite3_exec (cp->conn, "SELECT count(*) FROM sqlite_master", NULL, NULL,
                            NULL) != SQLITE_OK)
            {
              sqlite3_close (cp->conn);
              cp->conn = NULL;
            }
        }
    }

  /* PASSIVE: copies what it can without waiting for or blocking readers and writers.
   * A failure only means the next one does more. */
  start = g_get_monotonic_time ();
  if (cp->conn != NULL)
    sqlite3_wal_checkpoint_v2 (cp->conn, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  took = g_get_monotonic_time () - start;

  g_mutex_lock (&cp->lock);
  cp->busy = FALSE;
  cp->stats.checkpoint_running = FALSE;
  cp->stats.checkpoint_events++;
  cp->stats.checkpoint_us_total += took;
  cp->stats.checkpoint_us_max = MAX (cp->stats.checkpoint_us_max, took);
  g_cond_broadcast (&cp->idle);
  g_mutex_unlock (&cp->lock);
  kasir_checkpointer_unref (cp);

  return NULL;
}

void
kasir_checkpointer_wait (KasirCheckpointer *cp)
{
  g_mutex_lock (&cp->lock);
  while (cp->busy)
    g_cond_wait (&cp->idle, &cp->lock);
  g_mutex_unlock (&cp->lock);
}

typedef enum
{
  CHECKPOINT_NONE,
  CHECKPOINT_BACKGROUND,
  CHECKPOINT_HERE,
} CheckpointChoice;

/* What to do after a commit that left @frames frames in the WAL; called with cp->lock. */
static CheckpointChoice
checkpoint_choose (KasirCheckpointer *cp,
                   int                frames)
{
  /* Fewer frames than last time: the WAL started over. */
  if (frames < cp->stats.wal_frames)
    {
      cp->next = CHECKPOINT_BACKGROUND_EVERY;
    }
  cp->stats.commits++;
  cp->stats.wal_frames = frames;

  if (frames >= CHECKPOINT_FRAMES_MAX)
    return CHECKPOINT_HERE;
  if (cp->busy)
    return CHECKPOINT_NONE;
  /* Once per CHECKPOINT_BACKGROUND_EVERY new frames, not after every commit past the
   * threshold: each checkpoint ends with a flush of the WAL and of the database file,
   * which the commits running meanwhile wait behind. */
  if (frames >= cp->next)
    {
      cp->next = frames + CHECKPOINT_BACKGROUND_EVERY;
      return CHECKPOINT_BACKGROUND;
    }

  return CHECKPOINT_NONE;
}

/* Called by SQLite after each commit with the number of frames in the WAL. */
static int
wal_hook (void       *data,
          sqlite3    *db,
          const char *name,
          int         frames)
{
  KasirCheckpointer *cp = data;
  CheckpointChoice choice;
  gboolean start;

  g_mutex_lock (&cp->lock);
  choice = checkpoint_choose (cp, frames);
  start = choice == CHECKPOINT_BACKGROUND;
  if (start)
    {
      cp->busy = TRUE;
      cp->stats.checkpoints_background++;
      cp->stats.checkpoint_running = TRUE;
      cp->stats.checkpoint_events++;
    }
  g_mutex_unlock (&cp->lock);

  if (choice == CHECKPOINT_HERE)
    {
      gint64 begun = g_get_monotonic_time ();
      sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
      g_mutex_lock (&cp->lock);
      cp->stats.checkpoints_sync++;
      cp->stats.checkpoint_sync_us_total += g_get_monotonic_time () - begun;
      g_mutex_unlock (&cp->lock);
      return SQLITE_OK;
    }

  if (start)
    {
      GError *error = NULL;
      GThread *thread = g_thread_try_new ("kasir-checkpoint", checkpoint_thread,
                                          checkpointer_ref (cp), &error);

      if (thread != NULL)
        g_thread_unref (thread);
      else
        {
          g_clear_error (&error);
          g_mutex_lock (&cp->lock);
          cp->busy = FALSE;
          cp->stats.checkpoint_running = FALSE;
          cp->stats.checkpoint_events++;
          g_mutex_unlock (&cp->lock);
          kasir_checkpointer_unref (cp);
        }
    }

  return SQLITE_OK;
}

void
kasir_checkpointer_attach (KasirCheckpointer *cp,
                           sqlite3           *db)
{
  /* Replaces SQLite's own automatic checkpoint (which would run inside a commit). */
  sqlite3_wal_hook (db, wal_hook, cp);
}

void
kasir_checkpointer_get_stats (KasirCheckpointer     *cp,
                              KasirDatabaseWalStats *out)
{
  g_mutex_lock (&cp->lock);
  *out = cp->stats;
  g_mutex_unlock (&cp->lock);
}

/* One write of a page that changes nothing: the user_version, to itself. */
static void
restart_wal (sqlite3 *db)
{
  g_autofree char *same_version = NULL;
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return;
  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (version >= 0)
    same_version = g_strdup_printf ("PRAGMA user_version = %d", version);
  if (same_version == NULL || sqlite3_exec (db, same_version, NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

gboolean
kasir_checkpointer_checkpoint_idle (KasirCheckpointer *cp,
                                    sqlite3           *db)
{
  gint64 begun;
  gboolean wanted;
  int log = -1, copied = 0, rc;

  g_mutex_lock (&cp->lock);
  wanted = !cp->busy && cp->stats.wal_frames >= CHECKPOINT_IDLE_FROM;
  g_mutex_unlock (&cp->lock);
  if (!wanted)
    return FALSE;

  /* PASSIVE: another connection's checkpoint running (SQLITE_BUSY) does the same work. */
  begun = g_get_monotonic_time ();
  rc = sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &copied);

  /* All copied: the WAL starts over at the next write. That write syncs the new WAL
   * header as well as its frames; one of its own here, of a value that does not change
   * (read and written in one transaction), keeps that from the next sale. A reader still
   * in the old WAL, or a commit from another connection meanwhile, leaves it to the
   * next time. */
  if (rc == SQLITE_OK && log > 0 && copied == log)
    restart_wal (db);

  g_mutex_lock (&cp->lock);
  cp->stats.checkpoints_idle++;
  cp->stats.checkpoint_idle_us_total += g_get_monotonic_time () - begun;
  g_mutex_unlock (&cp->lock);

  return TRUE;
}
