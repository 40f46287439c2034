/* kasir-sales-repository.c — the sale commit and sale reads.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kasir-protocol.h"
#include "kasir-database-private.h"
#include "kasir-outbox-repository.h"
#include "kasir-order-type.h"
#include "kasir-sales-repository.h"
#include "kasir-modifier-repository.h"
#include "kasir-sale-keys.h"
#include "kasir-sale-notes.h"

struct _KasirSalesRepository
{
  GObject                parent_instance;
  KasirDatabase         *database;
  KasirOutboxRepository *outbox;
  /* The commit writes the report totals in versions 20 and 21; below them, triggers did
   * (from version 7); from 22 a later transaction does (kasir-report-totals.c). Only the
   * migrations' tests still open files below 22. */
  gboolean               writes_reports;
  /* The sale keeps the seq of its sale.create row (version 23 on). */
  gboolean               names_outbox_row;
  /* Lines and payments keyed by the sale's row, and the line notes and open order in
   * the rows' own INSERTs (version 24 on, kasir-sale-keys.h). */
  gboolean               keys_by_row;
};

G_DEFINE_TYPE (KasirSalesRepository, kasir_sales_repository, G_TYPE_OBJECT)

static void
kasir_sales_repository_dispose (GObject *object)
{
  KasirSalesRepository *self = KASIR_SALES_REPOSITORY (object);

  g_clear_object (&self->outbox);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (kasir_sales_repository_parent_class)->dispose (object);
}

static void
kasir_sales_repository_class_init (KasirSalesRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_sales_repository_dispose;
}

static void
kasir_sales_repository_init (KasirSalesRepository *self)
{
}

KasirSalesRepository *
kasir_sales_repository_new (KasirDatabase *database)
{
  KasirSalesRepository *self;
  int version;

  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);

  self = g_object_new (KASIR_TYPE_SALES_REPOSITORY, NULL);
  self->database = g_object_ref (database);
  self->outbox = kasir_outbox_repository_new (database);
  version = kasir_database_get_schema_version (database);
  self->writes_reports = version >= 20 && version < 22;
  self->names_outbox_row = version >= 23;
  self->keys_by_row = version >= KASIR_SALE_KEYS_VERSION;

  return self;
}

char *
kasir_sales_repository_format_receipt_no (gint64 terminal_id,
                                          gint64 number)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "-%06" G_GINT64_FORMAT, terminal_id, number);
}

static gboolean
check_sale (const KasirSale  *sale,
            GError          **error)
{
  if (sale->lines->len > KASIR_SALE_KEYS_MAX || sale->payments->len > KASIR_SALE_KEYS_MAX)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("A sale can have at most %d lines and %d payments"),
                   KASIR_SALE_KEYS_MAX, KASIR_SALE_KEYS_MAX);
      return FALSE;
    }
  if (!kasir_sale_check_sums (sale, error))
    return FALSE;

  if (strlen (sale->currency) != 3 || !g_ascii_isupper (sale->currency[0]) ||
      !g_ascii_isupper (sale->currency[1]) || !g_ascii_isupper (sale->currency[2]))
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("The sale has no valid currency"));
      return FALSE;
    }
  if (sale->sale_id != NULL && !kasir_uuid_is_valid (sale->sale_id))
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("The sale id is not a valid UUID"));
      return FALSE;
    }
  if (sale->shift_id != NULL && !kasir_uuid_is_valid (sale->shift_id))
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("The shift id is not a valid UUID"));
      return FALSE;
    }
  if (sale->created_at != NULL && !kasir_rfc3339_is_valid (sale->created_at))
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("The sale time is not a valid time"));
      return FALSE;
    }
  if (!kasir_order_check (sale->order_type, sale->order_ref, error))
    return FALSE;
  if (sale->staff_id < 0 || sale->customer_id < 0)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("The sale refers to a negative staff or customer id"));
      return FALSE;
    }
  for (guint i = 0; i < sale->payments->len; i++)
    {
      const KasirPayment *pay = sale->payments->pdata[i];

      if (kasir_payment_method_to_string (pay->method) == NULL)
        {
          g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                       _("Payment %u has an unknown method"), i + 1);
          return FALSE;
        }
    }
  for (guint i = 0; i < sale->lines->len; i++)
    {
      const KasirSaleLine *line = sale->lines->pdata[i];

      if (line->product_id <= 0)
        {
          g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                       _("Line %u of the sale has no product"), i + 1);
          return FALSE;
        }
    }

  return TRUE;
}

