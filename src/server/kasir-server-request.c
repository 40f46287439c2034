/* kasir-server-request.c — what every route's handler does first: read the call's body as
 * JSON within the size limit, and find the terminal behind its bearer token (noting when
 * it was last heard from, for /metrics).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include <string.h>

#include "kasir-pin.h"
#include "kasir-server-private.h"

#define MAX_TOKEN_LENGTH 256

gboolean
kasir_server_check_body_size (KasirServer      *self,
                              KasirServerCall  *call)
{
  if (g_bytes_get_size (call->body) <= self->max_body)
    return TRUE;
  respond_error (call, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                 "request body too large", 0);
  return FALSE;
}

JsonNode *
kasir_server_read_body (KasirServer      *self,
                        KasirServerCall  *call)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node;
  gsize length;
  const char *data;

  if (!kasir_server_check_body_size (self, call))
    return NULL;
  data = g_bytes_get_data (call->body, &length);
  node = kasir_protocol_parse (data ? data : "", length, &error);
  if (node == NULL)
    respond_protocol_error (call, error);
  return node;
}

gboolean
kasir_server_authenticate (KasirServer      *self,
                           KasirServerCall  *call,
                           gint64           *terminal_id,
                           gint64           *outlet_id)
{
  const char *auth = call->authorization;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  gint64 *key, *value;

  if (auth == NULL || g_ascii_strncasecmp (auth, "Bearer ", 7) != 0
      || strlen (auth + 7) == 0 || strlen (auth + 7) > MAX_TOKEN_LENGTH)
    {
      respond_error (call, SOUP_STATUS_UNAUTHORIZED, "unauthorized", "missing or malformed token", 0);
      return FALSE;
    }
  hash = kasir_token_hash (auth + 7);
  if (!kasir_server_store_authenticate (call->store, hash, terminal_id, outlet_id, &error))
    {
      if (g_error_matches (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_UNAUTHORIZED))
        respond_error (call, SOUP_STATUS_UNAUTHORIZED, "unauthorized", "unknown terminal token", 0);
      else if (g_error_matches (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_REVOKED))
        respond_error (call, SOUP_STATUS_UNAUTHORIZED, "revoked",
                       "this terminal's access was revoked; export its unsent changes", 0);
      else
        respond_store_error (call, error);
      return FALSE;
    }
  key = g_new (gint64, 1);
  value = g_new (gint64, 1);
  *key = *terminal_id;
  *value = g_get_real_time () / G_USEC_PER_SEC;
  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->last_contact, key, value);
  g_mutex_unlock (&self->lock);
  return TRUE;
}
