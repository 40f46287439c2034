/* test-server-modifier-edit.c — a manager's product.modifiers through a real server over
 * HTTP, on both backends: applied, it bumps the versions of the groups that changed and
 * the product's, keeps each version's prices (a sale at the new version is accepted, one
 * at the old version's price is kept beside a price_changed conflict), and every till
 * pulls the new groups; an edit based on groups the server has since changed, a
 * cashier's edit, an unknown product or ids outside the product's range are rejected
 * and change nothing. The options a sale line chose are kept with the sale and returned
 * by the look-up of the sale (a rejected sale keeps none).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-cart.h"
#include "kasir-modifier.h"
#include "server-data/server-test-util.h"

#define PRODUCT 3   /* Keripik Kentang 68 g, Rp 9,500, in the fixture's catalog */

#define GROUP(gs, i) ((KasirModifierGroup *) (gs)->pdata[i])
#define OPTION(g, i) ((KasirModifierOption *) (g)->options->pdata[i])

static GPtrArray *
coffee_groups (void)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_modifier_group_free);
  KasirModifierGroup *sugar = kasir_modifier_group_new (0, "Sugar", FALSE, 1, 1);
  KasirModifierGroup *addons = kasir_modifier_group_new (0, "Add-ons", TRUE, 0, 2);

  g_ptr_array_add (sugar->options, kasir_modifier_option_new (0, "Normal", 0));
  g_ptr_array_add (sugar->options, kasir_modifier_option_new (0, "Less sugar", 0));
  g_ptr_array_add (addons->options, kasir_modifier_option_new (0, "Extra shot", 5000));
  g_ptr_array_add (groups, sugar);
  g_ptr_array_add (groups, addons);
  return groups;
}

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

/* product.modifiers setting @groups, based on @base (the groups the till had). */
static KasirMutation *
edit_mutation (TestTerminal *t,
               gint64        product_id,
               gint64        staff_id,
               GPtrArray    *base,
               GPtrArray    *groups)
{
  g_autoptr(KasirModifierEdit) edit = g_new0 (KasirModifierEdit, 1);

  edit->product_id = product_id;
  edit->staff_id = staff_id;
  edit->base_groups = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; base != NULL && i < base->len; i++)
    {
      KasirModifierBase *b = g_new0 (KasirModifierBase, 1);

      b->id = GROUP (base, i)->id;
      b->version = GROUP (base, i)->version;
      g_ptr_array_add (edit->base_groups, b);
    }
  edit->groups = g_ptr_array_ref (groups);
  return make_mutation (t, KASIR_MUTATION_PRODUCT_MODIFIERS, kasir_protocol_encode_product_modifiers (edit));
}

/* A sale of one @product with the first option of its first group and the add-on
 * "Extra shot" at @shot_price, at the versions @product's groups carry. */
static KasirSale *
shot_sale (const KasirProduct *product,
           KasirMoney          shot_price)
{
  GPtrArray *groups = product->modifier_groups;
  g_autoptr(GArray) chosen = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) options = NULL;
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", TRUE);
  g_autoptr(GError) error = NULL;
  KasirMoney price;
  KasirSale *sale;

  for (guint g = 0; g < groups->len; g++)
    for (guint o = 0; o < GROUP (groups, g)->options->len; o++)
      if ((o == 0 && GROUP (groups, g)->min > 0)
          || g_strcmp0 (OPTION (GROUP (groups, g), o)->name, "Extra shot") == 0)
        g_array_append_val (chosen, OPTION (GROUP (groups, g), o)->id);
  options = kasir_modifier_choose_options (groups, chosen, &price, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < options->len; i++)
    if (g_strcmp0 (((KasirSaleLineOption *) options->pdata[i])->name, "Extra shot") == 0)
      ((KasirSaleLineOption *) options->pdata[i])->price = shot_price;
  g_assert_nonnull (kasir_cart_add_product_with_options (cart, product, 1, options));
  g_assert_true (kasir_cart_compute (cart, &error));
  g_ptr_array_add (payments, kasir_payment_new (KASIR_PAYMENT_CASH, cart->total));
  sale = kasir_cart_to_sale (cart, payments, 0, &error);
  g_assert_no_error (error);
  sale->receipt_no = g_strdup_printf ("1-%06u", g_random_int_range (1, 999999));
  sale->staff_id = STAFF_CASHIER_1;
  return sale;
}

static const char *
stored_groups (ServerFixture *fx)
{
  static char *text;
  g_autofree char *sql = g_strdup_printf ("SELECT groups FROM product_modifiers WHERE product_id = %d",
                                          PRODUCT);

  g_free (text);
  text = db_text (fx, sql);
  return text;
}

