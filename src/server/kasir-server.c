/* kasir-server.c — the sync protocol's HTTP routes on a SoupServer.
 *
 * Every answer with a status >= 400 carries the JSON error shape of DESIGN.md, and a
 * request that is refused changes nothing. The routes never see SQL: they speak to
 * KasirServerStore. Logs go through GLib's structured logging (journald when run by
 * systemd) and never carry tokens, enrollment codes, PIN hashes or request bodies.
 *
 * With workers (kasir_server_set_workers), the main loop only does HTTP: a request whose
 * route touches the database is paused, its handler runs on a worker of the pool with
 * that worker's connection, and the answer is put on the message back on the main loop
 * (the routes table below; kasir-server-private.h for handlers of their own files).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>
#include <sodium.h>

#include "kasir-pin.h"
#include "kasir-outbox-bundle.h"
#include "kasir-server.h"
#include "kasir-server-log.h"
#include "kasir-server-private.h"
#include "kasir-server-guard.h"
#include "kasir-server-pool.h"
#include "kasir-server-import.h"

#define MAX_TOKEN_LENGTH 256
#define DEFAULT_PULL_LIMIT 500
/* An enrollment is a code and a name: anyone may send one, so it may not be big. */
#define MAX_ENROLL_BODY 4096
/* A refused request's body is read (and thrown away) only this far; past it, the
 * connection is closed, so that a refusal never costs the server 8 MiB of reading. */
#define MAX_REFUSED_BODY (64 * 1024)
#define LISTEN_BACKLOG 4096
/* Seconds a till told 503 for a full queue waits before it sends again. */
#define SHED_RETRY_AFTER "2"

struct _KasirServer
{
  GObject           parent_instance;

  KasirServerStore *store;
  SoupServer       *soup;
  SoupServer       *metrics_soup;
  gsize             max_body;
  KasirServerLimits limits;
  KasirServerGuard *guard;
  KasirServerPool  *pool;           /* nullable: handlers then run on the main loop */
  guint             max_queue;      /* jobs that may wait for a worker; more are refused */
  GMainContext     *context;        /* the main loop's, where answers are put on messages */

  /* Prometheus counters, from the start of this process; under @lock, since handlers
   * run on the pool's threads. */
  GMutex            lock;
  GHashTable       *requests;       /* "route\tstatus" → count (GUINT_TO_POINTER) */
  guint64           mutations_applied;
  guint64           mutations_duplicate;
  guint64           mutations_conflict;
  guint64           mutations_rejected;
  GHashTable       *last_contact;   /* terminal id (gint64*) → unix time (gint64*) */
};

G_DEFINE_FINAL_TYPE (KasirServer, kasir_server, G_TYPE_OBJECT)

