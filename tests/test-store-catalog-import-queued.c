/* test-store-catalog-import-queued.c — a product CSV on a till enrolled with a server,
 * over a real encrypted database:
 *
 *  - new SKUs are queued as product.create and kept at once as pending products under
 *    the negative of their seq; a known SKU with changes is queued as product.update of
 *    only the changed fields against its version; an unchanged row queues nothing; a new
 *    category is queued as category.upsert before the products that use it, kept at once
 *    as a pending category, and named in their payloads by its name; every mutation
 *    names the approving manager;
 *  - no manager, a bad line, or a row for a product that still waits for the server:
 *    catalog and outbox as they were;
 *  - 10,000 rows in one go: 10,000 product.create in the outbox;
 *  - once the server has answered, the pull's clean-up replaces the pending category by
 *    the server's of the same name, in the products still pointing to it too.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kasir-catalog-import.h"
#include "kasir-catalog-repository.h"
#include "kasir-database-private.h"
#include "kasir-input-error.h"
#include "kasir-outbox-repository.h"
#include "kasir-sync-repository.h"
#include "kasir-sync-state-repository.h"
#include "store-test-util.h"

#define MANAGER 5

typedef struct
{
  char          *dir;
  KasirDatabase *db;
} Fixture;

/* A product as the server sent it: category 3, 11% tax, no barcode. */
static KasirProduct *
server_product (gint64      id,
                const char *sku,
                const char *name,
                KasirMoney  price,
                gint64      version)
{
  KasirProduct *p = store_test_product (id, name, price);

  g_free (p->sku);
  p->sku = g_strdup (sku);
  g_clear_pointer (&p->barcode, g_free);
  p->version = version;
  p->category_id = 3;
  return p;
}

/* An enrolled till whose catalog came from the server: category 3 "Minuman", products
 * 10 (KOPI-1, version 4) and 11 (TEH-1, version 2). */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(KasirCatalogRepository) catalog = NULL;
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);
  g_autoptr(GError) error = NULL;

  f->db = store_test_enrolled_db (&f->dir);
  g_assert_true (kasir_database_exec (f->db, "INSERT INTO categories (id, name) VALUES (3, 'Minuman')", &error));
  catalog = kasir_catalog_repository_new (f->db);
  g_ptr_array_add (page, server_product (10, "KOPI-1", "Kopi", 15000, 4));
  g_ptr_array_add (page, server_product (11, "TEH-1", "Teh", 8000, 2));
  g_assert_true (kasir_catalog_repository_upsert_products (catalog, page, &error));
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

static gint64
count (Fixture    *f,
       const char *sql)
{
  return store_test_query (f->db, sql);
}

static char *
text (Fixture    *f,
      const char *sql)
{
  return store_test_query_text (f->db, sql);
}

static gint64
import_csv (Fixture             *f,
            const char          *csv,
            gint64               staff_id,
            KasirImportSummary  *summary,
            GPtrArray          **problems,
            GError             **error)
{
  g_autoptr(KasirCatalogImport) import = kasir_catalog_import_new (csv, strlen (csv), NULL);

  g_assert_nonnull (import);
  return kasir_catalog_import_apply (import, f->db, staff_id, summary, problems, error);
}

static const char mixed_csv[] =
  "sku,name,price,tax,category,barcode\n"
  "KOPI-1,Kopi,16000,11,Minuman,\n"              /* price changed */
  "TEH-1,Teh,8000,11,minuman,\n"                 /* unchanged (category by any case) */
  "KUE-1,Kue Lapis,5000,0,Kue,2000000000015\n"   /* new, new category */
  "KUE-2,Bolu,7000,0,Kue,\n"                     /* new, the same new category */
  "AIR-1,Air Mineral,4000,11,Minuman,\n";        /* new, known category */

