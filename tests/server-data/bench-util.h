/* bench-util.h — shared by the kasir-server benchmarks: a real kasir-server process on
 * 127.0.0.1 port 0 and a terminal enrolled on it.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <signal.h>
#include <sys/resource.h>
#include <string.h>
#include <unistd.h>
#include <libsoup/soup.h>

#include "kasir-pin.h"
#include "kasir-server.h"
#include "pg-test-util.h"

typedef struct
{
  GSubprocess *proc;
  char        *url;
  char        *token;
  gint64       terminal_id;
} BenchServer;

/* Starts 'kasir-server serve' on @db_path (closed by the caller beforehand) and enrolls one
 * terminal of outlet 1 with a code made through @code_hash beforehand. */
G_GNUC_UNUSED static void
bench_server_start (BenchServer *bs,
                    const char  *db_path,
                    const char  *code,
                    SoupSession *session)
{
  const char *build = g_getenv ("KASIR_BUILD_DIR");
  g_autofree char *binary = g_build_filename (build ? build : ".", "src", "server", "kasir-server", NULL);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *enroll_url = NULL;
  g_autofree char *body = g_strdup_printf ("{\"code\": \"%s\", \"name\": \"Bench\"}", code);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) req = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(KasirEnrollResponse) resp = NULL;

  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

  /* The server runs as in production, without the test suite's debugging aids. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_unsetenv (launcher, "G_ENABLE_DIAGNOSTIC");
  bs->proc = g_subprocess_launcher_spawn (launcher, &error, binary, "serve", "--db", db_path,
                                          "--listen", "127.0.0.1:0", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bs->proc));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "listening on "));
  bs->url = g_strdup (line + strlen ("listening on "));

  enroll_url = g_strconcat (bs->url, "/api/v1/enroll", NULL);
  msg = soup_message_new ("POST", enroll_url);
  soup_message_set_request_body_from_bytes (msg, "application/json", req);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  node = kasir_protocol_parse (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), &error);
  g_assert_no_error (error);
  resp = kasir_protocol_decode_enroll_response (node, &error);
  g_assert_no_error (error);
  bs->token = g_strdup (resp->token);
  bs->terminal_id = resp->terminal_id;
}

G_GNUC_UNUSED static void
bench_server_stop (BenchServer *bs)
{
  struct rusage usage;

  g_subprocess_send_signal (bs->proc, SIGTERM);
  g_subprocess_wait (bs->proc, NULL, NULL);
  /* CPU time of the server process (the only child), steadier than wall time on a busy
   * machine. */
  if (getrusage (RUSAGE_CHILDREN, &usage) == 0)
    g_printerr ("server CPU: %.2f s user, %.2f s system\n",
                usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6,
                usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6);
  g_clear_object (&bs->proc);
  g_free (bs->url);
  g_free (bs->token);
}

G_GNUC_UNUSED static GBytes *
bench_request (SoupSession *session,
               const char  *method,
               const char  *url,
               const char  *token,
               GBytes      *body,
               guint       *status)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(GError) error = NULL;
  GBytes *reply;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", body);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  return reply;
}

static void
bench_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_remove (child);
    }
  g_rmdir (path);
}

/* ---- The backend under test ---- */

static PgTestCluster *bench_cluster;

/* A new database for @backend: a file in @dir, or a database of a PostgreSQL started
 * for the benchmark with its default durability (so that it compares with SQLite's
 * synchronous=FULL). With KASIR_BENCH_PG_SOCKET=DIR:PORT, the database is made in the
 * PostgreSQL already listening there (as user postgres) and kept, to be examined
 * afterwards (EXPLAIN, statistics, the server's log). */
G_GNUC_UNUSED static char *
bench_new_db (const char *dir,
              const char *backend)
{
  static guint n;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  const char *socket = g_getenv ("KASIR_BENCH_PG_SOCKET");
  char *uri;

  if (g_strcmp0 (backend, "postgresql") != 0)
    return g_build_filename (dir, "server.db", NULL);
  if (bench_cluster == NULL && socket != NULL && strrchr (socket, ':') != NULL)
    {
      g_autofree char *socket_dir = g_strndup (socket, strrchr (socket, ':') - socket);
      g_autofree char *escaped = g_uri_escape_string (socket_dir, NULL, FALSE);
      const char *port = strrchr (socket, ':') + 1;

      bench_cluster = g_new0 (PgTestCluster, 1);
      bench_cluster->conninfo = g_strdup_printf ("host=%s port=%s user=postgres dbname=postgres", socket_dir,
                                                 port);
      bench_cluster->uri = g_strdup_printf ("postgresql://postgres@%s:%s/postgres", escaped, port);
    }
  if (bench_cluster == NULL)
    {
      bench_cluster = pg_test_cluster_start_durable (&error);
      g_assert_no_error (error);
    }
  if (socket != NULL)
    name = g_strdup_printf ("kasir_bench_%ld_%u", (long) getpid (), ++n);
  else
    name = g_strdup_printf ("kasir_bench_%u", ++n);
  uri = pg_test_cluster_new_database (bench_cluster, name, &error);
  g_assert_no_error (error);
  return uri;
}

G_GNUC_UNUSED static void
bench_stop_cluster (void)
{
  if (bench_cluster != NULL && bench_cluster->dir == NULL)
    {
      /* Not started here (KASIR_BENCH_PG_SOCKET): left running. */
      g_free (bench_cluster->conninfo);
      g_free (bench_cluster->uri);
      g_clear_pointer (&bench_cluster, g_free);
    }
  g_clear_pointer (&bench_cluster, pg_test_cluster_stop);
}
