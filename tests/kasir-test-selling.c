/* kasir-test-selling.c — the selling tests' fixture (test-ui-selling, test-ui-selling-keys,
 * test-ui-receipt): a real encrypted database with three products, a window, a main loop
 * to wait on.
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

KasirProduct *
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

void
fixture_open (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->db = kasir_database_open_with_key (f->path, f->key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->db);
}

void
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

  /* These tests sell without a shift; shift-required turns the shop's rule back on. */
  {
    g_autoptr(KasirSettingsRepository) settings = kasir_settings_repository_new (f->db);

    g_assert_true (kasir_settings_repository_set_int64 (settings, KASIR_SETTING_SHIFT_REQUIRED, 0, &error));
    g_assert_no_error (error);
  }
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->db);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

void
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
gboolean
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

KasirWindow *
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

void
destroy_window (KasirWindow *window)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_assert_null (window);
}

const KasirCart *
cart_of (KasirSellingView *view)
{
  return kasir_cart_view_get_cart (kasir_selling_view_get_cart_view (view));
}

/* Windows other than @keep that a person can see. */
guint
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

void
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
