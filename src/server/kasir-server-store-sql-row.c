/* kasir-server-store-sql-row.c — the one row of a query, read through the backend's
 * accessors (KasirServerSqlClass), so that code reading a row is written once for both
 * backends (see kasir-server-store-sql.h).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-store-sql.h"

gboolean
kasir_server_sql_query_row (KasirServerSql     *sql,
                            GError            **error,
                            KasirServerSqlRow  *row,
                            const char         *text,
                            const char         *fmt,
                            ...)
{
  va_list args;
  gboolean ok;

  row->sql = sql;
  row->row = NULL;
  row->index = 0;
  va_start (args, fmt);
  ok = sql->klass->query_row (sql->db, error, &row->row, text, fmt, args);
  va_end (args);
  return ok;
}

gboolean
kasir_server_sql_query_rows (KasirServerSql     *sql,
                             GError            **error,
                             KasirServerSqlRow  *rows,
                             const char         *text,
                             const char         *fmt,
                             ...)
{
  va_list args;
  gboolean ok;

  rows->sql = sql;
  rows->row = NULL;
  rows->index = -1;
  va_start (args, fmt);
  ok = sql->klass->query_rows (sql->db, error, &rows->row, text, fmt, args);
  va_end (args);
  return ok;
}

int
kasir_server_sql_row_next (KasirServerSqlRow  *rows,
                           GError            **error)
{
  int rc = rows->sql->klass->rows_next (rows->sql->db, rows->row, rows->index + 1, error);

  if (rc > 0)
    rows->index++;
  else
    kasir_server_sql_row_free (rows);
  return rc;
}

gint64
kasir_server_sql_row_int (KasirServerSqlRow *row,
                          int                col)
{
  return row->sql->klass->row_int (row->row, row->index, col);
}

char *
kasir_server_sql_row_text (KasirServerSqlRow *row,
                           int                col)
{
  return row->sql->klass->row_text (row->row, row->index, col);
}

JsonNode *
kasir_server_sql_row_node (KasirServerSqlRow *row,
                           int                col)
{
  g_autofree char *text = kasir_server_sql_row_text (row, col);

  return text != NULL ? json_from_string (text, NULL) : NULL;
}

void
kasir_server_sql_row_free (KasirServerSqlRow *row)
{
  if (row->row != NULL)
    row->sql->klass->row_free (row->row);
  row->row = NULL;
}
