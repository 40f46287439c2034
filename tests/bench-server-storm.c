/* bench-server-storm.c — a reconnect storm: every till of a chain comes back online at
 * the same moment, each with a queue of offline sales (five lines each), pushes it and
 * then pulls. The tills are asynchronous clients in this one process (libsoup), not a
 * thread each; the server runs as two processes on PostgreSQL (the tills spread over
 * them, as behind a load balancer) and as one on SQLite.
 *
 * It checks that every sale is on the server exactly once, that the stock of every
 * product at every outlet is what the sales took from it, and that no till saw an answer
 * other than 200 or a retryable 503 (a till told 503 sends the same batch again after a
 * pause). One thing more may happen to a till, as to any HTTP client: the server closes a
 * kept-alive connection that stayed idle just as the till sends its next request on it.
 * libsoup sends such a request again by itself when its method is idempotent; a push is
 * idempotent too (by its seqs), so the till sends it again at once, on a new connection
 * (counted as reconnected=). That this was all it was is checked with the servers' own
 * counters: a server that closed a connection for any other reason than idleness (a
 * request or an answer deadline, a flood) fails the storm. drain_s runs from the first push to the last till's pull; push_p99_ms is over
 * every push request, refused ones included. At most MAX_IN_FLIGHT tills are connected
 * at a time (as behind a load balancer that caps connections); the others wait for one.
 *
 *   bench-server-storm [BACKEND [TILLS [SALES_PER_TILL [restart]]]]
 *
 * BACKEND is sqlite, postgresql or both (the default); the full storm is 1,500 tills
 * (five an outlet) of 200 sales each. The BENCH line says what ran. With "restart",
 * PostgreSQL is stopped and started again once a third of the tills have pushed, while
 * the others push: the servers answer 503 while it is down and reconnect by themselves,
 * and the storm must still end with every sale once and no other refusal (the test
 * server-storm-restart runs it small).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlcipher/sqlite3.h>
#include <libpq-fe.h>
#include <sys/prctl.h>
#include <glib/gstdio.h>

#include "kasir-money.h"
#include "kasir-server-catalog.h"
#include "server-data/bench-util.h"

#define TILLS_PER_OUTLET 5
#define LINES_PER_SALE   5
#define N_PRODUCTS       500
#define OPENING_STOCK    1000000
/* Batches in flight at once: the tills beyond wait for a connection, as they would
 * behind a load balancer that caps them. */
#define MAX_IN_FLIGHT    256

typedef struct _Storm Storm;

typedef struct
{
  Storm       *storm;
  const char  *url;
  char        *token;
  gint64       terminal_id;
  gint64       outlet_id;
  GBytes      *batch;      /* the queue, until the server took it */
  gint64       cursor;
  gboolean     pushed;
} Till;

struct _Storm
{
  GMainLoop   *loop;
  SoupSession *session;
  GPtrArray   *tills;
  guint        next;        /* the next till to start */
  guint        running;
  guint        done;
  guint        sales_per_till;
  GRand       *rand;
  gint64      *sold;        /* units sold, [outlet index * N_PRODUCTS + product - 1] */
  GArray      *latencies;   /* gint64 µs of every push request */
  guint        n_503;
  guint        n_reconnects;
  guint        n_ok;
  guint        n_pushed;
  guint        restart_after;  /* pushes after which the database restarts; 0: never */
  GThread     *restarting;
};

static void till_next_step (Till *till);

/* ---- Server processes ---- */

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocess *
serve (const char  *db,
       char       **url)
{
  const char *build = g_getenv ("KASIR_BUILD_DIR");
  g_autofree char *binary = g_build_filename (build ? build : ".", "src", "server", "kasir-server", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  GSubprocess *proc;

  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  /* Every till comes from 127.0.0.1, as through a load balancer: the operator raises the
   * connections one address may hold (past them, a till would be told 503). */
  proc = g_subprocess_launcher_spawn (launcher, &error, binary, "serve", "--db", db, "--listen", "127.0.0.1:0",
                                      "--max-per-address", "4096", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error)) != NULL
         && !g_str_has_prefix (line, "listening on "))
    g_clear_pointer (&line, g_free);
  g_assert_nonnull (line);
  *url = g_strdup (line + strlen ("listening on "));
  return proc;
}

