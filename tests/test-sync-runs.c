/* test-sync-runs.c — the parts of the sync service, each on its own against a real server
 * (in this process, on loopback): the terminal identity (enroll, load), a pull run and a
 * push run (batches, the 413 halving, a cancel), all through one database worker.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "server-data/server-test-util.h"
#include "sync-test-util.h"

#include "kasir-pull-run.h"
#include "kasir-push-run.h"
#include "kasir-sync-worker.h"
#include "kasir-terminal-identity.h"

/* A till's parts without the service: its database, the worker, its identity. */
typedef struct
{
  ServerFixture         *server;
  char                  *dir;
  KasirDatabase         *db;
  KasirSyncWorker       *worker;
  KasirTerminalIdentity *identity;
  KasirSyncClient       *client;
  gint64                 terminal_id;
} Till;

static gboolean
result_arrived (gpointer data)
{
  return *(GAsyncResult **)data != NULL;
}

static void
on_result (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

/* Iterates until the async call answered; returns its result. */
static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  g_assert_true (sync_test_wait_for (result_arrived, slot, 60));
  return *slot;
}

static void
till_open (Till  *till,
           gsize  max_body)
{
  g_autoptr(GError) error = NULL;

  till->server = server_fixture_new_full (NULL, max_body);
  till->dir = g_dir_make_tmp ("kasir-runs-XXXXXX", &error);
  g_assert_no_error (error);
  till->db = sync_test_terminal_db (till->dir, "till.db", NULL);
  till->worker = kasir_sync_worker_new (till->db, &error);
  g_assert_no_error (error);
  till->identity = kasir_terminal_identity_new (till->worker, till->db);
}

static void
till_enroll (Till *till)
{
  g_autofree char *code = make_enroll_code (till->server, 1, 600);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  kasir_terminal_identity_enroll_async (till->identity, till->server->url, code, "Till", NULL,
                                        on_result, &result);
  till->client = kasir_terminal_identity_enroll_finish (till->identity, wait_result (&result),
                                                        &till->terminal_id, &name, &error);
  g_assert_no_error (error);
  g_assert_nonnull (till->client);
  g_assert_cmpint (till->terminal_id, >, 0);
  /* "Till" for the first till of the outlet, "Till 2" and on for the next ones. */
  g_assert_true (g_str_has_prefix (name, "Till"));
}

static void
till_close (Till *till)
{
  /* Results the test still holds keep the identity; stopping ends the worker's thread. */
  kasir_sync_worker_stop (till->worker);
  g_clear_object (&till->client);
  g_clear_object (&till->identity);
  g_clear_object (&till->worker);
  g_clear_object (&till->db);
  sync_test_remove_tree (till->dir);
  g_free (till->dir);
  server_fixture_free (till->server);
}

/* ---- Pull ---- */

static void
on_progress (KasirPullRun *run,
             GParamSpec   *pspec,
             GArray       *seen)
{
  double progress = kasir_pull_run_get_progress (run);

  g_array_append_val (seen, progress);
}

/* Pulls everything after @cursor in pages of @page_size; returns the run, finished. */
static KasirPullRun *
run_pull (Till   *till,
      gint64  cursor,
      guint   page_size,
      GArray *progress)
{
  KasirPullRun *run = kasir_pull_run_new (till->worker, till->client, cursor, page_size);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (progress != NULL)
    g_signal_connect (run, "notify::progress", G_CALLBACK (on_progress), progress);
  kasir_pull_run_run_async (run, NULL, on_result, &result);
  g_assert_true (kasir_pull_run_run_finish (run, wait_result (&result), &error));
  g_assert_no_error (error);

  return run;
}

static void
test_identity (void)
{
  Till till = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) again = NULL;
  g_autoptr(GAsyncResult) refused = NULL;
  g_autoptr(KasirSyncClient) loaded = NULL;
  g_autoptr(KasirSyncClient) none = NULL;
  g_autoptr(KasirSyncClient) bad = NULL;
  g_autoptr(GError) error = NULL;
  gint64 terminal_id = -1;
  gboolean token_missing = TRUE;

  till_open (&till, 0);

  /* Not enrolled: no client, and no error. */
  kasir_terminal_identity_load_async (till.identity, NULL, on_result, &result);
  none = kasir_terminal_identity_load_finish (till.identity, wait_result (&result), &terminal_id,
                                              &token_missing, &error);
  g_assert_no_error (error);
  g_assert_null (none);
  g_assert_cmpint (terminal_id, ==, 0);

  /* A code the server does not know is refused and stores nothing. */
  kasir_terminal_identity_enroll_async (till.identity, till.server->url, "NOT-A-CODE", "Till",
                                        NULL, on_result, &refused);
  bad = kasir_terminal_identity_enroll_finish (till.identity, wait_result (&refused),
                                               &terminal_id, NULL, &error);
  g_assert_null (bad);
  g_assert_nonnull (error);
  g_assert_true (error->domain == KASIR_SYNC_ERROR);
  g_clear_error (&error);
  g_assert_cmpint (sync_test_local_query (till.db, "SELECT count(*) FROM sync_state "
                                                   "WHERE terminal_id IS NOT NULL AND terminal_id > 0"),
                   ==, 0);

  till_enroll (&till);
  g_assert_true (kasir_sync_client_has_token (till.client));

  /* What was stored loads again: the same server, terminal and token. */
  kasir_terminal_identity_load_async (till.identity, NULL, on_result, &again);
  loaded = kasir_terminal_identity_load_finish (till.identity, wait_result (&again), &terminal_id,
                                                &token_missing, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_cmpint (terminal_id, ==, till.terminal_id);
  g_assert_false (token_missing);
  g_assert_true (kasir_sync_client_has_token (loaded));
  g_assert_cmpstr (kasir_sync_client_get_base_url (loaded), ==,
                   kasir_sync_client_get_base_url (till.client));

  till_close (&till);
}