static void
kasir_server_finalize (GObject *object)
{
  KasirServer *self = KASIR_SERVER (object);

  kasir_server_disconnect (self);
  g_clear_object (&self->soup);
  g_clear_object (&self->metrics_soup);
  /* After the servers, whose connections it watches. */
  g_clear_pointer (&self->guard, kasir_server_guard_free);
  /* Every job holds a reference on the server: none is left. */
  g_clear_pointer (&self->pool, kasir_server_pool_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->store, kasir_server_store_free);
  g_clear_pointer (&self->requests, g_hash_table_unref);
  g_clear_pointer (&self->last_contact, g_hash_table_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (kasir_server_parent_class)->finalize (object);
}

static void
kasir_server_class_init (KasirServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kasir_server_finalize;
}

static void
kasir_server_init (KasirServer *self)
{
  self->max_body = KASIR_PROTOCOL_MAX_BODY;
  self->limits = (KasirServerLimits) KASIR_SERVER_LIMITS_DEFAULT;
  self->max_queue = KASIR_SERVER_DEFAULT_MAX_QUEUE;
  self->requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->last_contact = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_mutex_init (&self->lock);
}

KasirServer *
kasir_server_new (KasirServerStore *store)
{
  KasirServer *self;

  g_return_val_if_fail (store != NULL, NULL);
  self = g_object_new (KASIR_TYPE_SERVER, NULL);
  self->store = store;
  return self;
}

KasirServerStore *
kasir_server_get_store (KasirServer *self)
{
  g_return_val_if_fail (KASIR_IS_SERVER (self), NULL);
  return self->store;
}

void
kasir_server_set_max_body (KasirServer *self,
                           gsize        max_body)
{
  g_return_if_fail (KASIR_IS_SERVER (self));
  self->max_body = max_body;
}

void
kasir_server_set_limits (KasirServer             *self,
                         const KasirServerLimits *limits)
{
  g_return_if_fail (KASIR_IS_SERVER (self));
  g_return_if_fail (limits != NULL && limits->max_connections > 0 && limits->max_per_address > 0
                    && limits->request_timeout > 0 && limits->io_timeout > 0);
  g_return_if_fail (self->guard == NULL);
  self->limits = *limits;
}

guint
kasir_server_get_n_connections (KasirServer *self)
{
  g_return_val_if_fail (KASIR_IS_SERVER (self), 0);
  return self->guard != NULL ? kasir_server_guard_get_n_open (self->guard) : 0;
}

gboolean
kasir_server_set_workers (KasirServer  *self,
                          const char   *db,
                          const char   *key,
                          guint         n_writers,
                          guint         n_readers,
                          GError      **error)
{
  g_return_val_if_fail (KASIR_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->pool == NULL && self->soup == NULL, FALSE);

  self->pool = kasir_server_pool_new (db, key, n_writers, n_readers, error);
  return self->pool != NULL;
}

KasirServerPool *
kasir_server_get_pool (KasirServer *self)
{
  g_return_val_if_fail (KASIR_IS_SERVER (self), NULL);
  return self->pool;
}

void
kasir_server_set_max_queue (KasirServer *self,
                            guint        max_queue)
{
  g_return_if_fail (KASIR_IS_SERVER (self));
  self->max_queue = max_queue;
}

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
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After",
                                SHED_RETRY_AFTER);
  respond_error_msg (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                     "the server is busy; retry later");
  return TRUE;
}

/* Short names for the routes below. */
#define respond_json kasir_server_call_json
#define respond_error kasir_server_call_error
#define respond_store_error kasir_server_call_store_error
#define respond_protocol_error kasir_server_call_protocol_error

JsonNode *
kasir_server_read_body (KasirServer      *self,
                        KasirServerCall  *call)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node;
  gsize length;
  const char *data;

  data = g_bytes_get_data (call->body, &length);
  if (length > self->max_body)
    {
      respond_error (call, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                     "request body too large", 0);
      return NULL;
    }
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

/* Logs through structured logging with the terminal id as its own journal field. Never
 * pass a token, a code or a body here. */
static void
log_terminal (GLogLevelFlags  level,
              gint64          terminal_id,
              const char     *format,
              ...) G_GNUC_PRINTF (3, 4);

static void
log_terminal (GLogLevelFlags  level,
              gint64          terminal_id,
              const char     *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  kasir_server_log (level, terminal_id, 0, 0, NULL, "%s", message);
}

/* ---- Routes ---- */

static void
handle_health (KasirServer       *self,
               KasirServerCall   *call)
{
  g_autofree char *now = kasir_now_rfc3339 ();
  g_autoptr(JsonNode) node = kasir_protocol_encode_health (now);

  respond_json (call, SOUP_STATUS_OK, node);
}

