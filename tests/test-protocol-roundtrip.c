/* test-protocol-roundtrip.c — every body the protocol encodes, through encode → decode →
 * encode, byte for byte.
 *
 * Each document below is written exactly as the encoder writes it (members in wire order,
 * every optional field holding a value that is not its default). Decoding it and encoding
 * the result must give the same bytes, and so must a second round: a field the decoder
 * reads but the encoder forgets (or the other way round) changes the bytes. The documents
 * pin the wire format as well: a member moved, renamed or dropped fails here.
 *
 * The second half walks the codec's field tables (kasir-protocol-fields.h) and checks
 * that each field of each table is written (its member is in the encoded document) and
 * read (taking it away fails the decoder, or changes what is encoded again). A table that
 * no document here reaches fails too, so a new table needs its document.
 *
 * Documents are written with ' for ".
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kasir-protocol-fields.h"

#define U_SALE     "7c1e2a9b-3d4f-4a5b-8c6d-1e2f3a4b5c6d"
#define U_SHIFT    "8d2f3b0c-4e5a-4b6c-9d7e-2f3a4b5c6d7e"
#define U_REFUND   "9e3a4c1d-5f6b-4c7d-8e8f-3a4b5c6d7e8f"
#define U_MUTATION "af4b5d2e-6a7c-4d8e-9f90-4b5c6d7e8f90"
#define U_CLIENT   "b05c6e3f-7b8d-4e9f-a0a1-5c6d7e8f90a1"
#define AT         "2026-11-30T09:30:00Z"

typedef gpointer (*DecodeFunc) (JsonNode *node, GError **error);
typedef JsonNode *(*EncodeFunc) (gconstpointer value);

/* The public functions, seen through one signature each. */
#define CODEC(name, Type, decode, encode) \
  static gpointer \
  name##_decode (JsonNode *node, GError **error) \
  { \
    return decode (node, error); \
  } \
  static JsonNode * \
  name##_encode (gconstpointer value) \
  { \
    return encode ((const Type *) value); \
  } \
  static void \
  name##_free (gpointer value) \
  { \
    g_autoptr(Type) owned = value; \
    (void) owned; \
  }

static JsonNode *
encode_error_body (const KasirProtocolErrorBody *body)
{
  return kasir_protocol_encode_error (body->code, body->message, body->expected_seq);
}

static JsonNode *
encode_health (const KasirHealth *health)
{
  return kasir_protocol_encode_health (health->server_time);
}

CODEC (error, KasirProtocolErrorBody, kasir_protocol_decode_error, encode_error_body)
CODEC (health, KasirHealth, kasir_protocol_decode_health, encode_health)
CODEC (enroll_request, KasirEnrollRequest, kasir_protocol_decode_enroll_request,
       kasir_protocol_encode_enroll_request)
CODEC (enroll_response, KasirEnrollResponse, kasir_protocol_decode_enroll_response,
       kasir_protocol_encode_enroll_response)
CODEC (mutation, KasirMutation, kasir_protocol_decode_mutation, kasir_protocol_encode_mutation)
CODEC (push_request, KasirPushRequest, kasir_protocol_decode_push_request,
       kasir_protocol_encode_push_request)
CODEC (push_result, KasirPushResult, kasir_protocol_decode_push_result,
       kasir_protocol_encode_push_result)
CODEC (push_response, KasirPushResponse, kasir_protocol_decode_push_response,
       kasir_protocol_encode_push_response)
CODEC (sale, KasirSale, kasir_protocol_decode_sale, kasir_protocol_encode_sale)
CODEC (refund, KasirRefund, kasir_protocol_decode_refund, kasir_protocol_encode_refund)
CODEC (shift_open, KasirShiftEvent, kasir_protocol_decode_shift_open,
       kasir_protocol_encode_shift_open)
CODEC (shift_close, KasirShiftEvent, kasir_protocol_decode_shift_close,
       kasir_protocol_encode_shift_close)
CODEC (shift_cash, KasirShiftCash, kasir_protocol_decode_shift_cash,
       kasir_protocol_encode_shift_cash)
CODEC (product_update, KasirEdit, kasir_protocol_decode_product_update,
       kasir_protocol_encode_product_update)
CODEC (customer_upsert, KasirEdit, kasir_protocol_decode_customer_upsert,
       kasir_protocol_encode_customer_upsert)
CODEC (stock_adjust, KasirStockAdjust, kasir_protocol_decode_stock_adjust,
       kasir_protocol_encode_stock_adjust)
