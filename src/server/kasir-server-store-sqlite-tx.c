/* kasir-server-store-sqlite-tx.c — the SQLite backend's side of kasir-server-tx.h: each
 * operation the mutation rules need, as statements inside the store's open write
 * transaction, and the push entry points that open and close it.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-apply.h"
#include "kasir-server-store-sqlite-private.h"

#define STORE(tx) (((KasirSqliteTx *) (tx))->store)
#define OUTLET(tx) (((KasirSqliteTx *) (tx))->outlet_id)

static gboolean
tx_begin (KasirServerTx  *tx,
          GError        **error)
{
  return kasir_sqlite_begin_write (STORE (tx), error);
}

static gboolean
tx_commit (KasirServerTx  *tx,
           GError        **error)
{
  return kasir_sqlite_commit (STORE (tx), error);
}

static void
tx_rollback (KasirServerTx *tx)
{
  kasir_sqlite_rollback (STORE (tx));
}

static gboolean
tx_terminal_last_seq (KasirServerTx  *tx,
                      gint64          terminal_id,
                      gint64          outlet_id,
                      gint64         *last_seq,
                      GError        **error)
{
  sqlite3_stmt *stmt = kasir_sqlite_query (STORE (tx), error,
                                           "SELECT last_seq, outlet_id FROM terminals WHERE id = ?",
                                           "i", terminal_id);
  gint64 t_outlet;
  int rc;

  if (stmt == NULL || (rc = kasir_sqlite_step (STORE (tx), stmt, error)) < 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_UNAUTHORIZED,
                   "unknown terminal");
      return FALSE;
    }
  *last_seq = sqlite3_column_int64 (stmt, 0);
  t_outlet = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);
  if (t_outlet != outlet_id)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_UNAUTHORIZED,
                   "terminal does not belong to this outlet");
      return FALSE;
    }
  OUTLET (tx) = outlet_id;
  return TRUE;
}

static gboolean
tx_set_last_seq (KasirServerTx  *tx,
                 gint64          terminal_id,
                 gint64          last_seq,
                 GError        **error)
{
  return kasir_sqlite_run (STORE (tx), error,
                           "UPDATE terminals SET last_seq = ?, last_push_at = ? WHERE id = ?", "iii",
                           last_seq, kasir_sqlite_now_unix (), terminal_id);
}

static gboolean
tx_load_result (KasirServerTx    *tx,
                gint64            terminal_id,
                gint64            seq,
                KasirPushResult **out,
                GError          **error)
{
  sqlite3_stmt *stmt = kasir_sqlite_query (STORE (tx), error,
                                           "SELECT status, reason, conflict_ids FROM push_results "
                                           "WHERE outlet_id = ? AND terminal_id = ? AND seq = ?", "iii",
                                           OUTLET (tx), terminal_id, seq);
  g_autoptr(KasirPushResult) r = NULL;
  int rc;

  if (stmt == NULL || (rc = kasir_sqlite_step (STORE (tx), stmt, error)) < 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_FAILED,
                   "no stored result for terminal %" G_GINT64_FORMAT " seq %" G_GINT64_FORMAT,
                   terminal_id, seq);
      return FALSE;
    }
  r = kasir_push_result_new ();
  r->seq = seq;
  if (!kasir_result_status_from_string ((const char *) sqlite3_column_text (stmt, 0), &r->status))
    r->status = KASIR_RESULT_REJECTED;
  r->reason = kasir_sqlite_column_dup (stmt, 1);
  kasir_server_conflict_ids_add_text (r->conflict_ids, (const char *) sqlite3_column_text (stmt, 2));
  sqlite3_reset (stmt);
  *out = g_steal_pointer (&r);
  return TRUE;
}

static gboolean
tx_store_result (KasirServerTx          *tx,
                 gint64                  terminal_id,
                 const KasirMutation    *mutation,
                 const KasirPushResult  *result,
                 GError                **error)
{
  g_autofree char *ids_text = kasir_server_conflict_ids_to_text (result->conflict_ids);
  g_autofree char *payload = NULL;

  /* A rejected mutation keeps its payload, for the manager who looks into why. */
  if (result->status == KASIR_RESULT_REJECTED)
    payload = kasir_sqlite_node_to_text (mutation->payload);
  return kasir_sqlite_run (STORE (tx), error,
                           "INSERT INTO push_results (outlet_id, terminal_id, seq, mutation_id, type, status, reason,"
                           " conflict_ids, payload, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           "iiitttttti", OUTLET (tx), terminal_id, mutation->seq, mutation->id,
                           kasir_mutation_type_to_string (mutation->type),
                           kasir_result_status_to_string (result->status), result->reason, ids_text,
                           payload, kasir_sqlite_now_unix ());
}