static void
test_applied (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) a = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) b = enroll_terminal (fx, 1);
  g_autoptr(GPtrArray) groups = coffee_groups ();
  g_autoptr(KasirProduct) before = NULL;
  g_autoptr(KasirProduct) after = NULL;
  g_autoptr(GPtrArray) edited = NULL;
  g_autoptr(KasirPushResult) r = NULL;
  g_autoptr(KasirSale) fresh = NULL;
  g_autoptr(KasirSale) older = NULL;
  g_autoptr(GArray) taken = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  KasirModifierGroup *ice;

  g_assert_true (kasir_server_store_set_modifier_groups (fx->admin, PRODUCT, groups, &error));
  g_assert_no_error (error);
  before = pulled_product (fx, a);

  /* Till A's manager: the shot at Rp 6,000, Add-ons first, and a new group Ice. */
  edited = kasir_modifier_groups_copy (before->modifier_groups);
  OPTION (GROUP (edited, 1), 0)->price = 6000;
  g_ptr_array_insert (edited, 0, g_ptr_array_steal_index (edited, 1));
  ice = kasir_modifier_group_new (0, "Ice", FALSE, 1, 1);
  g_ptr_array_add (ice->options, kasir_modifier_option_new (0, "Hot", 0));
  g_ptr_array_add (ice->options, kasir_modifier_option_new (0, "Iced", 0));
  g_ptr_array_add (edited, ice);
  for (guint i = 0; i < before->modifier_groups->len; i++)
    g_array_append_val (taken, GROUP (before->modifier_groups, i)->id);
  g_assert_true (kasir_modifier_groups_give_ids (PRODUCT, edited, taken, &error));
  g_assert_no_error (error);
  r = push_one (fx, a, edit_mutation (a, PRODUCT, manager_of (a), before->modifier_groups, edited));
  g_assert_cmpint (r->status, ==, KASIR_RESULT_APPLIED);
  g_clear_pointer (&r, kasir_push_result_free);

  /* Till B pulls them: the new order, a version bumped only where something changed,
   * a new product version. */
  after = pulled_product (fx, b);
  g_assert_cmpint (after->version, >, before->version);
  g_assert_cmpuint (after->modifier_groups->len, ==, 3);
  g_assert_cmpstr (GROUP (after->modifier_groups, 0)->name, ==, "Add-ons");
  g_assert_cmpint (GROUP (after->modifier_groups, 0)->version, ==, 2);
  g_assert_cmpint (OPTION (GROUP (after->modifier_groups, 0), 0)->price, ==, 6000);
  g_assert_cmpstr (GROUP (after->modifier_groups, 1)->name, ==, "Sugar");
  g_assert_cmpint (GROUP (after->modifier_groups, 1)->version, ==, 1);
  g_assert_cmpstr (GROUP (after->modifier_groups, 2)->name, ==, "Ice");
  g_assert_cmpint (GROUP (after->modifier_groups, 2)->id, ==, ice->id);
  g_assert_cmpint (GROUP (after->modifier_groups, 2)->version, ==, 1);

  /* A sale at the new version and price: accepted. One at the old version and its
   * price: kept beside a price_changed conflict, for the old prices are kept. */
  fresh = shot_sale (after, 6000);
  r = push_one (fx, b, make_sale_mutation (b, fresh));
  g_assert_cmpint (r->status, ==, KASIR_RESULT_APPLIED);
  g_clear_pointer (&r, kasir_push_result_free);
  older = shot_sale (before, 5000);
  r = push_one (fx, a, make_sale_mutation (a, older));
  g_assert_cmpint (r->status, ==, KASIR_RESULT_APPLIED_WITH_CONFLICTS);
  g_assert_cmpint (db_int (fx, "SELECT count(*) FROM conflicts WHERE kind = 'price_changed'"), ==, 1);
  g_clear_pointer (&r, kasir_push_result_free);

  /* Removing every group: the product has none left. */
  g_ptr_array_set_size (edited, 0);
  r = push_one (fx, b, edit_mutation (b, PRODUCT, manager_of (b), after->modifier_groups, edited));
  g_assert_cmpint (r->status, ==, KASIR_RESULT_APPLIED);
  g_clear_pointer (&after, kasir_product_free);
  after = pulled_product (fx, a);
  g_assert_null (after->modifier_groups);

  server_fixture_free (fx);
}