CODEC (conflict_resolve, KasirConflictResolve, kasir_protocol_decode_conflict_resolve,
       kasir_protocol_encode_conflict_resolve)
CODEC (pull, KasirPullResponse, kasir_protocol_decode_pull_response,
       kasir_protocol_encode_pull_response)
CODEC (product, KasirProduct, kasir_protocol_decode_product, kasir_protocol_encode_product)
CODEC (category, KasirCategory, kasir_protocol_decode_category, kasir_protocol_encode_category)
CODEC (stock, KasirStock, kasir_protocol_decode_stock, kasir_protocol_encode_stock)
CODEC (customer, KasirCustomer, kasir_protocol_decode_customer, kasir_protocol_encode_customer)
CODEC (staff, KasirStaff, kasir_protocol_decode_staff, kasir_protocol_encode_staff)
CODEC (shift, KasirShift, kasir_protocol_decode_shift, kasir_protocol_encode_shift)
CODEC (conflict, KasirConflict, kasir_protocol_decode_conflict, kasir_protocol_encode_conflict)
CODEC (order_open, KasirOrderSend, kasir_protocol_decode_order_open, kasir_protocol_encode_order_open)
CODEC (order_add, KasirOrderSend, kasir_protocol_decode_order_add, kasir_protocol_encode_order_add)
CODEC (product_modifiers, KasirModifierEdit, kasir_protocol_decode_product_modifiers,
       kasir_protocol_encode_product_modifiers)
CODEC (order_cancel, KasirOrderCancel, kasir_protocol_decode_order_cancel,
       kasir_protocol_encode_order_cancel)

#define SALE \
  "{'sale_id':'" U_SALE "','receipt_no':'3-000042','shift_id':'" U_SHIFT "','staff_id':4," \
  "'customer_id':17,'currency':'IDR','tax_inclusive':false,'lines':[{'product_id':8," \
  "'sku':'TEH-350','name':'Teh Manis 350 ml','qty':3,'unit_price':4000,'price_version':2," \
  "'tax_rate_bp':1100,'discount':0,'tax':1320,'total':12000,'options':[{'group_id':2," \
  "'group_version':3,'option_id':31,'group_name':'Add-ons','name':'Extra shot','price':500}],'note':'no ice'}]," \
  "'payments':[{'method':'cash'," \
  "'amount':15000,'reference':'laci 1'},{'method':'card','amount':1,'reference':''}]," \
  "'subtotal':12000,'discount':0,'fee':0,'tax':1320,'total':13320,'change':1681," \
  "'loyalty_redeemed':0,'loyalty_earned':1,'customer_client_id':'" U_CLIENT "'," \
  "'created_at':'" AT "','order_type':'dine_in','order_ref':'Meja 4'," \
  "'open_order_id':'" U_REFUND "'}"
#define ORDER_OPEN \
  "{'order_id':'" U_CLIENT "','staff_id':4,'shift_id':'" U_SHIFT "','label':'Bu Ani'," \
  "'order_type':'dine_in','order_ref':'7','ticket_no':'3-0001','items':[{'product_id':8," \
  "'name':'Teh Manis 350 ml','qty':2,'options':'less sugar, iced','note':'no straw'}]," \
  "'cart':{'version':1,'lines':[]},'total':8000,'created_at':'" AT "'}"
#define ORDER_ADD \
  "{'order_id':'" U_CLIENT "','staff_id':4,'ticket_no':'3-0002','items':[{'product_id':8," \
  "'name':'Teh Manis 350 ml','qty':1,'options':'hot','note':'for the child'}]," \
  "'cart':{'version':1,'lines':[]},'total':12000,'created_at':'" AT "'}"
/* Product 8's groups are 128..143, and the options of group 129 are 4128..4159. */
#define PRODUCT_MODIFIERS \
  "{'product_id':8,'staff_id':4,'base_groups':[{'id':129,'version':3}]," \
  "'groups':[{'id':129,'name':'Add-ons','multiple':true,'min':0,'max':2,'version':4," \
  "'options':[{'id':4128,'name':'Extra shot','price':6000},{'id':4129,'name':'Oat','price':0}]}]}"
#define PRODUCT \
  "{'id':8,'sku':'TEH-350','barcode':'8991010000024','name':'Teh Manis 350 ml','price':4000," \
  "'price_version':2,'tax_rate_bp':1100,'category_id':3,'archived':true,'version':5," \
  "'unit':'botol','track_stock':false,'low_stock':12," \
  "'modifier_groups':[{'id':2,'name':'Add-ons','multiple':true,'min':0,'max':2,'version':3," \
  "'options':[{'id':31,'name':'Extra shot','price':500},{'id':32,'name':'Oat','price':0}]}]}"
