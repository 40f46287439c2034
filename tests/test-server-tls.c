/* test-server-tls.c — HTTPS by default, certificate pinning and revocation, end to end.
 *
 * A real `kasir-server` serves HTTPS on loopback with the certificate its own `demo`
 * command made; real tills (sync service, client, encrypted database) enroll, pin the
 * certificate, sync, meet a different certificate after a restart, are re-pinned by the
 * manager's action, and are revoked. Plain HTTP is refused where it must be.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "kasir-cert-pin.h"
#include "kasir-fingerprint.h"
#include "kasir-outbox-export.h"
#include "kasir-sync-repository.h"
#include "sync-test-util.h"

#define PASSPHRASE "kopi susu gula aren, dua"

/* Runs kasir-server with @argv (after the program name); returns its exit status and its
 * output. */
static int
run_server_tool (const char * const *args,
                 const char         *input,
                 char              **out,
                 char              **err)
{
  g_autofree char *tool = sync_test_build_path ("src/server/kasir-server");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, tool);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                            G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, input, NULL, out, err, &error));
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

static char *
file_fingerprint (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) cert = g_tls_certificate_new_from_file (path, &error);

  g_assert_no_error (error);
  return kasir_cert_pin_fingerprint (cert);
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static gint64
server_sales (SyncTestServer *server)
{
  return sync_test_server_query (server, "SELECT COUNT(*) FROM sales");
}

/* Runs the main context until the server holds @n sales, or @seconds pass. */
static gboolean
wait_server_sales (SyncTestServer *server,
                   gint64          n,
                   double          seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (server_sales (server) != n)
    {
      gint64 next = g_get_monotonic_time () + 20 * 1000;

      if (g_get_monotonic_time () > deadline)
        return FALSE;
      while (g_get_monotonic_time () < next)
        if (!g_main_context_iteration (NULL, FALSE))
          g_usleep (1000);
    }
  return TRUE;
}

static gint64
unsent (SyncTestTill *till)
{
  return sync_test_local_query (till->db, "SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'in_flight')");
}

static gboolean
certificate_changed (gpointer data)
{
  return kasir_sync_service_get_certificate_changed (data);
}

static gboolean
revoked (gpointer data)
{
  return kasir_sync_service_get_revoked (data);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Waiter;

static gboolean
waiter_done (gpointer data)
{
  return ((Waiter *) data)->done;
}

static void
on_trusted (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Waiter *w = user_data;

  w->ok = kasir_sync_service_trust_new_certificate_finish (KASIR_SYNC_SERVICE (source), result,
                                                           &w->error);
  w->done = TRUE;
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Waiter *w = user_data;

  w->ok = kasir_sync_service_load_finish (KASIR_SYNC_SERVICE (source), result, &w->error);
  w->done = TRUE;
}

static void
on_enrolled (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Waiter *w = user_data;

  w->ok = kasir_sync_service_enroll_finish (KASIR_SYNC_SERVICE (source), result, NULL, &w->error);
  w->done = TRUE;
}

/* init makes the database and the key 0600, the certificate beside them; fingerprint
 * prints what the till computes; serve warns about a plain database. */
static void
test_files_and_fingerprint (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-tls-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "server.db", NULL);
  g_autofree char *cert = g_strconcat (db, ".cert.pem", NULL);
  g_autofree char *key = g_strconcat (db, ".key.pem", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *out = NULL, *err = NULL, *fp_out = NULL, *fp_err = NULL;
  g_autofree char *expected = NULL;
  SyncTestServer server = { .dir = dir, .db_path = db };

  {
    const char *args[] = { "init", "--db", db, NULL };
    g_assert_cmpint (run_server_tool (args, NULL, &out, &err), ==, 0);
  }
  g_assert_cmpuint (file_mode (db), ==, 0600);
  g_assert_cmpuint (file_mode (key), ==, 0600);
  g_assert_true (g_file_test (cert, G_FILE_TEST_IS_REGULAR));

  expected = file_fingerprint (cert);
  g_assert_true (kasir_fingerprint_is_valid (expected));
  g_assert_nonnull (strstr (out, expected));
  {
    const char *args[] = { "fingerprint", "--db", db, NULL };
    g_assert_cmpint (run_server_tool (args, NULL, &fp_out, &fp_err), ==, 0);
  }
  g_assert_cmpstr (g_strstrip (fp_out), ==, expected);

  /* serve uses the certificate by itself, and its -wal file is as private as the database. */
  sync_test_server_start_tls (&server, 0, NULL);
  g_assert_true (g_str_has_prefix (server.url, "https://127.0.0.1:"));
  {
    const char *args[] = { "add-outlet", "--db", db, "Toko Satu", NULL };
    g_autofree char *o = NULL, *e = NULL;
    g_autofree char *code = NULL;

    g_assert_cmpint (run_server_tool (args, NULL, &o, &e), ==, 0);
    code = sync_test_server_enroll_code (&server, 1);
    g_assert_nonnull (code);
  }
  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    g_assert_cmpuint (file_mode (wal), ==, 0600);
  sync_test_server_stop (&server);
  g_clear_pointer (&server.url, g_free);

  /* A plain database is a warning, not a refusal. */
  {
    g_autoptr(GSubprocess) proc = NULL;
    g_autoptr(GDataInputStream) lines = NULL;
    g_autofree char *stderr_text = NULL;
    g_autofree char *line = NULL;
    g_autofree char *tool = sync_test_build_path ("src/server/kasir-server");

    proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                             tool, "serve", "--db", db, "--listen", "127.0.0.1:0", NULL);
    g_assert_no_error (error);
    lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
    line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (g_str_has_prefix (line, "listening on https://"));
    g_subprocess_send_signal (proc, SIGTERM);
    g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &stderr_text, &error));
    g_assert_no_error (error);
    g_assert_nonnull (strstr (stderr_text, "is not encrypted"));
    g_assert_nonnull (strstr (stderr_text, expected));
  }
  sync_test_remove_tree (dir);
}

