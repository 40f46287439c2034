/* test-sync-catalog-import.c — a product CSV imported on a till enrolled with a server
 * reaches the server with the next sync. Two real tills of one outlet (real SQLCipher
 * databases) and a real kasir-server on loopback with the demo data:
 *
 *  - new and changed products: after the sync the server has each new product once with
 *    the file's fields (a new category made once, by name), the changed product has the
 *    new price, and till a's pending products and category have given way to the
 *    server's rows (same SKUs, the server's ids);
 *  - a barcode that till b took meanwhile: till a checked its file against what it knew,
 *    so the server is the one to see it; it makes till a's product without the code and
 *    opens a duplicate_code conflict, which till a pulls;
 *  - 10,000 rows: 10,000 product.create pushed in the push's batches, each product made
 *    once on the server, and the till left with none pending.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kasir-catalog-admin-repository.h"
#include "kasir-catalog-import.h"
#include "kasir-database-private.h"
#include "store-test-util.h"
#include "sync-test-util.h"

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

#define server_int(f, ...) sync_test_server_queryf ((f)->server, __VA_ARGS__)

static gint64
import_on (SyncTestTill       *till,
           const char         *csv,
           KasirImportSummary *summary)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirCatalogImport) import = kasir_catalog_import_new (csv, strlen (csv), &error);
  gint64 written;

  g_assert_no_error (error);
  written = kasir_catalog_import_apply (import, till->db, manager_of (till->db), summary, NULL, &error);
  g_assert_no_error (error);
  return written;
}

/* A CSV cell: quoted, with its quotes doubled. */
static char *
quoted (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "\"", -1);
  g_autofree char *joined = g_strjoinv ("\"\"", parts);

  return g_strdup_printf ("\"%s\"", joined);
}

static void
test_new_and_changed (Fixture       *f,
                      gconstpointer  data)
{
  KasirImportSummary summary = { 0 };
  g_autofree char *sku = NULL;
  g_autofree char *name = NULL;
  g_autofree char *category = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *q_sku = NULL;
  g_autofree char *q_name = NULL;
  g_autofree char *q_category = NULL;
  g_autofree char *sql = NULL;
  gint64 product, price, version, category_id, roti, local_roti;

  /* A demo product of a category, and the price it has everywhere. */
  product = sync_test_local_query (f->a.db, "SELECT min(p.id) FROM products p JOIN categories c "
                                   "ON c.id = p.category_id WHERE p.archived = 0 AND c.archived = 0");
  g_assert_cmpint (product, >, 0);
  sql = g_strdup_printf ("SELECT sku FROM products WHERE id = %" G_GINT64_FORMAT, product);
  sku = store_test_query_text (f->a.db, sql);
  g_free (sql);
  sql = g_strdup_printf ("SELECT name FROM products WHERE id = %" G_GINT64_FORMAT, product);
  name = store_test_query_text (f->a.db, sql);
  g_free (sql);
  sql = g_strdup_printf ("SELECT c.name FROM products p JOIN categories c ON c.id = p.category_id "
                         "WHERE p.id = %" G_GINT64_FORMAT, product);
  category = store_test_query_text (f->a.db, sql);
  category_id = server_int (f, "SELECT category_id FROM products WHERE id = %" G_GINT64_FORMAT, product);
  price = server_int (f, "SELECT price FROM products WHERE id = %" G_GINT64_FORMAT, product);
  version = server_int (f, "SELECT version FROM products WHERE id = %" G_GINT64_FORMAT, product);
  q_sku = quoted (sku);
  q_name = quoted (name);
  q_category = quoted (category);
  csv = g_strdup_printf ("sku,name,price,category\n"
                         "%s,%s,%" G_GINT64_FORMAT ",%s\n"
                         "IMP-1,Roti Sobek,12000,Roti Impor\n"
                         "IMP-2,Roti Tawar Gandum,15000,Roti Impor\n"
                         "IMP-3,Air Mineral Impor,4000,%s\n",
                         q_sku, q_name, price + 500, q_category, q_category);

  g_assert_cmpint (import_on (&f->a, csv, &summary), ==, 4);
  g_assert_cmpuint (summary.added, ==, 3);
  g_assert_cmpuint (summary.changed, ==, 1);
  g_assert_cmpuint (summary.categories, ==, 1);
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM products WHERE id < 0"), ==, 3);

  sync_test_till_sync (&f->a);

  /* The server: each new product once, with the file's fields; one new category. */
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM categories WHERE name = 'Roti Impor'"), ==, 1);
  roti = server_int (f, "SELECT id FROM categories WHERE name = 'Roti Impor'");
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM products WHERE sku LIKE 'IMP-%%'"), ==, 3);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM products WHERE sku = 'IMP-1' AND name = 'Roti Sobek' "
                               "AND price = 12000 AND category_id = %" G_GINT64_FORMAT, roti), ==, 1);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM products WHERE sku = 'IMP-2' AND name = 'Roti Tawar Gandum' "
                               "AND price = 15000 AND category_id = %" G_GINT64_FORMAT, roti), ==, 1);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM products WHERE sku = 'IMP-3' AND price = 4000 "
                               "AND category_id = %" G_GINT64_FORMAT, category_id), ==, 1);
  /* The changed product: the new price, one version on, nothing else. */
  g_assert_cmpint (server_int (f, "SELECT price FROM products WHERE id = %" G_GINT64_FORMAT, product), ==,
                   price + 500);
  g_assert_cmpint (server_int (f, "SELECT version FROM products WHERE id = %" G_GINT64_FORMAT, product), ==,
                   version + 1);
  g_assert_cmpint (server_int (f, "SELECT category_id FROM products WHERE id = %" G_GINT64_FORMAT, product), ==,
                   category_id);

  /* Till a: the server's rows in place of the pending ones. */
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM products WHERE id < 0"), ==, 0);
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM categories WHERE id < 0"), ==, 0);
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM products WHERE sku LIKE 'IMP-%'"), ==, 3);
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT id FROM products WHERE sku = 'IMP-1'"), ==,
                   server_int (f, "SELECT id FROM products WHERE sku = 'IMP-1'"));
  local_roti = sync_test_local_query (f->a.db, "SELECT category_id FROM products WHERE sku = 'IMP-2'");
  g_assert_cmpint (local_roti, ==, roti);
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM outbox WHERE state = 'rejected'"), ==, 0);

  /* Till b gets them with its next pull. */
  sync_test_till_sync (&f->b);
  g_assert_cmpint (sync_test_local_query (f->b.db, "SELECT count(*) FROM products WHERE sku LIKE 'IMP-%'"), ==, 3);
}

