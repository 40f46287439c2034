/* test-ui-locale.c — the selling window in Indonesian (id_ID).
 *
 * The process runs under LANGUAGE=id and the id_ID.UTF-8 locale, with the translation
 * the build made from po/id.po: the real selling window on a real database must show its
 * labels in Indonesian and its amounts as Indonesians write them ("Rp 15.000"), and a
 * date the Indonesian way. When the system has no id_ID.UTF-8 locale, the test builds one
 * with localedef in a temporary directory (LOCPATH); build-aux/dev installs the locales
 * package it needs. With $KASIR_SCREENSHOT_DIR the window is saved as selling-id.png (and
 * selling-id-dark.png in the dark style).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>
#include <gtk/gtk.h>
#include <sodium.h>

#include "kasir-window.h"
#include "kasir-selling-view.h"
#include "kasir-cart-view.h"
#include "kasir-catalog-repository.h"
#include "kasir-product-editor.h"
#include "kasir-product-tile.h"
#include "kasir-settings-repository.h"
#include "kasir-setting-keys.h"
#include "kasir-sync-service.h"
#include "kasir-sync-state-repository.h"
#include "kasir-ui-format.h"
#include "kasir-ui-money.h"
#include "ui-test-util.h"

#define LOCALE_NAME "id_ID.UTF-8"

static char *locale_dir;

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

/* Switches the process to Indonesian: the id_ID.UTF-8 locale (built here when the system
 * lacks it) and the build's own translation. */
static void
use_indonesian (void)
{
  const char *build_dir = g_getenv ("KASIR_BUILD_DIR");
  g_autofree char *po_dir = NULL;
  g_autofree char *mo = NULL;

  g_assert_nonnull (build_dir);
  g_setenv ("LANGUAGE", "id", TRUE);
  g_setenv ("LANG", LOCALE_NAME, TRUE);
  g_setenv ("LC_ALL", LOCALE_NAME, TRUE);
  g_setenv ("TZ", "UTC", TRUE);

  if (setlocale (LC_ALL, "") == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *target = NULL;
      int status = 0;

      locale_dir = g_dir_make_tmp ("kasir-locale-XXXXXX", &error);
      g_assert_no_error (error);
      target = g_build_filename (locale_dir, LOCALE_NAME, NULL);
      {
        const char *argv[] = { "localedef", "-i", "id_ID", "-f", "UTF-8", target, NULL };

        g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                      &out, &err, &status, &error);
      }
      g_assert_no_error (error);
      /* localedef exits 1 on mere warnings; the locale is there all the same. */
      if (!g_file_test (target, G_FILE_TEST_IS_DIR))
        g_error ("localedef could not build %s (install the locales package, as "
                 "build-aux/dev does): %s", LOCALE_NAME, err);
      g_setenv ("LOCPATH", locale_dir, TRUE);
      if (setlocale (LC_ALL, "") == NULL)
        g_error ("the locale %s built in %s cannot be used", LOCALE_NAME, locale_dir);
    }
  g_assert_cmpstr (setlocale (LC_MESSAGES, NULL), ==, LOCALE_NAME);

  po_dir = g_build_filename (build_dir, "po", NULL);
  mo = g_build_filename (po_dir, "id", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  g_assert_true (g_file_test (mo, G_FILE_TEST_IS_REGULAR));
  bindtextdomain (GETTEXT_PACKAGE, po_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/* Money, numbers and dates read as Indonesians write them, and a plural whose number is
 * a 64-bit integer (PRId64 in the source, a system-dependent string in the catalog) is
 * translated too. */
static void
test_formats (void)
{
  g_autofree char *price = kasir_ui_money_format (15000, "IDR");
  g_autofree char *big = kasir_ui_money_format (1500000, "IDR");
  g_autofree char *when = kasir_ui_format_time ("2026-12-03T07:30:00Z");
  g_autoptr(GDateTime) day = g_date_time_new_utc (2026, 12, 31, 0, 0, 0);
  g_autofree char *day_text = kasir_ui_format_day (day);
  gint64 three = 3;
  g_autofree char *items = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " item",
                                                         "%" PRId64 " items", three), three);

  g_assert_cmpstr (price, ==, "Rp 15.000");
  g_assert_cmpstr (big, ==, "Rp 1.500.000");
  g_assert_cmpstr (when, ==, "03/12/2026 07:30");
  g_assert_cmpstr (day_text, ==, "31/12/2026");
  g_assert_cmpstr (items, ==, "3 item");
  g_assert_cmpstr (_("Take payment (F12)"), ==, "Terima pembayaran (F12)");
}

