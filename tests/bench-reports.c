/* bench-reports.c — how long a manager waits for a report on a busy till.
 *
 * 30 days of 600 sales (18,000 sales of 5 lines and 2 payments, over 200 products and
 * 4 cashiers, spread over the shop's opening hours), then the report of one day and of
 * the whole 30 days, 20 runs each after one warm-up. The till is in Jakarta (UTC+7), so a
 * local day spans two UTC days and the report reads the lines of its part days too.
 *
 * Prints: BENCH reports sales=18000 day_p99_ms=... month_p99_ms=... day_cpu_p99_ms=...
 * month_cpu_p99_ms=... — the wall-clock times the target is set for, then the CPU time
 * the reading thread itself took, which other work on a busy (shared) machine does not
 * inflate.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

#include "bench-util.h"
#include "kasir-database-private.h"
#include "kasir-report-repository.h"
#include "kasir-sales-repository.h"
#include "store-test-util.h"

#define DAYS 30
#define SALES_PER_DAY 600
#define RUNS 20

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
p99 (double *samples)
{
  qsort (samples, RUNS, sizeof *samples, compare_double);
  return samples[(guint) (0.99 * (RUNS - 1) + 0.5)];
}

static void
fill (KasirDatabase *db)
{
  g_autoptr(KasirSalesRepository) repo = kasir_sales_repository_new (db);
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GError) error = NULL;

  g_assert_true (kasir_database_begin (db, &error));
  for (guint day = 0; day < DAYS; day++)
    for (guint n = 0; n < SALES_PER_DAY; n++)
      {
        g_autoptr(KasirSale) sale = store_test_sale (5, 2);
        g_autoptr(GDateTime) at = g_date_time_new (local, 2026, 11, 1 + day, 8 + n * 13 / SALES_PER_DAY,
                                                   (n * 7) % 60, 0);
        g_autoptr(GDateTime) utc = g_date_time_to_utc (at);

        for (guint l = 0; l < sale->lines->len; l++)
          ((KasirSaleLine *) sale->lines->pdata[l])->product_id = 1 + (n * 5 + l) % 200;
        sale->staff_id = 1 + n % 4;
        sale->created_at = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
        g_assert_true (kasir_sales_repository_commit_sale (repo, sale, &error));
      }
  g_assert_true (kasir_database_commit (db, &error));
  g_assert_no_error (error);
}

/* Wall-clock milliseconds; @cpu_ms: this thread's CPU milliseconds. */
static double
run_ms (KasirReportRepository *repo,
        int                    first,
        int                    last,
        double                *cpu_ms)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) a = g_date_time_new (local, 2026, 11, first, 12, 0, 0);
  g_autoptr(GDateTime) b = g_date_time_new (local, 2026, 11, last, 12, 0, 0);
  g_autofree char *from = NULL, *to = NULL;
  g_autoptr(KasirReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  double cpu_start;

  kasir_report_local_days (a, b, &from, &to);
  start = g_get_monotonic_time ();
  cpu_start = bench_thread_cpu_ms ();
  report = kasir_report_repository_summarize (repo, from, to, NULL, &error);
  if (cpu_ms != NULL)
    *cpu_ms = bench_thread_cpu_ms () - cpu_start;
  g_assert_no_error (error);
  g_assert_cmpint (report->sale_count, ==, (gint64) (last - first + 1) * SALES_PER_DAY);
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirReportRepository) repo = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  double day[RUNS], month[RUNS], day_cpu[RUNS], month_cpu[RUNS];

  g_setenv ("TZ", "Asia/Jakarta", TRUE);
  dir = store_test_tmp_dir ();
  path = g_build_filename (dir, "kasir.db", NULL);

  store_test_random_key (key);
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  fill (db);
  repo = kasir_report_repository_new (db);

  run_ms (repo, 15, 15, NULL);
  run_ms (repo, 1, DAYS, NULL);
  for (guint i = 0; i < RUNS; i++)
    {
      day[i] = run_ms (repo, 1 + i % DAYS, 1 + i % DAYS, &day_cpu[i]);
      month[i] = run_ms (repo, 1, DAYS, &month_cpu[i]);
    }
  printf ("BENCH reports sales=%d day_p99_ms=%.2f month_p99_ms=%.2f day_cpu_p99_ms=%.2f "
          "month_cpu_p99_ms=%.2f\n", DAYS * SALES_PER_DAY, p99 (day), p99 (month), p99 (day_cpu),
          p99 (month_cpu));

  g_clear_object (&repo);
  g_clear_object (&db);
  store_test_remove_tree (dir);
  return 0;
}
