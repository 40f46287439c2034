/* test-protocol-fields.c — every field of every body the protocol decodes, one at a time:
 * taken away, and given a value of each wrong JSON type.
 *
 * Each body below is a valid document with every field present (nullable ones hold a
 * value). The test walks it and, for each member at any depth (every element of every
 * array too):
 *  - without the member, the decoder must answer MISSING_FIELD naming exactly that path,
 *    unless the member is listed as optional (then the document must still decode);
 *  - with the member replaced by an integer, a string, a boolean, an object, an array and
 *    null (each that is not its own type), the decoder must answer WRONG_TYPE naming the
 *    path, except where the rules below allow that type.
 * No default may stand in for a field that is not there (a sale without "total" is not a
 * sale of 0), and no value of the wrong type may be read as something else.
 *
 * Rules per path ("lines[].sku" matches every line; an exact path wins):
 *   O  optional: the document decodes without it
 *   N  null is allowed
 *   I  an id that is an integer or a string (pull ids, conflict entity ids)
 *   A  any JSON value is allowed, and its inside is not looked at
 *   X  its inside is not looked at (an opaque object: a mutation's payload, a setting)
 *   M  null counts as missing (MISSING_FIELD), as for a rejected result's reason
 *
 * Documents are written with ' for ".
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kasir-protocol.h"

#define U_SALE     "7c1e2a9b-3d4f-4a5b-8c6d-1e2f3a4b5c6d"
#define U_SHIFT    "8d2f3b0c-4e5a-4b6c-9d7e-2f3a4b5c6d7e"
#define U_REFUND   "9e3a4c1d-5f6b-4c7d-8e8f-3a4b5c6d7e8f"
#define U_MUTATION "af4b5d2e-6a7c-4d8e-9f90-4b5c6d7e8f90"
#define U_CLIENT   "b05c6e3f-7b8d-4e9f-a0a1-5c6d7e8f90a1"
#define AT         "2026-11-30T09:30:00Z"

typedef gboolean (*DecodeFunc) (JsonNode *node, GError **error);

#define DECODER(name, Type, decode) \
  static gboolean \
  name (JsonNode *node, GError **error) \
  { \
    g_autoptr(Type) value = decode (node, error); \
    return value != NULL; \
  }

DECODER (decode_error_body, KasirProtocolErrorBody, kasir_protocol_decode_error)
DECODER (decode_health, KasirHealth, kasir_protocol_decode_health)
DECODER (decode_enroll_request, KasirEnrollRequest, kasir_protocol_decode_enroll_request)
DECODER (decode_enroll_response, KasirEnrollResponse, kasir_protocol_decode_enroll_response)
DECODER (decode_mutation, KasirMutation, kasir_protocol_decode_mutation)
DECODER (decode_push_request, KasirPushRequest, kasir_protocol_decode_push_request)
DECODER (decode_push_result, KasirPushResult, kasir_protocol_decode_push_result)
DECODER (decode_push_response, KasirPushResponse, kasir_protocol_decode_push_response)
DECODER (decode_sale, KasirSale, kasir_protocol_decode_sale)
DECODER (decode_refund, KasirRefund, kasir_protocol_decode_refund)
DECODER (decode_shift_open, KasirShiftEvent, kasir_protocol_decode_shift_open)
DECODER (decode_shift_close, KasirShiftEvent, kasir_protocol_decode_shift_close)
DECODER (decode_shift_cash, KasirShiftCash, kasir_protocol_decode_shift_cash)
DECODER (decode_product_update, KasirEdit, kasir_protocol_decode_product_update)
DECODER (decode_customer_upsert, KasirEdit, kasir_protocol_decode_customer_upsert)
DECODER (decode_stock_adjust, KasirStockAdjust, kasir_protocol_decode_stock_adjust)
DECODER (decode_conflict_resolve, KasirConflictResolve, kasir_protocol_decode_conflict_resolve)
DECODER (decode_pull, KasirPullResponse, kasir_protocol_decode_pull_response)
DECODER (decode_product, KasirProduct, kasir_protocol_decode_product)
DECODER (decode_category, KasirCategory, kasir_protocol_decode_category)
DECODER (decode_stock, KasirStock, kasir_protocol_decode_stock)
DECODER (decode_customer, KasirCustomer, kasir_protocol_decode_customer)
DECODER (decode_staff, KasirStaff, kasir_protocol_decode_staff)
DECODER (decode_shift, KasirShift, kasir_protocol_decode_shift)
DECODER (decode_conflict, KasirConflict, kasir_protocol_decode_conflict)
DECODER (decode_order_open, KasirOrderSend, kasir_protocol_decode_order_open)
DECODER (decode_order_add, KasirOrderSend, kasir_protocol_decode_order_add)
DECODER (decode_order_cancel, KasirOrderCancel, kasir_protocol_decode_order_cancel)

#define SALE \
  "{'sale_id':'" U_SALE "','receipt_no':'3-000042','shift_id':'" U_SHIFT "','staff_id':4," \
  "'customer_id':17,'currency':'IDR','tax_inclusive':true,'lines':[{'product_id':8," \
  "'sku':'TEH-350','name':'Teh Manis 350 ml','qty':3,'unit_price':4000,'price_version':2," \
  "'tax_rate_bp':1100,'discount':0,'tax':1189,'total':12000}],'payments':[{'method':'cash'," \
  "'amount':15000,'reference':'laci 1'}],'subtotal':12000,'discount':0,'fee':0,'tax':1189," \
  "'total':12000,'change':3000,'loyalty_redeemed':0,'created_at':'" AT "'}"

#define PRODUCT \
  "{'id':8,'sku':'TEH-350','barcode':'8991010000024','name':'Teh Manis 350 ml','price':4000," \
  "'price_version':2,'tax_rate_bp':1100,'category_id':3,'archived':false,'version':5}"
#define CATEGORY "{'id':3,'name':'Minuman','parent_id':1,'archived':false,'version':2}"
#define STOCK "{'product_id':8,'outlet_id':1,'qty':24}"
#define CUSTOMER \
  "{'id':17,'name':'Rina Wati','phone':'081355500017','email':'rina@example.com'," \
  "'loyalty_points':320,'version':4}"
#define STAFF \
  "{'id':4,'outlet_id':1,'name':'Agus Salim','role':'cashier'," \
  "'pin_hash':'$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA','active':true}"
#define SHIFT \
  "{'id':'" U_SHIFT "','outlet_id':1,'terminal_id':2,'staff_id':4,'opened_at':'" AT "'," \
  "'closed_at':'2026-11-30T17:30:00Z','opening_float':200000,'counted_cash':412000}"
#define CONFLICT \
  "{'id':21,'kind':'concurrent_edit','status':'resolved','entity':'product','entity_id':8," \
  "'base':{'price':4000},'terminal':{'price':4200},'server':{'price':4500},'terminal_id':2," \
  "'seq':12,'created_at':'" AT "','resolution':{'decision':'accept','staff_id':3},'version':2}"

typedef struct
{
  const char *name;
  DecodeFunc  decode;
  const char *doc;
  const char *rules;   /* "path:FLAGS path:FLAGS ..." */
} Body;

