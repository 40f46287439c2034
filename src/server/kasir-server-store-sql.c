/* kasir-server-store-sql.c — the statements both backends run alike (see the header).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-store-sql.h"

static gboolean
run (KasirServerSql  *sql,
     GError         **error,
     const char      *text,
     const char      *fmt,
     ...)
{
  va_list args;
  gboolean ok;

  va_start (args, fmt);
  ok = sql->klass->run (sql->db, error, text, fmt, args);
  va_end (args);
  return ok;
}

static gboolean
query_int (KasirServerSql  *sql,
           GError         **error,
           gint64          *out,
           gboolean        *found,
           const char      *text,
           const char      *fmt,
           ...)
{
  va_list args;
  gboolean ok;

  va_start (args, fmt);
  ok = sql->klass->query_int (sql->db, error, out, found, text, fmt, args);
  va_end (args);
  return ok;
}

/* @table is "sales" or "refunds". */
gboolean
kasir_server_sql_exists (KasirServerSql  *sql,
                         const char      *table,
                         gint64           outlet_id,
                         const char      *id,
                         gboolean        *found,
                         GError         **error)
{
  gint64 one;

  if (g_str_equal (table, "sales"))
    return query_int (sql, error, &one, found, "SELECT 1 FROM sales WHERE outlet_id = ? AND id = ?", "it",
                      outlet_id, id);
  g_return_val_if_fail (g_str_equal (table, "refunds"), FALSE);
  return query_int (sql, error, &one, found, "SELECT 1 FROM refunds WHERE outlet_id = ? AND id = ?", "it",
                    outlet_id, id);
}

gboolean
kasir_server_sql_insert_sale (KasirServerSql   *sql,
                              const KasirSale  *sale,
                              gint64            terminal_id,
                              gint64            outlet_id,
                              gint64            seq,
                              const char       *shift_id,
                              gint64            received_at,
                              GError          **error)
{
  if (!run (sql, error,
            "INSERT INTO sales (id, receipt_no, terminal_id, outlet_id, seq, shift_id, staff_id,"
            " customer_id, currency, tax_inclusive, subtotal, discount, fee, tax, total, change,"
            " loyalty_redeemed, created_at, received_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            "ttiiitnntiiiiiiiiti", sale->sale_id, sale->receipt_no, terminal_id, outlet_id, seq, shift_id,
            sale->staff_id, sale->customer_id, sale->currency, (gint64) sale->tax_inclusive, sale->subtotal,
            sale->discount, sale->fee, sale->tax, sale->total, sale->change, sale->loyalty_redeemed,
            sale->created_at, received_at))
    return FALSE;
  for (guint i = 0; i < sale->payments->len; i++)
    {
      const KasirPayment *p = g_ptr_array_index (sale->payments, i);

      if (!run (sql, error, "INSERT INTO sale_payments (outlet_id, sale_id, idx, method, amount, reference) "
                "VALUES (?, ?, ?, ?, ?, ?)", "ititit", outlet_id, sale->sale_id, (gint64) i,
                kasir_payment_method_to_string (p->method), p->amount, p->reference))
        return FALSE;
    }
  for (guint i = 0; i < sale->lines->len; i++)
    {
      const KasirSaleLine *l = g_ptr_array_index (sale->lines, i);

      if (!run (sql, error, "INSERT INTO sale_lines (outlet_id, sale_id, line_no, product_id, sku, name, qty,"
                " unit_price, price_version, tax_rate_bp, discount, tax, total) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "itiittiiiiiii", outlet_id, sale->sale_id,
                (gint64) i, l->product_id, l->sku, l->name, l->qty, l->unit_price, l->price_version,
                (gint64) l->tax_rate_bp, l->discount, l->tax, l->total))
        return FALSE;
    }
  return TRUE;
}

gboolean
kasir_server_sql_insert_refund (KasirServerSql     *sql,
                                const KasirRefund  *refund,
                                gint64              terminal_id,
                                gint64              outlet_id,
                                gint64              seq,
                                GError            **error)
{
  if (!run (sql, error, "INSERT INTO refunds (id, sale_id, terminal_id, outlet_id, seq, reason, total,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "ttiiitit", refund->refund_id, refund->sale_id,
            terminal_id, outlet_id, seq, refund->reason, refund->total, refund->created_at))
    return FALSE;
  for (guint i = 0; i < refund->lines->len; i++)
    {
      const KasirRefundLine *l = g_ptr_array_index (refund->lines, i);

      if (!run (sql, error, "INSERT INTO refund_lines (outlet_id, refund_id, line_no, product_id, qty, amount,"
                " sale_line_no) VALUES (?, ?, ?, ?, ?, ?, ?)", "itiiiin", outlet_id, refund->refund_id, (gint64) i,
                l->product_id, l->qty, l->amount, l->line_no))
        return FALSE;
    }
  for (guint i = 0; i < refund->payments->len; i++)
    {
      const KasirPayment *p = g_ptr_array_index (refund->payments, i);

      if (!run (sql, error, "INSERT INTO refund_payments (outlet_id, refund_id, idx, method, amount) "
                "VALUES (?, ?, ?, ?, ?)", "ititi", outlet_id, refund->refund_id, (gint64) i,
                kasir_payment_method_to_string (p->method), p->amount))
        return FALSE;
    }
  return TRUE;
}

