/* test-server-concurrency.c — several kasir-server processes on one database, as a
 * chain runs them behind a load balancer: the same push reaching two processes at once
 * is applied once; tills selling the same product or spending the same customer's points
 * at the same time lose no update; and (PostgreSQL) a transaction that commits after a
 * later one still reaches every till's pull.
 *
 * Runs against both backends: two processes on one SQLite file take turns at its one
 * writer; on PostgreSQL they run at once.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <sys/prctl.h>

#include "server-data/server-test-util.h"
#include "kasir-server-store-pg-private.h"

/* ---- Server processes ---- */

typedef struct
{
  GSubprocess *proc;
  char        *url;
} ServeProcess;

/* A server outlives no failed test: it goes when the test process goes. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Starts `kasir-server serve` on @fx's database, with the options @extra (NULL-ended,
 * nullable) after the usual ones. */
static void
serve_start_with (ServerFixture *fx,
                  ServeProcess  *out,
                  const char    *const *extra)
{
  g_autofree char *tool = g_build_filename (g_getenv ("KASIR_BUILD_DIR"), "src", "server", "kasir-server",
                                            NULL);
  g_autoptr(GStrvBuilder) args = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  g_strv_builder_add_many (args, tool, "serve", "--db", fx->db_path, "--listen", "127.0.0.1:0",
                           "--insecure-http", NULL);
  if (extra != NULL)
    g_strv_builder_addv (args, (const char **) extra);
  argv = g_strv_builder_end (args);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  out->proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, &error);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (out->proc));
  while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, NULL)) != NULL
         && !g_str_has_prefix (line, "listening on "))
    g_clear_pointer (&line, g_free);
  g_assert_nonnull (line);
  out->url = g_strdup (line + strlen ("listening on "));
}

static void
serve_start (ServerFixture *fx,
             ServeProcess  *out)
{
  serve_start_with (fx, out, NULL);
}

static void
serve_stop (ServeProcess *p)
{
  g_subprocess_send_signal (p->proc, SIGTERM);
  g_subprocess_wait (p->proc, NULL, NULL);
  g_clear_object (&p->proc);
  g_clear_pointer (&p->url, g_free);
}

/* ---- Pushes in flight at once ---- */

typedef struct
{
  GMainLoop *loop;
  guint      pending;
  guint      ok;
  guint      busy;
  guint      cut;         /* connections that broke (only where a test allows it) */
  gboolean   allow_cut;
  GPtrArray *responses;   /* KasirPushResponse* of the 200 answers */
} Flight;

static void
push_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Flight *f = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  guint status = soup_message_get_status (msg);

  if (error != NULL && f->allow_cut)
    f->cut++;
  else if (error != NULL)
    g_error ("push: %s", error->message);
  else if (status == 200)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      g_autoptr(JsonNode) node = json_from_string (text, NULL);
      KasirPushResponse *resp = kasir_protocol_decode_push_response (node, &error);

      g_assert_no_error (error);
      g_ptr_array_add (f->responses, resp);
      f->ok++;
    }
  else
    {
      /* Only "busy, try again" is an acceptable refusal under load. */
      g_assert_cmpuint (status, ==, 503);
      f->busy++;
    }
  if (--f->pending == 0)
    g_main_loop_quit (f->loop);
}

/* Sends @batch for @t to @url without waiting; the answer lands in @f. */
static void
push_async (SoupSession  *session,
            const char   *url,
            TestTerminal *t,
            GPtrArray    *batch,
            Flight       *f)
{
  KasirPushRequest req = { t->terminal_id, batch };
  g_autoptr(JsonNode) body = kasir_protocol_encode_push_request (&req);
  g_autofree char *text = kasir_protocol_to_string (body, NULL);
  g_autofree char *uri = g_strconcat (url, "/api/v1/sync/push", NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", t->token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  f->pending++;
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, push_done, f);
}

static void
flight_init (Flight *f)
{
  f->loop = g_main_loop_new (NULL, FALSE);
  f->pending = f->ok = f->busy = f->cut = 0;
  f->allow_cut = FALSE;
  f->responses = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_push_response_free);
}

static void
flight_wait (Flight *f)
{
  if (f->pending > 0)
    g_main_loop_run (f->loop);
}

static void
flight_clear (Flight *f)
{
  g_clear_pointer (&f->loop, g_main_loop_unref);
  g_clear_pointer (&f->responses, g_ptr_array_unref);
}

static GPtrArray *
sales_batch (TestTerminal *t,
             gint64        product_id,
             gint64        price,
             guint         n)
{
  GPtrArray *batch = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KasirSale) sale = make_sale (&product_id, &price, NULL, 1, 1);

      sale->staff_id = cashier_of (t);
      g_ptr_array_add (batch, make_sale_mutation (t, sale));
    }
  return batch;
}

