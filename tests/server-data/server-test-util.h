/* server-test-util.h — shared helpers for the kasir-server tests: a real KasirServer on
 * 127.0.0.1 port 0 in its own thread (with its own store connection), a real libsoup
 * client, enrollment, sale building, and a digest of every table of the database.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <libsoup/soup.h>
#include <sqlcipher/sqlite3.h>

#include "pg-test-util.h"

#include "kasir-money.h"
#include "kasir-pin.h"
#include "kasir-server.h"
#include "kasir-server-catalog.h"

typedef struct
{
  char             *dir;
  char             *db_path;    /* the SQLite file, or the PostgreSQL URI (see below) */
  KasirServerLimits limits;
  gsize             max_body;   /* 0: the protocol's; set before the server starts */
  KasirServerStore *admin;      /* a second connection, used from the test thread */
  GThread          *thread;
  GMainContext     *context;
  GMainLoop        *loop;
  KasirServer      *server;     /* belongs to the server thread */
  char             *url;
  GMutex            lock;
  GCond             cond;
  gboolean          ready;
  GError           *start_error;
  SoupSession      *session;
} ServerFixture;

typedef struct
{
  gint64  terminal_id;
  gint64  outlet_id;
  char   *token;
  gint64  next_seq;
} TestTerminal;

/* ---- The backend under test ----
 *
 * Every server test runs twice: against a SQLite file, and with KASIR_TEST_BACKEND set
 * to "postgresql" against a real PostgreSQL that the test process starts itself (one
 * cluster a process, one new database a fixture). */

static PgTestCluster *server_test_cluster;

G_GNUC_UNUSED static gboolean
server_test_uses_pg (void)
{
  return g_strcmp0 (g_getenv ("KASIR_TEST_BACKEND"), "postgresql") == 0;
}

static void
server_test_stop_cluster (void)
{
  g_clear_pointer (&server_test_cluster, pg_test_cluster_stop);
}

/* A connection to @uri for looking at the database from outside. */
G_GNUC_UNUSED static PGconn *
server_test_pg_connect (const char *uri)
{
  PGconn *conn = PQconnectdb (uri);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("cannot connect to the test database: %s", PQerrorMessage (conn));
  return conn;
}

/* A new empty database of this process's cluster, as a URI. */
G_GNUC_UNUSED static char *
server_test_pg_database (void)
{
  static guint n;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  char *uri;

  if (server_test_cluster == NULL)
    {
      server_test_cluster = pg_test_cluster_start (&error);
      g_assert_no_error (error);
      atexit (server_test_stop_cluster);
    }
  name = g_strdup_printf ("kasir_test_%u", ++n);
  uri = pg_test_cluster_new_database (server_test_cluster, name, &error);
  g_assert_no_error (error);
  return uri;
}

/* A new database of the backend under test: a file in @dir, or a PostgreSQL URI. */
G_GNUC_UNUSED static char *
server_test_new_db (const char *dir)
{
  if (server_test_uses_pg ())
    return server_test_pg_database ();
  return g_build_filename (dir, "server.db", NULL);
}

/* Skips the calling test case, naming why, when it is about SQLite files. */
G_GNUC_UNUSED static gboolean
server_test_sqlite_only (const char *why)
{
  if (!server_test_uses_pg ())
    return FALSE;
  g_test_skip (why);
  return TRUE;
}

