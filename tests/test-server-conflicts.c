/* test-server-conflicts.c — every conflict kind the server detects, over real HTTP, and
 * conflict resolution (first wins).
 *
 * conflict.resolve that arrives after another resolution: the result is "rejected" with
 * reason "already_resolved" and the conflict id in conflict_ids; the winning resolution
 * (with the winner's terminal_id) reaches every terminal of the outlet through pull.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "server-data/server-test-util.h"
#include "kasir-server-merge.h"

static KasirPushResult *
sell (ServerFixture *fx,
      TestTerminal  *t,
      gint64         product_id,
      gint64         price,
      gint64         price_version,
      gint64         qty)
{
  g_autoptr(KasirSale) sale = make_sale (&product_id, &price, &price_version, qty, 1);

  return push_one (fx, t, make_sale_mutation (t, sale));
}

/* Every conflict the terminal can see, by id, from a full pull. */
static GHashTable *
pull_conflicts (ServerFixture *fx,
                TestTerminal  *t)
{
  GHashTable *out = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                           (GDestroyNotify) kasir_conflict_free);
  gint64 cursor = 0;
  gboolean more = TRUE;

  while (more)
    {
      g_autoptr(KasirPullResponse) page = pull (fx, t, cursor, 100);

      for (guint i = 0; i < page->changes->len; i++)
        {
          KasirChange *ch = g_ptr_array_index (page->changes, i);
          g_autoptr(GError) error = NULL;
          KasirConflict *c;

          if (!g_str_equal (ch->entity, "conflict"))
            continue;
          c = kasir_protocol_decode_conflict (ch->data, &error);
          g_assert_no_error (error);
          g_hash_table_replace (out, &c->id, c);
        }
      cursor = page->cursor;
      more = page->has_more;
    }
  return out;
}

static KasirConflict *
only_conflict (GHashTable        *conflicts,
               KasirConflictKind  kind)
{
  GHashTableIter iter;
  gpointer value;
  KasirConflict *found = NULL;

  g_hash_table_iter_init (&iter, conflicts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((KasirConflict *) value)->kind == kind)
      {
        g_assert_null (found);
        found = value;
      }
  g_assert_nonnull (found);
  return found;
}

static gint64
json_int (JsonNode   *node,
          const char *member)
{
  g_assert_nonnull (node);
  return json_object_get_int_member (json_node_get_object (node), member);
}

static const char *
json_str (JsonNode   *node,
          const char *member)
{
  g_assert_nonnull (node);
  return json_object_get_string_member (json_node_get_object (node), member);
}

static void
test_last_unit (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t1 = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) t2 = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) other = enroll_terminal (fx, 2);
  g_autoptr(KasirPushResult) r1 = NULL;
  g_autoptr(KasirPushResult) r2 = NULL;
  g_autoptr(GHashTable) conflicts = NULL;
  g_autoptr(GHashTable) other_conflicts = NULL;
  KasirConflict *c;

  /* Product 2 has one unit on the shelf of outlet 1; both tills sell it while offline. */
  r1 = sell (fx, t1, 2, 4000, 1, 1);
  r2 = sell (fx, t2, 2, 4000, 1, 1);
  g_assert_cmpint (r1->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (r2->status, ==, KASIR_RESULT_APPLIED_WITH_CONFLICTS);
  g_assert_cmpuint (r2->conflict_ids->len, ==, 1);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM sales"), ==, 2);
  g_assert_cmpint (db_int (fx, "SELECT qty FROM stock WHERE product_id = 2 AND outlet_id = 1"), ==, -1);
  g_assert_cmpint (db_int (fx, "SELECT qty FROM stock WHERE product_id = 2 AND outlet_id = 2"), ==, 1);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM conflicts"), ==, 1);

  /* Both terminals of the outlet see it; the other outlet does not. */
  conflicts = pull_conflicts (fx, t1);
  c = only_conflict (conflicts, KASIR_CONFLICT_STOCK_SHORTAGE);
  g_assert_cmpint (c->id, ==, g_array_index (r2->conflict_ids, gint64, 0));
  g_assert_cmpint (c->status, ==, KASIR_CONFLICT_OPEN);
  g_assert_cmpstr (c->entity, ==, "stock");
  g_assert_cmpstr (c->entity_id, ==, "2:1");
  g_assert_cmpint (json_int (c->base, "qty"), ==, 0);
  g_assert_cmpint (json_int (c->terminal, "qty_sold"), ==, 1);
  g_assert_cmpint (json_int (c->server, "qty"), ==, -1);
  g_assert_cmpint (c->terminal_id, ==, t2->terminal_id);
  /* The till's name comes with it (both asked for "Till"; the second became "Till 2"). */
  g_assert_cmpstr (c->terminal_name, ==, "Till 2");
  g_assert_cmpint (c->seq, ==, 1);
  other_conflicts = pull_conflicts (fx, other);
  g_assert_cmpuint (g_hash_table_size (other_conflicts), ==, 0);
  server_fixture_free (fx);
}

