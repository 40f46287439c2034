/* kasir-server-route-lookup.c — GET /api/v1/sales/lookup?receipt=…: a sale of the token's
 * outlet by its receipt number, with its lines and what was refunded of each, so that a
 * till can give back goods sold on another till of the outlet (kasir-server-lookup.h).
 *
 * A receipt of another outlet, or one that no till has pushed, answers 404 alike: the
 * answer never tells one outlet about another's sales.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include <string.h>

#include "kasir-server-private.h"

#define RECEIPT_MAX 64

void
kasir_server_handle_sale_lookup (KasirServer      *self,
                                 KasirServerCall  *call)
{
  const char *receipt = call->query != NULL ? g_hash_table_lookup (call->query, "receipt") : NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  gint64 terminal_id, outlet_id;
  gboolean found = FALSE;

  if (!kasir_server_authenticate (self, call, &terminal_id, &outlet_id))
    return;
  if (receipt == NULL || *receipt == '\0' || strlen (receipt) > RECEIPT_MAX
      || !g_utf8_validate (receipt, -1, NULL))
    {
      kasir_server_call_error (call, SOUP_STATUS_BAD_REQUEST, "bad_request",
                               "receipt must name a receipt number", 0);
      return;
    }
  answer = kasir_server_store_sale_lookup (call->store, outlet_id, receipt, &found, &error);
  if (answer == NULL && error != NULL)
    {
      kasir_server_call_store_error (call, error);
      return;
    }
  if (!found)
    {
      kasir_server_call_error (call, SOUP_STATUS_NOT_FOUND, "not_found",
                               "no sale of this outlet has that receipt number", 0);
      return;
    }
  kasir_server_call_json (call, SOUP_STATUS_OK, answer);
}
