/* test-server-hostile.c — kasir-server trusts no till and no peer. Each attack of the
 * "server trusts no till" issue is a case here: extreme values in every mutation type,
 * forged roles, other outlets' ids, value bombs, oversized bodies without a token, slow,
 * idle and thousands of connections. After each, a normal till still syncs and nothing
 * the attack touched has changed.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sys/resource.h>

#include "server-data/server-test-util.h"
#include "sync-test-util.h"

/* ---- Helpers ---- */

typedef struct
{
  ServerFixture *fx;
  guint          n;
  gboolean       done;
} CountCall;

static gboolean
count_in_server_thread (gpointer data)
{
  CountCall *call = data;

  g_mutex_lock (&call->fx->lock);
  call->n = kasir_server_get_n_connections (call->fx->server);
  call->done = TRUE;
  g_cond_broadcast (&call->fx->cond);
  g_mutex_unlock (&call->fx->lock);
  return G_SOURCE_REMOVE;
}

/* The connections the server holds, read in its own thread. */
static guint
server_connections (ServerFixture *fx)
{
  CountCall call = { fx, 0, FALSE };

  g_main_context_invoke (fx->context, count_in_server_thread, &call);
  g_mutex_lock (&fx->lock);
  while (!call.done)
    g_cond_wait (&fx->cond, &fx->lock);
  g_mutex_unlock (&fx->lock);
  return call.n;
}

static gboolean
wait_for_connections (ServerFixture *fx,
                      guint          at_most,
                      double         seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    {
      if (server_connections (fx) <= at_most)
        return TRUE;
      g_usleep (20000);
    }
  return server_connections (fx) <= at_most;
}