#define CATEGORY "{'id':3,'name':'Minuman','parent_id':1,'archived':true,'version':2}"
#define STOCK "{'product_id':8,'outlet_id':1,'qty':-24}"
#define CUSTOMER \
  "{'id':17,'name':'Rina Wati','phone':'081355500017','email':'rina@example.com'," \
  "'loyalty_points':320,'version':4,'member_code':'M-0017','client_id':'" U_CLIENT "'}"
#define STAFF \
  "{'id':4,'outlet_id':1,'name':'Agus Salim','role':'manager'," \
  "'pin_hash':'$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA','active':true}"
#define SHIFT \
  "{'id':'" U_SHIFT "','outlet_id':1,'terminal_id':2,'staff_id':4,'opened_at':'" AT "'," \
  "'closed_at':'2026-11-30T17:30:00Z','opening_float':200000,'counted_cash':412000}"
#define CONFLICT \
  "{'id':21,'kind':'concurrent_edit','status':'resolved','entity':'product','entity_id':8," \
  "'base':{'price':4000},'terminal':[4200],'server':'4500','terminal_id':2," \
  "'terminal_name':'Till 2','seq':12,'created_at':'" AT "'," \
  "'resolution':{'decision':'accept','staff_id':3},'version':2}"

typedef struct
{
  const char     *name;
  const char     *record;  /* the name of its table */
  DecodeFunc      decode;
  EncodeFunc      encode;
  GDestroyNotify  free;
  const char     *doc;
} Body;

