/* test-protocol.c — the sync protocol v1 JSON codec: round trips, a table of malformed
 * documents, limits, and a truncation/bit-flip fuzz loop.
 *
 * Documents are written with ' for " to keep them readable; ` stands for a literal '.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kasir-protocol.h"

#define UUID_SALE     "0b7e3f52-1c4a-4d8e-9f10-2a3b4c5d6e7f"
#define UUID_SHIFT    "5f0c7a2e-8b1d-4c3e-a9f2-6d7e8f901a2b"
#define UUID_MUT1     "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d"
#define UUID_MUT2     "1c2d3e4f-5a6b-4c7d-9e8f-a0b1c2d3e4f5"
#define UUID_MUT3     "2d3e4f5a-6b7c-4d8e-af90-b1c2d3e4f5a6"
#define UUID_REFUND   "3e4f5a6b-7c8d-4e9f-8a01-c2d3e4f5a6b7"
#define UUID_CUSTOMER "4f5a6b7c-8d9e-4fa0-9b12-d3e4f5a6b7c8"

#define SALE_DOC \
  "{'sale_id':'" UUID_SALE "','receipt_no':'7-000123','shift_id':'" UUID_SHIFT "'," \
  "'staff_id':3,'customer_id':12,'currency':'IDR','tax_inclusive':true," \
  "'lines':[{'product_id':42,'sku':'KOPI-01','name':'Kopi susu','qty':2,'unit_price':15000," \
  "'price_version':3,'tax_rate_bp':1100,'discount':0,'tax':2973,'total':30000}]," \
  "'payments':[{'method':'cash','amount':50000}],'subtotal':30000,'discount':0,'fee':0," \
  "'tax':2973,'total':30000,'change':20000,'loyalty_redeemed':0," \
  "'created_at':'2026-11-22T08:15:00Z'}"

/* Tax-exclusive, no shift/staff/customer, two lines, split tender with a reference. */
#define SALE2_DOC \
  "{'sale_id':'" UUID_SALE "','receipt_no':'7-000124','shift_id':null,'staff_id':null," \
  "'customer_id':null,'currency':'IDR','tax_inclusive':false," \
  "'lines':[{'product_id':1,'qty':3,'unit_price':1000,'price_version':1,'tax_rate_bp':1100," \
  "'discount':100,'tax':319,'total':2900},{'product_id':2,'sku':'TEH','qty':1," \
  "'unit_price':500,'price_version':2,'tax_rate_bp':1100,'discount':0,'tax':55,'total':500}]," \
  "'payments':[{'method':'card','amount':3000,'reference':'APPR-1'}," \
  "{'method':'cash','amount':1000}],'subtotal':3400,'discount':0,'fee':0,'tax':374," \
  "'total':3774,'change':226,'loyalty_redeemed':0,'created_at':'2026-11-22T08:20:00Z'}"

#define STOCK_ADJUST_DOC "{'product_id':42,'delta':-3,'reason':'damaged','staff_id':3}"

#define CONFLICT_RESOLVE_DOC \
  "{'conflict_id':11,'expected_version':2,'decision':'counted_stock','note':null," \
  "'staff_id':3,'values':{'qty':5}}"

#define CONFLICT_RESOLVE2_DOC \
  "{'conflict_id':12,'expected_version':1,'decision':'acknowledge','note':'seen it'," \
  "'staff_id':3,'values':null}"

#define MUTATION_DOC \
  "{'seq':1,'id':'" UUID_MUT1 "','type':'stock.adjust','created_at':'2026-11-22T08:16:00Z'," \
  "'payload':" STOCK_ADJUST_DOC "}"

#define PUSH_DOC \
  "{'terminal_id':7,'mutations':[" \
  "{'seq':5,'id':'" UUID_MUT1 "','type':'sale.create','created_at':'2026-11-22T08:15:00Z'," \
  "'payload':" SALE_DOC "}," \
  "{'seq':6,'id':'" UUID_MUT2 "','type':'stock.adjust','created_at':'2026-11-22T08:16:00Z'," \
  "'payload':" STOCK_ADJUST_DOC "}," \
  "{'seq':7,'id':'" UUID_MUT3 "','type':'conflict.resolve'," \
  "'created_at':'2026-11-22T08:17:00Z','payload':" CONFLICT_RESOLVE_DOC "}]}"

#define PUSH_RESULT_DOC "{'seq':5,'status':'applied_with_conflicts','conflict_ids':[11,12]}"

#define PUSH_RESPONSE_DOC \
  "{'last_seq':7,'results':[{'seq':5,'status':'applied','conflict_ids':[]}," \
  "{'seq':6,'status':'applied_with_conflicts','conflict_ids':[11]}," \
  "{'seq':7,'status':'rejected','conflict_ids':[],'reason':'already_resolved'}]}"

#define REFUND_DOC \
  "{'refund_id':'" UUID_REFUND "','sale_id':'" UUID_SALE "','reason':'broken cup','staff_id':3," \
  "'lines':[{'product_id':42,'qty':1,'amount':15000}]," \
  "'payments':[{'method':'cash','amount':15000}],'total':15000," \
  "'created_at':'2026-11-22T09:00:00Z'}"

#define SHIFT_OPEN_DOC \
  "{'shift_id':'" UUID_SHIFT "','staff_id':3,'opening_float':200000," \
  "'opened_at':'2026-11-22T07:00:00Z'}"

#define SHIFT_CLOSE_DOC \
  "{'shift_id':'" UUID_SHIFT "','staff_id':3,'closed_at':'2026-11-22T15:00:00Z'," \
  "'counted':[{'method':'cash','amount':250000},{'method':'card','amount':0}]," \
  "'expected':[{'method':'cash','amount':250000},{'method':'card','amount':0}]}"

#define PRODUCT_UPDATE_DOC \
  "{'product_id':42,'base_version':4,'staff_id':3,'fields':{'name':'Kopi susu besar','price':18000," \
  "'barcode':null,'sku':'KOPI-02','tax_rate_bp':1100,'category_id':null,'archived':false}}"

#define CUSTOMER_UPSERT_DOC \
  "{'customer_id':null,'client_id':'" UUID_CUSTOMER "','base_version':0,'staff_id':3," \
  "'fields':{'name':'Budi','phone':'+62811000111','email':null}}"

#define ERROR_DOC "{'error':{'code':'seq_gap','message':'expected seq 5'},'expected_seq':5}"
#define ERROR2_DOC "{'error':{'code':'bad_request','message':'lines[0].qty: must be > 0'}}"
#define HEALTH_DOC "{'status':'ok','protocol':1,'server_time':'2026-11-22T08:15:00Z'}"
#define ENROLL_REQ_DOC "{'code':'ABCD-EFGH','name':'Till 1'}"
#define ENROLL_RESP_DOC "{'terminal_id':7,'outlet_id':2,'token':'dG9rZW4tc2VjcmV0'}"

#define PRODUCT_DOC \
  "{'id':42,'sku':'KOPI-01','barcode':'8991234567890','name':'Kopi susu','price':15000," \
  "'price_version':3,'tax_rate_bp':1100,'category_id':5,'archived':false,'version':4," \
  "'unit':'cup','track_stock':false,'low_stock':6}"
