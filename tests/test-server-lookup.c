/* test-server-lookup.c — GET /api/v1/sales/lookup?receipt=… over real HTTP, on both
 * backends: a sale pushed by one till of the outlet is found by another till of it, with
 * its lines, payments and what refunds gave back of each line; a receipt of another
 * outlet answers 404 like one that no till has pushed; a missing receipt is a 400.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "server-data/server-staff-util.h"

static JsonNode *
lookup (ServerFixture *fx,
        TestTerminal  *t,
        const char    *receipt,
        guint         *status)
{
  g_autofree char *escaped = g_uri_escape_string (receipt, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/sales/lookup?receipt=%s", escaped);

  return http_json (fx, "GET", path, t->token, NULL, status);
}

static void
refund_one (ServerFixture *fx,
            TestTerminal  *t,
            const char    *sale_id,
            gint64         product,
            gint64         qty,
            gint64         amount)
{
  g_autofree char *refund_id = kasir_uuid_new ();
  g_autofree char *now = kasir_now_rfc3339 ();
  g_autoptr(KasirPushResult) result = NULL;

  result = push_one (fx, t, make_mutation (t, KASIR_MUTATION_SALE_REFUND,
                                           payload_printf ("{'refund_id':'%s','sale_id':'%s','reason':'rusak',"
                                                           "'staff_id':%d,'lines':[{'product_id':%" G_GINT64_FORMAT
                                                           ",'qty':%" G_GINT64_FORMAT ",'amount':%" G_GINT64_FORMAT
                                                           "}],'payments':[{'method':'cash','amount':%"
                                                           G_GINT64_FORMAT "}],'total':%" G_GINT64_FORMAT
                                                           ",'created_at':'%s'}", refund_id, sale_id,
                                                           STAFF_MANAGER_1, product, qty, amount, amount,
                                                           amount, now)));
  g_assert_cmpint (result->status, ==, KASIR_RESULT_APPLIED);
}

static void
test_found (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) a = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) b = enroll_terminal (fx, 1);
  gint64 products[] = { 3, 4 }, prices[] = { 9500, 12000 };
  g_autoptr(KasirSale) sale = make_sale (products, prices, NULL, 3, 2);
  g_autoptr(KasirPushResult) pushed = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) by_id = NULL;
  JsonObject *s;
  JsonArray *lines;
  guint status;

  sale->staff_id = STAFF_CASHIER_1;
  pushed = push_one (fx, a, make_sale_mutation (a, sale));
  g_assert_cmpint (pushed->status, !=, KASIR_RESULT_REJECTED);

  before = lookup (fx, b, sale->receipt_no, &status);
  g_assert_cmpuint (status, ==, 200);
  s = json_object_get_object_member (json_node_get_object (before), "sale");
  g_assert_cmpstr (json_object_get_string_member (s, "sale_id"), ==, sale->sale_id);
  g_assert_cmpstr (json_object_get_string_member (s, "receipt_no"), ==, sale->receipt_no);
  g_assert_cmpint (json_object_get_int_member (s, "terminal_id"), ==, a->terminal_id);
  g_assert_cmpint (json_object_get_int_member (s, "total"), ==, sale->total);
  g_assert_cmpint (json_object_get_int_member (s, "refunded_total"), ==, 0);
  lines = json_object_get_array_member (s, "lines");
  g_assert_cmpuint (json_array_get_length (lines), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *l = json_array_get_object_element (lines, i);
      const KasirSaleLine *want = sale->lines->pdata[i];

      g_assert_cmpint (json_object_get_int_member (l, "product_id"), ==, want->product_id);
      g_assert_cmpint (json_object_get_int_member (l, "qty"), ==, want->qty);
      g_assert_cmpint (json_object_get_int_member (l, "total"), ==, want->total);
      g_assert_cmpint (json_object_get_int_member (l, "refunded_qty"), ==, 0);
    }
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (s, "payments")), ==,
                    sale->payments->len);

  /* Refunds from both tills count on the line they gave back, and in all. */
  refund_one (fx, a, sale->sale_id, 4, 1, 12000);
  refund_one (fx, b, sale->sale_id, 4, 1, 12000);
  after = lookup (fx, b, sale->receipt_no, &status);
  g_assert_cmpuint (status, ==, 200);
  s = json_object_get_object_member (json_node_get_object (after), "sale");
  g_assert_cmpint (json_object_get_int_member (s, "refunded_total"), ==, 24000);
  lines = json_object_get_array_member (s, "lines");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (lines, 0), "refunded_qty"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (lines, 1), "refunded_qty"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (lines, 1), "refunded_amount"), ==,
                   24000);

  /* The sale id (as a scanned receipt may carry it) finds it too. */
  by_id = lookup (fx, a, sale->sale_id, &status);
  g_assert_cmpuint (status, ==, 200);
  server_fixture_free (fx);
}

static void
test_not_found (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) a = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) elsewhere = enroll_terminal (fx, 2);
  gint64 product = 3, price = 9500;
  g_autoptr(KasirSale) sale = make_sale (&product, &price, NULL, 1, 1);
  g_autoptr(KasirPushResult) pushed = NULL;
  g_autoptr(JsonNode) other = NULL;
  g_autoptr(JsonNode) other_id = NULL;
  g_autoptr(JsonNode) unknown = NULL;
  g_autoptr(JsonNode) own = NULL;
  g_autoptr(JsonNode) missing = NULL;
  guint status;

  pushed = push_one (fx, a, make_sale_mutation (a, sale));
  g_assert_cmpint (pushed->status, !=, KASIR_RESULT_REJECTED);

  /* Another outlet's till learns nothing of it. */
  other = lookup (fx, elsewhere, sale->receipt_no, &status);
  g_assert_cmpuint (status, ==, 404);
  other_id = lookup (fx, elsewhere, sale->sale_id, &status);
  g_assert_cmpuint (status, ==, 404);
  unknown = lookup (fx, a, "9-999999x", &status);
  g_assert_cmpuint (status, ==, 404);
  own = lookup (fx, a, sale->receipt_no, &status);
  g_assert_cmpuint (status, ==, 200);
  missing = http_json (fx, "GET", "/api/v1/sales/lookup", a->token, NULL, &status);
  g_assert_cmpuint (status, ==, 400);
  server_fixture_free (fx);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Server/Lookup/found", test_found);
  g_test_add_func ("/Kasir/Server/Lookup/not-found", test_not_found);

  return g_test_run ();
}
