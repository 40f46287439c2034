/* bench-sales-history.c — the sales history with 100,000 sales on the till.
 *
 * Prints: BENCH sales-history sales=100000 open_ms=... search_p99_ms=... search_p50_ms=...
 *         scroll_p99_ms=... counted_ms=... grow_max_ms=...
 * and a breakdown: BENCH sales-history-parts open_sql_ms=... open_model_ms=...
 *         search_sql_p99_ms=... search_model_p99_ms=... search_view_p99_ms=...
 *         count_sql_p99_ms=... grow_step_max_ms=...
 *
 * open_ms: from creating the window until its first frame with the first page painted.
 * search_p99_ms/p50_ms: a cashier types receipt numbers digit by digit into the search
 * field; each keystroke is timed from the text changing until the list model holds the
 * matching sales (what the main thread does before it can draw). The list then holds the
 * top rows; a search matching more is counted on a worker thread and the list grows to
 * the count when it comes: counted_ms is from creating the window until the whole list is
 * there, grow_max_ms the longest of five searches matching every sale from the keystroke
 * until the list has grown to all of them (main loop running). scroll_p99_ms: reading a
 * row far down the list (a page not read yet), as scrolling does.
 *
 * The breakdown times the same work in parts, each keystroke after the window's: the
 * repository's queries alone (what the model asks of the database on the UI thread for a
 * search: the top two pages), a model with no view (those queries and the model's own
 * work), and the view's part (the window's time minus the model's for the same keystroke);
 * count_sql_p99_ms is the count the worker thread makes, timed alone. open_sql_ms and open_model_ms
 * are read after the window opened, so with the database's pages already in memory.
 * grow_step_max_ms: while the list grows to all the sales after a search (the five
 * searches of grow_max_ms), the longest the main thread was busy in one main loop
 * iteration (its CPU time: waiting for the count is not counted), frames drawn included;
 * what a key pressed meanwhile may wait for.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include <adwaita.h>

#include "bench-util.h"
#include "kasir-database-private.h"
#include "kasir-sales-history-model.h"
#include "kasir-sales-history-window.h"
#include "kasir-till-context.h"
#include "ui-bench-util.h"

#define N_SALES   100000
#define N_QUERIES 30

static guint paints;

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       data)
{
  paints++;
}

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

/* 100,000 sales of one or two lines, a minute apart, in one transaction. */
static void
make_sales (KasirDatabase *db)
{
  g_autoptr(GError) error = NULL;
  /* The rows are written directly, without the reports' running totals (the sale's
   * commit adds those; before version 20, triggers did and are dropped here): filling
   * them for 100,000 sales at once is not what is measured here (it took longer than the
   * benchmark's time limit on a busy machine), and the history never reads them. */
  g_autofree char *sql = g_strdup_printf (
    "BEGIN;"
    "DROP TRIGGER IF EXISTS report_sales_after_insert;"
    "DROP TRIGGER IF EXISTS report_payments_after_insert;"
    "DROP TRIGGER IF EXISTS report_products_after_insert;"
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d) "
    "INSERT INTO sales (sale_id, receipt_no, terminal_id, receipt_seq, staff_id, currency, "
    "  tax_inclusive, subtotal, discount, fee, tax, total, change_due, loyalty_redeemed, created_at) "
    "SELECT printf ('00000000-0000-4000-8000-%%012d', i), printf ('7-%%06d', i), 7, i, 1 + i %% 3, "
    "  'IDR', 1, 15000, 0, 0, 1486, 15000, 0, 0, "
    "  strftime ('%%Y-%%m-%%dT%%H:%%M:%%SZ', '2026-01-01', printf ('+%%d minutes', i)) FROM n;"
    "INSERT INTO sale_lines (line_key, product_id, sku, name, qty, unit_price, price_version, "
    "  tax_rate_bp, discount, tax, total) "
    "SELECT sale_row * 65536 + 1, 1, 'SKU-1', 'Kopi', 1, 15000, 1, 1100, 0, 1486, 15000 FROM sales;"
    "INSERT INTO sale_payments (payment_key, method, amount) "
    "SELECT sale_row * 65536 + 1, CASE receipt_seq %% 4 WHEN 0 THEN 'card' ELSE 'cash' END, 15000 FROM sales;"
    "UPDATE sync_state SET terminal_id = 7 WHERE id = 1;"
    "COMMIT;", N_SALES);

  g_assert_true (kasir_database_exec (db, sql, &error));
  g_assert_no_error (error);
}

