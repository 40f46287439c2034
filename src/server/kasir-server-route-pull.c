/* kasir-server-route-pull.c — GET /api/v1/sync/pull: a page of the outlet's changes after the
 * terminal's cursor, written as text from the page's records.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-private.h"

#define DEFAULT_PULL_LIMIT 500

static gboolean
query_int (GHashTable  *query,
           const char  *name,
           gint64       fallback,
           gint64       min,
           gint64       max,
           gint64      *out)
{
  const char *text = query ? g_hash_table_lookup (query, name) : NULL;
  gint64 value;

  *out = fallback;
  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_signed (text, 10, min, max, &value, NULL))
    return FALSE;
  *out = value;
  return TRUE;
}

void
kasir_server_handle_pull (KasirServer       *self,
                          KasirServerCall   *call)
{
  GHashTable *query = call->query;
  g_autoptr(KasirPullResponse) resp = NULL;
  g_autoptr(GError) error = NULL;
  gint64 terminal_id, outlet_id, cursor, limit, claimed;
  gsize length = 0;
  char *text;

  if (!kasir_server_authenticate (self, call, &terminal_id, &outlet_id))
    return;
  if (!query_int (query, "cursor", 0, 0, G_MAXINT64, &cursor)
      || !query_int (query, "limit", DEFAULT_PULL_LIMIT, 1, KASIR_PROTOCOL_MAX_CHANGES, &limit))
    {
      respond_error (call, SOUP_STATUS_BAD_REQUEST, "bad_request",
                     "cursor must be an integer >= 0 and limit 1 to 5000", 0);
      return;
    }
  if (!query_int (query, "terminal_id", terminal_id, 1, G_MAXINT64, &claimed) || claimed != terminal_id
      || !query_int (query, "outlet_id", outlet_id, 1, G_MAXINT64, &claimed) || claimed != outlet_id)
    {
      respond_error (call, SOUP_STATUS_FORBIDDEN, "forbidden",
                     "the token belongs to another terminal or outlet", 0);
      return;
    }
  resp = kasir_server_store_pull (call->store, terminal_id, outlet_id, cursor, (guint) limit, &error);
  if (resp == NULL)
    {
      respond_store_error (call, error);
      return;
    }
  /* Written as text from the page's records: no tree per product. */
  text = kasir_protocol_write_pull_response (resp, &length);
  {
    /* The page's cursor, also in the headers: a terminal can ask for the next page while
     * this one is still on its way and being decoded. The body stays the authority. */
    g_autofree char *next = g_strdup_printf ("%" G_GINT64_FORMAT, resp->cursor);

    kasir_server_call_add_header (call, "Kasir-Cursor", next);
    kasir_server_call_add_header (call, "Kasir-Has-More", resp->has_more ? "1" : "0");
  }
  kasir_server_call_respond (call, SOUP_STATUS_OK, "application/json", text, length);
}
