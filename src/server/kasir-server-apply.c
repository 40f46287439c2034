/* kasir-server-apply.c — the exactly-once push of a terminal's mutations and what the
 * appliers share; see kasir-server-apply.h.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include <stdarg.h>

#include "kasir-money.h"
#include "kasir-server-apply.h"
#include "kasir-server-merge.h"
#include "kasir-server-rules.h"

void
kasir_server_staff_clear (KasirServerStaff *self)
{
  g_clear_pointer (&self->role, g_free);
  g_clear_pointer (&self->name, g_free);
}

void
kasir_server_conflict_row_clear (KasirServerConflictRow *self)
{
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->entity, g_free);
  g_clear_pointer (&self->entity_id, g_free);
  g_clear_pointer (&self->server, g_free);
}

void
kasir_apply_reject (KasirApply *a,
                    const char *format,
                    ...)
{
  va_list args;

  va_start (args, format);
  g_free (a->result->reason);
  a->result->reason = g_strdup_vprintf (format, args);
  a->result->status = KASIR_RESULT_REJECTED;
  va_end (args);
}

gboolean
kasir_apply_check_actor (KasirApply  *a,
                         gint64       staff_id,
                         gboolean    *allowed,
                         GError     **error)
{
  return kasir_apply_check_staff (a, staff_id, kasir_server_rules_role_for (a->mutation->type),
                                  allowed, error);
}

gboolean
kasir_apply_check_staff (KasirApply       *a,
                         gint64            staff_id,
                         KasirServerRole   role,
                         gboolean         *allowed,
                         GError          **error)
{
  g_auto(KasirServerStaff) staff = { 0 };
  g_autofree char *reason = NULL;
  KasirServerActor actor;

  if (!a->tx->klass->load_staff (a->tx, staff_id, &staff, error))
    return FALSE;
  actor.found = staff.found;
  actor.outlet_id = staff.outlet_id;
  actor.role = staff.role;
  actor.active = staff.active;
  *allowed = kasir_server_rules_check_actor (&actor, staff_id, role, a->outlet_id, &reason);
  if (!*allowed)
    kasir_apply_reject (a, "%s", reason);
  return TRUE;
}

gboolean
kasir_apply_conflict (KasirApply          *a,
                      KasirConflictKind    kind,
                      KasirConflictStatus  status,
                      const char          *entity,
                      const char          *entity_id,
                      JsonNode            *base,
                      JsonNode            *terminal,
                      JsonNode            *server,
                      GError             **error)
{
  KasirServerNewConflict c = {
    .outlet_id = a->outlet_id, .kind = kind, .status = status,
    .entity = entity, .entity_id = entity_id,
    .base = base, .terminal = terminal, .server = server,
    .terminal_id = a->terminal_id, .seq = a->mutation->seq,
  };
  gint64 id;

  if (!a->tx->klass->add_conflict (a->tx, &c, &id, error))
    return FALSE;
  g_array_append_val (a->result->conflict_ids, id);
  return TRUE;
}

gboolean
kasir_apply_stock_add (KasirApply  *a,
                       gint64       product_id,
                       gint64       delta,
                       gint64      *before,
                       gint64      *after,
                       gboolean    *in_range,
                       GError     **error)
{
  gint64 qty, new_qty;

  if (!a->tx->klass->stock_get (a->tx, product_id, a->outlet_id, &qty, error))
    return FALSE;
  if (before != NULL)
    *before = qty;
  if (after != NULL)
    *after = qty;
  *in_range = kasir_money_add (qty, delta, &new_qty)
              && new_qty >= -KASIR_PROTOCOL_MAX_STOCK && new_qty <= KASIR_PROTOCOL_MAX_STOCK;
  if (!*in_range)
    return TRUE;
  if (!a->tx->klass->stock_set (a->tx, product_id, a->outlet_id, new_qty, error))
    return FALSE;
  if (after != NULL)
    *after = new_qty;
  return TRUE;
}

JsonNode *
kasir_apply_int_object (const char *k1,
                        gint64      v1,
                        const char *k2,
                        gint64      v2)
{
  JsonObject *obj = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_int_member (obj, k1, v1);
  if (k2 != NULL)
    json_object_set_int_member (obj, k2, v2);
  json_node_take_object (node, obj);
  return node;
}

JsonNode *
kasir_apply_with_sale (JsonNode        *terminal,
                       const KasirSale *sale)
{
  JsonObject *obj = json_node_get_object (terminal);

  json_object_set_string_member (obj, "sale_id", sale->sale_id);
  json_object_set_string_member (obj, "receipt_no", sale->receipt_no);
  return terminal;
}

void
kasir_apply_merge_clear (KasirApplyMerge *merge)
{
  g_clear_pointer (&merge->apply, json_object_unref);
  g_clear_pointer (&merge->base, json_object_unref);
  g_clear_pointer (&merge->terminal, json_object_unref);
  g_clear_pointer (&merge->server, json_object_unref);
}

gboolean
kasir_apply_merge (KasirApply       *a,
                   const char       *entity,
                   gint64            id,
                   gint64            version,
                   gint64            base_version,
                   JsonNode         *current,
                   JsonObject       *fields,
                   KasirApplyMerge  *out,
                   GError          **error)
{
  g_autoptr(JsonNode) base = NULL;

  /* Editing the current version: the current values are the base. */
  if (base_version == version)
    base = json_node_copy (current);
  else if (!a->tx->klass->load_history (a->tx, entity, id, base_version, &base, error))
    return FALSE;
  out->apply = json_object_new ();
  out->base = json_object_new ();
  out->terminal = json_object_new ();
  out->server = json_object_new ();
  kasir_server_three_way (fields, json_node_get_object (current),
                          base != NULL ? json_node_get_object (base) : NULL,
                          out->apply, out->base, out->terminal, out->server);
  return TRUE;
}