static const Body bodies[] = {
  { "error", decode_error_body,
    "{'error':{'code':'seq_gap','message':'expected seq 9'},'expected_seq':9}",
    "expected_seq:ON" },
  { "health", decode_health, "{'status':'ok','protocol':1,'server_time':'" AT "'}", "" },
  { "enroll-request", decode_enroll_request, "{'code':'KQ7M-PX2R','name':'Till 2'}", "" },
  { "enroll-response", decode_enroll_response,
    "{'terminal_id':2,'outlet_id':1,'token':'c2VjcmV0LXRva2VuLWZvci10aWxsLTI'}", "" },
  { "mutation", decode_mutation,
    "{'seq':9,'id':'" U_MUTATION "','type':'sale.create','created_at':'" AT "','payload':" SALE "}",
    "payload:X" },
  { "push-request", decode_push_request,
    "{'terminal_id':2,'mutations':[{'seq':9,'id':'" U_MUTATION "','type':'stock.adjust',"
    "'created_at':'" AT "','payload':{'product_id':8,'delta':-2,'reason':'pecah'}}]}",
    "mutations[].payload:X" },
  { "push-result", decode_push_result,
    "{'seq':9,'status':'rejected','conflict_ids':[21],'reason':'already_resolved'}",
    "conflict_ids:ON reason:M" },
  { "push-response", decode_push_response,
    "{'last_seq':10,'results':[{'seq':9,'status':'applied_with_conflicts','conflict_ids':[21,22]},"
    "{'seq':10,'status':'rejected','conflict_ids':[],'reason':'unknown_product: no product 99'}]}",
    "results[].conflict_ids:ON results[1].reason:M" },
  { "sale.create", decode_sale, SALE,
    "shift_id:ON staff_id:ON customer_id:ON tax_inclusive:O lines[].sku:ON lines[].name:ON "
    "lines[].tax_rate_bp:O payments[].reference:ON" },
  { "order.open", decode_order_open,
    "{'order_id':'" U_CLIENT "','staff_id':4,'shift_id':'" U_SHIFT "','label':'Bu Ani'," 
    "'order_type':'take_away','ticket_no':'3-0001','items':[{'product_id':8," 
    "'name':'Teh Manis 350 ml','qty':2,'options':'less sugar, iced','note':'no straw'}]," 
    "'cart':{'version':1,'lines':[]},'total':8000,'created_at':'" AT "'}",
    "staff_id:ON shift_id:ON label:ON order_type:ON items[].options:ON "
    "items[].note:ON cart:X" },
  { "order.add", decode_order_add,
    "{'order_id':'" U_CLIENT "','staff_id':4,'ticket_no':'3-0002','items':[{'product_id':8," 
    "'name':'Teh Manis 350 ml','qty':1,'options':'hot','note':'for the child'}]," 
    "'cart':{'version':1,'lines':[]},'total':12000,'created_at':'" AT "'}",
    "staff_id:ON items[].options:ON items[].note:ON cart:X" },
  { "order.cancel", decode_order_cancel,
    "{'order_id':'" U_CLIENT "','staff_id':4,'approved_by':5,'reason':'tamu pergi',"
    "'created_at':'" AT "'}",
    "staff_id:ON" },
  { "sale.refund", decode_refund,
    "{'refund_id':'" U_REFUND "','sale_id':'" U_SALE "','reason':'kemasan rusak','staff_id':3,"
    "'lines':[{'product_id':8,'qty':1,'amount':4000}],'payments':[{'method':'cash','amount':4000}],"
    "'total':4000,'created_at':'" AT "'}",
    "" },
  { "shift.open", decode_shift_open,
    "{'shift_id':'" U_SHIFT "','staff_id':4,'opening_float':200000,'opened_at':'" AT "'}", "" },
  { "shift.close", decode_shift_close,
    "{'shift_id':'" U_SHIFT "','staff_id':4,'closed_at':'" AT "',"
    "'counted':[{'method':'cash','amount':412000},{'method':'card','amount':96000}],"
    "'expected':[{'method':'cash','amount':412000},{'method':'card','amount':96000}]}",
    "" },
  { "shift.cash", decode_shift_cash,
    "{'cash_id':'" U_CLIENT "','shift_id':'" U_SHIFT "','staff_id':4,'direction':'out',"
    "'reason':'petty_cash','note':'galon air','amount':12500,'created_at':'" AT "'}", "" },
  { "product.update", decode_product_update,
    "{'product_id':8,'base_version':5,'staff_id':3,'fields':{'name':'Teh Manis 500 ml','price':5500,"
    "'barcode':'8991010000031','sku':'TEH-500','tax_rate_bp':1100,'category_id':3,'archived':true}}",
    "fields.name:O fields.price:O fields.barcode:ON fields.sku:O fields.tax_rate_bp:O "
    "fields.category_id:ON fields.archived:O" },
  { "customer.upsert-new", decode_customer_upsert,
    "{'customer_id':0,'client_id':'" U_CLIENT "','base_version':0,'staff_id':4,"
    "'fields':{'name':'Rina Wati','phone':'081355500017','email':'rina@example.com'}}",
    "customer_id:ON fields.phone:ON fields.email:ON" },
  { "customer.upsert-existing", decode_customer_upsert,
    "{'customer_id':17,'client_id':'" U_CLIENT "','base_version':4,'staff_id':4,"
    "'fields':{'name':'Rina Wati S.','phone':'081355500018','email':'rina.s@example.com'}}",
    "customer_id:ON fields.name:O fields.phone:ON fields.email:ON" },
  { "stock.adjust", decode_stock_adjust,
    "{'product_id':8,'delta':-2,'reason':'pecah di gudang','staff_id':3}", "" },
  { "conflict.resolve", decode_conflict_resolve,
    "{'conflict_id':21,'expected_version':1,'decision':'counted_stock','note':'dihitung ulang',"
    "'staff_id':3,'values':{'qty':18}}",
    "note:ON values:XM" },
  { "conflict.resolve-acknowledge", decode_conflict_resolve,
    "{'conflict_id':22,'expected_version':2,'decision':'acknowledge','note':'sudah dicek',"
    "'staff_id':3,'values':{'seen':true}}",
    "note:ON values:ONX" },
  { "pull", decode_pull,
    "{'changes':["
    "{'entity':'product','id':8,'op':'put','data':" PRODUCT "},"
    "{'entity':'category','id':3,'op':'put','data':" CATEGORY "},"
    "{'entity':'stock','id':'8:1','op':'put','data':" STOCK "},"
    "{'entity':'customer','id':17,'op':'put','data':" CUSTOMER "},"
    "{'entity':'staff','id':4,'op':'put','data':" STAFF "},"
    "{'entity':'shift','id':'" U_SHIFT "','op':'put','data':" SHIFT "},"
    "{'entity':'conflict','id':21,'op':'put','data':" CONFLICT "},"
    "{'entity':'setting','id':'currency','op':'put','data':{'value':'IDR'}},"
    "{'entity':'product','id':9,'op':'del','data':{'archived':true}}],"
    "'cursor':880,'has_more':true,'last_seq':10,'reset':false,'head':1200}",
    "last_seq:O reset:O head:O changes[].id:I changes[0].data.barcode:ON "
    "changes[0].data.category_id:ON changes[1].data.parent_id:ON changes[1].data.archived:O "
    "changes[3].data.phone:ON changes[3].data.email:ON changes[5].data.closed_at:ON "
    "changes[6].data.entity_id:I changes[6].data.base:OA changes[6].data.terminal:OA "
    "changes[6].data.server:OA changes[6].data.resolution:ONX changes[7].data:X "
    "changes[8].data:ONX" },
  { "product", decode_product, PRODUCT, "barcode:ON category_id:ON" },
  { "category", decode_category, CATEGORY, "parent_id:ON archived:O" },
  { "stock", decode_stock, STOCK, "" },
  { "customer", decode_customer, CUSTOMER, "phone:ON email:ON" },
  { "staff", decode_staff, STAFF, "" },
  { "shift", decode_shift, SHIFT, "closed_at:ON" },
  { "conflict", decode_conflict, CONFLICT,
    "entity_id:I base:OA terminal:OA server:OA resolution:ONX" },
};