static KasirMutation *
product_update (TestTerminal *t,
                gint64        product_id,
                gint64        base_version,
                JsonObject   *fields)
{
  KasirEdit edit = { .entity_id = product_id, .base_version = base_version,
                     .staff_id = manager_of (t) };
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, fields);
  edit.fields = node;
  return make_mutation (t, KASIR_MUTATION_PRODUCT_UPDATE, kasir_protocol_encode_product_update (&edit));
}

static void
test_price_changed (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t1 = enroll_terminal (fx, 1);
  g_autoptr(KasirPushResult) r1 = NULL;
  g_autoptr(KasirPushResult) r2 = NULL;
  g_autoptr(GHashTable) conflicts = NULL;
  JsonObject *fields = json_object_new ();
  KasirConflict *c;

  json_object_set_int_member (fields, "price", 12000);
  r1 = push_one (fx, t1, product_update (t1, 3, 1, fields));
  g_assert_cmpint (r1->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (db_int (fx, "SELECT price_version FROM products WHERE id = 3"), ==, 2);

  /* A till that has not pulled yet still sells at 9500, price version 1. */
  r2 = sell (fx, t1, 3, 9500, 1, 2);
  g_assert_cmpint (r2->status, ==, KASIR_RESULT_APPLIED_WITH_CONFLICTS);
  g_assert_cmpint (db_int (fx, "SELECT unit_price FROM sale_lines"), ==, 9500);
  g_assert_cmpint (db_int (fx, "SELECT total FROM sales"), ==, 19000);
  conflicts = pull_conflicts (fx, t1);
  c = only_conflict (conflicts, KASIR_CONFLICT_PRICE_CHANGED);
  /* Settled by rule: the sale keeps its price, and the conflict stays on record. */
  g_assert_cmpint (c->status, ==, KASIR_CONFLICT_RESOLVED_BY_RULE);
  g_assert_cmpint (json_int (c->base, "price"), ==, 9500);
  g_assert_cmpint (json_int (c->terminal, "price"), ==, 9500);
  g_assert_cmpint (json_int (c->server, "price"), ==, 12000);
  g_assert_cmpint (json_int (c->server, "price_version"), ==, 2);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM conflicts WHERE status = 'open'"), ==, 0);
  server_fixture_free (fx);
}

/* Within one push: a sale before a price change, the change, a sale at the old price
 * and the same sale again. The second sale sees the new price (a conflict), the third is
 * a duplicate, and the stock falls by the two sales recorded: what a backend loads for
 * the whole batch beforehand stays true after the batch's own writes. */
static void
test_price_changed_in_batch (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t1 = enroll_terminal (fx, 1);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);
  g_autoptr(KasirPushResponse) resp = NULL;
  JsonObject *fields = json_object_new ();
  gint64 product = 3, price = 9500, version = 1;
  gint64 before = db_int (fx, "SELECT qty FROM stock WHERE product_id = 3 AND outlet_id = 1");
  guint status = 0;

  {
    g_autoptr(KasirSale) first = make_sale (&product, &price, &version, 2, 1);
    g_autoptr(KasirSale) second = make_sale (&product, &price, &version, 3, 1);
    KasirMutation *again;

    g_ptr_array_add (batch, make_sale_mutation (t1, first));
    json_object_set_int_member (fields, "price", 12000);
    g_ptr_array_add (batch, product_update (t1, 3, 1, fields));
    g_ptr_array_add (batch, make_sale_mutation (t1, second));
    again = make_sale_mutation (t1, second);
    g_ptr_array_add (batch, again);
  }
  resp = push (fx, t1, batch, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (resp->results->len, ==, 4);
  g_assert_cmpint (((KasirPushResult *) g_ptr_array_index (resp->results, 0))->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (((KasirPushResult *) g_ptr_array_index (resp->results, 1))->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (((KasirPushResult *) g_ptr_array_index (resp->results, 2))->status, ==,
                   KASIR_RESULT_APPLIED_WITH_CONFLICTS);
  g_assert_cmpstr (((KasirPushResult *) g_ptr_array_index (resp->results, 3))->reason, ==,
                   "duplicate sale id; already recorded");
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM sales"), ==, 2);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM conflicts WHERE kind = 'price_changed'"), ==, 1);
  g_assert_cmpint (db_int (fx, "SELECT qty FROM stock WHERE product_id = 3 AND outlet_id = 1"), ==, before - 5);
  server_fixture_free (fx);
}

static void
test_product_archived (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t1 = enroll_terminal (fx, 1);
  g_autoptr(KasirPushResult) r1 = NULL;
  g_autoptr(KasirPushResult) r2 = NULL;
  g_autoptr(KasirPushResult) r3 = NULL;
  g_autoptr(GHashTable) conflicts = NULL;
  JsonObject *fields = json_object_new ();
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  json_object_set_boolean_member (fields, "archived", TRUE);
  r1 = push_one (fx, t1, product_update (t1, 4, 1, fields));
  g_assert_cmpint (r1->status, ==, KASIR_RESULT_APPLIED);
  r2 = sell (fx, t1, 4, 3200, 1, 1);
  g_assert_cmpint (r2->status, ==, KASIR_RESULT_APPLIED_WITH_CONFLICTS);
  /* A product the server never had counts as deleted; the sale is kept all the same. */
  r3 = sell (fx, t1, 999, 1000, 1, 1);
  g_assert_cmpint (r3->status, ==, KASIR_RESULT_APPLIED_WITH_CONFLICTS);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM sales"), ==, 2);
  conflicts = pull_conflicts (fx, t1);
  g_hash_table_iter_init (&iter, conflicts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      KasirConflict *c = value;
      g_assert_cmpint (c->kind, ==, KASIR_CONFLICT_PRODUCT_ARCHIVED);
      g_assert_cmpint (c->status, ==, KASIR_CONFLICT_OPEN);
      g_assert_true (g_str_equal (c->entity_id, "4") || g_str_equal (c->entity_id, "999"));
      n++;
    }
  g_assert_cmpuint (n, ==, 2);
  server_fixture_free (fx);
}

static void
test_shift_closed (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t1 = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) t2 = enroll_terminal (fx, 1);
  g_autofree char *shift_id = kasir_uuid_new ();
  g_autofree char *now = kasir_now_rfc3339 ();
  KasirShiftEvent open = { shift_id, STAFF_CASHIER_1, 200000, now, NULL, NULL };
  KasirShiftEvent close = { shift_id, STAFF_CASHIER_1, 0, now, NULL, NULL };
  g_autoptr(GPtrArray) counted = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  g_autoptr(KasirPushResult) r1 = NULL;
  g_autoptr(KasirPushResult) r2 = NULL;
  g_autoptr(KasirPushResult) r3 = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(GHashTable) conflicts = NULL;
  g_autofree char *moved_to = NULL;
  gint64 pid = 1, price = 3500;
  KasirConflict *c;

  g_ptr_array_add (counted, kasir_payment_new (KASIR_PAYMENT_CASH, 200000));
  g_ptr_array_add (expected, kasir_payment_new (KASIR_PAYMENT_CASH, 200000));
  close.counted = counted;
  close.expected = expected;
  r1 = push_one (fx, t1, make_mutation (t1, KASIR_MUTATION_SHIFT_OPEN, kasir_protocol_encode_shift_open (&open)));
  g_assert_cmpint (r1->status, ==, KASIR_RESULT_APPLIED);
  /* The manager closes the shift from the other till. */
  r2 = push_one (fx, t2, make_mutation (t2, KASIR_MUTATION_SHIFT_CLOSE, kasir_protocol_encode_shift_close (&close)));
  g_assert_cmpint (r2->status, ==, KASIR_RESULT_APPLIED);

  sale = make_sale (&pid, &price, NULL, 1, 1);
  sale->shift_id = g_strdup (shift_id);
  r3 = push_one (fx, t1, make_sale_mutation (t1, sale));
  g_assert_cmpint (r3->status, ==, KASIR_RESULT_APPLIED_WITH_CONFLICTS);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM shifts"), ==, 2);
  conflicts = pull_conflicts (fx, t1);
  c = only_conflict (conflicts, KASIR_CONFLICT_SHIFT_CLOSED);
  g_assert_cmpint (c->status, ==, KASIR_CONFLICT_RESOLVED_BY_RULE);
  g_assert_cmpstr (json_str (c->terminal, "shift_id"), ==, shift_id);
  moved_to = g_strdup (json_str (c->server, "shift_id"));
  g_assert_cmpstr (moved_to, !=, shift_id);
  g_assert_true (kasir_uuid_is_valid (moved_to));
  {
    g_autofree char *q = g_strdup_printf ("SELECT COUNT(*) FROM sales WHERE shift_id = '%s'", moved_to);
    g_assert_cmpint (db_int (fx, q), ==, 1);
  }
  server_fixture_free (fx);
}

