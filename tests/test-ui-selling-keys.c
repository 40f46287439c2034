/* test-ui-selling-keys.c — the till driven from the keyboard: the scanner wherever the
 * focus is, amounts typed as money, the cart moved by keys, and the window's shortcuts.
 *
 * Every case opens a real encrypted database in a temporary directory and a real window on
 * the (virtual) display (kasir-test-selling.c).
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

/* A key pressed in the selling view's window, handed on as the view's key controller
 * does: to the keys with the view's parts. */
static gboolean
press_key (KasirSellingView *view,
           guint             keyval,
           GdkModifierType   state)
{
  const KasirSellingKeysTargets targets = {
    GTK_WIDGET (view), kasir_selling_view_get_search_entry (view),
    GTK_WIDGET (kasir_selling_view_get_grid_view (view)), kasir_selling_view_get_cart_view (view),
  };

  return kasir_selling_keys_press (&targets, keyval, state);
}

static gboolean
search_has_focus (gpointer data)
{
  KasirSellingView *view = data;
  GtkWidget *search = GTK_WIDGET (kasir_selling_view_get_search_entry (view));
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (search));

  return focus != NULL && (focus == search || gtk_widget_is_ancestor (focus, search));
}

static void
test_scanner_everywhere (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KasirWindow *window = make_window (f, NULL);
  KasirSellingView *view = kasir_window_get_selling_view (window);
  KasirScanner *scanner = kasir_selling_view_get_scanner (view);
  GtkWidget *badge = GTK_WIDGET (kasir_window_get_connection_badge (window));
  KasirCheckoutDialog *dialog;
  GtkWidget *pin_window;
  GtkWidget *pin_entry;
  GtkRoot *dialog_root;
  GtkWidget *amount;

  /* The focus on the connection badge (where the shift dialog used to leave it): the
   * scan adds the product, and its Enter goes no further. */
  gtk_widget_set_focusable (badge, TRUE);
  gtk_widget_grab_focus (badge);
  g_assert_true (gtk_widget_has_focus (badge) || gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), badge));
  g_assert_true (scan_into (scanner, GTK_WINDOW (window), "8990000000021", 1000));
  g_assert_cmpuint (cart_of (view)->lines->len, ==, 1);

  /* A dialog over the till closing gives the focus back to the search field. */
  gtk_widget_grab_focus (badge);
  g_assert_false (search_has_focus (view));
  pin_window = adw_window_new ();
  gtk_window_set_transient_for (GTK_WINDOW (pin_window), GTK_WINDOW (window));
  gtk_window_set_modal (GTK_WINDOW (pin_window), TRUE);
  pin_entry = gtk_password_entry_new ();
  adw_window_set_content (ADW_WINDOW (pin_window), pin_entry);
  gtk_window_present (GTK_WINDOW (pin_window));
  iterate ();
  gtk_widget_grab_focus (pin_entry);

  /* A scan while a PIN field has the focus never stays in it: it is a product. */
  g_assert_true (scan_into (scanner, GTK_WINDOW (pin_window), "8991234567890", 2000));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (pin_entry)), ==, "");
  g_assert_cmpuint (cart_of (view)->lines->len, ==, 2);

  gtk_window_destroy (GTK_WINDOW (pin_window));
  g_assert_true (wait_for (search_has_focus, view));

  /* In the payment dialog a scan adds nothing to the tender, and says why. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.pay", NULL));
  dialog = kasir_selling_view_get_checkout_dialog (view);
  iterate ();
  dialog_root = GTK_ROOT (dialog);
  amount = gtk_root_get_focus (dialog_root);
  g_assert_nonnull (amount);
  g_assert_true (GTK_IS_EDITABLE (amount));
  g_assert_true (scan_into (scanner, GTK_WINDOW (dialog), "8991010000017", 3000));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (amount)), ==, "");
  g_assert_cmpint (kasir_checkout_dialog_get_remaining (dialog), ==, cart_of (view)->total);
  g_assert_nonnull (strstr (kasir_checkout_dialog_get_message (dialog), "Finish this payment first"));
  g_assert_cmpuint (cart_of (view)->lines->len, ==, 2);
  g_assert_null (kasir_checkout_dialog_get_sale (dialog));

  /* Once the sale is complete, a scan starts the next sale with that product. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "checkout.quick-cash", "x", (gint64) 0));
  g_assert_true (kasir_checkout_dialog_commit (dialog, &error));
  g_assert_no_error (error);
  g_assert_true (scan_into (scanner, GTK_WINDOW (dialog), "8990000000038", 4000));
  iterate ();
  g_assert_null (kasir_selling_view_get_checkout_dialog (view));
  g_assert_cmpuint (cart_of (view)->lines->len, ==, 1);
  g_assert_cmpint (((KasirCartLine *) g_ptr_array_index (cart_of (view)->lines, 0))->product_id, ==, 3);
  g_assert_true (wait_for (search_has_focus, view));

  destroy_window (window);
}

static void
on_approval_needed (KasirCartView *cart_view,
                    int            target,
                    gint64         share_bp,
                    gint64        *out_share)
{
  *out_share = share_bp;
}

static gboolean
no_pending_discount (gpointer data)
{
  return !kasir_cart_view_has_pending_discount (data);
}

static KasirPinDialog *
find_pin_prompt (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (KASIR_IS_PIN_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return KASIR_PIN_DIALOG (window);
    }
  return NULL;
}

static gboolean
pin_prompt_shown (gpointer data)
{
  return find_pin_prompt () != NULL;
}

static void
test_money_typed (Fixture       *f,
                  gconstpointer  data)
{
  static const char *forms[] = { "Rp 50.000", "50.000", "50,000", "50rb", "50k" };
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirSyncService) service = NULL;
  KasirWindow *window;
  KasirSellingView *view;
  KasirCartView *cart_view;
  KasirCheckoutDialog *dialog;
  g_autofree char *shown = NULL;
  gint64 asked_share = 0;
  gulong handler;

  /* An Indonesian shop whose locale the system does not have installed still shows and
   * reads rupiah its way. */
  g_setenv ("LC_ALL", "id_ID.UTF-8", TRUE);
  service = kasir_sync_service_new (f->db, NULL, &error);
  g_assert_no_error (error);
  window = make_window (f, service);
  view = kasir_window_get_selling_view (window);
  cart_view = kasir_selling_view_get_cart_view (view);
  shown = kasir_ui_money_format (500000, "IDR");
  g_assert_cmpstr (shown, ==, "Rp 500.000");

  g_assert_true (kasir_selling_view_add_code (view, "KOPI-001", &error));
  g_assert_no_error (error);
  if (g_getenv ("KASIR_SCREENSHOT_DIR") != NULL)
    {
      kasir_test_settle (300);
      g_object_unref (kasir_test_render (GTK_WIDGET (window), "selling-money-id.png"));
    }

  /* Every way of writing fifty thousand rupiah pays fifty thousand. */
  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      GtkEditable *amount;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.pay", NULL));
      dialog = kasir_selling_view_get_checkout_dialog (view);
      iterate ();
      amount = GTK_EDITABLE (gtk_root_get_focus (GTK_ROOT (dialog)));
      gtk_editable_set_text (amount, forms[i]);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "checkout.add-payment", NULL));
      g_test_message ("%s", forms[i]);
      g_assert_cmpint (kasir_checkout_dialog_get_change (dialog), ==, 35000);
      gtk_window_destroy (GTK_WINDOW (dialog));
      iterate ();
    }

  /* A discount larger than the sale is refused, and says so; the cart is unchanged. */
  g_assert_false (kasir_cart_view_set_discount (cart_view, KASIR_ADJUST_FLAT, 999999, &error));
  g_assert_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "999.999"));
  g_clear_error (&error);
  g_assert_cmpint (cart_of (view)->total, ==, 15000);
  g_assert_cmpint (cart_of (view)->discount_amount, ==, 0);
  g_assert_false (kasir_cart_view_set_line_discount (cart_view, 0, KASIR_ADJUST_FLAT, 15001, &error));
  g_clear_error (&error);
  g_assert_true (kasir_cart_view_set_discount (cart_view, KASIR_ADJUST_FLAT, 15000, &error));
  g_assert_cmpint (cart_of (view)->total, ==, 0);
  g_assert_cmpint (cart_of (view)->subtotal + cart_of (view)->discount_amount, ==, 15000);

  /* Above the shop's limit a discount waits for a manager: dropped when no PIN is given,
   * kept once a manager's PIN allows it. */
  g_assert_true (kasir_cart_view_set_discount (cart_view, KASIR_ADJUST_NONE, 0, &error));
  /* The shop's limit (20 %) arrives by a pull while the till is open, and is followed
   * from the sync's end on. */
  {
    g_autoptr(KasirSettingsRepository) shop = kasir_settings_repository_new (f->db);

    g_assert_true (kasir_settings_repository_set_int64 (shop, KASIR_SETTING_DISCOUNT_APPROVAL_ABOVE_BP,
                                                        2000, &error));
    g_assert_no_error (error);
    g_object_notify (G_OBJECT (service), "last-sync-time");
  }
  g_assert_false (kasir_cart_view_set_discount (cart_view, KASIR_ADJUST_PERCENT, 2500, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);
  g_assert_true (wait_for (pin_prompt_shown, NULL));
  gtk_window_set_focus (GTK_WINDOW (find_pin_prompt ()), NULL);
  gtk_window_close (GTK_WINDOW (find_pin_prompt ()));
  g_assert_true (wait_for (no_pending_discount, cart_view));
  g_assert_cmpint (cart_of (view)->total, ==, 15000);
  g_assert_true (kasir_cart_view_set_discount (cart_view, KASIR_ADJUST_PERCENT, 2000, &error));
  g_assert_cmpint (cart_of (view)->total, ==, 12000);

  {
    g_autoptr(KasirStaffRepository) staff_repo = kasir_staff_repository_new (f->db);
    g_autofree char *hash = kasir_pin_hash ("135790", NULL);

    kasir_staff_repository_add_local (staff_repo, "Sari", "manager", hash, &error);
    g_assert_no_error (error);
  }
  handler = g_signal_connect (cart_view, "discount-approval-needed", G_CALLBACK (on_approval_needed), &asked_share);
  g_assert_false (kasir_cart_view_set_line_discount (cart_view, 0, KASIR_ADJUST_FLAT, 5000, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);
  g_assert_cmpint (asked_share, ==, 3333);
  g_assert_true (kasir_cart_view_has_pending_discount (cart_view));
  g_assert_cmpint (cart_of (view)->total, ==, 12000);
  g_assert_true (wait_for (pin_prompt_shown, NULL));
  {
    KasirPinDialog *prompt = find_pin_prompt ();
    GtkEditable *entry = GTK_EDITABLE (gtk_widget_get_first_child (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (prompt))));

    gtk_editable_set_text (entry, "135790");
    g_signal_emit_by_name (entry, "activate");
  }
  g_assert_true (wait_for (no_pending_discount, cart_view));
  g_assert_cmpint (cart_of (view)->total, ==, 8000);

  g_assert_false (kasir_cart_view_set_line_discount (cart_view, 0, KASIR_ADJUST_FLAT, 10000, &error));
  g_clear_error (&error);
  g_assert_true (wait_for (pin_prompt_shown, NULL));
  gtk_window_set_focus (GTK_WINDOW (find_pin_prompt ()), NULL);
  gtk_window_close (GTK_WINDOW (find_pin_prompt ()));
  g_assert_true (wait_for (no_pending_discount, cart_view));
  g_assert_cmpint (cart_of (view)->total, ==, 8000);
  g_signal_handler_disconnect (cart_view, handler);

  destroy_window (window);
  kasir_sync_service_shutdown (service);
  g_unsetenv ("LC_ALL");
}

