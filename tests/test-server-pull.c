/* test-server-pull.c — pull by cursor over real HTTP: pagination, scope, latest state once
 * per entity, tombstones and reset.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "server-data/server-test-util.h"

typedef struct
{
  GHashTable *seen;     /* "entity/id" → KasirChange* of the latest page */
  gint64      cursor;
  guint       pages;
  gboolean    reset;
} PullAll;

static void
pull_all (ServerFixture *fx,
          TestTerminal  *t,
          gint64         cursor,
          guint          limit,
          PullAll       *out)
{
  gboolean more = TRUE;

  out->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) kasir_change_free);
  out->pages = 0;
  out->reset = FALSE;
  while (more)
    {
      KasirPullResponse *page = pull (fx, t, cursor, limit);

      g_assert_cmpuint (page->changes->len, <=, limit);
      g_assert_cmpint (page->last_seq, ==, t->next_seq - 1);
      if (page->has_more)
        g_assert_cmpint (page->cursor, >, cursor);
      else
        g_assert_cmpint (page->cursor, >=, cursor);
      out->reset = out->reset || page->reset;
      for (guint i = 0; i < page->changes->len; i++)
        {
          KasirChange *ch = g_ptr_array_index (page->changes, i);
          char *key = g_strdup_printf ("%s/%s", ch->entity, ch->id);

          /* One entity appears once: the log holds its latest state only. */
          g_assert_false (g_hash_table_contains (out->seen, key));
          g_hash_table_insert (out->seen, key, g_ptr_array_steal_index (page->changes, i));
          i--;
        }
      cursor = page->cursor;
      more = page->has_more;
      out->pages++;
      kasir_pull_response_free (page);
    }
  out->cursor = cursor;
}

static void
pull_all_clear (PullAll *p)
{
  g_clear_pointer (&p->seen, g_hash_table_unref);
}

static KasirChange *
seen (PullAll    *p,
      const char *key)
{
  return g_hash_table_lookup (p->seen, key);
}

static KasirMutation *
product_update (TestTerminal *t,
                gint64        product_id,
                gint64        base_version,
                const char   *field,
                JsonNode     *value)
{
  KasirEdit edit = { .entity_id = product_id, .base_version = base_version,
                     .staff_id = manager_of (t) };
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *fields = json_object_new ();

  json_object_set_member (fields, field, value);
  json_node_take_object (node, fields);
  edit.fields = node;
  return make_mutation (t, KASIR_MUTATION_PRODUCT_UPDATE, kasir_protocol_encode_product_update (&edit));
}

static void
push_ok (ServerFixture *fx,
         TestTerminal  *t,
         KasirMutation *m)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);
  g_autoptr(KasirPushResponse) resp = NULL;
  guint status;

  g_ptr_array_add (batch, m);
  resp = push (fx, t, batch, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (((KasirPushResult *) g_ptr_array_index (resp->results, 0))->status, !=,
                   KASIR_RESULT_REJECTED);
}

