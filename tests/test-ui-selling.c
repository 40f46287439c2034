/* test-ui-selling.c — selling at the till through the real widgets and database.
 *
 * Every case opens a real encrypted database in a temporary directory, puts the selling
 * view in a real window on the (virtual) display and drives it through its actions, as
 * the keyboard and buttons do.
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
#include "kasir-staff-repository.h"
#include "ui-test-util.h"

typedef struct
{
  char          *dir;
  char          *path;
  guint8         key[KASIR_DATABASE_KEY_SIZE];
  KasirDatabase *db;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static KasirProduct *
product (gint64      id,
         const char *name,
         const char *sku,
         const char *barcode,
         KasirMoney  price)
{
  KasirProduct *p = kasir_product_new ();

  p->id = id;
  p->name = g_strdup (name);
  p->sku = g_strdup (sku);
  p->barcode = g_strdup (barcode);
  p->price = price;
  p->price_version = 1;
  p->tax_rate_bp = 1100;
  p->version = 1;

  return p;
}

static KasirStock *
stock (gint64 product_id,
       gint64 qty)
{
  KasirStock *s = kasir_stock_new ();

  s->product_id = product_id;
  s->outlet_id = 1;
  s->qty = qty;

  return s;
}

static void
fixture_open (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->db = kasir_database_open_with_key (f->path, f->key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->db);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirCatalogRepository) catalog = NULL;
  g_autoptr(KasirSyncStateRepository) sync_state = NULL;
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);
  g_autoptr(GPtrArray) stocks = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_stock_free);

  f->dir = g_dir_make_tmp ("kasir-ui-selling-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "kasir.db", NULL);
  g_assert_cmpint (sodium_init (), >=, 0);
  randombytes_buf (f->key, sizeof f->key);
  fixture_open (f);

  /* Terminal 7 of outlet 1, so receipts read "7-000001" and stock is shown. */
  sync_state = kasir_sync_state_repository_new (f->db);
  g_assert_true (kasir_sync_state_repository_set_identity (sync_state, 7, 1, "https://kasir.invalid", &error));
  g_assert_no_error (error);

  g_ptr_array_add (products, product (1, "Kopi Susu Gula Aren", "KOPI-001", "8991234567890", 15000));
  g_ptr_array_add (products, product (2, "Teh Manis Dingin", "TEH-002", "8990000000021", 8000));
  g_ptr_array_add (products, product (3, "Roti Coklat Keju", "ROTI-003", "8990000000038", 12500));
  catalog = kasir_catalog_repository_new (f->db);
  g_assert_true (kasir_catalog_repository_upsert_products (catalog, products, &error));
  g_assert_no_error (error);
  g_ptr_array_add (stocks, stock (1, 20));
  g_ptr_array_add (stocks, stock (2, 3));
  g_ptr_array_add (stocks, stock (3, -2));
  g_assert_true (kasir_catalog_repository_upsert_stock (catalog, stocks, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->db);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @check holds or five seconds pass. */
static gboolean
wait_for (gboolean (*check) (gpointer),
          gpointer  data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (5000, timeout_cb, &timed_out);

  while (!check (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);

  return check (data);
}

static KasirWindow *
make_window (Fixture          *f,
             KasirSyncService *service)
{
  KasirWindow *window = g_object_new (KASIR_TYPE_WINDOW, NULL);

  kasir_window_set_database (window, f->db);
  kasir_window_set_sync_service (window, service);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();

  return window;
}

static void
destroy_window (KasirWindow *window)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_assert_null (window);
}

static gboolean
model_has_one (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (data)) == 1;
}

