/* test-ui-office.c — the manager's back office through the real widgets on a real
 * encrypted database of a standalone till: the products page lists, searches and filters;
 * the product editor refuses a wrong check digit and a price with letters naming the
 * field, writes nothing, then adds the product, which the till finds by its barcode at
 * once; categories are added, reordered and archived.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <adwaita.h>
#include <sodium.h>

#include "kasir-catalog-admin-repository.h"
#include "kasir-catalog-repository.h"
#include "kasir-catalog-import-dialog.h"
#include "kasir-categories-dialog.h"
#include "kasir-database-private.h"
#include "kasir-input-error.h"
#include "kasir-product-editor.h"
#include "kasir-cart.h"
#include "kasir-low-stock-badge.h"
#include "kasir-pin.h"
#include "kasir-report-chart.h"
#include "kasir-report-window.h"
#include "kasir-sales-repository.h"
#include "kasir-setting-keys.h"
#include "kasir-settings-repository.h"
#include "kasir-shop-setup-window.h"
#include "kasir-products-window.h"
#include "kasir-staff-repository.h"
#include "kasir-staff-window.h"
#include "ui-test-util.h"

typedef struct
{
  char          *dir;
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

static void
add (KasirCatalogAdminRepository *admin,
     const char                  *name,
     const char                  *sku,
     const char                  *barcode,
     KasirMoney                   price,
     gint64                       category_id)
{
  g_autoptr(KasirCatalogItem) item = kasir_catalog_item_new ();
  g_autoptr(GError) error = NULL;

  item->product->name = g_strdup (name);
  item->product->sku = g_strdup (sku);
  item->product->barcode = g_strdup (barcode);
  item->product->price = price;
  item->product->tax_rate_bp = 1100;
  item->product->category_id = category_id;
  g_assert_cmpint (kasir_catalog_admin_repository_save_product (admin, item, 1, &error), >, 0);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirCatalogAdminRepository) admin = NULL;
  g_autofree char *path = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  gint64 drinks, food;

  f->dir = g_dir_make_tmp ("kasir-ui-office-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "kasir.db", NULL);
  g_assert_cmpint (sodium_init (), >=, 0);
  randombytes_buf (key, sizeof key);
  f->db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);

  admin = kasir_catalog_admin_repository_new (f->db);
  drinks = kasir_catalog_admin_repository_add_category (admin, 0, "Minuman", &error);
  food = kasir_catalog_admin_repository_add_category (admin, 0, "Makanan", &error);
  g_assert_no_error (error);
  add (admin, "Kopi Susu Gula Aren", "KOPI-001", "4006381333931", 18000, drinks);
  add (admin, "Kopi Tubruk", "KOPI-002", NULL, 12000, drinks);
  add (admin, "Teh Manis Dingin", "TEH-001", "96385074", 8000, drinks);
  add (admin, "Roti Bakar Keju", "ROTI-001", "036000291452", 15000, food);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->db);
  remove_tree (f->dir);
  g_free (f->dir);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  gint64 n = -1;

  g_assert_true (kasir_database_query_int64 (f->db, sql, &n, NULL));
  return n;
}

static GtkLabel *
error_label (KasirProductEditor *editor)
{
  return GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (editor), KASIR_TYPE_PRODUCT_EDITOR,
                                                   "error_label"));
}

static void
test_products_page (Fixture       *f,
                    gconstpointer  data)
{
  KasirTillContext *context = kasir_test_context (f->db, NULL, NULL);
  KasirProductsWindow *window = kasir_products_window_new (NULL, context, 1);
  g_autoptr(GdkTexture) shot = NULL;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpuint (kasir_products_window_get_n_rows (window), ==, 4);
  shot = kasir_test_render (GTK_WIDGET (window), "products.png");

  kasir_products_window_filter (window, "kopi", 0, FALSE);
  g_assert_cmpuint (kasir_products_window_get_n_rows (window), ==, 2);
  kasir_products_window_filter (window, "", 2, FALSE);
  g_assert_cmpuint (kasir_products_window_get_n_rows (window), ==, 1);
  kasir_products_window_filter (window, "roti", 1, FALSE);
  g_assert_cmpuint (kasir_products_window_get_n_rows (window), ==, 0);
  kasir_products_window_filter (window, "", 0, TRUE);
  g_assert_cmpuint (kasir_products_window_get_n_rows (window), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The badge counted on its worker, waited for. */