/* A plain TCP connection to the server, from @source_ip (NULL: any). */
static GSocket *
raw_connect (ServerFixture *fx,
             const char    *source_ip)
{
  g_autoptr(GUri) uri = g_uri_parse (fx->url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_from_string ("127.0.0.1");
  g_autoptr(GSocketAddress) to = g_inet_socket_address_new (loopback, g_uri_get_port (uri));
  g_autoptr(GError) error = NULL;
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                  G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  if (source_ip != NULL)
    {
      g_autoptr(GInetAddress) from_ip = g_inet_address_new_from_string (source_ip);
      g_autoptr(GSocketAddress) from = g_inet_socket_address_new (from_ip, 0);

      g_assert_true (g_socket_bind (socket, from, FALSE, &error));
      g_assert_no_error (error);
    }
  g_assert_true (g_socket_connect (socket, to, NULL, &error));
  g_assert_no_error (error);
  return socket;
}

/* TRUE when the server has closed @socket: a read gives end-of-file or a reset within
 * @seconds. */
static gboolean
closed_by_server (GSocket *socket,
                  double   seconds)
{
  char buffer[4096];
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    {
      g_autoptr(GError) error = NULL;
      gssize n;

      if (!g_socket_condition_timed_wait (socket, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                          end - g_get_monotonic_time (), NULL, NULL))
        return FALSE;
      n = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error);
      if (n <= 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
health_ok (ServerFixture *fx)
{
  guint status = 0;
  g_autoptr(JsonNode) reply = http_json (fx, "GET", "/api/v1/health", NULL, NULL, &status);

  return status == 200;
}

/* A normal till's day goes on: a sale is pushed and applied once. */
static void
assert_till_still_syncs (ServerFixture *fx)
{
  g_autoptr(TestTerminal) t = enroll_terminal (fx, 1);
  gint64 ids[] = { 4 };
  gint64 prices[] = { 3200 };
  g_autoptr(KasirSale) sale = make_sale (ids, prices, NULL, 1, 1);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);
  g_autoptr(KasirPushResponse) resp = NULL;
  g_autofree char *sql = NULL;
  guint status;

  sale->staff_id = cashier_of (t);
  g_ptr_array_add (batch, make_sale_mutation (t, sale));
  resp = push (fx, t, batch, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (((KasirPushResult *) g_ptr_array_index (resp->results, 0))->status, ==,
                   KASIR_RESULT_APPLIED);
  sql = g_strdup_printf ("SELECT count(*) FROM sales WHERE id = '%s'", sale->sale_id);
  g_assert_cmpint (db_int (fx, sql), ==, 1);
}

/* A digest of what a mutation can change: every table but the push bookkeeping
 * (push_results, terminals, audit_log). */
static char *
data_digest (ServerFixture *fx)
{
  static const char * const tables[] = {
    "products", "product_prices", "categories", "stock", "customers", "staff", "shifts", "sales",
    "sale_lines", "sale_payments", "refunds", "refund_lines", "refund_payments", "conflicts",
    "change_log", "entity_history",
  };
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  db_digest_tables (fx, tables, G_N_ELEMENTS (tables), sum);
  return g_strdup (g_checksum_get_string (sum));
}

/* ---- Bodies ---- */

/* Sends a request over its own connection, the body in 64 KiB pieces for as long as the
 * server takes them, and returns the answer's status: 0 when the server hung up
 * instead. @source_ip: NULL for any. */
static guint
raw_request (const char *url,
             const char *source_ip,
             const char *method,
             const char *path,
             const char *token,
             const char *body,
             gsize       length)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_from_string ("127.0.0.1");
  g_autoptr(GSocketAddress) to = g_inet_socket_address_new (loopback, g_uri_get_port (uri));
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autofree char *head = NULL;
  char answer[64] = { 0 };
  gsize sent = 0;
  gssize n;
  guint status = 0;

  g_assert_nonnull (socket);
  if (source_ip != NULL)
    {
      g_autoptr(GInetAddress) from_ip = g_inet_address_new_from_string (source_ip);
      g_autoptr(GSocketAddress) from = g_inet_socket_address_new (from_ip, 0);

      g_assert_true (g_socket_bind (socket, from, FALSE, NULL));
    }
  g_socket_set_timeout (socket, 20);
  if (!g_socket_connect (socket, to, NULL, NULL))
    return 0;
  head = g_strdup_printf ("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s%s%sContent-Type: application/json\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n", method, path,
                          token ? "Authorization: Bearer " : "", token ? token : "", token ? "\r\n" : "",
                          length);
  if (g_socket_send (socket, head, strlen (head), NULL, NULL) < 0)
    return 0;
  while (sent < length)
    {
      n = g_socket_send (socket, body + sent, MIN (length - sent, 65536), NULL, NULL);
      if (n <= 0)
        break;
      sent += (gsize) n;
    }
  n = g_socket_receive (socket, answer, sizeof answer - 1, NULL, NULL);
  if (n > 12 && g_str_has_prefix (answer, "HTTP/1.1 "))
    status = (guint) g_ascii_strtoull (answer + 9, NULL, 10);
  return status;
}

/* A body of @length bytes holding as many empty objects as fit, inside @prefix/@suffix. */
static char *
object_bomb (const char *prefix,
             const char *suffix,
             gsize       length)
{
  gsize p = strlen (prefix), q = strlen (suffix);
  char *text = g_malloc (length + 1);

  memcpy (text, prefix, p);
  for (gsize i = p; i < length - q; i += 3)
    memcpy (text + i, "{},", MIN (3, length - q - i));
  /* The last element must not be followed by a comma. */
  text[length - q - 1] = ' ';
  memcpy (text + length - q, suffix, q);
  text[length] = '\0';
  return text;
}

/* A token's body full of values is refused before any of it becomes a tree; a body
 * without a valid token, or an enrollment of more than a few KiB, is refused without
 * being read; duplicate names are refused. Nothing changes and a till still syncs. */
static void
test_value_bombs_and_big_bodies (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t = enroll_terminal (fx, 1);
  g_autofree char *before = data_digest (fx);
  g_autofree char *after = NULL;
  g_autofree char *prefix = g_strdup_printf ("{\"terminal_id\":%" G_GINT64_FORMAT ",\"mutations\":[",
                                             t->terminal_id);
  g_autofree char *bomb = object_bomb (prefix, "]}", KASIR_PROTOCOL_MAX_BODY - 16);
  g_autofree char *enroll_bomb = object_bomb ("[", "]", KASIR_PROTOCOL_MAX_BODY - 16);
  g_autofree char *twice = g_strdup_printf ("{\"terminal_id\":%" G_GINT64_FORMAT ",\"terminal_id\":99,"
                                            "\"mutations\":[]}", t->terminal_id);
  g_autofree char *small_enroll = object_bomb ("[", "]", 5000);
  guint status;

  status = raw_request (fx->url, NULL, "POST", "/api/v1/sync/push", t->token, bomb, strlen (bomb));
  g_assert_cmpuint (status, ==, 413);
  /* Without a valid token, or at the enrollment door, the server decides on the headers
   * and reads no more than 64 KiB of what follows: it hangs up on 8 MiB (a server that
   * read it all would answer), and answers a small one. */
  status = raw_request (fx->url, NULL, "POST", "/api/v1/sync/push", "not-a-token", bomb, strlen (bomb));
  g_assert_cmpuint (status, ==, 0);
  status = raw_request (fx->url, NULL, "POST", "/api/v1/sync/push", NULL, bomb, strlen (bomb));
  g_assert_cmpuint (status, ==, 0);
  status = raw_request (fx->url, NULL, "POST", "/api/v1/sync/push", "not-a-token", twice, strlen (twice));
  g_assert_cmpuint (status, ==, 401);
  status = raw_request (fx->url, NULL, "POST", "/api/v1/enroll", NULL, enroll_bomb, strlen (enroll_bomb));
  g_assert_cmpuint (status, ==, 0);
  status = raw_request (fx->url, NULL, "POST", "/api/v1/enroll", NULL, small_enroll, strlen (small_enroll));
  g_assert_cmpuint (status, ==, 413);
  status = raw_request (fx->url, NULL, "POST", "/api/v1/sync/push", t->token, twice, strlen (twice));
  g_assert_cmpuint (status, ==, 400);

  after = data_digest (fx);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (db_int (fx, "SELECT last_seq FROM terminals WHERE id = 1"), ==, 0);
  assert_till_still_syncs (fx);
  server_fixture_free (fx);
}

/* ---- Connections ---- */

/* Every connection a peer closes is let go: the count goes back to zero. */
static guint
open_descriptors (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
test_connections_released (void)
{
  ServerFixture *fx = server_fixture_new ();
  guint fds_before;

  g_assert_true (health_ok (fx));
  fds_before = open_descriptors ();

  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(GSocket) socket = raw_connect (fx, NULL);
      const char *request = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n";

      g_assert_cmpint (g_socket_send (socket, request, strlen (request), NULL, NULL), >, 0);
      if (i % 2 == 0)
        {
          char buffer[1024];
          g_assert_cmpint (g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL), >, 0);
        }
      g_socket_close (socket, NULL);
    }
  /* Half of the peers hung up before their answer: their descriptors are closed too
   * (the test's own session keeps one connection). */
  g_assert_true (wait_for_connections (fx, 1, 10));
  g_assert_cmpuint (open_descriptors (), <=, fds_before);
  g_assert_true (health_ok (fx));
  server_fixture_free (fx);
}

/* ---- Mutations ---- */

/* One mutation from its payload text; the text is a printf format. */
static KasirMutation *
mutation_from (TestTerminal      *t,
               KasirMutationType  type,
               const char        *format,
               ...) G_GNUC_PRINTF (3, 4);

static KasirMutation *
mutation_from (TestTerminal      *t,
               KasirMutationType  type,
               const char        *format,
               ...)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *payload;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  payload = json_from_string (text, &error);
  g_assert_no_error (error);
  return make_mutation (t, type, payload);
}

static void
assert_rejected (KasirPushResult *r,
                 const char      *reason_prefix,
                 const char      *what)
{
  if (r->status != KASIR_RESULT_REJECTED || !g_str_has_prefix (r->reason ? r->reason : "", reason_prefix))
    g_error ("%s: expected a rejection \"%s...\", got status %d reason \"%s\"", what, reason_prefix,
             r->status, r->reason ? r->reason : "");
  /* Nothing of the other outlet's people is ever named. */
  for (guint i = 0; i < G_N_ELEMENTS (fixture_staff); i++)
    if (fixture_staff[i].outlet == 2)
      g_assert_null (strstr (r->reason, fixture_staff[i].name));
}

typedef struct
{
  const char        *what;
  KasirMutationType  type;
  const char        *payload;  /* printf format: %s the time, %s a fresh uuid (in order) */
  const char        *reason;   /* the rejection's code word */
} PoisonCase;

/* Extreme values in every mutation type, from a manager of the terminal's own outlet:
 * each is rejected with a reason; none may hold the queue or change anything. */
