/* kasir-server-store-sqlite-pull.c — the SQLite backend: the pages of changes a till pulls, read from one snapshot, and the pruning of old tombstones.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-store-sqlite-private.h"

/* ---- Pull ---- */

/* Products and customers are read with their children, as the backend loads them;
 * every other entity the pull reads alike on both backends (kasir-server-store-sql-pull.c). */
static JsonNode *
load_product (KasirServerSql  *sql,
              const char      *id,
              GError         **error)
{
  g_autoptr(KasirProduct) p = kasir_sqlite_load_product (sql->db, g_ascii_strtoll (id, NULL, 10), error);

  return p ? kasir_protocol_encode_product (p) : NULL;
}

static JsonNode *
load_customer (KasirServerSql  *sql,
               const char      *id,
               GError         **error)
{
  g_autoptr(KasirCustomer) c = kasir_sqlite_load_customer (sql->db, g_ascii_strtoll (id, NULL, 10), NULL,
                                                           error);

  return c ? kasir_protocol_encode_customer (c) : NULL;
}

static const KasirServerSqlPullLoaders own_loaders = { load_product, load_customer };

static gboolean
meta_int (KasirSqliteStore  *self,
          const char        *key,
          gint64            *out,
          GError           **error)
{
  sqlite3_stmt *stmt = kasir_sqlite_query (self, error, "SELECT value FROM meta WHERE key = ?", "t", key);
  int rc;

  *out = 0;
  if (stmt == NULL || (rc = kasir_sqlite_step (self, stmt, error)) < 0)
    return FALSE;
  if (rc == SQLITE_ROW)
    *out = g_ascii_strtoll ((const char *) sqlite3_column_text (stmt, 0), NULL, 10);
  sqlite3_reset (stmt);
  return TRUE;
}

/* mods: each product of the page carries its modifier groups. A catalog without any
 * costs one query a page. */
static gboolean
attach_modifiers (KasirSqliteStore   *self,
                  KasirPullResponse  *resp,
                  GError            **error)
{
  gint64 any = 0;

  if (!kasir_sqlite_query_int (self, error, &any, NULL,
                               "SELECT EXISTS (SELECT 1 FROM product_modifiers)", NULL))
    return FALSE;
  for (guint i = 0; any != 0 && i < resp->changes->len; i++)
    {
      KasirChange *ch = g_ptr_array_index (resp->changes, i);
      KasirProduct *p = ch->entity_data;
      g_autoptr(JsonNode) node = NULL;
      sqlite3_stmt *stmt;
      int rc;

      if (p == NULL || !g_str_equal (ch->entity, "product"))
        continue;
      stmt = kasir_sqlite_query (self, error, "SELECT groups FROM product_modifiers WHERE product_id = ?",
                                 "i", p->id);
      if (stmt == NULL || (rc = kasir_sqlite_step (self, stmt, error)) < 0)
        return FALSE;
      if (rc == SQLITE_ROW)
        node = kasir_sqlite_text_to_node ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
      if (node != NULL
          && (p->modifier_groups = kasir_protocol_decode_modifier_groups (node, error)) == NULL)
        return FALSE;
    }
  return TRUE;
}

