/* test-ui-held.c — holding and recalling a sale at the till, on the real window, the
 * real selling view and a real SQLCipher database: Ctrl+H's prompt parks the cart with a
 * label, the next customer is served, Held Sales shows who, when and the total, a row
 * recalls the cart (never over a sale in progress), and a sale held in an earlier shift
 * is flagged there and at shift close.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "kasir-window.h"
#include "kasir-selling-view.h"
#include "kasir-cart-view.h"
#include "kasir-catalog-repository.h"
#include "kasir-sync-state-repository.h"
#include "kasir-held-cart-repository.h"
#include "kasir-held-sales-window.h"
#include "store-test-util.h"
#include "ui-test-util.h"

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The window of @type on screen, or NULL. */
static GtkWindow *
find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WINDOW (window);
    }
  return NULL;
}

static KasirDatabase *
make_db (const char *dir)
{
  g_autoptr(KasirCatalogRepository) catalog = NULL;
  g_autoptr(KasirSyncStateRepository) sync_state = NULL;
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);
  g_autoptr(GError) error = NULL;
  KasirDatabase *db = store_test_open_db_in (dir);

  sync_state = kasir_sync_state_repository_new (db);
  g_assert_true (kasir_sync_state_repository_set_identity (sync_state, 7, 1, "https://kasir.invalid", &error));
  g_ptr_array_add (products, store_test_product (1, "Kopi Susu Gula Aren", 18000));
  g_ptr_array_add (products, store_test_product (2, "Teh Manis Dingin", 8000));
  g_ptr_array_add (products, store_test_product (3, "Roti Coklat Keju", 12500));
  catalog = kasir_catalog_repository_new (db);
  g_assert_true (kasir_catalog_repository_upsert_products (catalog, products, &error));
  g_assert_no_error (error);

  return db;
}

static void
add (KasirSellingView *view,
     gint64            id)
{
  g_autofree char *sku = g_strdup_printf ("SKU-%06" G_GINT64_FORMAT, id);
  g_autoptr(GError) error = NULL;

  g_assert_true (kasir_selling_view_add_code (view, sku, &error));
  g_assert_no_error (error);
}

/* Ctrl+H's prompt, given @label and answered by Enter in the label. */
static void
hold_with_label (KasirSellingView *view,
                 const char       *label)
{
  AdwMessageDialog *prompt;
  GtkWidget *entry;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.hold", NULL));
  iterate ();
  prompt = ADW_MESSAGE_DIALOG (find_window (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (prompt);
  entry = adw_message_dialog_get_extra_child (prompt);
  g_assert_true (GTK_IS_ENTRY (entry));
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL));
  gtk_editable_set_text (GTK_EDITABLE (entry), label);
  g_signal_emit_by_name (entry, "activate");
  kasir_test_settle (50);
  g_assert_null (find_window (ADW_TYPE_MESSAGE_DIALOG));
}

static KasirHeldSalesWindow *
open_held_sales (KasirSellingView *view)
{
  KasirHeldSalesWindow *window;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.recall", NULL));
  iterate ();
  window = KASIR_HELD_SALES_WINDOW (find_window (KASIR_TYPE_HELD_SALES_WINDOW));
  g_assert_nonnull (window);
  return window;
}

