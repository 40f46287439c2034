/* kasir-server-store-sqlite-settings.c — the SQLite backend: an outlet's settings (the
 * shop on the receipt, the loyalty rule, approval limits), which its tills pull.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include <string.h>

#include "kasir-server-store-sqlite-private.h"

gboolean
kasir_sqlite_set_setting (KasirServerStore  *store,
                          gint64             outlet_id,
                          const char        *key,
                          const char        *value,
                          GError           **error)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;
  KasirServerSql sql = kasir_sqlite_sql (self);
  g_autofree char *entity_id = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", outlet_id, key);
  g_autofree char *detail = g_strdup_printf ("outlet %" G_GINT64_FORMAT " %s %s", outlet_id, key,
                                             value != NULL ? "set" : "removed");

  if (!kasir_sqlite_begin_write (self, error))
    return FALSE;
  if (!kasir_server_sql_require_outlet (&sql, outlet_id, error))
    goto fail;
  if (value != NULL
      ? !kasir_sqlite_run (self, error, "INSERT OR REPLACE INTO outlet_settings (outlet_id, key, value) "
                           "VALUES (?, ?, ?)", "itt", outlet_id, key, value)
      : !kasir_sqlite_run (self, error, "DELETE FROM outlet_settings WHERE outlet_id = ? AND key = ?", "it",
                           outlet_id, key))
    goto fail;
  if (!kasir_sqlite_log_change (self, "setting", entity_id, outlet_id, value == NULL, error)
      || !kasir_sqlite_audit (self, "admin", "setting.set", detail, error)
      || !kasir_sqlite_commit (self, error))
    goto fail;
  return TRUE;

fail:
  kasir_sqlite_rollback (self);
  return FALSE;
}
