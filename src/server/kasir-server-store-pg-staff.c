/* kasir-server-store-pg-staff.c — a staff member's PIN and active flag (PostgreSQL).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-server-store-pg-private.h"

gboolean
kasir_pg_update_staff (KasirServerStore  *store,
                       gint64             staff_id,
                       const char        *pin_hash,
                       int                active,
                       GError           **error)
{
  KasirPgStore *self = (KasirPgStore *) store;
  KasirServerSql sql = kasir_pg_sql (self);
  g_autofree char *detail = NULL;
  char idbuf[32];
  gboolean found = FALSE;
  gint64 outlet_id = 0;

  if (!kasir_pg_begin (self, error))
    return FALSE;
  if (!kasir_pg_query_int (self, error, &outlet_id, &found, "SELECT outlet_id FROM staff WHERE id = ? FOR UPDATE",
                           "i", staff_id))
    goto fail;
  if (!kasir_server_sql_set_staff_access (&sql, staff_id, found, pin_hash, active, &detail, error))
    goto fail;
  g_snprintf (idbuf, sizeof idbuf, "%" G_GINT64_FORMAT, staff_id);
  if (!kasir_pg_log_change (self, "staff", idbuf, outlet_id, FALSE, error)
      || !kasir_pg_audit (self, "admin", "staff.update", detail, error)
      || !kasir_pg_commit (self, error))
    goto fail;
  return TRUE;

fail:
  kasir_pg_rollback (self);
  return FALSE;
}
