/* test-store-history-count.c — what the sales history reads off the UI thread and far
 * down the list, against a real SQLCipher database: the count made on a connection of a
 * worker's own (stopped by its cancellable, with nothing read), and a page counted from
 * the top far down (read through the index) the same as reading on page after page,
 * with filters too.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-database-private.h"
#include "kasir-sales-history.h"
#include "kasir-sales-repository.h"
#include "store-test-util.h"

/* Each page of @filter counted from the top is the page read on from the one before. */
static void
assert_pages_agree (KasirDatabase          *db,
                    const KasirSalesFilter *filter,
                    guint                   expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  guint seen = 0;

  for (guint offset = 0; ; offset += 7)
    {
      g_autoptr(GPtrArray) counted = kasir_sales_history_page (db, filter, offset, 7, &error);
      g_autoptr(GPtrArray) read_on = NULL;

      g_assert_no_error (error);
      if (before != NULL)
        {
          read_on = kasir_sales_history_page_after (db, filter, before->pdata[before->len - 1], 7, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (read_on->len, ==, counted->len);
          for (guint i = 0; i < counted->len; i++)
            {
              const KasirSaleSummary *a = counted->pdata[i], *b = read_on->pdata[i];

              g_assert_cmpstr (a->receipt_no, ==, b->receipt_no);
              g_assert_cmpstr (a->methods, ==, b->methods);
              g_assert_cmpint (a->total, ==, b->total);
            }
        }
      seen += counted->len;
      if (counted->len < 7)
        break;
      g_clear_pointer (&before, g_ptr_array_unref);
      before = g_steal_pointer (&counted);
    }
  g_assert_cmpuint (seen, ==, expected);
}

static void
test_count_and_far_pages (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "till.db", NULL);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirDatabase) worker = NULL;
  g_autoptr(KasirSalesRepository) sales = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  KasirSalesFilter filter = KASIR_SALES_FILTER_INIT;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  gint64 n = -1;

  store_test_random_key (key);
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  sales = kasir_sales_repository_new (db);
  for (guint i = 1; i <= 60; i++)
    {
      g_autoptr(KasirSale) sale = store_test_sale (2, i % 3 == 0 ? 2 : 1);
      /* Sales of the same minute: the order among them is the rowid's. */
      g_autofree char *at = g_strdup_printf ("2026-11-%02uT10:00:00Z", 1 + i / 4);

      sale->staff_id = i % 2 == 0 ? 3 : 4;
      sale->created_at = g_strdup (at);
      g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
      g_assert_no_error (error);
    }

  /* The count on a worker's own connection. */
  worker = kasir_database_open_connection (db, &error);
  g_assert_no_error (error);
  g_assert_true (kasir_sales_history_count_cancellable (worker, &filter, cancellable, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 60);
  filter.staff_id = 3;
  g_assert_true (kasir_sales_history_count_cancellable (worker, &filter, cancellable, &n, &error));
  g_assert_cmpint (n, ==, 30);
  /* Stopped: an error that says so, no count. */
  g_cancellable_cancel (cancellable);
  n = -1;
  g_assert_false (kasir_sales_history_count_cancellable (worker, &filter, cancellable, &n, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (n, ==, -1);

  /* Far pages counted from the top are the pages read on, for every filter. */
  filter = (KasirSalesFilter) KASIR_SALES_FILTER_INIT;
  assert_pages_agree (db, &filter, 60);
  filter.staff_id = 3;
  assert_pages_agree (db, &filter, 30);
  filter = (KasirSalesFilter) KASIR_SALES_FILTER_INIT;
  filter.receipt = "0-0000";
  assert_pages_agree (db, &filter, 60);
  filter.receipt = "0-00001";
  assert_pages_agree (db, &filter, 10);

  g_clear_object (&worker);
  g_clear_object (&sales);
  g_clear_object (&db);
  store_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Kasir/Store/HistoryCount/count-and-far-pages", test_count_and_far_pages);
  return g_test_run ();
}
