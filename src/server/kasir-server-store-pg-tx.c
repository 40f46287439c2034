/* kasir-server-store-pg-tx.c — the PostgreSQL backend's side of kasir-server-tx.h, and
 * its push and commit.
 *
 * Why a pull cursor never skips a change that commits late: a change-log row is written
 * without a number (seq NULL) and gets its number only at commit, while the committing
 * transaction holds a transaction-level advisory lock that it keeps until its COMMIT is
 * visible. So numbers are handed out in commit order: every transaction numbered after
 * another commits after it. A reader's snapshot therefore always sees a prefix of the
 * numbers (gaps from rolled-back transactions aside), never a later number without an
 * earlier one, and a cursor at the highest number it saw cannot pass a change still to
 * come. Numbering a sequence value at write time would not do: a transaction that took
 * number 10 and commits after the one that took 11 would be skipped by a till that had
 * already read 11. The lock is held only for the numbering UPDATE and the COMMIT itself.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include <string.h>

#include "kasir-server-apply.h"
#include "kasir-server-store-pg-private.h"

#define STORE(tx) (((KasirPgTx *) (tx))->store)
#define PG_TX(tx) ((KasirPgTx *) (tx))
#define OUTLET(tx) (((KasirServerSqlTx *) (tx))->outlet_id)

static gboolean
run_plain (KasirPgStore  *self,
           const char    *sql,
           GError       **error)
{
  return kasir_pg_run (self, error, sql, NULL);
}

/* ---- Exactly-once bookkeeping ---- */

static gboolean
tx_begin (KasirServerTx  *tx,
          GError        **error)
{
  return kasir_pg_begin_pipelined (STORE (tx), error);
}

static gboolean
tx_commit (KasirServerTx  *tx,
           GError        **error)
{
  return kasir_pg_commit (STORE (tx), error);
}

static void
tx_rollback (KasirServerTx *tx)
{
  kasir_pg_rollback (STORE (tx));
}

static gboolean
tx_terminal_last_seq (KasirServerTx  *tx,
                      gint64          terminal_id,
                      gint64          outlet_id,
                      gint64         *last_seq,
                      GError        **error)
{
  /* FOR UPDATE: pushes of one terminal that reach several processes at once are applied
   * one after the other, each seeing the last_seq the one before left. */
  PGresult *r = kasir_pg_query (STORE (tx), error, "SELECT last_seq, outlet_id FROM terminals WHERE id = ? "
                                "FOR UPDATE", "i", terminal_id);
  gint64 t_outlet;

  if (r == NULL)
    return FALSE;
  if (PQntuples (r) == 0)
    {
      PQclear (r);
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_UNAUTHORIZED,
                   "unknown terminal");
      return FALSE;
    }
  *last_seq = kasir_pg_int (r, 0, 0);
  t_outlet = kasir_pg_int (r, 0, 1);
  PQclear (r);
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
  return kasir_pg_run (STORE (tx), error, "UPDATE terminals SET last_seq = ?, last_push_at = ? WHERE id = ?",
                       "iii", last_seq, kasir_pg_now_unix (), terminal_id);
}

static gboolean
tx_load_result (KasirServerTx    *tx,
                gint64            terminal_id,
                gint64            seq,
                KasirPushResult **out,
                GError          **error)
{
  PGresult *r = kasir_pg_query (STORE (tx), error, "SELECT status, reason, conflict_ids FROM push_results "
                                "WHERE outlet_id = ? AND terminal_id = ? AND seq = ?", "iii",
                                OUTLET (tx), terminal_id, seq);
  g_autoptr(KasirPushResult) res = NULL;

  if (r == NULL)
    return FALSE;
  if (PQntuples (r) == 0)
    {
      PQclear (r);
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_FAILED,
                   "no stored result for terminal %" G_GINT64_FORMAT " seq %" G_GINT64_FORMAT,
                   terminal_id, seq);
      return FALSE;
    }
  res = kasir_push_result_new ();
  res->seq = seq;
  if (!kasir_result_status_from_string (PQgetvalue (r, 0, 0), &res->status))
    res->status = KASIR_RESULT_REJECTED;
  res->reason = kasir_pg_dup (r, 0, 1);
  kasir_server_conflict_ids_add_text (res->conflict_ids, PQgetvalue (r, 0, 2));
  PQclear (r);
  *out = g_steal_pointer (&res);
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
  if (STORE (tx)->pipelined)
    {
      kasir_pg_bulk_add (STORE (tx), KASIR_PG_BULK_PUSH_RESULTS, "iiitttttti", OUTLET (tx),
                         terminal_id, mutation->seq,
                         mutation->id, kasir_mutation_type_to_string (mutation->type),
                         kasir_result_status_to_string (result->status), result->reason, ids_text,
                         payload, kasir_pg_now_unix ());
      return TRUE;
    }
  return kasir_pg_run (STORE (tx), error,
                       "INSERT INTO push_results (outlet_id, terminal_id, seq, mutation_id, type, status, reason,"
                       " conflict_ids, payload, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       "iiitttttti", OUTLET (tx), terminal_id, mutation->seq, mutation->id,
                       kasir_mutation_type_to_string (mutation->type),
                       kasir_result_status_to_string (result->status), result->reason, ids_text,
                       payload, kasir_pg_now_unix ());
}

