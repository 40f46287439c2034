/* kasir-sync-service-orders.c — the outlet's open orders kept fresh: after each sync the
 * service asks the server for them (on the main context, asynchronously), keeps them in
 * place of the other tills' ones listed before on its worker (never on the UI thread),
 * and says how many this till lists now (::orders-changed), for the Orders button and
 * an open Orders window. A listing that fails is left for the next sync. Between
 * listings, the counts made after each outbox write (kasir-sync-service-run.c) tell a
 * change of this till's own orders at once.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-sync"

#include "config.h"

#include "kasir-open-order-repository.h"
#include "kasir-sync-client.h"
#include "kasir-sync-service-private.h"

static gpointer
job_keep_listed (KasirDatabase  *db,
                 gpointer        data,
                 GCancellable   *cancellable,
                 GError        **error)
{
  g_autoptr(KasirOpenOrderRepository) orders = kasir_open_order_repository_new (db);
  g_autoptr(GPtrArray) list = NULL;

  if (!kasir_open_order_repository_replace_listed (orders, data, error))
    return NULL;
  list = kasir_open_order_repository_list (orders, error);
  if (list == NULL)
    return NULL;
  /* A count, off by one so that none is not NULL. */
  return GUINT_TO_POINTER (list->len + 1);
}

static void
on_kept (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(KasirSyncService) self = user_data;
  g_autoptr(GError) error = NULL;
  gpointer count = kasir_sync_worker_run_finish (self->worker, result, &error);

  if (count == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("The open orders listed could not be kept: %s", error->message);
      return;
    }
  self->open_order_count = GPOINTER_TO_UINT (count) - 1;
  _kasir_sync_service_emit (self, ORDERS_CHANGED, GPOINTER_TO_UINT (count) - 1);
}

static void
on_listed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KasirSyncService) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *listed = kasir_sync_client_open_orders_finish (KASIR_SYNC_CLIENT (object), result, &error);

  if (listed == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("The open orders could not be listed: %s", error->message);
      return;
    }
  kasir_sync_worker_run_async (self->worker, job_keep_listed, listed, (GDestroyNotify) g_ptr_array_unref,
                               NULL, self->cancellable, on_kept, g_object_ref (self));
}

void
_kasir_sync_service_refresh_orders (KasirSyncService *self)
{
  if (self->client == NULL || _kasir_sync_service_is_stopped (self))
    return;
  kasir_sync_client_open_orders_async (self->client, self->cancellable, on_listed, g_object_ref (self));
}
