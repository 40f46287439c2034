/* test-ui-cashier.c — what a cashier reads and presses at the till, on the real window,
 * the real selling view and a real SQLCipher database: a quick-cash button asks about an
 * absurd tender as a typed amount does; a cart line's unit price shows whole at the
 * window's normal width; the held-sales list shows time and money as the rest of the
 * screen does, in an Indonesian shop too.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "kasir-window.h"
#include "kasir-selling-view.h"
#include "kasir-cart-view.h"
#include "kasir-checkout-dialog.h"
#include "kasir-catalog-repository.h"
#include "kasir-sync-state-repository.h"
#include "kasir-held-sales-window.h"
#include "kasir-settings-repository.h"
#include "kasir-setting-keys.h"
#include "kasir-ui-format.h"
#include "kasir-ui-money.h"
#include "store-test-util.h"
#include "ui-test-util.h"

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

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
  /* These tests sell without opening a shift. */
  {
    g_autoptr(KasirSettingsRepository) settings = kasir_settings_repository_new (db);

    g_assert_true (kasir_settings_repository_set_int64 (settings, KASIR_SETTING_SHIFT_REQUIRED, 0, &error));
    g_assert_no_error (error);
  }

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

static KasirWindow *
make_window (KasirDatabase *db)
{
  KasirStaff sari = { 3, 1, (char *) "Sari", (char *) "cashier", NULL, TRUE };
  KasirWindow *window = g_object_new (KASIR_TYPE_WINDOW, NULL);
  KasirTillContext *context;

  kasir_window_set_database (window, db);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  context = kasir_window_get_context (window);
  kasir_till_context_set_staff (context, &sari);
  kasir_till_context_set_shift_id (context, "shift-1");
  return window;
}

/* A quick-cash amount far above the sale is asked about, as a typed one is; nothing is
 * paid until the cashier says so, and then exactly that amount. */
static void
test_quick_cash_bound (void)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autoptr(KasirDatabase) db = make_db (dir);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  KasirWindow *window = make_window (db);
  KasirSellingView *view = kasir_window_get_selling_view (window);
  KasirCheckoutDialog *dialog;
  AdwMessageDialog *question;

  /* Above five times the total and above Rp 20.000: a Rp 8.000 tea paid with the
   * Rp 50.000 round-up button is asked about. */
  g_settings_set_uint (settings, "tender-confirm-factor", 5);
  g_settings_set_int64 (settings, "tender-confirm-floor", 20000);
  add (view, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.pay", NULL));
  dialog = kasir_selling_view_get_checkout_dialog (view);
  g_assert_nonnull (dialog);
  iterate ();

  /* What a scanner or a stuck key could make of the action: refused until confirmed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "checkout.quick-cash", "x",
                                             G_GINT64_CONSTANT (8991010000017)));
  question = kasir_checkout_dialog_get_confirmation (dialog);
  g_assert_nonnull (question);
  g_assert_cmpint (kasir_checkout_dialog_get_remaining (dialog), ==, 8000);
  g_assert_cmpint (kasir_checkout_dialog_get_change (dialog), ==, 0);
  adw_message_dialog_response (question, "cancel");
  iterate ();
  g_assert_null (kasir_checkout_dialog_get_confirmation (dialog));
  g_assert_cmpint (kasir_checkout_dialog_get_remaining (dialog), ==, 8000);

  /* The Rp 50.000 button: asked about, and taken as Rp 50.000 when confirmed, whatever
   * the amount field holds. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "checkout.quick-cash", "x", (gint64) 50000));
  question = kasir_checkout_dialog_get_confirmation (dialog);
  g_assert_nonnull (question);
  g_assert_cmpint (kasir_checkout_dialog_get_remaining (dialog), ==, 8000);
  adw_message_dialog_response (question, "take");
  iterate ();
  g_assert_cmpint (kasir_checkout_dialog_get_remaining (dialog), ==, 0);
  g_assert_cmpint (kasir_checkout_dialog_get_change (dialog), ==, 42000);
  kasir_checkout_dialog_remove_payment (dialog, 0);

  /* Within the bound a quick-cash button pays at once, and "exact" always does. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "checkout.quick-cash", "x", (gint64) 10000));
  g_assert_null (kasir_checkout_dialog_get_confirmation (dialog));
  g_assert_cmpint (kasir_checkout_dialog_get_change (dialog), ==, 2000);
  kasir_checkout_dialog_remove_payment (dialog, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "checkout.quick-cash", "x", (gint64) 0));
  g_assert_null (kasir_checkout_dialog_get_confirmation (dialog));
  g_assert_cmpint (kasir_checkout_dialog_get_remaining (dialog), ==, 0);
  g_assert_cmpint (kasir_checkout_dialog_get_change (dialog), ==, 0);

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_settings_reset (settings, "tender-confirm-factor");
  g_settings_reset (settings, "tender-confirm-floor");
  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);
  g_clear_object (&db);
  store_test_remove_tree (dir);
}

/* The unit price under a cart line ("Rp 18,000 each") is never cut short at the
 * window's default size, with a discount on the line too. */
static void
test_cart_line_price_whole (void)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autoptr(KasirDatabase) db = make_db (dir);
  g_autoptr(GError) error = NULL;
  KasirWindow *window = make_window (db);
  KasirSellingView *view = kasir_window_get_selling_view (window);
  KasirCartView *cart_view = kasir_selling_view_get_cart_view (view);
  GtkLabel *detail;
  g_autofree char *money = kasir_ui_money_format (18000, "IDR");
  g_auto(GStrv) words = g_strsplit (money, " ", -1);
  /* The amount is kept on one line: its spaces are no-break spaces. */
  g_autofree char *unit = g_strjoinv ("\u00a0", words);

  add (view, 1);
  add (view, 1);
  g_assert_true (kasir_cart_view_set_line_discount (cart_view, 0, KASIR_ADJUST_FLAT, 1500, &error));
  g_assert_no_error (error);
  kasir_test_settle (200);
  g_object_unref (kasir_test_render (GTK_WIDGET (window), "cart-line-price.png"));

  detail = GTK_LABEL (kasir_cart_view_get_line_control (cart_view, 0, "detail"));
  g_assert_nonnull (detail);
  g_assert_nonnull (strstr (gtk_label_get_label (detail), unit));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (detail)), >, 0);
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (detail)));

  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);
  g_clear_object (&db);
  store_test_remove_tree (dir);
}

