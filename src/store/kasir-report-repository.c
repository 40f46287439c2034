/* kasir-report-repository.c — see the header.
 *
 * The running totals of migration 0007 (report_sales, report_payments by quarter hour,
 * report_products by UTC day) are summed over the span, once the sales committed since
 * they were last written are added to them (kasir-report-totals.c); only the part UTC
 * days at the edges of a span, and one shift's products, read the sales' lines. The top products are
 * named once chosen. One aggregate per product is sorted twice here
 * rather than queried twice.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "kasir-input-error.h"
#include "kasir-database-private.h"
#include "kasir-sale-keys.h"
#include "kasir-report-repository.h"
#include "kasir-report-totals.h"

struct _KasirReportRepository
{
  GObject        parent_instance;
  KasirDatabase *database;
};

G_DEFINE_FINAL_TYPE (KasirReportRepository, kasir_report_repository, G_TYPE_OBJECT)

static void
report_row_free (KasirReportRow *row)
{
  if (row == NULL)
    return;
  g_free (row->key);
  g_free (row);
}

void
kasir_report_free (KasirReport *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->by_method, g_ptr_array_unref);
  g_clear_pointer (&self->top_revenue, g_ptr_array_unref);
  g_clear_pointer (&self->top_quantity, g_ptr_array_unref);
  g_clear_pointer (&self->by_cashier, g_ptr_array_unref);
  g_clear_pointer (&self->by_order_type, g_ptr_array_unref);
  g_free (self);
}

static void
kasir_report_repository_dispose (GObject *object)
{
  g_clear_object (&KASIR_REPORT_REPOSITORY (object)->database);
  G_OBJECT_CLASS (kasir_report_repository_parent_class)->dispose (object);
}

static void
kasir_report_repository_class_init (KasirReportRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_report_repository_dispose;
}

static void
kasir_report_repository_init (KasirReportRepository *self)
{
}

KasirReportRepository *
kasir_report_repository_new (KasirDatabase *database)
{
  KasirReportRepository *self;

  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);

  self = g_object_new (KASIR_TYPE_REPORT_REPOSITORY, NULL);
  self->database = g_object_ref (database);
  return self;
}

void
kasir_report_local_days (GDateTime  *first,
                         GDateTime  *last,
                         char      **out_from,
                         char      **out_to)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) last_start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(GDateTime) start_utc = NULL;
  g_autoptr(GDateTime) end_utc = NULL;

  g_return_if_fail (first != NULL && last != NULL);

  start = g_date_time_new (g_date_time_get_timezone (first), g_date_time_get_year (first),
                           g_date_time_get_month (first), g_date_time_get_day_of_month (first),
                           0, 0, 0);
  last_start = g_date_time_new (g_date_time_get_timezone (last), g_date_time_get_year (last),
                                g_date_time_get_month (last), g_date_time_get_day_of_month (last),
                                0, 0, 0);
  end = g_date_time_add_days (last_start, 1);
  start_utc = g_date_time_to_utc (start);
  end_utc = g_date_time_to_utc (end);
  *out_from = g_date_time_format (start_utc, "%Y-%m-%dT%H:%M:%SZ");
  *out_to = g_date_time_format (end_utc, "%Y-%m-%dT%H:%M:%SZ");
}

/* A span of the report, binding ?1 from, ?2 to, ?3 shift (NULL: every shift). */
static sqlite3_stmt *
prepare_span (KasirDatabase  *db,
              const char     *sql,
              const char     *from,
              const char     *to,
              const char     *shift_id,
              GError        **error)
{
  sqlite3_stmt *stmt = kasir_database_prepare (db, sql, error);

  if (stmt == NULL)
    return NULL;
  kasir_database_bind_text (stmt, 1, from);
  kasir_database_bind_text (stmt, 2, to);
  if (shift_id != NULL)
    kasir_database_bind_text (stmt, 3, shift_id);
  else
    sqlite3_bind_null (stmt, 3);
  return stmt;
}

static gboolean
finish (KasirDatabase  *db,
        sqlite3_stmt   *stmt,
        int             rc,
        GError        **error)
{
  kasir_database_stmt_done (stmt);
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (db, rc, "read the report", error);
      return FALSE;
    }
  return TRUE;
}

