/* test-server-modifiers.c — modifiers through a real server over HTTP, on both backends:
 * a product's groups set on the server reach a till in pull; a sale of it with two
 * required groups and a priced add-on is accepted, one whose add-on price was forged is
 * rejected and stores nothing; after the add-on's price changes, a sale at the older
 * version and its price is kept beside a price_changed conflict settled by rule, and one
 * at the older version but a price it never had is rejected.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-cart.h"
#include "kasir-modifier.h"
#include "server-data/server-test-util.h"

#define PRODUCT 3   /* Keripik Kentang 68 g, Rp 9,500, in the fixture's catalog */

static GPtrArray *
coffee_groups (KasirMoney shot_price)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_modifier_group_free);
  KasirModifierGroup *sugar = kasir_modifier_group_new (0, "Sugar", FALSE, 1, 1);
  KasirModifierGroup *ice = kasir_modifier_group_new (0, "Ice", FALSE, 1, 1);
  KasirModifierGroup *addons = kasir_modifier_group_new (0, "Add-ons", TRUE, 0, 2);

  g_ptr_array_add (sugar->options, kasir_modifier_option_new (0, "Normal", 0));
  g_ptr_array_add (sugar->options, kasir_modifier_option_new (0, "Less sugar", 0));
  g_ptr_array_add (ice->options, kasir_modifier_option_new (0, "Hot", 0));
  g_ptr_array_add (ice->options, kasir_modifier_option_new (0, "Iced", 0));
  g_ptr_array_add (addons->options, kasir_modifier_option_new (0, "Extra shot", shot_price));
  g_ptr_array_add (groups, sugar);
  g_ptr_array_add (groups, ice);
  g_ptr_array_add (groups, addons);
  return groups;
}

/* The product as the till pulls it (from cursor 0, the whole catalog). */
static KasirProduct *
pulled_product (ServerFixture *fx,
                TestTerminal  *t)
{
  g_autoptr(KasirPullResponse) page = pull (fx, t, 0, 1000);
  KasirProduct *found = NULL;

  for (guint i = 0; i < page->changes->len; i++)
    {
      KasirChange *ch = g_ptr_array_index (page->changes, i);
      KasirProduct *p = ch->entity_data;

      if (g_str_equal (ch->entity, "product") && p != NULL && p->id == PRODUCT)
        {
          g_clear_pointer (&found, kasir_product_free);
          found = kasir_product_copy (p);
        }
    }
  g_assert_nonnull (found);
  return found;
}

/* A sale of two of @product, sugar less, iced, with the add-on; the add-on's price (and
 * so the unit price) is @shot_price when not -1, as a forging till would send it. */
static KasirSale *
coffee_sale (const KasirProduct *product,
             KasirMoney          shot_price)
{
  GPtrArray *groups = product->modifier_groups;
  const KasirModifierGroup *sugar = groups->pdata[0], *ice = groups->pdata[1], *addons = groups->pdata[2];
  g_autoptr(GArray) chosen = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) options = NULL;
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", TRUE);
  g_autoptr(GError) error = NULL;
  KasirMoney price;
  KasirSale *sale;

  g_array_append_val (chosen, ((KasirModifierOption *) sugar->options->pdata[1])->id);
  g_array_append_val (chosen, ((KasirModifierOption *) ice->options->pdata[1])->id);
  g_array_append_val (chosen, ((KasirModifierOption *) addons->options->pdata[0])->id);
  options = kasir_modifier_choose_options (groups, chosen, &price, &error);
  g_assert_no_error (error);
  if (shot_price >= 0)
    ((KasirSaleLineOption *) options->pdata[2])->price = shot_price;
  g_assert_nonnull (kasir_cart_add_product_with_options (cart, product, 2, options));
  g_assert_true (kasir_cart_compute (cart, &error));
  g_ptr_array_add (payments, kasir_payment_new (KASIR_PAYMENT_CASH, cart->total));
  sale = kasir_cart_to_sale (cart, payments, 0, &error);
  g_assert_no_error (error);
  sale->receipt_no = g_strdup_printf ("1-%06u", g_random_int_range (1, 999999));
  sale->staff_id = STAFF_CASHIER_1;
  return sale;
}

static gint64
sales_with_id (ServerFixture   *fx,
               const KasirSale *sale)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sales WHERE id = '%s'", sale->sale_id);

  return db_int (fx, sql);
}