static KasirMutation *
customer_upsert (TestTerminal *t,
                 gint64        customer_id,
                 gint64        base_version,
                 JsonObject   *fields)
{
  g_autofree char *client_id = kasir_uuid_new ();
  KasirEdit edit = { .entity_id = customer_id, .client_id = client_id,
                     .base_version = base_version, .staff_id = cashier_of (t) };
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, fields);
  edit.fields = node;
  return make_mutation (t, KASIR_MUTATION_CUSTOMER_UPSERT, kasir_protocol_encode_customer_upsert (&edit));
}

static void
test_loyalty_overspent (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t1 = enroll_terminal (fx, 1);
  g_autoptr(KasirPushResult) r1 = NULL;
  g_autoptr(KasirPushResult) r2 = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(GHashTable) conflicts = NULL;
  JsonObject *fields = json_object_new ();
  gint64 pid = 3, price = 9500;
  KasirConflict *c;

  json_object_set_string_member (fields, "name", "Rina Kusuma");
  json_object_set_string_member (fields, "phone", "081234567890");
  r1 = push_one (fx, t1, customer_upsert (t1, 0, 0, fields));
  g_assert_cmpint (r1->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (db_int (fx, "SELECT loyalty_points FROM customers WHERE id = 1"), ==, 0);

  /* The till believed she had 500 points and took them as tender. */
  sale = make_sale (&pid, &price, NULL, 1, 1);
  sale->customer_id = 1;
  sale->loyalty_redeemed = 500;
  ((KasirPayment *) g_ptr_array_index (sale->payments, 0))->amount = 9000;
  g_ptr_array_add (sale->payments, kasir_payment_new (KASIR_PAYMENT_POINTS, 500));
  r2 = push_one (fx, t1, make_sale_mutation (t1, sale));
  g_assert_cmpint (r2->status, ==, KASIR_RESULT_APPLIED_WITH_CONFLICTS);
  g_assert_cmpint (db_int (fx, "SELECT COUNT(*) FROM sales"), ==, 1);
  g_assert_cmpint (db_int (fx, "SELECT loyalty_points FROM customers WHERE id = 1"), ==, 0);
  conflicts = pull_conflicts (fx, t1);
  c = only_conflict (conflicts, KASIR_CONFLICT_LOYALTY_OVERSPENT);
  g_assert_cmpint (c->status, ==, KASIR_CONFLICT_OPEN);
  g_assert_cmpstr (c->entity, ==, "customer");
  g_assert_cmpint (json_int (c->base, "loyalty_points"), ==, 0);
  g_assert_cmpint (json_int (c->terminal, "loyalty_redeemed"), ==, 500);
  g_assert_cmpint (json_int (c->server, "shortfall"), ==, 500);
  server_fixture_free (fx);
}

/* A member made on a till and sold to before the till learned her id: the sale names
 * her by client id, and the points it earns are credited once, however often the batch
 * is pushed (the seq answers the stored result; the unique sale id backs it). */
static void
test_loyalty_earned_once (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t1 = enroll_terminal (fx, 1);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);
  g_autoptr(KasirPushResponse) first = NULL;
  g_autoptr(KasirPushResponse) again = NULL;
  g_autoptr(KasirPushResult) later = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(KasirSale) second = NULL;
  JsonObject *fields = json_object_new ();
  KasirMutation *upsert;
  gint64 pid = 3, price = 9500;
  gint64 id;
  guint status = 0;

  json_object_set_string_member (fields, "name", "Sari Dewi");
  json_object_set_string_member (fields, "member_code", "M-0777");
  upsert = customer_upsert (t1, 0, 0, fields);
  g_ptr_array_add (batch, upsert);
  sale = make_sale (&pid, &price, NULL, 1, 1);
  sale->customer_client_id = g_strdup (json_object_get_string_member (json_node_get_object (upsert->payload),
                                                                      "client_id"));
  sale->loyalty_earned = 9;
  g_ptr_array_add (batch, make_sale_mutation (t1, sale));

  for (int round = 0; round < 2; round++)
    {
      KasirPushResponse *resp = push (fx, t1, batch, &status, NULL);

      g_assert_cmpuint (status, ==, 200);
      g_assert_nonnull (resp);
      if (round == 0)
        first = resp;
      else
        again = resp;
      g_assert_cmpint (db_int (fx, "SELECT count(*) FROM customers"), ==, 1);
      g_assert_cmpint (db_int (fx, "SELECT count(*) FROM sales"), ==, 1);
      g_assert_cmpint (db_int (fx, "SELECT loyalty_points FROM customers WHERE member_code = 'M-0777'"), ==, 9);
    }
  id = db_int (fx, "SELECT id FROM customers WHERE member_code = 'M-0777'");
  g_assert_cmpint (db_int (fx, "SELECT customer_id FROM sales"), ==, id);

  /* A later sale by her id redeems 4 of them and earns 2: 9 - 4 + 2. */
  second = make_sale (&pid, &price, NULL, 1, 1);
  second->customer_id = id;
  second->loyalty_redeemed = 4;
  second->loyalty_earned = 2;
  ((KasirPayment *) g_ptr_array_index (second->payments, 0))->amount = 9500 - 40;
  g_ptr_array_add (second->payments, kasir_payment_new (KASIR_PAYMENT_POINTS, 40));
  later = push_one (fx, t1, make_sale_mutation (t1, second));
  g_assert_cmpint (later->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (db_int (fx, "SELECT loyalty_points FROM customers WHERE member_code = 'M-0777'"), ==, 7);
  server_fixture_free (fx);
}

/* Two managers edit the same product from two tills, both from version 1. Fields changed
 * on one side merge; the same field changed on both sides becomes a three-way conflict
 * and the first value stays. */
static void
test_concurrent_product_edit (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t1 = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) t2 = enroll_terminal (fx, 2);
  g_autoptr(KasirPushResult) r1 = NULL;
  g_autoptr(KasirPushResult) r2 = NULL;
  g_autoptr(GHashTable) conflicts = NULL;
  JsonObject *f1 = json_object_new ();
  JsonObject *f2 = json_object_new ();
  g_autofree char *name = NULL;
  KasirConflict *c;

  json_object_set_string_member (f1, "name", "Air Mineral 600 ml Botol");
  r1 = push_one (fx, t1, product_update (t1, 1, 1, f1));
  g_assert_cmpint (r1->status, ==, KASIR_RESULT_APPLIED);

  json_object_set_string_member (f2, "name", "Air Putih 600 ml");
  json_object_set_int_member (f2, "price", 3700);
  r2 = push_one (fx, t2, product_update (t2, 1, 1, f2));
  g_assert_cmpint (r2->status, ==, KASIR_RESULT_APPLIED_WITH_CONFLICTS);

  name = db_text (fx, "SELECT name FROM products WHERE id = 1");
  g_assert_cmpstr (name, ==, "Air Mineral 600 ml Botol");
  g_assert_cmpint (db_int (fx, "SELECT price FROM products WHERE id = 1"), ==, 3700);
  g_assert_cmpint (db_int (fx, "SELECT version FROM products WHERE id = 1"), ==, 3);
  g_assert_cmpint (db_int (fx, "SELECT price_version FROM products WHERE id = 1"), ==, 2);

  /* Product edits are chain-wide: the conflict belongs to the outlet that sent the edit. */
  conflicts = pull_conflicts (fx, t2);
  c = only_conflict (conflicts, KASIR_CONFLICT_CONCURRENT_EDIT);
  g_assert_cmpint (c->status, ==, KASIR_CONFLICT_OPEN);
  g_assert_cmpstr (c->entity, ==, "product");
  g_assert_cmpstr (json_str (c->base, "name"), ==, "Air Mineral 600 ml");
  g_assert_cmpstr (json_str (c->terminal, "name"), ==, "Air Putih 600 ml");
  g_assert_cmpstr (json_str (c->server, "name"), ==, "Air Mineral 600 ml Botol");
  g_assert_false (json_object_has_member (json_node_get_object (c->terminal), "price"));
  server_fixture_free (fx);
}

