/* test-protocol.c — the sync protocol v1 JSON codec: round trips, values decoded and
 * encoded, numbers at their extremes, escapes. Malformed documents and limits are in
 * test-protocol-malformed.c, the fuzz loop in test-protocol-fuzz.c.
 *
 * Documents are written with ' for " to keep them readable; ` stands for a literal '.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "kasir-protocol.h"

#include "kasir-test-protocol.h"

#define CONFLICT_RESOLVE2_DOC \
  "{'conflict_id':12,'expected_version':1,'decision':'acknowledge','note':'seen it'," \
  "'staff_id':3,'values':null}"

#define PUSH_RESULT_DOC "{'seq':5,'status':'applied_with_conflicts','conflict_ids':[11,12]}"

#define ERROR2_DOC "{'error':{'code':'bad_request','message':'lines[0].qty: must be > 0'}}"

#define CONFLICT2_DOC \
  "{'id':12,'kind':'concurrent_edit','status':'resolved','entity':'product','entity_id':42," \
  "'base':{'price':15000},'terminal':{'price':16000},'server':{'price':17000}," \
  "'terminal_id':7,'terminal_name':'Till 2','seq':9,'created_at':'2026-11-22T08:30:00Z'," \
  "'resolution':{'decision':'accept','staff_id':3},'version':2}"

/* ---- Round trips ---- */

static const struct
{
  Kind        kind;
  const char *doc;
} round_trips[] = {
  { K_ERROR, ERROR_DOC },
  { K_ERROR, ERROR2_DOC },
  { K_HEALTH, HEALTH_DOC },
  { K_ENROLL_REQ, ENROLL_REQ_DOC },
  { K_ENROLL_RESP, ENROLL_RESP_DOC },
  { K_ENROLL_RESP, "{'terminal_id':7,'outlet_id':2,'token':'dG9rZW4tc2VjcmV0','name':'Till 2'}" },
  { K_MUTATION, MUTATION_DOC },
  { K_PUSH_REQ, PUSH_DOC },
  { K_PUSH_REQ, "{'terminal_id':7,'mutations':[]}" },
  { K_PUSH_RESULT, PUSH_RESULT_DOC },
  { K_PUSH_RESP, PUSH_RESPONSE_DOC },
  { K_SALE, SALE_DOC },
  { K_SALE, SALE2_DOC },
  { K_REFUND, REFUND_DOC },
  { K_SHIFT_OPEN, SHIFT_OPEN_DOC },
  { K_SHIFT_CLOSE, SHIFT_CLOSE_DOC },
  { K_PRODUCT_UPDATE, PRODUCT_UPDATE_DOC },
  { K_PRODUCT_UPDATE, "{'product_id':42,'base_version':4,'staff_id':1,'fields':{'price':0}}" },
  { K_CUSTOMER_UPSERT, CUSTOMER_UPSERT_DOC },
  { K_CUSTOMER_UPSERT, "{'customer_id':12,'client_id':'" UUID_CUSTOMER "','base_version':3,'staff_id':2,"
                       "'fields':{'email':'budi@example.com'}}" },
  { K_STOCK_ADJUST, STOCK_ADJUST_DOC },
  { K_CONFLICT_RESOLVE, CONFLICT_RESOLVE_DOC },
  { K_CONFLICT_RESOLVE, CONFLICT_RESOLVE2_DOC },
  { K_PULL, PULL_DOC },
  { K_PULL, "{'changes':[],'cursor':0,'has_more':true,'last_seq':0,'reset':true}" },
  { K_PULL, "{'changes':[],'cursor':10,'has_more':true,'last_seq':0,'reset':false,'head':90}" },
  { K_PRODUCT, PRODUCT_DOC },
  { K_PRODUCT, "{'id':43,'sku':'','barcode':null,'name':'Gula','price':0,'price_version':0,"
               "'tax_rate_bp':0,'category_id':null,'archived':true,'version':9}" },
  { K_CATEGORY, CATEGORY_DOC },
  { K_STOCK, STOCK_DOC },
  { K_CUSTOMER, CUSTOMER_DOC },
  { K_STAFF, STAFF_DOC },
  { K_SHIFT, SHIFT_DOC },
  { K_SHIFT, "{'id':'" UUID_SHIFT "','outlet_id':2,'terminal_id':7,'staff_id':3,"
             "'opened_at':'2026-11-22T07:00:00Z','closed_at':'2026-11-22T15:00:00Z',"
             "'opening_float':200000,'counted_cash':250000}" },
  { K_CONFLICT, CONFLICT_DOC },
  { K_CONFLICT, CONFLICT2_DOC },
};

