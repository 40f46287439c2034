/* test-sync-loyalty.c — customers and points between real tills and a real kasir-server:
 * a customer made offline reaches the server once and comes back with the server's id
 * (the till's provisional row and its sales follow); the points a sale earns are
 * credited once; two tills spending the same points offline raise the server's
 * loyalty_overspent conflict.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kasir-cart.h"
#include "kasir-catalog-repository.h"
#include "kasir-customer-repository.h"
#include "kasir-database-private.h"
#include "kasir-loyalty.h"
#include "kasir-sales-repository.h"
#include "kasir-test-network-monitor.h"
#include "sync-test-util.h"

typedef SyncTestOutlet Fixture;

static gint64
cashier_of (KasirDatabase *db)
{
  return sync_test_local_query (db, "SELECT min(id) FROM staff WHERE outlet_id = 1 AND role = 'cashier'");
}

static gint64
a_product (KasirDatabase *db)
{
  /* The dearest one in stock, so that two of them cost more than a member's points. */
  gint64 id = sync_test_local_query (db, "SELECT p.id FROM products p JOIN stock s ON s.product_id = p.id "
                                         "WHERE s.outlet_id = 1 AND s.qty BETWEEN 5 AND 500 "
                                         "ORDER BY p.price DESC, p.id LIMIT 1");

  g_assert_cmpint (id, >, 0);
  return id;
}

/* Sells two of a product to @member, paying @points (worth 1 each) and the rest in
 * cash, earning one point per 1,000 as the checkout does. */
static KasirSale *
sell_to (KasirDatabase       *db,
         const KasirCustomer *member,
         gint64               points)
{
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (db);
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (db);
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", TRUE);
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  g_autoptr(KasirProduct) p = kasir_catalog_repository_get_product (catalog, a_product (db), NULL);
  g_autoptr(GError) error = NULL;
  KasirSale *sale;

  kasir_cart_add_product (cart, p, 2);
  cart->customer_id = member->id;
  g_assert_true (kasir_cart_compute (cart, &error));
  g_assert_cmpint (cart->total, >, points);
  if (points > 0)
    g_ptr_array_add (payments, kasir_payment_new (KASIR_PAYMENT_POINTS, points));
  g_ptr_array_add (payments, kasir_payment_new (KASIR_PAYMENT_CASH, cart->total - points));
  sale = kasir_cart_to_sale (cart, payments, points, &error);
  g_assert_no_error (error);
  sale->staff_id = cashier_of (db);
  sale->loyalty_earned = kasir_loyalty_points_earned (sale->total - points, 1000);
  if (member->id < 0)
    {
      sale->customer_id = 0;
      sale->customer_client_id = g_strdup (member->client_id);
    }
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
  return sale;
}

/* @sql with its one "%s" replaced by @arg (a UUID or an id this test made). */
static gint64
server_int (Fixture    *f,
            const char *sql,
            const char *arg)
{
  g_auto(GStrv) parts = g_strsplit (sql, "%s", 2);
  g_autofree char *full = g_strconcat (parts[0], arg, parts[1], NULL);

  return sync_test_server_query (f->server, full);
}

