/* test-server-prune.c — the periodic tombstone prune of `kasir-server serve` runs on a
 * writer of the worker pool, never on the main loop: while the database holds it up (its
 * write lock, or a lock on the change log, taken from outside for 3 s), the server still
 * answers at once; once the lock goes, the next prune removes the old tombstones. Both
 * backends.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "server-data/server-test-util.h"

#include "kasir-server-prune.h"

/* The server of this test: workers, and a prune every second keeping no tombstone. */
static gpointer
prune_server_main (gpointer data)
{
  ServerFixture *fx = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirServerPrune) pruner = NULL;
  KasirServerStore *store;

  g_main_context_push_thread_default (fx->context);
  store = kasir_server_store_open (fx->db_path, NULL, FALSE, &error);
  if (store != NULL)
    {
      fx->server = kasir_server_new (store);
      if (kasir_server_set_workers (fx->server, fx->db_path, NULL, 1, 1, &error)
          && kasir_server_listen (fx->server, "127.0.0.1:0", NULL, &error))
        fx->url = kasir_server_get_url (fx->server);
    }
  g_mutex_lock (&fx->lock);
  fx->start_error = g_steal_pointer (&error);
  fx->ready = TRUE;
  g_cond_signal (&fx->cond);
  g_mutex_unlock (&fx->lock);

  if (fx->url != NULL)
    {
      pruner = kasir_server_prune_new (fx->server, 0, 1);
      g_main_loop_run (fx->loop);
    }
  g_clear_pointer (&pruner, kasir_server_prune_free);
  if (fx->server != NULL)
    kasir_server_disconnect (fx->server);
  while (g_main_context_iteration (fx->context, FALSE))
    ;
  g_clear_object (&fx->server);
  g_main_context_pop_thread_default (fx->context);
  return NULL;
}

/* A lock that holds the prune up, taken from outside as another program would. */
typedef struct
{
  sqlite3 *db;
  PGconn  *conn;
} OutsideLock;

static OutsideLock
lock_change_log (ServerFixture *fx)
{
  OutsideLock lock = { 0 };

  if (server_test_uses_pg ())
    {
      PGresult *r;

      lock.conn = server_test_pg_connect (fx->db_path);
      r = PQexec (lock.conn, "BEGIN; LOCK TABLE change_log IN ACCESS EXCLUSIVE MODE");
      g_assert_cmpint (PQresultStatus (r), ==, PGRES_COMMAND_OK);
      PQclear (r);
    }
  else
    {
      g_assert_cmpint (sqlite3_open_v2 (fx->db_path, &lock.db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (lock.db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
    }
  return lock;
}

static void
unlock_change_log (OutsideLock *lock)
{
  if (lock->conn != NULL)
    {
      PQclear (PQexec (lock->conn, "ROLLBACK"));
      PQfinish (lock->conn);
    }
  if (lock->db != NULL)
    {
      sqlite3_exec (lock->db, "ROLLBACK", NULL, NULL, NULL);
      sqlite3_close (lock->db);
    }
}

/* The tombstones, counted through the lock's own connection (PostgreSQL's lock keeps
 * every other reader out). */
static gint64
count_tombstones (OutsideLock *lock)
{
  static const char sql[] = "SELECT COUNT(*) FROM change_log WHERE op = 'del'";
  gint64 n;

  if (lock->conn != NULL)
    {
      PGresult *r = PQexec (lock->conn, sql);

      g_assert_cmpint (PQresultStatus (r), ==, PGRES_TUPLES_OK);
      n = g_ascii_strtoll (PQgetvalue (r, 0, 0), NULL, 10);
      PQclear (r);
    }
  else
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (lock->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      n = sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);
    }
  return n;
}

static void
test_prune_on_worker (void)
{
  ServerFixture *fx = g_new0 (ServerFixture, 1);
  g_autoptr(GError) error = NULL;
  KasirServerStore *admin;
  OutsideLock lock;
  gint64 start, waited_us, deadline;
  guint status;

  fx->dir = g_dir_make_tmp ("kasir-server-prune-XXXXXX", &error);
  g_assert_no_error (error);
  fx->db_path = server_test_new_db (fx->dir);
  admin = kasir_server_store_open (fx->db_path, NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (kasir_server_store_add_outlet (admin, "Outlet Satu", NULL, &error));
  /* Three settings set and removed: three tombstones. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *key = g_strdup_printf ("receipt-footer-%u", i);

      g_assert_true (kasir_server_store_set_setting (admin, 1, key, "Terima kasih", &error));
      g_assert_no_error (error);
      g_assert_true (kasir_server_store_set_setting (admin, 1, key, NULL, &error));
      g_assert_no_error (error);
    }
  kasir_server_store_free (admin);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM change_log WHERE op = 'del'"), ==, 3);
  /* Older than "now" by the time the server prunes. */
  g_usleep (1100 * 1000);

  lock = lock_change_log (fx);
  g_mutex_init (&fx->lock);
  g_cond_init (&fx->cond);
  fx->context = g_main_context_new ();
  fx->loop = g_main_loop_new (fx->context, FALSE);
  fx->thread = g_thread_new ("server", prune_server_main, fx);
  g_mutex_lock (&fx->lock);
  while (!fx->ready)
    g_cond_wait (&fx->cond, &fx->lock);
  g_mutex_unlock (&fx->lock);
  g_assert_no_error (fx->start_error);
  fx->session = soup_session_new_with_options ("timeout", 30, NULL);

  /* A prune has started and waits for the lock; the main loop answers meanwhile. */
  g_usleep (1500 * 1000);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonNode) reply = NULL;

      start = g_get_monotonic_time ();
      reply = http_raw (fx, "GET", "/api/v1/health", NULL, NULL, 0, &status, NULL);
      waited_us = g_get_monotonic_time () - start;
      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpint (waited_us, <, 500 * 1000);
      g_usleep (500 * 1000);
    }
  g_assert_cmpint (count_tombstones (&lock), ==, 3);
  unlock_change_log (&lock);

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (db_int (fx, "SELECT COUNT(*) FROM change_log WHERE op = 'del'") > 0
         && g_get_monotonic_time () < deadline)
    g_usleep (100 * 1000);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM change_log WHERE op = 'del'"), ==, 0);

  g_clear_object (&fx->session);
  g_main_context_invoke (fx->context, quit_loop_cb, fx->loop);
  g_thread_join (fx->thread);
  g_main_loop_unref (fx->loop);
  g_main_context_unref (fx->context);
  g_clear_error (&fx->start_error);
  rm_rf (fx->dir);
  g_free (fx->dir);
  g_free (fx->db_path);
  g_free (fx->url);
  g_mutex_clear (&fx->lock);
  g_cond_clear (&fx->cond);
  g_free (fx);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Kasir/Server/Prune/on-a-worker", test_prune_on_worker);
  return g_test_run ();
}
