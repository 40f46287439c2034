/* sync-test-util.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "kasir-cart.h"
#include "kasir-catalog-repository.h"
#include "kasir-database-private.h"
#include "kasir-sales-repository.h"
#include "sync-test-util.h"

char *
sync_test_build_path (const char *relative)
{
  const char *build = g_getenv ("KASIR_BUILD_DIR");

  g_assert_nonnull (build);
  return g_build_filename (build, relative, NULL);
}

char *
sync_test_run_tool (const char * const *argv)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (proc))
    g_error ("%s failed: %s", argv[0], err);

  return g_steal_pointer (&out);
}

SyncTestServer *
sync_test_server_new (void)
{
  SyncTestServer *server = g_new0 (SyncTestServer, 1);
  g_autofree char *tool = sync_test_build_path ("src/server/kasir-server");
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;

  server->dir = g_dir_make_tmp ("kasir-sync-XXXXXX", &error);
  g_assert_no_error (error);
  server->db_path = g_build_filename (server->dir, "server.db", NULL);

  {
    const char *argv[] = { tool, "demo", "--db", server->db_path, NULL };
    out = sync_test_run_tool (argv);
  }

  return server;
}

/* A server outlives nothing: if the test dies, so does the server it started. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

void
sync_test_server_start (SyncTestServer *server,
                        guint16         port)
{
  g_autofree char *tool = sync_test_build_path ("src/server/kasir-server");
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", port);
  /* Plain HTTP on loopback: the fault proxy of some tests reads the traffic. The TLS
   * tests (test-server-tls.c) start their own servers. */
  const char *argv[] = { tool, "serve", "--db", server->db_path, "--listen", listen,
                         "--insecure-http", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  GInputStream *out;

  g_assert_null (server->process);

  /* A restart right after a stop may find the port still held for a moment. */
  for (guint attempt = 0; attempt < 50; attempt++)
    {
      g_autofree char *line = NULL;

      g_autoptr(GSubprocessLauncher) launcher =
        g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

      g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
      server->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
      g_assert_no_error (error);

      out = g_subprocess_get_stdout_pipe (server->process);
      lines = g_data_input_stream_new (out);
      while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, NULL)) != NULL)
        {
          if (g_str_has_prefix (line, "listening on "))
            {
              const char *colon;

              g_free (server->url);
              server->url = g_strdup (line + strlen ("listening on "));
              colon = strrchr (server->url, ':');
              server->port = (guint16)g_ascii_strtoull (colon + 1, NULL, 10);
              return;
            }
          g_free (line);
          line = NULL;
        }

      g_subprocess_wait (server->process, NULL, NULL);
      g_clear_object (&lines);
      g_clear_object (&server->process);
      g_usleep (100 * 1000);
    }

  g_error ("kasir-server did not start on port %u", port);
}

void
sync_test_server_stop (SyncTestServer *server)
{
  if (server->process == NULL)
    return;

  g_subprocess_force_exit (server->process);
  g_subprocess_wait (server->process, NULL, NULL);
  g_clear_object (&server->process);
}

void
sync_test_server_free (SyncTestServer *server)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal", ".cert.pem", ".key.pem" };

  sync_test_server_stop (server);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (server->db_path, suffixes[i], NULL);
      g_unlink (path);
    }
  g_rmdir (server->dir);
  g_free (server->dir);
  g_free (server->db_path);
  g_free (server->url);
  g_free (server);
}

char *
sync_test_server_enroll_code (SyncTestServer *server,
                              gint64          outlet_id)
{
  g_autofree char *tool = sync_test_build_path ("src/server/kasir-server");
  g_autofree char *outlet = g_strdup_printf ("%" G_GINT64_FORMAT, outlet_id);
  const char *argv[] = { tool, "enroll", "--db", server->db_path, "--outlet", outlet, NULL };
  g_autofree char *out = sync_test_run_tool (argv);
  g_auto(GStrv) lines = g_strsplit (g_strstrip (out), "\n", -1);
  guint n = g_strv_length (lines);

  g_assert_cmpuint (n, >, 0);
  return g_strdup (g_strstrip (lines[n - 1]));
}

