/* test-server-refund-points.c — a refund moves a member's points on a real kasir-server,
 * on both backends: each refund takes back the refunded share of the points the sale
 * earned (rounded in the shop's favour), money given back as points gives back the
 * points that paid for it, refunds in parts add up to exactly what the sale moved, and a
 * refund pushed twice moves nothing the second time.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "server-data/server-test-util.h"
#include "kasir-loyalty.h"

static const gint64 P3 = 3;

/* A refund of one unit (@amount) of @sale, given back @as_points as points and the rest
 * in cash; @refund_id NULL makes a new one. */
static KasirMutation *
refund_one (TestTerminal    *t,
            const KasirSale *sale,
            const char      *refund_id,
            KasirMoney       amount,
            KasirMoney       as_points)
{
  KasirRefundLine line = { P3, 1, amount, 0 };
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  g_autoptr(GPtrArray) pays = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  g_autofree char *id = refund_id != NULL ? g_strdup (refund_id) : kasir_uuid_new ();
  g_autofree char *at = kasir_now_rfc3339 ();
  KasirRefund refund = { 0 };

  refund.refund_id = id;
  refund.sale_id = sale->sale_id;
  refund.reason = (char *) "changed mind";
  refund.staff_id = cashier_of (t);
  g_ptr_array_add (lines, &line);
  refund.lines = lines;
  if (as_points > 0)
    g_ptr_array_add (pays, kasir_payment_new (KASIR_PAYMENT_POINTS, as_points));
  if (amount - as_points > 0)
    g_ptr_array_add (pays, kasir_payment_new (KASIR_PAYMENT_CASH, amount - as_points));
  refund.payments = pays;
  refund.total = amount;
  refund.created_at = at;
  return make_mutation (t, KASIR_MUTATION_SALE_REFUND, kasir_protocol_encode_refund (&refund));
}

static gint64
points_of (ServerFixture *fx)
{
  return db_int (fx, "SELECT loyalty_points FROM customers WHERE member_code = 'M-0501'");
}

static void
test_refund_moves_points (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t = enroll_terminal (fx, 1);
  g_autoptr(KasirPushResult) r = NULL;
  g_autoptr(KasirSale) sale = NULL;
  JsonObject *fields = json_object_new ();
  KasirMutation *first;
  g_autofree char *first_id = NULL;
  gint64 pid = P3, price = 9500, id;
  gint64 taken = 0, given = 0, step;

  json_object_set_string_member (fields, "name", "Dewi Lestari");
  json_object_set_string_member (fields, "member_code", "M-0501");
  {
    g_autofree char *client_id = kasir_uuid_new ();
    KasirEdit edit = { .entity_id = 0, .client_id = client_id, .base_version = 0, .staff_id = cashier_of (t) };
    g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

    json_node_take_object (node, fields);
    edit.fields = node;
    r = push_one (fx, t, make_mutation (t, KASIR_MUTATION_CUSTOMER_UPSERT,
                                        kasir_protocol_encode_customer_upsert (&edit)));
    g_assert_cmpint (r->status, ==, KASIR_RESULT_APPLIED);
    g_clear_pointer (&r, kasir_push_result_free);
  }
  id = db_int (fx, "SELECT id FROM customers WHERE member_code = 'M-0501'");
  db_exec (fx, "UPDATE customers SET loyalty_points = 1000 WHERE member_code = 'M-0501'");

  /* Three at Rp 9.500 = Rp 28.500: 200 points paid Rp 2.000, the rest in cash earned
   * floor(26.500 / 1.000) = 26 points. 1000 - 200 + 26. */
  sale = make_sale (&pid, &price, NULL, 3, 1);
  sale->customer_id = id;
  sale->loyalty_redeemed = 200;
  sale->loyalty_earned = kasir_loyalty_points_earned (28500 - 2000, 1000);
  g_assert_cmpint (sale->loyalty_earned, ==, 26);
  ((KasirPayment *) g_ptr_array_index (sale->payments, 0))->amount = 28500 - 2000;
  g_ptr_array_add (sale->payments, kasir_payment_new (KASIR_PAYMENT_POINTS, 2000));
  r = push_one (fx, t, make_sale_mutation (t, sale));
  g_assert_cmpint (r->status, ==, KASIR_RESULT_APPLIED);
  g_clear_pointer (&r, kasir_push_result_free);
  g_assert_cmpint (points_of (fx), ==, 826);

  /* One back in cash: she keeps floor(26 × 19.000 / 28.500) = 17 of the 26. */
  first = refund_one (t, sale, NULL, 9500, 0);
  first_id = g_strdup (json_object_get_string_member (json_node_get_object (first->payload), "refund_id"));
  r = push_one (fx, t, first);
  g_assert_cmpint (r->status, ==, KASIR_RESULT_APPLIED);
  g_clear_pointer (&r, kasir_push_result_free);
  step = kasir_loyalty_points_taken_back (26, 28500, 0, 9500);
  g_assert_cmpint (step, ==, 9);
  taken += step;
  g_assert_cmpint (points_of (fx), ==, 826 - taken);

  /* The same refund again (a till that did not hear the answer): nothing moves. */
  r = push_one (fx, t, refund_one (t, sale, first_id, 9500, 0));
  g_assert_cmpint (r->status, ==, KASIR_RESULT_APPLIED);
  g_clear_pointer (&r, kasir_push_result_free);
  g_assert_cmpint (db_int (fx, "SELECT count(*) FROM refunds"), ==, 1);
  g_assert_cmpint (points_of (fx), ==, 826 - taken);

  /* One back with Rp 1.000 of it as points: 9 more taken back, and half of the points
   * that paid (100 of 200) given back. */
  r = push_one (fx, t, refund_one (t, sale, NULL, 9500, 1000));
  g_assert_cmpint (r->status, ==, KASIR_RESULT_APPLIED);
  g_clear_pointer (&r, kasir_push_result_free);
  taken += kasir_loyalty_points_taken_back (26, 28500, 9500, 9500);
  given += kasir_loyalty_points_given_back (200, 2000, 0, 1000);
  g_assert_cmpint (given, ==, 100);
  g_assert_cmpint (points_of (fx), ==, 826 - taken + given);

  /* The last one, the rest of the points with it: the sale moved nothing in the end,
   * her balance is what it was before it. */
  r = push_one (fx, t, refund_one (t, sale, NULL, 9500, 1000));
  g_assert_cmpint (r->status, ==, KASIR_RESULT_APPLIED);
  g_clear_pointer (&r, kasir_push_result_free);
  g_assert_cmpint (points_of (fx), ==, 1000);
  g_assert_cmpint (db_int (fx, "SELECT count(*) FROM refunds"), ==, 3);

  server_fixture_free (fx);
}