/* Rows of (id, key, count, amount) into a new array. */
static GPtrArray *
collect_rows (KasirDatabase  *db,
              sqlite3_stmt   *stmt,
              GError        **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) report_row_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KasirReportRow *row = g_new0 (KasirReportRow, 1);

      row->id = sqlite3_column_int64 (stmt, 0);
      row->key = kasir_database_column_dup (stmt, 1);
      if (row->key == NULL)
        row->key = g_strdup ("");
      row->count = sqlite3_column_int64 (stmt, 2);
      row->amount = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (rows, row);
    }
  if (!finish (db, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&rows);
}

/* The local hour a quarter-hour bucket ("YYYY-MM-DDTHH:MM", UTC) starts in. */
static int
local_hour (const char *bucket)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (bucket == NULL || strlen (bucket) != 16)
    return -1;
  utc = g_date_time_new_utc (atoi (bucket), atoi (bucket + 5), atoi (bucket + 8),
                             atoi (bucket + 11), atoi (bucket + 14), 0);
  if (utc == NULL)
    return -1;
  local = g_date_time_to_local (utc);
  return g_date_time_get_hour (local);
}

/* Totals and hours from the quarter-hour sums; the buckets of the span are those from
 * the first 16 characters of @from up to those of @to. */
static gboolean
read_totals (KasirDatabase  *db,
             KasirReport    *report,
             const char     *from,
             const char     *to,
             const char     *shift_id,
             KasirMoney     *out_change,
             GError        **error)
{
  char last_hour[17] = "";
  int last_local = -1;
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare_span (db, "SELECT bucket, sum(sales), sum(gross), sum(discount), sum(net), sum(tax), "
                       "sum(change_due) FROM report_sales WHERE bucket >= substr(?1, 1, 16) "
                       "AND bucket < substr(?2, 1, 16) AND (?3 IS NULL OR shift_id = ?3) "
                       "GROUP BY bucket ORDER BY bucket", from, to, shift_id, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *bucket = (const char *) sqlite3_column_text (stmt, 0);
      int hour;

      /* Buckets come in order, four to an hour: convert each UTC hour once. */
      if (bucket != NULL && strlen (bucket) == 16 && strncmp (bucket, last_hour, 13) == 0)
        hour = last_local;
      else
        {
          hour = last_local = local_hour (bucket);
          g_strlcpy (last_hour, bucket != NULL ? bucket : "", sizeof last_hour);
        }

      if (hour >= 0 && hour < 24)
        {
          report->hour_count[hour] += sqlite3_column_int64 (stmt, 1);
          report->hour_net[hour] += sqlite3_column_int64 (stmt, 4);
        }
      report->sale_count += sqlite3_column_int64 (stmt, 1);
      report->gross += sqlite3_column_int64 (stmt, 2);
      report->discounts += sqlite3_column_int64 (stmt, 3);
      report->sales += sqlite3_column_int64 (stmt, 4);
      report->tax += sqlite3_column_int64 (stmt, 5);
      *out_change += sqlite3_column_int64 (stmt, 6);
    }
  if (!finish (db, stmt, rc, error))
    return FALSE;
  report->average = report->sale_count > 0 ? report->sales / report->sale_count : 0;
  return TRUE;
}

/* Refunds made in the span, and what each payment method paid out; refunds are few, so
 * they are read as they are. */
static gboolean
read_refunds (KasirDatabase  *db,
              KasirReport    *report,
              const char     *from,
              const char     *to,
              const char     *shift_id,
              GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare_span (db, "SELECT count(*), coalesce(sum(r.total), 0) FROM refunds r "
                       "WHERE r.created_at >= ?1 AND r.created_at < ?2 AND (?3 IS NULL OR r.shift_id = ?3)",
                       from, to, shift_id, error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      report->refund_count = sqlite3_column_int64 (stmt, 0);
      report->refunds = sqlite3_column_int64 (stmt, 1);
      rc = SQLITE_DONE;
    }
  if (!finish (db, stmt, rc, error))
    return FALSE;
  report->net = report->sales - report->refunds;

  stmt = prepare_span (db, "SELECT p.method, sum(p.amount) FROM refunds r "
                       "JOIN refund_payments p ON p.refund_id = r.refund_id "
                       "WHERE r.created_at >= ?1 AND r.created_at < ?2 AND (?3 IS NULL OR r.shift_id = ?3) "
                       "GROUP BY p.method", from, to, shift_id, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *method = (const char *) sqlite3_column_text (stmt, 0);
      KasirReportRow *row = NULL;

      for (guint i = 0; i < report->by_method->len && row == NULL; i++)
        if (g_strcmp0 (((KasirReportRow *) report->by_method->pdata[i])->key, method) == 0)
          row = report->by_method->pdata[i];
      if (row == NULL)
        {
          row = g_new0 (KasirReportRow, 1);
          row->key = g_strdup (method != NULL ? method : "");
          g_ptr_array_add (report->by_method, row);
        }
      row->amount -= sqlite3_column_int64 (stmt, 1);
    }
  return finish (db, stmt, rc, error);
}