static gboolean
has_line (const char *text,
          const char *line)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  return g_strv_contains ((const char * const *) lines, line);
}

static gboolean
is_tile (GtkWidget     *widget,
         gconstpointer  data)
{
  return KASIR_IS_PRODUCT_TILE (widget);
}

/* The text of the product tile on screen reads against its background (WCAG AA, 4.5:1),
 * in the style the till is in now; the window is saved as @shot (kasir_test_render). */
static void
assert_tile_readable (KasirWindow *window,
                      const char  *style,
                      const char  *shot)
{
  GtkWidget *tile = kasir_test_find_widget (GTK_WIDGET (window), is_tile, NULL);
  g_autoptr(GdkTexture) texture = NULL;
  graphene_rect_t bounds;
  double contrast;

  g_assert_nonnull (tile);
  g_assert_true (gtk_widget_compute_bounds (tile, GTK_WIDGET (window), &bounds));
  texture = kasir_test_render (GTK_WIDGET (window), shot);
  contrast = kasir_test_contrast (texture, &bounds);
  g_test_message ("product tile contrast, %s style: %.2f", style, contrast);
  g_assert_cmpfloat (contrast, >=, 4.5);
}

static void
add_product (KasirDatabase *db,
             guint          tax_rate_bp)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (db);
  g_autoptr(KasirSyncStateRepository) sync_state = kasir_sync_state_repository_new (db);
  g_autoptr(KasirSettingsRepository) settings = kasir_settings_repository_new (db);
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);
  g_autoptr(GPtrArray) stocks = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_stock_free);
  KasirProduct *p = kasir_product_new ();
  KasirStock *s = kasir_stock_new ();

  g_assert_true (kasir_sync_state_repository_set_identity (sync_state, 7, 1, "https://kasir.invalid", &error));
  g_assert_no_error (error);
  p->id = 1;
  p->name = g_strdup ("Kopi Susu Gula Aren");
  p->sku = g_strdup ("KOPI-001");
  p->barcode = g_strdup ("8991234567890");
  p->price = 15000;
  p->price_version = 1;
  p->tax_rate_bp = tax_rate_bp;
  p->version = 1;
  g_ptr_array_add (products, p);
  g_assert_true (kasir_catalog_repository_upsert_products (catalog, products, &error));
  g_assert_no_error (error);
  s->product_id = 1;
  s->outlet_id = 1;
  s->qty = 20;
  g_ptr_array_add (stocks, s);
  g_assert_true (kasir_catalog_repository_upsert_stock (catalog, stocks, &error));
  g_assert_no_error (error);
  g_assert_true (kasir_settings_repository_set_int64 (settings, KASIR_SETTING_SHIFT_REQUIRED, 0, &error));
  g_assert_no_error (error);
}

