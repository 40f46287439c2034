/* test-protocol-push-text.c — a push request read from its text without a tree, as the
 * server reads it.
 *
 * The reader (kasir_protocol_read_push_request, and kasir_protocol_read_sale for the
 * sale.create payloads it keeps as text) agrees with the tree's way (kasir_protocol_parse,
 * kasir_protocol_decode_push_request and kasir_protocol_decode_sale) on every text: the
 * same error, word for word, or the same mutations, each with the same payload text and,
 * for a sale, the same decoded sale or the same error.
 *
 * Texts: a request of sales (with options, notes, a customer, an order type) and of other
 * mutations, the same request with each member of the request, of a mutation, of a sale,
 * of its lines, options and payments taken away or given each kind of wrong or edge value,
 * members in another order with unknown ones, the limits, texts that are not JSON, and
 * every file of the fuzz corpora.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kasir-money.h"
#include "kasir-protocol.h"
#include "protocol-text-test-util.h"

/* A sale's payload decoded, as text: its encoding, or its error. */
static char *
sale_summary (KasirSale *sale,
              GError    *error)
{
  g_autoptr(JsonNode) node = NULL;

  if (sale == NULL)
    return g_strdup_printf ("error %s %d %s", g_quark_to_string (error->domain), error->code,
                            error->message);
  node = kasir_protocol_encode_sale (sale);
  return kasir_protocol_to_string (node, NULL);
}

/* The keys the server looks up before a batch, read from a sale's text, are the decoded
 * sale's. */
static void
check_keys (const KasirMutation *m,
            const KasirSale     *sale)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) products = g_array_new (FALSE, FALSE, sizeof (gint64));

  kasir_protocol_read_sale_keys (m->payload_text, m->payload_length, ids, products);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, sale->sale_id);
  g_assert_cmpuint (products->len, ==, sale->lines->len);
  for (guint i = 0; i < sale->lines->len; i++)
    g_assert_cmpint (g_array_index (products, gint64, i), ==,
                     ((const KasirSaleLine *) g_ptr_array_index (sale->lines, i))->product_id);
}

/* Everything a request says, as text, each sale's payload decoded. */
static char *
request_summary (const KasirPushRequest *req,
                 gboolean                by_text)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "terminal %" G_GINT64_FORMAT "\n", req->terminal_id);
  for (guint i = 0; i < req->mutations->len; i++)
    {
      const KasirMutation *m = g_ptr_array_index (req->mutations, i);
      g_autofree char *payload = kasir_mutation_payload_to_string (m);
      g_autofree char *sale_text = NULL;

      if (m->type == KASIR_MUTATION_SALE_CREATE)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(KasirSale) sale = NULL;

          /* The text's way keeps a sale's payload as text only. */
          g_assert_true (by_text == (m->payload_text != NULL));
          g_assert_true (by_text == (m->payload == NULL));
          sale = by_text ? kasir_protocol_read_sale (m->payload_text, m->payload_length, &error)
                         : kasir_protocol_decode_sale (m->payload, &error);
          sale_text = sale_summary (sale, error);
          if (by_text && sale != NULL)
            check_keys (m, sale);
        }
      else
        g_assert_null (m->payload_text);
      g_string_append_printf (out, "%" G_GINT64_FORMAT " %s %s %s %s\n  %s\n", m->seq, m->id,
                              kasir_mutation_type_to_string (m->type), m->created_at, payload,
                              sale_text != NULL ? sale_text : "-");
    }
  return g_string_free (out, FALSE);
}

/* Reads @text both ways and checks that they agree; returns whether it was a request. */
static gboolean
check_same (const char *text,
            gsize       length)
{
  g_autoptr(GError) tree_error = NULL;
  g_autoptr(GError) text_error = NULL;
  g_autoptr(JsonNode) node = kasir_protocol_parse (text, length, &tree_error);
  g_autoptr(KasirPushRequest) by_tree = NULL;
  g_autoptr(KasirPushRequest) by_text = NULL;
  g_autofree char *tree_summary = NULL;
  g_autofree char *text_summary = NULL;

  if (node != NULL)
    by_tree = kasir_protocol_decode_push_request (node, &tree_error);
  by_text = kasir_protocol_read_push_request (text, length, &text_error);

  if (!protocol_text_both_read (by_tree != NULL, tree_error, by_text != NULL, text_error, text,
                               length))
    return FALSE;
  tree_summary = request_summary (by_tree, FALSE);
  text_summary = request_summary (by_text, TRUE);
  g_assert_cmpstr (text_summary, ==, tree_summary);
  return TRUE;
}

static gboolean
check_node (JsonNode *node)
{
  gsize length;
  g_autofree char *text = kasir_protocol_to_string (node, &length);

  return check_same (text, length);
}