/* The held-sales list writes time and money as the rest of the screen: the app's local
 * time format, and rupiah the shop's way ("Rp 48.500" in an Indonesian shop). */
static void
test_held_sales_formats (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KasirDatabase) db = NULL;
  KasirWindow *window;
  KasirSellingView *view;
  KasirHeldSalesWindow *held;
  AdwMessageDialog *prompt;
  GtkWidget *row;
  GtkWidget *entry;
  g_autofree char *text = NULL;
  gboolean found_total = FALSE;

  g_setenv ("LC_ALL", "id_ID.UTF-8", TRUE);
  dir = store_test_tmp_dir ();
  db = make_db (dir);
  window = make_window (db);
  view = kasir_window_get_selling_view (window);
  add (view, 1);
  add (view, 1);
  add (view, 3);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.hold", NULL));
  iterate ();
  prompt = ADW_MESSAGE_DIALOG (find_window (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (prompt);
  entry = adw_message_dialog_get_extra_child (prompt);
  gtk_editable_set_text (GTK_EDITABLE (entry), "Meja 4");
  g_signal_emit_by_name (entry, "activate");
  kasir_test_settle (50);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.recall", NULL));
  iterate ();
  held = KASIR_HELD_SALES_WINDOW (find_window (KASIR_TYPE_HELD_SALES_WINDOW));
  g_assert_nonnull (held);
  row = GTK_WIDGET (kasir_held_sales_window_get_row (held, 0));
  g_object_unref (kasir_test_render (GTK_WIDGET (held), "held-sales-id.png"));

  /* The time: the local "YYYY-MM-DD HH:MM" of every other list, never stored text. */
  {
    const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autofree char *iso = g_date_time_format_iso8601 (now);
    g_autofree char *local = kasir_ui_format_time (iso);

    g_assert_null (strstr (subtitle, "T"));
    g_assert_null (strstr (subtitle, "Z"));
    /* The date and hour of now, as the app writes them (a minute may turn meanwhile). */
    local[13] = '\0';
    g_assert_nonnull (strstr (subtitle, local));
  }

  /* The total: "Rp 48.500", with the grouping mark of the shop. */
  text = kasir_ui_money_format (48500, "IDR");
  g_assert_cmpstr (text, ==, "Rp 48.500");
  for (GtkWidget *w = gtk_widget_get_first_child (row); w != NULL && !found_total; )
    {
      /* A depth-first walk over the row's widgets. */
      if (GTK_IS_LABEL (w) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (w)), text) == 0)
        found_total = TRUE;
      if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != row && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          w = w == row ? NULL : gtk_widget_get_next_sibling (w);
        }
    }
  g_assert_true (found_total);

  gtk_window_destroy (GTK_WINDOW (held));
  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);
  g_clear_object (&db);
  store_test_remove_tree (dir);
  g_unsetenv ("LC_ALL");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/Kasir/UiCashier/quick-cash-bound", test_quick_cash_bound);
  g_test_add_func ("/Kasir/UiCashier/cart-line-price-whole", test_cart_line_price_whole);
  g_test_add_func ("/Kasir/UiCashier/held-sales-formats", test_held_sales_formats);

  return g_test_run ();
}
