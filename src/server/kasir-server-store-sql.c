/* kasir-server-store-sql.c — the statements both backends run alike (see the header).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-store-sql.h"

gboolean
kasir_server_sql_run (KasirServerSql  *sql,
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

gboolean
kasir_server_sql_query_int (KasirServerSql  *sql,
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
    return kasir_server_sql_query_int (sql, error, &one, found, "SELECT 1 FROM sales WHERE outlet_id = ? AND id = ?", "it",
                                       outlet_id, id);
  g_return_val_if_fail (g_str_equal (table, "refunds"), FALSE);
  return kasir_server_sql_query_int (sql, error, &one, found, "SELECT 1 FROM refunds WHERE outlet_id = ? AND id = ?", "it",
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
  if (!kasir_server_sql_run (sql, error,
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

      if (!kasir_server_sql_run (sql, error, "INSERT INTO sale_payments (outlet_id, sale_id, idx, method, amount, reference) "
                                 "VALUES (?, ?, ?, ?, ?, ?)", "ititit", outlet_id, sale->sale_id, (gint64) i,
                                 kasir_payment_method_to_string (p->method), p->amount, p->reference))
        return FALSE;
    }
  for (guint i = 0; i < sale->lines->len; i++)
    {
      const KasirSaleLine *l = g_ptr_array_index (sale->lines, i);

      if (!kasir_server_sql_run (sql, error, "INSERT INTO sale_lines (outlet_id, sale_id, line_no, product_id, sku, name, qty,"
                                 " unit_price, price_version, tax_rate_bp, discount, tax, total) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "itiittiiiiiii", outlet_id, sale->sale_id,
                                 (gint64) i, l->product_id, l->sku, l->name, l->qty, l->unit_price, l->price_version,
                                 (gint64) l->tax_rate_bp, l->discount, l->tax, l->total))
        return FALSE;
      for (guint o = 0; l->options != NULL && o < l->options->len; o++)
        {
          const KasirSaleLineOption *opt = g_ptr_array_index (l->options, o);

          if (!kasir_server_sql_run (sql, error, "INSERT INTO sale_line_options (outlet_id, sale_id, line_no, idx, group_id,"
                                     " group_version, option_id, group_name, name, price) "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "itiiiiitti", outlet_id, sale->sale_id,
                                     (gint64) i, (gint64) o, opt->group_id, opt->group_version, opt->option_id,
                                     opt->group_name, opt->name, opt->price))
            return FALSE;
        }
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
  if (!kasir_server_sql_run (sql, error, "INSERT INTO refunds (id, sale_id, terminal_id, outlet_id, seq, reason, total,"
                             " created_at, staff_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "ttiiititn", refund->refund_id,
                             refund->sale_id, terminal_id, outlet_id, seq, refund->reason, refund->total, refund->created_at,
                             refund->staff_id))
    return FALSE;
  for (guint i = 0; i < refund->lines->len; i++)
    {
      const KasirRefundLine *l = g_ptr_array_index (refund->lines, i);

      if (!kasir_server_sql_run (sql, error, "INSERT INTO refund_lines (outlet_id, refund_id, line_no, product_id, qty, amount,"
                                 " sale_line_no) VALUES (?, ?, ?, ?, ?, ?, ?)", "itiiiin", outlet_id, refund->refund_id, (gint64) i,
                                 l->product_id, l->qty, l->amount, l->line_no))
        return FALSE;
    }
  for (guint i = 0; i < refund->payments->len; i++)
    {
      const KasirPayment *p = g_ptr_array_index (refund->payments, i);

      if (!kasir_server_sql_run (sql, error, "INSERT INTO refund_payments (outlet_id, refund_id, idx, method, amount) "
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
  return kasir_server_sql_query_int (sql, error, total, NULL,
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
  return kasir_server_sql_query_int (sql, error, sold, NULL,
                                     "SELECT COALESCE(SUM(qty), 0) FROM sale_lines WHERE outlet_id = ? AND sale_id = ?"
                                     " AND product_id = ?", "iti", outlet_id, sale_id, product_id)
         && kasir_server_sql_query_int (sql, error, returned, NULL,
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
  return kasir_server_sql_run (sql, error, "INSERT INTO shifts (id, outlet_id, terminal_id, staff_id, opened_at, opening_float,"
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
  return kasir_server_sql_run (sql, error, "UPDATE shifts SET closed_at = ?, counted_cash = ?, counted = ?, expected = ? "
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
  return kasir_server_sql_run (sql, error, "UPDATE conflicts SET status = 'resolved', resolution = ?, resolved_by = ?,"
                               " version = version + 1 WHERE outlet_id = ? AND id = ?", "tiii", resolution_json, terminal_id,
                               outlet_id, id);
}

gboolean
kasir_server_sql_update_staff (KasirServerSql          *sql,
                               gint64                   staff_id,
                               const KasirStaffUpsert  *u,
                               GError                 **error)
{
  return kasir_server_sql_run (sql, error,
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
  return kasir_server_sql_run (sql, error,
                               "UPDATE categories SET name = ?, archived = ?, version = version + 1 WHERE id = ?",
                               "tii", name, (gint64) (archived ? 1 : 0), category_id);
}

gboolean
kasir_server_sql_merge_product (KasirServerSql  *sql,
                                gint64           from,
                                gint64           into,
                                GError         **error)
{
  return kasir_server_sql_run (sql, error, "UPDATE sale_lines SET product_id = ? WHERE product_id = ?", "ii", into, from)
         && kasir_server_sql_run (sql, error, "UPDATE refund_lines SET product_id = ? WHERE product_id = ?", "ii", into, from)
         && kasir_server_sql_run (sql, error, "UPDATE products SET archived = 1, version = version + 1 WHERE id = ?", "i", from);
}

gboolean
kasir_server_sql_require_outlet (KasirServerSql  *sql,
                                 gint64           outlet_id,
                                 GError         **error)
{
  gboolean found;
  gint64 one;

  if (!kasir_server_sql_query_int (sql, error, &one, &found, "SELECT 1 FROM outlets WHERE id = ?", "i", outlet_id))
    return FALSE;
  if (!found)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_NOT_FOUND,
                   "no outlet with id %" G_GINT64_FORMAT, outlet_id);
      return FALSE;
    }
  return TRUE;
}

JsonNode *
kasir_server_sql_setting_node (gint64      outlet_id,
                               const char *key,
                               const char *value)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "outlet_id");
  json_builder_add_int_value (builder, outlet_id);
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, key);
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, value);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

gboolean
kasir_server_sql_set_staff_access (KasirServerSql  *sql,
                                   gint64           staff_id,
                                   gboolean         found,
                                   const char      *pin_hash,
                                   int              active,
                                   char           **detail,
                                   GError         **error)
{
  if (!found)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_NOT_FOUND,
                   "no staff member %" G_GINT64_FORMAT, staff_id);
      return FALSE;
    }
  if (pin_hash != NULL &&
      !kasir_server_sql_run (sql, error, "UPDATE staff SET pin_hash = ?, version = version + 1 WHERE id = ?", "ti",
                             pin_hash, staff_id))
    return FALSE;
  if (active >= 0 &&
      !kasir_server_sql_run (sql, error, "UPDATE staff SET active = ?, version = version + 1 WHERE id = ?", "ii",
                             (gint64) (active ? 1 : 0), staff_id))
    return FALSE;
  *detail = g_strdup_printf ("staff %" G_GINT64_FORMAT "%s%s", staff_id, pin_hash != NULL ? " pin" : "",
                             active == 0 ? " deactivated" : active > 0 ? " activated" : "");
  return TRUE;
}

/* ---- The operations of kasir-server-tx.h both backends run alike ---- */

