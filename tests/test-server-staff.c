/* test-server-staff.c — a staff member's PIN reset and deactivation on the server, by
 * the admin store call and by the real kasir-server binary (the PIN read from standard
 * input), on both backends: the change reaches the outlet's tills through pull, where
 * the old PIN then fails and a deactivated member cannot sign in. And staff.upsert, a
 * till's change of staff: applied only with an active manager of the outlet as the
 * approver (a cashier's or a supervisor's is rejected, so is a plain PIN in place of its
 * hash), and carried to the outlet's other tills by pull.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sodium.h>

#include "server-data/server-staff-util.h"

/* The staff member @staff_id as the last put of it in a pull from @cursor, or NULL. */
static KasirStaff *
pulled_staff (ServerFixture *fx,
              TestTerminal  *t,
              gint64         cursor,
              gint64         staff_id,
              gint64        *out_cursor)
{
  g_autoptr(KasirPullResponse) page = pull (fx, t, cursor, 500);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, staff_id);
  KasirStaff *found = NULL;

  g_assert_false (page->has_more);
  for (guint i = 0; i < page->changes->len; i++)
    {
      KasirChange *change = page->changes->pdata[i];
      g_autoptr(GError) error = NULL;

      if (!g_str_equal (change->entity, "staff") || !g_str_equal (change->id, id) || change->deleted)
        continue;
      kasir_staff_free (found);
      found = kasir_protocol_decode_staff (change->data, &error);
      g_assert_no_error (error);
    }
  if (out_cursor != NULL)
    *out_cursor = page->cursor;
  return found;
}

/* Runs kasir-server @command --staff @staff_id with @input on its standard input. */
static int
run_cli (ServerFixture *fx,
         const char    *command,
         gint64         staff_id,
         const char    *input)
{
  const char *build = g_getenv ("KASIR_BUILD_DIR");
  g_autofree char *exe = g_build_filename (build != NULL ? build : ".", "src", "server", "kasir-server", NULL);
  g_autofree char *staff = g_strdup_printf ("%" G_GINT64_FORMAT, staff_id);
  const char *argv[] = { exe, command, "--db", fx->db_path, "--staff", staff, NULL };
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;

  g_subprocess_launcher_unsetenv (launcher, "KASIR_SERVER_DB_KEY");
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, input, NULL, &out, &err, &error));
  g_assert_no_error (error);
  /* The PIN never shows in what the command prints. */
  if (input != NULL && *input != '\0')
    {
      g_autofree char *pin = g_strstrip (g_strdup (input));

      g_assert_null (strstr (out, pin));
      g_assert_null (strstr (err, pin));
    }
  return g_subprocess_get_exit_status (proc);
}

static void
test_reset_and_deactivate (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t = enroll_terminal (fx, 1);
  g_autoptr(KasirStaff) before = NULL;
  g_autoptr(KasirStaff) after = NULL;
  g_autoptr(KasirStaff) gone = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = kasir_pin_hash ("8642", &error);
  gint64 cursor = 0;

  before = pulled_staff (fx, t, 0, STAFF_CASHIER_1, &cursor);
  g_assert_nonnull (before);
  g_assert_true (before->active);

  g_assert_true (kasir_server_store_update_staff (fx->admin, STAFF_CASHIER_1, hash, -1, &error));
  g_assert_no_error (error);
  after = pulled_staff (fx, t, cursor, STAFF_CASHIER_1, &cursor);
  g_assert_nonnull (after);
  g_assert_true (after->active);
  g_assert_true (kasir_pin_verify (after->pin_hash, "8642"));
  g_assert_false (kasir_pin_verify (after->pin_hash, "2468"));

  g_assert_true (kasir_server_store_update_staff (fx->admin, STAFF_CASHIER_1, NULL, 0, &error));
  gone = pulled_staff (fx, t, cursor, STAFF_CASHIER_1, &cursor);
  g_assert_nonnull (gone);
  g_assert_false (gone->active);

  /* Another outlet's till hears nothing of it. */
  {
    g_autoptr(TestTerminal) other = enroll_terminal (fx, 2);

    g_assert_null (pulled_staff (fx, other, 0, STAFF_CASHIER_1, NULL));
  }
  g_assert_false (kasir_server_store_update_staff (fx->admin, 999, hash, -1, &error));
  g_assert_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_NOT_FOUND);
  server_fixture_free (fx);
}

