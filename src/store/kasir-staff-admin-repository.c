/* kasir-staff-admin-repository.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "kasir-input-error.h"
#include "kasir-outbox-repository.h"
#include "kasir-pin.h"
#include "kasir-pin-rules.h"
#include "kasir-protocol.h"
#include "kasir-roles.h"
#include "kasir-database-private.h"
#include "kasir-staff-admin-repository.h"
#include "kasir-staff-repository.h"

struct _KasirStaffAdminRepository
{
  GObject               parent_instance;
  KasirDatabase         *database;
  KasirStaffRepository  *staff;
  KasirOutboxRepository *outbox;
};

G_DEFINE_FINAL_TYPE (KasirStaffAdminRepository, kasir_staff_admin_repository, G_TYPE_OBJECT)

static void
kasir_staff_admin_repository_dispose (GObject *object)
{
  KasirStaffAdminRepository *self = KASIR_STAFF_ADMIN_REPOSITORY (object);

  g_clear_object (&self->staff);
  g_clear_object (&self->outbox);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (kasir_staff_admin_repository_parent_class)->dispose (object);
}

static void
kasir_staff_admin_repository_class_init (KasirStaffAdminRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_staff_admin_repository_dispose;
}

static void
kasir_staff_admin_repository_init (KasirStaffAdminRepository *self)
{
}

KasirStaffAdminRepository *
kasir_staff_admin_repository_new (KasirDatabase *database)
{
  KasirStaffAdminRepository *self;

  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);

  self = g_object_new (KASIR_TYPE_STAFF_ADMIN_REPOSITORY, NULL);
  self->database = g_object_ref (database);
  self->staff = kasir_staff_repository_new (database);
  self->outbox = kasir_outbox_repository_new (database);

  return self;
}

GPtrArray *
kasir_staff_admin_repository_list (KasirStaffAdminRepository  *self,
                                   GError                    **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_staff_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KASIR_IS_STAFF_ADMIN_REPOSITORY (self), NULL);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT id, outlet_id, name, role, active FROM staff "
                                 "ORDER BY active DESC, name, id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KasirStaff *s = kasir_staff_new ();

      /* The PIN hash is left out: nothing that lists staff needs it. */
      s->id = sqlite3_column_int64 (stmt, 0);
      s->outlet_id = sqlite3_column_int64 (stmt, 1);
      s->name = kasir_database_column_dup (stmt, 2);
      s->role = kasir_database_column_dup (stmt, 3);
      s->active = sqlite3_column_int (stmt, 4) != 0;
      g_ptr_array_add (all, s);
    }
  kasir_database_stmt_done (stmt);
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (self->database, rc, "read staff", error);
      return NULL;
    }

  return g_steal_pointer (&all);
}

/* The outlet this till is enrolled in; 0 for a standalone till, -1 with an error. */
static gint64
enrolled_outlet (KasirDatabase  *db,
                 GError        **error)
{
  gint64 outlet_id = 0;

  if (!kasir_database_query_int64 (db, "SELECT outlet_id FROM sync_state WHERE id = 1",
                                   &outlet_id, error))
    return -1;
  return outlet_id;
}

static gboolean
check_role (const char  *role,
            GError     **error)
{
  if (kasir_role_is_known (role))
    return TRUE;
  g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                       _("Role: a cashier, a supervisor or a manager"));
  return FALSE;
}

/* Queues staff.upsert with @staff's whole state (and @pin_hash, when the PIN changes),
 * inside the caller's transaction. Decoded back first: the same checks the server makes. */
static gboolean
queue_upsert (KasirStaffAdminRepository  *self,
              gint64                      approved_by,
              const KasirStaff           *staff,
              const char                 *pin_hash,
              GError                    **error)
{
  KasirStaffUpsert u = {
    .entity_id = staff->id, .approved_by = approved_by, .name = staff->name,
    .role = staff->role, .active = staff->active, .pin_hash = (char *) pin_hash,
  };
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(KasirStaffUpsert) checked = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *entity_id = NULL;

  if (approved_by <= 0)
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE,
                           _("A manager must approve a change of staff"));
      return FALSE;
    }
  payload = kasir_protocol_encode_staff_upsert (&u);
  checked = kasir_protocol_decode_staff_upsert (payload, &local_error);
  if (checked == NULL)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("The staff change is not valid: %s"), local_error->message);
      return FALSE;
    }
  entity_id = g_strdup_printf ("%" G_GINT64_FORMAT, staff->id);
  return kasir_outbox_repository_enqueue_in_transaction (self->outbox, KASIR_MUTATION_STAFF_UPSERT,
                                                         entity_id, payload, NULL, error) > 0;
}

/* Checks the PIN for @role and hashes it; NULL with an error. */
static char *
hash_new_pin (const char  *role,
              const char  *pin,
              const char  *again,
              GError     **error)
{
  char *hash;

  if (!kasir_pin_check_new (role, pin, again, error))
    return NULL;
  /* Argon2id takes a moment on purpose; a manager sets a PIN rarely. */
  hash = kasir_pin_hash (pin, error);
  return hash;
}