/* ---- The chain ---- */

static void
make_chain (const char *db,
            guint       n_outlets,
            GPtrArray  *codes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirServerStore) store = kasir_server_store_open (db, NULL, TRUE, &error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_server_import_row_free);
  gint64 expires = g_get_real_time () / G_USEC_PER_SEC + 3600;

  g_assert_no_error (error);
  for (guint o = 1; o <= n_outlets; o++)
    {
      g_autofree char *name = g_strdup_printf ("Toko %u", o);
      g_assert_true (kasir_server_store_add_outlet (store, name, NULL, &error));
    }
  /* Every outlet gets the opening stock of every product. */
  for (guint i = 1; i <= N_PRODUCTS; i++)
    {
      KasirServerImportRow *row = g_new0 (KasirServerImportRow, 1);

      row->line = i + 1;
      row->sku = g_strdup_printf ("S-%05u", i);
      row->name = g_strdup_printf ("Barang %u", i);
      row->price = 1000 + 500 * (i % 40);
      row->tax_rate_bp = 1100;
      row->has_stock = TRUE;
      row->stock = OPENING_STOCK;
      g_ptr_array_add (rows, row);
    }
  g_assert_true (kasir_server_store_import_products (store, rows, NULL, NULL, &error));
  for (guint t = 0; t < codes->len; t++)
    {
      g_autofree char *hash = kasir_server_enroll_code_hash (g_ptr_array_index (codes, t));

      g_assert_true (kasir_server_store_add_enroll_code (store, 1 + t / TILLS_PER_OUTLET, hash, expires, &error));
    }
  g_assert_no_error (error);
}

static void
enroll (Till        *till,
        SoupSession *session,
        const char  *code)
{
  g_autofree char *body = g_strdup_printf ("{\"code\": \"%s\", \"name\": \"Kasir\"}", code);
  g_autofree char *uri = g_strconcat (till->url, "/api/v1/enroll", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) req = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(KasirEnrollResponse) resp = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", req);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  node = kasir_protocol_parse (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), &error);
  g_assert_no_error (error);
  resp = kasir_protocol_decode_enroll_response (node, &error);
  g_assert_no_error (error);
  till->token = g_strdup (resp->token);
  till->terminal_id = resp->terminal_id;
  till->outlet_id = resp->outlet_id;
}

/* The till's offline queue as one push body; the units it sells are counted. */
static GBytes *
offline_queue (Storm *storm,
               Till  *till)
{
  g_autoptr(GPtrArray) muts = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);
  KasirPushRequest req = { till->terminal_id, muts };
  g_autoptr(JsonNode) node = NULL;
  gsize length;
  char *text;

  for (guint i = 0; i < storm->sales_per_till; i++)
    {
      g_autoptr(KasirSale) sale = kasir_sale_new ();
      KasirMutation *m = kasir_mutation_new ();

      sale->sale_id = kasir_uuid_new ();
      sale->receipt_no = g_strdup_printf ("%" G_GINT64_FORMAT "-%06u", till->terminal_id, i + 1);
      memcpy (sale->currency, "IDR", 4);
      sale->tax_inclusive = TRUE;
      sale->created_at = kasir_now_rfc3339 ();
      for (int l = 0; l < LINES_PER_SALE; l++)
        {
          KasirSaleLine *line = kasir_sale_line_new ();
          guint pid = g_rand_int_range (storm->rand, 1, N_PRODUCTS + 1);

          line->product_id = pid;
          line->qty = g_rand_int_range (storm->rand, 1, 4);
          line->unit_price = 1000 + 500 * (pid % 40);
          line->price_version = 1;
          line->tax_rate_bp = 1100;
          line->total = line->qty * line->unit_price;
          kasir_tax_included (line->total, 1100, &line->tax);
          sale->subtotal += line->total;
          sale->tax += line->tax;
          g_ptr_array_add (sale->lines, line);
          storm->sold[(till->outlet_id - 1) * N_PRODUCTS + pid - 1] += line->qty;
        }
      sale->total = sale->subtotal;
      g_ptr_array_add (sale->payments, kasir_payment_new (KASIR_PAYMENT_CASH, sale->total));
      m->seq = i + 1;
      m->id = kasir_uuid_new ();
      m->type = KASIR_MUTATION_SALE_CREATE;
      m->created_at = kasir_now_rfc3339 ();
      m->payload = kasir_protocol_encode_sale (sale);
      g_ptr_array_add (muts, m);
    }
  node = kasir_protocol_encode_push_request (&req);
  text = kasir_protocol_to_string (node, &length);
  return g_bytes_new_take (text, length);
}

