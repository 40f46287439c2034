/* kasir-report-totals.c — see the header.
 *
 * The counter "report_rowid" (table counters) holds W: every sale whose rowid is W or
 * less is in the totals, every other is not. A sale is given a rowid one above the
 * largest there is, so new sales are always above W, with one exception: once the
 * largest sales are deleted, their rowids are given again. Retention, the only code
 * that deletes sales, therefore catches up first and then lowers W to the largest rowid
 * left (kasir_report_totals_after_delete). From version 24 the rowid is the sale's
 * own column sale_row, which nothing renumbers; before, rowids could change only in a
 * full VACUUM, which runs only when a file older than incremental vacuum is first
 * opened, before its migrations (and so before version 22 sets W).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-database-private.h"
#include "kasir-report-totals.h"
#include "kasir-sale-keys.h"

#define WATERMARK "report_rowid"

/* The quarter hour (UTC, "YYYY-MM-DDTHH:MM") and the UTC day (days since 1970) of a
 * sale s, as the report tables of migration 0007 key them. */
#define SALE_BUCKET \
  "substr(s.created_at, 1, 14) || printf('%02d', CAST(substr(s.created_at, 15, 2) AS INTEGER) / 15 * 15)"
#define SALE_DAY "CAST(strftime('%s', substr(s.created_at, 1, 10)) AS INTEGER) / 86400"

/* The payments' and the lines' statements below, for the two ways a sale's rows are
 * keyed (kasir-sale-keys.h): @payments and @lines join them to the sales row s. */
#define PAYMENTS_SQL(payments) \
  "INSERT OR REPLACE INTO report_payments (bucket, shift_id, method, sales, amount) " \
  "SELECT k.bucket, k.shift_id, k.method, coalesce(r.sales, 0) + k.sales, " \
  "  coalesce(r.amount, 0) + k.amount " \
  "FROM (SELECT " SALE_BUCKET " AS bucket, coalesce(s.shift_id, '') AS shift_id, " \
  "        p.method AS method, count(*) AS sales, sum(p.amount) AS amount " \
  "      FROM sales s JOIN sale_payments p ON " payments " " \
  "      WHERE s.rowid > ?1 GROUP BY 1, 2, 3) k " \
  "LEFT JOIN report_payments r ON r.bucket = k.bucket AND r.shift_id = k.shift_id " \
  "  AND r.method = k.method"
#define LINES_SQL(lines) \
  "INSERT OR REPLACE INTO report_products (day, product_id, qty, total) " \
  "SELECT k.day, k.product_id, coalesce(r.qty, 0) + k.qty, coalesce(r.total, 0) + k.total " \
  "FROM (SELECT " SALE_DAY " AS day, l.product_id AS product_id, sum(l.qty) AS qty, " \
  "        sum(l.total) AS total " \
  "      FROM sales s JOIN sale_lines l ON " lines " " \
  "      WHERE s.rowid > ?1 GROUP BY 1, 2) k " \
  "LEFT JOIN report_products r ON r.day = k.day AND r.product_id = k.product_id"

/* Each adds the sales above ?1, grouped by the table's key, to the running totals: each
 * total is read by its whole key and written back with the new sales' share added.
 * The second pair is for files below version 24 (the migrations' tests). */
static const char * const catch_up_sql[] = {
  "INSERT OR REPLACE INTO report_sales (bucket, shift_id, staff_id, sales, gross, discount, "
  "  net, tax, change_due) "
  "SELECT k.bucket, k.shift_id, k.staff_id, coalesce(r.sales, 0) + k.sales, "
  "  coalesce(r.gross, 0) + k.gross, coalesce(r.discount, 0) + k.discount, "
  "  coalesce(r.net, 0) + k.net, coalesce(r.tax, 0) + k.tax, "
  "  coalesce(r.change_due, 0) + k.change_due "
  "FROM (SELECT " SALE_BUCKET " AS bucket, coalesce(s.shift_id, '') AS shift_id, "
  "        s.staff_id AS staff_id, count(*) AS sales, sum(s.subtotal) AS gross, "
  "        sum(s.discount) AS discount, sum(s.total) AS net, sum(s.tax) AS tax, "
  "        sum(s.change_due) AS change_due "
  "      FROM sales s WHERE s.rowid > ?1 GROUP BY 1, 2, 3) k "
  "LEFT JOIN report_sales r ON r.bucket = k.bucket AND r.shift_id = k.shift_id "
  "  AND r.staff_id = k.staff_id",
  PAYMENTS_SQL (KASIR_SALE_KEYS ("p.payment_key", "s")),
  LINES_SQL (KASIR_SALE_KEYS ("l.line_key", "s")),
};
static const char * const catch_up_sql_by_id[] = {
  PAYMENTS_SQL ("p.sale_id = s.sale_id"),
  LINES_SQL ("l.sale_id = s.sale_id"),
};