static void
test_round_trip (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (round_trips); i++)
    {
      g_autoptr(JsonNode) node = parse_ok (round_trips[i].doc);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) encoded = NULL;
      g_autoptr(JsonNode) reparsed = NULL;
      g_autoptr(JsonNode) again = NULL;
      g_autofree char *text = NULL;
      g_autofree char *expected = NULL;
      gsize length = 0;

      g_test_message ("round trip %u", i);
      encoded = decode_encode (round_trips[i].kind, node, &error);
      g_assert_no_error (error);
      g_assert_nonnull (encoded);

      text = kasir_protocol_to_string (encoded, &length);
      expected = kasir_protocol_to_string (node, NULL);
      if (!json_node_equal (node, encoded))
        g_error ("round trip %u differs:\n  in:  %s\n  out: %s", i, expected, text);
      g_assert_cmpuint (length, ==, strlen (text));

      /* The text form parses back to the same document, and decodes again. */
      reparsed = kasir_protocol_parse (text, length, &error);
      g_assert_no_error (error);
      g_assert_true (json_node_equal (reparsed, node));
      again = decode_encode (round_trips[i].kind, reparsed, &error);
      g_assert_no_error (error);
      g_assert_true (json_node_equal (again, node));
    }
}

static void
test_sale_values (void)
{
  g_autoptr(JsonNode) node = parse_ok (SALE_DOC);
  g_autoptr(JsonNode) node2 = parse_ok (SALE2_DOC);
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(KasirSale) sale2 = NULL;
  const KasirSaleLine *line;
  const KasirPayment *payment;

  sale = kasir_protocol_decode_sale (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sale->sale_id, ==, UUID_SALE);
  g_assert_cmpstr (sale->receipt_no, ==, "7-000123");
  g_assert_cmpstr (sale->shift_id, ==, UUID_SHIFT);
  g_assert_cmpint (sale->staff_id, ==, 3);
  g_assert_cmpint (sale->customer_id, ==, 12);
  g_assert_cmpstr (sale->currency, ==, "IDR");
  g_assert_true (sale->tax_inclusive);
  g_assert_cmpuint (sale->lines->len, ==, 1);
  line = g_ptr_array_index (sale->lines, 0);
  g_assert_cmpint (line->product_id, ==, 42);
  g_assert_cmpstr (line->sku, ==, "KOPI-01");
  g_assert_cmpstr (line->name, ==, "Kopi susu");
  g_assert_cmpint (line->qty, ==, 2);
  g_assert_cmpint (line->unit_price, ==, 15000);
  g_assert_cmpint (line->price_version, ==, 3);
  g_assert_cmpuint (line->tax_rate_bp, ==, 1100);
  g_assert_cmpint (line->tax, ==, 2973);
  g_assert_cmpint (line->total, ==, 30000);
  g_assert_cmpuint (sale->payments->len, ==, 1);
  payment = g_ptr_array_index (sale->payments, 0);
  g_assert_cmpint (payment->method, ==, KASIR_PAYMENT_CASH);
  g_assert_cmpint (payment->amount, ==, 50000);
  g_assert_null (payment->reference);
  g_assert_cmpint (sale->total, ==, 30000);
  g_assert_cmpint (sale->change, ==, 20000);
  g_assert_cmpstr (sale->created_at, ==, "2026-11-22T08:15:00Z");

  sale2 = kasir_protocol_decode_sale (node2, &error);
  g_assert_no_error (error);
  g_assert_null (sale2->shift_id);
  g_assert_cmpint (sale2->staff_id, ==, 0);
  g_assert_cmpint (sale2->customer_id, ==, 0);
  g_assert_false (sale2->tax_inclusive);
  g_assert_cmpuint (sale2->lines->len, ==, 2);
  line = g_ptr_array_index (sale2->lines, 0);
  g_assert_null (line->sku);
  g_assert_null (line->name);
  payment = g_ptr_array_index (sale2->payments, 0);
  g_assert_cmpint (payment->method, ==, KASIR_PAYMENT_CARD);
  g_assert_cmpstr (payment->reference, ==, "APPR-1");
}