static gssize
count_low (GtkWidget     *button,
           KasirDatabase *db)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gssize n;

  kasir_low_stock_badge_update_async (GTK_MENU_BUTTON (button), db, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  n = kasir_low_stock_badge_update_finish (GTK_MENU_BUTTON (button), result, &error);
  g_assert_no_error (error);
  return n;
}

/* Loads @file as the file chooser does and waits for the worker; the dialog is busy
 * meanwhile (no import, no other file). */
static gboolean
load (KasirCatalogImportDialog  *dialog,
      GFile                     *file,
      GError                   **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GtkWidget *button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                 KASIR_TYPE_CATALOG_IMPORT_DIALOG,
                                                                 "import_button"));
  GtkLabel *said = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (dialog), KASIR_TYPE_CATALOG_IMPORT_DIALOG,
                                                             "result_label"));

  kasir_catalog_import_dialog_load_file_async (dialog, file, store_result, &result);
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_cmpstr (gtk_label_get_text (said), ==, "Reading the file…");
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return kasir_catalog_import_dialog_load_file_finish (dialog, result, error);
}

/* Imports as the button does and waits for the worker; the dialog is busy meanwhile. */
static gint64
import (KasirCatalogImportDialog  *dialog,
        GError                   **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GtkWidget *button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                 KASIR_TYPE_CATALOG_IMPORT_DIALOG,
                                                                 "import_button"));

  kasir_catalog_import_dialog_import_async (dialog, store_result, &result);
  g_assert_false (gtk_widget_get_sensitive (button));
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return kasir_catalog_import_dialog_import_finish (dialog, result, error);
}

static void
test_low_stock_badge (Fixture       *f,
                      gconstpointer  data)
{
  GtkWidget *button = g_object_ref_sink (gtk_menu_button_new ());
  g_autoptr(KasirCatalogAdminRepository) admin = kasir_catalog_admin_repository_new (f->db);
  g_autoptr(KasirCatalogItem) item = NULL;
  g_autoptr(GError) error = NULL;

  /* A standalone till counts no stock: every counted product is at 0, so low. */
  g_assert_cmpint (count_low (button, f->db), ==, 4);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==, "Manager · 4 low");
  item = kasir_catalog_admin_repository_get_product (admin, 2, &error);
  item->track_stock = FALSE;
  g_assert_cmpint (kasir_catalog_admin_repository_save_product (admin, item, 1, &error), ==, 2);
  g_clear_pointer (&item, kasir_catalog_item_free);
  item = kasir_catalog_admin_repository_get_product (admin, 3, &error);
  item->low_stock = 0;
  g_assert_true (kasir_database_exec (f->db, "INSERT INTO stock VALUES (3, 0, 1)", &error));
  g_assert_cmpint (kasir_catalog_admin_repository_save_product (admin, item, 1, &error), ==, 3);
  g_assert_cmpint (count_low (button, f->db), ==, 2);
  g_assert_true (kasir_database_exec (f->db, "UPDATE products SET track_stock = 0", &error));
  g_assert_cmpint (count_low (button, f->db), ==, 0);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==, "Manager");
  g_object_unref (button);
}

