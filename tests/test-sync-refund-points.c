/* test-sync-refund-points.c — a refund of a member's sale moves her points, between a
 * real till and a real kasir-server: the till takes back the refunded share of the
 * points the sale earned and gives back points that paid for it (the refund goes back as
 * points first by default) in the refund's own transaction, the server does the same
 * once the refund arrives, and both end with the same balance; a refund of more as
 * points than points paid is refused at the till and writes nothing.
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
#include "kasir-input-error.h"
#include "kasir-loyalty.h"
#include "kasir-refund-repository.h"
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
local_points (KasirDatabase *db,
              gint64         id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT loyalty_points FROM customers WHERE id = %" G_GINT64_FORMAT, id);

  return sync_test_local_query (db, sql);
}

static gint64
server_points (Fixture *f,
               gint64   id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT loyalty_points FROM customers WHERE id = %" G_GINT64_FORMAT, id);

  return sync_test_server_query (f->server, sql);
}

/* Four of a product in stock to @member, @points of the total paid by points (worth 1
 * each), the rest in cash, earning a point per 1,000 of it as the checkout does. Read
 * back from the till's database, as the refund dialog gets it. */
static KasirSale *
sell_to (KasirDatabase *db,
         gint64         member,
         gint64         points)
{
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (db);
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (db);
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", TRUE);
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  gint64 pid = sync_test_local_query (db, "SELECT p.id FROM products p JOIN stock s ON s.product_id = p.id "
                                          "WHERE s.outlet_id = 1 AND s.qty BETWEEN 5 AND 500 "
                                          "ORDER BY p.price DESC, p.id LIMIT 1");
  g_autoptr(KasirProduct) p = kasir_catalog_repository_get_product (catalog, pid, NULL);
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(GError) error = NULL;
  KasirSale *stored;

  kasir_cart_add_product (cart, p, 4);
  cart->customer_id = member;
  g_assert_true (kasir_cart_compute (cart, &error));
  g_assert_cmpint (cart->total, >, points + 4000);
  g_ptr_array_add (payments, kasir_payment_new (KASIR_PAYMENT_POINTS, points));
  g_ptr_array_add (payments, kasir_payment_new (KASIR_PAYMENT_CASH, cart->total - points));
  sale = kasir_cart_to_sale (cart, payments, points, &error);
  g_assert_no_error (error);
  sale->staff_id = cashier_of (db);
  sale->loyalty_earned = kasir_loyalty_points_earned (sale->total - points, 1000);
  g_assert_cmpint (sale->loyalty_earned, >, 3);
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
  stored = kasir_sales_repository_get_by_receipt (sales, sale->receipt_no, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->loyalty_earned, ==, sale->loyalty_earned);
  return stored;
}

static void
test_refund_moves_points (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(KasirRefundRepository) refunds = kasir_refund_repository_new (f->a.db);
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(KasirRefund) first = NULL;
  g_autoptr(KasirRefund) rest = NULL;
  g_autoptr(GPtrArray) too_much = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  g_autoptr(GError) error = NULL;
  KasirRefundPick one = { 1, 1, FALSE };
  KasirRefundPick three = { 1, 3, FALSE };
  gint64 member, start, after_sale, expected;

  member = sync_test_server_query (f->server, "SELECT min(id) FROM customers WHERE outlet_id = 1 "
                                              "AND loyalty_points >= 100");
  g_assert_cmpint (member, >, 0);
  start = server_points (f, member);
  g_assert_cmpint (local_points (f->a.db, member), ==, start);

  /* Offline: 100 points pay part of the sale, the cash part earns some. */
  kasir_test_network_monitor_set_available (f->a.monitor, FALSE);
  sale = sell_to (f->a.db, member, 100);
  after_sale = start - 100 + sale->loyalty_earned;
  g_assert_cmpint (local_points (f->a.db, member), ==, after_sale);

  /* More back as points than points paid: refused, and nothing is written. */
  g_ptr_array_add (too_much, kasir_payment_new (KASIR_PAYMENT_POINTS, 101));
  {
    const KasirSaleLine *line = sale->lines->pdata[0];
    KasirMoney unit = line->total / line->qty;

    g_ptr_array_add (too_much, kasir_payment_new (KASIR_PAYMENT_CASH, unit - 101));
    g_assert_cmpint (line->total % line->qty, ==, 0);
  }
  g_assert_null (kasir_refund_repository_commit (refunds, sale, &one, 1, too_much, "", cashier_of (f->a.db), 0,
                                                 NULL, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM refunds"), ==, 0);
  g_assert_cmpint (local_points (f->a.db, member), ==, after_sale);

  /* One of four back, by default: the 100 points first, the rest in cash. */
  first = kasir_refund_repository_commit (refunds, sale, &one, 1, NULL, "", cashier_of (f->a.db), 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->payments->len, ==, 2);
  g_assert_cmpint (((KasirPayment *) first->payments->pdata[0])->method, ==, KASIR_PAYMENT_POINTS);
  g_assert_cmpint (((KasirPayment *) first->payments->pdata[0])->amount, ==, 100);
  expected = after_sale + 100 - kasir_loyalty_points_taken_back (sale->loyalty_earned, sale->total, 0, first->total);
  g_assert_cmpint (local_points (f->a.db, member), ==, expected);

  /* Online: the server moves the same points, once. */
  kasir_test_network_monitor_set_available (f->a.monitor, TRUE);
  sync_test_till_sync (&f->a);
  sync_test_till_sync (&f->a);
  g_assert_cmpint (server_points (f, member), ==, expected);
  g_assert_cmpint (local_points (f->a.db, member), ==, expected);

  /* The other three: no points left to give back, the rest of the earned ones go. The
   * member is where she started, less the 100 she paid with and got back. */
  rest = kasir_refund_repository_commit (refunds, sale, &three, 1, NULL, "", cashier_of (f->a.db), 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rest->payments->len, ==, 1);
  g_assert_cmpint (((KasirPayment *) rest->payments->pdata[0])->method, ==, KASIR_PAYMENT_CASH);
  g_assert_cmpint (local_points (f->a.db, member), ==, start);
  sync_test_till_sync (&f->a);
  sync_test_till_sync (&f->a);
  g_assert_cmpint (server_points (f, member), ==, start);
  g_assert_cmpint (local_points (f->a.db, member), ==, start);
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM outbox WHERE state = 'rejected'"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/Kasir/Sync/RefundPoints/moves-points", Fixture, NULL, sync_test_outlet_set_up,
              test_refund_moves_points, sync_test_outlet_tear_down);
  return g_test_run ();
}
