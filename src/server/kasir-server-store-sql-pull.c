/* kasir-server-store-sql-pull.c — the rows of a pulled page that both backends read
 * alike (see kasir-server-store-sql.h): after the page of the change log, each change
 * that did not come with its row is read by its entity (a stock level, a category, a
 * staff member, a shift, a conflict, an outlet setting; a product or a customer the
 * backend's own way), in the pull's snapshot. A row that is gone makes a deletion.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include <string.h>

#include "kasir-server-store-sql.h"

gboolean
kasir_server_sql_parse_id (const char *id,
                           gint64     *out)
{
  return g_ascii_string_to_signed (id, 10, G_MININT64, G_MAXINT64, out, NULL);
}

/* "PRODUCT:OUTLET". */
static JsonNode *
load_stock (KasirServerSql  *sql,
            const char      *id,
            GError         **error)
{
  g_autoptr(KasirStock) s = kasir_stock_new ();
  char *colon = NULL;
  KasirServerSqlRow row;

  s->product_id = g_ascii_strtoll (id, &colon, 10);
  s->outlet_id = (colon && *colon == ':') ? g_ascii_strtoll (colon + 1, NULL, 10) : 0;
  if (!kasir_server_sql_query_row (sql, error, &row,
                                   "SELECT qty FROM stock WHERE product_id = ? AND outlet_id = ?", "ii",
                                   s->product_id, s->outlet_id)
      || row.row == NULL)
    return NULL;
  s->qty = kasir_server_sql_row_int (&row, 0);
  kasir_server_sql_row_free (&row);
  return kasir_protocol_encode_stock (s);
}

static JsonNode *
load_category (KasirServerSql  *sql,
               const char      *id,
               GError         **error)
{
  g_autoptr(KasirCategory) c = kasir_category_new ();
  gint64 n;
  KasirServerSqlRow row;

  if (!kasir_server_sql_parse_id (id, &n)
      || !kasir_server_sql_query_row (sql, error, &row,
                                      "SELECT id, name, parent_id, archived, version FROM categories "
                                      "WHERE id = ?", "i", n)
      || row.row == NULL)
    return NULL;
  c->id = kasir_server_sql_row_int (&row, 0);
  c->name = kasir_server_sql_row_text (&row, 1);
  c->parent_id = kasir_server_sql_row_int (&row, 2);
  c->archived = kasir_server_sql_row_int (&row, 3) != 0;
  c->version = kasir_server_sql_row_int (&row, 4);
  kasir_server_sql_row_free (&row);
  return kasir_protocol_encode_category (c);
}

static JsonNode *
load_staff (KasirServerSql  *sql,
            const char      *id,
            GError         **error)
{
  g_autoptr(KasirStaff) s = kasir_staff_new ();
  gint64 n;
  KasirServerSqlRow row;

  if (!kasir_server_sql_parse_id (id, &n)
      || !kasir_server_sql_query_row (sql, error, &row,
                                      "SELECT id, outlet_id, name, role, pin_hash, active FROM staff "
                                      "WHERE id = ?", "i", n)
      || row.row == NULL)
    return NULL;
  s->id = kasir_server_sql_row_int (&row, 0);
  s->outlet_id = kasir_server_sql_row_int (&row, 1);
  s->name = kasir_server_sql_row_text (&row, 2);
  s->role = kasir_server_sql_row_text (&row, 3);
  s->pin_hash = kasir_server_sql_row_text (&row, 4);
  s->active = kasir_server_sql_row_int (&row, 5) != 0;
  kasir_server_sql_row_free (&row);
  return kasir_protocol_encode_staff (s);
}

static JsonNode *
load_shift (KasirServerSql  *sql,
            const char      *id,
            GError         **error)
{
  g_autoptr(KasirShift) s = kasir_shift_new ();
  KasirServerSqlRow row;

  if (!kasir_server_sql_query_row (sql, error, &row,
                                   "SELECT id, outlet_id, terminal_id, staff_id, opened_at, closed_at,"
                                   " opening_float, counted_cash FROM shifts WHERE id = ?", "t", id)
      || row.row == NULL)
    return NULL;
  s->id = kasir_server_sql_row_text (&row, 0);
  s->outlet_id = kasir_server_sql_row_int (&row, 1);
  s->terminal_id = kasir_server_sql_row_int (&row, 2);
  s->staff_id = kasir_server_sql_row_int (&row, 3);
  s->opened_at = kasir_server_sql_row_text (&row, 4);
  s->closed_at = kasir_server_sql_row_text (&row, 5);
  s->opening_float = kasir_server_sql_row_int (&row, 6);
  s->counted_cash = kasir_server_sql_row_int (&row, 7);
  kasir_server_sql_row_free (&row);
  return kasir_protocol_encode_shift (s);
}

