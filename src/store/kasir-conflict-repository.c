/* kasir-conflict-repository.c — the conflicts table.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-database-private.h"
#include "kasir-outbox-repository.h"
#include "kasir-conflict-repository.h"

struct _KasirConflictRepository
{
  GObject                parent_instance;
  KasirDatabase         *database;
  KasirOutboxRepository *outbox;
};

G_DEFINE_TYPE (KasirConflictRepository, kasir_conflict_repository, G_TYPE_OBJECT)

static void
kasir_conflict_repository_dispose (GObject *object)
{
  KasirConflictRepository *self = KASIR_CONFLICT_REPOSITORY (object);

  g_clear_object (&self->outbox);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (kasir_conflict_repository_parent_class)->dispose (object);
}

static void
kasir_conflict_repository_class_init (KasirConflictRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_conflict_repository_dispose;
}

static void
kasir_conflict_repository_init (KasirConflictRepository *self)
{
}

KasirConflictRepository *
kasir_conflict_repository_new (KasirDatabase *database)
{
  KasirConflictRepository *self;

  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);

  self = g_object_new (KASIR_TYPE_CONFLICT_REPOSITORY, NULL);
  self->database = g_object_ref (database);
  self->outbox = kasir_outbox_repository_new (database);

  return self;
}

static gboolean
json_ok (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_OBJECT (node) || JSON_NODE_HOLDS_NULL (node) ||
         JSON_NODE_HOLDS_VALUE (node) || JSON_NODE_HOLDS_ARRAY (node);
}

static gboolean
check_conflict (const KasirConflict  *c,
                GError              **error)
{
  if (c == NULL || c->id <= 0 ||
      kasir_conflict_kind_to_string (c->kind) == NULL ||
      kasir_conflict_status_to_string (c->status) == NULL ||
      c->entity == NULL || *c->entity == '\0' ||
      c->entity_id == NULL || *c->entity_id == '\0' ||
      c->created_at == NULL || !kasir_rfc3339_is_valid (c->created_at) ||
      c->seq < 0 || c->terminal_id < 0 || c->version < 0 ||
      !json_ok (c->base) || !json_ok (c->terminal) || !json_ok (c->server) ||
      !json_ok (c->resolution))
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_INVALID,
                   _("Conflict %" G_GINT64_FORMAT " is not valid"), c != NULL ? c->id : 0);
      return FALSE;
    }

  return TRUE;
}

static void
bind_json (sqlite3_stmt *stmt,
           int           index,
           JsonNode     *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    sqlite3_bind_null (stmt, index);
  else
    {
      g_autofree char *text = kasir_protocol_to_string (node, NULL);

      kasir_database_bind_text (stmt, index, text);
    }
}

static JsonNode *
column_json (sqlite3_stmt *stmt,
             int           col)
{
  const char *text = (const char *) sqlite3_column_text (stmt, col);

  return text != NULL ? json_from_string (text, NULL) : NULL;
}

static gboolean
write_conflict (KasirDatabase        *db,
                const KasirConflict  *c,
                GError              **error)
{
  sqlite3_stmt *stmt;

  stmt = kasir_database_prepare (db,
                                 "INSERT OR REPLACE INTO conflicts (id, kind, status, entity, "
                                 "entity_id, base, terminal, server, terminal_id, seq, "
                                 "created_at, resolution, version) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c->id);
  kasir_database_bind_text (stmt, 2, kasir_conflict_kind_to_string (c->kind));
  kasir_database_bind_text (stmt, 3, kasir_conflict_status_to_string (c->status));
  kasir_database_bind_text (stmt, 4, c->entity);
  kasir_database_bind_text (stmt, 5, c->entity_id);
  bind_json (stmt, 6, c->base);
  bind_json (stmt, 7, c->terminal);
  bind_json (stmt, 8, c->server);
  sqlite3_bind_int64 (stmt, 9, c->terminal_id);
  sqlite3_bind_int64 (stmt, 10, c->seq);
  kasir_database_bind_text (stmt, 11, c->created_at);
  bind_json (stmt, 12, c->resolution);
  sqlite3_bind_int64 (stmt, 13, c->version);

  return kasir_database_step_done (db, stmt, "write conflict", error);
}

gboolean
kasir_conflict_repository_upsert (KasirConflictRepository  *self,
                                  GPtrArray                *conflicts,
                                  GError                  **error)
{
  KasirDatabase *db;

  g_return_val_if_fail (KASIR_IS_CONFLICT_REPOSITORY (self), FALSE);
  g_return_val_if_fail (conflicts != NULL, FALSE);

  db = self->database;
  for (guint i = 0; i < conflicts->len; i++)
    if (!check_conflict (conflicts->pdata[i], error))
      return FALSE;

  if (!kasir_database_begin (db, error))
    return FALSE;
  for (guint i = 0; i < conflicts->len; i++)
    if (!write_conflict (db, conflicts->pdata[i], error))
      {
        kasir_database_rollback (db);
        return FALSE;
      }

  return kasir_database_commit (db, error);
}

gboolean
kasir_conflict_repository_delete (KasirConflictRepository  *self,
                                  gint64                    conflict_id,
                                  GError                  **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_CONFLICT_REPOSITORY (self), FALSE);

  stmt = kasir_database_prepare (self->database, "DELETE FROM conflicts WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, conflict_id);

  return kasir_database_step_done (self->database, stmt, "delete conflict", error);
}

#define CONFLICT_COLUMNS "id, kind, status, entity, entity_id, base, terminal, server, " \
                         "terminal_id, seq, created_at, resolution, version"

static GPtrArray *
collect_conflicts (KasirDatabase  *db,
                   sqlite3_stmt   *stmt,
                   GError        **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_conflict_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KasirConflict *c = kasir_conflict_new ();

      g_ptr_array_add (list, c);
      c->id = sqlite3_column_int64 (stmt, 0);
      if (!kasir_conflict_kind_from_string ((const char *) sqlite3_column_text (stmt, 1),
                                            &c->kind) ||
          !kasir_conflict_status_from_string ((const char *) sqlite3_column_text (stmt, 2),
                                              &c->status))
        {
          g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_CORRUPT,
                       _("Conflict %" G_GINT64_FORMAT " cannot be read"), c->id);
          kasir_database_stmt_done (stmt);
          return NULL;
        }
      c->entity = kasir_database_column_dup (stmt, 3);
      c->entity_id = kasir_database_column_dup (stmt, 4);
      c->base = column_json (stmt, 5);
      c->terminal = column_json (stmt, 6);
      c->server = column_json (stmt, 7);
      c->terminal_id = sqlite3_column_int64 (stmt, 8);
      c->seq = sqlite3_column_int64 (stmt, 9);
      c->created_at = kasir_database_column_dup (stmt, 10);
      c->resolution = column_json (stmt, 11);
      c->version = sqlite3_column_int64 (stmt, 12);
    }
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (db, rc, "read conflicts", error);
      kasir_database_stmt_done (stmt);
      return NULL;
    }
  kasir_database_stmt_done (stmt);

  return g_steal_pointer (&list);
}

KasirConflict *
kasir_conflict_repository_get (KasirConflictRepository  *self,
                               gint64                    conflict_id,
                               GError                  **error)
{
  g_autoptr(GPtrArray) list = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_CONFLICT_REPOSITORY (self), NULL);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT " CONFLICT_COLUMNS " FROM conflicts WHERE id = ?",
                                 error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, conflict_id);
  list = collect_conflicts (self->database, stmt, error);
  if (list == NULL)
    return NULL;
  if (list->len == 0)
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND,
                   _("There is no conflict %" G_GINT64_FORMAT), conflict_id);
      return NULL;
    }

  return g_ptr_array_steal_index (list, 0);
}

GPtrArray *
kasir_conflict_repository_list (KasirConflictRepository  *self,
                                int                       status,
                                guint                     offset,
                                guint                     limit,
                                GError                  **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_CONFLICT_REPOSITORY (self), NULL);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT " CONFLICT_COLUMNS " FROM conflicts "
                                 "WHERE (?1 IS NULL OR status = ?1) "
                                 "ORDER BY created_at DESC, id DESC LIMIT ?2 OFFSET ?3", error);
  if (stmt == NULL)
    return NULL;
  if (status >= 0)
    kasir_database_bind_text (stmt, 1, kasir_conflict_status_to_string (status));
  sqlite3_bind_int64 (stmt, 2, limit);
  sqlite3_bind_int64 (stmt, 3, offset);

  return collect_conflicts (self->database, stmt, error);
}

gboolean
kasir_conflict_repository_count_open (KasirConflictRepository  *self,
                                      gint64                   *out_count,
                                      GError                  **error)
{
  g_return_val_if_fail (KASIR_IS_CONFLICT_REPOSITORY (self), FALSE);
  g_return_val_if_fail (out_count != NULL, FALSE);

  return kasir_database_query_int64 (self->database,
                                     "SELECT count(*) FROM conflicts WHERE status = 'open'",
                                     out_count, error);
}

gint64
kasir_conflict_repository_resolve (KasirConflictRepository     *self,
                                   const KasirConflictResolve  *resolve,
                                   GError                     **error)
{
  KasirDatabase *db;
  g_autoptr(KasirConflict) conflict = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_autofree char *text = NULL;
  g_autofree char *entity_id = NULL;
  sqlite3_stmt *stmt;
  gint64 seq;

  g_return_val_if_fail (KASIR_IS_CONFLICT_REPOSITORY (self), 0);

  if (resolve == NULL)
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_INVALID,
                   _("There is no decision to record"));
      return 0;
    }

  db = self->database;
  if (!kasir_database_begin (db, error))
    return 0;

  conflict = kasir_conflict_repository_get (self, resolve->conflict_id, error);
  if (conflict == NULL)
    goto fail;
  if (conflict->status != KASIR_CONFLICT_OPEN)
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_INVALID,
                   _("Conflict %" G_GINT64_FORMAT " is already resolved"), conflict->id);
      goto fail;
    }
  if (conflict->version != resolve->expected_version)
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_INVALID,
                   _("Conflict %" G_GINT64_FORMAT " changed while it was being reviewed"),
                   conflict->id);
      goto fail;
    }

  payload = kasir_protocol_encode_conflict_resolve (resolve);
  entity_id = g_strdup_printf ("%" G_GINT64_FORMAT, conflict->id);
  seq = kasir_outbox_repository_enqueue_in_transaction (self->outbox,
                                                        KASIR_MUTATION_CONFLICT_RESOLVE,
                                                        entity_id, payload, NULL, error);
  if (seq == 0)
    goto fail;

  text = kasir_protocol_to_string (payload, NULL);
  stmt = kasir_database_prepare (db,
                                 "UPDATE conflicts SET status = 'resolved', resolution = ? "
                                 "WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  kasir_database_bind_text (stmt, 1, text);
  sqlite3_bind_int64 (stmt, 2, conflict->id);
  if (!kasir_database_step_done (db, stmt, "resolve conflict", error))
    goto fail;

  if (!kasir_database_commit (db, error))
    return 0;

  return seq;

fail:
  kasir_database_rollback (db);
  return 0;
}
