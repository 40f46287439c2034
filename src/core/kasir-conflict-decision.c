/* kasir-conflict-decision.c — the rules of conflict decisions; see
 * kasir-conflict-decision.h.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <inttypes.h>

#include "kasir-input-error.h"
#include "kasir-conflict-decision.h"

/* One row per decision, indexed by the enum value. */
static const struct
{
  const char          *wire;
  KasirDecisionInput   input;
  KasirDecisionEffect  effect;
} decisions[] = {
  [KASIR_DECISION_ACCEPT] = { "accept", KASIR_DECISION_INPUT_NONE, KASIR_DECISION_EFFECT_NONE },
  [KASIR_DECISION_COUNTED_STOCK] = { "counted_stock", KASIR_DECISION_INPUT_COUNT,
                                     KASIR_DECISION_EFFECT_NONE },
  [KASIR_DECISION_VOID_SALE] = { "void_sale", KASIR_DECISION_INPUT_NONE,
                                 KASIR_DECISION_EFFECT_REFUND_SALE },
  [KASIR_DECISION_CHARGE_DIFFERENCE] = { "charge_difference", KASIR_DECISION_INPUT_AMOUNT,
                                         KASIR_DECISION_EFFECT_NONE },
  [KASIR_DECISION_WRITE_OFF] = { "write_off", KASIR_DECISION_INPUT_NONE, KASIR_DECISION_EFFECT_NONE },
  [KASIR_DECISION_MERGE] = { "merge", KASIR_DECISION_INPUT_FIELDS, KASIR_DECISION_EFFECT_KEEP_MINE },
  [KASIR_DECISION_ACKNOWLEDGE] = { "acknowledge", KASIR_DECISION_INPUT_NONE,
                                   KASIR_DECISION_EFFECT_NONE },
  [KASIR_DECISION_KEEP_BOTH] = { "keep_both", KASIR_DECISION_INPUT_NONE, KASIR_DECISION_EFFECT_NONE },
  /* The server moves the sales itself (it holds every till's); the till only decides. */
  [KASIR_DECISION_MERGE_INTO_EXISTING] = { "merge_into_existing", KASIR_DECISION_INPUT_NONE,
                                           KASIR_DECISION_EFFECT_NONE },
};

G_STATIC_ASSERT (G_N_ELEMENTS (decisions) == KASIR_N_DECISIONS);

/* Which kinds allow what. Every way out of a stock or loyalty conflict moves stock or
 * money, even "accept" (negative stock, a negative balance stays on the books), so those
 * kinds need a note whatever is decided; the others only record that someone looked. */
static const KasirConflictDecision stock_decisions[] = {
  KASIR_DECISION_ACCEPT, KASIR_DECISION_COUNTED_STOCK, KASIR_DECISION_VOID_SALE,
};
static const KasirConflictDecision loyalty_decisions[] = {
  KASIR_DECISION_ACCEPT, KASIR_DECISION_CHARGE_DIFFERENCE, KASIR_DECISION_WRITE_OFF,
};
static const KasirConflictDecision edit_decisions[] = { KASIR_DECISION_MERGE };
static const KasirConflictDecision notice_decisions[] = { KASIR_DECISION_ACKNOWLEDGE };
/* Two products with one barcode or SKU: keeping both changes nothing more, so it comes
 * first; no money or stock moves either way (sales keep their amounts), so no note. */
static const KasirConflictDecision duplicate_decisions[] = {
  KASIR_DECISION_KEEP_BOTH, KASIR_DECISION_MERGE_INTO_EXISTING,
};
/* An open order paid on two tills: both sales happened and stay on the books; keeping
 * both records that a manager looked (and gives one back with a refund, a sale of its
 * own, where the money really has to go back). */
static const KasirConflictDecision paid_twice_decisions[] = { KASIR_DECISION_KEEP_BOTH };

const char *
kasir_conflict_decision_to_string (KasirConflictDecision decision)
{
  if ((guint) decision >= G_N_ELEMENTS (decisions))
    return NULL;
  return decisions[decision].wire;
}

