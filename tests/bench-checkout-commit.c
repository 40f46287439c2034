/* bench-checkout-commit.c — how long a cashier waits for a sale to be durable.
 *
 * Each commit is a 5-line sale with 2 payments, its outbox row and the cart cleared, in one
 * transaction with synchronous=FULL. The baseline is the cheapest durable write there is:
 * one 4096-byte page written and fsync'ed to a file in the same directory, measured in the
 * same run, interleaved with the commits so both see the same disk.
 *
 * Prints: BENCH checkout-commit n=10000 p50_ms=... p99_ms=... fsync_p99_ms=... ratio_p99=...
 * and, to say what the slowest commits wait for, a breakdown of all commits and of the
 * slowest 1%: WAL frames (pages dirtied) per commit, time in the SQL statements before
 * COMMIT, in COMMIT itself (WAL write and fsync), outside SQLite (checks, the outbox JSON,
 * binding), and how many overlapped a background checkpoint or ran one synchronously.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "kasir-database-private.h"
#include "kasir-sales-repository.h"
#include "store-test-util.h"

#define N_COMMITS 10000

typedef struct
{
  double   total_ms;
  double   statements_ms;  /* every SQL statement but COMMIT */
  double   commit_ms;      /* COMMIT: WAL frames written and fsync'ed */
  gint64   frames;         /* WAL frames the commit wrote: the pages it dirtied */
  gboolean overlapped;     /* a background checkpoint ran during the commit */
  gboolean sync_checkpoint;
  double   sync_checkpoint_ms; /* the rest of the WAL copied after COMMIT, by this commit */
} Sample;

/* Filled by the trace callback while a commit runs. */
static gint64 statements_ns, commit_ns;

static int
on_trace (unsigned int  type,
          void         *context,
          void         *p,
          void         *x)
{
  const char *sql = sqlite3_sql (p);

  if (type != SQLITE_TRACE_PROFILE)
    return 0;
  if (sql != NULL && g_ascii_strncasecmp (sql, "COMMIT", 6) == 0)
    commit_ns += *(sqlite3_int64 *) x;
  else
    statements_ns += *(sqlite3_int64 *) x;

  return 0;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static int
compare_sample (const void *a,
                const void *b)
{
  return compare_double (&((const Sample *) a)->total_ms, &((const Sample *) b)->total_ms);
}

static double
percentile (GArray *samples,
            double  p)
{
  g_array_sort (samples, compare_double);

  return g_array_index (samples, double, (guint) (p * (samples->len - 1) + 0.5));
}

/* Prints the averages of samples[from, to) (sorted by total time). */
static void
print_breakdown (const char   *label,
                 const Sample *samples,
                 guint         from,
                 guint         to)
{
  double total = 0, statements = 0, commit = 0, frames = 0, here = 0;
  guint overlapped = 0, sync_checkpoint = 0, n = to - from;

  for (guint i = from; i < to; i++)
    {
      total += samples[i].total_ms;
      statements += samples[i].statements_ms;
      commit += samples[i].commit_ms;
      here += samples[i].sync_checkpoint_ms;
      frames += samples[i].frames;
      overlapped += samples[i].overlapped ? 1 : 0;
      sync_checkpoint += samples[i].sync_checkpoint ? 1 : 0;
    }
  printf ("BENCH checkout-commit-breakdown set=%s n=%u mean_ms=%.3f statements_ms=%.3f "
          "commit_ms=%.3f sync_checkpoint_ms=%.3f outside_sqlite_ms=%.3f wal_frames=%.1f "
          "overlapped_checkpoint=%u sync_checkpoint=%u\n", label, n, total / n,
          statements / n, commit / n, here / n, (total - statements - commit - here) / n,
          frames / n, overlapped, sync_checkpoint);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "bench.db", NULL);
  g_autofree char *page_path = g_build_filename (dir, "fsync-baseline", NULL);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirSalesRepository) sales = NULL;
  g_autoptr(GArray) commit_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) fsync_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree Sample *samples = g_new0 (Sample, N_COMMITS);
  g_autoptr(GError) error = NULL;
  KasirDatabaseWalStats before, after;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  char page[4096];
  double p99, f99;
  gint64 db_size = 0;
  int fd;

  store_test_random_key (key);
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  sales = kasir_sales_repository_new (db);
  sqlite3_trace_v2 (kasir_database_get_handle (db), SQLITE_TRACE_PROFILE, on_trace, NULL);

  fd = open (page_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  memset (page, 0x5a, sizeof page);

  for (guint i = 0; i < N_COMMITS; i++)
    {
      g_autoptr(KasirSale) sale = store_test_sale (5, 2);
      Sample *sample = &samples[i];
      gint64 start;
      double ms;

      start = g_get_monotonic_time ();
      g_assert_cmpint (pwrite (fd, page, sizeof page, (off_t) (i % 256) * sizeof page), ==,
                       sizeof page);
      g_assert_cmpint (fsync (fd), ==, 0);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (fsync_ms, ms);

      statements_ns = commit_ns = 0;
      kasir_database_get_wal_stats (db, &before);
      start = g_get_monotonic_time ();
      g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
      ms = (g_get_monotonic_time () - start) / 1000.0;
      kasir_database_get_wal_stats (db, &after);
      g_assert_no_error (error);
      g_array_append_val (commit_ms, ms);

      sample->total_ms = ms;
      sample->statements_ms = statements_ns / 1e6;
      sample->commit_ms = commit_ns / 1e6;
      sample->frames = after.wal_frames >= before.wal_frames ?
                       after.wal_frames - before.wal_frames : after.wal_frames;
      sample->overlapped = before.checkpoint_running ||
                           after.checkpoint_events != before.checkpoint_events;
      sample->sync_checkpoint = after.checkpoints_sync != before.checkpoints_sync;
      sample->sync_checkpoint_ms = (after.checkpoint_sync_us_total -
                                    before.checkpoint_sync_us_total) / 1000.0;
    }
  close (fd);
  g_assert_true (kasir_database_query_int64 (db, "PRAGMA page_count", &db_size, &error));

  p99 = percentile (commit_ms, 0.99);
  f99 = percentile (fsync_ms, 0.99);
  printf ("BENCH checkout-commit n=%d p50_ms=%.3f p99_ms=%.3f fsync_p99_ms=%.3f "
          "ratio_p99=%.2f\n", N_COMMITS, percentile (commit_ms, 0.50), p99, f99,
          f99 > 0 ? p99 / f99 : 0.0);

  qsort (samples, N_COMMITS, sizeof (Sample), compare_sample);
  print_breakdown ("all", samples, 0, N_COMMITS);
  print_breakdown ("slowest1pct", samples, N_COMMITS - N_COMMITS / 100, N_COMMITS);
  kasir_database_get_wal_stats (db, &after);
  printf ("BENCH checkout-commit-checkpoints background=%" G_GUINT64_FORMAT " sync=%"
          G_GUINT64_FORMAT " mean_ms=%.1f max_ms=%.1f db_pages=%" G_GINT64_FORMAT "\n",
          after.checkpoints_background, after.checkpoints_sync,
          after.checkpoints_background > 0 ?
            after.checkpoint_us_total / 1000.0 / after.checkpoints_background : 0.0,
          after.checkpoint_us_max / 1000.0, db_size);
  g_printerr ("fsync p50 %.3f ms, commit max %.3f ms\n", percentile (fsync_ms, 0.50),
              g_array_index (commit_ms, double, commit_ms->len - 1));

  g_clear_object (&sales);
  g_clear_object (&db);
  store_test_remove_tree (dir);

  return 0;
}