static void
test_new_product (Fixture       *f,
                  gconstpointer  data)
{
  KasirTillContext *context = kasir_test_context (f->db, NULL, NULL);
  KasirProductsWindow *window = kasir_products_window_new (NULL, context, 1);
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (f->db);
  g_autoptr(KasirProduct) found = NULL;
  g_autoptr(GdkTexture) shot = NULL;
  g_autoptr(GError) error = NULL;
  KasirProductEditor *editor;
  gint64 before = count (f, "SELECT count(*) FROM products");
  gint64 id;

  gtk_window_present (GTK_WINDOW (window));
  editor = KASIR_PRODUCT_EDITOR (kasir_products_window_open_editor (window, 0));
  g_assert_nonnull (editor);

  /* A wrong check digit: refused naming the barcode, nothing written. */
  kasir_product_editor_fill (editor, "Es Jeruk", "JRK-001", "8992761002205", "9000", "11");
  g_assert_cmpint (kasir_product_editor_save (editor, &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Barcode"));
  g_assert_nonnull (strstr (error->message, "should be 6"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label (editor))));
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM products"), ==, before);

  /* A price with letters in it ("rb" and "k" are how a shop writes thousands): refused
   * naming the price. */
  kasir_product_editor_fill (editor, NULL, NULL, "", "9x00", NULL);
  g_assert_cmpint (kasir_product_editor_save (editor, &error), ==, 0);
  g_assert_nonnull (strstr (error->message, "Price"));
  g_clear_error (&error);
  /* Another product's SKU: refused naming the SKU and the product. */
  kasir_product_editor_fill (editor, NULL, "TEH-001", NULL, "9000", NULL);
  g_assert_cmpint (kasir_product_editor_save (editor, &error), ==, 0);
  g_assert_nonnull (strstr (error->message, "Teh Manis Dingin"));
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM products"), ==, before);

  /* Right: an in-store barcode made on request, saved, listed, sold by its code. */
  kasir_product_editor_fill (editor, NULL, "JRK-001", NULL, NULL, NULL);
  kasir_product_editor_make_barcode (editor);
  kasir_test_settle (400);
  shot = kasir_test_render (GTK_WIDGET (editor), "product-new.png");
  id = kasir_product_editor_save (editor, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM products"), ==, before + 1);
  g_assert_cmpuint (kasir_products_window_get_n_rows (window), ==, 5);

  found = kasir_catalog_repository_lookup_code (catalog, "2000000000015", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, id);
  g_assert_cmpstr (found->name, ==, "Es Jeruk");
  g_assert_cmpint (found->price, ==, 9000);
  g_assert_cmpuint (found->tax_rate_bp, ==, 1100);

  gtk_window_destroy (GTK_WINDOW (editor));
  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);
}

static void
test_edit_and_archive (Fixture       *f,
                       gconstpointer  data)
{
  KasirTillContext *context = kasir_test_context (f->db, NULL, NULL);
  KasirProductsWindow *window = kasir_products_window_new (NULL, context, 1);
  g_autoptr(GError) error = NULL;
  KasirProductEditor *editor;
  GtkSwitch *archived;
  gint64 id;

  gtk_window_present (GTK_WINDOW (window));
  kasir_products_window_filter (window, "tubruk", 0, FALSE);
  g_assert_cmpuint (kasir_products_window_get_n_rows (window), ==, 1);
  id = kasir_products_window_get_row_id (window, 0);
  editor = KASIR_PRODUCT_EDITOR (kasir_products_window_open_editor (window, id));

  /* The form opens with the product's values: saving it untouched changes nothing but
   * what is switched. */
  archived = GTK_SWITCH (gtk_widget_get_template_child (GTK_WIDGET (editor), KASIR_TYPE_PRODUCT_EDITOR,
                                                        "archived_switch"));
  gtk_switch_set_active (archived, TRUE);
  g_assert_cmpint (kasir_product_editor_save (editor, &error), ==, id);
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT price FROM products WHERE sku = 'KOPI-002'"), ==, 12000);
  g_assert_cmpint (count (f, "SELECT tax_rate_bp FROM products WHERE sku = 'KOPI-002'"), ==, 1100);
  g_assert_cmpint (count (f, "SELECT category_id FROM products WHERE sku = 'KOPI-002'"), ==, 1);
  g_assert_cmpuint (kasir_products_window_get_n_rows (window), ==, 0);
  kasir_products_window_filter (window, "", 0, TRUE);
  g_assert_cmpuint (kasir_products_window_get_n_rows (window), ==, 1);

  gtk_window_destroy (GTK_WINDOW (editor));
  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);
}