/* The first @n_out columns of the one row of @stmt, into @out[0..n_out). */
static gboolean
step_int64 (KasirDatabase  *db,
            sqlite3_stmt   *stmt,
            gint64         *out,
            guint           n_out,
            GError        **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW)
    {
      kasir_database_set_error (db, rc == SQLITE_DONE ? SQLITE_ERROR : rc, "read", error);
      kasir_database_stmt_done (stmt);
      return FALSE;
    }
  for (guint i = 0; i < n_out; i++)
    out[i] = sqlite3_column_int64 (stmt, (int) i);
  kasir_database_stmt_done (stmt);

  return TRUE;
}

/* Takes the next receipt number for @terminal_id inside the open transaction. The counter
 * is a row of "counters", beside the outbox seq, so that a sale bumps one page for both. */
static gboolean
next_receipt_number (KasirDatabase  *db,
                     gint64          terminal_id,
                     gint64         *out,
                     GError        **error)
{
  g_autofree char *name = g_strdup_printf ("receipt_no:%" G_GINT64_FORMAT, terminal_id);
  sqlite3_stmt *stmt;

  stmt = kasir_database_prepare (db, "UPDATE counters SET value = value + 1 WHERE name = ?",
                                 error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, name);
  if (!kasir_database_step_done (db, stmt, "receipt counter", error))
    return FALSE;

  /* The first sale of this terminal id. */
  if (sqlite3_changes (kasir_database_get_handle (db)) == 0)
    {
      stmt = kasir_database_prepare (db, "INSERT INTO counters (name, value) VALUES (?, 1)",
                                     error);
      if (stmt == NULL)
        return FALSE;
      kasir_database_bind_text (stmt, 1, name);
      if (!kasir_database_step_done (db, stmt, "receipt counter", error))
        return FALSE;
    }

  stmt = kasir_database_prepare (db, "SELECT value FROM counters WHERE name = ?", error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, name);

  return step_int64 (db, stmt, out, 1, error);
}

/* The member's balance as this till knows it follows the sale at once (pull brings the
 * server's figure later): points earned in, points redeemed out, never below zero. */
