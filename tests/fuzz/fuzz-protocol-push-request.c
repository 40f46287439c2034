/* fuzz-protocol-push-request.c — POST /api/v1/sync/push bodies as the server reads them:
 * the request, each mutation, and each mutation's payload through the decoder its type
 * names (sale, refund, shift open/close, product update, stock adjust, customer upsert,
 * conflict resolve). The server reads a request from its text without a tree
 * (kasir_protocol_read_push_request, kasir_protocol_read_sale): it must refuse with the
 * tree's error, or read the same mutations and, for a sale, the same sale or error.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"

/* A sale.create payload decoded, as text: its encoding or its error. */
static char *
sale_text (KasirSale *sale,
           GError    *error)
{
  if (sale == NULL)
    return g_strdup_printf ("%d %s", error->code, error->message);
  return fuzz_node_text (kasir_protocol_encode_sale (sale), NULL);
}

static void
compare_text_reader (const guint8            *data,
                     size_t                   size,
                     const KasirPushRequest  *by_tree,
                     GError                  *tree_error)
{
  g_autoptr(GError) text_error = NULL;
  g_autoptr(KasirPushRequest) by_text = kasir_protocol_read_push_request ((const char *) data, size,
                                                                          &text_error);

  fuzz_check_contract ("kasir_protocol_read_push_request", by_text, text_error);
  if (by_tree == NULL && by_text == NULL)
    {
      if (!g_error_matches (text_error, tree_error->domain, tree_error->code) ||
          strcmp (text_error->message, tree_error->message) != 0)
        fuzz_fail ("the two ways refuse differently", tree_error->message, text_error->message);
      return;
    }
  if (by_tree == NULL || by_text == NULL)
    fuzz_fail ("one way reads the request, the other refuses it",
               tree_error != NULL ? tree_error->message : NULL,
               text_error != NULL ? text_error->message : NULL);
  if (by_tree->terminal_id != by_text->terminal_id || by_tree->mutations->len != by_text->mutations->len)
    fuzz_fail ("the two ways read different requests", NULL, NULL);
  for (guint i = 0; i < by_tree->mutations->len; i++)
    {
      const KasirMutation *a = g_ptr_array_index (by_tree->mutations, i);
      const KasirMutation *b = g_ptr_array_index (by_text->mutations, i);
      g_autofree char *payload_a = kasir_mutation_payload_to_string (a);
      g_autofree char *payload_b = kasir_mutation_payload_to_string (b);

      if (a->seq != b->seq || a->type != b->type || strcmp (a->id, b->id) != 0 ||
          strcmp (a->created_at, b->created_at) != 0 || strcmp (payload_a, payload_b) != 0)
        fuzz_fail ("the two ways read different mutations", payload_a, payload_b);
      if (a->type == KASIR_MUTATION_SALE_CREATE)
        {
          g_autoptr(GError) error_a = NULL;
          g_autoptr(GError) error_b = NULL;
          g_autoptr(KasirSale) sale_a = kasir_protocol_decode_sale (a->payload, &error_a);
          g_autoptr(KasirSale) sale_b = kasir_protocol_read_sale (b->payload_text, b->payload_length,
                                                                  &error_b);
          g_autofree char *text_a = sale_text (sale_a, error_a);
          g_autofree char *text_b = sale_text (sale_b, error_b);

          if (strcmp (text_a, text_b) != 0)
            fuzz_fail ("the two ways read different sales", text_a, text_b);
        }
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) tree_error = NULL;
  g_autoptr(JsonNode) node = kasir_protocol_parse ((const char *) data, size, &tree_error);
  g_autoptr(KasirPushRequest) req = NULL;
  g_autoptr(KasirMutation) single = NULL;

  fuzz_check_contract ("kasir_protocol_parse", node, tree_error);
  if (node != NULL)
    req = kasir_protocol_decode_push_request (node, &tree_error);
  compare_text_reader (data, size, req, tree_error);
  g_clear_pointer (&req, kasir_push_request_free);
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
