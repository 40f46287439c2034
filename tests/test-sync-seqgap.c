/* test-sync-seqgap.c — a real till and a real kasir-server whose database is restored
 * from an earlier copy.
 *
 * The till syncs three sales (the outbox is pruned: acknowledged rows are gone), the
 * server's database is copied, the till pushes two more sales (acknowledged, but its
 * pull fails, so they are still held), and the server is restored from the copy: it has
 * forgotten changes 4 and 5. The next push answers 409 seq_gap with expected_seq 4; the
 * till must send again from the seq the server expects, not from its own batch, and
 * afterwards every sale is on the server exactly once and the outbox is empty. The same
 * again with a till enrolled a second time, whose local seqs are the server's plus its
 * seq base. When the copy is older than what the till has already pruned, the till says
 * so, asks for a person and sends nothing past the hole.
 *
 * Between the till and the server sits a small forwarding proxy (a SoupServer on
 * loopback) that counts the 409 answers and, while told to, answers pulls with 503.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <glib/gstdio.h>

#include "kasir-database-private.h"
#include "sync-test-util.h"

/* ---- A proxy that forwards everything, and can fail pulls ---- */

typedef struct
{
  SoupServer  *server;
  SoupSession *session;
  char        *upstream;    /* http://127.0.0.1:PORT */
  char        *url;
  gboolean     fail_pulls;
  guint        n_seq_gaps;
  guint        n_pushes;
  guint        n_failed_pulls;
} Gate;

typedef struct
{
  Gate              *gate;
  SoupServerMessage *incoming;
  SoupMessage       *outgoing;
} Forward;

static void
on_forwarded (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Forward *fw = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);

  if (body == NULL)
    soup_server_message_set_status (fw->incoming, SOUP_STATUS_BAD_GATEWAY, NULL);
  else
    {
      SoupMessageHeaders *from = soup_message_get_response_headers (fw->outgoing);
      SoupMessageHeaders *to = soup_server_message_get_response_headers (fw->incoming);
      const char * const copied[] = { "Kasir-Cursor", "Kasir-Has-More" };
      const char *type = soup_message_headers_get_content_type (from, NULL);
      gsize length;
      const char *data = g_bytes_get_data (body, &length);

      if (soup_message_get_status (fw->outgoing) == 409)
        fw->gate->n_seq_gaps++;
      for (guint i = 0; i < G_N_ELEMENTS (copied); i++)
        if (soup_message_headers_get_one (from, copied[i]) != NULL)
          soup_message_headers_replace (to, copied[i], soup_message_headers_get_one (from, copied[i]));
      soup_server_message_set_status (fw->incoming, soup_message_get_status (fw->outgoing), NULL);
      soup_server_message_set_response (fw->incoming, type ? type : "application/json",
                                        SOUP_MEMORY_COPY, data, length);
    }
  soup_server_message_unpause (fw->incoming);
  g_object_unref (fw->incoming);
  g_object_unref (fw->outgoing);
  g_free (fw);
}

static void
gate_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Gate *gate = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *target = NULL;
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");
  Forward *fw;

  if (gate->fail_pulls && g_str_equal (path, "/api/v1/sync/pull"))
    {
      static const char busy[] = "{\"error\": {\"code\": \"unavailable\", \"message\": \"try later\"}}";

      gate->n_failed_pulls++;
      soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, busy,
                                        strlen (busy));
      return;
    }
  if (g_str_equal (path, "/api/v1/sync/push"))
    gate->n_pushes++;

  target = g_strconcat (gate->upstream, path, g_uri_get_query (uri) ? "?" : "",
                        g_uri_get_query (uri) ? g_uri_get_query (uri) : "", NULL);
  fw = g_new0 (Forward, 1);
  fw->gate = gate;
  fw->incoming = g_object_ref (msg);
  fw->outgoing = soup_message_new (soup_server_message_get_method (msg), target);
  g_assert_nonnull (fw->outgoing);
  if (auth != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (fw->outgoing), "Authorization", auth);
  if (request_body->length > 0)
    {
      g_autoptr(GBytes) bytes = soup_message_body_flatten (request_body);

      soup_message_set_request_body_from_bytes (fw->outgoing, "application/json", bytes);
    }
  soup_server_message_pause (msg);
  soup_session_send_and_read_async (gate->session, fw->outgoing, G_PRIORITY_DEFAULT, NULL,
                                    on_forwarded, fw);
}