/* What the model asks of the repository on the UI thread for @receipt ("" for all
 * sales), the top two pages, in milliseconds. */
static double
time_sql (KasirDatabase *db,
          const char    *receipt)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) more = NULL;
  KasirSalesFilter filter = KASIR_SALES_FILTER_INIT;
  gint64 t0 = g_get_monotonic_time ();

  filter.receipt = *receipt != '\0' ? receipt : NULL;
  rows = kasir_sales_history_page (db, &filter, 0, 100, &error);
  g_assert_no_error (error);
  if (rows->len == 100)
    more = kasir_sales_history_page_after (db, &filter, rows->pdata[99], 100, &error);
  g_assert_no_error (error);
  return (g_get_monotonic_time () - t0) / 1000.0;
}

/* The count of the sales @receipt matches, alone, in milliseconds. */
static double
time_count (KasirDatabase *db,
            const char    *receipt)
{
  g_autoptr(GError) error = NULL;
  KasirSalesFilter filter = KASIR_SALES_FILTER_INIT;
  gint64 t0 = g_get_monotonic_time ();
  gint64 n = 0;

  filter.receipt = *receipt != '\0' ? receipt : NULL;
  g_assert_true (kasir_sales_history_count (db, &filter, &n, &error));
  return (g_get_monotonic_time () - t0) / 1000.0;
}

/* Until the list has grown to its count; returns the most CPU time one main loop
 * iteration took meanwhile, in milliseconds. */
static double
wait_counted (KasirSalesHistoryModel *model)
{
  double longest = 0;

  while (kasir_sales_history_model_is_counting (model))
    {
      double t0 = bench_thread_cpu_ms ();

      g_main_context_iteration (NULL, TRUE);
      longest = MAX (longest, bench_thread_cpu_ms () - t0);
    }
  return longest;
}