/* A sale built in C goes out and comes back with every field intact. */
static void
test_sale_from_struct (void)
{
  g_autoptr(KasirSale) sale = kasir_sale_new ();
  g_autoptr(KasirSale) back = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  KasirSaleLine *line = kasir_sale_line_new ();
  gsize length;

  sale->sale_id = kasir_uuid_new ();
  sale->receipt_no = g_strdup ("7-000001");
  memcpy (sale->currency, "USD", 4);
  sale->tax_inclusive = FALSE;
  line->product_id = 9;
  line->name = g_strdup ("Caf\xc3\xa9 \"latte\"\n");
  line->qty = 4;
  line->unit_price = 250;
  line->tax_rate_bp = 1000;
  line->tax = 100;
  line->total = 1000;
  g_ptr_array_add (sale->lines, line);
  g_ptr_array_add (sale->payments, kasir_payment_new (KASIR_PAYMENT_EWALLET, 1100));
  sale->subtotal = 1000;
  sale->tax = 100;
  sale->total = 1100;
  sale->created_at = kasir_now_rfc3339 ();

  node = kasir_protocol_encode_sale (sale);
  text = kasir_protocol_to_string (node, &length);
  parsed = kasir_protocol_parse (text, length, &error);
  g_assert_no_error (error);
  back = kasir_protocol_decode_sale (parsed, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (back->sale_id, ==, sale->sale_id);
  g_assert_cmpstr (back->currency, ==, "USD");
  g_assert_false (back->tax_inclusive);
  g_assert_null (back->shift_id);
  g_assert_cmpint (back->staff_id, ==, 0);
  g_assert_cmpstr (((KasirSaleLine *) g_ptr_array_index (back->lines, 0))->name, ==,
                   "Caf\xc3\xa9 \"latte\"\n");
  g_assert_cmpint (((KasirPayment *) g_ptr_array_index (back->payments, 0))->method, ==,
                   KASIR_PAYMENT_EWALLET);
  g_assert_cmpint (back->total, ==, 1100);
  g_assert_cmpstr (back->created_at, ==, sale->created_at);
}

static void
test_push_values (void)
{
  g_autoptr(JsonNode) node = parse_ok (PUSH_DOC);
  g_autoptr(JsonNode) response_node = parse_ok (PUSH_RESPONSE_DOC);
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirPushRequest) req = NULL;
  g_autoptr(KasirPushResponse) resp = NULL;
  g_autoptr(KasirPushResult) copy = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(KasirConflictResolve) resolve = NULL;
  const KasirMutation *mutation;
  const KasirPushResult *result;

  req = kasir_protocol_decode_push_request (node, &error);
  g_assert_no_error (error);
  g_assert_cmpint (req->terminal_id, ==, 7);
  g_assert_cmpuint (req->mutations->len, ==, 3);
  mutation = g_ptr_array_index (req->mutations, 0);
  g_assert_cmpint (mutation->seq, ==, 5);
  g_assert_cmpstr (mutation->id, ==, UUID_MUT1);
  g_assert_cmpint (mutation->type, ==, KASIR_MUTATION_SALE_CREATE);
  sale = kasir_protocol_decode_sale (mutation->payload, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sale->receipt_no, ==, "7-000123");
  mutation = g_ptr_array_index (req->mutations, 2);
  g_assert_cmpint (mutation->seq, ==, 7);
  g_assert_cmpint (mutation->type, ==, KASIR_MUTATION_CONFLICT_RESOLVE);
  resolve = kasir_protocol_decode_conflict_resolve (mutation->payload, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (resolve->decision, ==, "counted_stock");
  g_assert_null (resolve->note);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (resolve->values), "qty"),
                   ==, 5);

  resp = kasir_protocol_decode_push_response (response_node, &error);
  g_assert_no_error (error);
  g_assert_cmpint (resp->last_seq, ==, 7);
  g_assert_cmpuint (resp->results->len, ==, 3);
  result = g_ptr_array_index (resp->results, 1);
  g_assert_cmpint (result->status, ==, KASIR_RESULT_APPLIED_WITH_CONFLICTS);
  g_assert_cmpuint (result->conflict_ids->len, ==, 1);
  g_assert_cmpint (g_array_index (result->conflict_ids, gint64, 0), ==, 11);
  g_assert_null (result->reason);
  result = g_ptr_array_index (resp->results, 2);
  g_assert_cmpint (result->status, ==, KASIR_RESULT_REJECTED);
  g_assert_cmpstr (result->reason, ==, "already_resolved");
  g_assert_nonnull (result->conflict_ids);
  g_assert_cmpuint (result->conflict_ids->len, ==, 0);

  copy = kasir_push_result_copy (g_ptr_array_index (resp->results, 1));
  g_assert_cmpint (copy->seq, ==, 6);
  g_assert_cmpuint (copy->conflict_ids->len, ==, 1);
  g_assert_cmpint (g_array_index (copy->conflict_ids, gint64, 0), ==, 11);
}