static void
test_refused (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) a = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) b = enroll_terminal (fx, 1);
  g_autoptr(GPtrArray) groups = coffee_groups ();
  g_autoptr(KasirProduct) base = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(KasirPushResult) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;

  g_assert_true (kasir_server_store_set_modifier_groups (fx->admin, PRODUCT, groups, &error));
  g_assert_no_error (error);
  base = pulled_product (fx, a);

  /* Two tills edit the same groups: the first is applied, the second, based on what the
   * server no longer has, is rejected and changes nothing. */
  first = kasir_modifier_groups_copy (base->modifier_groups);
  OPTION (GROUP (first, 1), 0)->price = 6000;
  r = push_one (fx, a, edit_mutation (a, PRODUCT, manager_of (a), base->modifier_groups, first));
  g_assert_cmpint (r->status, ==, KASIR_RESULT_APPLIED);
  g_clear_pointer (&r, kasir_push_result_free);
  kept = g_strdup (stored_groups (fx));
  second = kasir_modifier_groups_copy (base->modifier_groups);
  OPTION (GROUP (second, 1), 0)->price = 7000;
  r = push_one (fx, b, edit_mutation (b, PRODUCT, manager_of (b), base->modifier_groups, second));
  g_assert_cmpint (r->status, ==, KASIR_RESULT_REJECTED);
  g_assert_nonnull (strstr (r->reason, "concurrent_edit"));
  g_assert_cmpstr (stored_groups (fx), ==, kept);
  g_clear_pointer (&r, kasir_push_result_free);

  /* A cashier may not change them. */
  r = push_one (fx, b, edit_mutation (b, PRODUCT, cashier_of (b), first, second));
  g_assert_cmpint (r->status, ==, KASIR_RESULT_REJECTED);
  g_assert_cmpstr (stored_groups (fx), ==, kept);
  g_clear_pointer (&r, kasir_push_result_free);

  /* An unknown product. */
  g_clear_pointer (&second, g_ptr_array_unref);
  second = coffee_groups ();
  g_assert_true (kasir_modifier_groups_give_ids (999, second, NULL, &error));
  r = push_one (fx, b, edit_mutation (b, 999, manager_of (b), NULL, second));
  g_assert_cmpint (r->status, ==, KASIR_RESULT_REJECTED);
  g_assert_nonnull (strstr (r->reason, "unknown_product"));
  g_clear_pointer (&r, kasir_push_result_free);

  /* Groups with another product's ids: refused as invalid. */
  r = push_one (fx, b, edit_mutation (b, PRODUCT, manager_of (b), first, second));
  g_assert_cmpint (r->status, ==, KASIR_RESULT_REJECTED);
  g_assert_nonnull (strstr (r->reason, "invalid"));
  g_assert_cmpstr (stored_groups (fx), ==, kept);
  g_assert_cmpint (db_int (fx, "SELECT count(*) FROM product_modifiers"), ==, 1);

  server_fixture_free (fx);
}

static void
test_options_kept (void)
{
  ServerFixture *fx = server_fixture_new ();
  g_autoptr(TestTerminal) a = enroll_terminal (fx, 1);
  g_autoptr(TestTerminal) b = enroll_terminal (fx, 1);
  g_autoptr(GPtrArray) groups = coffee_groups ();
  g_autoptr(KasirProduct) product = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(KasirSale) forged = NULL;
  g_autoptr(KasirPushResult) r = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  JsonArray *lines, *options;
  JsonObject *shot;
  guint status = 0;

  g_assert_true (kasir_server_store_set_modifier_groups (fx->admin, PRODUCT, groups, &error));
  g_assert_no_error (error);
  product = pulled_product (fx, a);
  sale = shot_sale (product, 5000);
  r = push_one (fx, a, make_sale_mutation (a, sale));
  g_assert_cmpint (r->status, ==, KASIR_RESULT_APPLIED);
  g_clear_pointer (&r, kasir_push_result_free);
  g_assert_cmpint (db_int (fx, "SELECT count(*) FROM sale_line_options"), ==, 2);

  /* A forged price is rejected, and keeps no option either. */
  forged = shot_sale (product, 1000);
  r = push_one (fx, a, make_sale_mutation (a, forged));
  g_assert_cmpint (r->status, ==, KASIR_RESULT_REJECTED);
  g_assert_cmpint (db_int (fx, "SELECT count(*) FROM sale_line_options"), ==, 2);

  /* Till B looks the sale up (to give goods back): the line names its options. */
  escaped = g_uri_escape_string (sale->receipt_no, NULL, FALSE);
  path = g_strdup_printf ("/api/v1/sales/lookup?receipt=%s", escaped);
  reply = http_json (fx, "GET", path, b->token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  lines = json_object_get_array_member (json_object_get_object_member (json_node_get_object (reply), "sale"),
                                        "lines");
  g_assert_cmpuint (json_array_get_length (lines), ==, 1);
  options = json_object_get_array_member (json_array_get_object_element (lines, 0), "options");
  g_assert_nonnull (options);
  g_assert_cmpuint (json_array_get_length (options), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (options, 0), "group_name"),
                   ==, "Sugar");
  shot = json_array_get_object_element (options, 1);
  g_assert_cmpstr (json_object_get_string_member (shot, "name"), ==, "Extra shot");
  g_assert_cmpint (json_object_get_int_member (shot, "price"), ==, 5000);
  g_assert_cmpint (json_object_get_int_member (shot, "group_version"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (shot, "option_id"), ==,
                   OPTION (GROUP (product->modifier_groups, 1), 0)->id);

  server_fixture_free (fx);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Server/ModifierEdit/applied", test_applied);
  g_test_add_func ("/Kasir/Server/ModifierEdit/refused", test_refused);
  g_test_add_func ("/Kasir/Server/ModifierEdit/options-kept", test_options_kept);

  return g_test_run ();
}
