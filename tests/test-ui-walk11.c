/* test-ui-walk11.c — the cashier's first hour, walked again: what was not yet checked
 * through the real windows the cashier uses.
 *
 * Signing in (the real till session, lock screen and shift dialog) leaves the cursor in
 * the search field, so the first scan lands; closing a shift shows each method's count
 * against what was expected, and its over or short, before anything is committed, and
 * the shift's reports name people and local times, never ids; an unknown code is said
 * in large, coloured type and changes nothing; the payment dialog's quick cash is for
 * cash only; set-up shows the address and the code as they will be used; the stock on
 * the tiles follows the shop's setting; a discount is typed as the shop writes it, and
 * the figures on screen add up.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "kasir-application.h"
#include "kasir-catalog-repository.h"
#include "kasir-checkout-dialog.h"
#include "kasir-lock-screen.h"
#include "kasir-product-tile.h"
#include "kasir-scanner.h"
#include "kasir-setup-window.h"
#include "kasir-shift-dialog.h"
#include "kasir-shop-setup-window.h"
#include "kasir-sync-service.h"
#include "kasir-shift-repository.h"
#include "kasir-staff-repository.h"
#include "kasir-till-context.h"
#include "kasir-till-session.h"
#include "kasir-ui-format.h"
#include "kasir-ui-money.h"
#include "kasir-window.h"
#include "sync-test-util.h"
#include "ui-test-util.h"

#include "kasir-test-selling.h"

static KasirApplication *
new_application (void)
{
  static guint count;
  g_autofree char *id = g_strdup_printf (APP_ID ".TestUiWalk11n%u", ++count);

  return g_object_new (KASIR_TYPE_APPLICATION,
                       "application-id", id,
                       "resource-base-path", RESOURCE_BASE,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       NULL);
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (item, type) && gtk_widget_get_visible (GTK_WIDGET (item)))
        return GTK_WINDOW (item);
    }

  return NULL;
}

static gboolean
shift_dialog_shown (gpointer data)
{
  return find_toplevel (KASIR_TYPE_SHIFT_DIALOG) != NULL;
}

static gboolean
shift_dialog_gone (gpointer data)
{
  return find_toplevel (KASIR_TYPE_SHIFT_DIALOG) == NULL;
}

static gboolean
session_has_database (gpointer data)
{
  return kasir_till_session_get_database (data) != NULL;
}

static gboolean
session_unlocked (gpointer data)
{
  return !kasir_till_session_get_locked (data);
}

static gboolean
setup_shown (gpointer data)
{
  return find_toplevel (KASIR_TYPE_SETUP_WINDOW) != NULL;
}

static gboolean
search_has_focus (gpointer data)
{
  KasirSellingView *view = data;
  GtkWidget *search = GTK_WIDGET (kasir_selling_view_get_search_entry (view));
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (search));

  return focus != NULL && (focus == search || gtk_widget_is_ancestor (focus, search));
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The button under @widget labelled @label (with its mnemonic), as a person finds it. */
static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Types @code and Enter into @window a few milliseconds apart, as a scanner does; the
 * digits also reach the focused text field, as real key presses would. */
static gboolean
scan_into (KasirScanner *scanner,
           GtkWindow    *window,
           const char   *code,
           guint32       start)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
  guint32 t = start;

  for (const char *p = code; *p != '\0'; p++, t += 6)
    {
      g_assert_false (kasir_scanner_key (scanner, window, GDK_KEY_0 + (*p - '0'), t));
      if (focus != NULL && GTK_IS_EDITABLE (focus))
        {
          int pos = -1;

          gtk_editable_insert_text (GTK_EDITABLE (focus), p, 1, &pos);
        }
    }

  return kasir_scanner_key (scanner, window, GDK_KEY_Return, t);
}

static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
add_coffee (KasirDatabase *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (db);
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);

  g_ptr_array_add (products, product (1, "Kopi Susu Gula Aren", "KOPI-001", "8991234567890", 15000));
  g_assert_true (kasir_catalog_repository_upsert_products (catalog, products, &error));
  g_assert_no_error (error);
}

/* The shop's first manager signs in, opens the shift and closes its dialog: the cursor
 * is in the search field and the first scan is a product. Locked with the focus on the
 * connection badge and signed in again, the cursor is back in the search field too. */