static const PoisonCase poison_cases[] = {
  { "delta INT64_MIN", KASIR_MUTATION_STOCK_ADJUST,
    "{\"product_id\":1,\"delta\":-9223372036854775808,\"reason\":\"x\",\"staff_id\":1,\"t\":\"%s\",\"u\":\"%s\"}",
    "invalid stock.adjust" },
  { "delta INT64_MAX", KASIR_MUTATION_STOCK_ADJUST,
    "{\"product_id\":1,\"delta\":9223372036854775807,\"reason\":\"x\",\"staff_id\":1,\"t\":\"%s\",\"u\":\"%s\"}",
    "invalid stock.adjust" },
  { "delta past the bound", KASIR_MUTATION_STOCK_ADJUST,
    "{\"product_id\":1,\"delta\":1000000001,\"reason\":\"x\",\"staff_id\":1,\"t\":\"%s\",\"u\":\"%s\"}",
    "invalid stock.adjust" },
  { "counted stock INT64_MIN", KASIR_MUTATION_CONFLICT_RESOLVE,
    "{\"conflict_id\":1,\"expected_version\":1,\"decision\":\"counted_stock\",\"note\":\"%s\","
    "\"staff_id\":1,\"values\":{\"qty\":-9223372036854775808},\"u\":\"%s\"}",
    "invalid conflict.resolve" },
  { "counted stock INT64_MAX", KASIR_MUTATION_CONFLICT_RESOLVE,
    "{\"conflict_id\":1,\"expected_version\":1,\"decision\":\"counted_stock\",\"note\":\"%s\","
    "\"staff_id\":1,\"values\":{\"qty\":9223372036854775807},\"u\":\"%s\"}",
    "invalid conflict.resolve" },
  { "sale qty INT64_MAX", KASIR_MUTATION_SALE_CREATE,
    "{\"sale_id\":\"%2$s\",\"receipt_no\":\"1-000001\",\"shift_id\":null,\"staff_id\":2,"
    "\"customer_id\":null,\"currency\":\"IDR\",\"lines\":[{\"product_id\":1,\"qty\":9223372036854775807,"
    "\"unit_price\":1,\"price_version\":1,\"discount\":0,\"tax\":0,\"total\":1}],"
    "\"payments\":[{\"method\":\"cash\",\"amount\":1}],\"subtotal\":1,\"discount\":0,\"fee\":0,"
    "\"tax\":0,\"total\":1,\"change\":0,\"loyalty_redeemed\":0,\"created_at\":\"%1$s\"}",
    "invalid sale" },
  { "sale total past the bound", KASIR_MUTATION_SALE_CREATE,
    "{\"sale_id\":\"%2$s\",\"receipt_no\":\"1-000002\",\"shift_id\":null,\"staff_id\":2,"
    "\"customer_id\":null,\"currency\":\"IDR\",\"lines\":[{\"product_id\":1,\"qty\":1,"
    "\"unit_price\":1000000000000001,\"price_version\":1,\"discount\":0,\"tax\":0,"
    "\"total\":1000000000000001}],\"payments\":[{\"method\":\"cash\",\"amount\":1000000000000001}],"
    "\"subtotal\":1000000000000001,\"discount\":0,\"fee\":0,\"tax\":0,\"total\":1000000000000001,"
    "\"change\":0,\"loyalty_redeemed\":0,\"created_at\":\"%1$s\"}",
    "invalid sale" },
  { "refund qty INT64_MAX", KASIR_MUTATION_SALE_REFUND,
    "{\"refund_id\":\"%2$s\",\"sale_id\":\"%2$s\",\"reason\":\"r\",\"staff_id\":2,"
    "\"lines\":[{\"product_id\":1,\"qty\":9223372036854775807,\"amount\":1}],"
    "\"payments\":[{\"method\":\"cash\",\"amount\":1}],\"total\":1,\"created_at\":\"%1$s\"}",
    "invalid refund" },
  { "opening float INT64_MAX", KASIR_MUTATION_SHIFT_OPEN,
    "{\"shift_id\":\"%2$s\",\"staff_id\":2,\"opening_float\":9223372036854775807,"
    "\"opened_at\":\"%1$s\"}",
    "invalid shift.open" },
  { "counted cash INT64_MAX", KASIR_MUTATION_SHIFT_CLOSE,
    "{\"shift_id\":\"%2$s\",\"staff_id\":2,\"closed_at\":\"%1$s\","
    "\"counted\":[{\"method\":\"cash\",\"amount\":9223372036854775807}],\"expected\":[]}",
    "invalid shift.close" },
  { "price INT64_MAX", KASIR_MUTATION_PRODUCT_UPDATE,
    "{\"product_id\":1,\"base_version\":1,\"staff_id\":1,\"fields\":{\"price\":9223372036854775807},"
    "\"t\":\"%s\",\"u\":\"%s\"}",
    "invalid product.update" },
  { "unknown category", KASIR_MUTATION_PRODUCT_UPDATE,
    "{\"product_id\":1,\"base_version\":1,\"staff_id\":1,\"fields\":{\"category_id\":999999},"
    "\"t\":\"%s\",\"u\":\"%s\"}",
    "unknown_category" },
  { "customer without staff", KASIR_MUTATION_CUSTOMER_UPSERT,
    "{\"customer_id\":0,\"client_id\":\"%2$s\",\"base_version\":0,\"fields\":{\"name\":\"%1$s\"}}",
    "invalid customer.upsert" },
  { "refund without staff", KASIR_MUTATION_SALE_REFUND,
    "{\"refund_id\":\"%2$s\",\"sale_id\":\"%2$s\",\"reason\":\"%1$s\","
    "\"lines\":[{\"product_id\":1,\"qty\":1,\"amount\":1}],"
    "\"payments\":[{\"method\":\"cash\",\"amount\":1}],\"total\":1,\"created_at\":\"2026-12-02T00:00:00Z\"}",
    "invalid refund" },
};

