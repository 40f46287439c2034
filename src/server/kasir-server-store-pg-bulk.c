/* kasir-server-store-pg-bulk.c — the rows a push writes most (sales, their lines and
 * payments, stored results, stock levels, change-log rows) gathered in the transaction
 * and written a table at a time, one statement over arrays (unnest), instead of one
 * statement a row.
 *
 * The gathered rows are written before any other statement of the transaction is sent
 * (kasir-server-store-pg.c flushes them first), so every statement still sees what was
 * written before it, and a savepoint undoes exactly what it undid before. Between two
 * other statements the gathered writes only change order among themselves, which
 * nothing can see: a flush writes sales before the lines and payments that refer to
 * them, and a table whose rows are keyed keeps only the last row of a key (a stock
 * level, an entity's change-log row), as writing them one after the other would have
 * left it.
 *
 * The change log is the exception: no statement of a write transaction reads it, so
 * its rows wait for the commit, which writes them once, with their numbers (see
 * kasir_pg_bulk_write_numbered_log), instead of writing them unnumbered and then again
 * to number them. Only a savepoint, whose rollback must undo exactly the rows written
 * after it, writes them before (unnumbered, numbered at commit as before).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "kasir-server-store-pg-private.h"

typedef struct
{
  const char *sql;
  guint       n_cols;
  guint       n_key;    /* leading columns that name a row; 0: every row is new */
  gboolean    planned;  /* planned for its arrays each time (it reads a table by them) */
} BulkTable;

/* In flush order. */
static const BulkTable tables[KASIR_PG_N_BULK] = {
  [KASIR_PG_BULK_SALES] = {
    "INSERT INTO sales (id, receipt_no, terminal_id, outlet_id, seq, shift_id, staff_id, customer_id,"
    " currency, tax_inclusive, subtotal, discount, fee, tax, total, change, loyalty_redeemed, created_at,"
    " received_at) SELECT * FROM unnest (?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[],"
    " ?::text[], ?::bigint[], ?::bigint[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[],"
    " ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::bigint[])", 19, 0, FALSE },
  [KASIR_PG_BULK_SALE_PAYMENTS] = {
    "INSERT INTO sale_payments (outlet_id, sale_id, idx, method, amount, reference) SELECT * FROM unnest"
    " (?::bigint[], ?::text[], ?::bigint[], ?::text[], ?::bigint[], ?::text[])", 6, 0, FALSE },
  [KASIR_PG_BULK_SALE_LINES] = {
    "INSERT INTO sale_lines (outlet_id, sale_id, line_no, product_id, sku, name, qty, unit_price,"
    " price_version, tax_rate_bp, discount, tax, total) SELECT * FROM unnest (?::bigint[], ?::text[],"
    " ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[],"
    " ?::bigint[], ?::bigint[], ?::bigint[])", 13, 0, FALSE },
  [KASIR_PG_BULK_SALE_LINE_OPTIONS] = {
    "INSERT INTO sale_line_options (outlet_id, sale_id, line_no, idx, group_id, group_version, option_id,"
    " group_name, name, price) SELECT * FROM unnest (?::bigint[], ?::text[], ?::bigint[], ?::bigint[],"
    " ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::bigint[])", 10, 0, FALSE },
  [KASIR_PG_BULK_PUSH_RESULTS] = {
    "INSERT INTO push_results (outlet_id, terminal_id, seq, mutation_id, type, status, reason, conflict_ids,"
    " payload, received_at) SELECT * FROM unnest (?::bigint[], ?::bigint[], ?::bigint[], ?::text[],"
    " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[])", 10, 0, FALSE },
  /* Only levels whose rows exist and are locked (kasir-server-store-pg-preload.c). */
  [KASIR_PG_BULK_STOCK] = {
    "UPDATE stock s SET qty = u.qty FROM unnest (?::bigint[], ?::bigint[], ?::bigint[]) AS u (product_id,"
    " outlet_id, qty) WHERE s.product_id = u.product_id AND s.outlet_id = u.outlet_id", 3, 2, TRUE },
  [KASIR_PG_BULK_CHANGE_LOG] = {
    "INSERT INTO change_log (outlet_id, entity, entity_id, seq, op, changed_at) SELECT o, e, i, NULL, op, at"
    " FROM unnest (?::bigint[], ?::text[], ?::text[], ?::text[], ?::bigint[]) AS u (o, e, i, op, at)"
    " ON CONFLICT (outlet_id, entity, entity_id) DO UPDATE SET seq = NULL,"
    " op = EXCLUDED.op, changed_at = EXCLUDED.changed_at", 5, 3, FALSE },
};