/* ---- Paths ---- */

/* One step from a container to a member ("name") or an element (index). */
typedef struct
{
  const char *member;   /* NULL for an array element */
  guint       index;
} Step;

typedef struct
{
  char   *text;         /* "lines[0].qty" */
  char   *pattern;      /* "lines[].qty" */
  GArray *steps;        /* Step */
} Path;

static void
path_free (Path *path)
{
  g_free (path->text);
  g_free (path->pattern);
  g_array_unref (path->steps);
  g_free (path);
}

/* The rule flags for @path: a rule for the exact path wins over a pattern. */
static const char *
rule_for (const Body *body,
          const Path *path)
{
  g_auto(GStrv) rules = g_strsplit (body->rules, " ", -1);
  static char flags[8];

  flags[0] = '\0';
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; rules[i] != NULL; i++)
      {
        const char *colon = strrchr (rules[i], ':');
        g_autofree char *where = colon ? g_strndup (rules[i], colon - rules[i]) : NULL;

        if (where != NULL && g_str_equal (where, pass == 0 ? path->text : path->pattern))
          {
            g_strlcpy (flags, colon + 1, sizeof flags);
            return flags;
          }
      }
  return flags;
}

static gboolean
has_flag (const char *flags,
          char        flag)
{
  return strchr (flags, flag) != NULL;
}

