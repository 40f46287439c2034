/* fuzz-protocol-prescan.c — kasir_protocol_parse(): the strict pre-scanner in front of
 * json-glib. Whatever it accepts, the protocol's writer must write back as text that
 * parses to the same tree and is written the same way again.
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
  g_autoptr(JsonNode) node2 = NULL;
  g_autofree char *text1 = NULL;
  g_autofree char *text2 = NULL;
  gsize len1 = 0, len2 = 0;

  if (node == NULL)
    return 0;

  text1 = kasir_protocol_to_string (node, &len1);
  node2 = fuzz_reparse ("kasir_protocol_to_string", text1, len1);
  if (!json_node_equal (node, node2))
    fuzz_fail ("the written document parses to another tree", text1, NULL);
  text2 = kasir_protocol_to_string (node2, &len2);
  if (len1 != len2 || memcmp (text1, text2, len1) != 0)
    fuzz_fail ("writing the document is not stable", text1, text2);
  return 0;
}