#define CATEGORY_DOC "{'id':5,'name':'Minuman','parent_id':null,'archived':false,'version':1}"
#define STOCK_DOC "{'product_id':42,'outlet_id':2,'qty':-4}"
#define CUSTOMER_DOC \
  "{'id':12,'name':'Budi','phone':null,'email':'budi@example.com','loyalty_points':150," \
  "'version':3}"
#define STAFF_DOC \
  "{'id':3,'outlet_id':2,'name':'Sari','role':'manager'," \
  "'pin_hash':'$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA','active':true}"
#define SHIFT_DOC \
  "{'id':'" UUID_SHIFT "','outlet_id':2,'terminal_id':7,'staff_id':3," \
  "'opened_at':'2026-11-22T07:00:00Z','closed_at':null,'opening_float':200000," \
  "'counted_cash':0}"
#define CONFLICT_DOC \
  "{'id':11,'kind':'stock_shortage','status':'open','entity':'stock','entity_id':'42:2'," \
  "'base':null,'terminal':{'qty':-2},'server':{'qty':-4},'terminal_id':7,'seq':5," \
  "'created_at':'2026-11-22T08:15:05Z','resolution':null,'version':1}"
#define CONFLICT2_DOC \
  "{'id':12,'kind':'concurrent_edit','status':'resolved','entity':'product','entity_id':42," \
  "'base':{'price':15000},'terminal':{'price':16000},'server':{'price':17000}," \
  "'terminal_id':7,'terminal_name':'Till 2','seq':9,'created_at':'2026-11-22T08:30:00Z'," \
  "'resolution':{'decision':'accept','staff_id':3},'version':2}"

#define PULL_DOC \
  "{'changes':[" \
  "{'entity':'product','id':42,'op':'put','data':" PRODUCT_DOC "}," \
  "{'entity':'category','id':5,'op':'put','data':" CATEGORY_DOC "}," \
  "{'entity':'stock','id':'42:2','op':'put','data':" STOCK_DOC "}," \
  "{'entity':'customer','id':12,'op':'put','data':" CUSTOMER_DOC "}," \
  "{'entity':'staff','id':3,'op':'put','data':" STAFF_DOC "}," \
  "{'entity':'shift','id':'" UUID_SHIFT "','op':'put','data':" SHIFT_DOC "}," \
  "{'entity':'conflict','id':11,'op':'put','data':" CONFLICT_DOC "}," \
  "{'entity':'setting','id':'currency','op':'put','data':{'value':'IDR'}}," \
  "{'entity':'product','id':41,'op':'del','data':null}]," \
  "'cursor':1234,'has_more':false,'last_seq':7,'reset':false}"

typedef enum
{
  K_ERROR,
  K_HEALTH,
  K_ENROLL_REQ,
  K_ENROLL_RESP,
  K_MUTATION,
  K_PUSH_REQ,
  K_PUSH_RESULT,
  K_PUSH_RESP,
  K_SALE,
  K_REFUND,
  K_SHIFT_OPEN,
  K_SHIFT_CLOSE,
  K_PRODUCT_UPDATE,
  K_CUSTOMER_UPSERT,
  K_STOCK_ADJUST,
  K_CONFLICT_RESOLVE,
  K_PULL,
  K_PRODUCT,
  K_CATEGORY,
  K_STOCK,
  K_CUSTOMER,
  K_STAFF,
  K_SHIFT,
  K_CONFLICT,
} Kind;

/* Turns the readable form into JSON: ' becomes ", ` becomes '. */
static char *
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

static JsonNode *
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

