/* test-ui-office-sync.c — the selling view and the manager menu follow what a pull
 * brings. Two real tills of one outlet and a real kasir-server with the demo data:
 *
 *  - the low-stock badge of till a's manager menu is counted again when a sync
 *    completes: a manager on till b raises a product's low-stock level (product.update,
 *    carried by pull), and once till a has synced the open window's badge counts it,
 *    with no sign-in and no polling;
 *  - the selling view prices by the shop's "prices include tax" setting, not by this
 *    machine's preference: with the shop saying tax is added at the till, a product's
 *    line carries its tax on top of the shelf price;
 *  - a product made on this till that waits for the server (pending) is found but not
 *    sold: the cart says so by name and stays empty;
 *  - the CSV import on an enrolled till says before the import that the products go to
 *    the server, and after it how many are new and changed; the products page marks them
 *    as waiting for the server until a sync has brought the server's rows.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include <adwaita.h>

#include "kasir-cart-view.h"
#include "kasir-catalog-import-dialog.h"
#include "kasir-database-private.h"
#include "kasir-catalog-repository.h"
#include "kasir-money.h"
#include "kasir-outbox-repository.h"
#include "kasir-product-edit-repository.h"
#include "kasir-products-window.h"
#include "kasir-selling-view.h"
#include "kasir-setting-keys.h"
#include "kasir-settings-repository.h"
#include "kasir-window.h"
#include "kasir-test-network-monitor.h"
#include "sync-test-util.h"
#include "ui-test-util.h"

typedef SyncTestOutlet Fixture;

static void
settle (void)
{
  for (guint i = 0; i < 50; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

static KasirWindow *
window_on (SyncTestTill *till)
{
  KasirWindow *window = g_object_new (KASIR_TYPE_WINDOW, NULL);

  kasir_window_set_database (window, till->db);
  kasir_window_set_sync_service (window, till->service);
  gtk_window_present (GTK_WINDOW (window));
  settle ();
  return window;
}

/* The number the badge of @window says ("Manager · 3 low"), 0 for none. */
static gint64
badge_count (KasirWindow *window)
{
  GtkWidget *button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), KASIR_TYPE_WINDOW,
                                                                 "manager_menu_button"));
  const char *label = gtk_menu_button_get_label (GTK_MENU_BUTTON (button));
  const char *dot = label != NULL ? strstr (label, "· ") : NULL;

  return dot != NULL ? g_ascii_strtoll (dot + strlen ("· "), NULL, 10) : 0;
}

static void
test_badge_after_pull (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(KasirProductEditRepository) edit_b = kasir_product_edit_repository_new (f->b.db);
  g_autoptr(JsonNode) fields = json_from_string ("{\"low_stock\": 1000}", NULL);
  g_autoptr(KasirSettingsRepository) shop_a = kasir_settings_repository_new (f->a.db);
  g_autoptr(GError) error = NULL;
  KasirWindow *window;
  gint64 before, manager, product_id = 0;

  /* The badge counts up to 99: with the shop's default level at 0, only what is out of
   * stock counts, which the demo data keeps well below that. */
  g_assert_true (kasir_settings_repository_set_int64 (shop_a, KASIR_SETTING_LOW_STOCK_DEFAULT, 0, &error));
  g_assert_no_error (error);
  window = window_on (&f->a);
  before = badge_count (window);
  g_assert_cmpint (before, <, 99);
  /* A counted, active product that is not low at till a now. */
  product_id = sync_test_local_query (f->a.db, "SELECT min(p.id) FROM products p JOIN stock s "
                                      "ON s.product_id = p.id WHERE p.archived = 0 AND p.track_stock = 1 "
                                      "AND p.low_stock = -1 AND s.qty > 0 AND s.qty < 1000");
  g_assert_cmpint (product_id, >, 0);

  manager = sync_test_local_query (f->b.db, "SELECT min(id) FROM staff WHERE outlet_id = 1 AND role = 'manager' "
                                   "AND active = 1");
  g_assert_cmpint (kasir_product_edit_repository_update (edit_b, product_id, fields, manager, &error), >, 0);
  g_assert_no_error (error);
  sync_test_till_sync (&f->b);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT low_stock FROM products WHERE id = %" G_GINT64_FORMAT,
                                            product_id);

    g_assert_cmpint (sync_test_server_query (f->server, sql), ==, 1000);
  }

  /* Till a pulls the new level; the open window's badge counts it at once. */
  sync_test_till_sync (&f->a);
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT max(low_stock) FROM products"), ==, 1000);
  settle ();
  g_assert_cmpint (badge_count (window), ==, before + 1);

  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
}

