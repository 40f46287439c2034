/* test-server-product-fields.c — product.update carries a product's unit, whether its
 * stock is counted and its low-stock level, on both backends:
 *
 *  - a manager's edit of the three is stored, and a pull by another till brings them;
 *  - two tills change the low-stock level from the same version: the first wins, the
 *    second opens a concurrent_edit conflict naming low_stock while its other field
 *    (the unit) is applied;
 *  - a level below -1 or an empty unit is refused by the codec and changes nothing;
 *  - product.create takes them too, and a product made without them gets the defaults;
 *  - a category named by "category_name" (made by a category.upsert earlier in the
 *    queue) is found by its name in product.create and product.update; an unknown name
 *    is rejected "unknown_category" and writes nothing.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "server-data/server-staff-util.h"

static KasirMutation *
product_update (TestTerminal *t,
                gint64        base_version,
                const char   *fields)
{
  return make_mutation (t, KASIR_MUTATION_PRODUCT_UPDATE,
                        payload_printf ("{'product_id':3,'base_version':%" G_GINT64_FORMAT ",'staff_id':%d,"
                                        "'fields':%s}", base_version, STAFF_MANAGER_1, fields));
}

/* Product 3 as a pull from 0 by @t brings it. */
static KasirProduct *
pulled_product (ServerFixture *fx,
                TestTerminal  *t,
                gint64         id)
{
  g_autoptr(KasirPullResponse) page = pull (fx, t, 0, 1000);
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  for (guint i = 0; i < page->changes->len; i++)
    {
      KasirChange *change = page->changes->pdata[i];

      if (g_str_equal (change->entity, "product") && g_str_equal (change->id, text))
        return kasir_product_copy (change->entity_data);
    }
  g_error ("product %s not pulled", text);
}

static gint64
product_int (ServerFixture *fx,
             const char    *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM products WHERE id = 3", column);

  return db_int (fx, sql);
}

static void
test_update_and_pull (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) a = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) b = enroll_terminal (fx, 2);
  g_autoptr(KasirPushResult) result = NULL;
  g_autoptr(KasirProduct) before = NULL;
  g_autoptr(KasirProduct) after = NULL;
  gint64 version = product_int (fx, "version");

  /* Every product starts counted, in pieces, at the shop's default level. */
  before = pulled_product (fx, b, 3);
  g_assert_cmpstr (before->unit, ==, "pcs");
  g_assert_true (before->track_stock);
  g_assert_cmpint (before->low_stock, ==, -1);

  result = push_one (fx, a, product_update (a, version, "{'unit':'kg','track_stock':false,'low_stock':4}"));
  g_assert_cmpint (result->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (product_int (fx, "track_stock"), ==, 0);
  g_assert_cmpint (product_int (fx, "low_stock"), ==, 4);
  g_assert_cmpint (product_int (fx, "version"), ==, version + 1);
  after = pulled_product (fx, b, 3);
  g_assert_cmpstr (after->unit, ==, "kg");
  g_assert_false (after->track_stock);
  g_assert_cmpint (after->low_stock, ==, 4);
  /* The price and the name are left as they were. */
  g_assert_cmpint (after->price, ==, before->price);
  g_assert_cmpstr (after->name, ==, before->name);
  server_fixture_free (fx);
}

static void
test_concurrent_level (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) a = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) b = enroll_terminal (fx, 1);
  g_autoptr(KasirPushResult) first = NULL;
  g_autoptr(KasirPushResult) second = NULL;
  g_autoptr(KasirPushResult) start = NULL;
  gint64 version = product_int (fx, "version");

  /* Both tills start from a version the server has written (so its values are known). */
  start = push_one (fx, a, product_update (a, version, "{'low_stock':2}"));
  g_assert_cmpint (start->status, ==, KASIR_RESULT_APPLIED);
  version++;
  first = push_one (fx, a, product_update (a, version, "{'low_stock':5}"));
  g_assert_cmpint (first->status, ==, KASIR_RESULT_APPLIED);
  second = push_one (fx, b, product_update (b, version, "{'low_stock':9,'unit':'box'}"));
  g_assert_cmpint (second->status, ==, KASIR_RESULT_APPLIED_WITH_CONFLICTS);
  g_assert_cmpint (product_int (fx, "low_stock"), ==, 5);
  g_assert_cmpint (db_int (fx, "SELECT count(*) FROM products WHERE id = 3 AND unit = 'box'"), ==, 1);
  g_assert_cmpint (db_int (fx, "SELECT count(*) FROM conflicts WHERE kind = 'concurrent_edit' "
                               "AND entity = 'product' AND entity_id = '3' AND status = 'open' "
                               "AND server LIKE '%low_stock%' AND server NOT LIKE '%unit%'"), ==, 1);
  server_fixture_free (fx);
}

static void
test_bad_values (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) a = enroll_terminal (fx, 1);
  static const char * const bad[] = {
    "{'low_stock':-2}", "{'unit':''}", "{'track_stock':1}", "{'low_stock':'lima'}",
  };
  gint64 version = product_int (fx, "version");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(KasirPushResult) result = push_one (fx, a, product_update (a, version, bad[i]));

      g_assert_cmpint (result->status, ==, KASIR_RESULT_REJECTED);
      g_assert_true (g_str_has_prefix (result->reason, "invalid product.update"));
    }
  g_assert_cmpint (product_int (fx, "version"), ==, version);
  g_assert_cmpint (product_int (fx, "low_stock"), ==, -1);
  g_assert_cmpint (db_int (fx, "SELECT count(*) FROM products WHERE id = 3 AND unit = 'pcs'"), ==, 1);
  server_fixture_free (fx);
}

