/* kasir-server-apply-conflict.c — conflict.resolve: the first resolution to arrive wins.
 * A later one for a conflict that is no longer open is rejected "already_resolved" with
 * the conflict's id in conflict_ids (the winning resolution reaches that terminal through
 * pull); one whose expected_version is not the conflict's version is rejected
 * "version_mismatch". Two decisions change data beyond the conflict: a counted stock
 * figure, and merging a product made twice into the existing one.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-conflict-decision.h"
#include "kasir-server-apply.h"

/* The resolution as stored and pulled. The name travels with the decision so that a
 * manager whose own decision came second sees who decided, even on a till that does not
 * know that staff member. */
static gboolean
resolution_text (KasirApply                  *a,
                 const KasirConflictResolve  *r,
                 gint64                       outlet_id,
                 char                       **out,
                 GError                     **error)
{
  g_auto(KasirServerStaff) staff = { 0 };
  g_autofree char *now = kasir_now_rfc3339 ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *res;

  if (!a->tx->klass->load_staff (a->tx, r->staff_id, &staff, error))
    return FALSE;
  res = json_object_new ();
  json_object_set_string_member (res, "decision", r->decision);
  if (r->note != NULL)
    json_object_set_string_member (res, "note", r->note);
  json_object_set_int_member (res, "staff_id", r->staff_id);
  if (staff.found && staff.outlet_id == outlet_id && staff.name != NULL)
    json_object_set_string_member (res, "staff_name", staff.name);
  json_object_set_int_member (res, "terminal_id", a->terminal_id);
  json_object_set_string_member (res, "resolved_at", now);
  if (r->values != NULL)
    json_object_set_member (res, "values", json_node_copy (r->values));
  json_node_take_object (node, res);
  *out = kasir_protocol_to_string (node, NULL);
  return TRUE;
}

/* A counted stock figure is the one decision that changes data beyond the conflict: the
 * outlet's stock becomes what the manager counted. The codec has bounded qty to
 * 0..KASIR_PROTOCOL_MAX_QTY; the figure replaces the level as it is, with no arithmetic
 * on whatever the level was. */
static gboolean
apply_counted_stock (KasirApply                    *a,
                     const KasirConflictResolve    *r,
                     const KasirServerConflictRow  *row,
                     GError                       **error)
{
  JsonObject *values;

  if (g_strcmp0 (r->decision, "counted_stock") != 0 || g_strcmp0 (row->entity, "stock") != 0
      || r->values == NULL || !JSON_NODE_HOLDS_OBJECT (r->values))
    return TRUE;
  values = json_node_get_object (r->values);
  if (!json_object_has_member (values, "qty"))
    return TRUE;
  return a->tx->klass->stock_set (a->tx, g_ascii_strtoll (row->entity_id, NULL, 10), row->outlet_id,
                                  json_object_get_int_member (values, "qty"), error);
}

/* Each outlet's stock of @from is added to @into's and @from's set to 0; each change is
 * logged by stock_set, so every outlet's tills pull their new levels. */
static gboolean
move_stock (KasirApply  *a,
            gint64       from,
            gint64       into,
            GError     **error)
{
  const KasirServerTxClass *k = a->tx->klass;
  gint64 outlet = 0, moved, kept;
  gboolean found;

  while (TRUE)
    {
      if (!k->stock_outlet_after (a->tx, from, outlet, &outlet, &found, error))
        return FALSE;
      if (!found)
        return TRUE;
      if (!k->stock_get (a->tx, from, outlet, &moved, error))
        return FALSE;
      if (moved == 0)
        continue;
      if (!k->stock_get (a->tx, into, outlet, &kept, error)
          || !k->stock_set (a->tx, into, outlet,
                            CLAMP (kept + moved, -KASIR_PROTOCOL_MAX_STOCK, KASIR_PROTOCOL_MAX_STOCK), error)
          || !k->stock_set (a->tx, from, outlet, 0, error))
        return FALSE;
    }
}

/* Merging a product made twice: the later product (the conflict's entity) gives its
 * sales and its stock at every outlet to the existing one (the server's side) and is
 * archived, so tills drop it. */
