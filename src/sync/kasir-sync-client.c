/* kasir-sync-client.c — protocol v1 over libsoup 3.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-sync"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "kasir-cert-pin.h"
#include "kasir-fingerprint.h"
#include "kasir-listed-orders.h"
#include "kasir-sync-client.h"

#define DEFAULT_TIMEOUT_SECONDS 15
#define READ_CHUNK              (64 * 1024)

struct _KasirSyncClient
{
  GObject          parent_instance;

  SoupSession     *session;
  GUri            *base_uri;
  char            *base_url;
  char            *token;
  char            *pinned;         /* fingerprint; NULL: the system's authorities decide */
  char            *peer;           /* fingerprint of the last certificate seen */
  gboolean         trust_first;    /* enrollment: accept and remember any certificate */
  guint            timeout;
};

G_DEFINE_FINAL_TYPE (KasirSyncClient, kasir_sync_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (kasir-sync-error-quark, kasir_sync_error)

typedef enum
{
  DECODE_HEALTH,
  DECODE_ENROLL,
  DECODE_PUSH,
  DECODE_PULL,
  DECODE_REPORT,
  DECODE_LOOKUP,
  DECODE_OPEN_ORDERS,
} DecodeKind;

typedef struct
{
  DecodeKind    kind;
  KasirSyncClient *client;        /* not owned: the task holds it */
  gboolean      cert_mismatch;    /* the server showed another certificate than the pin */
  SoupMessage  *msg;
  GInputStream *stream;
  GByteArray   *body;
  GCancellable *io_cancellable;   /* cancelled by the deadline or by the caller */
  GCancellable *caller_cancellable;
  gulong        caller_handler;
  guint         deadline_id;
  gboolean      timed_out;
  guint         status;
  gint64        expected_seq;
  gboolean      revoked;          /* the error body said "revoked" */
  KasirSyncPullAhead ahead;
  gpointer      ahead_data;
  gint64        sent_us;          /* monotonic times, for KasirSyncTimes */
  gint64        headers_us;
  gint64        body_us;
  gint64        decode_us;
} Request;

static void
request_free (Request *req)
{
  g_clear_handle_id (&req->deadline_id, g_source_remove);
  if (req->caller_cancellable != NULL)
    g_cancellable_disconnect (req->caller_cancellable, req->caller_handler);
  g_clear_object (&req->caller_cancellable);
  g_clear_object (&req->io_cancellable);
  g_clear_object (&req->stream);
  if (req->msg != NULL)
    g_signal_handlers_disconnect_by_data (req->msg, req);
  g_clear_object (&req->msg);
  g_clear_pointer (&req->body, g_byte_array_unref);
  g_free (req);
}

gboolean
kasir_sync_error_is_transient (const GError *error)
{
  if (error == NULL || error->domain != KASIR_SYNC_ERROR)
    return FALSE;

  return error->code == KASIR_SYNC_ERROR_TRANSPORT ||
         error->code == KASIR_SYNC_ERROR_UNAVAILABLE ||
         error->code == KASIR_SYNC_ERROR_BAD_RESPONSE;
}

static void
kasir_sync_client_finalize (GObject *object)
{
  KasirSyncClient *self = (KasirSyncClient *)object;

  if (self->token != NULL)
    {
      /* The token is a secret: do not leave it in freed memory. */
      memset (self->token, 0, strlen (self->token));
      g_clear_pointer (&self->token, g_free);
    }
  g_clear_object (&self->session);
  g_clear_pointer (&self->pinned, g_free);
  g_clear_pointer (&self->peer, g_free);
  g_clear_pointer (&self->base_uri, g_uri_unref);
  g_clear_pointer (&self->base_url, g_free);

  G_OBJECT_CLASS (kasir_sync_client_parent_class)->finalize (object);
}

static void
kasir_sync_client_class_init (KasirSyncClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kasir_sync_client_finalize;
}

static void
kasir_sync_client_init (KasirSyncClient *self)
{
  self->timeout = DEFAULT_TIMEOUT_SECONDS;
  self->session = soup_session_new_with_options ("user-agent", "Kasir/" PACKAGE_VERSION,
                                                 "timeout", DEFAULT_TIMEOUT_SECONDS,
                                                 "idle-timeout", 60,
                                                 NULL);
}

KasirSyncClient *
kasir_sync_client_new (const char  *base_url,
                       GError     **error)
{
  g_autoptr(KasirSyncClient) self = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  g_return_val_if_fail (base_url != NULL, NULL);

  if (!kasir_cert_pin_check_url (base_url, error))
    return NULL;

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    {
      g_set_error (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_INVALID_URL,
                   "“%s” is not a valid server address", base_url);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  if ((g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL ||
      g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_INVALID_URL,
                   "“%s” is not an http:// or https:// server address", base_url);
      return NULL;
    }

  self = g_object_new (KASIR_TYPE_SYNC_CLIENT, NULL);
  self->base_uri = g_steal_pointer (&uri);
  self->base_url = g_strdup (base_url);

  /* Keep the address without a trailing slash so paths join cleanly. */
  while (g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = '\0';

  return g_steal_pointer (&self);
}

const char *
kasir_sync_client_get_base_url (KasirSyncClient *self)
{
  g_return_val_if_fail (KASIR_IS_SYNC_CLIENT (self), NULL);

  return self->base_url;
}

void
kasir_sync_client_set_token (KasirSyncClient *self,
                             const char      *token)
{
  g_return_if_fail (KASIR_IS_SYNC_CLIENT (self));

  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  self->token = g_strdup (token);
}

gboolean
kasir_sync_client_has_token (KasirSyncClient *self)
{
  g_return_val_if_fail (KASIR_IS_SYNC_CLIENT (self), FALSE);

  return self->token != NULL && *self->token != '\0';
}

void
kasir_sync_client_set_timeout (KasirSyncClient *self,
                               guint            seconds)
{
  g_return_if_fail (KASIR_IS_SYNC_CLIENT (self));

  self->timeout = seconds > 0 ? seconds : DEFAULT_TIMEOUT_SECONDS;
  g_object_set (self->session, "timeout", self->timeout, NULL);
}

/* With a pin or on first use, every certificate goes through "accept-certificate": a
 * session without a certificate database fails every verification and asks. */
static void
update_tls_database (KasirSyncClient *self)
{
  if (self->pinned != NULL || self->trust_first)
    soup_session_set_tls_database (self->session, NULL);
  else
    {
      g_autoptr(GTlsDatabase) system = g_tls_backend_get_default_database (g_tls_backend_get_default ());

      soup_session_set_tls_database (self->session, system);
    }
}

void
kasir_sync_client_set_pinned_fingerprint (KasirSyncClient *self,
                                          const char      *fingerprint)
{
  g_return_if_fail (KASIR_IS_SYNC_CLIENT (self));
  g_return_if_fail (fingerprint == NULL || kasir_fingerprint_is_valid (fingerprint));

  g_free (self->pinned);
  self->pinned = fingerprint != NULL ? g_ascii_strup (fingerprint, -1) : NULL;
  update_tls_database (self);
}

const char *
kasir_sync_client_get_pinned_fingerprint (KasirSyncClient *self)
{
  g_return_val_if_fail (KASIR_IS_SYNC_CLIENT (self), NULL);

  return self->pinned;
}

void
kasir_sync_client_set_trust_on_first_use (KasirSyncClient *self,
                                          gboolean         trust)
{
  g_return_if_fail (KASIR_IS_SYNC_CLIENT (self));

  self->trust_first = trust;
  update_tls_database (self);
}

const char *
kasir_sync_client_get_peer_fingerprint (KasirSyncClient *self)
{
  g_return_val_if_fail (KASIR_IS_SYNC_CLIENT (self), NULL);

  return self->peer;
}

gboolean
kasir_sync_client_is_https (KasirSyncClient *self)
{
  g_return_val_if_fail (KASIR_IS_SYNC_CLIENT (self), FALSE);

  return g_ascii_strcasecmp (g_uri_get_scheme (self->base_uri), "https") == 0;
}

static gboolean
on_accept_certificate (SoupMessage          *msg,
                       GTlsCertificate      *peer_certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  Request *req = user_data;
  KasirSyncClient *self = req->client;
  char *fingerprint = kasir_cert_pin_fingerprint (peer_certificate);

  g_free (self->peer);
  self->peer = fingerprint;
  if (self->pinned != NULL)
    {
      /* The pin decides, whatever else is wrong or right with the certificate. */
      req->cert_mismatch = !kasir_fingerprint_equal (self->pinned, fingerprint);
      return !req->cert_mismatch;
    }
  return self->trust_first && fingerprint != NULL;
}

static void
fail_request (GTask  *task,
              GError *error)
{
  Request *req = g_task_get_task_data (task);

  if (req->cert_mismatch)
    {
      g_clear_error (&error);
      error = g_error_new (KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_CERTIFICATE_CHANGED,
                           _("The server’s certificate has changed: it is not the one this "
                             "till trusted when it was enrolled, so nothing was sent. If the "
                             "server really has a new certificate (its fingerprint is %s), "
                             "a manager can trust it; otherwise someone may be listening in "
                             "between this till and the server."),
                           req->client->peer != NULL ? req->client->peer : "?");
    }
  else if (req->timed_out && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&error);
      error = g_error_new (KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_TRANSPORT,
                           "The server did not answer in time");
    }
  else if (req->caller_cancellable != NULL &&
           g_cancellable_is_cancelled (req->caller_cancellable))
    {
      g_clear_error (&error);
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
    }
  else if (error->domain == G_TLS_ERROR)
    {
      GError *tls = g_error_new (KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_TLS,
                                 "The server’s certificate is not trusted: %s",
                                 error->message);
      g_clear_error (&error);
      error = tls;
    }
  else if (error->domain != KASIR_SYNC_ERROR)
    {
      GError *transport = g_error_new (KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_TRANSPORT,
                                       "Could not talk to the server: %s", error->message);
      g_clear_error (&error);
      error = transport;
    }

  g_task_return_error (task, error);
}

/* Reads an error body for its message; any failure to decode is ignored because the HTTP
 * status already says what happened. */
static char *
error_message_from_body (Request *req)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(KasirProtocolErrorBody) body = NULL;

  node = kasir_protocol_parse ((const char *)req->body->data, req->body->len, NULL);
  if (node == NULL)
    return NULL;

  body = kasir_protocol_decode_error (node, NULL);
  if (body == NULL)
    return NULL;

  if (g_strcmp0 (body->code, "seq_gap") == 0)
    req->expected_seq = body->expected_seq;
  req->revoked = g_strcmp0 (body->code, "revoked") == 0;

  return g_strdup_printf ("%s: %s", body->code, body->message);
}

static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Request *req = task_data;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  gpointer result = NULL;
  GDestroyNotify result_free = NULL;

  if (req->status < 200 || req->status >= 300)
    {
      g_autofree char *message = error_message_from_body (req);
      const char *text = message != NULL ? message : soup_status_get_phrase (req->status);
      KasirSyncError code;

      if (req->status == 401 && req->revoked)
        {
          g_task_return_new_error (task, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_REVOKED,
                                   _("The server has revoked this till’s access, so it no "
                                     "longer syncs. Its unsent sales stay here: a manager "
                                     "can export them to a file for the server."));
          return;
        }
      if (req->status >= 500)
        code = KASIR_SYNC_ERROR_UNAVAILABLE;
      else if (req->status == 401)
        code = KASIR_SYNC_ERROR_UNAUTHORIZED;
      else if (req->status == 403)
        code = KASIR_SYNC_ERROR_FORBIDDEN;
      else if (req->status == 409 && req->expected_seq > 0)
        code = KASIR_SYNC_ERROR_SEQ_GAP;
      else if (req->status == 413)
        code = KASIR_SYNC_ERROR_TOO_LARGE;
      else if (req->status == 404 && req->kind == DECODE_LOOKUP)
        code = KASIR_SYNC_ERROR_NOT_FOUND;
      else if (req->status >= 400)
        code = KASIR_SYNC_ERROR_REFUSED;
      else
        code = KASIR_SYNC_ERROR_BAD_RESPONSE;

      g_task_return_new_error (task, KASIR_SYNC_ERROR, code,
                               "The server answered %u (%s)", req->status,
                               text != NULL ? text : "no reason given");
      return;
    }

  gint64 start = g_get_monotonic_time ();

  /* A pull page, most of what a till reads, is read without a tree. */
  if (req->kind == DECODE_PULL)
    {
      result = kasir_protocol_read_pull_response ((const char *)req->body->data, req->body->len,
                                                  &error);
      result_free = (GDestroyNotify)kasir_pull_response_free;
    }
  else
    node = kasir_protocol_parse ((const char *)req->body->data, req->body->len, &error);
  g_debug ("Parsed %u bytes in %.1f ms", req->body->len, (g_get_monotonic_time () - start) / 1000.0);
  if (node != NULL)
    {
      switch (req->kind)
        {
        case DECODE_HEALTH:
          result = kasir_protocol_decode_health (node, &error);
          result_free = (GDestroyNotify)kasir_health_free;
          break;
        case DECODE_ENROLL:
          result = kasir_protocol_decode_enroll_response (node, &error);
          result_free = (GDestroyNotify)kasir_enroll_response_free;
          break;
        case DECODE_PUSH:
          result = kasir_protocol_decode_push_response (node, &error);
          result_free = (GDestroyNotify)kasir_push_response_free;
          break;
        case DECODE_REPORT:
          result = kasir_outlet_report_decode (node, &error);
          result_free = (GDestroyNotify)kasir_report_free;
          break;
        case DECODE_LOOKUP:
          result = kasir_remote_sale_decode (node, &error);
          result_free = (GDestroyNotify)kasir_remote_sale_free;
          break;
        case DECODE_OPEN_ORDERS:
          result = kasir_listed_orders_decode (node, &error);
          result_free = (GDestroyNotify)g_ptr_array_unref;
          break;
        default:
          g_assert_not_reached ();
        }
    }

  req->decode_us = g_get_monotonic_time () - start;
  g_debug ("Decoded in %.1f ms total", req->decode_us / 1000.0);
  if (result == NULL)
    {
      g_task_return_new_error (task, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_BAD_RESPONSE,
                               "The server’s answer could not be read: %s",
                               error != NULL ? error->message : "empty answer");
      return;
    }

  g_task_return_pointer (task, result, result_free);
}

