/* test-modifiers.c — modifier groups and a cashier's choice: a coffee with two required
 * single-choice groups (sugar, ice) and an optional add-on group with priced options.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kasir-cart.h"
#include "kasir-input-error.h"
#include "kasir-models.h"
#include "kasir-modifier.h"
#include "kasir-protocol.h"
#include "kasir-sale-line-option.h"

enum { NORMAL = 11, LESS, NONE, HOT = 21, ICED, SHOT = 31, OAT, SYRUP };

static GPtrArray *
coffee_groups (void)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_modifier_group_free);
  KasirModifierGroup *sugar = kasir_modifier_group_new (1, "Sugar", FALSE, 1, 1);
  KasirModifierGroup *ice = kasir_modifier_group_new (2, "Ice", FALSE, 1, 1);
  KasirModifierGroup *addons = kasir_modifier_group_new (3, "Add-ons", TRUE, 0, 2);

  g_ptr_array_add (sugar->options, kasir_modifier_option_new (NORMAL, "Normal", 0));
  g_ptr_array_add (sugar->options, kasir_modifier_option_new (LESS, "Less sugar", 0));
  g_ptr_array_add (sugar->options, kasir_modifier_option_new (NONE, "No sugar", 0));
  g_ptr_array_add (ice->options, kasir_modifier_option_new (HOT, "Hot", 0));
  g_ptr_array_add (ice->options, kasir_modifier_option_new (ICED, "Iced", 0));
  g_ptr_array_add (addons->options, kasir_modifier_option_new (SHOT, "Extra shot", 5000));
  g_ptr_array_add (addons->options, kasir_modifier_option_new (OAT, "Oat milk", 7000));
  g_ptr_array_add (addons->options, kasir_modifier_option_new (SYRUP, "Hazelnut syrup", 4000));
  g_ptr_array_add (groups, sugar);
  g_ptr_array_add (groups, ice);
  g_ptr_array_add (groups, addons);

  return groups;
}

/* Chooses the ids given (ended by 0). */
static gboolean
choose (GPtrArray   *groups,
        KasirMoney  *price,
        GError     **error,
        ...)
{
  g_autoptr(GArray) chosen = g_array_new (FALSE, FALSE, sizeof (gint64));
  va_list args;
  int id;

  va_start (args, error);
  while ((id = va_arg (args, int)) != 0)
    {
      gint64 value = id;

      g_array_append_val (chosen, value);
    }
  va_end (args);

  return kasir_modifier_choose (groups, chosen, price, error);
}