static void
test_hold_and_recall (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = store_test_tmp_dir ();
  g_autoptr(KasirDatabase) db = make_db (dir);
  KasirStaff sari = { 3, 1, (char *) "Sari", (char *) "cashier", NULL, TRUE };
  KasirWindow *window;
  KasirSellingView *view;
  KasirCartView *cart_view;
  KasirTillContext *context;
  KasirHeldSalesWindow *held;
  g_autofree char *note = NULL;
  KasirMoney total;

  window = g_object_new (KASIR_TYPE_WINDOW, NULL);
  kasir_window_set_database (window, db);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  context = kasir_window_get_context (window);
  kasir_till_context_set_staff (context, &sari);
  kasir_till_context_set_shift_id (context, "shift-1");
  view = kasir_window_get_selling_view (window);
  cart_view = kasir_selling_view_get_cart_view (view);

  /* An empty cart is not held. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.hold", NULL));
  iterate ();
  g_assert_null (find_window (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (strstr (kasir_selling_view_get_message (view), "no sale to hold"));

  /* Two coffees and a bread, held for "Meja 4"; the cart empties for the next customer. */
  add (view, 1);
  add (view, 1);
  add (view, 3);
  total = kasir_cart_view_get_cart (cart_view)->total;
  g_assert_cmpint (total, ==, 2 * 18000 + 12500);
  hold_with_label (view, "Meja 4");
  g_assert_true (kasir_cart_view_is_empty (cart_view));

  /* The next customer's tea is in the cart: the held sale is listed but not recalled
   * over it. */
  add (view, 2);
  held = open_held_sales (view);
  g_assert_cmpuint (kasir_held_sales_window_get_n_held (held), ==, 1);
  g_assert_false (kasir_held_sales_window_is_flagged (held, 0));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (kasir_held_sales_window_get_row (held, 0))),
                   ==, "Meja 4");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (kasir_held_sales_window_get_row (held, 0))),
                            "Sari"));
  {
    g_autoptr(GdkTexture) shot = kasir_test_render (GTK_WIDGET (held), "held-sales.png");
  }
  g_signal_emit_by_name (kasir_held_sales_window_get_row (held, 0), "activate");
  iterate ();
  g_assert_nonnull (kasir_held_sales_window_get_message (held));
  g_assert_cmpuint (kasir_cart_view_get_cart (cart_view)->lines->len, ==, 1);
  gtk_window_destroy (GTK_WINDOW (held));
  iterate ();

  /* The tea is served (cleared here); then the held sale comes back whole. */
  kasir_selling_view_new_sale (view);
  held = open_held_sales (view);
  g_object_add_weak_pointer (G_OBJECT (held), (gpointer *) &held);
  g_signal_emit_by_name (kasir_held_sales_window_get_row (held, 0), "activate");
  iterate ();
  g_assert_null (held);
  g_assert_cmpuint (kasir_cart_view_get_cart (cart_view)->lines->len, ==, 2);
  g_assert_cmpint (kasir_cart_view_get_cart (cart_view)->total, ==, total);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM held_carts"), ==, 0);

  /* Held again and the shift closes: the close says so, and in the next shift the sale
   * is flagged as from an earlier one. */
  hold_with_label (view, "");
  note = kasir_held_sales_close_note (db);
  g_assert_nonnull (note);
  g_assert_nonnull (strstr (note, "1 sale is still held"));
  kasir_till_context_set_shift_id (context, "shift-2");
  held = open_held_sales (view);
  g_assert_true (kasir_held_sales_window_is_flagged (held, 0));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (kasir_held_sales_window_get_row (held, 0))),
                   ==, "Held sale");
  gtk_window_destroy (GTK_WINDOW (held));
  iterate ();

  /* A restart (a new window on the same database) still lists it. */
  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);
  window = g_object_new (KASIR_TYPE_WINDOW, NULL);
  kasir_window_set_database (window, db);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  kasir_till_context_set_staff (kasir_window_get_context (window), &sari);
  view = kasir_window_get_selling_view (window);
  g_assert_true (kasir_cart_view_is_empty (kasir_selling_view_get_cart_view (view)));
  held = open_held_sales (view);
  g_assert_cmpuint (kasir_held_sales_window_get_n_held (held), ==, 1);
  g_signal_emit_by_name (kasir_held_sales_window_get_row (held, 0), "activate");
  iterate ();
  g_assert_cmpint (kasir_cart_view_get_cart (kasir_selling_view_get_cart_view (view))->total, ==, total);
  g_assert_null (kasir_held_sales_close_note (db));

  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);
  g_clear_object (&db);
  store_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/Kasir/UiHeld/hold-and-recall", test_hold_and_recall);

  return g_test_run ();
}
