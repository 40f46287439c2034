/* test-server-payout.c — the server holds pay-outs to the outlet's limit, on both
 * backends: without the setting every pay-out needs a manager, as on the till; above
 * "shift.payout_approval_above_minor" a pay-out that names no manager is rejected as
 * approval_required (and changes nothing), at or below it, or approved by a manager, it
 * is taken; a negative limit asks for none; pay-ins never need one.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-setting-keys.h"
#include "server-data/server-staff-util.h"

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

/* Pushes a pay-in or pay-out and returns its status; a rejection must say why. */
static KasirResultStatus
push_cash (ServerFixture *fx,
           TestTerminal  *t,
           KasirMutation *m)
{
  g_autoptr(KasirPushResult) r = push_one (fx, t, m);

  if (r->status == KASIR_RESULT_REJECTED)
    g_assert_true (g_str_has_prefix (r->reason, "approval_required"));
  return r->status;
}

static void
set_limit (ServerFixture *fx,
           const char    *value)
{
  g_autofree char *sql = NULL;

  db_exec (fx, "DELETE FROM outlet_settings WHERE outlet_id = 1 AND key = '" KASIR_SETTING_PAYOUT_APPROVAL_ABOVE "'");
  if (value == NULL)
    return;
  sql = g_strdup_printf ("INSERT INTO outlet_settings (outlet_id, key, value) VALUES (1, '%s', '%s')",
                         KASIR_SETTING_PAYOUT_APPROVAL_ABOVE, value);
  db_exec (fx, sql);
}

static void
test_payout_limit (void)
{
  ServerFixture *fx = server_fixture_new ();
  gint64 manager = add_staff (fx, 1, "Wulan Sari", "manager");
  gint64 cashier = add_staff (fx, 1, "Hendra Gunawan", "cashier");
  g_autoptr(TestTerminal) t = enroll_terminal (fx, 1);
  g_autofree char *shift_id = kasir_uuid_new ();
  g_autofree char *now = kasir_now_rfc3339 ();
  g_autoptr(KasirPushResult) opened = NULL;

  opened = push_one (fx, t, make_mutation (t, KASIR_MUTATION_SHIFT_OPEN,
                                           payload_printf ("{'shift_id':'%s','staff_id':%" G_GINT64_FORMAT ","
                                                           "'opening_float':500000,'opened_at':'%s'}",
                                                           shift_id, cashier, now)));
  g_assert_cmpint (opened->status, ==, KASIR_RESULT_APPLIED);

  /* No setting: every pay-out needs a manager; a pay-in never does. */
  g_assert_cmpint (push_cash (fx, t, shift_cash (t, shift_id, cashier, 0, "out", 1)), ==, KASIR_RESULT_REJECTED);
  g_assert_cmpint (push_cash (fx, t, shift_cash (t, shift_id, cashier, 0, "in", 90000)), ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (push_cash (fx, t, shift_cash (t, shift_id, cashier, manager, "out", 1)), ==,
                   KASIR_RESULT_APPLIED);

  /* A limit of Rp 20.000: at it no approval is needed, above it one is. */
  set_limit (fx, "20000");
  g_assert_cmpint (push_cash (fx, t, shift_cash (t, shift_id, cashier, 0, "out", 20000)), ==,
                   KASIR_RESULT_APPLIED);
  g_assert_cmpint (push_cash (fx, t, shift_cash (t, shift_id, cashier, 0, "out", 20001)), ==,
                   KASIR_RESULT_REJECTED);
  g_assert_cmpint (push_cash (fx, t, shift_cash (t, shift_id, cashier, manager, "out", 20001)), ==,
                   KASIR_RESULT_APPLIED);

  /* A negative limit: pay-outs need nobody's approval. */
  set_limit (fx, "-1");
  g_assert_cmpint (push_cash (fx, t, shift_cash (t, shift_id, cashier, 0, "out", 150000)), ==,
                   KASIR_RESULT_APPLIED);

  /* Only what was taken is recorded; the refused ones changed nothing. */
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM shift_cash WHERE direction = 'out'"), ==, 4);
  g_assert_cmpint (db_int (fx, "SELECT SUM(amount) FROM shift_cash WHERE direction = 'out'"), ==,
                   1 + 20000 + 20001 + 150000);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM shift_cash WHERE direction = 'out' AND approved_by = 0"),
                   ==, 2);
  server_fixture_free (fx);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Kasir/Server/Payout/limit", test_payout_limit);
  return g_test_run ();
}
