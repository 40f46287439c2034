/* test-ui-archived.c — a product archived on the server leaves the till's selling view.
 *
 * Two real tills of one outlet and a real kasir-server with the demo data. The selling
 * view of till a shows a product in its grid (browsing, by category, and by search) and
 * finds it by its barcode; a manager on till b archives it; after till a's next sync the
 * product is offered nowhere: not in the grid, not in a search, not by its code, and
 * the cart cannot take it. A product that arrives archived in a pull page is not offered
 * either.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "kasir-catalog-model.h"
#include "kasir-catalog-repository.h"
#include "kasir-product-edit-repository.h"
#include "kasir-selling-view.h"
#include "kasir-window.h"
#include "sync-test-util.h"

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

/* Whether the grid's model holds @product_id now (every item is read). */
static gboolean
model_has (KasirCatalogModel *model,
           gint64             product_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KasirCatalogItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (kasir_catalog_item_get_product (item)->id == product_id)
        return TRUE;
    }
  return FALSE;
}

static gboolean
search_has (KasirCatalogRepository *catalog,
            const char             *text,
            gint64                  product_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = kasir_catalog_repository_search (catalog, text, 200, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    if (((KasirProduct *) found->pdata[i])->id == product_id)
      return TRUE;
  return FALSE;
}

/* Where the selling view of @window can offer @product: the grid while browsing all
 * products and its category, the grid while searching its name, the catalog's search,
 * and its barcode and SKU. All or none must agree with @offered. */
static void
assert_offered (KasirWindow        *window,
                KasirDatabase      *db,
                const KasirProduct *product,
                gboolean            offered)
{
  KasirSellingView *view = kasir_window_get_selling_view (window);
  KasirCatalogModel *model = kasir_selling_view_get_catalog_model (view);
  GtkEditable *entry = kasir_selling_view_get_search_entry (view);
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (db);
  g_autoptr(KasirProduct) by_code = NULL;
  g_autoptr(GError) error = NULL;

  gtk_editable_set_text (entry, "");
  settle ();
  g_assert_null (kasir_catalog_model_get_search (model));
  g_assert_cmpint (model_has (model, product->id), ==, offered);
  kasir_catalog_model_set_category (model, product->category_id);
  g_assert_cmpint (model_has (model, product->id), ==, offered);
  kasir_catalog_model_set_category (model, 0);

  gtk_editable_set_text (entry, product->name);
  settle ();
  g_assert_cmpstr (kasir_catalog_model_get_search (model), ==, product->name);
  g_assert_cmpint (model_has (model, product->id), ==, offered);
  g_assert_cmpint (search_has (catalog, product->name, product->id), ==, offered);
  gtk_editable_set_text (entry, "");
  settle ();

  by_code = kasir_catalog_repository_lookup_code (catalog, product->sku, &error);
  g_assert_cmpint (by_code != NULL, ==, offered);
  g_clear_error (&error);
  if (product->barcode != NULL)
    {
      g_autoptr(KasirProduct) by_barcode = kasir_catalog_repository_lookup_code (catalog, product->barcode,
                                                                                 &error);

      g_assert_cmpint (by_barcode != NULL, ==, offered);
      g_clear_error (&error);
    }
  /* A scan of the code adds it to the cart, or says there is no such product. */
  kasir_selling_view_new_sale (view);
  g_assert_cmpint (kasir_selling_view_add_code (view, product->sku, &error), ==, offered);
  g_clear_error (&error);
  kasir_selling_view_new_sale (view);
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

static void
test_archived_on_server (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (f->a.db);
  g_autoptr(KasirProductEditRepository) edit_b = kasir_product_edit_repository_new (f->b.db);
  g_autoptr(KasirProduct) product = NULL;
  g_autoptr(JsonNode) fields = json_from_string ("{\"archived\": true}", NULL);
  g_autoptr(GError) error = NULL;
  KasirWindow *window;
  KasirCatalogModel *model;
  gint64 product_id = 23, manager;
  guint shown;

  product = kasir_catalog_repository_get_product (catalog, product_id, &error);
  g_assert_no_error (error);
  g_assert_false (product->archived);
  g_assert_cmpint (product->category_id, >, 0);
  window = window_on (&f->a);

  /* Before: offered everywhere. */
  assert_offered (window, f->a.db, product, TRUE);
  model = kasir_selling_view_get_catalog_model (kasir_window_get_selling_view (window));
  g_assert_null (kasir_catalog_model_get_search (model));
  shown = g_list_model_get_n_items (G_LIST_MODEL (model));

  /* A manager of the outlet archives it on the other till; the server has it archived. */
  manager = sync_test_local_query (f->b.db, "SELECT min(id) FROM staff WHERE outlet_id = 1 AND role = 'manager' "
                                   "AND active = 1");
  g_assert_cmpint (manager, >, 0);
  g_assert_cmpint (kasir_product_edit_repository_update (edit_b, product_id, fields, manager, &error), >, 0);
  g_assert_no_error (error);
  sync_test_till_sync (&f->b);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT archived FROM products WHERE id = 23"), ==, 1);

  /* After till a's pull: offered nowhere, and the open window shows that at once. */
  sync_test_till_sync (&f->a);
  settle ();
  /* The grid as it stood, untouched since: one product fewer. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, shown - 1);
  g_assert_false (model_has (model, product_id));
  assert_offered (window, f->a.db, product, FALSE);
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM products WHERE id = 23 AND archived = 0"),
                   ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
}

/* A pull page (a snapshot, say) that carries a product already archived. */
static void
test_archived_in_page (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (f->a.db);
  g_autoptr(KasirProduct) product = NULL;
  g_autoptr(GPtrArray) page = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  KasirWindow *window;

  product = kasir_catalog_repository_get_product (catalog, 31, &error);
  g_assert_no_error (error);
  window = window_on (&f->a);
  assert_offered (window, f->a.db, product, TRUE);

  product->archived = TRUE;
  product->version++;
  g_ptr_array_add (page, product);
  g_assert_true (kasir_catalog_repository_upsert_products (catalog, page, &error));
  g_assert_no_error (error);
  kasir_catalog_model_reload (kasir_selling_view_get_catalog_model (kasir_window_get_selling_view (window)));
  assert_offered (window, f->a.db, product, FALSE);
  /* Kept for old sales and conflicts. */
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM products WHERE id = 31 AND archived = 1"),
                   ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add ("/Kasir/UiArchived/archived-on-server", Fixture, NULL, sync_test_outlet_set_up,
              test_archived_on_server, sync_test_outlet_tear_down);
  g_test_add ("/Kasir/UiArchived/archived-in-page", Fixture, NULL, sync_test_outlet_set_up,
              test_archived_in_page, sync_test_outlet_tear_down);
  return g_test_run ();
}