/* ---- The tills ---- */

static SoupMessage *
till_request (Till       *till,
              const char *method,
              const char *path)
{
  g_autofree char *uri = g_strconcat (till->url, path, NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", till->token, NULL);
  SoupMessage *msg = soup_message_new (method, uri);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  return msg;
}

static gboolean
till_retry (gpointer data)
{
  till_next_step (data);
  return G_SOURCE_REMOVE;
}

/* A 503 is the one refusal a till may see: it waits a little and sends again. */
static void
till_answered (Till  *till,
               guint  status)
{
  Storm *storm = till->storm;

  if (status == 503)
    {
      storm->n_503++;
      g_timeout_add (g_rand_int_range (storm->rand, 200, 1000), till_retry, till);
      return;
    }
  if (status != 200)
    g_error ("till %" G_GINT64_FORMAT ": HTTP %u", till->terminal_id, status);
  storm->n_ok++;
  till_next_step (till);
}

/* Stops PostgreSQL under the running servers and starts it again, on a thread of its
 * own while the tills go on. */
static gpointer
restart_database (gpointer data)
{
  g_autoptr(GError) error = NULL;

  if (!pg_test_cluster_restart (bench_cluster, &error))
    g_error ("restarting PostgreSQL: %s", error->message);
  return NULL;
}

/* TRUE when the connection of @msg closed before any answer came: the server closed a
 * kept-alive connection that had stayed idle just as the till sent on it. The request is
 * sent again at once, on a new connection. Whether that is all it was is checked at the
 * end against the servers' counters (no_connection_cut); any other failure is the
 * till's error at once. */
static gboolean
till_reconnects (Till         *till,
                 SoupMessage  *msg,
                 const GError *error)
{
  if (soup_message_get_status (msg) != 0
      || !(g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED)
           || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT)))
    return FALSE;
  till->storm->n_reconnects++;
  till_next_step (till);
  return TRUE;
}

static void
push_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Till *till = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) reply = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  gint64 sent_at = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (msg), "sent-at"));
  gint64 took = g_get_monotonic_time () - sent_at;

  if (error != NULL && till_reconnects (till, msg, error))
    return;
  if (error != NULL)
    g_error ("till %" G_GINT64_FORMAT ": push: %s", till->terminal_id, error->message);
  g_array_append_val (till->storm->latencies, took);
  if (soup_message_get_status (msg) == 200)
    {
      g_autoptr(JsonNode) node = kasir_protocol_parse (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply),
                                                       &error);
      g_autoptr(KasirPushResponse) resp = node ? kasir_protocol_decode_push_response (node, &error) : NULL;

      g_assert_no_error (error);
      g_assert_cmpint (resp->last_seq, ==, till->storm->sales_per_till);
      till->pushed = TRUE;
      g_clear_pointer (&till->batch, g_bytes_unref);
      if (++till->storm->n_pushed == till->storm->restart_after)
        till->storm->restarting = g_thread_new ("restart", restart_database, NULL);
    }
  till_answered (till, soup_message_get_status (msg));
}