static const KasirCart *
cart_of (KasirSellingView *view)
{
  return kasir_cart_view_get_cart (kasir_selling_view_get_cart_view (view));
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
      g_object_unref (kasir_test_render (GTK_WIDGET (window), "selling-id.png"));
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
    g_assert_true (kasir_selling_keys_press (view, GDK_KEY_plus, GDK_SHIFT_MASK));
  g_assert_cmpint (line_qty (view, 0), ==, 9);
  gtk_widget_set_focusable (GTK_WIDGET (kasir_window_get_connection_badge (window)), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (kasir_window_get_connection_badge (window)));
  g_assert_true (kasir_selling_keys_press (view, GDK_KEY_KP_Subtract, 0));
  g_assert_true (kasir_selling_keys_press (view, GDK_KEY_minus, 0));
  g_assert_cmpint (line_qty (view, 0), ==, 7);
  g_assert_true (kasir_selling_keys_press (view, GDK_KEY_Delete, 0));
  g_assert_cmpuint (cart_of (view)->lines->len, ==, 2);
  /* A search being typed keeps its + and its Delete. */
  kasir_selling_view_focus_search (view);
  gtk_editable_set_text (search, "kopi");
  g_assert_false (kasir_selling_keys_press (view, GDK_KEY_plus, GDK_SHIFT_MASK));
  g_assert_false (kasir_selling_keys_press (view, GDK_KEY_Delete, 0));
  gtk_editable_set_text (search, "");

  /* The grid is one Tab stop: Tab leaves it for the cart, Shift+Tab for the search. */
  g_assert_true (gtk_widget_child_focus (grid, GTK_DIR_TAB_FORWARD));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (focus == grid || gtk_widget_is_ancestor (focus, grid));
  g_assert_true (kasir_selling_keys_press (view, GDK_KEY_Tab, 0));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (kasir_selling_view_get_cart_view (view))));
  g_assert_true (gtk_widget_child_focus (grid, GTK_DIR_TAB_FORWARD));
  g_assert_true (kasir_selling_keys_press (view, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK));
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

/* Windows other than @keep that a person can see. */
static guint
count_visible_others (GtkWindow *keep)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint visible = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) other = g_list_model_get_item (toplevels, i);

      if (other != keep && gtk_widget_get_visible (GTK_WIDGET (other)))
        visible++;
    }

  return visible;
}

static void
close_other_windows (GtkWindow *keep)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

      /* Closed as a person closes them (a PIN prompt answers its close response), the
       * focus out of them first: GTK 4.8's password entry warns when torn down with it. */
      if (window != keep)
        {
          gtk_window_set_focus (window, NULL);
          gtk_window_close (window);
        }
    }
  iterate ();
  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

      if (window != keep)
        gtk_window_destroy (window);
    }
  iterate ();
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
      return kasir_selling_keys_press (view, key, mods);
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

static gboolean
contains_bytes (const char *haystack,
                gsize       len,
                const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (haystack + i, needle, n) == 0)
      return TRUE;

  return FALSE;
}

