/* test-server-supervisor.c — the server decides who may approve what with the till's own
 * table (kasir_role_may_approve, kasir-roles.h), never by comparing role names, so a
 * supervisor's rights are the same on both sides; on both backends:
 *
 *  - for every approval the server asks for, and every role, the server's rule answers
 *    what kasir_role_may_approve() answers;
 *  - over real HTTP, a supervisor sells and refunds (as the one who makes the refund),
 *    opens a shift and takes a pay-in: all applied; named as the approver of a refund, a
 *    pay-out or a staff change, or making a product, stock or category change, or
 *    reading the outlet report, it is refused ("forbidden", 403) and nothing is stored,
 *    where a manager doing the same is applied.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-roles.h"
#include "kasir-server-rules.h"
#include "server-data/server-staff-util.h"

static void
test_same_table (void)
{
  static const KasirServerRole roles[] = {
    KASIR_SERVER_ROLE_MANAGER, KASIR_SERVER_ROLE_APPROVE_STAFF, KASIR_SERVER_ROLE_APPROVE_REFUND,
    KASIR_SERVER_ROLE_APPROVE_DISCOUNT, KASIR_SERVER_ROLE_APPROVE_VOID,
  };
  guint kinds_seen = 0;

  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    for (guint s = 0; kasir_staff_roles[s] != NULL; s++)
      {
        KasirServerActor actor = { TRUE, 1, kasir_staff_roles[s], TRUE };
        g_autofree char *reason = NULL;
        KasirApproveKind kind;
        gboolean allowed;

        g_assert_true (kasir_server_rules_approval_of (roles[r], &kind));
        kinds_seen |= 1u << kind;
        allowed = kasir_server_rules_check_actor (&actor, 9, roles[r], 1, &reason);
        g_assert_cmpint (allowed, ==, kasir_role_may_approve (kasir_staff_roles[s], kind));
        if (!allowed)
          g_assert_true (g_str_has_prefix (reason, "forbidden"));
      }
  /* Every kind of approval has its server rule. */
  g_assert_cmpuint (kinds_seen, ==, (1u << (KASIR_APPROVE_TOOLS + 1)) - 1);
  /* Selling needs a staff member, not an approver: a supervisor or a cashier will do. */
  {
    KasirServerActor supervisor = { TRUE, 1, "supervisor", TRUE };
    g_autofree char *reason = NULL;

    g_assert_true (kasir_server_rules_check_actor (&supervisor, 9, KASIR_SERVER_ROLE_STAFF, 1, &reason));
    g_assert_cmpint (kasir_server_rules_role_for (KASIR_MUTATION_SALE_CREATE), ==, KASIR_SERVER_ROLE_STAFF);
    g_assert_cmpint (kasir_server_rules_role_for (KASIR_MUTATION_STAFF_UPSERT), ==,
                     KASIR_SERVER_ROLE_APPROVE_STAFF);
  }
}

static KasirMutation *
refund_of (TestTerminal *t,
           const char   *sale_id,
           gint64        staff,
           gint64        approver)
{
  g_autofree char *refund_id = kasir_uuid_new ();
  g_autofree char *now = kasir_now_rfc3339 ();
  g_autofree char *approved = approver > 0 ? g_strdup_printf (",'approved_by':%" G_GINT64_FORMAT, approver)
                                           : g_strdup ("");

  return make_mutation (t, KASIR_MUTATION_SALE_REFUND,
                        payload_printf ("{'refund_id':'%s','sale_id':'%s','reason':'salah ukuran',"
                                        "'staff_id':%" G_GINT64_FORMAT "%s,"
                                        "'lines':[{'product_id':3,'qty':1,'amount':9500}],"
                                        "'payments':[{'method':'cash','amount':9500}],"
                                        "'total':9500,'created_at':'%s'}",
                                        refund_id, sale_id, staff, approved, now));
}

static KasirMutation *
cash_of (TestTerminal *t,
         const char   *shift_id,
         gint64        staff,
         const char   *direction,
         gint64        approver)
{
  g_autofree char *id = kasir_uuid_new ();
  g_autofree char *now = kasir_now_rfc3339 ();
  g_autofree char *approved = approver > 0 ? g_strdup_printf (",'approved_by':%" G_GINT64_FORMAT, approver)
                                           : g_strdup ("");

  return make_mutation (t, KASIR_MUTATION_SHIFT_CASH,
                        payload_printf ("{'cash_id':'%s','shift_id':'%s','staff_id':%" G_GINT64_FORMAT "%s,"
                                        "'direction':'%s','reason':'other','note':'galon air',"
                                        "'amount':20000,'created_at':'%s'}",
                                        id, shift_id, staff, approved, direction, now));
}

static KasirMutation *
staff_change (TestTerminal *t,
              gint64        approver,
              const char   *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = kasir_pin_hash ("5791", &error);

  g_assert_no_error (error);
  return make_mutation (t, KASIR_MUTATION_STAFF_UPSERT,
                        payload_printf ("{'staff_id':0,'approved_by':%" G_GINT64_FORMAT ",'name':'%s',"
                                        "'role':'cashier','active':true,'pin_hash':'%s'}", approver, name,
                                        hash));
}