static void
test_groups_checked (void)
{
  g_autoptr(GPtrArray) groups = coffee_groups ();
  g_autoptr(KasirModifierGroup) empty = kasir_modifier_group_new (4, "Size", FALSE, 1, 1);
  g_autoptr(KasirModifierGroup) greedy = kasir_modifier_group_new (5, "Toppings", TRUE, 3, 0);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < groups->len; i++)
    {
      g_assert_true (kasir_modifier_group_check (groups->pdata[i], &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (kasir_modifier_group_limit (groups->pdata[0]), ==, 1);
  g_assert_cmpuint (kasir_modifier_group_limit (groups->pdata[2]), ==, 2);

  g_assert_false (kasir_modifier_group_check (empty, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED);
  g_clear_error (&error);

  /* Three toppings required of two offered. */
  g_ptr_array_add (greedy->options, kasir_modifier_option_new (1, "Keju", 3000));
  g_ptr_array_add (greedy->options, kasir_modifier_option_new (2, "Coklat", 3000));
  g_assert_false (kasir_modifier_group_check (greedy, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  greedy->min = 2;
  g_assert_true (kasir_modifier_group_check (greedy, &error));
  ((KasirModifierOption *) greedy->options->pdata[1])->price = -1;
  g_assert_false (kasir_modifier_group_check (greedy, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  ((KasirModifierOption *) greedy->options->pdata[1])->price = 0;
  ((KasirModifierOption *) greedy->options->pdata[1])->id = 1;
  g_assert_false (kasir_modifier_group_check (greedy, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
}

static void
test_choice (void)
{
  g_autoptr(GPtrArray) groups = coffee_groups ();
  g_autoptr(GError) error = NULL;
  KasirMoney price = -1;

  /* Less sugar, iced, extra shot and oat milk: the add-ons' prices. */
  g_assert_true (choose (groups, &price, &error, LESS, ICED, SHOT, OAT, 0));
  g_assert_no_error (error);
  g_assert_cmpint (price, ==, 5000 + 7000);
  g_assert_true (choose (groups, &price, &error, ICED, NORMAL, 0));
  g_assert_cmpint (price, ==, 0);

  /* A required group not chosen, named. */
  price = -1;
  g_assert_false (choose (groups, &price, &error, ICED, SHOT, 0));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED);
  g_assert_nonnull (strstr (error->message, "Sugar"));
  g_assert_cmpint (price, ==, -1);
  g_clear_error (&error);

  /* Two answers to a single choice; three add-ons of at most two. */
  g_assert_false (choose (groups, &price, &error, LESS, NONE, HOT, 0));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE);
  g_assert_nonnull (strstr (error->message, "Sugar"));
  g_clear_error (&error);
  g_assert_false (choose (groups, &price, &error, LESS, HOT, SHOT, OAT, SYRUP, 0));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE);
  g_assert_nonnull (strstr (error->message, "Add-ons"));
  g_clear_error (&error);

  /* An option chosen twice, or one this product does not offer. */
  g_assert_false (choose (groups, &price, &error, LESS, HOT, SHOT, SHOT, 0));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (choose (groups, &price, &error, LESS, HOT, 99, 0));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (price, ==, -1);
}

static GPtrArray *
chosen_options (GPtrArray *groups,
                ...)
{
  g_autoptr(GArray) chosen = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  GPtrArray *options;
  KasirMoney price;
  va_list args;
  int id;

  va_start (args, groups);
  while ((id = va_arg (args, int)) != 0)
    {
      gint64 value = id;

      g_array_append_val (chosen, value);
    }
  va_end (args);
  options = kasir_modifier_choose_options (groups, chosen, &price, &error);
  g_assert_no_error (error);
  return options;
}

static KasirProduct *
kopi_susu (GPtrArray *groups)
{
  KasirProduct *product = kasir_product_new ();

  product->id = 7;
  product->sku = g_strdup ("KOPI-SUSU");
  product->name = g_strdup ("Kopi Susu Gula Aren");
  product->price = 22000;
  product->price_version = 4;
  product->tax_rate_bp = 1100;
  product->version = 9;
  product->modifier_groups = kasir_modifier_groups_copy (groups);
  return product;
}

/* Two required groups and a priced add-on: the add-on is in the unit price, follows the
 * line's tax, and the line keeps what was chosen through the sale, its JSON and the wire. */
static void
test_cart_line (void)
{
  g_autoptr(GPtrArray) groups = coffee_groups ();
  g_autoptr(KasirProduct) product = kopi_susu (groups);
  g_autoptr(GPtrArray) iced_shot = chosen_options (groups, SHOT, ICED, LESS, 0);
  g_autoptr(GPtrArray) hot = chosen_options (groups, NORMAL, HOT, 0);
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", FALSE);
  g_autoptr(KasirCart) again = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(KasirSale) decoded = NULL;
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(JsonNode) wire = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const KasirCartLine *line;
  const KasirSaleLine *sold;

  /* In the order offered, whatever order they were tapped in. */
  text = kasir_line_options_text (iced_shot, NULL);
  g_assert_cmpstr (text, ==, "Less sugar, Iced, Extra shot");
  g_assert_true (kasir_cart_add_product_with_options (cart, product, 1, iced_shot) != NULL);
  g_assert_true (kasir_cart_add_product_with_options (cart, product, 1, hot) != NULL);
  g_assert_true (kasir_cart_add_product_with_options (cart, product, 1, iced_shot) != NULL);
  /* The same product with other options is another line; the same options merge. */
  g_assert_cmpuint (cart->lines->len, ==, 2);
  g_assert_true (kasir_cart_compute (cart, &error));
  g_assert_no_error (error);
  line = g_ptr_array_index (cart->lines, 0);
  g_assert_cmpint (line->qty, ==, 2);
  g_assert_cmpint (line->unit_price, ==, 22000 + 5000);
  g_assert_cmpint (line->total, ==, 54000);
  g_assert_cmpint (line->tax, ==, 5940);       /* 11 % of 54,000, added */
  line = g_ptr_array_index (cart->lines, 1);
  g_assert_cmpint (line->unit_price, ==, 22000);
  g_assert_cmpint (line->tax, ==, 2420);
  g_assert_cmpint (cart->total, ==, 54000 + 5940 + 22000 + 2420);

  g_ptr_array_add (payments, kasir_payment_new (KASIR_PAYMENT_CASH, 100000));
  sale = kasir_cart_to_sale (cart, payments, 0, &error);
  g_assert_no_error (error);
  sale->receipt_no = g_strdup ("1-000001");
  sold = g_ptr_array_index (sale->lines, 0);
  g_assert_cmpuint (sold->options->len, ==, 3);
  g_free (text);
  text = kasir_sale_line_options_text (sold, " / ");
  g_assert_cmpstr (text, ==, "Less sugar / Iced / Extra shot");
  g_assert_cmpint (((KasirSaleLineOption *) sold->options->pdata[2])->price, ==, 5000);
  g_assert_cmpint (((KasirSaleLineOption *) sold->options->pdata[2])->group_version, ==, 1);
  g_assert_cmpuint (((KasirSaleLine *) g_ptr_array_index (sale->lines, 1))->options->len, ==, 2);

  /* Kept across a restart (the saved cart) ... */
  json = kasir_cart_to_json (cart);
  again = kasir_cart_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_true (kasir_line_options_equal (((KasirCartLine *) again->lines->pdata[0])->options,
                                           iced_shot));
  g_assert_cmpint (again->total, ==, cart->total);

  /* ... and on the wire, where options costing more than the unit price are refused. */
  wire = kasir_protocol_encode_sale (sale);
  decoded = kasir_protocol_decode_sale (wire, &error);
  g_assert_no_error (error);
  g_assert_true (kasir_line_options_equal (((KasirSaleLine *) decoded->lines->pdata[0])->options,
                                           sold->options));
  g_clear_pointer (&decoded, kasir_sale_free);
  ((KasirSaleLineOption *) sold->options->pdata[2])->price = 27001;
  g_clear_pointer (&wire, json_node_unref);
  wire = kasir_protocol_encode_sale (sale);
  decoded = kasir_protocol_decode_sale (wire, &error);
  g_assert_null (decoded);
  g_assert_error (error, KASIR_PROTOCOL_ERROR, KASIR_PROTOCOL_ERROR_INVALID_VALUE);
}

/* A product's groups travel with it in pull; a group the till could not offer is refused. */
static void
test_product_wire (void)
{
  g_autoptr(GPtrArray) groups = coffee_groups ();
  g_autoptr(KasirProduct) product = kopi_susu (groups);
  g_autoptr(KasirProduct) decoded = NULL;
  g_autoptr(JsonNode) wire = NULL;
  g_autoptr(GError) error = NULL;

  wire = kasir_protocol_encode_product (product);
  decoded = kasir_protocol_decode_product (wire, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (decoded->modifier_groups->len, ==, 3);
  g_assert_cmpstr (((KasirModifierGroup *) decoded->modifier_groups->pdata[2])->name, ==, "Add-ons");
  g_assert_cmpuint (((KasirModifierGroup *) decoded->modifier_groups->pdata[2])->max, ==, 2);
  g_clear_pointer (&decoded, kasir_product_free);

  ((KasirModifierGroup *) product->modifier_groups->pdata[0])->min = 2;
  g_clear_pointer (&wire, json_node_unref);
  wire = kasir_protocol_encode_product (product);
  decoded = kasir_protocol_decode_product (wire, &error);
  g_assert_null (decoded);
  g_assert_error (error, KASIR_PROTOCOL_ERROR, KASIR_PROTOCOL_ERROR_INVALID_VALUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Modifiers/groups-checked", test_groups_checked);
  g_test_add_func ("/Kasir/Modifiers/choice", test_choice);
  g_test_add_func ("/Kasir/Modifiers/cart-line", test_cart_line);
  g_test_add_func ("/Kasir/Modifiers/product-wire", test_product_wire);

  return g_test_run ();
}
