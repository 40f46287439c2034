/* test-server-retry.c — the seq rules, for every mutation type, over real HTTP:
 *
 *  - a mutation whose seq is at or below the terminal's last applied one answers the
 *    stored result and changes nothing at all, whatever it carries (a retry after a lost
 *    response; a till that resends a batch), one case per mutation type;
 *  - a payload without one of its required fields, or with any field of the wrong type,
 *    is rejected naming the field and changes nothing (a sale too: a malformed sale is a
 *    till's bug, reported, never repaired);
 *  - an outbox export whose first seq is past the one the server expects is refused with
 *    the reason, through the route and the admin command, and changes nothing.
 *
 * Each retry case first shows that the mutation has an effect (so that a server which
 * applied the retry again would be seen), then resends it three ways: as it was, with
 * the same seq but a payload that would change something else, and inside the whole
 * batch again; then a new mutation after it still applies.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-outbox-bundle.h"
#include "kasir-server-import.h"
#include "server-data/server-staff-util.h"

typedef struct
{
  ServerFixture *fx;
  TestTerminal  *t;
  gint64         manager;
  gint64         cashier;
  GPtrArray     *history;    /* every mutation pushed so far (KasirMutation*) */
  GPtrArray     *results;    /* and the result each got (KasirPushResult*) */
  char          *sale_id;    /* a sale of two units of product 3 */
  char          *shift_a;    /* two open shifts */
  char          *shift_b;
  gint64         conflict_a; /* two open stock_shortage conflicts */
  gint64         conflict_b;
} Ctx;

/* Pushes a new mutation, which must be applied (with or without conflicts); keeps it. */
static KasirPushResult *
push_new (Ctx               *c,
          KasirMutationType  type,
          JsonNode          *payload)
{
  KasirMutation *m = make_mutation (c->t, type, payload);
  KasirPushResult *r;

  g_ptr_array_add (c->history, kasir_mutation_copy (m));
  r = push_one (c->fx, c->t, m);
  if (r->status == KASIR_RESULT_REJECTED)
    g_error ("%s seq %" G_GINT64_FORMAT " was rejected: %s", kasir_mutation_type_to_string (type),
             r->seq, r->reason);
  g_ptr_array_add (c->results, kasir_push_result_copy (r));
  return r;
}

static JsonNode *
sale_payload (Ctx    *c,
              gint64  product_id,
              gint64  price,
              gint64  qty,
              char  **sale_id_out)
{
  g_autoptr(KasirSale) sale = make_sale (&product_id, &price, NULL, qty, 1);

  sale->staff_id = c->cashier;
  if (sale_id_out != NULL)
    *sale_id_out = g_strdup (sale->sale_id);
  return kasir_protocol_encode_sale (sale);
}

static JsonNode *
shift_open_payload (Ctx        *c,
                    const char *shift_id)
{
  g_autofree char *now = kasir_now_rfc3339 ();

  return payload_printf ("{'shift_id':'%s','staff_id':%" G_GINT64_FORMAT ",'opening_float':200000,"
                         "'opened_at':'%s'}", shift_id, c->cashier, now);
}

static JsonNode *
shift_close_payload (Ctx        *c,
                     const char *shift_id,
                     gint64      cash)
{
  g_autofree char *now = kasir_now_rfc3339 ();

  return payload_printf ("{'shift_id':'%s','staff_id':%" G_GINT64_FORMAT ",'closed_at':'%s',"
                         "'counted':[{'method':'cash','amount':%" G_GINT64_FORMAT "}],"
                         "'expected':[{'method':'cash','amount':%" G_GINT64_FORMAT "}]}",
                         shift_id, c->cashier, now, cash, cash);
}

static JsonNode *
refund_payload (Ctx *c)
{
  g_autofree char *refund_id = kasir_uuid_new ();
  g_autofree char *now = kasir_now_rfc3339 ();

  return payload_printf ("{'refund_id':'%s','sale_id':'%s','reason':'damaged pack',"
                         "'staff_id':%" G_GINT64_FORMAT ",'lines':[{'product_id':3,'qty':1,"
                         "'amount':9500}],'payments':[{'method':'cash','amount':9500}],"
                         "'total':9500,'created_at':'%s'}", refund_id, c->sale_id, c->manager, now);
}