static void
test_categories (Fixture       *f,
                 gconstpointer  data)
{
  KasirTillContext *context = kasir_test_context (f->db, NULL, NULL);
  KasirCategoriesDialog *dialog = kasir_categories_dialog_new (NULL, context, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL, *added = NULL;

  gtk_window_present (GTK_WINDOW (dialog));
  first = kasir_categories_dialog_describe (dialog);
  g_assert_cmpstr (first, ==, "Minuman, Makanan");
  g_assert_false (kasir_categories_dialog_add (dialog, "minuman", &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kasir_categories_dialog_add (dialog, "Rokok", &error));
  g_assert_no_error (error);
  added = kasir_categories_dialog_describe (dialog);
  g_assert_cmpstr (added, ==, "Minuman, Makanan, Rokok");

  gtk_window_destroy (GTK_WINDOW (dialog));
  kasir_test_settle (50);
}

static gboolean
pin_works (Fixture    *f,
           gint64      id,
           const char *pin)
{
  g_autoptr(KasirStaffRepository) repo = kasir_staff_repository_new (f->db);
  g_autoptr(KasirStaff) s = kasir_staff_repository_get (repo, id, NULL);

  return s != NULL && s->active && kasir_pin_verify (s->pin_hash, pin);
}

static void
test_staff (Fixture       *f,
            gconstpointer  data)
{
  KasirTillContext *context = kasir_test_context (f->db, NULL, NULL);
  KasirStaffWindow *window = kasir_staff_window_new (NULL, context, 1);
  g_autoptr(GdkTexture) shot = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listed = NULL;
  GtkEditable *pin_row;
  gint64 budi, sari;

  gtk_window_present (GTK_WINDOW (window));
  pin_row = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (window), KASIR_TYPE_STAFF_WINDOW,
                                                         "pin_row"));
  budi = kasir_staff_window_add (window, "Budi Santoso", "manager", "246810", "246810", &error);
  g_assert_no_error (error);

  /* "12a4" and two different PINs: refused naming the problem, nothing added, and the
   * PIN fields are emptied. */
  g_assert_cmpint (kasir_staff_window_add (window, "Sari", "cashier", "12a4", "12a4", &error), ==, 0);
  g_assert_nonnull (strstr (error->message, "digits only"));
  g_clear_error (&error);
  g_assert_cmpstr (gtk_editable_get_text (pin_row), ==, "");
  g_assert_cmpint (kasir_staff_window_add (window, "Sari", "cashier", "1357", "1375", &error), ==, 0);
  g_assert_nonnull (strstr (error->message, "not the same"));
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM staff"), ==, 1);

  sari = kasir_staff_window_add (window, "Sari Dewi", "cashier", "1357", "1357", &error);
  g_assert_no_error (error);
  g_assert_true (kasir_staff_window_reset_pin (window, sari, "8642", "8642", &error));
  g_assert_false (pin_works (f, sari, "1357"));
  g_assert_true (pin_works (f, sari, "8642"));
  g_assert_false (kasir_staff_window_set_active (window, budi, FALSE, &error));
  g_clear_error (&error);
  g_assert_true (kasir_staff_window_add (window, "Rina", "cashier", "2468", "2468", &error) > 0);
  g_assert_true (kasir_staff_window_set_active (window, sari, FALSE, &error));
  g_assert_false (pin_works (f, sari, "8642"));
  listed = kasir_staff_window_describe (window);
  g_assert_cmpstr (listed, ==, "Budi Santoso (manager); Rina (cashier); Sari Dewi (cashier, inactive)");
  kasir_test_settle (300);
  shot = kasir_test_render (GTK_WIDGET (window), "staff.png");

  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);
}

/* Sells @qty of @product_id for cash, paying in whole thousands; returns the sale's
 * total and change. */