gboolean
kasir_conflict_decision_from_string (const char            *text,
                                     KasirConflictDecision *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (decisions); i++)
    if (strcmp (decisions[i].wire, text) == 0)
      {
        *out = (KasirConflictDecision) i;
        return TRUE;
      }
  return FALSE;
}

const KasirConflictDecision *
kasir_conflict_decisions_for (KasirConflictKind  kind,
                              guint             *n_decisions)
{
  g_return_val_if_fail (n_decisions != NULL, NULL);

  switch (kind)
    {
    case KASIR_CONFLICT_STOCK_SHORTAGE:
      *n_decisions = G_N_ELEMENTS (stock_decisions);
      return stock_decisions;
    case KASIR_CONFLICT_LOYALTY_OVERSPENT:
      *n_decisions = G_N_ELEMENTS (loyalty_decisions);
      return loyalty_decisions;
    case KASIR_CONFLICT_CONCURRENT_EDIT:
      *n_decisions = G_N_ELEMENTS (edit_decisions);
      return edit_decisions;
    case KASIR_CONFLICT_DUPLICATE_CODE:
      *n_decisions = G_N_ELEMENTS (duplicate_decisions);
      return duplicate_decisions;
    case KASIR_CONFLICT_ORDER_PAID_TWICE:
      *n_decisions = G_N_ELEMENTS (paid_twice_decisions);
      return paid_twice_decisions;
    case KASIR_CONFLICT_PRICE_CHANGED:
    case KASIR_CONFLICT_PRODUCT_ARCHIVED:
    case KASIR_CONFLICT_SHIFT_CLOSED:
    case KASIR_CONFLICT_UNKNOWN_REFERENCE:
    case KASIR_CONFLICT_REFUNDED_TWICE:
    default:
      *n_decisions = G_N_ELEMENTS (notice_decisions);
      return notice_decisions;
    }
}

gboolean
kasir_conflict_decision_allowed (KasirConflictKind     kind,
                                 KasirConflictDecision decision)
{
  guint n;
  const KasirConflictDecision *allowed = kasir_conflict_decisions_for (kind, &n);

  for (guint i = 0; i < n; i++)
    if (allowed[i] == decision)
      return TRUE;
  return FALSE;
}

gboolean
kasir_conflict_decision_needs_note (KasirConflictKind     kind,
                                    KasirConflictDecision decision)
{
  return (kind == KASIR_CONFLICT_STOCK_SHORTAGE || kind == KASIR_CONFLICT_LOYALTY_OVERSPENT) &&
         kasir_conflict_decision_allowed (kind, decision);
}

KasirDecisionInput
kasir_conflict_decision_input (KasirConflictDecision decision)
{
  g_return_val_if_fail ((guint) decision < G_N_ELEMENTS (decisions), KASIR_DECISION_INPUT_NONE);
  return decisions[decision].input;
}

KasirDecisionEffect
kasir_conflict_decision_effect (KasirConflictDecision decision)
{
  g_return_val_if_fail ((guint) decision < G_N_ELEMENTS (decisions), KASIR_DECISION_EFFECT_NONE);
  return decisions[decision].effect;
}

gboolean
kasir_conflict_decision_needs_own_sale (KasirConflictDecision decision)
{
  return kasir_conflict_decision_effect (decision) == KASIR_DECISION_EFFECT_REFUND_SALE;
}

const char *
kasir_conflict_decision_label (KasirConflictKind     kind,
                               KasirConflictDecision decision)
{
  switch (decision)
    {
    case KASIR_DECISION_ACCEPT:
      return kind == KASIR_CONFLICT_LOYALTY_OVERSPENT ? _("Accept the negative balance")
                                                      : _("Accept (keep the negative stock)");
    case KASIR_DECISION_COUNTED_STOCK:
      return _("Enter the counted stock");
    case KASIR_DECISION_VOID_SALE:
      return _("Void the sale as a refund");
    case KASIR_DECISION_CHARGE_DIFFERENCE:
      return _("Charge the difference");
    case KASIR_DECISION_WRITE_OFF:
      return _("Write the points off");
    case KASIR_DECISION_MERGE:
      return _("Choose field by field");
    case KASIR_DECISION_ACKNOWLEDGE:
      return _("Acknowledge");
    case KASIR_DECISION_KEEP_BOTH:
      return kind == KASIR_CONFLICT_ORDER_PAID_TWICE ? _("Keep both sales")
                                                     : _("Keep both products");
    case KASIR_DECISION_MERGE_INTO_EXISTING:
      return _("Merge into the existing product");
    default:
      return _("Unknown");
    }
}

