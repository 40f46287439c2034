/* fuzz-protocol-push-response.c — push answers as the till reads them: the response and
 * a single result.
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

  if (node == NULL)
    return 0;

  FUZZ_ROUND_TRIP (KasirPushResponse, kasir_protocol_decode_push_response,
                   kasir_protocol_encode_push_response, node);
  FUZZ_ROUND_TRIP (KasirPushResult, kasir_protocol_decode_push_result,
                   kasir_protocol_encode_push_result, node);
  return 0;
}
