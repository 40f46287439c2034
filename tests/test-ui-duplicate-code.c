/* test-ui-duplicate-code.c — two tills add the same barcode offline, and a manager
 * settles it in the conflict review. Two real enrolled tills of one outlet and a real
 * kasir-server with the demo data:
 *
 *  - offline, a manager on each till adds a product through the products page with one
 *    in-store barcode (each till's catalog has it at once, pending);
 *  - both sync: the server keeps the first as it came and makes the second without the
 *    barcode beside an open duplicate_code conflict, which both tills pull;
 *  - till b's conflict review lists it, offers exactly "keep both" and "merge into
 *    existing" (a decision the kind does not offer is refused at the form), and the
 *    manager merges; the till sends the decision, the row shows "Applied", the server
 *    archives the later product and resolves the conflict, and after a pull it is gone
 *    from both tills and the barcode scanned on either finds till a's product.
 *
 * With "keep both" (the SKU case) nothing is archived: the later product stays on both
 * tills under the SKU the server gave it, and the SKU finds till a's product.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "kasir-catalog-repository.h"
#include "kasir-conflict-detail.h"
#include "kasir-conflict-repository.h"
#include "kasir-conflict-window.h"
#include "kasir-product-editor.h"
#include "kasir-products-window.h"
#include "kasir-test-network-monitor.h"
#include "kasir-text-row.h"
#include "sync-test-util.h"
#include "ui-test-util.h"

typedef SyncTestOutlet Fixture;

#define BARCODE "2900000123458"

static gint64
manager_of (KasirDatabase *db)
{
  gint64 id = sync_test_local_query (db, "SELECT min(id) FROM staff WHERE outlet_id = 1 AND role = 'manager' "
                                     "AND active = 1");

  g_assert_cmpint (id, >, 0);
  return id;
}

static void
set_online (SyncTestTill *till,
            gboolean      online)
{
  kasir_test_network_monitor_set_available (till->monitor, online);
}

/* A manager adds a product on @till's products page, as typed. */
static void
add_product (SyncTestTill *till,
             const char   *name,
             const char   *sku,
             const char   *barcode)
{
  KasirTillContext *context = kasir_test_context (till->db, till->service, NULL);
  KasirProductsWindow *window = kasir_products_window_new (NULL, context, manager_of (till->db));
  g_autoptr(GError) error = NULL;
  KasirProductEditor *editor;

  gtk_window_present (GTK_WINDOW (window));
  editor = KASIR_PRODUCT_EDITOR (kasir_products_window_open_editor (window, 0));
  g_assert_nonnull (editor);
  kasir_product_editor_fill (editor, name, sku, barcode, "7500", "11");
  g_assert_cmpint (kasir_product_editor_save (editor, &error), !=, 0);
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (editor));
  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);
}

static KasirTextRow *
row_at (GListModel *model,
        guint       position)
{
  KasirTextRow *row = g_list_model_get_item (model, position);

  g_object_unref (row);   /* the model keeps it */
  return row;
}

typedef struct
{
  GListModel          *model;
  int                  state;
} RowWait;

static gboolean
first_row_in_state (gpointer data)
{
  RowWait *w = data;

  return g_list_model_get_n_items (w->model) > 0 &&
         kasir_text_row_get_state (row_at (w->model, 0)) == w->state;
}

/* The name of the product @code finds on @db's till, or NULL. */
static char *
scanned_name (KasirDatabase *db,
              const char    *code)
{
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (db);
  g_autoptr(KasirProduct) product = kasir_catalog_repository_lookup_code (catalog, code, NULL);

  return product != NULL ? g_strdup (product->name) : NULL;
}

#define server_int(f, ...) sync_test_server_queryf ((f)->server, __VA_ARGS__)

