/* test-server-rules.c — server rules that only show over several mutations, over real
 * HTTP (found missing by breaking them by hand; see tests/README.md).
 *
 *  - refunds of one sale add up: each may be within the sale, but together they may not
 *    exceed it, in units or in money (each checked where the other holds); the one that
 *    would is rejected "exceeds_sale" and puts nothing back in stock.
 *  - the manager a refund names as its approver must be an active manager of the outlet:
 *    a cashier, a supervisor (kasir-roles.h: never a refund) or an unknown id is rejected
 *    and nothing goes back in stock.
 *  - shift.cash (a pay-in or pay-out) belongs to an open shift of the outlet: one of a
 *    closed or unknown shift is rejected and stores nothing; a pay-out's approver must
 *    be a manager.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-roles.h"
#include "server-data/server-staff-util.h"

static KasirMutation *
refund (TestTerminal *t,
        gint64        manager,
        const char   *sale_id,
        gint64        qty,
        gint64        amount)
{
  g_autofree char *refund_id = kasir_uuid_new ();
  g_autofree char *now = kasir_now_rfc3339 ();

  return make_mutation (t, KASIR_MUTATION_SALE_REFUND,
                        payload_printf ("{'refund_id':'%s','sale_id':'%s','reason':'kemasan rusak',"
                                        "'staff_id':%" G_GINT64_FORMAT ",'lines':[{'product_id':3,"
                                        "'qty':%" G_GINT64_FORMAT ",'amount':%" G_GINT64_FORMAT "}],"
                                        "'payments':[{'method':'cash','amount':%" G_GINT64_FORMAT "}],"
                                        "'total':%" G_GINT64_FORMAT ",'created_at':'%s'}",
                                        refund_id, sale_id, manager, qty, amount, amount, amount, now));
}

static void
test_refunds_add_up (void)
{
  ServerFixture *fx = server_fixture_new ();
  gint64 manager = add_staff (fx, 1, "Wulan Sari", "manager");
  gint64 cashier = add_staff (fx, 1, "Hendra Gunawan", "cashier");
  g_autoptr(TestTerminal) t = enroll_terminal (fx, 1);
  gint64 product = 3, price = 9500;
  g_autoptr(KasirSale) sale = make_sale (&product, &price, NULL, 3, 1);
  g_autoptr(KasirPushResult) sold = NULL;
  g_autoptr(KasirPushResult) first = NULL;
  g_autoptr(KasirPushResult) second = NULL;
  g_autoptr(KasirPushResult) third = NULL;
  g_autoptr(KasirPushResult) last = NULL;
  const char *stock = "SELECT qty FROM stock WHERE product_id = 3 AND outlet_id = 1";

  sale->staff_id = cashier;
  sold = push_one (fx, t, make_sale_mutation (t, sale));
  g_assert_cmpint (sold->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (db_int (fx, stock), ==, 47);

  /* Units: 2 of 3 units back (for part of their price), then 1: every unit. */
  first = push_one (fx, t, refund (t, manager, sale->sale_id, 2, 6000));
  g_assert_cmpint (first->status, ==, KASIR_RESULT_APPLIED);
  second = push_one (fx, t, refund (t, manager, sale->sale_id, 1, 3000));
  g_assert_cmpint (second->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (db_int (fx, stock), ==, 50);

  /* One more unit, alone within the sale and with money to spare, is one too many. */
  third = push_one (fx, t, refund (t, manager, sale->sale_id, 1, 3000));
  g_assert_cmpint (third->status, ==, KASIR_RESULT_REJECTED);
  g_assert_true (g_str_has_prefix (third->reason, "exceeds_sale"));
  g_assert_cmpint (db_int (fx, stock), ==, 50);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM refunds"), ==, 2);
  g_assert_cmpint (db_int (fx, "SELECT SUM(total) FROM refunds"), ==, 9000);

  /* Money: a second sale of 3 units (28500); one unit refunded for 19000 (a broken
   * pack of three, say), then another for 19000: units within the sale, money not. */
  {
    g_autoptr(KasirSale) other = make_sale (&product, &price, NULL, 3, 1);
    g_autoptr(KasirPushResult) sold2 = NULL;
    g_autoptr(KasirPushResult) a = NULL;
    g_autoptr(KasirPushResult) b = NULL;

    other->staff_id = cashier;
    sold2 = push_one (fx, t, make_sale_mutation (t, other));
    g_assert_cmpint (sold2->status, ==, KASIR_RESULT_APPLIED);
    a = push_one (fx, t, refund (t, manager, other->sale_id, 1, 19000));
    g_assert_cmpint (a->status, ==, KASIR_RESULT_APPLIED);
    b = push_one (fx, t, refund (t, manager, other->sale_id, 1, 19000));
    g_assert_cmpint (b->status, ==, KASIR_RESULT_REJECTED);
    g_assert_true (g_str_has_prefix (b->reason, "exceeds_sale"));
    g_assert_cmpint (db_int (fx, stock), ==, 48);
    g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM refunds"), ==, 3);
  }

  /* The queue moves on. */
  last = push_one (fx, t, make_mutation (t, KASIR_MUTATION_STOCK_ADJUST,
                                         payload_printf ("{'product_id':3,'delta':-1,'reason':'rusak',"
                                                         "'staff_id':%" G_GINT64_FORMAT "}", manager)));
  g_assert_cmpint (last->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (db_int (fx, "SELECT last_seq FROM terminals"), ==, 8);
  server_fixture_free (fx);
}

/* A refund with @approver named as the manager who approved it. */
static KasirMutation *
approved_refund (TestTerminal *t,
                 gint64        staff,
                 gint64        approver,
                 const char   *sale_id)
{
  g_autofree char *refund_id = kasir_uuid_new ();
  g_autofree char *now = kasir_now_rfc3339 ();

  return make_mutation (t, KASIR_MUTATION_SALE_REFUND,
                        payload_printf ("{'refund_id':'%s','sale_id':'%s','reason':'salah ukuran',"
                                        "'staff_id':%" G_GINT64_FORMAT ",'approved_by':%" G_GINT64_FORMAT ","
                                        "'lines':[{'product_id':3,'qty':1,'amount':9500}],"
                                        "'payments':[{'method':'cash','amount':9500}],"
                                        "'total':9500,'created_at':'%s'}",
                                        refund_id, sale_id, staff, approver, now));
}

static void
test_refund_approver (void)
{
  ServerFixture *fx = server_fixture_new ();
  gint64 manager = add_staff (fx, 1, "Wulan Sari", "manager");
  gint64 cashier = add_staff (fx, 1, "Hendra Gunawan", "cashier");
  gint64 elsewhere = add_staff (fx, 2, "Rina Kusuma", "manager");
  gint64 supervisor = add_staff (fx, 1, "Lina Marlina", "supervisor");
  g_autoptr(TestTerminal) t = enroll_terminal (fx, 1);
  gint64 product = 3, price = 9500;
  g_autoptr(KasirSale) sale = make_sale (&product, &price, NULL, 3, 1);
  g_autoptr(KasirPushResult) sold = NULL;
  g_autoptr(KasirPushResult) by_cashier = NULL;
  g_autoptr(KasirPushResult) by_supervisor = NULL;
  g_autoptr(KasirPushResult) by_nobody = NULL;
  g_autoptr(KasirPushResult) by_other_outlet = NULL;
  g_autoptr(KasirPushResult) by_manager = NULL;
  const char *stock = "SELECT qty FROM stock WHERE product_id = 3 AND outlet_id = 1";

  sale->staff_id = cashier;
  sold = push_one (fx, t, make_sale_mutation (t, sale));
  g_assert_cmpint (sold->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (db_int (fx, stock), ==, 47);

  by_cashier = push_one (fx, t, approved_refund (t, cashier, cashier, sale->sale_id));
  g_assert_cmpint (by_cashier->status, ==, KASIR_RESULT_REJECTED);
  g_assert_true (g_str_has_prefix (by_cashier->reason, "forbidden"));
  /* kasir-roles.h: a supervisor approves discounts and voids, never a refund. */
  g_assert_false (kasir_role_may_approve ("supervisor", KASIR_APPROVE_REFUND));
  by_supervisor = push_one (fx, t, approved_refund (t, cashier, supervisor, sale->sale_id));
  g_assert_cmpint (by_supervisor->status, ==, KASIR_RESULT_REJECTED);
  g_assert_true (g_str_has_prefix (by_supervisor->reason, "forbidden"));
  by_nobody = push_one (fx, t, approved_refund (t, cashier, 987654, sale->sale_id));
  g_assert_cmpint (by_nobody->status, ==, KASIR_RESULT_REJECTED);
  g_assert_true (g_str_has_prefix (by_nobody->reason, "unknown_staff"));
  by_other_outlet = push_one (fx, t, approved_refund (t, cashier, elsewhere, sale->sale_id));
  g_assert_cmpint (by_other_outlet->status, ==, KASIR_RESULT_REJECTED);
  g_assert_true (g_str_has_prefix (by_other_outlet->reason, "unknown_staff"));
  g_assert_cmpint (db_int (fx, stock), ==, 47);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM refunds"), ==, 0);

  by_manager = push_one (fx, t, approved_refund (t, cashier, manager, sale->sale_id));
  g_assert_cmpint (by_manager->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (db_int (fx, stock), ==, 48);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM refunds"), ==, 1);
  server_fixture_free (fx);
}

/* Two tills refund one sale, each within it as far as it knows: the second is recorded
 * (its money was given) beside an open refunded_twice conflict, and restocks nothing; a
 * till going past the sale with its own refunds alone is refused. */
static void
test_refunded_twice (void)
{
  ServerFixture *fx = server_fixture_new ();
  gint64 cashier = add_staff (fx, 1, "Hendra Gunawan", "cashier");
  g_autoptr(TestTerminal) t1 = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) t2 = enroll_terminal (fx, 1);
  gint64 product = 3, price = 9500;
  g_autoptr(KasirSale) sale = make_sale (&product, &price, NULL, 3, 1);
  g_autoptr(KasirPushResult) sold = NULL;
  g_autoptr(KasirPushResult) first = NULL;
  g_autoptr(KasirPushResult) second = NULL;
  g_autoptr(KasirPushResult) past = NULL;
  g_autofree char *conflicts = NULL;
  const char *stock = "SELECT qty FROM stock WHERE product_id = 3 AND outlet_id = 1";

  sale->staff_id = cashier;
  sold = push_one (fx, t1, make_sale_mutation (t1, sale));
  g_assert_cmpint (sold->status, ==, KASIR_RESULT_APPLIED);
  first = push_one (fx, t1, refund (t1, cashier, sale->sale_id, 2, 19000));
  g_assert_cmpint (first->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (db_int (fx, stock), ==, 49);

  second = push_one (fx, t2, refund (t2, cashier, sale->sale_id, 2, 19000));
  g_assert_cmpint (second->status, ==, KASIR_RESULT_APPLIED_WITH_CONFLICTS);
  g_assert_cmpuint (second->conflict_ids->len, ==, 1);
  conflicts = g_strdup_printf ("SELECT COUNT(*) FROM conflicts WHERE kind = 'refunded_twice' AND "
                               "status = 'open' AND entity = 'sale' AND entity_id = '%s'", sale->sale_id);
  g_assert_cmpint (db_int (fx, conflicts), ==, 1);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM refunds"), ==, 2);
  g_assert_cmpint (db_int (fx, stock), ==, 49);

  /* Till 2's own refunds alone now go past the sale: its bug, refused. */
  past = push_one (fx, t2, refund (t2, cashier, sale->sale_id, 2, 9000));
  g_assert_cmpint (past->status, ==, KASIR_RESULT_REJECTED);
  g_assert_true (g_str_has_prefix (past->reason, "exceeds_sale"));
  g_assert_cmpint (db_int (fx, conflicts), ==, 1);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM refunds"), ==, 2);
  server_fixture_free (fx);
}

static KasirMutation *
shift_cash (TestTerminal *t,
            const char   *shift_id,
            gint64        staff,
            gint64        approver,
            const char   *direction,
            gint64        amount)
{
  g_autofree char *cash_id = kasir_uuid_new ();
  g_autofree char *now = kasir_now_rfc3339 ();
  g_autofree char *approved = approver > 0 ? g_strdup_printf ("'approved_by':%" G_GINT64_FORMAT ",",
                                                              approver) : g_strdup ("");

  return make_mutation (t, KASIR_MUTATION_SHIFT_CASH,
                        payload_printf ("{'cash_id':'%s','shift_id':'%s','staff_id':%" G_GINT64_FORMAT ","
                                        "%s'direction':'%s','reason':'petty_cash','note':'galon air',"
                                        "'amount':%" G_GINT64_FORMAT ",'created_at':'%s'}",
                                        cash_id, shift_id, staff, approved, direction, amount, now));
}

static void
test_shift_cash (void)
{
  ServerFixture *fx = server_fixture_new ();
  gint64 manager = add_staff (fx, 1, "Wulan Sari", "manager");
  gint64 cashier = add_staff (fx, 1, "Hendra Gunawan", "cashier");
  g_autoptr(TestTerminal) t = enroll_terminal (fx, 1);
  g_autofree char *shift_id = kasir_uuid_new ();
  g_autofree char *unknown_shift = kasir_uuid_new ();
  g_autofree char *now = kasir_now_rfc3339 ();
  g_autoptr(KasirPushResult) opened = NULL;
  g_autoptr(KasirPushResult) pay_in = NULL;
  g_autoptr(KasirPushResult) by_cashier = NULL;
  g_autoptr(KasirPushResult) pay_out = NULL;
  g_autoptr(KasirPushResult) unknown = NULL;
  g_autoptr(KasirPushResult) closed = NULL;
  g_autoptr(KasirPushResult) late = NULL;

  opened = push_one (fx, t, make_mutation (t, KASIR_MUTATION_SHIFT_OPEN,
                                           payload_printf ("{'shift_id':'%s','staff_id':%" G_GINT64_FORMAT ","
                                                           "'opening_float':200000,'opened_at':'%s'}",
                                                           shift_id, cashier, now)));
  g_assert_cmpint (opened->status, ==, KASIR_RESULT_APPLIED);

  pay_in = push_one (fx, t, shift_cash (t, shift_id, cashier, 0, "in", 50000));
  g_assert_cmpint (pay_in->status, ==, KASIR_RESULT_APPLIED);
  by_cashier = push_one (fx, t, shift_cash (t, shift_id, cashier, cashier, "out", 12500));
  g_assert_cmpint (by_cashier->status, ==, KASIR_RESULT_REJECTED);
  g_assert_true (g_str_has_prefix (by_cashier->reason, "forbidden"));
  pay_out = push_one (fx, t, shift_cash (t, shift_id, cashier, manager, "out", 12500));
  g_assert_cmpint (pay_out->status, ==, KASIR_RESULT_APPLIED);
  unknown = push_one (fx, t, shift_cash (t, unknown_shift, cashier, 0, "in", 1000));
  g_assert_cmpint (unknown->status, ==, KASIR_RESULT_REJECTED);
  g_assert_true (g_str_has_prefix (unknown->reason, "unknown_shift"));
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM shift_cash"), ==, 2);
  g_assert_cmpint (db_int (fx, "SELECT SUM(amount) FROM shift_cash WHERE direction = 'out'"), ==, 12500);
  g_assert_cmpint (db_int (fx, "SELECT approved_by FROM shift_cash WHERE direction = 'out'"), ==, manager);

  closed = push_one (fx, t, make_mutation (t, KASIR_MUTATION_SHIFT_CLOSE,
                                           payload_printf ("{'shift_id':'%s','staff_id':%" G_GINT64_FORMAT ","
                                                           "'closed_at':'%s','counted':[{'method':'cash',"
                                                           "'amount':237500}],'expected':[{'method':'cash',"
                                                           "'amount':237500}]}", shift_id, cashier, now)));
  g_assert_cmpint (closed->status, ==, KASIR_RESULT_APPLIED);
  /* The drawer was counted: money moved after that is refused, and the queue moves on. */
  late = push_one (fx, t, shift_cash (t, shift_id, cashier, 0, "in", 1000));
  g_assert_cmpint (late->status, ==, KASIR_RESULT_REJECTED);
  g_assert_true (g_str_has_prefix (late->reason, "shift_closed"));
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM shift_cash"), ==, 2);
  g_assert_cmpint (db_int (fx, "SELECT last_seq FROM terminals"), ==, 7);
  server_fixture_free (fx);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Kasir/Server/Rules/refunds-add-up", test_refunds_add_up);
  g_test_add_func ("/Kasir/Server/Rules/refund-approver", test_refund_approver);
  g_test_add_func ("/Kasir/Server/Rules/shift-cash", test_shift_cash);
  g_test_add_func ("/Kasir/Server/Rules/refunded-twice", test_refunded_twice);
  return g_test_run ();
}