static void
handle_enroll (KasirServer       *self,
               KasirServerCall   *call)
{
  g_autoptr(JsonNode) node = kasir_server_read_body (self, call);
  g_autoptr(KasirEnrollRequest) req = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code_hash = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *name = NULL;
  KasirEnrollResponse resp = { 0 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (node == NULL)
    return;
  req = kasir_protocol_decode_enroll_request (node, &error);
  if (req == NULL)
    {
      respond_protocol_error (call, error);
      return;
    }
  code_hash = kasir_server_enroll_code_hash (req->code);
  token = kasir_token_new ();
  token_hash = kasir_token_hash (token);
  if (!kasir_server_store_redeem_enroll_code (call->store, code_hash, req->name, token_hash, now,
                                              &resp.terminal_id, &resp.outlet_id, &name, &error))
    {
      if (error->domain == KASIR_SERVER_STORE_ERROR
          && (error->code == KASIR_SERVER_STORE_ERROR_NOT_FOUND
              || error->code == KASIR_SERVER_STORE_ERROR_EXPIRED))
        {
          g_message ("enrollment refused: %s", error->message);
          respond_error (call, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                         "unknown, used or expired enrollment code", 0);
        }
      else
        respond_store_error (call, error);
      return;
    }
  log_terminal (G_LOG_LEVEL_MESSAGE, resp.terminal_id,
                "terminal %" G_GINT64_FORMAT " enrolled for outlet %" G_GINT64_FORMAT,
                resp.terminal_id, resp.outlet_id);
  resp.token = token;
  resp.name = name;
  answer = kasir_protocol_encode_enroll_response (&resp);
  respond_json (call, SOUP_STATUS_OK, answer);
}

static void
handle_push (KasirServer       *self,
             KasirServerCall   *call)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(KasirPushRequest) req = NULL;
  g_autoptr(KasirPushResponse) resp = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) outcomes = NULL;
  gint64 terminal_id, outlet_id, expected = 0;
  guint n_new = 0, n_dup = 0, n_conflict = 0, n_rejected = 0;

  if (!kasir_server_authenticate (self, call, &terminal_id, &outlet_id))
    return;
  node = kasir_server_read_body (self, call);
  if (node == NULL)
    return;
  req = kasir_protocol_decode_push_request (node, &error);
  if (req == NULL)
    {
      respond_protocol_error (call, error);
      return;
    }
  if (req->terminal_id != terminal_id)
    {
      respond_error (call, SOUP_STATUS_FORBIDDEN, "forbidden",
                     "the token belongs to another terminal", 0);
      return;
    }

  resp = kasir_push_response_new ();
  outcomes = g_array_new (FALSE, FALSE, sizeof (KasirServerPushOutcome));
  if (!kasir_server_store_push_batch (call->store, terminal_id, outlet_id, req->mutations,
                                      resp->results, outcomes, &expected, &error))
    {
      /* Nothing of the batch was kept; the terminal resends it after a pause. */
      respond_store_error (call, error);
      return;
    }
  if (outcomes->len > 0
      && g_array_index (outcomes, KasirServerPushOutcome, outcomes->len - 1) == KASIR_SERVER_PUSH_GAP
      && resp->results->len == 0)
    {
      const KasirMutation *m = g_ptr_array_index (req->mutations, 0);
      g_autofree char *message = g_strdup_printf ("expected seq %" G_GINT64_FORMAT, expected);
      g_autoptr(JsonNode) err = kasir_protocol_encode_error ("seq_gap", message, expected);

      kasir_server_log (G_LOG_LEVEL_MESSAGE, terminal_id, outlet_id, m->seq, "seq_gap",
                        "push from terminal %" G_GINT64_FORMAT ": seq gap at %" G_GINT64_FORMAT
                        ", expected %" G_GINT64_FORMAT, terminal_id, m->seq, expected);
      respond_json (call, SOUP_STATUS_CONFLICT, err);
      return;
    }
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < resp->results->len; i++)
    {
      const KasirPushResult *result = g_ptr_array_index (resp->results, i);

      if (g_array_index (outcomes, KasirServerPushOutcome, i) == KASIR_SERVER_PUSH_DUPLICATE)
        {
          n_dup++;
          self->mutations_duplicate++;
          continue;
        }
      n_new++;
      switch (result->status)
        {
        case KASIR_RESULT_APPLIED:
          self->mutations_applied++;
          break;
        case KASIR_RESULT_APPLIED_WITH_CONFLICTS:
          self->mutations_applied++;
          self->mutations_conflict++;
          n_conflict++;
          break;
        case KASIR_RESULT_REJECTED:
        default:
          self->mutations_rejected++;
          n_rejected++;
          kasir_server_log (G_LOG_LEVEL_MESSAGE, terminal_id, outlet_id, result->seq, "rejected",
                            "terminal %" G_GINT64_FORMAT " seq %" G_GINT64_FORMAT " rejected: %s",
                            terminal_id, result->seq, result->reason ? result->reason : "");
          break;
        }
    }
  g_mutex_unlock (&self->lock);
  resp->last_seq = expected - 1;

  kasir_server_log (G_LOG_LEVEL_INFO, terminal_id, outlet_id, resp->last_seq, "pushed",
                    "push from terminal %" G_GINT64_FORMAT ": %u new (%u with conflicts, %u rejected), "
                    "%u already known, last_seq %" G_GINT64_FORMAT,
                    terminal_id, n_new, n_conflict, n_rejected, n_dup, resp->last_seq);
  answer = kasir_protocol_encode_push_response (resp);
  respond_json (call, SOUP_STATUS_OK, answer);
}