#define BODY(name, record, codec, doc) \
  { name, record, codec##_decode, codec##_encode, codec##_free, doc }

static const Body bodies[] = {
  BODY ("error", "error", error,
        "{'error':{'code':'seq_gap','message':'expected seq 9'},'expected_seq':9}"),
  BODY ("health", "health", health, "{'status':'ok','protocol':1,'server_time':'" AT "'}"),
  BODY ("enroll-request", "enroll-request", enroll_request,
        "{'code':'KQ7M-PX2R','name':'Till 2'}"),
  BODY ("enroll-response", "enroll-response", enroll_response,
        "{'terminal_id':2,'outlet_id':1,'token':'c2VjcmV0LXRva2VuLWZvci10aWxsLTI',"
        "'name':'Till 2'}"),
  BODY ("mutation", "mutation", mutation,
        "{'seq':9,'id':'" U_MUTATION "','type':'sale.refund','created_at':'" AT "',"
        "'payload':" SALE "}"),
  BODY ("push-request", "push-request", push_request,
        "{'terminal_id':2,'mutations':[{'seq':9,'id':'" U_MUTATION "','type':'stock.adjust',"
        "'created_at':'" AT "','payload':{'product_id':8,'delta':-2,'reason':'pecah'}},"
        "{'seq':10,'id':'" U_CLIENT "','type':'conflict.resolve','created_at':'" AT "',"
        "'payload':{}}]}"),
  BODY ("push-result", "push-result", push_result,
        "{'seq':9,'status':'rejected','conflict_ids':[21],'reason':'already_resolved'}"),
  BODY ("push-response", "push-response", push_response,
        "{'last_seq':10,'results':[{'seq':9,'status':'applied_with_conflicts',"
        "'conflict_ids':[21,22]},{'seq':10,'status':'rejected','conflict_ids':[],"
        "'reason':'unknown_product: no product 99'}]}"),
  BODY ("sale.create", "sale.create", sale, SALE),
  BODY ("order.open", "order.open", order_open, ORDER_OPEN),
  BODY ("order.add", "order.add", order_add, ORDER_ADD),
  BODY ("product.modifiers", "product.modifiers", product_modifiers, PRODUCT_MODIFIERS),
  BODY ("order.cancel", "order.cancel", order_cancel,
        "{'order_id':'" U_CLIENT "','staff_id':4,'approved_by':5,'reason':'tamu pergi',"
        "'created_at':'" AT "'}"),
  BODY ("sale.refund", "sale.refund", refund,
        "{'refund_id':'" U_REFUND "','sale_id':'" U_SALE "','reason':'kemasan rusak',"
        "'staff_id':3,'approved_by':5,'lines':[{'product_id':8,'qty':1,'amount':4000},"
        "{'product_id':9,'qty':2,'amount':0,'write_off':1,'line_no':2}],'payments':[{'method':'ewallet','amount':3000},"
        "{'method':'cash','amount':1000}],'total':4000,'created_at':'" AT "'}"),
  BODY ("shift.open", "shift.open", shift_open,
        "{'shift_id':'" U_SHIFT "','staff_id':4,'opening_float':200000,'opened_at':'" AT "'}"),
  BODY ("shift.close", "shift.close", shift_close,
        "{'shift_id':'" U_SHIFT "','staff_id':4,'closed_at':'" AT "',"
        "'counted':[{'method':'cash','amount':412000},{'method':'card','amount':96000}],"
        "'expected':[{'method':'cash','amount':412000},{'method':'other','amount':0}]}"),
  BODY ("shift.cash", "shift.cash", shift_cash,
        "{'cash_id':'" U_CLIENT "','shift_id':'" U_SHIFT "','staff_id':4,'approved_by':5,"
        "'direction':'out','reason':'other','note':'ongkos parkir','amount':2000,"
        "'created_at':'" AT "'}"),
  BODY ("shift.cash-in", "shift.cash", shift_cash,
        "{'cash_id':'" U_CLIENT "','shift_id':'" U_SHIFT "','staff_id':4,"
        "'direction':'in','reason':'float','note':'','amount':50000,"
        "'created_at':'" AT "'}"),
  BODY ("product.update", "product.update", product_update,
        "{'product_id':8,'base_version':5,'staff_id':3,'fields':{'name':'Teh Manis 500 ml',"
        "'price':5500,'barcode':null,'sku':'','tax_rate_bp':1100,'category_id':3,"
        "'archived':true}}"),
  BODY ("customer.upsert-new", "customer.upsert", customer_upsert,
        "{'customer_id':null,'client_id':'" U_CLIENT "','base_version':0,'staff_id':4,"
        "'fields':{'name':'Rina Wati','phone':'081355500017','email':null}}"),
  BODY ("customer.upsert-existing", "customer.upsert", customer_upsert,
        "{'customer_id':17,'client_id':'" U_CLIENT "','base_version':4,'staff_id':4,"
        "'fields':{'phone':'081355500018'}}"),
  BODY ("stock.adjust", "stock.adjust", stock_adjust,
        "{'product_id':8,'delta':-2,'reason':'pecah di gudang','staff_id':3}"),
  BODY ("conflict.resolve", "conflict.resolve", conflict_resolve,
        "{'conflict_id':21,'expected_version':1,'decision':'counted_stock',"
        "'note':'dihitung ulang','staff_id':3,'values':{'qty':18}}"),
  BODY ("conflict.resolve-acknowledge", "conflict.resolve", conflict_resolve,
        "{'conflict_id':22,'expected_version':2,'decision':'acknowledge','note':null,"
        "'staff_id':3,'values':null}"),
  BODY ("pull", "pull-response", pull,
        "{'changes':["
        "{'entity':'product','id':8,'op':'put','data':" PRODUCT "},"
        "{'entity':'category','id':3,'op':'put','data':" CATEGORY "},"
        "{'entity':'stock','id':'8:1','op':'put','data':" STOCK "},"
        "{'entity':'customer','id':17,'op':'put','data':" CUSTOMER "},"
        "{'entity':'staff','id':4,'op':'put','data':" STAFF "},"
        "{'entity':'shift','id':'" U_SHIFT "','op':'put','data':" SHIFT "},"
        "{'entity':'conflict','id':21,'op':'put','data':" CONFLICT "},"
        "{'entity':'setting','id':'7','op':'put','data':{'value':'IDR'}},"
        "{'entity':'product','id':9,'op':'del','data':{'archived':true}},"
        "{'entity':'shift','id':'" U_CLIENT "','op':'del','data':null}],"
        "'cursor':880,'has_more':true,'last_seq':10,'reset':true,'head':1200}"),
  BODY ("pull-last", "pull-response", pull,
        "{'changes':[],'cursor':0,'has_more':false,'last_seq':0,'reset':false}"),
  BODY ("product", "product", product, PRODUCT),
  BODY ("product-plain", "product", product,
        "{'id':8,'sku':'','barcode':null,'name':'Teh','price':0,'price_version':0,"
        "'tax_rate_bp':0,'category_id':null,'archived':false,'version':0}"),
  /* An edit's category by name, as product.create and product.update carry it. */
  BODY ("product-category-name", "product", product,
        "{'id':8,'sku':'ROTI-1','barcode':null,'name':'Roti','price':9000,'price_version':0,"
        "'tax_rate_bp':0,'category_id':null,'archived':false,'version':0,'category_name':'Roti Impor'}"),
  BODY ("category", "category", category, CATEGORY),
  BODY ("stock", "stock", stock, STOCK),
  BODY ("customer", "customer", customer, CUSTOMER),
  BODY ("staff", "staff", staff, STAFF),
  BODY ("shift", "shift", shift, SHIFT),
  BODY ("conflict", "conflict", conflict, CONFLICT),
  BODY ("conflict-open", "conflict", conflict,
        "{'id':21,'kind':'unknown_reference','status':'open','entity':'sale',"
        "'entity_id':'" U_SALE "','base':null,'terminal':null,'server':null,'terminal_id':0,"
        "'seq':0,'created_at':'" AT "','resolution':null,'version':0}"),
};

static char *
wire (const char *doc)
{
  return g_strdelimit (g_strdup (doc), "'", '"');
}

/* Decodes @text with @body and encodes the result again. */
static char *
round_trip (const Body *body,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = kasir_protocol_parse (text, strlen (text), &error);
  g_autoptr(JsonNode) again = NULL;
  gpointer value;

  g_assert_no_error (error);
  value = body->decode (node, &error);
  g_assert_no_error (error);
  g_assert_nonnull (value);
  again = body->encode (value);
  body->free (value);
  return kasir_protocol_to_string (again, NULL);
}

static void
test_round_trip (gconstpointer data)
{
  const Body *body = data;
  g_autofree char *doc = wire (body->doc);
  g_autofree char *first = round_trip (body, doc);
  g_autofree char *second = round_trip (body, first);

  g_assert_cmpstr (first, ==, doc);
  g_assert_cmpstr (second, ==, first);
}

/* ---- Every member read: taking it away fails or changes what is encoded again ---- */

typedef struct
{
  const char *member;   /* NULL for an array element */
  guint       index;
} Step;

static JsonNode *
walk (JsonNode   *node,
      const Step *steps,
      guint       n_steps)
{
  for (guint i = 0; i < n_steps; i++)
    node = steps[i].member != NULL
           ? json_object_get_member (json_node_get_object (node), steps[i].member)
           : json_array_get_element (json_node_get_array (node), steps[i].index);
  return node;
}

/* Null, [], false and 0 may read the same as nothing at all. */
static gboolean
reads_as_absent (JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_array_get_length (json_node_get_array (node)) == 0;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return !json_node_get_boolean (node);
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node) == 0;
  return FALSE;
}