static void
test_create (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) a = enroll_terminal (fx, 1);
  g_autoptr(KasirPushResult) with = NULL;
  g_autoptr(KasirPushResult) without = NULL;
  g_autofree char *id1 = kasir_uuid_new ();
  g_autofree char *id2 = kasir_uuid_new ();

  with = push_one (fx, a, make_mutation (a, KASIR_MUTATION_PRODUCT_CREATE,
                                         payload_printf ("{'client_id':'%s','staff_id':%d,'fields':"
                                                         "{'name':'Beras','sku':'BERAS-5','price':70000,"
                                                         "'tax_rate_bp':0,'unit':'sak','track_stock':true,"
                                                         "'low_stock':12}}", id1, STAFF_MANAGER_1)));
  g_assert_cmpint (with->status, ==, KASIR_RESULT_APPLIED);
  without = push_one (fx, a, make_mutation (a, KASIR_MUTATION_PRODUCT_CREATE,
                                            payload_printf ("{'client_id':'%s','staff_id':%d,'fields':"
                                                            "{'name':'Potong rambut','sku':'JASA-1',"
                                                            "'price':25000,'tax_rate_bp':0}}",
                                                            id2, STAFF_MANAGER_1)));
  g_assert_cmpint (without->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (db_int (fx, "SELECT count(*) FROM products WHERE sku = 'BERAS-5' AND unit = 'sak' "
                               "AND track_stock = 1 AND low_stock = 12"), ==, 1);
  g_assert_cmpint (db_int (fx, "SELECT count(*) FROM products WHERE sku = 'JASA-1' AND unit = 'pcs' "
                               "AND track_stock = 1 AND low_stock = -1"), ==, 1);
  server_fixture_free (fx);
}

static void
test_category_name (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) a = enroll_terminal (fx, 1);
  g_autoptr(KasirPushResult) category = NULL;
  g_autoptr(KasirPushResult) created = NULL;
  g_autoptr(KasirPushResult) updated = NULL;
  g_autoptr(KasirPushResult) unknown = NULL;
  g_autoptr(KasirPushResult) unknown_update = NULL;
  g_autofree char *id1 = kasir_uuid_new ();
  g_autofree char *id2 = kasir_uuid_new ();
  gint64 version = product_int (fx, "version");
  gint64 products = db_int (fx, "SELECT count(*) FROM products");
  gint64 made;

  category = push_one (fx, a, make_mutation (a, KASIR_MUTATION_CATEGORY_UPSERT,
                                             payload_printf ("{'category_id':0,'staff_id':%d,'name':'Roti Impor',"
                                                             "'archived':false}", STAFF_MANAGER_1)));
  g_assert_cmpint (category->status, ==, KASIR_RESULT_APPLIED);
  made = db_int (fx, "SELECT id FROM categories WHERE name = 'Roti Impor'");
  g_assert_cmpint (made, >, 0);

  created = push_one (fx, a, make_mutation (a, KASIR_MUTATION_PRODUCT_CREATE,
                                            payload_printf ("{'client_id':'%s','staff_id':%d,'fields':"
                                                            "{'name':'Roti Sobek','sku':'ROTI-9','price':12000,"
                                                            "'category_name':'Roti Impor'}}", id1, STAFF_MANAGER_1)));
  g_assert_cmpint (created->status, ==, KASIR_RESULT_APPLIED);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM products WHERE sku = 'ROTI-9' AND category_id = %"
                                            G_GINT64_FORMAT, made);

    g_assert_cmpint (db_int (fx, sql), ==, 1);
  }
  updated = push_one (fx, a, product_update (a, version, "{'category_name':'Roti Impor'}"));
  g_assert_cmpint (updated->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (product_int (fx, "category_id"), ==, made);

  /* A name no category has: rejected, nothing written. */
  unknown = push_one (fx, a, make_mutation (a, KASIR_MUTATION_PRODUCT_CREATE,
                                            payload_printf ("{'client_id':'%s','staff_id':%d,'fields':"
                                                            "{'name':'Kue','sku':'KUE-9','price':5000,"
                                                            "'category_name':'Tidak Ada'}}", id2, STAFF_MANAGER_1)));
  g_assert_cmpint (unknown->status, ==, KASIR_RESULT_REJECTED);
  g_assert_true (g_str_has_prefix (unknown->reason, "unknown_category"));
  unknown_update = push_one (fx, a, product_update (a, version + 1, "{'category_name':'Tidak Ada'}"));
  g_assert_cmpint (unknown_update->status, ==, KASIR_RESULT_REJECTED);
  g_assert_cmpint (db_int (fx, "SELECT count(*) FROM products"), ==, products + 1);
  g_assert_cmpint (product_int (fx, "category_id"), ==, made);
  g_assert_cmpint (product_int (fx, "version"), ==, version + 1);
  server_fixture_free (fx);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Server/ProductFields/update-and-pull", test_update_and_pull);
  g_test_add_func ("/Kasir/Server/ProductFields/concurrent-level", test_concurrent_level);
  g_test_add_func ("/Kasir/Server/ProductFields/bad-values", test_bad_values);
  g_test_add_func ("/Kasir/Server/ProductFields/create", test_create);
  g_test_add_func ("/Kasir/Server/ProductFields/category-name", test_category_name);

  return g_test_run ();
}
