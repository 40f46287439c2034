/* kasir-database.c — opening, keying and migrating the terminal database.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "kasir-catalog-bulk-load.h"
#include "kasir-checkpointer.h"
#include "kasir-database-private.h"
#include "kasir-store-resources.h"

#define MIGRATIONS_PATH "/io/github/kasirpos/Kasir/store/migrations"

struct _KasirDatabase
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;
  /* Kept so that another connection can be opened for a worker thread; wiped on
   * finalize. */
  guint8      key[KASIR_DATABASE_KEY_SIZE];
  GHashTable *statements;   /* const char *sql -> sqlite3_stmt* */
  guint       depth;        /* transaction nesting */
  gint64      commit_us;    /* the last outermost COMMIT took this long */
  KasirCheckpointer *checkpointer;
};

G_DEFINE_TYPE (KasirDatabase, kasir_database, G_TYPE_OBJECT)

G_DEFINE_QUARK (kasir-database-error-quark, kasir_database_error)

static void
kasir_database_dispose (GObject *object)
{
  KasirDatabase *self = KASIR_DATABASE (object);

  if (self->statements != NULL)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->statements);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        sqlite3_finalize (value);
      g_clear_pointer (&self->statements, g_hash_table_unref);
    }

  if (self->db != NULL)
    {
      /* close_v2 defers the close until any statement still open elsewhere is
       * finalized, rather than failing and leaking the connection. */
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  /* The database is closed only once its checkpoint thread is done: nothing of it
   * outlives the last reference (and the application's exit waits for that). */
  if (self->checkpointer != NULL)
    kasir_checkpointer_wait (self->checkpointer);
  g_clear_pointer (&self->checkpointer, kasir_checkpointer_unref);

  G_OBJECT_CLASS (kasir_database_parent_class)->dispose (object);
}

static void
kasir_database_finalize (GObject *object)
{
  KasirDatabase *self = KASIR_DATABASE (object);

  sodium_memzero (self->key, sizeof self->key);
  g_free (self->path);

  G_OBJECT_CLASS (kasir_database_parent_class)->finalize (object);
}

static void
kasir_database_class_init (KasirDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kasir_database_dispose;
  object_class->finalize = kasir_database_finalize;
}

static void
kasir_database_init (KasirDatabase *self)
{
  self->statements = g_hash_table_new (g_direct_hash, g_direct_equal);
}

static int
error_code_for_rc (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
      return KASIR_DATABASE_ERROR_WRONG_KEY;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return KASIR_DATABASE_ERROR_BUSY;
    case SQLITE_CORRUPT:
      return KASIR_DATABASE_ERROR_CORRUPT;
    case SQLITE_FULL:
      return KASIR_DATABASE_ERROR_DISK_FULL;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      return KASIR_DATABASE_ERROR_OPEN;
    default:
      return KASIR_DATABASE_ERROR_FAILED;
    }
}

void
kasir_database_set_error (KasirDatabase  *self,
                          int             rc,
                          const char     *what,
                          GError        **error)
{
  const char *msg = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  g_set_error (error, KASIR_DATABASE_ERROR, error_code_for_rc (rc),
               "%s: %s", what, msg);
}

sqlite3 *
kasir_database_get_handle (KasirDatabase *self)
{
  g_return_val_if_fail (KASIR_IS_DATABASE (self), NULL);

  return self->db;
}

sqlite3_stmt *
kasir_database_prepare (KasirDatabase  *self,
                        const char     *sql,
                        GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KASIR_IS_DATABASE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      kasir_database_set_error (self, rc, "prepare", error);
      return NULL;
    }

  g_hash_table_insert (self->statements, (gpointer) sql, stmt);

  return stmt;
}

void
kasir_database_stmt_done (sqlite3_stmt *stmt)
{
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
}

void
kasir_database_bind_text (sqlite3_stmt *stmt,
                          int           index,
                          const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

char *
kasir_database_column_dup (sqlite3_stmt *stmt,
                           int           col)
{
  const unsigned char *text = sqlite3_column_text (stmt, col);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

gboolean
kasir_database_step_done (KasirDatabase  *self,
                          sqlite3_stmt   *stmt,
                          const char     *what,
                          GError        **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      kasir_database_set_error (self, rc, what, error);
      kasir_database_stmt_done (stmt);
      return FALSE;
    }

  kasir_database_stmt_done (stmt);
  return TRUE;
}

gboolean
kasir_database_exec (KasirDatabase  *self,
                     const char     *sql,
                     GError        **error)
{
  char *errmsg = NULL;
  int rc;

  g_return_val_if_fail (KASIR_IS_DATABASE (self), FALSE);

  rc = sqlite3_exec (self->db, sql, NULL, NULL, &errmsg);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, KASIR_DATABASE_ERROR, error_code_for_rc (rc), "%s",
                   errmsg != NULL ? errmsg : sqlite3_errstr (rc));
      sqlite3_free (errmsg);
      return FALSE;
    }

  return TRUE;
}