static void
test_pull (void)
{
  Till till = { 0 };
  g_autoptr(KasirPullRun) first = NULL;
  g_autoptr(KasirPullRun) second = NULL;
  g_autoptr(GArray) progress = g_array_new (FALSE, FALSE, sizeof (double));
  KasirPullTimings timings;
  gint64 head;

  till_open (&till, 0);
  till_enroll (&till);

  /* Small pages: the pipeline fetches ahead and writes in order, each with its cursor. */
  first = run_pull (&till, 0, 2, progress);
  head = kasir_pull_run_get_cursor (first);
  g_assert_cmpint (head, >, 0);
  g_assert_cmpint (head, <=, db_int (till.server, "SELECT max(seq) FROM change_log"));
  g_assert_cmpint (kasir_pull_run_get_rows (first), >=, 4);
  g_assert_cmpint (sync_test_local_query (till.db, "SELECT count(*) FROM products"), ==, 4);
  g_assert_cmpint (sync_test_local_query (till.db, "SELECT cursor FROM sync_state"), ==, head);
  /* The first pull loaded the empty catalog in bulk and built its indexes at the end:
   * every product is in the full-text index, and the load is over. */
  g_assert_cmpint (sync_test_local_query (till.db, "SELECT count(*) FROM catalog_deferred"), ==, 0);
  g_assert_cmpint (sync_test_local_query (till.db,
                                          "SELECT count(*) FROM sqlite_master WHERE "
                                          "name IN ('products_name', 'products_fts_after_insert')"),
                   ==, 2);
  g_assert_cmpint (sync_test_local_query (till.db,
                                          "SELECT count(*) FROM products_fts WHERE products_fts "
                                          "MATCH 'air* OR teh* OR keripik* OR mi*'"),
                   ==, 4);
  g_assert_cmpuint (progress->len, >, 0);
  for (guint i = 1; i < progress->len; i++)
    g_assert_cmpfloat (g_array_index (progress, double, i), >=,
                       g_array_index (progress, double, i - 1));

  /* Where the time went: every page fetched, read and written, and the indexes built
   * once, within the run's own time. */
  kasir_pull_run_get_timings (first, &timings);
  g_assert_cmpuint (timings.pages, >=, (kasir_pull_run_get_rows (first) + 1) / 2);
  g_assert_cmpint (timings.wait_us, >, 0);
  g_assert_cmpint (timings.decode_us, >, 0);
  g_assert_cmpint (timings.insert_us, >, 0);
  g_assert_cmpint (timings.commit_us, >, 0);
  g_assert_cmpint (timings.index_us, >, 0);
  g_assert_cmpint (timings.first_page_us, >, 0);
  g_assert_cmpint (timings.total_us, >=, timings.index_us + timings.first_page_us);

  /* Nothing new: the next pull writes nothing and keeps the cursor. */
  second = run_pull (&till, kasir_pull_run_get_cursor (first), 2, NULL);
  g_assert_cmpint (kasir_pull_run_get_rows (second), ==, 0);
  g_assert_cmpint (kasir_pull_run_get_cursor (second), ==, head);
  /* No catalog load this time: no indexes built. */
  kasir_pull_run_get_timings (second, &timings);
  g_assert_cmpint (timings.index_us, ==, 0);
  g_assert_cmpuint (timings.pages, ==, 1);

  till_close (&till);
}

/* ---- Push ---- */

typedef struct
{
  GArray *batches;   /* sizes read, in order */
  guint   synced;    /* sale-synced signals */
  guint   accepted;  /* mutations in accepted batches */
} PushLog;

static void
on_batch_read (KasirPushRun *run,
               guint         count,
               PushLog      *log)
{
  g_array_append_val (log->batches, count);
}

