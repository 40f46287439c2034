/* kasir-staff-repository.c — the staff table.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "kasir-database-private.h"
#include "kasir-roles.h"
#include "kasir-staff-repository.h"

struct _KasirStaffRepository
{
  GObject        parent_instance;
  KasirDatabase *database;
};

G_DEFINE_TYPE (KasirStaffRepository, kasir_staff_repository, G_TYPE_OBJECT)

static void
kasir_staff_repository_dispose (GObject *object)
{
  KasirStaffRepository *self = KASIR_STAFF_REPOSITORY (object);

  g_clear_object (&self->database);

  G_OBJECT_CLASS (kasir_staff_repository_parent_class)->dispose (object);
}

static void
kasir_staff_repository_class_init (KasirStaffRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_staff_repository_dispose;
}

static void
kasir_staff_repository_init (KasirStaffRepository *self)
{
}

KasirStaffRepository *
kasir_staff_repository_new (KasirDatabase *database)
{
  KasirStaffRepository *self;

  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);

  self = g_object_new (KASIR_TYPE_STAFF_REPOSITORY, NULL);
  self->database = g_object_ref (database);

  return self;
}

gboolean
kasir_staff_repository_upsert (KasirStaffRepository  *self,
                               GPtrArray             *staff,
                               GError               **error)
{
  KasirDatabase *db;

  g_return_val_if_fail (KASIR_IS_STAFF_REPOSITORY (self), FALSE);
  g_return_val_if_fail (staff != NULL, FALSE);

  db = self->database;
  for (guint i = 0; i < staff->len; i++)
    {
      const KasirStaff *s = staff->pdata[i];

      if (s == NULL || s->id <= 0 || s->outlet_id <= 0 || s->name == NULL ||
          *s->name == '\0' || !g_utf8_validate (s->name, -1, NULL) ||
          !kasir_role_is_known (s->role) ||
          s->pin_hash == NULL || *s->pin_hash == '\0')
        {
          g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                       _("Staff member %" PRId64 " is not valid"),
                       s != NULL ? s->id : 0);
          return FALSE;
        }
    }

  if (!kasir_database_begin (db, error))
    return FALSE;
  for (guint i = 0; i < staff->len; i++)
    {
      const KasirStaff *s = staff->pdata[i];
      sqlite3_stmt *stmt;

      stmt = kasir_database_prepare (db,
                                     "INSERT OR REPLACE INTO staff (id, outlet_id, name, role, "
                                     "pin_hash, active) VALUES (?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, s->id);
      sqlite3_bind_int64 (stmt, 2, s->outlet_id);
      kasir_database_bind_text (stmt, 3, s->name);
      kasir_database_bind_text (stmt, 4, s->role);
      kasir_database_bind_text (stmt, 5, s->pin_hash);
      sqlite3_bind_int (stmt, 6, s->active ? 1 : 0);
      if (!kasir_database_step_done (db, stmt, "write staff", error))
        goto fail;
    }

  return kasir_database_commit (db, error);

fail:
  kasir_database_rollback (db);
  return FALSE;
}

static GPtrArray *
collect_staff (KasirDatabase  *db,
               sqlite3_stmt   *stmt,
               GError        **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_staff_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KasirStaff *s = kasir_staff_new ();

      s->id = sqlite3_column_int64 (stmt, 0);
      s->outlet_id = sqlite3_column_int64 (stmt, 1);
      s->name = kasir_database_column_dup (stmt, 2);
      s->role = kasir_database_column_dup (stmt, 3);
      s->pin_hash = kasir_database_column_dup (stmt, 4);
      s->active = sqlite3_column_int (stmt, 5) != 0;
      g_ptr_array_add (list, s);
    }
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (db, rc, "read staff", error);
      kasir_database_stmt_done (stmt);
      return NULL;
    }
  kasir_database_stmt_done (stmt);

  return g_steal_pointer (&list);
}

KasirStaff *
kasir_staff_repository_get (KasirStaffRepository  *self,
                            gint64                 staff_id,
                            GError               **error)
{
  g_autoptr(GPtrArray) list = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_STAFF_REPOSITORY (self), NULL);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT id, outlet_id, name, role, pin_hash, active "
                                 "FROM staff WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, staff_id);
  list = collect_staff (self->database, stmt, error);
  if (list == NULL)
    return NULL;
  if (list->len == 0)
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND,
                   _("There is no staff member %" PRId64), staff_id);
      return NULL;
    }

  return g_ptr_array_steal_index (list, 0);
}

GPtrArray *
kasir_staff_repository_list_active (KasirStaffRepository  *self,
                                    GError               **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_STAFF_REPOSITORY (self), NULL);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT id, outlet_id, name, role, pin_hash, active "
                                 "FROM staff WHERE active = 1 ORDER BY name, id", error);
  if (stmt == NULL)
    return NULL;

  return collect_staff (self->database, stmt, error);
}

gboolean
kasir_staff_repository_count_active (KasirStaffRepository  *self,
                                     gint64                *out_count,
                                     GError               **error)
{
  g_return_val_if_fail (KASIR_IS_STAFF_REPOSITORY (self), FALSE);
  g_return_val_if_fail (out_count != NULL, FALSE);

  return kasir_database_query_int64 (self->database,
                                     "SELECT count(*) FROM staff WHERE active = 1",
                                     out_count, error);
}

gint64
kasir_staff_repository_add_local (KasirStaffRepository  *self,
                                  const char            *name,
                                  const char            *role,
                                  const char            *pin_hash,
                                  GError               **error)
{
  KasirDatabase *db;
  g_autofree char *trimmed = NULL;
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_return_val_if_fail (KASIR_IS_STAFF_REPOSITORY (self), 0);

  if (name != NULL && g_utf8_validate (name, -1, NULL))
    trimmed = g_strstrip (g_strdup (name));
  if (trimmed == NULL || *trimmed == '\0')
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("A staff member needs a name"));
      return 0;
    }
  if (!kasir_role_is_known (role))
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("A staff member is a cashier, a supervisor or a manager"));
      return 0;
    }
  if (pin_hash == NULL || *pin_hash == '\0')
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("A staff member needs a PIN"));
      return 0;
    }

  db = self->database;
  if (!kasir_database_begin (db, error))
    return 0;
  if (!kasir_database_query_int64 (db, "SELECT COALESCE(MAX(id), 0) + 1 FROM staff", &id,
                                   error))
    goto fail;

  stmt = kasir_database_prepare (db,
                                 "INSERT INTO staff (id, outlet_id, name, role, pin_hash, active) "
                                 "VALUES (?, (SELECT outlet_id FROM sync_state WHERE id = 1), "
                                 "?, ?, ?, 1)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  kasir_database_bind_text (stmt, 2, trimmed);
  kasir_database_bind_text (stmt, 3, role);
  kasir_database_bind_text (stmt, 4, pin_hash);
  if (!kasir_database_step_done (db, stmt, "add staff", error))
    goto fail;

  if (!kasir_database_commit (db, error))
    return 0;

  return id;

fail:
  kasir_database_rollback (db);
  return 0;
}
