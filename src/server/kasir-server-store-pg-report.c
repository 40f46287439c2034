/* kasir-server-store-pg-report.c — the outlet report's statements run on PostgreSQL
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
#include "kasir-server-store-pg-private.h"

/* The rows as text, read alike on both backends (kasir-server-store-sql-row.c). */
static GPtrArray *
pg_rows (gpointer     store,
         const char  *sql,
         const char  *a,
         const char  *b,
         const char  *c,
         GError     **error)
{
  KasirServerSql runner = kasir_pg_sql (store);

  return kasir_server_sql_text_rows (&runner, sql, a, b, c, error);
}

JsonNode *
kasir_pg_report_summary (KasirServerStore  *store,
                         gint64             outlet_id,
                         gint64             staff_id,
                         const char        *from,
                         const char        *to,
                         int                utc_offset,
                         gboolean          *forbidden,
                         GError           **error)
{
  return kasir_server_report_summary (pg_rows, store, outlet_id, staff_id, from, to, utc_offset,
                                      forbidden, error);
}

JsonNode *
kasir_pg_sale_lookup (KasirServerStore  *store,
                        gint64             outlet_id,
                        const char        *receipt,
                        gboolean          *found,
                        GError           **error)
{
  return kasir_server_sale_lookup (pg_rows, store, outlet_id, receipt, found, error);
}

JsonNode *
kasir_pg_open_orders (KasirServerStore  *store,
                      gint64             outlet_id,
                      GError           **error)
{
  return kasir_server_open_orders (pg_rows, store, outlet_id, error);
}
