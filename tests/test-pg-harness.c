/* test-pg-harness.c — the tests can start a real PostgreSQL of their own (see
 * pg-test-util.h), reach it through libpq by both of the connection forms kasir-server
 * will take, and leave nothing behind. The PostgreSQL backend's tests stand on this.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libpq-fe.h>

#include "pg-test-util.h"

static void
assert_round_trip (const char *conninfo)
{
  PGconn *conn = PQconnectdb (conninfo);
  PGresult *res;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("could not connect with %s: %s", conninfo, PQerrorMessage (conn));
  g_assert_cmpint (PQserverVersion (conn), >=, 150000);
  res = PQexec (conn, "CREATE TABLE IF NOT EXISTS t (id bigint PRIMARY KEY, qty bigint NOT NULL);"
                      "INSERT INTO t VALUES (1, -9223372036854775808) ON CONFLICT (id) DO NOTHING");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_COMMAND_OK);
  PQclear (res);
  res = PQexec (conn, "SELECT qty FROM t WHERE id = 1");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  g_assert_cmpint (PQntuples (res), ==, 1);
  g_assert_cmpstr (PQgetvalue (res, 0, 0), ==, "-9223372036854775808");
  PQclear (res);
  PQfinish (conn);
}

static void
test_cluster (void)
{
  g_autoptr(GError) error = NULL;
  PgTestCluster *cluster = pg_test_cluster_start (&error);
  g_autofree char *dir = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (cluster);
  dir = g_strdup (cluster->dir);
  assert_round_trip (cluster->conninfo);
  assert_round_trip (cluster->uri);
  pg_test_cluster_stop (cluster);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Kasir/Pg/harness", test_cluster);
  return g_test_run ();
}
