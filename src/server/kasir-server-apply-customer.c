/* kasir-server-apply-customer.c — customer.upsert: a new customer of the outlet (once,
 * however often it is pushed: the till's client id names it), or an edit merged three
 * ways like a product's. Loyalty points move only with sales; an edit may not set them.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-apply.h"
#include "kasir-server-merge.h"

static const KasirMergeField customer_fields[] = {
  { "name", KASIR_MERGE_NAME, G_STRUCT_OFFSET (KasirCustomer, name) },
  { "phone", KASIR_MERGE_TEXT, G_STRUCT_OFFSET (KasirCustomer, phone) },
  { "email", KASIR_MERGE_TEXT, G_STRUCT_OFFSET (KasirCustomer, email) },
  { "member_code", KASIR_MERGE_TEXT, G_STRUCT_OFFSET (KasirCustomer, member_code) },
};

static gboolean
record_version (KasirApply     *a,
                KasirCustomer  *c,
                gint64          outlet_id,
                GError        **error)
{
  const KasirServerTxClass *k = a->tx->klass;
  g_autoptr(JsonNode) data = kasir_protocol_encode_customer (c);
  char idbuf[32];

  g_snprintf (idbuf, sizeof idbuf, "%" G_GINT64_FORMAT, c->id);
  return k->save_history (a->tx, "customer", c->id, c->version, data, error)
         && k->log_change (a->tx, "customer", idbuf, outlet_id, FALSE, error);
}

static gboolean
create_customer (KasirApply       *a,
                 const KasirEdit  *edit,
                 JsonObject       *fields,
                 GError          **error)
{
  const KasirServerTxClass *k = a->tx->klass;
  g_autoptr(KasirCustomer) c = kasir_customer_new ();
  g_autofree char *reason = NULL;
  gint64 existing;
  gboolean found;

  if (edit->client_id != NULL)
    {
      if (!k->customer_by_client_id (a->tx, edit->client_id, &existing, &found, error))
        return FALSE;
      if (found && existing != a->outlet_id)
        {
          kasir_apply_reject (a, "unknown_customer: client_id %s is not this outlet's", edit->client_id);
          return TRUE;
        }
      if (found)
        return TRUE; /* the same new customer pushed again */
    }
  if (!json_object_has_member (fields, "name")
      || !kasir_server_merge_apply (customer_fields, G_N_ELEMENTS (customer_fields), fields, c,
                                    &reason))
    {
      kasir_apply_reject (a, "invalid customer.upsert: a new customer needs a name");
      return TRUE;
    }
  c->version = 1;
  return k->insert_customer (a->tx, c, a->outlet_id, edit->client_id, error)
         && record_version (a, c, a->outlet_id, error);
}

gboolean
kasir_apply_customer_upsert (KasirApply  *a,
                             GError     **error)
{
  const KasirServerTxClass *k = a->tx->klass;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirEdit) edit = kasir_protocol_decode_customer_upsert (a->mutation->payload, &local_error);
  g_autoptr(KasirCustomer) c = NULL;
  g_autoptr(JsonNode) current = NULL;
  g_auto(KasirApplyMerge) merge = { 0 };
  g_autofree char *reason = NULL;
  JsonObject *fields;
  gint64 cust_outlet = 0;
  gboolean allowed;

  if (edit == NULL)
    {
      kasir_apply_reject (a, "invalid customer.upsert: %s", local_error->message);
      return TRUE;
    }
  if (!kasir_apply_check_actor (a, edit->staff_id, &allowed, error))
    return FALSE;
  if (!allowed)
    return TRUE;
  fields = json_node_get_object (edit->fields);
  if (edit->entity_id == 0)
    return create_customer (a, edit, fields, error);

  if (!k->load_customer (a->tx, edit->entity_id, &c, &cust_outlet, error))
    return FALSE;
  if (c == NULL || cust_outlet != a->outlet_id)
    {
      kasir_apply_reject (a, "unknown_customer: no customer %" G_GINT64_FORMAT, edit->entity_id);
      return TRUE;
    }
  current = kasir_protocol_encode_customer (c);
  json_object_remove_member (fields, "loyalty_points");
  if (!kasir_apply_merge (a, "customer", c->id, c->version, edit->base_version, current, fields,
                          &merge, error))
    return FALSE;
  if (!kasir_server_merge_apply (customer_fields, G_N_ELEMENTS (customer_fields), merge.apply, c,
                                 &reason))
    {
      kasir_apply_reject (a, "invalid customer.upsert: %s", reason);
      return TRUE;
    }
  if (json_object_get_size (merge.apply) > 0)
    {
      c->version++;
      if (!k->update_customer (a->tx, c, error) || !record_version (a, c, cust_outlet, error))
        return FALSE;
    }
  return kasir_apply_merge_conflict (a, "customer", c->id, &merge, error);
}
