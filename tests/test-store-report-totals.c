/* test-store-report-totals.c — the report totals, written after the sale rather than by
 * its commit, on a real encrypted database: brought up to every sale committed since
 * (and only once), before a report reads them, and kept exact across retention, which
 * deletes sales whose rowids are then given again.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kasir-after-sale.h"
#include "kasir-database-private.h"
#include "kasir-report-repository.h"
#include "kasir-report-totals.h"
#include "kasir-sales-repository.h"
#include "kasir-sales-retention.h"
#include "store-test-util.h"

typedef struct
{
  gint64 sales, net, change, paid, qty, line_total;
} Sums;

static Sums
report_sums (KasirDatabase *db)
{
  return (Sums) {
    store_test_query (db, "SELECT coalesce(sum(sales), 0) FROM report_sales"),
    store_test_query (db, "SELECT coalesce(sum(net), 0) FROM report_sales"),
    store_test_query (db, "SELECT coalesce(sum(change_due), 0) FROM report_sales"),
    store_test_query (db, "SELECT coalesce(sum(amount), 0) FROM report_payments"),
    store_test_query (db, "SELECT coalesce(sum(qty), 0) FROM report_products"),
    store_test_query (db, "SELECT coalesce(sum(total), 0) FROM report_products"),
  };
}

/* The same sums, straight from the sales on the till. */
static Sums
sale_sums (KasirDatabase *db)
{
  return (Sums) {
    store_test_query (db, "SELECT count(*) FROM sales"),
    store_test_query (db, "SELECT coalesce(sum(total), 0) FROM sales"),
    store_test_query (db, "SELECT coalesce(sum(change_due), 0) FROM sales"),
    store_test_query (db, "SELECT coalesce(sum(amount), 0) FROM sale_payments"),
    store_test_query (db, "SELECT coalesce(sum(qty), 0) FROM sale_lines"),
    store_test_query (db, "SELECT coalesce(sum(total), 0) FROM sale_lines"),
  };
}

static void
assert_sums_equal (Sums a,
                   Sums b)
{
  g_assert_cmpint (a.sales, ==, b.sales);
  g_assert_cmpint (a.net, ==, b.net);
  g_assert_cmpint (a.change, ==, b.change);
  g_assert_cmpint (a.paid, ==, b.paid);
  g_assert_cmpint (a.qty, ==, b.qty);
  g_assert_cmpint (a.line_total, ==, b.line_total);
}

/* Commits @n sales made on 2 November 2026 from @hour, one an hour, of 1 to 3 lines. */
static void
commit_sales (KasirDatabase *db,
              guint          n,
              guint          hour)
{
  g_autoptr(KasirSalesRepository) repo = kasir_sales_repository_new (db);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KasirSale) sale = store_test_sale (i % 3 + 1, i % 2 + 1);

      sale->created_at = g_strdup_printf ("2026-11-02T%02u:%02u:00Z", hour + i / 4, (i % 4) * 15);
      g_assert_true (kasir_sales_repository_commit_sale (repo, sale, &error));
      g_assert_no_error (error);
    }
}

static void
test_after_the_sale (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KasirDatabase) db = store_test_open_db (&dir);
  g_autoptr(KasirReportRepository) reports = kasir_report_repository_new (db);
  g_autoptr(KasirReport) report = NULL;
  g_autoptr(GError) error = NULL;
  Sums caught;
  guint added = 99;

  /* The sale's own commit leaves the totals alone. */
  commit_sales (db, 5, 8);
  g_assert_cmpint (report_sums (db).sales, ==, 0);

  g_assert_true (kasir_report_totals_catch_up (db, &added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 5);
  caught = report_sums (db);
  assert_sums_equal (caught, sale_sums (db));
  g_assert_cmpint (store_test_query (db, "SELECT value FROM counters WHERE name = 'report_rowid'"),
                   ==, store_test_query (db, "SELECT max(rowid) FROM sales"));

  /* Once only. */
  g_assert_true (kasir_report_totals_catch_up (db, &added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 0);
  assert_sums_equal (report_sums (db), caught);

  /* A report reads every sale, those committed since the last catch-up too. */
  commit_sales (db, 3, 14);
  report = kasir_report_repository_summarize (reports, "2026-11-02T00:00:00Z",
                                              "2026-11-03T00:00:00Z", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->sale_count, ==, 8);
  g_assert_cmpint (report->sales, ==, store_test_query (db, "SELECT sum(total) FROM sales"));
  assert_sums_equal (report_sums (db), sale_sums (db));

  g_clear_object (&reports);
  g_clear_object (&db);
  store_test_remove_tree (dir);
}

/* Retention deletes the newest sales too when every one is old and synced; the next sale
 * is then given a rowid the totals had already counted up to, and must still be added. */
static void
test_rowids_given_again (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KasirDatabase) db = store_test_open_db (&dir);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2027, 6, 1, 0, 0, 0);
  g_autoptr(GError) error = NULL;
  Sums before, after;
  guint pruned = 0, added = 0;

  commit_sales (db, 6, 8);
  g_assert_true (kasir_report_totals_catch_up (db, NULL, &error));
  g_assert_no_error (error);
  before = report_sums (db);
  g_assert_cmpint (before.sales, ==, 6);

  /* Three more, not yet in the totals; then all nine are synced and old. */
  commit_sales (db, 3, 12);
  g_assert_true (kasir_database_exec (db, "UPDATE outbox SET state = 'acked'", &error));
  g_assert_no_error (error);
  g_assert_true (kasir_sales_retention_prune (db, now, &pruned, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pruned, ==, 9);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM sales"), ==, 0);
  /* The totals outlive the sales, the three retention added among them. */
  after = report_sums (db);
  g_assert_cmpint (after.sales, ==, 9);

  /* The next sale is rowid 1 again, and is counted. */
  commit_sales (db, 1, 20);
  g_assert_cmpint (store_test_query (db, "SELECT max(rowid) FROM sales"), ==, 1);
  g_assert_true (kasir_report_totals_catch_up (db, &added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 1);
  g_assert_cmpint (report_sums (db).sales, ==, 10);
  g_assert_cmpint (report_sums (db).net, ==,
                   after.net + store_test_query (db, "SELECT total FROM sales"));

  g_clear_object (&db);
  store_test_remove_tree (dir);
}

static void
on_caught_up (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  guint *added = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (kasir_after_sale_finish (KASIR_DATABASE (source), result, added, &error));
  g_assert_no_error (error);
}

/* On a worker thread with its own connection, as the till runs it after a sale. */
static void
test_async (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KasirDatabase) db = store_test_open_db (&dir);
  guint added = G_MAXUINT;

  commit_sales (db, 4, 8);
  kasir_after_sale_async (db, NULL, on_caught_up, &added);
  while (added == G_MAXUINT)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (added, ==, 4);
  assert_sums_equal (report_sums (db), sale_sums (db));

  g_clear_object (&db);
  store_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Store/ReportTotals/after-the-sale", test_after_the_sale);
  g_test_add_func ("/Kasir/Store/ReportTotals/rowids-given-again", test_rowids_given_again);
  g_test_add_func ("/Kasir/Store/ReportTotals/async", test_async);

  return g_test_run ();
}