static void
pull_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Till *till = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) reply = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);

  if (error != NULL && till_reconnects (till, msg, error))
    return;
  if (error != NULL)
    g_error ("till %" G_GINT64_FORMAT ": pull: %s", till->terminal_id, error->message);
  if (soup_message_get_status (msg) == 200)
    {
      till->cursor = g_ascii_strtoll (soup_message_headers_get_one (headers, "Kasir-Cursor"), NULL, 10);
      if (g_strcmp0 (soup_message_headers_get_one (headers, "Kasir-Has-More"), "1") != 0)
        till->cursor = -1;
    }
  till_answered (till, soup_message_get_status (msg));
}

static void start_tills (Storm *storm);

static void
till_next_step (Till *till)
{
  Storm *storm = till->storm;
  g_autoptr(SoupMessage) msg = NULL;

  if (!till->pushed)
    {
      msg = till_request (till, "POST", "/api/v1/sync/push");
      soup_message_set_request_body_from_bytes (msg, "application/json", till->batch);
      g_object_set_data (G_OBJECT (msg), "sent-at", GSIZE_TO_POINTER (g_get_monotonic_time ()));
      soup_session_send_and_read_async (storm->session, msg, G_PRIORITY_DEFAULT, NULL, push_done, till);
      return;
    }
  if (till->cursor >= 0)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/sync/pull?cursor=%" G_GINT64_FORMAT "&limit=%d",
                                               till->cursor, KASIR_PROTOCOL_MAX_CHANGES);

      msg = till_request (till, "GET", path);
      soup_session_send_and_read_async (storm->session, msg, G_PRIORITY_DEFAULT, NULL, pull_done, till);
      return;
    }
  storm->running--;
  if (++storm->done == storm->tills->len)
    g_main_loop_quit (storm->loop);
  else
    start_tills (storm);
}

static void
start_tills (Storm *storm)
{
  while (storm->running < MAX_IN_FLIGHT && storm->next < storm->tills->len)
    {
      storm->running++;
      till_next_step (g_ptr_array_index (storm->tills, storm->next++));
    }
}

/* ---- Checks ---- */

/* The number after @line_start in the /metrics of the server at @url. */
static guint64
server_counter (const char *url,
                const char *line_start)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (url, "/metrics", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_autofree char *text = NULL;
  const char *at;

  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  text = g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
  at = strstr (text, line_start);
  g_assert_nonnull (at);
  return g_ascii_strtoull (at + strlen (line_start), NULL, 10);
}

/* The servers closed no connection but idle ones (a till's request is answered, or
 * refused with 503, never cut off), and every till that sent again on a new connection
 * had met one of those. */
static gboolean
no_connection_cut (Storm  *storm,
                   char  **urls,
                   guint   n_procs)
{
  static const char *const cuts[] = { "request_timeout", "answer_timeout", "flood" };
  guint64 idle = 0, cut = 0;

  for (guint i = 0; i < n_procs; i++)
    {
      idle += server_counter (urls[i], "kasir_connections_dropped_total{reason=\"idle\"} ");
      for (guint c = 0; c < G_N_ELEMENTS (cuts); c++)
        {
          g_autofree char *line = g_strdup_printf ("kasir_connections_dropped_total{reason=\"%s\"} ", cuts[c]);
          guint64 n = server_counter (urls[i], line);

          if (n > 0)
            g_printerr ("server %u closed %" G_GUINT64_FORMAT " connections (%s)\n", i, n, cuts[c]);
          cut += n;
        }
    }
  if (storm->n_reconnects > idle)
    g_printerr ("%u requests sent again on a new connection, but the servers closed only %" G_GUINT64_FORMAT
                " idle ones\n", storm->n_reconnects, idle);
  return cut == 0 && storm->n_reconnects <= idle;
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Every row of @sql's answer as "a b c" lines, sorted. */
static char *
query_rows (const char *db,
            const char *sql)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  if (kasir_server_store_is_pg_uri (db))
    {
      PGconn *conn = PQconnectdb (db);
      PGresult *r = PQexec (conn, sql);

      g_assert_cmpint (PQresultStatus (r), ==, PGRES_TUPLES_OK);
      for (int i = 0; i < PQntuples (r); i++)
        {
          GString *line = g_string_new (NULL);
          for (int c = 0; c < PQnfields (r); c++)
            g_string_append_printf (line, "%s%s", c ? " " : "", PQgetvalue (r, i, c));
          g_ptr_array_add (lines, g_string_free (line, FALSE));
        }
      PQclear (r);
      PQfinish (conn);
    }
  else
    {
      sqlite3 *conn = NULL;
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          GString *line = g_string_new (NULL);
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            g_string_append_printf (line, "%s%s", c ? " " : "", (const char *) sqlite3_column_text (stmt, c));
          g_ptr_array_add (lines, g_string_free (line, FALSE));
        }
      sqlite3_finalize (stmt);
      sqlite3_close (conn);
    }
  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (const char *) g_ptr_array_index (lines, i));
  return g_string_free (out, FALSE);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Every sale once, and every outlet's stock down by exactly what its tills sold. */
