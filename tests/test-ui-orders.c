/* test-ui-orders.c — the order type of a sale at the till, on the real window, cart view
 * and database: the cart's Order button sets dine-in with its table (the button says
 * so, the cart keeps it across a restart), bad input is said in the popover and changes
 * nothing, and the receipt of the paid sale names the order type and table.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "kasir-window.h"
#include "kasir-selling-view.h"
#include "kasir-cart-view.h"
#include "kasir-order-button.h"
#include "kasir-catalog-repository.h"
#include "kasir-receipt-printer.h"
#include "store-test-util.h"
#include "ui-test-util.h"

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The order button inside @widget, or NULL. */
static KasirOrderButton *
find_order_button (GtkWidget *widget)
{
  if (KASIR_IS_ORDER_BUTTON (widget))
    return KASIR_ORDER_BUTTON (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      KasirOrderButton *found = find_order_button (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static KasirWindow *
open_till (KasirDatabase *db)
{
  KasirWindow *window = g_object_new (KASIR_TYPE_WINDOW, NULL);

  kasir_window_set_database (window, db);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  return window;
}

static void
test_order_type (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirCatalogRepository) catalog = NULL;
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  g_autoptr(KasirSale) sale = NULL;
  g_autofree char *receipt = NULL;
  KasirReceiptOptions options = { 0 };
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  KasirWindow *window;
  KasirSellingView *view;
  KasirCartView *cart_view;
  KasirOrderButton *button;
  const KasirCart *cart;

  store_test_random_key (key);
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  g_ptr_array_add (products, store_test_product (1, "Kopi Susu Gula Aren", 18000));
  catalog = kasir_catalog_repository_new (db);
  g_assert_true (kasir_catalog_repository_upsert_products (catalog, products, &error));

  window = open_till (db);
  view = kasir_window_get_selling_view (window);
  cart_view = kasir_selling_view_get_cart_view (view);
  button = find_order_button (GTK_WIDGET (cart_view));
  g_assert_nonnull (button);
  g_assert_cmpstr (kasir_order_button_get_label (button), ==, "_Order");
  g_assert_true (kasir_selling_view_add_code (view, "SKU-000001", &error));

  /* A table without an order type, or a reference too long: said, nothing changed. */
  g_assert_false (kasir_order_button_choose (button, NULL, "4", &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_null (kasir_cart_view_get_cart (cart_view)->order_type);

  g_assert_true (kasir_order_button_choose (button, "dine_in", "Meja 4", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kasir_order_button_get_label (button), ==, "Dine-in Meja 4");

  /* A restart keeps it with the cart. */
  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);
  window = open_till (db);
  view = kasir_window_get_selling_view (window);
  cart_view = kasir_selling_view_get_cart_view (view);
  button = find_order_button (GTK_WIDGET (cart_view));
  cart = kasir_cart_view_get_cart (cart_view);
  g_assert_cmpstr (cart->order_type, ==, "dine_in");
  g_assert_cmpstr (cart->order_ref, ==, "Meja 4");
  g_assert_cmpstr (kasir_order_button_get_label (button), ==, "Dine-in Meja 4");
  {
    g_autoptr(GdkTexture) shot = kasir_test_render (GTK_WIDGET (window), "order-type.png");
  }

  /* The receipt names the order type and the table. */
  g_ptr_array_add (payments, kasir_payment_new (KASIR_PAYMENT_CASH, 20000));
  sale = kasir_cart_to_sale (cart, payments, 0, &error);
  g_assert_no_error (error);
  sale->receipt_no = g_strdup ("0-000001");
  receipt = kasir_receipt_build_text (sale, &options, 32);
  g_test_message ("%s", receipt);
  g_assert_nonnull (strstr (receipt, "Dine-in"));
  g_assert_nonnull (strstr (receipt, "Table Meja 4"));

  /* A new sale starts without one. */
  kasir_selling_view_new_sale (view);
  g_assert_cmpstr (kasir_order_button_get_label (button), ==, "_Order");

  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);
  g_clear_object (&catalog);
  g_clear_object (&db);
  store_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/Kasir/UiOrders/order-type", test_order_type);

  return g_test_run ();
}
