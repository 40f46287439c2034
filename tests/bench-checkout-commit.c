/* bench-checkout-commit.c — how long a cashier waits for a sale to be durable.
 *
 * Each commit is a 5-line sale with 2 payments, its outbox row and the cart cleared, in one
 * transaction with synchronous=FULL. The baseline is the cheapest durable write there is:
 * one 4096-byte page written and fsync'ed to a file in the same directory, measured in the
 * same run, interleaved with the commits so both see the same disk.
 *
 * Prints: BENCH checkout-commit n=10000 p50_ms=... p99_ms=... fsync_p99_ms=... ratio_p99=...
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "kasir-sales-repository.h"
#include "store-test-util.h"

#define N_COMMITS 10000

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *samples,
            double  p)
{
  g_array_sort (samples, compare_double);

  return g_array_index (samples, double, (guint) (p * (samples->len - 1) + 0.5));
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
  g_autoptr(GError) error = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  char page[4096];
  double p99, f99;
  int fd;

  store_test_random_key (key);
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  sales = kasir_sales_repository_new (db);

  fd = open (page_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  memset (page, 0x5a, sizeof page);

  for (guint i = 0; i < N_COMMITS; i++)
    {
      g_autoptr(KasirSale) sale = store_test_sale (5, 2);
      gint64 start;
      double ms;

      start = g_get_monotonic_time ();
      g_assert_cmpint (pwrite (fd, page, sizeof page, (off_t) (i % 256) * sizeof page), ==,
                       sizeof page);
      g_assert_cmpint (fsync (fd), ==, 0);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (fsync_ms, ms);

      start = g_get_monotonic_time ();
      g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_no_error (error);
      g_array_append_val (commit_ms, ms);
    }
  close (fd);

  p99 = percentile (commit_ms, 0.99);
  f99 = percentile (fsync_ms, 0.99);
  printf ("BENCH checkout-commit n=%d p50_ms=%.3f p99_ms=%.3f fsync_p99_ms=%.3f "
          "ratio_p99=%.2f\n", N_COMMITS, percentile (commit_ms, 0.50), p99, f99,
          f99 > 0 ? p99 / f99 : 0.0);
  g_printerr ("fsync p50 %.3f ms, commit max %.3f ms\n", percentile (fsync_ms, 0.50),
              g_array_index (commit_ms, double, commit_ms->len - 1));

  g_clear_object (&sales);
  g_clear_object (&db);
  store_test_remove_tree (dir);

  return 0;
}
