/* test-ui-selling.c — selling at the till through the real widgets and database.
 *
 * Every case opens a real encrypted database in a temporary directory, puts the selling
 * view in a real window on the (virtual) display and drives it through its actions, as
 * the keyboard and buttons do. The keyboard's own cases are in test-ui-selling-keys.c,
 * the receipt's in test-ui-receipt.c.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <sodium.h>

#include "kasir-window.h"
#include "kasir-selling-view.h"
#include "kasir-cart-view.h"
#include "kasir-catalog-model.h"
#include "kasir-product-tile.h"
#include "kasir-checkout-dialog.h"
#include "kasir-receipt-view.h"
#include "kasir-receipt-printer.h"
#include "kasir-catalog-repository.h"
#include "kasir-cart-repository.h"
#include "kasir-sales-repository.h"
#include "kasir-outbox-repository.h"
#include "kasir-sync-state-repository.h"
#include "kasir-sync-service.h"
#include "kasir-ui-money.h"
#include "kasir-selling-keys.h"
#include "kasir-shortcuts.h"
#include "kasir-pin-dialog.h"
#include "kasir-receipt-barcode.h"
#include "kasir-settings-repository.h"
#include "kasir-setting-keys.h"
#include "kasir-shift-dialog.h"
#include "kasir-shift-repository.h"
#include "kasir-staff-repository.h"
#include "ui-test-util.h"

#include "kasir-test-selling.h"

static gboolean
model_has_one (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (data)) == 1;
}

static void
test_full_sale (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirSyncService) service = NULL;
  g_autoptr(KasirSalesRepository) sales = NULL;
  g_autoptr(KasirOutboxRepository) outbox = NULL;
  g_autoptr(KasirCartRepository) carts = NULL;
  g_autoptr(KasirCatalogRepository) catalog = NULL;
  g_autoptr(KasirSale) stored = NULL;
  g_autoptr(KasirCart) saved = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  KasirWindow *window;
  KasirSellingView *view;
  KasirCatalogModel *model;
  KasirCheckoutDialog *dialog;
  KasirReceiptView *receipt;
  const KasirSale *sale;
  const KasirMutation *mutation;
  gint64 qty = 0;

  service = kasir_sync_service_new (f->db, NULL, &error);
  g_assert_no_error (error);
  window = make_window (f, service);
  view = kasir_window_get_selling_view (window);
  g_assert_nonnull (view);
  model = kasir_selling_view_get_catalog_model (view);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);

  /* The controls a cashier reaches by keyboard have names for screen readers. */
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (kasir_selling_view_get_search_entry (view)),
                                                   GTK_ACCESSIBLE_PROPERTY_LABEL));
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (kasir_selling_view_get_grid_view (view)),
                                                   GTK_ACCESSIBLE_PROPERTY_LABEL));

  /* F2 / Ctrl+F: the search field takes the focus. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.search", NULL));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (kasir_selling_view_get_search_entry (view))) ||
                 gtk_widget_is_focus (gtk_root_get_focus (GTK_ROOT (window))));

  /* Search as you type: one product matches "kopi su". */
  gtk_editable_set_text (kasir_selling_view_get_search_entry (view), "kopi su");
  g_assert_true (wait_for (model_has_one, model));
  g_assert_cmpstr (kasir_catalog_model_get_search (model), ==, "kopi su");

  /* Activating the grid item (a click or Enter on the tile) adds it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (kasir_selling_view_get_grid_view (view)),
                                             "list.activate-item", "u", 0));
  g_assert_cmpuint (cart_of (view)->lines->len, ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.add-product", "x", (gint64) 1));
  g_assert_cmpuint (cart_of (view)->lines->len, ==, 1);
  g_assert_cmpint (((KasirCartLine *) g_ptr_array_index (cart_of (view)->lines, 0))->qty, ==, 2);
  g_assert_cmpint (cart_of (view)->total, ==, 30000);
  if (g_getenv ("KASIR_SCREENSHOT_DIR") != NULL)
    g_object_unref (kasir_test_render (GTK_WIDGET (window), "selling.png"));
  /* Tax is included in the price: 30000 * 1100 / 11100 = 2972.97 -> 2973. */
  g_assert_cmpint (cart_of (view)->tax, ==, 2973);

  /* The cart is saved after every change. */
  carts = kasir_cart_repository_new (f->db);
  saved = kasir_cart_repository_load (carts, &error);
  g_assert_no_error (error);
  g_assert_nonnull (saved);
  g_assert_cmpuint (saved->lines->len, ==, 1);
  g_clear_pointer (&saved, kasir_cart_free);

  /* F12: pay. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.pay", NULL));
  dialog = kasir_selling_view_get_checkout_dialog (view);
  g_assert_nonnull (dialog);
  iterate ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "checkout.quick-cash", "x", (gint64) 50000));
  g_assert_cmpint (kasir_checkout_dialog_get_remaining (dialog), ==, 0);
  g_assert_cmpint (kasir_checkout_dialog_get_change (dialog), ==, 20000);
  if (g_getenv ("KASIR_SCREENSHOT_DIR") != NULL)
    {
      kasir_test_settle (600);
      g_object_unref (kasir_test_render (GTK_WIDGET (dialog), "checkout.png"));
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "checkout.commit", NULL));

  sale = kasir_checkout_dialog_get_sale (dialog);
  g_assert_nonnull (sale);
  g_assert_cmpstr (sale->receipt_no, ==, "7-000001");
  g_assert_cmpint (sale->change, ==, 20000);

  /* The receipt shows the local number and says the sale still has to sync. */
  receipt = kasir_checkout_dialog_get_receipt_view (dialog);
  g_assert_nonnull (strstr (kasir_receipt_view_get_text (receipt), "7-000001"));
  g_assert_nonnull (strstr (kasir_receipt_view_get_text (receipt), "Offline — will sync"));
  g_assert_false (kasir_receipt_view_get_synced (receipt));
  if (g_getenv ("KASIR_SCREENSHOT_DIR") != NULL)
    {
      kasir_test_settle (600);
      g_object_unref (kasir_test_render (GTK_WIDGET (dialog), "receipt.png"));
    }

  /* The sale and its outbox row are in the database. */
  sales = kasir_sales_repository_new (f->db);
  stored = kasir_sales_repository_get_by_receipt (sales, "7-000001", &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->total, ==, 30000);
  g_assert_cmpint (stored->change, ==, 20000);
  g_assert_cmpuint (stored->lines->len, ==, 1);
  g_assert_cmpuint (stored->payments->len, ==, 1);
  g_assert_cmpint (((KasirPayment *) g_ptr_array_index (stored->payments, 0))->amount, ==, 50000);
  outbox = kasir_outbox_repository_new (f->db);
  pending = kasir_outbox_repository_list_pending (outbox, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 1);
  mutation = g_ptr_array_index (pending, 0);
  g_assert_cmpint (mutation->type, ==, KASIR_MUTATION_SALE_CREATE);
  g_assert_cmpint (mutation->seq, ==, 1);

  /* The sale cleared the saved cart and the one on screen; stock went down. */
  saved = kasir_cart_repository_load (carts, &error);
  g_assert_no_error (error);
  g_assert_true (saved == NULL || saved->lines->len == 0);
  g_assert_cmpuint (cart_of (view)->lines->len, ==, 0);
  catalog = kasir_catalog_repository_new (f->db);
  g_assert_true (kasir_catalog_repository_get_stock (catalog, 1, 1, &qty, &error));
  g_assert_cmpint (qty, ==, 18);

  /* When the server acknowledges the receipt, the receipt on screen changes. */
  g_signal_emit_by_name (service, "sale-synced", "7-000002");
  g_assert_false (kasir_receipt_view_get_synced (receipt));
  g_signal_emit_by_name (service, "sale-synced", "7-000001");
  g_assert_true (kasir_receipt_view_get_synced (receipt));
  g_assert_null (strstr (kasir_receipt_view_get_text (receipt), "Offline — will sync"));
  g_assert_nonnull (strstr (kasir_receipt_view_get_text (receipt), "Synced"));

  /* "New sale" closes the dialog. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "checkout.close", NULL));
  iterate ();
  g_assert_null (kasir_selling_view_get_checkout_dialog (view));

  destroy_window (window);
  kasir_sync_service_shutdown (service);
}

static void
scan (KasirSellingView *view,
      const char       *code,
      guint32           start,
      guint32           gap,
      gboolean         *out_handled)
{
  guint32 t = start;

  for (const char *p = code; *p != '\0'; p++, t += gap)
    g_assert_false (kasir_selling_view_scanner_key (view, GDK_KEY_0 + (*p - '0'), t));
  *out_handled = kasir_selling_view_scanner_key (view, GDK_KEY_Return, t);
}

static void
test_barcode (Fixture       *f,
              gconstpointer  data)
{
  KasirWindow *window = make_window (f, NULL);
  KasirSellingView *view = kasir_window_get_selling_view (window);
  GtkEditable *search = kasir_selling_view_get_search_entry (view);
  gboolean handled;

  /* A scanner types the digits a few milliseconds apart, then Enter. */
  scan (view, "8990000000021", 100000, 8, &handled);
  g_assert_true (handled);
  g_assert_cmpuint (cart_of (view)->lines->len, ==, 1);
  g_assert_cmpint (((KasirCartLine *) g_ptr_array_index (cart_of (view)->lines, 0))->product_id, ==, 2);

  /* The digits that reached the focused search field are taken out again. */
  kasir_selling_view_focus_search (view);
  gtk_editable_set_text (search, "8991234567890");
  scan (view, "8991234567890", 200000, 5, &handled);
  g_assert_true (handled);
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "");
  g_assert_cmpuint (cart_of (view)->lines->len, ==, 2);
  g_assert_cmpint (((KasirCartLine *) g_ptr_array_index (cart_of (view)->lines, 1))->product_id, ==, 1);

  /* A person typing the same digits is not a scanner: Enter goes to the focused widget. */
  scan (view, "8990000000038", 300000, 180, &handled);
  g_assert_false (handled);
  g_assert_cmpuint (cart_of (view)->lines->len, ==, 2);

  /* A pause before Enter is not a scan either. */
  {
    guint32 t = 400000;

    for (const char *p = "8990000000038"; *p != '\0'; p++, t += 5)
      kasir_selling_view_scanner_key (view, GDK_KEY_0 + (*p - '0'), t);
    g_assert_false (kasir_selling_view_scanner_key (view, GDK_KEY_Return, t + 500));
  }

  /* A scanned code nobody knows changes nothing and says so. */
  scan (view, "1234567890128", 500000, 5, &handled);
  g_assert_true (handled);
  g_assert_cmpuint (cart_of (view)->lines->len, ==, 2);
  g_assert_nonnull (strstr (kasir_selling_view_get_message (view), "1234567890128"));

  /* The same code scanned again adds to its line. */
  scan (view, "8990000000021", 600000, 8, &handled);
  g_assert_true (handled);
  g_assert_cmpuint (cart_of (view)->lines->len, ==, 2);
  g_assert_cmpint (((KasirCartLine *) g_ptr_array_index (cart_of (view)->lines, 0))->qty, ==, 2);

  /* Typing a SKU and Enter in the search field finds it exactly. */
  gtk_editable_set_text (search, "ROTI-003");
  g_signal_emit_by_name (search, "activate");
  g_assert_cmpuint (cart_of (view)->lines->len, ==, 3);
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "");

  /* Delete voids the selected line (the last one added). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.void-line", NULL));
  g_assert_cmpuint (cart_of (view)->lines->len, ==, 2);

  destroy_window (window);
}

static void
test_tender_bound (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KasirWindow *window = make_window (f, NULL);
  KasirSellingView *view = kasir_window_get_selling_view (window);
  KasirCheckoutDialog *dialog;
  AdwMessageDialog *question;
  GtkEditable *amount;

  g_assert_true (kasir_selling_view_add_code (view, "KOPI-001", &error));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.pay", NULL));
  dialog = kasir_selling_view_get_checkout_dialog (view);
  iterate ();
  amount = GTK_EDITABLE (gtk_root_get_focus (GTK_ROOT (dialog)));

  /* 99999999999 typed by hand is asked about, and taken only when confirmed. */
  gtk_editable_set_text (amount, "99999999999");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "checkout.add-payment", NULL));
  question = kasir_checkout_dialog_get_confirmation (dialog);
  g_assert_nonnull (question);
  g_assert_cmpint (kasir_checkout_dialog_get_remaining (dialog), ==, 15000);
  if (g_getenv ("KASIR_SCREENSHOT_DIR") != NULL)
    {
      kasir_test_settle (600);
      g_object_unref (kasir_test_render (GTK_WIDGET (question), "payment-bound.png"));
    }
  adw_message_dialog_response (question, "cancel");
  iterate ();
  g_assert_null (kasir_checkout_dialog_get_confirmation (dialog));
  g_assert_cmpint (kasir_checkout_dialog_get_remaining (dialog), ==, 15000);
  g_assert_cmpint (kasir_checkout_dialog_get_change (dialog), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "checkout.add-payment", NULL));
  question = kasir_checkout_dialog_get_confirmation (dialog);
  g_assert_nonnull (question);
  adw_message_dialog_response (question, "take");
  iterate ();
  g_assert_cmpint (kasir_checkout_dialog_get_change (dialog), ==, G_GINT64_CONSTANT (99999999999) - 15000);
  kasir_checkout_dialog_remove_payment (dialog, 0);

  /* A sensible amount is taken without a question. */
  gtk_editable_set_text (amount, "100000");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "checkout.add-payment", NULL));
  g_assert_null (kasir_checkout_dialog_get_confirmation (dialog));
  g_assert_cmpint (kasir_checkout_dialog_get_change (dialog), ==, 85000);
  kasir_checkout_dialog_remove_payment (dialog, 0);

  /* A card fills in exactly what is left, and pays it without change. */
  kasir_checkout_dialog_set_method (dialog, KASIR_PAYMENT_CARD);
  g_assert_cmpstr (gtk_editable_get_text (amount), !=, "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "checkout.add-payment", NULL));
  g_assert_null (kasir_checkout_dialog_get_confirmation (dialog));
  g_assert_cmpint (kasir_checkout_dialog_get_remaining (dialog), ==, 0);
  g_assert_cmpint (kasir_checkout_dialog_get_change (dialog), ==, 0);

  destroy_window (window);
}