static KasirSale *
sample_sale (guint n)
{
  KasirSale *sale = kasir_sale_new ();
  KasirSaleLine *line = kasir_sale_line_new ();
  KasirSaleLineOption *option;

  sale->sale_id = g_strdup_printf ("6f1c2d3e-4b5a-4c6d-8e7f-%012u", n);
  sale->receipt_no = g_strdup_printf ("1-%06u", n);
  memcpy (sale->currency, "IDR", 4);
  sale->tax_inclusive = TRUE;
  sale->created_at = g_strdup ("2026-03-01T10:00:00Z");
  sale->staff_id = 3;
  line->product_id = 7;
  line->sku = g_strdup ("S-7");
  line->name = g_strdup ("Kopi \"susu\" \u00e9");
  line->qty = 2;
  line->unit_price = 15000;
  line->price_version = 1;
  line->tax_rate_bp = 1100;
  line->total = 30000;
  line->note = g_strdup ("less sugar");
  kasir_tax_included (line->total, 1100, &line->tax);
  if (line->options == NULL)
    line->options = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_sale_line_option_free);
  option = kasir_sale_line_option_new ();
  option->group_id = 1;
  option->group_version = 1;
  option->option_id = 2;
  option->group_name = g_strdup ("Size");
  option->name = g_strdup ("Large");
  g_ptr_array_add (line->options, option);
  sale->subtotal = line->total;
  sale->tax = line->tax;
  g_ptr_array_add (sale->lines, line);
  sale->total = sale->subtotal;
  g_ptr_array_add (sale->payments, kasir_payment_new (KASIR_PAYMENT_CASH, sale->total));
  if (n % 2 == 0)
    {
      sale->customer_id = 9;
      sale->order_type = g_strdup ("takeaway");
    }
  return sale;
}

static JsonNode *
sample_request (void)
{
  g_autoptr(GPtrArray) muts = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);
  KasirPushRequest req = { 4, muts };
  g_autoptr(KasirStockAdjust) adj = g_new0 (KasirStockAdjust, 1);

  for (guint i = 0; i < 3; i++)
    {
      KasirMutation *m = kasir_mutation_new ();

      m->seq = 11 + i;
      m->id = g_strdup_printf ("0a1b2c3d-4e5f-4a6b-8c7d-%012u", i);
      m->created_at = g_strdup ("2026-03-01T10:00:01Z");
      if (i < 2)
        {
          g_autoptr(KasirSale) sale = sample_sale (i);

          m->type = KASIR_MUTATION_SALE_CREATE;
          m->payload = kasir_protocol_encode_sale (sale);
        }
      else
        {
          m->type = KASIR_MUTATION_STOCK_ADJUST;
          adj->product_id = 7;
          adj->delta = -2;
          adj->reason = g_strdup ("rusak");
          m->payload = kasir_protocol_encode_stock_adjust (adj);
        }
      g_ptr_array_add (muts, m);
    }
  return kasir_protocol_encode_push_request (&req);
}

static const char * const variants[] = {
  "null", "true", "false", "0", "-0", "1", "-1", "2", "1.5", "-0.0", "1e30", "3e0",
  "9223372036854775807", "-9223372036854775808", "1000000000000001", "\"\"", "\"x\"",
  "\"IDR\"", "\"idr\"", "\"IDRX\"", "\"cash\"", "\"sale.create\"", "\"stock.adjust\"",
  "\"2026-03-01T10:00:00Z\"", "\"6f1c2d3e-4b5a-4c6d-8e7f-000000000000\"",
  "\"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00\"", "{}", "[]", "[1]", "{\"id\":1}", "[{}]",
};

static guint
vary_members (JsonNode   *root,
              JsonObject *object)
{
  return protocol_text_vary_members (root, object, variants, G_N_ELEMENTS (variants), check_node);
}

static JsonObject *
mutation_object (JsonNode *root,
                 guint     index)
{
  JsonArray *muts = json_object_get_array_member (json_node_get_object (root), "mutations");

  return json_array_get_object_element (muts, index);
}

static JsonObject *
element_object (JsonObject *object,
                const char *array,
                guint       index)
{
  return json_array_get_object_element (json_object_get_array_member (object, array), index);
}

static void
test_requests (void)
{
  g_autoptr(JsonNode) root = sample_request ();

  g_assert_true (check_node (root));
}

static void
test_members (void)
{
  g_autoptr(JsonNode) root = sample_request ();
  JsonObject *sale = json_object_get_object_member (mutation_object (root, 0), "payload");
  JsonObject *line = element_object (sale, "lines", 0);
  guint n = 0;

  n += vary_members (root, json_node_get_object (root));
  for (guint i = 0; i < 3; i++)
    {
      n += vary_members (root, mutation_object (root, i));
      n += vary_members (root, json_object_get_object_member (mutation_object (root, i), "payload"));
    }
  n += vary_members (root, line);
  n += vary_members (root, element_object (line, "options", 0));
  n += vary_members (root, element_object (sale, "payments", 0));
  g_test_message ("%u variants read both ways", n);
  g_assert_cmpuint (n, >, 1000);
}