gint64
sync_test_server_query (SyncTestServer *server,
                        const char     *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_open_v2 (server->db_path, &db, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

gint64
sync_test_server_queryf (SyncTestServer *server,
                         const char     *format,
                         ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return sync_test_server_query (server, sql);
}

gboolean
sync_test_wait_for (gboolean (*check) (gpointer data),
                    gpointer   data,
                    double     seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)(seconds * G_USEC_PER_SEC);

  while (!check (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  return TRUE;
}

KasirDatabase *
sync_test_terminal_db (const char *dir,
                       const char *name,
                       guint8     *key_out)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  KasirDatabase *db;

  g_assert_cmpint (sodium_init (), >=, 0);
  randombytes_buf (key, sizeof key);
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  if (key_out != NULL)
    memcpy (key_out, key, sizeof key);

  return db;
}

gint64
sync_test_make_sale (KasirDatabase *db,
                     GRand         *rand)
{
  return sync_test_make_sale_of (db, rand, 200);
}

gint64
sync_test_make_sale_of (KasirDatabase *db,
                        GRand         *rand,
                        gint64         n_products)
{
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (db);
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (db);
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", TRUE);
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify)kasir_payment_free);
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(GError) error = NULL;
  guint n_lines = g_rand_int_range (rand, 1, 4);
  gint64 total;

  for (guint i = 0; i < n_lines; i++)
    {
      g_autoptr(KasirProduct) product = NULL;

      product = kasir_catalog_repository_get_product (catalog, g_rand_int_range (rand, 1, n_products + 1),
                                                      &error);
      g_assert_no_error (error);
      kasir_cart_add_product (cart, product, g_rand_int_range (rand, 1, 4));
    }

  g_assert_true (kasir_cart_compute (cart, &error));
  g_assert_no_error (error);

  /* Round the cash up to the next thousand rupiah, as a customer hands over notes. */
  g_ptr_array_add (payments, kasir_payment_new (KASIR_PAYMENT_CASH,
                                                (cart->total / 1000 + 1) * 1000));
  sale = kasir_cart_to_sale (cart, payments, 0, &error);
  g_assert_no_error (error);

  total = sale->total;
  kasir_sales_repository_commit_sale (sales, sale, &error);
  g_assert_no_error (error);

  return total;
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Waiter;

static void
on_enrolled (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Waiter *w = user_data;

  w->ok = kasir_sync_service_enroll_finish (KASIR_SYNC_SERVICE (object), result, NULL, &w->error);
  w->done = TRUE;
}

static gboolean
waiter_done (gpointer data)
{
  return ((Waiter *)data)->done;
}

void
sync_test_enroll_with_code (KasirSyncService *service,
                            const char       *url,
                            const char       *code)
{
  Waiter w = { 0 };

  kasir_sync_service_enroll_async (service, url, code, "Till", NULL, on_enrolled, &w);
  g_assert_true (sync_test_wait_for (waiter_done, &w, 30));
  g_assert_no_error (w.error);
  g_assert_true (w.ok);
}

void
sync_test_enroll (KasirSyncService *service,
                  SyncTestServer   *server,
                  const char       *url,
                  gint64            outlet_id)
{
  g_autofree char *code = sync_test_server_enroll_code (server, outlet_id);

  sync_test_enroll_with_code (service, url, code);
}

static gboolean
drained (gpointer data)
{
  KasirSyncService *service = data;

  return kasir_sync_service_get_idle (service) &&
         kasir_sync_service_get_last_sync_time (service) != NULL &&
         kasir_sync_service_get_pending_count (service) == 0 &&
         kasir_sync_service_get_state (service) != KASIR_SYNC_STATUS_UNREACHABLE;
}

gboolean
sync_test_wait_drained (KasirSyncService *service,
                        double            seconds)
{
  return sync_test_wait_for (drained, service, seconds);
}

void
sync_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        sync_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
sync_test_till_open (SyncTestTill   *till,
                     SyncTestServer *server,
                     const char     *dir,
                     const char     *name,
                     gint64          outlet_id)
{
  g_autoptr(GError) error = NULL;

  till->monitor = kasir_test_network_monitor_new (TRUE);
  till->db = sync_test_terminal_db (dir, name, NULL);
  till->service = kasir_sync_service_new (till->db, G_NETWORK_MONITOR (till->monitor), &error);
  g_assert_no_error (error);
  g_object_set (till->service, "heartbeat-interval", 1, "sync-interval", 2, "request-timeout", 5,
                NULL);
  sync_test_enroll (till->service, server, server->url, outlet_id);
  g_assert_true (sync_test_wait_drained (till->service, 120));
}

void
sync_test_till_close (SyncTestTill *till)
{
  if (till->service != NULL)
    kasir_sync_service_shutdown (till->service);
  g_clear_object (&till->service);
  g_clear_object (&till->db);
  g_clear_object (&till->monitor);
}

static gint64
time_us (GDateTime *time)
{
  return time != NULL ? g_date_time_to_unix (time) * G_USEC_PER_SEC
                        + g_date_time_get_microsecond (time) : 0;
}

void
sync_test_till_sync (SyncTestTill *till)
{
  gint64 before = time_us (kasir_sync_service_get_last_sync_time (till->service));
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  kasir_sync_service_sync_now (till->service);
  while (g_get_monotonic_time () < deadline)
    {
      if (time_us (kasir_sync_service_get_last_sync_time (till->service)) > before &&
          kasir_sync_service_get_idle (till->service) &&
          sync_test_local_query (till->db, "SELECT count(*) FROM outbox WHERE state IN ('pending', 'in_flight')") == 0)
        return;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_error ("the till did not finish a sync within a minute");
}

gint64
sync_test_local_query (KasirDatabase *db,
                       const char    *sql)
{
  g_autoptr(GError) error = NULL;
  gint64 value = -1;

  g_assert_true (kasir_database_query_int64 (db, sql, &value, &error));
  g_assert_no_error (error);

  return value;
}

void
sync_test_outlet_set_up (SyncTestOutlet *outlet,
                         gconstpointer   data)
{
  g_autoptr(GError) error = NULL;

  outlet->server = sync_test_server_new ();
  sync_test_server_start (outlet->server, 0);
  outlet->dir = g_dir_make_tmp ("kasir-outlet-XXXXXX", &error);
  g_assert_no_error (error);
  sync_test_till_open (&outlet->a, outlet->server, outlet->dir, "a.db", 1);
  sync_test_till_open (&outlet->b, outlet->server, outlet->dir, "b.db", 1);
}

void
sync_test_outlet_tear_down (SyncTestOutlet *outlet,
                            gconstpointer   data)
{
  sync_test_till_close (&outlet->a);
  sync_test_till_close (&outlet->b);
  sync_test_server_free (outlet->server);
  sync_test_remove_tree (outlet->dir);
  g_free (outlet->dir);
}

void
sync_test_server_start_tls (SyncTestServer     *server,
                            guint16             port,
                            const char * const *extra)
{
  g_autofree char *tool = sync_test_build_path ("src/server/kasir-server");
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", port);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_assert_null (server->process);
  g_ptr_array_add (argv, tool);
  g_ptr_array_add (argv, (gpointer) "serve");
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, server->db_path);
  g_ptr_array_add (argv, (gpointer) "--listen");
  g_ptr_array_add (argv, listen);
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra[i]);
  g_ptr_array_add (argv, NULL);

  /* A restart right after a stop may find the port still held for a moment. */
  for (guint attempt = 0; attempt < 50; attempt++)
    {
      g_autoptr(GSubprocessLauncher) launcher =
        g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
      g_autoptr(GDataInputStream) lines = NULL;
      char *line;

      g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
      server->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                      &error);
      g_assert_no_error (error);
      lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
      while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, NULL)) != NULL)
        {
          if (g_str_has_prefix (line, "listening on "))
            {
              g_free (server->url);
              server->url = g_strdup (line + strlen ("listening on "));
              server->port = (guint16) g_ascii_strtoull (strrchr (server->url, ':') + 1, NULL, 10);
              g_free (line);
              return;
            }
          g_free (line);
        }
      g_subprocess_wait (server->process, NULL, NULL);
      g_clear_object (&server->process);
      g_usleep (100 * 1000);
    }
  g_error ("kasir-server did not start on port %u", port);
}
