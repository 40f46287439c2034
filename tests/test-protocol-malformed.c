/* test-protocol-malformed.c — the sync protocol v1 JSON codec refuses what it must: a
 * table of malformed documents, NUL bytes, nesting depth, body size, value and array
 * limits, each with its error code.
 *
 * Documents are written with ' for " to keep them readable; ` stands for a literal '.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "kasir-protocol.h"

#include "kasir-test-protocol.h"

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Protocol/malformed-table", test_malformed_table);
  g_test_add_func ("/Kasir/Protocol/nul-byte", test_nul_byte);
  g_test_add_func ("/Kasir/Protocol/decode-null-node", test_decode_null_node);
  g_test_add_func ("/Kasir/Protocol/depth", test_depth);
  g_test_add_func ("/Kasir/Protocol/body-limit", test_body_limit);
  g_test_add_func ("/Kasir/Protocol/value-limits", test_value_limits);
  g_test_add_func ("/Kasir/Protocol/array-limits", test_array_limits);

  return g_test_run ();
}
