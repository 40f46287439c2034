/* test-server-push.c — enrollment and push over real HTTP: exactly-once, seq gaps, lost
 * responses, rejected sales.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "server-data/server-test-util.h"

static const gint64 P1 = 1, P2 = 2, P3 = 3;

static void
test_health (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(KasirHealth) health = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  reply = http_json (fx, "GET", "/api/v1/health", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  health = kasir_protocol_decode_health (reply, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (health->status, ==, "ok");
  g_assert_cmpint (health->protocol, ==, 1);
  g_assert_true (kasir_rfc3339_is_valid (health->server_time));
  server_fixture_free (fx);
}

static void
test_enroll_once (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autofree char *code = make_enroll_code (fx, 2, 600);
  g_autofree char *expired = make_enroll_code (fx, 1, -1);
  KasirEnrollRequest req = { code, (char *) "Till 1" };
  KasirEnrollRequest req_expired = { expired, (char *) "Till 2" };
  KasirEnrollRequest req_unknown = { (char *) "NOPE-NOPE-NOPE", (char *) "Till 3" };
  g_autoptr(JsonNode) body = kasir_protocol_encode_enroll_request (&req);
  g_autoptr(JsonNode) body_expired = kasir_protocol_encode_enroll_request (&req_expired);
  g_autoptr(JsonNode) body_unknown = kasir_protocol_encode_enroll_request (&req_unknown);
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) r3 = NULL;
  g_autoptr(JsonNode) r4 = NULL;
  g_autoptr(KasirEnrollResponse) resp = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *c2 = NULL, *c3 = NULL, *c4 = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  TestTerminal t = { 0 };
  g_autoptr(KasirPullResponse) page = NULL;
  guint status;

  r1 = http_json (fx, "POST", "/api/v1/enroll", NULL, body, &status);
  g_assert_cmpuint (status, ==, 200);
  resp = kasir_protocol_decode_enroll_response (r1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (resp->outlet_id, ==, 2);
  g_assert_cmpint (resp->terminal_id, >, 0);
  g_assert_cmpuint (strlen (resp->token), >=, 32);
  /* Only the token's hash is stored. */
  {
    g_autofree char *hash = kasir_token_hash (resp->token);
    g_autofree char *q1 = g_strdup_printf ("SELECT COUNT(*) FROM terminals WHERE token_hash = '%s'", hash);
    g_autofree char *q2 = g_strdup_printf ("SELECT COUNT(*) FROM terminals WHERE token_hash = '%s'",
                                           resp->token);
    g_assert_cmpint (db_int (fx, q1), ==, 1);
    g_assert_cmpint (db_int (fx, q2), ==, 0);
  }

  before = db_digest (fx);
  r2 = http_json (fx, "POST", "/api/v1/enroll", NULL, body, &status);
  g_assert_cmpuint (status, ==, 401);
  c2 = error_code_of (r2);
  g_assert_cmpstr (c2, ==, "unauthorized");
  r3 = http_json (fx, "POST", "/api/v1/enroll", NULL, body_expired, &status);
  g_assert_cmpuint (status, ==, 401);
  c3 = error_code_of (r3);
  g_assert_cmpstr (c3, ==, "unauthorized");
  r4 = http_json (fx, "POST", "/api/v1/enroll", NULL, body_unknown, &status);
  g_assert_cmpuint (status, ==, 401);
  c4 = error_code_of (r4);
  g_assert_cmpstr (c4, ==, "unauthorized");
  after = db_digest (fx);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM terminals"), ==, 1);

  /* The token works. */
  t.terminal_id = resp->terminal_id;
  t.outlet_id = resp->outlet_id;
  t.token = resp->token;
  page = pull (fx, &t, 0, 10);
  g_assert_cmpuint (page->changes->len, >, 0);
  server_fixture_free (fx);
}

/* Enrolls a till of @outlet asking for @wanted; returns the name the server gave. */
static char *
enrolled_name (ServerFixture *fx,
               gint64         outlet,
               const char    *wanted)
{
  g_autofree char *code = make_enroll_code (fx, outlet, 600);
  KasirEnrollRequest req = { code, (char *) wanted };
  g_autoptr(JsonNode) body = kasir_protocol_encode_enroll_request (&req);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(KasirEnrollResponse) resp = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *query = NULL;
  guint status;

  reply = http_json (fx, "POST", "/api/v1/enroll", NULL, body, &status);
  g_assert_cmpuint (status, ==, 200);
  resp = kasir_protocol_decode_enroll_response (reply, &error);
  g_assert_no_error (error);
  g_assert_nonnull (resp->name);
  /* The name answered is the name stored. */
  query = g_strdup_printf ("SELECT COUNT(*) FROM terminals WHERE id = %" G_GINT64_FORMAT
                           " AND name = '%s'", resp->terminal_id, resp->name);
  g_assert_cmpint (db_int (fx, query), ==, 1);
  return g_strdup (resp->name);
}

