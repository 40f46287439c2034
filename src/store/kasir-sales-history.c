/* kasir-sales-history.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kasir-database-private.h"
#include "kasir-sale-keys.h"
#include "kasir-sales-history.h"
#include "kasir-sales-repository.h"

void
kasir_sale_summary_free (KasirSaleSummary *self)
{
  if (self == NULL)
    return;
  g_free (self->sale_id);
  g_free (self->receipt_no);
  g_free (self->created_at);
  g_free (self->staff_name);
  g_free (self->customer_name);
  g_free (self->methods);
  g_free (self);
}

/* One bound value of the WHERE clause being built. */
typedef struct
{
  gboolean  is_text;
  char     *text;
  gint64    number;
} Param;

static void
param_clear (Param *p)
{
  g_free (p->text);
}

static void
add_text (GArray     *params,
          const char *text)
{
  Param p = { TRUE, g_strdup (text), 0 };

  g_array_append_val (params, p);
}

static void
add_int (GArray *params,
         gint64  number)
{
  Param p = { FALSE, NULL, number };

  g_array_append_val (params, p);
}

static gboolean
all_digits (const char *text)
{
  return *text != '\0' && strspn (text, "0123456789") == strlen (text);
}

/* "123" is receipt 123 of this till: the terminal id comes from the sync state. */
static char *
receipt_of_this_till (KasirDatabase *db,
                      const char    *digits)
{
  gint64 terminal_id = 0;
  guint64 number;

  if (strlen (digits) > 12 || !g_ascii_string_to_unsigned (digits, 10, 1, G_MAXINT64, &number, NULL))
    return NULL;
  if (!kasir_database_query_int64 (db, "SELECT terminal_id FROM sync_state WHERE id = 1", &terminal_id, NULL))
    terminal_id = 0;
  return kasir_sales_repository_format_receipt_no (terminal_id, (gint64) number);
}

/* The WHERE clause of @filter (starting with " WHERE", or ""), its values in @params. */
static char *
build_where (KasirDatabase          *db,
             const KasirSalesFilter *filter,
             GArray                 *params)
{
  GString *where = g_string_new (NULL);
  const char *glue = " WHERE ";

  if (filter->receipt != NULL && *filter->receipt != '\0')
    {
      g_autofree char *upper = g_strconcat (filter->receipt, "~", NULL);
      g_autofree char *own = all_digits (filter->receipt) ? receipt_of_this_till (db, filter->receipt) : NULL;

      /* The number alone is that receipt of this till (or the one its scanned barcode
       * names); anything else is the start of a receipt number ('~' sorts after digits
       * and '-', its characters). Each is one range of the receipt index. */
      if (own != NULL && filter->scanned != NULL)
        {
          g_string_append_printf (where, "%ss.receipt_no IN (?, ?)", glue);
          add_text (params, own);
          add_text (params, filter->scanned);
        }
      else if (own != NULL)
        {
          g_string_append_printf (where, "%ss.receipt_no = ?", glue);
          add_text (params, own);
        }
      else
        {
          g_string_append_printf (where, "%ss.receipt_no >= ? AND s.receipt_no < ?", glue);
          add_text (params, filter->receipt);
          add_text (params, upper);
        }
      glue = " AND ";
    }
  if (filter->from != NULL)
    {
      g_string_append_printf (where, "%ss.created_at >= ?", glue);
      add_text (params, filter->from);
      glue = " AND ";
    }
  if (filter->until != NULL)
    {
      g_string_append_printf (where, "%ss.created_at < ?", glue);
      add_text (params, filter->until);
      glue = " AND ";
    }
  if (filter->staff_id != 0)
    {
      g_string_append_printf (where, "%ss.staff_id = ?", glue);
      add_int (params, filter->staff_id);
      glue = " AND ";
    }
  if (filter->customer_id != 0)
    {
      g_string_append_printf (where, "%ss.customer_id = ? AND s.customer_id <> 0", glue);
      add_int (params, filter->customer_id);
      glue = " AND ";
    }
  if (filter->method >= 0)
    {
      g_string_append_printf (where, "%sEXISTS (SELECT 1 FROM sale_payments p "
                              "WHERE " KASIR_SALE_KEYS ("p.payment_key", "s") " AND p.method = ?)", glue);
      add_text (params, kasir_payment_method_to_string ((KasirPaymentMethod) filter->method));
    }
  return g_string_free (where, FALSE);
}