static KasirPushResult *
sell_one (ServerFixture *fx,
          TestTerminal  *t,
          gint64         product_id,
          gint64         price)
{
  g_autoptr(KasirSale) sale = make_sale (&product_id, &price, NULL, 1, 1);

  sale->staff_id = cashier_of (t);
  return push_one (fx, t, make_sale_mutation (t, sale));
}

/* A till told "busy" sends again after a pause, as a till does: every batch again (the
 * ones already applied are answered from their stored results), a bounded number of
 * times. @batches[i] belongs to @tills[first + i]. */
static void
resend_while_busy (Flight       *f,
                   SoupSession  *session,
                   const char   *url,
                   GPtrArray    *tills,
                   GPtrArray    *batches,
                   guint         first)
{
  for (guint round = 0; f->busy > 0; round++)
    {
      g_assert_cmpuint (round, <, 40);
      g_test_message ("resending after %u busy answers", f->busy);
      g_usleep (250 * 1000);
      f->busy = 0;
      for (guint i = 0; i < batches->len; i++)
        push_async (session, url, g_ptr_array_index (tills, first + i), g_ptr_array_index (batches, i), f);
      flight_wait (f);
    }
}

/* One till's offline queue reaches two server processes at the same moment (a retry
 * through the other side of a load balancer): every sale is recorded once, the stock
 * moves once, and both answers agree. */
static void
test_same_push_two_processes (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t = enroll_terminal (fx, 1);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns-per-host", 16, "timeout", 60,
                                                                  NULL);
  g_autoptr(GPtrArray) batch = sales_batch (t, 4, 3200, 20);
  ServeProcess a, b;
  Flight f;

  serve_start (fx, &a);
  serve_start (fx, &b);
  flight_init (&f);
  for (guint round = 0; round < 3; round++)
    {
      push_async (session, a.url, t, batch, &f);
      push_async (session, b.url, t, batch, &f);
    }
  flight_wait (&f);
  g_assert_cmpuint (f.ok, >=, 1);
  for (guint i = 0; i < f.responses->len; i++)
    {
      KasirPushResponse *resp = g_ptr_array_index (f.responses, i);

      g_assert_cmpint (resp->last_seq, ==, 20);
      g_assert_cmpuint (resp->results->len, ==, 20);
      for (guint k = 0; k < resp->results->len; k++)
        g_assert_cmpint (((KasirPushResult *) g_ptr_array_index (resp->results, k))->status, ==,
                         KASIR_RESULT_APPLIED);
    }
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM sales"), ==, 20);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(DISTINCT id) FROM sales"), ==, 20);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM push_results"), ==, 20);
  g_assert_cmpint (db_int (fx, "SELECT last_seq FROM terminals WHERE id = 1"), ==, 20);
  g_assert_cmpint (db_int (fx, "SELECT qty FROM stock WHERE product_id = 4 AND outlet_id = 1"), ==, 80);
  flight_clear (&f);
  serve_stop (&a);
  serve_stop (&b);
  server_fixture_free (fx);
}

/* Six tills of one outlet sell the same product at the same time through two
 * processes; then two tills spend one customer's points at once. Nothing is lost: the
 * stock falls by every unit sold, and the points are spent once with the shortfall on
 * record. */