/* Points already spent are not taken twice: the balance stops at zero. */
static void
test_refund_points_floor (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t = enroll_terminal (fx, 1);
  g_autoptr(KasirPushResult) r = NULL;
  g_autoptr(KasirSale) sale = NULL;
  gint64 pid = P3, price = 9500, id;

  {
    g_autofree char *client_id = kasir_uuid_new ();
    KasirEdit edit = { .entity_id = 0, .client_id = client_id, .base_version = 0, .staff_id = cashier_of (t) };
    g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
    JsonObject *fields = json_object_new ();

    json_object_set_string_member (fields, "name", "Budi Santoso");
    json_object_set_string_member (fields, "member_code", "M-0501");
    json_node_take_object (node, fields);
    edit.fields = node;
    r = push_one (fx, t, make_mutation (t, KASIR_MUTATION_CUSTOMER_UPSERT,
                                        kasir_protocol_encode_customer_upsert (&edit)));
    g_clear_pointer (&r, kasir_push_result_free);
  }
  id = db_int (fx, "SELECT id FROM customers WHERE member_code = 'M-0501'");
  sale = make_sale (&pid, &price, NULL, 2, 1);
  sale->customer_id = id;
  sale->loyalty_earned = 19;
  r = push_one (fx, t, make_sale_mutation (t, sale));
  g_clear_pointer (&r, kasir_push_result_free);
  g_assert_cmpint (points_of (fx), ==, 19);
  /* She spent them at another outlet's counter meanwhile (as the back office sees it). */
  db_exec (fx, "UPDATE customers SET loyalty_points = 4 WHERE member_code = 'M-0501'");

  r = push_one (fx, t, refund_one (t, sale, NULL, 9500, 0));
  g_assert_cmpint (r->status, ==, KASIR_RESULT_APPLIED);
  g_clear_pointer (&r, kasir_push_result_free);
  g_assert_cmpint (points_of (fx), ==, 0);

  server_fixture_free (fx);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Kasir/Server/RefundPoints/moves-points", test_refund_moves_points);
  g_test_add_func ("/Kasir/Server/RefundPoints/floor", test_refund_points_floor);
  return g_test_run ();
}