static void
test_poison_mutations (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t = enroll_terminal (fx, 1);
  g_autofree char *before = data_digest (fx);
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (poison_cases); i++)
    {
      const PoisonCase *c = &poison_cases[i];
      g_autofree char *now = kasir_now_rfc3339 ();
      g_autofree char *uuid = kasir_uuid_new ();
      g_autoptr(KasirPushResult) r = NULL;

      g_test_message ("poison: %s", c->what);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
      r = push_one (fx, t, mutation_from (t, c->type, c->payload, now, uuid));
#pragma GCC diagnostic pop
      assert_rejected (r, c->reason, c->what);
    }
  /* Rejected mutations leave only their stored results. */
  after = data_digest (fx);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (db_int (fx, "SELECT last_seq FROM terminals WHERE id = 1"), ==,
                   (gint64) G_N_ELEMENTS (poison_cases));

  /* Levels at the edge of what the protocol carries (as a million full deltas would
   * make them): a delta past the edge is refused, and a sale there keeps the level and
   * opens a conflict instead of failing the batch. */
  {
    g_autoptr(KasirPushResult) r = NULL;
    g_autoptr(KasirSale) sale = NULL;
    gint64 ids[] = { 1 };
    gint64 prices[] = { 3500 };

    db_exec (fx, "UPDATE stock SET qty = 999999999999995 WHERE product_id = 1 AND outlet_id = 1");
    db_exec (fx, "UPDATE stock SET qty = -999999999999995 WHERE product_id = 3 AND outlet_id = 1");
    r = push_one (fx, t, mutation_from (t, KASIR_MUTATION_STOCK_ADJUST,
                                        "{\"product_id\":1,\"delta\":10,\"reason\":\"x\",\"staff_id\":%d}",
                                        STAFF_MANAGER_1));
    assert_rejected (r, "out_of_range", "a level past the edge");
    g_assert_cmpint (db_int (fx, "SELECT qty FROM stock WHERE product_id = 1 AND outlet_id = 1"), ==,
                     G_GINT64_CONSTANT (999999999999995));
    ids[0] = 3;
    prices[0] = 9500;
    sale = make_sale (ids, prices, NULL, 10, 1);
    g_clear_pointer (&r, kasir_push_result_free);
    r = push_one (fx, t, make_sale_mutation (t, sale));
    g_assert_cmpint (r->status, ==, KASIR_RESULT_APPLIED_WITH_CONFLICTS);
    g_assert_cmpint (db_int (fx, "SELECT qty FROM stock WHERE product_id = 3 AND outlet_id = 1"), ==,
                     G_GINT64_CONSTANT (-999999999999995));
  }
  /* The same terminal, and every other till of the outlet, go on selling. */
  assert_till_still_syncs (fx);
  server_fixture_free (fx);
}

/* ---- Roles and scope ---- */

typedef struct
{
  ServerFixture *fx;
  TestTerminal  *t;       /* outlet 1 */
  TestTerminal  *u;       /* outlet 2 */
  char          *sale_1;  /* a sale of outlet 1, of product 4 */
  char          *shift_1; /* an open shift of outlet 1 */
  gint64         conflict_1;
  char          *sale_2;
  char          *shift_2;
  gint64         conflict_2;
  gint64         customer_2;
} Scope;

/* A sale of @qty units of @product at the fixture's price, by @staff. */
static char *
sell (Scope        *scope,
      TestTerminal *t,
      gint64        product,
      gint64        price,
      gint64        qty,
      gint64        staff)
{
  gint64 ids[] = { product };
  gint64 prices[] = { price };
  g_autoptr(KasirSale) sale = make_sale (ids, prices, NULL, qty, 1);
  g_autoptr(KasirPushResult) r = NULL;

  sale->staff_id = staff;
  r = push_one (scope->fx, t, make_sale_mutation (t, sale));
  g_assert_cmpint (r->status, !=, KASIR_RESULT_REJECTED);
  return g_strdup (sale->sale_id);
}

static char *
open_shift (Scope        *scope,
            TestTerminal *t,
            gint64        staff)
{
  g_autofree char *now = kasir_now_rfc3339 ();
  char *id = kasir_uuid_new ();
  g_autoptr(KasirPushResult) r =
    push_one (scope->fx, t, mutation_from (t, KASIR_MUTATION_SHIFT_OPEN,
                                           "{\"shift_id\":\"%s\",\"staff_id\":%" G_GINT64_FORMAT
                                           ",\"opening_float\":100000,\"opened_at\":\"%s\"}",
                                           id, staff, now));

  g_assert_cmpint (r->status, ==, KASIR_RESULT_APPLIED);
  return id;
}

static void
scope_set_up (Scope *scope)
{
  g_autofree char *client = kasir_uuid_new ();
  g_autoptr(KasirPushResult) r = NULL;
  g_autofree char *sale = NULL;

  scope->fx = server_fixture_new ();
  scope->t = enroll_terminal (scope->fx, 1);
  scope->u = enroll_terminal (scope->fx, 2);
  scope->sale_1 = sell (scope, scope->t, 4, 3200, 1, STAFF_CASHIER_1);
  scope->shift_1 = open_shift (scope, scope->t, STAFF_CASHIER_1);
  sale = sell (scope, scope->t, 2, 4000, 3, STAFF_CASHIER_1);   /* product 2 has 1 in stock */
  scope->conflict_1 = db_int (scope->fx, "SELECT max(id) FROM conflicts WHERE outlet_id = 1");
  scope->sale_2 = sell (scope, scope->u, 4, 3200, 1, STAFF_CASHIER_2);
  scope->shift_2 = open_shift (scope, scope->u, STAFF_CASHIER_2);
  g_clear_pointer (&sale, g_free);
  sale = sell (scope, scope->u, 2, 4000, 3, STAFF_CASHIER_2);
  scope->conflict_2 = db_int (scope->fx, "SELECT max(id) FROM conflicts WHERE outlet_id = 2");
  r = push_one (scope->fx, scope->u,
                mutation_from (scope->u, KASIR_MUTATION_CUSTOMER_UPSERT,
                               "{\"customer_id\":0,\"client_id\":\"%s\",\"base_version\":0,"
                               "\"staff_id\":%d,\"fields\":{\"name\":\"Pelanggan Dua\"}}",
                               client, STAFF_CASHIER_2));
  g_assert_cmpint (r->status, ==, KASIR_RESULT_APPLIED);
  scope->customer_2 = db_int (scope->fx, "SELECT id FROM customers WHERE outlet_id = 2");
  g_assert_cmpint (scope->conflict_1, >, 0);
  g_assert_cmpint (scope->conflict_2, >, scope->conflict_1);
  g_assert_cmpint (scope->customer_2, >, 0);
}

static void
scope_tear_down (Scope *scope)
{
  test_terminal_free (scope->t);
  test_terminal_free (scope->u);
  g_free (scope->sale_1);
  g_free (scope->shift_1);
  g_free (scope->sale_2);
  g_free (scope->shift_2);
  server_fixture_free (scope->fx);
}

