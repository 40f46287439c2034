/* test-store-orders.c — order types (dine-in, take-away, delivery) on a real SQLCipher
 * database: the cart keeps them across a restart (and a cart saved before them still
 * reads), a sale stores and queues them, bad ones are refused and change nothing, and
 * the report counts sales by order type.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kasir-cart.h"
#include "kasir-cart-repository.h"
#include "kasir-held-cart-repository.h"
#include "kasir-outbox-repository.h"
#include "kasir-order-type.h"
#include "kasir-protocol.h"
#include "kasir-report-repository.h"
#include "kasir-sales-repository.h"
#include "store-test-util.h"

static KasirCart *
make_cart (gint64      qty,
           const char *order_type,
           const char *ref)
{
  g_autoptr(KasirProduct) kopi = store_test_product (1, "Kopi Susu Gula Aren", 18000);
  g_autoptr(GError) error = NULL;
  KasirCart *cart = kasir_cart_new ("IDR", TRUE);

  kasir_cart_add_product (cart, kopi, qty);
  g_assert_true (kasir_cart_set_order (cart, order_type, ref, &error));
  g_assert_no_error (error);
  g_assert_true (kasir_cart_compute (cart, NULL));

  return cart;
}

static KasirSale *
pay (KasirSalesRepository *sales,
     const KasirCart      *cart,
     const char           *created_at)
{
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  g_autoptr(GError) error = NULL;
  KasirSale *sale;

  g_ptr_array_add (payments, kasir_payment_new (KASIR_PAYMENT_CASH, cart->total));
  sale = kasir_cart_to_sale (cart, payments, 0, &error);
  g_assert_no_error (error);
  sale->staff_id = 3;
  g_free (sale->created_at);
  sale->created_at = g_strdup (created_at);
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);

  return sale;
}

static void
test_cart_order (void)
{
  g_autoptr(KasirCart) cart = make_cart (2, "dine_in", "Meja 4");
  g_autoptr(KasirCart) back = NULL;
  g_autoptr(KasirCart) old = NULL;
  g_autoptr(JsonNode) node = kasir_cart_to_json (cart);
  g_autoptr(JsonNode) old_node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *long_ref = g_strnfill (KASIR_ORDER_REF_MAX_CHARS + 1, '7');

  back = kasir_cart_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->order_type, ==, "dine_in");
  g_assert_cmpstr (back->order_ref, ==, "Meja 4");

  /* A cart saved before order types (no order members) still reads, with none. */
  kasir_cart_set_order (cart, NULL, NULL, &error);
  old_node = kasir_cart_to_json (cart);
  g_assert_false (json_object_has_member (json_node_get_object (old_node), "order_type"));
  old = kasir_cart_from_json (old_node, &error);
  g_assert_no_error (error);
  g_assert_null (old->order_type);

  /* Bad orders are refused and leave the cart as it was. */
  g_assert_true (kasir_cart_set_order (cart, "take_away", "", &error));
  g_assert_cmpstr (cart->order_type, ==, "take_away");
  g_assert_null (cart->order_ref);
  g_assert_false (kasir_cart_set_order (cart, "drive_thru", NULL, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kasir_cart_set_order (cart, NULL, "Meja 4", &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_false (kasir_cart_set_order (cart, "delivery", long_ref, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_TOO_LONG);
  g_clear_error (&error);
  g_assert_cmpstr (cart->order_type, ==, "take_away");

  /* A saved order type no build knows is a damaged cart. */
  json_object_set_string_member (json_node_get_object (node), "order_type", "drive_thru");
  g_assert_null (kasir_cart_from_json (node, &error));
  g_assert_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID);
}

static void
test_sale_order (void)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirSalesRepository) sales = NULL;
  g_autoptr(KasirOutboxRepository) outbox = NULL;
  g_autoptr(KasirHeldCartRepository) held = NULL;
  g_autoptr(KasirCart) cart = make_cart (2, "delivery", "GF-2291");
  g_autoptr(KasirCart) recalled = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(KasirSale) stored = NULL;
  g_autoptr(KasirSale) bad = NULL;
  g_autoptr(KasirSale) sent = NULL;
  g_autoptr(KasirOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  store_test_random_key (key);
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  sales = kasir_sales_repository_new (db);
  outbox = kasir_outbox_repository_new (db);
  held = kasir_held_cart_repository_new (db);

  /* Held and recalled, the order comes back with the cart. */
  id = kasir_held_cart_repository_hold (held, cart, "Ojek", 3, "Sari", NULL, &error);
  g_assert_no_error (error);
  recalled = kasir_held_cart_repository_recall (held, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (recalled->order_type, ==, "delivery");
  g_assert_cmpstr (recalled->order_ref, ==, "GF-2291");

  sale = pay (sales, recalled, "2026-12-01T03:00:00Z");
  stored = kasir_sales_repository_get_by_receipt (sales, sale->receipt_no, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->order_type, ==, "delivery");
  g_assert_cmpstr (stored->order_ref, ==, "GF-2291");
  entry = kasir_outbox_repository_get (outbox, 1, &error);
  g_assert_no_error (error);
  sent = kasir_protocol_decode_sale (entry->mutation->payload, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sent->order_type, ==, "delivery");
  g_assert_cmpstr (sent->order_ref, ==, "GF-2291");

  /* A sale with an order type no one knows writes nothing. */
  bad = kasir_sale_copy (stored);
  g_clear_pointer (&bad->sale_id, g_free);
  g_clear_pointer (&bad->receipt_no, g_free);
  g_free (bad->order_type);
  bad->order_type = g_strdup ("drive_thru");
  g_assert_false (kasir_sales_repository_commit_sale (sales, bad, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM sales"), ==, 1);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM outbox"), ==, 1);

  /* The order goes with its sale when retention prunes that. */
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM sale_orders"), ==, 1);
  g_assert_true (kasir_database_exec (db, "DELETE FROM sale_lines; DELETE FROM sale_payments; "
                                          "DELETE FROM sales", &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM sale_orders"), ==, 0);

  g_clear_object (&held);
  g_clear_object (&outbox);
  g_clear_object (&sales);
  g_clear_object (&db);
  store_test_remove_tree (dir);
}

static void
test_report_by_order_type (void)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirSalesRepository) sales = NULL;
  g_autoptr(KasirReportRepository) reports = NULL;
  g_autoptr(KasirReport) report = NULL;
  g_autoptr(GError) error = NULL;
  struct { gint64 qty; const char *type; const char *ref; const char *at; } sold[] = {
    { 1, "dine_in", "4", "2026-12-01T03:00:00Z" },
    { 3, "dine_in", "7", "2026-12-01T04:00:00Z" },
    { 2, "take_away", NULL, "2026-12-01T05:00:00Z" },
    { 1, NULL, NULL, "2026-12-01T06:00:00Z" },
    /* Outside the span. */
    { 5, "delivery", "GF-1", "2026-12-02T06:00:00Z" },
  };
  const KasirReportRow *row;

  store_test_random_key (key);
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  sales = kasir_sales_repository_new (db);
  for (guint i = 0; i < G_N_ELEMENTS (sold); i++)
    {
      g_autoptr(KasirCart) cart = make_cart (sold[i].qty, sold[i].type, sold[i].ref);
      g_autoptr(KasirSale) sale = pay (sales, cart, sold[i].at);
    }

  reports = kasir_report_repository_new (db);
  report = kasir_report_repository_summarize (reports, "2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z",
                                              NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->by_order_type->len, ==, 3);
  row = report->by_order_type->pdata[0];
  g_assert_cmpstr (row->key, ==, "dine_in");
  g_assert_cmpint (row->count, ==, 2);
  g_assert_cmpint (row->amount, ==, 4 * 18000);
  row = report->by_order_type->pdata[1];
  g_assert_cmpstr (row->key, ==, "take_away");
  g_assert_cmpint (row->count, ==, 1);
  g_assert_cmpint (row->amount, ==, 2 * 18000);
  row = report->by_order_type->pdata[2];
  g_assert_cmpstr (row->key, ==, "");
  g_assert_cmpint (row->amount, ==, 18000);

  g_clear_object (&reports);
  g_clear_object (&sales);
  g_clear_object (&db);
  store_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Store/Orders/cart-order", test_cart_order);
  g_test_add_func ("/Kasir/Store/Orders/sale-order", test_sale_order);
  g_test_add_func ("/Kasir/Store/Orders/report-by-order-type", test_report_by_order_type);

  return g_test_run ();
}