static void
sell (KasirDatabase *db,
      gint64         product_id,
      gint64         qty,
      KasirMoney    *total,
      KasirMoney    *change)
{
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (db);
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (db);
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", TRUE);
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  g_autoptr(KasirProduct) product = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(GError) error = NULL;

  product = kasir_catalog_repository_get_product (catalog, product_id, &error);
  g_assert_no_error (error);
  kasir_cart_add_product (cart, product, qty);
  g_assert_true (kasir_cart_compute (cart, &error));
  g_ptr_array_add (payments, kasir_payment_new (KASIR_PAYMENT_CASH, (cart->total / 1000 + 1) * 1000));
  sale = kasir_cart_to_sale (cart, payments, 0, &error);
  g_assert_no_error (error);
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
  *total += sale->total;
  *change += sale->change;
}

/* Shows the local days @first .. @last in @window and waits for the worker to read them.
 * @busy: the window is expected to read (its period not choosable until the report is
 * in); otherwise it refuses at once. */
static gboolean
show_days (KasirReportWindow  *window,
           GDateTime          *first,
           GDateTime          *last,
           gboolean            busy,
           GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GtkWidget *period = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                 KASIR_TYPE_REPORT_WINDOW,
                                                                 "period_dropdown"));
  gboolean shown;

  kasir_report_window_show_days_async (window, first, last, store_result, &result);
  g_assert_cmpint (gtk_widget_get_sensitive (period), ==, !busy);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  shown = kasir_report_window_show_days_finish (window, result, error);
  g_assert_true (gtk_widget_get_sensitive (period));
  return shown;
}

static void
test_report (Fixture       *f,
             gconstpointer  data)
{
  KasirTillContext *context = kasir_test_context (f->db, NULL, NULL);
  KasirProductsWindow *products = kasir_products_window_new (NULL, context, 1);
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) shot = NULL;
  g_autofree char *csv_path = g_build_filename (f->dir, "report.csv", NULL);
  g_autofree char *pdf_path = g_build_filename (f->dir, "report.pdf", NULL);
  g_autoptr(GFile) csv_file = g_file_new_for_path (csv_path);
  g_autofree char *csv = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *net_line = NULL;
  gsize pdf_len = 0;
  KasirProductEditor *editor;
  KasirReportWindow *window;
  const KasirReport *report;
  const KasirReportRow *top;
  KasirMoney total = 0, change = 0;
  gint64 id;

  /* A product added by hand is sold, and the day's report shows it. */
  editor = KASIR_PRODUCT_EDITOR (kasir_products_window_open_editor (products, 0));
  kasir_product_editor_fill (editor, "Es Jeruk", "JRK-001", NULL, "9000", "11");
  id = kasir_product_editor_save (editor, &error);
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (editor));
  gtk_window_destroy (GTK_WINDOW (products));
  sell (f->db, id, 3, &total, &change);
  sell (f->db, id, 2, &total, &change);
  sell (f->db, 1, 1, &total, &change);

  window = kasir_report_window_new (NULL, context, TRUE);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (show_days (window, today, today, TRUE, &error));
  g_assert_no_error (error);
  report = kasir_report_window_get_report (window);
  g_assert_cmpint (report->sale_count, ==, 3);
  g_assert_cmpint (report->net, ==, total);
  g_assert_cmpint (report->net, ==, 5 * 9000 + 18000);
  top = report->top_quantity->pdata[0];
  g_assert_cmpstr (top->key, ==, "Es Jeruk");
  g_assert_cmpint (top->count, ==, 5);
  g_assert_cmpint (((KasirReportRow *) report->by_method->pdata[0])->amount, ==, total);
  g_assert_nonnull (strstr (kasir_report_chart_get_summary (KASIR_REPORT_CHART (
    gtk_widget_get_template_child (GTK_WIDGET (window), KASIR_TYPE_REPORT_WINDOW, "chart"))), "busiest"));

  g_assert_true (kasir_report_window_export_csv (window, csv_file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  net_line = g_strdup_printf ("total,net,3,%" G_GINT64_FORMAT "\r\n", total);
  g_assert_nonnull (strstr (csv, net_line));
  g_assert_nonnull (strstr (csv, "product-quantity,Es Jeruk,5,45000\r\n"));
  g_assert_true (kasir_report_window_export_pdf (window, pdf_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf_path, &pdf, &pdf_len, NULL));
  g_assert_cmpuint (pdf_len, >, 500);
  g_assert_true (g_str_has_prefix (pdf, "%PDF"));

  kasir_test_settle (300);
  shot = kasir_test_render (GTK_WIDGET (window), "report-day.png");
  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);
}