G_GNUC_UNUSED static gpointer
server_thread_main (gpointer data)
{
  ServerFixture *fx = data;
  g_autoptr(GError) error = NULL;
  KasirServerStore *store;

  g_main_context_push_thread_default (fx->context);
  store = kasir_server_store_open (fx->db_path, NULL, FALSE, &error);
  if (store != NULL)
    {
      fx->server = kasir_server_new (store);
      kasir_server_set_limits (fx->server, &fx->limits);
      if (fx->max_body > 0)
        kasir_server_set_max_body (fx->server, fx->max_body);
      if (kasir_server_listen (fx->server, "127.0.0.1:0", NULL, &error))
        fx->url = kasir_server_get_url (fx->server);
    }
  g_mutex_lock (&fx->lock);
  fx->start_error = g_steal_pointer (&error);
  fx->ready = TRUE;
  g_cond_signal (&fx->cond);
  g_mutex_unlock (&fx->lock);

  if (fx->url != NULL)
    g_main_loop_run (fx->loop);
  /* Close the connections the client kept alive before the server goes. */
  if (fx->server != NULL)
    kasir_server_disconnect (fx->server);
  while (g_main_context_iteration (fx->context, FALSE))
    ;
  g_clear_object (&fx->server);
  g_main_context_pop_thread_default (fx->context);
  return NULL;
}

/* The fixture's staff ids, as in the demo data. */
#define STAFF_MANAGER_1 1
#define STAFF_CASHIER_1 2
#define STAFF_MANAGER_2 4
#define STAFF_CASHIER_2 5

static const struct
{
  gint64      outlet;
  const char *name;
  const char *role;
} fixture_staff[] = {
  { 1, "Siti Rahayu", "manager" },
  { 1, "Budi Santoso", "cashier" },
  { 1, "Dewi Lestari", "cashier" },
  { 2, "Agus Wijaya", "manager" },
  { 2, "Rina Kurniawati", "cashier" },
  { 2, "Joko Susilo", "cashier" },
};

/* Makes a database with two outlets, their staff and a small catalog, and starts the
 * server with @limits (NULL: kasir-server's defaults). */
