/* kasir-test-protocol.h — the protocol tests' documents and codec helpers: each message
 * kind's sample document and a decode → encode → compare round.
 *
 * Documents are written with ' for " to keep them readable; ` stands for a literal '.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

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

#define HEALTH_DOC "{'status':'ok','protocol':1,'server_time':'2026-11-22T08:15:00Z'}"
#define ENROLL_REQ_DOC "{'code':'ABCD-EFGH','name':'Till 1'}"
#define ENROLL_RESP_DOC "{'terminal_id':7,'outlet_id':2,'token':'dG9rZW4tc2VjcmV0'}"

#define PRODUCT_DOC \
  "{'id':42,'sku':'KOPI-01','barcode':'8991234567890','name':'Kopi susu','price':15000," \
  "'price_version':3,'tax_rate_bp':1100,'category_id':5,'archived':false,'version':4}"
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

#define DECODE_ENCODE(Type, decode, encode) \
  { \
    g_autoptr(Type) value = decode (node, error); \
    g_assert_true ((value == NULL) == (error == NULL || *error != NULL)); \
    return value != NULL ? encode (value) : NULL; \
  }

G_BEGIN_DECLS

char *
json_text (const char *doc);

JsonNode *
parse_ok (const char *doc);

JsonNode *
decode_encode (Kind       kind,
               JsonNode  *node,
               GError   **error);

JsonNode *
parse_and_decode (Kind         kind,
                  const char  *text,
                  gsize        length,
                  GError     **error);

G_END_DECLS
