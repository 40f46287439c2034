/* test-server-orders.c — open orders on the server, over real HTTP, on both backends:
 * an order sent on till A (order.open), items added on till A (order.add) and paid on
 * till B (a sale naming it): one sale, the order paid by till B's sale, both kitchen
 * tickets kept with their items. A second till paying the same order (it was offline): the
 * sale is recorded like any other, beside an order_paid_twice conflict naming both
 * payments; neither sale is lost. An order.add for an unknown order, an order opened
 * twice, or a send by a staff member of another outlet is rejected and stores nothing.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "server-data/server-staff-util.h"

static KasirMutation *
order_send (TestTerminal *t,
            gboolean      open,
            const char   *order_id,
            gint64        staff,
            const char   *ticket_no,
            gint64        qty,
            gint64        total)
{
  g_autofree char *now = kasir_now_rfc3339 ();
  const char *head = open ? "'label':'Meja 7','order_type':'dine_in','order_ref':'7'," : "";

  return make_mutation (t, open ? KASIR_MUTATION_ORDER_OPEN : KASIR_MUTATION_ORDER_ADD,
                        payload_printf ("{'order_id':'%s','staff_id':%" G_GINT64_FORMAT ",%s"
                                        "'ticket_no':'%s','items':[{'product_id':3,'name':'Kopi',"
                                        "'qty':%" G_GINT64_FORMAT ",'note':'less sugar'}],"
                                        "'cart':{'version':1,'lines':[]},'total':%" G_GINT64_FORMAT ","
                                        "'created_at':'%s'}", order_id, staff, head, ticket_no, qty,
                                        total, now));
}

static KasirSale *
paying_sale (const char *order_id,
             gint64      qty)
{
  gint64 product = 3, price = 9500;
  KasirSale *sale = make_sale (&product, &price, NULL, qty, 1);

  sale->staff_id = STAFF_CASHIER_1;
  sale->open_order_id = g_strdup (order_id);
  return sale;
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

/* Order @order_id as GET /api/v1/orders/open lists it for @t (NULL: not listed), and how
 * many orders were listed. The answer is kept in @answers. */
static JsonObject *
listed_order (ServerFixture *fx,
              GPtrArray     *answers,
              TestTerminal  *t,
              const char    *order_id,
              guint         *n_orders)
{
  JsonNode *answer;
  JsonArray *orders;
  guint status = 0;

  answer = http_json (fx, "GET", "/api/v1/orders/open", t->token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_ptr_array_add (answers, answer);
  orders = json_object_get_array_member (json_node_get_object (answer), "orders");
  *n_orders = json_array_get_length (orders);
  for (guint i = 0; i < *n_orders; i++)
    {
      JsonObject *order = json_array_get_object_element (orders, i);

      if (g_str_equal (json_object_get_string_member (order, "order_id"), order_id))
        return order;
    }
  return NULL;
}

static void
test_open_add_pay_elsewhere (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) a = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) b = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) elsewhere = enroll_terminal (fx, 2);
  g_autofree char *order_id = kasir_uuid_new ();
  g_autoptr(KasirSale) sale = paying_sale (order_id, 3);
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  JsonObject *listed;
  JsonArray *sent;
  guint n_orders = 0;
  g_autoptr(KasirPushResult) opened = NULL;
  g_autoptr(KasirPushResult) added = NULL;
  g_autoptr(KasirPushResult) paid = NULL;
  g_autofree char *paid_by = NULL;
  g_autofree char *tickets = NULL;

  opened = push_one (fx, a, order_send (a, TRUE, order_id, STAFF_CASHIER_1, "1-0001", 2, 19000));
  g_assert_cmpint (opened->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (order_int (fx, "total", order_id), ==, 19000);
  g_assert_cmpint (order_int (fx, "CASE WHEN state = 'open' THEN 1 ELSE 0 END", order_id), ==, 1);
  added = push_one (fx, a, order_send (a, FALSE, order_id, STAFF_CASHIER_1, "1-0002", 1, 28500));
  g_assert_cmpint (added->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (order_int (fx, "total", order_id), ==, 28500);
  tickets = g_strdup_printf ("SELECT COUNT(*) FROM open_order_tickets WHERE outlet_id = 1 AND order_id = '%s'",
                             order_id);
  g_assert_cmpint (db_int (fx, tickets), ==, 2);

  /* Every till of the outlet lists it, with what the kitchen was asked for so far; a
   * till of another outlet does not. */
  listed = listed_order (fx, answers, b, order_id, &n_orders);
  g_assert_nonnull (listed);
  g_assert_cmpint (json_object_get_int_member (listed, "total"), ==, 28500);
  g_assert_cmpstr (json_object_get_string_member (listed, "label"), ==, "Meja 7");
  g_assert_cmpstr (json_object_get_string_member (listed, "order_type"), ==, "dine_in");
  g_assert_cmpstr (json_object_get_string_member (listed, "state"), ==, "open");
  g_assert_cmpint (json_object_get_int_member (listed, "terminal_id"), ==, a->terminal_id);
  sent = json_object_get_array_member (listed, "sent");
  g_assert_cmpuint (json_array_get_length (sent), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (sent, 0), "qty"), ==, 3);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (listed, "cart")));
  g_assert_null (listed_order (fx, answers, elsewhere, order_id, &n_orders));
  g_assert_cmpuint (n_orders, ==, 0);

  /* Till B pays it: one sale on the server, the order paid by it. */
  paid = push_one (fx, b, make_sale_mutation (b, sale));
  g_assert_cmpint (paid->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM sales"), ==, 1);
  g_assert_cmpint (order_int (fx, "CASE WHEN state = 'paid' THEN 1 ELSE 0 END", order_id), ==, 1);
  g_assert_cmpint (order_int (fx, "paid_terminal_id", order_id), ==, b->terminal_id);
  paid_by = g_strdup_printf ("SELECT COUNT(*) FROM open_orders WHERE outlet_id = 1 AND paid_sale_id = '%s'",
                             sale->sale_id);
  g_assert_cmpint (db_int (fx, paid_by), ==, 1);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM conflicts WHERE kind = 'order_paid_twice'"), ==, 0);
  /* Listed as paid, so that till A learns it. */
  listed = listed_order (fx, answers, a, order_id, &n_orders);
  g_assert_cmpstr (json_object_get_string_member (listed, "state"), ==, "paid");
  server_fixture_free (fx);
}

