/* fuzz-common.h — what every libFuzzer target in tests/fuzz shares.
 *
 * Each target feeds its input to the real entry points, and whatever decodes is encoded,
 * decoded and encoded again: the two encodings must be byte for byte the same (a value
 * the decoder accepts must survive its own encoder), and a decoder must return either a
 * value or an error, never both nor neither. A broken rule aborts, which libFuzzer
 * reports as a crash with the input that caused it. Everything is freed, so a leak is a
 * finding too. build-aux/dev fuzz runs the targets.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kasir-protocol.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static inline void G_GNUC_NORETURN
fuzz_fail (const char *what,
           const char *detail1,
           const char *detail2)
{
  fprintf (stderr, "fuzz: %s\n", what);
  if (detail1 != NULL)
    fprintf (stderr, "  first:  %s\n", detail1);
  if (detail2 != NULL)
    fprintf (stderr, "  second: %s\n", detail2);
  abort ();
}

/* A decoder's contract: a value and no error, or an error and no value. */
static inline void
fuzz_check_contract (const char   *what,
                     gconstpointer value,
                     const GError *error)
{
  if (value == NULL && error == NULL)
    fuzz_fail (what, "returned NULL without an error", NULL);
  if (value != NULL && error != NULL)
    fuzz_fail (what, "returned a value and set an error", error->message);
}

/* Serialises @node (consumed) with the protocol's own writer. */
static inline char *
fuzz_node_text (JsonNode *node,
                gsize    *length)
{
  char *text;

  if (node == NULL)
    fuzz_fail ("an encoder returned NULL", NULL, NULL);
  text = kasir_protocol_to_string (node, length);
  json_node_unref (node);
  return text;
}

/* Parses text that our own encoder (@what) wrote: it must parse. */
static inline JsonNode *
fuzz_reparse (const char *what,
              const char *text,
              gsize       length)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = kasir_protocol_parse (text, length, &error);

  if (node == NULL)
    fuzz_fail (what, text, error->message);
  return node;
}

/* FUZZ_ROUND_TRIP (Type, decode, encode, node): decodes @node with @decode; when that
 * succeeds, encode → text1 → parse → decode (must succeed) → encode → text2, and text1
 * must equal text2. Evaluates to TRUE when @node decoded. */
