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
 * What one sale costs, in figures the machine's load does not move: the WAL frames of
 * each table and index (the frames' page numbers, read from the WAL, mapped to their
 * b-trees by decrypting the finished file), the statements per sale and the CPU time of
 * the committing thread, and the statements that take the most time:
 *   BENCH checkout-commit-frames set=all n=... wal_frames=... <b-tree>=<frames per sale>...
 *   BENCH checkout-commit-cpu n=... statements_per_sale=... cpu_ms=... cpu_p99_ms=...
 *   BENCH checkout-commit-statement rank=1 per_sale=... us=... sql="..."
 *
 * After each sale, untimed, runs what the till does a few seconds after a sale
 * (kasir_after_sale_run: the report totals brought up to it, a long WAL checkpointed
 * and started over): its frames and syncs share the disk and the checkpoints with the next commits.
 *   BENCH checkout-commit-after-sale runs=... mean_ms=... p99_ms=... checkpoints=...
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "bench-page-owners.h"
#include "bench-util.h"
#include "kasir-after-sale.h"
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
  double   cpu_ms;         /* CPU time of the committing thread */
  int      cache_misses;   /* pages read (and decrypted) rather than found in the cache */
  guint    first_page;     /* the commit's frames' page numbers: pages[first_page...] */
} Sample;

/* Filled by the trace callback while a commit runs. */
static gint64 statements_ns, commit_ns;
static guint n_statements;
/* Off while the report totals catch up: their statements are not the sale's. */
static gboolean tracing = TRUE;

/* Each SQL text run: how often and how long, over the whole run. */
typedef struct
{
  char   *sql;
  guint   count;
  gint64  ns;
} StatementCost;

static GHashTable *statement_costs;

static void
statement_cost_free (StatementCost *cost)
{
  g_free (cost->sql);
  g_free (cost);
}

static int
on_trace (unsigned int  type,
          void         *context,
          void         *p,
          void         *x)
{
  const char *sql = sqlite3_sql (p);

  gint64 ns = *(sqlite3_int64 *) x;
  StatementCost *cost;

  if (type != SQLITE_TRACE_PROFILE || !tracing)
    return 0;
  if (sql != NULL && g_ascii_strncasecmp (sql, "COMMIT", 6) == 0)
    commit_ns += ns;
  else
    statements_ns += ns;
  n_statements++;

  sql = sql != NULL ? sql : "?";
  cost = g_hash_table_lookup (statement_costs, sql);
  if (cost == NULL)
    {
      cost = g_new0 (StatementCost, 1);
      cost->sql = g_strdup (sql);
      g_hash_table_insert (statement_costs, cost->sql, cost);
    }
  cost->count++;
  cost->ns += ns;

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

/* Appends the page numbers of frames [from, to) of the WAL to @pages: each frame is a
 * 24-byte header (the page number first, in clear) and a 4096-byte page, after the WAL's
 * 32-byte header. */
static void
read_frame_pages (int     wal_fd,
                  gint64  from,
                  gint64  to,
                  GArray *pages)
{
  for (gint64 i = from; i < to; i++)
    {
      guint8 hdr[4];
      guint32 pgno;

      g_assert_cmpint (pread (wal_fd, hdr, sizeof hdr, 32 + i * (24 + 4096)), ==, sizeof hdr);
      pgno = (guint32) hdr[0] << 24 | (guint32) hdr[1] << 16 | (guint32) hdr[2] << 8 | hdr[3];
      g_array_append_val (pages, pgno);
    }
}

typedef struct
{
  const char *name;
  guint       frames;
} OwnerFrames;

static int
compare_owner_frames (const void *a,
                      const void *b)
{
  const OwnerFrames *x = a, *y = b;

  return (x->frames < y->frames) - (x->frames > y->frames);
}

/* Prints the WAL frames per sale of each b-tree over samples[from, to). */
static void
print_frames (const char      *label,
              const Sample    *samples,
              guint            from,
              guint            to,
              GArray          *pages,
              BenchPageOwners *owners)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) sorted = g_array_new (FALSE, FALSE, sizeof (OwnerFrames));
  g_autoptr(GString) line = g_string_new (NULL);
  GHashTableIter iter;
  gpointer name, count;
  guint n = to - from, total = 0;

  for (guint i = from; i < to; i++)
    for (gint64 f = 0; f < samples[i].frames; f++)
      {
        guint32 pgno = g_array_index (pages, guint32, samples[i].first_page + f);
        const char *owner = bench_page_owners_get (owners, pgno);

        g_hash_table_insert (counts, (gpointer) owner,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, owner)) + 1));
        total++;
      }
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &name, &count))
    {
      OwnerFrames of = { name, GPOINTER_TO_UINT (count) };

      g_array_append_val (sorted, of);
    }
  g_array_sort (sorted, compare_owner_frames);

  g_string_printf (line, "BENCH checkout-commit-frames set=%s n=%u wal_frames=%.2f", label, n,
                   (double) total / n);
  for (guint i = 0; i < sorted->len; i++)
    {
      const OwnerFrames *of = &g_array_index (sorted, OwnerFrames, i);

      g_string_append_printf (line, " %s=%.2f", of->name, (double) of->frames / n);
    }
  printf ("%s\n", line->str);
}