static Gate *
gate_new (guint16 upstream_port)
{
  Gate *gate = g_new0 (Gate, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;

  gate->upstream = g_strdup_printf ("http://127.0.0.1:%u", upstream_port);
  gate->session = soup_session_new_with_options ("timeout", 30, NULL);
  gate->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (gate->server, NULL, gate_handler, gate, NULL);
  g_assert_true (soup_server_listen_local (gate->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (gate->server);
  gate->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  return gate;
}

static void
gate_free (Gate *gate)
{
  soup_server_disconnect (gate->server);
  g_clear_object (&gate->server);
  g_clear_object (&gate->session);
  g_free (gate->upstream);
  g_free (gate->url);
  g_free (gate);
}

/* ---- The till ---- */

typedef struct
{
  SyncTestServer *server;
  Gate           *gate;
  char           *dir;
  SyncTestTill    till;
  gint64          terminal_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->server = sync_test_server_new ();
  sync_test_server_start (f->server, 0);
  f->gate = gate_new (f->server->port);
  f->dir = g_dir_make_tmp ("kasir-seqgap-XXXXXX", &error);
  g_assert_no_error (error);

  f->till.monitor = kasir_test_network_monitor_new (TRUE);
  f->till.db = sync_test_terminal_db (f->dir, "till.db", NULL);
  f->till.service = kasir_sync_service_new (f->till.db, G_NETWORK_MONITOR (f->till.monitor), &error);
  g_assert_no_error (error);
  g_object_set (f->till.service, "heartbeat-interval", 1, "sync-interval", 2, "request-timeout", 5, NULL);
  sync_test_enroll (f->till.service, f->server, f->gate->url, 1);
  g_assert_true (sync_test_wait_drained (f->till.service, 120));
  f->terminal_id = sync_test_server_query (f->server, "SELECT MAX(id) FROM terminals");
  g_assert_cmpint (f->terminal_id, >, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sync_test_till_close (&f->till);
  gate_free (f->gate);
  sync_test_server_free (f->server);
  sync_test_remove_tree (f->dir);
  g_free (f->dir);
}

static gint64
outbox (Fixture    *f,
        const char *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM outbox%s%s", where ? " WHERE " : "",
                                          where ? where : "");

  return sync_test_local_query (f->till.db, sql);
}

static gint64
server_last_seq (Fixture *f)
{
  g_autofree char *sql = g_strdup_printf ("SELECT last_seq FROM terminals WHERE id = %" G_GINT64_FORMAT,
                                          f->terminal_id);

  return sync_test_server_query (f->server, sql);
}

typedef struct
{
  Fixture *f;
  gint64   server_sales;
} Synced;

/* The till is idle with an empty outbox, and the server holds @server_sales sales. */
static gboolean
synced (gpointer data)
{
  Synced *s = data;

  return kasir_sync_service_get_idle (s->f->till.service) &&
         kasir_sync_service_get_pending_count (s->f->till.service) == 0 &&
         outbox (s->f, NULL) == 0 &&
         sync_test_server_query (s->f->server, "SELECT COUNT(*) FROM sales") == s->server_sales;
}

/* Waits for synced(); when it does not come, says which part is missing. */
static void
wait_synced (Fixture *f,
             gint64   server_sales,
             double   seconds)
{
  Synced s = { f, server_sales };

  if (sync_test_wait_for (synced, &s, seconds))
    return;
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT COUNT(*) FROM sales"), ==, server_sales);
  g_assert_cmpint (kasir_sync_service_get_pending_count (f->till.service), ==, 0);
  /* Acknowledged rows are pruned after the pull that follows them. */
  g_assert_cmpint (outbox (f, NULL), ==, 0);
  g_assert_true (kasir_sync_service_get_idle (f->till.service));
}

static gboolean
acked_but_held (gpointer data)
{
  Fixture *f = data;

  return kasir_sync_service_get_idle (f->till.service) && f->gate->n_failed_pulls > 0 &&
         outbox (f, "state IN ('pending', 'in_flight')") == 0 && outbox (f, "state = 'acked'") == 2;
}

static gboolean
attention (gpointer data)
{
  Fixture *f = data;

  return kasir_sync_service_get_idle (f->till.service) &&
         kasir_sync_service_get_state (f->till.service) == KASIR_SYNC_STATUS_ATTENTION &&
         f->gate->n_seq_gaps > 0;
}

/* Makes @n sales while the till is offline, so that they are queued first. */
static void
sell_offline (Fixture *f,
              GRand   *rand,
              guint    n)
{
  gint64 before = outbox (f, "state = 'pending'");

  kasir_test_network_monitor_set_available (f->till.monitor, FALSE);
  for (guint i = 0; i < n; i++)
    sync_test_make_sale (f->till.db, rand);
  g_assert_cmpint (outbox (f, "state = 'pending'"), ==, before + n);
  kasir_test_network_monitor_set_available (f->till.monitor, TRUE);
  kasir_sync_service_sync_now (f->till.service);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_unlink (to);
  if (!g_file_test (from, G_FILE_TEST_EXISTS))
    return;
  g_assert_true (g_file_get_contents (from, &contents, &length, &error));
  g_assert_true (g_file_set_contents (to, contents, (gssize) length, &error));
  g_assert_no_error (error);
}

/* Copies the stopped server's database (with its WAL) from @from_dir's name to @to's. */
static void
copy_database (const char *from,
               const char *to)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *a = g_strconcat (from, suffixes[i], NULL);
      g_autofree char *b = g_strconcat (to, suffixes[i], NULL);

      copy_file (a, b);
    }
}

static void
test_restored_server (Fixture       *f,
                      gconstpointer  data)
{
  gboolean reenrolled = GPOINTER_TO_INT (data);
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);
  g_autofree char *backup = g_build_filename (f->dir, "server-backup.db", NULL);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  guint16 port = f->server->port;
  guint n_local = 0;
  gint64 before = 0;

  /* 0. Optionally, the till sells twice and is enrolled again (a new terminal on the
   * server): its local seqs no longer match the server's, the seq base does. */
  if (reenrolled)
    {
      sell_offline (f, rand, 2);
      wait_synced (f, 2, 60);
      sync_test_enroll (f->till.service, f->server, f->gate->url, 1);
      g_assert_true (sync_test_wait_drained (f->till.service, 60));
      f->terminal_id = sync_test_server_query (f->server, "SELECT MAX(id) FROM terminals");
      g_assert_cmpint (sync_test_local_query (f->till.db, "SELECT seq_base FROM sync_state"), ==, 2);
      before = 2;
    }

  /* 1. Three sales, synced: acknowledged rows are pruned from the outbox, and the till's
   * pull cursor has reached the server's newest change (a pull resumes from there). */
  sell_offline (f, rand, 3);
  wait_synced (f, before + 3, 60);
  g_assert_cmpint (server_last_seq (f), ==, 3);
  g_assert_cmpint (outbox (f, NULL), ==, 0);
  g_assert_cmpint (sync_test_local_query (f->till.db, "SELECT cursor FROM sync_state"), >, 0);
  g_assert_cmpint (sync_test_local_query (f->till.db, "SELECT cursor FROM sync_state"), ==,
                   sync_test_server_query (f->server, "SELECT MAX(seq) FROM change_log"));

  /* 2. The server's database is copied (the backup). */
  sync_test_server_stop (f->server);
  copy_database (f->server->db_path, backup);
  sync_test_server_start (f->server, port);

  /* 3. Two more sales reach the server, but the pull after them fails: the till holds
   * them as acknowledged. */
  f->gate->fail_pulls = TRUE;
  sell_offline (f, rand, 2);
  g_assert_true (sync_test_wait_for (acked_but_held, f, 60));
  g_assert_cmpint (server_last_seq (f), ==, 5);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT COUNT(*) FROM sales"), ==, before + 5);

  /* 4. The server comes back from the backup: it has forgotten changes 4 and 5. */
  sync_test_server_stop (f->server);
  copy_database (backup, f->server->db_path);
  sync_test_server_start (f->server, port);
  g_assert_cmpint (server_last_seq (f), ==, 3);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT COUNT(*) FROM sales"), ==, before + 3);
  f->gate->fail_pulls = FALSE;
  g_assert_cmpuint (f->gate->n_seq_gaps, ==, 0);

  /* 5. A sixth sale: its push is answered seq_gap, the till sends from 4. */
  sell_offline (f, rand, 1);
  wait_synced (f, before + 6, 90);
  g_assert_cmpuint (f->gate->n_seq_gaps, >=, 1);
  g_assert_cmpint (server_last_seq (f), ==, 6);
  g_assert_cmpint (outbox (f, NULL), ==, 0);
  g_assert_null (kasir_sync_service_get_last_error (f->till.service));

  /* Every sale of the till is on the server exactly once, with its total. */
  stmt = kasir_database_prepare (f->till.db, "SELECT sale_id, total FROM sales", &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *count = g_strdup_printf ("SELECT COUNT(*) FROM sales WHERE id = '%s' AND total = %"
                                                G_GINT64_FORMAT, sqlite3_column_text (stmt, 0),
                                                (gint64) sqlite3_column_int64 (stmt, 1));

      g_assert_cmpint (sync_test_server_query (f->server, count), ==, 1);
      n_local++;
    }
  kasir_database_stmt_done (stmt);
  g_assert_cmpuint (n_local, ==, before + 6);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT COUNT(*) FROM sales"), ==, before + 6);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT COUNT(*) FROM push_results"), ==, before + 6);
}

