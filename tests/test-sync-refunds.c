/* test-sync-refunds.c — a refund made offline reaches a real kasir-server exactly once:
 * the server's refunds and stock are right (goods back on the shelf, a written-off line
 * not), and a second refund of the same line forced through another till of the outlet
 * raises a refunded_twice conflict on the server (the money recorded, no more stock).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kasir-cart.h"
#include "kasir-catalog-repository.h"
#include "kasir-database-private.h"
#include "kasir-refund-repository.h"
#include "kasir-sales-repository.h"
#include "kasir-test-network-monitor.h"
#include "sync-test-util.h"

typedef SyncTestOutlet Fixture;

static gint64
choose_product (KasirDatabase *db,
                gint64         after)
{
  g_autofree char *sql = g_strdup_printf ("SELECT min(product_id) FROM stock WHERE outlet_id = 1 "
                                          "AND qty BETWEEN 5 AND 500 AND product_id > %" G_GINT64_FORMAT,
                                          after);
  gint64 id = sync_test_local_query (db, sql);

  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
cashier_of (KasirDatabase *db)
{
  return sync_test_local_query (db, "SELECT min(id) FROM staff WHERE outlet_id = 1 AND role = 'cashier'");
}

/* Sells 3 of @p1 and 2 of @p2 for cash. */
static KasirSale *
sell (KasirDatabase *db,
      gint64         p1,
      gint64         p2)
{
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (db);
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (db);
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", TRUE);
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  g_autoptr(KasirProduct) a = kasir_catalog_repository_get_product (catalog, p1, NULL);
  g_autoptr(KasirProduct) b = kasir_catalog_repository_get_product (catalog, p2, NULL);
  g_autoptr(GError) error = NULL;
  KasirSale *sale;

  kasir_cart_add_product (cart, a, 3);
  kasir_cart_add_product (cart, b, 2);
  g_assert_true (kasir_cart_compute (cart, &error));
  g_ptr_array_add (payments, kasir_payment_new (KASIR_PAYMENT_CASH, cart->total));
  sale = kasir_cart_to_sale (cart, payments, 0, &error);
  g_assert_no_error (error);
  sale->staff_id = cashier_of (db);
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
  return sale;
}

static gint64
server_stock (Fixture *f,
              gint64   product)
{
  g_autofree char *sql = g_strdup_printf ("SELECT qty FROM stock WHERE product_id = %" G_GINT64_FORMAT
                                          " AND outlet_id = 1", product);

  return sync_test_server_query (f->server, sql);
}

static void
test_refund_once (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(KasirRefund) refund = NULL;
  g_autoptr(KasirRefund) forced = NULL;
  g_autoptr(KasirRefundRepository) refunds_a = kasir_refund_repository_new (f->a.db);
  g_autoptr(KasirRefundRepository) refunds_b = kasir_refund_repository_new (f->b.db);
  gint64 p1 = choose_product (f->a.db, 0);
  gint64 p2 = choose_product (f->a.db, p1);
  gint64 stock1, stock2;
  KasirRefundPick picks[] = { { 1, 2, FALSE }, { 2, 1, TRUE } };
  g_autofree char *sale_total_sql = NULL;

  sale = sell (f->a.db, p1, p2);
  sync_test_till_sync (&f->a);
  stock1 = server_stock (f, p1);
  stock2 = server_stock (f, p2);

  /* Offline: 2 of the 3 of p1 back on the shelf, 1 of p2 written off. */
  kasir_test_network_monitor_set_available (f->a.monitor, FALSE);
  refund = kasir_refund_repository_commit (refunds_a, sale, picks, G_N_ELEMENTS (picks), NULL, "salah ukuran",
                                           cashier_of (f->a.db), 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (server_stock (f, p1), ==, stock1);
  kasir_test_network_monitor_set_available (f->a.monitor, TRUE);
  sync_test_till_sync (&f->a);
  /* A second sync sends nothing again. */
  sync_test_till_sync (&f->a);

  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM refunds"), ==, 1);
  sale_total_sql = g_strdup_printf ("SELECT total FROM refunds WHERE sale_id = '%s'", sale->sale_id);
  g_assert_cmpint (sync_test_server_query (f->server, sale_total_sql), ==, refund->total);
  g_assert_cmpint (server_stock (f, p1), ==, stock1 + 2);
  g_assert_cmpint (server_stock (f, p2), ==, stock2);
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM outbox WHERE state = 'rejected'"), ==, 0);

  /* The same line again through till b, which does not know of the first refund: both
   * tills gave the money back, so the server records it, puts nothing more on the shelf
   * and raises a refunded_twice conflict for a manager, which reaches both tills. */
  {
    KasirRefundPick again = { 1, 2, FALSE };

    forced = kasir_refund_repository_commit (refunds_b, sale, &again, 1, NULL, "", cashier_of (f->b.db), 0, NULL,
                                             &error);
    g_assert_no_error (error);
  }
  sync_test_till_sync (&f->b);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM refunds"), ==, 2);
  g_assert_cmpint (server_stock (f, p1), ==, stock1 + 2);
  g_assert_cmpint (sync_test_local_query (f->b.db, "SELECT count(*) FROM outbox WHERE state = 'rejected'"), ==, 0);
  {
    g_autofree char *conflict_sql =
      g_strdup_printf ("SELECT count(*) FROM conflicts WHERE kind = 'refunded_twice' AND status = 'open' "
                       "AND entity = 'sale' AND entity_id = '%s'", sale->sale_id);

    g_assert_cmpint (sync_test_server_query (f->server, conflict_sql), ==, 1);
    sync_test_till_sync (&f->b);
    sync_test_till_sync (&f->a);
    g_assert_cmpint (sync_test_local_query (f->b.db, conflict_sql), ==, 1);
    g_assert_cmpint (sync_test_local_query (f->a.db, conflict_sql), ==, 1);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/Kasir/Sync/Refunds/refund-once", Fixture, NULL, sync_test_outlet_set_up, test_refund_once,
              sync_test_outlet_tear_down);
  return g_test_run ();
}
