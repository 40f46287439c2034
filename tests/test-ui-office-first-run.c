/* test-ui-office-first-run.c — a new shop's first hour, as a person goes through it: the
 * application starts on an empty machine (a real till session, a real encrypted
 * database whose key goes to the keyring), the owner chooses "standalone" and makes the
 * first manager; the shop setup comes up by itself and is filled in; its "Save and Add
 * Your First Products" button opens the products page, where a product is added by hand
 * with an in-store barcode; a shift is opened and the product is scanned and paid at the
 * till (the receipt carries the shop's name and footer from the setup); the manager's
 * report of the day then shows that sale, its product and its way of paying, to the
 * rupiah.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "kasir-application.h"
#include "kasir-catalog-repository.h"
#include "kasir-checkout-dialog.h"
#include "kasir-product-editor.h"
#include "kasir-products-window.h"
#include "kasir-receipt-view.h"
#include "kasir-report-window.h"
#include "kasir-selling-view.h"
#include "kasir-setup-window.h"
#include "kasir-shift-dialog.h"
#include "kasir-shop-setup-window.h"
#include "kasir-till-context.h"
#include "kasir-till-session.h"
#include "kasir-window.h"
#include "sync-test-util.h"
#include "ui-test-util.h"

static KasirApplication *
new_application (void)
{
  return g_object_new (KASIR_TYPE_APPLICATION,
                       "application-id", APP_ID ".TestUiOfficeFirstRun",
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
shown (gpointer data)
{
  return find_toplevel (GPOINTER_TO_SIZE (data)) != NULL;
}

static GtkWindow *
wait_for_window (GType type)
{
  if (!sync_test_wait_for (shown, GSIZE_TO_POINTER (type), 30))
    g_error ("no %s came up", g_type_name (type));
  return find_toplevel (type);
}

static gboolean
session_has_database (gpointer data)
{
  return kasir_till_session_get_database (data) != NULL;
}

/* The button under @root whose label is @label (mnemonic included), or NULL. */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
report_read (gpointer data)
{
  KasirReportWindow *window = data;

  return kasir_report_window_get_report (window) != NULL;
}

static gint64
query (KasirDatabase *db,
       const char    *sql)
{
  return sync_test_local_query (db, sql);
}

/* Opens a shift from the till's menu as the manager signed in, then scans @barcode
 * twice and pays in cash; the receipt carries the shop's texts. */
static void
open_shift_and_sell (KasirWindow      *window,
                     KasirTillContext *context,
                     const char       *barcode)
{
  g_autoptr(GError) error = NULL;
  KasirShiftDialog *shift;
  KasirSellingView *view;
  KasirCheckoutDialog *checkout;
  const KasirSale *sale;
  const char *receipt;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "till.shift", NULL));
  shift = KASIR_SHIFT_DIALOG (wait_for_window (KASIR_TYPE_SHIFT_DIALOG));
  kasir_shift_dialog_set_float_text (shift, "200000");
  kasir_shift_dialog_open_shift (shift, &error);
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (shift));
  kasir_test_settle (50);
  g_assert_nonnull (kasir_till_context_get_shift_id (context));

  /* The product scanned by its new code twice, paid in cash. */
  view = kasir_window_get_selling_view (window);
  kasir_selling_view_new_sale (view);
  g_assert_true (kasir_selling_view_add_code (view, barcode, &error));
  g_assert_no_error (error);
  g_assert_true (kasir_selling_view_add_code (view, barcode, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.pay", NULL));
  checkout = kasir_selling_view_get_checkout_dialog (view);
  g_assert_nonnull (checkout);
  kasir_test_settle (50);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (checkout), "checkout.quick-cash", "x", (gint64) 20000));
  g_assert_cmpint (kasir_checkout_dialog_get_change (checkout), ==, 1000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (checkout), "checkout.commit", NULL));
  sale = kasir_checkout_dialog_get_sale (checkout);
  g_assert_nonnull (sale);
  g_assert_cmpint (sale->total, ==, 19000);
  receipt = kasir_receipt_view_get_text (kasir_checkout_dialog_get_receipt_view (checkout));
  g_assert_nonnull (strstr (receipt, "Toko Maju Jaya"));
  g_assert_nonnull (strstr (receipt, "Terima kasih, sampai jumpa"));
  g_assert_nonnull (strstr (receipt, "Es Jeruk Peras"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (checkout), "checkout.close", NULL));
  kasir_test_settle (50);
}

/* The manager's report of today shows the one sale, to the rupiah. */
static void
check_report (KasirWindow *window)
{
  KasirReportWindow *report_window;
  const KasirReport *report;
  const KasirReportRow *row;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "till.reports", NULL));
  report_window = KASIR_REPORT_WINDOW (wait_for_window (KASIR_TYPE_REPORT_WINDOW));
  g_assert_true (sync_test_wait_for (report_read, report_window, 30));
  report = kasir_report_window_get_report (report_window);
  g_assert_cmpint (report->sale_count, ==, 1);
  g_assert_cmpint (report->net, ==, 19000);
  g_assert_cmpint (report->gross, ==, 19000);
  g_assert_cmpint (report->average, ==, 19000);
  g_assert_cmpint (report->refunds, ==, 0);
  g_assert_cmpuint (report->top_revenue->len, ==, 1);
  row = report->top_revenue->pdata[0];
  g_assert_cmpstr (row->key, ==, "Es Jeruk Peras");
  g_assert_cmpint (row->count, ==, 2);
  g_assert_cmpint (row->amount, ==, 19000);
  g_assert_cmpuint (report->by_method->len, ==, 1);
  row = report->by_method->pdata[0];
  g_assert_cmpstr (row->key, ==, "cash");
  g_assert_cmpint (row->amount, ==, 19000);
  g_assert_cmpuint (report->by_cashier->len, ==, 1);
  g_assert_cmpstr (((KasirReportRow *) report->by_cashier->pdata[0])->key, ==, "Budi Santoso");
}