static void
test_no_lost_update (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns-per-host", 16, "timeout", 60,
                                                                  NULL);
  g_autoptr(GPtrArray) tills = g_ptr_array_new_with_free_func ((GDestroyNotify) test_terminal_free);
  g_autoptr(GPtrArray) batches = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(KasirPushResult) made = NULL;
  JsonObject *fields = json_object_new ();
  ServeProcess a, b;
  Flight f;

  serve_start (fx, &a);
  serve_start (fx, &b);
  for (guint i = 0; i < 6; i++)
    {
      TestTerminal *t = enroll_terminal (fx, 1);

      g_ptr_array_add (tills, t);
      g_ptr_array_add (batches, sales_batch (t, 4, 3200, 8));
    }
  flight_init (&f);
  for (guint i = 0; i < tills->len; i++)
    push_async (session, i % 2 ? b.url : a.url, g_ptr_array_index (tills, i), g_ptr_array_index (batches, i),
                &f);
  flight_wait (&f);
  resend_while_busy (&f, session, a.url, tills, batches, 0);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM sales"), ==, 48);
  g_assert_cmpint (db_int (fx, "SELECT qty FROM stock WHERE product_id = 4 AND outlet_id = 1"), ==, 100 - 48);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM conflicts"), ==, 0);

  /* A member with 150 points; two tills take 100 each at the same moment. */
  json_object_set_string_member (fields, "name", "Rina Kusuma");
  {
    TestTerminal *t0 = g_ptr_array_index (tills, 0);
    g_autofree char *client_id = kasir_uuid_new ();
    KasirEdit edit = { .client_id = client_id, .staff_id = cashier_of (t0) };
    g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

    json_node_take_object (node, fields);
    edit.fields = node;
    made = push_one (fx, t0, make_mutation (t0, KASIR_MUTATION_CUSTOMER_UPSERT,
                                            kasir_protocol_encode_customer_upsert (&edit)));
    g_assert_cmpint (made->status, ==, KASIR_RESULT_APPLIED);
  }
  db_exec (fx, "UPDATE customers SET loyalty_points = 150");
  g_ptr_array_set_size (batches, 0);
  flight_clear (&f);
  flight_init (&f);
  for (guint i = 1; i <= 2; i++)
    {
      TestTerminal *t = g_ptr_array_index (tills, i);
      g_autoptr(KasirSale) sale = NULL;
      gint64 pid = 3, price = 9500;
      GPtrArray *batch = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);

      sale = make_sale (&pid, &price, NULL, 1, 1);
      sale->staff_id = cashier_of (t);
      sale->customer_id = db_int (fx, "SELECT id FROM customers");
      sale->loyalty_redeemed = 100;
      g_ptr_array_set_size (sale->payments, 0);
      g_ptr_array_add (sale->payments, kasir_payment_new (KASIR_PAYMENT_CASH, sale->total - 100));
      g_ptr_array_add (sale->payments, kasir_payment_new (KASIR_PAYMENT_POINTS, 100));
      g_ptr_array_add (batch, make_sale_mutation (t, sale));
      g_ptr_array_add (batches, batch);
      push_async (session, i % 2 ? b.url : a.url, t, batch, &f);
    }
  flight_wait (&f);
  resend_while_busy (&f, session, a.url, tills, batches, 1);
  g_assert_cmpint (db_int (fx, "SELECT loyalty_points FROM customers"), ==, 0);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM conflicts WHERE kind = 'loyalty_overspent'"), ==, 1);
  flight_clear (&f);
  serve_stop (&a);
  serve_stop (&b);
  server_fixture_free (fx);
}

/* A transaction that wrote a change and commits only after a later transaction: the
 * till that pulled in between still gets it on its next pull. The late transaction is
 * the backend's own code (a product renamed on a second connection), held open while a
 * till's sale goes through the server and the till pulls. @pipelined: the late
 * transaction is a push's kind, whose change-log rows wait for its commit and are
 * written then, numbered; otherwise its row is written at once, unnumbered. */
static void
late_commit_reaches_pull (gboolean pipelined)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t = enroll_terminal (fx, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirServerStore) late = kasir_server_store_open (fx->db_path, NULL, FALSE, &error);
  KasirPgStore *pg = (KasirPgStore *) late;
  g_autoptr(KasirPullResponse) first = NULL;
  g_autoptr(KasirPullResponse) between = NULL;
  g_autoptr(KasirPullResponse) after = NULL;
  g_autoptr(KasirPushResult) sold = NULL;
  gboolean renamed = FALSE;

  g_assert_no_error (error);
  first = pull (fx, t, 0, 1000);
  g_assert_false (first->has_more);

  /* The late transaction writes its change first ... */
  g_assert_true (pipelined ? kasir_pg_begin_pipelined (pg, &error) : kasir_pg_begin (pg, &error));
  g_assert_true (kasir_pg_run (pg, &error, "UPDATE products SET name = 'Keripik Pedas 68 g', "
                               "version = version + 1 WHERE id = 3", NULL));
  g_assert_true (kasir_pg_log_change (pg, "product", "3", 0, FALSE, &error));
  g_assert_no_error (error);

  /* ... a sale commits meanwhile, and the till pulls past it ... */
  sold = sell_one (fx, t, 4, 3200);
  g_assert_cmpint (sold->status, ==, KASIR_RESULT_APPLIED);
  between = pull (fx, t, first->cursor, 1000);
  g_assert_cmpint (between->cursor, >, first->cursor);
  for (guint i = 0; i < between->changes->len; i++)
    g_assert_false (g_str_equal (((KasirChange *) g_ptr_array_index (between->changes, i))->id, "3")
                    && g_str_equal (((KasirChange *) g_ptr_array_index (between->changes, i))->entity,
                                    "product"));

  /* ... then the late one commits: its change is after the till's cursor. */
  g_assert_true (kasir_pg_commit (pg, &error));
  g_assert_no_error (error);
  after = pull (fx, t, between->cursor, 1000);
  for (guint i = 0; i < after->changes->len; i++)
    {
      KasirChange *ch = g_ptr_array_index (after->changes, i);

      if (g_str_equal (ch->entity, "product") && g_str_equal (ch->id, "3"))
        {
          g_assert_cmpstr (json_object_get_string_member (json_node_get_object (ch->data), "name"), ==,
                           "Keripik Pedas 68 g");
          renamed = TRUE;
        }
    }
  g_assert_true (renamed);
  server_fixture_free (fx);
}

