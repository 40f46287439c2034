/* test-protocol-pull-text.c — a pull page read from and written to text without a tree.
 *
 * The reader (kasir_protocol_read_pull_response) agrees with the tree's way
 * (kasir_protocol_parse and kasir_protocol_decode_pull_response) on every text: the same
 * error, word for word, or the same page (the same changes, each with the same decoded
 * entity or data). The writer (kasir_protocol_write_pull_response) writes the bytes the
 * tree's way writes (kasir_protocol_encode_pull_response and kasir_protocol_to_string),
 * whether a page's products are held as JSON or as records, with every control
 * character, quote, backslash and non-ASCII character in its strings.
 *
 * Texts: a page of every entity, the same page with each member of the page, of a change
 * and of a product's, category's and stock's data taken away or given each kind of wrong
 * or edge value, members in another order with unknown ones holding brackets and quotes
 * in strings, the limits (5,000 changes), texts that are not JSON, and every file of the
 * fuzz corpora.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kasir-protocol.h"
#include "protocol-text-test-util.h"

static char *
node_text (JsonNode *node)
{
  return node != NULL ? kasir_protocol_to_string (node, NULL) : g_strdup ("null");
}

static JsonNode *
encode_entity (const KasirChange *change)
{
  if (g_str_equal (change->entity, "product"))
    return kasir_protocol_encode_product (change->entity_data);
  if (g_str_equal (change->entity, "category"))
    return kasir_protocol_encode_category (change->entity_data);
  if (g_str_equal (change->entity, "stock"))
    return kasir_protocol_encode_stock (change->entity_data);
  g_error ("a %s change holds a decoded entity", change->entity);
}

/* Everything a page says, as text: each change with its decoded entity where it has one,
 * its data otherwise. */
static char *
page_summary (const KasirPullResponse *page,
              gboolean                 by_text)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "cursor %" G_GINT64_FORMAT " has_more %d last_seq %"
                          G_GINT64_FORMAT " reset %d head %" G_GINT64_FORMAT "\n",
                          page->cursor, page->has_more, page->last_seq, page->reset, page->head);
  for (guint i = 0; i < page->changes->len; i++)
    {
      const KasirChange *change = g_ptr_array_index (page->changes, i);
      g_autofree char *data = NULL;

      if (change->entity_data != NULL)
        {
          /* The text's way keeps no JSON beside a decoded entity. */
          if (by_text)
            g_assert_null (change->data);
          data = node_text (encode_entity (change));
        }
      else
        data = change->data != NULL ? kasir_protocol_to_string (change->data, NULL)
                                    : g_strdup ("null");
      g_string_append_printf (out, "%s %s %s %s\n", change->entity, change->id,
                              change->deleted ? "del" : "put", data);
    }
  return g_string_free (out, FALSE);
}