/* Plain HTTP off loopback: the server refuses to serve it, the till to speak it. */
static void
test_plain_http_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-tls-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "server.db", NULL);
  g_autofree char *cert = g_strconcat (db, ".cert.pem", NULL);
  g_autofree char *key = g_strconcat (db, ".key.pem", NULL);
  g_autofree char *out = NULL, *err = NULL, *o2 = NULL, *e2 = NULL;
  g_autoptr(KasirSyncClient) client = NULL;
  static const char * const allowed[] = {
    "http://127.0.0.1:8765", "http://127.9.8.7:1", "http://localhost:8765", "http://[::1]:8765",
    "https://192.0.2.10:8765", "https://kasir.example:8765",
  };
  static const char * const refused[] = {
    "http://192.0.2.10:8765", "http://kasir.example", "http://0.0.0.0:8765", "ftp://127.0.0.1",
  };

  {
    const char *args[] = { "init", "--db", db, NULL };
    g_assert_cmpint (run_server_tool (args, NULL, &out, &err), ==, 0);
  }
  g_assert_cmpint (g_unlink (cert), ==, 0);
  g_assert_cmpint (g_unlink (key), ==, 0);
  {
    const char *args[] = { "serve", "--db", db, "--listen", "0.0.0.0:0", NULL };
    g_assert_cmpint (run_server_tool (args, NULL, &o2, &e2), !=, 0);
  }
  g_assert_nonnull (strstr (e2, "refusing plain HTTP"));
  g_assert_nonnull (strstr (e2, "--insecure-http"));

  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    {
      g_autoptr(KasirSyncClient) ok = kasir_sync_client_new (allowed[i], &error);
      g_assert_no_error (error);
      g_assert_nonnull (ok);
    }
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      client = kasir_sync_client_new (refused[i], &error);
      g_assert_error (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_INVALID_URL);
      g_assert_null (client);
      g_clear_error (&error);
    }

  /* Enrollment says so before anything is sent. */
  {
    g_autoptr(KasirTestNetworkMonitor) monitor = kasir_test_network_monitor_new (TRUE);
    g_autoptr(KasirDatabase) till = sync_test_terminal_db (dir, "till.db", NULL);
    g_autoptr(KasirSyncService) service = kasir_sync_service_new (till, G_NETWORK_MONITOR (monitor), &error);
    Waiter w = { 0 };

    g_assert_no_error (error);
    kasir_sync_service_enroll_async (service, "http://192.0.2.10:8765", "ABCD-EFGH", "Till", NULL,
                                     on_enrolled, &w);
    g_assert_true (sync_test_wait_for (waiter_done, &w, 10));
    g_assert_false (w.ok);
    g_assert_error (w.error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_INVALID_URL);
    g_assert_nonnull (strstr (w.error->message, "http://"));
    g_clear_error (&w.error);
    kasir_sync_service_shutdown (service);
  }

  /* A till whose stored address is plain HTTP to another computer (made before this
   * rule) says so when its service starts, and sends nothing. */
  {
    g_autoptr(KasirTestNetworkMonitor) monitor = kasir_test_network_monitor_new (TRUE);
    g_autoptr(KasirDatabase) till = sync_test_terminal_db (dir, "old.db", NULL);
    g_autoptr(KasirSyncService) service = NULL;
    Waiter w = { 0 };

    g_assert_true (kasir_sync_repository_set_identity (till, 3, 1, "http://192.0.2.10:8765", &error));
    g_assert_no_error (error);
    service = kasir_sync_service_new (till, G_NETWORK_MONITOR (monitor), &error);
    g_assert_no_error (error);
    kasir_sync_service_load_async (service, NULL, on_loaded, &w);
    g_assert_true (sync_test_wait_for (waiter_done, &w, 10));
    g_assert_false (w.ok);
    g_assert_error (w.error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_INVALID_URL);
    g_clear_error (&w.error);
    g_assert_cmpint (kasir_sync_service_get_state (service), ==, KASIR_SYNC_STATUS_ATTENTION);
    g_assert_nonnull (strstr (kasir_sync_service_get_last_error (service), "http://"));
    kasir_sync_service_shutdown (service);
  }
  sync_test_remove_tree (dir);
}