static void
test_late_commit_reaches_pull (void)
{
  late_commit_reaches_pull (FALSE);
}

static void
test_late_pipelined_commit_reaches_pull (void)
{
  late_commit_reaches_pull (TRUE);
}

/* A server process killed in the middle of a large batch: nothing of it stays, and the
 * till's retry through another process applies every sale once. */
static void
test_killed_mid_batch (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t = enroll_terminal (fx, 1);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 60, NULL);
  g_autoptr(GPtrArray) batch = sales_batch (t, 4, 3200, 500);
  ServeProcess a, b;
  Flight f;
  gint64 recorded;
  guint attempts;

  serve_start (fx, &a);
  serve_start (fx, &b);
  flight_init (&f);
  f.allow_cut = TRUE;
  push_async (session, a.url, t, batch, &f);
  /* Long enough for the batch to be sent and under way, too short for 500 sales. */
  {
    g_autoptr(GMainLoop) pause = g_main_loop_new (NULL, FALSE);

    /* Its own loop: the request's answer must not end the pause, nor the pause the wait
     * for the answer. */
    g_timeout_add_once (100, (GSourceOnceFunc) g_main_loop_quit, pause);
    g_main_loop_run (pause);
  }
  g_subprocess_force_exit (a.proc);
  g_subprocess_wait (a.proc, NULL, NULL);
  flight_wait (&f);
  recorded = db_int (fx, "SELECT COUNT(*) FROM sales");
  g_test_message ("sales recorded when the process died: %" G_GINT64_FORMAT " (answered %u, cut %u)",
                  recorded, f.ok, f.cut);
  /* All of the batch or none of it. */
  g_assert_true (recorded == 0 || recorded == 500);
  flight_clear (&f);
  flight_init (&f);
  for (attempts = 0; attempts < 40 && f.ok == 0; attempts++)
    {
      if (attempts > 0)
        g_usleep (250 * 1000);
      push_async (session, b.url, t, batch, &f);
      flight_wait (&f);
    }
  g_test_message ("attempts through the other process: %u (busy %u)", attempts, f.busy);
  g_assert_cmpuint (f.ok, ==, 1);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM sales"), ==, 500);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(DISTINCT id) FROM sales"), ==, 500);
  g_assert_cmpint (db_int (fx, "SELECT last_seq FROM terminals WHERE id = 1"), ==, 500);
  g_assert_cmpint (db_int (fx, "SELECT qty FROM stock WHERE product_id = 4 AND outlet_id = 1"), ==, 100 - 500);
  flight_clear (&f);
  g_clear_object (&a.proc);
  g_free (a.url);
  serve_stop (&b);
  server_fixture_free (fx);
}

/* PostgreSQL restarts under a running server: requests meanwhile fail as busy (the till
 * retries), then the server connects again by itself and every sale lands once. */
static void
test_database_restart (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t = enroll_terminal (fx, 1);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 60, NULL);
  g_autoptr(GPtrArray) first = sales_batch (t, 4, 3200, 5);
  g_autoptr(GPtrArray) second = sales_batch (t, 4, 3200, 5);
  g_autoptr(GError) error = NULL;
  ServeProcess a;
  Flight f;
  guint attempts = 0;

  serve_start (fx, &a);
  flight_init (&f);
  push_async (session, a.url, t, first, &f);
  flight_wait (&f);
  g_assert_cmpuint (f.ok, ==, 1);
  g_assert_true (pg_test_cluster_restart (server_test_cluster, &error));
  g_assert_no_error (error);
  do
    {
      f.busy = 0;
      push_async (session, a.url, t, second, &f);
      flight_wait (&f);
      attempts++;
    }
  while (f.busy > 0 && attempts < 20);
  g_test_message ("attempts after the restart: %u", attempts);
  g_assert_cmpuint (f.ok, ==, 2);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM sales"), ==, 10);
  g_assert_cmpint (db_int (fx, "SELECT last_seq FROM terminals WHERE id = 1"), ==, 10);
  flight_clear (&f);
  serve_stop (&a);
  server_fixture_free (fx);
}

/* ---- A slow request stalls no one ---- */