static void
test_sale_checked (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) t = enroll_terminal (fx, 1);
  g_autoptr(GPtrArray) groups = coffee_groups (5000);
  g_autoptr(GPtrArray) dearer = coffee_groups (6000);
  g_autoptr(KasirProduct) product = NULL;
  g_autoptr(KasirProduct) after = NULL;
  g_autoptr(KasirSale) good = NULL;
  g_autoptr(KasirSale) forged = NULL;
  g_autoptr(KasirSale) older = NULL;
  g_autoptr(KasirSale) older_forged = NULL;
  g_autoptr(KasirPushResult) r = NULL;
  g_autoptr(GError) error = NULL;
  const KasirSaleLine *line;

  g_assert_true (kasir_server_store_set_modifier_groups (fx->admin, PRODUCT, groups, &error));
  g_assert_no_error (error);
  product = pulled_product (fx, t);
  g_assert_nonnull (product->modifier_groups);
  g_assert_cmpuint (product->modifier_groups->len, ==, 3);
  g_assert_cmpstr (((KasirModifierGroup *) product->modifier_groups->pdata[2])->name, ==, "Add-ons");
  g_assert_cmpint (((KasirModifierGroup *) product->modifier_groups->pdata[2])->version, ==, 1);

  /* Accepted: the line's unit price is the product's plus the add-on's, to the rupiah. */
  good = coffee_sale (product, -1);
  line = good->lines->pdata[0];
  g_assert_cmpint (line->unit_price, ==, 9500 + 5000);
  g_assert_cmpint (line->total, ==, 29000);
  g_assert_cmpint (line->tax, ==, 2874);  /* 29,000 x 11 / 111, rounded */
  r = push_one (fx, t, make_sale_mutation (t, good));
  g_assert_cmpint (r->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpuint (r->conflict_ids->len, ==, 0);
  g_assert_cmpint (sales_with_id (fx, good), ==, 1);
  g_clear_pointer (&r, kasir_push_result_free);

  /* Forged: the add-on at Rp 1,000 the server never asked. Rejected, nothing stored. */
  forged = coffee_sale (product, 1000);
  r = push_one (fx, t, make_sale_mutation (t, forged));
  g_assert_cmpint (r->status, ==, KASIR_RESULT_REJECTED);
  g_assert_nonnull (strstr (r->reason, "option"));
  g_assert_cmpint (sales_with_id (fx, forged), ==, 0);
  g_clear_pointer (&r, kasir_push_result_free);

  /* The add-on goes up to Rp 6,000: a new version of its group only. */
  g_assert_true (kasir_server_store_set_modifier_groups (fx->admin, PRODUCT, dearer, &error));
  g_assert_no_error (error);
  after = pulled_product (fx, t);
  g_assert_cmpint (((KasirModifierGroup *) after->modifier_groups->pdata[0])->version, ==, 1);
  g_assert_cmpint (((KasirModifierGroup *) after->modifier_groups->pdata[2])->version, ==, 2);
  g_assert_cmpint (after->version, >, product->version);

  /* A till that sold at the older version and its price: kept, settled by rule. */
  older = coffee_sale (product, -1);
  r = push_one (fx, t, make_sale_mutation (t, older));
  g_assert_cmpint (r->status, ==, KASIR_RESULT_APPLIED_WITH_CONFLICTS);
  g_assert_cmpuint (r->conflict_ids->len, ==, 1);
  g_assert_cmpint (sales_with_id (fx, older), ==, 1);
  g_assert_cmpint (db_int (fx, "SELECT count(*) FROM conflicts WHERE kind = 'price_changed' "
                               "AND status = 'resolved_by_rule'"), ==, 1);
  g_clear_pointer (&r, kasir_push_result_free);

  /* At the older version but a price that version never had: forged. */
  older_forged = coffee_sale (product, 6000);
  r = push_one (fx, t, make_sale_mutation (t, older_forged));
  g_assert_cmpint (r->status, ==, KASIR_RESULT_REJECTED);
  g_assert_cmpint (sales_with_id (fx, older_forged), ==, 0);

  server_fixture_free (fx);
}

static void
test_bad_groups (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(GPtrArray) groups = coffee_groups (5000);
  g_autoptr(GError) error = NULL;

  /* An unknown product, or a group asking more than it allows: refused, nothing set. */
  g_assert_false (kasir_server_store_set_modifier_groups (fx->admin, 999, groups, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  ((KasirModifierGroup *) groups->pdata[0])->min = 3;
  g_assert_false (kasir_server_store_set_modifier_groups (fx->admin, PRODUCT, groups, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (db_int (fx, "SELECT count(*) FROM product_modifiers"), ==, 0);
  server_fixture_free (fx);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Server/Modifiers/sale-checked", test_sale_checked);
  g_test_add_func ("/Kasir/Server/Modifiers/bad-groups", test_bad_groups);

  return g_test_run ();
}
