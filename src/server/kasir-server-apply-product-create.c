/* kasir-server-apply-product-create.c — product.create: a manager at a till adds a
 * product, maybe offline; the server gives it its id and every till gets it with the
 * next pull.
 *
 * Only the server can see that two tills, offline, gave new products the same barcode
 * or SKU. The later one to arrive is still made, so that nothing a till did is lost,
 * but without the taken barcode (or with its SKU made unique: "<sku>-<terminal>-<seq>"),
 * and a duplicate_code conflict names both products for a manager to decide: keep both
 * as they are now, or merge the later into the existing one (its sales then count for
 * the existing product, and it is archived).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-apply.h"

/* {"product_id", "name", "sku", "barcode"} of a product, as a conflict shows it. */
static JsonNode *
product_side (gint64      id,
              const char *name,
              const char *sku,
              const char *barcode)
{
  JsonObject *obj = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_int_member (obj, "product_id", id);
  json_object_set_string_member (obj, "name", name);
  json_object_set_string_member (obj, "sku", sku);
  if (barcode != NULL)
    json_object_set_string_member (obj, "barcode", barcode);
  else
    json_object_set_null_member (obj, "barcode");
  json_node_take_object (node, obj);
  return node;
}

/* The product that holds @p's SKU or barcode already (0: none); makes @p's codes free
 * as the top of this file says. */
static gboolean
free_codes (KasirApply    *a,
            KasirProduct  *p,
            gint64        *existing,
            GError       **error)
{
  const KasirServerTxClass *k = a->tx->klass;
  g_autofree char *other_sku = NULL;
  gboolean found;

  *existing = 0;
  if (!k->product_by_sku (a->tx, p->sku, existing, &found, error))
    return FALSE;
  if (found)
    {
      char *unique = g_strdup_printf ("%s-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT, p->sku,
                                      a->terminal_id, a->mutation->seq);

      g_free (p->sku);
      p->sku = unique;
    }
  else
    *existing = 0;
  if (p->barcode == NULL)
    return TRUE;
  if (!k->barcode_owner (a->tx, p->barcode, p->sku, &other_sku, error))
    return FALSE;
  if (other_sku == NULL)
    return TRUE;
  g_clear_pointer (&p->barcode, g_free);
  if (*existing == 0 && !k->product_by_sku (a->tx, other_sku, existing, &found, error))
    return FALSE;
  return TRUE;
}

static gboolean
raise_duplicate (KasirApply          *a,
                 const KasirProduct  *made,
                 const char          *wanted_sku,
                 const char          *wanted_barcode,
                 gint64               existing_id,
                 GError             **error)
{
  g_autoptr(KasirProduct) existing = NULL;
  g_autoptr(JsonNode) terminal = NULL;
  g_autoptr(JsonNode) server = NULL;
  char idbuf[32];

  if (!a->tx->klass->load_product (a->tx, existing_id, &existing, error))
    return FALSE;
  g_assert (existing != NULL);
  terminal = product_side (made->id, made->name, wanted_sku, wanted_barcode);
  server = product_side (existing->id, existing->name, existing->sku, existing->barcode);
  g_snprintf (idbuf, sizeof idbuf, "%" G_GINT64_FORMAT, made->id);
  return kasir_apply_conflict (a, KASIR_CONFLICT_DUPLICATE_CODE, KASIR_CONFLICT_OPEN, "product", idbuf,
                               NULL, terminal, server, error);
}

gboolean
kasir_apply_product_create (KasirApply  *a,
                            GError     **error)
{
  const KasirServerTxClass *k = a->tx->klass;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirEdit) edit = kasir_protocol_decode_product_create (a->mutation->payload, &local_error);
  g_autoptr(KasirProduct) p = kasir_product_new ();
  g_autoptr(JsonNode) data = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *wanted_sku = NULL;
  g_autofree char *wanted_barcode = NULL;
  char idbuf[32];
  gboolean allowed, known, rejected;
  gint64 existing;

  if (edit == NULL)
    {
      kasir_apply_reject (a, "invalid product.create: %s", local_error->message);
      return TRUE;
    }
  if (!kasir_apply_check_actor (a, edit->staff_id, &allowed, error))
    return FALSE;
  if (!allowed)
    return TRUE;
  if (!kasir_apply_category_name (a, json_node_get_object (edit->fields), &rejected, error))
    return FALSE;
  if (rejected)
    return TRUE;
  if (!kasir_server_merge_apply (kasir_apply_product_fields, kasir_apply_n_product_fields,
                                 json_node_get_object (edit->fields), p, &reason))
    {
      kasir_apply_reject (a, "invalid product.create: %s", reason);
      return TRUE;
    }
  if (p->category_id != 0)
    {
      if (!k->category_exists (a->tx, p->category_id, &known, error))
        return FALSE;
      if (!known)
        {
          kasir_apply_reject (a, "unknown_category: no category %" G_GINT64_FORMAT, p->category_id);
          return TRUE;
        }
    }
  wanted_sku = g_strdup (p->sku);
  wanted_barcode = g_strdup (p->barcode);
  if (!free_codes (a, p, &existing, error))
    return FALSE;

  p->price_version = 1;
  p->version = 1;
  if (!k->insert_product (a->tx, p, error))
    return FALSE;
  data = kasir_apply_product_json (p);
  g_snprintf (idbuf, sizeof idbuf, "%" G_GINT64_FORMAT, p->id);
  if (!k->save_price (a->tx, p->id, p->price_version, p->price, error)
      || !k->save_history (a->tx, "product", p->id, p->version, data, error)
      || !k->log_change (a->tx, "product", idbuf, 0, p->archived, error))
    return FALSE;
  if (existing == 0)
    return TRUE;
  return raise_duplicate (a, p, wanted_sku, wanted_barcode, existing, error);
}