/* The change-log rows written at commit, numbered as they are written, and the new head:
 * one statement. The rows' keys are distinct (the table is keyed), so no row is
 * affected twice. */
static const char numbered_log_sql[] =
  "WITH n AS (INSERT INTO change_log (outlet_id, entity, entity_id, seq, op, changed_at)"
  " SELECT o, e, i, nextval ('change_seq'), op, at"
  " FROM unnest (?::bigint[], ?::text[], ?::text[], ?::text[], ?::bigint[]) AS u (o, e, i, op, at)"
  " ON CONFLICT (outlet_id, entity, entity_id) DO UPDATE SET seq = EXCLUDED.seq,"
  " op = EXCLUDED.op, changed_at = EXCLUDED.changed_at RETURNING seq)"
  " UPDATE meta SET value = (SELECT MAX(seq) FROM n)::text WHERE key = 'head'";

G_STATIC_ASSERT (KASIR_PG_BULK_CHANGE_LOG + 1 == KASIR_PG_N_BULK);

/* A keyed table keeps its rows, since a later row may take an earlier one's place; a
 * table of new rows only is written straight into its columns' array literals, with
 * no allocation per value. */
struct _KasirPgBulk
{
  GPtrArray  *rows[KASIR_PG_N_BULK];   /* keyed: of char *[n_cols] (NULL: SQL NULL) */
  GHashTable *keys[KASIR_PG_N_BULK];   /* keyed: key text → row index */
  GString   **cols[KASIR_PG_N_BULK];   /* not keyed: each column's array literal so far */
  guint       n_added[KASIR_PG_N_BULK]; /* not keyed: rows in cols */
  guint       n_rows;
};

static guint
table_len (KasirPgBulk *bulk,
           guint        table)
{
  return tables[table].n_key > 0 ? bulk->rows[table]->len : bulk->n_added[table];
}

/* @v as an element of an array literal: quoted, '"' and '\\' escaped. */
static void
append_quoted (GString    *out,
               const char *v)
{
  const char *run = v;

  g_string_append_c (out, '"');
  for (const char *p = v; *p != '\0'; p++)
    if (*p == '"' || *p == '\\')
      {
        g_string_append_len (out, run, p - run);
        g_string_append_c (out, '\\');
        run = p;
      }
  g_string_append (out, run);
  g_string_append_c (out, '"');
}

static void
append_int (GString *out,
            gint64   v)
{
  char buf[24], *end = buf + sizeof buf, *p = end;
  guint64 u = v < 0 ? -(guint64) v : (guint64) v;

  do
    *--p = '0' + u % 10;
  while ((u /= 10) != 0);
  if (v < 0)
    *--p = '-';
  g_string_append_len (out, p, end - p);
}

static void
row_free (guint   table,
          char  **row)
{
  for (guint c = 0; c < tables[table].n_cols; c++)
    g_free (row[c]);
  g_free (row);
}

static void
discard_table (KasirPgBulk *bulk,
               guint        table)
{
  for (guint r = 0; r < bulk->rows[table]->len; r++)
    row_free (table, g_ptr_array_index (bulk->rows[table], r));
  g_ptr_array_set_size (bulk->rows[table], 0);
  if (bulk->keys[table] != NULL)
    g_hash_table_remove_all (bulk->keys[table]);
  for (guint c = 0; bulk->cols[table] != NULL && c < tables[table].n_cols; c++)
    g_string_assign (bulk->cols[table][c], "{");
  bulk->n_added[table] = 0;
}