static void read_next_chunk (GTask *task);

static void
on_chunk_read (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *req = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      fail_request (task, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      req->body_us = g_get_monotonic_time ();
      g_clear_handle_id (&req->deadline_id, g_source_remove);
      if (req->timed_out)
        {
          fail_request (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, ""));
          return;
        }
      g_task_run_in_thread (task, decode_thread);
      return;
    }

  if (req->body->len + g_bytes_get_size (chunk) > KASIR_PROTOCOL_MAX_BODY)
    {
      fail_request (task, g_error_new (KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_BAD_RESPONSE,
                                       "The server’s answer is larger than %d bytes",
                                       KASIR_PROTOCOL_MAX_BODY));
      return;
    }

  g_byte_array_append (req->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  read_next_chunk (g_steal_pointer (&task));
}

static void
read_next_chunk (GTask *task)
{
  Request *req = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (req->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   req->io_cancellable, on_chunk_read, task);
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *req = g_task_get_task_data (task);
  GError *error = NULL;

  req->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  req->headers_us = g_get_monotonic_time ();
  if (req->stream == NULL)
    {
      fail_request (task, error);
      return;
    }

  req->status = soup_message_get_status (req->msg);

  if (req->ahead != NULL && req->status == SOUP_STATUS_OK)
    {
      SoupMessageHeaders *headers = soup_message_get_response_headers (req->msg);
      const char *cursor = soup_message_headers_get_one (headers, "Kasir-Cursor");
      const char *more = soup_message_headers_get_one (headers, "Kasir-Has-More");
      guint64 value = 0;

      if (cursor != NULL && more != NULL &&
          g_ascii_string_to_unsigned (cursor, 10, 0, G_MAXINT64, &value, NULL) &&
          (g_str_equal (more, "0") || g_str_equal (more, "1")))
        req->ahead ((gint64)value, g_str_equal (more, "1"), req->ahead_data);
    }

  read_next_chunk (g_steal_pointer (&task));
}

