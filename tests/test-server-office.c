/* test-server-office.c — the back office's catalog mutations on the server, over real
 * HTTP, on both backends:
 *
 *  - category.upsert: a manager's new category, the same name from another till is the
 *    same category, a rename to a taken name is rejected, a cashier's is rejected;
 *  - product.create: a manager's new product gets the server's id and reaches the other
 *    tills by pull; a cashier's is rejected;
 *  - two tills create products with the same barcode (or SKU) offline: the later one is
 *    made without the barcode (or with a unique SKU) and raises a duplicate_code
 *    conflict naming both; "keep both" leaves both, "merge into existing" moves the later
 *    product's sales and its stock at every outlet to the existing one (each outlet's
 *    tills pull the new levels) and archives it;
 *  - GET /api/v1/reports/summary: the outlet's totals equal the sum of the sales and
 *    refunds pushed from two of its tills, per payment method, to the rupiah (another
 *    outlet's sale not counted); a cashier as the approver is refused 403, a bad date 400.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "server-data/server-staff-util.h"

static KasirMutation *
category_upsert (TestTerminal *t,
                 gint64        id,
                 gint64        staff,
                 const char   *name)
{
  return make_mutation (t, KASIR_MUTATION_CATEGORY_UPSERT,
                        payload_printf ("{'category_id':%" G_GINT64_FORMAT ",'staff_id':%" G_GINT64_FORMAT
                                        ",'name':'%s','archived':false}", id, staff, name));
}

static KasirMutation *
product_create (TestTerminal *t,
                gint64        staff,
                const char   *name,
                const char   *sku,
                const char   *barcode)
{
  g_autofree char *client_id = kasir_uuid_new ();
  g_autofree char *code = barcode != NULL ? g_strdup_printf ("'%s'", barcode) : g_strdup ("null");

  return make_mutation (t, KASIR_MUTATION_PRODUCT_CREATE,
                        payload_printf ("{'client_id':'%s','staff_id':%" G_GINT64_FORMAT ",'fields':"
                                        "{'name':'%s','sku':'%s','barcode':%s,'price':12500,"
                                        "'tax_rate_bp':1100}}", client_id, staff, name, sku, code));
}

static KasirMutation *
resolve (TestTerminal *t,
         gint64        conflict_id,
         gint64        staff,
         const char   *decision)
{
  return make_mutation (t, KASIR_MUTATION_CONFLICT_RESOLVE,
                        payload_printf ("{'conflict_id':%" G_GINT64_FORMAT ",'expected_version':1,"
                                        "'decision':'%s','note':null,'staff_id':%" G_GINT64_FORMAT
                                        ",'values':null}", conflict_id, decision, staff));
}

static gint64
query_int (ServerFixture *fx,
           const char    *format,
           ...) G_GNUC_PRINTF (2, 3);

static gint64
query_int (ServerFixture *fx,
           const char    *format,
           ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return db_int (fx, sql);
}

/* Whether a pull of @t from 0 puts @entity @id. */
static gboolean
pulled (ServerFixture *fx,
        TestTerminal  *t,
        const char    *entity,
        gint64         id)
{
  g_autoptr(KasirPullResponse) page = pull (fx, t, 0, 1000);
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  gboolean found = FALSE;

  for (guint i = 0; i < page->changes->len; i++)
    {
      KasirChange *change = page->changes->pdata[i];

      if (g_str_equal (change->entity, entity) && g_str_equal (change->id, text) && !change->deleted)
        found = TRUE;
    }
  return found;
}

