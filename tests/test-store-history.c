/* test-store-history.c — the sales history's pages and filters against a real SQLCipher
 * database: newest first, by receipt number (whole, its start, or its number alone), by
 * date, cashier and payment method, with each sale's sync state; reprints recorded.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-database-private.h"
#include "kasir-sales-history.h"
#include "kasir-sales-repository.h"
#include "store-test-util.h"

static gint64
count (KasirDatabase          *db,
       const KasirSalesFilter *filter)
{
  g_autoptr(GError) error = NULL;
  gint64 n = -1;

  g_assert_true (kasir_sales_history_count (db, filter, &n, &error));
  g_assert_no_error (error);
  return n;
}

static void
test_history (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "till.db", NULL);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirSalesRepository) sales = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autofree char *middle = NULL;
  KasirSalesFilter filter = KASIR_SALES_FILTER_INIT;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  gint64 reprints = 0;

  store_test_random_key (key);
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  sales = kasir_sales_repository_new (db);
  for (guint i = 1; i <= 30; i++)
    {
      g_autoptr(KasirSale) sale = store_test_sale (2, i % 3 == 0 ? 2 : 1);
      g_autofree char *at = g_strdup_printf ("2026-11-%02uT10:00:00Z", i);

      sale->staff_id = i <= 10 ? 3 : 4;
      sale->created_at = g_strdup (at);
      g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
      g_assert_no_error (error);
      if (i == 15)
        middle = g_strdup (sale->sale_id);
    }

  g_assert_cmpint (count (db, &filter), ==, 30);
  page = kasir_sales_history_page (db, &filter, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 10);
  g_assert_cmpstr (((KasirSaleSummary *) page->pdata[0])->receipt_no, ==, "0-000030");
  g_assert_cmpstr (((KasirSaleSummary *) page->pdata[9])->receipt_no, ==, "0-000021");
  g_assert_cmpint (((KasirSaleSummary *) page->pdata[0])->sync, ==, KASIR_SALE_SYNC_PENDING);
  g_assert_cmpstr (((KasirSaleSummary *) page->pdata[0])->methods, ==, "card+cash");
  {
    /* Read on from a row: the same rows as counting past the ones before it. */
    g_autoptr(GPtrArray) after = kasir_sales_history_page_after (db, &filter, page->pdata[9], 10, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (after->len, ==, 10);
    g_assert_cmpstr (((KasirSaleSummary *) after->pdata[0])->receipt_no, ==, "0-000020");
    g_assert_cmpstr (((KasirSaleSummary *) after->pdata[9])->receipt_no, ==, "0-000011");
  }
  g_clear_pointer (&page, g_ptr_array_unref);
  page = kasir_sales_history_page (db, &filter, 25, 10, &error);
  g_assert_cmpuint (page->len, ==, 5);
  g_clear_pointer (&page, g_ptr_array_unref);

  /* Receipt numbers: whole (as scanned), a start, or the number alone. */
  filter.receipt = "0-000015";
  g_assert_cmpint (count (db, &filter), ==, 1);
  filter.receipt = "0-00001";
  g_assert_cmpint (count (db, &filter), ==, 10);
  filter.receipt = "15";
  g_assert_cmpint (count (db, &filter), ==, 1);
  filter.receipt = "9-";
  g_assert_cmpint (count (db, &filter), ==, 0);
  /* A receipt search read on from a row goes down the receipt numbers. */
  filter.receipt = "0-00001";
  page = kasir_sales_history_page (db, &filter, 0, 5, &error);
  g_assert_cmpstr (((KasirSaleSummary *) page->pdata[4])->receipt_no, ==, "0-000015");
  {
    g_autoptr(GPtrArray) after = kasir_sales_history_page_after (db, &filter, page->pdata[4], 10, &error);

    g_assert_cmpuint (after->len, ==, 5);
    g_assert_cmpstr (((KasirSaleSummary *) after->pdata[0])->receipt_no, ==, "0-000014");
  }
  g_clear_pointer (&page, g_ptr_array_unref);
  /* Digits that may be this till's number or a scanned barcode: either sale is found. */
  filter.receipt = "10000015";
  filter.scanned = "0-000015";
  g_assert_cmpint (count (db, &filter), ==, 1);
  filter.scanned = NULL;
  g_assert_cmpint (count (db, &filter), ==, 0);
  filter.receipt = NULL;

  /* Dates, cashier, method. */
  filter.from = "2026-11-10T00:00:00Z";
  filter.until = "2026-11-20T00:00:00Z";
  g_assert_cmpint (count (db, &filter), ==, 10);
  filter.staff_id = 3;
  g_assert_cmpint (count (db, &filter), ==, 1);
  filter.from = filter.until = NULL;
  filter.staff_id = 0;
  filter.method = KASIR_PAYMENT_CARD;
  g_assert_cmpint (count (db, &filter), ==, 10);
  filter.method = -1;

  /* Synced once the server acknowledged it. */
  g_assert_true (kasir_database_exec (db, "UPDATE outbox SET state = 'acked'", &error));
  page = kasir_sales_history_page (db, &filter, 0, 1, &error);
  g_assert_cmpint (((KasirSaleSummary *) page->pdata[0])->sync, ==, KASIR_SALE_SYNC_SYNCED);

  /* Reprints are recorded. */
  g_assert_true (kasir_sales_history_record_reprint (db, middle, 3, &error));
  g_assert_true (kasir_sales_history_record_reprint (db, middle, 4, &error));
  g_assert_true (kasir_sales_history_count_reprints (db, middle, &reprints, &error));
  g_assert_no_error (error);
  g_assert_cmpint (reprints, ==, 2);

  g_clear_object (&db);
  store_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Kasir/Store/History/pages-and-filters", test_history);
  return g_test_run ();
}