static void
test_sign_in_focus (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-ui-walk11-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  g_autoptr(KasirApplication) app = new_application ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(KasirTillSession) session = NULL;
  g_autoptr(KasirTillContext) context = kasir_till_context_new (NULL);
  KasirSellingView *view;
  KasirSetupWindow *setup;
  KasirShiftDialog *shift_dialog;
  KasirLockScreen *screen;
  GtkWidget *badge;
  KasirWindow *window;

  g_assert_no_error (error);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_settings_set_boolean (settings, "standalone", TRUE);
  g_settings_set_boolean (settings, "setup-done", FALSE);

  window = kasir_window_new (app, context);
  view = kasir_window_get_selling_view (window);
  session = kasir_till_session_new (window, path);
  gtk_window_present (GTK_WINDOW (window));
  kasir_till_session_start (session);
  g_assert_true (sync_test_wait_for (session_has_database, session, 30));
  add_coffee (kasir_till_session_get_database (session));
  g_assert_true (sync_test_wait_for (setup_shown, NULL, 30));
  setup = KASIR_SETUP_WINDOW (find_toplevel (KASIR_TYPE_SETUP_WINDOW));
  if (g_strcmp0 (kasir_setup_window_get_page (setup), "manager") != 0)
    kasir_setup_window_choose_standalone (setup);
  g_assert_true (kasir_setup_window_create_manager (setup, "Budi Santoso", "123456", "123456", &error));
  g_assert_no_error (error);
  g_assert_false (kasir_till_session_get_locked (session));

  /* No shift is open: the shift dialog asks for the float. The connection badge had the
   * focus before it (where the first scan used to go, its Enter opening the popover). */
  badge = GTK_WIDGET (kasir_window_get_connection_badge (window));
  gtk_widget_set_focusable (badge, TRUE);
  gtk_widget_grab_focus (badge);
  g_assert_true (sync_test_wait_for (shift_dialog_shown, NULL, 10));
  shift_dialog = KASIR_SHIFT_DIALOG (find_toplevel (KASIR_TYPE_SHIFT_DIALOG));
  kasir_shift_dialog_set_float_text (shift_dialog, "Rp 100.000");
  click (find_button (GTK_WIDGET (shift_dialog), "_Open Shift"));
  g_assert_nonnull (kasir_till_context_get_shift_id (kasir_window_get_context (window)));
  {
    /* The float as the shop writes it, in a locale with other marks. */
    g_autoptr(KasirShift) opened = kasir_shift_repository_get_open (kasir_till_context_get_shift_repository (kasir_window_get_context (window)), &error);

    g_assert_no_error (error);
    g_assert_cmpint (opened->opening_float, ==, 100000);
  }
  gtk_window_close (GTK_WINDOW (shift_dialog));
  g_assert_true (sync_test_wait_for (shift_dialog_gone, NULL, 10));
  /* A new shop's set-up waits behind it; while a window is over the till the focus
   * stays where it is, and once the last one goes it is in the search field. */
  g_assert_false (search_has_focus (view));
  gtk_window_close (find_toplevel (KASIR_TYPE_SHOP_SETUP_WINDOW));
  g_assert_true (sync_test_wait_for (search_has_focus, view, 5));

  /* The first scan is a product; its Enter goes no further. */
  g_assert_true (scan_into (kasir_selling_view_get_scanner (view), GTK_WINDOW (window), "8991234567890", 1000));
  g_assert_cmpuint (cart_of (view)->lines->len, ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (kasir_selling_view_get_search_entry (view)), ==, "");

  /* Locked while the badge had the focus, and signed in again on the PIN pad. */
  gtk_widget_grab_focus (badge);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "till.lock", NULL));
  g_assert_true (kasir_till_session_get_locked (session));
  screen = KASIR_LOCK_SCREEN (find_descendant (GTK_WIDGET (window), KASIR_TYPE_LOCK_SCREEN));
  g_assert_nonnull (screen);
  for (const char *k = "123456\n"; *k != '\0'; k++)
    kasir_lock_screen_press (screen, *k);
  g_assert_true (sync_test_wait_for (session_unlocked, session, 10));
  kasir_test_settle (50);
  g_assert_true (search_has_focus (view));
  g_assert_true (scan_into (kasir_selling_view_get_scanner (view), GTK_WINDOW (window), "8991234567890", 5000));
  g_assert_cmpint (((KasirCartLine *) g_ptr_array_index (cart_of (view)->lines, 0))->qty, ==, 2);

  while (g_list_model_get_n_items (gtk_window_get_toplevels ()) > 0)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (gtk_window_get_toplevels (), 0);

      gtk_window_set_focus (toplevel, NULL);
      gtk_window_destroy (toplevel);
    }
  g_clear_object (&session);
  g_assert_true (kasir_till_context_shutdown (context, 10000));
  g_settings_reset (settings, "standalone");
  g_settings_reset (settings, "setup-done");
  sync_test_remove_tree (dir);
}