static gboolean
tx_scope_begin (KasirServerTx *tx, GError **error)
{
  return kasir_sqlite_run (STORE (tx), error, "SAVEPOINT apply", NULL);
}

static gboolean
tx_scope_undo (KasirServerTx *tx, GError **error)
{
  return kasir_sqlite_run (STORE (tx), error, "ROLLBACK TO apply", NULL);
}

static gboolean
tx_scope_end (KasirServerTx *tx, GError **error)
{
  return kasir_sqlite_run (STORE (tx), error, "RELEASE apply", NULL);
}

static gboolean
tx_log_change (KasirServerTx  *tx,
               const char     *entity,
               const char     *entity_id,
               gint64          outlet_id,
               gboolean        deleted,
               GError        **error)
{
  return kasir_sqlite_log_change (STORE (tx), entity, entity_id, outlet_id, deleted, error);
}

static gboolean
tx_save_history (KasirServerTx  *tx,
                 const char     *entity,
                 gint64          id,
                 gint64          version,
                 JsonNode       *data,
                 GError        **error)
{
  return kasir_sqlite_save_history (STORE (tx), entity, id, version, data, error);
}

static gboolean
tx_load_history (KasirServerTx  *tx,
                 const char     *entity,
                 gint64          id,
                 gint64          version,
                 JsonNode      **out,
                 GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  *out = kasir_sqlite_load_history (STORE (tx), entity, id, version, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
tx_add_conflict (KasirServerTx                 *tx,
                 const KasirServerNewConflict  *c,
                 gint64                        *out_id,
                 GError                       **error)
{
  return kasir_sqlite_add_conflict (STORE (tx), c, out_id, error);
}

static gboolean
tx_audit (KasirServerTx  *tx,
          const char     *actor,
          const char     *action,
          const char     *detail,
          GError        **error)
{
  return kasir_sqlite_audit (STORE (tx), actor, action, detail, error);
}

static gboolean
tx_load_staff (KasirServerTx     *tx,
               gint64             staff_id,
               KasirServerStaff  *out,
               GError           **error)
{
  sqlite3_stmt *stmt = kasir_sqlite_query (STORE (tx), error,
                                           "SELECT outlet_id, role, active, name FROM staff WHERE id = ?",
                                           "i", staff_id);
  int rc;

  memset (out, 0, sizeof *out);
  if (stmt == NULL || (rc = kasir_sqlite_step (STORE (tx), stmt, error)) < 0)
    return FALSE;
  if (rc == SQLITE_ROW)
    {
      out->found = TRUE;
      out->outlet_id = sqlite3_column_int64 (stmt, 0);
      out->role = kasir_sqlite_column_dup (stmt, 1);
      out->active = sqlite3_column_int64 (stmt, 2) != 0;
      out->name = kasir_sqlite_column_dup (stmt, 3);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
tx_outlet_of (KasirServerTx  *tx,
              const char     *table,
              const char     *id,
              gint64         *outlet_id,
              gboolean       *found,
              GError        **error)
{
  static const char *const queries[][2] = {
    { "customers", "SELECT outlet_id FROM customers WHERE id = ?" },
    { "shifts", "SELECT outlet_id FROM shifts WHERE id = ?" },
    { "sales", "SELECT outlet_id FROM sales WHERE id = ?" },
    { "conflicts", "SELECT outlet_id FROM conflicts WHERE id = ?" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    if (g_strcmp0 (table, queries[i][0]) == 0)
      return kasir_sqlite_query_int (STORE (tx), error, outlet_id, found, queries[i][1], "t", id);
  g_return_val_if_reached (FALSE);
}

/* ---- Products and stock ---- */

static gboolean
tx_load_product (KasirServerTx  *tx,
                 gint64          id,
                 KasirProduct  **out,
                 GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  *out = kasir_sqlite_load_product (STORE (tx), id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
tx_price_state (KasirServerTx          *tx,
                gint64                  product_id,
                KasirServerPriceState  *out,
                GError                **error)
{
  /* Only the few columns the checks need: this runs for every line of every sale. */
  sqlite3_stmt *stmt = kasir_sqlite_query (STORE (tx), error,
                                           "SELECT price, price_version, archived FROM products WHERE id = ?",
                                           "i", product_id);
  int rc;

  memset (out, 0, sizeof *out);
  if (stmt == NULL || (rc = kasir_sqlite_step (STORE (tx), stmt, error)) < 0)
    return FALSE;
  if (rc == SQLITE_ROW)
    {
      out->found = TRUE;
      out->price = sqlite3_column_int64 (stmt, 0);
      out->price_version = sqlite3_column_int64 (stmt, 1);
      out->archived = sqlite3_column_int64 (stmt, 2) != 0;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
tx_price_at_version (KasirServerTx  *tx,
                     gint64          product_id,
                     gint64          price_version,
                     gint64         *price,
                     gboolean       *found,
                     GError        **error)
{
  return kasir_sqlite_query_int (STORE (tx), error, price, found,
                                 "SELECT price FROM product_prices WHERE product_id = ? AND price_version = ?",
                                 "ii", product_id, price_version);
}

static gboolean
tx_category_exists (KasirServerTx  *tx,
                    gint64          category_id,
                    gboolean       *found,
                    GError        **error)
{
  gint64 one;

  return kasir_sqlite_query_int (STORE (tx), error, &one, found, "SELECT 1 FROM categories WHERE id = ?",
                                 "i", category_id);
}

static gboolean
tx_update_product (KasirServerTx       *tx,
                   const KasirProduct  *p,
                   gboolean            *taken,
                   GError             **error)
{
  g_autoptr(GError) local_error = NULL;

  *taken = FALSE;
  if (kasir_sqlite_run (STORE (tx), &local_error,
                        "UPDATE products SET sku = ?, barcode = ?, name = ?, price = ?, price_version = ?,"
                        " tax_rate_bp = ?, category_id = ?, archived = ?, version = ? WHERE id = ?",
                        "tttiiiiiii", p->sku, p->barcode, p->name, p->price, p->price_version,
                        (gint64) p->tax_rate_bp, p->category_id, (gint64) p->archived, p->version,
                        p->id))
    return TRUE;
  /* A unique index refused the sku or barcode. */
  if (g_error_matches (local_error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_INVALID))
    {
      *taken = TRUE;
      return TRUE;
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static gboolean
tx_save_price (KasirServerTx  *tx,
               gint64          product_id,
               gint64          price_version,
               gint64          price,
               GError        **error)
{
  return kasir_sqlite_run (STORE (tx), error,
                           "INSERT OR REPLACE INTO product_prices (product_id, price_version, price) "
                           "VALUES (?, ?, ?)", "iii", product_id, price_version, price);
}

static gboolean
tx_stock_get (KasirServerTx  *tx,
              gint64          product_id,
              gint64          outlet_id,
              gint64         *qty,
              GError        **error)
{
  /* SQLite's write transaction already holds the whole database. */
  return kasir_sqlite_query_int (STORE (tx), error, qty, NULL,
                                 "SELECT qty FROM stock WHERE product_id = ? AND outlet_id = ?", "ii",
                                 product_id, outlet_id);
}

static gboolean
tx_stock_set (KasirServerTx  *tx,
              gint64          product_id,
              gint64          outlet_id,
              gint64          qty,
              GError        **error)
{
  return kasir_sqlite_set_stock (STORE (tx), product_id, outlet_id, qty, error);
}

/* ---- The catalog, for imports ---- */

static gboolean
tx_product_by_sku (KasirServerTx  *tx,
                   const char     *sku,
                   gint64         *id,
                   gboolean       *found,
                   GError        **error)
{
  return kasir_sqlite_query_int (STORE (tx), error, id, found, "SELECT id FROM products WHERE sku = ?", "t",
                                 sku);
}

static gboolean
tx_barcode_owner (KasirServerTx  *tx,
                  const char     *barcode,
                  const char     *sku,
                  char          **other_sku,
                  GError        **error)
{
  sqlite3_stmt *stmt = kasir_sqlite_query (STORE (tx), error,
                                           "SELECT sku FROM products WHERE barcode = ? AND sku <> ?", "tt",
                                           barcode, sku);
  int rc;

  *other_sku = NULL;
  if (stmt == NULL || (rc = kasir_sqlite_step (STORE (tx), stmt, error)) < 0)
    return FALSE;
  if (rc == SQLITE_ROW)
    *other_sku = kasir_sqlite_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
tx_insert_product (KasirServerTx  *tx,
                   KasirProduct   *p,
                   GError        **error)
{
  if (!kasir_sqlite_run (STORE (tx), error,
                         "INSERT INTO products (sku, barcode, name, price, price_version, tax_rate_bp,"
                         " category_id, archived, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         "tttiiiiii", p->sku, p->barcode, p->name, p->price, p->price_version,
                         (gint64) p->tax_rate_bp, p->category_id, (gint64) p->archived, p->version))
    return FALSE;
  p->id = sqlite3_last_insert_rowid (STORE (tx)->db);
  return TRUE;
}

static gboolean
tx_category_by_name (KasirServerTx  *tx,
                     const char     *name,
                     gint64         *id,
                     gboolean       *found,
                     GError        **error)
{
  return kasir_sqlite_query_int (STORE (tx), error, id, found, "SELECT id FROM categories WHERE name = ?",
                                 "t", name);
}

static gboolean
tx_insert_category (KasirServerTx  *tx,
                    const char     *name,
                    gint64         *id,
                    GError        **error)
{
  if (!kasir_sqlite_run (STORE (tx), error, "INSERT INTO categories (name) VALUES (?)", "t", name))
    return FALSE;
  *id = sqlite3_last_insert_rowid (STORE (tx)->db);
  return TRUE;
}

static gboolean
tx_outlet_ids (KasirServerTx  *tx,
               GArray         *ids,
               GError        **error)
{
  sqlite3_stmt *stmt = kasir_sqlite_query (STORE (tx), error, "SELECT id FROM outlets ORDER BY id", NULL);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = kasir_sqlite_step (STORE (tx), stmt, error)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  return rc >= 0;
}

static gboolean
tx_insert_outlet (KasirServerTx  *tx,
                  gint64          id,
                  const char     *name,
                  GError        **error)
{
  return kasir_sqlite_run (STORE (tx), error, "INSERT INTO outlets (id, name, created_at) VALUES (?, ?, ?)",
                           "iti", id, name, kasir_sqlite_now_unix ());
}

static gboolean
tx_insert_staff (KasirServerTx               *tx,
                 const KasirServerNewStaff   *s,
                 gint64                      *id,
                 GError                     **error)
{
  if (!kasir_sqlite_run (STORE (tx), error,
                         "INSERT INTO staff (outlet_id, name, role, pin_hash) VALUES (?, ?, ?, ?)", "ittt",
                         s->outlet_id, s->name, s->role, s->pin_hash))
    return FALSE;
  *id = sqlite3_last_insert_rowid (STORE (tx)->db);
  return TRUE;
}

/* ---- Customers ---- */

static gboolean
tx_load_customer (KasirServerTx   *tx,
                  gint64           id,
                  KasirCustomer  **out,
                  gint64          *outlet_id,
                  GError         **error)
{
  g_autoptr(GError) local_error = NULL;

  *out = kasir_sqlite_load_customer (STORE (tx), id, outlet_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
tx_customer_by_client_id (KasirServerTx  *tx,
                          const char     *client_id,
                          gint64         *outlet_id,
                          gboolean       *found,
                          GError        **error)
{
  return kasir_sqlite_query_int (STORE (tx), error, outlet_id, found,
                                 "SELECT outlet_id FROM customers WHERE client_id = ?", "t", client_id);
}

static gboolean
tx_customer_id_by_client_id (KasirServerTx  *tx,
                             const char     *client_id,
                             gint64          outlet_id,
                             gint64         *id,
                             gboolean       *found,
                             GError        **error)
{
  return kasir_sqlite_query_int (STORE (tx), error, id, found,
                                 "SELECT id FROM customers WHERE client_id = ? AND outlet_id = ?", "ti",
                                 client_id, outlet_id);
}

static gboolean
tx_insert_customer (KasirServerTx  *tx,
                    KasirCustomer  *c,
                    gint64          outlet_id,
                    const char     *client_id,
                    GError        **error)
{
  if (!kasir_sqlite_run (STORE (tx), error,
                         "INSERT INTO customers (outlet_id, client_id, name, phone, email, loyalty_points,"
                         " member_code) VALUES (?, ?, ?, ?, ?, ?, ?)", "ittttit", outlet_id, client_id,
                         c->name, c->phone, c->email, c->loyalty_points, c->member_code))
    return FALSE;
  c->id = sqlite3_last_insert_rowid (STORE (tx)->db);
  return TRUE;
}

static gboolean
tx_update_customer (KasirServerTx        *tx,
                    const KasirCustomer  *c,
                    GError              **error)
{
  return kasir_sqlite_run (STORE (tx), error,
                           "UPDATE customers SET name = ?, phone = ?, email = ?, member_code = ?, version = ?"
                           " WHERE id = ?", "ttttii", c->name, c->phone, c->email, c->member_code,
                           c->version, c->id);
}

static gboolean
tx_set_points (KasirServerTx  *tx,
               gint64          customer_id,
               gint64          points,
               GError        **error)
{
  return kasir_sqlite_run (STORE (tx), error,
                           "UPDATE customers SET loyalty_points = ?, version = version + 1 WHERE id = ?",
                           "ii", points, customer_id);
}

/* ---- Sales and refunds ---- */

static gboolean
tx_sale_exists (KasirServerTx  *tx,
                const char     *sale_id,
                gboolean       *found,
                GError        **error)
{
  KasirServerSql sql = kasir_sqlite_sql (STORE (tx));

  return kasir_server_sql_exists (&sql, "sales", OUTLET (tx), sale_id, found, error);
}

/* How the sale is served, when it says (order types). */
static gboolean
insert_sale_order (KasirSqliteStore  *self,
                   const KasirSale   *sale,
                   gint64             outlet_id,
                   GError           **error)
{
  if (sale->order_type == NULL)
    return TRUE;
  return kasir_sqlite_run (self, error, "INSERT INTO sale_orders (outlet_id, sale_id, order_type, order_ref) "
                           "VALUES (?, ?, ?, ?)", "ittt", outlet_id, sale->sale_id, sale->order_type,
                           sale->order_ref);
}

static gboolean
tx_insert_sale (KasirServerTx    *tx,
                const KasirSale  *sale,
                gint64            terminal_id,
                gint64            outlet_id,
                gint64            seq,
                const char       *shift_id,
                GError          **error)
{
  KasirServerSql sql = kasir_sqlite_sql (STORE (tx));

  if (!kasir_server_sql_insert_sale (&sql, sale, terminal_id, outlet_id, seq, shift_id, kasir_sqlite_now_unix (),
                                     error))
    return FALSE;
  return insert_sale_order (STORE (tx), sale, outlet_id, error);
}

static gboolean
tx_sale_total (KasirServerTx  *tx,
               const char     *sale_id,
               gint64         *total,
               gint64         *outlet_id,
               gboolean       *found,
               GError        **error)
{
  sqlite3_stmt *stmt = kasir_sqlite_query (STORE (tx), error,
                                           "SELECT total, outlet_id FROM sales WHERE id = ?", "t", sale_id);
  int rc;

  if (stmt == NULL || (rc = kasir_sqlite_step (STORE (tx), stmt, error)) < 0)
    return FALSE;
  *found = rc == SQLITE_ROW;
  if (*found)
    {
      *total = sqlite3_column_int64 (stmt, 0);
      *outlet_id = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
tx_refund_exists (KasirServerTx  *tx,
                  const char     *refund_id,
                  gboolean       *found,
                  GError        **error)
{
  KasirServerSql sql = kasir_sqlite_sql (STORE (tx));

  return kasir_server_sql_exists (&sql, "refunds", OUTLET (tx), refund_id, found, error);
}

static gboolean
tx_refunded_total (KasirServerTx  *tx,
                   const char     *sale_id,
                   gint64         *total,
                   GError        **error)
{
  KasirServerSql sql = kasir_sqlite_sql (STORE (tx));

  return kasir_server_sql_refunded_total (&sql, OUTLET (tx), sale_id, total, error);
}

static gboolean
tx_refunded_by_terminal (KasirServerTx  *tx,
                         const char     *sale_id,
                         gint64          terminal_id,
                         gint64          product_id,
                         gint64         *total,
                         gint64         *qty,
                         GError        **error)
{
  return kasir_sqlite_query_int (STORE (tx), error, total, NULL,
                                 "SELECT COALESCE(SUM(total), 0) FROM refunds WHERE sale_id = ? AND terminal_id = ?",
                                 "ti", sale_id, terminal_id)
         && kasir_sqlite_query_int (STORE (tx), error, qty, NULL,
                                    "SELECT COALESCE(SUM(rl.qty), 0) FROM refund_lines rl JOIN refunds r "
                                    "ON r.id = rl.refund_id WHERE r.sale_id = ? AND r.terminal_id = ? "
                                    "AND rl.product_id = ?", "tii", sale_id, terminal_id, product_id);
}

static gboolean
tx_line_quantities (KasirServerTx  *tx,
                    const char     *sale_id,
                    gint64          product_id,
                    gint64         *sold,
                    gint64         *returned,
                    GError        **error)
{
  KasirServerSql sql = kasir_sqlite_sql (STORE (tx));

  return kasir_server_sql_line_quantities (&sql, OUTLET (tx), sale_id, product_id, sold, returned, error);
}

static gboolean
tx_insert_refund (KasirServerTx      *tx,
                  const KasirRefund  *refund,
                  gint64              terminal_id,
                  gint64              outlet_id,
                  gint64              seq,
                  GError            **error)
{
  KasirServerSql sql = kasir_sqlite_sql (STORE (tx));

  return kasir_server_sql_insert_refund (&sql, refund, terminal_id, outlet_id, seq, error);
}

/* ---- Shifts ---- */

static gboolean
tx_load_shift (KasirServerTx     *tx,
               const char        *shift_id,
               KasirServerShift  *out,
               GError           **error)
{
  sqlite3_stmt *stmt = kasir_sqlite_query (STORE (tx), error,
                                           "SELECT outlet_id, staff_id, closed_at IS NOT NULL FROM shifts "
                                           "WHERE id = ?", "t", shift_id);
  int rc;

  memset (out, 0, sizeof *out);
  if (stmt == NULL || (rc = kasir_sqlite_step (STORE (tx), stmt, error)) < 0)
    return FALSE;
  if (rc == SQLITE_ROW)
    {
      out->found = TRUE;
      out->outlet_id = sqlite3_column_int64 (stmt, 0);
      out->staff_id = sqlite3_column_int64 (stmt, 1);
      out->closed = sqlite3_column_int64 (stmt, 2) != 0;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
tx_continuation_of (KasirServerTx  *tx,
                    const char     *closed_shift,
                    char          **id,
                    GError        **error)
{
  sqlite3_stmt *stmt = kasir_sqlite_query (STORE (tx), error,
                                           "SELECT id FROM shifts WHERE outlet_id = ? AND continues_shift = ?"
                                           " AND closed_at IS NULL", "it", OUTLET (tx), closed_shift);
  int rc;

  *id = NULL;
  if (stmt == NULL || (rc = kasir_sqlite_step (STORE (tx), stmt, error)) < 0)
    return FALSE;
  if (rc == SQLITE_ROW)
    *id = kasir_sqlite_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
tx_insert_shift (KasirServerTx  *tx,
                 const char     *shift_id,
                 gint64          outlet_id,
                 gint64          terminal_id,
                 gint64          staff_id,
                 const char     *opened_at,
                 gint64          opening_float,
                 const char     *continues_shift,
                 GError        **error)
{
  KasirServerSql sql = kasir_sqlite_sql (STORE (tx));

  return kasir_server_sql_insert_shift (&sql, shift_id, outlet_id, terminal_id, staff_id, opened_at,
                                        opening_float, continues_shift, error);
}

static gboolean
tx_close_shift (KasirServerTx  *tx,
                const char     *shift_id,
                const char     *at,
                gint64          counted_cash,
                const char     *counted_json,
                const char     *expected_json,
                GError        **error)
{
  KasirServerSql sql = kasir_sqlite_sql (STORE (tx));

  return kasir_server_sql_close_shift (&sql, OUTLET (tx), shift_id, at, counted_cash, counted_json, expected_json,
                                       error);
}

static gboolean
tx_insert_shift_cash (KasirServerTx         *tx,
                      const KasirShiftCash  *cash,
                      gint64                 outlet_id,
                      gint64                 terminal_id,
                      gint64                 seq,
                      GError               **error)
{
  return kasir_sqlite_run (STORE (tx), error,
                           "INSERT OR IGNORE INTO shift_cash (outlet_id, id, shift_id, terminal_id, seq, staff_id,"
                           " approved_by, direction, reason, note, amount, created_at)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           "ittiiiitttit", outlet_id,
                           cash->cash_id, cash->shift_id, terminal_id, seq, cash->staff_id,
                           cash->approved_by, cash->direction, cash->reason,
                           cash->note != NULL ? cash->note : "", cash->amount, cash->created_at);
}

/* ---- Conflicts under resolution ---- */

static gboolean
tx_load_conflict (KasirServerTx           *tx,
                  gint64                   id,
                  KasirServerConflictRow  *out,
                  GError                 **error)
{
  sqlite3_stmt *stmt = kasir_sqlite_query (STORE (tx), error,
                                           "SELECT outlet_id, status, version, entity, entity_id, kind, server "
                                           "FROM conflicts WHERE id = ?", "i", id);
  int rc;

  memset (out, 0, sizeof *out);
  if (stmt == NULL || (rc = kasir_sqlite_step (STORE (tx), stmt, error)) < 0)
    return FALSE;
  if (rc == SQLITE_ROW)
    {
      out->found = TRUE;
      out->outlet_id = sqlite3_column_int64 (stmt, 0);
      out->status = kasir_sqlite_column_dup (stmt, 1);
      out->version = sqlite3_column_int64 (stmt, 2);
      out->entity = kasir_sqlite_column_dup (stmt, 3);
      out->entity_id = kasir_sqlite_column_dup (stmt, 4);
      kasir_conflict_kind_from_string ((const char *) sqlite3_column_text (stmt, 5), &out->kind);
      out->server = kasir_sqlite_column_dup (stmt, 6);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
tx_resolve_conflict (KasirServerTx  *tx,
                     gint64          id,
                     const char     *resolution_json,
                     gint64          terminal_id,
                     GError        **error)
{
  KasirServerSql sql = kasir_sqlite_sql (STORE (tx));

  return kasir_server_sql_resolve_conflict (&sql, OUTLET (tx), id, resolution_json, terminal_id, error);
}

/* ---- The back office ---- */

static gboolean
tx_update_staff_row (KasirServerTx           *tx,
                     gint64                   staff_id,
                     const KasirStaffUpsert  *u,
                     GError                 **error)
{
  KasirServerSql sql = kasir_sqlite_sql (STORE (tx));

  return kasir_server_sql_update_staff (&sql, staff_id, u, error);
}

static gboolean
tx_update_category (KasirServerTx  *tx,
                    gint64          category_id,
                    const char     *name,
                    gboolean        archived,
                    GError        **error)
{
  KasirServerSql sql = kasir_sqlite_sql (STORE (tx));

  return kasir_server_sql_update_category (&sql, category_id, name, archived, error);
}

static gboolean
tx_merge_product (KasirServerTx  *tx,
                  gint64          from,
                  gint64          into,
                  GError        **error)
{
  KasirServerSql sql = kasir_sqlite_sql (STORE (tx));

  return kasir_server_sql_merge_product (&sql, from, into, error);
}

static gboolean
tx_open_order_state (KasirServerTx          *tx,
                     gint64                  outlet_id,
                     const char             *order_id,
                     KasirServerOrderState  *out,
                     GError                **error)
{
  KasirServerSql sql = kasir_sqlite_sql (STORE (tx));

  return kasir_server_sql_open_order_state (&sql, outlet_id, order_id, out, error);
}

static gboolean
tx_write_open_order (KasirServerTx         *tx,
                     const KasirOrderSend  *order,
                     gboolean               is_new,
                     gint64                 terminal_id,
                     gint64                 outlet_id,
                     const char            *cart_json,
                     const char            *items_json,
                     GError               **error)
{
  KasirServerSql sql = kasir_sqlite_sql (STORE (tx));

  return kasir_server_sql_write_open_order (&sql, order, is_new, terminal_id, outlet_id, cart_json,
                                            items_json, error);
}

static gboolean
tx_pay_open_order (KasirServerTx  *tx,
                   gint64          outlet_id,
                   const char     *order_id,
                   const char     *sale_id,
                   gint64          terminal_id,
                   GError        **error)
{
  KasirServerSql sql = kasir_sqlite_sql (STORE (tx));

  return kasir_server_sql_pay_open_order (&sql, outlet_id, order_id, sale_id, terminal_id, error);
}

static const KasirServerTxClass sqlite_tx_class = KASIR_SERVER_TX_CLASS_INIT (tx);

void
kasir_sqlite_tx_init (KasirSqliteTx    *tx,
                      KasirSqliteStore *store)
{
  tx->parent.klass = &sqlite_tx_class;
  tx->store = store;
  tx->outlet_id = 0;
}

/* ---- Pushing ---- */

gboolean
kasir_sqlite_push_batch (KasirServerStore  *store,
                          gint64             terminal_id,
                          gint64             outlet_id,
                          GPtrArray         *mutations,
                          GPtrArray         *results,
                          GArray            *outcomes,
                          gint64            *expected_seq,
                          GError           **error)
{
  KasirSqliteTx tx;

  kasir_sqlite_tx_init (&tx, (KasirSqliteStore *) store);
  return kasir_server_tx_push_batch (&tx.parent, terminal_id, outlet_id, mutations, results, outcomes,
                                     expected_seq, error);
}

gboolean
kasir_sqlite_push (KasirServerStore        *store,
                    gint64                   terminal_id,
                    gint64                   outlet_id,
                    const KasirMutation     *mutation,
                    KasirServerPushOutcome  *outcome,
                    KasirPushResult        **result,
                    gint64                  *expected_seq,
                    GError                 **error)
{
  KasirSqliteTx tx;

  kasir_sqlite_tx_init (&tx, (KasirSqliteStore *) store);
  return kasir_server_tx_push (&tx.parent, terminal_id, outlet_id, mutation, outcome, result, expected_seq,
                               error);
}