static void
test_category (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) a = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) b = enroll_terminal (fx, 1);
  g_autoptr(KasirPushResult) made = NULL;
  g_autoptr(KasirPushResult) again = NULL;
  g_autoptr(KasirPushResult) taken = NULL;
  g_autoptr(KasirPushResult) by_cashier = NULL;
  g_autoptr(KasirPushResult) renamed = NULL;
  gint64 before = db_int (fx, "SELECT count(*) FROM categories"), id, other;

  made = push_one (fx, a, category_upsert (a, 0, STAFF_MANAGER_1, "Minuman Dingin"));
  g_assert_cmpint (made->status, ==, KASIR_RESULT_APPLIED);
  id = db_int (fx, "SELECT id FROM categories WHERE name = 'Minuman Dingin'");
  g_assert_true (pulled (fx, b, "category", id));
  /* The same name added offline on another till is the same category. */
  again = push_one (fx, b, category_upsert (b, 0, STAFF_MANAGER_1, "Minuman Dingin"));
  g_assert_cmpint (again->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (db_int (fx, "SELECT count(*) FROM categories"), ==, before + 1);

  other = db_int (fx, "SELECT min(id) FROM categories WHERE name <> 'Minuman Dingin'");
  taken = push_one (fx, a, category_upsert (a, other, STAFF_MANAGER_1, "Minuman Dingin"));
  g_assert_cmpint (taken->status, ==, KASIR_RESULT_REJECTED);
  g_assert_true (g_str_has_prefix (taken->reason, "name_taken"));
  by_cashier = push_one (fx, a, category_upsert (a, id, STAFF_CASHIER_1, "Es"));
  g_assert_cmpint (by_cashier->status, ==, KASIR_RESULT_REJECTED);
  g_assert_true (g_str_has_prefix (by_cashier->reason, "forbidden"));
  renamed = push_one (fx, a, category_upsert (a, id, STAFF_MANAGER_1, "Minuman Es"));
  g_assert_cmpint (renamed->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (query_int (fx, "SELECT count(*) FROM categories WHERE id = %" G_GINT64_FORMAT
                              " AND name = 'Minuman Es' AND version = 3", id), ==, 1);
  server_fixture_free (fx);
}

static void
test_product_create (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) a = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) b = enroll_terminal (fx, 2);
  g_autoptr(KasirPushResult) made = NULL;
  g_autoptr(KasirPushResult) by_cashier = NULL;
  gint64 before = db_int (fx, "SELECT count(*) FROM products"), id;

  by_cashier = push_one (fx, a, product_create (a, STAFF_CASHIER_1, "Es Teh", "ES-TEH", NULL));
  g_assert_cmpint (by_cashier->status, ==, KASIR_RESULT_REJECTED);
  g_assert_cmpint (db_int (fx, "SELECT count(*) FROM products"), ==, before);

  made = push_one (fx, a, product_create (a, STAFF_MANAGER_1, "Es Teh", "ES-TEH", "2000000000015"));
  g_assert_cmpint (made->status, ==, KASIR_RESULT_APPLIED);
  id = db_int (fx, "SELECT id FROM products WHERE sku = 'ES-TEH'");
  g_assert_cmpint (query_int (fx, "SELECT count(*) FROM products WHERE id = %" G_GINT64_FORMAT
                              " AND price = 12500 AND barcode = '2000000000015' AND tax_rate_bp = 1100",
                              id), ==, 1);
  /* The catalog is every outlet's. */
  g_assert_true (pulled (fx, b, "product", id));
  server_fixture_free (fx);
}

static KasirMutation *
stock_count (TestTerminal *t,
             gint64        product_id,
             gint64        delta,
             gint64        staff)
{
  return make_mutation (t, KASIR_MUTATION_STOCK_ADJUST,
                        payload_printf ("{'product_id':%" G_GINT64_FORMAT ",'delta':%" G_GINT64_FORMAT
                                        ",'reason':'hitung','staff_id':%" G_GINT64_FORMAT "}",
                                        product_id, delta, staff));
}

static gint64
stock_of (ServerFixture *fx,
          gint64         product_id,
          gint64         outlet_id)
{
  return query_int (fx, "SELECT coalesce(sum(qty), 0) FROM stock WHERE product_id = %" G_GINT64_FORMAT
                    " AND outlet_id = %" G_GINT64_FORMAT, product_id, outlet_id);
}

/* The stock level of @product_id a pull from 0 by @t brings (-999 when none). */
static gint64
pulled_stock (ServerFixture *fx,
              TestTerminal  *t,
              gint64         product_id)
{
  g_autoptr(KasirPullResponse) page = pull (fx, t, 0, 1000);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, product_id, t->outlet_id);

  for (guint i = 0; i < page->changes->len; i++)
    {
      KasirChange *change = page->changes->pdata[i];

      if (g_str_equal (change->entity, "stock") && g_str_equal (change->id, id))
        return ((KasirStock *) change->entity_data)->qty;
    }
  return -999;
}