static JsonNode *
product_update_payload (Ctx        *c,
                        const char *fields)
{
  return payload_printf ("{'product_id':3,'base_version':1,'staff_id':%" G_GINT64_FORMAT ","
                         "'fields':%s}", c->manager, fields);
}

static JsonNode *
stock_adjust_payload (Ctx    *c,
                      gint64  product_id,
                      gint64  delta)
{
  return payload_printf ("{'product_id':%" G_GINT64_FORMAT ",'delta':%" G_GINT64_FORMAT ","
                         "'reason':'counted on the shelf','staff_id':%" G_GINT64_FORMAT "}",
                         product_id, delta, c->manager);
}

static JsonNode *
customer_payload (Ctx        *c,
                  const char *name,
                  const char *phone)
{
  g_autofree char *client_id = kasir_uuid_new ();

  return payload_printf ("{'customer_id':null,'client_id':'%s','base_version':0,"
                         "'staff_id':%" G_GINT64_FORMAT ",'fields':{'name':'%s','phone':'%s'}}",
                         client_id, c->manager, name, phone);
}

static JsonNode *
resolve_payload (Ctx    *c,
                 gint64  conflict_id,
                 gint64  counted)
{
  return payload_printf ("{'conflict_id':%" G_GINT64_FORMAT ",'expected_version':1,"
                         "'decision':'counted_stock','note':'counted the shelf',"
                         "'staff_id':%" G_GINT64_FORMAT ",'values':{'qty':%" G_GINT64_FORMAT "}}",
                         conflict_id, c->manager, counted);
}

/* ---- What each case needs before its mutation ---- */

static void
setup_none (Ctx *c)
{
}

static void
setup_sale (Ctx *c)
{
  g_autoptr(KasirPushResult) r = push_new (c, KASIR_MUTATION_SALE_CREATE,
                                           sale_payload (c, 3, 9500, 2, &c->sale_id));
}

static void
setup_shifts (Ctx *c)
{
  g_autoptr(KasirPushResult) a = NULL;
  g_autoptr(KasirPushResult) b = NULL;

  c->shift_a = kasir_uuid_new ();
  c->shift_b = kasir_uuid_new ();
  a = push_new (c, KASIR_MUTATION_SHIFT_OPEN, shift_open_payload (c, c->shift_a));
  b = push_new (c, KASIR_MUTATION_SHIFT_OPEN, shift_open_payload (c, c->shift_b));
}

/* Product 2 has 1 unit and product 1 has 10 at outlet 1: selling 2 and 11 opens one
 * stock_shortage conflict each. */
static void
setup_conflicts (Ctx *c)
{
  g_autoptr(KasirPushResult) a = push_new (c, KASIR_MUTATION_SALE_CREATE, sale_payload (c, 2, 4000, 2, NULL));
  g_autoptr(KasirPushResult) b = push_new (c, KASIR_MUTATION_SALE_CREATE, sale_payload (c, 1, 3500, 11, NULL));

  g_assert_cmpint (a->status, ==, KASIR_RESULT_APPLIED_WITH_CONFLICTS);
  g_assert_cmpint (b->status, ==, KASIR_RESULT_APPLIED_WITH_CONFLICTS);
  c->conflict_a = g_array_index (a->conflict_ids, gint64, 0);
  c->conflict_b = g_array_index (b->conflict_ids, gint64, 0);
  g_assert_cmpint (c->conflict_a, !=, c->conflict_b);
}

/* ---- The cases: the mutation, and another payload under the same seq ---- */

static JsonNode *first_sale (Ctx *c) { return sale_payload (c, 1, 3500, 2, NULL); }
static JsonNode *other_sale (Ctx *c) { return sale_payload (c, 4, 3200, 3, NULL); }
static JsonNode *first_refund (Ctx *c) { return refund_payload (c); }
static JsonNode *other_refund (Ctx *c) { return refund_payload (c); }

static JsonNode *
first_shift_open (Ctx *c)
{
  g_autofree char *id = kasir_uuid_new ();

  return shift_open_payload (c, id);
}