static JsonNode *
load_conflict (KasirServerSql  *sql,
               const char      *id,
               GError         **error)
{
  g_autoptr(KasirConflict) c = kasir_conflict_new ();
  g_autofree char *kind = NULL;
  g_autofree char *status = NULL;
  gint64 n;
  KasirServerSqlRow row;

  if (!kasir_server_sql_parse_id (id, &n)
      || !kasir_server_sql_query_row (sql, error, &row,
                                      "SELECT id, kind, status, entity, entity_id, base, terminal, server,"
                                      " terminal_id, seq, created_at, resolution, version,"
                                      " (SELECT name FROM terminals WHERE terminals.id = conflicts.terminal_id)"
                                      " FROM conflicts WHERE id = ?", "i", n)
      || row.row == NULL)
    return NULL;
  c->id = kasir_server_sql_row_int (&row, 0);
  kind = kasir_server_sql_row_text (&row, 1);
  status = kasir_server_sql_row_text (&row, 2);
  kasir_conflict_kind_from_string (kind != NULL ? kind : "", &c->kind);
  kasir_conflict_status_from_string (status != NULL ? status : "", &c->status);
  c->entity = kasir_server_sql_row_text (&row, 3);
  c->entity_id = kasir_server_sql_row_text (&row, 4);
  c->base = kasir_server_sql_row_node (&row, 5);
  c->terminal = kasir_server_sql_row_node (&row, 6);
  c->server = kasir_server_sql_row_node (&row, 7);
  c->terminal_id = kasir_server_sql_row_int (&row, 8);
  c->seq = kasir_server_sql_row_int (&row, 9);
  c->created_at = kasir_server_sql_row_text (&row, 10);
  c->resolution = kasir_server_sql_row_node (&row, 11);
  c->version = kasir_server_sql_row_int (&row, 12);
  c->terminal_name = kasir_server_sql_row_text (&row, 13);
  kasir_server_sql_row_free (&row);
  return kasir_protocol_encode_conflict (c);
}

/* "OUTLET:KEY". */
static JsonNode *
load_setting (KasirServerSql  *sql,
              const char      *id,
              GError         **error)
{
  const char *colon = strchr (id, ':');
  g_autofree char *value = NULL;
  gint64 outlet_id;
  KasirServerSqlRow row;

  if (colon == NULL)
    return NULL;
  outlet_id = g_ascii_strtoll (id, NULL, 10);
  if (!kasir_server_sql_query_row (sql, error, &row,
                                   "SELECT value FROM outlet_settings WHERE outlet_id = ? AND key = ?", "it",
                                   outlet_id, colon + 1)
      || row.row == NULL)
    return NULL;
  value = kasir_server_sql_row_text (&row, 0);
  kasir_server_sql_row_free (&row);
  if (value == NULL)
    return NULL;

  return kasir_server_sql_setting_node (outlet_id, colon + 1, value);
}

static JsonNode *
load_entity (KasirServerSql                  *sql,
             const KasirServerSqlPullLoaders *own,
             const char                      *entity,
             const char                      *id,
             GError                         **error)
{
  static const struct
  {
    const char           *entity;
    KasirServerSqlLoader  load;
  } loaders[] = {
    { "stock", load_stock },
    { "category", load_category },
    { "staff", load_staff },
    { "shift", load_shift },
    { "conflict", load_conflict },
    { "setting", load_setting },
  };

  if (g_str_equal (entity, "product"))
    return own->product (sql, id, error);
  if (g_str_equal (entity, "customer"))
    return own->customer (sql, id, error);
  for (guint i = 0; i < G_N_ELEMENTS (loaders); i++)
    if (g_str_equal (entity, loaders[i].entity))
      return loaders[i].load (sql, id, error);
  return NULL;
}

gboolean
kasir_server_sql_load_changes (KasirServerSql                   *sql,
                               const KasirServerSqlPullLoaders  *own,
                               KasirPullResponse                *resp,
                               GError                          **error)
{
  for (guint i = 0; i < resp->changes->len; i++)
    {
      KasirChange *ch = g_ptr_array_index (resp->changes, i);
      g_autoptr(GError) local_error = NULL;

      if (ch->data != NULL || ch->entity_data != NULL)
        continue;
      ch->data = load_entity (sql, own, ch->entity, ch->id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (ch->data == NULL)
        ch->deleted = TRUE;
    }
  return TRUE;
}
