/* kasir-outbox-transfer.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "kasir-key-store.h"
#include "kasir-outbox-export.h"
#include "kasir-sync-client.h"
#include "kasir-sync-state-repository.h"
#include "kasir-cert-pin.h"
#include "kasir-outbox-transfer.h"

#define TIMEOUT_SECONDS 60

typedef struct
{
  KasirDatabase *connection;
  char          *document;
  gint64         terminal_id;   /* upload: the exporting till, from the answer */
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->connection);
  g_free (job->document);
  g_free (job);
}

/* POSTs @body to @path on the enrolled server with the till's token. Returns the parsed
 * answer of a 200, or NULL with a KASIR_SYNC_ERROR. */
static JsonNode *
post_json (KasirDatabase  *db,
           const char     *path,
           JsonNode       *body,
           gint64         *out_terminal_id,
           GCancellable   *cancellable,
           GError        **error)
{
  g_autoptr(KasirSyncStateRepository) repo = kasir_sync_state_repository_new (db);
  g_autoptr(KasirSyncState) state = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *auth = NULL;
  g_autofree char *pin = NULL;
  g_autoptr(GError) pin_error = NULL;
  char *token;
  char *text;
  gsize length;
  const char *data;
  guint status;

  state = kasir_sync_state_repository_load (repo, error);
  if (state == NULL)
    return NULL;
  if (state->terminal_id <= 0 || state->server_url == NULL)
    {
      g_set_error (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_REFUSED,
                   _("This till is not enrolled with a server"));
      return NULL;
    }
  if (!kasir_cert_pin_check_url (state->server_url, error))
    return NULL;
  pin = kasir_cert_pin_load (db, &pin_error);
  if (pin_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&pin_error));
      return NULL;
    }
  token = kasir_key_store_lookup_terminal_token (state->server_url, state->terminal_id,
                                                 cancellable, &local_error);
  if (token == NULL)
    {
      g_set_error (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_UNAUTHORIZED,
                   _("The till's token is not in the keyring: %s"),
                   local_error != NULL ? local_error->message : _("none stored"));
      return NULL;
    }
  auth = g_strconcat ("Bearer ", token, NULL);
  kasir_key_store_free_secret (token);
  if (out_terminal_id != NULL)
    *out_terminal_id = state->terminal_id;

  url = g_strconcat (state->server_url, path, NULL);
  msg = soup_message_new (SOUP_METHOD_POST, url);
  if (msg == NULL)
    {
      memset (auth, 0, strlen (auth));
      g_set_error (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_INVALID_URL,
                   _("The server address is not valid"));
      return NULL;
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  memset (auth, 0, strlen (auth));
  text = kasir_protocol_to_string (body, &length);
  request = g_bytes_new_take (text, length);
  soup_message_set_request_body_from_bytes (msg, "application/json", request);

  session = soup_session_new_with_options ("timeout", TIMEOUT_SECONDS, NULL);
  /* Only the certificate this till pinned at enrollment, as for syncing. */
  kasir_cert_pin_apply (session, msg, pin);
  answer = soup_session_send_and_read (session, msg, cancellable, &local_error);
  if (answer == NULL)
    {
      g_set_error (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_TRANSPORT,
                   _("Could not talk to the server: %s"), local_error->message);
      return NULL;
    }
  status = soup_message_get_status (msg);
  data = g_bytes_get_data (answer, &length);
  node = kasir_protocol_parse (data != NULL ? data : "", length, NULL);
  if (status != SOUP_STATUS_OK)
    {
      g_autoptr(KasirProtocolErrorBody) err = node != NULL ? kasir_protocol_decode_error (node, NULL) : NULL;
      const char *message = err != NULL ? err->message : soup_status_get_phrase (status);
      KasirSyncError code = status == SOUP_STATUS_UNAUTHORIZED ? KASIR_SYNC_ERROR_UNAUTHORIZED
                            : status == SOUP_STATUS_FORBIDDEN ? KASIR_SYNC_ERROR_FORBIDDEN
                            : status >= 500 ? KASIR_SYNC_ERROR_UNAVAILABLE
                            : KASIR_SYNC_ERROR_REFUSED;

      g_set_error (error, KASIR_SYNC_ERROR, code, _("The server refused: %s"),
                   message != NULL ? message : "");
      return NULL;
    }
  if (node == NULL)
    {
      g_set_error (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_BAD_RESPONSE,
                   _("The server's answer is not JSON"));
      return NULL;
    }

  return g_steal_pointer (&node);
}

static void
register_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Job *job = task_data;
  g_autofree char *public_key = NULL;
  g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *obj = json_object_new ();
  GError *error = NULL;
  gint64 registered_for = 0, terminal_id = 0;

  if (!kasir_outbox_export_get_signing_key (job->connection, &public_key, &registered_for, &error))
    {
      json_object_unref (obj);
      g_task_return_error (task, error);
      return;
    }
  json_object_set_string_member (obj, "public_key", public_key);
  json_node_take_object (body, obj);
  if (registered_for > 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  answer = post_json (job->connection, "/api/v1/terminal/key", body, &terminal_id, cancellable, &error);
  if (answer == NULL ||
      !kasir_outbox_export_mark_registered (job->connection, public_key, terminal_id, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
kasir_outbox_transfer_register_key_async (KasirDatabase       *database,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Job *job;

  g_return_if_fail (KASIR_IS_DATABASE (database));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kasir_outbox_transfer_register_key_async);
  job = g_new0 (Job, 1);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  job->connection = kasir_database_open_connection (database, &error);
  if (job->connection == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_run_in_thread (task, register_thread);
}

gboolean
kasir_outbox_transfer_register_key_finish (GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
upload_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *obj = json_object_new ();
  KasirPushResponse *response;
  GError *error = NULL;
  JsonNode *tid;

  json_object_set_string_member (obj, "document", job->document);
  json_node_take_object (body, obj);
  answer = post_json (job->connection, "/api/v1/sync/import", body, NULL, cancellable, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  response = kasir_protocol_decode_push_response (answer, &error);
  tid = JSON_NODE_HOLDS_OBJECT (answer)
        ? json_object_get_member (json_node_get_object (answer), "terminal_id") : NULL;
  if (response == NULL || tid == NULL || !JSON_NODE_HOLDS_VALUE (tid) ||
      json_node_get_value_type (tid) != G_TYPE_INT64)
    {
      g_clear_pointer (&response, kasir_push_response_free);
      g_clear_error (&error);
      g_task_return_new_error (task, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_BAD_RESPONSE,
                               _("The server's answer to the import is not valid"));
      return;
    }
  job->terminal_id = json_node_get_int (tid);
  g_task_return_pointer (task, response, (GDestroyNotify) kasir_push_response_free);
}

void
kasir_outbox_transfer_upload_async (KasirDatabase       *database,
                                    const char          *document,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Job *job;

  g_return_if_fail (KASIR_IS_DATABASE (database));
  g_return_if_fail (document != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kasir_outbox_transfer_upload_async);
  job = g_new0 (Job, 1);
  job->document = g_strdup (document);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  job->connection = kasir_database_open_connection (database, &error);
  if (job->connection == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_run_in_thread (task, upload_thread);
}

KasirPushResponse *
kasir_outbox_transfer_upload_finish (GAsyncResult  *result,
                                     gint64        *out_terminal_id,
                                     GError       **error)
{
  KasirPushResponse *response;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  response = g_task_propagate_pointer (G_TASK (result), error);
  if (response != NULL && out_terminal_id != NULL)
    *out_terminal_id = ((Job *) g_task_get_task_data (G_TASK (result)))->terminal_id;
  return response;
}