/* Two tills made a product with one barcode (@same_sku: with one SKU) offline. */
static void
check_duplicate (gboolean same_sku,
                 gboolean merge)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) a = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) b = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) c = enroll_terminal (fx, 2);
  g_autoptr(KasirPushResult) first = NULL;
  g_autoptr(KasirPushResult) second = NULL;
  g_autoptr(KasirPushResult) sold = NULL;
  g_autoptr(KasirPushResult) resolved = NULL;
  g_autoptr(KasirSale) sale = NULL;
  gint64 existing, later, conflict, price = 12500;

  first = push_one (fx, a, product_create (a, STAFF_MANAGER_1, "Es Teh Manis", "ES-TEH",
                                           same_sku ? NULL : "2000000000015"));
  g_assert_cmpint (first->status, ==, KASIR_RESULT_APPLIED);
  second = push_one (fx, b, product_create (b, STAFF_MANAGER_1, "Teh Manis Dingin",
                                            same_sku ? "ES-TEH" : "TEH-DINGIN",
                                            same_sku ? NULL : "2000000000015"));
  g_assert_cmpint (second->status, ==, KASIR_RESULT_APPLIED_WITH_CONFLICTS);
  g_assert_cmpuint (second->conflict_ids->len, ==, 1);
  conflict = g_array_index (second->conflict_ids, gint64, 0);

  existing = db_int (fx, "SELECT id FROM products WHERE sku = 'ES-TEH'");
  later = db_int (fx, "SELECT id FROM products WHERE name = 'Teh Manis Dingin'");
  g_assert_cmpint (later, >, existing);
  /* Both are kept, the later one without the taken code. */
  if (same_sku)
    g_assert_cmpint (query_int (fx, "SELECT count(*) FROM products WHERE id = %" G_GINT64_FORMAT
                                " AND sku LIKE 'ES-TEH-%%'", later), ==, 1);
  else
    g_assert_cmpint (query_int (fx, "SELECT count(*) FROM products WHERE id = %" G_GINT64_FORMAT
                                " AND barcode IS NULL", later), ==, 1);
  g_assert_cmpint (query_int (fx, "SELECT count(*) FROM conflicts WHERE id = %" G_GINT64_FORMAT
                              " AND kind = 'duplicate_code' AND status = 'open' AND entity = 'product'"
                              " AND entity_id = '%" G_GINT64_FORMAT "' AND server LIKE '%%Es Teh Manis%%'"
                              " AND terminal LIKE '%%Teh Manis Dingin%%'", conflict, later), ==, 1);

  /* Till b sells its product before anyone decides, after counting 10 in; a till of
   * outlet 2 counts 5 of it, and outlet 1 has 3 of the existing one. */
  {
    g_autoptr(KasirPushResult) counted = push_one (fx, b, stock_count (b, later, 10, STAFF_MANAGER_1));
    g_autoptr(KasirPushResult) elsewhere = push_one (fx, c, stock_count (c, later, 5, STAFF_MANAGER_2));
    g_autoptr(KasirPushResult) kept = push_one (fx, a, stock_count (a, existing, 3, STAFF_MANAGER_1));

    g_assert_cmpint (counted->status, ==, KASIR_RESULT_APPLIED);
    g_assert_cmpint (elsewhere->status, ==, KASIR_RESULT_APPLIED);
    g_assert_cmpint (kept->status, ==, KASIR_RESULT_APPLIED);
  }
  sale = make_sale (&later, &price, NULL, 2, 1);
  sale->staff_id = STAFF_CASHIER_1;
  sold = push_one (fx, b, make_sale_mutation (b, sale));
  g_assert_cmpint (sold->status, !=, KASIR_RESULT_REJECTED);

  /* A decision the kind does not offer is rejected. */
  {
    g_autoptr(KasirPushResult) wrong = push_one (fx, a, resolve (a, conflict, STAFF_MANAGER_1, "acknowledge"));

    g_assert_cmpint (wrong->status, ==, KASIR_RESULT_REJECTED);
  }
  resolved = push_one (fx, a, resolve (a, conflict, STAFF_MANAGER_1, merge ? "merge_into_existing" : "keep_both"));
  g_assert_cmpint (resolved->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (query_int (fx, "SELECT count(*) FROM conflicts WHERE id = %" G_GINT64_FORMAT
                              " AND status = 'resolved'", conflict), ==, 1);
  g_assert_cmpint (query_int (fx, "SELECT count(*) FROM sale_lines WHERE product_id = %" G_GINT64_FORMAT,
                              merge ? existing : later), ==, 1);
  g_assert_cmpint (query_int (fx, "SELECT count(*) FROM sale_lines WHERE product_id = %" G_GINT64_FORMAT,
                              merge ? later : existing), ==, 0);
  g_assert_cmpint (query_int (fx, "SELECT archived FROM products WHERE id = %" G_GINT64_FORMAT, later), ==,
                   merge ? 1 : 0);
  g_assert_cmpint (query_int (fx, "SELECT archived FROM products WHERE id = %" G_GINT64_FORMAT, existing),
                   ==, 0);
  /* Merged, the later product's stock at each outlet is the existing one's; kept both,
   * each keeps its own. A till of each outlet pulls its new level. */
  g_assert_cmpint (stock_of (fx, existing, 1), ==, merge ? 3 + 8 : 3);
  g_assert_cmpint (stock_of (fx, later, 1), ==, merge ? 0 : 8);
  g_assert_cmpint (stock_of (fx, existing, 2), ==, merge ? 5 : 0);
  g_assert_cmpint (stock_of (fx, later, 2), ==, merge ? 0 : 5);
  if (merge)
    {
      g_assert_cmpint (pulled_stock (fx, a, existing), ==, 11);
      g_assert_cmpint (pulled_stock (fx, c, existing), ==, 5);
      g_assert_cmpint (pulled_stock (fx, c, later), ==, 0);
    }
  server_fixture_free (fx);
}

