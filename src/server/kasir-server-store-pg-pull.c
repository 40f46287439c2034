/* kasir-server-store-pg-pull.c — the PostgreSQL backend: the pages of changes a till
 * pulls, read from one snapshot, and the pruning of old tombstones. The numbers a
 * cursor counts are given at commit, in commit order (kasir-server-store-pg-tx.c), so a
 * snapshot sees every change up to the highest number it sees.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-store-pg-private.h"

/* Products and customers are read with their children, as the backend loads them;
 * every other entity the pull reads alike on both backends (kasir-server-store-sql-pull.c). */
static JsonNode *
load_customer (KasirServerSql  *sql,
               const char      *id,
               GError         **error)
{
  g_autoptr(KasirCustomer) c = NULL;
  gint64 n;

  if (!kasir_server_sql_parse_id (id, &n))
    return NULL;
  c = kasir_pg_load_customer (sql->db, n, NULL, FALSE, error);
  return c ? kasir_protocol_encode_customer (c) : NULL;
}

static JsonNode *
load_product (KasirServerSql  *sql,
              const char      *id,
              GError         **error)
{
  g_autoptr(KasirProduct) p = NULL;
  gint64 n;

  if (!kasir_server_sql_parse_id (id, &n))
    return NULL;
  p = kasir_pg_load_product (sql->db, n, error);
  return p ? kasir_protocol_encode_product (p) : NULL;
}

static const KasirServerSqlPullLoaders own_loaders = { load_product, load_customer };

static gboolean
meta_int (KasirPgStore  *self,
          const char    *key,
          gint64        *out,
          GError       **error)
{
  return kasir_pg_query_int (self, error, out, NULL, "SELECT value::bigint FROM meta WHERE key = ?", "t", key);
}

/* The products of a page, by id, in one query. */
static gboolean
load_page_products (KasirPgStore  *self,
                    GArray        *ids,
                    GHashTable    *out,
                    GError       **error)
{
  GString *array = g_string_new ("{");
  PGresult *r;

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (array, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (ids, gint64, i));
  g_string_append_c (array, '}');
  /* One look-up of the key per id (a lateral join), prepared once: planned for its
   * array, "id = ANY (...)" read the whole catalog for every page while the table had
   * no statistics yet (right after an import). */
  r = kasir_pg_query (self, error, "SELECT p.* FROM unnest (?::bigint[]) AS u (id) CROSS JOIN LATERAL "
                      "(SELECT " KASIR_PG_PRODUCT_COLUMNS " FROM products WHERE id = u.id LIMIT 1) AS p",
                      "t", array->str);
  g_string_free (array, TRUE);
  if (r == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (r); i++)
    {
      KasirProduct *p = kasir_pg_product_from_row (r, i, 0);

      g_hash_table_insert (out, &p->id, p);
    }
  PQclear (r);
  return TRUE;
}

/* The page of the log after @cursor, in the order of its index up to the limit
 * (planned for this cursor and limit: a plan made for any of them scanned and sorted
 * the whole log for every page; and the pull's transaction leaves the planner only
 * index scans, see kasir_pg_pull); then its products in one query. */
static gboolean
read_page (KasirPgStore       *self,
           KasirPullResponse  *resp,
           gint64              cursor,
           gint64              outlet_id,
           guint               limit,
           gint64             *last_row_seq,
           GError            **error)
{
  g_autoptr(GArray) product_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) products = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                          (GDestroyNotify) kasir_product_free);
  PGresult *r = kasir_pg_query_planned (self, error, "SELECT seq, entity, entity_id, op FROM change_log "
                                        "WHERE seq > ? AND (outlet_id = 0 OR outlet_id = ?) ORDER BY seq LIMIT ?",
                                        "iii", cursor, outlet_id, (gint64) limit + 1);

  if (r == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (r); i++)
    {
      KasirChange *ch;
      gint64 id;

      if ((guint) i == limit)
        {
          resp->has_more = TRUE;
          break;
        }
      ch = kasir_change_new ();
      ch->entity = kasir_pg_dup (r, i, 1);
      ch->id = kasir_pg_dup (r, i, 2);
      ch->deleted = g_str_equal (PQgetvalue (r, i, 3), "del");
      if (g_str_equal (ch->entity, "product") && kasir_server_sql_parse_id (ch->id, &id))
        g_array_append_val (product_ids, id);
      g_ptr_array_add (resp->changes, ch);
      *last_row_seq = kasir_pg_int (r, i, 0);
    }
  PQclear (r);
  if (product_ids->len == 0)
    return TRUE;
  if (!load_page_products (self, product_ids, products, error))
    return FALSE;
  for (guint i = 0; i < resp->changes->len; i++)
    {
      KasirChange *ch = g_ptr_array_index (resp->changes, i);
      KasirProduct *p;
      gint64 id;

      /* Kept as a record: the page is written as text from it (kasir-protocol-writer.c),
       * with no tree per product. A product twice in one page is loaded again below. */
      if (g_str_equal (ch->entity, "product") && kasir_server_sql_parse_id (ch->id, &id)
          && (p = g_hash_table_lookup (products, &id)) != NULL)
        {
          g_hash_table_steal (products, &id);
          ch->entity_data = p;
          ch->entity_data_free = (GDestroyNotify) kasir_product_free;
        }
    }
  return TRUE;
}

/* mods: each product of the page carries its modifier groups, read in one query. A
 * catalog without any costs one query a page. */