static gboolean
exactly_once (Storm      *storm,
              const char *db,
              guint       n_outlets)
{
  guint n_sales = storm->tills->len * storm->sales_per_till;
  g_autofree char *counts = query_rows (db, "SELECT COUNT(*), COUNT(DISTINCT id) FROM sales");
  g_autofree char *want_counts = g_strdup_printf ("%u %u\n", n_sales, n_sales);
  g_autofree char *stock = query_rows (db, "SELECT outlet_id, product_id, qty FROM stock");
  g_autoptr(GPtrArray) want = g_ptr_array_new_with_free_func (g_free);
  GString *want_stock = g_string_new (NULL);
  g_autofree char *want_text = NULL;

  for (guint o = 0; o < n_outlets; o++)
    for (guint p = 0; p < N_PRODUCTS; p++)
      g_ptr_array_add (want, g_strdup_printf ("%u %u %" G_GINT64_FORMAT, o + 1, p + 1,
                                              OPENING_STOCK - storm->sold[o * N_PRODUCTS + p]));
  g_ptr_array_sort (want, compare_lines);
  for (guint i = 0; i < want->len; i++)
    g_string_append_printf (want_stock, "%s\n", (const char *) g_ptr_array_index (want, i));
  want_text = g_string_free (want_stock, FALSE);
  if (g_strcmp0 (counts, want_counts) != 0)
    g_printerr ("sales: %s(want %s)", counts, want_counts);
  if (g_strcmp0 (stock, want_text) != 0)
    {
      g_auto(GStrv) got = g_strsplit (stock, "\n", -1);
      g_auto(GStrv) wanted = g_strsplit (want_text, "\n", -1);
      guint i = 0;

      while (got[i] != NULL && wanted[i] != NULL && g_str_equal (got[i], wanted[i]))
        i++;
      g_printerr ("the stock differs from what was sold: \"%s\" where \"%s\" (%u levels, %u wanted)\n",
                  got[i] ? got[i] : "", wanted[i] ? wanted[i] : "", g_strv_length (got), g_strv_length (wanted));
    }
  return g_strcmp0 (counts, want_counts) == 0 && g_strcmp0 (stock, want_text) == 0;
}

/* ---- One storm ---- */

