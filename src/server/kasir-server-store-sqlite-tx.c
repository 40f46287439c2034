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
#define OUTLET(tx) (((KasirServerSqlTx *) (tx))->outlet_id)

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
    payload = kasir_mutation_payload_to_string (mutation);
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
tx_update_product (KasirServerTx       *tx,
                   const KasirProduct  *p,
                   gboolean            *taken,
                   GError             **error)
{
  g_autoptr(GError) local_error = NULL;

  *taken = FALSE;
  if (kasir_sqlite_run (STORE (tx), &local_error,
                        "UPDATE products SET sku = ?, barcode = ?, name = ?, price = ?, price_version = ?,"
                        " tax_rate_bp = ?, category_id = ?, archived = ?, version = ?, unit = coalesce(?, unit),"
                        " track_stock = ?, low_stock = ? WHERE id = ?",
                        "tttiiiiiitiii", p->sku, p->barcode, p->name, p->price, p->price_version,
                        (gint64) p->tax_rate_bp, p->category_id, (gint64) p->archived, p->version, p->unit,
                        (gint64) p->track_stock, p->low_stock, p->id))
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
                         " category_id, archived, version, unit, track_stock, low_stock)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(?, 'pcs'), ?, ?)",
                         "tttiiiiiitii", p->sku, p->barcode, p->name, p->price, p->price_version,
                         (gint64) p->tax_rate_bp, p->category_id, (gint64) p->archived, p->version,
                         p->unit, (gint64) p->track_stock, p->low_stock))
    return FALSE;
  p->id = sqlite3_last_insert_rowid (STORE (tx)->db);
  return TRUE;
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
  return insert_sale_order (STORE (tx), sale, outlet_id, error)
         && kasir_server_sql_insert_sale_points (&sql, sale, outlet_id, error);
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
/* ---- The back office ---- */

static gboolean
tx_load_modifiers (KasirServerTx  *tx,
                   gint64          product_id,
                   char          **json,
                   GError        **error)
{
  sqlite3_stmt *stmt = kasir_sqlite_query (STORE (tx), error, "SELECT groups FROM product_modifiers "
                                           "WHERE product_id = ?", "i", product_id);
  int rc;

  *json = NULL;
  if (stmt == NULL || (rc = kasir_sqlite_step (STORE (tx), stmt, error)) < 0)
    return FALSE;
  if (rc == SQLITE_ROW)
    *json = kasir_sqlite_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
tx_save_modifiers (KasirServerTx  *tx,
                   gint64          product_id,
                   const char     *json,
                   GError        **error)
{
  if (json == NULL)
    return kasir_sqlite_run (STORE (tx), error, "DELETE FROM product_modifiers WHERE product_id = ?",
                             "i", product_id);
  return kasir_sqlite_run (STORE (tx), error, "INSERT OR REPLACE INTO product_modifiers (product_id, groups) "
                           "VALUES (?, ?)", "it", product_id, json);
}

static const KasirServerTxClass sqlite_tx_class = {
  KASIR_SERVER_SQL_TX_OPERATIONS (tx)
  .load_modifiers = tx_load_modifiers,
  .save_modifiers = tx_save_modifiers,
};

void
kasir_sqlite_tx_init (KasirSqliteTx    *tx,
                      KasirSqliteStore *store)
{
  tx->parent.parent.klass = &sqlite_tx_class;
  tx->parent.sql = kasir_sqlite_sql (store);
  tx->parent.outlet_id = 0;
  tx->store = store;
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
  return kasir_server_tx_push_batch (&tx.parent.parent, terminal_id, outlet_id, mutations, results,
                                     outcomes, expected_seq, error);
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
  return kasir_server_tx_push (&tx.parent.parent, terminal_id, outlet_id, mutation, outcome, result,
                               expected_seq, error);
}