static void
test_report_own_shift (Fixture       *f,
                       gconstpointer  data)
{
  KasirTillContext *context = kasir_test_context (f->db, NULL, NULL);
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  KasirReportWindow *window;
  KasirMoney total = 0, change = 0;

  /* Without a manager's view and with no shift open there is nothing to show. */
  sell (f->db, 1, 1, &total, &change);
  window = kasir_report_window_new (NULL, context, FALSE);
  g_assert_false (show_days (window, today, today, FALSE, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_assert_null (kasir_report_window_get_report (window));
  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);
}

static void
test_shop_setup (Fixture       *f,
                 gconstpointer  data)
{
  KasirTillContext *context = kasir_test_context (f->db, NULL, NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(KasirSettingsRepository) repo = kasir_settings_repository_new (f->db);
  KasirShopSetupWindow *window;
  g_autoptr(GdkTexture) shot = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL, *footer = NULL, *currency = NULL;
  gint64 bp = 0, inclusive = -1;
  static const struct
  {
    const char *name, *currency, *tax, *field;
  } bad[] = {
    { "  ", "IDR", "11", "Shop name" },
    { "Toko Maju", "XYZ", "11", "Currency" },
    { "Toko Maju", "IDR", "sebelas", "Tax rate" },
    { "Toko Maju", "IDR", "120", "Tax rate" },
  };

  g_settings_set_string (settings, "currency", "IDR");
  window = kasir_shop_setup_window_new (NULL, context, settings);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_false (kasir_shop_setup_is_done (f->db));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      kasir_shop_setup_window_fill (window, bad[i].name, "Jl. Merdeka 1", NULL, NULL, "Terima kasih",
                                    bad[i].currency, bad[i].tax, TRUE);
      g_assert_false (kasir_shop_setup_window_save (window, &error));
      if (strstr (error->message, bad[i].field) == NULL)
        g_error ("case %u: “%s” does not name “%s”", i, error->message, bad[i].field);
      g_clear_error (&error);
      g_assert_false (kasir_shop_setup_is_done (f->db));
      g_assert_null (kasir_settings_repository_get_string (repo, KASIR_SETTING_RECEIPT_FOOTER, NULL));
    }

  kasir_shop_setup_window_fill (window, "Toko Maju Jaya", "Jl. Merdeka 1, Bandung", "01.234.567.8-901.000",
                                "Selamat datang", "Terima kasih", "usd", "11", FALSE);
  g_assert_true (kasir_shop_setup_window_save (window, &error));
  g_assert_no_error (error);
  kasir_test_settle (300);
  shot = kasir_test_render (GTK_WIDGET (window), "shop-setup.png");
  g_assert_true (kasir_shop_setup_is_done (f->db));
  name = kasir_settings_repository_get_string (repo, KASIR_SETTING_SHOP_NAME, NULL);
  footer = kasir_settings_repository_get_string (repo, KASIR_SETTING_RECEIPT_FOOTER, NULL);
  g_assert_cmpstr (name, ==, "Toko Maju Jaya");
  g_assert_cmpstr (footer, ==, "Terima kasih");
  g_assert_true (kasir_settings_repository_get_int64 (repo, KASIR_SETTING_TAX_RATE_DEFAULT, 0, &bp, NULL));
  g_assert_cmpint (bp, ==, 1100);
  g_assert_true (kasir_settings_repository_get_int64 (repo, KASIR_SETTING_TAX_INCLUSIVE, -1, &inclusive, NULL));
  g_assert_cmpint (inclusive, ==, 0);
  currency = g_settings_get_string (settings, "currency");
  g_assert_cmpstr (currency, ==, "USD");
  g_settings_set_string (settings, "currency", "IDR");

  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);
}

