/* test-ui-office-checks.c — what issue 13 promises of the back office's windows, checked
 * through the real widgets on a real encrypted database of a standalone till:
 *
 *  - the categories dialog reorders (up and down), renames (a taken name refused and
 *    shown) and archives and restores through its own rows' buttons;
 *  - a product file over 50 MB chosen in the import dialog is refused before it is read,
 *    naming its size and the limit, and the import stays off;
 *  - 10,000 products through the import dialog (read on its worker, then imported on
 *    its worker): a bad price in line 5,000 is named and nothing is written, the good
 *    file writes all 10,000 at once;
 *  - the shop setup keeps the shop's low-stock level (for products without their own):
 *    a level that is not a whole number of units, 0 or more, is refused naming the field
 *    and writes nothing; kept, the manager menu's count follows it;
 *  - the products page's "Low Stock" lists only the counted, active products at or below
 *    their own level or the shop's, the lowest first, still narrowed by category and
 *    search.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <adwaita.h>
#include <sodium.h>

#include "kasir-catalog-admin-repository.h"
#include "kasir-catalog-import-dialog.h"
#include "kasir-categories-dialog.h"
#include "kasir-database-private.h"
#include "kasir-input-error.h"
#include "kasir-low-stock-badge.h"
#include "kasir-products-window.h"
#include "kasir-setting-keys.h"
#include "kasir-settings-repository.h"
#include "kasir-shop-setup-window.h"
#include "ui-test-util.h"

typedef struct
{
  char          *dir;
  KasirDatabase *db;
  gint64         drinks;
  gint64         food;
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

static gint64
add (KasirCatalogAdminRepository *admin,
     const char                  *name,
     const char                  *sku,
     KasirMoney                   price,
     gint64                       category_id)
{
  g_autoptr(KasirCatalogItem) item = kasir_catalog_item_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  item->product->name = g_strdup (name);
  item->product->sku = g_strdup (sku);
  item->product->price = price;
  item->product->tax_rate_bp = 1100;
  item->product->category_id = category_id;
  id = kasir_catalog_admin_repository_save_product (admin, item, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirCatalogAdminRepository) admin = NULL;
  g_autofree char *path = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];

  f->dir = g_dir_make_tmp ("kasir-ui-office-checks-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "kasir.db", NULL);
  g_assert_cmpint (sodium_init (), >=, 0);
  randombytes_buf (key, sizeof key);
  f->db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);

  admin = kasir_catalog_admin_repository_new (f->db);
  f->drinks = kasir_catalog_admin_repository_add_category (admin, 0, "Minuman", &error);
  f->food = kasir_catalog_admin_repository_add_category (admin, 0, "Makanan", &error);
  g_assert_no_error (error);
  add (admin, "Kopi Susu", "KOPI-001", 18000, f->drinks);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->db);
  remove_tree (f->dir);
  g_free (f->dir);
}

/* ---- Categories through the dialog's rows ---- */

/* The row of the dialog's list at @index. */
static GtkWidget *
category_row (KasirCategoriesDialog *dialog,
              guint                  index)
{
  GtkWidget *list = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), KASIR_TYPE_CATEGORIES_DIALOG,
                                                               "list"));
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), (int) index);

  g_assert_nonnull (row);
  return GTK_WIDGET (row);
}

