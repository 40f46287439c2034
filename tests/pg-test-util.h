/* pg-test-util.h — a real PostgreSQL server for the tests, started in a temporary
 * directory and stopped at the end: initdb, then pg_ctl on a Unix socket only (no TCP
 * port is opened). PostgreSQL refuses to run as root, so when the tests run as root the
 * cluster belongs to the "postgres" user and its commands run through runuser.
 *
 * Debian installs initdb and pg_ctl in /usr/lib/postgresql/VERSION/bin, not on the PATH;
 * the newest version there is used, else whatever the PATH has.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char    *dir;        /* the temporary directory: data/, the socket, the log */
  char    *bin_dir;
  char    *conninfo;   /* a libpq connection string for the "postgres" database */
  char    *uri;        /* the same as a postgresql:// URI */
  gboolean as_postgres;
  char    *options;    /* the server's options, for a restart */
} PgTestCluster;

/* Where initdb is, or NULL (with @error) when PostgreSQL is not installed. */
char          *pg_test_find_bin_dir  (GError **error);
/* Starts a new cluster, about a second. NULL with @error when it cannot. It does not
 * wait for its disk (fsync off): tests measure behaviour, not durability. */
PgTestCluster *pg_test_cluster_start (GError **error);
/* The same, with PostgreSQL's default durability (fsync, synchronous commit), for
 * benchmarks that compare with SQLite's synchronous=FULL. */
PgTestCluster *pg_test_cluster_start_durable (GError **error);
/* A new empty database in @cluster, as a URI. */
char          *pg_test_cluster_new_database (PgTestCluster *cluster,
                                             const char    *name,
                                             GError       **error);
/* Stops the server (cutting every connection; what was committed stays, although the
 * test cluster does not wait for its disk) and starts it again on the same data. */
gboolean       pg_test_cluster_restart (PgTestCluster *cluster,
                                        GError       **error);
/* Stops the cluster at once and deletes its directory. */
void           pg_test_cluster_stop  (PgTestCluster *cluster);

G_END_DECLS