/* The payload of @type by @staff against outlet 1's entities (or, with @foreign, outlet
 * 2's). */
static KasirMutation *
scoped_mutation (Scope             *scope,
                 KasirMutationType  type,
                 gint64             staff,
                 gboolean           foreign)
{
  TestTerminal *t = scope->t;
  g_autofree char *now = kasir_now_rfc3339 ();
  g_autofree char *uuid = kasir_uuid_new ();
  const char *sale = foreign ? scope->sale_2 : scope->sale_1;
  const char *shift = foreign ? scope->shift_2 : scope->shift_1;
  gint64 conflict = foreign ? scope->conflict_2 : scope->conflict_1;

  switch (type)
    {
    case KASIR_MUTATION_PRODUCT_UPDATE:
      return mutation_from (t, type, "{\"product_id\":1,\"base_version\":1,\"staff_id\":%" G_GINT64_FORMAT
                            ",\"fields\":{\"price\":1}}", staff);
    case KASIR_MUTATION_STOCK_ADJUST:
      return mutation_from (t, type, "{\"product_id\":1,\"delta\":5,\"reason\":\"x\",\"staff_id\":%"
                            G_GINT64_FORMAT "}", staff);
    case KASIR_MUTATION_CONFLICT_RESOLVE:
      return mutation_from (t, type, "{\"conflict_id\":%" G_GINT64_FORMAT ",\"expected_version\":1,"
                            "\"decision\":\"counted_stock\",\"note\":\"n\",\"staff_id\":%" G_GINT64_FORMAT
                            ",\"values\":{\"qty\":3}}", conflict, staff);
    case KASIR_MUTATION_SHIFT_OPEN:
      return mutation_from (t, type, "{\"shift_id\":\"%s\",\"staff_id\":%" G_GINT64_FORMAT
                            ",\"opening_float\":100,\"opened_at\":\"%s\"}", foreign ? shift : uuid,
                            staff, now);
    case KASIR_MUTATION_SHIFT_CLOSE:
      return mutation_from (t, type, "{\"shift_id\":\"%s\",\"staff_id\":%" G_GINT64_FORMAT
                            ",\"closed_at\":\"%s\",\"counted\":[{\"method\":\"cash\",\"amount\":0}],"
                            "\"expected\":[{\"method\":\"cash\",\"amount\":0}]}", shift, staff, now);
    case KASIR_MUTATION_SALE_REFUND:
      return mutation_from (t, type, "{\"refund_id\":\"%s\",\"sale_id\":\"%s\",\"reason\":\"r\","
                            "\"staff_id\":%" G_GINT64_FORMAT ",\"lines\":[{\"product_id\":4,\"qty\":1,"
                            "\"amount\":3200}],\"payments\":[{\"method\":\"cash\",\"amount\":3200}],"
                            "\"total\":3200,\"created_at\":\"%s\"}", uuid, sale, staff, now);
    case KASIR_MUTATION_CUSTOMER_UPSERT:
      if (foreign)
        return mutation_from (t, type, "{\"customer_id\":%" G_GINT64_FORMAT ",\"client_id\":\"%s\","
                              "\"base_version\":1,\"staff_id\":%" G_GINT64_FORMAT
                              ",\"fields\":{\"phone\":\"0811\"}}", scope->customer_2, uuid, staff);
      return mutation_from (t, type, "{\"customer_id\":0,\"client_id\":\"%s\",\"base_version\":0,"
                            "\"staff_id\":%" G_GINT64_FORMAT ",\"fields\":{\"name\":\"Evil\"}}",
                            uuid, staff);
    case KASIR_MUTATION_SALE_CREATE:
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

static const KasirMutationType checked_types[] = {
  KASIR_MUTATION_PRODUCT_UPDATE, KASIR_MUTATION_STOCK_ADJUST, KASIR_MUTATION_CONFLICT_RESOLVE,
  KASIR_MUTATION_SHIFT_OPEN, KASIR_MUTATION_SHIFT_CLOSE, KASIR_MUTATION_SALE_REFUND,
  KASIR_MUTATION_CUSTOMER_UPSERT,
};

/* Each mutation type with each wrong person: a cashier where a manager is needed,
 * another outlet's manager and cashier, and someone the server never heard of. */
static void
test_forged_roles (void)
{
  Scope scope = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  scope_set_up (&scope);
  before = data_digest (scope.fx);
  for (guint i = 0; i < G_N_ELEMENTS (checked_types); i++)
    {
      KasirMutationType type = checked_types[i];
      gboolean manager_only = type == KASIR_MUTATION_PRODUCT_UPDATE
                              || type == KASIR_MUTATION_STOCK_ADJUST
                              || type == KASIR_MUTATION_CONFLICT_RESOLVE;
      const struct { gint64 staff; const char *reason; } people[] = {
        { STAFF_CASHIER_1, manager_only ? "forbidden" : NULL },
        { STAFF_MANAGER_2, "unknown_staff" },
        { STAFF_CASHIER_2, "unknown_staff" },
        { 999999, "unknown_staff" },
      };

      for (guint j = 0; j < G_N_ELEMENTS (people); j++)
        {
          g_autoptr(KasirPushResult) r = NULL;
          g_autofree char *what = NULL;

          if (people[j].reason == NULL)
            continue;
          what = g_strdup_printf ("%s by staff %" G_GINT64_FORMAT, kasir_mutation_type_to_string (type),
                                  people[j].staff);
          g_test_message ("%s", what);
          r = push_one (scope.fx, scope.t, scoped_mutation (&scope, type, people[j].staff, FALSE));
          assert_rejected (r, people[j].reason, what);
        }
    }
  after = data_digest (scope.fx);
  g_assert_cmpstr (before, ==, after);

  /* The right person is let through, so the table above tested the person alone. */
  for (guint i = 0; i < G_N_ELEMENTS (checked_types); i++)
    {
      KasirMutationType type = checked_types[i];
      g_autoptr(KasirPushResult) r =
        push_one (scope.fx, scope.t, scoped_mutation (&scope, type, STAFF_MANAGER_1, FALSE));

      if (r->status == KASIR_RESULT_REJECTED)
        g_error ("%s by the outlet's manager was rejected: %s", kasir_mutation_type_to_string (type),
                 r->reason);
    }
  assert_till_still_syncs (scope.fx);
  scope_tear_down (&scope);
}

/* Other outlets' sales, shifts, customers and conflicts read as unknown; a sale that
 * names them is kept without them. */
static void
test_foreign_ids (void)
{
  Scope scope = { 0 };
  static const struct { KasirMutationType type; const char *reason; } foreign[] = {
    { KASIR_MUTATION_CONFLICT_RESOLVE, "unknown_conflict" },
    { KASIR_MUTATION_SHIFT_OPEN, "invalid shift.open" },
    { KASIR_MUTATION_SHIFT_CLOSE, "unknown_shift" },
    { KASIR_MUTATION_SALE_REFUND, "unknown_sale" },
    { KASIR_MUTATION_CUSTOMER_UPSERT, "unknown_customer" },
  };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *points_sql = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(KasirPushResult) r = NULL;
  gint64 ids[] = { 3 };
  gint64 prices[] = { 9500 };
  gint64 points;

  scope_set_up (&scope);
  before = data_digest (scope.fx);
  for (guint i = 0; i < G_N_ELEMENTS (foreign); i++)
    {
      g_autoptr(KasirPushResult) fr =
        push_one (scope.fx, scope.t, scoped_mutation (&scope, foreign[i].type, STAFF_MANAGER_1, TRUE));

      assert_rejected (fr, foreign[i].reason, kasir_mutation_type_to_string (foreign[i].type));
    }
  after = data_digest (scope.fx);
  g_assert_cmpstr (before, ==, after);

  /* A sale naming outlet 2's cashier, customer (with points tendered) and shift. */
  points_sql = g_strdup_printf ("SELECT loyalty_points FROM customers WHERE id = %" G_GINT64_FORMAT,
                                scope.customer_2);
  points = db_int (scope.fx, points_sql);
  sale = make_sale (ids, prices, NULL, 1, 1);
  sale->staff_id = STAFF_CASHIER_2;
  sale->customer_id = scope.customer_2;
  sale->shift_id = g_strdup (scope.shift_2);
  r = push_one (scope.fx, scope.t, make_sale_mutation (scope.t, sale));
  g_assert_cmpint (r->status, ==, KASIR_RESULT_APPLIED_WITH_CONFLICTS);
  g_assert_cmpuint (r->conflict_ids->len, ==, 1);
  sql = g_strdup_printf ("SELECT count(*) FROM sales WHERE id = '%s' AND staff_id IS NULL AND "
                         "customer_id IS NULL AND shift_id IS NULL AND outlet_id = 1", sale->sale_id);
  /* Stored as NULL or 0: the till's "none". */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM sales WHERE id = '%s' AND coalesce(staff_id, 0) = 0 AND "
                         "coalesce(customer_id, 0) = 0 AND shift_id IS NULL AND outlet_id = 1",
                         sale->sale_id);
  g_assert_cmpint (db_int (scope.fx, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM conflicts WHERE id = %" G_GINT64_FORMAT " AND outlet_id = 1 "
                         "AND kind = 'unknown_reference' AND status = 'open' AND entity_id = '%s'",
                         g_array_index (r->conflict_ids, gint64, 0), sale->sale_id);
  g_assert_cmpint (db_int (scope.fx, sql), ==, 1);
  g_assert_cmpint (db_int (scope.fx, points_sql), ==, points);
  assert_till_still_syncs (scope.fx);
  scope_tear_down (&scope);
}

/* ---- Memory of a real kasir-server process ---- */

static gint64
status_kib (GPid        pid,
            const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *text = NULL;
  const char *at;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  at = strstr (text, field);
  g_assert_nonnull (at);
  return g_ascii_strtoll (at + strlen (field) + 1, NULL, 10);
}

typedef struct
{
  const char *url;
  const char *path;
  const char *token;
  const char *body;
  guint       status;
} Attack;

static gpointer
attack_thread (gpointer data)
{
  Attack *a = data;

  a->status = raw_request (a->url, NULL, "POST", a->path, a->token, a->body, strlen (a->body));
  return NULL;
}

/* Three of each attack at once: the server's peak memory stays within 100 MiB of what it
 * held idle, and a till's sale still lands. */
static void
test_memory_under_attack (void)
{
  SyncTestServer *server = sync_test_server_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *code = NULL;
  g_autofree char *enroll_body = NULL;
  g_autofree char *enroll_url = NULL;
  g_autofree char *push_prefix = NULL;
  g_autofree char *bomb = NULL;
  g_autofree char *near_cap = NULL;
  g_autofree char *enroll_bomb = NULL;
  g_autoptr(KasirEnrollResponse) enrolled = NULL;
  g_autoptr(GError) error = NULL;
  GThread *threads[12];
  Attack attacks[12];
  gint64 idle_kib, peak_kib;
  GPid pid;

  sync_test_server_start (server, 0);
  pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (server->process), NULL, 10);
  code = sync_test_server_enroll_code (server, 1);
  enroll_body = g_strdup_printf ("{\"code\":\"%s\",\"name\":\"Attacker\"}", code);
  enroll_url = g_strconcat (server->url, "/api/v1/enroll", NULL);
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", enroll_url);
    g_autoptr(GBytes) body = g_bytes_new (enroll_body, strlen (enroll_body));
    g_autoptr(GBytes) reply = NULL;
    g_autoptr(JsonNode) node = NULL;

    soup_message_set_request_body_from_bytes (msg, "application/json", body);
    reply = soup_session_send_and_read (session, msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    node = kasir_protocol_parse (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), &error);
    g_assert_no_error (error);
    enrolled = kasir_protocol_decode_enroll_response (node, &error);
    g_assert_no_error (error);
  }
  g_usleep (G_USEC_PER_SEC / 2);
  idle_kib = status_kib (pid, "VmRSS:");

  push_prefix = g_strdup_printf ("{\"terminal_id\":%" G_GINT64_FORMAT ",\"mutations\":[",
                                 enrolled->terminal_id);
  bomb = object_bomb (push_prefix, "]}", KASIR_PROTOCOL_MAX_BODY - 16);
  /* Just under the value cap: this one is parsed whole before it is refused. */
  near_cap = object_bomb (push_prefix, "]}", (KASIR_PROTOCOL_MAX_VALUES - 16) * 3);
  enroll_bomb = object_bomb ("[", "]", KASIR_PROTOCOL_MAX_BODY - 16);
  for (guint i = 0; i < G_N_ELEMENTS (attacks); i++)
    {
      Attack *a = &attacks[i];

      a->url = server->url;
      a->status = 0;
      switch (i % 4)
        {
        case 0:
          a->path = "/api/v1/enroll", a->token = NULL, a->body = enroll_bomb;
          break;
        case 1:
          a->path = "/api/v1/sync/push", a->token = enrolled->token, a->body = bomb;
          break;
        case 2:
          a->path = "/api/v1/sync/push", a->token = "forged", a->body = bomb;
          break;
        default:
          a->path = "/api/v1/sync/push", a->token = enrolled->token, a->body = near_cap;
          break;
        }
      threads[i] = g_thread_new ("attack", attack_thread, a);
    }
  for (guint i = 0; i < G_N_ELEMENTS (attacks); i++)
    {
      g_thread_join (threads[i]);
      /* Refused, one way or another; never taken. */
      g_assert_true (attacks[i].status == 0 || attacks[i].status == 400 || attacks[i].status == 401
                     || attacks[i].status == 413);
    }
  peak_kib = status_kib (pid, "VmHWM:");
  g_test_message ("server RSS idle %" G_GINT64_FORMAT " KiB, peak under attack %" G_GINT64_FORMAT
                  " KiB", idle_kib, peak_kib);
  g_print ("# MEASURE server RSS idle %" G_GINT64_FORMAT " KiB, peak %" G_GINT64_FORMAT " KiB (+%"
           G_GINT64_FORMAT " KiB)\n", idle_kib, peak_kib, peak_kib - idle_kib);
  g_assert_cmpint (peak_kib - idle_kib, <, 100 * 1024);
  g_assert_cmpint (sync_test_server_query (server, "SELECT last_seq FROM terminals"), ==, 0);

  /* A sale still lands. */
  {
    ServerFixture fake = { 0 };
    TestTerminal t = { enrolled->terminal_id, enrolled->outlet_id, enrolled->token, 1 };
    gint64 ids[] = { 4 };
    gint64 prices[] = { 100 };
    g_autoptr(KasirSale) sale = make_sale (ids, prices, NULL, 1, 1);
    g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);
    g_autoptr(KasirPushResponse) resp = NULL;
    guint status;

    fake.url = server->url;
    fake.session = session;
    sale->staff_id = 2;
    g_ptr_array_add (batch, make_sale_mutation (&t, sale));
    resp = push (&fake, &t, batch, &status, NULL);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpint (((KasirPushResult *) g_ptr_array_index (resp->results, 0))->status, !=,
                     KASIR_RESULT_REJECTED);
    g_assert_cmpint (sync_test_server_query (server, "SELECT count(*) FROM sales"), ==, 1);
  }
  sync_test_server_stop (server);
  sync_test_server_free (server);
}

