/* fuzz-protocol-enroll.c — enrollment (the one unauthenticated body the server reads)
 * and its answer, and the health answer.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"

/* The codec's encoder writes only this server's answer ("ok", protocol 1); the decoder
 * takes any status and protocol, which the till judges. Write back what was read, with
 * the codec's encoder where it can. */
static JsonNode *
encode_health (const KasirHealth *health)
{
  JsonNode *node = kasir_protocol_encode_health (health->server_time);
  JsonObject *obj = json_node_get_object (node);

  json_object_set_string_member (obj, "status", health->status);
  json_object_set_int_member (obj, "protocol", health->protocol);
  return node;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(JsonNode) node = fuzz_parse_input (data, size);

  if (node == NULL)
    return 0;

  FUZZ_ROUND_TRIP (KasirEnrollRequest, kasir_protocol_decode_enroll_request,
                   kasir_protocol_encode_enroll_request, node);
  FUZZ_ROUND_TRIP (KasirEnrollResponse, kasir_protocol_decode_enroll_response,
                   kasir_protocol_encode_enroll_response, node);
  FUZZ_ROUND_TRIP (KasirHealth, kasir_protocol_decode_health, encode_health, node);
  return 0;
}
