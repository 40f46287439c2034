/* test-server-bad.c — bad requests change nothing and get the JSON error shape; a busy
 * database answers 503; /metrics is valid Prometheus text.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "server-data/server-test-util.h"

typedef struct
{
  const char *what;
  const char *method;
  const char *path;
  int         token;      /* 0 none, 1 terminal 1's, 2 a made-up one, 3 "Bearer" with nothing */
  const char *body;       /* "@..." for generated bodies */
  guint       status;
  const char *code;
} BadRequest;

static const BadRequest bad_requests[] = {
  { "unknown route", "GET", "/api/v1/nope", 1, NULL, 404, "not_found" },
  { "unknown root route", "POST", "/", 0, "{}", 404, "not_found" },
  { "wrong method", "GET", "/api/v1/sync/push", 1, NULL, 405, "bad_request" },
  { "push without token", "POST", "/api/v1/sync/push", 0, "@push-t1", 401, "unauthorized" },
  { "push with unknown token", "POST", "/api/v1/sync/push", 2, "@push-t1", 401, "unauthorized" },
  { "push with empty bearer", "POST", "/api/v1/sync/push", 3, "@push-t1", 401, "unauthorized" },
  { "pull without token", "GET", "/api/v1/sync/pull?cursor=0", 0, NULL, 401, "unauthorized" },
  { "push for another terminal", "POST", "/api/v1/sync/push", 1, "@push-t2", 403, "forbidden" },
  { "pull for another outlet", "GET", "/api/v1/sync/pull?cursor=0&outlet_id=2", 1, NULL, 403, "forbidden" },
  { "pull for another terminal", "GET", "/api/v1/sync/pull?cursor=0&terminal_id=999", 1, NULL, 403, "forbidden" },
  { "malformed JSON", "POST", "/api/v1/sync/push", 1, "{\"terminal_id\": 1, ", 400, "bad_request" },
  { "not an object", "POST", "/api/v1/sync/push", 1, "[1, 2, 3]", 400, "bad_request" },
  { "missing mutations", "POST", "/api/v1/sync/push", 1, "{\"terminal_id\": 1}", 400, "bad_request" },
  { "wrong type", "POST", "/api/v1/sync/push", 1, "{\"terminal_id\": \"1\", \"mutations\": []}", 400, "bad_request" },
  { "seq not consecutive", "POST", "/api/v1/sync/push", 1, "@push-skip", 400, "bad_request" },
  { "nested too deep", "POST", "/api/v1/sync/push", 1, "@deep", 400, "bad_request" },
  { "too many mutations", "POST", "/api/v1/sync/push", 1, "@many", 413, "too_large" },
  { "bad cursor", "GET", "/api/v1/sync/pull?cursor=abc", 1, NULL, 400, "bad_request" },
  { "negative cursor", "GET", "/api/v1/sync/pull?cursor=-5", 1, NULL, 400, "bad_request" },
  { "limit too big", "GET", "/api/v1/sync/pull?cursor=0&limit=999999", 1, NULL, 400, "bad_request" },
  { "enroll malformed", "POST", "/api/v1/enroll", 0, "{\"code\": 5}", 400, "bad_request" },
  { "enroll not JSON", "POST", "/api/v1/enroll", 0, "code=ABCD", 400, "bad_request" },
};

static char *
mutations_body (gint64 terminal_id,
                guint  n,
                gint64 first_seq,
                gint64 skip_at)
{
  GString *s = g_string_new (NULL);
  gint64 seq = first_seq;

  g_string_append_printf (s, "{\"terminal_id\": %" G_GINT64_FORMAT ", \"mutations\": [", terminal_id);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = kasir_uuid_new ();
      if (seq == skip_at)
        seq++;
      g_string_append_printf (s, "%s{\"seq\": %" G_GINT64_FORMAT ", \"id\": \"%s\", \"type\": \"stock.adjust\", "
                              "\"created_at\": \"2026-11-22T08:00:00Z\", \"payload\": {\"product_id\": 1, "
                              "\"delta\": 1, \"reason\": \"count\"}}", i ? ", " : "", seq, id);
      seq++;
    }
  g_string_append (s, "]}");
  return g_string_free (s, FALSE);
}