/* Refunds made in the span, taken off the net of the cashier who made each and of the
 * local hour it was made in (refunds are few: read one by one). */
static gboolean
subtract_refunds (KasirDatabase  *db,
                  KasirReport    *report,
                  const char     *from,
                  const char     *to,
                  const char     *shift_id,
                  GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare_span (db, "SELECT r.staff_id, coalesce((SELECT name FROM staff WHERE id = r.staff_id), ''), "
                       "substr(r.created_at, 1, 16), r.total FROM refunds r "
                       "WHERE r.created_at >= ?1 AND r.created_at < ?2 AND (?3 IS NULL OR r.shift_id = ?3)",
                       from, to, shift_id, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 staff_id = sqlite3_column_int64 (stmt, 0);
      KasirMoney total = sqlite3_column_int64 (stmt, 3);
      int hour = local_hour ((const char *) sqlite3_column_text (stmt, 2));
      KasirReportRow *row = NULL;

      for (guint i = 0; i < report->by_cashier->len && row == NULL; i++)
        if (((KasirReportRow *) report->by_cashier->pdata[i])->id == staff_id)
          row = report->by_cashier->pdata[i];
      if (row == NULL)
        {
          row = g_new0 (KasirReportRow, 1);
          row->id = staff_id;
          row->key = kasir_database_column_dup (stmt, 1);
          if (row->key == NULL)
            row->key = g_strdup ("");
          g_ptr_array_add (report->by_cashier, row);
        }
      row->amount -= total;
      if (hour >= 0 && hour < 24)
        report->hour_net[hour] -= total;
    }
  return finish (db, stmt, rc, error);
}

/* Adds (id, name, qty, total) rows of @stmt into @by_id (id → KasirReportRow*). */
static gboolean
add_products (KasirDatabase  *db,
              sqlite3_stmt   *stmt,
              GHashTable     *by_id,
              GError        **error)
{
  g_autoptr(GPtrArray) rows = collect_rows (db, stmt, error);

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      KasirReportRow *row = rows->pdata[i];
      KasirReportRow *have = g_hash_table_lookup (by_id, &row->id);

      if (have != NULL)
        {
          have->count += row->count;
          have->amount += row->amount;
          continue;
        }
      g_hash_table_insert (by_id, &row->id, g_ptr_array_steal_index (rows, i--));
    }
  return TRUE;
}

/* Products: whole UTC days of the span from the daily sums, the part days at its edges
 * from the sales' lines. */
