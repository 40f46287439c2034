/* fuzz-protocol-pull-reader.c — a pull page read from its text without a tree
 * (kasir_protocol_read_pull_response, what the till uses) against the tree's way
 * (kasir_protocol_parse and kasir_protocol_decode_pull_response): both must refuse with
 * the same error, or both read the same page, change by change. A page read either way
 * is then written by kasir_protocol_write_pull_response (what the server uses), which
 * must give the bytes of the tree's writer.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"

static JsonNode *
change_entity_node (const KasirChange *change)
{
  if (change->entity_data == NULL)
    return change->data != NULL ? json_node_copy (change->data) : json_node_new (JSON_NODE_NULL);
  if (strcmp (change->entity, "product") == 0)
    return kasir_protocol_encode_product (change->entity_data);
  if (strcmp (change->entity, "category") == 0)
    return kasir_protocol_encode_category (change->entity_data);
  if (strcmp (change->entity, "stock") == 0)
    return kasir_protocol_encode_stock (change->entity_data);
  fuzz_fail ("a change of another entity holds a decoded entity", change->entity, NULL);
}

static void
compare_pages (const KasirPullResponse *by_tree,
               const KasirPullResponse *by_text)
{
  if (by_tree->cursor != by_text->cursor || by_tree->has_more != by_text->has_more ||
      by_tree->last_seq != by_text->last_seq || by_tree->reset != by_text->reset ||
      by_tree->head != by_text->head || by_tree->changes->len != by_text->changes->len)
    fuzz_fail ("the two ways read different pages", NULL, NULL);

  for (guint i = 0; i < by_tree->changes->len; i++)
    {
      const KasirChange *a = g_ptr_array_index (by_tree->changes, i);
      const KasirChange *b = g_ptr_array_index (by_text->changes, i);
      g_autofree char *text_a = NULL;
      g_autofree char *text_b = NULL;

      if (strcmp (a->entity, b->entity) != 0 || strcmp (a->id, b->id) != 0 ||
          a->deleted != b->deleted || (a->entity_data == NULL) != (b->entity_data == NULL))
        fuzz_fail ("the two ways read different changes", a->id, b->id);
      if (b->entity_data != NULL && b->data != NULL)
        fuzz_fail ("a change read from the text keeps JSON beside its entity", b->entity, NULL);
      text_a = fuzz_node_text (change_entity_node (a), NULL);
      text_b = fuzz_node_text (change_entity_node (b), NULL);
      if (strcmp (text_a, text_b) != 0)
        fuzz_fail ("the two ways read different data", text_a, text_b);
    }
}

static void
check_writer (const KasirPullResponse *page)
{
  gsize tree_length = 0, writer_length = 0;
  g_autofree char *by_tree = fuzz_node_text (kasir_protocol_encode_pull_response (page),
                                             &tree_length);
  g_autofree char *by_writer = kasir_protocol_write_pull_response (page, &writer_length);

  if (tree_length != writer_length || memcmp (by_tree, by_writer, tree_length) != 0)
    fuzz_fail ("the writer and the tree's writer write different text", by_tree, by_writer);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) tree_error = NULL;
  g_autoptr(GError) text_error = NULL;
  g_autoptr(JsonNode) node = kasir_protocol_parse ((const char *) data, size, &tree_error);
  g_autoptr(KasirPullResponse) by_tree = NULL;
  g_autoptr(KasirPullResponse) by_text = NULL;

  if (node != NULL)
    by_tree = kasir_protocol_decode_pull_response (node, &tree_error);
  by_text = kasir_protocol_read_pull_response ((const char *) data, size, &text_error);
  fuzz_check_contract ("kasir_protocol_read_pull_response", by_text, text_error);

  if (by_tree == NULL && by_text == NULL)
    {
      if (!g_error_matches (text_error, tree_error->domain, tree_error->code) ||
          strcmp (text_error->message, tree_error->message) != 0)
        fuzz_fail ("the two ways refuse differently", tree_error->message, text_error->message);
      return 0;
    }
  if (by_tree == NULL || by_text == NULL)
    fuzz_fail ("one way reads the page, the other refuses it",
               tree_error != NULL ? tree_error->message : NULL,
               text_error != NULL ? text_error->message : NULL);
  compare_pages (by_tree, by_text);
  check_writer (by_tree);
  check_writer (by_text);
  return 0;
}
