/* kasir-server-store-sqlite-report.c — the outlet report's statements run on SQLite
 * (kasir-server-report.h).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-lookup.h"
#include "kasir-server-open-orders.h"
#include "kasir-server-report.h"
#include "kasir-server-store-sqlite-private.h"

static GPtrArray *
sqlite_rows (gpointer     store,
             const char  *sql,
             const char  *a,
             const char  *b,
             const char  *c,
             GError     **error)
{
  KasirSqliteStore *self = store;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  sqlite3_stmt *stmt = kasir_sqlite_query (self, error, sql, "ttt", a, b, c);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = kasir_sqlite_step (self, stmt, error)) == SQLITE_ROW)
    {
      int n = sqlite3_column_count (stmt);
      char **row = g_new0 (char *, n + 1);

      for (int i = 0; i < n; i++)
        row[i] = g_strdup (sqlite3_column_text (stmt, i) != NULL
                           ? (const char *) sqlite3_column_text (stmt, i) : "");
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (stmt);
  if (rc < 0)
    return NULL;
  return g_steal_pointer (&rows);
}

JsonNode *
kasir_sqlite_report_summary (KasirServerStore  *store,
                             gint64             outlet_id,
                             gint64             staff_id,
                             const char        *from,
                             const char        *to,
                             int                utc_offset,
                             gboolean          *forbidden,
                             GError           **error)
{
  return kasir_server_report_summary (sqlite_rows, store, outlet_id, staff_id, from, to, utc_offset,
                                      forbidden, error);
}

JsonNode *
kasir_sqlite_sale_lookup (KasirServerStore  *store,
                            gint64             outlet_id,
                            const char        *receipt,
                            gboolean          *found,
                            GError           **error)
{
  return kasir_server_sale_lookup (sqlite_rows, store, outlet_id, receipt, found, error);
}

JsonNode *
kasir_sqlite_open_orders (KasirServerStore  *store,
                          gint64             outlet_id,
                          GError           **error)
{
  return kasir_server_open_orders (sqlite_rows, store, outlet_id, error);
}