gboolean
kasir_database_query_int64 (KasirDatabase  *self,
                            const char     *sql,
                            gint64         *out,
                            GError        **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (KASIR_IS_DATABASE (self), FALSE);

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      kasir_database_set_error (self, rc, "prepare", error);
      return FALSE;
    }

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int64 (stmt, 0);
  else if (rc == SQLITE_DONE)
    *out = 0;
  else
    {
      kasir_database_set_error (self, rc, "query", error);
      sqlite3_finalize (stmt);
      return FALSE;
    }

  sqlite3_finalize (stmt);
  return TRUE;
}

/* ---- Transactions ---- */

gboolean
kasir_database_begin (KasirDatabase  *self,
                      GError        **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (KASIR_IS_DATABASE (self), FALSE);

  if (self->depth == 0)
    {
      if (!kasir_database_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
    }
  else
    {
      sql = g_strdup_printf ("SAVEPOINT kasir_%u", self->depth);
      if (!kasir_database_exec (self, sql, error))
        return FALSE;
    }

  self->depth++;
  return TRUE;
}

gboolean
kasir_database_commit (KasirDatabase  *self,
                       GError        **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (KASIR_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  if (self->depth == 1)
    {
      gint64 start = g_get_monotonic_time ();
      gboolean committed = kasir_database_exec (self, "COMMIT", error);

      self->commit_us = g_get_monotonic_time () - start;
      if (!committed)
        {
          /* A failed COMMIT (disk full, I/O error) leaves the transaction open; roll it
           * back so the connection is usable and nothing half-done survives. */
          kasir_database_rollback (self);
          return FALSE;
        }
    }
  else
    {
      sql = g_strdup_printf ("RELEASE kasir_%u", self->depth - 1);
      if (!kasir_database_exec (self, sql, error))
        return FALSE;
    }

  self->depth--;
  return TRUE;
}

gint64
kasir_database_get_commit_time (KasirDatabase *self)
{
  g_return_val_if_fail (KASIR_IS_DATABASE (self), 0);
  return self->commit_us;
}

void
kasir_database_rollback (KasirDatabase *self)
{
  g_autofree char *sql = NULL;

  g_return_if_fail (KASIR_IS_DATABASE (self));
  g_return_if_fail (self->depth > 0);

  self->depth--;
  if (self->depth == 0)
    {
      /* SQLite may already have rolled back by itself after some errors. */
      if (!sqlite3_get_autocommit (self->db))
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
    }
  else
    {
      sql = g_strdup_printf ("ROLLBACK TO kasir_%u; RELEASE kasir_%u",
                             self->depth, self->depth);
      sqlite3_exec (self->db, sql, NULL, NULL, NULL);
    }
}

gboolean
kasir_database_in_transaction (KasirDatabase *self)
{
  g_return_val_if_fail (KASIR_IS_DATABASE (self), FALSE);

  return self->depth > 0;
}

gboolean
kasir_database_checkpoint (KasirDatabase  *self,
                           GError        **error)
{
  int rc;

  g_return_val_if_fail (KASIR_IS_DATABASE (self), FALSE);

  rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  /* BUSY: another connection's checkpoint is running, which does the same work. */
  if (rc != SQLITE_OK && rc != SQLITE_BUSY)
    {
      kasir_database_set_error (self, rc, "checkpoint", error);
      return FALSE;
    }

  return TRUE;
}

gboolean
kasir_database_check_integrity (KasirDatabase  *self,
                                GError        **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *first = NULL;
  int rc;

  g_return_val_if_fail (KASIR_IS_DATABASE (self), FALSE);

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA integrity_check", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      kasir_database_set_error (self, rc, "integrity_check", error);
      return FALSE;
    }
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    first = kasir_database_column_dup (stmt, 0);
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW)
    {
      kasir_database_set_error (self, rc, "integrity_check", error);
      return FALSE;
    }
  if (g_strcmp0 (first, "ok") != 0)
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_CORRUPT,
                   _("The database is damaged: %s"), first);
      return FALSE;
    }

  return TRUE;
}