static void
test_queued (Fixture       *f,
             gconstpointer  data)
{
  KasirImportSummary summary = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *update = NULL;
  g_autofree char *create = NULL;
  g_autofree char *air = NULL;
  g_autofree char *category = NULL;
  g_autofree char *sql = NULL;
  gint64 category_seq, kue_seq, kue_id;

  g_assert_cmpint (import_csv (f, mixed_csv, MANAGER, &summary, NULL, &error), ==, 4);
  g_assert_no_error (error);
  g_assert_cmpuint (summary.added, ==, 3);
  g_assert_cmpuint (summary.changed, ==, 1);
  g_assert_cmpuint (summary.unchanged, ==, 1);
  g_assert_cmpuint (summary.categories, ==, 1);
  g_assert_true (summary.queued);

  /* The outbox: one category.upsert before the products, one product.update, three
   * product.create, each approved by the manager. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox"), ==, 5);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox WHERE type = 'category.upsert'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox WHERE type = 'product.update'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox WHERE type = 'product.create'"), ==, 3);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox WHERE payload LIKE '%\"staff_id\":5%'"), ==, 5);
  category_seq = count (f, "SELECT seq FROM outbox WHERE type = 'category.upsert'");
  g_assert_cmpint (category_seq, <, count (f, "SELECT min(seq) FROM outbox WHERE type = 'product.create'"));

  /* Only the changed field, against the product's version. */
  update = text (f, "SELECT payload FROM outbox WHERE type = 'product.update'");
  g_assert_nonnull (strstr (update, "\"product_id\":10"));
  g_assert_nonnull (strstr (update, "\"base_version\":4"));
  g_assert_nonnull (strstr (update, "\"fields\":{\"price\":16000}"));
  g_assert_cmpint (count (f, "SELECT price FROM products WHERE id = 10"), ==, 16000);
  g_assert_cmpint (count (f, "SELECT version FROM products WHERE id = 10"), ==, 4);

  /* The new category: pending under -seq, and named by its name in the new products. */
  sql = g_strdup_printf ("SELECT count(*) FROM categories WHERE id = %" G_GINT64_FORMAT " AND name = 'Kue'",
                         -category_seq);
  g_assert_cmpint (count (f, sql), ==, 1);
  category = text (f, "SELECT payload FROM outbox WHERE type = 'category.upsert'");
  g_assert_nonnull (strstr (category, "\"name\":\"Kue\""));
  create = text (f, "SELECT payload FROM outbox WHERE type = 'product.create' AND payload LIKE '%KUE-1%'");
  g_assert_nonnull (strstr (create, "\"category_name\":\"Kue\""));
  g_assert_null (strstr (create, "category_id"));
  g_assert_nonnull (strstr (create, "\"barcode\":\"2000000000015\""));
  air = text (f, "SELECT payload FROM outbox WHERE type = 'product.create' AND payload LIKE '%AIR-1%'");
  g_assert_nonnull (strstr (air, "\"category_id\":3"));

  /* The new products: pending, under the negative of their product.create's seq. */
  kue_seq = count (f, "SELECT seq FROM outbox WHERE type = 'product.create' AND payload LIKE '%KUE-1%'");
  kue_id = count (f, "SELECT id FROM products WHERE sku = 'KUE-1'");
  g_assert_cmpint (kue_id, ==, -kue_seq);
  g_assert_cmpint (count (f, "SELECT category_id FROM products WHERE sku = 'KUE-2'"), ==, -category_seq);
  g_assert_cmpint (count (f, "SELECT product_id FROM barcodes WHERE code = '2000000000015'"), ==, kue_id);
  g_assert_cmpint (count (f, "SELECT count(*) FROM products WHERE id < 0"), ==, 3);

  /* The same file again: every row is either unchanged or waits for the server. */
  g_assert_cmpint (import_csv (f, mixed_csv, MANAGER, NULL, NULL, &error), ==, -1);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox"), ==, 5);
}