typedef struct
{
  GMainLoop   *loop;
  SoupSession *session;
  const char  *url;
  TestTerminal *other;
  guint        pending;
  gboolean     push_answered;
  gboolean     pull_before_push;
  gboolean     health_before_push;
} Race;

static void
race_done (Race *race)
{
  if (--race->pending == 0)
    g_main_loop_quit (race->loop);
}

static void
race_push_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  Race *race = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  race->push_answered = TRUE;
  race_done (race);
}

static void
race_small_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Race *race = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  gboolean is_pull = strstr (g_uri_get_path (soup_message_get_uri (msg)), "pull") != NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  if (is_pull)
    race->pull_before_push = !race->push_answered;
  else
    race->health_before_push = !race->push_answered;
  race_done (race);
}

static void
race_send (Race       *race,
           const char *path,
           const char *token)
{
  g_autofree char *uri = g_strconcat (race->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);

  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  race->pending++;
  soup_session_send_and_read_async (race->session, msg, G_PRIORITY_DEFAULT, NULL, race_small_done, race);
}

/* The slow push is on the server: another till's pull and a heartbeat go now. */
static void
race_push_written (SoupMessage *msg,
                   gpointer     data)
{
  Race *race = data;

  race_send (race, "/api/v1/sync/pull?cursor=0&limit=100", race->other->token);
  race_send (race, "/api/v1/health", NULL);
}

/* One till's push of a thousand five-line sales is being applied while another till
 * pulls and sends its heartbeat: both are answered before the push, since the push's
 * database work runs on a worker and the main loop goes on serving. */
static void
test_slow_push_stalls_no_one (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) slow = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) other = enroll_terminal (fx, 1);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns-per-host", 8, "timeout", 120,
                                                                  NULL);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);
  const gint64 products[] = { 4, 4, 4, 4, 4 }, prices[] = { 3200, 3200, 3200, 3200, 3200 };
  Race race = { .session = session, .other = other };
  ServeProcess a;

  for (guint i = 0; i < KASIR_PROTOCOL_MAX_MUTATIONS; i++)
    {
      g_autoptr(KasirSale) sale = make_sale (products, prices, NULL, 1, G_N_ELEMENTS (products));

      sale->staff_id = cashier_of (slow);
      g_ptr_array_add (batch, make_sale_mutation (slow, sale));
    }
  serve_start (fx, &a);
  race.url = a.url;
  race.loop = g_main_loop_new (NULL, FALSE);
  {
    KasirPushRequest req = { slow->terminal_id, batch };
    g_autoptr(JsonNode) body = kasir_protocol_encode_push_request (&req);
    g_autofree char *text = kasir_protocol_to_string (body, NULL);
    g_autofree char *uri = g_strconcat (a.url, "/api/v1/sync/push", NULL);
    g_autofree char *auth = g_strconcat ("Bearer ", slow->token, NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
    g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    g_signal_connect (msg, "wrote-body", G_CALLBACK (race_push_written), &race);
    race.pending++;
    soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, race_push_done, &race);
  }
  g_main_loop_run (race.loop);
  g_assert_true (race.pull_before_push);
  g_assert_true (race.health_before_push);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM sales"), ==, KASIR_PROTOCOL_MAX_MUTATIONS);
  g_main_loop_unref (race.loop);
  serve_stop (&a);
  server_fixture_free (fx);
}

/* ---- Load shedding ---- */

/* Pushes @batch for @t to @url and waits; the status, the Retry-After header (or NULL)
 * and the decoded answer of a 200. */
static KasirPushResponse *
push_to (SoupSession  *session,
         const char   *url,
         TestTerminal *t,
         GPtrArray    *batch,
         guint        *status,
         char        **retry_after)
{
  KasirPushRequest req = { t->terminal_id, batch };
  g_autoptr(JsonNode) body = kasir_protocol_encode_push_request (&req);
  g_autofree char *text = kasir_protocol_to_string (body, NULL);
  g_autofree char *uri = g_strconcat (url, "/api/v1/sync/push", NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", t->token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  KasirPushResponse *resp;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  *retry_after = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                         "Retry-After"));
  if (*status != 200)
    return NULL;
  node = kasir_protocol_parse (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), &error);
  g_assert_no_error (error);
  resp = kasir_protocol_decode_push_response (node, &error);
  g_assert_no_error (error);
  return resp;
}

static gboolean
loop_quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* One writer and no room to wait: while a push holds the writer (its terminal's rows
 * locked from outside), another till's push is answered 503 with Retry-After at once;
 * sent again afterwards it is applied, once, and a third time it is a duplicate. */