static AdwMessageDialog *
find_close_confirm (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (item) && gtk_widget_get_visible (GTK_WIDGET (item)) &&
          g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (item)), "close-shift-confirm") == 0)
        return ADW_MESSAGE_DIALOG (item);
    }

  return NULL;
}

static gboolean
close_confirm_shown (gpointer data)
{
  return find_close_confirm () != NULL;
}

static void
assert_no_raw_values (const char *text,
                      const char *shift_id,
                      const char *opened_at)
{
  g_autofree char *opened = kasir_ui_format_time (opened_at);

  g_test_message ("%s", text);
  /* Not the shift's id, nor a piece of it, nor the stored time. */
  g_assert_null (strstr (text, shift_id));
  {
    g_autofree char *head = g_strndup (shift_id, 8);

    g_assert_null (strstr (text, head));
  }
  g_assert_null (strstr (text, opened_at));
  g_assert_nonnull (strstr (text, opened));
}

/* The close is committed only after a confirm step listing, for each way of paying,
 * what was counted against what was expected and the over or short; cancelled, the shift
 * stays open. Neither the dialog nor the X and Z reports show the shift's id or a stored
 * time: the cashier's name and local times. */
static void
test_shift_close_confirm (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirStaffRepository) staff = kasir_staff_repository_new (f->db);
  g_autoptr(KasirStaff) cashier = NULL;
  g_autoptr(KasirShift) shift = NULL;
  g_autoptr(KasirShift) still = NULL;
  g_autoptr(KasirShift) after = NULL;
  g_autofree char *x = NULL;
  g_autofree char *z = NULL;
  g_autofree char *counted = kasir_ui_money_format (99000, "IDR");
  g_autofree char *expected = kasir_ui_money_format (100000, "IDR");
  g_autofree char *short_by = kasir_ui_money_format (1000, "IDR");
  KasirTillContext *context;
  KasirShiftRepository *shifts;
  KasirShiftDialog *dialog;
  AdwMessageDialog *confirm;
  const char *body;
  const char *cash_line;

  cashier = kasir_staff_repository_get (staff, kasir_test_add_staff (f->db, "Budi", "cashier", "1357"), &error);
  g_assert_no_error (error);
  context = kasir_test_context (f->db, NULL, cashier);
  shifts = kasir_till_context_get_shift_repository (context);
  shift = kasir_shift_repository_open_shift (shifts, cashier->id, 100000, &error);
  g_assert_no_error (error);

  dialog = kasir_shift_dialog_new (NULL, context);
  gtk_window_present (GTK_WINDOW (dialog));
  kasir_test_settle (50);
  x = kasir_shift_dialog_get_report_text (dialog);
  assert_no_raw_values (x, shift->id, shift->opened_at);
  g_assert_nonnull (strstr (x, "Budi"));

  /* 99,000 counted in cash where 100,000 is expected. */
  kasir_shift_dialog_set_counted_text (dialog, KASIR_PAYMENT_CASH, "99.000");
  kasir_shift_dialog_set_counted_text (dialog, KASIR_PAYMENT_CARD, "Rp 0");
  click (find_button (GTK_WIDGET (dialog), "_Close Shift"));
  g_assert_true (sync_test_wait_for (close_confirm_shown, NULL, 5));
  confirm = find_close_confirm ();
  body = adw_message_dialog_get_body (confirm);
  g_test_message ("%s", body);
  cash_line = strstr (body, "Cash");
  g_assert_nonnull (cash_line);
  g_assert_nonnull (strstr (cash_line, counted));
  g_assert_nonnull (strstr (cash_line, expected));
  g_assert_nonnull (strstr (cash_line, "short"));
  g_assert_nonnull (strstr (cash_line, short_by));
  g_assert_nonnull (strstr (body, "Card"));

  /* Nothing is committed while the question is open, nor when it is cancelled. */
  still = kasir_shift_repository_get_open (shifts, &error);
  g_assert_no_error (error);
  g_assert_nonnull (still);
  g_assert_cmpstr (still->id, ==, shift->id);
  adw_message_dialog_response (confirm, "cancel");
  kasir_test_settle (50);
  g_clear_pointer (&still, kasir_shift_free);
  still = kasir_shift_repository_get_open (shifts, &error);
  g_assert_no_error (error);
  g_assert_nonnull (still);

  /* Confirmed: closed, and the Z report carries the count. */
  click (find_button (GTK_WIDGET (dialog), "_Close Shift"));
  g_assert_true (sync_test_wait_for (close_confirm_shown, NULL, 5));
  adw_message_dialog_response (find_close_confirm (), "close-shift");
  kasir_test_settle (50);
  after = kasir_shift_repository_get_open (shifts, &error);
  g_assert_no_error (error);
  g_assert_null (after);
  z = kasir_shift_dialog_get_report_text (dialog);
  assert_no_raw_values (z, shift->id, shift->opened_at);
  g_assert_nonnull (strstr (z, "Z REPORT"));
  g_assert_nonnull (strstr (z, short_by));

  gtk_window_destroy (GTK_WINDOW (dialog));
  kasir_test_settle (50);
}

