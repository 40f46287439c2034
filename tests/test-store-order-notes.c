/* test-store-order-notes.c — the cashier's note on a cart line: at most 60 characters on
 * one line (beyond, refused with a message and nothing changed), its own line (scanning
 * the product again does not merge into it), kept through the saved cart, a hold and an
 * open order, its own kitchen item (different notes are different items), sent in the
 * line of sale.create (a forged long one refused on the wire), stored with the sale and
 * printed under the item on the receipt and the kitchen ticket. A sale that paid an open
 * order keeps the order's id (migration open-order-sale).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kasir-cart.h"
#include "kasir-cart-note.h"
#include "kasir-cart-repository.h"
#include "kasir-held-cart-repository.h"
#include "kasir-input-error.h"
#include "kasir-kitchen-item.h"
#include "kasir-kitchen-ticket.h"
#include "kasir-open-order-repository.h"
#include "kasir-outbox-repository.h"
#include "kasir-protocol.h"
#include "kasir-receipt-printer.h"
#include "kasir-sales-repository.h"
#include "store-test-util.h"

#define NOTE_60 "Tanpa es, gula sedikit, pisahkan sambalnya, untuk Budi di me"

/* Two coffees, one of them "no ice", and a toast. */
static KasirCart *
make_cart (void)
{
  g_autoptr(KasirProduct) kopi = store_test_product (1, "Kopi Susu Gula Aren", 18000);
  g_autoptr(KasirProduct) roti = store_test_product (2, "Roti Bakar", 12500);
  KasirCart *cart = kasir_cart_new ("IDR", TRUE);
  g_autoptr(GError) error = NULL;

  kasir_cart_add_product (cart, kopi, 1);
  g_assert_true (kasir_cart_set_line_note (cart, 0, "  no ice ", &error));
  g_assert_no_error (error);
  kasir_cart_add_product (cart, kopi, 1);
  kasir_cart_add_product (cart, roti, 1);
  g_assert_true (kasir_cart_compute (cart, NULL));

  return cart;
}