static void
test_full_queue_sheds (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) held = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) other = enroll_terminal (fx, 1);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 60, NULL);
  g_autoptr(GPtrArray) held_batch = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);
  g_autoptr(KasirPushResponse) resp = NULL;
  g_autofree char *retry_after = NULL;
  const gint64 products[] = { 4 }, prices[] = { 3200 };
  const char *const extra[] = { "--workers", "1", "--max-queue", "0", NULL };
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Flight f;
  ServeProcess a;
  DbLock lock;
  guint status;

  for (guint i = 0; i < 2; i++)
    {
      TestTerminal *t = i == 0 ? held : other;
      g_autoptr(KasirSale) sale = make_sale (products, prices, NULL, 1, 1);

      sale->staff_id = cashier_of (t);
      g_ptr_array_add (i == 0 ? held_batch : batch, make_sale_mutation (t, sale));
    }
  serve_start_with (fx, &a, extra);
  /* SQLite: the write lock (the server's writer waits up to its busy timeout, 5 s);
   * PostgreSQL: the held terminal's row, which its push locks first. */
  if (server_test_uses_pg ())
    {
      g_autofree char *sql = g_strdup_printf ("BEGIN; SELECT 1 FROM terminals WHERE id = %" G_GINT64_FORMAT
                                              " FOR UPDATE", held->terminal_id);
      PGresult *r;

      lock.sqlite = NULL;
      lock.pg = server_test_pg_connect (fx->db_path);
      r = PQexec (lock.pg, sql);
      g_assert_cmpint (PQresultStatus (r), ==, PGRES_TUPLES_OK);
      PQclear (r);
    }
  else
    lock = db_lock (fx);

  flight_init (&f);
  push_async (session, a.url, held, held_batch, &f);
  /* Time for the held push to reach the writer and wait there. */
  g_timeout_add (500, loop_quit_cb, loop);
  g_main_loop_run (loop);
  g_assert_cmpuint (f.pending, ==, 1);

  resp = push_to (session, a.url, other, batch, &status, &retry_after);
  g_assert_cmpuint (status, ==, 503);
  g_assert_null (resp);
  g_assert_cmpstr (retry_after, ==, "2");
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM sales"), ==, 0);

  db_unlock (&lock);
  flight_wait (&f);
  g_assert_cmpuint (f.ok, ==, 1);

  g_clear_pointer (&retry_after, g_free);
  resp = push_to (session, a.url, other, batch, &status, &retry_after);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (resp->results->len, ==, 1);
  g_assert_cmpint (((KasirPushResult *) g_ptr_array_index (resp->results, 0))->status, ==,
                   KASIR_RESULT_APPLIED);
  g_clear_pointer (&resp, kasir_push_response_free);
  g_clear_pointer (&retry_after, g_free);
  /* Sent once more (its answer lost, say): recognised, not applied again. */
  resp = push_to (session, a.url, other, batch, &status, &retry_after);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM sales"), ==, 2);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM sales WHERE terminal_id = %" G_GINT64_FORMAT,
                                            other->terminal_id);

    g_assert_cmpint (db_int (fx, sql), ==, 1);
  }

  flight_clear (&f);
  serve_stop (&a);
  server_fixture_free (fx);
}

/* ---- The token check off the main loop ---- */

static void
pull_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  guint *status = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  g_assert_no_error (error);
  *status = soup_message_get_status (soup_session_get_async_result_message (SOUP_SESSION (source), result));
}

/* A request's token is checked on a reader, not on the main loop: while the terminals
 * table is locked from outside (so a token check waits), a pull waits and a heartbeat is
 * answered; once the lock goes the pull is answered. A push with an unknown token is
 * refused 401 by the same check. */