static gint64
line_qty (KasirSellingView *view,
          guint             index)
{
  return ((KasirCartLine *) g_ptr_array_index (cart_of (view)->lines, index))->qty;
}

static void
test_keyboard_cart (Fixture       *f,
                    gconstpointer  data)
{
  KasirWindow *window = make_window (f, NULL);
  KasirSellingView *view = kasir_window_get_selling_view (window);
  KasirScanner *scanner = kasir_selling_view_get_scanner (view);
  GtkEditable *search = kasir_selling_view_get_search_entry (view);
  GtkWidget *grid = GTK_WIDGET (kasir_selling_view_get_grid_view (view));
  GtkWidget *focus;

  /* "3" typed, then a scan: three of them. */
  kasir_selling_view_focus_search (view);
  gtk_editable_set_text (search, "3");
  gtk_editable_set_position (search, -1);
  g_assert_true (scan_into (scanner, GTK_WINDOW (window), "8990000000021", 1000));
  g_assert_cmpuint (cart_of (view)->lines->len, ==, 1);
  g_assert_cmpint (line_qty (view, 0), ==, 3);
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "");

  /* "2*" then a scan, as on most tills. */
  gtk_editable_set_text (search, "2*");
  gtk_editable_set_position (search, -1);
  g_assert_true (scan_into (scanner, GTK_WINDOW (window), "8991234567890", 2000));
  g_assert_cmpint (line_qty (view, 1), ==, 2);

  /* "4*ROTI-003" and Enter. */
  gtk_editable_set_text (search, "4*ROTI-003");
  g_signal_emit_by_name (search, "activate");
  g_assert_cmpuint (cart_of (view)->lines->len, ==, 3);
  g_assert_cmpint (line_qty (view, 2), ==, 4);
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "");

  /* + and − on the selected line, six presses are six; Delete voids it. The keys work
   * from the empty search field and from the badge alike. */
  kasir_cart_view_select_line (kasir_selling_view_get_cart_view (view), 0);
  for (guint i = 0; i < 6; i++)
    g_assert_true (press_key (view, GDK_KEY_plus, GDK_SHIFT_MASK));
  g_assert_cmpint (line_qty (view, 0), ==, 9);
  gtk_widget_set_focusable (GTK_WIDGET (kasir_window_get_connection_badge (window)), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (kasir_window_get_connection_badge (window)));
  g_assert_true (press_key (view, GDK_KEY_KP_Subtract, 0));
  g_assert_true (press_key (view, GDK_KEY_minus, 0));
  g_assert_cmpint (line_qty (view, 0), ==, 7);
  g_assert_true (press_key (view, GDK_KEY_Delete, 0));
  g_assert_cmpuint (cart_of (view)->lines->len, ==, 2);
  /* A search being typed keeps its + and its Delete. */
  kasir_selling_view_focus_search (view);
  gtk_editable_set_text (search, "kopi");
  g_assert_false (press_key (view, GDK_KEY_plus, GDK_SHIFT_MASK));
  g_assert_false (press_key (view, GDK_KEY_Delete, 0));
  gtk_editable_set_text (search, "");

  /* The grid is one Tab stop: Tab leaves it for the cart, Shift+Tab for the search. */
  g_assert_true (gtk_widget_child_focus (grid, GTK_DIR_TAB_FORWARD));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (focus == grid || gtk_widget_is_ancestor (focus, grid));
  g_assert_true (press_key (view, GDK_KEY_Tab, 0));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (kasir_selling_view_get_cart_view (view))));
  g_assert_true (gtk_widget_child_focus (grid, GTK_DIR_TAB_FORWARD));
  g_assert_true (press_key (view, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK));
  g_assert_true (search_has_focus (view));

  /* The + button of a line is the same button after it was pressed: quick presses all
   * count. The quantity is typed in place. */
  {
    KasirCartView *cart_view = kasir_selling_view_get_cart_view (view);
    GtkWidget *plus = kasir_cart_view_get_line_control (cart_view, 0, "plus");
    GtkWidget *qty_entry = kasir_cart_view_get_line_control (cart_view, 0, "qty");
    gint64 before = line_qty (view, 0);

    g_assert_nonnull (plus);
    for (guint i = 0; i < 6; i++)
      {
        g_assert_nonnull (gtk_widget_get_parent (plus));
        g_signal_emit_by_name (plus, "clicked");
      }
    g_assert_cmpint (line_qty (view, 0), ==, before + 6);
    g_assert_true (kasir_cart_view_get_line_control (cart_view, 0, "plus") == plus);
    {
      g_autofree char *shown = g_strdup_printf ("%" G_GINT64_FORMAT, before + 6);

      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (qty_entry)), ==, shown);
    }

    gtk_editable_set_text (GTK_EDITABLE (qty_entry), "4");
    g_signal_emit_by_name (qty_entry, "activate");
    g_assert_cmpint (line_qty (view, 0), ==, 4);
    gtk_editable_set_text (GTK_EDITABLE (qty_entry), "four");
    g_signal_emit_by_name (qty_entry, "activate");
    g_assert_cmpint (line_qty (view, 0), ==, 4);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (qty_entry)), ==, "4");
  }

  /* More than the known stock: said plainly, and the sale goes ahead. Teh has 3. */
  gtk_editable_set_text (search, "4*TEH-002");
  g_signal_emit_by_name (search, "activate");
  g_assert_nonnull (strstr (kasir_selling_view_get_message (view), "only 3 in stock"));
  g_assert_cmpint (line_qty (view, cart_of (view)->lines->len - 1), ==, 4);
  /* Within the known stock (Kopi has 20), no warning. */
  gtk_editable_set_text (search, "2*KOPI-001");
  g_signal_emit_by_name (search, "activate");
  g_assert_null (strstr (kasir_selling_view_get_message (view), "in stock"));

  /* Quantities out of range are not quantities. */
  g_assert_cmpint (kasir_selling_keys_quantity ("0"), ==, 0);
  g_assert_cmpint (kasir_selling_keys_quantity ("100001"), ==, 0);
  g_assert_cmpint (kasir_selling_keys_quantity (" 12* "), ==, 12);
  g_assert_cmpint (kasir_selling_keys_quantity ("kopi"), ==, 0);

  destroy_window (window);
}