/* A code that is no product: said in large coloured type naming the code, the cart
 * unchanged; the next good scan clears it. */
static void
test_unknown_code (Fixture       *f,
                   gconstpointer  data)
{
  KasirWindow *window = make_window (f, NULL);
  KasirSellingView *view = kasir_window_get_selling_view (window);
  KasirScanner *scanner = kasir_selling_view_get_scanner (view);
  GtkWidget *label = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view), KASIR_TYPE_SELLING_VIEW,
                                                                "message_label"));

  g_assert_nonnull (label);
  kasir_selling_view_focus_search (view);
  g_assert_true (scan_into (scanner, GTK_WINDOW (window), "8997777777770", 1000));
  g_assert_cmpuint (cart_of (view)->lines->len, ==, 0);
  g_assert_nonnull (strstr (kasir_selling_view_get_message (view), "8997777777770"));
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_true (gtk_widget_has_css_class (label, "error"));
  g_assert_true (gtk_widget_has_css_class (label, "title-3"));
  g_assert_cmpstr (gtk_editable_get_text (kasir_selling_view_get_search_entry (view)), ==, "");

  g_assert_true (scan_into (scanner, GTK_WINDOW (window), "8991234567890", 2000));
  g_assert_cmpuint (cart_of (view)->lines->len, ==, 1);
  g_assert_false (gtk_widget_has_css_class (label, "error"));

  destroy_window (window);
}

/* The labels of the quick-cash buttons on screen, in order. */
static GPtrArray *
quick_cash_labels (KasirCheckoutDialog *dialog)
{
  GtkWidget *box = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), KASIR_TYPE_CHECKOUT_DIALOG,
                                                              "quick_box"));
  GPtrArray *labels = g_ptr_array_new_with_free_func (g_free);

  g_assert_nonnull (box);
  if (!gtk_widget_get_visible (box))
    return labels;
  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = find_descendant (child, GTK_TYPE_BUTTON);

      g_assert_nonnull (button);
      g_ptr_array_add (labels, g_strdup (gtk_button_get_label (GTK_BUTTON (button))));
    }

  return labels;
}

/* Rp 137.500 to pay: the quick-cash buttons are the exact amount and the round-ups
 * 140.000, 150.000 and 200.000, shown for cash only; a card or an e-wallet fills in
 * exactly what is left and cannot pay more (no change but in cash). */
