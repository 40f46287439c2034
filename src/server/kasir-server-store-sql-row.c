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

/* One row (@many FALSE) or the rows before the first (TRUE). */
static gboolean
query_va (KasirServerSql     *sql,
          GError            **error,
          KasirServerSqlRow  *row,
          gboolean            many,
          const char         *text,
          const char         *fmt,
          va_list             args)
{
  row->sql = sql;
  row->row = NULL;
  row->index = many ? -1 : 0;
  return (many ? sql->klass->query_rows : sql->klass->query_row) (sql->db, error, &row->row, text, fmt, args);
}

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

  va_start (args, fmt);
  ok = query_va (sql, error, row, FALSE, text, fmt, args);
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

  va_start (args, fmt);
  ok = query_va (sql, error, rows, TRUE, text, fmt, args);
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

GPtrArray *
kasir_server_sql_text_rows (KasirServerSql  *sql,
                            const char      *text,
                            const char      *a,
                            const char      *b,
                            const char      *c,
                            GError         **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  KasirServerSqlRow rows;
  int rc;

  if (!kasir_server_sql_query_rows (sql, error, &rows, text, "ttt", a, b, c))
    return NULL;
  while ((rc = kasir_server_sql_row_next (&rows, error)) > 0)
    {
      int n = sql->klass->row_columns (rows.row);
      char **row = g_new0 (char *, n + 1);

      for (int i = 0; i < n; i++)
        if ((row[i] = kasir_server_sql_row_text (&rows, i)) == NULL)
          row[i] = g_strdup ("");
      g_ptr_array_add (out, row);
    }
  return rc == 0 ? g_steal_pointer (&out) : NULL;
}
