/* test-store-open-orders.c — open orders at the till: sending an order writes it, its
 * kitchen ticket and its order.open outbox row together and frees the till; adding to it
 * sends only the new items (order.add); nothing new is refused; paying it is a sale that
 * names it and marks it paid; another till's listed order is paid here only online; and
 * a till killed right after "send" keeps the order.
 *
 * The kill case runs this binary as a child ("--send-child PATH") on the same encrypted
 * database; the key reaches it on stdin, never on the command line.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <signal.h>

#include "kasir-cart.h"
#include "kasir-cart-repository.h"
#include "kasir-open-order-repository.h"
#include "kasir-outbox-repository.h"
#include "kasir-protocol.h"
#include "kasir-sales-repository.h"
#include "store-test-util.h"

static char *self_path;

static KasirCart *
make_cart (void)
{
  g_autoptr(KasirProduct) kopi = store_test_product (1, "Kopi Susu Gula Aren", 18000);
  g_autoptr(KasirProduct) roti = store_test_product (2, "Roti Bakar", 12500);
  KasirCart *cart = kasir_cart_new ("IDR", TRUE);

  kasir_cart_add_product (cart, kopi, 2);
  kasir_cart_add_product (cart, roti, 1);
  g_assert_true (kasir_cart_set_order (cart, "dine_in", "7", NULL));
  g_assert_true (kasir_cart_compute (cart, NULL));

  return cart;
}

static KasirDatabase *
open_db (const char   *path,
         const guint8 *key)
{
  g_autoptr(GError) error = NULL;
  KasirDatabase *db = kasir_database_open_with_key (path, key, &error);

  g_assert_no_error (error);
  return db;
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

/* The last outbox row, decoded as an order send. */
static KasirOrderSend *
last_order_mutation (KasirDatabase     *db,
                     KasirMutationType  expected)
{
  g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (db);
  g_autoptr(GPtrArray) pending = kasir_outbox_repository_list_pending (outbox, 100, NULL);
  KasirMutation *m;
  g_autoptr(GError) error = NULL;
  KasirOrderSend *send;

  g_assert_nonnull (pending);
  g_assert_cmpuint (pending->len, >, 0);
  m = pending->pdata[pending->len - 1];
  g_assert_cmpint (m->type, ==, expected);
  send = expected == KASIR_MUTATION_ORDER_OPEN ? kasir_protocol_decode_order_open (m->payload, &error)
                                               : kasir_protocol_decode_order_add (m->payload, &error);
  g_assert_no_error (error);
  return send;
}

static KasirSale *
pay (KasirDatabase *db,
     KasirCart     *cart)
{
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (db);
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  g_autoptr(GError) error = NULL;
  KasirSale *sale;

  g_ptr_array_add (payments, kasir_payment_new (KASIR_PAYMENT_CASH, cart->total));
  sale = kasir_cart_to_sale (cart, payments, 0, &error);
  g_assert_no_error (error);
  sale->staff_id = 3;
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
  return sale;
}