static gboolean
apply_merge_products (KasirApply                    *a,
                      const KasirConflictResolve    *r,
                      const KasirServerConflictRow  *row,
                      GError                       **error)
{
  const KasirServerTxClass *k = a->tx->klass;
  g_autoptr(JsonNode) server = NULL;
  g_autoptr(KasirProduct) later = NULL;
  g_autoptr(JsonNode) data = NULL;
  gint64 from, into;

  if (g_strcmp0 (r->decision, "merge_into_existing") != 0 || g_strcmp0 (row->entity, "product") != 0
      || row->server == NULL)
    return TRUE;
  server = json_from_string (row->server, NULL);
  if (server == NULL || !JSON_NODE_HOLDS_OBJECT (server))
    return TRUE;
  from = g_ascii_strtoll (row->entity_id, NULL, 10);
  into = json_object_get_int_member_with_default (json_node_get_object (server), "product_id", 0);
  if (from <= 0 || into <= 0 || from == into)
    return TRUE;
  if (!k->merge_product (a->tx, from, into, error) || !move_stock (a, from, into, error)
      || !k->load_product (a->tx, from, &later, error))
    return FALSE;
  if (later == NULL)
    return TRUE;
  data = kasir_protocol_encode_product (later);
  return k->save_history (a->tx, "product", later->id, later->version, data, error)
         && k->log_change (a->tx, "product", row->entity_id, 0, TRUE, error);
}

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

/* The decision must be one the conflict's kind offers, with the note it needs: the
 * same rules the till follows (kasir-conflict-decision.h), checked again here because
 * the server trusts no till. */
static gboolean
decision_fits (KasirApply                    *a,
               const KasirConflictResolve    *r,
               const KasirServerConflictRow  *row)
{
  KasirConflictDecision decision;

  if (!kasir_conflict_decision_from_string (r->decision, &decision)
      || !kasir_conflict_decision_allowed (row->kind, decision))
    {
      kasir_apply_reject (a, "invalid conflict.resolve: %s is not a decision for a %s conflict",
                          r->decision, kasir_conflict_kind_to_string (row->kind));
      return FALSE;
    }
  if (kasir_conflict_decision_needs_note (row->kind, decision)
      && is_blank (r->note))
    {
      kasir_apply_reject (a, "invalid conflict.resolve: a %s decision on a %s conflict needs a note",
                          r->decision, kasir_conflict_kind_to_string (row->kind));
      return FALSE;
    }
  return TRUE;
}

gboolean
kasir_apply_conflict_resolve (KasirApply  *a,
                              GError     **error)
{
  const KasirServerTxClass *k = a->tx->klass;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirConflictResolve) r = kasir_protocol_decode_conflict_resolve (a->mutation->payload,
                                                                              &local_error);
  g_auto(KasirServerConflictRow) row = { 0 };
  g_autofree char *resolution = NULL;
  char idbuf[32];
  gboolean allowed;

  if (r == NULL)
    {
      kasir_apply_reject (a, "invalid conflict.resolve: %s", local_error->message);
      return TRUE;
    }
  if (!kasir_apply_check_actor (a, r->staff_id, &allowed, error))
    return FALSE;
  if (!allowed)
    return TRUE;
  if (!k->load_conflict (a->tx, r->conflict_id, &row, error))
    return FALSE;
  if (!row.found || row.outlet_id != a->outlet_id)
    {
      kasir_apply_reject (a, "unknown_conflict: no conflict %" G_GINT64_FORMAT, r->conflict_id);
      return TRUE;
    }
  if (g_strcmp0 (row.status, "open") != 0)
    {
      g_array_append_val (a->result->conflict_ids, r->conflict_id);
      kasir_apply_reject (a, "already_resolved");
      return TRUE;
    }
  if (!decision_fits (a, r, &row))
    return TRUE;
  if (row.version != r->expected_version)
    {
      g_array_append_val (a->result->conflict_ids, r->conflict_id);
      kasir_apply_reject (a, "version_mismatch: conflict is at version %" G_GINT64_FORMAT, row.version);
      return TRUE;
    }
  g_snprintf (idbuf, sizeof idbuf, "%" G_GINT64_FORMAT, r->conflict_id);
  return resolution_text (a, r, row.outlet_id, &resolution, error)
         && apply_counted_stock (a, r, &row, error)
         && apply_merge_products (a, r, &row, error)
         && k->resolve_conflict (a->tx, r->conflict_id, resolution, a->terminal_id, error)
         && k->log_change (a->tx, "conflict", idbuf, row.outlet_id, FALSE, error);
}