static JsonNode *
other_shift_open (Ctx *c)
{
  g_autofree char *id = kasir_uuid_new ();

  return shift_open_payload (c, id);
}

static JsonNode *first_shift_close (Ctx *c) { return shift_close_payload (c, c->shift_a, 250000); }
static JsonNode *other_shift_close (Ctx *c) { return shift_close_payload (c, c->shift_b, 310000); }
static JsonNode *first_product_update (Ctx *c) { return product_update_payload (c, "{'price':9900}"); }
static JsonNode *other_product_update (Ctx *c) { return product_update_payload (c, "{'name':'Keripik Kentang 75 g'}"); }
static JsonNode *first_stock_adjust (Ctx *c) { return stock_adjust_payload (c, 4, -5); }
static JsonNode *other_stock_adjust (Ctx *c) { return stock_adjust_payload (c, 4, 12); }
static JsonNode *first_customer (Ctx *c) { return customer_payload (c, "Budi Santoso", "081234567890"); }
static JsonNode *other_customer (Ctx *c) { return customer_payload (c, "Sari Dewi", "081298765432"); }
static JsonNode *first_resolve (Ctx *c) { return resolve_payload (c, c->conflict_a, 5); }
static JsonNode *other_resolve (Ctx *c) { return resolve_payload (c, c->conflict_b, 7); }

typedef struct
{
  const char        *name;
  KasirMutationType  type;
  void             (*setup) (Ctx *c);
  JsonNode        *(*first) (Ctx *c);
  JsonNode        *(*other) (Ctx *c);
  /* A figure the mutation changes, and another payload at the same seq would change again. */
  const char        *effect;
} RetryCase;

static const RetryCase retry_cases[] = {
  { "sale.create", KASIR_MUTATION_SALE_CREATE, setup_none, first_sale, other_sale,
    "SELECT COUNT(*) * 1000 + (SELECT SUM(qty) FROM stock WHERE outlet_id = 1) FROM sales" },
  { "sale.refund", KASIR_MUTATION_SALE_REFUND, setup_sale, first_refund, other_refund,
    "SELECT COUNT(*) * 1000 + (SELECT qty FROM stock WHERE product_id = 3 AND outlet_id = 1) FROM refunds" },
  { "shift.open", KASIR_MUTATION_SHIFT_OPEN, setup_none, first_shift_open, other_shift_open,
    "SELECT COUNT(*) FROM shifts" },
  { "shift.close", KASIR_MUTATION_SHIFT_CLOSE, setup_shifts, first_shift_close, other_shift_close,
    "SELECT COUNT(*) * 1000000 + SUM(counted_cash) FROM shifts WHERE closed_at IS NOT NULL" },
  { "product.update", KASIR_MUTATION_PRODUCT_UPDATE, setup_none, first_product_update,
    other_product_update, "SELECT version * 100000 + price FROM products WHERE id = 3" },
  { "stock.adjust", KASIR_MUTATION_STOCK_ADJUST, setup_none, first_stock_adjust, other_stock_adjust,
    "SELECT qty FROM stock WHERE product_id = 4 AND outlet_id = 1" },
  { "customer.upsert", KASIR_MUTATION_CUSTOMER_UPSERT, setup_none, first_customer, other_customer,
    "SELECT COUNT(*) FROM customers" },
  { "conflict.resolve", KASIR_MUTATION_CONFLICT_RESOLVE, setup_conflicts, first_resolve, other_resolve,
    "SELECT COUNT(*) * 1000 + (SELECT SUM(qty) FROM stock WHERE outlet_id = 1) FROM conflicts "
    "WHERE status = 'resolved'" },
};

static KasirMutation *
same_seq (const KasirMutation *m,
          JsonNode            *payload)
{
  KasirMutation *copy = kasir_mutation_copy (m);

  g_clear_pointer (&copy->payload, json_node_unref);
  copy->payload = payload;
  return copy;
}

