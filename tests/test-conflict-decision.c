/* test-conflict-decision.c — the rules of conflict decisions, without a database: every
 * kind against every decision, the note rule, what each decision asks for and sends, and
 * the refusals.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kasir-conflict-decision.h"
#include "kasir-input-error.h"

static const KasirConflictKind all_kinds[] = {
  KASIR_CONFLICT_STOCK_SHORTAGE, KASIR_CONFLICT_PRICE_CHANGED, KASIR_CONFLICT_PRODUCT_ARCHIVED,
  KASIR_CONFLICT_SHIFT_CLOSED, KASIR_CONFLICT_LOYALTY_OVERSPENT, KASIR_CONFLICT_CONCURRENT_EDIT,
  KASIR_CONFLICT_UNKNOWN_REFERENCE, KASIR_CONFLICT_REFUNDED_TWICE,
  KASIR_CONFLICT_DUPLICATE_CODE,
};

/* What each kind allows, written out by hand (the wire names, in the order offered). */
static const char *
expected_for (KasirConflictKind kind)
{
  switch (kind)
    {
    case KASIR_CONFLICT_STOCK_SHORTAGE:
      return "accept,counted_stock,void_sale";
    case KASIR_CONFLICT_LOYALTY_OVERSPENT:
      return "accept,charge_difference,write_off";
    case KASIR_CONFLICT_CONCURRENT_EDIT:
      return "merge";
    case KASIR_CONFLICT_DUPLICATE_CODE:
      return "keep_both,merge_into_existing";
    default:
      return "acknowledge";
    }
}

static KasirConflict *
conflict_of (KasirConflictKind kind)
{
  KasirConflict *c = kasir_conflict_new ();

  c->id = 7;
  c->kind = kind;
  c->status = KASIR_CONFLICT_OPEN;
  c->entity = g_strdup (kind == KASIR_CONFLICT_CONCURRENT_EDIT ? "product" : "stock");
  c->entity_id = g_strdup ("42");
  c->version = 3;
  if (kind == KASIR_CONFLICT_CONCURRENT_EDIT)
    c->terminal = json_from_string ("{\"price\": 1500, \"name\": \"Kopi\"}", NULL);
  return c;
}

/* Values that satisfy @decision on a conflict made by conflict_of(). */
static JsonNode *
good_values (KasirConflictDecision decision)
{
  static const char * const fields[] = { "name", "price", NULL };
  static const gboolean keep[] = { FALSE, TRUE };

  switch (kasir_conflict_decision_input (decision))
    {
    case KASIR_DECISION_INPUT_COUNT:
      return kasir_conflict_decision_count_values (0);
    case KASIR_DECISION_INPUT_AMOUNT:
      return kasir_conflict_decision_amount_values (2500);
    case KASIR_DECISION_INPUT_FIELDS:
      return kasir_conflict_decision_fields_values (fields, keep);
    case KASIR_DECISION_INPUT_NONE:
    default:
      return NULL;
    }
}

static void
test_wire_names (void)
{
  static const char * const names[] = {
    "accept", "counted_stock", "void_sale", "charge_difference", "write_off", "merge",
    "acknowledge", "keep_both", "merge_into_existing",
  };
  KasirConflictDecision d;

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == KASIR_N_DECISIONS);
  for (guint i = 0; i < KASIR_N_DECISIONS; i++)
    {
      g_assert_cmpstr (kasir_conflict_decision_to_string (i), ==, names[i]);
      g_assert_true (kasir_conflict_decision_from_string (names[i], &d));
      g_assert_cmpint (d, ==, i);
    }
  g_assert_null (kasir_conflict_decision_to_string (KASIR_N_DECISIONS));
  g_assert_false (kasir_conflict_decision_from_string ("Accept", &d));
  g_assert_false (kasir_conflict_decision_from_string ("", &d));
  g_assert_false (kasir_conflict_decision_from_string (NULL, &d));
}