/* Reads @text both ways and checks that they agree; returns whether it was a page. */
static gboolean
check_same (const char *text,
            gsize       length)
{
  g_autoptr(GError) tree_error = NULL;
  g_autoptr(GError) text_error = NULL;
  g_autoptr(JsonNode) node = kasir_protocol_parse (text, length, &tree_error);
  g_autoptr(KasirPullResponse) by_tree = NULL;
  g_autoptr(KasirPullResponse) by_text = NULL;
  g_autofree char *tree_summary = NULL;
  g_autofree char *text_summary = NULL;

  if (node != NULL)
    by_tree = kasir_protocol_decode_pull_response (node, &tree_error);
  by_text = kasir_protocol_read_pull_response (text, length, &text_error);

  if (!protocol_text_both_read (by_tree != NULL, tree_error, by_text != NULL, text_error, text,
                               length))
    return FALSE;
  tree_summary = page_summary (by_tree, FALSE);
  text_summary = page_summary (by_text, TRUE);
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

static void
add_change (KasirPullResponse *page,
            const char        *entity,
            const char        *id,
            gboolean           deleted,
            JsonNode          *data)
{
  KasirChange *change = kasir_change_new ();

  change->entity = g_strdup (entity);
  change->id = g_strdup (id);
  change->deleted = deleted;
  change->data = data;
  g_ptr_array_add (page->changes, change);
}

/* A page of every entity: the first change a product, the second a category, the third a
 * stock level; then a customer, a product's tombstone, a setting and a conflict. With
 * @as_records, products, categories and stock are held as records, as the server holds
 * them, else as JSON. */
static KasirPullResponse *
sample_records (guint    n_products,
                gboolean as_records)
{
  KasirPullResponse *page = kasir_pull_response_new ();
  g_autoptr(KasirCategory) category = kasir_category_new ();
  g_autoptr(KasirStock) stock = kasir_stock_new ();
  g_autoptr(KasirCustomer) customer = kasir_customer_new ();
  g_autoptr(JsonNode) setting = kasir_protocol_parse ("{\"key\":\"0:shop.name\",\"value\":\"Toko\"}",
                                                      36, NULL);
  const char *conflict =
    "{\"id\":3,\"kind\":\"stock_shortage\",\"status\":\"open\",\"entity\":\"product\","
    "\"entity_id\":\"1\",\"base\":null,\"terminal\":{\"qty\":2,\"x\":[1.5,1e30,-0.0]},"
    "\"server\":{\"qty\":1},\"terminal_id\":2,\"terminal_name\":\"Till 2\",\"seq\":4,"
    "\"created_at\":\"2026-12-01T10:00:00Z\",\"resolution\":null,\"version\":1}";

  for (guint i = 1; i <= n_products; i++)
    {
      g_autoptr(KasirProduct) product = kasir_product_new ();
      g_autofree char *id = g_strdup_printf ("%u", i);

      product->id = i;
      product->sku = g_strdup_printf ("SKU-%u", i);
      product->barcode = i % 3 == 0 ? NULL : g_strdup_printf ("8991%09u", i);
      product->name = g_strdup_printf ("Kopi \"susu\" %u gr — caf\xc3\xa9\t\\ \xf0\x9f\x98\x80", i);
      product->price = 1000 + i;
      product->price_version = i % 4;
      product->tax_rate_bp = 1100;
      product->category_id = i % 2 == 0 ? 5 : 0;
      product->archived = i % 7 == 0;
      product->version = i;
      add_change (page, "product", id, FALSE, kasir_protocol_encode_product (product));
      if (i == 1)
        {
          category->id = 5;
          category->name = g_strdup ("Minuman");
          category->version = 2;
          add_change (page, "category", "5", FALSE, kasir_protocol_encode_category (category));
          stock->product_id = 1;
          stock->outlet_id = 2;
          stock->qty = -4;
          add_change (page, "stock", "1:2", FALSE, kasir_protocol_encode_stock (stock));
        }
    }
  customer->id = 9;
  customer->name = g_strdup ("Budi");
  customer->loyalty_points = 120;
  customer->version = 1;
  add_change (page, "customer", "9", FALSE, kasir_protocol_encode_customer (customer));
  add_change (page, "product", "77", TRUE, NULL);
  add_change (page, "setting", "0:shop.name", FALSE, json_node_copy (setting));
  add_change (page, "conflict", "3", FALSE, kasir_protocol_parse (conflict, strlen (conflict), NULL));
  page->cursor = 1234;
  page->has_more = TRUE;
  page->last_seq = 3;
  page->head = 99999;

  for (guint i = 0; as_records && i < page->changes->len; i++)
    {
      KasirChange *change = g_ptr_array_index (page->changes, i);
      g_autoptr(GError) error = NULL;

      if (g_str_equal (change->entity, "product") && change->data != NULL)
        {
          change->entity_data = kasir_protocol_decode_product (change->data, &error);
          change->entity_data_free = (GDestroyNotify) kasir_product_free;
        }
      else if (g_str_equal (change->entity, "category"))
        {
          change->entity_data = kasir_protocol_decode_category (change->data, &error);
          change->entity_data_free = (GDestroyNotify) kasir_category_free;
        }
      else if (g_str_equal (change->entity, "stock"))
        {
          change->entity_data = kasir_protocol_decode_stock (change->data, &error);
          change->entity_data_free = (GDestroyNotify) kasir_stock_free;
        }
      else
        continue;
      g_assert_no_error (error);
      g_clear_pointer (&change->data, json_node_unref);
    }
  return page;
}

static JsonNode *
sample_page (guint n_products)
{
  g_autoptr(KasirPullResponse) page = sample_records (n_products, FALSE);

  return kasir_protocol_encode_pull_response (page);
}

static void
test_pages (void)
{
  g_autoptr(JsonNode) page = sample_page (20);
  g_autoptr(JsonNode) big = sample_page (KASIR_PROTOCOL_MAX_CHANGES - 6);

  g_assert_true (check_node (page));
  g_assert_true (check_node (big));
}

/* Values each member is given in turn: every JSON type, and the edges of each. */
static const char * const variants[] = {
  "null", "true", "false", "0", "-0", "1", "-1", "2", "1.5", "-0.0", "1e30", "1E+2", "3e0",
  "9223372036854775807", "-9223372036854775808", "10000", "10001", "1000000000000000",
  "1000000000000001", "\"\"", "\"x\"", "\"12\"", "\"1\"", "\"5\"", "\"1:2\"", "\"put\"",
  "\"del\"", "\"product\"", "\"category\"", "\"stock\"", "\"customer\"", "\"setting\"",
  "\"\\u0070ut\"", "\"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00\"", "{}", "[]", "[1]",
  "{\"id\":1}", "[{}]",
};

static guint
vary_members (JsonNode   *root,
              JsonObject *object)
{
  return protocol_text_vary_members (root, object, variants, G_N_ELEMENTS (variants), check_node);
}

static JsonObject *
change_object (JsonNode *root,
               guint     index)
{
  JsonArray *changes = json_object_get_array_member (json_node_get_object (root), "changes");

  return json_array_get_object_element (changes, index);
}

static void
test_members (void)
{
  g_autoptr(JsonNode) root = sample_page (3);
  guint n = 0;

  n += vary_members (root, json_node_get_object (root));
  for (guint i = 0; i < 6; i++)
    {
      n += vary_members (root, change_object (root, i));
      if (i < 3)
        n += vary_members (root, json_object_get_object_member (change_object (root, i), "data"));
    }
  g_test_message ("%u variants read both ways", n);
  g_assert_cmpuint (n, >, 1000);
}

static void
test_texts (void)
{
  static const char * const texts[] = {
    /* Members in another order, whitespace everywhere, unknown members holding brackets
     * and quotes inside strings, and escapes in values. */
    (" { \"head\" : 7 , \"zz\" : { \"a\" : [ \"]}\\\"\" , { \"b\" : \"}\" } ] } , \"changes\" : [ "
    "{ \"data\" : { \"version\" : 3 , \"q\" : [ [ ] , { } ] , \"archived\" : false , "
    "\"category_id\" : null , \"tax_rate_bp\" : 1100 , \"price_version\" : 0 , \"price\" : 5 , "
    "\"name\" : \"A\\u00e9\\\"\\/\" , \"barcode\" : \"\" , \"sku\" : \"S\" , \"id\" : 42 } , "
    "\"op\" : \"put\" , \"id\" : \"42\" , \"entity\" : \"product\" } ] , \"has_more\" : false , "
    "\"cursor\" : 3 } \n"),
    "{\"changes\":[],\"cursor\":0,\"has_more\":false}",
    ("{\"changes\":[{\"entity\":\"product\",\"id\":42,\"op\":\"put\",\"data\":{\"id\":43,\"sku\":\"S\","
    "\"barcode\":null,\"name\":\"A\",\"price\":5,\"price_version\":0,\"tax_rate_bp\":1,"
    "\"category_id\":null,\"archived\":false,\"version\":1}}],\"cursor\":1,\"has_more\":false}"),
    ("{\"changes\":[{\"entity\":\"stock\",\"id\":\"1:2\",\"op\":\"put\",\"data\":{\"product_id\":1,"
    "\"outlet_id\":2,\"qty\":1000000000000001}}],\"cursor\":1,\"has_more\":false}"),
    "{\"changes\":[1],\"cursor\":1,\"has_more\":false}",
    "{\"changes\":[{}],\"cursor\":1,\"has_more\":false}",
    "{\"changes\":{},\"cursor\":1,\"has_more\":false}",
    "{\"cursor\":1,\"has_more\":false}",
    "{\"changes\":[],\"cursor\":-1,\"has_more\":false}",
    "{\"changes\":[],\"cursor\":1.0,\"has_more\":\"no\"}",
    "[]", "1", "\"x\"", "null", "{", "{\"changes\":[],}", "{\"a\":1,\"a\":2}", "\xff", "",
    "{\"changes\":[],\"cursor\":99999999999999999999,\"has_more\":false}",
  };
  GString *many = g_string_new ("{\"changes\":[");

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_test_message ("%s", texts[i]);
      check_same (texts[i], strlen (texts[i]));
    }

  /* One change over the limit: refused before any is read, the same way. */
  for (guint i = 0; i <= KASIR_PROTOCOL_MAX_CHANGES; i++)
    g_string_append_printf (many, "%s{\"entity\":\"product\",\"id\":%u,\"op\":\"del\",\"data\":null}",
                            i > 0 ? "," : "", i + 1);
  g_string_append (many, "],\"cursor\":1,\"has_more\":false}");
  g_assert_false (check_same (many->str, many->len));
  g_string_free (many, TRUE);
}

