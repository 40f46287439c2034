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
  /* A query of one row: TRUE with *row the backend's handle on it (NULL when no row came
   * back), read with row_int and row_text (a copy, NULL for SQL NULL) and let go with
   * row_free. */
  gboolean (*query_row) (gpointer db, GError **error, gpointer *row, const char *sql, const char *fmt,
                         va_list args);
  gint64   (*row_int)   (gpointer row, int index, int col);
  char    *(*row_text)  (gpointer row, int index, int col);
  void     (*row_free)  (gpointer row);
  /* A query of any number of rows: *rows before the first, moved on by rows_next (1 a
   * row at @index, 0 none left, -1 a failure in @error), read as a row and let go with
   * row_free. */
  gboolean (*query_rows) (gpointer db, GError **error, gpointer *rows, const char *sql, const char *fmt,
                          va_list args);
  int      (*rows_next)  (gpointer db, gpointer rows, int index, GError **error);
  int      (*row_columns) (gpointer rows);
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
gboolean kasir_server_sql_stock_outlet_after (KasirServerSql       *sql,
                                              gint64                product_id,
                                              gint64                after,
                                              gint64               *outlet_id,
                                              gboolean             *found,
                                              GError              **error);

/* Refuses (NOT_FOUND) an outlet id that no outlet has. */
gboolean  kasir_server_sql_require_outlet (KasirServerSql  *sql,
                                           gint64           outlet_id,
                                           GError         **error);
/* An outlet setting as a pull sends it. */
JsonNode *kasir_server_sql_setting_node   (gint64           outlet_id,
                                           const char      *key,
                                           const char      *value);

/* A staff member's PIN (NULL keeps it) and active flag (-1 keeps it), in the caller's
 * transaction once it has looked for (and locked) the staff row: @found says whether it
 * was there. *detail: the line for the audit log. */
gboolean kasir_server_sql_set_staff_access (KasirServerSql  *sql,
                                            gint64           staff_id,
                                            gboolean         found,
                                            const char      *pin_hash,
                                            int              active,
                                            char           **detail,
                                            GError         **error);

/* The one row of a query (kasir-server-store-sql-row.c): @row NULL when none came back;
 * read with the accessors, then kasir_server_sql_row_free(). The rows of a query the
 * same, one after the other: kasir_server_sql_query_rows(), then
 * kasir_server_sql_row_next() until it is 0 (none left) or -1 (a failure). */
typedef struct
{
  KasirServerSql *sql;
  gpointer        row;
  int             index;
} KasirServerSqlRow;

gboolean  kasir_server_sql_query_row (KasirServerSql     *sql,
                                      GError            **error,
                                      KasirServerSqlRow  *row,
                                      const char         *text,
                                      const char         *fmt,
                                      ...);
gint64    kasir_server_sql_row_int   (KasirServerSqlRow  *row,
                                      int                 col);
/* A copy of the text at @col, NULL for SQL NULL. */
char     *kasir_server_sql_row_text  (KasirServerSqlRow  *row,
                                      int                 col);
/* The JSON text at @col parsed, NULL for SQL NULL. */
JsonNode *kasir_server_sql_row_node  (KasirServerSqlRow  *row,
                                      int                 col);
void      kasir_server_sql_row_free  (KasirServerSqlRow  *row);
gboolean  kasir_server_sql_query_rows (KasirServerSql     *sql,
                                       GError            **error,
                                       KasirServerSqlRow  *rows,
                                       const char         *text,
                                       const char         *fmt,
                                       ...);
int       kasir_server_sql_row_next   (KasirServerSqlRow  *rows,
                                       GError            **error);
/* Every row of @text (its three text arguments @a, @b, @c) as text, SQL NULL as "":
 * char ** each, NULL-terminated (the rows of kasir-server-report.h). */
GPtrArray *kasir_server_sql_text_rows (KasirServerSql     *sql,
                                       const char         *text,
                                       const char         *a,
                                       const char         *b,
                                       const char         *c,
                                       GError            **error);

/* Administration (kasir-server-store-sql-admin.c): a terminal by its token (UNAUTHORIZED
 * unknown, REVOKED revoked), its signing key (NOT_FOUND without one), whether @public_key
 * is the one it registered already (*registered; EXISTS for another), the terminal
 * itself (NOT_FOUND), and the enrollment code being redeemed (NOT_FOUND unknown or used,
 * EXPIRED). @lock: the rows read stay locked to the end of the transaction. */