static void
test_concurrent_customer_edit (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t1 = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) t2 = enroll_terminal (fx, 1);
  g_autoptr(KasirPushResult) r0 = NULL;
  g_autoptr(KasirPushResult) r1 = NULL;
  g_autoptr(KasirPushResult) r2 = NULL;
  g_autoptr(GHashTable) conflicts = NULL;
  JsonObject *f0 = json_object_new ();
  JsonObject *f1 = json_object_new ();
  JsonObject *f2 = json_object_new ();
  KasirConflict *c;

  json_object_set_string_member (f0, "name", "Budi");
  json_object_set_string_member (f0, "phone", "0811");
  r0 = push_one (fx, t1, customer_upsert (t1, 0, 0, f0));
  g_assert_cmpint (r0->status, ==, KASIR_RESULT_APPLIED);

  json_object_set_string_member (f1, "phone", "0812");
  r1 = push_one (fx, t1, customer_upsert (t1, 1, 1, f1));
  g_assert_cmpint (r1->status, ==, KASIR_RESULT_APPLIED);
  json_object_set_string_member (f2, "phone", "0813");
  json_object_set_string_member (f2, "email", "budi@example.com");
  r2 = push_one (fx, t2, customer_upsert (t2, 1, 1, f2));
  g_assert_cmpint (r2->status, ==, KASIR_RESULT_APPLIED_WITH_CONFLICTS);
  g_assert_cmpint (db_int (fx, "SELECT phone = '0812' AND email = 'budi@example.com' FROM customers"), ==, 1);
  conflicts = pull_conflicts (fx, t1);
  c = only_conflict (conflicts, KASIR_CONFLICT_CONCURRENT_EDIT);
  g_assert_cmpstr (json_str (c->base, "phone"), ==, "0811");
  g_assert_cmpstr (json_str (c->terminal, "phone"), ==, "0813");
  g_assert_cmpstr (json_str (c->server, "phone"), ==, "0812");
  server_fixture_free (fx);
}