/* The server is restored from a copy older than changes the till has already pruned: it
 * cannot send them again. It says so, asks for a person, and sends nothing past the hole;
 * the new sale waits in the outbox. */
static void
test_restored_past_pruned (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (23);
  g_autofree char *backup = g_build_filename (f->dir, "server-backup.db", NULL);
  guint16 port = f->server->port;
  const char *error_text;

  sell_offline (f, rand, 3);
  wait_synced (f, 3, 60);
  sync_test_server_stop (f->server);
  copy_database (f->server->db_path, backup);
  sync_test_server_start (f->server, port);
  sell_offline (f, rand, 2);
  wait_synced (f, 5, 60);

  sync_test_server_stop (f->server);
  copy_database (backup, f->server->db_path);
  sync_test_server_start (f->server, port);
  sell_offline (f, rand, 1);
  g_assert_true (sync_test_wait_for (attention, f, 60));
  g_assert_cmpuint (f->gate->n_seq_gaps, >=, 1);
  error_text = kasir_sync_service_get_last_error (f->till.service);
  g_test_message ("told: %s", error_text);
  g_assert_nonnull (error_text);
  g_assert_nonnull (strstr (error_text, "4"));
  /* Nothing past the hole reached the server, and the sale is still queued. */
  g_assert_cmpint (server_last_seq (f), ==, 3);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT COUNT(*) FROM sales"), ==, 3);
  g_assert_cmpint (outbox (f, "state IN ('pending', 'in_flight')"), ==, 1);
  g_assert_cmpint (kasir_sync_service_get_pending_count (f->till.service), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/Kasir/SyncSeqGap/restored-server", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_restored_server, fixture_tear_down);
  g_test_add ("/Kasir/SyncSeqGap/restored-server-after-reenrolling", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_restored_server, fixture_tear_down);
  g_test_add ("/Kasir/SyncSeqGap/restored-past-pruned-changes", Fixture, NULL, fixture_set_up,
              test_restored_past_pruned, fixture_tear_down);
  return g_test_run ();
}
