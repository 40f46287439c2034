/* kasir-server-route-orders.c — GET /api/v1/orders/open: the open orders of the token's
 * outlet, for every till of it to list and pay (kasir-server-open-orders.h).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-private.h"

void
kasir_server_handle_open_orders (KasirServer      *self,
                                 KasirServerCall  *call)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  gint64 terminal_id, outlet_id;

  if (!kasir_server_authenticate (self, call, &terminal_id, &outlet_id))
    return;
  answer = kasir_server_store_open_orders (call->store, outlet_id, &error);
  if (answer == NULL)
    {
      kasir_server_call_store_error (call, error);
      return;
    }
  kasir_server_call_json (call, SOUP_STATUS_OK, answer);
}