static void
test_barcode_taken (Fixture       *f,
                    gconstpointer  data)
{
  static const char csv[] = "sku,name,price,barcode\nDUP-A,Susu Kedelai,9000," BARCODE "\n";
  g_autoptr(KasirCatalogAdminRepository) admin_b = kasir_catalog_admin_repository_new (f->b.db);
  g_autoptr(KasirCatalogItem) item = kasir_catalog_item_new ();
  g_autoptr(GError) error = NULL;
  gint64 made;

  /* Till a, offline, imports a product with the code; till b adds its own with it and
   * reaches the server first. */
  kasir_test_network_monitor_set_available (f->a.monitor, FALSE);
  g_assert_cmpint (import_on (&f->a, csv, NULL), ==, 1);
  item->product->name = g_strdup ("Susu Almond");
  item->product->sku = g_strdup ("DUP-B");
  item->product->barcode = g_strdup (BARCODE);
  item->product->price = 12000;
  g_assert_cmpint (kasir_catalog_admin_repository_save_product (admin_b, item, manager_of (f->b.db), &error), ==,
                   KASIR_CATALOG_ADMIN_QUEUED);
  g_assert_no_error (error);
  sync_test_till_sync (&f->b);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM products WHERE barcode = '" BARCODE "'"), ==, 1);

  kasir_test_network_monitor_set_available (f->a.monitor, TRUE);
  sync_test_till_sync (&f->a);
  made = server_int (f, "SELECT id FROM products WHERE sku = 'DUP-A'");
  g_assert_cmpint (made, >, 0);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM products WHERE id = %" G_GINT64_FORMAT
                               " AND barcode IS NULL", made), ==, 1);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM conflicts WHERE kind = 'duplicate_code' "
                               "AND status = 'open' AND entity_id = '%" G_GINT64_FORMAT "'", made), ==, 1);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM conflicts WHERE kind = 'duplicate_code' "
                                            "AND entity_id = '%" G_GINT64_FORMAT "'", made);

    g_assert_cmpint (sync_test_local_query (f->a.db, sql), ==, 1);
  }
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM products WHERE id < 0"), ==, 0);
}

static void
test_ten_thousand (Fixture       *f,
                   gconstpointer  data)
{
  GString *csv = g_string_new ("sku,name,price,tax,category\n");
  KasirImportSummary summary = { 0 };
  g_autofree char *text = NULL;
  gint64 start;

  for (guint i = 1; i <= 10000; i++)
    g_string_append_printf (csv, "BULK-%05u,Barang Impor %u,%u,11,Grosir Impor\n", i, i, 500 + i);
  text = g_string_free (csv, FALSE);

  kasir_test_network_monitor_set_available (f->a.monitor, FALSE);
  g_assert_cmpint (import_on (&f->a, text, &summary), ==, 10000);
  g_assert_cmpuint (summary.added, ==, 10000);
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM outbox WHERE state = 'pending'"), ==,
                   10001);

  start = g_get_monotonic_time ();
  kasir_test_network_monitor_set_available (f->a.monitor, TRUE);
  sync_test_till_sync (&f->a);
  g_test_message ("10,001 mutations pushed and pulled back in %.1f s",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  g_assert_cmpint (server_int (f, "SELECT count(*) FROM products WHERE sku LIKE 'BULK-%%'"), ==, 10000);
  g_assert_cmpint (server_int (f, "SELECT count(DISTINCT sku) FROM products WHERE sku LIKE 'BULK-%%'"), ==, 10000);
  g_assert_cmpint (server_int (f, "SELECT price FROM products WHERE sku = 'BULK-05000'"), ==, 5500);
  g_assert_cmpint (server_int (f, "SELECT count(*) FROM categories WHERE name = 'Grosir Impor'"), ==, 1);
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM products WHERE id < 0"), ==, 0);
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM products WHERE sku LIKE 'BULK-%'"), ==,
                   10000);
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM outbox WHERE state = 'rejected'"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add ("/Kasir/SyncCatalogImport/" path, Fixture, NULL, sync_test_outlet_set_up, fn, sync_test_outlet_tear_down)
  ADD ("new-and-changed", test_new_and_changed);
  ADD ("barcode-taken", test_barcode_taken);
  ADD ("ten-thousand", test_ten_thousand);
#undef ADD

  return g_test_run ();
}