static void
test_enroll_names (void)
{
  ServerFixture *fx = server_fixture_new ();
  const struct { gint64 outlet; const char *wanted, *given; } cases[] = {
    { 1, "Till 1", "Till 1" },
    { 1, "Till 1", "Till 2" },      /* the default asked for twice */
    { 1, "Till 1", "Till 3" },
    { 1, "Till 7", "Till 7" },      /* a free name is kept */
    { 1, "Till 7", "Till 8" },
    { 1, "Kasir depan", "Kasir depan" },
    { 1, "Kasir depan", "Kasir depan 2" },
    { 2, "Till 1", "Till 1" },      /* names are per outlet */
    { 2, "Till 2", "Till 2" },
    { 2, "Till 1", "Till 3" },      /* the first free one after it */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *given = enrolled_name (fx, cases[i].outlet, cases[i].wanted);

      g_assert_cmpstr (given, ==, cases[i].given);
    }
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM terminals"), ==, G_N_ELEMENTS (cases));
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM (SELECT outlet_id, name FROM terminals"
                               " GROUP BY outlet_id, name) AS t"), ==, G_N_ELEMENTS (cases));
  server_fixture_free (fx);
}

static GPtrArray *
three_sales (TestTerminal *t)
{
  GPtrArray *batch = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);
  gint64 ids[] = { P1, P3 };
  gint64 prices[] = { 3500, 9500 };

  for (int i = 0; i < 3; i++)
    {
      g_autoptr(KasirSale) sale = make_sale (ids, prices, NULL, 1 + i, 2);
      g_ptr_array_add (batch, make_sale_mutation (t, sale));
    }
  return batch;
}

static void
assert_same_results (KasirPushResponse *a,
                     KasirPushResponse *b)
{
  g_assert_cmpuint (a->results->len, ==, b->results->len);
  g_assert_cmpint (a->last_seq, ==, b->last_seq);
  for (guint i = 0; i < a->results->len; i++)
    {
      KasirPushResult *x = g_ptr_array_index (a->results, i);
      KasirPushResult *y = g_ptr_array_index (b->results, i);
      g_assert_cmpint (x->seq, ==, y->seq);
      g_assert_cmpint (x->status, ==, y->status);
      g_assert_cmpstr (x->reason, ==, y->reason);
      g_assert_cmpuint (x->conflict_ids->len, ==, y->conflict_ids->len);
      for (guint k = 0; k < x->conflict_ids->len; k++)
        g_assert_cmpint (g_array_index (x->conflict_ids, gint64, k), ==,
                         g_array_index (y->conflict_ids, gint64, k));
    }
}