/* A model with no view narrowed to @receipt, and its first row read, in milliseconds. */
static double
time_model (KasirSalesHistoryModel *model,
            const char             *receipt)
{
  gint64 t0 = g_get_monotonic_time ();

  kasir_sales_history_model_set_receipt (model, receipt);
  if (g_list_model_get_n_items (G_LIST_MODEL (model)) > 0)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), 0));
  return (g_get_monotonic_time () - t0) / 1000.0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirTillContext) context = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GArray) search_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) scroll_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sql_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) model_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) view_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) count_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(KasirSalesHistoryModel) bare = NULL;
  KasirSalesHistoryWindow *window;
  GListModel *model;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  gint64 start, t_open;
  double open_ms, open_sql_ms, open_model_ms, counted_ms, grow_max_ms = 0, grow_step_max_ms = 0;

  gtk_init ();
  adw_init ();

  dir = g_dir_make_tmp ("kasir-bench-history-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "kasir.db", NULL);
  for (guint i = 0; i < sizeof key; i++)
    key[i] = (guint8) g_random_int ();
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  make_sales (db);
  context = kasir_till_context_new (NULL);
  kasir_till_context_set_database (context, db);

  start = g_get_monotonic_time ();
  window = kasir_sales_history_window_new (NULL, context);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (on_after_paint), NULL);
  /* The first frame may have been painted before the handler was there: one more. */
  gtk_widget_queue_draw (GTK_WIDGET (window));
  while (paints == 0)
    g_main_context_iteration (NULL, TRUE);
  open_ms = (g_get_monotonic_time () - start) / 1000.0;
  model = G_LIST_MODEL (kasir_sales_history_window_get_model (window));
  wait_counted (KASIR_SALES_HISTORY_MODEL (model));
  counted_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_SALES);
  open_sql_ms = time_sql (db, "");
  t_open = g_get_monotonic_time ();
  bare = kasir_sales_history_model_new (db);
  g_object_unref (g_list_model_get_item (G_LIST_MODEL (bare), 0));
  open_model_ms = (g_get_monotonic_time () - t_open) / 1000.0;

  for (guint q = 0; q < N_QUERIES; q++)
    {
      g_autofree char *receipt = g_strdup_printf ("7-%06d", g_rand_int_range (rand, 1, N_SALES + 1));
      g_autoptr(GString) typed = g_string_new (NULL);

      for (const char *c = receipt; *c != '\0'; c++)
        {
          gint64 t0;
          double whole, part;

          g_string_append_c (typed, *c);
          t0 = g_get_monotonic_time ();
          kasir_sales_history_window_search (window, typed->str);
          /* The first row the view shows is read too, as drawing it does. */
          if (g_list_model_get_n_items (model) > 0)
            g_object_unref (g_list_model_get_item (model, 0));
          whole = (g_get_monotonic_time () - t0) / 1000.0;
          g_array_append_val (search_ms, whole);
          part = time_model (bare, typed->str);
          g_array_append_val (model_ms, part);
          g_array_append_val (view_ms, ((double) { whole - part }));
          g_array_append_val (sql_ms, ((double) { time_sql (db, typed->str) }));
          g_array_append_val (count_ms, ((double) { time_count (db, typed->str) }));
        }
      g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
    }
  for (guint i = 0; i < 5; i++)
    {
      gint64 t0;
      double step_ms;

      kasir_sales_history_window_search (window, "7");
      t0 = g_get_monotonic_time ();
      kasir_sales_history_window_search (window, "7-");
      step_ms = wait_counted (KASIR_SALES_HISTORY_MODEL (model));
      grow_step_max_ms = MAX (grow_step_max_ms, step_ms);
      grow_max_ms = MAX (grow_max_ms, (g_get_monotonic_time () - t0) / 1000.0);
      g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_SALES);
    }
  kasir_sales_history_window_search (window, "");
  wait_counted (KASIR_SALES_HISTORY_MODEL (model));
  for (guint i = 0; i < 50; i++)
    {
      guint position = (guint) g_rand_int_range (rand, 0, N_SALES);
      gint64 t0 = g_get_monotonic_time ();

      g_object_unref (g_list_model_get_item (model, position));
      g_array_append_val (scroll_ms, ((double) { (g_get_monotonic_time () - t0) / 1000.0 }));
    }

  printf ("BENCH sales-history sales=%d open_ms=%.1f search_p99_ms=%.2f search_p50_ms=%.2f "
          "scroll_p99_ms=%.2f counted_ms=%.1f grow_max_ms=%.1f\n", N_SALES, open_ms,
          percentile (search_ms, 0.99), percentile (search_ms, 0.5), percentile (scroll_ms, 0.99),
          counted_ms, grow_max_ms);
  printf ("BENCH sales-history-parts open_sql_ms=%.1f open_model_ms=%.1f search_sql_p99_ms=%.2f "
          "search_model_p99_ms=%.2f search_view_p99_ms=%.2f count_sql_p99_ms=%.2f grow_step_max_ms=%.2f\n",
          open_sql_ms, open_model_ms, percentile (sql_ms, 0.99), percentile (model_ms, 0.99),
          percentile (view_ms, 0.99), percentile (count_ms, 0.99), grow_step_max_ms);

  g_clear_object (&bare);
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&context);
  g_clear_object (&db);
  ui_bench_remove_tree (dir);
  return 0;
}