/* Prepares @sql (made here, so not cached) with @params bound from position 1. */
static sqlite3_stmt *
prepare (KasirDatabase  *db,
         const char     *sql,
         GArray         *params,
         GError        **error)
{
  sqlite3 *handle = kasir_database_get_handle (db);
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      kasir_database_set_error (db, rc, "sales history", error);
      return NULL;
    }
  for (guint i = 0; i < params->len; i++)
    {
      const Param *p = &g_array_index (params, Param, i);

      if (p->is_text)
        sqlite3_bind_text (stmt, i + 1, p->text, -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_int64 (stmt, i + 1, p->number);
    }
  return stmt;
}

/* Nonzero (stop the statement) once @data, a GCancellable, is cancelled. */
static int
stop_if_cancelled (void *data)
{
  return g_cancellable_is_cancelled (data) ? 1 : 0;
}

gboolean
kasir_sales_history_count (KasirDatabase           *db,
                           const KasirSalesFilter  *filter,
                           gint64                  *out_count,
                           GError                 **error)
{
  return kasir_sales_history_count_cancellable (db, filter, NULL, out_count, error);
}

gboolean
kasir_sales_history_count_cancellable (KasirDatabase           *db,
                                       const KasirSalesFilter  *filter,
                                       GCancellable            *cancellable,
                                       gint64                  *out_count,
                                       GError                 **error)
{
  g_autoptr(GArray) params = g_array_new (FALSE, TRUE, sizeof (Param));
  g_autofree char *where = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gint64 n;
  int rc;

  g_return_val_if_fail (KASIR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (filter != NULL && out_count != NULL, FALSE);

  g_array_set_clear_func (params, (GDestroyNotify) param_clear);
  where = build_where (db, filter, params);
  sql = g_strconcat ("SELECT COUNT(*) FROM sales s", where, NULL);
  stmt = prepare (db, sql, params, error);
  if (stmt == NULL)
    return FALSE;
  if (cancellable != NULL)
    sqlite3_progress_handler (kasir_database_get_handle (db), 1000, stop_if_cancelled, cancellable);
  rc = sqlite3_step (stmt);
  if (cancellable != NULL)
    sqlite3_progress_handler (kasir_database_get_handle (db), 0, NULL, NULL);
  n = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_finalize (stmt);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (rc != SQLITE_ROW)
    {
      kasir_database_set_error (db, rc, "count sales", error);
      return FALSE;
    }
  *out_count = n;
  return TRUE;
}

static gboolean
is_receipt_search (const KasirSalesFilter *filter)
{
  return filter->receipt != NULL && *filter->receipt != '\0';
}

/* Rows of @filter after @after (NULL: from the top), skipping @offset of them. */
static GPtrArray *
read_page (KasirDatabase           *db,
           const KasirSalesFilter  *filter,
           const KasirSaleSummary  *after,
           guint                    offset,
           guint                    limit,
           GError                 **error)
{
  g_autoptr(GArray) params = g_array_new (FALSE, TRUE, sizeof (Param));
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_sale_summary_free);
  g_autofree char *where = NULL;
  g_autofree char *sql = NULL;
  const char *keyset = "";
  const char *order;
  const char *limit_clause = " LIMIT ? OFFSET ?";
  sqlite3_stmt *stmt;
  int rc;

  g_array_set_clear_func (params, (GDestroyNotify) param_clear);
  where = build_where (db, filter, params);
  /* Within a till receipt numbers grow with time: a receipt search reads its range of
   * the receipt index in order, without sorting; the rest reads the time index. */
  if (after != NULL && is_receipt_search (filter))
    {
      keyset = *where != '\0' ? " AND s.receipt_no < ?" : " WHERE s.receipt_no < ?";
      add_text (params, after->receipt_no);
    }
  else if (after != NULL)
    {
      keyset = *where != '\0' ? " AND (s.created_at, s.rowid) < (?, ?)" : " WHERE (s.created_at, s.rowid) < (?, ?)";
      add_text (params, after->created_at);
      add_int (params, after->row_id);
    }
  order = is_receipt_search (filter) ? " ORDER BY s.receipt_no DESC" : " ORDER BY s.created_at DESC, s.rowid DESC";
  /* A page far down, counted from the top, skips its rows in the index alone (which
   * holds the key and the rowid) and reads only the rows it keeps. */
  if (after == NULL && offset > 0)
    {
      g_autofree char *inner = g_strconcat ("SELECT s.rowid FROM sales s", where, order, " LIMIT ? OFFSET ?", NULL);

      g_free (where);
      where = g_strconcat (" WHERE s.rowid IN (", inner, ")", NULL);
      limit_clause = "";
    }
  sql = g_strconcat ("SELECT s.sale_id, s.receipt_no, s.created_at, COALESCE (st.name, ''), "
                     "COALESCE (c.name, ''), s.total, "
                     "(SELECT group_concat (p.method, '+') FROM sale_payments p "
                     " WHERE " KASIR_SALE_KEYS ("p.payment_key", "s") "), "
                     "CASE WHEN EXISTS (SELECT 1 FROM conflicts k WHERE k.entity_id = s.sale_id "
                     "                  AND k.status != 'resolved') THEN 2 "
                     "     WHEN EXISTS (SELECT 1 FROM outbox o WHERE o.seq = s.outbox_seq "
                     "                  AND o.state != 'acked') "
                     "       OR EXISTS (SELECT 1 FROM outbox o WHERE o.entity_id = s.sale_id "
                     "                  AND o.type <> 'sale.create' AND o.state != 'acked') "
                     "       THEN 0 ELSE 1 END, s.rowid "
                     "FROM sales s LEFT JOIN staff st ON st.id = s.staff_id "
                     "LEFT JOIN customers c ON c.id = s.customer_id",
                     where, keyset, order, limit_clause, NULL);
  add_int (params, limit);
  add_int (params, offset);
  stmt = prepare (db, sql, params, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KasirSaleSummary *row = g_new0 (KasirSaleSummary, 1);

      row->sale_id = kasir_database_column_dup (stmt, 0);
      row->receipt_no = kasir_database_column_dup (stmt, 1);
      row->created_at = kasir_database_column_dup (stmt, 2);
      row->staff_name = kasir_database_column_dup (stmt, 3);
      row->customer_name = kasir_database_column_dup (stmt, 4);
      row->total = sqlite3_column_int64 (stmt, 5);
      row->methods = kasir_database_column_dup (stmt, 6);
      row->sync = (KasirSaleSyncState) sqlite3_column_int (stmt, 7);
      row->row_id = sqlite3_column_int64 (stmt, 8);
      if (row->methods == NULL)
        row->methods = g_strdup ("");
      g_ptr_array_add (rows, row);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (db, rc, "read sales", error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

GPtrArray *
kasir_sales_history_page (KasirDatabase           *db,
                          const KasirSalesFilter  *filter,
                          guint                    offset,
                          guint                    limit,
                          GError                 **error)
{
  g_return_val_if_fail (KASIR_IS_DATABASE (db), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  return read_page (db, filter, NULL, offset, limit, error);
}

GPtrArray *
kasir_sales_history_page_after (KasirDatabase          *db,
                                const KasirSalesFilter *filter,
                                const KasirSaleSummary *after,
                                guint                   limit,
                                GError                **error)
{
  g_return_val_if_fail (KASIR_IS_DATABASE (db), NULL);
  g_return_val_if_fail (filter != NULL && after != NULL, NULL);

  return read_page (db, filter, after, 0, limit, error);
}

gboolean
kasir_sales_history_record_reprint (KasirDatabase  *db,
                                    const char     *sale_id,
                                    gint64          staff_id,
                                    GError        **error)
{
  g_autofree char *now = kasir_now_rfc3339 ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (sale_id != NULL, FALSE);

  stmt = kasir_database_prepare (db, "INSERT INTO sale_reprints (sale_id, staff_id, printed_at) "
                                 "VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, sale_id);
  sqlite3_bind_int64 (stmt, 2, staff_id);
  kasir_database_bind_text (stmt, 3, now);
  return kasir_database_step_done (db, stmt, "record reprint", error);
}

gboolean
kasir_sales_history_count_reprints (KasirDatabase  *db,
                                    const char     *sale_id,
                                    gint64         *out_count,
                                    GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KASIR_IS_DATABASE (db), FALSE);

  stmt = kasir_database_prepare (db, "SELECT COUNT(*) FROM sale_reprints WHERE sale_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, sale_id);
  rc = sqlite3_step (stmt);
  *out_count = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  kasir_database_stmt_done (stmt);
  if (rc != SQLITE_ROW)
    {
      kasir_database_set_error (db, rc, "count reprints", error);
      return FALSE;
    }
  return TRUE;
}