static void
test_push_twice (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t = enroll_terminal (fx, 1);
  g_autoptr(GPtrArray) batch = three_sales (t);
  g_autoptr(KasirPushResponse) first = NULL;
  g_autoptr(KasirPushResponse) second = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint status;

  first = push (fx, t, batch, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (first->last_seq, ==, 3);
  g_assert_cmpuint (first->results->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (((KasirPushResult *) g_ptr_array_index (first->results, i))->status, ==,
                     KASIR_RESULT_APPLIED);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM sales"), ==, 3);
  /* 1 + 2 + 3 units of product 1 sold from 10. */
  g_assert_cmpint (db_int (fx, "SELECT qty FROM stock WHERE product_id = 1 AND outlet_id = 1"), ==, 4);

  before = db_digest (fx);
  second = push (fx, t, batch, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  assert_same_results (first, second);
  after = db_digest (fx);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM sales"), ==, 3);

  /* An empty push asks only for last_seq. */
  {
    g_autoptr(GPtrArray) empty = g_ptr_array_new ();
    g_autoptr(KasirPushResponse) third = push (fx, t, empty, &status, NULL);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpint (third->last_seq, ==, 3);
    g_assert_cmpuint (third->results->len, ==, 0);
  }
  server_fixture_free (fx);
}

/* The server commits a push but the terminal never sees the answer: the connection is
 * gone before the response is read. The terminal resends; nothing is applied twice. */
static void
test_lost_response (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t = enroll_terminal (fx, 1);
  g_autoptr(GPtrArray) batch = three_sales (t);
  g_autoptr(GPtrArray) first_two = g_ptr_array_new ();
  g_autoptr(KasirPushResponse) resp = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = g_uri_parse (fx->url, G_URI_FLAGS_NONE, NULL);
  KasirPushRequest req = { t->terminal_id, first_two };
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *text = NULL;
  g_autofree char *request = NULL;
  guint status;
  int waited = 0;

  g_ptr_array_add (first_two, g_ptr_array_index (batch, 0));
  g_ptr_array_add (first_two, g_ptr_array_index (batch, 1));
  body = kasir_protocol_encode_push_request (&req);
  text = kasir_protocol_to_string (body, NULL);
  request = g_strdup_printf ("POST /api/v1/sync/push HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                             "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
                             t->token, strlen (text), text);
  conn = g_socket_client_connect_to_host (client, "127.0.0.1", g_uri_get_port (uri), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)),
                                            request, strlen (request), NULL, NULL, &error));
  g_assert_no_error (error);
  /* Hang up without reading a byte of the answer. */
  g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);

  while (db_int (fx, "SELECT last_seq FROM terminals") < 2 && waited++ < 500)
    g_usleep (10000);
  g_assert_cmpint (db_int (fx, "SELECT last_seq FROM terminals"), ==, 2);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM sales"), ==, 2);

  /* The outbox still holds 1 and 2, and now 3 as well. */
  resp = push (fx, t, batch, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (resp->last_seq, ==, 3);
  g_assert_cmpuint (resp->results->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      KasirPushResult *r = g_ptr_array_index (resp->results, i);
      g_assert_cmpint (r->seq, ==, i + 1);
      g_assert_cmpint (r->status, ==, KASIR_RESULT_APPLIED);
    }
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM sales"), ==, 3);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM sale_lines"), ==, 6);
  g_assert_cmpint (db_int (fx, "SELECT qty FROM stock WHERE product_id = 1 AND outlet_id = 1"), ==, 4);
  server_fixture_free (fx);
}

