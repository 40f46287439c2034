/* test-store-order-cancel.c — cancelling an open order at the till: this till's own
 * order is cancelled offline too, with its order.cancel outbox row in the same
 * transaction, and leaves the list (it cannot be taken or sent to again); another till's
 * order only online; a paid order, one cancelled already, no approver or no reason is
 * refused and changes nothing; the server's listing of an order as cancelled (by another
 * till) cancels it here, and an order this till cancelled stays out of the list while the
 * server, not told yet, still lists it as open.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-cart.h"
#include "kasir-input-error.h"
#include "kasir-open-order-cancel.h"
#include "kasir-open-order-repository.h"
#include "kasir-outbox-repository.h"
#include "kasir-protocol.h"
#include "kasir-sales-repository.h"
#include "store-test-util.h"

/* Sends an order of two coffees from this till; returns its id. */
static char *
send_order (KasirOpenOrderRepository *orders)
{
  g_autoptr(KasirProduct) kopi = store_test_product (1, "Kopi Susu Gula Aren", 18000);
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", TRUE);
  g_autoptr(KasirOrderTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;

  kasir_cart_add_product (cart, kopi, 2);
  g_assert_true (kasir_cart_compute (cart, NULL));
  ticket = kasir_open_order_repository_send (orders, cart, "Meja 7", 3, "Sari", NULL, &error);
  g_assert_no_error (error);
  return g_strdup (ticket->order_id);
}

/* Another till's order as the server lists it. */
static KasirOpenOrder *
listed (const char *order_id,
        const char *state)
{
  KasirOpenOrder *order = g_new0 (KasirOpenOrder, 1);

  order->order_id = g_strdup (order_id);
  order->terminal_name = g_strdup ("Kasir 2");
  order->label = g_strdup ("Meja 9");
  order->staff_name = g_strdup ("Budi");
  order->total = 8000;
  order->opened_at = g_strdup ("2026-12-03T05:00:00Z");
  order->updated_at = g_strdup ("2026-12-03T05:10:00Z");
  order->cart = g_strdup ("{\"version\":1,\"currency\":\"IDR\",\"tax_inclusive\":true,\"customer_id\":null,"
                          "\"discount\":{\"kind\":\"none\",\"value\":0},\"fee\":{\"kind\":\"none\",\"value\":0},"
                          "\"lines\":[]}");
  order->sent = g_strdup ("[]");
  order->paid = g_str_equal (state, "paid");
  order->cancelled = g_str_equal (state, "cancelled");
  return order;
}

static gint64
count_cancels (KasirDatabase *db)
{
  return store_test_query (db, "SELECT count(*) FROM outbox WHERE type = 'order.cancel'");
}

static void
test_cancel_own (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KasirDatabase) db = store_test_open_db (&dir);
  g_autoptr(KasirOpenOrderRepository) orders = kasir_open_order_repository_new (db);
  g_autofree char *order_id = send_order (orders);
  g_autoptr(KasirOpenOrder) was = NULL;
  g_autoptr(KasirOpenOrder) again = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(KasirCart) taken = NULL;
  g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (db);
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(KasirOrderCancel) cancel = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *long_reason = g_strnfill (KASIR_ORDER_CANCEL_REASON_MAX + 1, 'x');

  /* No approver, no reason, a reason too long: refused, nothing written. */
  g_assert_null (kasir_open_order_cancel (db, order_id, "tamu pergi", 3, 0, FALSE, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_null (kasir_open_order_cancel (db, order_id, "   ", 3, 1, FALSE, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_null (kasir_open_order_cancel (db, order_id, long_reason, 3, 1, FALSE, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_TOO_LONG);
  g_clear_error (&error);
  g_assert_cmpint (count_cancels (db), ==, 0);

  /* Offline, this till's own order is cancelled with its outbox row, and leaves the list. */
  was = kasir_open_order_cancel (db, order_id, " tamu pergi ", 3, 1, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (was);
  g_assert_cmpstr (was->order_id, ==, order_id);
  g_assert_nonnull (strstr (was->sent, "\"qty\":2"));
  g_assert_cmpint (count_cancels (db), ==, 1);
  pending = kasir_outbox_repository_list_pending (outbox, 100, &error);
  g_assert_no_error (error);
  cancel = kasir_protocol_decode_order_cancel (((KasirMutation *) pending->pdata[pending->len - 1])->payload,
                                              &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cancel->order_id, ==, order_id);
  g_assert_cmpstr (cancel->reason, ==, "tamu pergi");
  g_assert_cmpint (cancel->approved_by, ==, 1);
  g_assert_cmpint (cancel->staff_id, ==, 3);
  list = kasir_open_order_repository_list (orders, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);

  /* It cannot be taken, or cancelled again. */
  taken = kasir_open_order_repository_take (orders, order_id, TRUE, &error);
  g_assert_null (taken);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_clear_error (&error);
  again = kasir_open_order_cancel (db, order_id, "lagi", 3, 1, TRUE, &error);
  g_assert_null (again);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_assert_cmpint (count_cancels (db), ==, 1);

  store_test_remove_tree (dir);
}

static void
test_cancel_paid_and_other (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KasirDatabase) db = store_test_open_db (&dir);
  g_autoptr(KasirOpenOrderRepository) orders = kasir_open_order_repository_new (db);
  g_autofree char *paid_id = send_order (orders);
  g_autofree char *other_id = kasir_uuid_new ();
  g_autofree char *gone_id = kasir_uuid_new ();
  g_autoptr(KasirOpenOrder) cancelled = NULL;
  g_autoptr(GPtrArray) listing = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_open_order_free);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  /* A paid order cannot be cancelled. */
  g_assert_true (kasir_database_exec (db, "UPDATE open_orders SET state = 'paid'", NULL));
  g_assert_null (kasir_open_order_cancel (db, paid_id, "salah", 3, 1, TRUE, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_assert_nonnull (strstr (error->message, "paid"));
  g_clear_error (&error);

  /* Another till's order: not while offline; online, yes. */
  g_ptr_array_add (listing, listed (other_id, "open"));
  g_ptr_array_add (listing, listed (gone_id, "open"));
  g_assert_true (kasir_open_order_repository_replace_listed (orders, listing, &error));
  g_assert_no_error (error);
  g_assert_null (kasir_open_order_cancel (db, other_id, "tamu pergi", 3, 1, FALSE, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_assert_nonnull (strstr (error->message, "offline"));
  g_clear_error (&error);
  g_assert_cmpint (count_cancels (db), ==, 0);
  cancelled = kasir_open_order_cancel (db, other_id, "tamu pergi", 3, 1, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_cancels (db), ==, 1);

  /* The server still lists it as open (not told yet): it stays out of the list. The
   * server lists the other one as cancelled on another till: it leaves the list. */
  g_ptr_array_set_size (listing, 0);
  g_ptr_array_add (listing, listed (other_id, "open"));
  g_ptr_array_add (listing, listed (gone_id, "cancelled"));
  g_assert_true (kasir_open_order_repository_replace_listed (orders, listing, &error));
  g_assert_no_error (error);
  list = kasir_open_order_repository_list (orders, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);

  store_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Store/OrderCancel/own", test_cancel_own);
  g_test_add_func ("/Kasir/Store/OrderCancel/paid-and-other", test_cancel_paid_and_other);

  return g_test_run ();
}
