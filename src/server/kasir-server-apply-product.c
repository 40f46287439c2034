/* kasir-server-apply-product.c — product.update: a manager's edit of a product, merged
 * three ways against edits that reached the server first; fields both sides changed
 * stay as the server has them, in a concurrent_edit conflict.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-apply.h"
#include "kasir-server-merge.h"

const KasirMergeField kasir_apply_product_fields[] = {
  { "name", KASIR_MERGE_NAME, G_STRUCT_OFFSET (KasirProduct, name) },
  { "sku", KASIR_MERGE_NAME, G_STRUCT_OFFSET (KasirProduct, sku) },
  { "barcode", KASIR_MERGE_TEXT, G_STRUCT_OFFSET (KasirProduct, barcode) },
  { "price", KASIR_MERGE_AMOUNT, G_STRUCT_OFFSET (KasirProduct, price) },
  { "tax_rate_bp", KASIR_MERGE_RATE_BP, G_STRUCT_OFFSET (KasirProduct, tax_rate_bp) },
  { "category_id", KASIR_MERGE_REF, G_STRUCT_OFFSET (KasirProduct, category_id) },
  { "archived", KASIR_MERGE_FLAG, G_STRUCT_OFFSET (KasirProduct, archived) },
  { "unit", KASIR_MERGE_NAME, G_STRUCT_OFFSET (KasirProduct, unit) },
  { "track_stock", KASIR_MERGE_FLAG, G_STRUCT_OFFSET (KasirProduct, track_stock) },
  { "low_stock", KASIR_MERGE_LEVEL, G_STRUCT_OFFSET (KasirProduct, low_stock) },
};
const guint kasir_apply_n_product_fields = G_N_ELEMENTS (kasir_apply_product_fields);

JsonNode *
kasir_apply_product_json (const KasirProduct *product)
{
  JsonNode *node = kasir_protocol_encode_product (product);
  JsonObject *obj = json_node_get_object (node);

  json_object_set_boolean_member (obj, "track_stock", product->track_stock);
  json_object_set_int_member (obj, "low_stock", product->low_stock);
  return node;
}

/* Writes the merged product as a new version, with its price history when the price
 * changed. *taken: its sku or barcode belongs to another product (nothing written). */
static gboolean
save_product (KasirApply    *a,
              KasirProduct  *product,
              gboolean       price_changed,
              gboolean      *taken,
              GError       **error)
{
  const KasirServerTxClass *k = a->tx->klass;
  g_autoptr(JsonNode) updated = NULL;
  char idbuf[32];

  product->version++;
  if (price_changed)
    product->price_version++;
  if (!k->update_product (a->tx, product, taken, error))
    return FALSE;
  if (*taken)
    return TRUE;
  updated = kasir_apply_product_json (product);
  g_snprintf (idbuf, sizeof idbuf, "%" G_GINT64_FORMAT, product->id);
  return (!price_changed
          || k->save_price (a->tx, product->id, product->price_version, product->price, error))
         && k->save_history (a->tx, "product", product->id, product->version, updated, error)
         && k->log_change (a->tx, "product", idbuf, 0, product->archived, error);
}

gboolean
kasir_apply_product_update (KasirApply  *a,
                            GError     **error)
{
  const KasirServerTxClass *k = a->tx->klass;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirEdit) edit = kasir_protocol_decode_product_update (a->mutation->payload, &local_error);
  g_autoptr(KasirProduct) product = NULL;
  g_autoptr(JsonNode) current = NULL;
  g_auto(KasirApplyMerge) merge = { 0 };
  g_autofree char *reason = NULL;
  gboolean allowed, known, rejected, taken = FALSE;
  gint64 old_price;

  if (edit == NULL)
    {
      kasir_apply_reject (a, "invalid product.update: %s", local_error->message);
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
  if (!k->load_product (a->tx, edit->entity_id, &product, error))
    return FALSE;
  if (product == NULL)
    {
      kasir_apply_reject (a, "unknown_product: no product %" G_GINT64_FORMAT, edit->entity_id);
      return TRUE;
    }
  current = kasir_apply_product_json (product);
  if (!kasir_apply_merge (a, "product", product->id, product->version, edit->base_version, current,
                          json_node_get_object (edit->fields), &merge, error))
    return FALSE;

  old_price = product->price;
  if (!kasir_server_merge_apply (kasir_apply_product_fields, kasir_apply_n_product_fields, merge.apply,
                                 product, &reason))
    {
      kasir_apply_reject (a, "invalid product.update: %s", reason);
      return TRUE;
    }
  if (product->category_id != 0 && json_object_has_member (merge.apply, "category_id"))
    {
      if (!k->category_exists (a->tx, product->category_id, &known, error))
        return FALSE;
      if (!known)
        {
          kasir_apply_reject (a, "unknown_category: no category %" G_GINT64_FORMAT,
                              product->category_id);
          return TRUE;
        }
    }
  if (json_object_get_size (merge.apply) > 0)
    {
      if (!save_product (a, product, product->price != old_price, &taken, error))
        return FALSE;
      if (taken)
        {
          kasir_apply_reject (a, "invalid product.update: sku or barcode already used");
          return TRUE;
        }
    }
  return kasir_apply_merge_conflict (a, "product", product->id, &merge, error);
}
