/* test-store-repos.c — the repositories over a real encrypted database.
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

typedef struct
{
  char          *dir;
  char          *path;
  guint8         key[KASIR_DATABASE_KEY_SIZE];
  KasirDatabase *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = store_test_tmp_dir ();
  f->path = g_build_filename (f->dir, "kasir.db", NULL);
  store_test_random_key (f->key);
  f->db = kasir_database_open_with_key (f->path, f->key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->db);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->db);
  store_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
reopen (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_finalize_object (f->db);
  f->db = kasir_database_open_with_key (f->path, f->key, &error);
  g_assert_no_error (error);
}

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

static void
assert_no_gaps (KasirDatabase *db)
{
  /* Outbox seq runs 1..n with no hole; receipts 1..n per terminal. */
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM outbox"), ==,
                   store_test_query (db, "SELECT COALESCE(MAX(seq), 0) FROM outbox"));
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM sales s WHERE receipt_seq > 1 "
                                         "AND NOT EXISTS (SELECT 1 FROM sales t WHERE "
                                         "t.terminal_id = s.terminal_id AND "
                                         "t.receipt_seq = s.receipt_seq - 1)"), ==, 0);
}

static void
test_sales_receipts (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (f->db);
  g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (f->db);
  g_autoptr(KasirSyncStateRepository) state = kasir_sync_state_repository_new (f->db);
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (f->db);
  g_autoptr(GPtrArray) stock = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_stock_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *first_id = NULL;
  gint64 count = 0, qty = 0;
  KasirStock *s;

  for (guint i = 1; i <= 5; i++)
    {
      g_autoptr(KasirSale) sale = store_test_sale (i, i % 2 + 1);
      g_autofree char *expected = g_strdup_printf ("0-%06u", i);

      g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (sale->receipt_no, ==, expected);
      g_assert_true (kasir_uuid_is_valid (sale->sale_id));
      g_assert_nonnull (sale->created_at);
      if (i == 1)
        first_id = g_strdup (sale->sale_id);
    }

  /* A sale whose sums do not add up is refused and uses up nothing. */
  {
    g_autoptr(KasirSale) bad = store_test_sale (2, 1);

    bad->total += 1;
    g_assert_false (kasir_sales_repository_commit_sale (sales, bad, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_null (bad->receipt_no);
  }

  /* A sale that fails inside the transaction (its id is already taken) rolls back its
   * receipt number and outbox seq, and the caller's sale is left as it was. */
  {
    g_autoptr(KasirSale) dup = store_test_sale (1, 1);

    dup->sale_id = g_strdup (first_id);
    dup->receipt_no = g_strdup ("mine");
    g_assert_false (kasir_sales_repository_commit_sale (sales, dup, &error));
    g_assert_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_FAILED);
    g_clear_error (&error);
    g_assert_cmpstr (dup->receipt_no, ==, "mine");
    g_assert_cmpstr (dup->sale_id, ==, first_id);
    g_assert_false (kasir_database_in_transaction (f->db));
  }

  {
    g_autoptr(KasirSale) sale = store_test_sale (3, 2);

    g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
    g_assert_cmpstr (sale->receipt_no, ==, "0-000006");
  }
  assert_no_gaps (f->db);

  /* After enrollment receipts carry the terminal id, from 1; stock follows sales. */
  g_assert_true (kasir_sync_state_repository_set_identity (state, 7, 2, "https://pos.example",
                                                           &error));
  g_assert_no_error (error);
  s = kasir_stock_new ();
  s->product_id = 2;
  s->outlet_id = 2;
  s->qty = 10;
  g_ptr_array_add (stock, s);
  g_assert_true (kasir_catalog_repository_upsert_stock (catalog, stock, &error));
  for (guint i = 1; i <= 3; i++)
    {
      g_autoptr(KasirSale) sale = store_test_sale (2, 2);
      g_autofree char *expected = g_strdup_printf ("7-%06u", i);

      g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (sale->receipt_no, ==, expected);
    }
  g_assert_true (kasir_catalog_repository_get_stock (catalog, 2, 2, &qty, &error));
  g_assert_cmpint (qty, ==, 10 - 3 * 2);

  assert_no_gaps (f->db);
  g_assert_true (kasir_sales_repository_count (sales, &count, &error));
  g_assert_cmpint (count, ==, 9);
  g_assert_true (kasir_outbox_repository_get_last_seq (outbox, &count, &error));
  g_assert_cmpint (count, ==, 9);
  g_assert_cmpint (store_test_query (f->db, "SELECT count(*) FROM sale_lines"), ==,
                   1 + 2 + 3 + 4 + 5 + 3 + 2 * 3);
}

static void
test_sales_roundtrip (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (f->db);
  g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (f->db);
  g_autoptr(KasirSale) sale = store_test_sale (5, 2);
  g_autoptr(KasirSale) back = NULL;
  g_autoptr(KasirSale) decoded = NULL;
  g_autoptr(KasirOutboxEntry) entry = NULL;
  g_autoptr(GPtrArray) recent = NULL;
  g_autoptr(GError) error = NULL;

  ((KasirPayment *) sale->payments->pdata[0])->reference = g_strdup ("APPR-123");
  sale->shift_id = kasir_uuid_new ();
  sale->customer_id = 12;
  /* Products 1 to 3 are in the catalog with the lines' SKUs; 4 and 5 are not. */
  {
    g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (f->db);
    g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);

    for (guint i = 1; i <= 3; i++)
      g_ptr_array_add (products, store_test_product (i, "Barang", 1000));
    g_assert_true (kasir_catalog_repository_upsert_products (catalog, products, &error));
    g_assert_no_error (error);
  }

  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
  /* A line repeats its product's SKU only where the catalog cannot give it. */
  g_assert_cmpint (store_test_query (f->db, "SELECT count(*) FROM sale_lines WHERE sku IS NULL"), ==, 3);

  back = kasir_sales_repository_get_by_receipt (sales, sale->receipt_no, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->sale_id, ==, sale->sale_id);
  g_assert_cmpstr (back->shift_id, ==, sale->shift_id);
  g_assert_cmpstr (back->currency, ==, "IDR");
  g_assert_cmpint (back->customer_id, ==, 12);
  g_assert_cmpint (back->total, ==, sale->total);
  g_assert_cmpint (back->change, ==, sale->change);
  g_assert_cmpuint (back->lines->len, ==, 5);
  g_assert_cmpuint (back->payments->len, ==, 2);
  for (guint i = 0; i < 5; i++)
    {
      KasirSaleLine *a = sale->lines->pdata[i], *b = back->lines->pdata[i];

      g_assert_cmpint (a->product_id, ==, b->product_id);
      g_assert_cmpint (a->qty, ==, b->qty);
      g_assert_cmpint (a->tax, ==, b->tax);
      g_assert_cmpint (a->total, ==, b->total);
      g_assert_cmpstr (a->name, ==, b->name);
      g_assert_cmpstr (a->sku, ==, b->sku);
    }
  g_assert_cmpstr (((KasirPayment *) back->payments->pdata[0])->reference, ==, "APPR-123");
  g_assert_true (kasir_sale_check_sums (back, &error));

  /* The outbox row carries the sale as the server will see it. */
  entry = kasir_outbox_repository_get (outbox, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry->mutation->type, ==, KASIR_MUTATION_SALE_CREATE);
  g_assert_cmpstr (entry->entity_id, ==, sale->sale_id);
  g_assert_cmpint (entry->state, ==, KASIR_OUTBOX_PENDING);
  decoded = kasir_protocol_decode_sale (entry->mutation->payload, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (decoded->receipt_no, ==, sale->receipt_no);
  g_assert_cmpstr (decoded->sale_id, ==, sale->sale_id);
  g_assert_cmpint (decoded->total, ==, sale->total);

  recent = kasir_sales_repository_list_recent (sales, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (recent->len, ==, 1);

  g_clear_pointer (&back, kasir_sale_free);
  back = kasir_sales_repository_get_sale (sales, "00000000-0000-4000-8000-000000000000",
                                          &error);
  g_assert_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND);
  g_assert_null (back);
}

static JsonNode *
small_payload (const char *what)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "what");
  json_builder_add_string_value (b, what);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

