/* kasir-server-store-sqlite-pull.c — the SQLite backend: the pages of changes a till pulls, read from one snapshot, and the pruning of old tombstones.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-store-sqlite-private.h"

/* ---- Pull ---- */

/* One loader an entity kind: its current row as the wire carries it, or NULL when it is
 * gone (a storage failure sets @error). */
typedef JsonNode *(*EntityLoader) (KasirSqliteStore *self, const char *id, GError **error);

static JsonNode *
load_product (KasirSqliteStore  *self,
              const char        *id,
              GError           **error)
{
  g_autoptr(KasirProduct) p = kasir_sqlite_load_product (self, g_ascii_strtoll (id, NULL, 10), error);

  return p ? kasir_protocol_encode_product (p) : NULL;
}

static JsonNode *
load_customer (KasirSqliteStore  *self,
               const char        *id,
               GError           **error)
{
  g_autoptr(KasirCustomer) c = kasir_sqlite_load_customer (self, g_ascii_strtoll (id, NULL, 10), NULL,
                                                           error);

  return c ? kasir_protocol_encode_customer (c) : NULL;
}

/* Steps @stmt to its one row, or returns NULL (no row, or a failure in @error). */
static sqlite3_stmt *
one_row (KasirSqliteStore  *self,
         sqlite3_stmt      *stmt,
         GError           **error)
{
  if (stmt == NULL)
    return NULL;
  if (kasir_sqlite_step (self, stmt, error) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return NULL;
    }
  return stmt;
}

static JsonNode *
load_stock (KasirSqliteStore  *self,
            const char        *id,
            GError           **error)
{
  g_autoptr(KasirStock) s = kasir_stock_new ();
  char *colon = NULL;
  sqlite3_stmt *stmt;

  s->product_id = g_ascii_strtoll (id, &colon, 10);
  s->outlet_id = (colon && *colon == ':') ? g_ascii_strtoll (colon + 1, NULL, 10) : 0;
  stmt = one_row (self, kasir_sqlite_query (self, error, "SELECT qty FROM stock WHERE product_id = ? "
                                            "AND outlet_id = ?", "ii", s->product_id, s->outlet_id),
                  error);
  if (stmt == NULL)
    return NULL;
  s->qty = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return kasir_protocol_encode_stock (s);
}

static JsonNode *
load_category (KasirSqliteStore  *self,
               const char        *id,
               GError           **error)
{
  g_autoptr(KasirCategory) c = kasir_category_new ();
  sqlite3_stmt *stmt = one_row (self, kasir_sqlite_query (self, error,
                                                          "SELECT id, name, parent_id, archived, version "
                                                          "FROM categories WHERE id = ?", "i",
                                                          g_ascii_strtoll (id, NULL, 10)),
                                error);

  if (stmt == NULL)
    return NULL;
  c->id = sqlite3_column_int64 (stmt, 0);
  c->name = kasir_sqlite_column_dup (stmt, 1);
  c->parent_id = sqlite3_column_int64 (stmt, 2);
  c->archived = sqlite3_column_int64 (stmt, 3) != 0;
  c->version = sqlite3_column_int64 (stmt, 4);
  sqlite3_reset (stmt);
  return kasir_protocol_encode_category (c);
}

static JsonNode *
load_staff (KasirSqliteStore  *self,
            const char        *id,
            GError           **error)
{
  g_autoptr(KasirStaff) s = kasir_staff_new ();
  sqlite3_stmt *stmt = one_row (self, kasir_sqlite_query (self, error,
                                                          "SELECT id, outlet_id, name, role, pin_hash, active "
                                                          "FROM staff WHERE id = ?", "i",
                                                          g_ascii_strtoll (id, NULL, 10)),
                                error);

  if (stmt == NULL)
    return NULL;
  s->id = sqlite3_column_int64 (stmt, 0);
  s->outlet_id = sqlite3_column_int64 (stmt, 1);
  s->name = kasir_sqlite_column_dup (stmt, 2);
  s->role = kasir_sqlite_column_dup (stmt, 3);
  s->pin_hash = kasir_sqlite_column_dup (stmt, 4);
  s->active = sqlite3_column_int64 (stmt, 5) != 0;
  sqlite3_reset (stmt);
  return kasir_protocol_encode_staff (s);
}

