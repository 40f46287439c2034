/* kasir-server-store-sqlite-staff.c — a staff member's PIN and active flag (SQLite).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-server-store-sqlite-private.h"

gboolean
kasir_sqlite_update_staff (KasirServerStore  *store,
                           gint64             staff_id,
                           const char        *pin_hash,
                           int                active,
                           GError           **error)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;
  KasirServerSql sql = kasir_sqlite_sql (self);
  g_autofree char *detail = NULL;
  gboolean found = FALSE;
  gint64 outlet_id = 0;

  if (!kasir_sqlite_begin_write (self, error))
    return FALSE;
  if (!kasir_sqlite_query_int (self, error, &outlet_id, &found, "SELECT outlet_id FROM staff WHERE id = ?",
                               "i", staff_id))
    goto fail;
  if (!kasir_server_sql_set_staff_access (&sql, staff_id, found, pin_hash, active, &detail, error))
    goto fail;
  if (!kasir_sqlite_log_change_int (self, "staff", staff_id, outlet_id, FALSE, error)
      || !kasir_sqlite_audit (self, "admin", "staff.update", detail, error)
      || !kasir_sqlite_commit (self, error))
    goto fail;
  return TRUE;

fail:
  kasir_sqlite_rollback (self);
  return FALSE;
}