static char *
make_body (const char   *spec,
           TestTerminal *t1,
           TestTerminal *t2)
{
  if (spec == NULL || spec[0] != '@')
    return g_strdup (spec);
  if (g_str_equal (spec, "@push-t1"))
    return mutations_body (t1->terminal_id, 1, t1->next_seq, -1);
  if (g_str_equal (spec, "@push-t2"))
    return mutations_body (t2->terminal_id, 1, t2->next_seq, -1);
  if (g_str_equal (spec, "@push-skip"))
    return mutations_body (t1->terminal_id, 3, t1->next_seq, t1->next_seq + 1);
  if (g_str_equal (spec, "@many"))
    return mutations_body (t1->terminal_id, KASIR_PROTOCOL_MAX_MUTATIONS + 1, t1->next_seq, -1);
  if (g_str_equal (spec, "@deep"))
    {
      GString *s = g_string_new ("{\"terminal_id\": 1, \"mutations\": [], \"x\": ");
      for (int i = 0; i < 100; i++)
        g_string_append (s, "[");
      for (int i = 0; i < 100; i++)
        g_string_append (s, "]");
      g_string_append (s, "}");
      return g_string_free (s, FALSE);
    }
  if (g_str_equal (spec, "@huge"))
    {
      gsize n = KASIR_PROTOCOL_MAX_BODY + 1024;
      char *s = g_malloc (n + 1);
      memset (s, ' ', n);
      s[0] = '{';
      s[n - 1] = '}';
      s[n] = '\0';
      return s;
    }
  g_assert_not_reached ();
}

static void
test_bad_requests (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t1 = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) t2 = enroll_terminal (fx, 2);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 pid = 1, price = 3500;
  g_autoptr(KasirSale) sale = make_sale (&pid, &price, NULL, 1, 1);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);
  g_autoptr(KasirPushResponse) resp = NULL;
  guint status;

  g_ptr_array_add (batch, make_sale_mutation (t1, sale));
  resp = push (fx, t1, batch, &status, NULL);
  g_assert_cmpuint (status, ==, 200);

  before = db_digest (fx);
  for (guint i = 0; i < G_N_ELEMENTS (bad_requests); i++)
    {
      const BadRequest *b = &bad_requests[i];
      g_autofree char *body = make_body (b->body, t1, t2);
      g_autofree char *text = NULL;
      g_autofree char *code = NULL;
      g_autoptr(JsonNode) reply = NULL;
      g_autoptr(KasirProtocolErrorBody) err = NULL;
      g_autoptr(GError) error = NULL;
      const char *token = b->token == 1 ? t1->token : b->token == 2 ? "made-up-token" : b->token == 3 ? "" : NULL;

      g_test_message ("bad request: %s", b->what);
      reply = http_raw (fx, b->method, b->path, token, body, -1, &status, &text);
      if (status != b->status)
        g_error ("%s: status %u, expected %u (%s)", b->what, status, b->status, text);
      err = kasir_protocol_decode_error (reply, &error);
      g_assert_no_error (error);
      code = g_strdup (err->code);
      g_assert_cmpstr (code, ==, b->code);
      g_assert_nonnull (err->message);
      /* Nothing changed, request by request. */
      g_free (after);
      after = db_digest (fx);
      if (g_strcmp0 (before, after) != 0)
        g_error ("%s changed the database", b->what);
    }
  server_fixture_free (fx);
}

/* A chunked body has no length to refuse in advance: the server counts it as it comes and
 * hangs up once it passes the limit, instead of buffering it all. */