/* POST /api/v1/terminal/key {"public_key": "<base64 Ed25519 public key>"}: the calling
 * terminal registers the key that signs its outbox exports. The first key stays. */
static void
handle_register_key (KasirServer       *self,
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
  log_terminal (G_LOG_LEVEL_INFO, terminal_id, "terminal %" G_GINT64_FORMAT " registered its signing key",
                terminal_id);
  answer = json_from_string ("{\"status\": \"ok\"}", NULL);
  respond_json (call, SOUP_STATUS_OK, answer);
}

/* POST /api/v1/sync/import {"document": "<signed outbox export>"}: a terminal hands in
 * another terminal's exported outbox (same outlet). The answer is a push response for
 * the exporting terminal, with its "terminal_id". */
static void
handle_import (KasirServer       *self,
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
  log_terminal (G_LOG_LEVEL_MESSAGE, terminal_id,
                "terminal %" G_GINT64_FORMAT " imported the outbox of terminal %" G_GINT64_FORMAT
                ": %u new, %u already known, last_seq %" G_GINT64_FORMAT, terminal_id,
                result->terminal_id, result->n_new, result->n_duplicate, result->response->last_seq);
  answer = kasir_protocol_encode_push_response (result->response);
  json_object_set_int_member (json_node_get_object (answer), "terminal_id", result->terminal_id);
  respond_json (call, SOUP_STATUS_OK, answer);
}

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