/* Every kind × every decision: allowed exactly when listed, and the list is in order. */
static void
test_kind_by_decision (void)
{
  for (guint k = 0; k < G_N_ELEMENTS (all_kinds); k++)
    {
      KasirConflictKind kind = all_kinds[k];
      g_auto(GStrv) expected = g_strsplit (expected_for (kind), ",", -1);
      guint n = 0;
      const KasirConflictDecision *offered = kasir_conflict_decisions_for (kind, &n);

      g_assert_cmpuint (n, ==, g_strv_length (expected));
      for (guint i = 0; i < n; i++)
        g_assert_cmpstr (kasir_conflict_decision_to_string (offered[i]), ==, expected[i]);

      for (guint d = 0; d < KASIR_N_DECISIONS; d++)
        {
          const char *wire = kasir_conflict_decision_to_string (d);
          gboolean listed = g_strv_contains ((const char * const *) expected, wire);
          g_autoptr(KasirConflict) c = conflict_of (kind);
          g_autoptr(JsonNode) values = good_values (d);
          g_autoptr(KasirDecisionPlan) plan = NULL;
          g_autoptr(GError) error = NULL;

          g_test_message ("%s × %s", kasir_conflict_kind_to_string (kind), wire);
          g_assert_cmpint (kasir_conflict_decision_allowed (kind, d), ==, listed);
          plan = kasir_conflict_decision_plan (c, wire, "counted twice", values, TRUE, &error);
          if (listed)
            {
              g_assert_no_error (error);
              g_assert_nonnull (plan);
              g_assert_cmpint (plan->decision, ==, d);
              g_assert_cmpstr (plan->note, ==, "counted twice");
              g_assert_cmpint (plan->effect, ==, kasir_conflict_decision_effect (d));
            }
          else
            {
              g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
              g_assert_nonnull (strstr (error->message, wire));
              g_assert_null (plan);
            }
        }
    }
}

/* A note is required exactly where money or stock moves: every decision on a stock or
 * loyalty conflict; never for the others. Blank notes count as none. */
static void
test_note_rules (void)
{
  for (guint k = 0; k < G_N_ELEMENTS (all_kinds); k++)
    {
      KasirConflictKind kind = all_kinds[k];
      gboolean moves = kind == KASIR_CONFLICT_STOCK_SHORTAGE || kind == KASIR_CONFLICT_LOYALTY_OVERSPENT;
      guint n;
      const KasirConflictDecision *offered = kasir_conflict_decisions_for (kind, &n);

      for (guint i = 0; i < n; i++)
        {
          const char *wire = kasir_conflict_decision_to_string (offered[i]);
          const char *blank_notes[] = { NULL, "", "   \t " };

          g_assert_cmpint (kasir_conflict_decision_needs_note (kind, offered[i]), ==, moves);
          for (guint b = 0; b < G_N_ELEMENTS (blank_notes); b++)
            {
              g_autoptr(KasirConflict) c = conflict_of (kind);
              g_autoptr(JsonNode) values = good_values (offered[i]);
              g_autoptr(GError) error = NULL;
              g_autoptr(KasirDecisionPlan) plan =
                kasir_conflict_decision_plan (c, wire, blank_notes[b], values, TRUE, &error);

              if (moves)
                {
                  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED);
                  g_assert_null (plan);
                }
              else
                {
                  g_assert_no_error (error);
                  g_assert_null (plan->note);
                }
            }
        }
      /* A decision the kind does not allow needs no note: it is refused anyway. */
      g_assert_false (kasir_conflict_decision_needs_note (kind, KASIR_DECISION_MERGE) &&
                      kind != KASIR_CONFLICT_CONCURRENT_EDIT);
    }
}

static void
test_trimmed_note (void)
{
  g_autoptr(KasirConflict) c = conflict_of (KASIR_CONFLICT_LOYALTY_OVERSPENT);
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirDecisionPlan) plan = kasir_conflict_decision_plan (c, "write_off", "  goodwill \n",
                                                                     NULL, FALSE, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (plan->note, ==, "goodwill");
  g_assert_null (plan->values);
  g_assert_cmpint (plan->effect, ==, KASIR_DECISION_EFFECT_NONE);
}

static void
assert_refused (KasirConflictKind  kind,
                const char        *decision,
                const char        *values_json,
                int                code)
{
  g_autoptr(KasirConflict) c = conflict_of (kind);
  g_autoptr(JsonNode) values = values_json != NULL ? json_from_string (values_json, NULL) : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirDecisionPlan) plan = NULL;

  g_test_message ("%s %s", decision != NULL ? decision : "(none)", values_json != NULL ? values_json : "(none)");
  plan = kasir_conflict_decision_plan (c, decision, "a note", values, TRUE, &error);
  g_assert_error (error, KASIR_INPUT_ERROR, code);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_null (plan);
}