#define DECODE_ENCODE(Type, decode, encode) \
  { \
    g_autoptr(Type) value = decode (node, error); \
    g_assert_true ((value == NULL) == (error == NULL || *error != NULL)); \
    return value != NULL ? encode (value) : NULL; \
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
static JsonNode *
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

/* ---- The table of malformed documents ---- */

typedef struct
{
  Kind                kind;
  const char         *doc;
  const char         *from;   /* NULL: use doc as is */
  const char         *to;
  KasirProtocolError  code;
  const char         *where;  /* a substring the message must hold, or NULL */
} BadCase;

#define MALFORMED     KASIR_PROTOCOL_ERROR_MALFORMED
#define MISSING       KASIR_PROTOCOL_ERROR_MISSING_FIELD
#define WRONG_TYPE    KASIR_PROTOCOL_ERROR_WRONG_TYPE
#define INVALID       KASIR_PROTOCOL_ERROR_INVALID_VALUE
#define OUT_OF_RANGE  KASIR_PROTOCOL_ERROR_OUT_OF_RANGE
#define TOO_DEEP      KASIR_PROTOCOL_ERROR_TOO_DEEP
#define TOO_LARGE     KASIR_PROTOCOL_ERROR_TOO_LARGE
#define SUMS          KASIR_PROTOCOL_ERROR_SUMS

static const BadCase bad_cases[] = {
  /* Not JSON, or not strict JSON. */
  { K_PUSH_REQ, "", NULL, NULL, MALFORMED, NULL },
  { K_PUSH_REQ, "   \n", NULL, NULL, MALFORMED, NULL },
  { K_PUSH_REQ, PUSH_DOC, "'payload':{'product_id':42,'delta':-3,'reason':'damaged','staff_id':3}}",
    "'payload':{'product_id':42,'delta':-3,'rea", MALFORMED, NULL },
  { K_SALE, SALE_DOC, "'created_at':'2026-11-22T08:15:00Z'}", "'created_at':'2026-11-22T08:15",
    MALFORMED, NULL },
  { K_HEALTH, HEALTH_DOC, "'ok'", "'o\xff'", MALFORMED, "invalid UTF-8" },
  { K_HEALTH, HEALTH_DOC, "'ok'", "'\xc0\xaf'", MALFORMED, "invalid UTF-8" },
  { K_HEALTH, HEALTH_DOC, "'ok'", "'\xed\xa0\x80'", MALFORMED, "invalid UTF-8" },
  { K_HEALTH, HEALTH_DOC, "'ok'", "'o\x01k'", MALFORMED, "control character" },
  { K_HEALTH, HEALTH_DOC, "'ok'", "'o\\u0000k'", MALFORMED, "\\u0000" },
  { K_HEALTH, HEALTH_DOC, "'ok'", "'\\ud800'", MALFORMED, "surrogate" },
  { K_HEALTH, HEALTH_DOC, "'ok'", "'\\udc00x'", MALFORMED, "surrogate" },
  { K_HEALTH, HEALTH_DOC, "'ok'", "'\\x41'", MALFORMED, "escape" },
  { K_HEALTH, HEALTH_DOC, "'ok'", "`ok`", MALFORMED, NULL },
  { K_HEALTH, HEALTH_DOC, "'protocol':1", "'protocol':0x1", MALFORMED, NULL },
  { K_HEALTH, HEALTH_DOC, "'protocol':1", "'protocol':01", MALFORMED, "leading zero" },
  { K_HEALTH, HEALTH_DOC, "'protocol':1", "'protocol':+1", MALFORMED, NULL },
  { K_HEALTH, HEALTH_DOC, "'protocol':1", "'protocol':1.", MALFORMED, NULL },
  { K_HEALTH, HEALTH_DOC, "'protocol':1", "'protocol':.5", MALFORMED, NULL },
  { K_HEALTH, HEALTH_DOC, "'protocol':1", "'protocol':NaN", MALFORMED, NULL },
  { K_HEALTH, HEALTH_DOC, "'protocol':1", "'protocol':tru", MALFORMED, NULL },
  { K_HEALTH, HEALTH_DOC, "{", "/* comment */ {", MALFORMED, NULL },
  { K_HEALTH, HEALTH_DOC, "'status'", "status", MALFORMED, NULL },
  { K_HEALTH, HEALTH_DOC, "'protocol':1,", "'protocol':1,,", MALFORMED, NULL },
  { K_HEALTH, HEALTH_DOC, "Z'}", "Z',}", MALFORMED, NULL },
  { K_HEALTH, HEALTH_DOC, "Z'}", "Z'} {}", MALFORMED, "after the document" },
  { K_HEALTH, HEALTH_DOC, "Z'}", "Z'", MALFORMED, NULL },
  { K_HEALTH, HEALTH_DOC, "Z'}", "Z'}}", MALFORMED, NULL },
  { K_PUSH_REQ, PUSH_DOC, "]}", "}}", MALFORMED, NULL },

  /* Not an object at the root. */
  { K_PUSH_REQ, "[]", NULL, NULL, MALFORMED, NULL },
  { K_PUSH_REQ, "42", NULL, NULL, MALFORMED, NULL },
  { K_PUSH_REQ, "null", NULL, NULL, MALFORMED, NULL },
  { K_SALE, "'sale'", NULL, NULL, MALFORMED, NULL },

  /* Integers outside 64 bits, fractions and exponents where an integer belongs. */
  { K_PUSH_REQ, PUSH_DOC, "'terminal_id':7", "'terminal_id':9223372036854775808", OUT_OF_RANGE,
    NULL },
  { K_PUSH_REQ, PUSH_DOC, "'terminal_id':7", "'terminal_id':18446744073709551617",
    OUT_OF_RANGE, NULL },
  { K_STOCK, STOCK_DOC, "'qty':-4", "'qty':-9223372036854775809", OUT_OF_RANGE, NULL },
  { K_PUSH_REQ, PUSH_DOC, "'terminal_id':7", "'terminal_id':1e30", OUT_OF_RANGE,
    "terminal_id" },
  { K_PUSH_REQ, PUSH_DOC, "'terminal_id':7", "'terminal_id':9.3e18", OUT_OF_RANGE,
    "terminal_id" },
  { K_PUSH_REQ, PUSH_DOC, "'terminal_id':7", "'terminal_id':1e999", OUT_OF_RANGE,
    "range of a double" },
  { K_CONFLICT, CONFLICT_DOC, "'base':null", "'base':{'x':-1.5e400}", OUT_OF_RANGE,
    "range of a double" },
  { K_PUSH_REQ, PUSH_DOC, "'terminal_id':7", "'terminal_id':1.5", WRONG_TYPE, "terminal_id" },
  { K_PUSH_REQ, PUSH_DOC, "'terminal_id':7", "'terminal_id':7.0", WRONG_TYPE, "terminal_id" },
  { K_PUSH_REQ, PUSH_DOC, "'terminal_id':7", "'terminal_id':7e0", WRONG_TYPE, "terminal_id" },
  { K_SALE, SALE_DOC, "'qty':2", "'qty':2.5", WRONG_TYPE, "lines[0].qty" },
  { K_SALE, SALE_DOC, "'unit_price':15000", "'unit_price':1e30", OUT_OF_RANGE,
    "lines[0].unit_price" },
  { K_STOCK, STOCK_DOC, "'qty':-4", "'qty':-4.5", WRONG_TYPE, "qty" },

  /* Push request envelope. */
  { K_PUSH_REQ, PUSH_DOC, "'terminal_id':7,", "", MISSING, "terminal_id: is required" },
  { K_PUSH_REQ, PUSH_DOC, "'terminal_id':7", "'terminal_id':'7'", WRONG_TYPE, "terminal_id" },
  { K_PUSH_REQ, PUSH_DOC, "'terminal_id':7", "'terminal_id':true", WRONG_TYPE, "terminal_id" },
  { K_PUSH_REQ, PUSH_DOC, "'terminal_id':7", "'terminal_id':null", WRONG_TYPE, "terminal_id" },
  { K_PUSH_REQ, PUSH_DOC, "'terminal_id':7", "'terminal_id':0", INVALID, "terminal_id" },
  { K_PUSH_REQ, "{'terminal_id':7,'mutations':{}}", NULL, NULL, WRONG_TYPE, "mutations" },
  { K_PUSH_REQ, "{'terminal_id':7}", NULL, NULL, MISSING, "mutations" },
  { K_PUSH_REQ, "{'terminal_id':7,'mutations':[1]}", NULL, NULL, WRONG_TYPE, "mutations[0]" },
  { K_PUSH_REQ, PUSH_DOC, "'seq':5", "'seq':0", INVALID, "mutations[0].seq: must be > 0" },
  { K_PUSH_REQ, PUSH_DOC, "'seq':5", "'seq':-5", INVALID, "mutations[0].seq" },
  { K_PUSH_REQ, PUSH_DOC, "'seq':7", "'seq':8", INVALID, "mutations[2].seq" },
  { K_PUSH_REQ, PUSH_DOC, "'seq':6", "'seq':5", INVALID, "mutations[1].seq" },
  { K_PUSH_REQ, PUSH_DOC, "'seq':6", "'seq':4", INVALID, "mutations[1].seq" },
  { K_PUSH_REQ, PUSH_DOC, "'seq':5", "'seq':'5'", WRONG_TYPE, "mutations[0].seq" },
  { K_PUSH_REQ, PUSH_DOC, "'id':'" UUID_MUT2 "'", "'id':'not-a-uuid'", INVALID,
    "mutations[1].id" },
  { K_PUSH_REQ, PUSH_DOC, "'id':'" UUID_MUT2 "'", "'id':'1c2d3e4f-5a6b-4c7d-9e8f-a0b1c2d3e4f'",
    INVALID, "mutations[1].id" },
  { K_PUSH_REQ, PUSH_DOC, "'type':'stock.adjust'", "'type':'stock.steal'", INVALID,
    "mutations[1].type" },
  { K_PUSH_REQ, PUSH_DOC, "'type':'stock.adjust'", "'type':5", WRONG_TYPE,
    "mutations[1].type" },
  { K_PUSH_REQ, PUSH_DOC, "'created_at':'2026-11-22T08:16:00Z'",
    "'created_at':'2026-13-45T08:16:00Z'", INVALID, "mutations[1].created_at" },
  { K_PUSH_REQ, PUSH_DOC, "'created_at':'2026-11-22T08:16:00Z'", "'created_at':'yesterday'",
    INVALID, "mutations[1].created_at" },
  { K_PUSH_REQ, PUSH_DOC, "'payload':{'product_id'", "'payload':'x','p':{'product_id'",
    WRONG_TYPE, "mutations[1].payload" },
  { K_MUTATION, MUTATION_DOC, "'payload':", "'pay':", MISSING, "payload" },
  { K_MUTATION, MUTATION_DOC, "'payload':", "'payload':[],'p':", WRONG_TYPE, "payload" },

  /* sale.create */
  { K_SALE, SALE_DOC, "'qty':2", "'qty':0", INVALID, "lines[0].qty: must be > 0" },
  { K_SALE, SALE_DOC, "'qty':2", "'qty':-2", INVALID, "lines[0].qty" },
  { K_SALE, SALE_DOC, "'unit_price':15000", "'unit_price':-1", INVALID, "lines[0].unit_price" },
  { K_SALE, SALE_DOC, "'tax':2973", "'tax':-1", INVALID, "lines[0].tax" },
  { K_SALE, SALE_DOC, "'tax_rate_bp':1100", "'tax_rate_bp':10001", OUT_OF_RANGE,
    "lines[0].tax_rate_bp" },
  { K_SALE, SALE_DOC, "'product_id':42", "'product_id':0", INVALID, "lines[0].product_id" },
  { K_SALE, SALE_DOC, "'amount':50000", "'amount':0", INVALID, "payments[0].amount" },
  { K_SALE, SALE_DOC, "'amount':50000", "'amount':-50000", INVALID, "payments[0].amount" },
  { K_SALE, SALE_DOC, "'method':'cash'", "'method':'bitcoin'", INVALID, "payments[0].method" },
  { K_SALE, SALE_DOC, "'method':'cash'", "'method':null", WRONG_TYPE, "payments[0].method" },
  { K_SALE, SALE_DOC, "'currency':'IDR'", "'currency':'idr'", INVALID, "currency" },
  { K_SALE, SALE_DOC, "'currency':'IDR'", "'currency':'IDRX'", INVALID, "currency" },
  { K_SALE, SALE_DOC, "'currency':'IDR'", "'currency':'ID'", INVALID, "currency" },
  { K_SALE, SALE_DOC, "'subtotal':30000", "'subtotal':30001", SUMS, NULL },
  { K_SALE, SALE_DOC, "'total':30000,'change'", "'total':29000,'change'", SUMS, NULL },
  { K_SALE, SALE_DOC, "'change':20000", "'change':20001", SUMS, NULL },
  { K_SALE, SALE_DOC, "'total':30000}]", "'total':29000}]", SUMS, NULL },
  { K_SALE, SALE_DOC, "'tax':2973,'total':30000,'change'", "'tax':2972,'total':30000,'change'",
    SUMS, NULL },
  { K_SALE, SALE_DOC, "'qty':2,'unit_price':15000",
    "'qty':9223372036854775807,'unit_price':15000", OUT_OF_RANGE, NULL },
  { K_SALE, SALE_DOC, "'lines':[{'product_id':42,'sku':'KOPI-01','name':'Kopi susu','qty':2,"
    "'unit_price':15000,'price_version':3,'tax_rate_bp':1100,'discount':0,'tax':2973,"
    "'total':30000}]", "'lines':[]", INVALID, "lines: must not be empty" },
  { K_SALE, SALE_DOC, "'lines':[{", "'lines':[7,{", WRONG_TYPE, "lines[0]" },
  { K_SALE, SALE_DOC, "'staff_id':3", "'staff_id':'3'", WRONG_TYPE, "staff_id" },
  { K_SALE, SALE_DOC, "'customer_id':12", "'customer_id':-12", INVALID, "customer_id" },
  { K_SALE, SALE_DOC, "'shift_id':'" UUID_SHIFT "'", "'shift_id':'shift-1'", INVALID,
    "shift_id" },
  { K_SALE, SALE_DOC, "'sale_id':'" UUID_SALE "',", "", MISSING, "sale_id" },
  { K_SALE, SALE_DOC, "'sale_id':'" UUID_SALE "'",
    "'sale_id':'0B7E3F52-1C4A-4D8E-9F10-2A3B4C5D6E7F'", INVALID, "sale_id" },
  { K_SALE, SALE_DOC, "'receipt_no':'7-000123'", "'receipt_no':null", WRONG_TYPE, "receipt_no" },
  { K_SALE, SALE_DOC, "'tax_inclusive':true", "'tax_inclusive':'yes'", WRONG_TYPE,
    "tax_inclusive" },
  { K_SALE, SALE_DOC, "'tax_inclusive':true", "'tax_inclusive':1", WRONG_TYPE,
    "tax_inclusive" },
  { K_SALE, SALE_DOC, "'created_at':'2026-11-22T08:15:00Z'", "'created_at':'2026-11-22'",
    INVALID, "created_at" },
  { K_SALE, SALE_DOC, "'sku':'KOPI-01'", "'sku':42", WRONG_TYPE, "lines[0].sku" },

  /* sale.refund */
  { K_REFUND, REFUND_DOC, "'total':15000", "'total':14000", SUMS, NULL },
  { K_REFUND, REFUND_DOC, "'method':'cash','amount':15000", "'method':'cash','amount':14000",
    SUMS, "payments" },
  { K_REFUND, REFUND_DOC, "'qty':1", "'qty':0", INVALID, "lines[0].qty" },
  { K_REFUND, REFUND_DOC, "'refund_id':'" UUID_REFUND "'", "'refund_id':42", WRONG_TYPE,
    "refund_id" },
  { K_REFUND, REFUND_DOC, "'reason':'broken cup',", "", MISSING, "reason" },

  /* shift.open / shift.close */
  { K_SHIFT_OPEN, SHIFT_OPEN_DOC, "'opening_float':200000", "'opening_float':-1", INVALID,
    "opening_float" },
  { K_SHIFT_OPEN, SHIFT_OPEN_DOC, "'staff_id':3", "'staff_id':null", WRONG_TYPE, "staff_id" },
  { K_SHIFT_CLOSE, SHIFT_CLOSE_DOC, "{'method':'card','amount':0}]",
    "{'method':'cash','amount':0}]", INVALID, "counted[1].method" },
  { K_SHIFT_CLOSE, SHIFT_CLOSE_DOC, "'counted':", "'count':", MISSING, "counted" },
  { K_SHIFT_CLOSE, SHIFT_CLOSE_DOC, "'amount':250000", "'amount':-250000", INVALID,
    "counted[0].amount" },

  /* product.update */
  { K_PRODUCT_UPDATE, "{'product_id':42,'base_version':4,'staff_id':1,'fields':{}}", NULL, NULL, INVALID,
    "fields" },
  { K_PRODUCT_UPDATE, PRODUCT_UPDATE_DOC, "'archived':false", "'colour':'red'", INVALID,
    "fields.colour: unknown field" },
  { K_PRODUCT_UPDATE, PRODUCT_UPDATE_DOC, "'price':18000", "'price':-5", INVALID,
    "fields.price" },
  { K_PRODUCT_UPDATE, PRODUCT_UPDATE_DOC, "'tax_rate_bp':1100", "'tax_rate_bp':10001",
    OUT_OF_RANGE, "fields.tax_rate_bp" },
  { K_PRODUCT_UPDATE, PRODUCT_UPDATE_DOC, "'archived':false", "'archived':'no'", WRONG_TYPE,
    "fields.archived" },
  { K_PRODUCT_UPDATE, PRODUCT_UPDATE_DOC, "'name':'Kopi susu besar'", "'name':''", INVALID,
    "fields.name" },
  { K_PRODUCT_UPDATE, PRODUCT_UPDATE_DOC, "'name':'Kopi susu besar'", "'name':null",
    WRONG_TYPE, "fields.name" },
  { K_PRODUCT_UPDATE, PRODUCT_UPDATE_DOC, "'category_id':null", "'category_id':0", INVALID,
    "fields.category_id" },
  { K_PRODUCT_UPDATE, "{'product_id':42,'base_version':4,'staff_id':1,'fields':[1]}", NULL, NULL,
    WRONG_TYPE, "fields" },
  { K_PRODUCT_UPDATE, PRODUCT_UPDATE_DOC, "'base_version':4", "'base_version':-1", INVALID,
    "base_version" },

  /* customer.upsert */
  { K_CUSTOMER_UPSERT, CUSTOMER_UPSERT_DOC, "'client_id':'" UUID_CUSTOMER "'",
    "'client_id':'x'", INVALID, "client_id" },
  { K_CUSTOMER_UPSERT, CUSTOMER_UPSERT_DOC, "'name':'Budi',", "", MISSING, "fields.name" },
  { K_CUSTOMER_UPSERT, CUSTOMER_UPSERT_DOC, "'email':null", "'email':5", WRONG_TYPE,
    "fields.email" },
  { K_CUSTOMER_UPSERT, CUSTOMER_UPSERT_DOC, "'email':null", "'points':5", INVALID,
    "fields.points" },

  /* stock.adjust */
  { K_STOCK_ADJUST, STOCK_ADJUST_DOC, "'delta':-3", "'delta':0", INVALID, "delta" },
  { K_STOCK_ADJUST, STOCK_ADJUST_DOC, ",'reason':'damaged'", "", MISSING, "reason" },
  { K_STOCK_ADJUST, STOCK_ADJUST_DOC, ",'staff_id':3", "", MISSING, "staff_id" },
  { K_STOCK_ADJUST, STOCK_ADJUST_DOC, "'delta':-3", "'delta':-9223372036854775808",
    OUT_OF_RANGE, "delta" },
  { K_STOCK_ADJUST, STOCK_ADJUST_DOC, "'delta':-3", "'delta':1000000001", OUT_OF_RANGE,
    "delta" },
  { K_STOCK_ADJUST, STOCK_ADJUST_DOC, "'delta':-3", "'delta':-1000000001", OUT_OF_RANGE,
    "delta" },

  /* Bounds of quantities and amounts (kasir-protocol.h), on every kind that carries them. */
  { K_SALE, SALE_DOC, "'qty':2", "'qty':1000000001", OUT_OF_RANGE, "lines[0].qty" },
  { K_SALE, SALE_DOC, "'unit_price':15000", "'unit_price':1000000000000001", OUT_OF_RANGE,
    "lines[0].unit_price" },
  { K_SALE, SALE_DOC, "'change':20000", "'change':9223372036854775807", OUT_OF_RANGE,
    "change" },
  { K_SALE, SALE_DOC, "'loyalty_redeemed':0", "'loyalty_redeemed':1000000000000001",
    OUT_OF_RANGE, "loyalty_redeemed" },
  { K_REFUND, REFUND_DOC, "'qty':1", "'qty':1000000001", OUT_OF_RANGE, "lines[0].qty" },
  { K_REFUND, REFUND_DOC, "'total':15000", "'total':1000000000000001", OUT_OF_RANGE, "total" },
  { K_REFUND, REFUND_DOC, "'staff_id':3,", "", MISSING, "staff_id" },
  { K_SHIFT_OPEN, SHIFT_OPEN_DOC, "'opening_float':200000", "'opening_float':1000000000000001",
    OUT_OF_RANGE, "opening_float" },
  { K_SHIFT_CLOSE, SHIFT_CLOSE_DOC, "'amount':250000", "'amount':1000000000000001",
    OUT_OF_RANGE, "counted[0].amount" },
  { K_PRODUCT_UPDATE, PRODUCT_UPDATE_DOC, "'price':18000", "'price':1000000000000001",
    OUT_OF_RANGE, "fields.price" },
  { K_PRODUCT_UPDATE, PRODUCT_UPDATE_DOC, "'staff_id':3,", "", MISSING, "staff_id" },
  { K_PRODUCT_UPDATE, PRODUCT_UPDATE_DOC, "'staff_id':3,", "'staff_id':0,", INVALID, "staff_id" },
  { K_CUSTOMER_UPSERT, CUSTOMER_UPSERT_DOC, "'staff_id':3,", "", MISSING, "staff_id" },
  { K_CONFLICT_RESOLVE, CONFLICT_RESOLVE_DOC, "'values':{'qty':5}",
    "'values':{'qty':-9223372036854775808}", INVALID, "values.qty" },
  { K_CONFLICT_RESOLVE, CONFLICT_RESOLVE_DOC, "'values':{'qty':5}",
    "'values':{'qty':9223372036854775807}", OUT_OF_RANGE, "values.qty" },
  { K_CONFLICT_RESOLVE, CONFLICT_RESOLVE_DOC, "'values':{'qty':5}", "'values':{'qty':-1}",
    INVALID, "values.qty" },
  { K_CONFLICT_RESOLVE, CONFLICT_RESOLVE_DOC, "'values':{'qty':5}", "'values':{'count':5}",
    MISSING, "values.qty" },
  { K_CONFLICT_RESOLVE, CONFLICT_RESOLVE_DOC, "'values':{'qty':5}", "'values':null",
    MISSING, "values" },
  { K_STOCK, STOCK_DOC, "'qty':-4", "'qty':-1000000000000001", OUT_OF_RANGE, "qty" },

  /* What the pre-scan refuses before any tree is built. */
  { K_STOCK_ADJUST, STOCK_ADJUST_DOC, "'delta':-3", "'delta':-3,'delta':-300", MALFORMED,
    "given twice" },
  { K_PUSH_REQ, PUSH_DOC, "'terminal_id':7", "'terminal_id':7,'terminal_id':8", MALFORMED,
    "given twice" },
  { K_STOCK_ADJUST, STOCK_ADJUST_DOC, "'delta':-3", "'delt\\u0061':-3", MALFORMED,
    "escapes are not allowed" },

  /* conflict.resolve */
  { K_CONFLICT_RESOLVE, CONFLICT_RESOLVE_DOC, "'counted_stock'", "'ignore'", INVALID,
    "decision" },
  { K_CONFLICT_RESOLVE, CONFLICT_RESOLVE_DOC, "'values':{'qty':5}", "'values':'5'", WRONG_TYPE,
    "values" },
  { K_CONFLICT_RESOLVE, CONFLICT_RESOLVE_DOC, "'note':null", "'note':5", WRONG_TYPE, "note" },
  { K_CONFLICT_RESOLVE, CONFLICT_RESOLVE_DOC, "'conflict_id':11", "'conflict_id':null",
    WRONG_TYPE, "conflict_id" },

  /* Pull responses and the entity data inside them. */
  { K_PULL, PULL_DOC, "'cursor':1234", "'cursor':-1", INVALID, "cursor" },
  { K_PULL, PULL_DOC, "'has_more':false", "'has_more':'false'", WRONG_TYPE, "has_more" },
  { K_PULL, PULL_DOC, "'reset':false", "'reset':0", WRONG_TYPE, "reset" },
  { K_PULL, PULL_DOC, "'reset':false", "'reset':false,'head':'9'", WRONG_TYPE, "head" },
  { K_PULL, PULL_DOC, "'reset':false", "'reset':false,'head':-1", INVALID, "head" },
  { K_PULL, PULL_DOC, "'changes':[", "'change':[", MISSING, "changes" },
  { K_PULL, PULL_DOC, "'entity':'category'", "'entity':'order'", INVALID, "changes[1].entity" },
  { K_PULL, PULL_DOC, "'op':'del'", "'op':'drop'", INVALID, "changes[8].op" },
  { K_PULL, PULL_DOC, "'price':15000,", "", MISSING, "changes[0].data.price" },
  { K_PULL, PULL_DOC, "'qty':-4", "'qty':'x'", WRONG_TYPE, "changes[2].data.qty" },
  { K_PULL, PULL_DOC, "'role':'manager'", "'role':'owner'", INVALID, "changes[4].data.role" },
  { K_PULL, PULL_DOC, "'kind':'stock_shortage'", "'kind':'alien'", INVALID,
    "changes[6].data.kind" },
  { K_PULL, PULL_DOC, "'status':'open'", "'status':'closed'", INVALID,
    "changes[6].data.status" },
  { K_PULL, PULL_DOC, "'id':42,'op':'put'", "'id':43,'op':'put'", INVALID, "changes[0].data.id" },
  { K_PULL, PULL_DOC, "'data':{'value':'IDR'}", "'data':null", WRONG_TYPE, "changes[7].data" },
  { K_PULL, PULL_DOC, "'data':{'value':'IDR'}", "'data':['IDR']", WRONG_TYPE,
    "changes[7].data" },
  { K_PULL, PULL_DOC, "'id':'42:2'", "'id':true", WRONG_TYPE, "changes[2].id" },
  { K_PULL, PULL_DOC, "'tax_rate_bp':1100", "'tax_rate_bp':-1", OUT_OF_RANGE,
    "changes[0].data.tax_rate_bp" },
  { K_PULL, PULL_DOC, "'archived':false,'version':4", "'archived':null,'version':4",
    WRONG_TYPE, "changes[0].data.archived" },
  { K_PULL, PULL_DOC, "'closed_at':null", "'closed_at':'soon'", INVALID,
    "changes[5].data.closed_at" },
  { K_CONFLICT, CONFLICT_DOC, "'resolution':null", "'resolution':'done'", WRONG_TYPE,
    "resolution" },
  { K_CONFLICT, CONFLICT_DOC, "'entity_id':'42:2'", "'entity_id':[42]", WRONG_TYPE,
    "entity_id" },

  /* Push responses. */
  { K_PUSH_RESP, PUSH_RESPONSE_DOC, ",'reason':'already_resolved'", "", MISSING,
    "results[2].reason" },
  { K_PUSH_RESP, PUSH_RESPONSE_DOC, "'status':'applied'", "'status':'done'", INVALID,
    "results[0].status" },
  { K_PUSH_RESP, PUSH_RESPONSE_DOC, "'conflict_ids':[11]", "'conflict_ids':['11']", WRONG_TYPE,
    "results[1].conflict_ids[0]" },
  { K_PUSH_RESP, PUSH_RESPONSE_DOC, "'last_seq':7", "'last_seq':-7", INVALID, "last_seq" },

  /* Small bodies. */
  { K_ERROR, "{'code':'x','message':'y'}", NULL, NULL, MISSING, "error" },
  { K_ERROR, ERROR_DOC, "'code':'seq_gap'", "'code':409", WRONG_TYPE, "error.code" },
  { K_ERROR, ERROR_DOC, "'expected_seq':5", "'expected_seq':0", INVALID, "expected_seq" },
  { K_HEALTH, HEALTH_DOC, "'2026-11-22T08:15:00Z'", "'now'", INVALID, "server_time" },
  { K_ENROLL_REQ, ENROLL_REQ_DOC, "'code':'ABCD-EFGH'", "'code':''", INVALID, "code" },
  { K_ENROLL_RESP, ENROLL_RESP_DOC, "'terminal_id':7,", "", MISSING, "terminal_id" },
  { K_ENROLL_RESP, ENROLL_RESP_DOC, "'token':'dG9rZW4tc2VjcmV0'", "'token':null", WRONG_TYPE,
    "token" },
  { K_ENROLL_RESP, ENROLL_RESP_DOC, "'token':'dG9rZW4tc2VjcmV0'",
    "'token':'dG9rZW4tc2VjcmV0','name':7", WRONG_TYPE, "name" },
};

static char *
build_case (const BadCase *c)
{
  g_autoptr(GString) text = g_string_new (c->doc);

  if (c->from != NULL)
    {
      guint n = g_string_replace (text, c->from, c->to, 1);

      if (n != 1)
        g_error ("malformed case: \"%s\" not found", c->from);
    }
  return json_text (text->str);
}

/* Parses and decodes @text as @kind: NULL with an error, or an encoded node. */
static JsonNode *
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

static void
test_malformed_table (void)
{
  g_assert_cmpuint (G_N_ELEMENTS (bad_cases), >=, 60);

  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      const BadCase *c = &bad_cases[i];
      g_autofree char *text = build_case (c);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) result = NULL;

      result = parse_and_decode (c->kind, text, strlen (text), &error);
      if (result != NULL || !g_error_matches (error, KASIR_PROTOCOL_ERROR, (int) c->code) ||
          (c->where != NULL && strstr (error->message, c->where) == NULL))
        g_error ("malformed case %u (%s): expected code %d with \"%s\", got %s %d \"%s\"",
                 i, text, c->code, c->where ? c->where : "",
                 result != NULL ? "a result" : "error",
                 error != NULL ? error->code : -1,
                 error != NULL ? error->message : "");
      g_assert_null (result);
      g_test_message ("case %u: %s", i, error->message);

      /* Callers that do not want the details may pass no GError at all. */
      {
        g_autoptr(JsonNode) node = kasir_protocol_parse (text, strlen (text), NULL);
        g_autoptr(JsonNode) again = node != NULL ? decode_encode (c->kind, node, NULL) : NULL;

        g_assert_null (again);
      }
    }
}