static void
test_pull_values (void)
{
  g_autoptr(JsonNode) node = parse_ok (PULL_DOC);
  g_autoptr(JsonNode) conflict_node = parse_ok (CONFLICT2_DOC);
  g_autoptr(JsonNode) edit_node = parse_ok (PRODUCT_UPDATE_DOC);
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirPullResponse) resp = NULL;
  g_autoptr(KasirConflict) conflict = NULL;
  g_autoptr(KasirEdit) edit = NULL;
  g_autoptr(KasirProduct) product = NULL;
  const KasirChange *change;

  resp = kasir_protocol_decode_pull_response (node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (resp->changes->len, ==, 9);
  g_assert_cmpint (resp->cursor, ==, 1234);
  g_assert_false (resp->has_more);
  g_assert_cmpint (resp->last_seq, ==, 7);
  g_assert_false (resp->reset);

  change = g_ptr_array_index (resp->changes, 0);
  g_assert_cmpstr (change->entity, ==, "product");
  g_assert_cmpstr (change->id, ==, "42");
  g_assert_false (change->deleted);
  product = kasir_protocol_decode_product (change->data, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (product->barcode, ==, "8991234567890");
  g_assert_cmpint (product->category_id, ==, 5);
  change = g_ptr_array_index (resp->changes, 2);
  g_assert_cmpstr (change->id, ==, "42:2");
  change = g_ptr_array_index (resp->changes, 8);
  g_assert_true (change->deleted);
  g_assert_null (change->data);
  g_assert_cmpstr (change->id, ==, "41");

  conflict = kasir_protocol_decode_conflict (conflict_node, &error);
  g_assert_no_error (error);
  g_assert_cmpint (conflict->kind, ==, KASIR_CONFLICT_CONCURRENT_EDIT);
  g_assert_cmpint (conflict->status, ==, KASIR_CONFLICT_RESOLVED);
  g_assert_cmpstr (conflict->entity_id, ==, "42");
  g_assert_nonnull (conflict->resolution);
  g_assert_cmpint (conflict->version, ==, 2);

  edit = kasir_protocol_decode_product_update (edit_node, &error);
  g_assert_no_error (error);
  g_assert_cmpint (edit->entity_id, ==, 42);
  g_assert_cmpint (edit->base_version, ==, 4);
  g_assert_cmpuint (json_object_get_size (json_node_get_object (edit->fields)), ==, 7);
}

/* A receiver that reads only the decoded catalog entities lets go of their JSON; every
 * other change keeps its data, and the decoded entities stay. */
static void
test_pull_drop_decoded (void)
{
  g_autoptr(JsonNode) node = parse_ok (PULL_DOC);
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirPullResponse) resp = NULL;
  guint kept = 0, decoded = 0;

  resp = kasir_protocol_decode_pull_response (node, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < resp->changes->len; i++)
    decoded += ((KasirChange *) resp->changes->pdata[i])->entity_data != NULL;
  g_assert_cmpuint (decoded, >, 0);

  g_assert_cmpuint (kasir_pull_response_drop_decoded_data (resp), ==, decoded);
  for (guint i = 0; i < resp->changes->len; i++)
    {
      const KasirChange *change = resp->changes->pdata[i];

      if (change->entity_data != NULL)
        g_assert_null (change->data);
      else if (!change->deleted)
        {
          g_assert_nonnull (change->data);
          kept++;
        }
    }
  g_assert_cmpuint (kept, >, 0);
  g_assert_cmpint (((KasirProduct *) ((KasirChange *) resp->changes->pdata[0])->entity_data)->id,
                   ==, 42);
  g_assert_cmpuint (kasir_pull_response_drop_decoded_data (resp), ==, 0);
}