static JsonNode *
object_node (JsonObject *obj)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, obj);
  return node;
}

gboolean
kasir_apply_merge_conflict (KasirApply       *a,
                            const char       *entity,
                            gint64            id,
                            KasirApplyMerge  *merge,
                            GError          **error)
{
  g_autoptr(JsonNode) b = NULL;
  g_autoptr(JsonNode) t = NULL;
  g_autoptr(JsonNode) s = NULL;
  char idbuf[32];

  if (json_object_get_size (merge->terminal) == 0)
    return TRUE;
  b = object_node (merge->base);
  t = object_node (merge->terminal);
  s = object_node (merge->server);
  g_snprintf (idbuf, sizeof idbuf, "%" G_GINT64_FORMAT, id);
  return kasir_apply_conflict (a, KASIR_CONFLICT_CONCURRENT_EDIT, KASIR_CONFLICT_OPEN, entity, idbuf,
                               b, t, s, error);
}

char *
kasir_server_conflict_ids_to_text (GArray *ids)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (text, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (ids, gint64, i));
  return g_string_free (text, FALSE);
}

void
kasir_server_conflict_ids_add_text (GArray     *ids,
                                    const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "", ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      {
        gint64 id = g_ascii_strtoll (parts[i], NULL, 10);
        g_array_append_val (ids, id);
      }
}

typedef gboolean (*Applier) (KasirApply *a, GError **error);

static const Applier appliers[] = {
  [KASIR_MUTATION_SALE_CREATE] = kasir_apply_sale_create,
  [KASIR_MUTATION_SALE_REFUND] = kasir_apply_sale_refund,
  [KASIR_MUTATION_SHIFT_OPEN] = kasir_apply_shift_open,
  [KASIR_MUTATION_SHIFT_CLOSE] = kasir_apply_shift_close,
  [KASIR_MUTATION_PRODUCT_UPDATE] = kasir_apply_product_update,
  [KASIR_MUTATION_STOCK_ADJUST] = kasir_apply_stock_adjust,
  [KASIR_MUTATION_CUSTOMER_UPSERT] = kasir_apply_customer_upsert,
  [KASIR_MUTATION_CONFLICT_RESOLVE] = kasir_apply_conflict_resolve,
  [KASIR_MUTATION_SHIFT_CASH] = kasir_apply_shift_cash,
  [KASIR_MUTATION_STAFF_UPSERT] = kasir_apply_staff_upsert,
  [KASIR_MUTATION_CATEGORY_UPSERT] = kasir_apply_category_upsert,
  [KASIR_MUTATION_PRODUCT_CREATE] = kasir_apply_product_create,
  [KASIR_MUTATION_ORDER_OPEN] = kasir_apply_order_open,
  [KASIR_MUTATION_ORDER_ADD] = kasir_apply_order_add,
  [KASIR_MUTATION_PRODUCT_MODIFIERS] = kasir_apply_product_modifiers,
  [KASIR_MUTATION_ORDER_CANCEL] = kasir_apply_order_cancel,
};