/* A NUL byte cannot sit in a C string literal of the table. */
static void
test_nul_byte (void)
{
  static const char text[] = "{\"status\":\"o\0k\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = kasir_protocol_parse (text, sizeof text - 1, &error);

  g_assert_error (error, KASIR_PROTOCOL_ERROR, KASIR_PROTOCOL_ERROR_MALFORMED);
  g_assert_null (node);
}

static void
test_decode_null_node (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirSale) sale = kasir_protocol_decode_sale (NULL, &error);

  g_assert_null (sale);
  g_assert_error (error, KASIR_PROTOCOL_ERROR, KASIR_PROTOCOL_ERROR_MALFORMED);
}

/* ---- Limits ---- */

static char *
nested (const char *open,
        const char *inner,
        const char *close,
        guint       depth)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (text, open);
  g_string_append (text, inner);
  for (guint i = 0; i < depth; i++)
    g_string_append (text, close);
  return g_string_free (text, FALSE);
}

static void
test_depth (void)
{
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autofree char *arrays = nested ("[", "", "]", 10000);
  g_autofree char *objects = nested ("{\"a\":", "1", "}", 10000);
  g_autofree char *unclosed = nested ("[", "", "", 10000);
  g_autofree char *at_limit = nested ("[", "1", "]", KASIR_PROTOCOL_MAX_DEPTH);
  g_autofree char *over_limit = nested ("[", "1", "]", KASIR_PROTOCOL_MAX_DEPTH + 1);
  g_autofree char *in_string = NULL;
  const char *deep[] = { arrays, objects, unclosed, over_limit };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GString) quoted = g_string_new ("{\"s\":\"");

  g_timer_start (timer);
  for (guint i = 0; i < G_N_ELEMENTS (deep); i++)
    {
      g_autoptr(JsonNode) rejected = kasir_protocol_parse (deep[i], strlen (deep[i]), &error);

      g_assert_null (rejected);
      g_assert_error (error, KASIR_PROTOCOL_ERROR, KASIR_PROTOCOL_ERROR_TOO_DEEP);
      g_clear_error (&error);
    }
  /* Rejection does not depend on the length of what follows the limit. */
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 0.5);

  node = kasir_protocol_parse (at_limit, strlen (at_limit), &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_clear_pointer (&node, json_node_unref);

  /* Brackets inside strings (with escaped quotes among them) are not nesting. */
  for (guint i = 0; i < 10000; i++)
    g_string_append (quoted, i % 100 == 0 ? "[\\\"{" : "[{");
  g_string_append (quoted, "\"}");
  in_string = g_string_free (g_steal_pointer (&quoted), FALSE);
  node = kasir_protocol_parse (in_string, strlen (in_string), &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_cmpuint (strlen (json_object_get_string_member (json_node_get_object (node), "s")),
                    ==, 20000 + 100);
}

static void
test_body_limit (void)
{
  gsize size = KASIR_PROTOCOL_MAX_BODY + 1;
  g_autofree char *big = g_malloc (size);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  /* A valid JSON string, so only the size can be the reason. */
  memset (big, 'a', size);
  big[0] = '"';
  big[size - 1] = '"';
  node = kasir_protocol_parse (big, size, &error);
  g_assert_null (node);
  g_assert_error (error, KASIR_PROTOCOL_ERROR, KASIR_PROTOCOL_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* A body-sized string passes only where strings that long are allowed (a signed
   * export carries its body as one). */
  node = kasir_protocol_parse_limited (big, size - 1 - 1, KASIR_PROTOCOL_MAX_VALUES,
                                       KASIR_PROTOCOL_MAX_BODY, &error);
  g_assert_error (error, KASIR_PROTOCOL_ERROR, KASIR_PROTOCOL_ERROR_MALFORMED);
  g_assert_null (node);
  g_clear_error (&error);

  big[size - 2] = '"';
  node = kasir_protocol_parse_limited (big, size - 1, KASIR_PROTOCOL_MAX_VALUES,
                                       KASIR_PROTOCOL_MAX_BODY, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_clear_pointer (&node, json_node_unref);
  node = kasir_protocol_parse (big, size - 1, &error);
  g_assert_error (error, KASIR_PROTOCOL_ERROR, KASIR_PROTOCOL_ERROR_TOO_LARGE);
  g_assert_null (node);
}

/* The pre-scan's caps: values per body, bytes per string, names per object. */
static void
test_value_limits (void)
{
  GString *doc = g_string_new ("[");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gsize length;

  /* The array itself is one value: with MAX_VALUES - 1 elements it is exactly at the cap. */
  for (guint i = 0; i < KASIR_PROTOCOL_MAX_VALUES - 1; i++)
    g_string_append (doc, i ? ",0" : "0");
  g_string_append (doc, "]");
  node = kasir_protocol_parse (doc->str, doc->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==,
                    KASIR_PROTOCOL_MAX_VALUES - 1);
  g_clear_pointer (&node, json_node_unref);
  g_string_insert (doc, 1, "{},");
  node = kasir_protocol_parse (doc->str, doc->len, &error);
  g_assert_error (error, KASIR_PROTOCOL_ERROR, KASIR_PROTOCOL_ERROR_TOO_LARGE);
  g_assert_null (node);
  g_clear_error (&error);
  g_string_free (doc, TRUE);

  /* The attack that once took a server to 872 MiB: an 8 MiB body of empty objects. */
  length = KASIR_PROTOCOL_MAX_BODY - 1;
  text = g_malloc (length + 1);
  text[0] = '[';
  for (gsize i = 1; i + 3 < length; i += 3)
    memcpy (text + i, "{},", 3);
  memcpy (text + length - 3, "{}]", 3);
  text[length] = '\0';
  node = kasir_protocol_parse (text, strlen (text), &error);
  g_assert_error (error, KASIR_PROTOCOL_ERROR, KASIR_PROTOCOL_ERROR_TOO_LARGE);
  g_assert_null (node);
  g_clear_error (&error);
  g_clear_pointer (&text, g_free);

  /* A string of exactly the cap (its quotes not counted) passes, one byte more does not. */
  text = g_strnfill (KASIR_PROTOCOL_MAX_STRING + 2, 'x');
  text[0] = '"';
  text[KASIR_PROTOCOL_MAX_STRING + 1] = '"';
  node = kasir_protocol_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&text, g_free);
  text = g_strnfill (KASIR_PROTOCOL_MAX_STRING + 3, 'x');
  text[0] = '"';
  text[KASIR_PROTOCOL_MAX_STRING + 2] = '"';
  node = kasir_protocol_parse (text, strlen (text), &error);
  g_assert_error (error, KASIR_PROTOCOL_ERROR, KASIR_PROTOCOL_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* The same name in different objects is fine; twice in one object, at any depth, not. */
  g_clear_pointer (&text, g_free);
  text = g_strdup ("{\"a\":{\"a\":1},\"b\":{\"a\":1},\"c\":[{\"a\":1},{\"a\":2}]}");
  node = kasir_protocol_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&text, g_free);
  text = g_strdup ("{\"b\":[{\"a\":1,\"x\":{},\"a\":2}]}");
  node = kasir_protocol_parse (text, strlen (text), &error);
  g_assert_error (error, KASIR_PROTOCOL_ERROR, KASIR_PROTOCOL_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "twice"));
  g_assert_null (node);
}

static char *
mutation_array (guint count,
                gboolean valid)
{
  GString *text = g_string_new ("{\"terminal_id\":7,\"mutations\":[");

  for (guint i = 0; i < count; i++)
    {
      if (i > 0)
        g_string_append_c (text, ',');
      if (valid)
        g_string_append_printf (text,
                                "{\"seq\":%u,\"id\":\"9a1b2c3d-4e5f-4a6b-8c7d-%012x\","
                                "\"type\":\"stock.adjust\",\"created_at\":\"2026-11-22T08:16:00Z\","
                                "\"payload\":{}}", i + 1, i);
      else
        g_string_append (text, "{}");
    }
  g_string_append (text, "]}");
  return g_string_free (text, FALSE);
}

static void
expect_push (const char         *text,
             KasirProtocolError  code,
             gboolean            ok)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = kasir_protocol_parse (text, strlen (text), &error);
  g_autoptr(KasirPushRequest) req = NULL;

  g_assert_no_error (error);
  req = kasir_protocol_decode_push_request (node, &error);
  if (ok)
    {
      g_assert_no_error (error);
      g_assert_cmpuint (req->mutations->len, ==, KASIR_PROTOCOL_MAX_MUTATIONS);
    }
  else
    {
      g_assert_error (error, KASIR_PROTOCOL_ERROR, code);
      g_assert_null (req);
    }
}