gboolean
kasir_conflict_paid_after_cancel (const KasirConflict *conflict)
{
  JsonNode *cancelled;

  g_return_val_if_fail (conflict != NULL, FALSE);

  if (conflict->kind != KASIR_CONFLICT_ORDER_PAID_TWICE || conflict->server == NULL ||
      !JSON_NODE_HOLDS_OBJECT (conflict->server))
    return FALSE;
  cancelled = json_object_get_member (json_node_get_object (conflict->server), "cancelled");
  return cancelled != NULL && JSON_NODE_HOLDS_VALUE (cancelled) &&
         json_node_get_value_type (cancelled) == G_TYPE_BOOLEAN && json_node_get_boolean (cancelled);
}

/* ---- Values ---- */

static JsonNode *
one_int_member (const char *name,
                gint64      value)
{
  JsonObject *obj = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_int_member (obj, name, value);
  json_node_take_object (node, obj);
  return node;
}

JsonNode *
kasir_conflict_decision_count_values (gint64 qty)
{
  return one_int_member ("qty", qty);
}

JsonNode *
kasir_conflict_decision_amount_values (KasirMoney amount)
{
  return one_int_member ("amount", amount);
}

JsonNode *
kasir_conflict_decision_fields_values (const char * const *fields,
                                       const gboolean     *keep_mine)
{
  JsonObject *choices = json_object_new ();
  JsonObject *obj = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  for (guint i = 0; fields != NULL && fields[i] != NULL; i++)
    json_object_set_string_member (choices, fields[i], keep_mine[i] ? "mine" : "theirs");
  json_object_set_object_member (obj, "fields", choices);
  json_node_take_object (node, obj);
  return node;
}

/* ---- The plan ---- */

void
kasir_decision_plan_free (KasirDecisionPlan *self)
{
  if (self == NULL)
    return;
  g_free (self->note);
  g_clear_pointer (&self->values, json_node_unref);
  g_clear_pointer (&self->kept, json_object_unref);
  g_free (self);
}

static gboolean
refuse (GError     **error,
        int          code,
        const char  *message)
{
  g_set_error_literal (error, KASIR_INPUT_ERROR, code, message);
  return FALSE;
}