#define FUZZ_ROUND_TRIP(Type, decode, encode, node) \
  ({ \
    g_autoptr(GError) fuzz_error_ = NULL; \
    g_autoptr(Type) fuzz_value_ = decode ((node), &fuzz_error_); \
    fuzz_check_contract (#decode, fuzz_value_, fuzz_error_); \
    if (fuzz_value_ != NULL) \
      { \
        g_autofree char *fuzz_text1_ = NULL; \
        g_autofree char *fuzz_text2_ = NULL; \
        g_autoptr(JsonNode) fuzz_node2_ = NULL; \
        g_autoptr(Type) fuzz_value2_ = NULL; \
        g_autoptr(GError) fuzz_error2_ = NULL; \
        gsize fuzz_len1_ = 0, fuzz_len2_ = 0; \
        \
        fuzz_text1_ = fuzz_node_text (encode (fuzz_value_), &fuzz_len1_); \
        fuzz_node2_ = fuzz_reparse (#encode, fuzz_text1_, fuzz_len1_); \
        fuzz_value2_ = decode (fuzz_node2_, &fuzz_error2_); \
        fuzz_check_contract (#decode, fuzz_value2_, fuzz_error2_); \
        if (fuzz_value2_ == NULL) \
          fuzz_fail (#decode " refuses what " #encode " wrote", fuzz_text1_, \
                     fuzz_error2_->message); \
        fuzz_text2_ = fuzz_node_text (encode (fuzz_value2_), &fuzz_len2_); \
        if (fuzz_len1_ != fuzz_len2_ || memcmp (fuzz_text1_, fuzz_text2_, fuzz_len1_) != 0) \
          fuzz_fail (#encode " is not stable over " #decode, fuzz_text1_, fuzz_text2_); \
      } \
    fuzz_value_ != NULL; \
  })

/* The input as a protocol body; NULL when it does not parse (which is fine). */
static inline JsonNode *
fuzz_parse_input (const guint8 *data,
                  size_t        size)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = kasir_protocol_parse ((const char *) data, size, &error);

  fuzz_check_contract ("kasir_protocol_parse", node, error);
  return node;
}

/* A mutation's payload through the decoder its type names. */
static inline gboolean
fuzz_mutation_payload (KasirMutationType  type,
                       JsonNode          *payload)
{
  switch (type)
    {
    case KASIR_MUTATION_SALE_CREATE:
      return FUZZ_ROUND_TRIP (KasirSale, kasir_protocol_decode_sale,
                              kasir_protocol_encode_sale, payload);
    case KASIR_MUTATION_SALE_REFUND:
      return FUZZ_ROUND_TRIP (KasirRefund, kasir_protocol_decode_refund,
                              kasir_protocol_encode_refund, payload);
    case KASIR_MUTATION_SHIFT_OPEN:
      return FUZZ_ROUND_TRIP (KasirShiftEvent, kasir_protocol_decode_shift_open,
                              kasir_protocol_encode_shift_open, payload);
    case KASIR_MUTATION_SHIFT_CLOSE:
      return FUZZ_ROUND_TRIP (KasirShiftEvent, kasir_protocol_decode_shift_close,
                              kasir_protocol_encode_shift_close, payload);
    case KASIR_MUTATION_PRODUCT_UPDATE:
      return FUZZ_ROUND_TRIP (KasirEdit, kasir_protocol_decode_product_update,
                              kasir_protocol_encode_product_update, payload);
    case KASIR_MUTATION_STOCK_ADJUST:
      return FUZZ_ROUND_TRIP (KasirStockAdjust, kasir_protocol_decode_stock_adjust,
                              kasir_protocol_encode_stock_adjust, payload);
    case KASIR_MUTATION_CUSTOMER_UPSERT:
      return FUZZ_ROUND_TRIP (KasirEdit, kasir_protocol_decode_customer_upsert,
                              kasir_protocol_encode_customer_upsert, payload);
    case KASIR_MUTATION_CONFLICT_RESOLVE:
      return FUZZ_ROUND_TRIP (KasirConflictResolve, kasir_protocol_decode_conflict_resolve,
                              kasir_protocol_encode_conflict_resolve, payload);
    case KASIR_MUTATION_SHIFT_CASH:
      return FUZZ_ROUND_TRIP (KasirShiftCash, kasir_protocol_decode_shift_cash,
                              kasir_protocol_encode_shift_cash, payload);
    case KASIR_MUTATION_STAFF_UPSERT:
      return FUZZ_ROUND_TRIP (KasirStaffUpsert, kasir_protocol_decode_staff_upsert,
                              kasir_protocol_encode_staff_upsert, payload);
    case KASIR_MUTATION_CATEGORY_UPSERT:
      return FUZZ_ROUND_TRIP (KasirCategoryUpsert, kasir_protocol_decode_category_upsert,
                              kasir_protocol_encode_category_upsert, payload);
    case KASIR_MUTATION_PRODUCT_CREATE:
      return FUZZ_ROUND_TRIP (KasirEdit, kasir_protocol_decode_product_create,
                              kasir_protocol_encode_product_create, payload);
    case KASIR_MUTATION_ORDER_OPEN:
      return FUZZ_ROUND_TRIP (KasirOrderSend, kasir_protocol_decode_order_open,
                              kasir_protocol_encode_order_open, payload);
    case KASIR_MUTATION_ORDER_ADD:
      return FUZZ_ROUND_TRIP (KasirOrderSend, kasir_protocol_decode_order_add,
                              kasir_protocol_encode_order_add, payload);
    case KASIR_MUTATION_PRODUCT_MODIFIERS:
      return FUZZ_ROUND_TRIP (KasirModifierEdit, kasir_protocol_decode_product_modifiers,
                              kasir_protocol_encode_product_modifiers, payload);
    case KASIR_MUTATION_ORDER_CANCEL:
      return FUZZ_ROUND_TRIP (KasirOrderCancel, kasir_protocol_decode_order_cancel,
                              kasir_protocol_encode_order_cancel, payload);
    default:
      fuzz_fail ("a decoded mutation has an unknown type", NULL, NULL);
    }
}
