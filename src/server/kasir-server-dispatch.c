/* kasir-server-dispatch.c — a request's way from the SoupServer to its route's handler and
 * back: refusals before the body is read, load shedding, and the handler run on a worker
 * of the pool or on the main loop.
 *
 * Every answer with a status >= 400 carries the JSON error shape of DESIGN.md, and a
 * request that is refused changes nothing.
 *
 * With workers (kasir_server_set_workers), the main loop only does HTTP: a request whose
 * route touches the database is paused, its handler runs on a worker of the pool with
 * that worker's connection, and the answer is put on the message back on the main loop
 * (the routes table is in kasir-server-routes.c).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include <libsoup/soup.h>

#include "kasir-server-private.h"
#include "kasir-server-pool.h"

/* An enrollment is a code and a name: anyone may send one, so it may not be big. */
#define MAX_ENROLL_BODY 4096
/* A refused request's body is read (and thrown away) only this far; past it, the
 * connection is closed, so that a refusal never costs the server 8 MiB of reading. A
 * request told 503 is read to its end (up to its route's limit) instead: it is a till's
 * request that the server will take later, and cutting it off would leave the till
 * with a broken connection instead of the answer that says "again, later". */
#define MAX_REFUSED_BODY (64 * 1024)
/* Seconds a till told 503 for a full queue waits before it sends again. */
#define SHED_RETRY_AFTER "2"

/* ---- Answers ---- */

static void
count_request (KasirServer *self,
               const char  *route,
               guint        status)
{
  char *key = g_strdup_printf ("%s\t%u", route, status);
  gpointer old;

  g_mutex_lock (&self->lock);
  old = g_hash_table_lookup (self->requests, key);
  g_hash_table_replace (self->requests, key, GUINT_TO_POINTER (GPOINTER_TO_UINT (old) + 1));
  g_mutex_unlock (&self->lock);
}

/* An answer put on @msg directly, on the main loop (routing and early refusals). */
static void
respond_error_msg (SoupServerMessage *msg,
                   guint              status,
                   const char        *code,
                   const char        *message)
{
  g_autoptr(JsonNode) node = kasir_protocol_encode_error (code, message, 0);
  gsize length = 0;
  char *text = kasir_protocol_to_string (node, &length);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, length);
}

static void
respond_unavailable (SoupServerMessage *msg,
                     const char        *message)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After",
                                SHED_RETRY_AFTER);
  respond_error_msg (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable", message);
}

/* Load shedding: when the route's workers are all busy and the queue before them is
 * full, the request is answered 503 at once, before anything of it is stored, rather than
 * wait there (and hold its body in memory) for longer than a till waits for an answer.
 * The till sends the same batch again after Retry-After; nothing of it was applied. */
static gboolean
shed (KasirServer       *self,
      SoupServerMessage *msg,
      gboolean           writes)
{
  if (self->pool == NULL || !kasir_server_pool_is_full (self->pool, writes, self->max_queue))
    return FALSE;
  respond_unavailable (msg, "the server is busy; retry later");
  return TRUE;
}

/* The route of @path on @server, or -1. */
static int
find_route (KasirServer *self,
            SoupServer  *server,
            const char  *path)
{
  for (guint i = 0; i < kasir_server_n_routes; i++)
    {
      gboolean metrics = g_str_equal (kasir_server_routes[i].route, "metrics");
      gboolean here = metrics ? self->metrics_soup == NULL || server == self->metrics_soup
                              : server == self->soup;

      if (here && g_str_equal (path, kasir_server_routes[i].path))
        return (int) i;
    }
  return -1;
}

/* A request handled on the pool: its message waits, paused, for the answer. */
typedef struct
{
  KasirServer       *self;
  SoupServerMessage *msg;
  KasirServerCall   *call;
  guint              route;
  gboolean           gone;   /* the client went away meanwhile */
} Job;

static void
job_disconnected (SoupServerMessage *msg,
                  gpointer           user_data)
{
  Job *job = user_data;

  job->gone = TRUE;
}

static void
job_run (KasirServerStore *store,
         gpointer          data)
{
  Job *job = data;

  job->call->store = store;
  kasir_server_routes[job->route].handle (job->self, job->call);
}