static void
test_cart_note (void)
{
  g_autoptr(KasirCart) cart = make_cart ();
  g_autoptr(KasirProduct) kopi = store_test_product (1, "Kopi Susu Gula Aren", 18000);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(KasirCart) back = NULL;
  g_autofree char *long_note = g_strconcat (NOTE_60, "x", NULL);
  KasirCartLine *first;

  /* The noted line stays apart: the second coffee is a line of its own, and a third one
   * scanned joins that line, not the noted one. */
  g_assert_cmpuint (cart->lines->len, ==, 3);
  first = g_ptr_array_index (cart->lines, 0);
  g_assert_cmpstr (first->note, ==, "no ice");
  g_assert_cmpint (first->qty, ==, 1);
  kasir_cart_add_product (cart, kopi, 1);
  g_assert_cmpuint (cart->lines->len, ==, 3);
  g_assert_cmpint (first->qty, ==, 1);
  g_assert_cmpint (((KasirCartLine *) g_ptr_array_index (cart->lines, 1))->qty, ==, 2);
  g_assert_null (((KasirCartLine *) g_ptr_array_index (cart->lines, 1))->note);

  /* Sixty characters are a note; sixty-one, a second line or a line that is not there
   * are refused and change nothing. */
  g_assert_cmpint (g_utf8_strlen (NOTE_60, -1), ==, KASIR_CART_NOTE_MAX_CHARS);
  g_assert_true (kasir_cart_set_line_note (cart, 2, NOTE_60, &error));
  g_assert_no_error (error);
  g_assert_false (kasir_cart_set_line_note (cart, 2, long_note, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_TOO_LONG);
  g_assert_nonnull (strstr (error->message, "60"));
  g_clear_error (&error);
  g_assert_false (kasir_cart_set_line_note (cart, 2, "two\nlines", &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kasir_cart_set_line_note (cart, 3, "nowhere", &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpstr (((KasirCartLine *) g_ptr_array_index (cart->lines, 2))->note, ==, NOTE_60);

  /* Only spaces clear it. */
  g_assert_true (kasir_cart_set_line_note (cart, 2, "   ", &error));
  g_assert_null (((KasirCartLine *) g_ptr_array_index (cart->lines, 2))->note);

  /* The saved cart keeps it, and one whose note was made too long is damaged. */
  json = kasir_cart_to_json (cart);
  back = kasir_cart_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((KasirCartLine *) g_ptr_array_index (back->lines, 0))->note, ==, "no ice");
  g_assert_null (((KasirCartLine *) g_ptr_array_index (back->lines, 1))->note);
  g_clear_pointer (&back, kasir_cart_free);
  json_object_set_string_member (json_array_get_object_element (json_object_get_array_member (json_node_get_object (json), "lines"), 0),
                                 "note", long_note);
  back = kasir_cart_from_json (json, &error);
  g_assert_null (back);
  g_assert_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID);
}

static gint64
item_qty (GPtrArray  *items,
          const char *note)
{
  for (guint i = 0; i < items->len; i++)
    {
      KasirKitchenItem *item = g_ptr_array_index (items, i);

      if (item->product_id == 1 && g_strcmp0 (item->note, note) == 0)
        return item->qty;
    }
  return 0;
}

static void
test_kitchen_items (void)
{
  g_autoptr(KasirCart) cart = make_cart ();
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(KasirProduct) kopi = store_test_product (1, "Kopi Susu Gula Aren", 18000);
  g_autofree char *text = NULL;
  KasirKitchenTicketOptions options = { .ticket_no = "7-0001", .created_at = "2026-12-03T05:00:00Z" };

  /* The second coffee "no ice" as well (the same item), a third "for Budi" (another),
   * and a fourth without a note. */
  g_assert_true (kasir_cart_set_line_note (cart, 1, "no ice", NULL));
  kasir_cart_add_product (cart, kopi, 1);
  g_assert_cmpuint (cart->lines->len, ==, 4);
  g_assert_true (kasir_cart_set_line_note (cart, 3, "for Budi", NULL));
  kasir_cart_add_product (cart, kopi, 1);
  g_assert_cmpuint (cart->lines->len, ==, 5);
  items = kasir_kitchen_items_from_cart (cart);
  g_assert_cmpint (item_qty (items, "no ice"), ==, 2);
  g_assert_cmpint (item_qty (items, "for Budi"), ==, 1);
  g_assert_cmpint (item_qty (items, NULL), ==, 1);

  /* Printed under its item. */
  text = kasir_kitchen_ticket_build_text (items, &options, 26);
  g_assert_nonnull (strstr (text, "no ice"));
  g_assert_nonnull (strstr (text, "for Budi"));
  g_assert_cmpint (strstr (text, "no ice") - text, >, strstr (text, "Kopi") - text);
}

static KasirSale *
pay (KasirDatabase *db,
     KasirCart     *cart)
{
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (db);
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  g_autoptr(GError) error = NULL;
  KasirSale *sale;

  g_assert_true (kasir_cart_compute (cart, &error));
  g_ptr_array_add (payments, kasir_payment_new (KASIR_PAYMENT_CASH, cart->total));
  sale = kasir_cart_to_sale (cart, payments, 0, &error);
  g_assert_no_error (error);
  sale->staff_id = 3;
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
  return sale;
}

/* The sale.create row the sale queued, decoded. */
static KasirSale *
queued_sale (KasirDatabase *db)
{
  g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (db);
  g_autoptr(GPtrArray) pending = kasir_outbox_repository_list_pending (outbox, 100, NULL);
  g_autoptr(GError) error = NULL;
  KasirSale *sale = NULL;

  for (guint i = 0; i < pending->len; i++)
    {
      KasirMutation *m = pending->pdata[i];

      if (m->type == KASIR_MUTATION_SALE_CREATE)
        {
          g_clear_pointer (&sale, kasir_sale_free);
          sale = kasir_protocol_decode_sale (m->payload, &error);
          g_assert_no_error (error);
        }
    }
  g_assert_nonnull (sale);
  return sale;
}

static void
test_hold_order_and_sale (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KasirDatabase) db = store_test_open_db (&dir);
  g_autoptr(KasirHeldCartRepository) held = kasir_held_cart_repository_new (db);
  g_autoptr(KasirOpenOrderRepository) orders = kasir_open_order_repository_new (db);
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (db);
  g_autoptr(KasirCart) cart = make_cart ();
  g_autoptr(KasirCart) recalled = NULL;
  g_autoptr(KasirOrderTicket) ticket = NULL;
  g_autoptr(KasirOpenOrder) order = NULL;
  g_autoptr(JsonNode) order_json = NULL;
  g_autoptr(KasirCart) order_cart = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(KasirSale) stored = NULL;
  g_autoptr(KasirSale) queued = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *receipt = NULL;
  KasirReceiptOptions receipt_options = { 0 };
  gint64 id;

  /* Held and recalled: the note comes back. */
  id = kasir_held_cart_repository_hold (held, cart, "Bu Ani", 3, "Sari", NULL, &error);
  g_assert_no_error (error);
  recalled = kasir_held_cart_repository_recall (held, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((KasirCartLine *) g_ptr_array_index (recalled->lines, 0))->note, ==, "no ice");
  g_assert_true (kasir_cart_compute (recalled, NULL));

  /* Sent as an open order: the ticket's item and the order's cart keep it. */
  ticket = kasir_open_order_repository_send (orders, recalled, "Meja 7", 3, "Sari", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (item_qty (ticket->items, "no ice"), ==, 1);
  g_assert_cmpint (item_qty (ticket->items, NULL), ==, 1);
  order = kasir_open_order_repository_get (orders, recalled->open_order_id, &error);
  g_assert_no_error (error);
  order_json = json_from_string (order->cart, &error);
  g_assert_no_error (error);
  order_cart = kasir_cart_from_json (order_json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((KasirCartLine *) g_ptr_array_index (order_cart->lines, 0))->note, ==, "no ice");
  g_assert_cmpstr (order_cart->open_order_id, ==, recalled->open_order_id);

  /* Paid: the sale stores the note and the order it paid, and queues both. */
  sale = pay (db, order_cart);
  stored = kasir_sales_repository_get_sale (sales, sale->sale_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((KasirSaleLine *) g_ptr_array_index (stored->lines, 0))->note, ==, "no ice");
  g_assert_null (((KasirSaleLine *) g_ptr_array_index (stored->lines, 1))->note);
  g_assert_cmpstr (stored->open_order_id, ==, recalled->open_order_id);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM sale_lines WHERE note = 'no ice'"), ==, 1);
  queued = queued_sale (db);
  g_assert_cmpstr (((KasirSaleLine *) g_ptr_array_index (queued->lines, 0))->note, ==, "no ice");
  g_assert_null (((KasirSaleLine *) g_ptr_array_index (queued->lines, 2))->note);
  g_assert_cmpstr (queued->open_order_id, ==, recalled->open_order_id);

  /* The receipt prints it under the coffee, before the toast. */
  receipt = kasir_receipt_build_text (stored, &receipt_options, 32);
  g_assert_nonnull (strstr (receipt, "no ice"));
  g_assert_cmpint (strstr (receipt, "no ice") - receipt, >, strstr (receipt, "Kopi") - receipt);
  g_assert_cmpint (strstr (receipt, "no ice") - receipt, <, strstr (receipt, "Roti") - receipt);
  /* And names the order it paid. */
  {
    g_autofree char *order_start = g_strndup (recalled->open_order_id, 8);

    g_assert_nonnull (strstr (receipt, order_start));
  }

  store_test_remove_tree (dir);
}

/* On the wire the note is optional, one line of at most 60 characters. */
static void
test_protocol (void)
{
  g_autoptr(KasirCart) cart = make_cart ();
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(KasirSale) back = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *long_note = g_strconcat (NOTE_60, "x", NULL);
  JsonObject *line;

  g_ptr_array_add (payments, kasir_payment_new (KASIR_PAYMENT_CASH, cart->total));
  sale = kasir_cart_to_sale (cart, payments, 0, &error);
  g_assert_no_error (error);
  g_free (sale->sale_id);
  sale->sale_id = g_strdup ("4f1c2b1e-8a9d-4c4e-9a57-1d2e3f405162");
  sale->receipt_no = g_strdup ("7-000001");
  g_free (sale->created_at);
  sale->created_at = g_strdup ("2026-12-03T05:00:00Z");
  node = kasir_protocol_encode_sale (sale);
  line = json_array_get_object_element (json_object_get_array_member (json_node_get_object (node), "lines"), 0);
  g_assert_cmpstr (json_object_get_string_member (line, "note"), ==, "no ice");
  g_assert_false (json_object_has_member (json_array_get_object_element (json_object_get_array_member (json_node_get_object (node), "lines"), 1),
                                          "note"));
  back = kasir_protocol_decode_sale (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((KasirSaleLine *) g_ptr_array_index (back->lines, 0))->note, ==, "no ice");
  g_clear_pointer (&back, kasir_sale_free);

  json_object_set_string_member (line, "note", long_note);
  back = kasir_protocol_decode_sale (node, &error);
  g_assert_null (back);
  g_assert_error (error, KASIR_PROTOCOL_ERROR, KASIR_PROTOCOL_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "note"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Store/OrderNotes/cart", test_cart_note);
  g_test_add_func ("/Kasir/Store/OrderNotes/kitchen-items", test_kitchen_items);
  g_test_add_func ("/Kasir/Store/OrderNotes/hold-order-sale", test_hold_order_and_sale);
  g_test_add_func ("/Kasir/Store/OrderNotes/protocol", test_protocol);

  return g_test_run ();
}
