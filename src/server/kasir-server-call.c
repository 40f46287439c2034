/* kasir-server-call.c — see kasir-server-call.h.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-protocol.h"
#include "kasir-server-call.h"

KasirServerCall *
kasir_server_call_new (SoupServerMessage *msg,
                       const char        *path,
                       GHashTable        *query)
{
  KasirServerCall *call = g_new0 (KasirServerCall, 1);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *auth = soup_message_headers_get_one (headers, "Authorization");

  call->method = g_strdup (soup_server_message_get_method (msg));
  call->path = g_strdup (path);
  if (query != NULL)
    {
      GHashTableIter iter;
      gpointer k, v;

      call->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &k, &v))
        g_hash_table_insert (call->query, g_strdup (k), g_strdup (v));
    }
  call->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  call->authorization = g_strdup (auth);
  call->headers = g_ptr_array_new_with_free_func (g_free);
  return call;
}

void
kasir_server_call_free (KasirServerCall *call)
{
  if (call == NULL)
    return;
  g_free (call->method);
  g_free (call->path);
  g_clear_pointer (&call->query, g_hash_table_unref);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_free (call->authorization);
  g_free (call->content_type);
  g_clear_pointer (&call->response, g_bytes_unref);
  g_clear_pointer (&call->headers, g_ptr_array_unref);
  g_free (call);
}

void
kasir_server_call_apply (KasirServerCall   *call,
                         SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  for (guint i = 0; i + 1 < call->headers->len; i += 2)
    soup_message_headers_replace (headers, g_ptr_array_index (call->headers, i),
                                  g_ptr_array_index (call->headers, i + 1));
  if (call->status == 0)
    return;
  soup_server_message_set_status (msg, call->status, NULL);
  if (call->response != NULL)
    {
      gsize length;
      gconstpointer data = g_bytes_get_data (call->response, &length);

      soup_server_message_set_response (msg, call->content_type, SOUP_MEMORY_COPY, data, length);
    }
}

void
kasir_server_call_respond (KasirServerCall *call,
                           guint            status,
                           const char      *content_type,
                           char            *text,
                           gsize            length)
{
  call->status = status;
  g_free (call->content_type);
  call->content_type = g_strdup (content_type);
  g_clear_pointer (&call->response, g_bytes_unref);
  call->response = g_bytes_new_take (text, length);
}

void
kasir_server_call_json (KasirServerCall *call,
                        guint            status,
                        JsonNode        *node)
{
  gsize length = 0;
  char *text = kasir_protocol_to_string (node, &length);

  kasir_server_call_respond (call, status, "application/json", text, length);
}

void
kasir_server_call_error (KasirServerCall *call,
                         guint            status,
                         const char      *code,
                         const char      *message,
                         gint64           expected_seq)
{
  g_autoptr(JsonNode) node = kasir_protocol_encode_error (code, message, expected_seq);

  kasir_server_call_json (call, status, node);
}

void
kasir_server_call_store_error (KasirServerCall *call,
                               const GError    *error)
{
  if (g_error_matches (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_UNAUTHORIZED))
    {
      kasir_server_call_error (call, SOUP_STATUS_UNAUTHORIZED, "unauthorized", "unknown terminal", 0);
      return;
    }
  if (g_error_matches (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_BUSY))
    g_message ("storage busy, answering 503: %s", error->message);
  else
    g_warning ("storage failure, answering 503: %s", error->message);
  kasir_server_call_error (call, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                           "the server cannot store this now; retry later", 0);
}

void
kasir_server_call_protocol_error (KasirServerCall *call,
                                  const GError    *error)
{
  if (g_error_matches (error, KASIR_PROTOCOL_ERROR, KASIR_PROTOCOL_ERROR_TOO_LARGE))
    kasir_server_call_error (call, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large", error->message, 0);
  else
    kasir_server_call_error (call, SOUP_STATUS_BAD_REQUEST, "bad_request", error->message, 0);
}

void
kasir_server_call_add_header (KasirServerCall *call,
                              const char      *name,
                              const char      *value)
{
  g_ptr_array_add (call->headers, g_strdup (name));
  g_ptr_array_add (call->headers, g_strdup (value));
}