static void
test_shop_tax_mode (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(KasirSettingsRepository) shop = kasir_settings_repository_new (f->a.db);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.kasirpos.Kasir");
  g_autoptr(GError) error = NULL;
  KasirWindow *window;
  KasirSellingView *view;
  const KasirCart *cart;
  gint64 price, rate;
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (f->a.db);
  g_autoptr(KasirProduct) product = NULL;

  /* This machine says prices include tax; the shop says tax is added at the till. */
  g_settings_set_boolean (settings, "prices-include-tax", TRUE);
  g_assert_true (kasir_settings_repository_set_int64 (shop, KASIR_SETTING_TAX_INCLUSIVE, 0, &error));
  g_assert_no_error (error);
  product = kasir_catalog_repository_get_product (catalog, sync_test_local_query (f->a.db,
                                                  "SELECT min(id) FROM products WHERE archived = 0 "
                                                  "AND tax_rate_bp > 0"), &error);
  g_assert_no_error (error);
  price = product->price;
  rate = product->tax_rate_bp;

  window = window_on (&f->a);
  view = kasir_window_get_selling_view (window);
  kasir_selling_view_new_sale (view);
  g_assert_true (kasir_selling_view_add_code (view, product->sku, &error));
  g_assert_no_error (error);
  cart = kasir_cart_view_get_cart (kasir_selling_view_get_cart_view (view));
  g_assert_false (cart->tax_inclusive);
  g_assert_cmpint (cart->total, >, price);
  g_assert_cmpint (cart->total, ==, price + cart->tax);
  {
    KasirMoney tax = 0;

    g_assert_true (kasir_tax_excluded (price, (guint) rate, &tax));
    g_assert_cmpint (tax, >, 0);
    g_assert_cmpint (cart->tax, ==, tax);
  }
  kasir_selling_view_new_sale (view);

  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
}

/* A product made on this till and not yet on the server (pending, id below 0) is found
 * but not sold: the cart says so and stays empty. The till is offline and the product's
 * product.create waits in the outbox under its seq, as a product made here does (a
 * pending product with no such row is dropped by the next pull, which the window's sync
 * service may run at any moment). */