KasirPullResponse *
kasir_sqlite_pull (KasirServerStore  *store,
             gint64             terminal_id,
             gint64             outlet_id,
             gint64             cursor,
             guint              limit,
             GError           **error)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;
  KasirServerSql sql = kasir_sqlite_sql (self);
  g_autoptr(KasirPullResponse) resp = kasir_pull_response_new ();
  sqlite3_stmt *stmt;
  gint64 pruned_through, max_seq, last_seq, last_row_seq = 0;
  guint n = 0;
  int rc;

  /* One read transaction: the page, the cursor and last_seq come from one snapshot. */
  if (!kasir_sqlite_run (self, error, "BEGIN", NULL))
    return NULL;
  if (!meta_int (self, "pruned_through", &pruned_through, error)
      || !kasir_sqlite_query_int (self, error, &max_seq, NULL,
                     "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'change_log'), 0)", NULL)
      || !kasir_sqlite_query_int (self, error, &last_seq, NULL, "SELECT last_seq FROM terminals WHERE id = ?", "i",
                     terminal_id))
    goto fail;

  /* A cursor older than the newest pruned tombstone may have missed a deletion, and one
   * beyond anything this server numbered comes from another database: both start over. */
  if (cursor < 0 || (cursor > 0 && cursor < pruned_through) || cursor > max_seq)
    {
      resp->reset = TRUE;
      cursor = 0;
    }

  /* Products, most of any catalog, come with the page in one join; other entities are
   * read one by one below. The unary + keeps the planner on the log's seq order: with the
   * (outlet_id, entity, entity_id) index it read and sorted the outlet's whole log for
   * every page (a first pull of 100,000 products took 6 s of the server's CPU). */
  stmt = kasir_sqlite_query (self, error, "SELECT c.seq, c.entity, c.entity_id, c.op, p.id, p.sku, p.barcode, p.name,"
                " p.price, p.price_version, p.tax_rate_bp, p.category_id, p.archived, p.version,"
                " p.unit, p.track_stock, p.low_stock "
                "FROM change_log c LEFT JOIN products p "
                "ON c.entity = 'product' AND p.id = CAST(c.entity_id AS INTEGER) "
                "WHERE c.seq > ? AND (+c.outlet_id = 0 OR +c.outlet_id = ?) ORDER BY c.seq LIMIT ?", "iii",
                cursor, outlet_id, (gint64) limit + 1);
  if (stmt == NULL)
    goto fail;
  while ((rc = kasir_sqlite_step (self, stmt, error)) == SQLITE_ROW)
    {
      g_autoptr(KasirChange) ch = NULL;
      gint64 seq = sqlite3_column_int64 (stmt, 0);

      if (n == limit)
        {
          resp->has_more = TRUE;
          break;
        }
      ch = kasir_change_new ();
      ch->entity = kasir_sqlite_column_dup (stmt, 1);
      ch->id = kasir_sqlite_column_dup (stmt, 2);
      ch->deleted = g_str_equal ((const char *) sqlite3_column_text (stmt, 3), "del");
      /* Kept as a record: the page is written as text from it (kasir-protocol-writer.c),
       * with no tree per product. */
      if (sqlite3_column_type (stmt, 4) != SQLITE_NULL)
        {
          ch->entity_data = kasir_sqlite_product_from_row (stmt, 4);
          ch->entity_data_free = (GDestroyNotify) kasir_product_free;
        }
      g_ptr_array_add (resp->changes, g_steal_pointer (&ch));
      last_row_seq = seq;
      n++;
    }
  sqlite3_reset (stmt);
  if (rc < 0)
    goto fail;

  if (!attach_modifiers (self, resp, error))
    goto fail;
  /* Entity rows are read after the log page, still inside the same snapshot. */
  if (!kasir_server_sql_load_changes (&sql, &own_loaders, resp, error))
    goto fail;

  resp->cursor = resp->has_more ? last_row_seq : max_seq;
  resp->head = max_seq;
  resp->last_seq = last_seq;
  if (!kasir_sqlite_commit (self, error))
    goto fail;
  return g_steal_pointer (&resp);

fail:
  kasir_sqlite_rollback (self);
  return NULL;
}

gboolean
kasir_sqlite_prune_tombstones (KasirServerStore  *store,
                         gint64             older_than_unix,
                         guint             *n_pruned,
                         GError           **error)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;
  gint64 newest, previous;
  gboolean found;
  char buf[32];

  if (!kasir_sqlite_begin_write (self, error))
    return FALSE;
  if (!kasir_sqlite_query_int (self, error, &newest, &found,
                  "SELECT MAX(seq) FROM change_log WHERE op = 'del' AND changed_at < ?", "i",
                  older_than_unix)
      || !meta_int (self, "pruned_through", &previous, error))
    goto fail;
  if (!kasir_sqlite_run (self, error, "DELETE FROM change_log WHERE op = 'del' AND changed_at < ?", "i", older_than_unix))
    goto fail;
  if (n_pruned != NULL)
    *n_pruned = sqlite3_changes (self->db);
  if (newest > previous)
    {
      g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, newest);
      if (!kasir_sqlite_run (self, error, "INSERT OR REPLACE INTO meta (key, value) VALUES ('pruned_through', ?)",
                "t", buf))
        goto fail;
    }
  if (!kasir_sqlite_commit (self, error))
    goto fail;
  return TRUE;

fail:
  kasir_sqlite_rollback (self);
  return FALSE;
}

