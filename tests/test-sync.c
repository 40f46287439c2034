/* test-sync.c — the sync service against a real kasir-server on loopback.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <glib/gstdio.h>

#include "kasir-database-private.h"
#include "kasir-fault-proxy.h"
#include "kasir-sync-repository.h"
#include "kasir-test-network-monitor.h"
#include "sync-test-util.h"

typedef struct
{
  SyncTestServer          *server;
  char                    *dir;
  KasirTestNetworkMonitor *monitor;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->server = sync_test_server_new ();
  sync_test_server_start (f->server, 0);
  f->dir = g_dir_make_tmp ("kasir-terminal-XXXXXX", &error);
  g_assert_no_error (error);
  f->monitor = kasir_test_network_monitor_new (TRUE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sync_test_server_free (f->server);
  sync_test_remove_tree (f->dir);
  g_free (f->dir);
  g_clear_object (&f->monitor);
}

static KasirSyncService *
new_service (Fixture       *f,
             KasirDatabase *db)
{
  g_autoptr(GError) error = NULL;
  KasirSyncService *service;

  service = kasir_sync_service_new (db, G_NETWORK_MONITOR (f->monitor), &error);
  g_assert_no_error (error);
  g_object_set (service, "heartbeat-interval", 1, "sync-interval", 2, "request-timeout", 3, NULL);

  return service;
}

static gboolean
pending_is_positive (gpointer data)
{
  return kasir_sync_service_get_pending_count (data) > 0;
}

typedef struct
{
  KasirSyncService *service;
  KasirSyncStatus   status;
} StatusWait;

static gboolean
status_is (gpointer data)
{
  StatusWait *w = data;

  return kasir_sync_service_get_state (w->service) == w->status;
}

static void
assert_status_within (KasirSyncService *service,
                      KasirSyncStatus   status,
                      double            seconds)
{
  StatusWait w = { service, status };

  if (!sync_test_wait_for (status_is, &w, seconds))
    g_error ("state stayed %d, expected %d (last error: %s)",
             kasir_sync_service_get_state (service), status,
             kasir_sync_service_get_last_error (service));
}

static void
on_sale_synced (KasirSyncService *service,
                const char       *receipt_no,
                GHashTable       *seen)
{
  /* Each receipt is announced once: the signal follows the ack transaction. */
  g_assert_false (g_hash_table_contains (seen, receipt_no));
  g_hash_table_add (seen, g_strdup (receipt_no));
}

static void
on_progress (KasirSyncService *service,
             GParamSpec       *pspec,
             GArray           *values)
{
  double progress = kasir_sync_service_get_progress (service);

  g_array_append_val (values, progress);
}

static void
test_offline_then_online (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GArray) progress = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(KasirDatabase) db = sync_test_terminal_db (f->dir, "till.db", NULL);
  g_autoptr(KasirSyncService) service = new_service (f, db);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 total = 0;

  g_assert_cmpint (kasir_sync_service_get_state (service), ==, KASIR_SYNC_STATUS_STANDALONE);
  g_signal_connect (service, "sale-synced", G_CALLBACK (on_sale_synced), seen);
  g_signal_connect (service, "notify::progress", G_CALLBACK (on_progress), progress);
  g_object_set (service, "pull-page-size", 400, NULL);

  sync_test_enroll (service, f->server, f->server->url, 1);
  g_assert_true (sync_test_wait_drained (service, 60));

  /* The first sync came in many pages; the bar only went forward, and ended full. */
  g_assert_cmpuint (progress->len, >=, 5);
  for (guint i = 1; i < progress->len; i++)
    if (g_array_index (progress, double, i - 1) > 0.0 && g_array_index (progress, double, i) > 0.0)
      g_assert_cmpfloat (g_array_index (progress, double, i), >, g_array_index (progress, double, i - 1));
  g_assert_cmpfloat (g_array_index (progress, double, progress->len - 1), ==, 1.0);
  g_assert_cmpint (kasir_sync_service_get_state (service), ==, KASIR_SYNC_STATUS_ONLINE);
  g_assert_cmpint (sync_test_local_query (db, "SELECT count(*) FROM products"), >=, 2000);

  kasir_test_network_monitor_set_available (f->monitor, FALSE);
  g_assert_cmpint (kasir_sync_service_get_state (service), ==, KASIR_SYNC_STATUS_OFFLINE);
  g_assert_nonnull (kasir_sync_service_get_offline_since (service));

  for (guint i = 0; i < 25; i++)
    total += sync_test_make_sale (db, rand);
  kasir_sync_service_outbox_changed (service);
  g_assert_true (sync_test_wait_for (pending_is_positive, service, 10));

  /* Offline for a few heartbeats: nothing may leave the till. */
  {
    gint64 until = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  }
  g_assert_cmpint (kasir_sync_service_get_pending_count (service), ==, 25);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM sales"), ==, 0);
  g_assert_cmpint (kasir_sync_service_get_state (service), ==, KASIR_SYNC_STATUS_OFFLINE);

  kasir_test_network_monitor_set_available (f->monitor, TRUE);
  g_assert_true (sync_test_wait_drained (service, 60));

  g_assert_cmpint (kasir_sync_service_get_state (service), ==, KASIR_SYNC_STATUS_ONLINE);
  g_assert_null (kasir_sync_service_get_offline_since (service));
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM sales"), ==, 25);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(DISTINCT id) FROM sales"), ==, 25);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT sum(total) FROM sales"), ==, total);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 25);
  g_assert_cmpint (sync_test_local_query (db, "SELECT count(*) FROM outbox WHERE state IN ('pending', 'in_flight')"), ==, 0);

  kasir_sync_service_shutdown (service);
}