static void
test_retry (gconstpointer data)
{
  const RetryCase *rc = data;
  Ctx c = { 0 };
  g_autoptr(KasirMutation) m = NULL;
  g_autoptr(KasirPushResult) first = NULL;
  g_autofree char *digest = NULL;
  gint64 effect_before, effect_after;
  guint status;

  c.fx = server_fixture_new ();
  c.manager = add_staff (c.fx, 1, "Wulan Sari", "manager");
  c.cashier = add_staff (c.fx, 1, "Hendra Gunawan", "cashier");
  /* Another outlet's staff, so that ids are not all 1. */
  add_staff (c.fx, 2, "Putri Ayu", "manager");
  c.t = enroll_terminal (c.fx, 1);
  c.history = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);
  c.results = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_push_result_free);
  rc->setup (&c);

  effect_before = db_int (c.fx, rc->effect);
  m = make_mutation (c.t, rc->type, rc->first (&c));
  g_ptr_array_add (c.history, kasir_mutation_copy (m));
  first = push_one (c.fx, c.t, kasir_mutation_copy (m));
  g_ptr_array_add (c.results, kasir_push_result_copy (first));
  g_assert_cmpint (first->seq, ==, m->seq);
  g_assert_cmpint (first->status, !=, KASIR_RESULT_REJECTED);
  effect_after = db_int (c.fx, rc->effect);
  /* The mutation did something: applying it again would show. */
  g_assert_cmpint (effect_after, !=, effect_before);
  digest = db_digest (c.fx);

  /* 1. The same mutation again (a lost response). */
  {
    g_autoptr(KasirPushResult) again = push_one (c.fx, c.t, kasir_mutation_copy (m));
    g_autofree char *now = db_digest (c.fx);

    assert_same_result (first, again);
    g_assert_cmpstr (now, ==, digest);
  }

  /* 2. The same seq with a payload that would change something else: the seq is what the
   * server goes by. */
  {
    g_autoptr(KasirPushResult) again = push_one (c.fx, c.t, same_seq (m, rc->other (&c)));
    g_autofree char *now = db_digest (c.fx);

    assert_same_result (first, again);
    g_assert_cmpstr (now, ==, digest);
    g_assert_cmpint (db_int (c.fx, rc->effect), ==, effect_after);
  }

  /* 3. The whole history as one batch, and once more through the store's own
   * single-mutation operation. */
  {
    g_autoptr(KasirPushResponse) resp = push (c.fx, c.t, c.history, &status, NULL);
    g_autoptr(KasirPushResult) single = NULL;
    g_autoptr(KasirMutation) other = same_seq (m, rc->other (&c));
    g_autoptr(GError) error = NULL;
    g_autofree char *now = NULL;
    KasirServerPushOutcome outcome;
    gint64 expected = 0;

    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpuint (resp->results->len, ==, c.history->len);
    g_assert_cmpint (resp->last_seq, ==, m->seq);
    /* Each one its own stored result. */
    for (guint i = 0; i < c.results->len; i++)
      assert_same_result (g_ptr_array_index (c.results, i), g_ptr_array_index (resp->results, i));
    g_assert_true (kasir_server_store_push (c.fx->admin, c.t->terminal_id, c.t->outlet_id, other,
                                            &outcome, &single, &expected, &error));
    g_assert_no_error (error);
    g_assert_cmpint (outcome, ==, KASIR_SERVER_PUSH_DUPLICATE);
    g_assert_cmpint (expected, ==, m->seq + 1);
    assert_same_result (first, single);
    now = db_digest (c.fx);
    g_assert_cmpstr (now, ==, digest);
  }

  /* 4. A retry followed by a new mutation in one batch: the retry answers its stored
   * result, the new one applies, last_seq moves on by one. */
  {
    g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);
    g_autoptr(KasirPushResponse) resp = NULL;
    KasirPushResult *next;

    g_ptr_array_add (batch, same_seq (m, rc->other (&c)));
    g_ptr_array_add (batch, make_mutation (c.t, KASIR_MUTATION_STOCK_ADJUST, stock_adjust_payload (&c, 3, 1)));
    resp = push (c.fx, c.t, batch, &status, NULL);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpuint (resp->results->len, ==, 2);
    assert_same_result (first, g_ptr_array_index (resp->results, 0));
    next = g_ptr_array_index (resp->results, 1);
    g_assert_cmpint (next->seq, ==, m->seq + 1);
    g_assert_cmpint (next->status, ==, KASIR_RESULT_APPLIED);
    g_assert_cmpint (resp->last_seq, ==, m->seq + 1);
    g_assert_cmpint (db_int (c.fx, "SELECT COUNT(*) FROM push_results"), ==, m->seq + 1);
  }
  g_assert_cmpint (db_int (c.fx, "SELECT last_seq FROM terminals"), ==, m->seq + 1);

  g_ptr_array_unref (c.history);
  g_ptr_array_unref (c.results);
  test_terminal_free (c.t);
  g_free (c.sale_id);
  g_free (c.shift_a);
  g_free (c.shift_b);
  server_fixture_free (c.fx);
}