/* Takes away the member at @steps from @doc: the decoder must refuse the rest, or
 * encode something else than @doc. */
static void
check_removal (const Body *body,
               const char *doc,
               GArray     *steps,
               const char *path)
{
  g_autoptr(JsonNode) root = kasir_protocol_parse (doc, strlen (doc), NULL);
  const Step *last = &g_array_index (steps, Step, steps->len - 1);
  JsonObject *parent = json_node_get_object (walk (root, (Step *) steps->data, steps->len - 1));
  gboolean may_be_same = reads_as_absent (json_object_get_member (parent, last->member));
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) encoded = NULL;
  g_autoptr(GError) error = NULL;
  gpointer value;

  json_object_remove_member (parent, last->member);
  text = kasir_protocol_to_string (root, NULL);
  node = kasir_protocol_parse (text, strlen (text), NULL);
  if ((value = body->decode (node, &error)) == NULL)
    return;
  encoded = body->encode (value);
  body->free (value);
  again = kasir_protocol_to_string (encoded, NULL);
  if (!may_be_same && g_str_equal (again, doc))
    {
      g_test_message ("%s: %s taken away, the same document comes out: it is not read",
                      body->name, path);
      g_test_fail ();
    }
}

static void
check_members_read (const Body *body,
                    const char *doc,
                    JsonNode   *node,
                    GArray     *steps,
                    const char *path,
                    guint      *n_checked)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *inner = g_strdup_printf ("%s[%u]", path, i);
          Step step = { NULL, i };

          g_array_append_val (steps, step);
          check_members_read (body, doc, json_array_get_element (array, i), steps, inner,
                              n_checked);
          g_array_set_size (steps, steps->len - 1);
        }
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) names = json_object_get_members (json_node_get_object (node));

      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonNode *member = json_object_get_member (json_node_get_object (node), l->data);
          g_autofree char *inner = *path != '\0' ? g_strdup_printf ("%s.%s", path, (char *) l->data)
                                                 : g_strdup (l->data);
          Step step = { l->data, 0 };

          g_array_append_val (steps, step);
          check_removal (body, doc, steps, inner);
          (*n_checked)++;
          check_members_read (body, doc, member, steps, inner, n_checked);
          g_array_set_size (steps, steps->len - 1);
        }
    }
}