static void
test_nothing_written (Fixture       *f,
                      gconstpointer  data)
{
  static const char bad[] =
    "sku,name,price,category\n"
    "KOPI-1,Kopi,17000,Minuman\n"
    "BARU-1,Roti,6000,Roti\n"
    "BARU-2,Donat,12rb,Roti\n";
  static const char good[] = "sku,name,price,category\nKOPI-1,Kopi,17000,Minuman\nBARU-1,Roti,6000,Roti\n";
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  gint64 seq_before = count (f, "SELECT value FROM counters WHERE name = 'outbox_seq'");

  /* A bad line: nothing written, nothing queued, the line named. */
  g_assert_cmpint (import_csv (f, bad, MANAGER, NULL, &problems, &error), ==, -1);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (g_str_has_prefix (problems->pdata[0], "Line 4: Price:"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM products"), ==, 2);
  g_assert_cmpint (count (f, "SELECT price FROM products WHERE id = 10"), ==, 15000);
  g_assert_cmpint (count (f, "SELECT count(*) FROM categories"), ==, 1);
  g_assert_cmpint (count (f, "SELECT value FROM counters WHERE name = 'outbox_seq'"), ==, seq_before);

  /* No approving manager: refused before anything is read. */
  g_assert_cmpint (import_csv (f, good, 0, NULL, NULL, &error), ==, -1);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM products"), ==, 2);

  /* The good file then imports. */
  g_assert_cmpint (import_csv (f, good, MANAGER, NULL, NULL, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox"), ==, 3);
}

static void
test_ten_thousand (Fixture       *f,
                   gconstpointer  data)
{
  GString *csv = g_string_new ("sku,name,price,tax,category\n");
  KasirImportSummary summary = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *data_text = NULL;

  for (guint i = 1; i <= 10000; i++)
    g_string_append_printf (csv, "P-%05u,Produk %u,%u,11,%s\n", i, i, 1000 + i, i % 2 ? "Minuman" : "Roti");
  data_text = g_string_free (csv, FALSE);
  g_assert_cmpint (import_csv (f, data_text, MANAGER, &summary, NULL, &error), ==, 10000);
  g_assert_no_error (error);
  g_assert_cmpuint (summary.added, ==, 10000);
  g_assert_cmpuint (summary.categories, ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox WHERE type = 'product.create' AND state = 'pending'"), ==,
                   10000);
  g_assert_cmpint (count (f, "SELECT count(*) FROM products WHERE id < 0"), ==, 10000);
  g_assert_cmpint (count (f, "SELECT count(*) FROM products p JOIN outbox o ON o.seq = -p.id"), ==, 10000);
}

/* The server answered everything; its category "Kue" (id 40) came with the pull, and a
 * product.update that still waits keeps its product pointing to the category by name. */
static void
test_pending_category_replaced (Fixture       *f,
                                gconstpointer  data)
{
  static const char csv[] = "sku,name,price,category\nKUE-1,Kue Lapis,5000,Kue\nTEH-1,Teh,8000,Kue\n";
  g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (f->db);
  g_autoptr(GError) error = NULL;
  gint64 category_seq, create_seq;

  g_assert_cmpint (import_csv (f, csv, MANAGER, NULL, NULL, &error), ==, 2);
  g_assert_no_error (error);
  category_seq = count (f, "SELECT seq FROM outbox WHERE type = 'category.upsert'");
  create_seq = count (f, "SELECT seq FROM outbox WHERE type = 'product.create'");
  g_assert_cmpint (count (f, "SELECT category_id FROM products WHERE id = 11"), ==, -category_seq);

  /* Category and new product answered; TEH-1's change not yet. */
  g_assert_true (kasir_outbox_repository_mark_acked (outbox, category_seq, NULL, &error));
  g_assert_true (kasir_outbox_repository_mark_acked (outbox, create_seq, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (kasir_database_exec (f->db, "INSERT INTO categories (id, name) VALUES (40, 'Kue')", &error));
  g_assert_true (kasir_sync_repository_prune_acked (f->db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM categories WHERE id < 0"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM categories WHERE name = 'Kue'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT category_id FROM products WHERE id = 11"), ==, 40);
  g_assert_cmpint (count (f, "SELECT count(*) FROM products WHERE id < 0"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add ("/Kasir/Store/CatalogImportQueued/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("queued", test_queued);
  ADD ("nothing-written", test_nothing_written);
  ADD ("ten-thousand", test_ten_thousand);
  ADD ("pending-category-replaced", test_pending_category_replaced);
#undef ADD

  return g_test_run ();
}