static gboolean
tx_scope_begin (KasirServerTx *tx, GError **error)
{
  return run_plain (STORE (tx), "SAVEPOINT apply", error);
}

static gboolean
tx_scope_undo (KasirServerTx *tx, GError **error)
{
  kasir_pg_tx_forget_all (PG_TX (tx));
  return run_plain (STORE (tx), "ROLLBACK TO SAVEPOINT apply", error);
}

static gboolean
tx_scope_end (KasirServerTx *tx, GError **error)
{
  return run_plain (STORE (tx), "RELEASE SAVEPOINT apply", error);
}

/* ---- Change log, history, conflicts, audit ---- */

static gboolean
tx_log_change (KasirServerTx  *tx,
               const char     *entity,
               const char     *entity_id,
               gint64          outlet_id,
               gboolean        deleted,
               GError        **error)
{
  return kasir_pg_log_change (STORE (tx), entity, entity_id, outlet_id, deleted, error);
}

static gboolean
tx_save_history (KasirServerTx  *tx,
                 const char     *entity,
                 gint64          id,
                 gint64          version,
                 JsonNode       *data,
                 GError        **error)
{
  g_autofree char *text = kasir_protocol_to_string (data, NULL);

  return kasir_pg_run (STORE (tx), error,
                       "INSERT INTO entity_history (entity, entity_id, version, data) VALUES (?, ?, ?, ?) "
                       "ON CONFLICT (entity, entity_id, version) DO UPDATE SET data = EXCLUDED.data",
                       "tiit", entity, id, version, text);
}

static gboolean
tx_load_history (KasirServerTx  *tx,
                 const char     *entity,
                 gint64          id,
                 gint64          version,
                 JsonNode      **out,
                 GError        **error)
{
  PGresult *r = kasir_pg_query (STORE (tx), error, "SELECT data FROM entity_history WHERE entity = ? "
                                "AND entity_id = ? AND version = ?", "tii", entity, id, version);

  *out = NULL;
  if (r == NULL)
    return FALSE;
  if (PQntuples (r) > 0)
    *out = kasir_pg_text_to_node (PQgetvalue (r, 0, 0));
  PQclear (r);
  return TRUE;
}

static char *
node_text (JsonNode *node)
{
  return node != NULL ? kasir_protocol_to_string (node, NULL) : NULL;
}

static gboolean
tx_add_conflict (KasirServerTx                 *tx,
                 const KasirServerNewConflict  *c,
                 gint64                        *out_id,
                 GError                       **error)
{
  g_autofree char *b = node_text (c->base);
  g_autofree char *t = node_text (c->terminal);
  g_autofree char *s = node_text (c->server);
  g_autofree char *now = kasir_now_rfc3339 ();
  char idbuf[32];

  if (!kasir_pg_query_int (STORE (tx), error, out_id, NULL,
                           "INSERT INTO conflicts (outlet_id, kind, status, entity, entity_id, base, terminal,"
                           " server, terminal_id, seq, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                           " RETURNING id", "itttttttiit", c->outlet_id,
                           kasir_conflict_kind_to_string (c->kind),
                           kasir_conflict_status_to_string (c->status), c->entity, c->entity_id, b, t, s,
                           c->terminal_id, c->seq, now))
    return FALSE;
  g_snprintf (idbuf, sizeof idbuf, "%" G_GINT64_FORMAT, *out_id);
  return kasir_pg_log_change (STORE (tx), "conflict", idbuf, c->outlet_id, FALSE, error);
}