static GPtrArray *
read_products (KasirDatabase  *db,
               const char     *from,
               const char     *to,
               const char     *shift_id,
               GError        **error)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                        (GDestroyNotify) report_row_free);
  g_autofree char *first_day = NULL;  /* the first whole UTC day, "YYYY-MM-DD" */
  g_autofree char *end_day = g_strndup (to, 10);
  g_autofree char *first_start = NULL, *end_start = NULL;
  GPtrArray *all;
  GHashTableIter iter;
  gpointer value;
  static const char raw_sql[] =
    "SELECT l.product_id, '', sum(l.qty), sum(l.total) "
    "FROM sales s JOIN sale_lines l ON " KASIR_SALE_KEYS ("l.line_key", "s") " "
    "WHERE s.created_at >= ?1 AND s.created_at < ?2 AND (?3 IS NULL OR s.shift_id = ?3) "
    "GROUP BY l.product_id";

  if (g_str_has_suffix (from, "T00:00:00Z"))
    first_day = g_strndup (from, 10);
  else
    {
      g_autoptr(GDateTime) day = g_date_time_new_utc (atoi (from), atoi (from + 5), atoi (from + 8), 0, 0, 0);
      g_autoptr(GDateTime) next = g_date_time_add_days (day, 1);

      first_day = g_date_time_format (next, "%Y-%m-%d");
    }
  first_start = g_strconcat (first_day, "T00:00:00Z", NULL);
  end_start = g_strconcat (end_day, "T00:00:00Z", NULL);

  if (shift_id != NULL || strcmp (first_day, end_day) >= 0)
    {
      /* One shift, or no whole UTC day inside: the lines of the whole span. */
      sqlite3_stmt *stmt = prepare_span (db, raw_sql, from, to, shift_id, error);

      if (stmt == NULL || !add_products (db, stmt, by_id, error))
        return NULL;
    }
  else
    {
      sqlite3_stmt *stmt = prepare_span (db, "SELECT product_id, '', sum(qty), sum(total) "
                                         "FROM report_products "
                                         "WHERE day >= CAST(strftime('%s', ?1) AS INTEGER) / 86400 "
                                         "AND day < CAST(strftime('%s', ?2) AS INTEGER) / 86400 "
                                         "AND ?3 IS NULL GROUP BY product_id",
                                         first_day, end_day, NULL, error);

      if (stmt == NULL || !add_products (db, stmt, by_id, error))
        return NULL;
      if (strcmp (from, first_start) < 0)
        {
          stmt = prepare_span (db, raw_sql, from, first_start, shift_id, error);
          if (stmt == NULL || !add_products (db, stmt, by_id, error))
            return NULL;
        }
      if (strcmp (end_start, to) < 0)
        {
          stmt = prepare_span (db, raw_sql, end_start, to, shift_id, error);
          if (stmt == NULL || !add_products (db, stmt, by_id, error))
            return NULL;
        }
    }

  /* What refunds made in the span gave back of each product, units and money. */
  {
    sqlite3_stmt *stmt = prepare_span (db, "SELECT l.product_id, '', -sum(l.qty), -sum(l.amount) "
                                       "FROM refunds r JOIN refund_lines l ON l.refund_id = r.refund_id "
                                       "WHERE r.created_at >= ?1 AND r.created_at < ?2 "
                                       "AND (?3 IS NULL OR r.shift_id = ?3) GROUP BY l.product_id",
                                       from, to, shift_id, error);

    if (stmt == NULL || !add_products (db, stmt, by_id, error))
      return NULL;
  }

  all = g_ptr_array_new_with_free_func ((GDestroyNotify) report_row_free);
  g_hash_table_iter_init (&iter, by_id);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      g_ptr_array_add (all, value);
      g_hash_table_iter_steal (&iter);
    }
  return all;
}

static int
by_amount (gconstpointer a,
           gconstpointer b)
{
  const KasirReportRow *ra = *(KasirReportRow * const *) a;
  const KasirReportRow *rb = *(KasirReportRow * const *) b;

  if (ra->amount != rb->amount)
    return ra->amount > rb->amount ? -1 : 1;
  if (strcmp (ra->key, rb->key) != 0)
    return strcmp (ra->key, rb->key);
  return ra->id < rb->id ? -1 : ra->id > rb->id;
}

static int
by_count (gconstpointer a,
          gconstpointer b)
{
  const KasirReportRow *ra = *(KasirReportRow * const *) a;
  const KasirReportRow *rb = *(KasirReportRow * const *) b;

  if (ra->count != rb->count)
    return ra->count > rb->count ? -1 : 1;
  return by_amount (a, b);
}

static GPtrArray *
top_of (GPtrArray        *all,
        GCompareFunc      compare)
{
  GPtrArray *top = g_ptr_array_new_with_free_func ((GDestroyNotify) report_row_free);

  g_ptr_array_sort (all, compare);
  for (guint i = 0; i < all->len && i < KASIR_REPORT_TOP_PRODUCTS; i++)
    {
      const KasirReportRow *row = all->pdata[i];
      KasirReportRow *copy = g_new0 (KasirReportRow, 1);

      *copy = *row;
      copy->key = g_strdup (row->key);
      g_ptr_array_add (top, copy);
    }
  return top;
}

/* The names of the top products: the catalog's, or for a product no longer in it, a
 * line's of the span. Only these few are looked up, never every product summed. */
static gboolean
name_products (KasirDatabase  *db,
               GPtrArray      *top,
               const char     *from,
               const char     *to,
               GError        **error)
{
  for (guint i = 0; i < top->len; i++)
    {
      KasirReportRow *row = top->pdata[i];
      sqlite3_stmt *stmt;
      int rc;

      /* "+l.product_id": without it SQLite builds a temporary index of every line by
       * product for each product named (300 ms a report at 18,000 sales) instead of
       * reading the span's sales' lines by their keys. */
      stmt = prepare_span (db, "SELECT coalesce((SELECT name FROM products WHERE id = ?3), "
                           "(SELECT l.name FROM sales s JOIN sale_lines l ON " KASIR_SALE_KEYS ("l.line_key", "s") " "
                           "WHERE s.created_at >= ?1 AND s.created_at < ?2 AND +l.product_id = ?3 "
                           "LIMIT 1), '')", from, to, NULL, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 3, row->id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          g_free (row->key);
          row->key = kasir_database_column_dup (stmt, 0);
          if (row->key == NULL)
            row->key = g_strdup ("");
          rc = SQLITE_DONE;
        }
      if (!finish (db, stmt, rc, error))
        return FALSE;
    }
  return TRUE;
}

