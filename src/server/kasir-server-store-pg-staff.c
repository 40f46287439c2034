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
  g_autofree char *detail = NULL;
  char idbuf[32];
  gboolean found = FALSE;
  gint64 outlet_id = 0;

  if (!kasir_pg_begin (self, error))
    return FALSE;
  if (!kasir_pg_query_int (self, error, &outlet_id, &found, "SELECT outlet_id FROM staff WHERE id = ? FOR UPDATE",
                           "i", staff_id))
    goto fail;
  if (!found)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_NOT_FOUND,
                   "no staff member %" G_GINT64_FORMAT, staff_id);
      goto fail;
    }
  if (pin_hash != NULL &&
      !kasir_pg_run (self, error, "UPDATE staff SET pin_hash = ?, version = version + 1 WHERE id = ?", "ti",
                     pin_hash, staff_id))
    goto fail;
  if (active >= 0 &&
      !kasir_pg_run (self, error, "UPDATE staff SET active = ?, version = version + 1 WHERE id = ?", "ii",
                     (gint64) (active ? 1 : 0), staff_id))
    goto fail;
  detail = g_strdup_printf ("staff %" G_GINT64_FORMAT "%s%s", staff_id, pin_hash != NULL ? " pin" : "",
                            active == 0 ? " deactivated" : active > 0 ? " activated" : "");
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