static void
test_selling_window (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-ui-locale-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirSyncService) service = NULL;
  g_autoptr(GString) labels = g_string_new (NULL);
  g_autofree char *placeholder = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  KasirWindow *window;
  KasirSellingView *view;

  g_assert_no_error (error);
  path = g_build_filename (dir, "kasir.db", NULL);
  g_assert_cmpint (sodium_init (), >=, 0);
  randombytes_buf (key, sizeof key);
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  add_product (db, 1100);
  service = kasir_sync_service_new (db, NULL, &error);
  g_assert_no_error (error);

  window = g_object_new (KASIR_TYPE_WINDOW, NULL);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  kasir_window_set_database (window, db);
  kasir_window_set_sync_service (window, service);
  gtk_window_present (GTK_WINDOW (window));
  kasir_test_settle (200);
  view = kasir_window_get_selling_view (window);
  g_assert_nonnull (view);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.add-product", "x", (gint64) 1));
  g_assert_cmpint (kasir_cart_view_get_cart (kasir_selling_view_get_cart_view (view))->total, ==, 15000);
  kasir_test_settle (300);

  kasir_test_collect_labels (GTK_WIDGET (window), labels);
  g_test_message ("labels on screen:\n%s", labels->str);
  /* The cart's title, its buttons and the total, in Indonesian. */
  g_assert_true (has_line (labels->str, "Penjualan Saat Ini"));
  g_assert_true (has_line (labels->str, "Bayar"));
  g_assert_true (has_line (labels->str, "Tahan"));
  g_assert_true (has_line (labels->str, "Rp 15.000"));
  g_assert_false (has_line (labels->str, "Current Sale"));
  g_assert_false (has_line (labels->str, "Pay"));
  g_assert_false (has_line (labels->str, "Rp 15,000"));
  g_object_get (kasir_selling_view_get_search_entry (view), "placeholder-text", &placeholder, NULL);
  g_assert_cmpstr (placeholder, ==, "Cari produk, atau ketik barcode atau SKU");

  /* The till reads the same in its light and its dark style. */
  assert_tile_readable (window, "light", "selling-id.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  kasir_test_settle (300);
  g_assert_true (adw_style_manager_get_dark (adw_style_manager_get_default ()));
  assert_tile_readable (window, "dark", "selling-id-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);
  g_assert_null (window);
  g_clear_object (&service);
  g_clear_object (&db);
  remove_tree (dir);
}

/* A product's form shows its price and a tax rate with a fraction as Indonesians type
 * them (15.000; 11,5), so saving it unchanged keeps both. */
static void
test_product_form (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-ui-locale-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirCatalogRepository) catalog = NULL;
  g_autoptr(KasirProduct) saved = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  KasirTillContext *context;
  KasirProductEditor *editor;

  g_assert_no_error (error);
  path = g_build_filename (dir, "kasir.db", NULL);
  g_assert_cmpint (sodium_init (), >=, 0);
  randombytes_buf (key, sizeof key);
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  add_product (db, 1150);
  context = kasir_test_context (db, NULL, NULL);

  editor = kasir_product_editor_new (NULL, context, 1, 1, &error);
  g_assert_no_error (error);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  gtk_window_present (GTK_WINDOW (editor));
  kasir_test_settle (50);
  g_assert_cmpint (kasir_product_editor_save (editor, &error), ==, 1);
  g_assert_no_error (error);
  catalog = kasir_catalog_repository_new (db);
  saved = kasir_catalog_repository_get_product (catalog, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (saved->price, ==, 15000);
  g_assert_cmpuint (saved->tax_rate_bp, ==, 1150);

  if (editor != NULL)
    gtk_window_destroy (GTK_WINDOW (editor));
  kasir_test_settle (50);
  g_assert_null (editor);
  g_clear_object (&db);
  remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  /* The application is an AdwApplication: its styles, and the named colours the till's
   * own styles use, come from libadwaita. Without it the product tiles fall back to
   * GTK's initial colours, white text on no background. */
  adw_init ();
  /* After gtk_test_init, which sets a locale of its own for tests. */
  use_indonesian ();

  g_test_add_func ("/Kasir/UILocale/formats", test_formats);
  g_test_add_func ("/Kasir/UILocale/selling-window", test_selling_window);
  g_test_add_func ("/Kasir/UILocale/product-form", test_product_form);

  status = g_test_run ();
  if (locale_dir != NULL)
    remove_tree (locale_dir);
  g_free (locale_dir);
  return status;
}
