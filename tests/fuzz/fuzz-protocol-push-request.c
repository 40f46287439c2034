/* fuzz-protocol-push-request.c — POST /api/v1/sync/push bodies as the server reads them:
 * the request, each mutation, and each mutation's payload through the decoder its type
 * names (sale, refund, shift open/close, product update, stock adjust, customer upsert,
 * conflict resolve).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(JsonNode) node = fuzz_parse_input (data, size);
  g_autoptr(KasirPushRequest) req = NULL;
  g_autoptr(KasirMutation) single = NULL;

  if (node == NULL)
    return 0;

  if (FUZZ_ROUND_TRIP (KasirPushRequest, kasir_protocol_decode_push_request,
                       kasir_protocol_encode_push_request, node))
    {
      req = kasir_protocol_decode_push_request (node, NULL);
      if (req == NULL)
        fuzz_fail ("a push request decoded once and not twice", NULL, NULL);
      for (guint i = 0; i < req->mutations->len; i++)
        {
          const KasirMutation *m = g_ptr_array_index (req->mutations, i);

          fuzz_mutation_payload (m->type, m->payload);
        }
    }

  /* The same body as one mutation (an outbox bundle carries them one by one). */
  if (FUZZ_ROUND_TRIP (KasirMutation, kasir_protocol_decode_mutation,
                       kasir_protocol_encode_mutation, node))
    {
      single = kasir_protocol_decode_mutation (node, NULL);
      fuzz_mutation_payload (single->type, single->payload);
    }
  return 0;
}
