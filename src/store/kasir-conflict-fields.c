/* kasir-conflict-fields.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-conflict-decision.h"
#include "kasir-conflict-fields.h"
#include "kasir-database-private.h"

static JsonObject *
node_object (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

const char *
kasir_conflict_fields_string (JsonNode   *node,
                              const char *member)
{
  JsonObject *obj = node_object (node);
  JsonNode *m;

  if (obj == NULL || (m = json_object_get_member (obj, member)) == NULL ||
      !JSON_NODE_HOLDS_VALUE (m) || json_node_get_value_type (m) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (m);
}

static void
add_fields_of (GHashTable *names,
               JsonNode   *node)
{
  JsonObject *obj = node_object (node);
  g_autoptr(GList) members = obj != NULL ? json_object_get_members (obj) : NULL;

  for (GList *l = members; l != NULL; l = l->next)
    g_hash_table_add (names, l->data);
}

static JsonNode *
member_copy (JsonNode   *node,
             const char *name)
{
  JsonObject *obj = node_object (node);
  JsonNode *m = obj != NULL ? json_object_get_member (obj, name) : NULL;

  return m != NULL ? json_node_copy (m) : NULL;
}

static gboolean
nodes_equal (JsonNode *a,
             JsonNode *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return json_node_equal (a, b);
}

static int
compare_fields (gconstpointer a,
                gconstpointer b)
{
  const KasirConflictField *fa = *(KasirConflictField * const *) a;
  const KasirConflictField *fb = *(KasirConflictField * const *) b;

  return g_strcmp0 (fa->name, fb->name);
}

GPtrArray *
kasir_conflict_fields_side_by_side (const KasirConflict *c)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *fields;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (c != NULL, NULL);

  /* Every field any of the three sides names. */
  fields = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_conflict_field_free);
  add_fields_of (names, c->base);
  add_fields_of (names, c->terminal);
  add_fields_of (names, c->server);
  /* The sale reference is where the conflict came from, not a value in dispute. */
  g_hash_table_remove (names, "sale_id");
  g_hash_table_remove (names, "receipt_no");
  /* The other till's sale lines, sent with a stock shortage, are shown as lines. */
  g_hash_table_remove (names, "lines");
  g_hash_table_remove (names, "sale_total");
  /* The terminal's sale names its open order "open_order_id", the server "order_id":
   * one row, not two half-empty ones. */
  if (g_hash_table_remove (names, "open_order_id"))
    g_hash_table_add (names, (gpointer) "order_id");
  /* An open order cancelled before this sale paid it had no first payment to show. */
  if (kasir_conflict_paid_after_cancel (c))
    {
      g_hash_table_remove (names, "paid_terminal_id");
      g_hash_table_remove (names, "paid_total");
    }
  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      KasirConflictField *f = g_new0 (KasirConflictField, 1);

      f->name = g_strdup (key);
      f->base = member_copy (c->base, key);
      f->terminal = member_copy (c->terminal, key);
      if (f->terminal == NULL && g_str_equal (key, "order_id"))
        f->terminal = member_copy (c->terminal, "open_order_id");
      f->server = member_copy (c->server, key);
      f->differs = !nodes_equal (f->terminal, f->server) ||
                   (f->base != NULL && !nodes_equal (f->base, f->server));
      g_ptr_array_add (fields, f);
    }
  g_ptr_array_sort (fields, compare_fields);

  return fields;
}

char *
kasir_conflict_fields_order_label (KasirDatabase       *db,
                                   const KasirConflict *c)
{
  const char *order_id = kasir_conflict_fields_string (c->server, "order_id");
  sqlite3_stmt *stmt;
  char *label = NULL;

  if (order_id == NULL)
    order_id = kasir_conflict_fields_string (c->terminal, "open_order_id");
  if (order_id == NULL)
    return NULL;
  stmt = kasir_database_prepare (db, "SELECT label FROM open_orders "
                                     "WHERE order_id = ? AND label <> ''", NULL);
  if (stmt == NULL)
    return NULL;
  kasir_database_bind_text (stmt, 1, order_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    label = kasir_database_column_dup (stmt, 0);
  kasir_database_stmt_done (stmt);

  return label;
}