/* The button named @name (up, down, archive, restore) under @root, or NULL. */
static GtkWidget *
find_named_button (GtkWidget  *root,
                   const char *name)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named_button (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
press (KasirCategoriesDialog *dialog,
       guint                  index,
       const char            *button)
{
  GtkWidget *found = find_named_button (category_row (dialog, index), button);

  g_assert_nonnull (found);
  g_signal_emit_by_name (found, "clicked");
  kasir_test_settle (20);
}

static void
check_listed (KasirCategoriesDialog *dialog,
              const char            *expected)
{
  g_autofree char *listed = kasir_categories_dialog_describe (dialog);

  g_assert_cmpstr (listed, ==, expected);
}

static void
test_categories_dialog (Fixture       *f,
                        gconstpointer  data)
{
  KasirTillContext *context = kasir_test_context (f->db, NULL, NULL);
  KasirCategoriesDialog *dialog = kasir_categories_dialog_new (NULL, context, 1);
  g_autoptr(GError) error = NULL;
  GtkWidget *error_label = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                      KASIR_TYPE_CATEGORIES_DIALOG,
                                                                      "error_label"));
  GtkWidget *row;

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (kasir_categories_dialog_add (dialog, "Rokok", &error));
  g_assert_no_error (error);
  check_listed (dialog, "Minuman, Makanan, Rokok");

  /* Up and down through the rows' buttons; the order is kept. */
  press (dialog, 2, "up");
  check_listed (dialog, "Minuman, Rokok, Makanan");
  press (dialog, 0, "down");
  check_listed (dialog, "Rokok, Minuman, Makanan");
  {
    g_autoptr(KasirCatalogAdminRepository) admin = kasir_catalog_admin_repository_new (f->db);
    g_autoptr(GPtrArray) kept = kasir_catalog_admin_repository_list_categories (admin, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (((KasirCategory *) kept->pdata[0])->name, ==, "Rokok");
  }

  /* A rename to a taken name is refused and shown; a free one is applied. */
  row = category_row (dialog, 0);
  gtk_editable_set_text (GTK_EDITABLE (row), "makanan");
  g_signal_emit_by_name (row, "apply");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "“Makanan” already"));
  check_listed (dialog, "Rokok, Minuman, Makanan");
  row = category_row (dialog, 0);
  gtk_editable_set_text (GTK_EDITABLE (row), "Rokok & Korek");
  g_signal_emit_by_name (row, "apply");
  check_listed (dialog, "Rokok & Korek, Minuman, Makanan");
  /* The refusal said before is gone once a change is made. */
  g_assert_false (gtk_widget_get_visible (error_label));

  /* Archived, a category goes to the end, marked, without moves; restored, it is back
   * in its place. */
  press (dialog, 1, "archive");
  check_listed (dialog, "Rokok & Korek, Makanan, Minuman (archived)");
  g_assert_null (find_named_button (category_row (dialog, 2), "up"));
  press (dialog, 2, "restore");
  check_listed (dialog, "Rokok & Korek, Minuman, Makanan");

  gtk_window_destroy (GTK_WINDOW (dialog));
  kasir_test_settle (50);
}

/* ---- A product file over 50 MB ---- */

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
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


static void
test_csv_too_large (Fixture       *f,
                    gconstpointer  data)
{
  static const char head[] = "sku,name,price\nA-1,Kopi,15000\n";
  KasirTillContext *context = kasir_test_context (f->db, NULL, NULL);
  KasirCatalogImportDialog *dialog = kasir_catalog_import_dialog_new (NULL, context, 1);
  g_autofree char *path = g_build_filename (f->dir, "besar.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GtkWidget *button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                 KASIR_TYPE_CATALOG_IMPORT_DIALOG,
                                                                 "import_button"));
  gint64 before = 0, after = 0;
  int fd;

  /* 51 MB without writing 51 MB: a sparse file reports its full size. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, head, strlen (head)), ==, (gssize) strlen (head));
  g_assert_cmpint (ftruncate (fd, (off_t) 51 * 1024 * 1024), ==, 0);
  close (fd);

  g_assert_true (kasir_database_query_int64 (f->db, "SELECT count(*) FROM products", &before, NULL));
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_false (load (dialog, file, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_TOO_LONG);
  g_assert_nonnull (strstr (error->message, "51 MB"));
  g_assert_nonnull (strstr (error->message, "50 MB"));
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_true (kasir_database_query_int64 (f->db, "SELECT count(*) FROM products", &after, NULL));
  g_assert_cmpint (after, ==, before);

  gtk_window_destroy (GTK_WINDOW (dialog));
  kasir_test_settle (50);
}

/* ---- 10,000 products through the import dialog ---- */

/* A product file of @n rows; row @bad_line (counting the header as line 1; 0: none) has
 * the price "12rb". */
static char *
write_products (Fixture    *f,
                const char *name,
                guint       n,
                guint       bad_line)
{
  g_autoptr(GString) csv = g_string_new ("Kode,Nama,Harga,Pajak,Kategori\n");
  char *path = g_build_filename (f->dir, name, NULL);

  for (guint i = 1; i <= n; i++)
    {
      if (i + 1 == bad_line)
        g_string_append_printf (csv, "P-%05u,Produk %u,12rb,11,Grosir\n", i, i);
      else
        g_string_append_printf (csv, "P-%05u,Produk %u,%u,11,Grosir\n", i, i, 1000 + i);
    }
  g_assert_true (g_file_set_contents (path, csv->str, (gssize) csv->len, NULL));
  return path;
}

