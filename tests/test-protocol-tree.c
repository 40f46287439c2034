/* test-protocol-tree.c — the protocol's own tree builder gives, for every text the
 * scanner accepts, exactly the tree json-glib's parser gives: the same node types, value
 * types, values (doubles bit for bit), member names in the same order, array elements.
 *
 * Texts: hand-written edge cases (escapes, surrogate pairs, the 64-bit limits, -0,
 * exponents, empty containers, nesting, scalars as the root), every file of the fuzz
 * corpora, and a pull page of a thousand products as the server writes it.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kasir-protocol.h"

static void assert_same_node (JsonNode *a, JsonNode *b, const char *path);

static void
assert_same_object (JsonObject *a,
                    JsonObject *b,
                    const char *path)
{
  g_autoptr(GList) names_a = json_object_get_members (a);
  g_autoptr(GList) names_b = json_object_get_members (b);
  GList *la, *lb;

  g_assert_cmpuint (g_list_length (names_a), ==, g_list_length (names_b));
  for (la = names_a, lb = names_b; la != NULL; la = la->next, lb = lb->next)
    {
      g_autofree char *child = g_strdup_printf ("%s.%s", path, (const char *) la->data);

      g_assert_cmpstr (la->data, ==, lb->data);
      assert_same_node (json_object_get_member (a, la->data),
                        json_object_get_member (b, lb->data), child);
    }
}

static void
assert_same_node (JsonNode   *a,
                  JsonNode   *b,
                  const char *path)
{
  if (json_node_get_node_type (a) != json_node_get_node_type (b))
    g_error ("%s: node types differ", path);

  switch (json_node_get_node_type (a))
    {
    case JSON_NODE_OBJECT:
      assert_same_object (json_node_get_object (a), json_node_get_object (b), path);
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *xa = json_node_get_array (a), *xb = json_node_get_array (b);

        g_assert_cmpuint (json_array_get_length (xa), ==, json_array_get_length (xb));
        for (guint i = 0; i < json_array_get_length (xa); i++)
          {
            g_autofree char *child = g_strdup_printf ("%s[%u]", path, i);

            assert_same_node (json_array_get_element (xa, i), json_array_get_element (xb, i),
                              child);
          }
      }
      break;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (a) != json_node_get_value_type (b))
        g_error ("%s: value types differ (%s, %s)", path, json_node_type_name (a),
                 json_node_type_name (b));
      if (json_node_get_value_type (a) == G_TYPE_INT64)
        g_assert_cmpint (json_node_get_int (a), ==, json_node_get_int (b));
      else if (json_node_get_value_type (a) == G_TYPE_DOUBLE)
        {
          double da = json_node_get_double (a), db = json_node_get_double (b);

          if (memcmp (&da, &db, sizeof da) != 0)
            g_error ("%s: doubles differ (%.17g, %.17g)", path, da, db);
        }
      else if (json_node_get_value_type (a) == G_TYPE_BOOLEAN)
        g_assert_cmpint (json_node_get_boolean (a), ==, json_node_get_boolean (b));
      else
        g_assert_cmpstr (json_node_get_string (a), ==, json_node_get_string (b));
      break;
    case JSON_NODE_NULL:
      break;
    }
}

/* Returns whether the protocol accepted @text; when it did, its tree must be
 * json-glib's. */
static gboolean
check_text (const char *text,
            gsize       length)
{
  g_autoptr(JsonNode) ours = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  ours = kasir_protocol_parse (text, length, NULL);
  if (ours == NULL)
    return FALSE;

  json_parser_load_from_data (parser, text, (gssize) length, &error);
  g_assert_no_error (error);
  assert_same_node (json_parser_get_root (parser), ours, "$");
  return TRUE;
}

static void
test_edge_cases (void)
{
  static const char * const texts[] = {
    "{}", "[]", "0", "-0", "-0.0", "0.0", "1e5", "1E+5", "-1e-5", "2.5E3", "1.7976931348623157e308",
    "4.9e-324", "123456789.123456789", "9223372036854775807", "-9223372036854775808",
    "-9223372036854775807", "true", "false", "null", "\"\"",
    "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"", "\"\\u00e9\\u20AC\\ud83d\\ude00x\"",
    "\"caf\xc3\xa9 \xf0\x9f\x98\x80\"", "\"\\u007f\\u001f\"",
    "{\"a\":[],\"b\":{},\"c\":[{}],\"d\":[[1,[2,[3]]]],\"e\":null}",
    " \t\r\n{ \"k\" : [ 1 , -2 , 3.5 , \"x\" , true , false , null ] } \n",
    "[{\"name\":\"x\",\"empty\":\"\"},{\"name\":\"y\"}]",
    "{\"z\":1,\"a\":2,\"m\":3,\"b\":{\"y\":1,\"x\":2}}",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_test_message ("%s", texts[i]);
      g_assert_true (check_text (texts[i], strlen (texts[i])));
    }

  /* And the scanner still refuses what it refused: nothing reaches the builder. */
  g_assert_false (check_text ("{\"a\":1,\"a\":2}", 13));
  g_assert_false (check_text ("[1,]", 4));
  g_assert_false (check_text ("\"\\ud800\"", 8));
}

static void
test_fuzz_corpora (void)
{
  g_autofree char *top = g_build_filename (g_getenv ("KASIR_SOURCE_DIR"), "tests", "fuzz",
                                           "corpus", NULL);
  g_autoptr(GDir) corpora = g_dir_open (top, 0, NULL);
  const char *corpus;
  guint accepted = 0, seen = 0;

  g_assert_nonnull (corpora);
  while ((corpus = g_dir_read_name (corpora)) != NULL)
    {
      g_autofree char *dir_path = g_build_filename (top, corpus, NULL);
      g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
      const char *name;

      if (dir == NULL)
        continue;
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir_path, name, NULL);
          g_autofree char *text = NULL;
          gsize length;

          g_assert_true (g_file_get_contents (path, &text, &length, NULL));
          seen++;
          if (length > 0 && check_text (text, length))
            accepted++;
        }
    }

  g_test_message ("%u of %u corpus files are protocol JSON", accepted, seen);
  g_assert_cmpuint (accepted, >, 10);
}

static void
test_pull_page (void)
{
  g_autoptr(KasirPullResponse) page = kasir_pull_response_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  gsize length;

  for (guint i = 1; i <= 1000; i++)
    {
      g_autoptr(KasirProduct) product = kasir_product_new ();
      KasirChange *change = kasir_change_new ();

      product->id = i;
      product->sku = g_strdup_printf ("SKU-%u", i);
      product->barcode = i % 3 == 0 ? NULL : g_strdup_printf ("8991%09u", i);
      product->name = g_strdup_printf ("Kopi \"susu\" %u gr — caf\xc3\xa9\t\\", i);
      product->price = 1000 + i;
      product->tax_rate_bp = 1100;
      product->version = i;
      change->entity = g_strdup ("product");
      change->id = g_strdup_printf ("%u", i);
      change->data = kasir_protocol_encode_product (product);
      g_ptr_array_add (page->changes, change);
    }
  page->cursor = 1000;
  page->has_more = TRUE;
  node = kasir_protocol_encode_pull_response (page);
  text = kasir_protocol_to_string (node, &length);

  g_assert_true (check_text (text, length));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/ProtocolTree/edge-cases", test_edge_cases);
  g_test_add_func ("/Kasir/ProtocolTree/fuzz-corpora", test_fuzz_corpora);
  g_test_add_func ("/Kasir/ProtocolTree/pull-page", test_pull_page);

  return g_test_run ();
}