/* ---- A till against the limits ---- */

static gboolean
pending_is_positive (gpointer data)
{
  gint64 pending = 0;

  g_object_get (data, "pending-count", &pending, NULL);
  return pending > 0;
}

/* A server that takes only small bodies answers a till's batch 413: the till sends fewer
 * changes at a time until they go through, and every sale lands exactly once. */
static void
test_till_splits_refused_batch (void)
{
  ServerFixture *fx = server_fixture_new_full (NULL, 4096);
  g_autofree char *dir = g_dir_make_tmp ("kasir-hostile-XXXXXX", NULL);
  g_autoptr(KasirTestNetworkMonitor) monitor = kasir_test_network_monitor_new (TRUE);
  g_autoptr(KasirDatabase) db = sync_test_terminal_db (dir, "till.db", NULL);
  g_autoptr(KasirSyncService) service = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (9);
  g_autofree char *code = make_enroll_code (fx, 1, 600);
  g_autoptr(GError) error = NULL;

  service = kasir_sync_service_new (db, G_NETWORK_MONITOR (monitor), &error);
  g_assert_no_error (error);
  g_object_set (service, "heartbeat-interval", 1, "sync-interval", 1, "request-timeout", 5,
                "batch-size", 200, NULL);
  sync_test_enroll_with_code (service, fx->url, code);
  g_assert_true (sync_test_wait_drained (service, 60));

  for (guint i = 0; i < 40; i++)
    sync_test_make_sale_of (db, rand, 4);
  kasir_sync_service_outbox_changed (service);
  g_assert_true (sync_test_wait_for (pending_is_positive, service, 10));
  g_assert_true (sync_test_wait_drained (service, 60));
  g_assert_cmpint (db_int (fx, "SELECT count(*) FROM sales"), ==, 40);
  g_assert_cmpint (db_int (fx, "SELECT count(DISTINCT id) FROM sales"), ==, 40);
  g_assert_cmpint (sync_test_local_query (db, "SELECT count(*) FROM outbox WHERE state != 'acked'"),
                   ==, 0);

  kasir_sync_service_shutdown (service);
  g_clear_object (&service);
  g_clear_object (&db);
  sync_test_remove_tree (dir);
  server_fixture_free (fx);
}

