/* test-sync-kill.c — SIGKILL a syncing terminal again and again; nothing is lost or
 * applied twice.
 *
 * A real kasir-server runs on loopback. A terminal process (sync-terminal) is started,
 * killed with SIGKILL after a random moment, and started again, at least 50 times, while
 * sales keep being committed to its database; then it runs to the end. The server must
 * hold every sale exactly once with the right totals, and nothing may be rejected.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <glib/gstdio.h>

#include "kasir-database-private.h"
#include "kasir-test-network-monitor.h"
#include "sync-test-util.h"

#define KILLS 60
#define MAX_ROUNDS 400
#define SALES_UPFRONT 700
#define SALES_PER_ROUND 5

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

typedef struct
{
  GSubprocess *proc;
  guint        timeout_id;
  gboolean     done;
} FinalRun;

static gboolean
on_final_timeout (gpointer user_data)
{
  FinalRun *run = user_data;

  run->timeout_id = 0;
  g_test_message ("the last run did not end in time; killing it");
  g_subprocess_force_exit (run->proc);
  return G_SOURCE_REMOVE;
}

static void
on_final_exit (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  FinalRun *run = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  run->done = TRUE;
}

static GSubprocess *
spawn_terminal (const char   *db_path,
                const guint8 *key)
{
  g_autofree char *tool = sync_test_build_path ("tests/sync-terminal");
  const char *argv[] = { tool, db_path, "3", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) hex = g_string_new (NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  GOutputStream *in;
  GSubprocess *proc;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  /* If this test dies, its terminals die with it instead of holding its output open. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  /* The key goes through a pipe, never the command line or the environment. */
  for (guint i = 0; i < KASIR_DATABASE_KEY_SIZE; i++)
    g_string_append_printf (hex, "%02x", key[i]);
  g_string_append_c (hex, '\n');
  in = g_subprocess_get_stdin_pipe (proc);
  g_output_stream_write_all (in, hex->str, hex->len, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (in, NULL, NULL);
  memset (hex->str, 0, hex->len);

  return proc;
}

static void
test_kill_during_sync (void)
{
  SyncTestServer *server = sync_test_server_new ();
  g_autoptr(KasirTestNetworkMonitor) monitor = kasir_test_network_monitor_new (TRUE);
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db_path = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  gint64 total = 0;
  guint killed_running = 0;
  guint killed_in_flight = 0;
  guint sales = 0;

  sync_test_server_start (server, 0);
  dir = g_dir_make_tmp ("kasir-kill-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (dir, "till.db", NULL);

  /* Enroll and take the catalog once, in this process. */
  {
    g_autoptr(KasirDatabase) db = sync_test_terminal_db (dir, "till.db", key);
    g_autoptr(KasirSyncService) service = kasir_sync_service_new (db, G_NETWORK_MONITOR (monitor),
                                                                  &error);

    g_assert_no_error (error);
    sync_test_enroll (service, server, server->url, 1);
    g_assert_true (sync_test_wait_drained (service, 60));
    kasir_sync_service_shutdown (service);
  }

  {
    g_autoptr(KasirDatabase) db = kasir_database_open_with_key (db_path, key, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < SALES_UPFRONT; i++, sales++)
      total += sync_test_make_sale (db, rand);
  }

  /* Sales keep coming while the terminal is being killed, as at a busy till. */
  for (guint round = 0; round < MAX_ROUNDS && killed_running < KILLS; round++)
    {
      g_autoptr(GSubprocess) proc = NULL;

      {
        g_autoptr(KasirDatabase) db = kasir_database_open_with_key (db_path, key, &error);

        g_assert_no_error (error);
        for (guint i = 0; i < SALES_PER_ROUND; i++, sales++)
          total += sync_test_make_sale (db, rand);
      }

      proc = spawn_terminal (db_path, key);
      /* Long enough to reach pushes and pulls, short enough to cut them anywhere. */
      g_usleep (g_rand_int_range (rand, 20, 300) * 1000);
      /* A terminal that finished already is simply reaped; only a kill of a running one
       * counts. */
      g_subprocess_send_signal (proc, SIGKILL);
      g_subprocess_wait (proc, NULL, NULL);
      if (g_subprocess_get_if_signaled (proc))
        killed_running++;

      {
        g_autoptr(KasirDatabase) db = kasir_database_open_with_key (db_path, key, &error);

        g_assert_no_error (error);
        g_assert_true (kasir_database_check_integrity (db, &error));
        g_assert_no_error (error);
        g_assert_cmpint (sync_test_local_query (db, "SELECT count(*) FROM outbox WHERE state = 'rejected'"), ==, 0);
        if (sync_test_local_query (db, "SELECT count(*) FROM outbox WHERE state = 'in_flight'") > 0)
          killed_in_flight++;
      }
    }

  g_test_message ("%u sales, %u kills of a running terminal, %u with a batch in flight",
                  sales, killed_running, killed_in_flight);
  g_assert_cmpuint (killed_running, >=, KILLS);

  /* Now let it finish. */
  {
    g_autoptr(GSubprocess) proc = spawn_terminal (db_path, key);
    FinalRun run = { proc, 0, FALSE };

    /* The last run must end by itself; a hang fails the test instead of stalling it. */
    run.timeout_id = g_timeout_add_seconds (240, on_final_timeout, &run);
    g_subprocess_wait_async (proc, NULL, on_final_exit, &run);
    while (!run.done)
      g_main_context_iteration (NULL, TRUE);
    g_clear_handle_id (&run.timeout_id, g_source_remove);
    if (g_subprocess_get_if_signaled (proc))
      g_test_message ("the last run died of signal %d", g_subprocess_get_term_sig (proc));
    g_assert_true (g_subprocess_get_if_exited (proc));
    g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  }

  {
    g_autoptr(KasirDatabase) db = kasir_database_open_with_key (db_path, key, &error);

    g_assert_no_error (error);
    g_assert_cmpint (sync_test_local_query (db, "SELECT count(*) FROM sales"), ==, sales);
    g_assert_cmpint (sync_test_local_query (db, "SELECT count(*) FROM outbox WHERE state IN ('pending','in_flight')"), ==, 0);
    g_assert_cmpint (sync_test_local_query (db, "SELECT count(*) FROM outbox WHERE state = 'rejected'"), ==, 0);
  }

  g_assert_cmpint (sync_test_server_query (server, "SELECT count(*) FROM sales"), ==, sales);
  g_assert_cmpint (sync_test_server_query (server, "SELECT count(DISTINCT id) FROM sales"), ==, sales);
  g_assert_cmpint (sync_test_server_query (server, "SELECT count(DISTINCT receipt_no) FROM sales"), ==, sales);
  g_assert_cmpint (sync_test_server_query (server, "SELECT sum(total) FROM sales"), ==, total);

  sync_test_server_free (server);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *p = g_build_filename (dir, name, NULL);
        g_unlink (p);
      }
    g_rmdir (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Sync/kill-during-sync", test_kill_during_sync);

  return g_test_run ();
}