static void
test_server_down_and_back (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(KasirDatabase) db = sync_test_terminal_db (f->dir, "till.db", NULL);
  g_autoptr(KasirSyncService) service = new_service (f, db);
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  guint16 port = f->server->port;
  gint64 total = 0;
  gint64 stopped_at;

  sync_test_enroll (service, f->server, f->server->url, 1);
  g_assert_true (sync_test_wait_drained (service, 60));

  sync_test_server_stop (f->server);
  stopped_at = g_get_monotonic_time ();
  /* Heartbeat interval is 1 s: unreachable within about one interval. */
  assert_status_within (service, KASIR_SYNC_STATUS_UNREACHABLE, 2.5);
  g_test_message ("unreachable after %.2f s",
                  (g_get_monotonic_time () - stopped_at) / (double)G_USEC_PER_SEC);
  g_assert_nonnull (kasir_sync_service_get_last_error (service));

  for (guint i = 0; i < 40; i++)
    total += sync_test_make_sale (db, rand);
  kasir_sync_service_outbox_changed (service);
  g_assert_true (sync_test_wait_for (pending_is_positive, service, 10));

  sync_test_server_start (f->server, port);
  assert_status_within (service, KASIR_SYNC_STATUS_ONLINE, 30);
  g_assert_true (sync_test_wait_drained (service, 60));
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM sales"), ==, 40);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT sum(total) FROM sales"), ==, total);

  kasir_sync_service_shutdown (service);
}

/* Two tills with the heartbeat interval a shop uses: however long the server was away,
 * both are back online within 10 s of its return, and a network that comes back makes a
 * till ask at once. */
static void
test_recovery_two_tills (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(KasirDatabase) db1 = sync_test_terminal_db (f->dir, "till1.db", NULL);
  g_autoptr(KasirDatabase) db2 = sync_test_terminal_db (f->dir, "till2.db", NULL);
  g_autoptr(KasirSyncService) s1 = new_service (f, db1);
  g_autoptr(KasirSyncService) s2 = new_service (f, db2);
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  guint16 port = f->server->port;
  gint64 started_at;
  double back1, back2;
  StatusWait w1 = { s1, KASIR_SYNC_STATUS_ONLINE };

  g_object_set (s1, "heartbeat-interval", 15, "sync-interval", 60, NULL);
  g_object_set (s2, "heartbeat-interval", 15, "sync-interval", 60, NULL);
  sync_test_enroll (s1, f->server, f->server->url, 1);
  sync_test_enroll (s2, f->server, f->server->url, 1);
  g_assert_true (sync_test_wait_drained (s1, 60));
  g_assert_true (sync_test_wait_drained (s2, 60));

  /* The server goes away for longer than several heartbeats would back off. */
  sync_test_server_stop (f->server);
  kasir_sync_service_sync_now (s1);
  kasir_sync_service_sync_now (s2);
  assert_status_within (s1, KASIR_SYNC_STATUS_UNREACHABLE, 20);
  assert_status_within (s2, KASIR_SYNC_STATUS_UNREACHABLE, 20);
  sync_test_make_sale (db1, rand);
  sync_test_make_sale (db2, rand);
  kasir_sync_service_outbox_changed (s1);
  kasir_sync_service_outbox_changed (s2);
  g_assert_false (sync_test_wait_for (status_is, &w1, 25));

  sync_test_server_start (f->server, port);
  started_at = g_get_monotonic_time ();
  assert_status_within (s1, KASIR_SYNC_STATUS_ONLINE, 10);
  back1 = (g_get_monotonic_time () - started_at) / (double) G_USEC_PER_SEC;
  assert_status_within (s2, KASIR_SYNC_STATUS_ONLINE, 10 - back1);
  back2 = (g_get_monotonic_time () - started_at) / (double) G_USEC_PER_SEC;
  g_test_message ("back online after %.2f s and %.2f s", back1, back2);
  g_assert_true (sync_test_wait_drained (s1, 60));
  g_assert_true (sync_test_wait_drained (s2, 60));
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM sales"), ==, 2);

  /* The network goes and the server with it; the network's return is asked about at
   * once, not at the next heartbeat. */
  kasir_test_network_monitor_set_available (f->monitor, FALSE);
  sync_test_server_stop (f->server);
  assert_status_within (s1, KASIR_SYNC_STATUS_OFFLINE, 5);
  sync_test_server_start (f->server, port);
  kasir_test_network_monitor_set_available (f->monitor, TRUE);
  started_at = g_get_monotonic_time ();
  assert_status_within (s1, KASIR_SYNC_STATUS_ONLINE, 3);
  assert_status_within (s2, KASIR_SYNC_STATUS_ONLINE, 3);
  g_test_message ("back after the network in %.2f s",
                  (g_get_monotonic_time () - started_at) / (double) G_USEC_PER_SEC);

  kasir_sync_service_shutdown (s1);
  kasir_sync_service_shutdown (s2);
}