/* What each input asks for, refused with a clear error when it is not given. */
static void
test_values (void)
{
  assert_refused (KASIR_CONFLICT_STOCK_SHORTAGE, "counted_stock", NULL, KASIR_INPUT_ERROR_OUT_OF_RANGE);
  assert_refused (KASIR_CONFLICT_STOCK_SHORTAGE, "counted_stock", "{\"qty\": -1}",
                  KASIR_INPUT_ERROR_OUT_OF_RANGE);
  assert_refused (KASIR_CONFLICT_STOCK_SHORTAGE, "counted_stock", "{\"qty\": \"3\"}",
                  KASIR_INPUT_ERROR_OUT_OF_RANGE);
  assert_refused (KASIR_CONFLICT_STOCK_SHORTAGE, "counted_stock", "[1]", KASIR_INPUT_ERROR_INVALID);
  assert_refused (KASIR_CONFLICT_STOCK_SHORTAGE, "accept", "7", KASIR_INPUT_ERROR_INVALID);
  assert_refused (KASIR_CONFLICT_LOYALTY_OVERSPENT, "charge_difference", "{\"amount\": 0}",
                  KASIR_INPUT_ERROR_OUT_OF_RANGE);
  assert_refused (KASIR_CONFLICT_LOYALTY_OVERSPENT, "charge_difference", "{}",
                  KASIR_INPUT_ERROR_OUT_OF_RANGE);
  assert_refused (KASIR_CONFLICT_CONCURRENT_EDIT, "merge", NULL, KASIR_INPUT_ERROR_REQUIRED);
  /* Every field of this till's side must be chosen, with "mine" or "theirs". */
  assert_refused (KASIR_CONFLICT_CONCURRENT_EDIT, "merge", "{\"fields\": {\"price\": \"mine\"}}",
                  KASIR_INPUT_ERROR_REQUIRED);
  assert_refused (KASIR_CONFLICT_CONCURRENT_EDIT, "merge",
                  "{\"fields\": {\"price\": \"mine\", \"name\": \"both\"}}", KASIR_INPUT_ERROR_REQUIRED);
  assert_refused (KASIR_CONFLICT_STOCK_SHORTAGE, "", NULL, KASIR_INPUT_ERROR_INVALID);
  assert_refused (KASIR_CONFLICT_STOCK_SHORTAGE, NULL, NULL, KASIR_INPUT_ERROR_INVALID);
}

/* The values the view sends are exactly what the server reads. */
static void
test_payloads (void)
{
  static const char * const fields[] = { "name", "price", NULL };
  static const gboolean keep[] = { FALSE, TRUE };
  g_autoptr(JsonNode) count = kasir_conflict_decision_count_values (12);
  g_autoptr(JsonNode) amount = kasir_conflict_decision_amount_values (2500);
  g_autoptr(JsonNode) merge = kasir_conflict_decision_fields_values (fields, keep);
  g_autofree char *count_text = json_to_string (count, FALSE);
  g_autofree char *amount_text = json_to_string (amount, FALSE);
  g_autofree char *merge_text = json_to_string (merge, FALSE);

  g_assert_cmpstr (count_text, ==, "{\"qty\":12}");
  g_assert_cmpstr (amount_text, ==, "{\"amount\":2500}");
  g_assert_cmpstr (merge_text, ==, "{\"fields\":{\"name\":\"theirs\",\"price\":\"mine\"}}");
}

/* A merge keeps this till's values of the fields chosen "mine", and only those. */
static void
test_merge_keeps_mine (void)
{
  static const char * const fields[] = { "name", "price", NULL };
  static const gboolean keep_price[] = { FALSE, TRUE };
  static const gboolean keep_none[] = { FALSE, FALSE };
  g_autoptr(KasirConflict) c = conflict_of (KASIR_CONFLICT_CONCURRENT_EDIT);
  g_autoptr(JsonNode) values = kasir_conflict_decision_fields_values (fields, keep_price);
  g_autoptr(JsonNode) none = kasir_conflict_decision_fields_values (fields, keep_none);
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirDecisionPlan) plan = kasir_conflict_decision_plan (c, "merge", NULL, values, FALSE, &error);
  g_autoptr(KasirDecisionPlan) plan_none = NULL;
  KasirConflictResolve resolve = { 0 };

  g_assert_no_error (error);
  g_assert_cmpint (plan->effect, ==, KASIR_DECISION_EFFECT_KEEP_MINE);
  g_assert_cmpuint (json_object_get_size (plan->kept), ==, 1);
  g_assert_cmpint (json_object_get_int_member (plan->kept, "price"), ==, 1500);
  g_assert_true (json_node_equal (plan->values, values));

  kasir_decision_plan_to_resolve (plan, c, 9, &resolve);
  g_assert_cmpint (resolve.conflict_id, ==, 7);
  g_assert_cmpint (resolve.expected_version, ==, 3);
  g_assert_cmpstr (resolve.decision, ==, "merge");
  g_assert_cmpint (resolve.staff_id, ==, 9);
  g_assert_null (resolve.note);

  plan_none = kasir_conflict_decision_plan (c, "merge", NULL, none, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_object_get_size (plan_none->kept), ==, 0);
}

