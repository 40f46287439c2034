/* kasir-server-store-sql-points.c — refpoints: the points a member's sale earned, kept
 * with the sale (sale_loyalty, a row only for a sale that earned some), and what a
 * refund of the sale needs to move the member's points (kasir-server-apply-refund.c);
 * and an outlet's numeric setting as the rules read it (the pay-out limit). The same
 * statements on both backends (see kasir-server-store-sql.h).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include <string.h>

#include "kasir-server-store-sql.h"

static gboolean
query_int_found (KasirServerSql  *sql,
                 GError         **error,
                 gint64          *out,
                 gboolean        *found,
                 const char      *text,
                 const char      *fmt,
                 va_list          args)
{
  *out = 0;
  return sql->klass->query_int (sql->db, error, out, found, text, fmt, args);
}

static gboolean
query_int (KasirServerSql  *sql,
           GError         **error,
           gint64          *out,
           const char      *text,
           const char      *fmt,
           ...)
{
  va_list args;
  gboolean ok;

  va_start (args, fmt);
  ok = query_int_found (sql, error, out, NULL, text, fmt, args);
  va_end (args);
  return ok;
}

/* A setting's text read as an integer (both backends read leading digits). */
static gboolean
setting_int (KasirServerSql  *sql,
             GError         **error,
             gint64          *out,
             gboolean        *found,
             ...)
{
  va_list args;
  gboolean ok;

  va_start (args, found);
  ok = query_int_found (sql, error, out, found,
                        "SELECT value FROM outlet_settings WHERE outlet_id = ? AND key = ?", "it", args);
  va_end (args);
  return ok;
}

gboolean
kasir_server_sql_outlet_setting_int (KasirServerSql  *sql,
                                     gint64           outlet_id,
                                     const char      *key,
                                     gint64           fallback,
                                     gint64          *value,
                                     GError         **error)
{
  gboolean found = FALSE;

  if (!setting_int (sql, error, value, &found, outlet_id, key))
    return FALSE;
  if (!found)
    *value = fallback;
  return TRUE;
}

gboolean
kasir_server_sql_insert_sale_points (KasirServerSql   *sql,
                                     const KasirSale  *sale,
                                     gint64            outlet_id,
                                     GError          **error)
{
  /* Points earned without a member (dropped as another outlet's) were never credited. */
  if (sale->customer_id <= 0 || sale->loyalty_earned <= 0)
    return TRUE;
  return kasir_server_sql_run (sql, error, "INSERT INTO sale_loyalty (outlet_id, sale_id, earned) VALUES (?, ?, ?)", "iti",
                               outlet_id, sale->sale_id, sale->loyalty_earned);
}

gboolean
kasir_server_sql_sale_points (KasirServerSql         *sql,
                              gint64                  outlet_id,
                              const char             *sale_id,
                              KasirServerSalePoints  *out,
                              GError                **error)
{
  memset (out, 0, sizeof *out);
  return query_int (sql, error, &out->customer_id,
                    "SELECT COALESCE(customer_id, 0) FROM sales WHERE outlet_id = ? AND id = ?", "it",
                    outlet_id, sale_id)
         && query_int (sql, error, &out->redeemed,
                       "SELECT loyalty_redeemed FROM sales WHERE outlet_id = ? AND id = ?", "it",
                       outlet_id, sale_id)
         && query_int (sql, error, &out->total,
                       "SELECT total FROM sales WHERE outlet_id = ? AND id = ?", "it", outlet_id, sale_id)
         && query_int (sql, error, &out->earned,
                       "SELECT COALESCE(SUM(earned), 0) FROM sale_loyalty WHERE outlet_id = ? AND sale_id = ?",
                       "it", outlet_id, sale_id)
         && query_int (sql, error, &out->paid_by_points,
                       "SELECT COALESCE(SUM(amount), 0) FROM sale_payments WHERE outlet_id = ? AND sale_id = ?"
                       " AND method = 'points'", "it", outlet_id, sale_id)
         && query_int (sql, error, &out->refunded,
                       "SELECT COALESCE(SUM(total), 0) FROM refunds WHERE outlet_id = ? AND sale_id = ?", "it",
                       outlet_id, sale_id)
         && query_int (sql, error, &out->refunded_as_points,
                       "SELECT COALESCE(SUM(p.amount), 0) FROM refund_payments p JOIN refunds r"
                       " ON r.outlet_id = p.outlet_id AND r.id = p.refund_id"
                       " WHERE r.outlet_id = ? AND r.sale_id = ? AND p.method = 'points'", "it",
                       outlet_id, sale_id);
}