static gboolean
tx_audit (KasirServerTx  *tx,
          const char     *actor,
          const char     *action,
          const char     *detail,
          GError        **error)
{
  return kasir_pg_audit (STORE (tx), actor, action, detail, error);
}

/* ---- People and ownership ---- */

static gboolean
tx_load_staff (KasirServerTx     *tx,
               gint64             staff_id,
               KasirServerStaff  *out,
               GError           **error)
{
  PGresult *r = kasir_pg_query (STORE (tx), error, "SELECT outlet_id, role, active, name FROM staff "
                                "WHERE id = ?", "i", staff_id);

  memset (out, 0, sizeof *out);
  if (r == NULL)
    return FALSE;
  if (PQntuples (r) > 0)
    {
      out->found = TRUE;
      out->outlet_id = kasir_pg_int (r, 0, 0);
      out->role = kasir_pg_dup (r, 0, 1);
      out->active = kasir_pg_int (r, 0, 2) != 0;
      out->name = kasir_pg_dup (r, 0, 3);
    }
  PQclear (r);
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
  /* Ids arrive as text; an integer id that is not a number matches nothing. */
  if (g_str_equal (table, "customers") || g_str_equal (table, "conflicts"))
    {
      gint64 n;

      if (!g_ascii_string_to_signed (id, 10, G_MININT64, G_MAXINT64, &n, NULL))
        {
          *found = FALSE;
          return TRUE;
        }
      if (g_str_equal (table, "customers"))
        return kasir_pg_query_int (STORE (tx), error, outlet_id, found,
                                   "SELECT outlet_id FROM customers WHERE id = ?", "i", n);
      return kasir_pg_query_int (STORE (tx), error, outlet_id, found,
                                 "SELECT outlet_id FROM conflicts WHERE id = ?", "i", n);
    }
  if (g_str_equal (table, "shifts"))
    return kasir_pg_query_int (STORE (tx), error, outlet_id, found,
                               "SELECT outlet_id FROM shifts WHERE id = ?", "t", id);
  if (g_str_equal (table, "sales"))
    return kasir_pg_query_int (STORE (tx), error, outlet_id, found,
                               "SELECT outlet_id FROM sales WHERE id = ?", "t", id);
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

  *out = kasir_pg_load_product (STORE (tx), id, &local_error);
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
  PGresult *r;

  if (kasir_pg_tx_cached_price (PG_TX (tx), product_id, out))
    return TRUE;
  r = kasir_pg_query (STORE (tx), error, "SELECT price, price_version, archived FROM products "
                      "WHERE id = ?", "i", product_id);

  memset (out, 0, sizeof *out);
  if (r == NULL)
    return FALSE;
  if (PQntuples (r) > 0)
    {
      out->found = TRUE;
      out->price = kasir_pg_int (r, 0, 0);
      out->price_version = kasir_pg_int (r, 0, 1);
      out->archived = kasir_pg_int (r, 0, 2) != 0;
    }
  PQclear (r);
  return TRUE;
}

static gboolean
tx_update_product (KasirServerTx       *tx,
                   const KasirProduct  *p,
                   gboolean            *taken,
                   GError             **error)
{
  g_autoptr(GError) local_error = NULL;

  PGresult *r;

  *taken = FALSE;
  /* Under a savepoint: a refused sku or barcode must not abort the transaction. Sent
   * and answered at once (after everything pending), so that the refusal is this
   * statement's own. */
  if (!kasir_pg_flush (STORE (tx), error) || !run_plain (STORE (tx), "SAVEPOINT product_update", error))
    return FALSE;
  r = kasir_pg_query (STORE (tx), &local_error,
                      "UPDATE products SET sku = ?, barcode = ?, name = ?, price = ?, price_version = ?,"
                      " tax_rate_bp = ?, category_id = ?, archived = ?, version = ?, unit = coalesce(?, unit),"
                      " track_stock = ?, low_stock = ? WHERE id = ?",
                      "tttiiiiiitiii", p->sku, p->barcode, p->name, p->price, p->price_version,
                      (gint64) p->tax_rate_bp, p->category_id, (gint64) p->archived, p->version, p->unit,
                      (gint64) p->track_stock, p->low_stock, p->id);
  kasir_pg_tx_product_written (PG_TX (tx), p->id);
  if (r != NULL)
    {
      PQclear (r);
      return run_plain (STORE (tx), "RELEASE SAVEPOINT product_update", error);
    }
  if (!g_error_matches (local_error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_INVALID))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  *taken = TRUE;
  return run_plain (STORE (tx), "ROLLBACK TO SAVEPOINT product_update", error)
         && run_plain (STORE (tx), "RELEASE SAVEPOINT product_update", error);
}

