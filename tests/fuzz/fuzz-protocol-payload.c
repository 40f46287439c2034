/* fuzz-protocol-payload.c — mutation payloads straight into every payload decoder, so
 * that the fuzzer does not need to build a whole push request around each one.
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

  for (int type = KASIR_MUTATION_SALE_CREATE; type <= KASIR_MUTATION_ORDER_CANCEL; type++)
    fuzz_mutation_payload ((KasirMutationType) type, node);
  return 0;
}
