/* test-store-catalog-admin.c — a manager's catalog writes over a real encrypted database:
 * every bad value refused by field with nothing written, codes unique, search through the
 * full-text index, categories kept in order, and an enrolled till's edit queued for the
 * server in the same transaction.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kasir-barcode.h"
#include "kasir-protocol.h"
#include "kasir-database-private.h"
#include "kasir-catalog-repository.h"
#include "kasir-catalog-admin-repository.h"
#include "kasir-outbox-repository.h"
#include "kasir-sync-state-repository.h"
#include "store-test-util.h"

typedef struct
{
  char                        *dir;
  KasirDatabase               *db;
  KasirCatalogAdminRepository *admin;
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
  f->admin = kasir_catalog_admin_repository_new (f->db);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->admin);
  g_assert_finalize_object (f->db);
  store_test_remove_tree (f->dir);
  g_free (f->dir);
}

static KasirCatalogItem *
item (const char *name,
      const char *sku,
      const char *barcode,
      KasirMoney  price)
{
  KasirCatalogItem *it = kasir_catalog_item_new ();

  it->product->name = g_strdup (name);
  it->product->sku = g_strdup (sku);
  it->product->barcode = g_strdup (barcode);
  it->product->price = price;
  it->product->tax_rate_bp = 1100;
  return it;
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  gint64 n = -1;

  g_assert_true (kasir_database_query_int64 (f->db, sql, &n, NULL));
  return n;
}

/* A digest of every catalog row, to show that a refused save changed nothing. */
static char *
catalog_digest (Fixture *f)
{
  g_autoptr(GString) s = g_string_new (NULL);
  sqlite3_stmt *stmt = kasir_database_prepare (f->db,
                                               "SELECT id || '|' || sku || '|' || coalesce(barcode, '') "
                                               "|| '|' || name || '|' || price || '|' || archived || '|' "
                                               "|| unit || '|' || low_stock FROM products ORDER BY id",
                                               NULL);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (s, "%s\n", sqlite3_column_text (stmt, 0));
  kasir_database_stmt_done (stmt);
  g_string_append_printf (s, "barcodes=%" G_GINT64_FORMAT " outbox=%" G_GINT64_FORMAT,
                          count (f, "SELECT count(*) FROM barcodes"),
                          count (f, "SELECT count(*) FROM outbox"));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
test_add_and_edit (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(KasirCatalogItem) kopi = item ("Kopi Susu", "KS-01", "4006381333931", 18000);
  g_autoptr(KasirCatalogItem) got = NULL;
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (f->db);
  g_autoptr(KasirProduct) scanned = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id, cat;

  cat = kasir_catalog_admin_repository_add_category (f->admin, 0, "Minuman", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cat, >, 0);
  kopi->product->category_id = cat;
  g_free (kopi->unit);
  kopi->unit = g_strdup ("cup");
  kopi->track_stock = FALSE;
  kopi->low_stock = 5;
  id = kasir_catalog_admin_repository_save_product (f->admin, kopi, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  got = kasir_catalog_admin_repository_get_product (f->admin, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->product->name, ==, "Kopi Susu");
  g_assert_cmpstr (got->product->barcode, ==, "4006381333931");
  g_assert_cmpint (got->product->price, ==, 18000);
  g_assert_cmpint (got->product->category_id, ==, cat);
  g_assert_cmpstr (got->unit, ==, "cup");
  g_assert_false (got->track_stock);
  g_assert_cmpint (got->low_stock, ==, 5);

  /* The till sells it at once: the scanner and the search find it. */
  scanned = kasir_catalog_repository_lookup_code (catalog, "4006381333931", &error);
  g_assert_no_error (error);
  g_assert_cmpint (scanned->id, ==, id);
  {
    g_autoptr(GPtrArray) found = kasir_catalog_repository_search (catalog, "kop", 10, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);
  }

  /* An edit changes the barcode: the old code no longer finds it, the new one does; a
   * standalone till queues nothing. */
  g_free (got->product->barcode);
  got->product->barcode = g_strdup ("96385074");
  got->product->price = 20000;
  g_assert_cmpint (kasir_catalog_admin_repository_save_product (f->admin, got, 1, &error), ==, id);
  g_assert_no_error (error);
  g_clear_pointer (&scanned, kasir_product_free);
  scanned = kasir_catalog_repository_lookup_code (catalog, "4006381333931", &error);
  g_assert_null (scanned);
  g_assert_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  scanned = kasir_catalog_repository_lookup_code (catalog, "96385074", &error);
  g_assert_no_error (error);
  g_assert_cmpint (scanned->price, ==, 20000);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox"), ==, 0);
}

static void
test_bad_input_changes_nothing (Fixture       *f,
                                gconstpointer  data)
{
  static const struct
  {
    const char *name, *sku, *barcode;
    KasirMoney  price;
    guint       tax;
    gint64      category;
    const char *field;
  } bad[] = {
    { "", "X-1", NULL, 1000, 0, 0, "Name" },
    { "Teh", "", NULL, 1000, 0, 0, "SKU" },
    { "Teh", "X-1", "4006381333932", 1000, 0, 0, "check digit" },
    { "Teh", "X-1", "12 34", 1000, 0, 0, "Barcode" },
    { "Teh", "X-1", NULL, -1, 0, 0, "Price" },
    { "Teh", "X-1", NULL, 1000, 10001, 0, "Tax rate" },
    { "Teh", "X-1", NULL, 1000, 0, 99, "Category" },
    /* Taken by the product saved first. */
    { "Teh", "X-1", "8992761002206", 1000, 0, 0, "already belongs to “Kopi”" },
    { "Teh", "KS-01", NULL, 1000, 0, 0, "SKU: KS-01 already belongs" },
  };
  g_autoptr(KasirCatalogItem) kopi = item ("Kopi", "KS-01", "8992761002206", 18000);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;

  g_assert_cmpint (kasir_catalog_admin_repository_save_product (f->admin, kopi, 1, &error), >, 0);
  g_assert_no_error (error);
  before = catalog_digest (f);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(KasirCatalogItem) it = item (bad[i].name, bad[i].sku, bad[i].barcode, bad[i].price);
      g_autofree char *after = NULL;

      it->product->tax_rate_bp = bad[i].tax;
      it->product->category_id = bad[i].category;
      g_assert_cmpint (kasir_catalog_admin_repository_save_product (f->admin, it, 1, &error), ==, 0);
      g_assert_error (error, KASIR_INPUT_ERROR, error->code);
      if (strstr (error->message, bad[i].field) == NULL)
        g_error ("case %u: “%s” does not name “%s”", i, error->message, bad[i].field);
      g_clear_error (&error);
      after = catalog_digest (f);
      g_assert_cmpstr (after, ==, before);
    }

  /* Editing a product to another's barcode is refused the same way. */
  {
    g_autoptr(KasirCatalogItem) teh = item ("Teh", "TM-01", NULL, 5000);
    g_autoptr(KasirCatalogItem) again = NULL;
    gint64 id = kasir_catalog_admin_repository_save_product (f->admin, teh, 1, &error);

    g_assert_no_error (error);
    g_clear_pointer (&before, g_free);
    before = catalog_digest (f);
    again = kasir_catalog_admin_repository_get_product (f->admin, id, &error);
    again->product->barcode = g_strdup ("8992761002206");
    g_assert_cmpint (kasir_catalog_admin_repository_save_product (f->admin, again, 1, &error), ==, 0);
    g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
    g_clear_error (&error);
    {
      g_autofree char *after = catalog_digest (f);

      g_assert_cmpstr (after, ==, before);
    }
  }
}

static void
test_list_and_barcodes (Fixture       *f,
                        gconstpointer  data)
{
  static const char * const names[] = { "Kopi Tubruk", "Kopi Susu", "Teh Manis", "Roti Keju" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  gint64 drinks = kasir_catalog_admin_repository_add_category (f->admin, 0, "Minuman", &error);
  gint64 ids[G_N_ELEMENTS (names)];

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *sku = g_strdup_printf ("P-%u", i);
      g_autofree char *code = kasir_catalog_admin_repository_new_barcode (f->admin, &error);
      g_autoptr(KasirCatalogItem) it = item (names[i], sku, code, 1000 * (i + 1));

      g_assert_no_error (error);
      g_assert_true (kasir_barcode_is_in_store (code));
      it->product->category_id = i < 3 ? drinks : 0;
      ids[i] = kasir_catalog_admin_repository_save_product (f->admin, it, 1, &error);
      g_assert_no_error (error);
    }
  /* Each new in-store code is unused: four products, four codes. */
  g_assert_cmpint (count (f, "SELECT count(DISTINCT code) FROM barcodes"), ==, 4);

  found = kasir_catalog_admin_repository_list_products (f->admin, "kopi", 0, FALSE, 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpstr (((KasirCatalogItem *) found->pdata[0])->product->name, ==, "Kopi Susu");
  g_clear_pointer (&found, g_ptr_array_unref);
  found = kasir_catalog_admin_repository_list_products (f->admin, NULL, drinks, FALSE, 50, &error);
  g_assert_cmpuint (found->len, ==, 3);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Archiving moves a product from the active list to the archived one. */
  {
    g_autoptr(KasirCatalogItem) it = kasir_catalog_admin_repository_get_product (f->admin, ids[0], &error);

    it->product->archived = TRUE;
    g_assert_cmpint (kasir_catalog_admin_repository_save_product (f->admin, it, 1, &error), ==, ids[0]);
  }
  found = kasir_catalog_admin_repository_list_products (f->admin, "kopi", 0, FALSE, 50, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = kasir_catalog_admin_repository_list_products (f->admin, "kopi", 0, TRUE, 50, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (((KasirCatalogItem *) found->pdata[0])->product->id, ==, ids[0]);
}

static char *
category_order (Fixture *f)
{
  g_autoptr(GPtrArray) all = kasir_catalog_admin_repository_list_categories (f->admin, NULL);
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < all->len; i++)
    {
      KasirCategory *c = all->pdata[i];

      g_string_append_printf (s, "%s%s%s", i > 0 ? "," : "", c->name, c->archived ? "(a)" : "");
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
test_categories (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 a = kasir_catalog_admin_repository_add_category (f->admin, 0, "Makanan", &error);
  gint64 b = kasir_catalog_admin_repository_add_category (f->admin, 0, "Minuman", &error);
  gint64 c = kasir_catalog_admin_repository_add_category (f->admin, 0, "Rokok", &error);
  g_autofree char *o1 = NULL, *o2 = NULL, *o3 = NULL, *o4 = NULL, *o5 = NULL;

  g_assert_no_error (error);
  o1 = category_order (f);
  g_assert_cmpstr (o1, ==, "Makanan,Minuman,Rokok");
  g_assert_true (kasir_catalog_admin_repository_move_category (f->admin, c, -1, &error));
  g_assert_true (kasir_catalog_admin_repository_move_category (f->admin, c, -1, &error));
  g_assert_true (kasir_catalog_admin_repository_move_category (f->admin, c, -1, &error));
  o2 = category_order (f);
  g_assert_cmpstr (o2, ==, "Rokok,Makanan,Minuman");
  g_assert_true (kasir_catalog_admin_repository_rename_category (f->admin, 0, a, "Makanan Ringan", &error));
  g_assert_false (kasir_catalog_admin_repository_rename_category (f->admin, 0, a, "minuman", &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kasir_catalog_admin_repository_add_category (f->admin, 0, "  ", &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_cmpint (kasir_catalog_admin_repository_add_category (f->admin, 0, "", &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_true (kasir_catalog_admin_repository_archive_category (f->admin, 0, b, TRUE, &error));
  o3 = category_order (f);
  g_assert_cmpstr (o3, ==, "Rokok,Makanan Ringan,Minuman(a)");
  g_assert_false (kasir_catalog_admin_repository_rename_category (f->admin, 0, 99, "X", &error));
  g_assert_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  o4 = category_order (f);
  g_assert_cmpstr (o4, ==, o3);
  /* An archived name may be used again. */
  g_assert_cmpint (kasir_catalog_admin_repository_add_category (f->admin, 0, "Minuman", &error), >, 0);
  o5 = category_order (f);
  g_assert_cmpstr (o5, ==, "Rokok,Makanan Ringan,Minuman,Minuman(a)");
}

/* Product 42 (the one of @products), with unit "cup", low stock 3 and not counted at
 * the till, pulled again. */
static void
check_pulled_fields (Fixture                *f,
                     KasirCatalogRepository *catalog,
                     GPtrArray              *products)
{
  KasirProduct *pulled = products->pdata[0];
  g_autoptr(GError) error = NULL;

  /* A pull from a server that keeps none of them (no unit) leaves the till's own. */
  pulled->version = 4;
  g_assert_true (kasir_catalog_repository_upsert_products (catalog, products, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM products WHERE id = 42 AND unit = 'cup' "
                             "AND low_stock = 3 AND track_stock = 0 AND version = 4"), ==, 1);
  /* One that keeps them sends them, and its values win. */
  pulled->version = 5;
  pulled->unit = g_strdup ("gelas");
  pulled->track_stock = TRUE;
  pulled->low_stock = 7;
  g_assert_true (kasir_catalog_repository_upsert_products (catalog, products, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM products WHERE id = 42 AND unit = 'gelas' "
                             "AND low_stock = 7 AND track_stock = 1 AND version = 5"), ==, 1);
}

static void
test_enrolled_till (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (f->db);
  g_autoptr(KasirSyncStateRepository) state = kasir_sync_state_repository_new (f->db);
  g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (f->db);
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);
  g_autoptr(KasirCatalogItem) it = NULL;
  g_autoptr(KasirCatalogItem) fresh = item ("Baru", "B-1", NULL, 1000);
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  KasirMutation *m;
  JsonObject *fields;
  gint64 id;

  g_ptr_array_add (products, store_test_product (42, "Kopi", 15000));
  ((KasirProduct *) products->pdata[0])->version = 3;
  g_assert_true (kasir_catalog_repository_upsert_products (catalog, products, &error));
  g_assert_true (kasir_sync_state_repository_set_identity (state, 7, 2, "https://x.example", &error));
  g_assert_no_error (error);

  /* A new product or category without a manager's approval: nothing changes. */
  before = catalog_digest (f);
  g_assert_cmpint (kasir_catalog_admin_repository_save_product (f->admin, fresh, 0, &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_clear_error (&error);
  g_assert_cmpint (kasir_catalog_admin_repository_add_category (f->admin, 0, "X", &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_clear_error (&error);
  {
    g_autofree char *after = catalog_digest (f);

    g_assert_cmpstr (after, ==, before);
  }
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox"), ==, 0);

  /* An edit queues product.update with only what changed, against the local version. */
  it = kasir_catalog_admin_repository_get_product (f->admin, 42, &error);
  g_free (it->product->name);
  it->product->name = g_strdup ("Kopi Hitam");
  it->product->price = 16000;
  g_free (it->unit);
  it->unit = g_strdup ("cup");
  id = kasir_catalog_admin_repository_save_product (f->admin, it, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, 42);
  pending = kasir_outbox_repository_list_pending (outbox, 10, &error);
  g_assert_cmpuint (pending->len, ==, 1);
  m = pending->pdata[0];
  g_assert_cmpint (m->type, ==, KASIR_MUTATION_PRODUCT_UPDATE);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (m->payload), "base_version"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (m->payload), "staff_id"), ==, 5);
  fields = json_object_get_object_member (json_node_get_object (m->payload), "fields");
  g_assert_cmpuint (json_object_get_size (fields), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (fields, "name"), ==, "Kopi Hitam");
  g_assert_cmpint (json_object_get_int_member (fields, "price"), ==, 16000);
  g_assert_cmpstr (json_object_get_string_member (fields, "unit"), ==, "cup");

  /* Saving again with nothing changed queues nothing more. */
  g_clear_pointer (&it, kasir_catalog_item_free);
  it = kasir_catalog_admin_repository_get_product (f->admin, 42, &error);
  g_assert_cmpint (kasir_catalog_admin_repository_save_product (f->admin, it, 5, &error), ==, 42);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox"), ==, 1);

  /* The low-stock level and stock counting travel too, alone when alone changed. */
  it->low_stock = 3;
  it->track_stock = FALSE;
  g_assert_cmpint (kasir_catalog_admin_repository_save_product (f->admin, it, 5, &error), ==, 42);
  g_clear_pointer (&pending, g_ptr_array_unref);
  pending = kasir_outbox_repository_list_pending (outbox, 10, &error);
  g_assert_cmpuint (pending->len, ==, 2);
  m = pending->pdata[1];
  g_assert_cmpint (m->type, ==, KASIR_MUTATION_PRODUCT_UPDATE);
  fields = json_object_get_object_member (json_node_get_object (m->payload), "fields");
  g_assert_cmpuint (json_object_get_size (fields), ==, 2);
  g_assert_cmpint (json_object_get_int_member (fields, "low_stock"), ==, 3);
  g_assert_false (json_object_get_boolean_member (fields, "track_stock"));

  check_pulled_fields (f, catalog, products);

  /* With a manager's approval a new product and a new category are queued for the
   * server (which gives their ids); the product is in the catalog at once, pending
   * (test-store-pending-product.c), the category comes with the pull. */
  g_assert_cmpint (kasir_catalog_admin_repository_save_product (f->admin, fresh, 5, &error), ==,
                   KASIR_CATALOG_ADMIN_QUEUED);
  g_assert_no_error (error);
  g_assert_cmpint (kasir_catalog_admin_repository_add_category (f->admin, 5, "Minuman", &error), ==,
                   KASIR_CATALOG_ADMIN_QUEUED);
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM products WHERE sku = 'B-1' AND id < 0"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM categories"), ==, 0);
  g_clear_pointer (&pending, g_ptr_array_unref);
  pending = kasir_outbox_repository_list_pending (outbox, 10, &error);
  g_assert_cmpuint (pending->len, ==, 4);
  m = pending->pdata[2];
  g_assert_cmpint (m->type, ==, KASIR_MUTATION_PRODUCT_CREATE);
  fields = json_object_get_object_member (json_node_get_object (m->payload), "fields");
  g_assert_cmpstr (json_object_get_string_member (fields, "sku"), ==, "B-1");
  g_assert_cmpint (json_object_get_int_member (fields, "price"), ==, 1000);
  g_assert_cmpstr (json_object_get_string_member (fields, "unit"), ==, "pcs");
  g_assert_true (json_object_get_boolean_member (fields, "track_stock"));
  g_assert_cmpint (json_object_get_int_member (fields, "low_stock"), ==, -1);
  m = pending->pdata[3];
  g_assert_cmpint (m->type, ==, KASIR_MUTATION_CATEGORY_UPSERT);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (m->payload), "name"), ==, "Minuman");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add ("/Kasir/Store/CatalogAdmin/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("add-and-edit", test_add_and_edit);
  ADD ("bad-input-changes-nothing", test_bad_input_changes_nothing);
  ADD ("list-and-barcodes", test_list_and_barcodes);
  ADD ("categories", test_categories);
  ADD ("enrolled-till", test_enrolled_till);
#undef ADD

  return g_test_run ();
}