/* Find the question that asks for a shift among the windows. */
static AdwMessageDialog *
find_shift_question (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (window)), "shift-required") == 0)
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static GtkWindow *
find_shift_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (KASIR_IS_SHIFT_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

/* With the shop's rule on (its default), paying without an open shift asks to open one
 * and takes no payment; its answer opens the shift dialog; with a shift open the
 * payment goes on, in that shift. */
static void
test_shift_required (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirSettingsRepository) settings = kasir_settings_repository_new (f->db);
  g_autoptr(KasirShiftRepository) shifts = kasir_shift_repository_new (f->db);
  g_autoptr(KasirShift) shift = NULL;
  KasirStaff cashier = { 0, 1, (char *) "Budi", (char *) "cashier", NULL, TRUE };
  KasirWindow *window;
  KasirSellingView *view;
  AdwMessageDialog *question;

  g_assert_true (kasir_settings_repository_remove (settings, KASIR_SETTING_SHIFT_REQUIRED, &error));
  g_assert_no_error (error);
  cashier.id = kasir_test_add_staff (f->db, cashier.name, cashier.role, "135790");
  window = make_window (f, NULL);
  view = kasir_window_get_selling_view (window);
  kasir_till_context_set_staff (kasir_window_get_context (window), &cashier);

  g_assert_true (kasir_selling_view_add_code (view, "KOPI-001", &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.pay", NULL));
  iterate ();
  g_assert_null (kasir_selling_view_get_checkout_dialog (view));
  question = find_shift_question ();
  g_assert_nonnull (question);
  adw_message_dialog_response (question, "open-shift");
  kasir_test_settle (300);
  /* The shift dialog is up, over the till. */
  g_assert_nonnull (find_shift_dialog ());
  g_assert_cmpuint (count_visible_others (GTK_WINDOW (window)), >, 0);
  close_other_windows (GTK_WINDOW (window));
  iterate ();

  shift = kasir_shift_repository_open_shift (shifts, cashier.id, 100000, &error);
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.pay", NULL));
  iterate ();
  g_assert_null (find_shift_question ());
  g_assert_nonnull (kasir_selling_view_get_checkout_dialog (view));
  g_assert_cmpstr (kasir_till_context_get_shift_id (kasir_window_get_context (window)), ==, shift->id);
  close_other_windows (GTK_WINDOW (window));
  iterate ();

  kasir_till_context_set_staff (kasir_window_get_context (window), NULL);
  destroy_window (window);
}

static void
test_split_payment (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirSalesRepository) sales = NULL;
  g_autoptr(KasirSale) stored = NULL;
  KasirWindow *window = make_window (f, NULL);
  KasirSellingView *view = kasir_window_get_selling_view (window);
  KasirCheckoutDialog *dialog;
  const KasirSale *sale;

  g_assert_true (kasir_selling_view_add_code (view, "KOPI-001", &error));
  g_assert_true (kasir_selling_view_add_code (view, "8991234567890", &error));
  g_assert_no_error (error);
  g_assert_cmpint (cart_of (view)->total, ==, 30000);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.pay", NULL));
  dialog = kasir_selling_view_get_checkout_dialog (view);
  g_assert_nonnull (dialog);

  /* A card cannot pay more than the total: it gives no change. */
  g_assert_false (kasir_checkout_dialog_add_payment (dialog, KASIR_PAYMENT_CARD, 40000, &error));
  g_assert_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_nonnull (kasir_checkout_dialog_get_message (dialog));

  /* Nothing, or less than nothing, is not a payment. */
  g_assert_false (kasir_checkout_dialog_add_payment (dialog, KASIR_PAYMENT_CASH, 0, &error));
  g_assert_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID);
  g_clear_error (&error);

  /* Underpaying is refused at commit with what is left. */
  g_assert_true (kasir_checkout_dialog_add_payment (dialog, KASIR_PAYMENT_CASH, 10000, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kasir_checkout_dialog_get_remaining (dialog), ==, 20000);
  g_assert_false (kasir_checkout_dialog_commit (dialog, &error));
  g_assert_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_SUMS);
  g_clear_error (&error);
  g_assert_nonnull (strstr (kasir_checkout_dialog_get_message (dialog), "20"));
  g_assert_null (kasir_checkout_dialog_get_sale (dialog));

  /* The card may pay at most what is left after the cash. */
  g_assert_false (kasir_checkout_dialog_add_payment (dialog, KASIR_PAYMENT_CARD, 25000, &error));
  g_clear_error (&error);
  g_assert_true (kasir_checkout_dialog_add_payment (dialog, KASIR_PAYMENT_CARD, 15000, &error));
  g_assert_true (kasir_checkout_dialog_add_payment (dialog, KASIR_PAYMENT_EWALLET, 1000, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kasir_checkout_dialog_get_remaining (dialog), ==, 4000);

  /* Cash over the rest gives change. */
  g_assert_true (kasir_checkout_dialog_add_payment (dialog, KASIR_PAYMENT_CASH, 10000, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kasir_checkout_dialog_get_change (dialog), ==, 6000);

  /* Removing a payment and adding it again is allowed before commit. */
  kasir_checkout_dialog_remove_payment (dialog, 3);
  g_assert_cmpint (kasir_checkout_dialog_get_remaining (dialog), ==, 4000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "checkout.quick-cash", "x", (gint64) 10000));
  g_assert_cmpint (kasir_checkout_dialog_get_change (dialog), ==, 6000);

  g_assert_true (kasir_checkout_dialog_commit (dialog, &error));
  g_assert_no_error (error);
  sale = kasir_checkout_dialog_get_sale (dialog);
  g_assert_cmpint (sale->change, ==, 6000);
  g_assert_cmpuint (sale->payments->len, ==, 4);
  g_assert_true (kasir_sale_check_sums (sale, &error));
  g_assert_no_error (error);

  sales = kasir_sales_repository_new (f->db);
  stored = kasir_sales_repository_get_by_receipt (sales, sale->receipt_no, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->change, ==, 6000);
  g_assert_cmpuint (stored->payments->len, ==, 4);

  /* Nothing more can be paid on a committed sale. */
  g_assert_false (kasir_checkout_dialog_add_payment (dialog, KASIR_PAYMENT_CASH, 1000, &error));
  g_clear_error (&error);

  destroy_window (window);
}

static void
test_cart_survives (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KasirWindow *window = make_window (f, NULL);
  KasirSellingView *view = kasir_window_get_selling_view (window);
  KasirCartView *cart_view = kasir_selling_view_get_cart_view (view);
  KasirMoney total;
  const KasirCart *cart;

  g_assert_true (kasir_selling_view_add_code (view, "KOPI-001", &error));
  g_assert_true (kasir_selling_view_add_code (view, "ROTI-003", &error));
  g_assert_true (kasir_cart_view_set_line_qty (cart_view, 1, 3, &error));
  g_assert_true (kasir_cart_view_set_line_discount (cart_view, 0, KASIR_ADJUST_PERCENT, 1000, &error));
  g_assert_true (kasir_cart_view_set_fee (cart_view, KASIR_ADJUST_FLAT, 1000, &error));
  g_assert_no_error (error);

  /* A bad percentage is refused and changes nothing. */
  g_assert_false (kasir_cart_view_set_discount (cart_view, KASIR_ADJUST_PERCENT, 12000, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  cart = kasir_cart_view_get_cart (cart_view);
  /* 15000 - 10% = 13500; 3 x 12500 = 37500; + 1000 fee. */
  g_assert_cmpint (cart->total, ==, 13500 + 37500 + 1000);
  total = cart->total;

  /* The till restarts: a new window on a new connection. */
  destroy_window (window);
  g_clear_object (&f->db);
  fixture_open (f);

  window = make_window (f, NULL);
  view = kasir_window_get_selling_view (window);
  cart = cart_of (view);
  g_assert_cmpuint (cart->lines->len, ==, 2);
  g_assert_cmpint (cart->total, ==, total);
  g_assert_cmpint (cart->fee.kind, ==, KASIR_ADJUST_FLAT);
  g_assert_cmpint (((KasirCartLine *) g_ptr_array_index (cart->lines, 0))->discount.value, ==, 1000);
  g_assert_cmpint (((KasirCartLine *) g_ptr_array_index (cart->lines, 1))->qty, ==, 3);

  /* A new sale empties the saved cart too. */
  kasir_selling_view_new_sale (view);
  destroy_window (window);
  window = make_window (f, NULL);
  g_assert_cmpuint (cart_of (kasir_window_get_selling_view (window))->lines->len, ==, 0);
  destroy_window (window);
}

static void
test_catalog_model_lazy (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (f->db);
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);
  g_autoptr(KasirCatalogModel) model = NULL;
  g_autoptr(KasirCatalogItem) item = NULL;
  g_autoptr(KasirCatalogItem) low = NULL;
  g_autoptr(KasirCatalogItem) negative = NULL;
  guint n;

  for (gint64 id = 100; id < 5100; id++)
    {
      g_autofree char *name = g_strdup_printf ("Produk %05" G_GINT64_FORMAT, id);
      g_autofree char *sku = g_strdup_printf ("SKU-%" G_GINT64_FORMAT, id);

      g_ptr_array_add (products, product (id, name, sku, NULL, 1000 + id));
    }
  g_assert_true (kasir_catalog_repository_upsert_products (catalog, products, &error));
  g_assert_no_error (error);

  model = kasir_catalog_model_new (catalog, 1);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, ==, 5003);
  g_assert_cmpuint (kasir_catalog_model_get_pages_read (model), ==, 0);

  /* Asking for one item far down reads one page, not everything before it. "Kopi ..."
   * sorts first, so item 4000 is the 4000th "Produk". */
  item = g_list_model_get_item (G_LIST_MODEL (model), 4000);
  g_assert_nonnull (item);
  g_assert_cmpuint (kasir_catalog_model_get_pages_read (model), ==, 1);
  g_assert_cmpstr (kasir_catalog_item_get_product (item)->name, ==, "Produk 04099");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), n));

  /* Search results, with stock. */
  kasir_catalog_model_set_search (model, "teh");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  low = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (kasir_catalog_item_get_stock_known (low));
  g_assert_cmpint (kasir_catalog_item_get_stock (low), ==, 3);
  kasir_catalog_model_set_search (model, "roti keju");
  negative = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpint (kasir_catalog_item_get_stock (negative), ==, -2);

  /* Tiles mark low and negative stock, and follow their item when a new search
   * reuses it for another product. */
  {
    GtkWidget *tile = g_object_ref_sink (kasir_product_tile_new ());

    kasir_product_tile_set_item (KASIR_PRODUCT_TILE (tile), negative, "IDR");
    g_assert_true (gtk_widget_has_css_class (tile, "stock-negative"));
    g_assert_false (gtk_widget_has_css_class (tile, "stock-low"));
    kasir_catalog_model_set_search (model, "teh manis");
    g_assert_true (gtk_widget_has_css_class (tile, "stock-low"));
    g_assert_false (gtk_widget_has_css_class (tile, "stock-negative"));
    kasir_catalog_model_set_search (model, "kopi");
    g_assert_false (gtk_widget_has_css_class (tile, "stock-low"));
    g_assert_false (gtk_widget_has_css_class (tile, "stock-negative"));
    /* With stock off the tiles (a setting), neither figure nor mark shows. */
    kasir_catalog_model_set_search (model, "teh manis");
    g_assert_true (gtk_widget_has_css_class (tile, "stock-low"));
    kasir_product_tile_set_show_stock (KASIR_PRODUCT_TILE (tile), FALSE);
    g_assert_false (gtk_widget_has_css_class (tile, "stock-low"));
    kasir_product_tile_set_show_stock (KASIR_PRODUCT_TILE (tile), TRUE);
    g_assert_true (gtk_widget_has_css_class (tile, "stock-low"));
    kasir_product_tile_set_item (KASIR_PRODUCT_TILE (tile), NULL, "IDR");
    g_object_unref (tile);
  }

  /* Blank search browses again. */
  kasir_catalog_model_set_search (model, "  ");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5003);
}