static void
check_duplicate (Fixture  *f,
                 gboolean  same_sku,
                 gboolean  merge)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) shot = NULL;
  const char *code = same_sku ? "ES-TEH" : BARCODE;
  KasirConflictWindow *window;
  KasirConflictDetailView *detail;
  GListModel *model;
  KasirTextRow *row;
  RowWait wait;
  gint64 existing, later;

  /* Offline, each till's manager adds a product with the one code. */
  set_online (&f->a, FALSE);
  set_online (&f->b, FALSE);
  add_product (&f->a, "Es Teh Manis", "ES-TEH", same_sku ? NULL : BARCODE);
  add_product (&f->b, "Teh Manis Dingin", same_sku ? "ES-TEH" : "TEH-DINGIN", same_sku ? NULL : BARCODE);
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM products WHERE sku = 'ES-TEH' "
                                          "AND id < 0"), ==, 1);
  g_assert_cmpint (sync_test_local_query (f->b.db, "SELECT count(*) FROM products WHERE name = 'Teh Manis Dingin' "
                                          "AND id < 0"), ==, 1);

  /* Till a reaches the server first, then till b: the server keeps both, the later one
   * without the taken code, beside an open conflict both tills pull. */
  set_online (&f->a, TRUE);
  sync_test_till_sync (&f->a);
  set_online (&f->b, TRUE);
  sync_test_till_sync (&f->b);
  sync_test_till_sync (&f->a);
  existing = server_int (f, "SELECT id FROM products WHERE name = 'Es Teh Manis'");
  later = server_int (f, "SELECT id FROM products WHERE name = 'Teh Manis Dingin'");
  g_assert_cmpint (later, >, existing);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM conflicts WHERE kind = 'duplicate_code' "
                               "AND status = 'open' AND entity_id = '%" G_GINT64_FORMAT "'", later), ==, 1);
  {
    g_autofree char *found = scanned_name (f->b.db, code);

    /* Till b's own product lost the code; till a's has it. */
    g_assert_cmpstr (found, ==, "Es Teh Manis");
  }

  /* Till b's review lists the conflict and offers what the kind offers. */
  window = kasir_conflict_window_new (NULL, kasir_test_context (f->b.db, f->b.service, NULL),
                                      manager_of (f->b.db));
  gtk_window_present (GTK_WINDOW (window));
  kasir_test_settle (300);
  model = kasir_conflict_window_get_model (window);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  row = row_at (model, 0);
  g_assert_cmpstr (kasir_text_row_get_cell (row, KASIR_CONFLICT_COLUMN_KIND), ==,
                   "Barcode or SKU taken by another product");
  g_assert_true (kasir_conflict_window_select (window, kasir_text_row_get_id (row)));
  detail = kasir_conflict_window_get_detail (window);
  {
    g_autofree char *origin = kasir_conflict_detail_view_dup_origin_text (detail);

    g_assert_nonnull (origin);
  }
  g_assert_false (kasir_conflict_detail_view_choose (detail, "acknowledge"));
  g_assert_false (kasir_conflict_detail_view_choose (detail, "void_sale"));
  g_assert_true (kasir_conflict_detail_view_choose (detail, "keep_both"));
  g_assert_true (kasir_conflict_detail_view_choose (detail, merge ? "merge_into_existing" : "keep_both"));
  if (merge && g_getenv ("KASIR_SCREENSHOT_DIR") != NULL)
    shot = kasir_test_render (GTK_WIDGET (window), "conflict-duplicate-code.png");
  g_assert_true (kasir_conflict_detail_view_resolve (detail, &error));
  g_assert_no_error (error);

  /* The decision travels; the server settles it. */
  sync_test_till_sync (&f->b);
  wait.model = model;
  wait.state = KASIR_LOCAL_RESOLUTION_APPLIED;
  g_assert_true (sync_test_wait_for (first_row_in_state, &wait, 30));
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM conflicts WHERE kind = 'duplicate_code' "
                               "AND status = 'resolved' AND entity_id = '%" G_GINT64_FORMAT "'", later), ==, 1);
  g_assert_cmpint (server_int (f, "SELECT archived FROM products WHERE id = %" G_GINT64_FORMAT, later), ==,
                   merge ? 1 : 0);
  g_assert_cmpint (server_int (f, "SELECT archived FROM products WHERE id = %" G_GINT64_FORMAT, existing), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);

  /* After a pull, each till scans the code to till a's product; merged, till b's own
   * leaves both tills' catalogs (its tombstone), kept, it stays on both. */
  sync_test_till_sync (&f->b);
  sync_test_till_sync (&f->a);
  for (guint i = 0; i < 2; i++)
    {
      KasirDatabase *db = i == 0 ? f->a.db : f->b.db;
      g_autofree char *found = scanned_name (db, code);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM products WHERE id = %" G_GINT64_FORMAT
                                              " AND archived = 0", later);

      g_assert_cmpstr (found, ==, "Es Teh Manis");
      g_assert_cmpint (sync_test_local_query (db, sql), ==, merge ? 0 : 1);
      g_assert_cmpint (sync_test_local_query (db, "SELECT count(*) FROM products WHERE id < 0"), ==, 0);
    }
}

static void
test_barcode_merged (Fixture       *f,
                     gconstpointer  data)
{
  check_duplicate (f, FALSE, TRUE);
}

static void
test_sku_kept_both (Fixture       *f,
                    gconstpointer  data)
{
  check_duplicate (f, TRUE, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, fn) \
  g_test_add ("/Kasir/UIDuplicateCode/" path, Fixture, NULL, sync_test_outlet_set_up, fn, sync_test_outlet_tear_down)
  ADD ("barcode-merged", test_barcode_merged);
  ADD ("sku-kept-both", test_sku_kept_both);
#undef ADD

  return g_test_run ();
}
