/* test-server-lookup-lines.c — the other-till look-up (GET /api/v1/sales/lookup) reports
 * what was given back per sale LINE, on both backends: a sale with two lines of one
 * product, a refund of the second line (its "line_no" said) counts on that line only;
 * a refund that names no line (from a till before tills said it) still counts by product.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "server-data/server-staff-util.h"

static JsonArray *
lookup_lines (ServerFixture *fx,
              TestTerminal  *t,
              const char    *receipt,
              JsonNode     **keep)
{
  g_autofree char *escaped = g_uri_escape_string (receipt, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/sales/lookup?receipt=%s", escaped);
  guint status = 0;

  g_clear_pointer (keep, json_node_unref);
  *keep = http_json (fx, "GET", path, t->token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  return json_object_get_array_member (json_object_get_object_member (json_node_get_object (*keep), "sale"),
                                       "lines");
}

static gint64
given_back (JsonArray  *lines,
            guint       index,
            const char *member)
{
  return json_object_get_int_member (json_array_get_object_element (lines, index), member);
}

/* A refund of @qty of product 3 for @amount; @line_no 0 names no line. */
static void
refund (ServerFixture *fx,
        TestTerminal  *t,
        const char    *sale_id,
        gint64         line_no,
        gint64         qty,
        gint64         amount)
{
  g_autofree char *refund_id = kasir_uuid_new ();
  g_autofree char *now = kasir_now_rfc3339 ();
  g_autofree char *line = line_no > 0 ? g_strdup_printf (",'line_no':%" G_GINT64_FORMAT, line_no) : g_strdup ("");
  g_autoptr(KasirPushResult) result = NULL;

  result = push_one (fx, t, make_mutation (t, KASIR_MUTATION_SALE_REFUND,
                                           payload_printf ("{'refund_id':'%s','sale_id':'%s','reason':'rusak',"
                                                           "'staff_id':%d,'lines':[{'product_id':3,'qty':%"
                                                           G_GINT64_FORMAT ",'amount':%" G_GINT64_FORMAT "%s}],"
                                                           "'payments':[{'method':'cash','amount':%"
                                                           G_GINT64_FORMAT "}],'total':%" G_GINT64_FORMAT
                                                           ",'created_at':'%s'}", refund_id, sale_id,
                                                           STAFF_MANAGER_1, qty, amount, line, amount, amount,
                                                           now)));
  g_assert_cmpint (result->status, ==, KASIR_RESULT_APPLIED);
}

static void
test_per_line (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) a = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) b = enroll_terminal (fx, 1);
  /* Product 3 twice: three at the shelf price, then two more at a lower one. */
  gint64 products[] = { 3, 3 }, prices[] = { 9500, 9000 };
  g_autoptr(KasirSale) sale = make_sale (products, prices, NULL, 3, 2);
  g_autoptr(KasirPushResult) pushed = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *lines;

  sale->staff_id = STAFF_CASHIER_1;
  pushed = push_one (fx, a, make_sale_mutation (a, sale));
  g_assert_cmpint (pushed->status, ==, KASIR_RESULT_APPLIED);

  /* Two of the second line back, on till A: the look-up from till B puts them there. */
  refund (fx, a, sale->sale_id, 2, 2, 18000);
  lines = lookup_lines (fx, b, sale->receipt_no, &node);
  g_assert_cmpuint (json_array_get_length (lines), ==, 2);
  g_assert_cmpint (given_back (lines, 0, "refunded_qty"), ==, 0);
  g_assert_cmpint (given_back (lines, 0, "refunded_amount"), ==, 0);
  g_assert_cmpint (given_back (lines, 1, "refunded_qty"), ==, 2);
  g_assert_cmpint (given_back (lines, 1, "refunded_amount"), ==, 18000);

  /* One of the first line, also said: each line keeps its own. */
  refund (fx, b, sale->sale_id, 1, 1, 9500);
  lines = lookup_lines (fx, a, sale->receipt_no, &node);
  g_assert_cmpint (given_back (lines, 0, "refunded_qty"), ==, 1);
  g_assert_cmpint (given_back (lines, 0, "refunded_amount"), ==, 9500);
  g_assert_cmpint (given_back (lines, 1, "refunded_qty"), ==, 2);

  /* A refund that names no line counts by product, on each line of it, as before. */
  refund (fx, a, sale->sale_id, 0, 1, 9500);
  lines = lookup_lines (fx, b, sale->receipt_no, &node);
  g_assert_cmpint (given_back (lines, 0, "refunded_qty"), ==, 2);
  g_assert_cmpint (given_back (lines, 1, "refunded_qty"), ==, 3);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM refund_lines WHERE sale_line_no IS NULL"), ==, 1);
  server_fixture_free (fx);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Kasir/Server/LookupLines/per-line", test_per_line);
  return g_test_run ();
}
