/* kasir-server-store-sql-orders.c — open orders, written once for both backends (see
 * kasir-server-store-sql.h).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include <string.h>

#include "kasir-server-store-sql.h"

gboolean
kasir_server_sql_open_order_state (KasirServerSql  *sql,
                                   gint64           outlet_id,
                                   const char      *order_id,
                                   KasirServerOrderState *out,
                                   GError         **error)
{
  gboolean found = FALSE;
  gint64 paid = 0;

  memset (out, 0, sizeof *out);
  if (!kasir_server_sql_query_int (sql, error, &paid, &found,
                                   "SELECT CASE WHEN state = 'paid' THEN 1 WHEN state = 'cancelled' THEN 2 ELSE 0 END"
                                   " FROM open_orders WHERE outlet_id = ? AND id = ?", "it", outlet_id, order_id))
    return FALSE;
  out->known = found;
  out->paid = found && paid == 1;
  out->cancelled = found && paid == 2;
  if (!found)
    return TRUE;
  if (!kasir_server_sql_query_int (sql, error, &out->terminal_id, NULL,
                                   "SELECT terminal_id FROM open_orders WHERE outlet_id = ? AND id = ?", "it",
                                   outlet_id, order_id))
    return FALSE;
  if (!out->paid)
    return TRUE;
  /* Who paid it, and how much that sale took. */
  return kasir_server_sql_query_int (sql, error, &out->paid_terminal_id, NULL,
                                     "SELECT COALESCE (paid_terminal_id, 0) FROM open_orders WHERE outlet_id = ? AND id = ?",
                                     "it", outlet_id, order_id)
         && kasir_server_sql_query_int (sql, error, &out->paid_total, NULL,
                                        "SELECT s.total FROM open_orders o JOIN sales s"
                                        " ON s.outlet_id = o.outlet_id AND s.id = o.paid_sale_id"
                                        " WHERE o.outlet_id = ? AND o.id = ?", "it", outlet_id, order_id);
}

gboolean
kasir_server_sql_write_open_order (KasirServerSql        *sql,
                                   const KasirOrderSend  *order,
                                   gboolean               is_new,
                                   gint64                 terminal_id,
                                   gint64                 outlet_id,
                                   const char            *cart_json,
                                   const char            *items_json,
                                   GError               **error)
{
  if (is_new)
    {
      if (!kasir_server_sql_run (sql, error,
                                 "INSERT INTO open_orders (outlet_id, id, terminal_id, staff_id, label, order_type,"
                                 " order_ref, total, cart, state, opened_at, updated_at)"
                                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)",
                                 "itintttitt" "t", outlet_id, order->order_id, terminal_id, order->staff_id,
                                 order->label != NULL ? order->label : "", order->order_type, order->order_ref,
                                 order->total, cart_json, order->created_at, order->created_at))
        return FALSE;
    }
  else if (!kasir_server_sql_run (sql, error,
                                  "UPDATE open_orders SET total = ?, cart = ?, updated_at = ? WHERE outlet_id = ? AND id = ?",
                                  "ittit", order->total, cart_json, order->created_at, outlet_id, order->order_id))
    return FALSE;
  return kasir_server_sql_run (sql, error,
                               "INSERT INTO open_order_tickets (outlet_id, order_id, ticket_no, terminal_id, items, created_at)"
                               " VALUES (?, ?, ?, ?, ?, ?)", "ittitt", outlet_id, order->order_id, order->ticket_no,
                               terminal_id, items_json, order->created_at);
}

gboolean
kasir_server_sql_pay_open_order (KasirServerSql  *sql,
                                 gint64           outlet_id,
                                 const char      *order_id,
                                 const char      *sale_id,
                                 gint64           terminal_id,
                                 GError         **error)
{
  return kasir_server_sql_run (sql, error,
                               "UPDATE open_orders SET state = 'paid', paid_sale_id = ?, paid_terminal_id = ?"
                               " WHERE outlet_id = ? AND id = ?", "tiit", sale_id, terminal_id, outlet_id, order_id);
}

gboolean
kasir_server_sql_cancel_open_order (KasirServerSql          *sql,
                                    gint64                   outlet_id,
                                    const KasirOrderCancel  *cancel,
                                    GError                 **error)
{
  /* updated_at moves, so the listing keeps the cancelled order a day for its till. */
  return kasir_server_sql_run (sql, error,
                               "UPDATE open_orders SET state = 'cancelled', cancel_reason = ?, cancelled_by = ?,"
                               " updated_at = ? WHERE outlet_id = ? AND id = ? AND state = 'open'", "titit",
                               cancel->reason, cancel->approved_by, cancel->created_at, outlet_id, cancel->order_id);
}