static void
test_chunked_too_large (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t = enroll_terminal (fx, 1);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = g_uri_parse (fx->url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *head = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(JsonNode) health = NULL;
  GOutputStream *out;
  char chunk[65536 + 32];
  gsize sent = 0;
  gboolean cut_off = FALSE;
  guint status;

  before = db_digest (fx);
  conn = g_socket_client_connect_to_host (client, "127.0.0.1", g_uri_get_port (uri), NULL, &error);
  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (conn));
  head = g_strdup_printf ("POST /api/v1/sync/push HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                          "Transfer-Encoding: chunked\r\n\r\n", t->token);
  g_assert_true (g_output_stream_write_all (out, head, strlen (head), NULL, NULL, &error));
  memset (chunk, ' ', sizeof chunk);
  memcpy (chunk, "10000\r\n", 7);
  memcpy (chunk + 7 + 65536, "\r\n", 2);
  /* Up to four times the limit; the server must hang up long before. */
  while (sent < 4 * KASIR_PROTOCOL_MAX_BODY)
    {
      g_autoptr(GError) write_error = NULL;

      if (!g_output_stream_write_all (out, chunk, 7 + 65536 + 2, NULL, NULL, &write_error))
        {
          cut_off = TRUE;
          break;
        }
      sent += 65536;
    }
  g_assert_true (cut_off);
  g_assert_cmpuint (sent, <, 2 * KASIR_PROTOCOL_MAX_BODY);
  g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);

  health = http_raw (fx, "GET", "/api/v1/health", NULL, NULL, -1, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  after = db_digest (fx);
  g_assert_cmpstr (before, ==, after);
  server_fixture_free (fx);
}

/* A write lock held by someone else: the push waits for the busy timeout, rolls back and
 * answers 503; once the lock is gone the same push goes through. */
static void
test_busy_is_503 (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t1 = enroll_terminal (fx, 1);
  gint64 pid = 1, price = 3500;
  g_autoptr(KasirSale) sale = make_sale (&pid, &price, NULL, 1, 1);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);
  g_autoptr(KasirPushResponse) resp = NULL;
  g_autoptr(JsonNode) raw = NULL;
  g_autofree char *code = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  DbLock lock;
  guint status;

  g_ptr_array_add (batch, make_sale_mutation (t1, sale));
  before = db_digest (fx);
  lock = db_lock (fx);
  resp = push (fx, t1, batch, &status, &raw);
  g_assert_null (resp);
  g_assert_cmpuint (status, ==, 503);
  code = error_code_of (raw);
  g_assert_cmpstr (code, ==, "unavailable");
  db_unlock (&lock);
  after = db_digest (fx);
  g_assert_cmpstr (before, ==, after);

  resp = push (fx, t1, batch, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (resp->last_seq, ==, 1);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM sales"), ==, 1);
  server_fixture_free (fx);
}

/* ---- A small parser for the Prometheus text format (version 0.0.4) ---- */

typedef struct
{
  char       *name;
  GHashTable *labels;
  double      value;
} Sample;

static void
sample_free (Sample *s)
{
  g_free (s->name);
  g_hash_table_unref (s->labels);
  g_free (s);
}

static gboolean
is_name_char (char c,
              gboolean first)
{
  return g_ascii_isalpha (c) || c == '_' || c == ':' || (!first && g_ascii_isdigit (c));
}

/* Returns the samples, failing the test on any line that is not valid exposition text or
 * on a sample whose metric has no TYPE line before it. */
static GPtrArray *
parse_prometheus (const char *text)
{
  GPtrArray *samples = g_ptr_array_new_with_free_func ((GDestroyNotify) sample_free);
  g_autoptr(GHashTable) types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  g_assert_true (g_str_has_suffix (text, "\n"));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *l = lines[i];
      const char *p = l;
      Sample *s;
      char *end;

      if (*l == '\0')
        {
          g_assert_null (lines[i + 1]);
          continue;
        }
      if (g_str_has_prefix (l, "# TYPE "))
        {
          g_auto(GStrv) parts = g_strsplit (l + 7, " ", -1);
          g_assert_cmpuint (g_strv_length (parts), ==, 2);
          g_assert_true (g_strv_contains ((const char *[]) { "counter", "gauge", "histogram", "summary",
                                                             "untyped", NULL }, parts[1]));
          g_assert_false (g_hash_table_contains (types, parts[0]));
          g_hash_table_insert (types, g_strdup (parts[0]), g_strdup (parts[1]));
          continue;
        }
      if (g_str_has_prefix (l, "# HELP ") || l[0] == '#')
        continue;

      s = g_new0 (Sample, 1);
      s->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_assert_true (is_name_char (*p, TRUE));
      while (is_name_char (*p, FALSE))
        p++;
      s->name = g_strndup (l, p - l);
      if (*p == '{')
        {
          p++;
          while (*p != '}')
            {
              const char *k = p;
              GString *v = g_string_new (NULL);
              char *key;

              g_assert_true (is_name_char (*p, TRUE));
              while (is_name_char (*p, FALSE))
                p++;
              key = g_strndup (k, p - k);
              g_assert_cmpint (*p++, ==, '=');
              g_assert_cmpint (*p++, ==, '"');
              while (*p != '"')
                {
                  g_assert_cmpint (*p, !=, '\0');
                  if (*p == '\\')
                    p++;
                  g_string_append_c (v, *p++);
                }
              p++;
              g_hash_table_insert (s->labels, key, g_string_free (v, FALSE));
              if (*p == ',')
                p++;
              else
                g_assert_cmpint (*p, ==, '}');
            }
          p++;
        }
      g_assert_cmpint (*p++, ==, ' ');
      s->value = g_ascii_strtod (p, &end);
      g_assert_true (end != p);
      g_assert_true (*end == '\0' || *end == ' ');
      g_assert_true (g_hash_table_contains (types, s->name));
      g_ptr_array_add (samples, s);
    }
  return samples;
}

