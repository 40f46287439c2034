/* bench-sync-push.c — 10,000 queued sales pushed to a local kasir-server until all acked.
 *
 * Prints: BENCH sync-push sales=10000 seconds=… sales_per_s=…
 * Target (issue): under 10 s.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "kasir-database-private.h"
#include "kasir-test-network-monitor.h"
#include "sync-test-util.h"

#define N_SALES 10000

static gboolean
all_acked (gpointer data)
{
  KasirDatabase *db = data;
  gint64 unsent = -1;

  kasir_database_query_int64 (db, "SELECT count(*) FROM outbox WHERE state IN ('pending','in_flight')",
                              &unsent, NULL);
  return unsent == 0;
}

int
main (int   argc,
      char *argv[])
{
  SyncTestServer *server = sync_test_server_new ();
  g_autoptr(KasirTestNetworkMonitor) monitor = kasir_test_network_monitor_new (TRUE);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-bench-push-XXXXXX", NULL);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirSyncService) service = NULL;
  gint64 start, end;
  gint64 on_server;
  double seconds;

  sync_test_server_start (server, 0);
  db = sync_test_terminal_db (dir, "till.db", NULL);
  service = kasir_sync_service_new (db, G_NETWORK_MONITOR (monitor), &error);
  g_assert_no_error (error);

  sync_test_enroll (service, server, server->url, 1);
  g_assert_true (sync_test_wait_drained (service, 120));

  /* Queue the sales while the network is away, then time the drain alone. */
  kasir_test_network_monitor_set_available (monitor, FALSE);
  for (guint i = 0; i < N_SALES; i++)
    sync_test_make_sale (db, rand);

  start = g_get_monotonic_time ();
  kasir_test_network_monitor_set_available (monitor, TRUE);
  kasir_sync_service_sync_now (service);
  if (!sync_test_wait_for (all_acked, db, 300))
    g_error ("the queue did not drain: %s", kasir_sync_service_get_last_error (service));
  end = g_get_monotonic_time ();

  on_server = sync_test_server_query (server, "SELECT count(*) FROM sales");
  g_assert_cmpint (on_server, ==, N_SALES);

  seconds = (end - start) / (double)G_USEC_PER_SEC;
  g_print ("BENCH sync-push sales=%d seconds=%.2f sales_per_s=%.0f\n",
           N_SALES, seconds, N_SALES / seconds);

  kasir_sync_service_shutdown (service);
  g_clear_object (&service);
  g_clear_object (&db);
  sync_test_server_free (server);
  return 0;
}