static gint64
import_all (KasirCatalogImportDialog  *dialog,
            GError                   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  kasir_catalog_import_dialog_import_async (dialog, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return kasir_catalog_import_dialog_import_finish (dialog, result, error);
}

static void
test_ten_thousand_in_app (Fixture       *f,
                          gconstpointer  data)
{
  KasirTillContext *context = kasir_test_context (f->db, NULL, NULL);
  KasirCatalogImportDialog *dialog = kasir_catalog_import_dialog_new (NULL, context, 1);
  g_autofree char *good_path = write_products (f, "produk.csv", 10000, 0);
  g_autofree char *bad_path = write_products (f, "produk-salah.csv", 10000, 5000);
  g_autoptr(GFile) good = g_file_new_for_path (good_path);
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *problems = NULL;
  gint64 before = 0, after = 0, price = 0;

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (kasir_database_query_int64 (f->db, "SELECT count(*) FROM products", &before, NULL));

  /* A bad price in line 5,000: named by line and field, nothing written. */
  g_assert_true (load (dialog, bad, &error));
  g_assert_no_error (error);
  g_assert_cmpint (import_all (dialog, &error), ==, -1);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  problems = kasir_catalog_import_dialog_get_problems (dialog);
  g_assert_true (g_str_has_prefix (problems, "Line 5000: Price:"));
  g_assert_true (kasir_database_query_int64 (f->db, "SELECT count(*) FROM products", &after, NULL));
  g_assert_cmpint (after, ==, before);

  /* The good file: all 10,000 at once, in their new category. */
  g_assert_true (load (dialog, good, &error));
  g_assert_no_error (error);
  g_assert_cmpint (import_all (dialog, &error), ==, 10000);
  g_assert_no_error (error);
  g_assert_true (kasir_database_query_int64 (f->db, "SELECT count(*) FROM products", &after, NULL));
  g_assert_cmpint (after, ==, before + 10000);
  g_assert_true (kasir_database_query_int64 (f->db, "SELECT price FROM products WHERE sku = 'P-05000'", &price,
                                             NULL));
  g_assert_cmpint (price, ==, 6000);

  gtk_window_destroy (GTK_WINDOW (dialog));
  kasir_test_settle (50);
}

/* ---- The shop's low-stock level ---- */

/* What the manager menu's badge counts, on its worker, waited for. */
static gssize
count_low (KasirDatabase *db)
{
  GtkWidget *button = g_object_ref_sink (gtk_menu_button_new ());
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gssize n;

  kasir_low_stock_badge_update_async (GTK_MENU_BUTTON (button), db, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  n = kasir_low_stock_badge_update_finish (GTK_MENU_BUTTON (button), result, &error);
  g_assert_no_error (error);
  g_object_unref (button);
  return n;
}

static void
test_shop_low_stock (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const bad[] = { "tiga", "-1", "2.5", "10000001" };
  KasirTillContext *context = kasir_test_context (f->db, NULL, NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(KasirSettingsRepository) repo = kasir_settings_repository_new (f->db);
  g_autoptr(GError) error = NULL;
  KasirShopSetupWindow *window;
  gint64 level = -1;

  /* Two counted products, 2 and 4 in stock: the default level (5) finds both. */
  {
    g_autoptr(KasirCatalogAdminRepository) admin = kasir_catalog_admin_repository_new (f->db);
    g_autofree char *sql = g_strdup_printf ("INSERT INTO stock (product_id, outlet_id, qty) VALUES "
                                            "((SELECT id FROM products WHERE sku = 'KOPI-001'), 0, 2), "
                                            "(%" G_GINT64_FORMAT ", 0, 4)",
                                            add (admin, "Roti Bakar", "ROTI-001", 15500, f->food));

    g_assert_true (kasir_database_exec (f->db, sql, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (count_low (f->db), ==, 2);

  window = kasir_shop_setup_window_new (NULL, context, settings);
  gtk_window_present (GTK_WINDOW (window));
  kasir_shop_setup_window_fill (window, "Toko Maju", NULL, NULL, NULL, NULL, "IDR", "11", TRUE);
  g_assert_cmpstr (kasir_shop_setup_window_get_low_stock (window), ==, "5");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      kasir_shop_setup_window_fill_low_stock (window, bad[i]);
      g_assert_false (kasir_shop_setup_window_save (window, &error));
      g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
      if (strstr (error->message, "Low stock") == NULL)
        g_error ("“%s”: “%s” does not name the field", bad[i], error->message);
      g_clear_error (&error);
      g_assert_false (kasir_shop_setup_is_done (f->db));
      level = -1;
      kasir_settings_repository_get_int64 (repo, KASIR_SETTING_LOW_STOCK_DEFAULT, -1, &level, NULL);
      g_assert_cmpint (level, ==, -1);
    }

  /* 3: only the product with 2 is low now. */
  kasir_shop_setup_window_fill_low_stock (window, " 3 ");
  g_assert_true (kasir_shop_setup_window_save (window, &error));
  g_assert_no_error (error);
  g_assert_true (kasir_settings_repository_get_int64 (repo, KASIR_SETTING_LOW_STOCK_DEFAULT, -1, &level, NULL));
  g_assert_cmpint (level, ==, 3);
  g_assert_cmpint (count_low (f->db), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));

  /* Opened again, the form shows the level kept. */
  window = kasir_shop_setup_window_new (NULL, context, settings);
  g_assert_cmpstr (kasir_shop_setup_window_get_low_stock (window), ==, "3");
  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);
}

/* ---- The products page's low-stock list ---- */

static void
test_low_stock_list (Fixture       *f,
                     gconstpointer  data)
{
  KasirTillContext *context = kasir_test_context (f->db, NULL, NULL);
  g_autoptr(KasirCatalogAdminRepository) admin = kasir_catalog_admin_repository_new (f->db);
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  KasirProductsWindow *window;
  gint64 kopi, roti, teh, gula;

  /* Kopi 2 and Roti 4 are at or below the default 5; Teh has 9; Gula 1 is not counted. */
  g_assert_true (kasir_database_query_int64 (f->db, "SELECT id FROM products WHERE sku = 'KOPI-001'", &kopi, NULL));
  roti = add (admin, "Roti Bakar", "ROTI-001", 15500, f->food);
  teh = add (admin, "Teh Manis", "TEH-001", 8000, f->drinks);
  gula = add (admin, "Gula Aren", "GULA-001", 12000, f->food);
  sql = g_strdup_printf ("INSERT INTO stock (product_id, outlet_id, qty) VALUES (%" G_GINT64_FORMAT ", 0, 2), "
                         "(%" G_GINT64_FORMAT ", 0, 4), (%" G_GINT64_FORMAT ", 0, 9), (%" G_GINT64_FORMAT ", 0, 1);"
                         "UPDATE products SET track_stock = 0 WHERE id = %" G_GINT64_FORMAT,
                         kopi, roti, teh, gula, gula);
  g_assert_true (kasir_database_exec (f->db, sql, &error));
  g_assert_no_error (error);

  window = kasir_products_window_new (NULL, context, 1);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpuint (kasir_products_window_get_n_rows (window), ==, 4);

  /* Low stock only: the lowest first. */
  kasir_products_window_set_low_only (window, TRUE);
  g_assert_cmpuint (kasir_products_window_get_n_rows (window), ==, 2);
  g_assert_cmpint (kasir_products_window_get_row_id (window, 0), ==, kopi);
  g_assert_cmpint (kasir_products_window_get_row_id (window, 1), ==, roti);
  /* The category and the search still narrow it. */
  kasir_products_window_filter (window, "", f->food, FALSE);
  g_assert_cmpuint (kasir_products_window_get_n_rows (window), ==, 1);
  g_assert_cmpint (kasir_products_window_get_row_id (window, 0), ==, roti);
  kasir_products_window_filter (window, "kopi", 0, FALSE);
  g_assert_cmpuint (kasir_products_window_get_n_rows (window), ==, 1);
  g_assert_cmpint (kasir_products_window_get_row_id (window, 0), ==, kopi);
  /* A product's own level wins over the shop's: Teh low at 10. */
  {
    g_autoptr(KasirCatalogItem) item = kasir_catalog_admin_repository_get_product (admin, teh, &error);

    item->low_stock = 10;
    g_assert_cmpint (kasir_catalog_admin_repository_save_product (admin, item, 1, &error), ==, teh);
  }
  kasir_products_window_filter (window, "", 0, FALSE);
  g_assert_cmpuint (kasir_products_window_get_n_rows (window), ==, 3);
  g_assert_cmpint (kasir_products_window_get_row_id (window, 2), ==, teh);

  kasir_products_window_set_low_only (window, FALSE);
  g_assert_cmpuint (kasir_products_window_get_n_rows (window), ==, 4);
  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/Kasir/UIOfficeChecks/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("categories-dialog", test_categories_dialog);
  ADD ("csv-too-large", test_csv_too_large);
  ADD ("ten-thousand-in-app", test_ten_thousand_in_app);
  ADD ("shop-low-stock", test_shop_low_stock);
  ADD ("low-stock-list", test_low_stock_list);
#undef ADD

  return g_test_run ();
}