/* W into @out_watermark; *out_found FALSE when the file has none (below 22). */
static gboolean
read_watermark (KasirDatabase  *db,
                gint64         *out_watermark,
                gboolean       *out_found,
                GError        **error)
{
  sqlite3_stmt *stmt = kasir_database_prepare (db, "SELECT value FROM counters WHERE name = '"
                                                   WATERMARK "'", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  *out_found = rc == SQLITE_ROW;
  if (rc == SQLITE_ROW)
    *out_watermark = sqlite3_column_int64 (stmt, 0);
  kasir_database_stmt_done (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      kasir_database_set_error (db, rc, "read the report watermark", error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_watermark (KasirDatabase  *db,
                 gint64          watermark,
                 GError        **error)
{
  sqlite3_stmt *stmt = kasir_database_prepare (db, "UPDATE counters SET value = ? WHERE name = '"
                                                   WATERMARK "'", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, watermark);
  return kasir_database_step_done (db, stmt, "write the report watermark", error);
}

/* W and the largest sale rowid (@out_last, 0 without sales); *out_found FALSE, and
 * nothing more read, when the file has no W (below 22). */
static gboolean
read_marks (KasirDatabase  *db,
            gint64         *out_watermark,
            gint64         *out_last,
            gboolean       *out_found,
            GError        **error)
{
  *out_last = 0;
  if (!read_watermark (db, out_watermark, out_found, error))
    return FALSE;
  return !*out_found ||
         kasir_database_query_int64 (db, "SELECT coalesce(max(rowid), 0) FROM sales", out_last, error);
}

/* TRUE when the totals hold every sale; FALSE when not, or when it cannot be read (the
 * transaction then reads it again and says why). */
static gboolean
caught_up (KasirDatabase *db)
{
  gint64 watermark = 0, last = 0;
  gboolean found = FALSE;

  if (!read_marks (db, &watermark, &last, &found, NULL))
    return FALSE;
  return !found || last <= watermark;
}

static gboolean
catch_up_in_transaction (KasirDatabase  *db,
                         guint          *out_added,
                         GError        **error)
{
  gint64 watermark = 0, last = 0, added = 0;
  gboolean found = FALSE, keys_by_row;

  if (!read_marks (db, &watermark, &last, &found, error))
    return FALSE;
  if (!found || last <= watermark)
    return TRUE;

  keys_by_row = kasir_database_get_schema_version (db) >= KASIR_SALE_KEYS_VERSION;
  for (guint i = 0; i < G_N_ELEMENTS (catch_up_sql); i++)
    {
      const char *sql = catch_up_sql[i];
      sqlite3_stmt *stmt;

      if (i > 0 && !keys_by_row)
        sql = catch_up_sql_by_id[i - 1];
      stmt = kasir_database_prepare (db, sql, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, watermark);
      if (!kasir_database_step_done (db, stmt, "report totals", error))
        return FALSE;
    }
  if (out_added != NULL)
    {
      sqlite3_stmt *stmt = kasir_database_prepare (db, "SELECT count(*) FROM sales WHERE rowid > ?",
                                                    error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, watermark);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        added = sqlite3_column_int64 (stmt, 0);
      kasir_database_stmt_done (stmt);
      *out_added = (guint) added;
    }

  return write_watermark (db, last, error);
}

gboolean
kasir_report_totals_catch_up (KasirDatabase  *db,
                              guint          *out_added,
                              GError        **error)
{
  g_return_val_if_fail (KASIR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_added != NULL)
    *out_added = 0;
  /* Nothing new (the usual case for a report): no write lock taken, so a sale being
   * committed meanwhile never waits for it. */
  if (!kasir_database_in_transaction (db) && caught_up (db))
    return TRUE;
  if (!kasir_database_begin (db, error))
    return FALSE;
  if (!catch_up_in_transaction (db, out_added, error))
    {
      kasir_database_rollback (db);
      return FALSE;
    }

  return kasir_database_commit (db, error);
}

gboolean
kasir_report_totals_after_delete (KasirDatabase  *db,
                                  GError        **error)
{
  gint64 watermark = 0, last = 0;
  gboolean found = FALSE;

  g_return_val_if_fail (KASIR_IS_DATABASE (db), FALSE);

  if (!read_marks (db, &watermark, &last, &found, error))
    return FALSE;

  return !found || last >= watermark || write_watermark (db, last, error);
}