static const KasirServerLimits tight_limits = { 300, 40, 2, 2 };

/* Connections that send nothing, or a request one byte at a time, are dropped once the
 * request deadline passes; meanwhile the server answers others. */
static void
test_idle_and_slow (void)
{
  ServerFixture *fx = server_fixture_new_with_limits (&tight_limits);
  g_autoptr(GPtrArray) idle = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GSocket) slow = NULL;
  const char *head = "POST /api/v1/enroll HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
  gint64 start, end;
  gboolean cut = FALSE;

  /* A kept-alive connection that goes quiet is let go too; the client reconnects. */
  g_assert_true (health_ok (fx));
  g_assert_true (wait_for_connections (fx, 0, 5));
  g_assert_true (health_ok (fx));

  for (guint i = 0; i < 10; i++)
    g_ptr_array_add (idle, raw_connect (fx, NULL));
  g_assert_true (health_ok (fx));
  for (guint i = 0; i < idle->len; i++)
    g_assert_true (closed_by_server (g_ptr_array_index (idle, i), 6));

  slow = raw_connect (fx, NULL);
  g_assert_cmpint (g_socket_send (slow, head, strlen (head), NULL, NULL), >, 0);
  start = g_get_monotonic_time ();
  end = start + 10 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end)
    {
      if (g_socket_send (slow, "x", 1, NULL, NULL) <= 0
          || (g_socket_condition_check (slow, G_IO_IN | G_IO_HUP | G_IO_ERR) != 0
              && closed_by_server (slow, 0.1)))
        {
          cut = TRUE;
          break;
        }
      g_usleep (200000);
    }
  g_assert_true (cut);
  /* Cut at the deadline (2 s), not after the whole ten. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 6 * G_USEC_PER_SEC);
  g_assert_true (health_ok (fx));
  assert_till_still_syncs (fx);
  server_fixture_free (fx);
}

/* Two thousand connections from one address: the server keeps a few of them, drops the
 * rest, and a till from another address syncs right through the flood. */