static KasirPgBulk *
bulk_get (KasirPgStore *self)
{
  if (self->bulk == NULL)
    {
      self->bulk = g_new0 (KasirPgBulk, 1);
      for (guint t = 0; t < KASIR_PG_N_BULK; t++)
        {
          self->bulk->rows[t] = g_ptr_array_new ();
          if (tables[t].n_key > 0)
            self->bulk->keys[t] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          else
            {
              self->bulk->cols[t] = g_new0 (GString *, tables[t].n_cols);
              for (guint c = 0; c < tables[t].n_cols; c++)
                self->bulk->cols[t][c] = g_string_new ("{");
            }
        }
    }
  return self->bulk;
}

void
kasir_pg_bulk_add (KasirPgStore     *self,
                   KasirPgBulkTable  table,
                   const char       *fmt,
                   ...)
{
  KasirPgBulk *bulk = bulk_get (self);
  char **row;
  va_list args;

  g_assert (self->pipelined);
  g_assert (strlen (fmt) == tables[table].n_cols);
  va_start (args, fmt);
  if (tables[table].n_key == 0)
    {
      for (guint c = 0; fmt[c] != '\0'; c++)
        {
          GString *col = bulk->cols[table][c];
          gint64 v;
          const char *text;

          if (bulk->n_added[table] > 0)
            g_string_append_c (col, ',');
          switch (fmt[c])
            {
            case 'i':
            case 'n':
              v = va_arg (args, gint64);
              if (v == 0 && fmt[c] == 'n')
                g_string_append (col, "NULL");
              else
                append_int (col, v);
              break;
            case 't':
              text = va_arg (args, const char *);
              if (text == NULL)
                g_string_append (col, "NULL");
              else
                append_quoted (col, text);
              break;
            default:
              g_assert_not_reached ();
            }
        }
      va_end (args);
      bulk->n_added[table]++;
      bulk->n_rows++;
      return;
    }
  row = g_new0 (char *, tables[table].n_cols);
  for (guint c = 0; fmt[c] != '\0'; c++)
    {
      switch (fmt[c])
        {
        case 'i':
          row[c] = g_strdup_printf ("%" G_GINT64_FORMAT, va_arg (args, gint64));
          break;
        case 'n':
          {
            gint64 v = va_arg (args, gint64);
            row[c] = v == 0 ? NULL : g_strdup_printf ("%" G_GINT64_FORMAT, v);
          }
          break;
        case 't':
          row[c] = g_strdup (va_arg (args, const char *));
          break;
        default:
          g_assert_not_reached ();
        }
    }
  va_end (args);

  if (tables[table].n_key > 0)
    {
      g_autoptr(GString) key = g_string_new (NULL);
      gpointer index;

      for (guint c = 0; c < tables[table].n_key; c++)
        {
          g_string_append (key, row[c] != NULL ? row[c] : "");
          g_string_append_c (key, '\x1f');
        }
      if (g_hash_table_lookup_extended (bulk->keys[table], key->str, NULL, &index))
        {
          char **old = g_ptr_array_index (bulk->rows[table], GPOINTER_TO_UINT (index));

          row_free (table, old);
          g_ptr_array_index (bulk->rows[table], GPOINTER_TO_UINT (index)) = row;
          return;
        }
      g_hash_table_insert (bulk->keys[table], g_string_free (g_steal_pointer (&key), FALSE),
                           GUINT_TO_POINTER (bulk->rows[table]->len));
    }
  g_ptr_array_add (bulk->rows[table], row);
  bulk->n_rows++;
}

