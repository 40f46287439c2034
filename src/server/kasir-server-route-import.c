/* kasir-server-route-import.c — an outbox carried by hand: POST /api/v1/terminal/key registers
 * the key that signs a terminal's exports, POST /api/v1/sync/import applies another
 * terminal's signed export under that terminal's seq rules.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include <string.h>
#include <sodium.h>

#include "kasir-outbox-bundle.h"
#include "kasir-server-log.h"
#include "kasir-server-private.h"
#include "kasir-server-import.h"

/* POST /api/v1/terminal/key {"public_key": "<base64 Ed25519 public key>"}: the calling
 * terminal registers the key that signs its outbox exports. The first key stays. */
void
kasir_server_handle_register_key (KasirServer       *self,
                                  KasirServerCall   *call)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *raw = NULL;
  g_autoptr(JsonNode) answer = NULL;
  JsonNode *member;
  const char *key;
  gint64 terminal_id, outlet_id;
  gsize length = 0;

  if (!kasir_server_authenticate (self, call, &terminal_id, &outlet_id))
    return;
  node = kasir_server_read_body (self, call);
  if (node == NULL)
    return;
  member = JSON_NODE_HOLDS_OBJECT (node)
           ? json_object_get_member (json_node_get_object (node), "public_key") : NULL;
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
      json_node_get_value_type (member) != G_TYPE_STRING)
    {
      respond_error (call, SOUP_STATUS_BAD_REQUEST, "bad_request", "public_key (a string) is required", 0);
      return;
    }
  key = json_node_get_string (member);
  if (strlen (key) < 40 || strlen (key) > 48 ||
      (raw = g_base64_decode (key, &length)) == NULL || length != crypto_sign_PUBLICKEYBYTES)
    {
      respond_error (call, SOUP_STATUS_BAD_REQUEST, "bad_request",
                     "public_key must be the base64 of a 32-byte Ed25519 key", 0);
      return;
    }
  if (!kasir_server_store_register_signing_key (call->store, terminal_id, key, &error))
    {
      if (g_error_matches (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_EXISTS))
        respond_error (call, SOUP_STATUS_FORBIDDEN, "forbidden", error->message, 0);
      else
        respond_store_error (call, error);
      return;
    }
  kasir_server_log (G_LOG_LEVEL_INFO, terminal_id, 0, 0, NULL,
                    "terminal %" G_GINT64_FORMAT " registered its signing key",
                    terminal_id);
  answer = json_from_string ("{\"status\": \"ok\"}", NULL);
  respond_json (call, SOUP_STATUS_OK, answer);
}

/* POST /api/v1/sync/import {"document": "<signed outbox export>"}: a terminal hands in
 * another terminal's exported outbox (same outlet). The answer is a push response for
 * the exporting terminal, with its "terminal_id". */
void
kasir_server_handle_import (KasirServer       *self,
                            KasirServerCall   *call)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirServerImportResult) result = NULL;
  g_autoptr(JsonNode) answer = NULL;
  JsonNode *member;
  gint64 terminal_id, outlet_id;

  if (!kasir_server_authenticate (self, call, &terminal_id, &outlet_id))
    return;
  node = kasir_server_read_body (self, call);
  if (node == NULL)
    return;
  member = JSON_NODE_HOLDS_OBJECT (node)
           ? json_object_get_member (json_node_get_object (node), "document") : NULL;
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
      json_node_get_value_type (member) != G_TYPE_STRING)
    {
      respond_error (call, SOUP_STATUS_BAD_REQUEST, "bad_request", "document (a string) is required", 0);
      return;
    }
  result = kasir_server_import_document (call->store, json_node_get_string (member), outlet_id, &error);
  if (result == NULL)
    {
      if (error->domain == KASIR_OUTBOX_BUNDLE_ERROR)
        respond_error (call, SOUP_STATUS_BAD_REQUEST, "bad_request", error->message, 0);
      else if (g_error_matches (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_UNAUTHORIZED) ||
               g_error_matches (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_INVALID))
        respond_error (call, SOUP_STATUS_FORBIDDEN, "forbidden", error->message, 0);
      else
        respond_store_error (call, error);
      return;
    }
  g_mutex_lock (&self->lock);
  self->mutations_applied += result->n_new;
  self->mutations_duplicate += result->n_duplicate;
  g_mutex_unlock (&self->lock);
  kasir_server_log (G_LOG_LEVEL_MESSAGE, terminal_id, 0, 0, NULL,
                    "terminal %" G_GINT64_FORMAT " imported the outbox of terminal %" G_GINT64_FORMAT
                    ": %u new, %u already known, last_seq %" G_GINT64_FORMAT, terminal_id,
                    result->terminal_id, result->n_new, result->n_duplicate, result->response->last_seq);
  answer = kasir_protocol_encode_push_response (result->response);
  json_object_set_int_member (json_node_get_object (answer), "terminal_id", result->terminal_id);
  respond_json (call, SOUP_STATUS_OK, answer);
}
