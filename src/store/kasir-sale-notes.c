/* kasir-sale-notes.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-database-private.h"
#include "kasir-sale-keys.h"
#include "kasir-sale-notes.h"

gboolean
kasir_sale_notes_write (KasirDatabase    *db,
                        const KasirSale  *sale,
                        GError          **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (sale != NULL, FALSE);

  if (sale->open_order_id != NULL)
    {
      stmt = kasir_database_prepare (db, "UPDATE sales SET open_order_id = ? WHERE sale_id = ?", error);
      if (stmt == NULL)
        return FALSE;
      kasir_database_bind_text (stmt, 1, sale->open_order_id);
      kasir_database_bind_text (stmt, 2, sale->sale_id);
      if (!kasir_database_step_done (db, stmt, "write sale open order", error))
        return FALSE;
    }
  for (guint i = 0; i < sale->lines->len; i++)
    {
      const KasirSaleLine *line = g_ptr_array_index (sale->lines, i);

      if (line->note == NULL)
        continue;
      stmt = kasir_database_prepare (db, "UPDATE sale_lines SET note = ? "
                                         "WHERE sale_id = ? AND line_no = ?", error);
      if (stmt == NULL)
        return FALSE;
      kasir_database_bind_text (stmt, 1, line->note);
      kasir_database_bind_text (stmt, 2, sale->sale_id);
      sqlite3_bind_int (stmt, 3, i + 1);
      if (!kasir_database_step_done (db, stmt, "write sale line note", error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_one (KasirDatabase  *db,
          sqlite3_stmt   *order_stmt,
          sqlite3_stmt   *notes_stmt,
          KasirSale      *sale,
          GError        **error)
{
  int rc;

  kasir_database_bind_text (order_stmt, 1, sale->sale_id);
  rc = sqlite3_step (order_stmt);
  if (rc == SQLITE_ROW)
    {
      g_free (sale->open_order_id);
      sale->open_order_id = kasir_database_column_dup (order_stmt, 0);
    }
  sqlite3_reset (order_stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      kasir_database_set_error (db, rc, "read sale open order", error);
      return FALSE;
    }

  kasir_database_bind_text (notes_stmt, 1, sale->sale_id);
  while ((rc = sqlite3_step (notes_stmt)) == SQLITE_ROW)
    {
      gint64 line_no = sqlite3_column_int64 (notes_stmt, 0);

      if (line_no >= 1 && line_no <= sale->lines->len)
        {
          KasirSaleLine *line = g_ptr_array_index (sale->lines, line_no - 1);

          g_free (line->note);
          line->note = kasir_database_column_dup (notes_stmt, 1);
        }
    }
  sqlite3_reset (notes_stmt);
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (db, rc, "read sale line notes", error);
      return FALSE;
    }
  return TRUE;
}

gboolean
kasir_sale_notes_load (KasirDatabase  *db,
                       GPtrArray      *sales,
                       gboolean        keys_by_row,
                       GError        **error)
{
  sqlite3_stmt *order_stmt;
  sqlite3_stmt *notes_stmt;
  gint64 has_column = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (sales != NULL, FALSE);

  if (sales->len == 0)
    return TRUE;
  if (!kasir_database_query_int64 (db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                       "AND name = 'sales' AND sql LIKE '%open_order_id%'",
                                   &has_column, error))
    return FALSE;
  if (has_column == 0)
    return TRUE;

  order_stmt = kasir_database_prepare (db, "SELECT open_order_id FROM sales "
                                           "WHERE sale_id = ? AND open_order_id IS NOT NULL", error);
  if (order_stmt == NULL)
    return FALSE;
  notes_stmt = kasir_database_prepare (db, keys_by_row
                                       ? "SELECT " KASIR_SALE_KEY_NUMBER ("l.line_key") ", l.note "
                                         "FROM sales s JOIN sale_lines l "
                                         "ON " KASIR_SALE_KEYS ("l.line_key", "s") " "
                                         "WHERE s.sale_id = ? AND l.note IS NOT NULL"
                                       : "SELECT line_no, note FROM sale_lines "
                                         "WHERE sale_id = ? AND note IS NOT NULL", error);
  if (notes_stmt == NULL)
    {
      kasir_database_stmt_done (order_stmt);
      return FALSE;
    }
  for (guint i = 0; ok && i < sales->len; i++)
    ok = load_one (db, order_stmt, notes_stmt, g_ptr_array_index (sales, i), error);
  kasir_database_stmt_done (order_stmt);
  kasir_database_stmt_done (notes_stmt);

  return ok;
}
