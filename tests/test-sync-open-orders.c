/* test-sync-open-orders.c — open orders between two real tills and a real kasir-server:
 *
 *  - an order sent on till A, items added on till A, and paid on till B after a sync:
 *    one sale on the server, the order paid by till B's sale, two kitchen tickets (PDFs)
 *    with the right items (the second only the added ones); till B has it after its own
 *    next sync (the service fetches the outlet's orders after each sync); till A learns
 *    at its next listing that the order was paid and lists it no more;
 *  - two tills pay the same open order while offline: both sales reach the server, an
 *    order_paid_twice conflict names the second with its payments and the first
 *    payment's amount, and reaches both tills for a manager.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kasir-cart.h"
#include "kasir-catalog-repository.h"
#include "kasir-kitchen-ticket.h"
#include "kasir-open-order-repository.h"
#include "kasir-sales-repository.h"
#include "kasir-sync-client.h"
#include "kasir-test-network-monitor.h"
#include "sync-test-util.h"

typedef SyncTestOutlet Fixture;

static gint64
product_at (KasirDatabase *db,
            guint          nth)
{
  g_autofree char *sql = g_strdup_printf ("SELECT product_id FROM stock WHERE outlet_id = 1 AND qty BETWEEN 5 AND 500 "
                                          "ORDER BY product_id LIMIT 1 OFFSET %u", nth);
  gint64 id = sync_test_local_query (db, sql);

  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
cashier_of (KasirDatabase *db)
{
  return sync_test_local_query (db, "SELECT min(id) FROM staff WHERE outlet_id = 1 AND role = 'cashier'");
}

static void
add_product (KasirDatabase *db,
             KasirCart     *cart,
             gint64         id,
             gint64         qty)
{
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (db);
  g_autoptr(KasirProduct) product = kasir_catalog_repository_get_product (catalog, id, NULL);

  g_assert_nonnull (product);
  kasir_cart_add_product (cart, product, qty);
  g_assert_true (kasir_cart_compute (cart, NULL));
}

/* Sends @cart from @db and writes its ticket as a PDF in @dir; returns the ticket. */
static KasirOrderTicket *
send_and_print (KasirDatabase *db,
                KasirCart     *cart,
                const char    *dir)
{
  g_autoptr(KasirOpenOrderRepository) orders = kasir_open_order_repository_new (db);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(KasirReceiptPrinter) printer = NULL;
  KasirKitchenTicketOptions options = { 0 };
  KasirOrderTicket *ticket;

  ticket = kasir_open_order_repository_send (orders, cart, "Meja 9", cashier_of (db), "Kasir", NULL, &error);
  g_assert_no_error (error);
  options.ticket_no = ticket->ticket_no;
  options.created_at = ticket->created_at;
  options.addition = ticket->addition;
  text = kasir_kitchen_ticket_build_text (ticket->items, &options, kasir_kitchen_ticket_columns (KASIR_RECEIPT_WIDTH_80MM));
  printer = kasir_kitchen_ticket_new_printer (text, NULL, KASIR_RECEIPT_WIDTH_80MM);
  name = g_strdup_printf ("ticket-%s.pdf", ticket->ticket_no);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (kasir_receipt_printer_export_pdf (printer, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  return ticket;
}

static gint64
qty_of (GPtrArray *items,
        gint64     product_id)
{
  gint64 qty = 0;

  for (guint i = 0; i < items->len; i++)
    if (((KasirKitchenItem *) items->pdata[i])->product_id == product_id)
      qty += ((KasirKitchenItem *) items->pdata[i])->qty;
  return qty;
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GPtrArray **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = kasir_sync_client_open_orders_finish (KASIR_SYNC_CLIENT (source), result, &error);
  g_assert_no_error (error);
}

/* Asks the server for the outlet's open orders as @till and keeps them. */
static void
list_from_server (SyncTestTill *till)
{
  g_autoptr(KasirOpenOrderRepository) orders = kasir_open_order_repository_new (till->db);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  kasir_sync_client_open_orders_async (kasir_sync_service_get_client (till->service), NULL, on_listed, &listed);
  while (listed == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (listed);
  g_assert_true (kasir_open_order_repository_replace_listed (orders, listed, &error));
  g_assert_no_error (error);
}

static void
on_orders_changed (KasirSyncService *service,
                   guint             n_orders,
                   gpointer          user_data)
{
  *(gint *) user_data = (gint) n_orders;
}

/* A sync of @till, and the outlet's open orders the service fetches after it: how many
 * the till lists then (-1: none came within 30 s). */
static gint
sync_and_wait_for_orders (SyncTestTill *till)
{
  gint n_orders = -1;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  gulong id = g_signal_connect (till->service, "orders-changed", G_CALLBACK (on_orders_changed), &n_orders);

  sync_test_till_sync (till);
  while (n_orders < 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (till->service, id);
  return n_orders;
}

static KasirSale *
pay (KasirDatabase *db,
     KasirCart     *cart,
     gboolean       with_card)
{
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (db);
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  g_autoptr(GError) error = NULL;
  KasirSale *sale;

  g_ptr_array_add (payments, kasir_payment_new (with_card ? KASIR_PAYMENT_CARD : KASIR_PAYMENT_CASH, cart->total));
  sale = kasir_cart_to_sale (cart, payments, 0, &error);
  g_assert_no_error (error);
  sale->staff_id = cashier_of (db);
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
  return sale;
}

static guint
n_listed (KasirDatabase *db)
{
  g_autoptr(KasirOpenOrderRepository) orders = kasir_open_order_repository_new (db);
  g_autoptr(GPtrArray) list = kasir_open_order_repository_list (orders, NULL);

  return list->len;
}

static void
test_send_add_pay_elsewhere (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirOpenOrderRepository) orders_a = kasir_open_order_repository_new (f->a.db);
  g_autoptr(KasirOpenOrderRepository) orders_b = kasir_open_order_repository_new (f->b.db);
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", TRUE);
  g_autoptr(KasirCart) again = NULL;
  g_autoptr(KasirCart) on_b = NULL;
  g_autoptr(KasirOrderTicket) first = NULL;
  g_autoptr(KasirOrderTicket) second = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autofree char *tickets = g_build_filename (f->dir, "tickets", NULL);
  g_autofree char *paid_sql = NULL;
  gint64 p1 = product_at (f->a.db, 0), p2 = product_at (f->a.db, 1), p3 = product_at (f->a.db, 2);
  gint64 sales_before = sync_test_server_query (f->server, "SELECT count(*) FROM sales");

  g_assert_cmpint (g_mkdir_with_parents (tickets, 0700), ==, 0);
  add_product (f->a.db, cart, p1, 2);
  add_product (f->a.db, cart, p2, 1);
  first = send_and_print (f->a.db, cart, tickets);
  again = kasir_open_order_repository_take (orders_a, first->order_id, FALSE, &error);
  g_assert_no_error (error);
  add_product (f->a.db, again, p3, 1);
  add_product (f->a.db, again, p1, 1);
  second = send_and_print (f->a.db, again, tickets);
  /* Two tickets: the first with what was ordered, the second with only what was added. */
  g_assert_cmpint (qty_of (first->items, p1), ==, 2);
  g_assert_cmpint (qty_of (first->items, p2), ==, 1);
  g_assert_cmpint (qty_of (first->items, p3), ==, 0);
  g_assert_true (second->addition);
  g_assert_cmpint (qty_of (second->items, p1), ==, 1);
  g_assert_cmpint (qty_of (second->items, p3), ==, 1);
  g_assert_cmpint (qty_of (second->items, p2), ==, 0);
  sync_test_till_sync (&f->a);

  /* Till B's own sync brings it (the service fetches the outlet's orders after each
   * sync, the Orders window need not be open); then B lists it and pays it. */
  g_assert_cmpuint (n_listed (f->b.db), ==, 0);
  g_assert_cmpint (sync_and_wait_for_orders (&f->b), ==, 1);
  g_assert_cmpuint (n_listed (f->b.db), ==, 1);
  list_from_server (&f->b);
  g_assert_cmpuint (n_listed (f->b.db), ==, 1);
  on_b = kasir_open_order_repository_take (orders_b, first->order_id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (on_b->total, ==, again->total);
  sale = pay (f->b.db, on_b, FALSE);
  sync_test_till_sync (&f->b);

  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM sales"), ==, sales_before + 1);
  paid_sql = g_strdup_printf ("SELECT count(*) FROM open_orders WHERE state = 'paid' AND paid_sale_id = '%s'",
                              sale->sale_id);
  g_assert_cmpint (sync_test_server_query (f->server, paid_sql), ==, 1);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM open_order_tickets"), ==, 2);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM conflicts WHERE kind = 'order_paid_twice'"),
                   ==, 0);
  /* Till A learns it was paid. */
  g_assert_cmpuint (n_listed (f->a.db), ==, 1);
  list_from_server (&f->a);
  g_assert_cmpuint (n_listed (f->a.db), ==, 0);
}

static void
test_paid_twice_offline (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirOpenOrderRepository) orders_a = kasir_open_order_repository_new (f->a.db);
  g_autoptr(KasirOpenOrderRepository) orders_b = kasir_open_order_repository_new (f->b.db);
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", TRUE);
  g_autoptr(KasirCart) on_a = NULL;
  g_autoptr(KasirCart) on_b = NULL;
  g_autoptr(KasirOrderTicket) ticket = NULL;
  g_autoptr(KasirSale) sale_a = NULL;
  g_autoptr(KasirSale) sale_b = NULL;
  g_autofree char *tickets = g_build_filename (f->dir, "tickets-2", NULL);
  g_autofree char *conflict_sql = NULL;
  g_autofree char *first_total = NULL;
  gint64 sales_before = sync_test_server_query (f->server, "SELECT count(*) FROM sales");

  g_assert_cmpint (g_mkdir_with_parents (tickets, 0700), ==, 0);
  add_product (f->a.db, cart, product_at (f->a.db, 0), 2);
  ticket = send_and_print (f->a.db, cart, tickets);
  sync_test_till_sync (&f->a);
  list_from_server (&f->b);

  /* Both tills lose the network; each takes a payment for the order. */
  kasir_test_network_monitor_set_available (f->a.monitor, FALSE);
  kasir_test_network_monitor_set_available (f->b.monitor, FALSE);
  on_a = kasir_open_order_repository_take (orders_a, ticket->order_id, FALSE, &error);
  g_assert_no_error (error);
  sale_a = pay (f->a.db, on_a, FALSE);
  /* Offline, till B may not take another till's order; it had taken it just before the
   * network went (online then), as the till allows. */
  g_assert_null (kasir_open_order_repository_take (orders_b, ticket->order_id, FALSE, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_clear_error (&error);
  on_b = kasir_open_order_repository_take (orders_b, ticket->order_id, TRUE, &error);
  g_assert_no_error (error);
  sale_b = pay (f->b.db, on_b, TRUE);

  kasir_test_network_monitor_set_available (f->a.monitor, TRUE);
  kasir_test_network_monitor_set_available (f->b.monitor, TRUE);
  sync_test_till_sync (&f->a);
  sync_test_till_sync (&f->b);

  /* Neither sale is lost; the second raises the conflict, with both payments to see. */
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM sales"), ==, sales_before + 2);
  conflict_sql = g_strdup_printf ("SELECT count(*) FROM conflicts WHERE kind = 'order_paid_twice' AND status = 'open' "
                                  "AND entity = 'sale' AND entity_id = '%s'", sale_b->sale_id);
  g_assert_cmpint (sync_test_server_query (f->server, conflict_sql), ==, 1);
  /* The second sale's payment by card is in the till's side; the first's amount in the
   * server's. */
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT instr (terminal, '\"method\":\"card\"') > 0 "
                                                      "FROM conflicts WHERE kind = 'order_paid_twice'"), ==, 1);
  first_total = g_strdup_printf ("SELECT instr (server, '\"paid_total\":%" G_GINT64_FORMAT "') > 0 "
                                 "FROM conflicts WHERE kind = 'order_paid_twice'", sale_a->total);
  g_assert_cmpint (sync_test_server_query (f->server, first_total), ==, 1);
  /* The conflict reaches both tills for a manager. */
  sync_test_till_sync (&f->a);
  sync_test_till_sync (&f->b);
  g_assert_cmpint (sync_test_local_query (f->a.db, conflict_sql), ==, 1);
  g_assert_cmpint (sync_test_local_query (f->b.db, conflict_sql), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  gtk_init ();
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/Kasir/Sync/OpenOrders/send-add-pay-elsewhere", Fixture, NULL, sync_test_outlet_set_up,
              test_send_add_pay_elsewhere, sync_test_outlet_tear_down);
  g_test_add ("/Kasir/Sync/OpenOrders/paid-twice-offline", Fixture, NULL, sync_test_outlet_set_up,
              test_paid_twice_offline, sync_test_outlet_tear_down);
  return g_test_run ();
}