static void
test_seq_gap (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t = enroll_terminal (fx, 1);
  g_autoptr(GPtrArray) batch = three_sales (t);
  g_autoptr(GPtrArray) one = g_ptr_array_new ();
  g_autoptr(GPtrArray) three = g_ptr_array_new ();
  g_autoptr(KasirPushResponse) resp = NULL;
  g_autoptr(KasirPushResponse) gap = NULL;
  g_autoptr(JsonNode) raw = NULL;
  g_autoptr(KasirProtocolErrorBody) err = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint status;

  g_ptr_array_add (one, g_ptr_array_index (batch, 0));
  g_ptr_array_add (three, g_ptr_array_index (batch, 2));
  resp = push (fx, t, one, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (resp->last_seq, ==, 1);

  before = db_digest (fx);
  gap = push (fx, t, three, &status, &raw);
  g_assert_null (gap);
  g_assert_cmpuint (status, ==, 409);
  err = kasir_protocol_decode_error (raw, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (err->code, ==, "seq_gap");
  g_assert_cmpint (err->expected_seq, ==, 2);
  after = db_digest (fx);
  g_assert_cmpstr (before, ==, after);
  server_fixture_free (fx);
}

/* A sale whose sums are wrong is a terminal bug: rejected with a reason, last_seq still
 * advances so the queue is not blocked, and the mutation stays on record. */
static void
test_rejected_sale (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t = enroll_terminal (fx, 1);
  gint64 ids[] = { P2 };
  gint64 prices[] = { 4000 };
  g_autoptr(KasirSale) bad = make_sale (ids, prices, NULL, 1, 1);
  g_autoptr(KasirSale) good = make_sale (ids, prices, NULL, 1, 1);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);
  g_autoptr(KasirPushResponse) resp = NULL;
  KasirMutation *m;
  KasirPushResult *r;
  guint status;

  m = make_sale_mutation (t, bad);
  /* Corrupt the total after encoding, as a buggy terminal would. */
  json_object_set_int_member (json_node_get_object (m->payload), "total", 3999);
  g_ptr_array_add (batch, m);
  g_ptr_array_add (batch, make_sale_mutation (t, good));
  resp = push (fx, t, batch, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (resp->last_seq, ==, 2);
  r = g_ptr_array_index (resp->results, 0);
  g_assert_cmpint (r->status, ==, KASIR_RESULT_REJECTED);
  g_assert_nonnull (r->reason);
  g_assert_nonnull (strstr (r->reason, "sale"));
  r = g_ptr_array_index (resp->results, 1);
  g_assert_cmpint (r->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM sales"), ==, 1);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM push_results WHERE status = 'rejected' "
                           "AND payload IS NOT NULL"), ==, 1);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM audit_log WHERE action = 'mutation.rejected'"), ==, 1);
  /* Only the good sale took stock. */
  g_assert_cmpint (db_int (fx, "SELECT qty FROM stock WHERE product_id = 2 AND outlet_id = 1"), ==, 0);
  server_fixture_free (fx);
}

/* How a sale is served reaches the server with it (both backends); a sale without one
 * has no row, and an order type the protocol does not know rejects the sale. */
static void
test_order_types (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t = enroll_terminal (fx, 1);
  gint64 ids[] = { P2 };
  gint64 prices[] = { 4000 };
  g_autoptr(KasirSale) dine_in = make_sale (ids, prices, NULL, 1, 1);
  g_autoptr(KasirSale) plain = make_sale (ids, prices, NULL, 1, 1);
  g_autoptr(KasirSale) bogus = make_sale (ids, prices, NULL, 1, 1);
  g_autoptr(KasirSale) delivery = make_sale (ids, prices, NULL, 1, 1);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);
  g_autoptr(KasirPushResponse) resp = NULL;
  g_autofree char *ref = NULL;
  KasirMutation *m;
  guint status;

  dine_in->order_type = g_strdup ("dine_in");
  dine_in->order_ref = g_strdup ("Meja 4");
  delivery->order_type = g_strdup ("delivery");
  g_ptr_array_add (batch, make_sale_mutation (t, dine_in));
  g_ptr_array_add (batch, make_sale_mutation (t, plain));
  m = make_sale_mutation (t, bogus);
  json_object_set_string_member (json_node_get_object (m->payload), "order_type", "drive_thru");
  g_ptr_array_add (batch, m);
  g_ptr_array_add (batch, make_sale_mutation (t, delivery));
  resp = push (fx, t, batch, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  /* Applied (with a stock conflict once the shelf runs out). */
  g_assert_cmpint (((KasirPushResult *) resp->results->pdata[0])->status, !=, KASIR_RESULT_REJECTED);
  g_assert_cmpint (((KasirPushResult *) resp->results->pdata[1])->status, !=, KASIR_RESULT_REJECTED);
  g_assert_cmpint (((KasirPushResult *) resp->results->pdata[2])->status, ==, KASIR_RESULT_REJECTED);
  g_assert_nonnull (strstr (((KasirPushResult *) resp->results->pdata[2])->reason, "order type"));
  g_assert_cmpint (((KasirPushResult *) resp->results->pdata[3])->status, !=, KASIR_RESULT_REJECTED);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM sales"), ==, 3);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM sale_orders"), ==, 2);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT order_type || ':' || order_ref FROM sale_orders "
                                            "WHERE sale_id = '%s'", dine_in->sale_id);

    ref = db_text (fx, sql);
    g_assert_cmpstr (ref, ==, "dine_in:Meja 4");
  }
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM sale_orders WHERE order_type = 'delivery' "
                           "AND order_ref IS NULL"), ==, 1);
  server_fixture_free (fx);
}

