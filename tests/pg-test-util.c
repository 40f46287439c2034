/* pg-test-util.c — a real PostgreSQL server for the tests; see pg-test-util.h.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libpq-fe.h>

#include "pg-test-util.h"

#include <errno.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

char *
pg_test_find_bin_dir (GError **error)
{
  g_autoptr(GDir) versions = g_dir_open ("/usr/lib/postgresql", 0, NULL);
  g_autofree char *best = NULL;
  g_autofree char *on_path = NULL;
  guint64 best_version = 0;
  const char *name;

  while (versions != NULL && (name = g_dir_read_name (versions)) != NULL)
    {
      g_autofree char *initdb = g_build_filename ("/usr/lib/postgresql", name, "bin", "initdb", NULL);
      guint64 version;

      if (g_ascii_string_to_unsigned (name, 10, 1, 1000, &version, NULL)
          && g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE) && version > best_version)
        {
          best_version = version;
          g_free (best);
          best = g_path_get_dirname (initdb);
        }
    }
  if (best != NULL)
    return g_steal_pointer (&best);
  on_path = g_find_program_in_path ("initdb");
  if (on_path != NULL)
    return g_path_get_dirname (on_path);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       "PostgreSQL is not installed (no initdb in /usr/lib/postgresql/*/bin "
                       "or on the PATH)");
  return NULL;
}

/* Runs a PostgreSQL program of @cluster, as postgres when the tests run as root. */
static gboolean
run_pg (PgTestCluster  *cluster,
        const char     *program,
        GError        **error,
        ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *out = NULL;
  const char *arg;
  va_list args;

  if (cluster->as_postgres)
    {
      g_ptr_array_add (argv, g_strdup ("runuser"));
      g_ptr_array_add (argv, g_strdup ("-u"));
      g_ptr_array_add (argv, g_strdup ("postgres"));
      g_ptr_array_add (argv, g_strdup ("--"));
    }
  g_ptr_array_add (argv, g_build_filename (cluster->bin_dir, program, NULL));
  va_start (args, error);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, error);
  if (proc == NULL || !g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, error))
    return FALSE;
  if (!g_subprocess_get_successful (proc))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s failed: %s", program, out ? out : "");
      return FALSE;
    }
  return TRUE;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static PgTestCluster *
cluster_start (gboolean   durable,
               GError   **error)
{
  PgTestCluster *cluster = g_new0 (PgTestCluster, 1);
  g_autofree char *data = NULL;
  g_autofree char *log = NULL;
  g_autofree char *options = NULL;
  guint port = 20000 + g_random_int_range (0, 20000);

  cluster->bin_dir = pg_test_find_bin_dir (error);
  if (cluster->bin_dir == NULL)
    goto fail;
  cluster->dir = g_dir_make_tmp ("kasir-pg-XXXXXX", error);
  if (cluster->dir == NULL)
    goto fail;
  cluster->as_postgres = geteuid () == 0;
  if (cluster->as_postgres)
    {
      struct passwd *pw = getpwnam ("postgres");

      if (pw == NULL || chown (cluster->dir, pw->pw_uid, pw->pw_gid) != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                       "running as root, and the directory cannot be given to the postgres user: %s",
                       pw == NULL ? "no such user" : g_strerror (errno));
          goto fail;
        }
    }
  data = g_build_filename (cluster->dir, "data", NULL);
  log = g_build_filename (cluster->dir, "server.log", NULL);
  /* The socket alone, in the private directory: no port is opened to anyone. Durability
   * is not what these tests measure. */
  options = g_strdup_printf ("-p %u -k %s -c listen_addresses=''%s", port, cluster->dir,
                             durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
  cluster->options = g_strdup (options);
  if (!run_pg (cluster, "initdb", error, "-A", "trust", "-U", "postgres", "-E", "UTF8",
               "--no-sync", "-D", data, NULL)
      || !run_pg (cluster, "pg_ctl", error, "-D", data, "-o", options, "-l", log, "-w", "start",
                  NULL))
    goto fail;
  cluster->conninfo = g_strdup_printf ("host=%s port=%u user=postgres dbname=postgres",
                                       cluster->dir, port);
  {
    g_autofree char *escaped = g_uri_escape_string (cluster->dir, NULL, FALSE);

    /* libpq reads a host that starts with a percent-encoded "/" as a socket directory. */
    cluster->uri = g_strdup_printf ("postgresql://postgres@%s:%u/postgres", escaped, port);
  }
  return cluster;

fail:
  pg_test_cluster_stop (cluster);
  return NULL;
}

PgTestCluster *
pg_test_cluster_start (GError **error)
{
  return cluster_start (FALSE, error);
}

PgTestCluster *
pg_test_cluster_start_durable (GError **error)
{
  return cluster_start (TRUE, error);
}

char *
pg_test_cluster_new_database (PgTestCluster  *cluster,
                              const char     *name,
                              GError        **error)
{
  g_autofree char *sql = g_strdup_printf ("CREATE DATABASE %s", name);
  PGconn *conn = PQconnectdb (cluster->conninfo);
  PGresult *r = NULL;
  gboolean ok = PQstatus (conn) == CONNECTION_OK
                && PQresultStatus (r = PQexec (conn, sql)) == PGRES_COMMAND_OK;

  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", sql, PQerrorMessage (conn));
  PQclear (r);
  PQfinish (conn);
  if (!ok)
    return NULL;
  return g_strdup_printf ("%.*s/%s", (int) (strlen (cluster->uri) - strlen ("/postgres")), cluster->uri, name);
}

gboolean
pg_test_cluster_restart (PgTestCluster  *cluster,
                         GError        **error)
{
  g_autofree char *data = g_build_filename (cluster->dir, "data", NULL);
  g_autofree char *log = g_build_filename (cluster->dir, "server.log", NULL);

  return run_pg (cluster, "pg_ctl", error, "-D", data, "-m", "fast", "-w", "stop", NULL)
         && run_pg (cluster, "pg_ctl", error, "-D", data, "-o", cluster->options, "-l", log, "-w", "start",
                    NULL);
}

void
pg_test_cluster_stop (PgTestCluster *cluster)
{
  if (cluster == NULL)
    return;
  if (cluster->conninfo != NULL)
    {
      g_autofree char *data = g_build_filename (cluster->dir, "data", NULL);
      g_autoptr(GError) error = NULL;

      if (!run_pg (cluster, "pg_ctl", &error, "-D", data, "-m", "immediate", "-w", "stop", NULL))
        g_printerr ("# could not stop PostgreSQL: %s\n", error->message);
    }
  if (cluster->dir != NULL)
    remove_tree (cluster->dir);
  g_free (cluster->dir);
  g_free (cluster->bin_dir);
  g_free (cluster->conninfo);
  g_free (cluster->uri);
  g_free (cluster->options);
  g_free (cluster);
}