static KasirMutation *
resolve_noted (TestTerminal *t,
               gint64        conflict_id,
               gint64        expected_version,
               const char   *decision,
               gint64        counted,
               const char   *note)
{
  KasirConflictResolve r = { conflict_id, expected_version, (char *) decision, (char *) note,
                             manager_of (t), NULL };
  g_autoptr(JsonNode) values = NULL;

  if (counted >= 0)
    {
      JsonObject *o = json_object_new ();
      json_object_set_int_member (o, "qty", counted);
      values = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (values, o);
      r.values = values;
    }
  return make_mutation (t, KASIR_MUTATION_CONFLICT_RESOLVE, kasir_protocol_encode_conflict_resolve (&r));
}

/* A resolution with the note a manager writes for stock and money decisions. */
static KasirMutation *
resolve (TestTerminal *t,
         gint64        conflict_id,
         gint64        expected_version,
         const char   *decision,
         gint64        counted)
{
  return resolve_noted (t, conflict_id, expected_version, decision, counted, "Counted at the shelf");
}

/* The server holds a resolution to the rules the till follows: a decision the kind does
 * not offer, or a stock decision without a note, is rejected and changes nothing. */
static void
test_resolve_follows_rules (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t1 = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) t2 = enroll_terminal (fx, 1);
  g_autoptr(KasirPushResult) s1 = NULL;
  g_autoptr(KasirPushResult) s2 = NULL;
  g_autoptr(KasirPushResult) wrong = NULL;
  g_autoptr(KasirPushResult) bare = NULL;
  g_autoptr(KasirPushResult) blank = NULL;
  g_autoptr(KasirPushResult) good = NULL;
  g_autoptr(GHashTable) conflicts = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id;

  s1 = sell (fx, t1, 2, 4000, 1, 1);
  s2 = sell (fx, t2, 2, 4000, 1, 1);
  conflicts = pull_conflicts (fx, t2);
  id = only_conflict (conflicts, KASIR_CONFLICT_STOCK_SHORTAGE)->id;
  before = db_digest (fx);

  wrong = push_one (fx, t1, resolve (t1, id, 1, "merge", -1));
  g_assert_cmpint (wrong->status, ==, KASIR_RESULT_REJECTED);
  g_assert_cmpstr (wrong->reason, ==, "invalid conflict.resolve: merge is not a decision for a "
                                      "stock_shortage conflict");
  bare = push_one (fx, t1, resolve_noted (t1, id, 1, "counted_stock", 3, NULL));
  g_assert_cmpint (bare->status, ==, KASIR_RESULT_REJECTED);
  g_assert_true (g_str_has_suffix (bare->reason, "needs a note"));
  blank = push_one (fx, t1, resolve_noted (t1, id, 1, "counted_stock", 3, " \t "));
  g_assert_cmpint (blank->status, ==, KASIR_RESULT_REJECTED);
  g_assert_cmpint (db_int (fx, "SELECT version FROM conflicts WHERE status = 'open'"), ==, 1);
  g_assert_cmpint (db_int (fx, "SELECT qty FROM stock WHERE product_id = 2 AND outlet_id = 1"), ==, -1);

  good = push_one (fx, t1, resolve (t1, id, 1, "counted_stock", 3));
  g_assert_cmpint (good->status, ==, KASIR_RESULT_APPLIED);
  after = db_digest (fx);
  g_assert_cmpstr (before, !=, after);
  g_assert_cmpint (db_int (fx, "SELECT qty FROM stock WHERE product_id = 2 AND outlet_id = 1"), ==, 3);
  server_fixture_free (fx);
}