static gboolean
on_deadline (gpointer user_data)
{
  Request *req = user_data;

  req->deadline_id = 0;
  req->timed_out = TRUE;
  g_cancellable_cancel (req->io_cancellable);

  return G_SOURCE_REMOVE;
}

static void
on_caller_cancelled (GCancellable *cancellable,
                     gpointer      user_data)
{
  GCancellable *io_cancellable = user_data;

  g_cancellable_cancel (io_cancellable);
}

static Request *
start_request (KasirSyncClient     *self,
               const char          *method,
               const char          *path_and_query,
               JsonNode            *body,
               DecodeKind           kind,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;
  SoupMessageHeaders *headers;
  Request *req;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  req = g_new0 (Request, 1);
  req->kind = kind;
  req->client = self;
  req->body = g_byte_array_new ();
  req->io_cancellable = g_cancellable_new ();
  g_task_set_task_data (task, req, (GDestroyNotify)request_free);

  if (cancellable != NULL)
    {
      req->caller_cancellable = g_object_ref (cancellable);
      req->caller_handler = g_cancellable_connect (cancellable,
                                                   G_CALLBACK (on_caller_cancelled),
                                                   g_object_ref (req->io_cancellable),
                                                   g_object_unref);
    }

  url = g_strconcat (self->base_url, path_and_query, NULL);
  req->msg = soup_message_new (method, url);
  if (req->msg == NULL)
    {
      g_task_return_new_error (task, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_INVALID_URL,
                               "“%s” is not a valid request address", url);
      return NULL;
    }

  headers = soup_message_get_request_headers (req->msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (kind != DECODE_HEALTH && kind != DECODE_ENROLL && self->token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (headers, "Authorization", auth);
      memset (auth, 0, strlen (auth));
    }

  if (body != NULL)
    {
      gsize length = 0;
      char *text = kasir_protocol_to_string (body, &length);
      g_autoptr(GBytes) bytes = g_bytes_new_take (text, length);

      /* The server hangs up on a body over its limit rather than read it: say so here,
       * so that the caller sends less instead of retrying for ever. */
      if (length > KASIR_PROTOCOL_MAX_BODY)
        {
          g_task_return_new_error (task, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_TOO_LARGE,
                                   "The request of %" G_GSIZE_FORMAT " bytes is over the "
                                   "protocol's limit", length);
          return NULL;
        }
      soup_message_set_request_body_from_bytes (req->msg, "application/json", bytes);
    }

  g_signal_connect (req->msg, "accept-certificate", G_CALLBACK (on_accept_certificate), req);

  req->deadline_id = g_timeout_add_seconds (self->timeout, on_deadline, req);

  /* The request lives as long as the task, which the send keeps until it completes. */
  req->sent_us = g_get_monotonic_time ();
  soup_session_send_async (self->session, req->msg, G_PRIORITY_DEFAULT,
                           req->io_cancellable, on_sent, g_steal_pointer (&task));
  return req;
}

void
kasir_sync_client_health_async (KasirSyncClient     *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (KASIR_IS_SYNC_CLIENT (self));

  start_request (self, "GET", "/api/v1/health", NULL, DECODE_HEALTH,
                 kasir_sync_client_health_async, cancellable, callback, user_data);
}

KasirHealth *
kasir_sync_client_health_finish (KasirSyncClient  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kasir_sync_client_enroll_async (KasirSyncClient     *self,
                                const char          *code,
                                const char          *terminal_name,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  KasirEnrollRequest req = { (char *)code, (char *)terminal_name };
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (KASIR_IS_SYNC_CLIENT (self));
  g_return_if_fail (code != NULL);
  g_return_if_fail (terminal_name != NULL);

  body = kasir_protocol_encode_enroll_request (&req);
  start_request (self, "POST", "/api/v1/enroll", body, DECODE_ENROLL,
                 kasir_sync_client_enroll_async, cancellable, callback, user_data);
}

KasirEnrollResponse *
kasir_sync_client_enroll_finish (KasirSyncClient  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kasir_sync_client_push_async (KasirSyncClient        *self,
                              const KasirPushRequest *request,
                              GCancellable           *cancellable,
                              GAsyncReadyCallback     callback,
                              gpointer                user_data)
{
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (KASIR_IS_SYNC_CLIENT (self));
  g_return_if_fail (request != NULL);

  body = kasir_protocol_encode_push_request (request);
  start_request (self, "POST", "/api/v1/sync/push", body, DECODE_PUSH,
                 kasir_sync_client_push_async, cancellable, callback, user_data);
}

KasirPushResponse *
kasir_sync_client_push_finish (KasirSyncClient  *self,
                               GAsyncResult     *result,
                               gint64           *expected_seq,
                               GError          **error)
{
  Request *req;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  req = g_task_get_task_data (G_TASK (result));
  if (expected_seq != NULL)
    *expected_seq = req->expected_seq;

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kasir_sync_client_pull_ahead_async (KasirSyncClient     *self,
                                    gint64               cursor,
                                    guint                limit,
                                    KasirSyncPullAhead   ahead,
                                    gpointer             ahead_data,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *path = NULL;
  Request *req;

  g_return_if_fail (KASIR_IS_SYNC_CLIENT (self));
  g_return_if_fail (cursor >= 0);

  if (limit == 0 || limit > KASIR_PROTOCOL_MAX_CHANGES)
    limit = KASIR_PROTOCOL_MAX_CHANGES;

  path = g_strdup_printf ("/api/v1/sync/pull?cursor=%" G_GINT64_FORMAT "&limit=%u",
                          cursor, limit);
  req = start_request (self, "GET", path, NULL, DECODE_PULL,
                       kasir_sync_client_pull_async, cancellable, callback, user_data);
  if (req != NULL)
    {
      req->ahead = ahead;
      req->ahead_data = ahead_data;
    }
}

void
kasir_sync_client_pull_async (KasirSyncClient     *self,
                              gint64               cursor,
                              guint                limit,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  kasir_sync_client_pull_ahead_async (self, cursor, limit, NULL, NULL, cancellable,
                                      callback, user_data);
}

KasirPullResponse *
kasir_sync_client_pull_finish (KasirSyncClient  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  return kasir_sync_client_pull_finish_timed (self, result, NULL, error);
}

KasirPullResponse *
kasir_sync_client_pull_finish_timed (KasirSyncClient  *self,
                                     GAsyncResult     *result,
                                     KasirSyncTimes   *times,
                                     GError          **error)
{
  const Request *req;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  req = g_task_get_task_data (G_TASK (result));
  if (times != NULL && req != NULL)
    {
      /* A step that did not happen (an answer that never came) counts nothing. */
      times->wait_us = req->headers_us > 0 ? req->headers_us - req->sent_us : 0;
      times->transfer_us = req->body_us > 0 ? req->body_us - req->headers_us : 0;
      times->decode_us = req->decode_us;
    }
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Minutes east of UTC of this till's time zone on @date (YYYY-MM-DD), at its noon. */
static gint64
local_offset_minutes (const char *date)
{
  g_autoptr(GDateTime) noon = NULL;
  int year, month, day;

  if (sscanf (date, "%d-%d-%d", &year, &month, &day) != 3)
    return 0;
  noon = g_date_time_new_local (year, month, day, 12, 0, 0);
  return noon != NULL ? g_date_time_get_utc_offset (noon) / G_TIME_SPAN_MINUTE : 0;
}

void
kasir_sync_client_report_summary_async (KasirSyncClient     *self,
                                        const char          *from,
                                        const char          *to,
                                        gint64               staff_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (KASIR_IS_SYNC_CLIENT (self));
  g_return_if_fail (from != NULL && to != NULL);

  /* The dates are YYYY-MM-DD and the id a number: nothing to escape, but escape anyway.
   * The dates are this till's local days: the server is told how far east of UTC they
   * are (at the first day's noon, clear of any change of clocks at night). */
  {
    g_autofree char *f = g_uri_escape_string (from, NULL, FALSE);
    g_autofree char *t = g_uri_escape_string (to, NULL, FALSE);
    gint64 offset = local_offset_minutes (from);

    path = g_strdup_printf ("/api/v1/reports/summary?from=%s&to=%s&staff_id=%" G_GINT64_FORMAT
                            "&utc_offset=%" G_GINT64_FORMAT, f, t, staff_id, offset);
  }
  start_request (self, "GET", path, NULL, DECODE_REPORT, kasir_sync_client_report_summary_async,
                 cancellable, callback, user_data);
}

KasirReport *
kasir_sync_client_report_summary_finish (KasirSyncClient  *self,
                                         GAsyncResult     *result,
                                         GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kasir_sync_client_report_summary_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kasir_sync_client_lookup_sale_async (KasirSyncClient     *self,
                                     const char          *receipt,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (KASIR_IS_SYNC_CLIENT (self));
  g_return_if_fail (receipt != NULL);

  escaped = g_uri_escape_string (receipt, NULL, FALSE);
  path = g_strconcat ("/api/v1/sales/lookup?receipt=", escaped, NULL);
  start_request (self, "GET", path, NULL, DECODE_LOOKUP,
                 kasir_sync_client_lookup_sale_async, cancellable, callback, user_data);
}

KasirRemoteSale *
kasir_sync_client_lookup_sale_finish (KasirSyncClient  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kasir_sync_client_open_orders_async (KasirSyncClient     *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (KASIR_IS_SYNC_CLIENT (self));

  start_request (self, "GET", "/api/v1/orders/open", NULL, DECODE_OPEN_ORDERS,
                 kasir_sync_client_open_orders_async, cancellable, callback, user_data);
}

GPtrArray *
kasir_sync_client_open_orders_finish (KasirSyncClient  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