static void
test_paid_twice (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) a = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) b = enroll_terminal (fx, 1);
  g_autofree char *order_id = kasir_uuid_new ();
  g_autoptr(KasirSale) on_a = paying_sale (order_id, 2);
  g_autoptr(KasirSale) on_b = paying_sale (order_id, 2);
  g_autoptr(KasirPushResult) opened = NULL;
  g_autoptr(KasirPushResult) first = NULL;
  g_autoptr(KasirPushResult) second = NULL;
  g_autofree char *conflict = NULL;
  g_autofree char *server_side = NULL;

  opened = push_one (fx, a, order_send (a, TRUE, order_id, STAFF_CASHIER_1, "1-0001", 2, 19000));
  g_assert_cmpint (opened->status, ==, KASIR_RESULT_APPLIED);
  /* Till B's sale arrives first (till A was offline when it was paid there too). */
  g_ptr_array_add (on_b->payments, kasir_payment_new (KASIR_PAYMENT_CARD, 1));
  ((KasirPayment *) on_b->payments->pdata[0])->amount -= 1;
  first = push_one (fx, b, make_sale_mutation (b, on_b));
  g_assert_cmpint (first->status, ==, KASIR_RESULT_APPLIED);
  second = push_one (fx, a, make_sale_mutation (a, on_a));
  g_assert_cmpint (second->status, ==, KASIR_RESULT_APPLIED_WITH_CONFLICTS);
  g_assert_cmpuint (second->conflict_ids->len, ==, 1);

  /* Neither sale is lost; the order stays paid by the first; the conflict names the
   * second sale, with its payments, and the first payment's till and amount. */
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM sales"), ==, 2);
  g_assert_cmpint (order_int (fx, "paid_terminal_id", order_id), ==, b->terminal_id);
  conflict = g_strdup_printf ("SELECT COUNT(*) FROM conflicts WHERE kind = 'order_paid_twice' AND "
                              "status = 'open' AND entity = 'sale' AND entity_id = '%s'", on_a->sale_id);
  g_assert_cmpint (db_int (fx, conflict), ==, 1);
  server_side = db_text (fx, "SELECT server FROM conflicts WHERE kind = 'order_paid_twice'");
  g_assert_nonnull (strstr (server_side, order_id));
  g_assert_nonnull (strstr (server_side, "\"paid_total\":19000"));
  {
    g_autofree char *terminal_side = db_text (fx, "SELECT terminal FROM conflicts WHERE kind = 'order_paid_twice'");

    g_assert_nonnull (strstr (terminal_side, "\"payments\""));
    g_assert_nonnull (strstr (terminal_side, on_a->sale_id));
  }
  server_fixture_free (fx);
}

static void
test_bad_sends (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) a = enroll_terminal (fx, 1);
  g_autofree char *order_id = kasir_uuid_new ();
  g_autofree char *unknown = kasir_uuid_new ();
  g_autoptr(KasirPushResult) ok = NULL;
  g_autoptr(KasirPushResult) twice = NULL;
  g_autoptr(KasirPushResult) nowhere = NULL;
  g_autoptr(KasirPushResult) foreign = NULL;
  g_autofree char *other_id = kasir_uuid_new ();

  ok = push_one (fx, a, order_send (a, TRUE, order_id, STAFF_CASHIER_1, "1-0001", 2, 19000));
  g_assert_cmpint (ok->status, ==, KASIR_RESULT_APPLIED);
  twice = push_one (fx, a, order_send (a, TRUE, order_id, STAFF_CASHIER_1, "1-0002", 1, 9500));
  g_assert_cmpint (twice->status, ==, KASIR_RESULT_REJECTED);
  g_assert_true (g_str_has_prefix (twice->reason, "duplicate_order"));
  nowhere = push_one (fx, a, order_send (a, FALSE, unknown, STAFF_CASHIER_1, "1-0003", 1, 9500));
  g_assert_cmpint (nowhere->status, ==, KASIR_RESULT_REJECTED);
  g_assert_true (g_str_has_prefix (nowhere->reason, "unknown_order"));
  /* A cashier of outlet 2 cannot open an order at outlet 1. */
  foreign = push_one (fx, a, order_send (a, TRUE, other_id, STAFF_CASHIER_2, "1-0004", 1, 9500));
  g_assert_cmpint (foreign->status, ==, KASIR_RESULT_REJECTED);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM open_orders"), ==, 1);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM open_order_tickets"), ==, 1);
  g_assert_cmpint (order_int (fx, "total", order_id), ==, 19000);
  server_fixture_free (fx);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Server/Orders/open-add-pay-elsewhere", test_open_add_pay_elsewhere);
  g_test_add_func ("/Kasir/Server/Orders/paid-twice", test_paid_twice);
  g_test_add_func ("/Kasir/Server/Orders/bad-sends", test_bad_sends);

  return g_test_run ();
}