static void
test_connection_flood (void)
{
  ServerFixture *fx = server_fixture_new_with_limits (&tight_limits);
  g_autoptr(GPtrArray) flood = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GUri) uri = g_uri_parse (fx->url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_from_string ("127.0.0.1");
  g_autoptr(GSocketAddress) to = g_inet_socket_address_new (loopback, g_uri_get_port (uri));
  g_autoptr(GInetAddress) from_ip = g_inet_address_new_from_string ("127.0.0.2");
  g_autoptr(GSocketAddress) from = g_inet_socket_address_new (from_ip, 0);

  for (guint i = 0; i < 2000; i++)
    {
      GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL);

      g_assert_nonnull (socket);
      g_socket_set_blocking (socket, FALSE);
      g_assert_true (g_socket_bind (socket, from, FALSE, NULL));
      /* Non-blocking: the kernel queues what the server has not accepted yet. */
      g_socket_connect (socket, to, NULL, NULL);
      g_ptr_array_add (flood, socket);
    }
  assert_till_still_syncs (fx);
  g_assert_true (health_ok (fx));
  /* The flood's own address holds at most its share, the session one more. */
  g_assert_cmpuint (server_connections (fx), <=, tight_limits.max_per_address + 2);
  g_ptr_array_set_size (flood, 0);
  /* The session's own kept-alive connections go too: then nothing may be left. */
  soup_session_abort (fx->session);
  g_assert_true (wait_for_connections (fx, 0, 10));
  assert_till_still_syncs (fx);
  server_fixture_free (fx);
}

/* The operator sets the bounds on the command line; nonsense is refused. */
static void
test_serve_limits (void)
{
  SyncTestServer *server = sync_test_server_new ();
  g_autofree char *tool = sync_test_build_path ("src/server/kasir-server");
  g_autoptr(GError) error = NULL;

  {
    const char *argv[] = { tool, "serve", "--db", server->db_path, "--listen", "127.0.0.1:0",
                           "--insecure-http", "--request-timeout", "0", NULL };
    g_autoptr(GSubprocess) proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                                     | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
    g_autofree char *err = NULL;

    g_assert_no_error (error);
    g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, &error));
    g_assert_false (g_subprocess_get_successful (proc));
    g_assert_nonnull (strstr (err, "--request-timeout"));
  }
  {
    const char *argv[] = { tool, "serve", "--db", server->db_path, "--listen", "127.0.0.1:0",
                           "--insecure-http", "--request-timeout", "4", "--max-per-address", "2",
                           NULL };
    g_autoptr(GSubprocess) proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
    g_autoptr(GDataInputStream) lines = NULL;
    g_autofree char *line = NULL;
    ServerFixture fake = { 0 };
    GSocket *sockets[5];
    guint ok = 0, refused = 0;

    g_assert_no_error (error);
    lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
    while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, NULL)) != NULL
           && !g_str_has_prefix (line, "listening on "))
      g_clear_pointer (&line, g_free);
    g_assert_nonnull (line);
    fake.url = g_strdup (line + strlen ("listening on "));
    /* Two are taken, the other three are answered 503 with Retry-After and let go
     * after the answer; the two taken ones at the deadline. */
    for (guint i = 0; i < G_N_ELEMENTS (sockets); i++)
      {
        const char *health = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        char buffer[4096];
        gssize n;

        sockets[i] = raw_connect (&fake, NULL);
        g_assert_cmpint (g_socket_send (sockets[i], health, strlen (health), NULL, NULL), ==, strlen (health));
        g_socket_set_timeout (sockets[i], 8);
        n = g_socket_receive (sockets[i], buffer, sizeof buffer - 1, NULL, NULL);
        g_assert_cmpint (n, >, 0);
        buffer[n] = '\0';
        if (g_str_has_prefix (buffer, "HTTP/1.1 200"))
          ok++;
        else
          {
            g_assert_true (g_str_has_prefix (buffer, "HTTP/1.1 503"));
            g_assert_nonnull (strstr (buffer, "Retry-After: "));
            g_assert_true (closed_by_server (sockets[i], 8));
            refused++;
          }
      }
    g_assert_cmpuint (ok, ==, 2);
    g_assert_cmpuint (refused, ==, 3);
    for (guint i = 0; i < G_N_ELEMENTS (sockets); i++)
      {
        g_assert_true (closed_by_server (sockets[i], 8));
        g_object_unref (sockets[i]);
      }
    g_free (fake.url);
    g_subprocess_force_exit (proc);
    g_subprocess_wait (proc, NULL, NULL);
  }
  sync_test_server_free (server);
}

int
main (int   argc,
      char *argv[])
{
  struct rlimit limit;

  g_test_init (&argc, &argv, NULL);
  /* The flood cases open thousands of sockets from this process. */
  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }

  g_test_add_func ("/Kasir/Server/Hostile/poison-mutations", test_poison_mutations);
  g_test_add_func ("/Kasir/Server/Hostile/forged-roles", test_forged_roles);
  g_test_add_func ("/Kasir/Server/Hostile/foreign-ids", test_foreign_ids);
  g_test_add_func ("/Kasir/Server/Hostile/value-bombs-and-big-bodies", test_value_bombs_and_big_bodies);
  g_test_add_func ("/Kasir/Server/Hostile/memory-under-attack", test_memory_under_attack);
  g_test_add_func ("/Kasir/Server/Hostile/till-splits-refused-batch", test_till_splits_refused_batch);
  g_test_add_func ("/Kasir/Server/Hostile/connections-released", test_connections_released);
  g_test_add_func ("/Kasir/Server/Hostile/idle-and-slow", test_idle_and_slow);
  g_test_add_func ("/Kasir/Server/Hostile/connection-flood", test_connection_flood);
  g_test_add_func ("/Kasir/Server/Hostile/serve-limits", test_serve_limits);
  return g_test_run ();
}