#define SQL(tx) (&((KasirServerSqlTx *) (tx))->sql)
#define OUTLET(tx) (((KasirServerSqlTx *) (tx))->outlet_id)

gboolean
kasir_server_sql_tx_price_at_version (KasirServerTx  *tx,
                                      gint64          product_id,
                                      gint64          price_version,
                                      gint64         *price,
                                      gboolean       *found,
                                      GError        **error)
{
  return kasir_server_sql_query_int (SQL (tx), error, price, found,
                                     "SELECT price FROM product_prices WHERE product_id = ? AND price_version = ?",
                                     "ii", product_id, price_version);
}

gboolean
kasir_server_sql_tx_category_exists (KasirServerTx  *tx,
                                     gint64          category_id,
                                     gboolean       *found,
                                     GError        **error)
{
  gint64 one;

  return kasir_server_sql_query_int (SQL (tx), error, &one, found, "SELECT 1 FROM categories WHERE id = ?",
                                     "i", category_id);
}

gboolean
kasir_server_sql_tx_product_by_sku (KasirServerTx  *tx,
                                    const char     *sku,
                                    gint64         *id,
                                    gboolean       *found,
                                    GError        **error)
{
  return kasir_server_sql_query_int (SQL (tx), error, id, found, "SELECT id FROM products WHERE sku = ?", "t",
                                     sku);
}

gboolean
kasir_server_sql_tx_category_by_name (KasirServerTx  *tx,
                                      const char     *name,
                                      gint64         *id,
                                      gboolean       *found,
                                      GError        **error)
{
  return kasir_server_sql_query_int (SQL (tx), error, id, found, "SELECT id FROM categories WHERE name = ?",
                                     "t", name);
}

