/* kasir-server-store-pg-preload.c — what the sales of a push batch will look up, loaded
 * in three queries before they are applied: the price state of their products, the
 * outlet's stock levels of them (locked, in product order), and whether their sale ids
 * are already recorded. Without it every line of every sale waited for two answers of
 * its own.
 *
 * Each query looks its ids up one by one through a key (a lateral join), so that its
 * plan is the same whatever the tables hold, and is prepared once; asked with
 * "id = ANY (...)" and planned each time, the planner chose by statistics that lag a
 * growing table, and read every sale of the outlet for each batch.
 *
 * The answers are kept for the transaction and stay exactly those the single
 * operations would give: a stock level is locked when loaded, so no one else changes
 * it, and this transaction's own writes update or drop what they touch. A scope that is
 * undone (a rejected mutation) drops everything, since its writes are gone too.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-store-pg-private.h"

static GHashTable *
int64_table (GDestroyNotify value_free)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, value_free);
}

static gint64 *
int64_key (gint64 v)
{
  return g_memdup2 (&v, sizeof v);
}

/* A PostgreSQL array literal of @ids. */
static char *
int_array (GArray *ids)
{
  GString *out = g_string_new ("{");

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (ids, gint64, i));
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

static char *
text_array (GPtrArray *texts)
{
  GString *out = g_string_new ("{");

  for (guint i = 0; i < texts->len; i++)
    {
      g_string_append (out, i ? ",\"" : "\"");
      for (const char *p = g_ptr_array_index (texts, i); *p != '\0'; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

static gboolean
load_prices (KasirPgTx  *tx,
             GArray     *ids,
             const char *array,
             GError    **error)
{
  PGresult *r = kasir_pg_query (tx->store, error, "SELECT p.id, p.price, p.price_version, p.archived "
                                "FROM unnest (?::bigint[]) AS u (id) CROSS JOIN LATERAL (SELECT id, price, "
                                "price_version, archived FROM products WHERE id = u.id LIMIT 1) AS p", "t", array);

  if (r == NULL)
    return FALSE;
  /* A product not found is an answer too. */
  for (guint i = 0; i < ids->len; i++)
    g_hash_table_insert (tx->prices, int64_key (g_array_index (ids, gint64, i)),
                         g_new0 (KasirServerPriceState, 1));
  for (int i = 0; i < PQntuples (r); i++)
    {
      KasirServerPriceState *ps = g_new0 (KasirServerPriceState, 1);

      ps->found = TRUE;
      ps->price = kasir_pg_int (r, i, 1);
      ps->price_version = kasir_pg_int (r, i, 2);
      ps->archived = kasir_pg_int (r, i, 3) != 0;
      g_hash_table_insert (tx->prices, int64_key (kasir_pg_int (r, i, 0)), ps);
    }
  PQclear (r);
  return TRUE;
}

static gboolean
load_stock (KasirPgTx  *tx,
            gint64      outlet_id,
            const char *array,
            GError    **error)
{
  /* In product order, as every batch locks them: two batches never wait for each
   * other in a circle over what they preload. The array is in product order (see
   * preload () in kasir-server-apply.c), and each level is looked up and locked in
   * turn as the array is read. A level without a row is not loaded; its first look-up
   * makes the row, as without a preload. */
  PGresult *r = kasir_pg_query (tx->store, error, "SELECT s.product_id, s.qty FROM unnest (?::bigint[]) AS u (id) "
                                "CROSS JOIN LATERAL (SELECT product_id, qty FROM stock WHERE product_id = u.id "
                                "AND outlet_id = ? FOR UPDATE) AS s", "ti", array, outlet_id);

  if (r == NULL)
    return FALSE;
  tx->stock_outlet = outlet_id;
  for (int i = 0; i < PQntuples (r); i++)
    g_hash_table_insert (tx->stock, int64_key (kasir_pg_int (r, i, 0)), int64_key (kasir_pg_int (r, i, 1)));
  PQclear (r);
  return TRUE;
}

static gboolean
load_sales (KasirPgTx  *tx,
            gint64      outlet_id,
            GPtrArray  *ids,
            GError    **error)
{
  g_autofree char *array = text_array (ids);
  PGresult *r = kasir_pg_query (tx->store, error, "SELECT u.id FROM unnest (?::text[]) AS u (id) "
                                "CROSS JOIN LATERAL (SELECT 1 FROM sales s WHERE s.outlet_id = ? "
                                "AND s.id = u.id LIMIT 1) AS found", "ti", array, outlet_id);

  if (r == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    g_hash_table_insert (tx->sales, g_strdup (g_ptr_array_index (ids, i)), GINT_TO_POINTER (FALSE));
  for (int i = 0; i < PQntuples (r); i++)
    g_hash_table_insert (tx->sales, g_strdup (PQgetvalue (r, i, 0)), GINT_TO_POINTER (TRUE));
  PQclear (r);
  return TRUE;
}

gboolean
kasir_pg_tx_preload (KasirServerTx  *parent,
                     gint64          outlet_id,
                     GArray         *product_ids,
                     GPtrArray      *sale_ids,
                     GError        **error)
{
  KasirPgTx *tx = (KasirPgTx *) parent;
  g_autofree char *products = int_array (product_ids);

  kasir_pg_tx_forget_all (tx);
  tx->prices = int64_table (g_free);
  tx->stock = int64_table (g_free);
  tx->sales = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return (product_ids->len == 0
          || (load_prices (tx, product_ids, products, error) && load_stock (tx, outlet_id, products, error)))
         && (sale_ids->len == 0 || load_sales (tx, outlet_id, sale_ids, error));
}

gboolean
kasir_pg_tx_cached_price (KasirPgTx              *tx,
                          gint64                  product_id,
                          KasirServerPriceState  *out)
{
  KasirServerPriceState *ps = tx->prices ? g_hash_table_lookup (tx->prices, &product_id) : NULL;

  if (ps == NULL)
    return FALSE;
  *out = *ps;
  return TRUE;
}

gboolean
kasir_pg_tx_cached_stock (KasirPgTx  *tx,
                          gint64      product_id,
                          gint64      outlet_id,
                          gint64     *qty)
{
  gint64 *level = tx->stock && outlet_id == tx->stock_outlet ? g_hash_table_lookup (tx->stock, &product_id) : NULL;

  if (level == NULL)
    return FALSE;
  *qty = *level;
  return TRUE;
}

gboolean
kasir_pg_tx_stock_written (KasirPgTx  *tx,
                           gint64      product_id,
                           gint64      outlet_id,
                           gint64      qty)
{
  gint64 *level = tx->stock && outlet_id == tx->stock_outlet ? g_hash_table_lookup (tx->stock, &product_id) : NULL;

  if (level == NULL)
    return FALSE;
  *level = qty;
  return TRUE;
}

gboolean
kasir_pg_tx_cached_sale (KasirPgTx  *tx,
                         const char *sale_id,
                         gboolean   *found)
{
  gpointer value;

  if (tx->sales == NULL || !g_hash_table_lookup_extended (tx->sales, sale_id, NULL, &value))
    return FALSE;
  *found = GPOINTER_TO_INT (value);
  return TRUE;
}

void
kasir_pg_tx_sale_written (KasirPgTx  *tx,
                          const char *sale_id)
{
  if (tx->sales != NULL)
    g_hash_table_insert (tx->sales, g_strdup (sale_id), GINT_TO_POINTER (TRUE));
}

void
kasir_pg_tx_product_written (KasirPgTx *tx,
                             gint64     product_id)
{
  if (tx->prices != NULL)
    g_hash_table_remove (tx->prices, &product_id);
}

void
kasir_pg_tx_forget_all (KasirPgTx *tx)
{
  g_clear_pointer (&tx->prices, g_hash_table_unref);
  g_clear_pointer (&tx->stock, g_hash_table_unref);
  g_clear_pointer (&tx->sales, g_hash_table_unref);
}