static void
test_array_limits (void)
{
  g_autofree char *huge = mutation_array (100000, FALSE);
  g_autofree char *at_limit = mutation_array (KASIR_PROTOCOL_MAX_MUTATIONS, TRUE);
  g_autofree char *over_limit = mutation_array (KASIR_PROTOCOL_MAX_MUTATIONS + 1, TRUE);
  g_autofree char *huge_real = mutation_array (100000, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) sale = NULL;
  g_autoptr(KasirSale) decoded = NULL;
  g_autoptr(KasirPullResponse) pull = NULL;
  g_autoptr(KasirShiftEvent) close = NULL;
  JsonArray *array;
  JsonObject *line;

  expect_push (huge, KASIR_PROTOCOL_ERROR_TOO_LARGE, FALSE);
  expect_push (at_limit, 0, TRUE);
  expect_push (over_limit, KASIR_PROTOCOL_ERROR_TOO_LARGE, FALSE);

  /* 100,000 real mutations do not even fit in a body. */
  node = kasir_protocol_parse (huge_real, strlen (huge_real), &error);
  g_assert_error (error, KASIR_PROTOCOL_ERROR, KASIR_PROTOCOL_ERROR_TOO_LARGE);
  g_assert_null (node);
  g_clear_error (&error);

  /* Lines and payments of a sale. */
  sale = parse_ok (SALE_DOC);
  array = json_object_get_array_member (json_node_get_object (sale), "lines");
  line = json_array_get_object_element (array, 0);
  for (guint i = 1; i <= KASIR_PROTOCOL_MAX_LINES; i++)
    json_array_add_object_element (array, json_object_ref (line));
  decoded = kasir_protocol_decode_sale (sale, &error);
  g_assert_error (error, KASIR_PROTOCOL_ERROR, KASIR_PROTOCOL_ERROR_TOO_LARGE);
  g_assert_null (decoded);
  g_clear_error (&error);
  g_clear_pointer (&sale, json_node_unref);

  sale = parse_ok (SALE_DOC);
  array = json_object_get_array_member (json_node_get_object (sale), "payments");
  for (guint i = 1; i <= KASIR_PROTOCOL_MAX_PAYMENTS; i++)
    json_array_add_object_element (array,
                                   json_object_ref (json_array_get_object_element (array, 0)));
  decoded = kasir_protocol_decode_sale (sale, &error);
  g_assert_error (error, KASIR_PROTOCOL_ERROR, KASIR_PROTOCOL_ERROR_TOO_LARGE);
  g_assert_null (decoded);
  g_clear_error (&error);
  g_clear_pointer (&sale, json_node_unref);

  /* Changes of a pull page. */
  node = parse_ok ("{'changes':[],'cursor':1,'has_more':true}");
  array = json_object_get_array_member (json_node_get_object (node), "changes");
  for (guint i = 0; i <= KASIR_PROTOCOL_MAX_CHANGES; i++)
    json_array_add_null_element (array);
  pull = kasir_protocol_decode_pull_response (node, &error);
  g_assert_error (error, KASIR_PROTOCOL_ERROR, KASIR_PROTOCOL_ERROR_TOO_LARGE);
  g_assert_null (pull);
  g_clear_error (&error);
  g_clear_pointer (&node, json_node_unref);

  node = parse_ok (SHIFT_CLOSE_DOC);
  array = json_object_get_array_member (json_node_get_object (node), "expected");
  for (guint i = 0; i <= KASIR_PROTOCOL_MAX_PAYMENTS; i++)
    json_array_add_null_element (array);
  close = kasir_protocol_decode_shift_close (node, &error);
  g_assert_error (error, KASIR_PROTOCOL_ERROR, KASIR_PROTOCOL_ERROR_TOO_LARGE);
  g_assert_null (close);
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

/* ---- Fuzz ---- */

static void
check_outcome (Kind        kind,
               const char *text,
               gsize       length,
               guint      *n_ok,
               guint      *n_err)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = parse_and_decode (kind, text, length, &error);

  /* Exactly one of a complete object or an error in our domain. */
  g_assert_true ((result == NULL) != (error == NULL));
  if (result != NULL)
    {
      g_autofree char *again = kasir_protocol_to_string (result, NULL);

      g_assert_nonnull (again);
      (*n_ok)++;
    }
  else
    {
      g_assert_true (error->domain == KASIR_PROTOCOL_ERROR);
      g_assert_true (error->message != NULL && *error->message != '\0');
      (*n_err)++;
    }
}