static void
collect (const Body *body,
         JsonNode   *node,
         Path       *parent,
         GPtrArray  *out)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) names = json_object_get_members (json_node_get_object (node));

      for (GList *l = names; l != NULL; l = l->next)
        {
          Path *path = g_new0 (Path, 1);
          Step step = { l->data, 0 };

          path->steps = g_array_copy (parent->steps);
          g_array_append_val (path->steps, step);
          path->text = *parent->text ? g_strconcat (parent->text, ".", l->data, NULL) : g_strdup (l->data);
          path->pattern = *parent->pattern ? g_strconcat (parent->pattern, ".", l->data, NULL)
                                           : g_strdup (l->data);
          g_ptr_array_add (out, path);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          Path *path = g_new0 (Path, 1);
          Step step = { NULL, i };

          path->steps = g_array_copy (parent->steps);
          g_array_append_val (path->steps, step);
          path->text = g_strdup_printf ("%s[%u]", parent->text, i);
          path->pattern = g_strdup_printf ("%s[]", parent->pattern);
          g_ptr_array_add (out, path);
        }
    }
}

/* The node at @path in @root, and its container. */
static JsonNode *
walk (JsonNode   *root,
      const Path *path,
      JsonNode  **container)
{
  JsonNode *node = root;

  *container = NULL;
  for (guint i = 0; i < path->steps->len; i++)
    {
      const Step *step = &g_array_index (path->steps, Step, i);

      *container = node;
      node = step->member != NULL
             ? json_object_get_member (json_node_get_object (node), step->member)
             : json_array_get_element (json_node_get_array (node), step->index);
      if (node == NULL)
        g_error ("no node at %s (step %u)", path->text, i);
    }
  return node;
}

