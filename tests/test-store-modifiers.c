/* test-store-modifiers.c — modifiers on a real SQLCipher database: a pulled product's
 * groups are kept and replaced by the next pull of it; a sale of a coffee with two
 * required groups and a priced add-on keeps its options (names and prices as sold)
 * through a hold, the commit, the stored sale and the queued sale.create.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kasir-cart.h"
#include "kasir-held-cart-repository.h"
#include "kasir-modifier.h"
#include "kasir-modifier-repository.h"
#include "kasir-outbox-repository.h"
#include "kasir-protocol.h"
#include "kasir-sale-line-option.h"
#include "kasir-sales-repository.h"
#include "kasir-sync-repository.h"
#include "store-test-util.h"

enum { NORMAL = 11, LESS, NONE, HOT = 21, ICED, SHOT = 31 };

static KasirProduct *
kopi_susu (gint64 shot_price)
{
  KasirProduct *p = store_test_product (1, "Kopi Susu Gula Aren", 22000);
  KasirModifierGroup *sugar = kasir_modifier_group_new (1, "Sugar", FALSE, 1, 1);
  KasirModifierGroup *ice = kasir_modifier_group_new (2, "Ice", FALSE, 1, 1);
  KasirModifierGroup *addons = kasir_modifier_group_new (3, "Add-ons", TRUE, 0, 2);

  g_ptr_array_add (sugar->options, kasir_modifier_option_new (NORMAL, "Normal", 0));
  g_ptr_array_add (sugar->options, kasir_modifier_option_new (LESS, "Less sugar", 0));
  g_ptr_array_add (sugar->options, kasir_modifier_option_new (NONE, "No sugar", 0));
  g_ptr_array_add (ice->options, kasir_modifier_option_new (HOT, "Hot", 0));
  g_ptr_array_add (ice->options, kasir_modifier_option_new (ICED, "Iced", 0));
  g_ptr_array_add (addons->options, kasir_modifier_option_new (SHOT, "Extra shot", shot_price));
  addons->version = shot_price == 5000 ? 1 : 2;
  p->modifier_groups = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_modifier_group_free);
  g_ptr_array_add (p->modifier_groups, sugar);
  g_ptr_array_add (p->modifier_groups, ice);
  g_ptr_array_add (p->modifier_groups, addons);
  return p;
}

static void
pull_product (KasirDatabase *db,
              KasirProduct  *product,
              gint64         cursor)
{
  g_autoptr(KasirPullResponse) page = kasir_pull_response_new ();
  KasirChange *change = kasir_change_new ();
  g_autoptr(GError) error = NULL;

  change->entity = g_strdup ("product");
  change->id = g_strdup_printf ("%" G_GINT64_FORMAT, product->id);
  change->data = kasir_protocol_encode_product (product);
  g_ptr_array_add (page->changes, change);
  page->cursor = cursor;
  g_assert_true (kasir_sync_repository_apply_pull (db, page, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_pulled_groups (void)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirModifierRepository) modifiers = NULL;
  g_autoptr(KasirProduct) kopi = kopi_susu (5000);
  g_autoptr(KasirProduct) dearer = kopi_susu (6000);
  g_autoptr(KasirProduct) plain = store_test_product (1, "Kopi Susu Gula Aren", 22000);
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GError) error = NULL;
  const KasirModifierGroup *addons;

  store_test_random_key (key);
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  modifiers = kasir_modifier_repository_new (db);

  pull_product (db, kopi, 1);
  groups = kasir_modifier_repository_load_groups (modifiers, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 3);
  g_assert_cmpstr (((KasirModifierGroup *) groups->pdata[0])->name, ==, "Sugar");
  g_assert_cmpuint (((KasirModifierGroup *) groups->pdata[0])->options->len, ==, 3);
  g_assert_cmpstr (((KasirModifierOption *)
                    ((KasirModifierGroup *) groups->pdata[0])->options->pdata[1])->name,
                   ==, "Less sugar");
  addons = groups->pdata[2];
  g_assert_true (addons->multiple);
  g_assert_cmpuint (addons->min, ==, 0);
  g_assert_cmpuint (addons->max, ==, 2);
  g_assert_cmpint (((KasirModifierOption *) addons->options->pdata[0])->price, ==, 5000);
  g_clear_pointer (&groups, g_ptr_array_unref);

  /* The next pull of the product replaces its groups: a new price, a new version ... */
  pull_product (db, dearer, 2);
  groups = kasir_modifier_repository_load_groups (modifiers, 1, &error);
  g_assert_no_error (error);
  addons = groups->pdata[2];
  g_assert_cmpint (addons->version, ==, 2);
  g_assert_cmpint (((KasirModifierOption *) addons->options->pdata[0])->price, ==, 6000);
  g_clear_pointer (&groups, g_ptr_array_unref);

  /* ... and a product pulled without groups has none left. */
  pull_product (db, plain, 3);
  groups = kasir_modifier_repository_load_groups (modifiers, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 0);
  g_assert_true (kasir_modifier_repository_fill_product (modifiers, plain, &error));
  g_assert_null (plain->modifier_groups);

  g_clear_object (&modifiers);
  g_clear_object (&db);
  store_test_remove_tree (dir);
}