static void
test_token_check_off_main_loop (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t = enroll_terminal (fx, 1);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 60, NULL);
  g_autoptr(SoupSession) quick = soup_session_new_with_options ("timeout", 5, NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);
  g_autoptr(KasirPushResponse) resp = NULL;
  g_autofree char *retry_after = NULL;
  g_autofree char *pull_uri = NULL;
  g_autofree char *health_uri = NULL;
  g_autofree char *auth = g_strconcat ("Bearer ", t->token, NULL);
  g_autoptr(SoupMessage) pull_msg = NULL;
  g_autoptr(SoupMessage) health = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 products[] = { 4 }, prices[] = { 3200 };
  guint pull_status = 0, status;
  gint64 started;
  ServeProcess a;
  DbLock lock;

  serve_start (fx, &a);
  pull_uri = g_strconcat (a.url, "/api/v1/sync/pull?cursor=0&limit=10", NULL);
  health_uri = g_strconcat (a.url, "/api/v1/health", NULL);

  lock = db_lock (fx);
  pull_msg = soup_message_new ("GET", pull_uri);
  soup_message_headers_replace (soup_message_get_request_headers (pull_msg), "Authorization", auth);
  soup_session_send_and_read_async (session, pull_msg, G_PRIORITY_DEFAULT, NULL, pull_done, &pull_status);
  g_timeout_add (300, loop_quit_cb, loop);
  g_main_loop_run (loop);
  g_assert_cmpuint (pull_status, ==, 0);

  /* Well within the server's lock timeout (5 s), at which a token check on the main
   * loop would give up and let the heartbeat through. */
  health = soup_message_new ("GET", health_uri);
  started = g_get_monotonic_time ();
  answer = soup_session_send_and_read (quick, health, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (health), ==, 200);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (pull_status, ==, 0);

  db_unlock (&lock);
  while (pull_status == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (pull_status, ==, 200);

  {
    g_autoptr(KasirSale) sale = make_sale (products, prices, NULL, 1, 1);
    TestTerminal stranger = *t;

    sale->staff_id = cashier_of (t);
    g_ptr_array_add (batch, make_sale_mutation (t, sale));
    stranger.token = (char *) "not-a-token-of-this-server";
    resp = push_to (session, a.url, &stranger, batch, &status, &retry_after);
    g_assert_cmpuint (status, ==, 401);
    g_assert_null (resp);
  }
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM sales"), ==, 0);
  serve_stop (&a);
  server_fixture_free (fx);
}

/* ---- The guard waits for the server, and refuses with 503 ---- */

/* A push that waits for the database longer than the connection deadlines (request 1 s,
 * answer 2 s, twice) still gets its answer: the wait is the server's, not the till's, and
 * the connection is not cut. SQLite: the write lock, which the writer waits for up to its
 * busy timeout (5 s) and then answers 503; PostgreSQL: the terminals table, which the
 * token check and the push wait for. */
static void
test_queued_push_outlives_deadlines (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t = enroll_terminal (fx, 1);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 60, NULL);
  g_autoptr(GPtrArray) batch = sales_batch (t, 4, 3200, 50);
  const char *const extra[] = { "--workers", "1", "--request-timeout", "1", NULL };
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  ServeProcess a;
  DbLock lock;
  Flight f;

  serve_start_with (fx, &a, extra);
  lock = db_lock (fx);
  flight_init (&f);
  push_async (session, a.url, t, batch, &f);
  /* Past every deadline the connection had before (4 s at most). */
  g_timeout_add (4500, loop_quit_cb, loop);
  g_main_loop_run (loop);
  g_assert_cmpuint (f.pending, ==, 1);
  db_unlock (&lock);
  /* A cut connection fails in push_done; an answer is 200, or 503 where SQLite's writer
   * gave up on the lock first. */
  flight_wait (&f);
  g_assert_cmpuint (f.ok + f.busy, ==, 1);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM sales"), ==, f.ok ? 50 : 0);
  flight_clear (&f);
  serve_stop (&a);
  server_fixture_free (fx);
}

/* A raw connection to @url, which sends @request whole and reads the answer to its end
 * (the server closes the connection after it), or NULL when the connection broke
 * before any answer. */
static char *
raw_exchange (const char *url,
              const char *request,
              gsize       length)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  GString *answer = g_string_new (NULL);
  GSocket *socket;
  gsize sent = 0;

  g_socket_client_set_timeout (client, 30);
  conn = g_socket_client_connect_to_uri (client, url, 80, NULL, &error);
  g_assert_no_error (error);
  socket = g_socket_connection_get_socket (conn);
  while (sent < length)
    {
      gssize n = g_socket_send (socket, request + sent, length - sent, NULL, NULL);

      if (n <= 0)
        break;
      sent += (gsize) n;
    }
  for (;;)
    {
      char buffer[4096];
      gssize n = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL);

      if (n <= 0)
        break;
      g_string_append_len (answer, buffer, n);
    }
  if (answer->len == 0)
    {
      g_string_free (answer, TRUE);
      return NULL;
    }
  return g_string_free (answer, FALSE);
}

/* A till past the connections one address may hold (every till behind a load balancer
 * comes from one address) is told 503 with Retry-After, its whole request read and
 * answered, never cut off; nothing of it is applied, and sent again once there is room,
 * it is taken once. */