static JsonObject *
node_object (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The integer member @name of @obj; FALSE when missing or not an integer. */
static gboolean
int_member (JsonObject *obj,
            const char *name,
            gint64     *out)
{
  JsonNode *m = obj != NULL ? json_object_get_member (obj, name) : NULL;

  if (m == NULL || !JSON_NODE_HOLDS_VALUE (m) || json_node_get_value_type (m) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (m);
  return TRUE;
}

/* Every field of this till's side must be chosen: "mine" keeps it (into @kept), "theirs"
 * lets the server's value stand. */
static gboolean
check_fields (const KasirConflict  *conflict,
              JsonObject           *obj,
              JsonObject           *kept,
              GError              **error)
{
  JsonObject *mine_side = node_object (conflict->terminal);
  JsonNode *m = obj != NULL ? json_object_get_member (obj, "fields") : NULL;
  JsonObject *choices = node_object (m);
  g_autoptr(GList) members = NULL;

  if (choices == NULL || mine_side == NULL)
    return refuse (error, KASIR_INPUT_ERROR_REQUIRED, _("Choose a value for every field that differs"));
  members = json_object_get_members (mine_side);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *choice = json_object_get_member (choices, l->data);
      const char *text = choice != NULL && JSON_NODE_HOLDS_VALUE (choice) &&
                         json_node_get_value_type (choice) == G_TYPE_STRING
                         ? json_node_get_string (choice) : NULL;

      if (g_strcmp0 (text, "mine") == 0)
        json_object_set_member (kept, l->data, json_node_copy (json_object_get_member (mine_side, l->data)));
      else if (g_strcmp0 (text, "theirs") != 0)
        return refuse (error, KASIR_INPUT_ERROR_REQUIRED, _("Choose a value for every field that differs"));
    }
  return TRUE;
}

static gboolean
check_values (const KasirConflict  *conflict,
              KasirDecisionInput    input,
              JsonNode             *values,
              JsonObject           *kept,
              GError              **error)
{
  JsonObject *obj = node_object (values);
  gint64 n;

  if (values != NULL && !JSON_NODE_HOLDS_NULL (values) && obj == NULL)
    return refuse (error, KASIR_INPUT_ERROR_INVALID, _("The decision's values must be an object"));

  switch (input)
    {
    case KASIR_DECISION_INPUT_COUNT:
      if (!int_member (obj, "qty", &n) || n < 0)
        return refuse (error, KASIR_INPUT_ERROR_OUT_OF_RANGE,
                       _("Enter the counted stock as a whole number, zero or more"));
      return TRUE;
    case KASIR_DECISION_INPUT_AMOUNT:
      if (!int_member (obj, "amount", &n) || n <= 0)
        return refuse (error, KASIR_INPUT_ERROR_OUT_OF_RANGE, _("Enter the amount to charge"));
      return TRUE;
    case KASIR_DECISION_INPUT_FIELDS:
      return check_fields (conflict, obj, kept, error);
    case KASIR_DECISION_INPUT_NONE:
    default:
      return TRUE;
    }
}

KasirDecisionPlan *
kasir_conflict_decision_plan (const KasirConflict  *conflict,
                              const char           *decision,
                              const char           *note,
                              JsonNode             *values,
                              gboolean              sale_is_here,
                              GError              **error)
{
  g_autoptr(KasirDecisionPlan) plan = g_new0 (KasirDecisionPlan, 1);

  g_return_val_if_fail (conflict != NULL, NULL);

  if (conflict->status != KASIR_CONFLICT_OPEN)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE,
                   _("Conflict %" PRId64 " is already resolved"), conflict->id);
      return NULL;
    }
  if (!kasir_conflict_decision_from_string (decision, &plan->decision) ||
      !kasir_conflict_decision_allowed (conflict->kind, plan->decision))
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("“%s” is not a way to settle this kind of conflict"),
                   decision != NULL ? decision : "");
      return NULL;
    }
  if (note != NULL)
    {
      plan->note = g_strstrip (g_strdup (note));
      if (*plan->note == '\0')
        g_clear_pointer (&plan->note, g_free);
    }
  if (plan->note == NULL && kasir_conflict_decision_needs_note (conflict->kind, plan->decision))
    {
      refuse (error, KASIR_INPUT_ERROR_REQUIRED, _("Write a note: this decision changes money or stock"));
      return NULL;
    }
  plan->effect = kasir_conflict_decision_effect (plan->decision);
  plan->kept = json_object_new ();
  if (!check_values (conflict, kasir_conflict_decision_input (plan->decision), values, plan->kept, error))
    return NULL;
  if (kasir_conflict_decision_needs_own_sale (plan->decision) && !sale_is_here)
    {
      refuse (error, KASIR_INPUT_ERROR_INVALID, _("Only the till that made the sale can void it"));
      return NULL;
    }
  if (values != NULL && !JSON_NODE_HOLDS_NULL (values))
    plan->values = json_node_copy (values);

  return g_steal_pointer (&plan);
}

void
kasir_decision_plan_to_resolve (const KasirDecisionPlan *plan,
                                const KasirConflict     *conflict,
                                gint64                   staff_id,
                                KasirConflictResolve    *out)
{
  g_return_if_fail (plan != NULL && conflict != NULL && out != NULL);

  out->conflict_id = conflict->id;
  out->expected_version = conflict->version;
  out->decision = (char *) kasir_conflict_decision_to_string (plan->decision);
  out->note = plan->note;
  out->staff_id = staff_id;
  out->values = plan->values;
}