gboolean kasir_server_sql_authenticate      (KasirServerSql  *sql,
                                             const char      *token_hash,
                                             gint64          *terminal_id,
                                             gint64          *outlet_id,
                                             GError         **error);
gboolean kasir_server_sql_get_signing_key   (KasirServerSql  *sql,
                                             gint64           terminal_id,
                                             gint64          *out_outlet_id,
                                             char           **out_public_key,
                                             GError         **error);
gboolean kasir_server_sql_check_signing_key (KasirServerSql  *sql,
                                             gint64           terminal_id,
                                             const char      *public_key,
                                             gboolean        *registered,
                                             GError         **error);
gboolean kasir_server_sql_require_terminal  (KasirServerSql  *sql,
                                             gint64           terminal_id,
                                             gboolean         lock,
                                             GError         **error);
gboolean kasir_server_sql_take_enroll_code  (KasirServerSql  *sql,
                                             const char      *code_hash,
                                             gint64           now,
                                             gboolean         lock,
                                             gint64          *code_id,
                                             gint64          *outlet,
                                             GError         **error);
/* The outlets; the open conflicts and each terminal's progress; the outlet's first free
 * name for a new terminal (in the caller's transaction, which keeps it free). */
GPtrArray *kasir_server_sql_list_outlets       (KasirServerSql           *sql,
                                                GError                  **error);
gboolean   kasir_server_sql_get_metrics        (KasirServerSql           *sql,
                                                KasirServerStoreMetrics  *out,
                                                GError                  **error);
char      *kasir_server_sql_free_terminal_name (KasirServerSql           *sql,
                                                gint64                    outlet,
                                                const char               *wanted,
                                                GError                  **error);

/* Pull (kasir-server-store-sql-pull.c): the row of each change of a page that came
 * without one, read in the pull's snapshot; products and customers through the
 * backend's @own loaders. A row that is gone marks its change deleted. */
typedef JsonNode *(*KasirServerSqlLoader) (KasirServerSql *sql, const char *id, GError **error);

typedef struct
{
  KasirServerSqlLoader product;
  KasirServerSqlLoader customer;
} KasirServerSqlPullLoaders;

/* A change's entity id as a number; FALSE when it is not one. */
gboolean kasir_server_sql_parse_id     (const char                       *id,
                                        gint64                           *out);
gboolean kasir_server_sql_load_changes (KasirServerSql                   *sql,
                                        const KasirServerSqlPullLoaders  *own,
                                        KasirPullResponse                *resp,
                                        GError                          **error);

/* A SQL backend's write transaction (KasirSqliteTx and KasirPgTx start with it): the
 * operations of kasir-server-tx.h that both backends run alike are written once below
 * (kasir_server_sql_tx_*, in kasir-server-store-sql.c) and reach the backend through @sql. */
typedef struct
{
  KasirServerTx   parent;
  KasirServerSql  sql;
  /* The outlet of the terminal whose batch this is (terminal_last_seq): the rows that
   * grow with sales are keyed by it. */
  gint64          outlet_id;
} KasirServerSqlTx;

gboolean kasir_server_sql_tx_price_at_version (KasirServerTx *tx, gint64 product_id,
                                               gint64 price_version, gint64 *price,
                                               gboolean *found, GError **error);
gboolean kasir_server_sql_tx_category_exists (KasirServerTx *tx, gint64 category_id,
                                              gboolean *found, GError **error);
gboolean kasir_server_sql_tx_product_by_sku (KasirServerTx *tx, const char *sku, gint64 *id,
                                             gboolean *found, GError **error);
gboolean kasir_server_sql_tx_category_by_name (KasirServerTx *tx, const char *name, gint64 *id,
                                               gboolean *found, GError **error);
gboolean kasir_server_sql_tx_customer_by_client_id (KasirServerTx *tx, const char *client_id,
                                                    gint64 *outlet_id, gboolean *found,
                                                    GError **error);
gboolean kasir_server_sql_tx_customer_id_by_client_id (KasirServerTx *tx, const char *client_id,
                                                       gint64 outlet_id, gint64 *id,
                                                       gboolean *found, GError **error);
gboolean kasir_server_sql_tx_update_customer (KasirServerTx *tx, const KasirCustomer *c,
                                              GError **error);
gboolean kasir_server_sql_tx_set_points (KasirServerTx *tx, gint64 customer_id, gint64 points,
                                         GError **error);