/* "YYYY-MM-DDTHH:MM:00Z" with the minutes a multiple of 15: a whole number of the
 * quarter-hour buckets the sums are kept in. */
static gboolean
is_quarter_hour (const char *text)
{
  static const char pattern[] = "dddd-dd-ddTdd:dd:00Z";

  if (text == NULL || strlen (text) != sizeof pattern - 1)
    return FALSE;
  for (guint i = 0; pattern[i] != '\0'; i++)
    if (pattern[i] == 'd' ? !g_ascii_isdigit (text[i]) : text[i] != pattern[i])
      return FALSE;
  return atoi (text + 14) % 15 == 0;
}

KasirReport *
kasir_report_repository_summarize (KasirReportRepository  *self,
                                   const char             *from,
                                   const char             *to,
                                   const char             *shift_id,
                                   GError                **error)
{
  g_autoptr(KasirReport) report = NULL;
  g_autoptr(GPtrArray) products = NULL;
  KasirMoney change = 0;
  KasirDatabase *db;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_REPORT_REPOSITORY (self), NULL);

  if (!is_quarter_hour (from) || !is_quarter_hour (to) || strcmp (from, to) >= 0)
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                           _("A report spans whole quarter hours, its start before its end"));
      return NULL;
    }

  db = self->database;
  if (!kasir_report_totals_catch_up (db, NULL, error))
    return NULL;
  report = g_new0 (KasirReport, 1);
  if (!read_totals (db, report, from, to, shift_id, &change, error))
    return NULL;

  /* Cash is counted net of the change handed back: what stayed in the drawer. */
  stmt = prepare_span (db, "SELECT 0, method, sum(sales), sum(amount) FROM report_payments "
                       "WHERE bucket >= substr(?1, 1, 16) AND bucket < substr(?2, 1, 16) "
                       "AND (?3 IS NULL OR shift_id = ?3) GROUP BY method", from, to, shift_id, error);
  if (stmt == NULL || (report->by_method = collect_rows (db, stmt, error)) == NULL)
    return NULL;
  for (guint i = 0; i < report->by_method->len; i++)
    {
      KasirReportRow *row = report->by_method->pdata[i];

      if (g_str_equal (row->key, "cash"))
        row->amount -= change;
    }
  if (!read_refunds (db, report, from, to, shift_id, error))
    return NULL;
  g_ptr_array_sort (report->by_method, by_amount);

  stmt = prepare_span (db, "SELECT r.staff_id, coalesce((SELECT name FROM staff WHERE id = r.staff_id), ''), "
                       "sum(r.sales), sum(r.net) FROM report_sales r WHERE r.bucket >= substr(?1, 1, 16) "
                       "AND r.bucket < substr(?2, 1, 16) AND (?3 IS NULL OR r.shift_id = ?3) "
                       "GROUP BY r.staff_id", from, to, shift_id, error);
  if (stmt == NULL || (report->by_cashier = collect_rows (db, stmt, error)) == NULL)
    return NULL;
  if (!subtract_refunds (db, report, from, to, shift_id, error))
    return NULL;
  g_ptr_array_sort (report->by_cashier, by_amount);

  products = read_products (db, from, to, shift_id, error);
  if (products == NULL)
    return NULL;
  report->top_revenue = top_of (products, by_amount);
  report->top_quantity = top_of (products, by_count);
  if (!name_products (db, report->top_revenue, from, to, error) ||
      !name_products (db, report->top_quantity, from, to, error))
    return NULL;

  stmt = prepare_span (db, "SELECT 0, coalesce(o.order_type, ''), count(*), sum(s.total) FROM sales s "
                       "LEFT JOIN sale_orders o ON o.sale_id = s.sale_id "
                       "WHERE s.created_at >= ?1 AND s.created_at < ?2 AND (?3 IS NULL OR s.shift_id = ?3) "
                       "GROUP BY 2", from, to, shift_id, error);
  if (stmt == NULL || (report->by_order_type = collect_rows (db, stmt, error)) == NULL)
    return NULL;
  g_ptr_array_sort (report->by_order_type, by_amount);

  return g_steal_pointer (&report);
}