static void
test_fuzz_corpora (void)
{
  guint seen;
  guint pages = protocol_text_check_corpora (check_same, &seen);

  g_test_message ("%u of %u corpus files are pull pages", pages, seen);
  g_assert_cmpuint (pages, >=, 3);
}

/* The writer's text must be the tree's, byte for byte. */
static void
check_written (const KasirPullResponse *page)
{
  g_autoptr(JsonNode) node = kasir_protocol_encode_pull_response (page);
  g_autofree char *by_tree = NULL;
  g_autofree char *by_writer = NULL;
  gsize tree_length, writer_length;

  by_tree = kasir_protocol_to_string (node, &tree_length);
  by_writer = kasir_protocol_write_pull_response (page, &writer_length);
  g_assert_cmpstr (by_writer, ==, by_tree);
  g_assert_cmpuint (writer_length, ==, tree_length);
}

static void
test_write (void)
{
  g_autoptr(KasirPullResponse) as_json = sample_records (50, FALSE);
  g_autoptr(KasirPullResponse) as_records = sample_records (50, TRUE);
  g_autoptr(KasirPullResponse) empty = kasir_pull_response_new ();
  g_autofree char *json_text = NULL;
  g_autofree char *records_text = NULL;
  KasirProduct *product;
  GString *every = g_string_new (NULL);

  check_written (empty);
  check_written (as_json);
  check_written (as_records);

  /* Held as JSON or as records, a page is the same text. */
  json_text = kasir_protocol_write_pull_response (as_json, NULL);
  records_text = kasir_protocol_write_pull_response (as_records, NULL);
  g_assert_cmpstr (json_text, ==, records_text);

  /* Every character a string may hold. */
  for (gunichar c = 1; c < 0x80; c++)
    g_string_append_c (every, (char) c);
  g_string_append (every, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xc2\x9f");
  product = ((KasirChange *) g_ptr_array_index (as_records->changes, 0))->entity_data;
  g_free (product->name);
  product->name = g_string_free (every, FALSE);
  g_free (product->barcode);
  product->barcode = NULL;
  product->id = G_MAXINT64;
  product->price = KASIR_PROTOCOL_MAX_AMOUNT;
  g_free (((KasirChange *) g_ptr_array_index (as_records->changes, 0))->id);
  ((KasirChange *) g_ptr_array_index (as_records->changes, 0))->id =
    g_strdup_printf ("%" G_GINT64_FORMAT, G_MAXINT64);
  check_written (as_records);

  /* And what the writer wrote reads back to the same page. */
  g_clear_pointer (&records_text, g_free);
  records_text = kasir_protocol_write_pull_response (as_records, NULL);
  g_assert_true (check_same (records_text, strlen (records_text)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/ProtocolPullText/pages", test_pages);
  g_test_add_func ("/Kasir/ProtocolPullText/members", test_members);
  g_test_add_func ("/Kasir/ProtocolPullText/texts", test_texts);
  g_test_add_func ("/Kasir/ProtocolPullText/fuzz-corpora", test_fuzz_corpora);
  g_test_add_func ("/Kasir/ProtocolPullText/write", test_write);

  return g_test_run ();
}