static void
test_quick_cash_only (Fixture       *f,
                      gconstpointer  data)
{
  static const KasirMoney round_ups[] = { 140000, 150000, 200000 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  KasirWindow *window = make_window (f, NULL);
  KasirSellingView *view = kasir_window_get_selling_view (window);
  KasirCheckoutDialog *dialog;
  GtkEditable *amount;
  KasirMoney filled = 0;

  gtk_editable_set_text (kasir_selling_view_get_search_entry (view), "11*ROTI-003");
  g_signal_emit_by_name (kasir_selling_view_get_search_entry (view), "activate");
  g_assert_cmpint (cart_of (view)->total, ==, 137500);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.pay", NULL));
  dialog = kasir_selling_view_get_checkout_dialog (view);
  iterate ();
  amount = GTK_EDITABLE (gtk_root_get_focus (GTK_ROOT (dialog)));

  labels = quick_cash_labels (dialog);
  g_assert_cmpuint (labels->len, >=, 1 + G_N_ELEMENTS (round_ups));
  g_assert_cmpstr (g_ptr_array_index (labels, 0), ==, "E_xact");
  for (guint i = 0; i < G_N_ELEMENTS (round_ups); i++)
    {
      g_autofree char *shown = kasir_ui_money_format (round_ups[i], "IDR");

      g_assert_cmpstr (g_ptr_array_index (labels, i + 1), ==, shown);
    }
  g_clear_pointer (&labels, g_ptr_array_unref);

  /* Card: no quick cash, and exactly what is left is filled in. */
  kasir_checkout_dialog_set_method (dialog, KASIR_PAYMENT_CARD);
  labels = quick_cash_labels (dialog);
  g_assert_cmpuint (labels->len, ==, 0);
  g_clear_pointer (&labels, g_ptr_array_unref);
  g_assert_true (kasir_ui_money_parse (gtk_editable_get_text (amount), "IDR", &filled, &error));
  g_assert_no_error (error);
  g_assert_cmpint (filled, ==, 137500);

  /* An e-wallet asked for more than is left pays nothing and says why. */
  kasir_checkout_dialog_set_method (dialog, KASIR_PAYMENT_EWALLET);
  labels = quick_cash_labels (dialog);
  g_assert_cmpuint (labels->len, ==, 0);
  g_clear_pointer (&labels, g_ptr_array_unref);
  gtk_editable_set_text (amount, "200.000");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "checkout.add-payment", NULL));
  g_assert_cmpint (kasir_checkout_dialog_get_remaining (dialog), ==, 137500);
  g_assert_cmpint (kasir_checkout_dialog_get_change (dialog), ==, 0);
  g_assert_nonnull (strstr (kasir_checkout_dialog_get_message (dialog), "cannot be more than"));

  /* Back to cash: the buttons again. */
  kasir_checkout_dialog_set_method (dialog, KASIR_PAYMENT_CASH);
  labels = quick_cash_labels (dialog);
  g_assert_cmpuint (labels->len, >=, 1 + G_N_ELEMENTS (round_ups));

  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
  destroy_window (window);
}

static gboolean
setup_failed (gpointer data)
{
  return kasir_setup_window_get_error (data) != NULL &&
         g_strcmp0 (kasir_setup_window_get_page (data), "problem") == 0;
}

/* Set-up shows what it will use: "127.0.0.1:9" becomes http://127.0.0.1:9 in the
 * address field (plain HTTP on loopback only), the code typed loosely is shown in
 * groups in a field that hides nothing, and a server that does not answer is said in
 * words. */
