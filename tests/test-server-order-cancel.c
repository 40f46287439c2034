/* test-server-order-cancel.c — cancelling an open order on the server, over real HTTP,
 * on both backends: an order.cancel approved by a manager marks the order cancelled with
 * its reason and approver, and the listing shows it as cancelled (so the till that sent
 * it drops it) and never as open; a cashier's approval, an unknown order, a paid order or
 * a reason of nothing is rejected and changes nothing; a second cancel changes nothing;
 * an order.add to a cancelled order is rejected; a sale paying a cancelled order (a till
 * that was offline) is recorded, beside an order_paid_twice conflict that says the order
 * was cancelled.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "server-data/server-staff-util.h"

static KasirMutation *
order_open (TestTerminal *t,
            const char   *order_id)
{
  g_autofree char *now = kasir_now_rfc3339 ();

  return make_mutation (t, KASIR_MUTATION_ORDER_OPEN,
                        payload_printf ("{'order_id':'%s','staff_id':%d,'label':'Meja 7',"
                                        "'ticket_no':'1-0001','items':[{'product_id':3,'name':'Kopi',"
                                        "'qty':2,'note':'no ice'}],'cart':{'version':1,'lines':[]},"
                                        "'total':19000,'created_at':'%s'}", order_id, STAFF_CASHIER_1, now));
}

static KasirMutation *
order_add (TestTerminal *t,
           const char   *order_id)
{
  g_autofree char *now = kasir_now_rfc3339 ();

  return make_mutation (t, KASIR_MUTATION_ORDER_ADD,
                        payload_printf ("{'order_id':'%s','staff_id':%d,'ticket_no':'1-0002',"
                                        "'items':[{'product_id':3,'name':'Kopi','qty':1}],"
                                        "'cart':{'version':1,'lines':[]},'total':28500,'created_at':'%s'}",
                                        order_id, STAFF_CASHIER_1, now));
}

static KasirMutation *
order_cancel (TestTerminal *t,
              const char   *order_id,
              gint64        approved_by,
              const char   *reason)
{
  g_autofree char *now = kasir_now_rfc3339 ();

  return make_mutation (t, KASIR_MUTATION_ORDER_CANCEL,
                        payload_printf ("{'order_id':'%s','staff_id':%d,'approved_by':%" G_GINT64_FORMAT ","
                                        "'reason':'%s','created_at':'%s'}", order_id, STAFF_CASHIER_1,
                                        approved_by, reason, now));
}

static gint64
order_int (ServerFixture *fx,
           const char    *what,
           const char    *order_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM open_orders WHERE outlet_id = 1 AND id = '%s'",
                                          what, order_id);

  return db_int (fx, sql);
}

/* The state GET /api/v1/orders/open gives order @order_id for @t (NULL: not listed). */
static char *
listed_state (ServerFixture *fx,
              TestTerminal  *t,
              const char    *order_id)
{
  g_autoptr(JsonNode) answer = NULL;
  JsonArray *orders;
  guint status = 0;

  answer = http_json (fx, "GET", "/api/v1/orders/open", t->token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  orders = json_object_get_array_member (json_node_get_object (answer), "orders");
  for (guint i = 0; i < json_array_get_length (orders); i++)
    {
      JsonObject *order = json_array_get_object_element (orders, i);

      if (g_str_equal (json_object_get_string_member (order, "order_id"), order_id))
        return g_strdup (json_object_get_string_member (order, "state"));
    }
  return NULL;
}

static KasirSale *
paying_sale (const char *order_id)
{
  gint64 product = 3, price = 9500;
  KasirSale *sale = make_sale (&product, &price, NULL, 2, 1);

  sale->staff_id = STAFF_CASHIER_1;
  sale->open_order_id = g_strdup (order_id);
  return sale;
}

static void
test_cancel (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) a = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) b = enroll_terminal (fx, 1);
  g_autofree char *order_id = kasir_uuid_new ();
  g_autofree char *unknown = kasir_uuid_new ();
  g_autofree char *state = NULL;
  g_autoptr(KasirPushResult) opened = NULL;
  g_autoptr(KasirPushResult) by_cashier = NULL;
  g_autoptr(KasirPushResult) nowhere = NULL;
  g_autoptr(KasirPushResult) no_reason = NULL;
  g_autoptr(KasirPushResult) cancelled = NULL;
  g_autoptr(KasirPushResult) again = NULL;
  g_autoptr(KasirPushResult) added = NULL;

  opened = push_one (fx, a, order_open (a, order_id));
  g_assert_cmpint (opened->status, ==, KASIR_RESULT_APPLIED);

  /* A cashier cannot approve it; an unknown order or an empty reason is refused. */
  by_cashier = push_one (fx, b, order_cancel (b, order_id, STAFF_CASHIER_1, "tamu pergi"));
  g_assert_cmpint (by_cashier->status, ==, KASIR_RESULT_REJECTED);
  nowhere = push_one (fx, b, order_cancel (b, unknown, STAFF_MANAGER_1, "tamu pergi"));
  g_assert_cmpint (nowhere->status, ==, KASIR_RESULT_REJECTED);
  g_assert_true (g_str_has_prefix (nowhere->reason, "unknown_order"));
  no_reason = push_one (fx, b, order_cancel (b, order_id, STAFF_MANAGER_1, "  "));
  g_assert_cmpint (no_reason->status, ==, KASIR_RESULT_REJECTED);
  g_assert_cmpint (order_int (fx, "CASE WHEN state = 'open' THEN 1 ELSE 0 END", order_id), ==, 1);
  state = listed_state (fx, a, order_id);
  g_assert_cmpstr (state, ==, "open");
  g_clear_pointer (&state, g_free);

  /* Till B cancels till A's order with a manager's approval. */
  cancelled = push_one (fx, b, order_cancel (b, order_id, STAFF_MANAGER_1, "tamu pergi"));
  g_assert_cmpint (cancelled->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (order_int (fx, "CASE WHEN state = 'cancelled' THEN 1 ELSE 0 END", order_id), ==, 1);
  g_assert_cmpint (order_int (fx, "cancelled_by", order_id), ==, STAFF_MANAGER_1);
  g_assert_cmpint (order_int (fx, "CASE WHEN cancel_reason = 'tamu pergi' THEN 1 ELSE 0 END", order_id), ==, 1);
  state = listed_state (fx, a, order_id);
  g_assert_cmpstr (state, ==, "cancelled");
  g_clear_pointer (&state, g_free);

  /* Cancelled twice: nothing changes. Added to: refused. */
  again = push_one (fx, a, order_cancel (a, order_id, STAFF_MANAGER_1, "dobel"));
  g_assert_cmpint (again->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (order_int (fx, "CASE WHEN cancel_reason = 'tamu pergi' THEN 1 ELSE 0 END", order_id), ==, 1);
  added = push_one (fx, a, order_add (a, order_id));
  g_assert_cmpint (added->status, ==, KASIR_RESULT_REJECTED);
  g_assert_true (g_str_has_prefix (added->reason, "order_cancelled"));
  g_assert_cmpint (order_int (fx, "total", order_id), ==, 19000);
  server_fixture_free (fx);
}

static void
test_paid_and_paying_cancelled (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) a = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) b = enroll_terminal (fx, 1);
  g_autofree char *paid_id = kasir_uuid_new ();
  g_autofree char *cancelled_id = kasir_uuid_new ();
  g_autoptr(KasirSale) pays = paying_sale (paid_id);
  g_autoptr(KasirSale) late = paying_sale (cancelled_id);
  g_autoptr(KasirPushResult) r1 = NULL;
  g_autoptr(KasirPushResult) r2 = NULL;
  g_autoptr(KasirPushResult) r3 = NULL;
  g_autoptr(KasirPushResult) refused = NULL;
  g_autoptr(KasirPushResult) cancel = NULL;
  g_autoptr(KasirPushResult) paid_late = NULL;
  g_autofree char *server_side = NULL;
  g_autofree char *conflict = NULL;

  /* A paid order cannot be cancelled. */
  r1 = push_one (fx, a, order_open (a, paid_id));
  g_assert_cmpint (r1->status, ==, KASIR_RESULT_APPLIED);
  r2 = push_one (fx, a, make_sale_mutation (a, pays));
  g_assert_cmpint (r2->status, ==, KASIR_RESULT_APPLIED);
  refused = push_one (fx, b, order_cancel (b, paid_id, STAFF_MANAGER_1, "salah pesan"));
  g_assert_cmpint (refused->status, ==, KASIR_RESULT_REJECTED);
  g_assert_true (g_str_has_prefix (refused->reason, "order_paid"));
  g_assert_cmpint (order_int (fx, "CASE WHEN state = 'paid' THEN 1 ELSE 0 END", paid_id), ==, 1);

  /* Till A cancels an order that till B, offline, paid meanwhile: B's sale is recorded,
   * beside a conflict that says the order was cancelled; the order stays cancelled. */
  r3 = push_one (fx, a, order_open (a, cancelled_id));
  g_assert_cmpint (r3->status, ==, KASIR_RESULT_APPLIED);
  cancel = push_one (fx, a, order_cancel (a, cancelled_id, STAFF_MANAGER_1, "tamu pergi"));
  g_assert_cmpint (cancel->status, ==, KASIR_RESULT_APPLIED);
  paid_late = push_one (fx, b, make_sale_mutation (b, late));
  g_assert_cmpint (paid_late->status, ==, KASIR_RESULT_APPLIED_WITH_CONFLICTS);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM sales"), ==, 2);
  g_assert_cmpint (order_int (fx, "CASE WHEN state = 'cancelled' THEN 1 ELSE 0 END", cancelled_id), ==, 1);
  conflict = g_strdup_printf ("SELECT COUNT(*) FROM conflicts WHERE kind = 'order_paid_twice' AND "
                              "status = 'open' AND entity = 'sale' AND entity_id = '%s'", late->sale_id);
  g_assert_cmpint (db_int (fx, conflict), ==, 1);
  server_side = db_text (fx, "SELECT server FROM conflicts WHERE kind = 'order_paid_twice'");
  g_assert_nonnull (strstr (server_side, cancelled_id));
  g_assert_nonnull (strstr (server_side, "\"cancelled\":true"));
  server_fixture_free (fx);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Server/OrderCancel/cancel", test_cancel);
  g_test_add_func ("/Kasir/Server/OrderCancel/paid-and-paying-cancelled", test_paid_and_paying_cancelled);

  return g_test_run ();
}