static GtkShortcutController *
shortcuts_of (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_SHORTCUT_CONTROLLER (controller) &&
          g_strcmp0 (gtk_event_controller_get_name (controller), "kasir-shortcuts") == 0)
        return GTK_SHORTCUT_CONTROLLER (controller);
    }

  return NULL;
}

static void
on_lock_requested (KasirWindow *window,
                   guint       *count)
{
  (*count)++;
}

/* Runs what pressing @accel does in @window, through the controller that holds it. */
static gboolean
press_shortcut (KasirWindow         *window,
                const KasirShortcut *entry)
{
  KasirSellingView *view = kasir_window_get_selling_view (window);
  GtkWidget *owner = entry->scope == KASIR_SHORTCUT_WINDOW ? GTK_WIDGET (window) : GTK_WIDGET (view);
  GtkShortcutController *controller;
  g_autoptr(GtkShortcutTrigger) trigger = gtk_shortcut_trigger_parse_string (entry->accel);

  if (entry->scope == KASIR_SHORTCUT_CART_KEY)
    {
      guint key = 0;
      GdkModifierType mods = 0;

      g_assert_true (gtk_accelerator_parse (entry->accel, &key, &mods));
      return press_key (view, key, mods);
    }

  controller = shortcuts_of (owner);
  g_assert_nonnull (controller);
  /* Global scope: the key works wherever the focus is in the window. */
  g_assert_cmpint (gtk_shortcut_controller_get_scope (controller), ==, GTK_SHORTCUT_SCOPE_GLOBAL);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (controller)); i++)
    {
      g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), i);

      if (!gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), trigger))
        continue;
      g_assert_cmpstr (gtk_named_action_get_action_name (GTK_NAMED_ACTION (gtk_shortcut_get_action (shortcut))),
                       ==, entry->action);
      /* The application's own actions need the application, which this test does
       * not run; the key is bound, which is what the window can check. */
      if (g_str_has_prefix (entry->action, "app."))
        return TRUE;
      return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, owner, NULL);
    }

  return FALSE;
}