/* "reset" and "last_seq" may be left out; unknown fields are ignored everywhere. */
static void
test_optional_and_unknown (void)
{
  g_autoptr(JsonNode) pull = parse_ok ("{'changes':[],'cursor':5,'has_more':true}");
  g_autoptr(JsonNode) sale = parse_ok ("{'extra':{'deep':[1,2.5,'x',null]},"
                                       "'sale_id':'" UUID_SALE "','receipt_no':'7-1',"
                                       "'currency':'IDR','lines':[{'product_id':1,'qty':1,"
                                       "'unit_price':10,'price_version':1,'discount':0,"
                                       "'tax':0,'total':10,'unknown':true}],"
                                       "'payments':[{'method':'cash','amount':10}],"
                                       "'subtotal':10,'discount':0,'fee':0,'tax':0,"
                                       "'total':10,'change':0,'loyalty_redeemed':0,"
                                       "'created_at':'2026-11-22T08:15:00Z'}");
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirPullResponse) resp = NULL;
  g_autoptr(KasirSale) decoded = NULL;

  resp = kasir_protocol_decode_pull_response (pull, &error);
  g_assert_no_error (error);
  g_assert_cmpint (resp->last_seq, ==, 0);
  g_assert_false (resp->reset);
  g_assert_true (resp->has_more);

  decoded = kasir_protocol_decode_sale (sale, &error);
  g_assert_no_error (error);
  g_assert_true (decoded->tax_inclusive);
  g_assert_null (decoded->shift_id);
  g_assert_cmpint (decoded->staff_id, ==, 0);
}

/* Extreme but valid 64-bit values survive the trip. */
static void
test_int64_extremes (void)
{
  g_autoptr(KasirStock) stock = kasir_stock_new ();
  g_autoptr(KasirStock) back = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  /* Ids may use all 63 bits; a stock level is bounded by KASIR_PROTOCOL_MAX_STOCK. */
  stock->product_id = G_MAXINT64;
  stock->outlet_id = 1;
  stock->qty = -KASIR_PROTOCOL_MAX_STOCK;
  node = kasir_protocol_encode_stock (stock);
  text = kasir_protocol_to_string (node, NULL);
  g_assert_cmpstr (text, ==,
                   "{\"product_id\":9223372036854775807,\"outlet_id\":1,"
                   "\"qty\":-1000000000000000}");
  parsed = kasir_protocol_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  back = kasir_protocol_decode_stock (parsed, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->product_id, ==, G_MAXINT64);
  g_assert_cmpint (back->qty, ==, -KASIR_PROTOCOL_MAX_STOCK);
}

/* Found by tests/fuzz/fuzz-protocol-prescan (corpus/protocol-prescan/exponent-double):
 * json-glib writes 1e30 as "1e+30.0", which no receiver's pre-scan accepts, so a large
 * double anywhere in stored data (a payload, a setting, a conflict's values) would have
 * made every pull that carries it fail. What the writer writes must parse again. */
static void
test_exponent_doubles (void)
{
  static const char * const docs[] = {
    "[1e30,-2.5e-300,1E+20,0.5,-0,1e16,123456789012345678.0]",
    "{'payload':{'note':'1e5.0 stays as it is','x':1e+300,'true':true,'e':[false,1e-7]}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      g_autoptr(JsonNode) node = parse_ok (docs[i]);
      g_autoptr(JsonNode) again = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      gsize length = 0;

      text = kasir_protocol_to_string (node, &length);
      g_assert_cmpuint (length, ==, strlen (text));
      g_assert_null (strstr (text, "e+30.0"));
      again = kasir_protocol_parse (text, length, &error);
      g_assert_no_error (error);
      g_assert_true (json_node_equal (node, again));
    }
}

/* Found by tests/fuzz/fuzz-protocol-prescan and fuzz-protocol-push-request (corpus
 * protocol-prescan/unit-separator, protocol-prescan/del-in-name): json-glib writes
 * U+001F raw, which no JSON parser may accept, and U+007F in a member name as an
 * escape, which the pre-scan refuses in names. A sale named "\u001f" or a payload with
 * a field "amo\x7fnt", once stored and sent on, would have stopped every pull. */
static void
test_writer_escapes (void)
{
  static const struct
  {
    const char *doc;
    const char *written;
  } cases[] = {
    { "[\"a\\u001fb\",\"\\u001F\"]", "[\"a\\u001fb\",\"\\u001f\"]" },
    { "{\"amo\x7fnt\":\"x\\u007fy\\\\u007f\"}", "{\"amo\x7fnt\":\"x\x7fy\\\\u007f\"}" },
    { "[\"\x1f\"]", NULL },  /* raw: refused as before */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(JsonNode) again = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      gsize length = 0;

      node = kasir_protocol_parse (cases[i].doc, strlen (cases[i].doc), &error);
      if (cases[i].written == NULL)
        {
          g_assert_error (error, KASIR_PROTOCOL_ERROR, KASIR_PROTOCOL_ERROR_MALFORMED);
          continue;
        }
      g_assert_no_error (error);
      text = kasir_protocol_to_string (node, &length);
      g_assert_cmpstr (text, ==, cases[i].written);
      g_assert_cmpuint (length, ==, strlen (text));
      again = kasir_protocol_parse (text, length, &error);
      g_assert_no_error (error);
      g_assert_true (json_node_equal (node, again));
    }
}