static void
fuzz_document (Kind        kind,
               const char *doc,
               guint       flips)
{
  g_autofree char *text = json_text (doc);
  gsize length = strlen (text);
  g_autoptr(GRand) rand = g_rand_new_with_seed (0x4b415349);
  g_autofree char *copy = g_malloc (length + 1);
  guint n_ok = 0;
  guint n_err = 0;

  /* Every prefix, including the empty one. */
  for (gsize cut = 0; cut <= length; cut++)
    {
      memcpy (copy, text, cut);
      check_outcome (kind, copy, cut, &n_ok, &n_err);
    }
  /* Only the whole document is valid. */
  g_assert_cmpuint (n_ok, ==, 1);

  /* Random byte changes, one to four at a time, from a fixed seed. */
  for (guint i = 0; i < flips; i++)
    {
      guint changes = g_rand_int_range (rand, 1, 5);

      memcpy (copy, text, length + 1);
      for (guint j = 0; j < changes; j++)
        {
          gsize at = g_rand_int_range (rand, 0, (gint32) length);

          if (g_rand_boolean (rand))
            copy[at] ^= (char) (1u << g_rand_int_range (rand, 0, 8));
          else
            copy[at] = (char) g_rand_int_range (rand, 0, 256);
        }
      check_outcome (kind, copy, length, &n_ok, &n_err);
    }

  g_test_message ("fuzz: %u valid, %u rejected", n_ok, n_err);
  g_assert_cmpuint (n_err, >, 0);
}