static void
test_setup_fields (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirSyncService) service = kasir_sync_service_new (f->db, NULL, &error);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  KasirSetupWindow *setup;
  GObject *code_row;
  GObject *url_row;
  const char *said;

  g_assert_no_error (error);
  g_settings_set_boolean (settings, "setup-done", FALSE);
  g_settings_set_boolean (settings, "standalone", FALSE);
  setup = g_object_ref_sink (kasir_setup_window_new (NULL, kasir_test_context (f->db, service, NULL),
                                                     KASIR_SETUP_CHOOSE));
  gtk_window_present (GTK_WINDOW (setup));
  code_row = gtk_widget_get_template_child (GTK_WIDGET (setup), KASIR_TYPE_SETUP_WINDOW, "code_row");
  url_row = gtk_widget_get_template_child (GTK_WIDGET (setup), KASIR_TYPE_SETUP_WINDOW, "url_row");
  g_assert_nonnull (code_row);
  g_assert_nonnull (url_row);
  /* The code is read off a screen and typed: nothing of it is masked. */
  g_assert_false (ADW_IS_PASSWORD_ENTRY_ROW (code_row));
  g_assert_null (find_descendant (GTK_WIDGET (code_row), GTK_TYPE_PASSWORD_ENTRY));
  {
    GtkWidget *text = find_descendant (GTK_WIDGET (code_row), GTK_TYPE_TEXT);

    g_assert_nonnull (text);
    g_assert_true (gtk_text_get_visibility (GTK_TEXT (text)));
  }

  kasir_setup_window_connect (setup, "127.0.0.1:9", " abcd efgh-jkLm npqr", "Till 1");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (url_row)), ==, "http://127.0.0.1:9");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (code_row)), ==, "ABCD-EFGH-JKLM-NPQR");
  g_assert_true (sync_test_wait_for (setup_failed, setup, 20));
  said = kasir_setup_window_get_error (setup);
  g_test_message ("unreachable: %s", said);
  g_assert_cmpstr (said, !=, "");
  g_assert_null (strstr (said, "HTTP"));
  g_assert_null (strstr (said, "errno"));
  g_assert_null (strstr (said, "ABCD"));
  g_assert_cmpint (kasir_sync_service_get_state (service), ==, KASIR_SYNC_STATUS_STANDALONE);

  kasir_sync_service_shutdown (service);
  gtk_window_destroy (GTK_WINDOW (setup));
  g_object_unref (setup);
  kasir_test_settle (50);
  g_settings_reset (settings, "setup-done");
  g_settings_reset (settings, "standalone");
}

/* What the tile of @name in the selling grid shows as its stock ("" when none shows),
 * or NULL when no tile shows @name. */
static char *
tile_stock (GtkWidget  *widget,
            const char *name)
{
  if (KASIR_IS_PRODUCT_TILE (widget))
    {
      GObject *name_label = gtk_widget_get_template_child (widget, KASIR_TYPE_PRODUCT_TILE, "name_label");
      GObject *stock_label = gtk_widget_get_template_child (widget, KASIR_TYPE_PRODUCT_TILE, "stock_label");

      if (g_strcmp0 (gtk_label_get_label (GTK_LABEL (name_label)), name) != 0)
        return NULL;
      return g_strdup (gtk_widget_get_visible (GTK_WIDGET (stock_label))
                       ? gtk_label_get_label (GTK_LABEL (stock_label)) : "");
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      char *found = tile_stock (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The stock is on the selling grid's tiles by default, and the shop's setting takes it
 * off the tiles on screen at once (and puts it back). */
static void
test_stock_on_tiles (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  KasirWindow *window;
  GtkWidget *grid;
  g_autofree char *shown = NULL;

  g_settings_reset (settings, "show-stock-on-tiles");
  g_assert_true (g_settings_get_boolean (settings, "show-stock-on-tiles"));
  window = make_window (f, NULL);
  grid = GTK_WIDGET (kasir_selling_view_get_grid_view (kasir_window_get_selling_view (window)));
  kasir_test_settle (100);
  shown = tile_stock (grid, "Teh Manis Dingin");
  g_assert_cmpstr (shown, ==, "Stock: 3");
  g_clear_pointer (&shown, g_free);

  g_settings_set_boolean (settings, "show-stock-on-tiles", FALSE);
  kasir_test_settle (100);
  shown = tile_stock (grid, "Teh Manis Dingin");
  g_assert_cmpstr (shown, ==, "");
  g_clear_pointer (&shown, g_free);

  g_settings_set_boolean (settings, "show-stock-on-tiles", TRUE);
  kasir_test_settle (100);
  shown = tile_stock (grid, "Kopi Susu Gula Aren");
  g_assert_cmpstr (shown, ==, "Stock: 20");

  g_settings_reset (settings, "show-stock-on-tiles");
  destroy_window (window);
}

/* Types @text into the sale discount's popover of @cart_view and applies it as Enter
 * does; the popover's error line afterwards ("" when none shows). */
static char *
type_sale_discount (KasirCartView *cart_view,
                    const char    *text)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (cart_view),
                                                                          KASIR_TYPE_CART_VIEW,
                                                                          "discount_button"));
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
  GtkWidget *entry = find_descendant (popover, GTK_TYPE_ENTRY);
  GtkWidget *shown = g_object_ref (popover);
  char *said = NULL;

  g_assert_nonnull (entry);
  gtk_menu_button_popup (button);
  iterate ();
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "activate");
  iterate ();
  /* A change rebuilds the popover; a refusal leaves it, its label styled "error" saying
   * why. */
  popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
  for (GtkWidget *w = gtk_widget_get_first_child (gtk_popover_get_child (GTK_POPOVER (popover)));
       w != NULL; w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_LABEL (w) && gtk_widget_has_css_class (w, "error"))
      said = g_strdup (gtk_widget_get_visible (w) ? gtk_label_get_label (GTK_LABEL (w)) : "");
  gtk_popover_popdown (GTK_POPOVER (popover));
  g_object_unref (shown);
  iterate ();

  return said;
}