static void
test_cli (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t = enroll_terminal (fx, 1);
  g_autoptr(KasirStaff) reset = NULL;
  g_autoptr(KasirStaff) gone = NULL;
  gint64 cursor = 0;

  g_clear_pointer (&reset, kasir_staff_free);
  reset = pulled_staff (fx, t, 0, STAFF_CASHIER_1, &cursor);
  g_clear_pointer (&reset, kasir_staff_free);

  /* A PIN with a letter, or none at all, is refused and changes nothing. */
  g_assert_cmpint (run_cli (fx, "set-pin", STAFF_CASHIER_1, "12a4\n"), !=, 0);
  g_assert_cmpint (run_cli (fx, "set-pin", STAFF_CASHIER_1, ""), !=, 0);
  g_assert_null (pulled_staff (fx, t, cursor, STAFF_CASHIER_1, NULL));
  g_assert_cmpint (run_cli (fx, "set-pin", 999, "5791\n"), !=, 0);

  g_assert_cmpint (run_cli (fx, "set-pin", STAFF_CASHIER_1, "5791\n"), ==, 0);
  reset = pulled_staff (fx, t, cursor, STAFF_CASHIER_1, &cursor);
  g_assert_nonnull (reset);
  g_assert_true (kasir_pin_verify (reset->pin_hash, "5791"));

  g_assert_cmpint (run_cli (fx, "deactivate-staff", STAFF_CASHIER_1, NULL), ==, 0);
  gone = pulled_staff (fx, t, cursor, STAFF_CASHIER_1, &cursor);
  g_assert_nonnull (gone);
  g_assert_false (gone->active);
  server_fixture_free (fx);
}

/* A staff.upsert of @staff_id (0: new) approved by @approver, with @pin_hash as written
 * (NULL: null). */
static KasirMutation *
staff_upsert (TestTerminal *t,
              gint64        staff_id,
              gint64        approver,
              const char   *name,
              const char   *role,
              gboolean      active,
              const char   *pin_hash)
{
  g_autofree char *hash = pin_hash != NULL ? g_strdup_printf ("'%s'", pin_hash) : g_strdup ("null");

  return make_mutation (t, KASIR_MUTATION_STAFF_UPSERT,
                        payload_printf ("{'staff_id':%" G_GINT64_FORMAT ",'approved_by':%" G_GINT64_FORMAT
                                        ",'name':'%s','role':'%s','active':%s,'pin_hash':%s}",
                                        staff_id, approver, name, role, active ? "true" : "false", hash));
}