static int
compare_cost (const void *a,
              const void *b)
{
  const StatementCost *x = *(StatementCost * const *) a, *y = *(StatementCost * const *) b;

  return (x->ns < y->ns) - (x->ns > y->ns);
}

/* The statements per sale, the committing thread's CPU time, and the costliest
 * statements (COMMIT included: its time is the WAL write and fsync). */
static void
print_statements (const Sample *samples,
                  guint         n)
{
  g_autoptr(GPtrArray) costs = g_ptr_array_new ();
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  GHashTableIter iter;
  gpointer value;
  double cpu_total = 0, misses = 0;
  guint count = 0;

  g_hash_table_iter_init (&iter, statement_costs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (costs, value);

  for (guint i = 0; i < n; i++)
    {
      cpu_total += samples[i].cpu_ms;
      misses += samples[i].cache_misses;
      g_array_append_val (cpu, samples[i].cpu_ms);
    }
  for (guint i = 0; i < costs->len; i++)
    count += ((StatementCost *) costs->pdata[i])->count;
  printf ("BENCH checkout-commit-cpu n=%u statements_per_sale=%.2f cpu_ms=%.3f cpu_p99_ms=%.3f "
          "cache_misses=%.2f\n", n, (double) count / n, cpu_total / n, percentile (cpu, 0.99),
          misses / n);

  g_ptr_array_sort (costs, compare_cost);
  for (guint i = 0; i < costs->len && i < 12; i++)
    {
      const StatementCost *cost = costs->pdata[i];
      g_autofree char *sql = g_strndup (cost->sql, 70);

      g_strdelimit (sql, "\n\"", ' ');
      printf ("BENCH checkout-commit-statement rank=%u per_sale=%.2f us=%.1f sql=\"%s\"\n",
              i + 1, (double) cost->count / n, cost->ns / 1e3 / n, sql);
    }
}

/* Pairs of (name, root page) of every table and index, for BenchPageOwners. */
static GPtrArray *
read_roots (KasirDatabase *db)
{
  GPtrArray *roots = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_prepare_v2 (kasir_database_get_handle (db),
                                       "SELECT name, rootpage FROM sqlite_master "
                                       "WHERE rootpage > 0", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (roots, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (roots, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);

  return roots;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "bench.db", NULL);
  g_autofree char *page_path = g_build_filename (dir, "fsync-baseline", NULL);
  g_autofree char *wal_path = g_strconcat (path, "-wal", NULL);
  g_autoptr(GArray) pages = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GPtrArray) roots = NULL;
  g_autoptr(BenchPageOwners) owners = NULL;
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirSalesRepository) sales = NULL;
  g_autoptr(GArray) commit_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) fsync_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) after_sale_ms = g_array_new (FALSE, FALSE, sizeof (double));
  double after_sale_total = 0;
  g_autofree Sample *samples = g_new0 (Sample, N_COMMITS);
  g_autoptr(GError) error = NULL;
  KasirDatabaseWalStats before, after;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  char page[4096];
  double p99, f99;
  gint64 db_size = 0;
  int fd, wal_fd, unused;

  store_test_random_key (key);
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  sales = kasir_sales_repository_new (db);
  statement_costs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                           (GDestroyNotify) statement_cost_free);
  wal_fd = open (wal_path, O_RDONLY);
  g_assert_cmpint (wal_fd, >=, 0);
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
      sample->cpu_ms = bench_thread_cpu_ms ();
      sqlite3_db_status (kasir_database_get_handle (db), SQLITE_DBSTATUS_CACHE_MISS, &unused,
                         &unused, TRUE);
      start = g_get_monotonic_time ();
      g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
      ms = (g_get_monotonic_time () - start) / 1000.0;
      sample->cpu_ms = bench_thread_cpu_ms () - sample->cpu_ms;
      sqlite3_db_status (kasir_database_get_handle (db), SQLITE_DBSTATUS_CACHE_MISS,
                         &sample->cache_misses, &unused, FALSE);
      kasir_database_get_wal_stats (db, &after);
      g_assert_no_error (error);
      g_array_append_val (commit_ms, ms);

      sample->total_ms = ms;
      sample->statements_ms = statements_ns / 1e6;
      sample->commit_ms = commit_ns / 1e6;
      sample->frames = after.wal_frames >= before.wal_frames ?
                       after.wal_frames - before.wal_frames : after.wal_frames;
      sample->first_page = pages->len;
      read_frame_pages (wal_fd, after.wal_frames - sample->frames, after.wal_frames, pages);
      sample->overlapped = before.checkpoint_running ||
                           after.checkpoint_events != before.checkpoint_events;
      sample->sync_checkpoint = after.checkpoints_sync != before.checkpoints_sync;
      sample->sync_checkpoint_ms = (after.checkpoint_sync_us_total -
                                    before.checkpoint_sync_us_total) / 1000.0;

      {
        guint added = 0;

        tracing = FALSE;
        start = g_get_monotonic_time ();
        g_assert_true (kasir_after_sale_run (db, &added, &error));
        tracing = TRUE;
        g_assert_no_error (error);
        g_assert_cmpuint (added, ==, 1);
        ms = (g_get_monotonic_time () - start) / 1000.0;
        g_array_append_val (after_sale_ms, ms);
        after_sale_total += ms;
      }
    }
  close (fd);
  close (wal_fd);
  g_assert_true (kasir_database_query_int64 (db, "PRAGMA page_count", &db_size, &error));
  roots = read_roots (db);

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
  printf ("BENCH checkout-commit-after-sale runs=%u mean_ms=%.3f p99_ms=%.3f checkpoints=%"
          G_GUINT64_FORMAT " checkpoint_mean_ms=%.2f\n",
          after_sale_ms->len, after_sale_total / MAX (after_sale_ms->len, 1), percentile (after_sale_ms, 0.99),
          after.checkpoints_idle, after.checkpoints_idle > 0 ?
            after.checkpoint_idle_us_total / 1000.0 / after.checkpoints_idle : 0.0);
  g_printerr ("fsync p50 %.3f ms, commit max %.3f ms\n", percentile (fsync_ms, 0.50),
              g_array_index (commit_ms, double, commit_ms->len - 1));
  print_statements (samples, N_COMMITS);

  /* Closing copies the whole WAL back, so the file holds every page's last version. */
  g_clear_object (&sales);
  g_clear_object (&db);
  owners = bench_page_owners_read (path, key, roots, &error);
  g_assert_no_error (error);
  print_frames ("all", samples, 0, N_COMMITS, pages, owners);
  print_frames ("slowest1pct", samples, N_COMMITS - N_COMMITS / 100, N_COMMITS, pages, owners);
  g_clear_pointer (&statement_costs, g_hash_table_unref);
  store_test_remove_tree (dir);

  return 0;
}
