/* kasir-server-store-sql.h — the statements both backends run alike, written once.
 *
 * The SQL text of these statements is the same on SQLite and on PostgreSQL ('?'
 * placeholders, which the PostgreSQL backend numbers; arguments by the same format
 * letters: i int64, t text, n int64 where 0 binds NULL), so each backend only gives its
 * way of running a statement (KasirServerSql) and these functions hold the rest. What
 * differs between the backends (an upsert, a lock, a pipelined write) stays in the
 * backend.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdarg.h>

#include "kasir-server-store.h"
#include "kasir-server-tx.h"

G_BEGIN_DECLS

typedef struct
{
  /* A statement that returns no rows. */
  gboolean (*run)       (gpointer db, GError **error, const char *sql, const char *fmt, va_list args);
  /* A one-value query; *found (may be NULL) tells whether a row came back. */
  gboolean (*query_int) (gpointer db, GError **error, gint64 *out, gboolean *found, const char *sql,
                         const char *fmt, va_list args);
} KasirServerSqlClass;

/* A backend's connection, seen as a statement runner. */
typedef struct
{
  const KasirServerSqlClass *klass;
  gpointer                   db;
} KasirServerSql;

gboolean kasir_server_sql_exists          (KasirServerSql     *sql,
                                           const char         *table,
                                           gint64              outlet_id,
                                           const char         *id,
                                           gboolean           *found,
                                           GError            **error);
gboolean kasir_server_sql_insert_sale     (KasirServerSql     *sql,
                                           const KasirSale    *sale,
                                           gint64              terminal_id,
                                           gint64              outlet_id,
                                           gint64              seq,
                                           const char         *shift_id,
                                           gint64              received_at,
                                           GError            **error);
gboolean kasir_server_sql_insert_refund   (KasirServerSql     *sql,
                                           const KasirRefund  *refund,
                                           gint64              terminal_id,
                                           gint64              outlet_id,
                                           gint64              seq,
                                           GError            **error);
gboolean kasir_server_sql_refunded_total  (KasirServerSql     *sql,
                                           gint64              outlet_id,
                                           const char         *sale_id,
                                           gint64             *total,
                                           GError            **error);
gboolean kasir_server_sql_line_quantities (KasirServerSql     *sql,
                                           gint64              outlet_id,
                                           const char         *sale_id,
                                           gint64              product_id,
                                           gint64             *sold,
                                           gint64             *returned,
                                           GError            **error);
gboolean kasir_server_sql_insert_shift    (KasirServerSql     *sql,
                                           const char         *shift_id,
                                           gint64              outlet_id,
                                           gint64              terminal_id,
                                           gint64              staff_id,
                                           const char         *opened_at,
                                           gint64              opening_float,
                                           const char         *continues_shift,
                                           GError            **error);
gboolean kasir_server_sql_close_shift     (KasirServerSql     *sql,
                                           gint64              outlet_id,
                                           const char         *shift_id,
                                           const char         *at,
                                           gint64              counted_cash,
                                           const char         *counted_json,
                                           const char         *expected_json,
                                           GError            **error);
gboolean kasir_server_sql_resolve_conflict (KasirServerSql    *sql,
                                            gint64             outlet_id,
                                            gint64             id,
                                            const char        *resolution_json,
                                            gint64             terminal_id,
                                            GError           **error);
/* The back office's edits: a staff member's row (a NULL pin_hash keeps the PIN), a
 * category's name and archived flag, and one product folded into another (its lines
 * point to the other, it is archived). */
gboolean kasir_server_sql_update_staff    (KasirServerSql          *sql,
                                           gint64                   staff_id,
                                           const KasirStaffUpsert  *u,
                                           GError                 **error);
gboolean kasir_server_sql_update_category (KasirServerSql          *sql,
                                           gint64                   category_id,
                                           const char              *name,
                                           gboolean                 archived,
                                           GError                 **error);
gboolean kasir_server_sql_merge_product   (KasirServerSql          *sql,
                                           gint64                   from,
                                           gint64                   into,
                                           GError                 **error);

/* Open orders (order.open, order.add; a sale that pays one). */

gboolean kasir_server_sql_open_order_state (KasirServerSql         *sql,
                                            gint64                  outlet_id,
                                            const char             *order_id,
                                            KasirServerOrderState  *out,
                                            GError                **error);
/* A new order's row (@is_new), or the order's new total and cart; and the ticket's row. */
gboolean kasir_server_sql_write_open_order (KasirServerSql         *sql,
                                            const KasirOrderSend   *order,
                                            gboolean                is_new,
                                            gint64                  terminal_id,
                                            gint64                  outlet_id,
                                            const char             *cart_json,
                                            const char             *items_json,
                                            GError                **error);
gboolean kasir_server_sql_pay_open_order   (KasirServerSql         *sql,
                                            gint64                  outlet_id,
                                            const char             *order_id,
                                            const char             *sale_id,
                                            gint64                  terminal_id,
                                            GError                **error);

G_END_DECLS