static gboolean
apply_mutation (KasirApply  *a,
                GError     **error)
{
  guint type = a->mutation->type;

  if (type >= G_N_ELEMENTS (appliers) || appliers[type] == NULL)
    {
      kasir_apply_reject (a, "unknown mutation type");
      return TRUE;
    }
  return appliers[type] (a, error);
}

static gboolean
record_rejection (KasirApply  *a,
                  GError     **error)
{
  g_autofree char *detail = g_strdup_printf ("terminal %" G_GINT64_FORMAT " seq %" G_GINT64_FORMAT
                                             " %s: %s", a->terminal_id, a->mutation->seq,
                                             kasir_mutation_type_to_string (a->mutation->type),
                                             a->result->reason);

  return a->tx->klass->audit (a->tx, "push", "mutation.rejected", detail, error);
}

/* One new mutation under its own scope: its effects and its stored result are written
 * together or not at all. sale.create decides on any rejection before it writes, and
 * the busiest mutation skips the scope. (A storage error rolls the caller's whole
 * transaction back in any case.) */
static gboolean
apply_new (KasirServerTx        *tx,
           gint64                terminal_id,
           gint64                outlet_id,
           const KasirMutation  *mutation,
           KasirPushResult     **result,
           GError              **error)
{
  g_autoptr(KasirPushResult) r = kasir_push_result_new ();
  const KasirServerTxClass *k = tx->klass;
  gboolean scoped = mutation->type != KASIR_MUTATION_SALE_CREATE;
  KasirApply a = { tx, terminal_id, outlet_id, mutation, r };

  r->seq = mutation->seq;
  r->status = KASIR_RESULT_APPLIED;
  if (scoped && !k->scope_begin (tx, error))
    return FALSE;
  if (!apply_mutation (&a, error))
    return FALSE;
  if (r->status == KASIR_RESULT_REJECTED)
    {
      if (scoped && !k->scope_undo (tx, error))
        return FALSE;
    }
  else if (r->conflict_ids->len > 0)
    r->status = KASIR_RESULT_APPLIED_WITH_CONFLICTS;

  if (!k->store_result (tx, terminal_id, mutation, r, error)
      || (r->status == KASIR_RESULT_REJECTED && !record_rejection (&a, error))
      || (scoped && !k->scope_end (tx, error)))
    return FALSE;
  *result = g_steal_pointer (&r);
  return TRUE;
}

static gint
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The sale id and product ids of a payload kept as a tree, read as they are. */
static void
preload_sale_tree (JsonObject *sale,
                   GArray     *products,
                   GPtrArray  *sales)
{
  JsonNode *lines;

  if (json_object_has_member (sale, "sale_id")
      && json_node_get_value_type (json_object_get_member (sale, "sale_id")) == G_TYPE_STRING)
    g_ptr_array_add (sales, g_strdup (json_object_get_string_member (sale, "sale_id")));
  lines = json_object_get_member (sale, "lines");
  if (lines == NULL || !JSON_NODE_HOLDS_ARRAY (lines))
    return;
  for (guint l = 0; l < json_array_get_length (json_node_get_array (lines)); l++)
    {
      JsonNode *line = json_array_get_element (json_node_get_array (lines), l);
      JsonNode *id = JSON_NODE_HOLDS_OBJECT (line)
                     ? json_object_get_member (json_node_get_object (line), "product_id") : NULL;

      if (id != NULL && json_node_get_value_type (id) == G_TYPE_INT64)
        {
          gint64 v = json_node_get_int (id);
          g_array_append_val (products, v);
        }
    }
}

/* Tells the backend what the new sales of the batch will look up: their products and
 * their ids, read from the payloads as they are (a payload that does not decode is
 * rejected later, and only costs a useless lookup here). */