static void
handle_pull (KasirServer       *self,
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

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
handle_metrics (KasirServer       *self,
                KasirServerCall   *call)
{
  GString *out = g_string_new (NULL);
  KasirServerStoreMetrics m = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;
  gsize length;
  char *text;

  if (!kasir_server_store_get_metrics (call->store, &m, &error))
    {
      g_string_free (out, TRUE);
      respond_store_error (call, error);
      return;
    }

  g_mutex_lock (&self->lock);
  g_string_append (out, "# HELP kasir_http_requests_total HTTP requests answered, by route and status.\n"
                        "# TYPE kasir_http_requests_total counter\n");
  g_hash_table_iter_init (&iter, self->requests);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_keys);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *k = g_ptr_array_index (keys, i);
      const char *tab = strchr (k, '\t');
      g_string_append_printf (out, "kasir_http_requests_total{route=\"%.*s\",status=\"%s\"} %u\n",
                              (int) (tab - k), k, tab + 1,
                              GPOINTER_TO_UINT (g_hash_table_lookup (self->requests, k)));
    }

  g_string_append_printf (out,
                          "# HELP kasir_mutations_total Pushed mutations, by what became of them.\n"
                          "# TYPE kasir_mutations_total counter\n"
                          "kasir_mutations_total{result=\"applied\"} %" G_GUINT64_FORMAT "\n"
                          "kasir_mutations_total{result=\"duplicate\"} %" G_GUINT64_FORMAT "\n"
                          "kasir_mutations_total{result=\"conflict\"} %" G_GUINT64_FORMAT "\n"
                          "kasir_mutations_total{result=\"rejected\"} %" G_GUINT64_FORMAT "\n"
                          "# HELP kasir_open_conflicts Conflicts waiting for a manager.\n"
                          "# TYPE kasir_open_conflicts gauge\n"
                          "kasir_open_conflicts %" G_GINT64_FORMAT "\n",
                          self->mutations_applied, self->mutations_duplicate,
                          self->mutations_conflict, self->mutations_rejected, m.open_conflicts);

  g_string_append (out, "# HELP kasir_terminal_last_contact_seconds Unix time of the terminal's last "
                        "authenticated request.\n"
                        "# TYPE kasir_terminal_last_contact_seconds gauge\n");
  for (guint i = 0; i < m.terminals->len; i++)
    {
      KasirServerTerminalInfo *t = g_ptr_array_index (m.terminals, i);
      gint64 *seen = g_hash_table_lookup (self->last_contact, &t->terminal_id);
      gint64 last = MAX (t->last_push_unix, seen ? *seen : 0);

      g_string_append_printf (out, "kasir_terminal_last_contact_seconds{terminal=\"%" G_GINT64_FORMAT
                              "\",outlet=\"%" G_GINT64_FORMAT "\"} %" G_GINT64_FORMAT "\n",
                              t->terminal_id, t->outlet_id, last);
    }
  g_string_append (out, "# HELP kasir_terminal_last_seq The last mutation seq applied per terminal.\n"
                        "# TYPE kasir_terminal_last_seq gauge\n");
  for (guint i = 0; i < m.terminals->len; i++)
    {
      KasirServerTerminalInfo *t = g_ptr_array_index (m.terminals, i);
      g_string_append_printf (out, "kasir_terminal_last_seq{terminal=\"%" G_GINT64_FORMAT
                              "\",outlet=\"%" G_GINT64_FORMAT "\"} %" G_GINT64_FORMAT "\n",
                              t->terminal_id, t->outlet_id, t->last_seq);
    }
  g_mutex_unlock (&self->lock);
  kasir_server_store_metrics_clear (&m);

  length = out->len;
  text = g_string_free (out, FALSE);
  kasir_server_call_respond (call, SOUP_STATUS_OK, "text/plain; version=0.0.4; charset=utf-8", text, length);
}

/* Where a route's database work runs. */
typedef enum
{
  WORK_NONE,    /* no database: on the main loop */
  WORK_READS,   /* only reads: a reader of the pool */
  WORK_WRITES,  /* a writer of the pool */
} Work;

/* The routes: one line each (kasir-server-private.h says how a handler is written);
 * @token: a terminal's bearer token is checked before the body is read. /metrics is
 * served on the metrics address when there is one. */
static const struct
{
  const char *path;
  const char *method;
  const char *route;
  KasirServerHandler handle;
  Work        work;
  gboolean    token;
} routes[] = {
  { "/api/v1/health",       "GET",  "health",  handle_health,       WORK_NONE,   FALSE },
  { "/api/v1/enroll",       "POST", "enroll",  handle_enroll,       WORK_WRITES, FALSE },
  { "/api/v1/sync/push",    "POST", "push",    handle_push,         WORK_WRITES, TRUE },
  { "/api/v1/sync/import",  "POST", "import",  handle_import,       WORK_WRITES, TRUE },
  { "/api/v1/terminal/key", "POST", "key",     handle_register_key, WORK_WRITES, TRUE },
  { "/api/v1/sync/pull",    "GET",  "pull",    handle_pull,         WORK_READS,  TRUE },
  { "/api/v1/reports/summary", "GET", "reports", kasir_server_handle_reports, WORK_READS, TRUE },
  { "/api/v1/sales/lookup", "GET", "lookup",  kasir_server_handle_sale_lookup, WORK_READS, TRUE },
  { "/metrics",             "GET",  "metrics", handle_metrics,      WORK_READS,  FALSE },
};