static void
on_sale_synced (KasirPushRun *run,
                const char   *receipt,
                PushLog      *log)
{
  g_assert_nonnull (receipt);
  log->synced++;
}

static void
on_batch_accepted (KasirPushRun *run,
                   guint         count,
                   guint         rejected,
                   PushLog      *log)
{
  g_assert_cmpuint (rejected, ==, 0);
  log->accepted += count;
}

/* Runs a push; returns the run, finished, and the error it ended with (if any). */
static KasirPushRun *
run_push (Till          *till,
      guint          batch_size,
      guint          limit,
      GCancellable  *cancellable,
      PushLog       *log,
      GError       **error)
{
  KasirPushRun *run = kasir_push_run_new (till->worker, till->client, till->terminal_id,
                                          batch_size, limit);
  g_autoptr(GAsyncResult) result = NULL;

  log->batches = g_array_new (FALSE, FALSE, sizeof (guint));
  g_signal_connect (run, "batch-read", G_CALLBACK (on_batch_read), log);
  g_signal_connect (run, "sale-synced", G_CALLBACK (on_sale_synced), log);
  g_signal_connect (run, "batch-accepted", G_CALLBACK (on_batch_accepted), log);
  kasir_push_run_run_async (run, cancellable, on_result, &result);
  kasir_push_run_run_finish (run, wait_result (&result), error);

  return run;
}

static gint64
unsent (Till *till)
{
  return sync_test_local_query (till->db,
                                "SELECT count(*) FROM outbox WHERE state IN ('pending','in_flight')");
}

/* A till enrolled and pulled once, with @n sales of the first four products queued. */
static void
till_with_sales (Till  *till,
                 gsize  max_body,
                 guint  n)
{
  g_autoptr(KasirPullRun) run = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  till_open (till, max_body);
  till_enroll (till);
  run = run_pull (till, 0, 500, NULL);
  for (guint i = 0; i < n; i++)
    sync_test_make_sale_of (till->db, rand, 4);
  g_assert_cmpint (unsent (till), ==, n);
}