static void
test_resolve_first_wins (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t1 = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) t2 = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) t3 = enroll_terminal (fx, 2);
  g_autoptr(KasirPushResult) s1 = NULL;
  g_autoptr(KasirPushResult) s2 = NULL;
  g_autoptr(KasirPushResult) a = NULL;
  g_autoptr(KasirPushResult) b = NULL;
  g_autoptr(KasirPushResult) foreign = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  KasirConflict *c;
  gint64 id;

  s1 = sell (fx, t1, 2, 4000, 1, 1);
  s2 = sell (fx, t2, 2, 4000, 1, 1);
  before = pull_conflicts (fx, t2);
  c = only_conflict (before, KASIR_CONFLICT_STOCK_SHORTAGE);
  id = c->id;
  g_assert_cmpint (c->version, ==, 1);

  /* Both managers resolve it offline from version 1; t1's arrives first. */
  a = push_one (fx, t1, resolve (t1, id, 1, "counted_stock", 3));
  b = push_one (fx, t2, resolve (t2, id, 1, "write_off", -1));
  g_assert_cmpint (a->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (b->status, ==, KASIR_RESULT_REJECTED);
  g_assert_cmpstr (b->reason, ==, "already_resolved");
  g_assert_cmpuint (b->conflict_ids->len, ==, 1);
  g_assert_cmpint (g_array_index (b->conflict_ids, gint64, 0), ==, id);
  /* The counted figure became the stock. */
  g_assert_cmpint (db_int (fx, "SELECT qty FROM stock WHERE product_id = 2 AND outlet_id = 1"), ==, 3);

  after = pull_conflicts (fx, t2);
  c = g_hash_table_lookup (after, &id);
  g_assert_nonnull (c);
  g_assert_cmpint (c->status, ==, KASIR_CONFLICT_RESOLVED);
  g_assert_cmpint (c->version, ==, 2);
  g_assert_cmpstr (json_str (c->resolution, "decision"), ==, "counted_stock");
  g_assert_cmpint (json_int (c->resolution, "terminal_id"), ==, t1->terminal_id);

  /* Another outlet cannot resolve it at all. */
  foreign = push_one (fx, t3, resolve (t3, id, 2, "acknowledge", -1));
  g_assert_cmpint (foreign->status, ==, KASIR_RESULT_REJECTED);
  g_assert_true (g_str_has_prefix (foreign->reason, "unknown_conflict"));
  server_fixture_free (fx);
}