/* The route of @path on @server, or -1. */
static int
find_route (KasirServer *self,
            SoupServer  *server,
            const char  *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      gboolean metrics = g_str_equal (routes[i].route, "metrics");
      gboolean here = metrics ? self->metrics_soup == NULL || server == self->metrics_soup
                              : server == self->soup;

      if (here && g_str_equal (path, routes[i].path))
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
  routes[job->route].handle (job->self, job->call);
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
      count_request (job->self, routes[job->route].route, soup_server_message_get_status (job->msg));
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
  else if (!g_str_equal (method, routes[r].method))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                    routes[r].method);
      respond_error_msg (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "bad_request", "method not allowed");
    }
  else if (routes[r].work != WORK_NONE)
    shed (self, msg, routes[r].work == WORK_WRITES);
  if (soup_server_message_get_status (msg) != 0)
    {
      count_request (self, r >= 0 ? routes[r].route : "other", soup_server_message_get_status (msg));
      return;
    }

  call = kasir_server_call_new (msg, path, query);
  if (self->pool != NULL && routes[r].work != WORK_NONE)
    {
      Job *job = g_new0 (Job, 1);

      job->self = g_object_ref (self);
      job->msg = g_object_ref (msg);
      job->call = g_steal_pointer (&call);
      job->route = (guint) r;
      g_signal_connect (msg, "disconnected", G_CALLBACK (job_disconnected), job);
      soup_server_message_pause (msg);
      kasir_server_pool_run (self->pool, routes[r].work == WORK_WRITES, job_run, job_done, job,
                             self->context);
      return;
    }
  call->store = self->store;
  routes[r].handle (self, call);
  kasir_server_call_apply (call, msg);
  count_request (self, routes[r].route, soup_server_message_get_status (msg));
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

  if (soup_server_message_get_status (msg) != 0)
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
  gboolean token = r >= 0 && routes[r].token;

  /* Without workers, the token is checked here against the server's own store. */
  if (token && self->pool == NULL)
    {
      g_autoptr(KasirServerCall) call = kasir_server_call_new (msg, path, NULL);

      call->store = self->store;
      if (!kasir_server_authenticate (self, call, &terminal_id, &outlet_id))
        kasir_server_call_apply (call, msg);
    }
  /* A full queue refuses the request before its body is read, too. */
  if (soup_server_message_get_status (msg) == 0 && r >= 0 && routes[r].work != WORK_NONE)
    shed (self, msg, routes[r].work == WORK_WRITES);
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

#define CODE_ALPHABET "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

char *
kasir_server_enroll_code_new (void)
{
  GString *code = g_string_new (NULL);

  for (int i = 0; i < 16; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (code, '-');
      g_string_append_c (code, CODE_ALPHABET[randombytes_uniform (sizeof CODE_ALPHABET - 1)]);
    }
  return g_string_free (code, FALSE);
}

char *
kasir_server_enroll_code_hash (const char *code)
{
  g_autofree char *normal = g_ascii_strup (code, -1);
  char *w = normal;
  char *hash;

  g_return_val_if_fail (code != NULL, NULL);
  for (const char *r = normal; *r; r++)
    if (*r != '-' && *r != ' ')
      *w++ = *r;
  *w = '\0';
  hash = kasir_token_hash (normal);
  sodium_memzero (normal, strlen (normal));
  return hash;
}

GInetSocketAddress *
kasir_server_parse_address (const char  *address,
                            GError     **error)
{
  g_autofree char *host = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  const char *colon;
  guint64 port;

  g_return_val_if_fail (address != NULL, NULL);

  if (address[0] == '[')
    {
      const char *end = strchr (address, ']');
      if (end == NULL || end[1] != ':')
        goto bad;
      host = g_strndup (address + 1, end - address - 1);
      colon = end + 1;
    }
  else
    {
      colon = strrchr (address, ':');
      if (colon == NULL)
        goto bad;
      host = g_strndup (address, colon - address);
    }
  if (!g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    goto bad;
  if (g_str_equal (host, "localhost"))
    inet = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else if (g_str_equal (host, "") || g_str_equal (host, "*"))
    inet = g_inet_address_new_any (G_SOCKET_FAMILY_IPV4);
  else
    inet = g_inet_address_new_from_string (host);
  if (inet == NULL)
    goto bad;
  return G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (inet, (guint16) port));

bad:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "'%s' is not HOST:PORT with a numeric IP address (or localhost) and a port",
               address);
  return NULL;
}