static GPtrArray *
choose (GPtrArray *groups,
        gint64     a,
        gint64     b,
        gint64     c)
{
  g_autoptr(GArray) chosen = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  GPtrArray *options;
  KasirMoney price;

  g_array_append_val (chosen, a);
  g_array_append_val (chosen, b);
  if (c != 0)
    g_array_append_val (chosen, c);
  options = kasir_modifier_choose_options (groups, chosen, &price, &error);
  g_assert_no_error (error);
  return options;
}

static void
test_sale_options (void)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirSalesRepository) sales = NULL;
  g_autoptr(KasirOutboxRepository) outbox = NULL;
  g_autoptr(KasirHeldCartRepository) held = NULL;
  g_autoptr(KasirProduct) kopi = kopi_susu (5000);
  g_autoptr(GPtrArray) iced_shot = choose (kopi->modifier_groups, LESS, ICED, SHOT);
  g_autoptr(GPtrArray) hot = choose (kopi->modifier_groups, NORMAL, HOT, 0);
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", TRUE);
  g_autoptr(KasirCart) recalled = NULL;
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(KasirSale) stored = NULL;
  g_autoptr(KasirSale) sent = NULL;
  g_autoptr(KasirOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const KasirSaleLine *line;
  gint64 id;

  store_test_random_key (key);
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  sales = kasir_sales_repository_new (db);
  outbox = kasir_outbox_repository_new (db);
  held = kasir_held_cart_repository_new (db);

  g_assert_nonnull (kasir_cart_add_product_with_options (cart, kopi, 2, iced_shot));
  g_assert_nonnull (kasir_cart_add_product_with_options (cart, kopi, 1, hot));
  g_assert_true (kasir_cart_compute (cart, &error));
  /* Prices include 11 % tax: 2 x 27,000 holds 5,351 of tax (54,000 x 11 / 111, rounded),
   * 22,000 holds 2,180. */
  g_assert_cmpint (cart->total, ==, 54000 + 22000);
  g_assert_cmpint (((KasirCartLine *) cart->lines->pdata[0])->tax, ==, 5351);
  g_assert_cmpint (((KasirCartLine *) cart->lines->pdata[1])->tax, ==, 2180);
  g_assert_cmpint (cart->tax, ==, 5351 + 2180);

  /* Held and recalled, the options come back with the cart. */
  id = kasir_held_cart_repository_hold (held, cart, "Meja 2", 3, "Sari", NULL, &error);
  g_assert_no_error (error);
  recalled = kasir_held_cart_repository_recall (held, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (recalled->lines->len, ==, 2);
  g_assert_true (kasir_line_options_equal (((KasirCartLine *) recalled->lines->pdata[0])->options,
                                           iced_shot));
  g_assert_cmpint (recalled->total, ==, cart->total);

  g_ptr_array_add (payments, kasir_payment_new (KASIR_PAYMENT_CASH, 100000));
  sale = kasir_cart_to_sale (recalled, payments, 0, &error);
  g_assert_no_error (error);
  sale->staff_id = 3;
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);

  stored = kasir_sales_repository_get_by_receipt (sales, sale->receipt_no, &error);
  g_assert_no_error (error);
  line = stored->lines->pdata[0];
  g_assert_cmpint (line->unit_price, ==, 27000);
  g_assert_cmpint (line->total, ==, 54000);
  g_assert_cmpint (line->tax, ==, 5351);
  text = kasir_sale_line_options_text (line, NULL);
  g_assert_cmpstr (text, ==, "Less sugar, Iced, Extra shot");
  g_assert_cmpint (((KasirSaleLineOption *) line->options->pdata[2])->price, ==, 5000);
  g_assert_cmpstr (((KasirSaleLineOption *) line->options->pdata[2])->group_name, ==, "Add-ons");
  g_assert_cmpuint (((KasirSaleLine *) stored->lines->pdata[1])->options->len, ==, 2);
  g_assert_true (kasir_sale_check_sums (stored, &error));

  /* Queued in sale.create with each option's price and group version. */
  entry = kasir_outbox_repository_get (outbox, 1, &error);
  g_assert_no_error (error);
  sent = kasir_protocol_decode_sale (entry->mutation->payload, &error);
  g_assert_no_error (error);
  g_assert_true (kasir_line_options_equal (((KasirSaleLine *) sent->lines->pdata[0])->options,
                                           line->options));

  g_clear_object (&sales);
  g_clear_object (&outbox);
  g_clear_object (&held);
  g_clear_object (&db);
  store_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Kasir/Store/Modifiers/pulled-groups", test_pulled_groups);
  g_test_add_func ("/Kasir/Store/Modifiers/sale-options", test_sale_options);
  return g_test_run ();
}
