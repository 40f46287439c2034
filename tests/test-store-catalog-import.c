/* test-store-catalog-import.c — a product CSV over a real encrypted database: 10,000
 * products in one go, a bad line at 5,000 that leaves the catalog as it was, every
 * problem named by line and field, the column mapping, a missing required column, the
 * 50 MB limit, and CSV quoting.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kasir-barcode.h"
#include "kasir-csv.h"
#include "kasir-input-error.h"
#include "kasir-catalog-import.h"
#include "kasir-catalog-repository.h"
#include "kasir-database-private.h"
#include "kasir-sync-state-repository.h"
#include "store-test-util.h"

typedef struct
{
  char          *dir;
  KasirDatabase *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];

  f->dir = store_test_tmp_dir ();
  path = g_build_filename (f->dir, "kasir.db", NULL);
  store_test_random_key (key);
  f->db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->db);
  store_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* @n products, each with an in-store barcode; line @bad_line (counting the header as 1)
 * gets @bad_price instead of its price. */
static char *
make_csv (guint       n,
          guint       bad_line,
          const char *bad_price)
{
  GString *csv = g_string_new ("Nama,SKU,Harga,Pajak,Barcode,Kategori,Satuan\r\n");

  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *code = kasir_barcode_make_in_store (1, i);
      g_autofree char *price = g_strdup_printf ("%u", 1000 + i);

      g_string_append_printf (csv, "\"Produk %u, ukuran \"\"L\"\"\",P-%05u,%s,11,%s,%s,pcs\r\n", i, i,
                              i + 1 == bad_line ? bad_price : price, code,
                              i % 3 == 0 ? "Minuman" : "Makanan");
    }
  return g_string_free (csv, FALSE);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return store_test_query (f->db, sql);
}