static void
test_fault_proxy (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KasirFaultProxy *proxy = NULL;
  g_autofree char *proxy_url = NULL;
  g_autoptr(KasirDatabase) db1 = sync_test_terminal_db (f->dir, "till1.db", NULL);
  g_autoptr(KasirDatabase) db2 = sync_test_terminal_db (f->dir, "till2.db", NULL);
  g_autoptr(KasirSyncService) s1 = new_service (f, db1);
  g_autoptr(KasirSyncService) s2 = new_service (f, db2);
  g_autoptr(GRand) rand = g_rand_new_with_seed (23);
  guint per_terminal = 1000;
  gint64 total = 0;
  guint faults = 0;
  guint requests_before = 0;

  /* The proxy delays beyond the clients' 3 s timeout on some requests. */
  proxy = kasir_fault_proxy_new (f->server->port, 0, 4000, 1234, &error);
  g_assert_no_error (error);
  proxy_url = g_strdup_printf ("http://127.0.0.1:%u", kasir_fault_proxy_get_port (proxy));

  sync_test_enroll (s1, f->server, proxy_url, 1);
  sync_test_enroll (s2, f->server, proxy_url, 1);
  g_assert_true (sync_test_wait_drained (s1, 120));
  g_assert_true (sync_test_wait_drained (s2, 120));

  for (guint i = 0; i < per_terminal; i++)
    {
      total += sync_test_make_sale (db1, rand);
      total += sync_test_make_sale (db2, rand);
    }

  g_object_set (s1, "batch-size", 50, NULL);
  g_object_set (s2, "batch-size", 50, NULL);
  kasir_fault_proxy_set_percent (proxy, 40);
  requests_before = kasir_fault_proxy_get_requests (proxy);
  kasir_sync_service_outbox_changed (s1);
  kasir_sync_service_outbox_changed (s2);
  g_assert_true (sync_test_wait_for (pending_is_positive, s1, 10));
  g_assert_true (sync_test_wait_for (pending_is_positive, s2, 10));

  /* Keep going until both queues are empty; faults make this take a while. */
  {
    gint64 deadline = g_get_monotonic_time () + 240 * G_USEC_PER_SEC;

    while (g_get_monotonic_time () < deadline)
      {
        if (sync_test_local_query (db1, "SELECT count(*) FROM outbox WHERE state IN ('pending','in_flight')") == 0 &&
            sync_test_local_query (db2, "SELECT count(*) FROM outbox WHERE state IN ('pending','in_flight')") == 0)
          break;
        g_main_context_iteration (NULL, FALSE);
        g_usleep (2000);
      }
  }

  for (guint k = KASIR_FAULT_DROP_BEFORE; k < KASIR_FAULT_N_KINDS; k++)
    {
      g_test_message ("fault %u injected %u times", k, kasir_fault_proxy_get_faults (proxy, k));
      g_assert_cmpuint (kasir_fault_proxy_get_faults (proxy, k), >, 0);
      faults += kasir_fault_proxy_get_faults (proxy, k);
    }
  g_test_message ("%u requests while selling, %u faults",
                  kasir_fault_proxy_get_requests (proxy) - requests_before, faults);
  /* Faults are drawn only after selling starts, so all of them fall in that window. */
  g_assert_cmpuint (faults * 100, >=, 30 * (kasir_fault_proxy_get_requests (proxy) - requests_before));

  g_assert_cmpint (sync_test_local_query (db1, "SELECT count(*) FROM outbox WHERE state IN ('pending','in_flight')"), ==, 0);
  g_assert_cmpint (sync_test_local_query (db2, "SELECT count(*) FROM outbox WHERE state IN ('pending','in_flight')"), ==, 0);
  g_assert_cmpint (sync_test_local_query (db1, "SELECT count(*) FROM outbox WHERE state = 'rejected'"), ==, 0);
  g_assert_cmpint (sync_test_local_query (db2, "SELECT count(*) FROM outbox WHERE state = 'rejected'"), ==, 0);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM sales"), ==, 2 * per_terminal);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(DISTINCT id) FROM sales"), ==, 2 * per_terminal);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT sum(total) FROM sales"), ==, total);

  kasir_sync_service_shutdown (s1);
  kasir_sync_service_shutdown (s2);
  kasir_fault_proxy_free (proxy);
}

