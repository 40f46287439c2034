/* sync-terminal.c — a terminal process for the kill test.
 *
 * Reads the database key (64 hex digits) from stdin, opens the database given on the
 * command line, loads the enrolled identity and token (keyring) and syncs until nothing
 * is left to push, then exits 0. The kill test SIGKILLs it at random moments.
 *
 *   sync-terminal DB-PATH BATCH-SIZE
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kasir-database.h"
#include "kasir-sync-service.h"
#include "kasir-test-network-monitor.h"
#include "sync-test-util.h"

static gboolean loaded;
static gboolean load_ok;

static void
on_loaded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  load_ok = kasir_sync_service_load_finish (KASIR_SYNC_SERVICE (object), result, &error);
  if (!load_ok)
    g_printerr ("load: %s\n", error->message);
  loaded = TRUE;
}

static gboolean
is_loaded (gpointer data)
{
  return loaded;
}

int
main (int   argc,
      char *argv[])
{
  char hex[2 * KASIR_DATABASE_KEY_SIZE + 2] = { 0 };
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirSyncService) service = NULL;
  g_autoptr(KasirTestNetworkMonitor) monitor = kasir_test_network_monitor_new (TRUE);

  if (argc != 3 || fgets (hex, sizeof hex, stdin) == NULL)
    {
      g_printerr ("usage: sync-terminal DB-PATH BATCH-SIZE < key\n");
      return 2;
    }

  for (guint i = 0; i < KASIR_DATABASE_KEY_SIZE; i++)
    {
      char byte[3] = { hex[2 * i], hex[2 * i + 1], 0 };
      key[i] = (guint8)g_ascii_strtoull (byte, NULL, 16);
    }
  memset (hex, 0, sizeof hex);

  db = kasir_database_open_with_key (argv[1], key, &error);
  memset (key, 0, sizeof key);
  if (db == NULL)
    {
      g_printerr ("open: %s\n", error->message);
      return 1;
    }

  service = kasir_sync_service_new (db, G_NETWORK_MONITOR (monitor), &error);
  if (service == NULL)
    {
      g_printerr ("service: %s\n", error->message);
      return 1;
    }
  g_object_set (service, "heartbeat-interval", 1, "sync-interval", 1,
                "batch-size", (guint)g_ascii_strtoull (argv[2], NULL, 10), NULL);

  kasir_sync_service_load_async (service, NULL, on_loaded, NULL);
  sync_test_wait_for (is_loaded, NULL, 30);
  if (!load_ok || kasir_sync_service_get_state (service) == KASIR_SYNC_STATUS_STANDALONE)
    return 1;

  kasir_sync_service_outbox_changed (service);
  if (!sync_test_wait_drained (service, 120))
    {
      g_printerr ("not drained: %s\n", kasir_sync_service_get_last_error (service));
      return 1;
    }

  /* Work already in worker threads (a history row, the signing key) finishes before the
   * process exits: exiting under a thread that is inside SQLCipher or libsoup can crash. */
  kasir_sync_service_shutdown (service);
  {
    KasirSyncService *finalized = g_steal_pointer (&service);
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    g_object_add_weak_pointer (G_OBJECT (finalized), (gpointer *)&finalized);
    g_object_unref (finalized);
    while (finalized != NULL && g_get_monotonic_time () < deadline)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
    if (finalized != NULL)
      {
        g_printerr ("the sync service did not finish its work\n");
        return 1;
      }
  }
  return 0;
}
