/* test-ui-modifiers.c — choosing modifiers at the till, on the real window, cart view
 * and database: adding (or scanning) a coffee with groups opens the chooser and adds
 * nothing yet; its keyboard path (move, choose, accept, Escape) works; a required group
 * not chosen and too many add-ons are refused with the group named and nothing added;
 * the accepted line shows its options under its name, costs the product plus its
 * add-ons, and the receipt prints them.
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
#include "kasir-modifier.h"
#include "kasir-modifier-chooser.h"
#include "kasir-modifier-repository.h"
#include "kasir-receipt-printer.h"
#include "kasir-ui-money.h"
#include "store-test-util.h"
#include "ui-test-util.h"

enum { NORMAL = 11, LESS, NONE, HOT = 21, ICED, SHOT = 31, SYRUP, OAT };

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static KasirProduct *
kopi_susu (void)
{
  KasirProduct *p = store_test_product (1, "Kopi Susu Gula Aren", 22000);
  KasirModifierGroup *sugar = kasir_modifier_group_new (1, "Sugar", FALSE, 1, 1);
  KasirModifierGroup *ice = kasir_modifier_group_new (2, "Ice", FALSE, 1, 1);
  KasirModifierGroup *addons = kasir_modifier_group_new (3, "Add-ons", TRUE, 0, 2);

  g_ptr_array_add (sugar->options, kasir_modifier_option_new (NORMAL, "Normal", 0));
  g_ptr_array_add (sugar->options, kasir_modifier_option_new (LESS, "Less sugar", 0));
  g_ptr_array_add (sugar->options, kasir_modifier_option_new (NONE, "No sugar", 0));
  g_ptr_array_add (ice->options, kasir_modifier_option_new (HOT, "Hot", 0));
  g_ptr_array_add (ice->options, kasir_modifier_option_new (ICED, "Iced", 0));
  g_ptr_array_add (addons->options, kasir_modifier_option_new (SHOT, "Extra shot", 5000));
  g_ptr_array_add (addons->options, kasir_modifier_option_new (SYRUP, "Hazelnut syrup", 4000));
  g_ptr_array_add (addons->options, kasir_modifier_option_new (OAT, "Oat milk", 7000));
  p->modifier_groups = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_modifier_group_free);
  g_ptr_array_add (p->modifier_groups, sugar);
  g_ptr_array_add (p->modifier_groups, ice);
  g_ptr_array_add (p->modifier_groups, addons);
  return p;
}

static KasirModifierChooser *
find_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (KASIR_IS_MODIFIER_CHOOSER (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return KASIR_MODIFIER_CHOOSER (w);
    }
  return NULL;
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The keyboard: an arrow moves the focus to the next option, Space (the button's
 * activation) chooses it. */
static void
arrow_and_choose (KasirModifierChooser *chooser,
                  GtkDirectionType      direction,
                  gint64                expected)
{
  GtkWidget *focus;

  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (chooser), direction));
  focus = gtk_root_get_focus (GTK_ROOT (chooser));
  g_assert_true (focus == GTK_WIDGET (kasir_modifier_chooser_get_option (chooser, expected)));
  gtk_widget_activate (focus);
  /* A button activated from the keyboard shows itself pressed for a moment first. */
  kasir_test_settle (400);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (focus)));
}