static void
test_refund_and_stock_adjust (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t = enroll_terminal (fx, 1);
  gint64 ids[] = { P3 };
  gint64 prices[] = { 9500 };
  g_autoptr(KasirSale) sale = make_sale (ids, prices, NULL, 2, 1);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);
  g_autoptr(KasirPushResponse) resp = NULL;
  KasirRefund refund = { 0 };
  KasirRefundLine line = { P3, 1, 9500 };
  KasirStockAdjust adj = { P3, -5, (char *) "broken packs", manager_of (t) };
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  g_autoptr(GPtrArray) pays = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  guint status;

  g_ptr_array_add (batch, make_sale_mutation (t, sale));
  refund.refund_id = kasir_uuid_new ();
  refund.sale_id = sale->sale_id;
  refund.reason = (char *) "damaged";
  refund.staff_id = cashier_of (t);
  g_ptr_array_add (lines, &line);
  refund.lines = lines;
  g_ptr_array_add (pays, kasir_payment_new (KASIR_PAYMENT_CASH, 9500));
  refund.payments = pays;
  refund.total = 9500;
  refund.created_at = kasir_now_rfc3339 ();
  g_ptr_array_add (batch, make_mutation (t, KASIR_MUTATION_SALE_REFUND, kasir_protocol_encode_refund (&refund)));
  /* Refunding the same sale for more than was sold is rejected. */
  g_free (refund.refund_id);
  refund.refund_id = kasir_uuid_new ();
  line.qty = 5;
  line.amount = 47500;
  refund.total = 47500;
  ((KasirPayment *) g_ptr_array_index (pays, 0))->amount = 47500;
  g_ptr_array_add (batch, make_mutation (t, KASIR_MUTATION_SALE_REFUND, kasir_protocol_encode_refund (&refund)));
  g_ptr_array_add (batch, make_mutation (t, KASIR_MUTATION_STOCK_ADJUST, kasir_protocol_encode_stock_adjust (&adj)));

  resp = push (fx, t, batch, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (((KasirPushResult *) g_ptr_array_index (resp->results, 0))->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (((KasirPushResult *) g_ptr_array_index (resp->results, 1))->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (((KasirPushResult *) g_ptr_array_index (resp->results, 2))->status, ==, KASIR_RESULT_REJECTED);
  g_assert_cmpint (((KasirPushResult *) g_ptr_array_index (resp->results, 3))->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM refunds"), ==, 1);
  /* 50 - 2 sold + 1 refunded - 5 written off; outlet 2 untouched. */
  g_assert_cmpint (db_int (fx, "SELECT qty FROM stock WHERE product_id = 3 AND outlet_id = 1"), ==, 44);
  g_assert_cmpint (db_int (fx, "SELECT qty FROM stock WHERE product_id = 3 AND outlet_id = 2"), ==, 50);
  g_free (refund.refund_id);
  g_free (refund.created_at);
  server_fixture_free (fx);
}

/* The single-mutation store operation, straight on a second connection to the database:
 * NEW, then DUPLICATE with the same stored result, then GAP, with expected_seq each time. */
static void
test_store_push_single (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t = enroll_terminal (fx, 1);
  g_autoptr(GPtrArray) batch = three_sales (t);
  g_autoptr(KasirPushResult) first = NULL;
  g_autoptr(KasirPushResult) again = NULL;
  g_autoptr(KasirPushResult) none = NULL;
  g_autoptr(KasirPushResult) other = NULL;
  g_autoptr(GError) error = NULL;
  KasirServerPushOutcome outcome;
  gint64 expected;

  g_assert_true (kasir_server_store_push (fx->admin, t->terminal_id, t->outlet_id,
                                          g_ptr_array_index (batch, 0), &outcome, &first, &expected, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, KASIR_SERVER_PUSH_NEW);
  g_assert_cmpint (first->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (expected, ==, 2);

  g_assert_true (kasir_server_store_push (fx->admin, t->terminal_id, t->outlet_id,
                                          g_ptr_array_index (batch, 0), &outcome, &again, &expected, &error));
  g_assert_cmpint (outcome, ==, KASIR_SERVER_PUSH_DUPLICATE);
  g_assert_cmpint (again->seq, ==, 1);
  g_assert_cmpint (again->status, ==, first->status);
  g_assert_cmpint (expected, ==, 2);

  g_assert_true (kasir_server_store_push (fx->admin, t->terminal_id, t->outlet_id,
                                          g_ptr_array_index (batch, 2), &outcome, &none, &expected, &error));
  g_assert_cmpint (outcome, ==, KASIR_SERVER_PUSH_GAP);
  g_assert_null (none);
  g_assert_cmpint (expected, ==, 2);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM sales"), ==, 1);

  /* A terminal id with another outlet's id is refused. */
  g_assert_false (kasir_server_store_push (fx->admin, t->terminal_id, 2, g_ptr_array_index (batch, 1),
                                           &outcome, &other, &expected, &error));
  g_assert_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_UNAUTHORIZED);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM sales"), ==, 1);
  server_fixture_free (fx);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Kasir/Server/Push/health", test_health);
  g_test_add_func ("/Kasir/Server/Push/enroll-once", test_enroll_once);
  g_test_add_func ("/Kasir/Server/Push/enroll-names", test_enroll_names);
  g_test_add_func ("/Kasir/Server/Push/same-batch-twice", test_push_twice);
  g_test_add_func ("/Kasir/Server/Push/lost-response", test_lost_response);
  g_test_add_func ("/Kasir/Server/Push/seq-gap", test_seq_gap);
  g_test_add_func ("/Kasir/Server/Push/rejected-sale", test_rejected_sale);
  g_test_add_func ("/Kasir/Server/Push/refund-and-stock-adjust", test_refund_and_stock_adjust);
  g_test_add_func ("/Kasir/Server/Push/order-types", test_order_types);
  g_test_add_func ("/Kasir/Server/Push/store-push-single", test_store_push_single);
  return g_test_run ();
}