/* ---- Each field of each payload, missing or of the wrong type, on the server ---- */

/* Members the payload may leave out. */
static gboolean
optional_member (KasirMutationType  type,
                 const char        *name)
{
  static const char * const sale[] = { "shift_id", "staff_id", "customer_id", "tax_inclusive", NULL };

  switch (type)
    {
    case KASIR_MUTATION_SALE_CREATE:
      return g_strv_contains (sale, name);
    case KASIR_MUTATION_CUSTOMER_UPSERT:
      return g_str_equal (name, "customer_id");
    case KASIR_MUTATION_CONFLICT_RESOLVE:
      return g_str_equal (name, "note");
    default:
      return FALSE;
    }
}

/* Pushes @payload as the next mutation: it must be rejected, naming @name, and change
 * none of what the mutation would change. */
static void
push_refused (Ctx               *c,
              const RetryCase   *rc,
              JsonNode          *payload,
              const char        *name,
              const char        *how)
{
  gint64 effect = db_int (c->fx, rc->effect);
  g_autoptr(KasirPushResult) r = push_one (c->fx, c->t, make_mutation (c->t, rc->type, payload));

  if (r->status != KASIR_RESULT_REJECTED || r->reason == NULL || strstr (r->reason, name) == NULL)
    g_error ("%s with %s %s: %s, \"%s\"", rc->name, name, how, kasir_result_status_to_string (r->status),
             r->reason ? r->reason : "");
  g_assert_cmpint (db_int (c->fx, rc->effect), ==, effect);
}

static void
test_malformed (gconstpointer data)
{
  const RetryCase *rc = data;
  Ctx c = { 0 };
  g_autoptr(JsonNode) good = NULL;
  g_autoptr(GList) names = NULL;
  g_autoptr(KasirPushResult) applied = NULL;
  gint64 effect;
  guint n_required = 0;

  c.fx = server_fixture_new ();
  c.manager = add_staff (c.fx, 1, "Wulan Sari", "manager");
  c.cashier = add_staff (c.fx, 1, "Hendra Gunawan", "cashier");
  c.t = enroll_terminal (c.fx, 1);
  c.history = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);
  c.results = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_push_result_free);
  rc->setup (&c);

  good = rc->first (&c);
  names = json_object_get_members (json_node_get_object (good));
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      g_autofree char *text = json_to_string (good, FALSE);

      if (!optional_member (rc->type, name))
        {
          JsonNode *without = json_from_string (text, NULL);

          json_object_remove_member (json_node_get_object (without), name);
          push_refused (&c, rc, without, name, "missing");
          n_required++;
        }
      {
        JsonNode *wrong = json_from_string (text, NULL);
        JsonObject *obj = json_node_get_object (wrong);
        JsonNode *member = json_object_get_member (obj, name);

        /* A container becomes a string; anything else an array. */
        if (JSON_NODE_HOLDS_OBJECT (member) || JSON_NODE_HOLDS_ARRAY (member))
          json_object_set_string_member (obj, name, "7");
        else
          json_object_set_array_member (obj, name, json_array_new ());
        push_refused (&c, rc, wrong, name, "of the wrong type");
      }
    }
  g_assert_cmpuint (n_required, >=, 3);

  /* The whole payload is good, and does what it says. */
  effect = db_int (c.fx, rc->effect);
  applied = push_one (c.fx, c.t, make_mutation (c.t, rc->type, json_node_copy (good)));
  g_assert_cmpint (applied->status, !=, KASIR_RESULT_REJECTED);
  g_assert_cmpint (db_int (c.fx, rc->effect), !=, effect);

  g_ptr_array_unref (c.history);
  g_ptr_array_unref (c.results);
  test_terminal_free (c.t);
  g_free (c.sale_id);
  g_free (c.shift_a);
  g_free (c.shift_b);
  server_fixture_free (c.fx);
}