static gboolean
tx_save_price (KasirServerTx  *tx,
               gint64          product_id,
               gint64          price_version,
               gint64          price,
               GError        **error)
{
  return kasir_pg_run (STORE (tx), error,
                       "INSERT INTO product_prices (product_id, price_version, price) VALUES (?, ?, ?) "
                       "ON CONFLICT (product_id, price_version) DO UPDATE SET price = EXCLUDED.price",
                       "iii", product_id, price_version, price);
}

static gboolean
tx_stock_get (KasirServerTx  *tx,
              gint64          product_id,
              gint64          outlet_id,
              gint64         *qty,
              GError        **error)
{
  /* Locked until the transaction ends: two tills selling the same product at the same
   * time take their quantities one after the other, and neither is lost. A missing row
   * is made first (at 0, the level it stands for), so that there is a row to lock. */
  if (kasir_pg_tx_cached_stock (PG_TX (tx), product_id, outlet_id, qty))
    return TRUE;
  return kasir_pg_run (STORE (tx), error, "INSERT INTO stock (product_id, outlet_id, qty) VALUES (?, ?, 0) "
                       "ON CONFLICT (product_id, outlet_id) DO NOTHING", "ii", product_id, outlet_id)
         && kasir_pg_query_int (STORE (tx), error, qty, NULL,
                             "SELECT qty FROM stock WHERE product_id = ? AND outlet_id = ? FOR UPDATE", "ii",
                             product_id, outlet_id);
}

static gboolean
tx_stock_set (KasirServerTx  *tx,
              gint64          product_id,
              gint64          outlet_id,
              gint64          qty,
              GError        **error)
{
  char buf[64];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, product_id, outlet_id);
  /* A row loaded (and locked) by the preload is written with the batch's others. */
  if (kasir_pg_tx_stock_written (PG_TX (tx), product_id, outlet_id, qty))
    {
      kasir_pg_bulk_add (STORE (tx), KASIR_PG_BULK_STOCK, "iii", product_id, outlet_id, qty);
      return kasir_pg_log_change (STORE (tx), "stock", buf, outlet_id, FALSE, error);
    }
  return kasir_pg_run (STORE (tx), error,
                       "INSERT INTO stock (product_id, outlet_id, qty) VALUES (?, ?, ?) "
                       "ON CONFLICT (product_id, outlet_id) DO UPDATE SET qty = EXCLUDED.qty",
                       "iii", product_id, outlet_id, qty)
         && kasir_pg_log_change (STORE (tx), "stock", buf, outlet_id, FALSE, error);
}
/* ---- The catalog, for imports ---- */

static gboolean
tx_barcode_owner (KasirServerTx  *tx,
                  const char     *barcode,
                  const char     *sku,
                  char          **other_sku,
                  GError        **error)
{
  PGresult *r = kasir_pg_query (STORE (tx), error, "SELECT sku FROM products WHERE barcode = ? AND sku <> ?",
                                "tt", barcode, sku);

  *other_sku = NULL;
  if (r == NULL)
    return FALSE;
  if (PQntuples (r) > 0)
    *other_sku = kasir_pg_dup (r, 0, 0);
  PQclear (r);
  return TRUE;
}

static gboolean
tx_insert_product (KasirServerTx  *tx,
                   KasirProduct   *p,
                   GError        **error)
{
  if (!kasir_pg_query_int (STORE (tx), error, &p->id, NULL,
                             "INSERT INTO products (sku, barcode, name, price, price_version, tax_rate_bp,"
                             " category_id, archived, version, unit, track_stock, low_stock)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(?, 'pcs'), ?, ?) RETURNING id",
                             "tttiiiiiitii", p->sku, p->barcode, p->name, p->price, p->price_version,
                             (gint64) p->tax_rate_bp, p->category_id, (gint64) p->archived, p->version,
                             p->unit, (gint64) p->track_stock, p->low_stock))
    return FALSE;
  kasir_pg_tx_product_written (PG_TX (tx), p->id);
  return TRUE;
}