/* ---- Migrations ---- */

typedef struct
{
  int   version;
  char *name;
} Migration;

static void
migration_free (gpointer data)
{
  Migration *m = data;

  g_free (m->name);
  g_free (m);
}

static int
migration_compare (gconstpointer a,
                   gconstpointer b)
{
  const Migration *ma = *(const Migration * const *) a;
  const Migration *mb = *(const Migration * const *) b;

  return (ma->version > mb->version) - (ma->version < mb->version);
}

/* The shipped migrations, sorted by number. Their names start with the four-digit
 * version they produce, numbered from 1 with no gaps. */
static GPtrArray *
list_migrations (void)
{
  static GPtrArray *migrations;

  if (g_once_init_enter (&migrations))
    {
      GPtrArray *list = g_ptr_array_new_with_free_func (migration_free);
      g_auto(GStrv) names = NULL;

      names = g_resource_enumerate_children (kasir_store_get_resource (), MIGRATIONS_PATH,
                                             G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      for (guint i = 0; names != NULL && names[i] != NULL; i++)
        {
          Migration *m;

          if (!g_str_has_suffix (names[i], ".sql"))
            continue;
          m = g_new0 (Migration, 1);
          m->version = atoi (names[i]);
          m->name = g_strdup (names[i]);
          g_ptr_array_add (list, m);
        }
      g_ptr_array_sort (list, migration_compare);
      for (guint i = 0; i < list->len; i++)
        g_assert (((Migration *) list->pdata[i])->version == (int) i + 1);

      g_once_init_leave (&migrations, list);
    }

  return migrations;
}

int
kasir_database_get_latest_version (void)
{
  return (int) list_migrations ()->len;
}

int
kasir_database_get_schema_version (KasirDatabase *self)
{
  gint64 version = 0;

  g_return_val_if_fail (KASIR_IS_DATABASE (self), -1);

  if (!kasir_database_query_int64 (self, "PRAGMA user_version", &version, NULL))
    return -1;

  return (int) version;
}

static gboolean
exec_pragma (sqlite3     *db,
             const char  *sql,
             GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, KASIR_DATABASE_ERROR, error_code_for_rc (rc),
                   "%s: %s", sql, sqlite3_errmsg (db));
      return FALSE;
    }

  return TRUE;
}

/* FALSE with @error naming the first row that points at nothing, if one does. */
static gboolean
foreign_keys_hold (KasirDatabase  *self,
                   GError        **error)
{
  g_autofree char *table = NULL;
  g_autofree char *parent = NULL;
  sqlite3_stmt *stmt;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA foreign_key_check", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      kasir_database_set_error (self, rc, "foreign key check", error);
      return FALSE;
    }
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      table = kasir_database_column_dup (stmt, 0);
      parent = kasir_database_column_dup (stmt, 2);
    }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_ROW)
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_FAILED,
                   _("A row of “%s” points at a row of “%s” that does not exist"),
                   table, parent);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (self, rc, "foreign key check", error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
apply_migration_sql (KasirDatabase    *self,
                     const Migration  *m,
                     GError          **error)
{
  g_autofree char *path = g_strconcat (MIGRATIONS_PATH "/", m->name, NULL);
  g_autofree char *set_version = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 current = 0;
  gsize len;

  bytes = g_resource_lookup_data (kasir_store_get_resource (), path,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return FALSE;
  sql = g_strndup (g_bytes_get_data (bytes, &len), g_bytes_get_size (bytes));

  if (!kasir_database_begin (self, error))
    return FALSE;

  /* Another connection may have migrated while this one waited for the lock. */
  if (!kasir_database_query_int64 (self, "PRAGMA user_version", &current, error))
    goto fail;
  if (current >= m->version)
    return kasir_database_commit (self, error);

  set_version = g_strdup_printf ("PRAGMA user_version = %d", m->version);
  if (!kasir_database_exec (self, sql, &local_error) ||
      !foreign_keys_hold (self, &local_error) ||
      !kasir_database_exec (self, set_version, &local_error))
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_MIGRATION,
                   _("Could not update the database to version %d (%s): %s"),
                   m->version, m->name, local_error->message);
      goto fail;
    }

  return kasir_database_commit (self, error);

fail:
  kasir_database_rollback (self);
  return FALSE;
}

