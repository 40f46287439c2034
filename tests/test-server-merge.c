/* test-server-merge.c — an edit made on an old copy of a product, over real HTTP.
 *
 * Another till edits product 3 field by field (v2 name, v3 price, v4 barcode); then a
 * till that still holds an older version sends its edit with that base_version. The
 * server merges three-way against the base the edit names, not against the version
 * before the current one: a field the edit changes conflicts exactly when the server
 * changed it since the edit's base; every other field of the edit applies; a field the
 * edit does not name keeps the server's value. The conflict holds the base values of
 * the edit's base version.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "server-data/server-staff-util.h"

/* What the other till changes, one version each, starting from version 1. */
static const char * const server_edits[] = {
  "{'name':'Keripik Kentang 70 g'}",
  "{'price':9900}",
  "{'barcode':'8991010000031'}",
};

typedef struct
{
  const char *name;
  guint       n_server_edits; /* the product is at version 1 + this */
  gint64      base_version;   /* of the late edit */
  const char *fields;         /* the late edit */
  const char *conflicting;    /* the fields of the conflict, sorted, comma-separated; NULL: none */
  const char *base_values;    /* of the conflicting fields at base_version, as JSON */
  const char *final_state;    /* true of product 3 afterwards */
} MergeCase;

static const MergeCase merge_cases[] = {
  { "two-versions-behind", 2, 1,
    "{'name':'Keripik Kentang Pedas 68 g','price':10500,'sku':'KK-68'}",
    "name,price", "{'name':'Keripik Kentang 68 g','price':9500}",
    "SELECT name = 'Keripik Kentang 70 g' AND price = 9900 AND sku = 'KK-68' AND barcode IS NULL "
    "AND version = 4 FROM products WHERE id = 3" },
  { "three-versions-behind", 3, 1,
    "{'name':'Keripik Kentang Pedas 68 g','price':10500,'sku':'KK-68','tax_rate_bp':1200}",
    "name,price", "{'name':'Keripik Kentang 68 g','price':9500}",
    "SELECT name = 'Keripik Kentang 70 g' AND price = 9900 AND sku = 'KK-68' AND tax_rate_bp = 1200 "
    "AND barcode = '8991010000031' AND version = 5 FROM products WHERE id = 3" },
  { "three-versions-behind-disjoint", 3, 1,
    "{'sku':'KK-68','tax_rate_bp':1200}",
    NULL, NULL,
    "SELECT name = 'Keripik Kentang 70 g' AND price = 9900 AND sku = 'KK-68' AND tax_rate_bp = 1200 "
    "AND barcode = '8991010000031' AND version = 5 FROM products WHERE id = 3" },
  { "two-versions-behind-after-a-change", 3, 2,
    "{'name':'Keripik Kentang Pedas 68 g','barcode':'8991010000048'}",
    "barcode", "{'barcode':null}",
    "SELECT name = 'Keripik Kentang Pedas 68 g' AND price = 9900 AND barcode = '8991010000031' "
    "AND version = 5 FROM products WHERE id = 3" },
};

static KasirMutation *
product_edit (TestTerminal *t,
              gint64        manager,
              gint64        base_version,
              const char   *fields)
{
  return make_mutation (t, KASIR_MUTATION_PRODUCT_UPDATE,
                        payload_printf ("{'product_id':3,'base_version':%" G_GINT64_FORMAT ","
                                        "'staff_id':%" G_GINT64_FORMAT ",'fields':%s}",
                                        base_version, manager, fields));
}