static double
sample_value (GPtrArray  *samples,
              const char *name,
              const char *k1,
              const char *v1,
              const char *k2,
              const char *v2)
{
  for (guint i = 0; i < samples->len; i++)
    {
      Sample *s = g_ptr_array_index (samples, i);
      if (g_str_equal (s->name, name)
          && (k1 == NULL || g_strcmp0 (g_hash_table_lookup (s->labels, k1), v1) == 0)
          && (k2 == NULL || g_strcmp0 (g_hash_table_lookup (s->labels, k2), v2) == 0))
        return s->value;
    }
  return -1;
}

static void
test_metrics (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t1 = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) t2 = enroll_terminal (fx, 1);
  gint64 pid = 2, price = 4000;
  g_autoptr(KasirSale) s1 = make_sale (&pid, &price, NULL, 1, 1);
  g_autoptr(KasirSale) s2 = make_sale (&pid, &price, NULL, 1, 1);
  g_autoptr(GPtrArray) b1 = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);
  g_autoptr(GPtrArray) b2 = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);
  g_autoptr(KasirPushResponse) r = NULL;
  g_autoptr(KasirPushResponse) r2 = NULL;
  g_autoptr(KasirPushResponse) r3 = NULL;
  g_autoptr(JsonNode) none = NULL;
  g_autoptr(JsonNode) metrics = NULL;
  g_autoptr(GPtrArray) samples = NULL;
  g_autofree char *text = NULL;
  g_autofree char *t1_id = g_strdup_printf ("%" G_GINT64_FORMAT, t1->terminal_id);
  guint status;

  g_ptr_array_add (b1, make_sale_mutation (t1, s1));
  g_ptr_array_add (b2, make_sale_mutation (t2, s2));
  r = push (fx, t1, b1, &status, NULL);
  r2 = push (fx, t2, b2, &status, NULL);
  r3 = push (fx, t1, b1, &status, NULL);   /* a retry: duplicate */
  none = http_raw (fx, "GET", "/nowhere", NULL, NULL, -1, &status, NULL);

  metrics = http_raw (fx, "GET", "/metrics", NULL, NULL, -1, &status, &text);
  g_assert_null (metrics);
  g_assert_cmpuint (status, ==, 200);
  samples = parse_prometheus (text);
  g_assert_cmpfloat (sample_value (samples, "kasir_mutations_total", "result", "applied", NULL, NULL), ==, 2);
  g_assert_cmpfloat (sample_value (samples, "kasir_mutations_total", "result", "duplicate", NULL, NULL), ==, 1);
  g_assert_cmpfloat (sample_value (samples, "kasir_mutations_total", "result", "conflict", NULL, NULL), ==, 1);
  g_assert_cmpfloat (sample_value (samples, "kasir_mutations_total", "result", "rejected", NULL, NULL), ==, 0);
  g_assert_cmpfloat (sample_value (samples, "kasir_open_conflicts", NULL, NULL, NULL, NULL), ==, 1);
  g_assert_cmpfloat (sample_value (samples, "kasir_http_requests_total", "route", "push", "status", "200"), ==, 3);
  g_assert_cmpfloat (sample_value (samples, "kasir_http_requests_total", "route", "enroll", "status", "200"), ==, 2);
  g_assert_cmpfloat (sample_value (samples, "kasir_http_requests_total", "route", "other", "status", "404"), ==, 1);
  g_assert_cmpfloat (sample_value (samples, "kasir_terminal_last_seq", "terminal", t1_id, NULL, NULL), ==, 1);
  g_assert_cmpfloat (sample_value (samples, "kasir_terminal_last_contact_seconds", "terminal", t1_id, NULL, NULL),
                     >=, (double) (g_get_real_time () / G_USEC_PER_SEC - 60));
  /* Counts, never contents: no token, hash or product name appears. */
  g_assert_null (strstr (text, t1->token));
  g_assert_null (strstr (text, "Teh Manis"));
  server_fixture_free (fx);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Kasir/Server/Bad/requests-change-nothing", test_bad_requests);
  g_test_add_func ("/Kasir/Server/Bad/busy-is-503", test_busy_is_503);
  g_test_add_func ("/Kasir/Server/Bad/chunked-too-large", test_chunked_too_large);
  g_test_add_func ("/Kasir/Server/Bad/metrics-prometheus", test_metrics);
  return g_test_run ();
}