/* The server forgets the till (its database is replaced): the till is told, re-enrolls,
 * and every unsent sale still arrives, exactly once, under the new enrollment. */
static void
test_reenroll_keeps_outbox (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(KasirDatabase) db = sync_test_terminal_db (f->dir, "till.db", NULL);
  g_autoptr(KasirSyncService) service = new_service (f, db);
  g_autoptr(GRand) rand = g_rand_new_with_seed (31);
  SyncTestServer *fresh = NULL;
  guint16 port = f->server->port;
  gint64 total = 0;

  sync_test_enroll (service, f->server, f->server->url, 1);
  g_assert_true (sync_test_wait_drained (service, 60));
  for (guint i = 0; i < 5; i++)
    sync_test_make_sale (db, rand);
  kasir_sync_service_outbox_changed (service);
  g_assert_true (sync_test_wait_for (pending_is_positive, service, 10));
  g_assert_true (sync_test_wait_drained (service, 60));
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM sales"), ==, 5);

  /* A new server database answers on the same address; it has never seen this till. */
  kasir_test_network_monitor_set_available (f->monitor, FALSE);
  sync_test_server_stop (f->server);
  fresh = sync_test_server_new ();
  sync_test_server_start (fresh, port);

  for (guint i = 0; i < 8; i++)
    total += sync_test_make_sale (db, rand);
  kasir_sync_service_outbox_changed (service);
  g_assert_true (sync_test_wait_for (pending_is_positive, service, 10));
  kasir_test_network_monitor_set_available (f->monitor, TRUE);

  assert_status_within (service, KASIR_SYNC_STATUS_ATTENTION, 20);
  g_test_message ("told: %s", kasir_sync_service_get_last_error (service));
  g_assert_cmpint (kasir_sync_service_get_pending_count (service), ==, 8);

  sync_test_enroll (service, fresh, fresh->url, 1);
  g_assert_true (sync_test_wait_drained (service, 60));
  g_assert_cmpint (kasir_sync_service_get_state (service), ==, KASIR_SYNC_STATUS_ONLINE);
  g_assert_cmpint (sync_test_server_query (fresh, "SELECT count(*) FROM sales"), ==, 8);
  g_assert_cmpint (sync_test_server_query (fresh, "SELECT sum(total) FROM sales"), ==, total);
  g_assert_cmpint (sync_test_local_query (db, "SELECT count(*) FROM sales"), ==, 13);
  g_assert_cmpint (sync_test_local_query (db, "SELECT count(*) FROM outbox WHERE state IN ('pending','in_flight','rejected')"), ==, 0);

  kasir_sync_service_shutdown (service);
  sync_test_server_free (fresh);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/Kasir/Sync/offline-then-online", Fixture, NULL,
              fixture_set_up, test_offline_then_online, fixture_tear_down);
  g_test_add ("/Kasir/Sync/server-down-and-back", Fixture, NULL,
              fixture_set_up, test_server_down_and_back, fixture_tear_down);
  g_test_add ("/Kasir/Sync/recovery-two-tills", Fixture, NULL,
              fixture_set_up, test_recovery_two_tills, fixture_tear_down);
  g_test_add ("/Kasir/Sync/reenroll-keeps-outbox", Fixture, NULL,
              fixture_set_up, test_reenroll_keeps_outbox, fixture_tear_down);
  g_test_add ("/Kasir/Sync/fault-proxy", Fixture, NULL,
              fixture_set_up, test_fault_proxy, fixture_tear_down);

  return g_test_run ();
}