/* Back on the main loop. */
static gboolean
job_done (gpointer data)
{
  Job *job = data;

  g_signal_handlers_disconnect_by_func (job->msg, job_disconnected, job);
  if (!job->gone)
    {
      kasir_server_call_apply (job->call, job->msg);
      count_request (job->self, kasir_server_routes[job->route].route, soup_server_message_get_status (job->msg));
      kasir_server_guard_release (job->self->guard, job->msg, TRUE);
      soup_server_message_unpause (job->msg);
    }
  kasir_server_call_free (job->call);
  g_object_unref (job->msg);
  g_object_unref (job->self);
  g_free (job);
  return G_SOURCE_REMOVE;
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  KasirServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  int r = find_route (self, server, path);
  g_autoptr(KasirServerCall) call = NULL;

  /* The early handler may already have refused an oversized body. */
  if (soup_server_message_get_status (msg) == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE)
    r = -1;
  else if (r < 0)
    respond_error_msg (msg, SOUP_STATUS_NOT_FOUND, "not_found", "no such route");
  else if (!g_str_equal (method, kasir_server_routes[r].method))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                    kasir_server_routes[r].method);
      respond_error_msg (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "bad_request", "method not allowed");
    }
  else if (kasir_server_routes[r].work != WORK_NONE)
    shed (self, msg, kasir_server_routes[r].work == WORK_WRITES);
  if (soup_server_message_get_status (msg) != 0)
    {
      count_request (self, r >= 0 ? kasir_server_routes[r].route : "other", soup_server_message_get_status (msg));
      return;
    }

  call = kasir_server_call_new (msg, path, query);
  if (self->pool != NULL && kasir_server_routes[r].work != WORK_NONE)
    {
      Job *job = g_new0 (Job, 1);

      job->self = g_object_ref (self);
      job->msg = g_object_ref (msg);
      job->call = g_steal_pointer (&call);
      job->route = (guint) r;
      g_signal_connect (msg, "disconnected", G_CALLBACK (job_disconnected), job);
      /* However long the job waits for a worker, the peer is not the one late. */
      kasir_server_guard_hold (self->guard, msg);
      soup_server_message_pause (msg);
      kasir_server_pool_run (self->pool, kasir_server_routes[r].work == WORK_WRITES, job_run, job_done, job,
                             self->context);
      return;
    }
  call->store = self->store;
  kasir_server_routes[r].handle (self, call);
  kasir_server_call_apply (call, msg);
  count_request (self, kasir_server_routes[r].route, soup_server_message_get_status (msg));
}

/* A body without a declared length (chunked) is counted as it arrives; once it is over
 * the limit the connection is shut down, so that it cannot fill the server's memory. */
/* How much of this request's body the server reads: little for a request already
 * refused or for an enrollment, a protocol body otherwise. */
static gsize
body_limit (KasirServer       *self,
            SoupServerMessage *msg)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  guint status = soup_server_message_get_status (msg);

  if (status != 0 && status != SOUP_STATUS_SERVICE_UNAVAILABLE)
    return MAX_REFUSED_BODY;
  if (g_strcmp0 (path, "/api/v1/enroll") == 0)
    return MAX_ENROLL_BODY;
  return self->max_body;
}

static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  KasirServer *self = user_data;
  gsize seen = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (msg), "kasir-body-bytes"));
  gsize limit = body_limit (self, msg);

  seen += g_bytes_get_size (chunk);
  g_object_set_data (G_OBJECT (msg), "kasir-body-bytes", GSIZE_TO_POINTER (seen));
  if (seen > limit)
    {
      GSocket *socket = soup_server_message_get_socket (msg);

      g_message ("dropping a connection whose request body passed %" G_GSIZE_FORMAT " bytes",
                 limit);
      g_signal_handlers_disconnect_by_func (msg, got_chunk_cb, user_data);
      /* Closing the socket (not just shutting it down) makes the kernel answer further
       * data with a reset, and libsoup's next read fails and ends the message. */
      if (socket != NULL)
        g_socket_close (socket, NULL);
    }
}

/* Decides on a request once its headers are in, before its body is read: a body
 * declared larger than its route takes is refused, and so is a request without a valid
 * token where one is needed. libsoup still reads what the client sends before it
 * answers, so a refused body is not kept (and its connection is dropped once it passes
 * MAX_REFUSED_BODY); a body of unknown length is counted as it comes. */
static void
early_callback (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  KasirServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);
  gint64 terminal_id, outlet_id;

  int r = find_route (self, server, path);
  gboolean token = r >= 0 && kasir_server_routes[r].token;

  /* A connection over the limits: its request is answered, and the connection closed. */
  if (kasir_server_guard_refuses (self->guard, msg))
    respond_unavailable (msg, "the server holds as many connections as it takes; retry later");
  /* Without workers, the token is checked here against the server's own store. */
  if (token && self->pool == NULL && soup_server_message_get_status (msg) == 0)
    {
      g_autoptr(KasirServerCall) call = kasir_server_call_new (msg, path, NULL);

      call->store = self->store;
      if (!kasir_server_authenticate (self, call, &terminal_id, &outlet_id))
        kasir_server_call_apply (call, msg);
    }
  /* A full queue refuses the request before its body is read, too. */
  if (soup_server_message_get_status (msg) == 0 && r >= 0 && kasir_server_routes[r].work != WORK_NONE)
    shed (self, msg, kasir_server_routes[r].work == WORK_WRITES);
  if (soup_server_message_get_status (msg) == 0
      && encoding == SOUP_ENCODING_CONTENT_LENGTH
      && soup_message_headers_get_content_length (headers) > (goffset) body_limit (self, msg))
    respond_error_msg (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large", "request body too large");
  /* With workers, on a reader, while the message waits (kasir-server-token.c). */
  if (soup_server_message_get_status (msg) == 0 && token && self->pool != NULL
      && !shed (self, msg, FALSE))
    kasir_server_check_token_async (self, self->pool, self->context, msg, path);

  if (soup_server_message_get_status (msg) != 0)
    kasir_server_refuse_early (msg);
  if (encoding != SOUP_ENCODING_NONE)
    g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), self);
}

void
kasir_server_dispatch_attach (KasirServer *self,
                              SoupServer  *soup)
{
  soup_server_add_early_handler (soup, NULL, early_callback, self, NULL);
  soup_server_add_handler (soup, NULL, server_callback, self, NULL);
}