static gboolean
tx_insert_category (KasirServerTx  *tx,
                    const char     *name,
                    gint64         *id,
                    GError        **error)
{
  return kasir_pg_query_int (STORE (tx), error, id, NULL,
                             "INSERT INTO categories (name) VALUES (?) RETURNING id", "t", name);
}

static gboolean
tx_outlet_ids (KasirServerTx  *tx,
               GArray         *ids,
               GError        **error)
{
  PGresult *r = kasir_pg_query (STORE (tx), error, "SELECT id FROM outlets ORDER BY id", NULL);

  if (r == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (r); i++)
    {
      gint64 id = kasir_pg_int (r, i, 0);
      g_array_append_val (ids, id);
    }
  PQclear (r);
  return TRUE;
}

static gboolean
tx_insert_outlet (KasirServerTx  *tx,
                  gint64          id,
                  const char     *name,
                  GError        **error)
{
  /* The serial follows the ids given, so that outlets added later do not collide. */
  return kasir_pg_run (STORE (tx), error, "INSERT INTO outlets (id, name, created_at) VALUES (?, ?, ?)", "iti",
                       id, name, kasir_pg_now_unix ())
         && kasir_pg_run (STORE (tx), error,
                          "SELECT setval (pg_get_serial_sequence ('outlets', 'id'), (SELECT MAX(id) FROM outlets))",
                          NULL);
}

static gboolean
tx_insert_staff (KasirServerTx               *tx,
                 const KasirServerNewStaff   *s,
                 gint64                      *id,
                 GError                     **error)
{
  return kasir_pg_query_int (STORE (tx), error, id, NULL,
                             "INSERT INTO staff (outlet_id, name, role, pin_hash) VALUES (?, ?, ?, ?) RETURNING id",
                             "ittt", s->outlet_id, s->name, s->role, s->pin_hash);
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

  /* For update: points spent by two tills at once are taken one after the other. */
  *out = kasir_pg_load_customer (STORE (tx), id, outlet_id, TRUE, &local_error);
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
  return kasir_pg_query_int (STORE (tx), error, &c->id, NULL,
                             "INSERT INTO customers (outlet_id, client_id, name, phone, email, loyalty_points,"
                             " member_code) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", "ittttit", outlet_id,
                             client_id, c->name, c->phone, c->email, c->loyalty_points, c->member_code);
}

/* ---- Sales and refunds ---- */

static gboolean
tx_sale_exists (KasirServerTx  *tx,
                const char     *sale_id,
                gboolean       *found,
                GError        **error)
{
  KasirServerSql sql = kasir_pg_sql (STORE (tx));

  if (kasir_pg_tx_cached_sale (PG_TX (tx), sale_id, found))
    return TRUE;
  return kasir_server_sql_exists (&sql, "sales", OUTLET (tx), sale_id, found, error);
}