/* ---- An export that starts past the seq the server expects ---- */

/* Seals @bundle with @secret and opens it again: the signed document a till forwards. */
static char *
signed_document (KasirOutboxBundle *bundle,
                 const guint8      *secret,
                 char             **sealed_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sealed = kasir_outbox_bundle_seal (bundle, secret, "correct horse battery", &error);
  char *document;

  g_assert_no_error (error);
  document = kasir_outbox_bundle_unseal (sealed, strlen (sealed), "correct horse battery", &error);
  g_assert_no_error (error);
  if (sealed_out != NULL)
    *sealed_out = g_steal_pointer (&sealed);
  return document;
}

static JsonNode *
import_body (const char *document)
{
  JsonObject *obj = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (obj, "document", document);
  json_node_take_object (node, obj);
  return node;
}

static void
test_import_gap (void)
{
  Ctx c = { 0 };
  g_autoptr(TestTerminal) carrier = NULL;
  g_autoptr(KasirOutboxBundle) bundle = kasir_outbox_bundle_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirPushResult) r1 = NULL;
  g_autoptr(KasirPushResult) r2 = NULL;
  g_autofree char *public_b64 = NULL;
  g_autofree char *document = NULL;
  g_autofree char *sealed = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *file = NULL;
  guint8 public_key[crypto_sign_PUBLICKEYBYTES];
  guint8 secret_key[crypto_sign_SECRETKEYBYTES];
  guint status;

  c.fx = server_fixture_new ();
  c.manager = add_staff (c.fx, 1, "Wulan Sari", "manager");
  c.cashier = add_staff (c.fx, 1, "Hendra Gunawan", "cashier");
  c.t = enroll_terminal (c.fx, 1);
  c.history = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);
  c.results = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_push_result_free);
  carrier = enroll_terminal (c.fx, 1);

  g_assert_cmpint (sodium_init (), >=, 0);
  crypto_sign_keypair (public_key, secret_key);
  public_b64 = g_base64_encode (public_key, sizeof public_key);
  g_assert_true (kasir_server_store_register_signing_key (c.fx->admin, c.t->terminal_id, public_b64, &error));
  g_assert_no_error (error);

  /* The server has seqs 1 and 2 of the till. */
  r1 = push_new (&c, KASIR_MUTATION_SALE_CREATE, sale_payload (&c, 1, 3500, 1, NULL));
  r2 = push_new (&c, KASIR_MUTATION_SALE_CREATE, sale_payload (&c, 4, 3200, 2, NULL));
  g_assert_cmpint (db_int (c.fx, "SELECT last_seq FROM terminals WHERE id = 1"), ==, 2);

  /* The export holds seqs 4 and 5: seq 3 never reached the server. */
  c.t->next_seq = 4;
  bundle->terminal_id = c.t->terminal_id;
  bundle->outlet_id = 1;
  bundle->seq_base = 0;
  bundle->server_url = g_strdup (c.fx->url);
  bundle->exported_at = kasir_now_rfc3339 ();
  g_ptr_array_add (bundle->mutations, make_mutation (c.t, KASIR_MUTATION_SALE_CREATE,
                                                     sale_payload (&c, 3, 9500, 1, NULL)));
  g_ptr_array_add (bundle->mutations, make_mutation (c.t, KASIR_MUTATION_STOCK_ADJUST,
                                                     stock_adjust_payload (&c, 4, -2)));
  document = signed_document (bundle, secret_key, &sealed);
  digest = db_digest (c.fx);

  /* Through the route, from another till of the outlet. */
  {
    g_autoptr(JsonNode) body = import_body (document);
    g_autoptr(JsonNode) reply = http_json (c.fx, "POST", "/api/v1/sync/import", carrier->token, body, &status);
    g_autoptr(KasirProtocolErrorBody) err = NULL;
    g_autofree char *now = db_digest (c.fx);

    /* Not a 200 with nothing applied. */
    g_assert_cmpuint (status, ==, 403);
    err = kasir_protocol_decode_error (reply, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (err->code, ==, "forbidden");
    g_test_message ("refused: %s", err->message);
    g_assert_nonnull (strstr (err->message, "starts at seq 4"));
    g_assert_nonnull (strstr (err->message, "is at seq 2"));
    g_assert_nonnull (strstr (err->message, "missing"));
    g_assert_cmpstr (now, ==, digest);
  }

  /* Through the store, as the admin command does. */
  {
    g_autoptr(KasirServerImportResult) result = kasir_server_import_document (c.fx->admin, document, 0, &error);
    g_autofree char *now = db_digest (c.fx);

    g_assert_null (result);
    g_assert_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_cmpstr (now, ==, digest);
  }

  /* The admin command exits non-zero with the reason. */
  {
    g_autofree char *tool = g_build_filename (g_getenv ("KASIR_BUILD_DIR"), "src", "server", "kasir-server", NULL);
    g_autoptr(GSubprocess) proc = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *now = NULL;

    file = g_build_filename (c.fx->dir, "till.kasir-outbox", NULL);
    g_assert_true (g_file_set_contents (file, sealed, -1, &error));
    proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                             G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                             tool, "import-outbox", "--db", c.fx->db_path, file, NULL);
    g_assert_no_error (error);
    g_subprocess_communicate_utf8 (proc, "correct horse battery\n", NULL, &out, &err, &error);
    g_assert_no_error (error);
    g_test_message ("import-outbox: %s%s", out, err);
    g_assert_false (g_subprocess_get_successful (proc));
    g_assert_nonnull (strstr (err, "starts at seq 4"));
    g_assert_null (strstr (out, "applied"));
    now = db_digest (c.fx);
    g_assert_cmpstr (now, ==, digest);
  }

  /* With seq 3 in it, the same export applies, once. */
  {
    g_autoptr(KasirOutboxBundle) whole = kasir_outbox_bundle_new ();
    g_autoptr(JsonNode) body = NULL;
    g_autoptr(JsonNode) reply = NULL;
    g_autoptr(KasirPushResponse) resp = NULL;
    g_autofree char *whole_document = NULL;

    whole->terminal_id = bundle->terminal_id;
    whole->outlet_id = 1;
    whole->server_url = g_strdup (c.fx->url);
    whole->exported_at = kasir_now_rfc3339 ();
    c.t->next_seq = 3;
    g_ptr_array_add (whole->mutations, make_mutation (c.t, KASIR_MUTATION_SHIFT_OPEN,
                                                      first_shift_open (&c)));
    for (guint i = 0; i < bundle->mutations->len; i++)
      g_ptr_array_add (whole->mutations, kasir_mutation_copy (bundle->mutations->pdata[i]));
    whole_document = signed_document (whole, secret_key, NULL);
    body = import_body (whole_document);
    reply = http_json (c.fx, "POST", "/api/v1/sync/import", carrier->token, body, &status);
    g_assert_cmpuint (status, ==, 200);
    resp = kasir_protocol_decode_push_response (reply, &error);
    g_assert_no_error (error);
    g_assert_cmpint (resp->last_seq, ==, 5);
    g_assert_cmpuint (resp->results->len, ==, 3);
    g_assert_cmpint (db_int (c.fx, "SELECT COUNT(*) FROM sales"), ==, 3);
  }

  g_ptr_array_unref (c.history);
  g_ptr_array_unref (c.results);
  test_terminal_free (c.t);
  server_fixture_free (c.fx);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (retry_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Kasir/Server/Retry/%s", retry_cases[i].name);
      g_autofree char *malformed = g_strdup_printf ("/Kasir/Server/Malformed/%s", retry_cases[i].name);

      g_test_add_data_func (path, &retry_cases[i], test_retry);
      g_test_add_data_func (malformed, &retry_cases[i], test_malformed);
    }
  g_test_add_func ("/Kasir/Server/Retry/import-starting-past-expected", test_import_gap);
  return g_test_run ();
}