gint64
kasir_staff_admin_repository_add (KasirStaffAdminRepository  *self,
                                  gint64                      approved_by,
                                  const char                 *name,
                                  const char                 *role,
                                  const char                 *pin,
                                  const char                 *pin_again,
                                  GError                    **error)
{
  g_autofree char *hash = NULL;
  g_autofree char *clean = NULL;
  KasirDatabase *db;
  gint64 outlet_id;

  g_return_val_if_fail (KASIR_IS_STAFF_ADMIN_REPOSITORY (self), 0);

  clean = g_strstrip (g_strdup (name != NULL ? name : ""));
  if (*clean == '\0')
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED,
                           _("Name: a staff member needs a name"));
      return 0;
    }
  db = self->database;
  if ((outlet_id = enrolled_outlet (db, error)) < 0 || !check_role (role, error))
    return 0;
  hash = hash_new_pin (role, pin, pin_again, error);
  if (hash == NULL)
    return 0;
  if (outlet_id == 0)
    return kasir_staff_repository_add_local (self->staff, clean, role, hash, error);

  /* The server gives a new staff member its id: the row comes with the next pull. */
  {
    KasirStaff added = { .id = 0, .name = clean, .role = (char *) role, .active = TRUE };

    if (!kasir_database_begin (db, error))
      return 0;
    if (!queue_upsert (self, approved_by, &added, hash, error))
      {
        kasir_database_rollback (db);
        return 0;
      }
    return kasir_database_commit (db, error) ? KASIR_STAFF_ADMIN_QUEUED : 0;
  }
}

static gboolean
run (KasirDatabase  *db,
     const char     *sql,
     gint64          id,
     const char     *text,
     gint64          value,
     GError        **error)
{
  sqlite3_stmt *stmt = kasir_database_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (text != NULL)
    kasir_database_bind_text (stmt, 2, text);
  else
    sqlite3_bind_int64 (stmt, 2, value);
  return kasir_database_step_done (db, stmt, "write staff", error);
}

gboolean
kasir_staff_admin_repository_set_pin (KasirStaffAdminRepository  *self,
                                      gint64                      approved_by,
                                      gint64                      staff_id,
                                      const char                 *pin,
                                      const char                 *pin_again,
                                      GError                    **error)
{
  g_autoptr(KasirStaff) staff = NULL;
  g_autofree char *hash = NULL;
  KasirDatabase *db;
  gint64 outlet_id;

  g_return_val_if_fail (KASIR_IS_STAFF_ADMIN_REPOSITORY (self), FALSE);

  db = self->database;
  staff = kasir_staff_repository_get (self->staff, staff_id, error);
  if (staff == NULL)
    return FALSE;
  hash = hash_new_pin (staff->role, pin, pin_again, error);
  if (hash == NULL)
    return FALSE;
  if (!kasir_database_begin (db, error))
    return FALSE;
  if ((outlet_id = enrolled_outlet (db, error)) < 0
      || (outlet_id > 0 && !queue_upsert (self, approved_by, staff, hash, error))
      || !run (db, "UPDATE staff SET pin_hash = ?2 WHERE id = ?1", staff_id, hash, 0, error))
    {
      kasir_database_rollback (db);
      return FALSE;
    }
  return kasir_database_commit (db, error);
}

gboolean
kasir_staff_admin_repository_set_active (KasirStaffAdminRepository  *self,
                                         gint64                      approved_by,
                                         gint64                      staff_id,
                                         gboolean                    active,
                                         GError                    **error)
{
  g_autoptr(KasirStaff) staff = NULL;
  KasirDatabase *db;
  gint64 managers = 0, outlet_id;

  g_return_val_if_fail (KASIR_IS_STAFF_ADMIN_REPOSITORY (self), FALSE);

  db = self->database;
  if (!kasir_database_begin (db, error))
    return FALSE;
  if ((outlet_id = enrolled_outlet (db, error)) < 0)
    goto fail;
  staff = kasir_staff_repository_get (self->staff, staff_id, error);
  if (staff == NULL)
    goto fail;
  if (!active && staff->active && g_strcmp0 (staff->role, "manager") == 0)
    {
      if (!kasir_database_query_int64 (db, "SELECT count(*) FROM staff WHERE role = 'manager' "
                                       "AND active = 1", &managers, error))
        goto fail;
      if (managers <= 1)
        {
          g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE,
                               _("The last active manager cannot be deactivated: add another "
                                 "manager first"));
          goto fail;
        }
    }
  staff->active = active;
  if (outlet_id > 0 && !queue_upsert (self, approved_by, staff, NULL, error))
    goto fail;
  if (!run (db, "UPDATE staff SET active = ?2 WHERE id = ?1", staff_id, NULL, active ? 1 : 0, error))
    goto fail;
  return kasir_database_commit (db, error);

fail:
  kasir_database_rollback (db);
  return FALSE;
}