/* Every colour the till's style sheets name (@card_fg_color…) is one libadwaita defines,
 * in its light and its dark style. A name it does not know is no error for GTK: the
 * property silently takes its initial value, white text on no background. */
static void
test_named_colours (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = g_resources_enumerate_children (RESOURCE_BASE "/", 0, &error);
  g_autoptr(GRegex) reference = g_regex_new ("@([A-Za-z_][A-Za-z0-9_]*)", 0, 0, NULL);
  GtkWidget *window = gtk_window_new ();
  AdwStyleManager *styles = adw_style_manager_get_default ();
  guint n_sheets = 0;
  guint n_names = 0;

  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  for (guint dark = 0; dark < 2; dark++)
    {
      adw_style_manager_set_color_scheme (styles, dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      kasir_test_settle (50);
      g_assert_true (adw_style_manager_get_dark (styles) == (gboolean) dark);
      for (guint i = 0; names[i] != NULL; i++)
        {
          g_autofree char *path = g_strconcat (RESOURCE_BASE "/", names[i], NULL);
          g_autoptr(GBytes) bytes = NULL;
          g_autoptr(GMatchInfo) match = NULL;

          if (!g_str_has_suffix (names[i], ".css"))
            continue;
          bytes = g_resources_lookup_data (path, 0, &error);
          g_assert_no_error (error);
          n_sheets++;
          g_regex_match (reference, g_bytes_get_data (bytes, NULL), 0, &match);
          for (; g_match_info_matches (match); g_match_info_next (match, NULL))
            {
              g_autofree char *name = g_match_info_fetch (match, 1);
              GdkRGBA rgba;
              gboolean known;

              G_GNUC_BEGIN_IGNORE_DEPRECATIONS
              known = gtk_style_context_lookup_color (gtk_widget_get_style_context (window), name, &rgba);
              G_GNUC_END_IGNORE_DEPRECATIONS
              if (!known)
                g_error ("%s names the colour @%s, which the %s style does not define",
                         names[i], name, dark ? "dark" : "light");
              n_names++;
            }
        }
    }
  /* style.css, kasir-selling.css and kasir-ops.css, in both styles. */
  g_assert_cmpuint (n_sheets, ==, 6);
  g_assert_cmpuint (n_names, >, 10);
  adw_style_manager_set_color_scheme (styles, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/Kasir/UISelling/named-colours", test_named_colours);

#define ADD(path, func) \
  g_test_add ("/Kasir/UISelling/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("full-sale", test_full_sale);
  ADD ("barcode", test_barcode);
  ADD ("split-payment", test_split_payment);
  ADD ("shift-required", test_shift_required);
  ADD ("tender-bound", test_tender_bound);
  ADD ("cart-survives", test_cart_survives);
  ADD ("catalog-model-lazy", test_catalog_model_lazy);

#undef ADD

  return g_test_run ();
}