/* Runs one migration in its own transaction. Foreign keys are off meanwhile (they
 * cannot be switched inside a transaction), as SQLite's procedure for rebuilding a
 * table asks: otherwise dropping a rebuilt table would delete, through ON DELETE
 * CASCADE, the rows that point at it. Before it commits, every reference is checked
 * instead; one that points at nothing rolls the whole migration back. */
static gboolean
apply_migration (KasirDatabase    *self,
                 const Migration  *m,
                 GError          **error)
{
  gboolean ok;

  if (!exec_pragma (self->db, "PRAGMA foreign_keys = OFF", error))
    return FALSE;
  ok = apply_migration_sql (self, m, error);
  if (!exec_pragma (self->db, "PRAGMA foreign_keys = ON", ok ? error : NULL))
    return FALSE;

  return ok;
}

gboolean
kasir_database_migrate (KasirDatabase  *self,
                        int             max_version,
                        GError        **error)
{
  GPtrArray *migrations = list_migrations ();
  int current;

  g_return_val_if_fail (KASIR_IS_DATABASE (self), FALSE);

  if (max_version < 0 || max_version > (int) migrations->len)
    max_version = migrations->len;

  current = kasir_database_get_schema_version (self);
  if (current < 0)
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_FAILED,
                   _("Could not read the database version: %s"), sqlite3_errmsg (self->db));
      return FALSE;
    }
  if (current > (int) migrations->len)
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_TOO_NEW,
                   _("The database “%s” was written by a newer version of Kasir "
                     "(schema %d; this version knows up to %u)"),
                   self->path, current, migrations->len);
      return FALSE;
    }

  for (int v = current + 1; v <= max_version; v++)
    if (!apply_migration (self, migrations->pdata[v - 1], error))
      return FALSE;

  return TRUE;
}

/* ---- Opening ---- */


