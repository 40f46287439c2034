/* kasir-test-protocol.c — the protocol tests' codec helpers (test-protocol,
 * test-protocol-malformed, test-protocol-fuzz): a readable document made JSON, parsed,
 * and decoded then encoded again by message kind.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "kasir-protocol.h"

#include "kasir-test-protocol.h"

/* Turns the readable form into JSON: ' becomes ", ` becomes '. */
char *
json_text (const char *doc)
{
  char *text = g_strdup (doc);

  for (char *p = text; *p != '\0'; p++)
    {
      if (*p == '\'')
        *p = '"';
      else if (*p == '`')
        *p = '\'';
    }
  return text;
}

JsonNode *
parse_ok (const char *doc)
{
  g_autofree char *text = json_text (doc);
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  node = kasir_protocol_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static JsonNode *
encode_error_body (const KasirProtocolErrorBody *body)
{
  return kasir_protocol_encode_error (body->code, body->message, body->expected_seq);
}

static JsonNode *
encode_health_body (const KasirHealth *health)
{
  g_assert_cmpstr (health->status, ==, "ok");
  g_assert_cmpint (health->protocol, ==, KASIR_PROTOCOL_VERSION);
  return kasir_protocol_encode_health (health->server_time);
}

/* Decodes @node as @kind and encodes the result again: NULL with an error, or a node. */
JsonNode *
decode_encode (Kind       kind,
               JsonNode  *node,
               GError   **error)
{
  switch (kind)
    {
    case K_ERROR:
      DECODE_ENCODE (KasirProtocolErrorBody, kasir_protocol_decode_error, encode_error_body);
    case K_HEALTH:
      DECODE_ENCODE (KasirHealth, kasir_protocol_decode_health, encode_health_body);
    case K_ENROLL_REQ:
      DECODE_ENCODE (KasirEnrollRequest, kasir_protocol_decode_enroll_request,
                     kasir_protocol_encode_enroll_request);
    case K_ENROLL_RESP:
      DECODE_ENCODE (KasirEnrollResponse, kasir_protocol_decode_enroll_response,
                     kasir_protocol_encode_enroll_response);
    case K_MUTATION:
      DECODE_ENCODE (KasirMutation, kasir_protocol_decode_mutation,
                     kasir_protocol_encode_mutation);
    case K_PUSH_REQ:
      DECODE_ENCODE (KasirPushRequest, kasir_protocol_decode_push_request,
                     kasir_protocol_encode_push_request);
    case K_PUSH_RESULT:
      DECODE_ENCODE (KasirPushResult, kasir_protocol_decode_push_result,
                     kasir_protocol_encode_push_result);
    case K_PUSH_RESP:
      DECODE_ENCODE (KasirPushResponse, kasir_protocol_decode_push_response,
                     kasir_protocol_encode_push_response);
    case K_SALE:
      DECODE_ENCODE (KasirSale, kasir_protocol_decode_sale, kasir_protocol_encode_sale);
    case K_REFUND:
      DECODE_ENCODE (KasirRefund, kasir_protocol_decode_refund, kasir_protocol_encode_refund);
    case K_SHIFT_OPEN:
      DECODE_ENCODE (KasirShiftEvent, kasir_protocol_decode_shift_open,
                     kasir_protocol_encode_shift_open);
    case K_SHIFT_CLOSE:
      DECODE_ENCODE (KasirShiftEvent, kasir_protocol_decode_shift_close,
                     kasir_protocol_encode_shift_close);
    case K_PRODUCT_UPDATE:
      DECODE_ENCODE (KasirEdit, kasir_protocol_decode_product_update,
                     kasir_protocol_encode_product_update);
    case K_CUSTOMER_UPSERT:
      DECODE_ENCODE (KasirEdit, kasir_protocol_decode_customer_upsert,
                     kasir_protocol_encode_customer_upsert);
    case K_STOCK_ADJUST:
      DECODE_ENCODE (KasirStockAdjust, kasir_protocol_decode_stock_adjust,
                     kasir_protocol_encode_stock_adjust);
    case K_CONFLICT_RESOLVE:
      DECODE_ENCODE (KasirConflictResolve, kasir_protocol_decode_conflict_resolve,
                     kasir_protocol_encode_conflict_resolve);
    case K_PULL:
      DECODE_ENCODE (KasirPullResponse, kasir_protocol_decode_pull_response,
                     kasir_protocol_encode_pull_response);
    case K_PRODUCT:
      DECODE_ENCODE (KasirProduct, kasir_protocol_decode_product, kasir_protocol_encode_product);
    case K_CATEGORY:
      DECODE_ENCODE (KasirCategory, kasir_protocol_decode_category,
                     kasir_protocol_encode_category);
    case K_STOCK:
      DECODE_ENCODE (KasirStock, kasir_protocol_decode_stock, kasir_protocol_encode_stock);
    case K_CUSTOMER:
      DECODE_ENCODE (KasirCustomer, kasir_protocol_decode_customer,
                     kasir_protocol_encode_customer);
    case K_STAFF:
      DECODE_ENCODE (KasirStaff, kasir_protocol_decode_staff, kasir_protocol_encode_staff);
    case K_SHIFT:
      DECODE_ENCODE (KasirShift, kasir_protocol_decode_shift, kasir_protocol_encode_shift);
    case K_CONFLICT:
      DECODE_ENCODE (KasirConflict, kasir_protocol_decode_conflict,
                     kasir_protocol_encode_conflict);
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

/* Parses and decodes @text as @kind: NULL with an error, or an encoded node. */
JsonNode *
parse_and_decode (Kind         kind,
                  const char  *text,
                  gsize        length,
                  GError     **error)
{
  g_autoptr(JsonNode) node = kasir_protocol_parse (text, length, error);

  g_assert_true ((node == NULL) == (*error != NULL));
  if (node == NULL)
    return NULL;
  return decode_encode (kind, node, error);
}