static void
test_csv_import (Fixture       *f,
                 gconstpointer  data)
{
  static const char bad[] =
    "Kode,Nama Barang,Harga,Pajak,Barcode,Kategori\n"
    "SUSU-01,Susu UHT 1L,18500,11,8992761002206,Minuman\n"
    "GULA-01,Gula Pasir 1kg,16000,11,4006381333932,Dapur\n"
    "KOPI-001,Kopi Susu Gula Aren (baru),19000,11,,Minuman\n";
  KasirTillContext *context = kasir_test_context (f->db, NULL, NULL);
  KasirCatalogImportDialog *dialog = kasir_catalog_import_dialog_new (NULL, context, 1);
  KasirProductsWindow *products = kasir_products_window_new (NULL, context, 1);
  g_autofree char *path = g_build_filename (f->dir, "produk.csv", NULL);
  g_autofree char *export_path = g_build_filename (f->dir, "export.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) export_file = g_file_new_for_path (export_path);
  g_autoptr(GdkTexture) shot = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *problems = NULL;
  g_autofree char *exported = NULL;
  gint64 before = count (f, "SELECT count(*) FROM products");

  g_assert_true (g_file_set_contents (path, bad, -1, NULL));
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (load (dialog, file, &error));
  g_assert_no_error (error);

  /* "Nama Barang" is no name the dialog knows: the import asks for the column. */
  g_assert_cmpint (import (dialog, &error), ==, -1);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED);
  g_clear_error (&error);
  kasir_catalog_import_dialog_map (dialog, KASIR_IMPORT_FIELD_NAME, 1);

  /* Line 3 has a wrong check digit: named, and nothing is written. */
  g_assert_cmpint (import (dialog, &error), ==, -1);
  g_clear_error (&error);
  problems = kasir_catalog_import_dialog_get_problems (dialog);
  g_assert_true (g_str_has_prefix (problems, "Line 3: Barcode:"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM products"), ==, before);
  kasir_test_settle (300);
  shot = kasir_test_render (GTK_WIDGET (dialog), "csv-import.png");

  /* Without the barcode column the file imports: two new products, one updated. */
  kasir_catalog_import_dialog_map (dialog, KASIR_IMPORT_FIELD_BARCODE, -1);
  g_assert_cmpint (import (dialog, &error), ==, 3);
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM products"), ==, before + 2);
  g_assert_cmpint (count (f, "SELECT price FROM products WHERE sku = 'KOPI-001'"), ==, 19000);
  g_assert_cmpint (count (f, "SELECT count(*) FROM categories WHERE name = 'Dapur'"), ==, 1);

  /* The export reads back as the same catalog. */
  g_assert_true (kasir_products_window_export (products, export_file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (export_path, &exported, NULL, NULL));
  g_assert_true (g_str_has_prefix (exported, "sku,name,price,tax_rate,barcode,category,unit,archived\r\n"));
  g_assert_nonnull (strstr (exported, "GULA-01,Gula Pasir 1kg,16000,11.00,,Dapur,pcs,0\r\n"));
  {
    g_autoptr(KasirCatalogImport) again = kasir_catalog_import_new (exported, strlen (exported), &error);

    g_assert_no_error (error);
    g_assert_cmpuint (kasir_catalog_import_get_n_rows (again), ==, count (f, "SELECT count(*) FROM products"));
    g_assert_cmpint (kasir_catalog_import_apply (again, f->db, 0, NULL, NULL, &error), ==,
                     count (f, "SELECT count(*) FROM products"));
    g_assert_no_error (error);
  }

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (products));
  kasir_test_settle (50);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/Kasir/UIOffice/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("products-page", test_products_page);
  ADD ("low-stock-badge", test_low_stock_badge);
  ADD ("new-product", test_new_product);
  ADD ("edit-and-archive", test_edit_and_archive);
  ADD ("categories", test_categories);
  ADD ("staff", test_staff);
  ADD ("report", test_report);
  ADD ("report-own-shift", test_report_own_shift);
  ADD ("shop-setup", test_shop_setup);
  ADD ("csv-import", test_csv_import);
#undef ADD

  return g_test_run ();
}
