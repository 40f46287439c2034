/* fuzz-protocol-pull.c — pull pages as the till reads them, with each change's data
 * through its entity's decoder, and the entity decoders on the whole body too.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"

static void
fuzz_entity (const char *entity,
             JsonNode   *data)
{
  gboolean all = entity == NULL;

  if (all || g_strcmp0 (entity, "product") == 0)
    FUZZ_ROUND_TRIP (KasirProduct, kasir_protocol_decode_product,
                     kasir_protocol_encode_product, data);
  if (all || g_strcmp0 (entity, "category") == 0)
    FUZZ_ROUND_TRIP (KasirCategory, kasir_protocol_decode_category,
                     kasir_protocol_encode_category, data);
  if (all || g_strcmp0 (entity, "stock") == 0)
    FUZZ_ROUND_TRIP (KasirStock, kasir_protocol_decode_stock,
                     kasir_protocol_encode_stock, data);
  if (all || g_strcmp0 (entity, "customer") == 0)
    FUZZ_ROUND_TRIP (KasirCustomer, kasir_protocol_decode_customer,
                     kasir_protocol_encode_customer, data);
  if (all || g_strcmp0 (entity, "staff") == 0)
    FUZZ_ROUND_TRIP (KasirStaff, kasir_protocol_decode_staff,
                     kasir_protocol_encode_staff, data);
  if (all || g_strcmp0 (entity, "shift") == 0)
    FUZZ_ROUND_TRIP (KasirShift, kasir_protocol_decode_shift,
                     kasir_protocol_encode_shift, data);
  if (all || g_strcmp0 (entity, "conflict") == 0)
    FUZZ_ROUND_TRIP (KasirConflict, kasir_protocol_decode_conflict,
                     kasir_protocol_encode_conflict, data);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(JsonNode) node = fuzz_parse_input (data, size);
  g_autoptr(KasirPullResponse) resp = NULL;

  if (node == NULL)
    return 0;

  if (FUZZ_ROUND_TRIP (KasirPullResponse, kasir_protocol_decode_pull_response,
                       kasir_protocol_encode_pull_response, node))
    {
      resp = kasir_protocol_decode_pull_response (node, NULL);
      if (resp == NULL)
        fuzz_fail ("a pull page decoded once and not twice", NULL, NULL);
      for (guint i = 0; i < resp->changes->len; i++)
        {
          const KasirChange *change = g_ptr_array_index (resp->changes, i);

          if (!change->deleted && strcmp (change->entity, "setting") != 0)
            {
              if (change->data == NULL)
                fuzz_fail ("a put change without data", change->entity, change->id);
              fuzz_entity (change->entity, change->data);
            }
        }
    }

  fuzz_entity (NULL, node);
  return 0;
}