gboolean
kasir_server_sql_tx_customer_by_client_id (KasirServerTx  *tx,
                                           const char     *client_id,
                                           gint64         *outlet_id,
                                           gboolean       *found,
                                           GError        **error)
{
  return kasir_server_sql_query_int (SQL (tx), error, outlet_id, found,
                                     "SELECT outlet_id FROM customers WHERE client_id = ?", "t", client_id);
}

gboolean
kasir_server_sql_tx_customer_id_by_client_id (KasirServerTx  *tx,
                                              const char     *client_id,
                                              gint64          outlet_id,
                                              gint64         *id,
                                              gboolean       *found,
                                              GError        **error)
{
  return kasir_server_sql_query_int (SQL (tx), error, id, found,
                                     "SELECT id FROM customers WHERE client_id = ? AND outlet_id = ?", "ti",
                                     client_id, outlet_id);
}

gboolean
kasir_server_sql_tx_update_customer (KasirServerTx        *tx,
                                     const KasirCustomer  *c,
                                     GError              **error)
{
  return kasir_server_sql_run (SQL (tx), error,
                               "UPDATE customers SET name = ?, phone = ?, email = ?, member_code = ?, version = ?"
                               " WHERE id = ?", "ttttii", c->name, c->phone, c->email, c->member_code,
                               c->version, c->id);
}

gboolean
kasir_server_sql_tx_set_points (KasirServerTx  *tx,
                                gint64          customer_id,
                                gint64          points,
                                GError        **error)
{
  return kasir_server_sql_run (SQL (tx), error,
                               "UPDATE customers SET loyalty_points = ?, version = version + 1 WHERE id = ?",
                               "ii", points, customer_id);
}

gboolean
kasir_server_sql_tx_refund_exists (KasirServerTx  *tx,
                                   const char     *refund_id,
                                   gboolean       *found,
                                   GError        **error)
{
  return kasir_server_sql_exists (SQL (tx), "refunds", OUTLET (tx), refund_id, found, error);
}

gboolean
kasir_server_sql_tx_refunded_total (KasirServerTx  *tx,
                                    const char     *sale_id,
                                    gint64         *total,
                                    GError        **error)
{
  return kasir_server_sql_refunded_total (SQL (tx), OUTLET (tx), sale_id, total, error);
}

gboolean
kasir_server_sql_tx_refunded_by_terminal (KasirServerTx  *tx,
                                          const char     *sale_id,
                                          gint64          terminal_id,
                                          gint64          product_id,
                                          gint64         *total,
                                          gint64         *qty,
                                          GError        **error)
{
  return kasir_server_sql_query_int (SQL (tx), error, total, NULL,
                                     "SELECT COALESCE(SUM(total), 0) FROM refunds WHERE sale_id = ? AND terminal_id = ?",
                                     "ti", sale_id, terminal_id)
         && kasir_server_sql_query_int (SQL (tx), error, qty, NULL,
                                        "SELECT COALESCE(SUM(rl.qty), 0) FROM refund_lines rl JOIN refunds r "
                                        "ON r.id = rl.refund_id WHERE r.sale_id = ? AND r.terminal_id = ? "
                                        "AND rl.product_id = ?", "tii", sale_id, terminal_id, product_id);
}

gboolean
kasir_server_sql_tx_line_quantities (KasirServerTx  *tx,
                                     const char     *sale_id,
                                     gint64          product_id,
                                     gint64         *sold,
                                     gint64         *returned,
                                     GError        **error)
{
  return kasir_server_sql_line_quantities (SQL (tx), OUTLET (tx), sale_id, product_id, sold, returned, error);
}

gboolean
kasir_server_sql_tx_insert_refund (KasirServerTx      *tx,
                                   const KasirRefund  *refund,
                                   gint64              terminal_id,
                                   gint64              outlet_id,
                                   gint64              seq,
                                   GError            **error)
{
  return kasir_server_sql_insert_refund (SQL (tx), refund, terminal_id, outlet_id, seq, error);
}

gboolean
kasir_server_sql_tx_insert_shift (KasirServerTx  *tx,
                                  const char     *shift_id,
                                  gint64          outlet_id,
                                  gint64          terminal_id,
                                  gint64          staff_id,
                                  const char     *opened_at,
                                  gint64          opening_float,
                                  const char     *continues_shift,
                                  GError        **error)
{
  return kasir_server_sql_insert_shift (SQL (tx), shift_id, outlet_id, terminal_id, staff_id, opened_at,
                                        opening_float, continues_shift, error);
}