static void
run (const char *backend,
     guint       n_tills,
     guint       sales_per_till,
     gboolean    restart)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-bench-storm-XXXXXX", &error);
  g_autofree char *db = bench_new_db (dir, backend);
  guint n_outlets = (n_tills + TILLS_PER_OUTLET - 1) / TILLS_PER_OUTLET;
  guint n_procs = g_str_equal (backend, "postgresql") ? 2 : 1;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  GSubprocess *procs[2] = { NULL };
  char *urls[2] = { NULL };
  Storm storm = { 0 };
  gint64 start, drain;
  gint64 p99;
  gboolean once, uncut;

  g_assert_no_error (error);
  for (guint t = 0; t < n_tills; t++)
    g_ptr_array_add (codes, kasir_server_enroll_code_new ());
  make_chain (db, n_outlets, codes);
  for (guint i = 0; i < n_procs; i++)
    procs[i] = serve (db, &urls[i]);

  storm.loop = g_main_loop_new (NULL, FALSE);
  storm.session = soup_session_new_with_options ("timeout", 600, "max-conns", MAX_IN_FLIGHT + 16,
                                                 "max-conns-per-host", MAX_IN_FLIGHT, NULL);
  storm.tills = g_ptr_array_new ();
  storm.sales_per_till = sales_per_till;
  storm.rand = g_rand_new_with_seed (11);
  storm.sold = g_new0 (gint64, (gsize) n_outlets * N_PRODUCTS);
  storm.latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
  storm.restart_after = restart && g_str_equal (backend, "postgresql") ? MAX (n_tills / 3, 1) : 0;
  /* Enrolled through connections of their own, which the server closes once idle: the
   * storm starts on new ones. The queues are made before the clock starts: this
   * measures the server. */
  {
    g_autoptr(SoupSession) enrolling = soup_session_new ();

    for (guint t = 0; t < n_tills; t++)
      {
        Till *till = g_new0 (Till, 1);

        till->storm = &storm;
        till->url = urls[t % n_procs];
        enroll (till, enrolling, g_ptr_array_index (codes, t));
        till->batch = offline_queue (&storm, till);
        g_ptr_array_add (storm.tills, till);
      }
  }

  /* Every till is back at once. */
  start = g_get_monotonic_time ();
  start_tills (&storm);
  g_main_loop_run (storm.loop);
  drain = g_get_monotonic_time () - start;
  if (storm.restarting != NULL)
    g_thread_join (storm.restarting);

  uncut = no_connection_cut (&storm, urls, n_procs);
  for (guint i = 0; i < n_procs; i++)
    {
      g_subprocess_send_signal (procs[i], SIGTERM);
      g_subprocess_wait (procs[i], NULL, NULL);
      g_object_unref (procs[i]);
      g_free (urls[i]);
    }
  once = exactly_once (&storm, db, n_outlets);
  g_array_sort (storm.latencies, compare_gint64);
  p99 = g_array_index (storm.latencies, gint64, (storm.latencies->len * 99) / 100);
  printf ("BENCH server-storm backend=%s processes=%u tills=%u sales=%u drain_s=%.1f push_p99_ms=%.0f "
          "exactly_once=%d retried_503=%u reconnected=%u connections_cut=%d db_restarts=%d\n", backend,
          n_procs, n_tills, n_tills * sales_per_till, drain / 1e6, p99 / 1e3, once, storm.n_503,
          storm.n_reconnects, !uncut, storm.restart_after > 0);
  fflush (stdout);
  g_assert_true (once);
  g_assert_true (uncut);

  for (guint t = 0; t < storm.tills->len; t++)
    {
      Till *till = g_ptr_array_index (storm.tills, t);
      g_free (till->token);
      g_free (till);
    }
  g_ptr_array_unref (storm.tills);
  g_object_unref (storm.session);
  g_main_loop_unref (storm.loop);
  g_rand_free (storm.rand);
  g_free (storm.sold);
  g_array_unref (storm.latencies);
  bench_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  const char *backend = argc > 1 ? argv[1] : "both";
  guint n_tills = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 1500;
  guint sales = argc > 3 ? (guint) g_ascii_strtoull (argv[3], NULL, 10) : 200;
  gboolean restart = argc > 4 && g_str_equal (argv[4], "restart");

  g_assert_cmpuint (n_tills, >, 0);
  g_assert_cmpuint (sales, >, 0);
  g_assert_cmpuint (sales, <=, KASIR_PROTOCOL_MAX_MUTATIONS);
  if (g_str_equal (backend, "postgresql") || g_str_equal (backend, "both"))
    run ("postgresql", n_tills, sales, restart);
  if (g_str_equal (backend, "sqlite") || g_str_equal (backend, "both"))
    run ("sqlite", n_tills, sales, restart);
  bench_stop_cluster ();
  return 0;
}