static void
test_fuzz_push (void)
{
  fuzz_document (K_PUSH_REQ, PUSH_DOC, 20000);
}

static void
test_fuzz_pull (void)
{
  fuzz_document (K_PULL, PULL_DOC, 10000);
}

static void
test_fuzz_sale (void)
{
  fuzz_document (K_SALE, SALE2_DOC, 10000);
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
  g_test_add_func ("/Kasir/Protocol/malformed-table", test_malformed_table);
  g_test_add_func ("/Kasir/Protocol/nul-byte", test_nul_byte);
  g_test_add_func ("/Kasir/Protocol/decode-null-node", test_decode_null_node);
  g_test_add_func ("/Kasir/Protocol/depth", test_depth);
  g_test_add_func ("/Kasir/Protocol/body-limit", test_body_limit);
  g_test_add_func ("/Kasir/Protocol/value-limits", test_value_limits);
  g_test_add_func ("/Kasir/Protocol/array-limits", test_array_limits);
  g_test_add_func ("/Kasir/Protocol/int64-extremes", test_int64_extremes);
  g_test_add_func ("/Kasir/Protocol/exponent-doubles", test_exponent_doubles);
  g_test_add_func ("/Kasir/Protocol/writer-escapes", test_writer_escapes);
  g_test_add_func ("/Kasir/Protocol/error-encoding", test_error_encoding);
  g_test_add_func ("/Kasir/Protocol/encode-unset", test_encode_unset);
  g_test_add_func ("/Kasir/Protocol/fuzz-push", test_fuzz_push);
  g_test_add_func ("/Kasir/Protocol/fuzz-pull", test_fuzz_pull);
  g_test_add_func ("/Kasir/Protocol/fuzz-sale", test_fuzz_sale);

  return g_test_run ();
}