/* Enroll over HTTPS and pin; a server restarted with another certificate gets nothing;
 * trusting the new certificate syncs again. */
static void
test_pin_change_and_trust (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (9);
  SyncTestServer *server = sync_test_server_new ();
  g_autofree char *dir = g_dir_make_tmp ("kasir-tls-XXXXXX", &error);
  g_autofree char *other_db = g_build_filename (dir, "other.db", NULL);
  g_autofree char *other_cert = g_strconcat (other_db, ".cert.pem", NULL);
  g_autofree char *other_key = g_strconcat (other_db, ".key.pem", NULL);
  g_autofree char *cert = g_strconcat (server->db_path, ".cert.pem", NULL);
  g_autofree char *first = file_fingerprint (cert);
  g_autofree char *second = NULL;
  g_autofree char *out = NULL, *err = NULL;
  const char *other_tls[] = { "--tls-cert", other_cert, "--tls-key", other_key, NULL };
  SyncTestTill till = { 0 };
  guint16 port;
  Waiter w = { 0 };

  sync_test_server_start_tls (server, 0, NULL);
  g_assert_true (g_str_has_prefix (server->url, "https://"));
  port = server->port;

  sync_test_till_open (&till, server, dir, "till.db", 1);
  g_assert_cmpstr (kasir_sync_service_get_server_fingerprint (till.service), ==, first);
  sync_test_make_sale (till.db, rand);
  kasir_sync_service_sync_now (till.service);
  g_assert_true (wait_server_sales (server, 1, 60));

  /* The same server address, another certificate (made by init for another database). */
  {
    const char *args[] = { "init", "--db", other_db, NULL };
    g_assert_cmpint (run_server_tool (args, NULL, &out, &err), ==, 0);
  }
  second = file_fingerprint (other_cert);
  g_assert_cmpstr (first, !=, second);
  sync_test_server_stop (server);
  sync_test_server_start_tls (server, port, other_tls);

  sync_test_make_sale (till.db, rand);
  kasir_sync_service_sync_now (till.service);
  g_assert_true (sync_test_wait_for (certificate_changed, till.service, 30));
  g_assert_cmpint (kasir_sync_service_get_state (till.service), ==, KASIR_SYNC_STATUS_ATTENTION);
  g_assert_nonnull (strstr (kasir_sync_service_get_last_error (till.service),
                            "certificate has changed"));
  g_assert_cmpstr (kasir_sync_service_get_offered_fingerprint (till.service), ==, second);
  /* Nothing is pushed while the certificate is not trusted, not even on request. */
  kasir_sync_service_sync_now (till.service);
  kasir_sync_service_outbox_changed (till.service);
  sync_test_wait_for (revoked, till.service, 3);
  g_assert_cmpint (server_sales (server), ==, 1);
  g_assert_cmpint (unsent (&till), ==, 1);
  g_assert_true (kasir_sync_service_get_certificate_changed (till.service));

  /* The manager's "trust the new certificate". */
  kasir_sync_service_trust_new_certificate_async (till.service, NULL, on_trusted, &w);
  g_assert_true (sync_test_wait_for (waiter_done, &w, 10));
  g_assert_no_error (w.error);
  g_assert_true (w.ok);
  g_assert_cmpstr (kasir_sync_service_get_server_fingerprint (till.service), ==, second);
  g_assert_true (wait_server_sales (server, 2, 60));
  g_assert_true (sync_test_wait_drained (till.service, 60));
  g_assert_cmpint (server_sales (server), ==, 2);
  g_assert_cmpint (unsent (&till), ==, 0);
  {
    g_autofree char *pin = kasir_cert_pin_load (till.db, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (pin, ==, second);
  }

  /* Trusting when nothing changed is refused. */
  w = (Waiter) { 0 };
  kasir_sync_service_trust_new_certificate_async (till.service, NULL, on_trusted, &w);
  g_assert_true (sync_test_wait_for (waiter_done, &w, 10));
  g_assert_false (w.ok);
  g_clear_error (&w.error);

  sync_test_till_close (&till);
  sync_test_server_free (server);
  sync_test_remove_tree (dir);
}

/* revoke-terminal: the till is told "revoked", stops, and keeps its outbox, which still
 * exports and imports. */
static void
test_revoke (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (10);
  SyncTestServer *server = sync_test_server_new ();
  g_autofree char *dir = g_dir_make_tmp ("kasir-tls-XXXXXX", &error);
  g_autofree char *export_path = g_build_filename (dir, "till.kasir-outbox", NULL);
  g_autofree char *terminal = NULL;
  g_autofree char *out = NULL, *err = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL;
  SyncTestTill till = { 0 };
  guint count = 0;

  sync_test_server_start_tls (server, 0, NULL);
  sync_test_till_open (&till, server, dir, "till.db", 1);
  /* The export signing key goes to the server after the first sync, over the pinned
   * HTTPS too. */
  for (guint i = 0; i < 200 && sync_test_server_query (server, "SELECT COUNT(*) FROM terminal_keys") < 1; i++)
    sync_test_wait_for (revoked, till.service, 0.05);
  g_assert_cmpint (sync_test_server_query (server, "SELECT COUNT(*) FROM terminal_keys"), ==, 1);

  terminal = g_strdup_printf ("%" G_GINT64_FORMAT,
                              sync_test_local_query (till.db, "SELECT terminal_id FROM sync_state"));
  {
    const char *args[] = { "revoke-terminal", "--db", server->db_path, "--terminal", terminal, NULL };
    g_assert_cmpint (run_server_tool (args, NULL, &out, &err), ==, 0);
  }
  {
    const char *args[] = { "revoke-terminal", "--db", server->db_path, "--terminal", "999", NULL };
    g_assert_cmpint (run_server_tool (args, NULL, &o2, &e2), !=, 0);
    g_assert_nonnull (strstr (e2, "no terminal 999"));
  }

  sync_test_make_sale (till.db, rand);
  sync_test_make_sale (till.db, rand);
  kasir_sync_service_sync_now (till.service);
  g_assert_true (sync_test_wait_for (revoked, till.service, 30));
  g_assert_cmpint (kasir_sync_service_get_state (till.service), ==, KASIR_SYNC_STATUS_ATTENTION);
  g_assert_nonnull (strstr (kasir_sync_service_get_last_error (till.service), "revoked"));
  g_assert_cmpint (server_sales (server), ==, 0);
  g_assert_cmpint (unsent (&till), ==, 2);

  /* It stays stopped: asking again sends nothing. */
  kasir_sync_service_sync_now (till.service);
  sync_test_wait_for (certificate_changed, till.service, 2);
  g_assert_true (kasir_sync_service_get_revoked (till.service));
  g_assert_cmpint (unsent (&till), ==, 2);

  /* The outbox goes to the server by hand. */
  g_assert_true (kasir_outbox_export_write_file (till.db, export_path, "Till Export", PASSPHRASE, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 2);
  {
    const char *args[] = { "import-outbox", "--db", server->db_path, export_path, NULL };
    g_assert_cmpint (run_server_tool (args, PASSPHRASE "\n", &o3, &e3), ==, 0);
  }
  g_assert_cmpint (server_sales (server), ==, 2);

  sync_test_till_close (&till);
  sync_test_server_free (server);
  sync_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Kasir/Server/Tls/files-and-fingerprint", test_files_and_fingerprint);
  g_test_add_func ("/Kasir/Server/Tls/plain-http-refused", test_plain_http_refused);
  g_test_add_func ("/Kasir/Server/Tls/pin-change-and-trust", test_pin_change_and_trust);
  g_test_add_func ("/Kasir/Server/Tls/revoke", test_revoke);
  return g_test_run ();
}