/* The member names of @node (an object), sorted, comma-separated. */
static char *
member_names (JsonNode *node)
{
  g_autoptr(GList) names = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  names = g_list_sort (json_object_get_members (json_node_get_object (node)), (GCompareFunc) strcmp);
  for (GList *l = names; l != NULL; l = l->next)
    g_string_append_printf (out, "%s%s", out->len > 0 ? "," : "", (const char *) l->data);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static KasirConflict *
pull_conflict (ServerFixture *fx,
               TestTerminal  *t,
               gint64         id)
{
  gint64 cursor = 0;
  gboolean more = TRUE;
  KasirConflict *found = NULL;

  while (more)
    {
      g_autoptr(KasirPullResponse) page = pull (fx, t, cursor, 100);

      for (guint i = 0; i < page->changes->len; i++)
        {
          KasirChange *ch = g_ptr_array_index (page->changes, i);
          g_autoptr(GError) error = NULL;
          KasirConflict *c;

          if (!g_str_equal (ch->entity, "conflict") || ch->deleted)
            continue;
          c = kasir_protocol_decode_conflict (ch->data, &error);
          g_assert_no_error (error);
          if (c->id == id)
            {
              g_clear_pointer (&found, kasir_conflict_free);
              found = c;
            }
          else
            kasir_conflict_free (c);
        }
      cursor = page->cursor;
      more = page->has_more;
    }
  return found;
}

static void
test_merge (gconstpointer data)
{
  const MergeCase *mc = data;
  ServerFixture *fx = server_fixture_new ();
  gint64 manager = add_staff (fx, 1, "Wulan Sari", "manager");
  gint64 other_manager = add_staff (fx, 1, "Yoga Pratama", "manager");
  g_autoptr(TestTerminal) late = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) other = enroll_terminal (fx, 1);
  g_autoptr(KasirPushResult) result = NULL;
  g_autoptr(KasirConflict) conflict = NULL;
  g_autoptr(JsonNode) sent = NULL;
  g_autoptr(JsonNode) base = NULL;
  g_autofree char *terminal_fields = NULL;
  g_autofree char *server_fields = NULL;
  g_autofree char *base_fields = NULL;

  g_assert_cmpint (db_int (fx, "SELECT version FROM products WHERE id = 3"), ==, 1);
  for (guint i = 0; i < mc->n_server_edits; i++)
    {
      g_autoptr(KasirPushResult) r = push_one (fx, other, product_edit (other, other_manager, 1 + i,
                                                                        server_edits[i]));
      g_assert_cmpint (r->status, ==, KASIR_RESULT_APPLIED);
    }
  g_assert_cmpint (db_int (fx, "SELECT version FROM products WHERE id = 3"), ==, 1 + mc->n_server_edits);
  g_assert_cmpint (1 + mc->n_server_edits - mc->base_version, >=, 2);

  result = push_one (fx, late, product_edit (late, manager, mc->base_version, mc->fields));
  if (mc->conflicting == NULL)
    {
      g_assert_cmpint (result->status, ==, KASIR_RESULT_APPLIED);
      g_assert_cmpuint (result->conflict_ids->len, ==, 0);
      g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM conflicts"), ==, 0);
      g_assert_cmpint (db_int (fx, mc->final_state), ==, 1);
      server_fixture_free (fx);
      return;
    }

  g_assert_cmpint (result->status, ==, KASIR_RESULT_APPLIED_WITH_CONFLICTS);
  g_assert_cmpuint (result->conflict_ids->len, ==, 1);
  g_assert_cmpint (db_int (fx, mc->final_state), ==, 1);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM conflicts"), ==, 1);

  /* The conflict, as the late till's outlet gets it, names exactly the fields changed on
   * both sides since the base, with the base's, the till's and the server's values. */
  conflict = pull_conflict (fx, late, g_array_index (result->conflict_ids, gint64, 0));
  g_assert_nonnull (conflict);
  g_assert_cmpint (conflict->kind, ==, KASIR_CONFLICT_CONCURRENT_EDIT);
  g_assert_cmpint (conflict->status, ==, KASIR_CONFLICT_OPEN);
  g_assert_cmpstr (conflict->entity, ==, "product");
  g_assert_cmpstr (conflict->entity_id, ==, "3");
  terminal_fields = member_names (conflict->terminal);
  server_fields = member_names (conflict->server);
  base_fields = member_names (conflict->base);
  g_assert_cmpstr (terminal_fields, ==, mc->conflicting);
  g_assert_cmpstr (server_fields, ==, mc->conflicting);
  g_assert_cmpstr (base_fields, ==, mc->conflicting);

  sent = payload_printf ("%s", mc->fields);
  base = payload_printf ("%s", mc->base_values);
  {
    g_autoptr(GList) names = json_object_get_members (json_node_get_object (conflict->terminal));

    for (GList *l = names; l != NULL; l = l->next)
      {
        const char *field = l->data;
        JsonNode *mine = json_object_get_member (json_node_get_object (conflict->terminal), field);
        JsonNode *theirs = json_object_get_member (json_node_get_object (conflict->server), field);
        JsonNode *was = json_object_get_member (json_node_get_object (conflict->base), field);

        g_assert_true (json_node_equal (mine, json_object_get_member (json_node_get_object (sent), field)));
        g_assert_true (json_node_equal (was, json_object_get_member (json_node_get_object (base), field)));
        g_assert_false (json_node_equal (theirs, was));
        g_assert_false (json_node_equal (theirs, mine));
      }
  }
  server_fixture_free (fx);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (merge_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Kasir/Server/Merge/%s", merge_cases[i].name);
      g_test_add_data_func (path, &merge_cases[i], test_merge);
    }
  return g_test_run ();
}