static gboolean
move_known_points (KasirDatabase    *db,
                   const KasirSale  *sale,
                   GError          **error)
{
  sqlite3_stmt *stmt;

  if (sale->loyalty_earned == sale->loyalty_redeemed)
    return TRUE;
  stmt = kasir_database_prepare (db,
                                 "UPDATE customers SET loyalty_points = MAX(0, loyalty_points + ?1) "
                                 "WHERE id = (SELECT customer_id FROM sales WHERE sale_id = ?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, sale->loyalty_earned - sale->loyalty_redeemed);
  kasir_database_bind_text (stmt, 2, sale->sale_id);
  return kasir_database_step_done (db, stmt, "customer points", error);
}

/* A member's sale: the points it earned, and a member made on this till names its
 * provisional row. A sale without either leaves the loyalty columns alone. */
static gboolean
write_loyalty (KasirDatabase    *db,
               const KasirSale  *sale,
               GError          **error)
{
  sqlite3_stmt *stmt;

  if (sale->loyalty_earned == 0 && sale->loyalty_redeemed == 0 && sale->customer_client_id == NULL)
    return TRUE;
  stmt = kasir_database_prepare (db,
                                 "UPDATE sales SET loyalty_earned = ?1, customer_id = "
                                 "  CASE WHEN customer_id <> 0 THEN customer_id ELSE COALESCE("
                                 "  (SELECT id FROM customers WHERE client_id = ?2), 0) END "
                                 "WHERE sale_id = ?3", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, sale->loyalty_earned);
  kasir_database_bind_text (stmt, 2, sale->customer_client_id);
  kasir_database_bind_text (stmt, 3, sale->sale_id);
  if (!kasir_database_step_done (db, stmt, "write sale loyalty", error))
    return FALSE;
  return move_known_points (db, sale, error);
}

/* How the sale is served (dine-in, take-away, delivery), when the cashier said so. */
static gboolean
write_order (KasirDatabase    *db,
             const KasirSale  *sale,
             GError          **error)
{
  sqlite3_stmt *stmt;

  /* The open order this sale pays is paid with it, in its transaction. */
  if (sale->open_order_id != NULL)
    {
      stmt = kasir_database_prepare (db, "UPDATE open_orders SET state = 'paid', sale_id = ? "
                                         "WHERE order_id = ?", error);
      if (stmt == NULL)
        return FALSE;
      kasir_database_bind_text (stmt, 1, sale->sale_id);
      kasir_database_bind_text (stmt, 2, sale->open_order_id);
      if (!kasir_database_step_done (db, stmt, "pay open order", error))
        return FALSE;
    }
  if (sale->order_type == NULL)
    return TRUE;
  stmt = kasir_database_prepare (db, "INSERT INTO sale_orders (sale_id, order_type, order_ref) "
                                     "VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, sale->sale_id);
  kasir_database_bind_text (stmt, 2, sale->order_type);
  kasir_database_bind_text (stmt, 3, sale->order_ref);
  return kasir_database_step_done (db, stmt, "write sale order", error);
}

/* Binds ?1 and ?2 of a line's or payment's INSERT: its sale (the sale's row, or below
 * version 24 its id, when @sale_row is 0) and its number from 1. */
static void
bind_sale_key (sqlite3_stmt    *stmt,
               const KasirSale *sale,
               gint64           sale_row,
               guint            number)
{
  if (sale_row > 0)
    sqlite3_bind_int64 (stmt, 1, sale_row);
  else
    kasir_database_bind_text (stmt, 1, sale->sale_id);
  sqlite3_bind_int (stmt, 2, number);
}

/* The payments of the sale at @sale_row (0 below version 24: keyed by its id). */
static gboolean
write_payments (KasirDatabase    *db,
                const KasirSale  *sale,
                gint64            sale_row,
                GError          **error)
{
  for (guint i = 0; i < sale->payments->len; i++)
    {
      const KasirPayment *pay = sale->payments->pdata[i];
      sqlite3_stmt *stmt;

      stmt = kasir_database_prepare (db, sale_row > 0
                                     ? "INSERT INTO sale_payments (payment_key, method, amount, "
                                       "reference) VALUES (?2 + ?1 * 65536, ?3, ?4, ?5)"
                                     : "INSERT INTO sale_payments (sale_id, line_no, method, "
                                       "amount, reference) VALUES (?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      bind_sale_key (stmt, sale, sale_row, i + 1);
      kasir_database_bind_text (stmt, 3, kasir_payment_method_to_string (pay->method));
      sqlite3_bind_int64 (stmt, 4, pay->amount);
      kasir_database_bind_text (stmt, 5, pay->reference);
      if (!kasir_database_step_done (db, stmt, "write payment", error))
        return FALSE;
    }

  return TRUE;
}

/* The quarter hour (UTC, "YYYY-MM-DDTHH:MM") and the UTC day (days since 1970) of the
 * sale's time ?1, as the report tables of migration 0007 key them. */
#define REPORT_BUCKET "substr(?1, 1, 14) || printf('%02d', CAST(substr(?1, 15, 2) AS INTEGER) / 15 * 15)"
#define REPORT_DAY    "CAST(strftime('%s', substr(?1, 1, 10)) AS INTEGER) / 86400"

/* Adds the sale to the report totals, one statement per table for the whole sale (its
 * lines and payments are already written): each running total is read by its whole key
 * and written back with the sale's share added. */
static gboolean
write_reports (KasirDatabase    *db,
               const KasirSale  *sale,
               GError          **error)
{
  static const char * const sql[] = {
    "INSERT OR REPLACE INTO report_sales (bucket, shift_id, staff_id, sales, gross, discount, "
    "  net, tax, change_due) "
    "SELECT k.bucket, k.shift_id, k.staff_id, coalesce(r.sales, 0) + 1, coalesce(r.gross, 0) + ?5, "
    "  coalesce(r.discount, 0) + ?6, coalesce(r.net, 0) + ?7, coalesce(r.tax, 0) + ?8, "
    "  coalesce(r.change_due, 0) + ?9 "
    "FROM (SELECT " REPORT_BUCKET " AS bucket, coalesce(?2, '') AS shift_id, ?4 AS staff_id) k "
    "LEFT JOIN report_sales r ON r.bucket = k.bucket AND r.shift_id = k.shift_id "
    "  AND r.staff_id = k.staff_id",
    "INSERT OR REPLACE INTO report_payments (bucket, shift_id, method, sales, amount) "
    "SELECT k.bucket, k.shift_id, p.method, coalesce(max(r.sales), 0) + count(*), "
    "  coalesce(max(r.amount), 0) + sum(p.amount) "
    "FROM (SELECT " REPORT_BUCKET " AS bucket, coalesce(?2, '') AS shift_id) k "
    "JOIN sale_payments p ON p.sale_id = ?3 "
    "LEFT JOIN report_payments r ON r.bucket = k.bucket AND r.shift_id = k.shift_id "
    "  AND r.method = p.method "
    "GROUP BY p.method",
    "INSERT OR REPLACE INTO report_products (day, product_id, qty, total) "
    "SELECT k.day, l.product_id, coalesce(max(r.qty), 0) + sum(l.qty), "
    "  coalesce(max(r.total), 0) + sum(l.total) "
    "FROM (SELECT " REPORT_DAY " AS day) k "
    "JOIN sale_lines l ON l.sale_id = ?3 "
    "LEFT JOIN report_products r ON r.day = k.day AND r.product_id = l.product_id "
    "GROUP BY l.product_id",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      sqlite3_stmt *stmt = kasir_database_prepare (db, sql[i], error);

      if (stmt == NULL)
        return FALSE;
      /* Each statement names only the parameters it needs; the rest are left unbound. */
      kasir_database_bind_text (stmt, 1, sale->created_at);
      kasir_database_bind_text (stmt, 2, sale->shift_id);
      if (i > 0)
        kasir_database_bind_text (stmt, 3, sale->sale_id);
      if (i == 0)
        {
          sqlite3_bind_int64 (stmt, 4, sale->staff_id);
          sqlite3_bind_int64 (stmt, 5, sale->subtotal);
          sqlite3_bind_int64 (stmt, 6, sale->discount);
          sqlite3_bind_int64 (stmt, 7, sale->total);
          sqlite3_bind_int64 (stmt, 8, sale->tax);
          sqlite3_bind_int64 (stmt, 9, sale->change);
        }
      if (!kasir_database_step_done (db, stmt, "report totals", error))
        return FALSE;
    }

  return TRUE;
}

/* A line's SKU ?4 as kept: only where it is not its product's ?3 own (see write_lines). */
#define LINE_SKU "CASE WHEN ?4 IS (SELECT sku FROM products WHERE id = ?3) THEN NULL ELSE ?4 END"

/* The lines of the sale at @sale_row (0 below version 24: keyed by its id), their
 * options, and the local stock of outlet @outlet_id (none when 0) they take. */
static gboolean
write_lines (KasirDatabase    *db,
             const KasirSale  *sale,
             gint64            sale_row,
             gint64            outlet_id,
             GError          **error)
{
  sqlite3_stmt *stmt;

  for (guint i = 0; i < sale->lines->len; i++)
    {
      const KasirSaleLine *line = sale->lines->pdata[i];

      /* The line's SKU is kept only where it is not its product's own (a product this
       * till does not know, or one whose SKU changed since): a month of lines repeating
       * their products' SKUs was a megabyte. The name as sold is always kept. */
      stmt = kasir_database_prepare (db, sale_row > 0
                                     ? "INSERT INTO sale_lines (line_key, product_id, sku, name, "
                                       "qty, unit_price, price_version, tax_rate_bp, discount, "
                                       "tax, total, note) "
                                       "VALUES (?2 + ?1 * 65536, ?3, " LINE_SKU ", ?5, ?6, ?7, ?8, "
                                       "?9, ?10, ?11, ?12, ?13)"
                                     : "INSERT INTO sale_lines (sale_id, line_no, product_id, "
                                       "sku, name, qty, unit_price, price_version, tax_rate_bp, "
                                       "discount, tax, total) "
                                       "VALUES (?1, ?2, ?3, " LINE_SKU ", "
                                       "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", error);
      if (stmt == NULL)
        return FALSE;
      bind_sale_key (stmt, sale, sale_row, i + 1);
      sqlite3_bind_int64 (stmt, 3, line->product_id);
      kasir_database_bind_text (stmt, 4, line->sku);
      kasir_database_bind_text (stmt, 5, line->name);
      sqlite3_bind_int64 (stmt, 6, line->qty);
      sqlite3_bind_int64 (stmt, 7, line->unit_price);
      sqlite3_bind_int64 (stmt, 8, line->price_version);
      sqlite3_bind_int64 (stmt, 9, line->tax_rate_bp);
      sqlite3_bind_int64 (stmt, 10, line->discount);
      sqlite3_bind_int64 (stmt, 11, line->tax);
      sqlite3_bind_int64 (stmt, 12, line->total);
      if (sale_row > 0)
        kasir_database_bind_text (stmt, 13, line->note);
      if (!kasir_database_step_done (db, stmt, "write sale line", error) ||
          !kasir_modifier_store_write_line_options (db, sale->sale_id, i + 1, line->options,
                                                    error))
        return FALSE;

      /* The local stock follows the sale at once; the server's count replaces it on the
       * next pull. */
      if (outlet_id > 0)
        {
          stmt = kasir_database_prepare (db,
                                         "UPDATE stock SET qty = qty - ? "
                                         "WHERE product_id = ? AND outlet_id = ?", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, line->qty);
          sqlite3_bind_int64 (stmt, 2, line->product_id);
          sqlite3_bind_int64 (stmt, 3, outlet_id);
          if (!kasir_database_step_done (db, stmt, "update stock", error))
            return FALSE;
        }
    }

  return TRUE;
}

/* The sale's row, with (version 23 on) or without the seq of its outbox row, and (24
 * on) the open order it paid. */
#define INSERT_SALE_COLUMNS "INSERT INTO sales (sale_id, receipt_no, terminal_id, " \
  "receipt_seq, shift_id, staff_id, customer_id, currency, tax_inclusive, subtotal, " \
  "discount, fee, tax, total, change_due, loyalty_redeemed, created_at"
#define INSERT_SALE_VALUES "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"

static gboolean
write_sale (KasirSalesRepository  *self,
            KasirSale             *sale,
            gint64                 terminal_id,
            gint64                 outlet_id,
            gint64                 receipt_seq,
            GError               **error)
{
  KasirDatabase *db = self->database;
  g_autoptr(JsonNode) payload = NULL;
  sqlite3_stmt *stmt;
  gint64 seq, sale_row = 0;

  /* The sale's outbox row first, so that the sale's own row names it (version 23 on): a
   * key in the outbox's index by entity cost a page. */
  payload = kasir_protocol_encode_sale (sale);
  seq = kasir_outbox_repository_enqueue_in_transaction (self->outbox, KASIR_MUTATION_SALE_CREATE,
                                                        sale->sale_id, payload, NULL, error);
  if (seq == 0)
    return FALSE;

  stmt = kasir_database_prepare (db, self->keys_by_row
                                     ? INSERT_SALE_COLUMNS ", outbox_seq, open_order_id) "
                                       INSERT_SALE_VALUES ", ?, ?)"
                                     : self->names_outbox_row
                                     ? INSERT_SALE_COLUMNS ", outbox_seq) " INSERT_SALE_VALUES ", ?)"
                                     : INSERT_SALE_COLUMNS ") " INSERT_SALE_VALUES ")",
                                 error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, sale->sale_id);
  kasir_database_bind_text (stmt, 2, sale->receipt_no);
  sqlite3_bind_int64 (stmt, 3, terminal_id);
  sqlite3_bind_int64 (stmt, 4, receipt_seq);
  kasir_database_bind_text (stmt, 5, sale->shift_id);
  sqlite3_bind_int64 (stmt, 6, sale->staff_id);
  sqlite3_bind_int64 (stmt, 7, sale->customer_id);
  kasir_database_bind_text (stmt, 8, sale->currency);
  sqlite3_bind_int (stmt, 9, sale->tax_inclusive ? 1 : 0);
  sqlite3_bind_int64 (stmt, 10, sale->subtotal);
  sqlite3_bind_int64 (stmt, 11, sale->discount);
  sqlite3_bind_int64 (stmt, 12, sale->fee);
  sqlite3_bind_int64 (stmt, 13, sale->tax);
  sqlite3_bind_int64 (stmt, 14, sale->total);
  sqlite3_bind_int64 (stmt, 15, sale->change);
  sqlite3_bind_int64 (stmt, 16, sale->loyalty_redeemed);
  kasir_database_bind_text (stmt, 17, sale->created_at);
  if (self->names_outbox_row)
    sqlite3_bind_int64 (stmt, 18, seq);
  if (self->keys_by_row)
    kasir_database_bind_text (stmt, 19, sale->open_order_id);
  if (!kasir_database_step_done (db, stmt, "write sale", error))
    return FALSE;
  if (self->keys_by_row)
    sale_row = sqlite3_last_insert_rowid (kasir_database_get_handle (db));
  if (!write_order (db, sale, error) || !write_loyalty (db, sale, error))
    return FALSE;

  if (!write_lines (db, sale, sale_row, outlet_id, error) ||
      (!self->keys_by_row && !kasir_sale_notes_write (db, sale, error)))
    return FALSE;

  if (!write_payments (db, sale, sale_row, error) ||
      (self->writes_reports && !write_reports (db, sale, error)))
    return FALSE;

  /* By its key: "DELETE FROM cart" empties the table by rewriting its page even when no
   * cart was saved. */
  stmt = kasir_database_prepare (db, "DELETE FROM cart WHERE id = 1", error);
  if (stmt == NULL)
    return FALSE;

  return kasir_database_step_done (db, stmt, "clear cart", error);
}

gboolean
kasir_sales_repository_commit_sale (KasirSalesRepository  *self,
                                    KasirSale             *sale,
                                    GError               **error)
{
  KasirDatabase *db;
  char *old_sale_id, *old_receipt_no, *old_created_at;
  sqlite3_stmt *stmt;
  gint64 ids[2] = { 0, 0 };
  gint64 number = 0;

  g_return_val_if_fail (KASIR_IS_SALES_REPOSITORY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (sale == NULL)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("There is no sale to commit"));
      return FALSE;
    }
  if (!check_sale (sale, error))
    return FALSE;

  db = self->database;
  old_sale_id = sale->sale_id;
  old_receipt_no = sale->receipt_no;
  old_created_at = sale->created_at;

  if (!kasir_database_begin (db, error))
    return FALSE;

  stmt = kasir_database_prepare (db,
                                 "SELECT terminal_id, outlet_id FROM sync_state WHERE id = 1",
                                 error);
  if (stmt == NULL || !step_int64 (db, stmt, ids, G_N_ELEMENTS (ids), error))
    goto fail;
  if (!next_receipt_number (db, ids[0], &number, error))
    goto fail;

  sale->sale_id = old_sale_id != NULL ? g_strdup (old_sale_id) : kasir_uuid_new ();
  sale->created_at = old_created_at != NULL ? g_strdup (old_created_at) : kasir_now_rfc3339 ();
  sale->receipt_no = kasir_sales_repository_format_receipt_no (ids[0], number);

  if (!write_sale (self, sale, ids[0], ids[1], number, error))
    goto restore;
  if (!kasir_database_commit (db, error))
    goto restore_committed;

  g_free (old_sale_id);
  g_free (old_receipt_no);
  g_free (old_created_at);
  return TRUE;

restore:
  kasir_database_rollback (db);
restore_committed:
  g_free (sale->sale_id);
  g_free (sale->receipt_no);
  g_free (sale->created_at);
  sale->sale_id = old_sale_id;
  sale->receipt_no = old_receipt_no;
  sale->created_at = old_created_at;
  return FALSE;

fail:
  kasir_database_rollback (db);
  return FALSE;
}

/* ---- Reads ---- */

/* How each sale is served (order types), from its sale_orders row. A database opened
 * below the version that made the table (the migrations' tests) has none to read. */
static gboolean
load_orders (KasirDatabase  *db,
             GPtrArray      *sales,
             GError        **error)
{
  sqlite3_stmt *stmt;
  gint64 has_table = 0;

  if (!kasir_database_query_int64 (db, "SELECT count(*) FROM sqlite_master "
                                       "WHERE type = 'table' AND name = 'sale_orders'",
                                   &has_table, error))
    return FALSE;
  if (has_table == 0)
    return TRUE;
  stmt = kasir_database_prepare (db, "SELECT order_type, order_ref FROM sale_orders WHERE sale_id = ?",
                                 error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < sales->len; i++)
    {
      KasirSale *sale = sales->pdata[i];
      int rc;

      kasir_database_bind_text (stmt, 1, sale->sale_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          sale->order_type = kasir_database_column_dup (stmt, 0);
          sale->order_ref = kasir_database_column_dup (stmt, 1);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          kasir_database_set_error (db, rc, "read sale orders", error);
          kasir_database_stmt_done (stmt);
          return FALSE;
        }
    }
  kasir_database_stmt_done (stmt);

  return TRUE;
}

/* The points each sale earned (a refund takes back its share), once the database has
 * them (migration 0015). */
static gboolean
load_earned (KasirDatabase  *db,
             GPtrArray      *sales,
             GError        **error)
{
  sqlite3_stmt *stmt;
  gint64 has_column = 0;

  if (!kasir_database_query_int64 (db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                       "AND name = 'sales' AND sql LIKE '%loyalty_earned%'",
                                   &has_column, error))
    return FALSE;
  if (has_column == 0)
    return TRUE;
  stmt = kasir_database_prepare (db, "SELECT loyalty_earned FROM sales WHERE sale_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < sales->len; i++)
    {
      KasirSale *sale = sales->pdata[i];
      int rc;

      kasir_database_bind_text (stmt, 1, sale->sale_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        sale->loyalty_earned = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          kasir_database_stmt_done (stmt);
          kasir_database_set_error (db, rc, "read sale points", error);
          return FALSE;
        }
    }
  kasir_database_stmt_done (stmt);
  return TRUE;
}

#define SALE_COLUMNS "sale_id, receipt_no, shift_id, staff_id, customer_id, currency, " \
                     "tax_inclusive, subtotal, discount, fee, tax, total, change_due, " \
                     "loyalty_redeemed, created_at"

#define LINE_COLUMNS "SELECT l.product_id, coalesce (l.sku, p.sku), l.name, l.qty, " \
  "l.unit_price, l.price_version, l.tax_rate_bp, l.discount, l.tax, l.total "

/* The lines and payments of @sale; @keys_by_row as KasirSalesRepository's. */
static gboolean
load_details (KasirDatabase  *db,
              gboolean        keys_by_row,
              KasirSale      *sale,
              GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = kasir_database_prepare (db, keys_by_row
                                 ? LINE_COLUMNS "FROM sales s "
                                   "JOIN sale_lines l ON " KASIR_SALE_KEYS ("l.line_key", "s") " "
                                   "LEFT JOIN products p ON p.id = l.product_id "
                                   "WHERE s.sale_id = ? ORDER BY l.line_key"
                                 : LINE_COLUMNS "FROM sale_lines l "
                                   "LEFT JOIN products p ON p.id = l.product_id "
                                   "WHERE l.sale_id = ? ORDER BY l.line_no", error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, sale->sale_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KasirSaleLine *line = kasir_sale_line_new ();

      line->product_id = sqlite3_column_int64 (stmt, 0);
      line->sku = kasir_database_column_dup (stmt, 1);
      line->name = kasir_database_column_dup (stmt, 2);
      line->qty = sqlite3_column_int64 (stmt, 3);
      line->unit_price = sqlite3_column_int64 (stmt, 4);
      line->price_version = sqlite3_column_int64 (stmt, 5);
      line->tax_rate_bp = sqlite3_column_int (stmt, 6);
      line->discount = sqlite3_column_int64 (stmt, 7);
      line->tax = sqlite3_column_int64 (stmt, 8);
      line->total = sqlite3_column_int64 (stmt, 9);
      g_ptr_array_add (sale->lines, line);
    }
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (db, rc, "read sale lines", error);
      kasir_database_stmt_done (stmt);
      return FALSE;
    }
  kasir_database_stmt_done (stmt);
  if (!kasir_modifier_store_load_line_options (db, sale, error))
    return FALSE;

  stmt = kasir_database_prepare (db, keys_by_row
                                 ? "SELECT p.method, p.amount, p.reference FROM sales s "
                                   "JOIN sale_payments p ON " KASIR_SALE_KEYS ("p.payment_key", "s") " "
                                   "WHERE s.sale_id = ? ORDER BY p.payment_key"
                                 : "SELECT method, amount, reference FROM sale_payments "
                                   "WHERE sale_id = ? ORDER BY line_no", error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, sale->sale_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KasirPaymentMethod method = KASIR_PAYMENT_OTHER;
      KasirPayment *pay;

      if (!kasir_payment_method_from_string ((const char *) sqlite3_column_text (stmt, 0),
                                             &method))
        {
          g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_CORRUPT,
                       _("Sale %s has a payment of an unknown method"), sale->sale_id);
          kasir_database_stmt_done (stmt);
          return FALSE;
        }
      pay = kasir_payment_new (method, sqlite3_column_int64 (stmt, 1));
      pay->reference = kasir_database_column_dup (stmt, 2);
      g_ptr_array_add (sale->payments, pay);
    }
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (db, rc, "read sale payments", error);
      kasir_database_stmt_done (stmt);
      return FALSE;
    }
  kasir_database_stmt_done (stmt);

  return TRUE;
}