/* The sale's rows, gathered with the batch's others (kasir-server-store-pg-bulk.c). */
static void
gather_sale (KasirPgStore     *self,
             const KasirSale  *sale,
             gint64            terminal_id,
             gint64            outlet_id,
             gint64            seq,
             const char       *shift_id)
{
  kasir_pg_bulk_add (self, KASIR_PG_BULK_SALES, "ttiiitnntiiiiiiiiti", sale->sale_id, sale->receipt_no,
                     terminal_id, outlet_id, seq, shift_id, sale->staff_id, sale->customer_id,
                     sale->currency, (gint64) sale->tax_inclusive, sale->subtotal, sale->discount,
                     sale->fee, sale->tax, sale->total, sale->change, sale->loyalty_redeemed,
                     sale->created_at, kasir_pg_now_unix ());
  for (guint i = 0; i < sale->payments->len; i++)
    {
      const KasirPayment *p = g_ptr_array_index (sale->payments, i);

      kasir_pg_bulk_add (self, KASIR_PG_BULK_SALE_PAYMENTS, "ititit", outlet_id, sale->sale_id, (gint64) i,
                         kasir_payment_method_to_string (p->method), p->amount, p->reference);
    }
  for (guint i = 0; i < sale->lines->len; i++)
    {
      const KasirSaleLine *l = g_ptr_array_index (sale->lines, i);

      kasir_pg_bulk_add (self, KASIR_PG_BULK_SALE_LINES, "itiittiiiiiii", outlet_id, sale->sale_id, (gint64) i,
                         l->product_id, l->sku, l->name, l->qty, l->unit_price, l->price_version,
                         (gint64) l->tax_rate_bp, l->discount, l->tax, l->total);
      for (guint o = 0; l->options != NULL && o < l->options->len; o++)
        {
          const KasirSaleLineOption *opt = g_ptr_array_index (l->options, o);

          kasir_pg_bulk_add (self, KASIR_PG_BULK_SALE_LINE_OPTIONS, "itiiiiitti", outlet_id, sale->sale_id,
                             (gint64) i, (gint64) o, opt->group_id, opt->group_version, opt->option_id,
                             opt->group_name, opt->name, opt->price);
        }
    }
}

/* How the sale is served, when it says (order types). A statement of its own: it is sent
 * after the gathered rows, the sale's among them, are written. */