static void
test_push (void)
{
  Till till = { 0 };
  PushLog log = { 0 };
  PushLog again = { 0 };
  g_autoptr(KasirPushRun) run = NULL;
  g_autoptr(KasirPushRun) second = NULL;
  g_autoptr(GError) error = NULL;
  const guint expected[] = { 2, 2, 1, 0 };

  till_with_sales (&till, 0, 5);

  run = run_push (&till, 2, G_MAXUINT, NULL, &log, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log.batches->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpuint (g_array_index (log.batches, guint, i), ==, expected[i]);
  g_assert_cmpuint (log.synced, ==, 5);
  g_assert_cmpuint (log.accepted, ==, 5);
  g_assert_cmpuint (kasir_push_run_get_pushed (run), ==, 5);
  g_assert_cmpint (db_int (till.server, "SELECT count(*) FROM sales"), ==, 5);
  g_assert_cmpint (unsent (&till), ==, 0);

  /* Nothing left: one empty read, nothing sent. */
  second = run_push (&till, 2, G_MAXUINT, NULL, &again, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again.batches->len, ==, 1);
  g_assert_cmpuint (kasir_push_run_get_pushed (second), ==, 0);
  g_assert_cmpint (db_int (till.server, "SELECT count(*) FROM sales"), ==, 5);

  g_array_unref (log.batches);
  g_array_unref (again.batches);
  till_close (&till);
}

/* The server takes small bodies only: the run halves its batches until they go through,
 * every sale lands once, and the limit is forgotten once the outbox is empty. */
static void
test_push_too_large (void)
{
  Till till = { 0 };
  PushLog log = { 0 };
  g_autoptr(KasirPushRun) run = NULL;
  g_autoptr(GError) error = NULL;
  guint smallest = G_MAXUINT;

  till_with_sales (&till, 4096, 40);

  run = run_push (&till, 200, G_MAXUINT, NULL, &log, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_array_index (log.batches, guint, 0), ==, 40);
  for (guint i = 0; i + 1 < log.batches->len; i++)
    smallest = MIN (smallest, g_array_index (log.batches, guint, i));
  g_assert_cmpuint (smallest, <, 40);
  g_assert_cmpuint (log.accepted, ==, 40);
  g_assert_cmpint (db_int (till.server, "SELECT count(*) FROM sales"), ==, 40);
  g_assert_cmpint (db_int (till.server, "SELECT count(DISTINCT id) FROM sales"), ==, 40);
  g_assert_cmpint (unsent (&till), ==, 0);
  g_assert_cmpuint (kasir_push_run_get_limit (run), ==, G_MAXUINT);

  g_array_unref (log.batches);
  till_close (&till);
}

/* A limit learned earlier holds from the first batch on. */
static void
test_push_limit_carried (void)
{
  Till till = { 0 };
  PushLog log = { 0 };
  g_autoptr(KasirPushRun) run = NULL;
  g_autoptr(GError) error = NULL;

  till_with_sales (&till, 0, 7);

  run = run_push (&till, 200, 3, NULL, &log, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < log.batches->len; i++)
    g_assert_cmpuint (g_array_index (log.batches, guint, i), <=, 3);
  g_assert_cmpuint (log.accepted, ==, 7);
  g_assert_cmpint (db_int (till.server, "SELECT count(*) FROM sales"), ==, 7);

  g_array_unref (log.batches);
  till_close (&till);
}

/* A cancelled run sends nothing and leaves the outbox as it was; the next one sends it. */
static void
test_push_cancelled (void)
{
  Till till = { 0 };
  PushLog log = { 0 };
  PushLog next = { 0 };
  g_autoptr(KasirPushRun) run = NULL;
  g_autoptr(KasirPushRun) second = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  till_with_sales (&till, 0, 3);

  g_cancellable_cancel (cancellable);
  run = run_push (&till, 200, G_MAXUINT, cancellable, &log, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (log.synced, ==, 0);
  g_assert_cmpint (db_int (till.server, "SELECT count(*) FROM sales"), ==, 0);
  g_assert_cmpint (unsent (&till), ==, 3);

  second = run_push (&till, 200, G_MAXUINT, NULL, &next, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (next.synced, ==, 3);
  g_assert_cmpint (db_int (till.server, "SELECT count(*) FROM sales"), ==, 3);

  g_array_unref (log.batches);
  g_array_unref (next.batches);
  till_close (&till);
}

/* ---- The service's shutdown ---- */

static gboolean
never (gpointer data)
{
  return FALSE;
}

static gboolean
some_sales_arrived (gpointer data)
{
  return db_int (data, "SELECT count(*) FROM sales") >= 5;
}

/* Shut down in the middle of a push: nothing is written afterwards, nothing holds the
 * service, and the outbox keeps what was not acknowledged. */
static void
test_service_shutdown (void)
{
  ServerFixture *server = server_fixture_new ();
  g_autofree char *dir = g_dir_make_tmp ("kasir-runs-XXXXXX", NULL);
  g_autoptr(KasirTestNetworkMonitor) monitor = kasir_test_network_monitor_new (TRUE);
  g_autoptr(KasirDatabase) db = sync_test_terminal_db (dir, "till.db", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autofree char *code = make_enroll_code (server, 1, 600);
  g_autoptr(GError) error = NULL;
  KasirSyncService *service;
  gint64 unsent_at_stop;

  service = kasir_sync_service_new (db, G_NETWORK_MONITOR (monitor), &error);
  g_assert_no_error (error);
  g_object_set (service, "heartbeat-interval", 1, "sync-interval", 1, "request-timeout", 5,
                "batch-size", 1, NULL);
  sync_test_enroll_with_code (service, server->url, code);
  g_assert_true (sync_test_wait_drained (service, 60));

  for (guint i = 0; i < 200; i++)
    sync_test_make_sale_of (db, rand, 4);
  kasir_sync_service_sync_now (service);
  g_assert_true (sync_test_wait_for (some_sales_arrived, server, 60));

  kasir_sync_service_shutdown (service);
  unsent_at_stop = sync_test_local_query (db, "SELECT count(*) FROM outbox "
                                              "WHERE state IN ('pending','in_flight')");
  g_assert_cmpint (unsent_at_stop, >, 0);
  g_assert_true (kasir_sync_service_get_idle (service));

  /* The cancelled work's callbacks come in and do nothing. */
  sync_test_wait_for (never, NULL, 1.5);
  g_assert_cmpint (sync_test_local_query (db, "SELECT count(*) FROM outbox "
                                              "WHERE state IN ('pending','in_flight')"),
                   ==, unsent_at_stop);
  kasir_sync_service_shutdown (service);
  g_assert_finalize_object (service);

  g_clear_object (&db);
  sync_test_remove_tree (dir);
  server_fixture_free (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Sync/Runs/identity", test_identity);
  g_test_add_func ("/Kasir/Sync/Runs/pull", test_pull);
  g_test_add_func ("/Kasir/Sync/Runs/push", test_push);
  g_test_add_func ("/Kasir/Sync/Runs/push-too-large", test_push_too_large);
  g_test_add_func ("/Kasir/Sync/Runs/push-limit-carried", test_push_limit_carried);
  g_test_add_func ("/Kasir/Sync/Runs/push-cancelled", test_push_cancelled);
  g_test_add_func ("/Kasir/Sync/Runs/service-shutdown", test_service_shutdown);

  return g_test_run ();
}