gboolean kasir_server_sql_tx_refund_exists (KasirServerTx *tx, const char *refund_id,
                                            gboolean *found, GError **error);
gboolean kasir_server_sql_tx_refunded_total (KasirServerTx *tx, const char *sale_id, gint64 *total,
                                             GError **error);
gboolean kasir_server_sql_tx_refunded_by_terminal (KasirServerTx *tx, const char *sale_id,
                                                   gint64 terminal_id, gint64 product_id,
                                                   gint64 *total, gint64 *qty, GError **error);
gboolean kasir_server_sql_tx_line_quantities (KasirServerTx *tx, const char *sale_id,
                                              gint64 product_id, gint64 *sold, gint64 *returned,
                                              GError **error);
gboolean kasir_server_sql_tx_insert_refund (KasirServerTx *tx, const KasirRefund *refund,
                                            gint64 terminal_id, gint64 outlet_id, gint64 seq,
                                            GError **error);
gboolean kasir_server_sql_tx_insert_shift (KasirServerTx *tx, const char *shift_id,
                                           gint64 outlet_id, gint64 terminal_id, gint64 staff_id,
                                           const char *opened_at, gint64 opening_float,
                                           const char *continues_shift, GError **error);
gboolean kasir_server_sql_tx_close_shift (KasirServerTx *tx, const char *shift_id, const char *at,
                                          gint64 counted_cash, const char *counted_json,
                                          const char *expected_json, GError **error);
gboolean kasir_server_sql_tx_resolve_conflict (KasirServerTx *tx, gint64 id,
                                               const char *resolution_json, gint64 terminal_id,
                                               GError **error);
gboolean kasir_server_sql_tx_update_staff_row (KasirServerTx *tx, gint64 staff_id,
                                               const KasirStaffUpsert *u, GError **error);
gboolean kasir_server_sql_tx_update_category (KasirServerTx *tx, gint64 category_id,
                                              const char *name, gboolean archived, GError **error);
gboolean kasir_server_sql_tx_merge_product (KasirServerTx *tx, gint64 from, gint64 into,
                                            GError **error);
gboolean kasir_server_sql_tx_stock_outlet_after (KasirServerTx *tx, gint64 product_id, gint64 after,
                                                 gint64 *outlet_id, gboolean *found, GError **error);
gboolean kasir_server_sql_tx_sale_points (KasirServerTx *tx, const char *sale_id,
                                          KasirServerSalePoints *out, GError **error);
gboolean kasir_server_sql_tx_outlet_setting_int (KasirServerTx *tx, const char *key, gint64 fallback,
                                                 gint64 *value, GError **error);
gboolean kasir_server_sql_tx_open_order_state (KasirServerTx *tx, gint64 outlet_id,
                                               const char *order_id, KasirServerOrderState *out,
                                               GError **error);
gboolean kasir_server_sql_tx_write_open_order (KasirServerTx *tx, const KasirOrderSend *order,
                                               gboolean is_new, gint64 terminal_id, gint64 outlet_id,
                                               const char *cart_json, const char *items_json,
                                               GError **error);
gboolean kasir_server_sql_tx_pay_open_order (KasirServerTx *tx, gint64 outlet_id, const char *order_id,
                                             const char *sale_id, gint64 terminal_id, GError **error);
gboolean kasir_server_sql_tx_cancel_open_order (KasirServerTx *tx, gint64 outlet_id,
                                                const KasirOrderCancel *cancel, GError **error);

/* A statement of @sql with its parameters (@fmt as KasirServerSqlClass says), and one
 * that reads a single integer (*found FALSE when no row). */
gboolean kasir_server_sql_run       (KasirServerSql *sql, GError **error, const char *text,
                                     const char *fmt, ...);
gboolean kasir_server_sql_query_int (KasirServerSql *sql, GError **error, gint64 *out,
                                     gboolean *found, const char *text, const char *fmt, ...);

/* A SQL backend's class: the operations written once (kasir_server_sql_tx_NAME) and the
 * backend's own (PREFIX_NAME: tx_begin, tx_commit, ...); the optional ones follow in the
 * backend's own initializer. */