static JsonNode *
stock_payload (gint64 delta)
{
  KasirStockAdjust adj = { .product_id = 42, .delta = delta, .reason = (char *) "recount",
                           .staff_id = 1 };

  return kasir_protocol_encode_stock_adjust (&adj);
}

static void
test_outbox_states (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (f->db);
  g_autoptr(KasirSyncStateRepository) state_repo = kasir_sync_state_repository_new (f->db);
  g_autoptr(KasirSyncState) state = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(KasirOutboxEntry) entry = NULL;
  g_autoptr(JsonNode) payload = stock_payload (-3);
  g_autoptr(JsonNode) malformed = stock_payload (0);
  g_autoptr(JsonNode) foreign = small_payload ("x");
  g_autoptr(JsonNode) result = small_payload ("applied");
  g_autoptr(JsonNode) not_object = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(GError) error = NULL;
  gint64 n = 0;

  for (int i = 1; i <= 6; i++)
    g_assert_cmpint (kasir_outbox_repository_enqueue (outbox, KASIR_MUTATION_STOCK_ADJUST,
                                                      "42", payload, &error), ==, i);
  g_assert_no_error (error);

  /* Outside a transaction the in-transaction call refuses; a bad payload is refused. */
  g_assert_cmpint (kasir_outbox_repository_enqueue_in_transaction (outbox,
                     KASIR_MUTATION_STOCK_ADJUST, NULL, payload, NULL, &error), ==, 0);
  g_assert_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_INVALID);
  g_clear_error (&error);
  json_node_set_array (not_object, json_array_new ());
  g_assert_cmpint (kasir_outbox_repository_enqueue (outbox, KASIR_MUTATION_STOCK_ADJUST,
                                                    NULL, not_object, &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);

  /* A payload the server would refuse as malformed never enters the queue. */
  g_assert_cmpint (kasir_outbox_repository_enqueue (outbox, KASIR_MUTATION_STOCK_ADJUST,
                                                    NULL, malformed, &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kasir_outbox_repository_enqueue (outbox, KASIR_MUTATION_SALE_CREATE,
                                                    NULL, foreign, &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);

  /* A rolled-back transaction gives its seq back. */
  g_assert_true (kasir_database_begin (f->db, &error));
  g_assert_cmpint (kasir_outbox_repository_enqueue_in_transaction (outbox,
                     KASIR_MUTATION_STOCK_ADJUST, "9", payload, NULL, &error), ==, 7);
  kasir_database_rollback (f->db);
  g_assert_true (kasir_outbox_repository_get_last_seq (outbox, &n, &error));
  g_assert_cmpint (n, ==, 6);

  pending = kasir_outbox_repository_list_pending (outbox, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      KasirMutation *m = pending->pdata[i];

      g_assert_cmpint (m->seq, ==, i + 1);
      g_assert_true (kasir_uuid_is_valid (m->id));
      g_assert_cmpint (m->type, ==, KASIR_MUTATION_STOCK_ADJUST);
      g_assert_true (json_node_equal (m->payload, payload));
    }

  g_assert_true (kasir_outbox_repository_mark_in_flight (outbox, 1, 4, &error));
  g_assert_true (kasir_outbox_repository_count (outbox, KASIR_OUTBOX_IN_FLIGHT, &n, &error));
  g_assert_cmpint (n, ==, 4);

  /* The push failed: back to pending with the error kept. */
  g_assert_true (kasir_outbox_repository_record_failure (outbox, 1, 4, "connection reset",
                                                         &error));
  entry = kasir_outbox_repository_get (outbox, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry->state, ==, KASIR_OUTBOX_PENDING);
  g_assert_cmpint (entry->attempts, ==, 1);
  g_assert_cmpstr (entry->last_error, ==, "connection reset");
  g_clear_pointer (&entry, kasir_outbox_entry_free);

  g_assert_true (kasir_outbox_repository_mark_in_flight (outbox, 1, 4, &error));
  g_assert_true (kasir_outbox_repository_mark_acked (outbox, 1, result, &error));
  g_assert_no_error (error);
  g_assert_true (kasir_outbox_repository_mark_rejected (outbox, 2, "malformed edit", NULL,
                                                        &error));
  g_assert_no_error (error);
  g_assert_true (kasir_outbox_repository_mark_acked_up_to (outbox, 4, &error));
  g_assert_no_error (error);

  /* An answered row cannot be answered again. */
  g_assert_false (kasir_outbox_repository_mark_acked (outbox, 2, NULL, &error));
  g_assert_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  entry = kasir_outbox_repository_get (outbox, 1, &error);
  g_assert_cmpint (entry->state, ==, KASIR_OUTBOX_ACKED);
  g_assert_true (json_node_equal (entry->result, result));
  g_assert_null (entry->last_error);
  g_clear_pointer (&entry, kasir_outbox_entry_free);
  entry = kasir_outbox_repository_get (outbox, 2, &error);
  g_assert_cmpint (entry->state, ==, KASIR_OUTBOX_REJECTED);
  g_assert_cmpstr (entry->last_error, ==, "malformed edit");
  g_clear_pointer (&entry, kasir_outbox_entry_free);

  g_assert_true (kasir_outbox_repository_count (outbox, KASIR_OUTBOX_ACKED, &n, &error));
  g_assert_cmpint (n, ==, 3);
  g_assert_true (kasir_outbox_repository_count (outbox, KASIR_OUTBOX_REJECTED, &n, &error));
  g_assert_cmpint (n, ==, 1);
  g_assert_true (kasir_outbox_repository_count_unsent (outbox, &n, &error));
  g_assert_cmpint (n, ==, 2);
  state = kasir_sync_state_repository_load (state_repo, &error);
  g_assert_cmpint (state->last_acked_seq, ==, 4);

  g_clear_pointer (&pending, g_ptr_array_unref);
  pending = kasir_outbox_repository_list_pending (outbox, 100, &error);
  g_assert_cmpuint (pending->len, ==, 2);
  g_assert_cmpint (((KasirMutation *) pending->pdata[0])->seq, ==, 5);

  /* Pruning drops acked rows only; rejected ones stay; numbering never restarts. */
  g_assert_true (kasir_outbox_repository_prune_acked (outbox, 4, &error));
  g_assert_cmpint (store_test_query (f->db, "SELECT count(*) FROM outbox"), ==, 3);
  g_assert_cmpint (kasir_outbox_repository_enqueue (outbox, KASIR_MUTATION_STOCK_ADJUST, NULL,
                                                    payload, &error), ==, 7);
  g_clear_pointer (&pending, g_ptr_array_unref);
  pending = kasir_outbox_repository_list_entries (outbox, -1, 0, 100, &error);
  g_assert_cmpuint (pending->len, ==, 4);
}

static KasirCart *
make_cart (void)
{
  g_autoptr(GError) error = NULL;
  KasirCart *cart = kasir_cart_new ("IDR", TRUE);

  for (int i = 1; i <= 3; i++)
    {
      g_autoptr(KasirProduct) p = store_test_product (i, "Kopi", 12000 + i);

      kasir_cart_add_product (cart, p, i);
    }
  cart->discount.kind = KASIR_ADJUST_PERCENT;
  cart->discount.value = 500;
  g_assert_true (kasir_cart_compute (cart, &error));
  g_assert_no_error (error);

  return cart;
}

static void
test_cart_survives_reopen (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(KasirCart) cart = make_cart ();
  g_autoptr(KasirCart) back = NULL;
  g_autoptr(GError) error = NULL;
  KasirCartRepository *repo;
  KasirSalesRepository *sales;
  g_autoptr(KasirSale) sale = store_test_sale (1, 1);

  repo = kasir_cart_repository_new (f->db);
  back = kasir_cart_repository_load (repo, &error);
  g_assert_no_error (error);
  g_assert_null (back);
  g_assert_true (kasir_cart_repository_save (repo, cart, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (repo);

  reopen (f);
  repo = kasir_cart_repository_new (f->db);
  back = kasir_cart_repository_load (repo, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  g_assert_cmpuint (back->lines->len, ==, 3);
  g_assert_cmpint (((KasirCartLine *) back->lines->pdata[2])->qty, ==, 3);
  g_assert_cmpint (((KasirCartLine *) back->lines->pdata[2])->unit_price, ==, 12003);
  g_assert_cmpint (back->discount.kind, ==, KASIR_ADJUST_PERCENT);
  g_assert_cmpint (back->discount.value, ==, 500);
  g_assert_true (kasir_cart_compute (back, &error));
  g_assert_cmpint (back->total, ==, cart->total);
  g_clear_pointer (&back, kasir_cart_free);

  /* A committed sale clears the saved cart in its own transaction. */
  sales = kasir_sales_repository_new (f->db);
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
  back = kasir_cart_repository_load (repo, &error);
  g_assert_no_error (error);
  g_assert_null (back);

  g_assert_true (kasir_cart_repository_save (repo, cart, &error));
  g_assert_true (kasir_cart_repository_clear (repo, &error));
  back = kasir_cart_repository_load (repo, &error);
  g_assert_null (back);

  g_object_unref (sales);
  g_object_unref (repo);
}

static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(KasirSettingsRepository) settings = kasir_settings_repository_new (f->db);
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  gint64 n = 0;

  value = kasir_settings_repository_get_string (settings, "store.name", &error);
  g_assert_no_error (error);
  g_assert_null (value);
  g_assert_true (kasir_settings_repository_set_string (settings, "store.name", "Toko Maju",
                                                       &error));
  g_assert_true (kasir_settings_repository_set_string (settings, "store.name", "Toko Jaya",
                                                       &error));
  value = kasir_settings_repository_get_string (settings, "store.name", &error);
  g_assert_cmpstr (value, ==, "Toko Jaya");

  g_assert_true (kasir_settings_repository_get_int64 (settings, "receipt.width", 42, &n, &error));
  g_assert_cmpint (n, ==, 42);
  g_assert_true (kasir_settings_repository_set_int64 (settings, "receipt.width", -32, &error));
  g_assert_true (kasir_settings_repository_get_int64 (settings, "receipt.width", 42, &n, &error));
  g_assert_cmpint (n, ==, -32);
  g_assert_false (kasir_settings_repository_get_int64 (settings, "store.name", 0, &n, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (kasir_settings_repository_set_string (settings, "", "x", &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kasir_settings_repository_set_string (settings, "k", "\xff\xfe", &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);

  g_clear_object (&settings);
  reopen (f);
  settings = kasir_settings_repository_new (f->db);
  g_clear_pointer (&value, g_free);
  value = kasir_settings_repository_get_string (settings, "store.name", &error);
  g_assert_cmpstr (value, ==, "Toko Jaya");
  g_assert_true (kasir_settings_repository_remove (settings, "store.name", &error));
  g_clear_pointer (&value, g_free);
  value = kasir_settings_repository_get_string (settings, "store.name", &error);
  g_assert_null (value);
}

static void
test_sync_state (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(KasirSyncStateRepository) repo = kasir_sync_state_repository_new (f->db);
  g_autoptr(KasirSyncState) state = NULL;
  g_autoptr(GError) error = NULL;

  state = kasir_sync_state_repository_load (repo, &error);
  g_assert_no_error (error);
  g_assert_cmpint (state->cursor, ==, 0);
  g_assert_cmpint (state->terminal_id, ==, 0);
  g_assert_null (state->server_url);
  g_clear_pointer (&state, kasir_sync_state_free);

  g_assert_false (kasir_sync_state_repository_set_identity (repo, 0, 2, "http://x", &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kasir_sync_state_repository_set_cursor (repo, -1, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);

  /* A pulled page and its cursor commit together — or not at all. */
  g_assert_true (kasir_database_begin (f->db, &error));
  g_assert_true (kasir_sync_state_repository_set_cursor (repo, 1234, &error));
  kasir_database_rollback (f->db);
  g_assert_true (kasir_sync_state_repository_set_identity (repo, 7, 2, "https://pos.example",
                                                           &error));
  g_assert_true (kasir_sync_state_repository_set_cursor (repo, 99, &error));
  g_assert_true (kasir_sync_state_repository_set_last_acked_seq (repo, 5, &error));

  g_clear_object (&repo);
  reopen (f);
  repo = kasir_sync_state_repository_new (f->db);
  state = kasir_sync_state_repository_load (repo, &error);
  g_assert_cmpint (state->cursor, ==, 99);
  g_assert_cmpint (state->last_acked_seq, ==, 5);
  g_assert_cmpint (state->terminal_id, ==, 7);
  g_assert_cmpint (state->outlet_id, ==, 2);
  g_assert_cmpstr (state->server_url, ==, "https://pos.example");
  g_clear_pointer (&state, kasir_sync_state_free);

  g_assert_true (kasir_sync_state_repository_clear_identity (repo, &error));
  state = kasir_sync_state_repository_load (repo, &error);
  g_assert_cmpint (state->terminal_id, ==, 0);
  g_assert_cmpint (state->cursor, ==, 0);
  g_assert_cmpint (state->last_acked_seq, ==, 5);
}

static KasirConflict *
make_conflict (gint64               id,
               KasirConflictStatus  status,
               const char          *created_at)
{
  KasirConflict *c = kasir_conflict_new ();

  c->id = id;
  c->kind = KASIR_CONFLICT_STOCK_SHORTAGE;
  c->status = status;
  c->entity = g_strdup ("stock");
  c->entity_id = g_strdup ("42:2");
  c->terminal = json_from_string ("{\"qty\": -3}", NULL);
  c->server = json_from_string ("{\"qty\": 1}", NULL);
  c->terminal_id = 7;
  c->seq = 12;
  c->created_at = g_strdup (created_at);
  c->version = 1;

  return c;
}

static void
test_conflicts (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(KasirConflictRepository) repo = kasir_conflict_repository_new (f->db);
  g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (f->db);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_conflict_free);
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(KasirConflict) back = NULL;
  g_autoptr(KasirOutboxEntry) entry = NULL;
  g_autoptr(KasirConflictResolve) decoded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) counted = json_from_string ("{\"qty\": 5}", NULL);
  KasirConflictResolve resolve = { 0 };
  KasirConflict *bad;
  gint64 n = -1;

  g_ptr_array_add (list, make_conflict (1, KASIR_CONFLICT_OPEN, "2026-11-22T08:00:00Z"));
  g_ptr_array_add (list, make_conflict (2, KASIR_CONFLICT_RESOLVED_BY_RULE,
                                        "2026-11-22T09:00:00Z"));
  bad = make_conflict (3, KASIR_CONFLICT_OPEN, "yesterday");
  g_ptr_array_add (list, bad);
  g_assert_false (kasir_conflict_repository_upsert (repo, list, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kasir_conflict_repository_count_open (repo, &n, &error));
  g_assert_cmpint (n, ==, 0);

  g_ptr_array_remove (list, bad);
  g_assert_true (kasir_conflict_repository_upsert (repo, list, &error));
  g_assert_no_error (error);
  g_assert_true (kasir_conflict_repository_count_open (repo, &n, &error));
  g_assert_cmpint (n, ==, 1);
  open = kasir_conflict_repository_list (repo, KASIR_CONFLICT_OPEN, 0, 10, &error);
  g_assert_cmpuint (open->len, ==, 1);
  g_clear_pointer (&open, g_ptr_array_unref);
  open = kasir_conflict_repository_list (repo, -1, 0, 10, &error);
  g_assert_cmpuint (open->len, ==, 2);
  g_assert_cmpint (((KasirConflict *) open->pdata[0])->id, ==, 2);  /* newest first */

  back = kasir_conflict_repository_get (repo, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->entity_id, ==, "42:2");
  g_assert_true (json_node_equal (back->terminal, ((KasirConflict *) list->pdata[0])->terminal));
  g_assert_null (back->base);
  g_clear_pointer (&back, kasir_conflict_free);

  /* A decision made against an older version is refused and queues nothing. */
  resolve.conflict_id = 1;
  resolve.expected_version = 0;
  resolve.decision = (char *) "counted_stock";
  resolve.staff_id = 5;
  resolve.values = counted;
  /* The same rules as a manager's decision: stock moves, so a note is required. */
  resolve.note = (char *) "Counted on the shelf";
  g_assert_cmpint (kasir_conflict_repository_resolve (repo, &resolve, &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_clear_error (&error);
  g_assert_true (kasir_outbox_repository_get_last_seq (outbox, &n, &error));
  g_assert_cmpint (n, ==, 0);

  resolve.expected_version = 1;
  g_assert_cmpint (kasir_conflict_repository_resolve (repo, &resolve, &error), ==, 1);
  g_assert_no_error (error);
  back = kasir_conflict_repository_get (repo, 1, &error);
  g_assert_cmpint (back->status, ==, KASIR_CONFLICT_RESOLVED);
  g_assert_nonnull (back->resolution);
  entry = kasir_outbox_repository_get (outbox, 1, &error);
  g_assert_cmpint (entry->mutation->type, ==, KASIR_MUTATION_CONFLICT_RESOLVE);
  g_assert_cmpstr (entry->entity_id, ==, "1");
  decoded = kasir_protocol_decode_conflict_resolve (entry->mutation->payload, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (decoded->decision, ==, "counted_stock");

  /* Twice is refused. */
  g_assert_cmpint (kasir_conflict_repository_resolve (repo, &resolve, &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_clear_error (&error);

  g_assert_true (kasir_conflict_repository_delete (repo, 2, &error));
  g_clear_pointer (&back, kasir_conflict_free);
  back = kasir_conflict_repository_get (repo, 2, &error);
  g_assert_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND);
}

static void
test_shifts (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(KasirShiftRepository) shifts = kasir_shift_repository_new (f->db);
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (f->db);
  g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (f->db);
  g_autoptr(KasirShift) shift = NULL;
  g_autoptr(KasirShift) again = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GPtrArray) counted = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  g_autoptr(KasirOutboxEntry) entry = NULL;
  g_autoptr(KasirShiftEvent) ev = NULL;
  g_autoptr(GError) error = NULL;
  KasirMoney cash = 0, card = 0, change = 0;

  g_assert_null (kasir_shift_repository_get_open (shifts, &error));
  g_assert_no_error (error);

  shift = kasir_shift_repository_open_shift (shifts, 3, 200000, &error);
  g_assert_no_error (error);
  g_assert_true (kasir_uuid_is_valid (shift->id));
  again = kasir_shift_repository_open_shift (shifts, 4, 0, &error);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_assert_null (again);
  g_clear_error (&error);
  again = kasir_shift_repository_get_open (shifts, &error);
  g_assert_cmpstr (again->id, ==, shift->id);

  for (int i = 0; i < 3; i++)
    {
      g_autoptr(KasirSale) sale = store_test_sale (2, 2);

      sale->shift_id = g_strdup (shift->id);
      card += ((KasirPayment *) sale->payments->pdata[0])->amount;
      cash += ((KasirPayment *) sale->payments->pdata[1])->amount;
      change += sale->change;
      g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
      g_assert_no_error (error);
    }
  {
    /* A sale outside the shift does not count. */
    g_autoptr(KasirSale) sale = store_test_sale (1, 1);

    g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  }

  expected = kasir_shift_repository_expected (shifts, shift->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expected->len, ==, 4);
  g_assert_cmpint (((KasirPayment *) expected->pdata[0])->method, ==, KASIR_PAYMENT_CASH);
  g_assert_cmpint (((KasirPayment *) expected->pdata[0])->amount, ==, 200000 + cash - change);
  g_assert_cmpint (((KasirPayment *) expected->pdata[1])->amount, ==, card);
  g_assert_cmpint (((KasirPayment *) expected->pdata[2])->amount, ==, 0);

  g_ptr_array_add (counted, kasir_payment_new (KASIR_PAYMENT_CASH, 200000 + cash - change - 500));
  g_ptr_array_add (counted, kasir_payment_new (KASIR_PAYMENT_CARD, card));
  g_assert_true (kasir_shift_repository_close_shift (shifts, shift->id, 3, counted, &error));
  g_assert_no_error (error);
  g_clear_pointer (&again, kasir_shift_free);
  again = kasir_shift_repository_get_open (shifts, &error);
  g_assert_null (again);
  again = kasir_shift_repository_get (shifts, shift->id, &error);
  g_assert_nonnull (again->closed_at);
  g_assert_cmpint (again->counted_cash, ==, 200000 + cash - change - 500);
  g_assert_false (kasir_shift_repository_close_shift (shifts, shift->id, 3, counted, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_clear_error (&error);

  /* shift.open is seq 1, then four sales, then shift.close. */
  entry = kasir_outbox_repository_get (outbox, 1, &error);
  g_assert_cmpint (entry->mutation->type, ==, KASIR_MUTATION_SHIFT_OPEN);
  g_clear_pointer (&entry, kasir_outbox_entry_free);
  entry = kasir_outbox_repository_get (outbox, 6, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry->mutation->type, ==, KASIR_MUTATION_SHIFT_CLOSE);
  ev = kasir_protocol_decode_shift_close (entry->mutation->payload, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ev->shift_id, ==, shift->id);
  g_assert_cmpuint (ev->counted->len, ==, 2);
}

static void
test_staff (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(KasirStaffRepository) repo = kasir_staff_repository_new (f->db);
  g_autoptr(GPtrArray) staff = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_staff_free);
  g_autoptr(GPtrArray) active = NULL;
  g_autoptr(KasirStaff) back = NULL;
  g_autoptr(GError) error = NULL;
  KasirStaff *s;
  gint64 n = -1, id;

  g_assert_true (kasir_staff_repository_count_active (repo, &n, &error));
  g_assert_cmpint (n, ==, 0);

  s = kasir_staff_new ();
  s->id = 3;
  s->outlet_id = 2;
  s->name = g_strdup ("Sari");
  s->role = g_strdup ("cashier");
  s->pin_hash = g_strdup ("$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA");
  s->active = TRUE;
  g_ptr_array_add (staff, s);
  s = kasir_staff_copy (s);
  s->id = 4;
  g_free (s->role);
  s->role = g_strdup ("owner");
  g_ptr_array_add (staff, s);
  g_assert_false (kasir_staff_repository_upsert (repo, staff, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_free (s->role);
  s->role = g_strdup ("manager");
  s->active = FALSE;
  g_assert_true (kasir_staff_repository_upsert (repo, staff, &error));
  g_assert_no_error (error);

  g_assert_true (kasir_staff_repository_count_active (repo, &n, &error));
  g_assert_cmpint (n, ==, 1);
  back = kasir_staff_repository_get (repo, 4, &error);
  g_assert_no_error (error);
  g_assert_false (back->active);
  g_assert_cmpstr (back->pin_hash, ==, s->pin_hash);

  g_assert_cmpint (kasir_staff_repository_add_local (repo, "  ", "manager", "x", &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  id = kasir_staff_repository_add_local (repo, " Budi ", "manager", "$argon2id$...", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, 5);
  active = kasir_staff_repository_list_active (repo, &error);
  g_assert_cmpuint (active->len, ==, 2);
  g_assert_cmpstr (((KasirStaff *) active->pdata[0])->name, ==, "Budi");
  g_assert_cmpstr (((KasirStaff *) active->pdata[1])->name, ==, "Sari");
}

static void
test_customers (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(KasirCustomerRepository) repo = kasir_customer_repository_new (f->db);
  g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (f->db);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_customer_free);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(KasirCustomer) back = NULL;
  g_autoptr(KasirEdit) edit = NULL;
  g_autoptr(KasirOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const names[] = { "Ani Wijaya", "Andi Pratama", "Budi 100%_Santoso" };
  static const char * const phones[] = { "0812-3456-7890", "0813 1111 2222", NULL };
  gint64 n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      KasirCustomer *c = kasir_customer_new ();

      c->id = i + 1;
      c->name = g_strdup (names[i]);
      c->phone = g_strdup (phones[i]);
      c->loyalty_points = 10 * i;
      c->version = 1;
      g_ptr_array_add (list, c);
    }
  g_assert_true (kasir_customer_repository_upsert (repo, list, &error));
  g_assert_no_error (error);

  found = kasir_customer_repository_search (repo, "an", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpstr (((KasirCustomer *) found->pdata[0])->name, ==, "Andi Pratama");
  g_clear_pointer (&found, g_ptr_array_unref);
  found = kasir_customer_repository_search (repo, "345 67", 10, &error);
  g_assert_cmpuint (found->len, ==, 1);   /* separators on either side do not matter */
  g_assert_cmpint (((KasirCustomer *) found->pdata[0])->id, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = kasir_customer_repository_search (repo, "3456", 10, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  /* LIKE wildcards typed by a person match only themselves. */
  found = kasir_customer_repository_search (repo, "%", 10, &error);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = kasir_customer_repository_search (repo, "Budi 100%_", 10, &error);
  g_assert_cmpuint (found->len, ==, 1);

  /* An edit of a known customer shows at once and is queued. */
  edit = g_new0 (KasirEdit, 1);
  edit->entity_id = 2;
  edit->base_version = 1;
  edit->staff_id = 2;
  edit->fields = json_from_string ("{\"phone\": \"0899 000 111\"}", NULL);
  g_assert_cmpint (kasir_customer_repository_save_edit (repo, edit, &error), ==, 1);
  g_assert_no_error (error);
  back = kasir_customer_repository_get (repo, 2, &error);
  g_assert_cmpstr (back->phone, ==, "0899 000 111");
  g_assert_cmpstr (back->name, ==, "Andi Pratama");
  entry = kasir_outbox_repository_get (outbox, 1, &error);
  g_assert_cmpint (entry->mutation->type, ==, KASIR_MUTATION_CUSTOMER_UPSERT);
  g_assert_cmpstr (entry->entity_id, ==, "2");

  /* A new customer without a name is refused before anything is written. */
  g_clear_pointer (&edit, kasir_edit_free);
  edit = g_new0 (KasirEdit, 1);
  edit->staff_id = 2;
  edit->fields = json_from_string ("{\"phone\": \"0811\"}", NULL);
  g_assert_cmpint (kasir_customer_repository_save_edit (repo, edit, &error), ==, 0);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (kasir_outbox_repository_get_last_seq (outbox, &n, &error));
  g_assert_cmpint (n, ==, 1);
}

static void
test_background_checkpoint (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (f->db);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  /* About 11,000 WAL frames (46 MB) of sales. Without checkpoints the WAL would hold them
   * all; with them SQLite starts it over before it passes about 16 MB. */
  for (int i = 0; i < 600; i++)
    {
      g_autoptr(KasirSale) sale = store_test_sale (5, 2);

      g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_test_message ("WAL after 600 sales: %" G_GINT64_FORMAT " bytes", (gint64) st.st_size);
  g_assert_cmpint (st.st_size, <, 24 * 1024 * 1024);
  g_assert_true (kasir_database_checkpoint (f->db, &error));
  g_assert_true (kasir_database_check_integrity (f->db, &error));
  g_assert_no_error (error);
}

static gpointer
write_from_thread (gpointer data)
{
  KasirDatabase *db = data;
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (db);
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 20; i++)
    {
      g_autoptr(KasirSale) sale = store_test_sale (2, 2);

      g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
      g_assert_no_error (error);
    }

  return NULL;
}

static void
test_two_connections (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(KasirDatabase) other = NULL;
  g_autoptr(KasirOutboxRepository) outbox = NULL;
  g_autoptr(GError) error = NULL;
  GThread *thread;
  gint64 n = 0;

  other = kasir_database_open_connection (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kasir_database_get_schema_version (other), ==,
                   kasir_database_get_latest_version ());

  /* The main connection commits sales while a worker's connection, in another thread,
   * commits too; every number stays unique and gap-free. */
  thread = g_thread_new ("writer", write_from_thread, other);
  write_from_thread (f->db);
  g_thread_join (thread);

  outbox = kasir_outbox_repository_new (other);
  g_assert_true (kasir_outbox_repository_count_unsent (outbox, &n, &error));
  g_assert_cmpint (n, ==, 40);
  assert_no_gaps (f->db);
  g_assert_true (kasir_database_check_integrity (f->db, &error));
  g_assert_no_error (error);
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
  ADD ("Sales/receipts-gap-free", test_sales_receipts);
  ADD ("Sales/roundtrip", test_sales_roundtrip);
  ADD ("Outbox/states", test_outbox_states);
  ADD ("Cart/survives-reopen", test_cart_survives_reopen);
  ADD ("Settings/values", test_settings);
  ADD ("SyncState/values", test_sync_state);
  ADD ("Conflicts/resolve", test_conflicts);
  ADD ("Shifts/open-close", test_shifts);
  ADD ("Staff/values", test_staff);
  ADD ("Customers/search-edit", test_customers);
  ADD ("Database/two-connections", test_two_connections);
  ADD ("Database/background-checkpoint", test_background_checkpoint);

  return g_test_run ();
}
