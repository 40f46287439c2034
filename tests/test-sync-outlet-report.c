/* test-sync-outlet-report.c — the whole outlet's report read by a till from a real
 * kasir-server: two tills sell and sync, and the report till a reads (as a manager)
 * grows by both tills' sales, to the rupiah, in total, net, cash and count; a cashier
 * asking is refused as forbidden.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-cart.h"
#include "kasir-catalog-repository.h"
#include "kasir-sales-repository.h"
#include "kasir-sync-client.h"
#include "sync-test-util.h"

typedef SyncTestOutlet Fixture;

static gint64
staff_of (KasirDatabase *db,
          const char    *role)
{
  g_autofree char *sql = g_strdup_printf ("SELECT min(id) FROM staff WHERE outlet_id = 1 AND active = 1 "
                                          "AND role = '%s'", role);
  gint64 id = sync_test_local_query (db, sql);

  g_assert_cmpint (id, >, 0);
  return id;
}

/* Sells @qty of a product in stock for cash; returns the sale's total. */
static KasirMoney
sell (KasirDatabase *db,
      int            qty,
      char         **day)
{
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (db);
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (db);
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", TRUE);
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  g_autoptr(KasirProduct) p = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = sync_test_local_query (db, "SELECT p.id FROM products p JOIN stock s ON s.product_id = p.id "
                                         "WHERE s.outlet_id = 1 AND s.qty BETWEEN 10 AND 500 "
                                         "ORDER BY p.id LIMIT 1");

  g_assert_cmpint (id, >, 0);
  p = kasir_catalog_repository_get_product (catalog, id, &error);
  g_assert_no_error (error);
  kasir_cart_add_product (cart, p, qty);
  g_assert_true (kasir_cart_compute (cart, &error));
  g_ptr_array_add (payments, kasir_payment_new (KASIR_PAYMENT_CASH, cart->total));
  sale = kasir_cart_to_sale (cart, payments, 0, &error);
  g_assert_no_error (error);
  sale->staff_id = staff_of (db, "cashier");
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
  if (*day == NULL)
    *day = g_strndup (sale->created_at, 10);
  return sale->total;
}

typedef struct
{
  KasirReport *report;
  GError      *error;
  gboolean     done;
} Answer;

static void
on_report (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Answer *answer = user_data;

  answer->report = kasir_sync_client_report_summary_finish (KASIR_SYNC_CLIENT (source), result,
                                                            &answer->error);
  answer->done = TRUE;
}

static gboolean
answered (gpointer data)
{
  return ((Answer *) data)->done;
}

/* The outlet's report for @day as till @till reads it for @staff_id; NULL with @error. */
static KasirReport *
outlet_report (SyncTestTill  *till,
               const char    *day,
               gint64         staff_id,
               GError       **error)
{
  KasirSyncClient *client = kasir_sync_service_get_client (till->service);
  Answer answer = { 0 };

  g_assert_nonnull (client);
  kasir_sync_client_report_summary_async (client, day, day, staff_id, NULL, on_report, &answer);
  g_assert_true (sync_test_wait_for (answered, &answer, 30));
  if (answer.error != NULL)
    g_propagate_error (error, answer.error);
  return answer.report;
}

static KasirMoney
cash_of (const KasirReport *report)
{
  for (guint i = 0; i < report->by_method->len; i++)
    {
      const KasirReportRow *row = report->by_method->pdata[i];

      if (g_strcmp0 (row->key, "cash") == 0)
        return row->amount;
    }
  return 0;
}

static void
test_two_tills (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(KasirReport) before = NULL;
  g_autoptr(KasirReport) after = NULL;
  g_autoptr(KasirReport) refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *day = NULL;
  gint64 manager = staff_of (f->a.db, "manager");
  KasirMoney sold;
  gint64 hour_sales_before = 0, hour_sales_after = 0;

  /* A first sale tells the day (as the sales are dated); the report before the others. */
  sold = sell (f->a.db, 1, &day);
  sync_test_till_sync (&f->a);
  before = outlet_report (&f->a, day, manager, &error);
  g_assert_no_error (error);
  g_assert_cmpint (before->sale_count, >=, 1);

  /* Each till sells and syncs; neither knows the other's sales. */
  sold = sell (f->a.db, 2, &day);
  sold += sell (f->b.db, 3, &day);
  sold += sell (f->b.db, 1, &day);
  sync_test_till_sync (&f->a);
  sync_test_till_sync (&f->b);

  after = outlet_report (&f->a, day, manager, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->sale_count, ==, before->sale_count + 3);
  g_assert_cmpint (after->sales, ==, before->sales + sold);
  g_assert_cmpint (after->net, ==, before->net + sold);
  g_assert_cmpint (after->refunds, ==, before->refunds);
  g_assert_cmpint (cash_of (after), ==, cash_of (before) + sold);
  for (guint h = 0; h < 24; h++)
    {
      hour_sales_before += before->hour_count[h];
      hour_sales_after += after->hour_count[h];
    }
  g_assert_cmpint (hour_sales_after, ==, hour_sales_before + 3);
  g_assert_cmpuint (after->top_revenue->len, >=, 1);
  g_assert_cmpuint (after->top_quantity->len, ==, after->top_revenue->len);

  /* A cashier may not read it. */
  refused = outlet_report (&f->b, day, staff_of (f->b.db, "cashier"), &error);
  g_assert_null (refused);
  g_assert_error (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_FORBIDDEN);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/Kasir/Sync/OutletReport/two-tills", Fixture, NULL, sync_test_outlet_set_up,
              test_two_tills, sync_test_outlet_tear_down);
  return g_test_run ();
}