static GPtrArray *
collect_sales (KasirSalesRepository  *self,
               sqlite3_stmt          *stmt,
               GError               **error)
{
  KasirDatabase *db = self->database;
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_sale_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KasirSale *sale = kasir_sale_new ();
      const char *currency = (const char *) sqlite3_column_text (stmt, 5);

      sale->sale_id = kasir_database_column_dup (stmt, 0);
      sale->receipt_no = kasir_database_column_dup (stmt, 1);
      sale->shift_id = kasir_database_column_dup (stmt, 2);
      sale->staff_id = sqlite3_column_int64 (stmt, 3);
      sale->customer_id = sqlite3_column_int64 (stmt, 4);
      g_strlcpy (sale->currency, currency != NULL ? currency : "", sizeof sale->currency);
      sale->tax_inclusive = sqlite3_column_int (stmt, 6) != 0;
      sale->subtotal = sqlite3_column_int64 (stmt, 7);
      sale->discount = sqlite3_column_int64 (stmt, 8);
      sale->fee = sqlite3_column_int64 (stmt, 9);
      sale->tax = sqlite3_column_int64 (stmt, 10);
      sale->total = sqlite3_column_int64 (stmt, 11);
      sale->change = sqlite3_column_int64 (stmt, 12);
      sale->loyalty_redeemed = sqlite3_column_int64 (stmt, 13);
      sale->created_at = kasir_database_column_dup (stmt, 14);
      g_ptr_array_add (sales, sale);
    }
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (db, rc, "read sales", error);
      kasir_database_stmt_done (stmt);
      return NULL;
    }
  kasir_database_stmt_done (stmt);

  /* Lines and payments are read after the sales statement is reset, because they use
   * other cached statements on the same connection. */
  for (guint i = 0; i < sales->len; i++)
    if (!load_details (db, self->keys_by_row, sales->pdata[i], error))
      return NULL;
  if (sales->len > 0 && (!load_orders (db, sales, error) || !load_earned (db, sales, error) ||
                         !kasir_sale_notes_load (db, sales, self->keys_by_row, error)))
    return NULL;

  return g_steal_pointer (&sales);
}