/* Voiding refunds the sale, which only the till that made it holds. */
static void
test_void_needs_own_sale (void)
{
  g_autoptr(KasirConflict) c = conflict_of (KASIR_CONFLICT_STOCK_SHORTAGE);
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirDecisionPlan) plan = NULL;

  for (guint d = 0; d < KASIR_N_DECISIONS; d++)
    g_assert_cmpint (kasir_conflict_decision_needs_own_sale (d), ==, d == KASIR_DECISION_VOID_SALE);
  plan = kasir_conflict_decision_plan (c, "void_sale", "wrong till", NULL, FALSE, &error);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_assert_null (plan);
  g_clear_error (&error);
  plan = kasir_conflict_decision_plan (c, "void_sale", "customer returned", NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (plan->effect, ==, KASIR_DECISION_EFFECT_REFUND_SALE);
}

/* A resolved conflict takes no decision at all. */
static void
test_resolved_refused (void)
{
  static const KasirConflictStatus closed[] = { KASIR_CONFLICT_RESOLVED, KASIR_CONFLICT_RESOLVED_BY_RULE };

  for (guint i = 0; i < G_N_ELEMENTS (closed); i++)
    {
      g_autoptr(KasirConflict) c = conflict_of (KASIR_CONFLICT_PRICE_CHANGED);
      g_autoptr(GError) error = NULL;
      g_autoptr(KasirDecisionPlan) plan = NULL;

      c->status = closed[i];
      plan = kasir_conflict_decision_plan (c, "acknowledge", NULL, NULL, TRUE, &error);
      g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
      g_assert_null (plan);
    }
}

/* Only an order_paid_twice whose server side says "cancelled": true is an order paid
 * after it was cancelled; any other shape, or another kind, is not. */
static void
test_paid_after_cancel (void)
{
  static const struct { KasirConflictKind kind; const char *server; gboolean expected; } cases[] = {
    { KASIR_CONFLICT_ORDER_PAID_TWICE, "{\"order_id\": \"a\", \"cancelled\": true}", TRUE },
    { KASIR_CONFLICT_ORDER_PAID_TWICE, "{\"order_id\": \"a\", \"cancelled\": false}", FALSE },
    { KASIR_CONFLICT_ORDER_PAID_TWICE, "{\"order_id\": \"a\", \"paid_total\": 36000}", FALSE },
    { KASIR_CONFLICT_ORDER_PAID_TWICE, "{\"cancelled\": \"yes\"}", FALSE },
    { KASIR_CONFLICT_ORDER_PAID_TWICE, "{\"cancelled\": 1}", FALSE },
    { KASIR_CONFLICT_ORDER_PAID_TWICE, "{\"cancelled\": {\"at\": 1}}", FALSE },
    { KASIR_CONFLICT_ORDER_PAID_TWICE, "[true]", FALSE },
    { KASIR_CONFLICT_ORDER_PAID_TWICE, NULL, FALSE },
    { KASIR_CONFLICT_REFUNDED_TWICE, "{\"cancelled\": true}", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) server = cases[i].server != NULL ? json_from_string (cases[i].server, NULL) : NULL;
      KasirConflict conflict = { .kind = cases[i].kind, .server = server };

      g_assert_true (kasir_conflict_paid_after_cancel (&conflict) == cases[i].expected);
    }
}

static void
test_labels (void)
{
  for (guint d = 0; d < KASIR_N_DECISIONS; d++)
    {
      const char *label = kasir_conflict_decision_label (KASIR_CONFLICT_STOCK_SHORTAGE, d);

      g_assert_nonnull (label);
      g_assert_cmpstr (label, !=, kasir_conflict_decision_to_string (d));
    }
  g_assert_cmpstr (kasir_conflict_decision_label (KASIR_CONFLICT_LOYALTY_OVERSPENT, KASIR_DECISION_ACCEPT), !=,
                   kasir_conflict_decision_label (KASIR_CONFLICT_STOCK_SHORTAGE, KASIR_DECISION_ACCEPT));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/ConflictDecision/wire-names", test_wire_names);
  g_test_add_func ("/Kasir/ConflictDecision/kind-by-decision", test_kind_by_decision);
  g_test_add_func ("/Kasir/ConflictDecision/note-rules", test_note_rules);
  g_test_add_func ("/Kasir/ConflictDecision/trimmed-note", test_trimmed_note);
  g_test_add_func ("/Kasir/ConflictDecision/values", test_values);
  g_test_add_func ("/Kasir/ConflictDecision/payloads", test_payloads);
  g_test_add_func ("/Kasir/ConflictDecision/merge-keeps-mine", test_merge_keeps_mine);
  g_test_add_func ("/Kasir/ConflictDecision/void-needs-own-sale", test_void_needs_own_sale);
  g_test_add_func ("/Kasir/ConflictDecision/resolved-refused", test_resolved_refused);
  g_test_add_func ("/Kasir/ConflictDecision/labels", test_labels);
  g_test_add_func ("/Kasir/ConflictDecision/paid-after-cancel", test_paid_after_cancel);

  return g_test_run ();
}