static void
test_first_hour (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-ui-first-hour-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  g_autofree char *barcode = NULL;
  g_autoptr(KasirApplication) app = new_application ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(KasirTillSession) session = NULL;
  g_autoptr(KasirTillContext) context = kasir_till_context_new (NULL);
  KasirShopSetupWindow *shop;
  KasirProductsWindow *products;
  KasirProductEditor *editor;
  KasirSetupWindow *setup;
  KasirWindow *window;
  KasirDatabase *db;
  GtkWidget *button;
  gint64 product_id;

  g_assert_no_error (error);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_settings_set_boolean (settings, "standalone", TRUE);
  g_settings_set_boolean (settings, "setup-done", FALSE);
  g_settings_set_string (settings, "currency", "IDR");

  /* An empty machine: set-up asks how the till works; standalone, it makes a manager. */
  window = kasir_window_new (app, context);
  session = kasir_till_session_new (window, path);
  gtk_window_present (GTK_WINDOW (window));
  kasir_till_session_start (session);
  g_assert_true (sync_test_wait_for (session_has_database, session, 30));
  db = kasir_till_session_get_database (session);
  setup = KASIR_SETUP_WINDOW (wait_for_window (KASIR_TYPE_SETUP_WINDOW));
  if (g_strcmp0 (kasir_setup_window_get_page (setup), "manager") != 0)
    kasir_setup_window_choose_standalone (setup);
  g_assert_true (kasir_setup_window_create_manager (setup, "Budi Santoso", "246810", "246810", &error));
  g_assert_no_error (error);
  g_assert_false (kasir_till_session_get_locked (session));
  g_assert_cmpint (query (db, "SELECT count(*) FROM products"), ==, 0);

  /* The shop setup comes up by itself; a bad tax rate is named and changes nothing. */
  shop = KASIR_SHOP_SETUP_WINDOW (wait_for_window (KASIR_TYPE_SHOP_SETUP_WINDOW));
  g_assert_false (kasir_shop_setup_is_done (db));
  kasir_shop_setup_window_fill (shop, "Toko Maju Jaya", "Jl. Merdeka 1, Bandung", "01.234.567.8-901.000",
                                "Selamat datang", "Terima kasih, sampai jumpa", "IDR", "11%x", TRUE);
  g_assert_false (kasir_shop_setup_window_save (shop, &error));
  g_assert_nonnull (strstr (error->message, "Tax rate"));
  g_clear_error (&error);
  g_assert_false (kasir_shop_setup_is_done (db));
  kasir_shop_setup_window_fill (shop, NULL, NULL, NULL, NULL, NULL, NULL, "11", TRUE);

  /* "Save and Add Your First Products" saves and opens the products page. */
  button = find_button (GTK_WIDGET (shop), "Save and _Add Your First Products…");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (kasir_shop_setup_is_done (db));
  products = KASIR_PRODUCTS_WINDOW (wait_for_window (KASIR_TYPE_PRODUCTS_WINDOW));
  g_assert_null (find_toplevel (KASIR_TYPE_SHOP_SETUP_WINDOW));
  g_assert_cmpuint (kasir_products_window_get_n_rows (products), ==, 0);

  /* A product by hand, with an in-store barcode made on request; new products start
   * with the shop's tax rate. */
  editor = KASIR_PRODUCT_EDITOR (kasir_products_window_open_editor (products, 0));
  g_assert_nonnull (editor);
  kasir_product_editor_fill (editor, "Es Jeruk Peras", "JRK-001", NULL, "9500", NULL);
  kasir_product_editor_make_barcode (editor);
  product_id = kasir_product_editor_save (editor, &error);
  g_assert_no_error (error);
  g_assert_cmpint (product_id, >, 0);
  gtk_window_destroy (GTK_WINDOW (editor));
  g_assert_cmpuint (kasir_products_window_get_n_rows (products), ==, 1);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT tax_rate_bp FROM products WHERE id = %" G_GINT64_FORMAT,
                                            product_id);
    g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (db);
    g_autoptr(KasirProduct) product = kasir_catalog_repository_get_product (catalog, product_id, &error);

    g_assert_no_error (error);
    g_assert_cmpint (query (db, sql), ==, 1100);
    g_assert_cmpint (product->price, ==, 9500);
    barcode = g_strdup (product->barcode);
    g_assert_nonnull (barcode);
    g_assert_cmpuint (strlen (barcode), ==, 13);
    g_assert_true (barcode[0] == '2');
  }
  gtk_window_destroy (GTK_WINDOW (products));

  open_shift_and_sell (window, context, barcode);
  check_report (window);

  while (g_list_model_get_n_items (gtk_window_get_toplevels ()) > 0)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (gtk_window_get_toplevels (), 0);

      gtk_window_destroy (toplevel);
    }
  g_clear_object (&session);
  g_assert_true (kasir_till_context_shutdown (context, 10000));
  g_settings_reset (settings, "standalone");
  g_settings_reset (settings, "setup-done");
  g_settings_reset (settings, "currency");
  sync_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/Kasir/UIOfficeFirstRun/first-hour", test_first_hour);

  return g_test_run ();
}