static void
test_members_read (gconstpointer data)
{
  const Body *body = data;
  g_autofree char *doc = wire (body->doc);
  g_autoptr(JsonNode) root = kasir_protocol_parse (doc, strlen (doc), NULL);
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (Step));
  guint n_checked = 0;

  check_members_read (body, doc, root, steps, "", &n_checked);
  g_test_message ("%s: %u members taken away one by one", body->name, n_checked);
  g_assert_cmpuint (n_checked, >, 0);
}

/* ---- Every table line written, and every table reached by a document above ---- */

static const KasirRecordSpec *
record_named (const char *name)
{
  guint n_specs;
  const KasirRecordSpec * const *specs = kasir_protocol_record_specs (&n_specs);

  for (guint i = 0; i < n_specs; i++)
    if (g_str_equal (specs[i]->name, name))
      return specs[i];
  g_error ("no table is named %s", name);
  return NULL;
}

/* Marks each line of @spec whose member the encoder wrote into @obj, and the tables of
 * the arrays and groups below it. */
static void
mark_written (const KasirRecordSpec *spec,
              JsonObject            *obj,
              GHashTable            *seen_fields,
              GHashTable            *seen_specs)
{
  g_hash_table_add (seen_specs, (gpointer) spec);
  for (guint i = 0; i < spec->n_fields; i++)
    {
      const KasirFieldSpec *field = &spec->fields[i];
      JsonNode *member = json_object_get_member (obj, field->name);

      if (member == NULL)
        continue;
      g_hash_table_add (seen_fields, (gpointer) field);
      if (field->type == KASIR_FIELD_GROUP && JSON_NODE_HOLDS_OBJECT (member))
        mark_written (field->element, json_node_get_object (member), seen_fields, seen_specs);
      if (field->type == KASIR_FIELD_ARRAY && JSON_NODE_HOLDS_ARRAY (member))
        {
          JsonArray *array = json_node_get_array (member);

          for (guint j = 0; j < json_array_get_length (array); j++)
            mark_written (field->element,
                          json_node_get_object (json_array_get_element (array, j)),
                          seen_fields, seen_specs);
        }
    }
}

static void
test_tables_written (void)
{
  g_autoptr(GHashTable) seen_fields = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) seen_specs = g_hash_table_new (NULL, NULL);
  const KasirRecordSpec * const *specs;
  guint n_specs;
  guint n_fields = 0;

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autofree char *doc = wire (bodies[i].doc);
      g_autofree char *text = round_trip (&bodies[i], doc);
      g_autoptr(JsonNode) node = kasir_protocol_parse (text, strlen (text), NULL);

      mark_written (record_named (bodies[i].record), json_node_get_object (node),
                    seen_fields, seen_specs);
    }

  specs = kasir_protocol_record_specs (&n_specs);
  for (guint i = 0; i < n_specs; i++)
    {
      if (!g_hash_table_contains (seen_specs, specs[i]))
        {
          g_test_message ("table %s: no document here reaches it; add one", specs[i]->name);
          g_test_fail ();
          continue;
        }
      for (guint j = 0; j < specs[i]->n_fields; j++, n_fields++)
        if (!g_hash_table_contains (seen_fields, &specs[i]->fields[j]))
          {
            g_test_message ("table %s: %s is never written", specs[i]->name,
                            specs[i]->fields[j].name);
            g_test_fail ();
          }
    }
  g_test_message ("%u tables, %u lines", n_specs, n_fields);
  g_assert_cmpuint (n_specs, >=, 34);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Kasir/ProtocolRoundTrip/%s", bodies[i].name);

      g_autofree char *read_path = g_strdup_printf ("/Kasir/ProtocolRoundTrip/read/%s",
                                                    bodies[i].name);

      g_test_add_data_func (path, &bodies[i], test_round_trip);
      g_test_add_data_func (read_path, &bodies[i], test_members_read);
    }
  g_test_add_func ("/Kasir/ProtocolRoundTrip/tables-written", test_tables_written);
  return g_test_run ();
}