static void
test_receipt_pdf (Fixture       *f,
                  gconstpointer  data)
{
  static const KasirReceiptWidth widths[] = {
    KASIR_RECEIPT_WIDTH_58MM, KASIR_RECEIPT_WIDTH_80MM, KASIR_RECEIPT_WIDTH_A4,
  };
  g_autoptr(GError) error = NULL;
  KasirWindow *window = make_window (f, NULL);
  KasirSellingView *view = kasir_window_get_selling_view (window);
  KasirCheckoutDialog *dialog;
  const KasirSale *sale;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");

  g_assert_true (kasir_selling_view_add_code (view, "TEH-002", &error));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.pay", NULL));
  dialog = kasir_selling_view_get_checkout_dialog (view);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "checkout.quick-cash", "x", (gint64) 0));
  g_assert_true (kasir_checkout_dialog_commit (dialog, &error));
  g_assert_no_error (error);
  sale = kasir_checkout_dialog_get_sale (dialog);
  g_assert_cmpint (sale->change, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      KasirReceiptOptions options = { "Toko Maju\nJl. Merdeka 1", "Terima kasih", FALSE };
      g_autoptr(KasirReceiptPrinter) printer = kasir_receipt_printer_new (sale, &options, widths[i]);
      g_autofree char *name = g_strdup_printf ("receipt-%u.pdf", i);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_autofree char *contents = NULL;
      g_autofree char *text = kasir_receipt_build_text (sale, &options, kasir_receipt_width_columns (widths[i]));
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
      gsize len = 0;

      /* Every line fits the paper's character width. */
      for (guint j = 0; lines[j] != NULL; j++)
        g_assert_cmpint (g_utf8_strlen (lines[j], -1), <=, kasir_receipt_width_columns (widths[i]));
      g_assert_nonnull (strstr (text, sale->receipt_no));

      g_assert_true (kasir_receipt_printer_export_pdf (printer, path, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (kasir_receipt_printer_get_n_pages (printer), >=, 1);
      g_assert_true (g_file_get_contents (path, &contents, &len, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (len, >, 1000);
      g_assert_true (g_str_has_prefix (contents, "%PDF"));
      g_assert_true (contains_bytes (contents, len, "%%EOF"));

      if (pdftotext != NULL)
        {
          g_autofree char *out = NULL;
          int status = 0;
          const char *argv[] = { pdftotext, path, "-", NULL };

          g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                       &out, NULL, &status, &error));
          g_assert_no_error (error);
          g_assert_nonnull (strstr (out, sale->receipt_no));
        }
    }

  /* The receipt view lays out the same sale for the configured paper. */
  {
    g_autoptr(KasirReceiptPrinter) printer =
      kasir_receipt_view_create_printer (kasir_checkout_dialog_get_receipt_view (dialog));
    g_autofree char *path = g_build_filename (f->dir, "from-view.pdf", NULL);

    g_assert_nonnull (printer);
    g_assert_true (kasir_receipt_printer_export_pdf (printer, path, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  }

  destroy_window (window);
}

/* Reads Interleaved 2 of 5 back from its modules, independently of the encoder: runs of
 * one module are narrow, of three wide; the wide positions of a digit weigh 1, 2, 4, 7, 0
 * and 11 stands for 0. */
static char *
decode_itf (const char *modules)
{
  static const guint weights[5] = { 1, 2, 4, 7, 0 };
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (guint));
  GString *digits = g_string_new (NULL);

  for (const char *p = modules; *p != '\0';)
    {
      guint n = 0;
      char c = *p;

      while (*p == c)
        p++, n++;
      g_assert_true (n == 1 || n == 3);
      g_array_append_val (runs, n);
    }
  /* Start (4 narrow), pairs of 10 elements, stop (wide, narrow, narrow). */
  g_assert_cmpuint ((runs->len - 7) % 10, ==, 0);
  for (guint i = 4; i + 3 < runs->len; i += 10)
    for (guint which = 0; which < 2; which++)
      {
        guint sum = 0;

        for (guint e = 0; e < 5; e++)
          if (g_array_index (runs, guint, i + 2 * e + which) == 3)
            sum += weights[e];
        g_string_append_c (digits, sum == 11 ? '0' : (char) ('0' + sum));
      }

  return g_string_free (digits, FALSE);
}

static void
test_receipt_header (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirSettingsRepository) shop = kasir_settings_repository_new (f->db);
  g_autoptr(KasirStaffRepository) staff_repo = kasir_staff_repository_new (f->db);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *hash = kasir_pin_hash ("2468", NULL);
  KasirStaff cashier = { 0, 1, (char *) "Sari Dewi", (char *) "cashier", NULL, TRUE };
  KasirWindow *window;
  KasirSellingView *view;
  KasirCheckoutDialog *dialog;
  const char *text;

  g_assert_true (kasir_settings_repository_set_string (shop, KASIR_SETTING_SHOP_NAME, "Toko Maju", &error));
  g_assert_true (kasir_settings_repository_set_string (shop, KASIR_SETTING_OUTLET_NAME, "Cabang Merdeka", &error));
  g_assert_true (kasir_settings_repository_set_string (shop, KASIR_SETTING_SHOP_ADDRESS, "Jl. Merdeka 1, Bandung", &error));
  g_assert_true (kasir_settings_repository_set_string (shop, KASIR_SETTING_SHOP_TAX_NUMBER, "01.234.567.8-901.000", &error));
  g_assert_true (kasir_settings_repository_set_string (shop, KASIR_SETTING_RECEIPT_FOOTER, "Terima kasih", &error));
  g_assert_no_error (error);
  cashier.id = kasir_staff_repository_add_local (staff_repo, cashier.name, "cashier", hash, &error);
  g_assert_no_error (error);
  g_settings_set_string (settings, "terminal-name", "Till 2");

  window = make_window (f, NULL);
  view = kasir_window_get_selling_view (window);
  kasir_till_context_set_staff (kasir_window_get_context (window), &cashier);
  g_assert_true (kasir_selling_view_add_code (view, "KOPI-001", &error));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.pay", NULL));
  dialog = kasir_selling_view_get_checkout_dialog (view);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "checkout.quick-cash", "x", (gint64) 0));
  g_assert_true (kasir_checkout_dialog_commit (dialog, &error));
  g_assert_no_error (error);

  /* By default the receipt names the shop, outlet, address, tax number, cashier, till
   * and receipt number, and ends with the shop's footer. */
  text = kasir_receipt_view_get_text (kasir_checkout_dialog_get_receipt_view (dialog));
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Toko Maju"));
  g_assert_nonnull (strstr (text, "Cabang Merdeka"));
  g_assert_nonnull (strstr (text, "Jl. Merdeka 1"));
  g_assert_nonnull (strstr (text, "01.234.567.8-901.000"));
  g_assert_nonnull (strstr (text, "Sari Dewi"));
  g_assert_nonnull (strstr (text, "Till 2"));
  g_assert_nonnull (strstr (text, "7-000001"));
  g_assert_nonnull (strstr (text, "Terima kasih"));
  if (g_getenv ("KASIR_SCREENSHOT_DIR") != NULL)
    {
      kasir_test_settle (600);
      g_object_unref (kasir_test_render (GTK_WIDGET (dialog), "receipt-header.png"));
    }

  /* Its number as a barcode that reads back to it. */
  {
    g_autofree char *digits = kasir_receipt_barcode_digits ("7-000001");
    g_autofree char *modules = kasir_receipt_barcode_modules (digits);
    g_autofree char *decoded = decode_itf (modules);
    g_autofree char *back = kasir_receipt_barcode_receipt_no (decoded);
    g_autofree char *odd = kasir_receipt_barcode_digits ("12-0000005");
    g_autofree char *odd_back = kasir_receipt_barcode_receipt_no (odd);

    g_assert_cmpstr (digits, ==, "17000001");
    g_assert_cmpstr (decoded, ==, digits);
    g_assert_cmpstr (back, ==, "7-000001");
    g_assert_cmpstr (odd_back, ==, "12-0000005");
    g_assert_null (kasir_receipt_barcode_digits ("A-1"));
    g_assert_null (kasir_receipt_barcode_modules ("123"));
  }

  /* The printer chosen is kept for the next receipt on this till. */
  {
    g_autoptr(GtkPrintSettings) chosen = gtk_print_settings_new ();
    g_autoptr(GtkPrintSettings) again = NULL;

    gtk_print_settings_set_printer (chosen, "Print to File");
    gtk_print_settings_set (chosen, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf");
    g_assert_true (kasir_receipt_printer_save_settings (chosen, &error));
    g_assert_no_error (error);
    again = kasir_receipt_printer_load_settings ();
    g_assert_nonnull (again);
    g_assert_cmpstr (gtk_print_settings_get_printer (again), ==, "Print to File");
  }

  kasir_till_context_set_staff (kasir_window_get_context (window), NULL);
  g_settings_reset (settings, "terminal-name");
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

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/Kasir/UISelling/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("full-sale", test_full_sale);
  ADD ("barcode", test_barcode);
  ADD ("split-payment", test_split_payment);
  ADD ("scanner-everywhere", test_scanner_everywhere);
  ADD ("tender-bound", test_tender_bound);
  ADD ("money-typed", test_money_typed);
  ADD ("keyboard-cart", test_keyboard_cart);
  ADD ("shortcuts", test_shortcuts);
  ADD ("cart-survives", test_cart_survives);
  ADD ("receipt-pdf", test_receipt_pdf);
  ADD ("receipt-header", test_receipt_header);
  ADD ("catalog-model-lazy", test_catalog_model_lazy);

#undef ADD

  return g_test_run ();
}
