/* test-server-staff.c — a staff member's PIN reset and deactivation on the server, by
 * the admin store call and by the real kasir-server binary (the PIN read from standard
 * input), on both backends: the change reaches the outlet's tills through pull, where
 * the old PIN then fails and a deactivated member cannot sign in.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sodium.h>

#include "server-data/server-test-util.h"

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);

  g_test_add_func ("/Kasir/Server/Staff/reset-and-deactivate", test_reset_and_deactivate);
  g_test_add_func ("/Kasir/Server/Staff/cli", test_cli);

  return g_test_run ();
}