static void
test_error_encoding (void)
{
  g_autoptr(JsonNode) gap = kasir_protocol_encode_error ("seq_gap", "expected 5", 5);
  g_autoptr(JsonNode) plain = kasir_protocol_encode_error ("not_found", "no such terminal", 0);
  g_autofree char *gap_text = kasir_protocol_to_string (gap, NULL);
  g_autofree char *plain_text = kasir_protocol_to_string (plain, NULL);

  g_assert_cmpstr (gap_text, ==,
                   "{\"error\":{\"code\":\"seq_gap\",\"message\":\"expected 5\"},"
                   "\"expected_seq\":5}");
  g_assert_cmpstr (plain_text, ==,
                   "{\"error\":{\"code\":\"not_found\",\"message\":\"no such terminal\"}}");
}

/* Structs filled in by hand may leave arrays and strings unset; encoding still works and
 * gives empty arrays and nulls rather than crashing. */
static void
test_encode_unset (void)
{
  g_autofree KasirShiftEvent *ev = g_new0 (KasirShiftEvent, 1);
  g_autofree KasirRefund *refund = g_new0 (KasirRefund, 1);
  g_autoptr(KasirPushRequest) req = kasir_push_request_new ();
  g_autoptr(JsonNode) ev_node = kasir_protocol_encode_shift_close (ev);
  g_autoptr(JsonNode) refund_node = kasir_protocol_encode_refund (refund);
  g_autoptr(JsonNode) req_node = NULL;
  g_autofree char *ev_text = kasir_protocol_to_string (ev_node, NULL);
  g_autofree char *refund_text = kasir_protocol_to_string (refund_node, NULL);
  g_autofree char *req_text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirShiftEvent) back = NULL;

  g_assert_cmpstr (ev_text, ==,
                   "{\"shift_id\":null,\"staff_id\":0,\"closed_at\":null,\"counted\":[],"
                   "\"expected\":[]}");
  g_assert_cmpstr (refund_text, ==,
                   "{\"refund_id\":null,\"sale_id\":null,\"reason\":null,\"staff_id\":0,\"lines\":[],"
                   "\"payments\":[],\"total\":0,\"created_at\":null}");

  /* What was never filled in does not pass for a valid event. */
  back = kasir_protocol_decode_shift_close (ev_node, &error);
  g_assert_error (error, KASIR_PROTOCOL_ERROR, KASIR_PROTOCOL_ERROR_WRONG_TYPE);
  g_assert_null (back);

  req->terminal_id = 7;
  req_node = kasir_protocol_encode_push_request (req);
  req_text = kasir_protocol_to_string (req_node, NULL);
  g_assert_cmpstr (req_text, ==, "{\"terminal_id\":7,\"mutations\":[]}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Protocol/round-trip", test_round_trip);
  g_test_add_func ("/Kasir/Protocol/sale-values", test_sale_values);
  g_test_add_func ("/Kasir/Protocol/sale-from-struct", test_sale_from_struct);
  g_test_add_func ("/Kasir/Protocol/push-values", test_push_values);
  g_test_add_func ("/Kasir/Protocol/pull-values", test_pull_values);
  g_test_add_func ("/Kasir/Protocol/pull-drop-decoded", test_pull_drop_decoded);
  g_test_add_func ("/Kasir/Protocol/optional-and-unknown", test_optional_and_unknown);
  g_test_add_func ("/Kasir/Protocol/int64-extremes", test_int64_extremes);
  g_test_add_func ("/Kasir/Protocol/exponent-doubles", test_exponent_doubles);
  g_test_add_func ("/Kasir/Protocol/writer-escapes", test_writer_escapes);
  g_test_add_func ("/Kasir/Protocol/error-encoding", test_error_encoding);
  g_test_add_func ("/Kasir/Protocol/encode-unset", test_encode_unset);

  return g_test_run ();
}