gboolean
kasir_server_sql_tx_close_shift (KasirServerTx  *tx,
                                 const char     *shift_id,
                                 const char     *at,
                                 gint64          counted_cash,
                                 const char     *counted_json,
                                 const char     *expected_json,
                                 GError        **error)
{
  return kasir_server_sql_close_shift (SQL (tx), OUTLET (tx), shift_id, at, counted_cash, counted_json,
                                       expected_json, error);
}

gboolean
kasir_server_sql_tx_resolve_conflict (KasirServerTx  *tx,
                                      gint64          id,
                                      const char     *resolution_json,
                                      gint64          terminal_id,
                                      GError        **error)
{
  return kasir_server_sql_resolve_conflict (SQL (tx), OUTLET (tx), id, resolution_json, terminal_id, error);
}

gboolean
kasir_server_sql_tx_update_staff_row (KasirServerTx           *tx,
                                      gint64                   staff_id,
                                      const KasirStaffUpsert  *u,
                                      GError                 **error)
{
  return kasir_server_sql_update_staff (SQL (tx), staff_id, u, error);
}

gboolean
kasir_server_sql_tx_update_category (KasirServerTx  *tx,
                                     gint64          category_id,
                                     const char     *name,
                                     gboolean        archived,
                                     GError        **error)
{
  return kasir_server_sql_update_category (SQL (tx), category_id, name, archived, error);
}

gboolean
kasir_server_sql_tx_merge_product (KasirServerTx  *tx,
                                   gint64          from,
                                   gint64          into,
                                   GError        **error)
{
  return kasir_server_sql_merge_product (SQL (tx), from, into, error);
}

gboolean
kasir_server_sql_stock_outlet_after (KasirServerSql  *sql,
                                     gint64           product_id,
                                     gint64           after,
                                     gint64          *outlet_id,
                                     gboolean        *found,
                                     GError         **error)
{
  return kasir_server_sql_query_int (sql, error, outlet_id, found,
                                     "SELECT outlet_id FROM stock WHERE product_id = ? AND outlet_id > ? ORDER BY outlet_id LIMIT 1",
                                     "ii", product_id, after);
}

gboolean
kasir_server_sql_tx_stock_outlet_after (KasirServerTx  *tx,
                                        gint64          product_id,
                                        gint64          after,
                                        gint64         *outlet_id,
                                        gboolean       *found,
                                        GError        **error)
{
  return kasir_server_sql_stock_outlet_after (SQL (tx), product_id, after, outlet_id, found, error);
}

gboolean
kasir_server_sql_tx_sale_points (KasirServerTx          *tx,
                                 const char             *sale_id,
                                 KasirServerSalePoints  *out,
                                 GError                **error)
{
  return kasir_server_sql_sale_points (SQL (tx), OUTLET (tx), sale_id, out, error);
}

gboolean
kasir_server_sql_tx_outlet_setting_int (KasirServerTx  *tx,
                                        const char     *key,
                                        gint64          fallback,
                                        gint64         *value,
                                        GError        **error)
{
  return kasir_server_sql_outlet_setting_int (SQL (tx), OUTLET (tx), key, fallback, value, error);
}

gboolean
kasir_server_sql_tx_open_order_state (KasirServerTx          *tx,
                                      gint64                  outlet_id,
                                      const char             *order_id,
                                      KasirServerOrderState  *out,
                                      GError                **error)
{
  return kasir_server_sql_open_order_state (SQL (tx), outlet_id, order_id, out, error);
}

gboolean
kasir_server_sql_tx_write_open_order (KasirServerTx         *tx,
                                      const KasirOrderSend  *order,
                                      gboolean               is_new,
                                      gint64                 terminal_id,
                                      gint64                 outlet_id,
                                      const char            *cart_json,
                                      const char            *items_json,
                                      GError               **error)
{
  return kasir_server_sql_write_open_order (SQL (tx), order, is_new, terminal_id, outlet_id,
                                            cart_json, items_json, error);
}

gboolean
kasir_server_sql_tx_pay_open_order (KasirServerTx  *tx,
                                    gint64          outlet_id,
                                    const char     *order_id,
                                    const char     *sale_id,
                                    gint64          terminal_id,
                                    GError        **error)
{
  return kasir_server_sql_pay_open_order (SQL (tx), outlet_id, order_id, sale_id, terminal_id, error);
}

gboolean
kasir_server_sql_tx_cancel_open_order (KasirServerTx           *tx,
                                       gint64                   outlet_id,
                                       const KasirOrderCancel  *cancel,
                                       GError                 **error)
{
  return kasir_server_sql_cancel_open_order (SQL (tx), outlet_id, cancel, error);
}