static void
test_pagination_and_scope (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t1 = enroll_terminal (fx, 1);
  PullAll all = { 0 };
  PullAll paged = { 0 };
  GHashTableIter iter;
  gpointer key, value;
  g_autoptr(KasirProduct) p = NULL;
  g_autoptr(GError) error = NULL;

  {
    KasirServerNewStaff s1 = { 1, (char *) "Siti", (char *) "manager", NULL };
    KasirServerNewStaff s2 = { 2, (char *) "Agus", (char *) "cashier", NULL };
    g_autofree char *h1 = kasir_pin_hash ("1357", &error);
    g_autofree char *h2 = kasir_pin_hash ("2468", &error);

    g_assert_no_error (error);
    s1.pin_hash = h1;
    s2.pin_hash = h2;
    g_assert_true (kasir_server_store_add_staff (fx->admin, &s1, NULL, &error));
    g_assert_true (kasir_server_store_add_staff (fx->admin, &s2, NULL, &error));
    g_assert_no_error (error);
  }
  pull_all (fx, t1, 0, 5000, &all);
  pull_all (fx, t1, 0, 3, &paged);
  g_assert_cmpuint (all.pages, ==, 1);
  /* 4 products, 3 categories, the 4 stock rows, the fixture's 3 staff members of outlet 1
   * and the one added here (id 7); never the outlet 2 staff (ids 4 to 6, and 8). */
  g_assert_cmpuint (g_hash_table_size (all.seen), ==, 15);
  g_assert_cmpuint (g_hash_table_size (paged.seen), ==, 15);
  {
    g_autoptr(KasirStaff) staff = kasir_protocol_decode_staff (seen (&all, "staff/7")->data, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (staff->name, ==, "Siti");
    g_assert_cmpstr (staff->role, ==, "manager");
    g_assert_true (kasir_pin_verify (staff->pin_hash, "1357"));
    g_assert_null (seen (&all, "staff/4"));
    g_assert_null (seen (&all, "staff/8"));
  }
  g_assert_cmpuint (paged.pages, >=, 4);
  g_assert_cmpint (all.cursor, ==, paged.cursor);
  g_hash_table_iter_init (&iter, all.seen);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_assert_true (g_hash_table_contains (paged.seen, key));
      /* Stock of the other outlet never reaches this terminal. */
      g_assert_false (g_str_has_suffix (key, ":2"));
    }
  g_assert_nonnull (seen (&all, "stock/2:1"));
  g_assert_null (seen (&all, "stock/2:2"));
  p = kasir_protocol_decode_product (seen (&all, "product/1")->data, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (p->sku, ==, "A-1");
  g_assert_cmpstr (p->barcode, ==, "8991010000017");
  g_assert_cmpint (p->price, ==, 3500);
  g_assert_cmpint (p->price_version, ==, 1);
  g_assert_cmpuint (p->tax_rate_bp, ==, 1100);

  /* Nothing new: an empty page at the same cursor. */
  {
    g_autoptr(KasirPullResponse) again = pull (fx, t1, all.cursor, 100);
    g_assert_cmpuint (again->changes->len, ==, 0);
    g_assert_false (again->has_more);
    g_assert_false (again->reset);
    g_assert_cmpint (again->cursor, ==, all.cursor);
  }
  pull_all_clear (&all);
  pull_all_clear (&paged);
  server_fixture_free (fx);
}

static void
test_latest_state_once (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t1 = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) t2 = enroll_terminal (fx, 2);
  PullAll first = { 0 };
  PullAll next = { 0 };
  PullAll other = { 0 };
  g_autoptr(KasirProduct) p = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(GError) error = NULL;
  gint64 pid = 4, price = 3200;

  pull_all (fx, t1, 0, 100, &first);
  pull_all (fx, t2, 0, 100, &other);
  push_ok (fx, t1, product_update (t1, 1, 1, "price", json_node_init_int (json_node_alloc (), 3600)));
  push_ok (fx, t1, product_update (t1, 1, 2, "name", json_node_init_string (json_node_alloc (), "Air 600")));
  sale = make_sale (&pid, &price, NULL, 3, 1);
  push_ok (fx, t1, make_sale_mutation (t1, sale));

  pull_all (fx, t1, first.cursor, 100, &next);
  /* The product changed twice and comes once, as it is now; plus the sold stock. */
  g_assert_cmpuint (g_hash_table_size (next.seen), ==, 2);
  p = kasir_protocol_decode_product (seen (&next, "product/1")->data, &error);
  g_assert_no_error (error);
  g_assert_cmpint (p->price, ==, 3600);
  g_assert_cmpstr (p->name, ==, "Air 600");
  g_assert_cmpint (p->version, ==, 3);
  g_assert_cmpint (p->price_version, ==, 2);
  g_assert_nonnull (seen (&next, "stock/4:1"));
  pull_all_clear (&next);

  /* The other outlet sees the chain's product change but not outlet 1's stock. */
  {
    TestTerminal copy = *t2;
    pull_all (fx, &copy, other.cursor, 100, &next);
    g_assert_cmpuint (g_hash_table_size (next.seen), ==, 1);
    g_assert_nonnull (seen (&next, "product/1"));
  }
  pull_all_clear (&next);
  pull_all_clear (&first);
  pull_all_clear (&other);
  server_fixture_free (fx);
}

static void
test_tombstone_and_reset (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t1 = enroll_terminal (fx, 1);
  PullAll first = { 0 };
  PullAll next = { 0 };
  PullAll after_prune = { 0 };
  KasirChange *ch;
  g_autoptr(GError) error = NULL;
  guint pruned = 0;

  pull_all (fx, t1, 0, 100, &first);
  push_ok (fx, t1, product_update (t1, 2, 1, "archived", json_node_init_boolean (json_node_alloc (), TRUE)));
  pull_all (fx, t1, first.cursor, 100, &next);
  ch = seen (&next, "product/2");
  g_assert_nonnull (ch);
  g_assert_true (ch->deleted);
  g_assert_false (next.reset);

  /* Retention over: the tombstone goes. A terminal that had seen it goes on; one whose
   * cursor is older may have missed it and must start over. */
  g_assert_true (kasir_server_store_prune_tombstones (fx->admin, g_get_real_time () / G_USEC_PER_SEC + 10,
                                                      &pruned, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pruned, ==, 1);
  {
    g_autoptr(KasirPullResponse) fine = pull (fx, t1, next.cursor, 100);
    g_autoptr(KasirPullResponse) stale = pull (fx, t1, first.cursor, 100);
    g_autoptr(KasirPullResponse) future = pull (fx, t1, next.cursor + 1000, 100);

    g_assert_false (fine->reset);
    g_assert_cmpuint (fine->changes->len, ==, 0);
    g_assert_true (stale->reset);
    g_assert_true (future->reset);
  }
  pull_all (fx, t1, first.cursor, 100, &after_prune);
  g_assert_true (after_prune.reset);
  /* The snapshot has every live entity (with the fixture's 3 staff members of the
   * outlet); the archived product is simply absent. */
  g_assert_cmpuint (g_hash_table_size (after_prune.seen), ==, 13);
  g_assert_null (seen (&after_prune, "product/2"));
  pull_all_clear (&first);
  pull_all_clear (&next);
  pull_all_clear (&after_prune);
  server_fixture_free (fx);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Kasir/Server/Pull/pagination-and-scope", test_pagination_and_scope);
  g_test_add_func ("/Kasir/Server/Pull/latest-state-once", test_latest_state_once);
  g_test_add_func ("/Kasir/Server/Pull/tombstone-and-reset", test_tombstone_and_reset);
  return g_test_run ();
}