static void
test_upsert (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) a = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) b = enroll_terminal (fx, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = kasir_pin_hash ("135790", &error);
  g_autofree char *reset_hash = kasir_pin_hash ("975310", &error);
  g_autofree char *where = NULL;
  gint64 supervisor = add_staff (fx, 1, "Lina Marlina", "supervisor");
  gint64 staff_before = db_int (fx, "SELECT count(*) FROM staff");
  gint64 cursor = 0, id;
  g_autoptr(KasirPushResult) by_cashier = NULL;
  g_autoptr(KasirPushResult) by_supervisor = NULL;
  g_autoptr(KasirPushResult) by_other_outlet = NULL;
  g_autoptr(KasirPushResult) plain_pin = NULL;
  g_autoptr(KasirPushResult) added = NULL;
  g_autoptr(KasirPushResult) reset = NULL;
  g_autoptr(KasirPushResult) foreign = NULL;
  g_autoptr(KasirStaff) seen = NULL;
  g_autoptr(KasirStaff) seen_reset = NULL;

  g_assert_no_error (error);
  /* Approved by a cashier, a supervisor or another outlet's manager: rejected, nothing
   * written. */
  by_cashier = push_one (fx, a, staff_upsert (a, 0, STAFF_CASHIER_1, "Tono", "cashier", TRUE, hash));
  g_assert_cmpint (by_cashier->status, ==, KASIR_RESULT_REJECTED);
  g_assert_true (g_str_has_prefix (by_cashier->reason, "forbidden"));
  by_supervisor = push_one (fx, a, staff_upsert (a, 0, supervisor, "Tono", "cashier", TRUE, hash));
  g_assert_cmpint (by_supervisor->status, ==, KASIR_RESULT_REJECTED);
  by_other_outlet = push_one (fx, a, staff_upsert (a, 0, STAFF_MANAGER_2, "Tono", "cashier", TRUE, hash));
  g_assert_cmpint (by_other_outlet->status, ==, KASIR_RESULT_REJECTED);
  /* A PIN where its hash belongs never reaches the store. */
  plain_pin = push_one (fx, a, staff_upsert (a, 0, STAFF_MANAGER_1, "Tono", "cashier", TRUE, "1357"));
  g_assert_cmpint (plain_pin->status, ==, KASIR_RESULT_REJECTED);
  g_assert_true (g_str_has_prefix (plain_pin->reason, "invalid staff.upsert"));
  g_assert_cmpint (db_int (fx, "SELECT count(*) FROM staff"), ==, staff_before);

  /* A manager's: the new staff member is the outlet's, and till b gets them by pull. */
  added = push_one (fx, a, staff_upsert (a, 0, STAFF_MANAGER_1, "Tono Prasetyo", "supervisor", TRUE, hash));
  g_assert_cmpint (added->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (db_int (fx, "SELECT count(*) FROM staff"), ==, staff_before + 1);
  id = db_int (fx, "SELECT max(id) FROM staff");
  where = g_strdup_printf ("SELECT outlet_id FROM staff WHERE id = %" G_GINT64_FORMAT, id);
  g_assert_cmpint (db_int (fx, where), ==, 1);
  seen = pulled_staff (fx, b, 0, id, &cursor);
  g_assert_nonnull (seen);
  g_assert_cmpstr (seen->role, ==, "supervisor");
  g_assert_cmpstr (seen->name, ==, "Tono Prasetyo");
  g_assert_true (kasir_pin_verify (seen->pin_hash, "135790"));

  /* A PIN reset: the pulled hash takes the new PIN only. */
  reset = push_one (fx, a, staff_upsert (a, id, STAFF_MANAGER_1, "Tono Prasetyo", "supervisor", TRUE,
                                         reset_hash));
  g_assert_cmpint (reset->status, ==, KASIR_RESULT_APPLIED);
  seen_reset = pulled_staff (fx, b, cursor, id, &cursor);
  g_assert_nonnull (seen_reset);
  g_assert_true (kasir_pin_verify (seen_reset->pin_hash, "975310"));
  g_assert_false (kasir_pin_verify (seen_reset->pin_hash, "135790"));

  /* Another outlet's staff member cannot be changed from here. */
  foreign = push_one (fx, a, staff_upsert (a, STAFF_CASHIER_2, STAFF_MANAGER_1, "Rina", "cashier", FALSE,
                                           NULL));
  g_assert_cmpint (foreign->status, ==, KASIR_RESULT_REJECTED);
  g_assert_true (g_str_has_prefix (foreign->reason, "unknown_staff"));
  where = (g_free (where), g_strdup_printf ("SELECT active FROM staff WHERE id = %d", STAFF_CASHIER_2));
  g_assert_cmpint (db_int (fx, where), ==, 1);
  server_fixture_free (fx);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);

  g_test_add_func ("/Kasir/Server/Staff/reset-and-deactivate", test_reset_and_deactivate);
  g_test_add_func ("/Kasir/Server/Staff/cli", test_cli);
  g_test_add_func ("/Kasir/Server/Staff/upsert", test_upsert);

  return g_test_run ();
}