G_GNUC_UNUSED static ServerFixture *
server_fixture_new_full (const KasirServerLimits *limits,
                         gsize                    max_body)
{
  ServerFixture *fx = g_new0 (ServerFixture, 1);
  const KasirServerLimits defaults = KASIR_SERVER_LIMITS_DEFAULT;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  static const char csv[] =
    "sku,barcode,name,price,tax_rate,category,stock\n"
    "A-1,8991010000017,Air Mineral 600 ml,3500,11,Minuman,10\n"
    "A-2,8991010000024,Teh Manis 350 ml,4000,11,Minuman,1\n"
    "A-3,,Keripik Kentang 68 g,9500,11,Makanan Ringan,50\n"
    "A-4,,Mi Goreng 85 g,3200,11,Mi Instan,100\n";

  fx->limits = limits != NULL ? *limits : defaults;
  fx->max_body = max_body;
  fx->dir = g_dir_make_tmp ("kasir-server-test-XXXXXX", &error);
  g_assert_no_error (error);
  fx->db_path = server_test_new_db (fx->dir);
  fx->admin = kasir_server_store_open (fx->db_path, NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (kasir_server_store_add_outlet (fx->admin, "Outlet Satu", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (kasir_server_store_add_outlet (fx->admin, "Outlet Dua", NULL, &error));
  g_assert_no_error (error);
  /* The staff of the demo data, in its order: the server checks every mutation's staff
   * member against these. The hash is never checked by the server. */
  for (guint i = 0; i < G_N_ELEMENTS (fixture_staff); i++)
    {
      KasirServerNewStaff staff = { fixture_staff[i].outlet, (char *) fixture_staff[i].name,
                                    (char *) fixture_staff[i].role, (char *) "$argon2id$test" };

      g_assert_true (kasir_server_store_add_staff (fx->admin, &staff, NULL, &error));
      g_assert_no_error (error);
    }
  rows = kasir_server_catalog_parse_csv (csv, strlen (csv), &error);
  g_assert_no_error (error);
  g_assert_true (kasir_server_store_import_products (fx->admin, rows, NULL, NULL, &error));
  g_assert_no_error (error);

  g_mutex_init (&fx->lock);
  g_cond_init (&fx->cond);
  fx->context = g_main_context_new ();
  fx->loop = g_main_loop_new (fx->context, FALSE);
  fx->thread = g_thread_new ("server", server_thread_main, fx);
  g_mutex_lock (&fx->lock);
  while (!fx->ready)
    g_cond_wait (&fx->cond, &fx->lock);
  g_mutex_unlock (&fx->lock);
  g_assert_no_error (fx->start_error);
  g_assert_nonnull (fx->url);
  fx->session = soup_session_new_with_options ("timeout", 30, NULL);
  return fx;
}

G_GNUC_UNUSED static ServerFixture *
server_fixture_new_with_limits (const KasirServerLimits *limits)
{
  return server_fixture_new_full (limits, 0);
}

G_GNUC_UNUSED static ServerFixture *
server_fixture_new (void)
{
  return server_fixture_new_full (NULL, 0);
}

static gboolean
quit_loop_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

G_GNUC_UNUSED static void
server_fixture_free (ServerFixture *fx)
{
  g_clear_object (&fx->session);
  g_main_context_invoke (fx->context, quit_loop_cb, fx->loop);
  g_thread_join (fx->thread);
  g_main_loop_unref (fx->loop);
  g_main_context_unref (fx->context);
  kasir_server_store_free (fx->admin);
  g_clear_error (&fx->start_error);
  rm_rf (fx->dir);
  g_free (fx->dir);
  g_free (fx->db_path);
  g_free (fx->url);
  g_mutex_clear (&fx->lock);
  g_cond_clear (&fx->cond);
  g_free (fx);
}

/* One HTTP request with a real libsoup client. Returns the parsed body (NULL if not
 * JSON) and sets *status. @raw_body: sent as is; @length -1 for strlen. */
G_GNUC_UNUSED static JsonNode *
http_raw (ServerFixture *fx,
          const char    *method,
          const char    *path,
          const char    *token,
          const char    *raw_body,
          gssize         length,
          guint         *status,
          char         **text_out)
{
  g_autofree char *uri = g_strconcat (fx->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  gsize n;
  const char *data;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (raw_body != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (raw_body, length < 0 ? strlen (raw_body) : (gsize) length);
      soup_message_set_request_body_from_bytes (msg, "application/json", body);
    }
  reply = soup_session_send_and_read (fx->session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  data = g_bytes_get_data (reply, &n);
  if (text_out != NULL)
    *text_out = g_strndup (data ? data : "", n);
  {
    g_autofree char *copy = g_strndup (data ? data : "", n);
    return n > 0 ? json_from_string (copy, NULL) : NULL;
  }
}

G_GNUC_UNUSED static JsonNode *
http_json (ServerFixture *fx,
           const char    *method,
           const char    *path,
           const char    *token,
           JsonNode      *body,
           guint         *status)
{
  g_autofree char *text = body ? kasir_protocol_to_string (body, NULL) : NULL;

  return http_raw (fx, method, path, token, text, -1, status, NULL);
}

G_GNUC_UNUSED static char *
error_code_of (JsonNode *node)
{
  JsonObject *err;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  err = json_object_get_object_member (json_node_get_object (node), "error");
  return err ? g_strdup (json_object_get_string_member (err, "code")) : NULL;
}

/* Makes an enrollment code through the admin connection, as 'kasir-server enroll' does. */
G_GNUC_UNUSED static char *
make_enroll_code (ServerFixture *fx,
                  gint64         outlet_id,
                  gint64         expires_in_seconds)
{
  g_autoptr(GError) error = NULL;
  char *code = kasir_server_enroll_code_new ();
  g_autofree char *hash = kasir_server_enroll_code_hash (code);

  g_assert_true (kasir_server_store_add_enroll_code (fx->admin, outlet_id, hash,
                                                     g_get_real_time () / G_USEC_PER_SEC + expires_in_seconds,
                                                     &error));
  g_assert_no_error (error);
  return code;
}

G_GNUC_UNUSED static TestTerminal *
enroll_terminal (ServerFixture *fx,
                 gint64         outlet_id)
{
  g_autofree char *code = make_enroll_code (fx, outlet_id, 600);
  KasirEnrollRequest req = { code, (char *) "Till" };
  g_autoptr(JsonNode) body = kasir_protocol_encode_enroll_request (&req);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(KasirEnrollResponse) resp = NULL;
  g_autoptr(GError) error = NULL;
  TestTerminal *t;
  guint status;

  reply = http_json (fx, "POST", "/api/v1/enroll", NULL, body, &status);
  g_assert_cmpuint (status, ==, 200);
  resp = kasir_protocol_decode_enroll_response (reply, &error);
  g_assert_no_error (error);
  g_assert_cmpint (resp->outlet_id, ==, outlet_id);
  t = g_new0 (TestTerminal, 1);
  t->terminal_id = resp->terminal_id;
  t->outlet_id = resp->outlet_id;
  t->token = g_strdup (resp->token);
  t->next_seq = 1;
  return t;
}

G_GNUC_UNUSED static void
test_terminal_free (TestTerminal *t)
{
  g_free (t->token);
  g_free (t);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestTerminal, test_terminal_free)

/* The manager and a cashier of the terminal's outlet, as the fixture made them. */
G_GNUC_UNUSED static gint64
manager_of (const TestTerminal *t)
{
  return t->outlet_id == 1 ? STAFF_MANAGER_1 : STAFF_MANAGER_2;
}

G_GNUC_UNUSED static gint64
cashier_of (const TestTerminal *t)
{
  return t->outlet_id == 1 ? STAFF_CASHIER_1 : STAFF_CASHIER_2;
}

/* A consistent tax-inclusive cash sale of @qty units of each product at @price with
 * @price_version, paid exactly. */
G_GNUC_UNUSED static KasirSale *
make_sale (const gint64 *product_ids,
           const gint64 *prices,
           const gint64 *price_versions,
           gint64        qty,
           guint         n_lines)
{
  KasirSale *sale = kasir_sale_new ();

  sale->sale_id = kasir_uuid_new ();
  sale->receipt_no = g_strdup_printf ("1-%06u", g_random_int_range (1, 999999));
  memcpy (sale->currency, "IDR", 4);
  sale->tax_inclusive = TRUE;
  sale->created_at = kasir_now_rfc3339 ();
  for (guint i = 0; i < n_lines; i++)
    {
      KasirSaleLine *l = kasir_sale_line_new ();
      l->product_id = product_ids[i];
      l->qty = qty;
      l->unit_price = prices[i];
      l->price_version = price_versions ? price_versions[i] : 1;
      l->tax_rate_bp = 1100;
      l->total = qty * prices[i];
      g_assert_true (kasir_tax_included (l->total, 1100, &l->tax));
      sale->subtotal += l->total;
      sale->tax += l->tax;
      g_ptr_array_add (sale->lines, l);
    }
  sale->total = sale->subtotal;
  g_ptr_array_add (sale->payments, kasir_payment_new (KASIR_PAYMENT_CASH, sale->total));
  return sale;
}

G_GNUC_UNUSED static KasirMutation *
make_mutation (TestTerminal      *t,
               KasirMutationType  type,
               JsonNode          *payload)
{
  KasirMutation *m = kasir_mutation_new ();

  m->seq = t->next_seq++;
  m->id = kasir_uuid_new ();
  m->type = type;
  m->created_at = kasir_now_rfc3339 ();
  m->payload = payload;
  return m;
}

G_GNUC_UNUSED static KasirMutation *
make_sale_mutation (TestTerminal *t,
                    KasirSale    *sale)
{
  return make_mutation (t, KASIR_MUTATION_SALE_CREATE, kasir_protocol_encode_sale (sale));
}

/* Pushes @mutations (KasirMutation*) and returns the decoded response, or NULL when the
 * status is not 200 (*status tells). */
G_GNUC_UNUSED static KasirPushResponse *
push (ServerFixture *fx,
      TestTerminal  *t,
      GPtrArray     *mutations,
      guint         *status,
      JsonNode     **raw)
{
  KasirPushRequest req = { t->terminal_id, mutations };
  g_autoptr(JsonNode) body = kasir_protocol_encode_push_request (&req);
  g_autoptr(JsonNode) reply = http_json (fx, "POST", "/api/v1/sync/push", t->token, body, status);
  g_autoptr(GError) error = NULL;
  KasirPushResponse *resp = NULL;

  if (*status == 200)
    {
      resp = kasir_protocol_decode_push_response (reply, &error);
      g_assert_no_error (error);
    }
  if (raw != NULL)
    *raw = g_steal_pointer (&reply);
  return resp;
}

/* Pushes one mutation and returns its result. The push itself must succeed: a bad
 * mutation is answered in its result, never by holding the queue (a 503). */
G_GNUC_UNUSED static KasirPushResult *
push_one (ServerFixture *fx,
          TestTerminal  *t,
          KasirMutation *m)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);
  g_autoptr(KasirPushResponse) resp = NULL;
  guint status;

  g_ptr_array_add (batch, m);
  resp = push (fx, t, batch, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (resp->results->len, ==, 1);
  return kasir_push_result_copy (g_ptr_array_index (resp->results, 0));
}

G_GNUC_UNUSED static KasirPullResponse *
pull (ServerFixture *fx,
      TestTerminal  *t,
      gint64         cursor,
      guint          limit)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/sync/pull?cursor=%" G_GINT64_FORMAT "&limit=%u",
                                           cursor, limit);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  KasirPullResponse *resp;
  guint status;

  reply = http_json (fx, "GET", path, t->token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  resp = kasir_protocol_decode_pull_response (reply, &error);
  g_assert_no_error (error);
  return resp;
}

/* ---- Looking at the database from outside ---- */

G_GNUC_UNUSED static sqlite3 *
db_open (ServerFixture *fx)
{
  sqlite3 *db = NULL;

  g_assert_false (server_test_uses_pg ());
  g_assert_cmpint (sqlite3_open_v2 (fx->db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

/* Runs @sql on the fixture's PostgreSQL database; the result must be freed. */
G_GNUC_UNUSED static PGresult *
db_pg_exec (ServerFixture *fx,
            const char    *sql)
{
  PGconn *conn = server_test_pg_connect (fx->db_path);
  PGresult *r = PQexec (conn, sql);

  if (PQresultStatus (r) != PGRES_TUPLES_OK && PQresultStatus (r) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (r));
  PQfinish (conn);
  return r;
}

/* Runs a statement that changes the database, as an intruder with the file would. */
G_GNUC_UNUSED static void
db_exec (ServerFixture *fx,
         const char    *sql)
{
  if (server_test_uses_pg ())
    PQclear (db_pg_exec (fx, sql));
  else
    {
      sqlite3 *db = NULL;

      g_assert_cmpint (sqlite3_open_v2 (fx->db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
      sqlite3_busy_timeout (db, 5000);
      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);
    }
}

/* The first column of the first row as an integer (a boolean as 0 or 1), G_MININT64
 * when there is no row. */
G_GNUC_UNUSED static gint64
db_int (ServerFixture *fx,
        const char    *sql)
{
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  gint64 v = G_MININT64;

  if (server_test_uses_pg ())
    {
      PGresult *r = db_pg_exec (fx, sql);

      if (PQntuples (r) > 0)
        {
          const char *text = PQgetvalue (r, 0, 0);
          v = g_str_equal (text, "t") ? 1 : g_str_equal (text, "f") ? 0 : g_ascii_strtoll (text, NULL, 10);
        }
      PQclear (r);
      return v;
    }
  db = db_open (fx);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return v;
}

/* The first column of the first row as text (NULL for none). */
G_GNUC_UNUSED static char *
db_text (ServerFixture *fx,
         const char    *sql)
{
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  char *v = NULL;

  if (server_test_uses_pg ())
    {
      PGresult *r = db_pg_exec (fx, sql);

      if (PQntuples (r) > 0 && !PQgetisnull (r, 0, 0))
        v = g_strdup (PQgetvalue (r, 0, 0));
      PQclear (r);
      return v;
    }
  db = db_open (fx);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return v;
}

static void
digest_value (GChecksum    *sum,
              const guchar *v)
{
  g_checksum_update (sum, v ? v : (const guchar *) "\x01NULL", -1);
  g_checksum_update (sum, (const guchar *) "\x02", 1);
}

/* Adds the rows of @tables to @sum, each table in a fixed row order. */
G_GNUC_UNUSED static void
db_digest_tables (ServerFixture      *fx,
                  const char * const *tables,
                  guint               n_tables,
                  GChecksum          *sum)
{
  for (guint t = 0; t < n_tables; t++)
    {
      g_checksum_update (sum, (const guchar *) tables[t], -1);
      if (server_test_uses_pg ())
        {
          g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" AS r ORDER BY r::text", tables[t]);
          PGresult *rows = db_pg_exec (fx, sql);

          for (int i = 0; i < PQntuples (rows); i++)
            for (int c = 0; c < PQnfields (rows); c++)
              digest_value (sum, PQgetisnull (rows, i, c) ? NULL : (const guchar *) PQgetvalue (rows, i, c));
          PQclear (rows);
        }
      else
        {
          g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY rowid", tables[t]);
          sqlite3 *db = db_open (fx);
          sqlite3_stmt *rows = NULL;

          g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &rows, NULL), ==, SQLITE_OK);
          while (sqlite3_step (rows) == SQLITE_ROW)
            for (int c = 0; c < sqlite3_column_count (rows); c++)
              digest_value (sum, sqlite3_column_text (rows, c));
          sqlite3_finalize (rows);
          sqlite3_close (db);
        }
    }
}

/* Holds the database's write lock from another connection until db_unlock(): the
 * server's writes wait, then give up as busy. */
typedef struct
{
  sqlite3 *sqlite;
  PGconn  *pg;
} DbLock;

G_GNUC_UNUSED static DbLock
db_lock (ServerFixture *fx)
{
  DbLock lock = { NULL, NULL };

  if (server_test_uses_pg ())
    {
      PGresult *r;

      lock.pg = server_test_pg_connect (fx->db_path);
      r = PQexec (lock.pg, "BEGIN; LOCK TABLE terminals IN ACCESS EXCLUSIVE MODE");
      g_assert_cmpint (PQresultStatus (r), ==, PGRES_COMMAND_OK);
      PQclear (r);
      return lock;
    }
  g_assert_cmpint (sqlite3_open (fx->db_path, &lock.sqlite), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (lock.sqlite, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  return lock;
}

G_GNUC_UNUSED static void
db_unlock (DbLock *lock)
{
  if (lock->pg != NULL)
    {
      PQclear (PQexec (lock->pg, "ROLLBACK"));
      PQfinish (lock->pg);
    }
  if (lock->sqlite != NULL)
    {
      g_assert_cmpint (sqlite3_exec (lock->sqlite, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (lock->sqlite);
    }
}

/* Every table of the database, by name. */
static GPtrArray *
db_tables (ServerFixture *fx)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  if (server_test_uses_pg ())
    {
      PGresult *r = db_pg_exec (fx, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                                    "ORDER BY tablename");

      for (int i = 0; i < PQntuples (r); i++)
        g_ptr_array_add (names, g_strdup (PQgetvalue (r, i, 0)));
      PQclear (r);
    }
  else
    {
      sqlite3 *db = db_open (fx);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                           "ORDER BY name", -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      sqlite3_finalize (stmt);
      sqlite3_close (db);
    }
  return names;
}

/* SHA-256 over every row of every table, in a fixed order: equal digests mean that
 * nothing at all changed. */
G_GNUC_UNUSED static char *
db_digest (ServerFixture *fx)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GPtrArray) tables = db_tables (fx);

  db_digest_tables (fx, (const char * const *) tables->pdata, tables->len, sum);
  return g_strdup (g_checksum_get_string (sum));
}
