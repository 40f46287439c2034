/* test-store-catalog.c — the catalog repository over a real encrypted database: search,
 * look-up by code, and bad input refused.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "kasir-cart.h"
#include "kasir-protocol.h"
#include "kasir-database-private.h"
#include "kasir-catalog-repository.h"
#include "kasir-sales-repository.h"
#include "kasir-outbox-repository.h"
#include "kasir-sync-state-repository.h"
#include "kasir-cart-repository.h"
#include "kasir-settings-repository.h"
#include "kasir-conflict-repository.h"
#include "kasir-shift-repository.h"
#include "kasir-staff-repository.h"
#include "kasir-customer-repository.h"
#include "store-test-util.h"

#include "kasir-test-repos.h"

static void
add_products (KasirCatalogRepository *catalog)
{
  static const char * const names[] = {
    "Kopi Susu Gula Aren", "Kopi Tubruk", "Teh Manis Dingin", "Café Latte",
    "Susu UHT Cokelat", "Roti Bakar Keju", "Air Mineral 600ml", "Indomie Goreng",
  };
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      KasirProduct *p = store_test_product (i + 1, names[i], 5000 + 1000 * i);

      p->category_id = (i % 2) + 1;
      g_ptr_array_add (products, p);
    }
  g_assert_true (kasir_catalog_repository_upsert_products (catalog, products, &error));
  g_assert_no_error (error);
}

static guint
search_count (KasirCatalogRepository *catalog,
              const char             *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = kasir_catalog_repository_search (catalog, text, 50, &error);

  g_assert_no_error (error);
  g_assert_nonnull (found);
  return found->len;
}

static void
test_catalog_search (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (f->db);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const hostile[] = {
    "\"", "*", "kopi\"", "(kopi", "kopi OR teh", "NEAR", "-kopi", "^kopi", "name:kopi",
    "kopi AND", "'; DROP TABLE products; --", "\"\"*\"", "NOT", "kop*i", "\\",
  };

  add_products (catalog);

  g_assert_cmpuint (search_count (catalog, "kopi"), ==, 2);
  g_assert_cmpuint (search_count (catalog, "KOP"), ==, 2);
  g_assert_cmpuint (search_count (catalog, "kop su"), ==, 1);
  g_assert_cmpuint (search_count (catalog, "  su   kop  "), ==, 1);
  g_assert_cmpuint (search_count (catalog, "cafe"), ==, 1);   /* diacritics folded */
  g_assert_cmpuint (search_count (catalog, "latte caf"), ==, 1);
  g_assert_cmpuint (search_count (catalog, "zzz"), ==, 0);
  g_assert_cmpuint (search_count (catalog, ""), ==, 0);
  g_assert_cmpuint (search_count (catalog, "   "), ==, 0);
  g_assert_cmpuint (search_count (catalog, "sku 000003"), ==, 1);

  /* Name order, and the limit holds. */
  found = kasir_catalog_repository_search (catalog, "susu", 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpstr (((KasirProduct *) found->pdata[0])->name, ==, "Kopi Susu Gula Aren");
  g_assert_cmpstr (((KasirProduct *) found->pdata[1])->name, ==, "Susu UHT Cokelat");
  g_clear_pointer (&found, g_ptr_array_unref);
  found = kasir_catalog_repository_search (catalog, "susu", 1, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Text a cashier might type by accident never breaks the query. */
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      found = kasir_catalog_repository_search (catalog, hostile[i], 50, &error);
      g_assert_no_error (error);
      g_assert_nonnull (found);
      g_clear_pointer (&found, g_ptr_array_unref);
    }
  g_assert_cmpuint (search_count (catalog, "kopi OR teh"), ==, 0);  /* words ANDed */
  g_assert_cmpuint (search_count (catalog, "(kopi"), ==, 2);

  /* A rename reaches the index; the old name is gone from it. */
  products = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);
  g_ptr_array_add (products, store_test_product (2, "Kopi Hitam Toraja", 9000));
  g_assert_true (kasir_catalog_repository_upsert_products (catalog, products, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (search_count (catalog, "tubruk"), ==, 0);
  g_assert_cmpuint (search_count (catalog, "toraja"), ==, 1);

  /* Archived products are not offered. */
  ((KasirProduct *) products->pdata[0])->archived = TRUE;
  g_assert_true (kasir_catalog_repository_upsert_products (catalog, products, &error));
  g_assert_cmpuint (search_count (catalog, "toraja"), ==, 0);

  /* A deleted product leaves the index too. */
  g_assert_true (kasir_catalog_repository_delete_product (catalog, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (search_count (catalog, "aren"), ==, 0);
  g_assert_cmpint (store_test_query (f->db, "SELECT count(*) FROM products_fts "
                                            "WHERE products_fts MATCH 'aren'"), ==, 0);

  /* After renames, archival and deletion the full-text index still matches the table
   * exactly (FTS4 compares every indexed term with the content). */
  g_assert_true (kasir_database_exec (f->db, "INSERT INTO products_fts (products_fts) "
                                             "VALUES ('integrity-check')", &error));
  g_assert_no_error (error);
}

static void
test_catalog_lookup (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (f->db);
  g_autoptr(KasirProduct) p = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  guint count = 0;

  add_products (catalog);

  p = kasir_catalog_repository_lookup_barcode (catalog, "8990000000004", &error);
  g_assert_no_error (error);
  g_assert_cmpint (p->id, ==, 4);
  g_assert_cmpstr (p->name, ==, "Café Latte");
  g_assert_cmpint (p->price, ==, 8000);
  g_assert_cmpuint (p->tax_rate_bp, ==, 1100);
  g_clear_pointer (&p, kasir_product_free);

  p = kasir_catalog_repository_lookup_code (catalog, " SKU-000005\n", &error);
  g_assert_no_error (error);
  g_assert_cmpint (p->id, ==, 5);
  g_clear_pointer (&p, kasir_product_free);

  p = kasir_catalog_repository_lookup_code (catalog, "8990000000006", &error);
  g_assert_no_error (error);
  g_assert_cmpint (p->id, ==, 6);
  g_clear_pointer (&p, kasir_product_free);

  /* Exact only: a prefix of a barcode is not a match. */
  p = kasir_catalog_repository_lookup_code (catalog, "899000000000", &error);
  g_assert_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND);
  g_assert_null (p);
  g_clear_error (&error);

  /* A second code for a product; the primary one still works. */
  g_assert_true (kasir_catalog_repository_add_barcode (catalog, 3, "12345670", &error));
  g_assert_no_error (error);
  p = kasir_catalog_repository_lookup_barcode (catalog, "12345670", &error);
  g_assert_cmpint (p->id, ==, 3);
  g_clear_pointer (&p, kasir_product_free);
  g_assert_false (kasir_catalog_repository_add_barcode (catalog, 999, "1234", &error));
  g_assert_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (kasir_catalog_repository_add_barcode (catalog, 3, "12 34", &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);

  /* A changed primary barcode replaces the old one. */
  products = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);
  p = store_test_product (3, "Teh Manis Dingin", 7000);
  g_free (p->barcode);
  p->barcode = g_strdup ("5550001");
  g_ptr_array_add (products, g_steal_pointer (&p));
  g_assert_true (kasir_catalog_repository_upsert_products (catalog, products, &error));
  g_assert_no_error (error);
  p = kasir_catalog_repository_lookup_barcode (catalog, "8990000000003", &error);
  g_assert_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  p = kasir_catalog_repository_lookup_barcode (catalog, "5550001", &error);
  g_assert_no_error (error);
  g_assert_cmpint (p->id, ==, 3);
  g_clear_pointer (&p, kasir_product_free);
  p = kasir_catalog_repository_lookup_barcode (catalog, "12345670", &error);
  g_assert_no_error (error);
  g_clear_pointer (&p, kasir_product_free);

  p = kasir_catalog_repository_get_product (catalog, 8, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (p->sku, ==, "SKU-000008");
  g_clear_pointer (&p, kasir_product_free);
  p = kasir_catalog_repository_get_product (catalog, 80, &error);
  g_assert_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Paging, all and per category. */
  g_assert_true (kasir_catalog_repository_count_products (catalog, 0, &count, &error));
  g_assert_cmpuint (count, ==, 8);
  g_assert_true (kasir_catalog_repository_count_products (catalog, 2, &count, &error));
  g_assert_cmpuint (count, ==, 4);
  page = kasir_catalog_repository_list_products (catalog, 0, 2, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 3);
  /* Names in order: Air, Café, Indomie, Kopi Susu, Kopi Tubruk, Roti, Susu, Teh. */
  g_assert_cmpstr (((KasirProduct *) page->pdata[0])->name, ==, "Indomie Goreng");
  g_assert_cmpstr (((KasirProduct *) page->pdata[2])->name, ==, "Kopi Tubruk");
  g_clear_pointer (&page, g_ptr_array_unref);
  page = kasir_catalog_repository_list_products (catalog, 2, 0, 100, &error);
  g_assert_cmpuint (page->len, ==, 4);
  for (guint i = 0; i < page->len; i++)
    g_assert_cmpint (((KasirProduct *) page->pdata[i])->category_id, ==, 2);

  /* A deleted product takes its primary and its extra codes with it, and only those. */
  g_assert_true (kasir_catalog_repository_add_barcode (catalog, 4, "44440004", &error));
  g_assert_no_error (error);
  g_assert_true (kasir_catalog_repository_delete_product (catalog, 3, &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_test_query (f->db, "SELECT count(*) FROM barcodes WHERE product_id = 3"),
                   ==, 0);
  g_assert_cmpint (store_test_query (f->db, "SELECT count(*) FROM barcodes WHERE product_id = 4"),
                   ==, 2);
}

static void
test_catalog_invalid (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (f->db);
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);
  g_autoptr(GPtrArray) stock = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_stock_free);
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_category_free);
  g_autoptr(GError) error = NULL;
  KasirProduct *bad;
  KasirStock *s;
  KasirCategory *c;
  guint count = 99;
  gint64 qty = -1;

  g_ptr_array_add (products, store_test_product (1, "Good", 1000));
  bad = store_test_product (2, "Bad", -5);
  g_ptr_array_add (products, bad);
  g_assert_false (kasir_catalog_repository_upsert_products (catalog, products, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kasir_catalog_repository_count_products (catalog, 0, &count, &error));
  g_assert_cmpuint (count, ==, 0);

  bad->price = 5;
  g_free (bad->name);
  bad->name = g_strdup ("");
  g_assert_false (kasir_catalog_repository_upsert_products (catalog, products, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);

  g_free (bad->name);
  bad->name = g_strdup ("Ok");
  g_free (bad->barcode);
  bad->barcode = g_strdup ("12\"34");
  g_assert_false (kasir_catalog_repository_upsert_products (catalog, products, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kasir_catalog_repository_count_products (catalog, 0, &count, &error));
  g_assert_cmpuint (count, ==, 0);

  g_clear_pointer (&bad->barcode, g_free);
  g_assert_true (kasir_catalog_repository_upsert_products (catalog, products, &error));
  g_assert_no_error (error);
  g_assert_true (kasir_catalog_repository_count_products (catalog, 0, &count, &error));
  g_assert_cmpuint (count, ==, 2);

  s = kasir_stock_new ();
  s->product_id = 1;
  s->outlet_id = 2;
  s->qty = 40;
  g_ptr_array_add (stock, s);
  g_assert_true (kasir_catalog_repository_upsert_stock (catalog, stock, &error));
  g_assert_no_error (error);
  g_assert_true (kasir_catalog_repository_get_stock (catalog, 1, 2, &qty, &error));
  g_assert_cmpint (qty, ==, 40);
  s->outlet_id = 0;
  g_assert_false (kasir_catalog_repository_upsert_stock (catalog, stock, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);

  /* A counted stock change needs an enrolled till; then it lands with its mutation. */
  {
    g_autoptr(KasirSyncStateRepository) state = kasir_sync_state_repository_new (f->db);
    g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (f->db);
    g_autoptr(KasirOutboxEntry) entry = NULL;

    g_assert_cmpint (kasir_catalog_repository_adjust_stock (catalog, 1, -2, "broken", 1, &error),
                     ==, 0);
    g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_true (kasir_sync_state_repository_set_identity (state, 7, 2, "https://x.example",
                                                             &error));
    g_assert_cmpint (kasir_catalog_repository_adjust_stock (catalog, 1, 0, "none", 1, &error), ==, 0);
    g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_cmpint (kasir_catalog_repository_adjust_stock (catalog, 77, 1, "x", 1, &error), ==, 0);
    g_assert_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_cmpint (kasir_catalog_repository_adjust_stock (catalog, 1, -2, "broken", 1, &error),
                     ==, 1);
    g_assert_no_error (error);
    g_assert_true (kasir_catalog_repository_get_stock (catalog, 1, 2, &qty, &error));
    g_assert_cmpint (qty, ==, 38);
    g_assert_cmpint (kasir_catalog_repository_adjust_stock (catalog, 2, 5, "delivery", 1, &error),
                     ==, 2);
    g_assert_true (kasir_catalog_repository_get_stock (catalog, 2, 2, &qty, &error));
    g_assert_cmpint (qty, ==, 5);
    entry = kasir_outbox_repository_get (outbox, 1, &error);
    g_assert_cmpint (entry->mutation->type, ==, KASIR_MUTATION_STOCK_ADJUST);
    g_assert_cmpstr (entry->entity_id, ==, "1:2");
  }

  c = kasir_category_new ();
  c->id = 1;
  c->name = g_strdup ("Minuman");
  g_ptr_array_add (categories, c);
  g_assert_true (kasir_catalog_repository_upsert_categories (catalog, categories, &error));
  g_assert_no_error (error);
  g_clear_pointer (&categories, g_ptr_array_unref);
  categories = kasir_catalog_repository_list_categories (catalog, &error);
  g_assert_cmpuint (categories->len, ==, 1);
  g_assert_cmpstr (((KasirCategory *) categories->pdata[0])->name, ==, "Minuman");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add ("/Kasir/Store/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)

  ADD ("Catalog/search", test_catalog_search);
  ADD ("Catalog/lookup", test_catalog_lookup);
  ADD ("Catalog/invalid", test_catalog_invalid);

  return g_test_run ();
}
