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

/* The rows as text, read alike on both backends (kasir-server-store-sql-row.c). */
static GPtrArray *
sqlite_rows (gpointer     store,
             const char  *sql,
             const char  *a,
             const char  *b,
             const char  *c,
             GError     **error)
{
  KasirServerSql runner = kasir_sqlite_sql (store);

  return kasir_server_sql_text_rows (&runner, sql, a, b, c, error);
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
