/* kasir-sync-state-repository.c — the sync_state row.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-database-private.h"
#include "kasir-sync-state-repository.h"

struct _KasirSyncStateRepository
{
  GObject        parent_instance;
  KasirDatabase *database;
};

G_DEFINE_TYPE (KasirSyncStateRepository, kasir_sync_state_repository, G_TYPE_OBJECT)

void
kasir_sync_state_free (KasirSyncState *self)
{
  if (self == NULL)
    return;

  g_free (self->server_url);
  g_free (self);
}

static void
kasir_sync_state_repository_dispose (GObject *object)
{
  KasirSyncStateRepository *self = KASIR_SYNC_STATE_REPOSITORY (object);

  g_clear_object (&self->database);

  G_OBJECT_CLASS (kasir_sync_state_repository_parent_class)->dispose (object);
}

static void
kasir_sync_state_repository_class_init (KasirSyncStateRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_sync_state_repository_dispose;
}

static void
kasir_sync_state_repository_init (KasirSyncStateRepository *self)
{
}

KasirSyncStateRepository *
kasir_sync_state_repository_new (KasirDatabase *database)
{
  KasirSyncStateRepository *self;

  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);

  self = g_object_new (KASIR_TYPE_SYNC_STATE_REPOSITORY, NULL);
  self->database = g_object_ref (database);

  return self;
}

KasirSyncState *
kasir_sync_state_repository_load (KasirSyncStateRepository  *self,
                                  GError                   **error)
{
  KasirSyncState *state;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KASIR_IS_SYNC_STATE_REPOSITORY (self), NULL);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT cursor, last_acked_seq, terminal_id, outlet_id, "
                                 "server_url FROM sync_state WHERE id = 1", error);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      kasir_database_set_error (self->database, rc, "sync state", error);
      kasir_database_stmt_done (stmt);
      return NULL;
    }

  state = g_new0 (KasirSyncState, 1);
  state->cursor = sqlite3_column_int64 (stmt, 0);
  state->last_acked_seq = sqlite3_column_int64 (stmt, 1);
  state->terminal_id = sqlite3_column_int64 (stmt, 2);
  state->outlet_id = sqlite3_column_int64 (stmt, 3);
  state->server_url = kasir_database_column_dup (stmt, 4);
  kasir_database_stmt_done (stmt);

  return state;
}

static gboolean
update (KasirSyncStateRepository  *self,
        const char                *sql,
        gint64                     a,
        gint64                     b,
        const char                *text,
        GError                   **error)
{
  sqlite3_stmt *stmt = kasir_database_prepare (self->database, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, a);
  sqlite3_bind_int64 (stmt, 2, b);
  kasir_database_bind_text (stmt, 3, text);

  return kasir_database_step_done (self->database, stmt, "sync state", error);
}

gboolean
kasir_sync_state_repository_set_cursor (KasirSyncStateRepository  *self,
                                        gint64                     cursor,
                                        GError                   **error)
{
  g_return_val_if_fail (KASIR_IS_SYNC_STATE_REPOSITORY (self), FALSE);

  if (cursor < 0)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("A sync cursor cannot be negative"));
      return FALSE;
    }

  return update (self, "UPDATE sync_state SET cursor = ?1 WHERE id = 1", cursor, 0, NULL,
                 error);
}

gboolean
kasir_sync_state_repository_set_last_acked_seq (KasirSyncStateRepository  *self,
                                                gint64                     seq,
                                                GError                   **error)
{
  g_return_val_if_fail (KASIR_IS_SYNC_STATE_REPOSITORY (self), FALSE);

  if (seq < 0)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("A sequence number cannot be negative"));
      return FALSE;
    }

  return update (self, "UPDATE sync_state SET last_acked_seq = ?1 WHERE id = 1", seq, 0,
                 NULL, error);
}

gboolean
kasir_sync_state_repository_set_identity (KasirSyncStateRepository  *self,
                                          gint64                     terminal_id,
                                          gint64                     outlet_id,
                                          const char                *server_url,
                                          GError                   **error)
{
  g_return_val_if_fail (KASIR_IS_SYNC_STATE_REPOSITORY (self), FALSE);

  if (terminal_id <= 0 || outlet_id <= 0 || server_url == NULL || *server_url == '\0')
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("An enrollment needs a terminal, an outlet and a server address"));
      return FALSE;
    }

  return update (self,
                 "UPDATE sync_state SET terminal_id = ?1, outlet_id = ?2, server_url = ?3 "
                 "WHERE id = 1", terminal_id, outlet_id, server_url, error);
}

gboolean
kasir_sync_state_repository_clear_identity (KasirSyncStateRepository  *self,
                                            GError                   **error)
{
  g_return_val_if_fail (KASIR_IS_SYNC_STATE_REPOSITORY (self), FALSE);

  return update (self,
                 "UPDATE sync_state SET terminal_id = 0, outlet_id = 0, server_url = NULL, "
                 "cursor = 0 WHERE id = 1", 0, 0, NULL, error);
}
