/* test-store-pending-product.c — a product made on an enrolled till is in the catalog at
 * once, pending, over a real encrypted database:
 *
 *  - saved with a manager's approval, it is queued as product.create and written locally
 *    under the negative of its outbox seq: listed, found by name and by its barcode;
 *  - a pull before its push was answered leaves it; once the server has answered (applied,
 *    or refused), the pull's clean-up drops it and the server's product, which that pull
 *    brought with its own id, is the only one with its SKU and barcode.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kasir-catalog-admin-repository.h"
#include "kasir-catalog-repository.h"
#include "kasir-database-private.h"
#include "kasir-outbox-repository.h"
#include "kasir-sync-repository.h"
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
  f->db = store_test_enrolled_db (&f->dir);
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

/* Makes "Es Jeruk" (ES-J, barcode 2000000000015) with a manager's approval; returns the
 * outbox seq of its product.create. */
static gint64
make_product (Fixture *f)
{
  g_autoptr(KasirCatalogAdminRepository) admin = kasir_catalog_admin_repository_new (f->db);
  g_autoptr(KasirCatalogItem) item = kasir_catalog_item_new ();
  g_autoptr(GError) error = NULL;

  item->product->name = g_strdup ("Es Jeruk");
  item->product->sku = g_strdup ("ES-J");
  item->product->barcode = g_strdup ("2000000000015");
  item->product->price = 8000;
  item->product->tax_rate_bp = 1100;
  g_assert_cmpint (kasir_catalog_admin_repository_save_product (admin, item, 5, &error), ==,
                   KASIR_CATALOG_ADMIN_QUEUED);
  g_assert_no_error (error);
  return count (f, "SELECT max(seq) FROM outbox WHERE type = 'product.create'");
}

/* The server's version arrives in a pull, under id 900. */
static void
pull_server_version (Fixture *f)
{
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (f->db);
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);
  g_autoptr(GError) error = NULL;
  KasirProduct *p = store_test_product (900, "Es Jeruk", 8000);

  g_free (p->sku);
  g_free (p->barcode);
  p->sku = g_strdup ("ES-J");
  p->barcode = g_strdup ("2000000000015");
  p->version = 1;
  g_ptr_array_add (page, p);
  g_assert_true (kasir_catalog_repository_upsert_products (catalog, page, &error));
  g_assert_no_error (error);
}

static void
test_shown_then_replaced (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(KasirCatalogAdminRepository) admin = kasir_catalog_admin_repository_new (f->db);
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (f->db);
  g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (f->db);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(KasirProduct) by_code = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pending_sql = NULL;
  gint64 seq = make_product (f);

  /* In the catalog at once, pending, under -seq. */
  g_assert_cmpint (seq, >, 0);
  pending_sql = g_strdup_printf ("SELECT count(*) FROM products WHERE id = %" G_GINT64_FORMAT
                                 " AND sku = 'ES-J' AND unit = 'pcs'", -seq);
  g_assert_cmpint (count (f, pending_sql), ==, 1);
  listed = kasir_catalog_admin_repository_list_products (admin, "jeruk", 0, FALSE, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 1);
  by_code = kasir_catalog_repository_lookup_code (catalog, "2000000000015", &error);
  g_assert_no_error (error);
  g_assert_cmpint (by_code->id, ==, -seq);

  /* A pull while the push is not answered yet leaves it. */
  g_assert_true (kasir_sync_repository_prune_acked (f->db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, pending_sql), ==, 1);

  /* Pushed and applied; the next pull brings the server's and drops the pending one. */
  g_assert_true (kasir_outbox_repository_mark_acked (outbox, seq, NULL, &error));
  pull_server_version (f);
  g_assert_true (kasir_sync_repository_prune_acked (f->db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, pending_sql), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM products WHERE sku = 'ES-J'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM products WHERE id < 0"), ==, 0);
  g_assert_cmpint (count (f, "SELECT product_id FROM barcodes WHERE code = '2000000000015'"), ==, 900);
  g_assert_cmpint (count (f, "SELECT count(*) FROM barcodes WHERE product_id < 0"), ==, 0);
}

static void
test_refused_dropped (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (f->db);
  g_autoptr(GError) error = NULL;
  gint64 seq = make_product (f);

  g_assert_true (kasir_outbox_repository_mark_rejected (outbox, seq, "forbidden: test", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (kasir_sync_repository_prune_acked (f->db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM products"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM barcodes"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add ("/Kasir/Store/PendingProduct/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("shown-then-replaced", test_shown_then_replaced);
  ADD ("refused-dropped", test_refused_dropped);
#undef ADD

  return g_test_run ();
}