/* One column of @rows as an array literal: every value quoted, NULL bare. */
static char *
column_array (GPtrArray *rows,
              guint      col)
{
  GString *out = g_string_sized_new (rows->len * 16 + 2);

  g_string_append_c (out, '{');
  for (guint r = 0; r < rows->len; r++)
    {
      const char *v = ((char **) g_ptr_array_index (rows, r))[col];

      if (r > 0)
        g_string_append_c (out, ',');
      if (v == NULL)
        g_string_append (out, "NULL");
      else
        append_quoted (out, v);
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

gboolean
kasir_pg_bulk_pending (KasirPgStore *self)
{
  return self->bulk != NULL && self->bulk->n_rows > 0;
}

gboolean
kasir_pg_bulk_has_change_log (KasirPgStore *self)
{
  return self->bulk != NULL && self->bulk->rows[KASIR_PG_BULK_CHANGE_LOG]->len > 0;
}

/* Writes the rows of @table in one statement (@sql, or the table's own) and forgets them. */
static gboolean
write_table (KasirPgStore  *self,
             guint          table,
             const char    *sql,
             GError       **error)
{
  KasirPgBulk *bulk = self->bulk;
  gboolean keyed = tables[table].n_key > 0;
  g_autofree char **texts = NULL;
  gboolean ok;

  texts = g_new0 (char *, tables[table].n_cols + 1);
  for (guint c = 0; c < tables[table].n_cols; c++)
    {
      if (keyed)
        texts[c] = column_array (bulk->rows[table], c);
      else
        texts[c] = g_string_append_c (bulk->cols[table][c], '}')->str;
    }
  ok = kasir_pg_run_texts (self, error, sql == NULL && tables[table].planned,
                           sql != NULL ? sql : tables[table].sql, tables[table].n_cols,
                           (const char * const *) texts);
  for (guint c = 0; keyed && c < tables[table].n_cols; c++)
    g_free (texts[c]);
  bulk->n_rows -= table_len (bulk, table);
  discard_table (bulk, table);
  return ok;
}

gboolean
kasir_pg_bulk_flush (KasirPgStore  *self,
                     gboolean       with_change_log,
                     GError       **error)
{
  KasirPgBulk *bulk = self->bulk;
  /* The change log is the last table. */
  guint n_tables = with_change_log ? KASIR_PG_N_BULK : KASIR_PG_BULK_CHANGE_LOG;
  gboolean ok = TRUE;

  if (!kasir_pg_bulk_pending (self))
    return TRUE;
  for (guint t = 0; t < n_tables && ok; t++)
    {
      if (table_len (bulk, t) == 0)
        continue;
      if (t == KASIR_PG_BULK_CHANGE_LOG)
        self->changes_pending = TRUE;
      ok = write_table (self, t, NULL, error);
    }
  if (!ok)
    kasir_pg_bulk_discard (self);
  return ok;
}

gboolean
kasir_pg_bulk_write_numbered_log (KasirPgStore  *self,
                                  GError       **error)
{
  gboolean ok;

  if (!kasir_pg_bulk_has_change_log (self))
    return TRUE;
  ok = write_table (self, KASIR_PG_BULK_CHANGE_LOG, numbered_log_sql, error);
  if (!ok)
    kasir_pg_bulk_discard (self);
  return ok;
}

void
kasir_pg_bulk_discard (KasirPgStore *self)
{
  if (self->bulk == NULL)
    return;
  for (guint t = 0; t < KASIR_PG_N_BULK; t++)
    discard_table (self->bulk, t);
  self->bulk->n_rows = 0;
}

void
kasir_pg_bulk_free (KasirPgBulk *bulk)
{
  if (bulk == NULL)
    return;
  for (guint t = 0; t < KASIR_PG_N_BULK; t++)
    {
      discard_table (bulk, t);
      g_ptr_array_unref (bulk->rows[t]);
      g_clear_pointer (&bulk->keys[t], g_hash_table_unref);
      for (guint c = 0; bulk->cols[t] != NULL && c < tables[t].n_cols; c++)
        g_string_free (bulk->cols[t][c], TRUE);
      g_free (bulk->cols[t]);
    }
  g_free (bulk);
}