static gboolean
preload (KasirServerTx  *tx,
         gint64          outlet_id,
         GPtrArray      *mutations,
         gint64          last_seq,
         GError        **error)
{
  g_autoptr(GArray) products = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func (g_free);
  guint n = 0;

  for (guint i = 0; i < mutations->len; i++)
    {
      const KasirMutation *m = g_ptr_array_index (mutations, i);

      if (m->seq <= last_seq || m->type != KASIR_MUTATION_SALE_CREATE)
        continue;
      if (m->payload_text != NULL)
        kasir_protocol_read_sale_keys (m->payload_text, m->payload_length, sales, products);
      else if (m->payload != NULL && JSON_NODE_HOLDS_OBJECT (m->payload))
        preload_sale_tree (json_node_get_object (m->payload), products, sales);
    }
  if (sales->len == 0)
    return TRUE;
  g_array_sort (products, compare_ids);
  for (guint i = 0; i < products->len; i++)
    if (n == 0 || g_array_index (products, gint64, i) != g_array_index (products, gint64, n - 1))
      g_array_index (products, gint64, n++) = g_array_index (products, gint64, i);
  g_array_set_size (products, n);
  return tx->klass->preload (tx, outlet_id, products, sales, error);
}

gboolean
kasir_server_apply_batch (KasirServerTx  *tx,
                          gint64          terminal_id,
                          gint64          outlet_id,
                          GPtrArray      *mutations,
                          GPtrArray      *results,
                          GArray         *outcomes,
                          gint64         *expected_seq,
                          GError        **error)
{
  gboolean applied_any = FALSE;
  gint64 last_seq;

  if (!tx->klass->terminal_last_seq (tx, terminal_id, outlet_id, &last_seq, error)
      || (tx->klass->preload != NULL && !preload (tx, outlet_id, mutations, last_seq, error)))
    return FALSE;
  for (guint i = 0; i < mutations->len; i++)
    {
      const KasirMutation *mutation = g_ptr_array_index (mutations, i);
      KasirServerPushOutcome outcome;
      KasirPushResult *result = NULL;

      if (mutation->seq > last_seq + 1)
        {
          outcome = KASIR_SERVER_PUSH_GAP;
          g_array_append_val (outcomes, outcome);
          break;
        }
      if (mutation->seq <= last_seq)
        {
          if (!tx->klass->load_result (tx, terminal_id, mutation->seq, &result, error))
            return FALSE;
          outcome = KASIR_SERVER_PUSH_DUPLICATE;
        }
      else
        {
          if (!apply_new (tx, terminal_id, outlet_id, mutation, &result, error))
            return FALSE;
          outcome = KASIR_SERVER_PUSH_NEW;
          last_seq = mutation->seq;
          applied_any = TRUE;
        }
      g_array_append_val (outcomes, outcome);
      g_ptr_array_add (results, result);
    }
  /* last_seq is written once for the batch, in the same transaction as every result. */
  if (applied_any && !tx->klass->set_last_seq (tx, terminal_id, last_seq, error))
    return FALSE;
  *expected_seq = last_seq + 1;
  return TRUE;
}

gboolean
kasir_server_tx_push_batch (KasirServerTx  *tx,
                            gint64          terminal_id,
                            gint64          outlet_id,
                            GPtrArray      *mutations,
                            GPtrArray      *results,
                            GArray         *outcomes,
                            gint64         *expected_seq,
                            GError        **error)
{
  guint first_result = results->len, first_outcome = outcomes->len;

  if (!tx->klass->begin (tx, error))
    return FALSE;
  if (!kasir_server_apply_batch (tx, terminal_id, outlet_id, mutations, results, outcomes, expected_seq,
                                 error)
      || !tx->klass->commit (tx, error))
    {
      tx->klass->rollback (tx);
      g_ptr_array_set_size (results, first_result);
      g_array_set_size (outcomes, first_outcome);
      return FALSE;
    }
  return TRUE;
}

gboolean
kasir_server_tx_push (KasirServerTx           *tx,
                      gint64                   terminal_id,
                      gint64                   outlet_id,
                      const KasirMutation     *mutation,
                      KasirServerPushOutcome  *outcome,
                      KasirPushResult        **result,
                      gint64                  *expected_seq,
                      GError                 **error)
{
  g_autoptr(GPtrArray) mutations = g_ptr_array_new ();
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_push_result_free);
  g_autoptr(GArray) outcomes = g_array_new (FALSE, FALSE, sizeof (KasirServerPushOutcome));

  g_ptr_array_add (mutations, (gpointer) mutation);
  if (!kasir_server_tx_push_batch (tx, terminal_id, outlet_id, mutations, results, outcomes, expected_seq,
                                   error))
    return FALSE;
  *outcome = g_array_index (outcomes, KasirServerPushOutcome, 0);
  *result = results->len > 0 ? g_ptr_array_steal_index (results, 0) : NULL;
  return TRUE;
}