static void
test_over_the_limits_answered_503 (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t = enroll_terminal (fx, 1);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 60, NULL);
  /* Far past the 64 KiB of a refused body the server reads before it cuts one off. */
  g_autoptr(GPtrArray) batch = sales_batch (t, 4, 3200, 200);
  KasirPushRequest req = { t->terminal_id, batch };
  g_autoptr(JsonNode) body = kasir_protocol_encode_push_request (&req);
  gsize body_length = 0;
  g_autofree char *body_text = kasir_protocol_to_string (body, &body_length);
  g_autofree char *push = NULL;
  const char *health = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  const char *const extra[] = { "--max-per-address", "2", NULL };
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  GSocketConnection *held[2];
  g_autoptr(KasirPushResponse) resp = NULL;
  g_autofree char *retry_after = NULL;
  ServeProcess a;
  guint status = 0;

  g_assert_cmpuint (body_length, >, 64 * 1024);
  serve_start_with (fx, &a, extra);
  push = g_strdup_printf ("POST /api/v1/sync/push HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                          "Content-Type: application/json\r\nContent-Length: %" G_GSIZE_FORMAT "\r\n\r\n%s",
                          t->token, body_length, body_text);

  /* Two connections take the address's share, and stay open. */
  for (guint i = 0; i < G_N_ELEMENTS (held); i++)
    {
      g_autoptr(GError) error = NULL;
      GSocket *socket;
      char buffer[4096];
      gssize n;

      held[i] = g_socket_client_connect_to_uri (client, a.url, 80, NULL, &error);
      g_assert_no_error (error);
      socket = g_socket_connection_get_socket (held[i]);
      g_assert_cmpint (g_socket_send (socket, health, strlen (health), NULL, NULL), ==, strlen (health));
      n = g_socket_receive (socket, buffer, sizeof buffer - 1, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      buffer[n] = '\0';
      g_assert_true (g_str_has_prefix (buffer, "HTTP/1.1 200"));
    }

  /* A third: its push, sent whole, is answered 503 and the connection closed after it. */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *answer = i == 0 ? raw_exchange (a.url, push, strlen (push))
                                       : raw_exchange (a.url, health, strlen (health));

      g_assert_nonnull (answer);
      g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 503"));
      g_assert_nonnull (strstr (answer, "Retry-After: 2\r\n"));
      g_assert_nonnull (strstr (answer, "\"unavailable\""));
    }
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM sales"), ==, 0);

  /* Room again: the same push is taken, once. The server learns of the closed
   * connections as it reads them, so the first tries may still be told 503. */
  for (guint i = 0; i < G_N_ELEMENTS (held); i++)
    g_object_unref (held[i]);
  for (guint attempt = 0; attempt < 40 && status != 200; attempt++)
    {
      if (attempt > 0)
        g_usleep (250 * 1000);
      g_clear_pointer (&retry_after, g_free);
      g_clear_pointer (&resp, kasir_push_response_free);
      resp = push_to (session, a.url, t, batch, &status, &retry_after);
      g_assert_true (status == 200 || (status == 503 && g_strcmp0 (retry_after, "2") == 0));
    }
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (resp->last_seq, ==, 200);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM sales"), ==, 200);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(DISTINCT id) FROM sales"), ==, 200);
  serve_stop (&a);
  server_fixture_free (fx);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Kasir/Server/Concurrency/same-push-two-processes", test_same_push_two_processes);
  g_test_add_func ("/Kasir/Server/Concurrency/no-lost-update", test_no_lost_update);
  g_test_add_func ("/Kasir/Server/Concurrency/killed-mid-batch", test_killed_mid_batch);
  g_test_add_func ("/Kasir/Server/Concurrency/slow-push-stalls-no-one", test_slow_push_stalls_no_one);
  g_test_add_func ("/Kasir/Server/Concurrency/full-queue-sheds", test_full_queue_sheds);
  g_test_add_func ("/Kasir/Server/Concurrency/queued-push-outlives-deadlines", test_queued_push_outlives_deadlines);
  g_test_add_func ("/Kasir/Server/Concurrency/over-the-limits-answered-503", test_over_the_limits_answered_503);
  /* With SQLite a writer holds the whole database until it commits, so no change can be
   * numbered while another waits to commit: the case is PostgreSQL's. */
  if (server_test_uses_pg ())
    {
      g_test_add_func ("/Kasir/Server/Concurrency/late-commit-reaches-pull", test_late_commit_reaches_pull);
      g_test_add_func ("/Kasir/Server/Concurrency/late-pipelined-commit-reaches-pull",
                       test_late_pipelined_commit_reaches_pull);
      g_test_add_func ("/Kasir/Server/Concurrency/database-restart", test_database_restart);
      /* A SQLite lock holds no reader back (WAL): only PostgreSQL's table lock makes a
       * token check wait. */
      g_test_add_func ("/Kasir/Server/Concurrency/token-check-off-main-loop", test_token_check_off_main_loop);
    }
  return g_test_run ();
}