gboolean
kasir_server_sql_refunded_total (KasirServerSql  *sql,
                                 gint64           outlet_id,
                                 const char      *sale_id,
                                 gint64          *total,
                                 GError         **error)
{
  return query_int (sql, error, total, NULL,
                    "SELECT COALESCE(SUM(total), 0) FROM refunds WHERE outlet_id = ? AND sale_id = ?", "it",
                    outlet_id, sale_id);
}

gboolean
kasir_server_sql_line_quantities (KasirServerSql  *sql,
                                  gint64           outlet_id,
                                  const char      *sale_id,
                                  gint64           product_id,
                                  gint64          *sold,
                                  gint64          *returned,
                                  GError         **error)
{
  return query_int (sql, error, sold, NULL,
                    "SELECT COALESCE(SUM(qty), 0) FROM sale_lines WHERE outlet_id = ? AND sale_id = ?"
                    " AND product_id = ?", "iti", outlet_id, sale_id, product_id)
         && query_int (sql, error, returned, NULL,
                       "SELECT COALESCE(SUM(rl.qty), 0) FROM refund_lines rl JOIN refunds r "
                       "ON r.outlet_id = rl.outlet_id AND r.id = rl.refund_id "
                       "WHERE r.outlet_id = ? AND r.sale_id = ? AND rl.product_id = ?",
                       "iti", outlet_id, sale_id, product_id);
}

gboolean
kasir_server_sql_insert_shift (KasirServerSql  *sql,
                               const char      *shift_id,
                               gint64           outlet_id,
                               gint64           terminal_id,
                               gint64           staff_id,
                               const char      *opened_at,
                               gint64           opening_float,
                               const char      *continues_shift,
                               GError         **error)
{
  return run (sql, error, "INSERT INTO shifts (id, outlet_id, terminal_id, staff_id, opened_at, opening_float,"
              " continues_shift) VALUES (?, ?, ?, ?, ?, ?, ?)", "tiiitit", shift_id, outlet_id, terminal_id,
              staff_id, opened_at, opening_float, continues_shift);
}

gboolean
kasir_server_sql_close_shift (KasirServerSql  *sql,
                              gint64           outlet_id,
                              const char      *shift_id,
                              const char      *at,
                              gint64           counted_cash,
                              const char      *counted_json,
                              const char      *expected_json,
                              GError         **error)
{
  return run (sql, error, "UPDATE shifts SET closed_at = ?, counted_cash = ?, counted = ?, expected = ? "
              "WHERE outlet_id = ? AND id = ?", "tittit", at, counted_cash, counted_json, expected_json,
              outlet_id, shift_id);
}

gboolean
kasir_server_sql_resolve_conflict (KasirServerSql  *sql,
                                   gint64           outlet_id,
                                   gint64           id,
                                   const char      *resolution_json,
                                   gint64           terminal_id,
                                   GError         **error)
{
  return run (sql, error, "UPDATE conflicts SET status = 'resolved', resolution = ?, resolved_by = ?,"
              " version = version + 1 WHERE outlet_id = ? AND id = ?", "tiii", resolution_json, terminal_id,
              outlet_id, id);
}

gboolean
kasir_server_sql_update_staff (KasirServerSql          *sql,
                               gint64                   staff_id,
                               const KasirStaffUpsert  *u,
                               GError                 **error)
{
  return run (sql, error,
              "UPDATE staff SET name = ?, role = ?, active = ?, pin_hash = coalesce(?, pin_hash),"
              " version = version + 1 WHERE id = ?", "ttiti",
              u->name, u->role, (gint64) (u->active ? 1 : 0), u->pin_hash, staff_id);
}

gboolean
kasir_server_sql_update_category (KasirServerSql  *sql,
                                  gint64           category_id,
                                  const char      *name,
                                  gboolean         archived,
                                  GError         **error)
{
  return run (sql, error,
              "UPDATE categories SET name = ?, archived = ?, version = version + 1 WHERE id = ?",
              "tii", name, (gint64) (archived ? 1 : 0), category_id);
}

gboolean
kasir_server_sql_merge_product (KasirServerSql  *sql,
                                gint64           from,
                                gint64           into,
                                GError         **error)
{
  return run (sql, error, "UPDATE sale_lines SET product_id = ? WHERE product_id = ?", "ii", into, from)
         && run (sql, error, "UPDATE refund_lines SET product_id = ? WHERE product_id = ?", "ii", into, from)
         && run (sql, error, "UPDATE products SET archived = 1, version = version + 1 WHERE id = ?", "i", from);
}