static void
test_duplicate_barcode_keep_both (void)
{
  check_duplicate (FALSE, FALSE);
}

static void
test_duplicate_barcode_merge (void)
{
  check_duplicate (FALSE, TRUE);
}

static void
test_duplicate_sku_merge (void)
{
  check_duplicate (TRUE, TRUE);
}

static JsonObject *
method_of (JsonObject *report,
           const char *method)
{
  JsonArray *methods = json_object_get_array_member (report, "by_method");

  for (guint i = 0; i < json_array_get_length (methods); i++)
    {
      JsonObject *m = json_array_get_object_element (methods, i);

      if (g_str_equal (json_object_get_string_member (m, "method"), method))
        return m;
    }
  g_error ("no method %s in the report", method);
}

static void
test_report (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) a = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) b = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) elsewhere = enroll_terminal (fx, 2);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) bad = NULL;
  g_autofree char *today = NULL;
  g_autofree char *path = NULL;
  g_autofree char *cashier_path = NULL;
  gint64 product = 3, price = 9500, cash = 0, card = 0, count = 0, refunded = 0;
  char *first_sale = NULL;
  JsonObject *report;
  guint status;

  /* Sales from two tills of outlet 1, cash and card; one from outlet 2. */
  for (guint i = 0; i < 6; i++)
    {
      TestTerminal *t = i % 2 == 0 ? a : b;
      g_autoptr(KasirSale) sale = make_sale (&product, &price, NULL, (gint64) i + 1, 1);
      g_autoptr(KasirPushResult) result = NULL;
      KasirPayment *paid = sale->payments->pdata[0];

      sale->staff_id = STAFF_CASHIER_1;
      if (i % 3 == 1)
        paid->method = KASIR_PAYMENT_CARD;
      result = push_one (fx, t, make_sale_mutation (t, sale));
      g_assert_cmpint (result->status, !=, KASIR_RESULT_REJECTED);
      if (paid->method == KASIR_PAYMENT_CARD)
        card += sale->total;
      else
        cash += sale->total;
      count++;
      if (today == NULL)
        today = g_strndup (sale->created_at, 10);
      if (first_sale == NULL)
        first_sale = g_strdup (sale->sale_id);
    }
  {
    g_autoptr(KasirSale) other = make_sale (&product, &price, NULL, 5, 1);
    g_autoptr(KasirPushResult) result = NULL;

    other->staff_id = STAFF_CASHIER_2;
    result = push_one (fx, elsewhere, make_sale_mutation (elsewhere, other));
    g_assert_cmpint (result->status, !=, KASIR_RESULT_REJECTED);
  }
  /* A cash refund of one unit of the first sale. */
  {
    g_autofree char *refund_id = kasir_uuid_new ();
    g_autofree char *now = kasir_now_rfc3339 ();
    g_autoptr(KasirPushResult) result = NULL;

    result = push_one (fx, a, make_mutation (a, KASIR_MUTATION_SALE_REFUND,
                                             payload_printf ("{'refund_id':'%s','sale_id':'%s','reason':'rusak',"
                                                             "'staff_id':%d,'lines':[{'product_id':3,'qty':1,"
                                                             "'amount':9500}],'payments':[{'method':'cash',"
                                                             "'amount':9500}],'total':9500,'created_at':'%s'}",
                                                             refund_id, first_sale, STAFF_MANAGER_1, now)));
    g_assert_cmpint (result->status, ==, KASIR_RESULT_APPLIED);
    refunded = 9500;
  }
  g_free (first_sale);

  path = g_strdup_printf ("/api/v1/reports/summary?from=%s&to=%s&staff_id=%d", today, today, STAFF_MANAGER_1);
  reply = http_json (fx, "GET", path, a->token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  report = json_node_get_object (reply);
  g_assert_cmpint (json_object_get_int_member (report, "sales"), ==, count);
  g_assert_cmpint (json_object_get_int_member (report, "total"), ==, cash + card);
  g_assert_cmpint (json_object_get_int_member (report, "refunds"), ==, refunded);
  g_assert_cmpint (json_object_get_int_member (report, "net"), ==, cash + card - refunded);
  g_assert_cmpint (json_object_get_int_member (report, "average_basket"), ==, (cash + card) / count);
  g_assert_cmpint (json_object_get_int_member (method_of (report, "cash"), "sales"), ==, cash);
  g_assert_cmpint (json_object_get_int_member (method_of (report, "cash"), "refunds"), ==, refunded);
  g_assert_cmpint (json_object_get_int_member (method_of (report, "cash"), "net"), ==, cash - refunded);
  g_assert_cmpint (json_object_get_int_member (method_of (report, "card"), "net"), ==, card);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "top_products")), ==, 1);
  /* The cashier who sold, and the manager who gave money back. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "by_cashier")), ==, 2);

  /* A cashier named as the approver is refused; so is a date that is not one. */
  cashier_path = g_strdup_printf ("/api/v1/reports/summary?from=%s&to=%s&staff_id=%d", today, today,
                                  STAFF_CASHIER_1);
  refused = http_json (fx, "GET", cashier_path, a->token, NULL, &status);
  g_assert_cmpuint (status, ==, 403);
  bad = http_json (fx, "GET", "/api/v1/reports/summary?from=2026-13-01&to=2026-12-31&staff_id=1", a->token,
                   NULL, &status);
  g_assert_cmpuint (status, ==, 400);
  server_fixture_free (fx);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Server/Office/category", test_category);
  g_test_add_func ("/Kasir/Server/Office/product-create", test_product_create);
  g_test_add_func ("/Kasir/Server/Office/duplicate-barcode-keep-both", test_duplicate_barcode_keep_both);
  g_test_add_func ("/Kasir/Server/Office/duplicate-barcode-merge", test_duplicate_barcode_merge);
  g_test_add_func ("/Kasir/Server/Office/duplicate-sku-merge", test_duplicate_sku_merge);
  g_test_add_func ("/Kasir/Server/Office/report", test_report);

  return g_test_run ();
}