static void
test_ten_thousand (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *csv = make_csv (10000, 0, NULL);
  g_autoptr(KasirCatalogImport) import = NULL;
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (f->db);
  g_autoptr(KasirProduct) p = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  gint64 start, written;

  import = kasir_catalog_import_new (csv, strlen (csv), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kasir_catalog_import_get_n_rows (import), ==, 10000);
  g_assert_cmpint (kasir_catalog_import_get_mapping (import, KASIR_IMPORT_FIELD_NAME), ==, 0);
  g_assert_cmpint (kasir_catalog_import_get_mapping (import, KASIR_IMPORT_FIELD_SKU), ==, 1);
  g_assert_cmpint (kasir_catalog_import_get_mapping (import, KASIR_IMPORT_FIELD_UNIT), ==, 6);
  g_assert_cmpstr (kasir_catalog_import_get_row (import, 0)[0], ==, "Produk 1, ukuran \"L\"");

  start = g_get_monotonic_time ();
  written = kasir_catalog_import_apply (import, f->db, 0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("10,000 products imported in %.0f ms", (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpint (written, ==, 10000);
  g_assert_cmpint (count (f, "SELECT count(*) FROM products"), ==, 10000);
  g_assert_cmpint (count (f, "SELECT count(*) FROM categories"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM products WHERE unit = 'pcs'"), ==, 10000);

  p = kasir_catalog_repository_lookup_code (catalog, "P-05000", &error);
  g_assert_no_error (error);
  g_assert_cmpint (p->price, ==, 6000);
  g_assert_cmpuint (p->tax_rate_bp, ==, 1100);
  found = kasir_catalog_repository_search (catalog, "produk 777", 5, &error);
  g_assert_cmpuint (found->len, >=, 1);

  /* The same file again updates the same products: still 10,000. */
  g_assert_cmpint (kasir_catalog_import_apply (import, f->db, 0, NULL, NULL, &error), ==, 10000);
  g_assert_cmpint (count (f, "SELECT count(*) FROM products"), ==, 10000);
}

static void
test_bad_line_changes_nothing (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *good = make_csv (20, 0, NULL);
  g_autofree char *bad = make_csv (10000, 5000, "12rb");
  g_autoptr(KasirCatalogImport) first = kasir_catalog_import_new (good, strlen (good), NULL);
  g_autoptr(KasirCatalogImport) import = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  gint64 products, categories;

  g_assert_cmpint (kasir_catalog_import_apply (first, f->db, 0, NULL, NULL, &error), ==, 20);
  products = count (f, "SELECT count(*) FROM products");
  categories = count (f, "SELECT count(*) FROM categories");

  import = kasir_catalog_import_new (bad, strlen (bad), &error);
  g_assert_no_error (error);
  g_assert_cmpint (kasir_catalog_import_apply (import, f->db, 0, NULL, &problems, &error), ==, -1);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (g_str_has_prefix (problems->pdata[0], "Line 5000: Price:"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM products"), ==, products);
  g_assert_cmpint (count (f, "SELECT count(*) FROM categories"), ==, categories);
  g_assert_cmpint (count (f, "SELECT price FROM products WHERE sku = 'P-00001'"), ==, 1001);
}

static void
test_problems_by_line (Fixture       *f,
                       gconstpointer  data)
{
  static const char csv[] =
    "sku,name,price,tax_rate,barcode\n"
    "A-1,Kopi,15000,11,4006381333931\n"
    "A-2,Teh,-5,11,\n"                   /* line 3: price */
    "A-3,,8000,11,\n"                    /* line 4: name */
    "A-1,Kopi lagi,9000,11,\n"           /* line 5: SKU twice */
    "A-5,Susu,9000,120,\n"               /* line 6: tax */
    "A-6,Roti,9000,11,4006381333932\n"   /* line 7: check digit */
    "A-7,Gula,9000,11,4006381333931\n";  /* line 8: barcode twice */
  static const char * const expected[] = {
    "Line 3: Price:", "Line 4: Name:", "Line 5: SKU:", "Line 6: Tax rate:",
    "Line 7: Barcode:", "Line 8: Barcode:",
  };
  g_autoptr(KasirCatalogImport) import = kasir_catalog_import_new (csv, strlen (csv), NULL);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (kasir_catalog_import_apply (import, f->db, 0, NULL, &problems, &error), ==, -1);
  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (!g_str_has_prefix (problems->pdata[i], expected[i]))
      g_error ("problem %u is “%s”, not “%s…”", i, (char *) problems->pdata[i], expected[i]);
  g_assert_nonnull (strstr (problems->pdata[4], "should be 1"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM products"), ==, 0);
}

static void
test_mapping_and_limits (Fixture       *f,
                         gconstpointer  data)
{
  static const char no_price[] = "sku,name,harga jual\nA-1,Kopi,15000\n";
  g_autoptr(KasirCatalogImport) import = kasir_catalog_import_new (no_price, strlen (no_price), NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *big = NULL;
  gsize big_len = KASIR_CATALOG_IMPORT_MAX_BYTES + 1;

  /* A missing required column is named; mapped by hand, the file imports. */
  g_assert_cmpint (kasir_catalog_import_get_mapping (import, KASIR_IMPORT_FIELD_PRICE), ==, -1);
  g_assert_cmpint (kasir_catalog_import_apply (import, f->db, 0, NULL, NULL, &error), ==, -1);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED);
  g_assert_nonnull (strstr (error->message, "Price"));
  g_clear_error (&error);
  kasir_catalog_import_set_mapping (import, KASIR_IMPORT_FIELD_PRICE, 2);
  g_assert_cmpint (kasir_catalog_import_apply (import, f->db, 0, NULL, NULL, &error), ==, 1);
  g_assert_no_error (error);

  /* Over 50 MB: refused before parsing, naming the size and the limit. */
  big = g_malloc (big_len);
  memset (big, 'x', big_len);
  g_assert_null (kasir_catalog_import_new (big, big_len, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_TOO_LONG);
  g_assert_nonnull (strstr (error->message, "50 MB"));
  g_clear_error (&error);

  /* Not CSV, and no rows. */
  g_assert_null (kasir_catalog_import_new ("sku,name\n\"A-1,Kopi\n", 20, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (kasir_catalog_import_new ("sku,name,price\n", 15, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_null (kasir_catalog_import_new ("sku\n\xff\xfe\n", 7, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Line 2"));
}

/* On an enrolled till the import needs the approving manager, and then queues the
 * products for the server (test-store-catalog-import-queued.c). */
static void
test_enrolled (Fixture       *f,
               gconstpointer  data)
{
  static const char csv[] = "sku,name,price\nA-1,Kopi,15000\n";
  g_autoptr(KasirSyncStateRepository) state = kasir_sync_state_repository_new (f->db);
  g_autoptr(KasirCatalogImport) import = kasir_catalog_import_new (csv, strlen (csv), NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (kasir_sync_state_repository_set_identity (state, 7, 2, "https://x.example", &error));
  g_assert_cmpint (kasir_catalog_import_apply (import, f->db, 0, NULL, NULL, &error), ==, -1);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM products"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox"), ==, 0);

  g_assert_cmpint (kasir_catalog_import_apply (import, f->db, 5, NULL, NULL, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM products WHERE id < 0 AND sku = 'A-1'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox WHERE type = 'product.create'"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add ("/Kasir/Store/CatalogImport/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("ten-thousand", test_ten_thousand);
  ADD ("bad-line-changes-nothing", test_bad_line_changes_nothing);
  ADD ("problems-by-line", test_problems_by_line);
  ADD ("mapping-and-limits", test_mapping_and_limits);
  ADD ("enrolled", test_enrolled);
#undef ADD

  return g_test_run ();
}