static JsonObject *
obj (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static char *
text (JsonObject *o)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, o);
  return json_to_string (node, FALSE);
}

/* The merge itself, without a database: one-sided changes merge, two-sided ones conflict,
 * equal values are no change, and an unknown base makes every difference a conflict. */
static void
test_three_way (void)
{
  static const struct
  {
    const char *fields, *server, *base;
    const char *apply, *c_base, *c_terminal, *c_server;
  } cases[] = {
    { "{\"name\":\"B\"}", "{\"name\":\"A\",\"price\":1}", "{\"name\":\"A\",\"price\":1}",
      "{\"name\":\"B\"}", "{}", "{}", "{}" },
    { "{\"name\":\"B\",\"price\":2}", "{\"name\":\"C\",\"price\":1}", "{\"name\":\"A\",\"price\":1}",
      "{\"price\":2}", "{\"name\":\"A\"}", "{\"name\":\"B\"}", "{\"name\":\"C\"}" },
    { "{\"name\":\"C\"}", "{\"name\":\"C\"}", "{\"name\":\"A\"}",
      "{}", "{}", "{}", "{}" },
    { "{\"name\":\"B\",\"price\":1}", "{\"name\":\"C\",\"price\":1}", NULL,
      "{}", "{\"name\":null}", "{\"name\":\"B\"}", "{\"name\":\"C\"}" },
    { "{\"email\":\"x@example.com\"}", "{\"name\":\"C\"}", "{\"name\":\"C\"}",
      "{\"email\":\"x@example.com\"}", "{}", "{}", "{}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) fields = obj (cases[i].fields);
      g_autoptr(JsonObject) server = obj (cases[i].server);
      g_autoptr(JsonObject) base = cases[i].base ? obj (cases[i].base) : NULL;
      g_autoptr(JsonObject) apply = json_object_new ();
      g_autoptr(JsonObject) cb = json_object_new ();
      g_autoptr(JsonObject) ct = json_object_new ();
      g_autoptr(JsonObject) cs = json_object_new ();
      g_autofree char *a = NULL, *b = NULL, *t = NULL, *s = NULL;

      kasir_server_three_way (fields, server, base, apply, cb, ct, cs);
      a = text (apply);
      b = text (cb);
      t = text (ct);
      s = text (cs);
      g_assert_cmpstr (a, ==, cases[i].apply);
      g_assert_cmpstr (b, ==, cases[i].c_base);
      g_assert_cmpstr (t, ==, cases[i].c_terminal);
      g_assert_cmpstr (s, ==, cases[i].c_server);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Kasir/Server/Conflicts/three-way-merge", test_three_way);
  g_test_add_func ("/Kasir/Server/Conflicts/last-unit-two-terminals", test_last_unit);
  g_test_add_func ("/Kasir/Server/Conflicts/price-changed", test_price_changed);
  g_test_add_func ("/Kasir/Server/Conflicts/price-changed-in-batch", test_price_changed_in_batch);
  g_test_add_func ("/Kasir/Server/Conflicts/product-archived", test_product_archived);
  g_test_add_func ("/Kasir/Server/Conflicts/shift-closed", test_shift_closed);
  g_test_add_func ("/Kasir/Server/Conflicts/loyalty-overspent", test_loyalty_overspent);
  g_test_add_func ("/Kasir/Server/Conflicts/loyalty-earned-once", test_loyalty_earned_once);
  g_test_add_func ("/Kasir/Server/Conflicts/concurrent-product-edit", test_concurrent_product_edit);
  g_test_add_func ("/Kasir/Server/Conflicts/concurrent-customer-edit", test_concurrent_customer_edit);
  g_test_add_func ("/Kasir/Server/Conflicts/resolve-first-wins", test_resolve_first_wins);
  g_test_add_func ("/Kasir/Server/Conflicts/resolve-follows-rules", test_resolve_follows_rules);
  return g_test_run ();
}
