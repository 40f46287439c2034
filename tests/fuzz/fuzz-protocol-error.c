/* fuzz-protocol-error.c — error bodies ({"error": {"code", "message"}, "expected_seq"?}),
 * which the till reads from any answer with a status of 400 or more.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"

static JsonNode *
encode_error (const KasirProtocolErrorBody *body)
{
  return kasir_protocol_encode_error (body->code, body->message, body->expected_seq);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(JsonNode) node = fuzz_parse_input (data, size);

  if (node == NULL)
    return 0;

  FUZZ_ROUND_TRIP (KasirProtocolErrorBody, kasir_protocol_decode_error, encode_error, node);
  return 0;
}