/* Every path below the root that the decoder reads (the inside of A and X paths is not). */
static GPtrArray *
all_paths (const Body *body,
           JsonNode   *root)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) path_free);
  Path top = { (char *) "", (char *) "", g_array_new (FALSE, FALSE, sizeof (Step)) };

  collect (body, root, &top, out);
  for (guint i = 0; i < out->len; i++)
    {
      Path *path = g_ptr_array_index (out, i);
      const char *flags = rule_for (body, path);
      JsonNode *container;

      if (!has_flag (flags, 'A') && !has_flag (flags, 'X'))
        collect (body, walk (root, path, &container), path, out);
    }
  g_array_unref (top.steps);
  return out;
}

/* ---- The checks ---- */

typedef enum
{
  T_INT,
  T_STRING,
  T_BOOL,
  T_OBJECT,
  T_ARRAY,
  T_NULL,
  N_TYPES,
} WireType;

static const char * const type_names[] = { "an integer", "a string", "a boolean", "an object",
                                           "an array", "null" };

static WireType
type_of (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return T_OBJECT;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return T_ARRAY;
  if (JSON_NODE_HOLDS_NULL (node))
    return T_NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return T_INT;
    case G_TYPE_STRING:
      return T_STRING;
    case G_TYPE_BOOLEAN:
      return T_BOOL;
    default:
      g_assert_not_reached ();
    }
  return T_NULL;
}

static JsonNode *
value_of_type (WireType type)
{
  JsonNode *node = json_node_alloc ();

  switch (type)
    {
    case T_INT:
      return json_node_init_int (node, 7);
    case T_STRING:
      return json_node_init_string (node, "7");
    case T_BOOL:
      return json_node_init_boolean (node, TRUE);
    case T_OBJECT:
      return json_node_init_object (node, json_object_new ());
    case T_ARRAY:
      return json_node_init_array (node, json_array_new ());
    case T_NULL:
    default:
      return json_node_init_null (node);
    }
}

static JsonNode *
parse (const char *doc)
{
  g_autofree char *text = g_strdup (doc);
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  for (char *p = text; *p != '\0'; p++)
    if (*p == '\'')
      *p = '"';
  node = kasir_protocol_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  return node;
}

/* json_node_copy() shares the objects and arrays inside; the test edits its copies. */
static JsonNode *
deep_copy (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr(GError) error = NULL;
  JsonNode *copy = json_from_string (text, &error);

  g_assert_no_error (error);
  return copy;
}

/* Decodes @root and checks the outcome: @code -1 means it must decode. */
static void
expect (const Body  *body,
        JsonNode    *root,
        const Path  *path,
        const char  *change,
        int          code)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = body->decode (root, &error);
  g_autofree char *prefix = g_strconcat (path->text, ": ", NULL);

  if (code < 0)
    {
      if (!ok)
        g_error ("%s, %s %s: refused, but the field is optional: %s", body->name, path->text,
                 change, error->message);
      return;
    }
  if (ok)
    g_error ("%s, %s %s: decoded anyway", body->name, path->text, change);
  if (!g_error_matches (error, KASIR_PROTOCOL_ERROR, code) || !g_str_has_prefix (error->message, prefix))
    g_error ("%s, %s %s: expected error %d at \"%s\", got %d \"%s\"", body->name, path->text, change,
             code, path->text, error->code, error->message);
}