static KasirMutation *
low_stock_change (TestTerminal *t,
                  gint64        staff,
                  gint64        base_version)
{
  return make_mutation (t, KASIR_MUTATION_PRODUCT_UPDATE,
                        payload_printf ("{'product_id':3,'base_version':%" G_GINT64_FORMAT ",'staff_id':%"
                                        G_GINT64_FORMAT ",'fields':{'name':'Teh Botol'}}", base_version, staff));
}

static guint
report_status (ServerFixture *fx,
               TestTerminal  *t,
               gint64         staff)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/reports/summary?from=2026-11-20&to=2026-11-20&staff_id=%"
                                           G_GINT64_FORMAT, staff);
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  reply = http_json (fx, "GET", path, t->token, NULL, &status);
  return status;
}

static void
expect (KasirPushResult *result,
        gboolean         applied)
{
  if (applied && result->status == KASIR_RESULT_REJECTED)
    g_error ("rejected: %s", result->reason);
  if (!applied && (result->status != KASIR_RESULT_REJECTED || !g_str_has_prefix (result->reason, "forbidden")))
    g_error ("not refused as forbidden: %s", result->reason != NULL ? result->reason : "(applied)");
  kasir_push_result_free (result);
}

static void
test_over_http (void)
{
  ServerFixture *fx = server_fixture_new ();
  gint64 supervisor = add_staff (fx, 1, "Lina Marlina", "supervisor");
  g_autoptr(TestTerminal) t = enroll_terminal (fx, 1);
  g_autofree char *shift_id = kasir_uuid_new ();
  g_autofree char *now = kasir_now_rfc3339 ();
  gint64 product = 3, price = 9500, version = db_int (fx, "SELECT version FROM products WHERE id = 3");
  g_autoptr(KasirSale) sale = make_sale (&product, &price, NULL, 3, 1);
  gint64 staff_before = db_int (fx, "SELECT count(*) FROM staff");

  /* What a supervisor may do as staff: open a shift, sell, refund, take a pay-in. */
  expect (push_one (fx, t, make_mutation (t, KASIR_MUTATION_SHIFT_OPEN,
                                          payload_printf ("{'shift_id':'%s','staff_id':%" G_GINT64_FORMAT ","
                                                          "'opened_at':'%s','opening_float':100000}",
                                                          shift_id, supervisor, now))), TRUE);
  sale->staff_id = supervisor;
  expect (push_one (fx, t, make_sale_mutation (t, sale)), TRUE);
  expect (push_one (fx, t, refund_of (t, sale->sale_id, supervisor, 0)), TRUE);
  expect (push_one (fx, t, cash_of (t, shift_id, supervisor, "in", 0)), TRUE);

  /* What it may not approve; a manager may. */
  expect (push_one (fx, t, refund_of (t, sale->sale_id, STAFF_CASHIER_1, supervisor)), FALSE);
  expect (push_one (fx, t, refund_of (t, sale->sale_id, STAFF_CASHIER_1, STAFF_MANAGER_1)), TRUE);
  expect (push_one (fx, t, cash_of (t, shift_id, STAFF_CASHIER_1, "out", supervisor)), FALSE);
  expect (push_one (fx, t, cash_of (t, shift_id, STAFF_CASHIER_1, "out", STAFF_MANAGER_1)), TRUE);
  expect (push_one (fx, t, staff_change (t, supervisor, "Rudi")), FALSE);
  g_assert_cmpint (db_int (fx, "SELECT count(*) FROM staff"), ==, staff_before);
  expect (push_one (fx, t, staff_change (t, STAFF_MANAGER_1, "Rudi")), TRUE);
  g_assert_cmpint (db_int (fx, "SELECT count(*) FROM staff"), ==, staff_before + 1);
  expect (push_one (fx, t, low_stock_change (t, supervisor, version)), FALSE);
  g_assert_cmpint (db_int (fx, "SELECT version FROM products WHERE id = 3"), ==, version);
  expect (push_one (fx, t, low_stock_change (t, STAFF_MANAGER_1, version)), TRUE);
  g_assert_cmpuint (report_status (fx, t, supervisor), ==, 403);
  g_assert_cmpuint (report_status (fx, t, STAFF_MANAGER_1), ==, 200);

  /* Only what was allowed is stored: two refunds, one pay-in and one pay-out. */
  g_assert_cmpint (db_int (fx, "SELECT count(*) FROM refunds"), ==, 2);
  g_assert_cmpint (db_int (fx, "SELECT count(*) FROM shift_cash"), ==, 2);
  server_fixture_free (fx);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Server/Supervisor/same-table", test_same_table);
  g_test_add_func ("/Kasir/Server/Supervisor/over-http", test_over_http);

  return g_test_run ();
}