static gboolean
attach_modifiers (KasirPgStore       *self,
                  KasirPullResponse  *resp,
                  GError            **error)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GString) array = g_string_new ("{");
  gint64 any = 0;
  PGresult *r;

  if (!kasir_pg_query_int (self, error, &any, NULL,
                           "SELECT count(*) FROM (SELECT 1 FROM product_modifiers LIMIT 1) AS m", NULL))
    return FALSE;
  for (guint i = 0; any != 0 && i < resp->changes->len; i++)
    {
      KasirChange *ch = g_ptr_array_index (resp->changes, i);
      KasirProduct *p = ch->entity_data;

      if (p == NULL || !g_str_equal (ch->entity, "product"))
        continue;
      g_hash_table_insert (by_id, &p->id, p);
      g_string_append_printf (array, "%s%" G_GINT64_FORMAT, array->len > 1 ? "," : "", p->id);
    }
  if (g_hash_table_size (by_id) == 0)
    return TRUE;
  g_string_append_c (array, '}');
  r = kasir_pg_query_planned (self, error, "SELECT product_id, groups FROM product_modifiers "
                              "WHERE product_id = ANY (?::bigint[])", "t", array->str);
  if (r == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (r); i++)
    {
      gint64 id = kasir_pg_int (r, i, 0);
      KasirProduct *p = g_hash_table_lookup (by_id, &id);
      g_autoptr(JsonNode) node = kasir_pg_text_to_node (PQgetvalue (r, i, 1));

      if (p == NULL || node == NULL)
        continue;
      g_clear_pointer (&p->modifier_groups, g_ptr_array_unref);
      if ((p->modifier_groups = kasir_protocol_decode_modifier_groups (node, error)) == NULL)
        {
          PQclear (r);
          return FALSE;
        }
    }
  PQclear (r);
  return TRUE;
}

KasirPullResponse *
kasir_pg_pull (KasirServerStore  *store,
               gint64             terminal_id,
               gint64             outlet_id,
               gint64             cursor,
               guint              limit,
               GError           **error)
{
  KasirPgStore *self = (KasirPgStore *) store;
  KasirServerSql sql = kasir_pg_sql (self);
  g_autoptr(KasirPullResponse) resp = kasir_pull_response_new ();
  gint64 pruned_through, head, last_seq, last_row_seq = 0;

  /* One snapshot: the page, the cursor and last_seq agree. Every read of a pull goes
   * through a key, and a page must walk the log in the order of its numbers and stop at
   * the limit; without statistics (a log just filled by an import, before autovacuum
   * has looked at it) the planner took the outlet's whole log through its key's first
   * column and sorted it, for every page. Only index scans are left to it. */
  if (!kasir_pg_begin_with (self, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; "
                            "SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off", error))
    return NULL;
  if (!meta_int (self, "pruned_through", &pruned_through, error)
      || !meta_int (self, "head", &head, error)
      || !kasir_pg_query_int (self, error, &last_seq, NULL, "SELECT last_seq FROM terminals WHERE id = ?", "i",
                              terminal_id))
    goto fail;
  /* A cursor older than the newest pruned tombstone may have missed a deletion, and one
   * beyond anything this server numbered comes from another database: both start over. */
  if (cursor < 0 || (cursor > 0 && cursor < pruned_through) || cursor > head)
    {
      resp->reset = TRUE;
      cursor = 0;
    }
  if (!read_page (self, resp, cursor, outlet_id, limit, &last_row_seq, error)
      || !attach_modifiers (self, resp, error)
      /* Entity rows are read after the log page, still inside the same snapshot. */
      || !kasir_server_sql_load_changes (&sql, &own_loaders, resp, error))
    goto fail;
  resp->cursor = resp->has_more ? last_row_seq : head;
  resp->head = head;
  resp->last_seq = last_seq;
  if (!kasir_pg_run (self, error, "COMMIT", NULL))
    goto fail;
  self->in_transaction = FALSE;
  return g_steal_pointer (&resp);

fail:
  kasir_pg_rollback (self);
  return NULL;
}

gboolean
kasir_pg_prune_tombstones (KasirServerStore  *store,
                           gint64             older_than_unix,
                           guint             *n_pruned,
                           GError           **error)
{
  KasirPgStore *self = (KasirPgStore *) store;
  gint64 newest, previous, n;
  char buf[32];

  if (!kasir_pg_begin (self, error))
    return FALSE;
  if (!kasir_pg_query_int (self, error, &newest, NULL,
                           "SELECT COALESCE(MAX(seq), 0) FROM change_log WHERE op = 'del' AND changed_at < ?",
                           "i", older_than_unix)
      || !meta_int (self, "pruned_through", &previous, error)
      || !kasir_pg_query_int (self, error, &n, NULL,
                              "WITH d AS (DELETE FROM change_log WHERE op = 'del' AND changed_at < ? "
                              "AND seq IS NOT NULL RETURNING 1) SELECT COUNT(*) FROM d", "i", older_than_unix))
    goto fail;
  if (n_pruned != NULL)
    *n_pruned = (guint) n;
  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, newest);
  if ((newest > previous
       && !kasir_pg_run (self, error, "UPDATE meta SET value = ? WHERE key = 'pruned_through'", "t", buf))
      || !kasir_pg_commit (self, error))
    goto fail;
  return TRUE;

fail:
  kasir_pg_rollback (self);
  return FALSE;
}