static void
test_shortcuts (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirSyncService) service = NULL;
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_BASE "/gtk/help-overlay.ui");
  g_autoptr(GSList) objects = gtk_builder_get_objects (builder);
  KasirStaff manager = { 0, 1, (char *) "Sari", (char *) "manager", NULL, TRUE };
  KasirWindow *window;
  KasirSellingView *view;
  guint locks = 0;
  guint listed = 0;
  guint n;
  const KasirShortcut *table = kasir_shortcuts_list (&n);

  /* A manager the till knows, so each manager's tool has someone to ask. */
  manager.id = kasir_test_add_staff (f->db, manager.name, manager.role, "482193");
  service = kasir_sync_service_new (f->db, NULL, &error);
  g_assert_no_error (error);
  window = make_window (f, service);
  view = kasir_window_get_selling_view (window);
  kasir_till_context_set_staff (kasir_window_get_context (window), &manager);
  g_signal_connect (window, "lock-requested", G_CALLBACK (on_lock_requested), &locks);

  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *accelerator = NULL;
      g_autofree char *action_name = NULL;
      g_auto(GStrv) accels = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;
      g_object_get (l->data, "accelerator", &accelerator, "action-name", &action_name, NULL);
      /* A row named by its action shows the accelerator the table gives it. */
      if (accelerator == NULL || accelerator[0] == '\0')
        for (guint i = 0; i < n && accelerator == NULL; i++)
          if (g_strcmp0 (table[i].action, action_name) == 0)
            accelerator = g_strdup (table[i].accel);
      g_assert_nonnull (accelerator);
      accels = g_strsplit (accelerator, " ", -1);

      for (guint a = 0; accels[a] != NULL; a++)
        {
          g_autoptr(GtkShortcutTrigger) trigger = gtk_shortcut_trigger_parse_string (accels[a]);
          const KasirShortcut *entry = NULL;
          const char *action;

          g_test_message ("%s", accels[a]);
          g_assert_false (kasir_shortcut_is_gtk_own (accels[a]));
          for (guint i = 0; i < n && entry == NULL; i++)
            {
              g_autoptr(GtkShortcutTrigger) other = gtk_shortcut_trigger_parse_string (table[i].accel);

              if (gtk_shortcut_trigger_equal (trigger, other))
                entry = &table[i];
            }
          g_assert_nonnull (entry);
          action = entry->action;
          listed++;

          /* Something to act on, and the focus away from the selling view. */
          if (cart_of (view)->lines->len == 0)
            g_assert_true (kasir_selling_view_add_code (view, "KOPI-001", NULL));
          kasir_cart_view_select_line (kasir_selling_view_get_cart_view (view), 0);
          gtk_widget_set_focusable (GTK_WIDGET (kasir_window_get_connection_badge (window)), TRUE);
          gtk_widget_grab_focus (GTK_WIDGET (kasir_window_get_connection_badge (window)));

          {
            gint64 qty = ((KasirCartLine *) g_ptr_array_index (cart_of (view)->lines, 0))->qty;
            guint lines = cart_of (view)->lines->len;
            guint locks_before = locks;

            g_assert_true (press_shortcut (window, entry));
            iterate ();

            /* And what it did is what it is listed for. */
            if (g_str_equal (action, "sell.search"))
              g_assert_true (search_has_focus (view));
            else if (g_str_equal (action, "sell.pay"))
              g_assert_nonnull (kasir_selling_view_get_checkout_dialog (view));
            else if (g_str_equal (action, "sell.void-line"))
              g_assert_cmpuint (cart_of (view)->lines->len, ==, lines - 1);
            else if (g_str_equal (action, "sell.more"))
              g_assert_cmpint (((KasirCartLine *) g_ptr_array_index (cart_of (view)->lines, 0))->qty, ==, qty + 1);
            else if (g_str_equal (action, "sell.fewer"))
              g_assert_cmpint (((KasirCartLine *) g_ptr_array_index (cart_of (view)->lines, 0))->qty, ==, MAX (qty - 1, 1));
            else if (g_str_equal (action, "till.lock"))
              g_assert_cmpuint (locks, ==, locks_before + 1);
            else if (g_str_equal (action, "sell.new-sale") || g_str_has_prefix (action, "manager.") ||
                     g_str_equal (action, "till.shift") || g_str_equal (action, "till.cash"))
              /* A question, a PIN prompt, the shift dialog or (a manager's approval still
               * holding) the tool itself shows over the till. */
              g_assert_cmpuint (count_visible_others (GTK_WINDOW (window)), >, 0);
          }
          close_other_windows (GTK_WINDOW (window));
        }
    }
  /* Every key of the table that is a key of its own is listed. */
  g_assert_cmpuint (listed, >=, n - 2);

  kasir_till_context_set_staff (kasir_window_get_context (window), NULL);
  destroy_window (window);
  kasir_sync_service_shutdown (service);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/Kasir/UISelling/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("scanner-everywhere", test_scanner_everywhere);
  ADD ("money-typed", test_money_typed);
  ADD ("keyboard-cart", test_keyboard_cart);
  ADD ("shortcuts", test_shortcuts);

#undef ADD

  return g_test_run ();
}
