/* kasir-server-store-pg-settings.c — the PostgreSQL backend: an outlet's settings (the
 * shop on the receipt, the loyalty rule, approval limits), which its tills pull.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include <string.h>

#include "kasir-server-store-pg-private.h"

gboolean
kasir_pg_set_setting (KasirServerStore  *store,
                      gint64             outlet_id,
                      const char        *key,
                      const char        *value,
                      GError           **error)
{
  KasirPgStore *self = (KasirPgStore *) store;
  KasirServerSql sql = kasir_pg_sql (self);
  g_autofree char *entity_id = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", outlet_id, key);
  g_autofree char *detail = g_strdup_printf ("outlet %" G_GINT64_FORMAT " %s %s", outlet_id, key,
                                             value != NULL ? "set" : "removed");

  if (!kasir_pg_begin (self, error))
    return FALSE;
  if (!kasir_server_sql_require_outlet (&sql, outlet_id, error))
    goto fail;
  if (value != NULL
      ? !kasir_pg_run (self, error, "INSERT INTO outlet_settings (outlet_id, key, value) VALUES (?, ?, ?) "
                       "ON CONFLICT (outlet_id, key) DO UPDATE SET value = EXCLUDED.value", "itt",
                       outlet_id, key, value)
      : !kasir_pg_run (self, error, "DELETE FROM outlet_settings WHERE outlet_id = ? AND key = ?", "it",
                       outlet_id, key))
    goto fail;
  if (!kasir_pg_log_change (self, "setting", entity_id, outlet_id, value == NULL, error)
      || !kasir_pg_audit (self, "admin", "setting.set", detail, error)
      || !kasir_pg_commit (self, error))
    goto fail;
  return TRUE;

fail:
  kasir_pg_rollback (self);
  return FALSE;
}