static void
test_new_member_once (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(KasirCustomerRepository) customers = kasir_customer_repository_new (f->a.db);
  g_autoptr(KasirCustomer) sari = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *local_sql = NULL;
  gint64 server_id;

  /* Offline: a new member, and a sale to her before the server has seen her. */
  kasir_test_network_monitor_set_available (f->a.monitor, FALSE);
  sari = kasir_customer_repository_create (customers, "Sari Dewi", "081255501234", "M-0777",
                                           cashier_of (f->a.db), &error);
  g_assert_no_error (error);
  g_assert_cmpint (sari->id, <, 0);
  sale = sell_to (f->a.db, sari, 0);
  g_assert_cmpint (sale->loyalty_earned, >, 0);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM customers WHERE client_id = '%s'", sari->client_id), ==, 0);

  kasir_test_network_monitor_set_available (f->a.monitor, TRUE);
  sync_test_till_sync (&f->a);
  sync_test_till_sync (&f->a);

  /* Once on the server, with the points the sale earned, and the sale names her. */
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM customers WHERE client_id = '%s'", sari->client_id), ==, 1);
  server_id = server_int (f, "SELECT id FROM customers WHERE client_id = '%s'", sari->client_id);
  g_assert_cmpint (server_id, >, 0);
  g_assert_cmpint (server_int (f, "SELECT loyalty_points FROM customers WHERE client_id = '%s'", sari->client_id),
                   ==, sale->loyalty_earned);
  g_assert_cmpint (server_int (f, "SELECT customer_id FROM sales WHERE id = '%s'", sale->sale_id), ==, server_id);

  /* The till now knows her by the server's id: the provisional row is gone and the sale
   * follows; her balance is the server's. */
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM customers WHERE id < 0"), ==, 0);
  local_sql = g_strdup_printf ("SELECT customer_id FROM sales WHERE sale_id = '%s'", sale->sale_id);
  g_assert_cmpint (sync_test_local_query (f->a.db, local_sql), ==, server_id);
  g_clear_pointer (&local_sql, g_free);
  local_sql = g_strdup_printf ("SELECT loyalty_points FROM customers WHERE id = %" G_GINT64_FORMAT, server_id);
  g_assert_cmpint (sync_test_local_query (f->a.db, local_sql), ==, sale->loyalty_earned);
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM outbox WHERE state = 'rejected'"), ==, 0);
}

static void
test_two_tills_overspend (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(KasirCustomerRepository) repo_a = kasir_customer_repository_new (f->a.db);
  g_autoptr(KasirCustomerRepository) repo_b = kasir_customer_repository_new (f->b.db);
  g_autoptr(KasirCustomer) on_a = NULL;
  g_autoptr(KasirCustomer) on_b = NULL;
  g_autoptr(KasirSale) sale_a = NULL;
  g_autoptr(KasirSale) sale_b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *idtext = NULL;
  gint64 id, points;

  /* A member both tills know with a balance (the demo outlet's customers have some). */
  id = sync_test_server_query (f->server, "SELECT min(id) FROM customers WHERE outlet_id = 1 "
                                          "AND loyalty_points >= 100");
  g_assert_cmpint (id, >, 0);
  idtext = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  points = server_int (f, "SELECT loyalty_points FROM customers WHERE id = %s", idtext);
  on_a = kasir_customer_repository_get (repo_a, id, &error);
  g_assert_no_error (error);
  on_b = kasir_customer_repository_get (repo_b, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (on_a->loyalty_points, ==, points);
  g_assert_cmpint (on_b->loyalty_points, ==, points);

  /* Offline, each till spends all of them: each within the balance it knows. */
  kasir_test_network_monitor_set_available (f->a.monitor, FALSE);
  kasir_test_network_monitor_set_available (f->b.monitor, FALSE);
  sale_a = sell_to (f->a.db, on_a, points);
  sale_b = sell_to (f->b.db, on_b, points);
  kasir_test_network_monitor_set_available (f->a.monitor, TRUE);
  kasir_test_network_monitor_set_available (f->b.monitor, TRUE);
  sync_test_till_sync (&f->a);
  sync_test_till_sync (&f->b);

  /* Both sales stand; the second spent points that were gone (the first left only what
   * it earned): the balance stops at zero, plus what the second earned, and a
   * loyalty_overspent conflict asks a manager. */
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM sales WHERE customer_id = %s", idtext), ==, 2);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM conflicts WHERE kind = 'loyalty_overspent' "
                                  "AND entity_id = '%s'", idtext), ==, 1);
  g_assert_cmpint (sale_a->loyalty_earned, <, points);
  g_assert_cmpint (server_int (f, "SELECT loyalty_points FROM customers WHERE id = %s", idtext),
                   ==, sale_b->loyalty_earned);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/Kasir/Sync/Loyalty/new-member-once", Fixture, NULL, sync_test_outlet_set_up,
              test_new_member_once, sync_test_outlet_tear_down);
  g_test_add ("/Kasir/Sync/Loyalty/two-tills-overspend", Fixture, NULL, sync_test_outlet_set_up,
              test_two_tills_overspend, sync_test_outlet_tear_down);
  return g_test_run ();
}