static void
test_body (gconstpointer data)
{
  const Body *body = data;
  g_autoptr(JsonNode) root = parse (body->doc);
  g_autoptr(GPtrArray) paths = all_paths (body, root);
  g_autoptr(GError) error = NULL;
  guint n_required = 0, n_wrong = 0;

  /* The document itself is good. */
  g_assert_true (body->decode (root, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < paths->len; i++)
    {
      const Path *path = g_ptr_array_index (paths, i);
      const char *flags = rule_for (body, path);
      const Step *last = &g_array_index (path->steps, Step, path->steps->len - 1);
      JsonNode *container;
      JsonNode *original = walk (root, path, &container);
      WireType own = type_of (original);

      /* Taken away (array elements are not fields). */
      if (last->member != NULL)
        {
          g_autoptr(JsonNode) copy = deep_copy (root);
          JsonNode *parent;

          walk (copy, path, &parent);
          json_object_remove_member (json_node_get_object (parent), last->member);
          expect (body, copy, path, "missing", has_flag (flags, 'O') ? -1 : KASIR_PROTOCOL_ERROR_MISSING_FIELD);
          n_required += !has_flag (flags, 'O');
        }

      /* Each other type. */
      for (WireType t = 0; t < N_TYPES; t++)
        {
          g_autoptr(JsonNode) copy = deep_copy (root);
          g_autofree char *change = g_strconcat ("as ", type_names[t], NULL);
          JsonNode *parent;
          int code = KASIR_PROTOCOL_ERROR_WRONG_TYPE;

          if (t == own || has_flag (flags, 'A') ||
              (has_flag (flags, 'I') && (t == T_INT || t == T_STRING)))
            continue;
          if (t == T_NULL && has_flag (flags, 'N'))
            code = -1;
          else if (t == T_NULL && has_flag (flags, 'M'))
            code = KASIR_PROTOCOL_ERROR_MISSING_FIELD;

          walk (copy, path, &parent);
          if (last->member != NULL)
            json_object_set_member (json_node_get_object (parent), last->member, value_of_type (t));
          else
            {
              JsonArray *array = json_node_get_array (parent);

              JsonArray *rebuilt = json_array_new ();

              /* JsonArray has no replace: the array is built again with the new element. */
              for (guint k = 0; k < json_array_get_length (array); k++)
                json_array_add_element (rebuilt, k == last->index
                                                 ? value_of_type (t)
                                                 : json_node_copy (json_array_get_element (array, k)));
              json_node_take_array (parent, rebuilt);
            }
          expect (body, copy, path, change, code);
          n_wrong += code >= 0;
        }
    }

  g_test_message ("%s: %u paths, %u required, %u wrong-type rows", body->name, paths->len,
                  n_required, n_wrong);
  g_assert_cmpuint (n_required, >, 0);
  g_assert_cmpuint (n_wrong, >, n_required);
}

/* The rules name only paths that exist: a misspelt rule would excuse nothing. */
static void
test_rules_name_real_paths (void)
{
  for (guint b = 0; b < G_N_ELEMENTS (bodies); b++)
    {
      g_autoptr(JsonNode) root = parse (bodies[b].doc);
      g_autoptr(GPtrArray) paths = all_paths (&bodies[b], root);
      g_auto(GStrv) rules = g_strsplit (bodies[b].rules, " ", -1);

      for (guint i = 0; rules[i] != NULL; i++)
        {
          g_autofree char *where = NULL;
          gboolean seen = FALSE;

          if (*rules[i] == '\0')
            continue;
          g_assert_nonnull (strrchr (rules[i], ':'));
          where = g_strndup (rules[i], strrchr (rules[i], ':') - rules[i]);
          for (guint k = 0; k < paths->len && !seen; k++)
            {
              const Path *path = g_ptr_array_index (paths, k);

              seen = g_str_equal (where, path->text) || g_str_equal (where, path->pattern);
            }
          if (!seen)
            g_error ("%s: the rule \"%s\" names no path of the document", bodies[b].name, rules[i]);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Kasir/ProtocolFields/rules-name-real-paths", test_rules_name_real_paths);
  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Kasir/ProtocolFields/%s", bodies[i].name);
      g_test_add_data_func (path, &bodies[i], test_body);
    }
  return g_test_run ();
}