#define KASIR_SERVER_SQL_TX_OPERATIONS(p)                                                         \
  .begin = p##_begin, .commit = p##_commit, .rollback = p##_rollback,                             \
  .terminal_last_seq = p##_terminal_last_seq, .set_last_seq = p##_set_last_seq,                   \
  .load_result = p##_load_result, .store_result = p##_store_result,                               \
  .scope_begin = p##_scope_begin, .scope_undo = p##_scope_undo, .scope_end = p##_scope_end,       \
  .log_change = p##_log_change, .save_history = p##_save_history,                                 \
  .load_history = p##_load_history, .add_conflict = p##_add_conflict, .audit = p##_audit,         \
  .load_staff = p##_load_staff, .outlet_of = p##_outlet_of, .load_product = p##_load_product,     \
  .price_state = p##_price_state, .update_product = p##_update_product,                           \
  .save_price = p##_save_price, .stock_get = p##_stock_get, .stock_set = p##_stock_set,           \
  .barcode_owner = p##_barcode_owner, .insert_product = p##_insert_product,                       \
  .insert_category = p##_insert_category, .outlet_ids = p##_outlet_ids,                           \
  .insert_outlet = p##_insert_outlet, .insert_staff = p##_insert_staff,                           \
  .load_customer = p##_load_customer, .insert_customer = p##_insert_customer,                     \
  .sale_exists = p##_sale_exists, .insert_sale = p##_insert_sale, .sale_total = p##_sale_total,   \
  .load_shift = p##_load_shift, .continuation_of = p##_continuation_of,                           \
  .insert_shift_cash = p##_insert_shift_cash, .load_conflict = p##_load_conflict,                 \
  .price_at_version = kasir_server_sql_tx_price_at_version,                                       \
  .category_exists = kasir_server_sql_tx_category_exists,                                         \
  .product_by_sku = kasir_server_sql_tx_product_by_sku,                                           \
  .category_by_name = kasir_server_sql_tx_category_by_name,                                       \
  .customer_by_client_id = kasir_server_sql_tx_customer_by_client_id,                             \
  .customer_id_by_client_id = kasir_server_sql_tx_customer_id_by_client_id,                       \
  .update_customer = kasir_server_sql_tx_update_customer,                                         \
  .set_points = kasir_server_sql_tx_set_points,                                                   \
  .refund_exists = kasir_server_sql_tx_refund_exists,                                             \
  .refunded_total = kasir_server_sql_tx_refunded_total,                                           \
  .line_quantities = kasir_server_sql_tx_line_quantities,                                         \
  .insert_refund = kasir_server_sql_tx_insert_refund,                                             \
  .refunded_by_terminal = kasir_server_sql_tx_refunded_by_terminal,                               \
  .insert_shift = kasir_server_sql_tx_insert_shift,                                               \
  .close_shift = kasir_server_sql_tx_close_shift,                                                 \
  .resolve_conflict = kasir_server_sql_tx_resolve_conflict,                                       \
  .update_staff_row = kasir_server_sql_tx_update_staff_row,                                       \
  .update_category = kasir_server_sql_tx_update_category,                                         \
  .merge_product = kasir_server_sql_tx_merge_product,                                             \
  .stock_outlet_after = kasir_server_sql_tx_stock_outlet_after,                                   \
  .sale_points = kasir_server_sql_tx_sale_points,                                                 \
  .outlet_setting_int = kasir_server_sql_tx_outlet_setting_int,                                   \
  .open_order_state = kasir_server_sql_tx_open_order_state,                                       \
  .write_open_order = kasir_server_sql_tx_write_open_order,                                       \
  .pay_open_order = kasir_server_sql_tx_pay_open_order,                                           \
  .cancel_open_order = kasir_server_sql_tx_cancel_open_order,

/* refpoints (kasir-server-store-sql-points.c): the points a member's sale earned, kept
 * with it, and what a refund of it needs for its points. */
gboolean kasir_server_sql_insert_sale_points (KasirServerSql         *sql,
                                              const KasirSale        *sale,
                                              gint64                  outlet_id,
                                              GError                **error);
gboolean kasir_server_sql_sale_points        (KasirServerSql         *sql,
                                              gint64                  outlet_id,
                                              const char             *sale_id,
                                              KasirServerSalePoints  *out,
                                              GError                **error);
/* payout: an outlet's setting as an integer (kasir-server-store-sql-points.c). */
gboolean kasir_server_sql_outlet_setting_int (KasirServerSql         *sql,
                                              gint64                  outlet_id,
                                              const char             *key,
                                              gint64                  fallback,
                                              gint64                 *value,
                                              GError                **error);

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
gboolean kasir_server_sql_cancel_open_order (KasirServerSql          *sql,
                                             gint64                   outlet_id,
                                             const KasirOrderCancel  *cancel,
                                             GError                 **error);

G_END_DECLS