static void
assert_shown (KasirCartView *cart_view,
              const char    *label,
              KasirMoney     amount)
{
  GObject *widget = gtk_widget_get_template_child (GTK_WIDGET (cart_view), KASIR_TYPE_CART_VIEW, label);
  g_autofree char *expected = kasir_ui_money_format (amount, "IDR");

  g_assert_nonnull (widget);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (widget)), ==, expected);
}

/* The sale discount typed in its popover as the shop writes it: "10%" is ten percent,
 * "Rp 2.500" an amount; one larger than the sale is refused there, naming both amounts,
 * and changes nothing. The figures on screen add up: subtotal − discount = total. */
static void
test_discount_typed (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KasirWindow *window = make_window (f, NULL);
  KasirSellingView *view = kasir_window_get_selling_view (window);
  KasirCartView *cart_view = kasir_selling_view_get_cart_view (view);
  g_autofree char *said = NULL;
  g_autofree char *sale = kasir_ui_money_format (15000, "IDR");

  g_assert_true (kasir_selling_view_add_code (view, "KOPI-001", &error));
  g_assert_no_error (error);

  said = type_sale_discount (cart_view, "10%");
  g_assert_cmpstr (said, ==, "");
  g_clear_pointer (&said, g_free);
  g_assert_cmpint (cart_of (view)->total, ==, 13500);
  assert_shown (cart_view, "subtotal_value", 15000);
  assert_shown (cart_view, "discount_value", -1500);
  assert_shown (cart_view, "total_value", 13500);

  said = type_sale_discount (cart_view, "Rp 20.000");
  g_test_message ("%s", said);
  g_assert_nonnull (strstr (said, sale));
  g_clear_pointer (&said, g_free);
  g_assert_cmpint (cart_of (view)->total, ==, 13500);
  assert_shown (cart_view, "total_value", 13500);

  said = type_sale_discount (cart_view, "Rp 2.500");
  g_assert_cmpstr (said, ==, "");
  assert_shown (cart_view, "subtotal_value", 15000);
  assert_shown (cart_view, "discount_value", -2500);
  assert_shown (cart_view, "total_value", 12500);

  destroy_window (window);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/Kasir/UiWalk11/sign-in-focus", test_sign_in_focus);
  g_test_add ("/Kasir/UiWalk11/shift-close-confirm", Fixture, NULL, fixture_set_up,
              test_shift_close_confirm, fixture_tear_down);
  g_test_add ("/Kasir/UiWalk11/unknown-code", Fixture, NULL, fixture_set_up,
              test_unknown_code, fixture_tear_down);
  g_test_add ("/Kasir/UiWalk11/quick-cash-only", Fixture, NULL, fixture_set_up,
              test_quick_cash_only, fixture_tear_down);
  g_test_add ("/Kasir/UiWalk11/setup-fields", Fixture, NULL, fixture_set_up,
              test_setup_fields, fixture_tear_down);
  g_test_add ("/Kasir/UiWalk11/stock-on-tiles", Fixture, NULL, fixture_set_up,
              test_stock_on_tiles, fixture_tear_down);
  g_test_add ("/Kasir/UiWalk11/discount-typed", Fixture, NULL, fixture_set_up,
              test_discount_typed, fixture_tear_down);

  return g_test_run ();
}