static KasirSale *
get_one (KasirSalesRepository  *self,
         const char            *sql,
         const char            *key,
         GError               **error)
{
  g_autoptr(GPtrArray) sales = NULL;
  sqlite3_stmt *stmt;

  if (key == NULL)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("No sale was named"));
      return NULL;
    }

  stmt = kasir_database_prepare (self->database, sql, error);
  if (stmt == NULL)
    return NULL;
  kasir_database_bind_text (stmt, 1, key);
  sales = collect_sales (self, stmt, error);
  if (sales == NULL)
    return NULL;
  if (sales->len == 0)
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND,
                   _("There is no sale “%s”"), key);
      return NULL;
    }

  return g_ptr_array_steal_index (sales, 0);
}

KasirSale *
kasir_sales_repository_get_sale (KasirSalesRepository  *self,
                                 const char            *sale_id,
                                 GError               **error)
{
  g_return_val_if_fail (KASIR_IS_SALES_REPOSITORY (self), NULL);

  return get_one (self, "SELECT " SALE_COLUMNS " FROM sales WHERE sale_id = ?",
                  sale_id, error);
}

KasirSale *
kasir_sales_repository_get_by_receipt (KasirSalesRepository  *self,
                                       const char            *receipt_no,
                                       GError               **error)
{
  g_return_val_if_fail (KASIR_IS_SALES_REPOSITORY (self), NULL);

  return get_one (self, "SELECT " SALE_COLUMNS " FROM sales WHERE receipt_no = ?",
                  receipt_no, error);
}

GPtrArray *
kasir_sales_repository_list_recent (KasirSalesRepository  *self,
                                    guint                  limit,
                                    GError               **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_SALES_REPOSITORY (self), NULL);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT " SALE_COLUMNS " FROM sales "
                                 "ORDER BY created_at DESC, rowid DESC LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit);

  return collect_sales (self, stmt, error);
}

gboolean
kasir_sales_repository_count (KasirSalesRepository  *self,
                              gint64                *out_count,
                              GError               **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_SALES_REPOSITORY (self), FALSE);
  g_return_val_if_fail (out_count != NULL, FALSE);

  stmt = kasir_database_prepare (self->database, "SELECT count(*) FROM sales", error);
  if (stmt == NULL)
    return FALSE;

  return step_int64 (self->database, stmt, out_count, 1, error);
}