static void
test_pending_not_sold (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (f->a.db);
  g_autoptr(JsonNode) payload = json_from_string ("{\"client_id\": \"0b5d7f2e-8c1a-4e3b-9d6f-1a2b3c4d5e6f\", "
                                                  "\"staff_id\": 1, \"fields\": {\"sku\": \"BARU-1\", "
                                                  "\"name\": \"Kue Baru\", \"price\": 5000, "
                                                  "\"tax_rate_bp\": 0}}", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  KasirWindow *window;
  KasirSellingView *view;
  gint64 seq;

  kasir_test_network_monitor_set_available (f->a.monitor, FALSE);
  seq = kasir_outbox_repository_enqueue (outbox, KASIR_MUTATION_PRODUCT_CREATE,
                                         "0b5d7f2e-8c1a-4e3b-9d6f-1a2b3c4d5e6f",
                                         payload, &error);
  g_assert_no_error (error);
  g_assert_cmpint (seq, >, 0);
  sql = g_strdup_printf ("INSERT INTO products (id, sku, name, price, tax_rate_bp) "
                         "VALUES (%" G_GINT64_FORMAT ", 'BARU-1', 'Kue Baru', 5000, 0)", -seq);
  g_assert_true (kasir_database_exec (f->a.db, sql, &error));
  g_assert_no_error (error);
  window = window_on (&f->a);
  view = kasir_window_get_selling_view (window);
  kasir_selling_view_new_sale (view);
  g_assert_false (kasir_selling_view_add_code (view, "BARU-1", &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "Kue Baru"));
  g_assert_true (kasir_cart_view_is_empty (kasir_selling_view_get_cart_view (view)));

  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The rows of @window for @text: how many, and how many marked as waiting. */
static guint
waiting_rows (KasirProductsWindow *window,
              const char          *text,
              guint               *n_rows)
{
  guint waiting = 0;

  kasir_products_window_filter (window, text, 0, FALSE);
  *n_rows = kasir_products_window_get_n_rows (window);
  for (guint i = 0; i < *n_rows; i++)
    waiting += kasir_products_window_get_row_waiting (window, i) ? 1 : 0;
  return waiting;
}

static void
test_csv_import_enrolled (Fixture       *f,
                          gconstpointer  data)
{
  static const char csv[] =
    "sku,name,price,category\n"
    "UIIMP-1,Keripik Uiimpor Singkong,9000,Camilan Impor\n"
    "UIIMP-2,Keripik Uiimpor Pisang,9500,Camilan Impor\n";
  gint64 manager = sync_test_local_query (f->a.db, "SELECT min(id) FROM staff WHERE outlet_id = 1 "
                                          "AND role = 'manager' AND active = 1");
  KasirTillContext *context = kasir_test_context (f->a.db, f->a.service, NULL);
  KasirCatalogImportDialog *dialog = kasir_catalog_import_dialog_new (NULL, context, manager);
  KasirProductsWindow *window = kasir_products_window_new (NULL, context, manager);
  g_autofree char *path = g_build_filename (f->dir, "impor.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GAsyncResult) imported = NULL;
  g_autoptr(GdkTexture) shot = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *staff_sql = NULL;
  guint n_rows = 0;

  /* Offline, so that the products stay waiting while the page is looked at. */
  kasir_test_network_monitor_set_available (f->a.monitor, FALSE);
  g_assert_true (g_file_set_contents (path, csv, -1, NULL));
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_nonnull (strstr (kasir_catalog_import_dialog_get_server_note (dialog), "works with a server"));

  kasir_catalog_import_dialog_load_file_async (dialog, file, store_result, &loaded);
  while (loaded == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (kasir_catalog_import_dialog_load_file_finish (dialog, loaded, &error));
  g_assert_no_error (error);
  kasir_catalog_import_dialog_import_async (dialog, store_result, &imported);
  while (imported == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (kasir_catalog_import_dialog_import_finish (dialog, imported, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (kasir_catalog_import_dialog_get_result (dialog),
                                   "2 new products, 0 changed, 0 unchanged:"));
  g_assert_nonnull (strstr (kasir_catalog_import_dialog_get_result (dialog), "next sync"));
  kasir_test_settle (200);
  shot = kasir_test_render (GTK_WIDGET (dialog), "csv-import-server.png");

  /* Every mutation carries the manager who approved the import. */
  staff_sql = g_strdup_printf ("SELECT count(*) FROM outbox WHERE state = 'pending' AND payload LIKE "
                               "'%%\"staff_id\":%" G_GINT64_FORMAT "%%'", manager);
  g_assert_cmpint (sync_test_local_query (f->a.db, staff_sql), ==, 3);

  /* The products page marks both as waiting; after a sync, the server's rows are not. */
  g_assert_cmpuint (waiting_rows (window, "uiimpor", &n_rows), ==, 2);
  g_assert_cmpuint (n_rows, ==, 2);
  kasir_test_network_monitor_set_available (f->a.monitor, TRUE);
  sync_test_till_sync (&f->a);
  g_assert_cmpuint (waiting_rows (window, "uiimpor", &n_rows), ==, 0);
  g_assert_cmpuint (n_rows, ==, 2);

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, fn) \
  g_test_add ("/Kasir/UIOfficeSync/" path, Fixture, NULL, sync_test_outlet_set_up, fn, sync_test_outlet_tear_down)
  ADD ("badge-after-pull", test_badge_after_pull);
  ADD ("shop-tax-mode", test_shop_tax_mode);
  ADD ("pending-not-sold", test_pending_not_sold);
  ADD ("csv-import-enrolled", test_csv_import_enrolled);
#undef ADD

  return g_test_run ();
}