static void
test_texts (void)
{
  static const char * const texts[] = {
    /* Members in another order, whitespace everywhere, unknown members holding brackets
     * and quotes inside strings. */
    (" { \"zz\" : { \"a\" : [ \"]}\\\"\" , { \"b\" : \"}\" } ] } , \"mutations\" : [ { "
     "\"payload\" : { \"zz\" : [ [ ] , { } ] , \"total\" : 1000 , \"payments\" : [ { \"amount\" : "
     "1000 , \"method\" : \"cash\" } ] , \"lines\" : [ { \"total\" : 1000 , \"tax\" : 0 , "
     "\"discount\" : 0 , \"unit_price\" : 1000 , \"qty\" : 1 , \"product_id\" : 5 , "
     "\"price_version\" : 1 } ] , \"change\" : 0 , \"loyalty_redeemed\" : 0 , \"tax\" : 0 , "
     "\"fee\" : 0 , \"discount\" : 0 , \"subtotal\" : 1000 , \"currency\" : \"IDR\" , "
     "\"created_at\" : \"2026-03-01T10:00:00Z\" , \"receipt_no\" : \"1-1\" , \"sale_id\" : "
     "\"6f1c2d3e-4b5a-4c6d-8e7f-000000000001\" } , \"created_at\" : \"2026-03-01T10:00:00Z\" , "
     "\"type\" : \"sale.create\" , \"id\" : \"0a1b2c3d-4e5f-4a6b-8c7d-000000000001\" , "
     "\"seq\" : 1 } ] , \"terminal_id\" : 2 } \n"),
    "{\"terminal_id\":1,\"mutations\":[]}",
    "{\"terminal_id\":1,\"mutations\":[1]}",
    "{\"terminal_id\":1,\"mutations\":[{}]}",
    "{\"terminal_id\":1,\"mutations\":{}}",
    "{\"terminal_id\":1}",
    ("{\"terminal_id\":1,\"mutations\":[{\"seq\":1,\"id\":\"0a1b2c3d-4e5f-4a6b-8c7d-000000000001\","
     "\"type\":\"sale.create\",\"created_at\":\"2026-03-01T10:00:00Z\",\"payload\":{}}]}"),
    ("{\"terminal_id\":1,\"mutations\":[{\"seq\":1,\"id\":\"0a1b2c3d-4e5f-4a6b-8c7d-000000000001\","
     "\"type\":\"sale.create\",\"created_at\":\"2026-03-01T10:00:00Z\",\"payload\":[]}]}"),
    ("{\"terminal_id\":1,\"mutations\":[{\"seq\":1,\"id\":\"0a1b2c3d-4e5f-4a6b-8c7d-000000000001\","
     "\"type\":\"sale.create\",\"created_at\":\"2026-03-01T10:00:00Z\",\"payload\":{}},"
     "{\"seq\":3,\"id\":\"0a1b2c3d-4e5f-4a6b-8c7d-000000000002\","
     "\"type\":\"sale.create\",\"created_at\":\"2026-03-01T10:00:00Z\",\"payload\":{}}]}"),
    "[]", "1", "\"x\"", "null", "{", "{\"mutations\":[],}", "{\"a\":1,\"a\":2}", "\xff", "",
  };
  GString *many = g_string_new ("{\"terminal_id\":1,\"mutations\":[");

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_test_message ("%s", texts[i]);
      check_same (texts[i], strlen (texts[i]));
    }

  /* One mutation over the limit: refused the same way. */
  for (guint i = 0; i <= KASIR_PROTOCOL_MAX_MUTATIONS; i++)
    g_string_append_printf (many, "%s{\"seq\":%u,\"id\":\"0a1b2c3d-4e5f-4a6b-8c7d-%012u\","
                            "\"type\":\"sale.create\",\"created_at\":\"2026-03-01T10:00:00Z\","
                            "\"payload\":{}}", i > 0 ? "," : "", i + 1, i);
  g_string_append (many, "]}");
  g_assert_false (check_same (many->str, many->len));
  g_string_free (many, TRUE);
}

static void
test_fuzz_corpora (void)
{
  guint seen;
  guint requests = protocol_text_check_corpora (check_same, &seen);

  g_test_message ("%u of %u corpus files are push requests", requests, seen);
  g_assert_cmpuint (requests, >=, 1);
}

int
main (int   argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Kasir/ProtocolPushText/requests", test_requests);
  g_test_add_func ("/Kasir/ProtocolPushText/members", test_members);
  g_test_add_func ("/Kasir/ProtocolPushText/texts", test_texts);
  g_test_add_func ("/Kasir/ProtocolPushText/fuzz-corpora", test_fuzz_corpora);
  return g_test_run ();
}