static void
test_send_add_pay (void)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirOpenOrderRepository) orders = NULL;
  g_autoptr(KasirCartRepository) carts = NULL;
  g_autoptr(KasirCart) cart = make_cart ();
  g_autoptr(KasirCart) taken = NULL;
  g_autoptr(KasirCart) again = NULL;
  g_autoptr(KasirOrderTicket) first = NULL;
  g_autoptr(KasirOrderTicket) second = NULL;
  g_autoptr(KasirOrderTicket) none = NULL;
  g_autoptr(KasirOrderSend) open = NULL;
  g_autoptr(KasirOrderSend) add = NULL;
  g_autoptr(KasirProduct) teh = store_test_product (3, "Teh Manis", 8000);
  g_autoptr(KasirProduct) kopi = store_test_product (1, "Kopi Susu Gula Aren", 18000);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(JsonNode) sale_json = NULL;
  g_autoptr(GError) error = NULL;
  KasirOpenOrder *order;

  store_test_random_key (key);
  db = open_db (path, key);
  orders = kasir_open_order_repository_new (db);
  carts = kasir_cart_repository_new (db);
  g_assert_true (kasir_cart_repository_save (carts, cart, &error));

  first = kasir_open_order_repository_send (orders, cart, "Bu Ani", 3, "Sari", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cart->open_order_id);
  g_assert_cmpstr (first->order_id, ==, cart->open_order_id);
  g_assert_false (first->addition);
  g_assert_cmpint (qty_of (first->items, 1), ==, 2);
  g_assert_cmpint (qty_of (first->items, 2), ==, 1);
  /* The till is free for the next customer; the order and its outbox row are kept. */
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM cart"), ==, 0);
  list = kasir_open_order_repository_list (orders, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  order = list->pdata[0];
  g_assert_true (order->own);
  g_assert_cmpstr (order->label, ==, "Bu Ani");
  g_assert_cmpstr (order->order_type, ==, "dine_in");
  g_assert_cmpstr (order->order_ref, ==, "7");
  g_assert_cmpint (order->total, ==, cart->total);
  open = last_order_mutation (db, KASIR_MUTATION_ORDER_OPEN);
  g_assert_cmpstr (open->order_id, ==, first->order_id);
  g_assert_cmpstr (open->ticket_no, ==, first->ticket_no);
  g_assert_cmpint (open->total, ==, cart->total);
  g_assert_cmpuint (open->items->len, ==, 2);

  /* Nothing new: refused, nothing written. */
  taken = kasir_open_order_repository_take (orders, first->order_id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (taken->open_order_id, ==, first->order_id);
  none = kasir_open_order_repository_send (orders, taken, NULL, 3, "Sari", NULL, &error);
  g_assert_null (none);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM open_order_tickets"), ==, 1);

  /* One more coffee and a tea: the second ticket lists only those. */
  kasir_cart_add_product (taken, kopi, 1);
  kasir_cart_add_product (taken, teh, 1);
  g_assert_true (kasir_cart_compute (taken, &error));
  second = kasir_open_order_repository_send (orders, taken, NULL, 3, "Sari", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (second->addition);
  g_assert_cmpstr (second->order_id, ==, first->order_id);
  g_assert_cmpstr (second->ticket_no, !=, first->ticket_no);
  g_assert_cmpuint (second->items->len, ==, 2);
  g_assert_cmpint (qty_of (second->items, 1), ==, 1);
  g_assert_cmpint (qty_of (second->items, 3), ==, 1);
  g_assert_cmpint (qty_of (second->items, 2), ==, 0);
  add = last_order_mutation (db, KASIR_MUTATION_ORDER_ADD);
  g_assert_cmpint (add->total, ==, taken->total);
  tickets = kasir_open_order_repository_tickets (orders, first->order_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tickets->len, ==, 2);

  /* Paid: a sale naming the order, in its transaction; the list is empty then. */
  again = kasir_open_order_repository_take (orders, first->order_id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->total, ==, taken->total);
  g_assert_cmpuint (again->lines->len, ==, 3);
  sale = pay (db, again);
  g_assert_cmpstr (sale->open_order_id, ==, first->order_id);
  sale_json = kasir_protocol_encode_sale (sale);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (sale_json), "open_order_id"), ==,
                   first->order_id);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = kasir_open_order_repository_list (orders, &error);
  g_assert_cmpuint (list->len, ==, 0);
  g_assert_null (kasir_open_order_repository_take (orders, first->order_id, TRUE, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_clear_error (&error);

  g_clear_object (&orders);
  g_clear_object (&carts);
  g_clear_object (&db);
  store_test_remove_tree (dir);
}

static void
test_listed_and_offline (void)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirOpenOrderRepository) orders = NULL;
  g_autoptr(KasirCartRepository) carts = NULL;
  g_autoptr(KasirCart) cart = make_cart ();
  g_autoptr(KasirCart) busy = make_cart ();
  g_autoptr(KasirCart) taken = NULL;
  g_autoptr(GPtrArray) listed = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_open_order_free);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(JsonNode) cart_json = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *other_id = kasir_uuid_new ();
  KasirOpenOrder *other = g_new0 (KasirOpenOrder, 1);
  g_autoptr(KasirOrderTicket) mine = NULL;

  store_test_random_key (key);
  db = open_db (path, key);
  orders = kasir_open_order_repository_new (db);
  carts = kasir_cart_repository_new (db);
  mine = kasir_open_order_repository_send (orders, cart, NULL, 3, "Sari", NULL, &error);
  g_assert_no_error (error);

  cart_json = kasir_cart_to_json (cart);
  other->order_id = g_strdup (other_id);
  other->terminal_name = g_strdup ("Kasir 2");
  other->label = g_strdup ("Pak Budi");
  other->staff_id = 4;
  other->total = cart->total;
  other->cart = kasir_protocol_to_string (cart_json, NULL);
  other->opened_at = g_strdup ("2026-12-03T01:00:00Z");
  other->updated_at = g_strdup ("2026-12-03T01:00:00Z");
  g_ptr_array_add (listed, other);
  g_assert_true (kasir_open_order_repository_replace_listed (orders, listed, &error));
  g_assert_no_error (error);
  list = kasir_open_order_repository_list (orders, &error);
  g_assert_cmpuint (list->len, ==, 2);

  /* Offline, another till's order cannot be paid here; this till's own can. */
  g_assert_null (kasir_open_order_repository_take (orders, other_id, FALSE, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_assert_nonnull (strstr (error->message, "offline"));
  g_clear_error (&error);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM cart"), ==, 0);

  /* Never over a sale in progress. */
  g_assert_true (kasir_cart_repository_save (carts, busy, &error));
  g_assert_null (kasir_open_order_repository_take (orders, mine->order_id, FALSE, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_clear_error (&error);
  g_assert_true (kasir_cart_repository_clear (carts, &error));

  taken = kasir_open_order_repository_take (orders, other_id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (taken->open_order_id, ==, other_id);
  g_clear_pointer (&taken, kasir_cart_free);

  /* The next listing no longer has it (paid elsewhere): it goes. */
  g_ptr_array_set_size (listed, 0);
  g_assert_true (kasir_open_order_repository_replace_listed (orders, listed, &error));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = kasir_open_order_repository_list (orders, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((KasirOpenOrder *) list->pdata[0])->order_id, ==, mine->order_id);

  g_clear_object (&orders);
  g_clear_object (&carts);
  g_clear_object (&db);
  store_test_remove_tree (dir);
}

/* ---- A till killed right after "send" ---- */

static int
run_child (const char *path)
{
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirOpenOrderRepository) orders = NULL;
  g_autoptr(KasirCartRepository) carts = NULL;
  g_autoptr(KasirCart) cart = make_cart ();
  g_autoptr(KasirOrderTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  char hex[KASIR_DATABASE_KEY_SIZE * 2 + 2];
  gsize len = 0;

  if (fgets (hex, sizeof hex, stdin) == NULL ||
      sodium_hex2bin (key, sizeof key, hex, KASIR_DATABASE_KEY_SIZE * 2, NULL, &len, NULL) != 0 ||
      len != sizeof key)
    return 2;
  sodium_memzero (hex, sizeof hex);
  db = kasir_database_open_with_key (path, key, &error);
  sodium_memzero (key, sizeof key);
  if (db == NULL)
    return 3;
  orders = kasir_open_order_repository_new (db);
  carts = kasir_cart_repository_new (db);
  if (!kasir_cart_repository_save (carts, cart, &error))
    return 4;
  ticket = kasir_open_order_repository_send (orders, cart, "Meja 7", 3, "Sari", NULL, &error);
  if (ticket == NULL)
    return 5;
  printf ("sent %s\n", ticket->order_id);
  fflush (stdout);
  for (;;)
    g_usleep (G_USEC_PER_SEC);
}

static void
test_kill_after_send (void)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  g_autofree char *line = NULL;
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) reader = NULL;
  g_autoptr(KasirOpenOrderRepository) orders = NULL;
  g_autoptr(KasirCart) expected = make_cart ();
  g_autoptr(KasirCart) cart = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(KasirOrderSend) open = NULL;
  g_autoptr(GError) error = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  char hex[KASIR_DATABASE_KEY_SIZE * 2 + 2];
  const char *argv[] = { self_path, "--send-child", path, NULL };
  GOutputStream *in;

  store_test_random_key (key);
  sodium_bin2hex (hex, KASIR_DATABASE_KEY_SIZE * 2 + 1, key, KASIR_DATABASE_KEY_SIZE);
  hex[KASIR_DATABASE_KEY_SIZE * 2] = '\n';
  hex[KASIR_DATABASE_KEY_SIZE * 2 + 1] = '\0';
  db = open_db (path, key);
  g_clear_object (&db);

  child = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  in = g_subprocess_get_stdin_pipe (child);
  g_assert_true (g_output_stream_write_all (in, hex, strlen (hex), NULL, NULL, &error));
  g_output_stream_close (in, NULL, NULL);
  reader = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  line = g_data_input_stream_read_line (reader, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "sent "));
  g_subprocess_send_signal (child, SIGKILL);
  g_subprocess_wait (child, NULL, &error);
  g_assert_true (g_subprocess_get_if_signaled (child));

  /* Restarted: the order, its ticket and its outbox row are there; it is paid whole. */
  db = open_db (path, key);
  g_assert_true (kasir_database_check_integrity (db, &error));
  orders = kasir_open_order_repository_new (db);
  list = kasir_open_order_repository_list (orders, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((KasirOpenOrder *) list->pdata[0])->order_id, ==, line + 5);
  g_assert_cmpstr (((KasirOpenOrder *) list->pdata[0])->label, ==, "Meja 7");
  tickets = kasir_open_order_repository_tickets (orders, line + 5, &error);
  g_assert_cmpuint (tickets->len, ==, 1);
  open = last_order_mutation (db, KASIR_MUTATION_ORDER_OPEN);
  g_assert_cmpstr (open->order_id, ==, line + 5);
  cart = kasir_open_order_repository_take (orders, line + 5, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cart->total, ==, expected->total);
  g_assert_cmpuint (cart->lines->len, ==, expected->lines->len);
  sale = pay (db, cart);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM open_orders WHERE state = 'paid'"), ==, 1);

  g_clear_object (&orders);
  g_clear_object (&db);
  store_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_strcmp0 (argv[1], "--send-child") == 0)
    return run_child (argv[2]);

  self_path = argv[0];
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Store/OpenOrders/send-add-pay", test_send_add_pay);
  g_test_add_func ("/Kasir/Store/OpenOrders/listed-and-offline", test_listed_and_offline);
  g_test_add_func ("/Kasir/Store/OpenOrders/kill-after-send", test_kill_after_send);

  return g_test_run ();
}