static SoupServer *
new_soup_server (KasirServer      *self,
                 GTlsCertificate  *tls_certificate)
{
  SoupServer *soup = soup_server_new ("server-header", "kasir-server/" PACKAGE_VERSION " ",
                                      "tls-certificate", tls_certificate, NULL);

  if (self->context == NULL)
    self->context = g_main_context_ref_thread_default ();
  if (self->guard == NULL)
    {
      kasir_server_raise_open_file_limit ();
      self->guard = kasir_server_guard_new (&self->limits);
    }
  kasir_server_guard_attach (self->guard, soup);
  soup_server_add_early_handler (soup, NULL, early_callback, self, NULL);
  soup_server_add_handler (soup, NULL, server_callback, self, NULL);
  return soup;
}

static gboolean
listen_on (SoupServer   *soup,
           const char   *address,
           gboolean      https,
           GError      **error)
{
  g_autoptr(GInetSocketAddress) addr = kasir_server_parse_address (address, error);
  g_autoptr(GSocket) socket = NULL;

  if (addr == NULL)
    return FALSE;
  socket = g_socket_new (g_socket_address_get_family (G_SOCKET_ADDRESS (addr)), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  /* Tills reconnecting all at once wait in the kernel's queue until the main loop takes
   * them; with GLib's default of 10 the queue overflowed and they were reset. */
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  return g_socket_bind (socket, G_SOCKET_ADDRESS (addr), TRUE, error)
         && g_socket_listen (socket, error)
         && soup_server_listen_socket (soup, socket, https ? SOUP_SERVER_LISTEN_HTTPS : 0, error);
}

gboolean
kasir_server_listen (KasirServer      *self,
                     const char       *address,
                     GTlsCertificate  *tls_certificate,
                     GError          **error)
{
  g_return_val_if_fail (KASIR_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);

  self->soup = new_soup_server (self, tls_certificate);
  if (!listen_on (self->soup, address, tls_certificate != NULL, error))
    {
      g_clear_object (&self->soup);
      return FALSE;
    }
  return TRUE;
}

gboolean
kasir_server_listen_metrics (KasirServer  *self,
                             const char   *address,
                             GError      **error)
{
  g_return_val_if_fail (KASIR_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->metrics_soup == NULL, FALSE);

  self->metrics_soup = new_soup_server (self, NULL);
  if (!listen_on (self->metrics_soup, address, FALSE, error))
    {
      g_clear_object (&self->metrics_soup);
      return FALSE;
    }
  return TRUE;
}

static char *
url_of (SoupServer *soup)
{
  GSList *listeners;
  char *url = NULL;

  if (soup == NULL)
    return NULL;

  /* Read from the listening socket itself: libsoup 3.2's soup_server_get_uris() leaks
   * the address it builds each URI from. */
  listeners = soup_server_get_listeners (soup);
  if (listeners != NULL)
    {
      g_autoptr(GSocketAddress) address = g_socket_get_local_address (listeners->data, NULL);

      if (G_IS_INET_SOCKET_ADDRESS (address))
        {
          GInetSocketAddress *inet = G_INET_SOCKET_ADDRESS (address);
          g_autofree char *host =
            g_inet_address_to_string (g_inet_socket_address_get_address (inet));
          gboolean v6 = strchr (host, ':') != NULL;

          url = g_strdup_printf ("%s://%s%s%s:%u", soup_server_is_https (soup) ? "https" : "http",
                                 v6 ? "[" : "", host, v6 ? "]" : "",
                                 g_inet_socket_address_get_port (inet));
        }
    }
  g_slist_free (listeners);
  return url;
}

char *
kasir_server_get_url (KasirServer *self)
{
  g_return_val_if_fail (KASIR_IS_SERVER (self), NULL);
  return url_of (self->soup);
}

char *
kasir_server_get_metrics_url (KasirServer *self)
{
  g_return_val_if_fail (KASIR_IS_SERVER (self), NULL);
  return url_of (self->metrics_soup ? self->metrics_soup : self->soup);
}

void
kasir_server_disconnect (KasirServer *self)
{
  g_return_if_fail (KASIR_IS_SERVER (self));
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  if (self->metrics_soup != NULL)
    soup_server_disconnect (self->metrics_soup);
}