static gboolean
insert_sale_order (KasirPgStore     *self,
                   const KasirSale  *sale,
                   gint64            outlet_id,
                   GError          **error)
{
  if (sale->order_type == NULL)
    return TRUE;
  return kasir_pg_run (self, error, "INSERT INTO sale_orders (outlet_id, sale_id, order_type, order_ref) "
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
  KasirPgStore *self = STORE (tx);
  KasirServerSql sql = kasir_pg_sql (self);

  kasir_pg_tx_sale_written (PG_TX (tx), sale->sale_id);
  if (self->pipelined)
    {
      gather_sale (self, sale, terminal_id, outlet_id, seq, shift_id);
      return insert_sale_order (self, sale, outlet_id, error)
             && kasir_server_sql_insert_sale_points (&sql, sale, outlet_id, error);
    }
  if (!kasir_server_sql_insert_sale (&sql, sale, terminal_id, outlet_id, seq, shift_id, kasir_pg_now_unix (),
                                     error))
    return FALSE;
  return insert_sale_order (self, sale, outlet_id, error)
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
  PGresult *r = kasir_pg_query (STORE (tx), error, "SELECT total, outlet_id FROM sales WHERE id = ?", "t",
                                sale_id);

  if (r == NULL)
    return FALSE;
  *found = PQntuples (r) > 0;
  if (*found)
    {
      *total = kasir_pg_int (r, 0, 0);
      *outlet_id = kasir_pg_int (r, 0, 1);
    }
  PQclear (r);
  return TRUE;
}

/* ---- Shifts ---- */

static gboolean
tx_load_shift (KasirServerTx     *tx,
               const char        *shift_id,
               KasirServerShift  *out,
               GError           **error)
{
  PGresult *r = kasir_pg_query (STORE (tx), error, "SELECT outlet_id, staff_id, closed_at IS NOT NULL "
                                "FROM shifts WHERE id = ? FOR UPDATE", "t", shift_id);

  memset (out, 0, sizeof *out);
  if (r == NULL)
    return FALSE;
  if (PQntuples (r) > 0)
    {
      out->found = TRUE;
      out->outlet_id = kasir_pg_int (r, 0, 0);
      out->staff_id = kasir_pg_int (r, 0, 1);
      out->closed = g_str_equal (PQgetvalue (r, 0, 2), "t");
    }
  PQclear (r);
  return TRUE;
}

static gboolean
tx_continuation_of (KasirServerTx  *tx,
                    const char     *closed_shift,
                    char          **id,
                    GError        **error)
{
  PGresult *r = kasir_pg_query (STORE (tx), error, "SELECT id FROM shifts WHERE outlet_id = ? AND "
                                "continues_shift = ? AND closed_at IS NULL", "it", OUTLET (tx),
                                closed_shift);

  *id = NULL;
  if (r == NULL)
    return FALSE;
  if (PQntuples (r) > 0)
    *id = kasir_pg_dup (r, 0, 0);
  PQclear (r);
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
  return kasir_pg_run (STORE (tx), error,
                       "INSERT INTO shift_cash (outlet_id, id, shift_id, terminal_id, seq, staff_id,"
                       " approved_by, direction, reason, note, amount, created_at)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
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
  PGresult *r = kasir_pg_query (STORE (tx), error, "SELECT outlet_id, status, version, entity, entity_id, "
                                "kind, server FROM conflicts WHERE id = ? FOR UPDATE", "i", id);

  memset (out, 0, sizeof *out);
  if (r == NULL)
    return FALSE;
  if (PQntuples (r) > 0)
    {
      out->found = TRUE;
      out->outlet_id = kasir_pg_int (r, 0, 0);
      out->status = kasir_pg_dup (r, 0, 1);
      out->version = kasir_pg_int (r, 0, 2);
      out->entity = kasir_pg_dup (r, 0, 3);
      out->entity_id = kasir_pg_dup (r, 0, 4);
      kasir_conflict_kind_from_string (PQgetvalue (r, 0, 5), &out->kind);
      out->server = PQgetisnull (r, 0, 6) ? NULL : kasir_pg_dup (r, 0, 6);
    }
  PQclear (r);
  return TRUE;
}
/* ---- The back office ---- */

static gboolean
tx_load_modifiers (KasirServerTx  *tx,
                   gint64          product_id,
                   char          **json,
                   GError        **error)
{
  PGresult *r = kasir_pg_query (STORE (tx), error, "SELECT groups FROM product_modifiers "
                                "WHERE product_id = ?", "i", product_id);

  *json = NULL;
  if (r == NULL)
    return FALSE;
  if (PQntuples (r) > 0)
    *json = kasir_pg_dup (r, 0, 0);
  PQclear (r);
  return TRUE;
}

static gboolean
tx_save_modifiers (KasirServerTx  *tx,
                   gint64          product_id,
                   const char     *json,
                   GError        **error)
{
  if (json == NULL)
    return kasir_pg_run (STORE (tx), error, "DELETE FROM product_modifiers WHERE product_id = ?",
                         "i", product_id);
  return kasir_pg_run (STORE (tx), error, "INSERT INTO product_modifiers (product_id, groups) "
                       "VALUES (?, ?) ON CONFLICT (product_id) DO UPDATE SET groups = EXCLUDED.groups",
                       "it", product_id, json);
}

static const KasirServerTxClass pg_tx_class = {
  KASIR_SERVER_SQL_TX_OPERATIONS (tx)
  .load_modifiers = tx_load_modifiers,
  .save_modifiers = tx_save_modifiers,
  .preload = kasir_pg_tx_preload,
};

void
kasir_pg_tx_init (KasirPgTx    *tx,
                  KasirPgStore *store)
{
  memset (tx, 0, sizeof *tx);
  tx->parent.parent.klass = &pg_tx_class;
  tx->parent.sql = kasir_pg_sql (store);
  tx->store = store;
}

void
kasir_pg_tx_clear (KasirPgTx *tx)
{
  kasir_pg_tx_forget_all (tx);
}

/* ---- Pushing ---- */

gboolean
kasir_pg_push_batch (KasirServerStore  *store,
                      gint64             terminal_id,
                      gint64             outlet_id,
                      GPtrArray         *mutations,
                      GPtrArray         *results,
                      GArray            *outcomes,
                      gint64            *expected_seq,
                      GError           **error)
{
  g_auto(KasirPgTx) tx = { 0 };

  kasir_pg_tx_init (&tx, (KasirPgStore *) store);
  return kasir_server_tx_push_batch (&tx.parent.parent, terminal_id, outlet_id, mutations, results,
                                     outcomes, expected_seq, error);
}

gboolean
kasir_pg_push (KasirServerStore        *store,
                gint64                   terminal_id,
                gint64                   outlet_id,
                const KasirMutation     *mutation,
                KasirServerPushOutcome  *outcome,
                KasirPushResult        **result,
                gint64                  *expected_seq,
                GError                 **error)
{
  g_auto(KasirPgTx) tx = { 0 };

  kasir_pg_tx_init (&tx, (KasirPgStore *) store);
  return kasir_server_tx_push (&tx.parent.parent, terminal_id, outlet_id, mutation, outcome, result,
                               expected_seq, error);
}