static void
test_choose (void)
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
  KasirModifierChooser *chooser;
  KasirWindow *window;
  KasirSellingView *view;
  KasirCartView *cart_view;
  const KasirCart *cart;
  const KasirCartLine *line;
  GtkWidget *options_label;

  store_test_random_key (key);
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  g_ptr_array_add (products, kopi_susu ());
  catalog = kasir_catalog_repository_new (db);
  g_assert_true (kasir_catalog_repository_upsert_products (catalog, products, &error));
  g_assert_true (kasir_modifier_store_replace_groups (db, products, &error));
  g_assert_no_error (error);

  window = g_object_new (KASIR_TYPE_WINDOW, NULL);
  kasir_window_set_database (window, db);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  view = kasir_window_get_selling_view (window);
  cart_view = kasir_selling_view_get_cart_view (view);

  /* A scan of the coffee opens the chooser and adds nothing yet. */
  g_assert_true (kasir_selling_view_add_code (view, "SKU-000001", &error));
  g_assert_no_error (error);
  iterate ();
  chooser = find_chooser ();
  g_assert_nonnull (chooser);
  g_assert_cmpuint (kasir_cart_view_get_cart (cart_view)->lines->len, ==, 0);

  /* Nothing chosen: the required Sugar is named, nothing is added. */
  g_assert_false (kasir_modifier_chooser_accept (chooser));
  g_assert_nonnull (strstr (kasir_modifier_chooser_get_message (chooser), "Sugar"));
  g_assert_cmpuint (kasir_cart_view_get_cart (cart_view)->lines->len, ==, 0);

  /* The focus starts on the first option; Right moves to Less sugar, Space takes it. */
  g_assert_true (gtk_root_get_focus (GTK_ROOT (chooser))
                 == GTK_WIDGET (kasir_modifier_chooser_get_option (chooser, NORMAL)));
  arrow_and_choose (chooser, GTK_DIR_RIGHT, LESS);
  gtk_toggle_button_set_active (kasir_modifier_chooser_get_option (chooser, ICED), TRUE);
  gtk_toggle_button_set_active (kasir_modifier_chooser_get_option (chooser, SHOT), TRUE);
  gtk_toggle_button_set_active (kasir_modifier_chooser_get_option (chooser, SYRUP), TRUE);
  gtk_toggle_button_set_active (kasir_modifier_chooser_get_option (chooser, OAT), TRUE);

  /* Three add-ons of at most two: refused, the group named. */
  g_assert_false (kasir_modifier_chooser_accept (chooser));
  g_assert_nonnull (strstr (kasir_modifier_chooser_get_message (chooser), "Add-ons"));
  g_assert_cmpuint (kasir_cart_view_get_cart (cart_view)->lines->len, ==, 0);
  gtk_toggle_button_set_active (kasir_modifier_chooser_get_option (chooser, SYRUP), FALSE);
  gtk_toggle_button_set_active (kasir_modifier_chooser_get_option (chooser, OAT), FALSE);
  g_assert_cmpstr (kasir_modifier_chooser_get_message (chooser), ==, "");
  kasir_test_settle (200);
  {
    g_autoptr(GdkTexture) shot = kasir_test_render (GTK_WIDGET (chooser), "modifiers.png");
  }

  /* Ctrl+Enter's action adds the line. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (chooser), "chooser.accept", NULL));
  iterate ();
  g_assert_null (find_chooser ());
  cart = kasir_cart_view_get_cart (cart_view);
  g_assert_cmpuint (cart->lines->len, ==, 1);
  line = cart->lines->pdata[0];
  g_assert_cmpint (line->unit_price, ==, 22000 + 5000);
  g_assert_cmpint (line->total, ==, 27000);
  g_assert_cmpint (line->tax, ==, 2676);  /* 27,000 x 11 / 111, rounded */
  options_label = find_named (GTK_WIDGET (cart_view), "options");
  g_assert_nonnull (options_label);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (options_label)), ==, "Less sugar, Iced, Extra shot");

  /* Escape cancels: the chooser goes, the cart stays as it was. */
  g_assert_true (kasir_selling_view_add_code (view, "SKU-000001", &error));
  iterate ();
  chooser = find_chooser ();
  g_assert_nonnull (chooser);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (chooser), "window.close", NULL));
  iterate ();
  g_assert_null (find_chooser ());
  g_assert_cmpuint (kasir_cart_view_get_cart (cart_view)->lines->len, ==, 1);
  g_assert_cmpint (kasir_cart_view_get_cart (cart_view)->total, ==, 27000);

  /* The receipt prints the options under the line, the add-on with its price. */
  g_ptr_array_add (payments, kasir_payment_new (KASIR_PAYMENT_CASH, 30000));
  sale = kasir_cart_to_sale (kasir_cart_view_get_cart (cart_view), payments, 0, &error);
  g_assert_no_error (error);
  sale->receipt_no = g_strdup ("0-000001");
  receipt = kasir_receipt_build_text (sale, &options, 32);
  g_test_message ("%s", receipt);
  g_assert_nonnull (strstr (receipt, "Kopi Susu Gula Aren\n  + Less sugar\n  + Iced\n  + Extra shot"));
  {
    g_autofree char *shot_price = kasir_ui_money_format (5000, "IDR");
    g_autofree char *shot_line = g_strdup_printf ("  + Extra shot%*s\n", 32 - 14, shot_price);
    g_autofree char *unit = kasir_ui_money_format (27000, "IDR");

    g_assert_nonnull (strstr (receipt, shot_line));
    g_assert_nonnull (strstr (receipt, unit));
  }

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

  g_test_add_func ("/Kasir/UiModifiers/choose", test_choose);

  return g_test_run ();
}