void
kasir_database_get_wal_stats (KasirDatabase         *self,
                              KasirDatabaseWalStats *out)
{
  g_return_if_fail (KASIR_IS_DATABASE (self));
  g_return_if_fail (out != NULL);

  kasir_checkpointer_get_stats (self->checkpointer, out);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  KasirDatabaseJob job = (KasirDatabaseJob) task_data;
  g_autoptr(KasirDatabase) connection = NULL;
  GError *error = NULL;
  guint count = 0;

  if (g_task_return_error_if_cancelled (task))
    return;

  connection = kasir_database_open_connection (KASIR_DATABASE (source_object), &error);
  if (connection == NULL || !job (connection, &count, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_int (task, count);
}

void
kasir_database_run_job_async (KasirDatabase       *self,
                              KasirDatabaseJob     job,
                              gpointer             source_tag,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KASIR_IS_DATABASE (self));
  g_return_if_fail (job != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, (gpointer) job, NULL);
  g_task_run_in_thread (task, job_thread);
}

gboolean
kasir_database_run_job_finish (KasirDatabase  *self,
                               GAsyncResult   *result,
                               guint          *out_count,
                               GError        **error)
{
  gssize count;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  count = g_task_propagate_int (G_TASK (result), error);
  if (count < 0)
    return FALSE;
  if (out_count != NULL)
    *out_count = (guint) count;

  return TRUE;
}

gboolean
kasir_database_checkpoint_idle (KasirDatabase *self)
{
  g_return_val_if_fail (KASIR_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (self->depth == 0, FALSE);

  return kasir_checkpointer_checkpoint_idle (self->checkpointer, self->db);
}

/* Freed pages (sales pruned after the retention) must go back to the file system, which
 * needs auto_vacuum = INCREMENTAL. A new file takes the setting before its first page is
 * written. An older file takes it only when rebuilt: VACUUM does that once, in one transaction, so a
 * crash in the middle leaves the old file as it was; later opens find the setting. */
static gboolean
ensure_incremental_vacuum (KasirDatabase  *self,
                           GError        **error)
{
  gint64 mode = 0, tables = 0;

  if (!kasir_database_query_int64 (self, "PRAGMA auto_vacuum", &mode, error))
    return FALSE;
  if (mode == 2)
    return TRUE;

  /* open_internal asked for INCREMENTAL before anything was written: a file without
   * tables takes it with the first one. */
  if (!kasir_database_query_int64 (self, "SELECT count(*) FROM sqlite_master", &tables, error))
    return FALSE;
  if (tables == 0)
    return TRUE;

  g_message ("Rebuilding the database “%s” once so that it can give space back",
             self->path);
  return exec_pragma (self->db, "VACUUM", error);
}

static KasirDatabase *
open_internal (const char    *path,
               const guint8   key[KASIR_DATABASE_KEY_SIZE],
               int            max_version,
               GError       **error)
{
  g_autoptr(KasirDatabase) self = NULL;
  g_autofree char *journal = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sodium_init () < 0)
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_FAILED,
                   _("The cryptography library could not start"));
      return NULL;
    }

  self = g_object_new (KASIR_TYPE_DATABASE, NULL);
  self->path = g_strdup (path);
  memcpy (self->key, key, KASIR_DATABASE_KEY_SIZE);

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_OPEN,
                   _("Could not open the database “%s”: %s"), path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 0);
  /* Before the first read: another connection may hold a lock for a moment (a commit, a
   * checkpoint, the recovery of a WAL left by a killed process), and opening must wait
   * for it like any other statement instead of failing with "database is locked". */
  sqlite3_busy_timeout (self->db, KASIR_DATABASE_BUSY_TIMEOUT_MS);

  if (!kasir_database_key_connection (self->db, key, error))
    return NULL;

  /* The first read of the file proves the key. */
  rc = sqlite3_prepare_v2 (self->db, "SELECT count(*) FROM sqlite_master", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_NOTADB)
        g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_WRONG_KEY,
                     _("The key does not open the database “%s” (or it is not a Kasir "
                       "database)"), path);
      else
        g_set_error (error, KASIR_DATABASE_ERROR, error_code_for_rc (rc),
                     _("Could not read the database “%s”: %s"), path,
                     sqlite3_errmsg (self->db));
      return NULL;
    }

  /* Before anything writes the file's first page (switching to WAL does), or a new file
   * could take the setting only by being rebuilt; see ensure_incremental_vacuum. */
  if (!exec_pragma (self->db, "PRAGMA auto_vacuum = INCREMENTAL", error))
    return NULL;

  /* Replaces SQLite's own automatic checkpoint (which would run inside a commit). */
  self->checkpointer = kasir_checkpointer_new (path, key);
  kasir_checkpointer_attach (self->checkpointer, self->db);

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
  if (rc == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    journal = kasir_database_column_dup (stmt, 0);
  sqlite3_finalize (stmt);
  if (g_strcmp0 (journal, "wal") != 0)
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_OPEN,
                   _("Could not switch the database “%s” to write-ahead logging"), path);
      return NULL;
    }

  /* FULL: a commit (above all a sale's) has reached the disk when it returns, even if the
   * power fails right after the receipt prints. */
  if (!exec_pragma (self->db, "PRAGMA synchronous = FULL", error) ||
      !exec_pragma (self->db, "PRAGMA foreign_keys = ON", error) ||
      !exec_pragma (self->db, "PRAGMA secure_delete = ON", error) ||
      /* The catalog relies on REPLACE firing delete triggers (kasir-catalog-repository.c). */
      !exec_pragma (self->db, "PRAGMA recursive_triggers = ON", error) ||
      /* Temporary tables and indexes stay in memory, never in a clear-text file. */
      !exec_pragma (self->db, "PRAGMA temp_store = MEMORY", error) ||
      /* Every page read from disk is decrypted and its HMAC checked, so pages evicted
       * and read again cost real work. With the 2 MiB default, bulk catalog writes into a
       * 100,000-product catalog (several indexes plus the full-text index, ~30 MB) ran
       * about ten times slower than with 32 MiB. The cache grows only as pages are used. */
      !exec_pragma (self->db, "PRAGMA cache_size = -32768", error))
    return NULL;

  if (!ensure_incremental_vacuum (self, error) ||
      !kasir_database_migrate (self, max_version, error) ||
      !kasir_catalog_bulk_load_recover (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

KasirDatabase *
kasir_database_open_full (const char    *path,
                          const guint8   key[KASIR_DATABASE_KEY_SIZE],
                          int            max_version,
                          GError       **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return open_internal (path, key, max_version, error);
}

KasirDatabase *
kasir_database_open_with_key (const char    *path,
                              const guint8   key[KASIR_DATABASE_KEY_SIZE],
                              GError       **error)
{
  return kasir_database_open_full (path, key, -1, error);
}

KasirDatabase *
kasir_database_open_connection (KasirDatabase  *self,
                                GError        **error)
{
  g_return_val_if_fail (KASIR_IS_DATABASE (self), NULL);

  return open_internal (self->path, self->key, -1, error);
}

const char *
kasir_database_get_path (KasirDatabase *self)
{
  g_return_val_if_fail (KASIR_IS_DATABASE (self), NULL);

  return self->path;
}

/* Renames the unreadable file and its WAL companions to one new name, keeping every byte.
 * Returns the new path of the main file, or NULL with @error. */
static char *
move_aside (const char  *path,
            GError     **error)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *target = NULL;

  for (guint attempt = 0; ; attempt++)
    {
      g_free (target);
      if (attempt == 0)
        target = g_strdup_printf ("%s.unreadable-%s", path, stamp);
      else
        target = g_strdup_printf ("%s.unreadable-%s-%u", path, stamp, attempt);
      if (!g_file_test (target, G_FILE_TEST_EXISTS))
        break;
    }

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (target, suffixes[i], NULL);

      if (!g_file_test (from, G_FILE_TEST_EXISTS))
        continue;
      if (g_rename (from, to) != 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not move “%s” aside to “%s”: %s"),
                       from, to, g_strerror (saved));
          return NULL;
        }
    }

  return g_steal_pointer (&target);
}