static JsonNode *
load_shift (KasirSqliteStore  *self,
            const char        *id,
            GError           **error)
{
  g_autoptr(KasirShift) s = kasir_shift_new ();
  sqlite3_stmt *stmt = one_row (self, kasir_sqlite_query (self, error,
                                                          "SELECT id, outlet_id, terminal_id, staff_id, opened_at,"
                                                          " closed_at, opening_float, counted_cash FROM shifts "
                                                          "WHERE id = ?", "t", id),
                                error);

  if (stmt == NULL)
    return NULL;
  s->id = kasir_sqlite_column_dup (stmt, 0);
  s->outlet_id = sqlite3_column_int64 (stmt, 1);
  s->terminal_id = sqlite3_column_int64 (stmt, 2);
  s->staff_id = sqlite3_column_int64 (stmt, 3);
  s->opened_at = kasir_sqlite_column_dup (stmt, 4);
  s->closed_at = kasir_sqlite_column_dup (stmt, 5);
  s->opening_float = sqlite3_column_int64 (stmt, 6);
  s->counted_cash = sqlite3_column_int64 (stmt, 7);
  sqlite3_reset (stmt);
  return kasir_protocol_encode_shift (s);
}

static JsonNode *
load_conflict (KasirSqliteStore  *self,
               const char        *id,
               GError           **error)
{
  g_autoptr(KasirConflict) c = kasir_conflict_new ();
  sqlite3_stmt *stmt = one_row (self, kasir_sqlite_query (self, error,
                                                          "SELECT id, kind, status, entity, entity_id, base,"
                                                          " terminal, server, terminal_id, seq, created_at,"
                                                          " resolution, version, (SELECT name FROM terminals"
                                                          " WHERE terminals.id = conflicts.terminal_id)"
                                                          " FROM conflicts WHERE id = ?",
                                                          "i", g_ascii_strtoll (id, NULL, 10)),
                                error);

  if (stmt == NULL)
    return NULL;
  c->id = sqlite3_column_int64 (stmt, 0);
  kasir_conflict_kind_from_string ((const char *) sqlite3_column_text (stmt, 1), &c->kind);
  kasir_conflict_status_from_string ((const char *) sqlite3_column_text (stmt, 2), &c->status);
  c->entity = kasir_sqlite_column_dup (stmt, 3);
  c->entity_id = kasir_sqlite_column_dup (stmt, 4);
  c->base = kasir_sqlite_text_to_node ((const char *) sqlite3_column_text (stmt, 5));
  c->terminal = kasir_sqlite_text_to_node ((const char *) sqlite3_column_text (stmt, 6));
  c->server = kasir_sqlite_text_to_node ((const char *) sqlite3_column_text (stmt, 7));
  c->terminal_id = sqlite3_column_int64 (stmt, 8);
  c->seq = sqlite3_column_int64 (stmt, 9);
  c->created_at = kasir_sqlite_column_dup (stmt, 10);
  c->resolution = kasir_sqlite_text_to_node ((const char *) sqlite3_column_text (stmt, 11));
  c->version = sqlite3_column_int64 (stmt, 12);
  c->terminal_name = kasir_sqlite_column_dup (stmt, 13);
  sqlite3_reset (stmt);
  return kasir_protocol_encode_conflict (c);
}

static const struct
{
  const char   *entity;
  EntityLoader  load;
} loaders[] = {
  { "product", load_product },
  { "customer", load_customer },
  { "stock", load_stock },
  { "category", load_category },
  { "staff", load_staff },
  { "shift", load_shift },
  { "conflict", load_conflict },
  { "setting", kasir_sqlite_load_setting },
};

static JsonNode *
load_entity (KasirSqliteStore  *self,
             const char        *entity,
             const char        *id,
             GError           **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (loaders); i++)
    if (g_str_equal (entity, loaders[i].entity))
      return loaders[i].load (self, id, error);
  return NULL;
}

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
  for (guint i = 0; i < resp->changes->len; i++)
    {
      KasirChange *ch = g_ptr_array_index (resp->changes, i);
      g_autoptr(GError) local_error = NULL;

      if (ch->data != NULL || ch->entity_data != NULL)
        continue;
      ch->data = load_entity (self, ch->entity, ch->id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto fail;
        }
      if (ch->data == NULL)
        ch->deleted = TRUE;
    }

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