KasirDatabase *
kasir_database_open (const char    *path,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *abs = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *moved = NULL;
  KasirDatabase *self;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  gboolean found;
  int code;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (sodium_init () < 0)
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_FAILED,
                   _("The cryptography library could not start"));
      return NULL;
    }

  file = g_file_new_for_path (path);
  abs = g_file_get_path (file);

  if (!g_file_test (abs, G_FILE_TEST_EXISTS))
    {
      /* A new database: its key reaches the keyring before any byte reaches the disk,
       * so there is never a file nobody can open. */
      randombytes_buf (key, sizeof key);
      if (!kasir_key_store_store_database_key (abs, key, cancellable, &local_error))
        {
          sodium_memzero (key, sizeof key);
          g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_KEYRING,
                       _("Could not keep the new database key in the keyring: %s"),
                       local_error->message);
          return NULL;
        }
      self = open_internal (abs, key, -1, error);
      sodium_memzero (key, sizeof key);
      return self;
    }

  found = kasir_key_store_lookup_database_key (abs, key, cancellable, &local_error);
  if (local_error != NULL)
    {
      /* The keyring could not be asked (locked, not running): the file may be fine, so
       * it stays where it is. */
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_KEYRING,
                   _("Could not get the database key from the keyring: %s"),
                   local_error->message);
      return NULL;
    }

  if (found)
    {
      self = open_internal (abs, key, -1, &local_error);
      sodium_memzero (key, sizeof key);
      if (self != NULL)
        return self;
      if (!g_error_matches (local_error, KASIR_DATABASE_ERROR,
                            KASIR_DATABASE_ERROR_WRONG_KEY))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      code = KASIR_DATABASE_ERROR_WRONG_KEY;
    }
  else
    {
      /* A locked keyring answers a lookup with nothing, as if the key were gone: the
       * file is moved aside only when the keyring could really have answered. */
      if (kasir_key_store_probe (cancellable) != KASIR_KEYRING_USABLE)
        {
          g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_KEYRING,
                       _("The keyring cannot be read now, so the key of the database "
                         "“%s” could not be looked up; the file was left as it is"), abs);
          return NULL;
        }
      code = KASIR_DATABASE_ERROR_NO_KEY;
    }

  g_clear_error (&local_error);
  moved = move_aside (abs, &local_error);
  if (moved == NULL)
    {
      g_set_error (error, KASIR_DATABASE_ERROR, code,
                   _("The database “%s” cannot be opened with the key in the keyring, and "
                     "it could not be moved aside: %s"), abs, local_error->message);
      return NULL;
    }

  if (code == KASIR_DATABASE_ERROR_NO_KEY)
    g_set_error (error, KASIR_DATABASE_ERROR, code,
                 _("The keyring has no key for the database “%s”. The file was kept and "
                   "moved to “%s”; a new, empty database will be created."), abs, moved);
  else
    g_set_error (error, KASIR_DATABASE_ERROR, code,
                 _("The key in the keyring does not open the database “%s”. The file was "
                   "kept and moved to “%s”; a new, empty database will be created."),
                 abs, moved);

  return NULL;
}
