/* test-store-modifier-edit.c — a manager's modifier groups saved on a real SQLCipher
 * database: a standalone till keeps them (ids in the product's range, a changed group's
 * version bumped, an unchanged save writing nothing); an enrolled till also queues
 * product.modifiers with the groups it had, and keeps showing its edit through a pull
 * until the edit is acknowledged; a new group never takes the id of a group options
 * were sold from; bad input changes nothing.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kasir-cart.h"
#include "kasir-catalog-repository.h"
#include "kasir-input-error.h"
#include "kasir-modifier.h"
#include "kasir-modifier-repository.h"
#include "kasir-outbox-repository.h"
#include "kasir-protocol.h"
#include "kasir-sales-repository.h"
#include "kasir-sync-repository.h"
#include "kasir-sync-state-repository.h"
#include "store-test-util.h"

typedef struct
{
  char                    *dir;
  KasirDatabase           *db;
  KasirModifierRepository *modifiers;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(KasirCatalogRepository) catalog = NULL;
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  g_autoptr(GError) error = NULL;

  f->dir = store_test_tmp_dir ();
  path = g_build_filename (f->dir, "kasir.db", NULL);
  store_test_random_key (key);
  f->db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  catalog = kasir_catalog_repository_new (f->db);
  g_ptr_array_add (products, store_test_product (4, "Kopi Susu Gula Aren", 22000));
  g_ptr_array_add (products, store_test_product (5, "Es Teh", 8000));
  g_assert_true (kasir_catalog_repository_upsert_products (catalog, products, &error));
  g_assert_no_error (error);
  f->modifiers = kasir_modifier_repository_new (f->db);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->modifiers);
  g_clear_object (&f->db);
  store_test_remove_tree (f->dir);
  g_free (f->dir);
}

static void
enroll (Fixture *f)
{
  g_autoptr(KasirSyncStateRepository) state = kasir_sync_state_repository_new (f->db);
  g_autoptr(GError) error = NULL;

  g_assert_true (kasir_sync_state_repository_set_identity (state, 7, 2, "https://x.example", &error));
  g_assert_no_error (error);
}

/* Sugar (normal / less), single and required; Add-ons (extra shot at @shot), optional. */
static GPtrArray *
coffee_groups (KasirMoney shot)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_modifier_group_free);
  KasirModifierGroup *sugar = kasir_modifier_group_new (0, "Sugar", FALSE, 1, 1);
  KasirModifierGroup *addons = kasir_modifier_group_new (0, "Add-ons", TRUE, 0, 2);

  g_ptr_array_add (sugar->options, kasir_modifier_option_new (0, "Normal", 0));
  g_ptr_array_add (sugar->options, kasir_modifier_option_new (0, "Less sugar", 0));
  g_ptr_array_add (addons->options, kasir_modifier_option_new (0, "Extra shot", shot));
  g_ptr_array_add (groups, sugar);
  g_ptr_array_add (groups, addons);
  return groups;
}

static GPtrArray *
load (Fixture *f,
      gint64   product_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *groups = kasir_modifier_repository_load_groups (f->modifiers, product_id, &error);

  g_assert_no_error (error);
  return groups;
}

#define GROUP(gs, i) ((KasirModifierGroup *) (gs)->pdata[i])
#define OPTION(g, i) ((KasirModifierOption *) (g)->options->pdata[i])

static void
test_standalone (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) groups = coffee_groups (5000);
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  gint64 seq = -1;

  g_assert_true (kasir_modifier_repository_save_groups (f->modifiers, 4, groups, 1, &seq, &error));
  g_assert_no_error (error);
  g_assert_cmpint (seq, ==, 0);
  g_assert_cmpint (store_test_query (f->db, "SELECT count(*) FROM outbox"), ==, 0);
  /* The caller's groups are left as they were. */
  g_assert_cmpint (GROUP (groups, 0)->id, ==, 0);

  saved = load (f, 4);
  g_assert_cmpuint (saved->len, ==, 2);
  g_assert_cmpstr (GROUP (saved, 0)->name, ==, "Sugar");
  g_assert_cmpint (GROUP (saved, 0)->id / KASIR_PROTOCOL_MAX_MODIFIER_GROUPS, ==, 4);
  g_assert_cmpint (GROUP (saved, 1)->id / KASIR_PROTOCOL_MAX_MODIFIER_GROUPS, ==, 4);
  g_assert_cmpint (GROUP (saved, 0)->id, !=, GROUP (saved, 1)->id);
  g_assert_cmpint (OPTION (GROUP (saved, 1), 0)->id / KASIR_PROTOCOL_MAX_MODIFIER_OPTIONS, ==,
                   GROUP (saved, 1)->id);
  g_assert_cmpint (OPTION (GROUP (saved, 1), 0)->price, ==, 5000);
  g_assert_cmpint (GROUP (saved, 0)->version, ==, 1);
  g_assert_true (kasir_modifier_groups_check_ids (4, saved, &error));

  /* Saved again as it is: nothing changes, no version moves. */
  g_assert_true (kasir_modifier_repository_save_groups (f->modifiers, 4, saved, 1, NULL, &error));
  g_assert_no_error (error);
  again = load (f, 4);
  g_assert_cmpint (GROUP (again, 1)->version, ==, 1);
  g_clear_pointer (&again, g_ptr_array_unref);

  /* A dearer shot and the groups the other way round: only Add-ons changed, so only its
   * version moves; the order is the new one; Sugar keeps its id. */
  OPTION (GROUP (saved, 1), 0)->price = 6000;
  g_ptr_array_add (saved, g_ptr_array_steal_index (saved, 0));
  g_assert_true (kasir_modifier_repository_save_groups (f->modifiers, 4, saved, 1, NULL, &error));
  g_assert_no_error (error);
  again = load (f, 4);
  g_assert_cmpstr (GROUP (again, 0)->name, ==, "Add-ons");
  g_assert_cmpint (GROUP (again, 0)->version, ==, 2);
  g_assert_cmpint (OPTION (GROUP (again, 0), 0)->price, ==, 6000);
  g_assert_cmpstr (GROUP (again, 1)->name, ==, "Sugar");
  g_assert_cmpint (GROUP (again, 1)->version, ==, 1);
  g_assert_cmpint (GROUP (again, 1)->id, ==, GROUP (saved, 1)->id);

  /* A new group beside them takes an id neither has; removing all leaves none. */
  {
    KasirModifierGroup *ice = kasir_modifier_group_new (0, "Ice", FALSE, 1, 1);

    g_ptr_array_add (ice->options, kasir_modifier_option_new (0, "Hot", 0));
    g_ptr_array_add (again, ice);
    g_assert_true (kasir_modifier_repository_save_groups (f->modifiers, 4, again, 1, NULL, &error));
    g_assert_no_error (error);
    g_clear_pointer (&saved, g_ptr_array_unref);
    saved = load (f, 4);
    g_assert_cmpuint (saved->len, ==, 3);
    g_assert_true (kasir_modifier_groups_check_ids (4, saved, &error));
    g_assert_no_error (error);
  }
  g_ptr_array_set_size (saved, 0);
  g_assert_true (kasir_modifier_repository_save_groups (f->modifiers, 4, saved, 1, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&again, g_ptr_array_unref);
  again = load (f, 4);
  g_assert_cmpuint (again->len, ==, 0);
  g_assert_cmpint (store_test_query (f->db, "SELECT count(*) FROM modifier_options"), ==, 0);
}

static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) groups = coffee_groups (5000);
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (kasir_modifier_repository_save_groups (f->modifiers, 4, groups, 1, NULL, &error));
  g_assert_no_error (error);

  /* A negative price, a group without a name, without options, asking more than it
   * allows; a product not saved yet or unknown; too many groups: each refused, with
   * the groups as they were. */
  OPTION (GROUP (groups, 1), 0)->price = -1;
  g_assert_false (kasir_modifier_repository_save_groups (f->modifiers, 4, groups, 1, NULL, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  OPTION (GROUP (groups, 1), 0)->price = 5000;
  g_free (GROUP (groups, 0)->name);
  GROUP (groups, 0)->name = g_strdup ("  ");
  g_assert_false (kasir_modifier_repository_save_groups (f->modifiers, 4, groups, 1, NULL, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED);
  g_clear_error (&error);
  g_free (GROUP (groups, 0)->name);
  GROUP (groups, 0)->name = g_strdup ("Sugar");
  GROUP (groups, 1)->min = 3;
  g_assert_false (kasir_modifier_repository_save_groups (f->modifiers, 4, groups, 1, NULL, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  GROUP (groups, 1)->min = 0;
  g_ptr_array_set_size (GROUP (groups, 1)->options, 0);
  g_assert_false (kasir_modifier_repository_save_groups (f->modifiers, 4, groups, 1, NULL, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_false (kasir_modifier_repository_save_groups (f->modifiers, -3, groups, 1, NULL, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_clear_error (&error);
  g_clear_pointer (&groups, g_ptr_array_unref);
  groups = coffee_groups (5000);
  g_assert_false (kasir_modifier_repository_save_groups (f->modifiers, 99, groups, 1, NULL, &error));
  g_assert_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  for (guint i = 0; i < KASIR_PROTOCOL_MAX_MODIFIER_GROUPS; i++)
    g_ptr_array_add (groups, kasir_modifier_group_copy (groups->pdata[0]));
  g_assert_false (kasir_modifier_repository_save_groups (f->modifiers, 5, groups, 1, NULL, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);

  kept = load (f, 4);
  g_assert_cmpuint (kept->len, ==, 2);
  g_assert_cmpint (OPTION (GROUP (kept, 1), 0)->price, ==, 5000);
  g_assert_cmpint (GROUP (kept, 1)->min, ==, 0);
  g_assert_cmpint (store_test_query (f->db, "SELECT count(*) FROM modifier_groups WHERE product_id = 5"), ==, 0);

  /* Enrolled, a change needs a manager: refused without one, nothing queued. */
  enroll (f);
  OPTION (GROUP (kept, 1), 0)->price = 7000;
  g_assert_false (kasir_modifier_repository_save_groups (f->modifiers, 4, kept, 0, NULL, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_assert_cmpint (store_test_query (f->db, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (store_test_query (f->db, "SELECT price FROM modifier_options WHERE name = 'Extra shot'"),
                   ==, 5000);
}

static void
pull_plain (KasirDatabase *db,
            gint64         id,
            gint64         cursor)
{
  g_autoptr(KasirPullResponse) page = kasir_pull_response_new ();
  g_autoptr(KasirProduct) product = store_test_product (id, "Kopi Susu Gula Aren", 22000);
  KasirChange *change = kasir_change_new ();
  g_autoptr(GError) error = NULL;

  change->entity = g_strdup ("product");
  change->id = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  change->data = kasir_protocol_encode_product (product);
  g_ptr_array_add (page->changes, change);
  page->cursor = cursor;
  g_assert_true (kasir_sync_repository_apply_pull (db, page, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_enrolled (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (f->db);
  g_autoptr(GPtrArray) groups = coffee_groups (5000);
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(KasirOutboxEntry) entry = NULL;
  g_autoptr(KasirModifierEdit) edit = NULL;
  g_autoptr(GError) error = NULL;
  gint64 seq = 0, second = 0;

  enroll (f);
  g_assert_true (kasir_modifier_repository_save_groups (f->modifiers, 4, groups, 3, &seq, &error));
  g_assert_no_error (error);
  g_assert_cmpint (seq, >, 0);
  entry = kasir_outbox_repository_get (outbox, seq, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry->mutation->type, ==, KASIR_MUTATION_PRODUCT_MODIFIERS);
  g_assert_cmpstr (entry->entity_id, ==, "4");
  edit = kasir_protocol_decode_product_modifiers (entry->mutation->payload, &error);
  g_assert_no_error (error);
  g_assert_cmpint (edit->product_id, ==, 4);
  g_assert_cmpint (edit->staff_id, ==, 3);
  g_assert_cmpuint (edit->base_groups->len, ==, 0);
  g_assert_cmpuint (edit->groups->len, ==, 2);

  /* The till shows its edit at once, with the ids and versions the server will give. */
  saved = load (f, 4);
  g_assert_cmpuint (saved->len, ==, 2);
  g_assert_cmpint (GROUP (saved, 0)->id, ==, GROUP (edit->groups, 0)->id);
  g_assert_cmpint (GROUP (saved, 1)->version, ==, 1);

  /* A pull of the product before the edit reached the server keeps the edit shown. */
  pull_plain (f->db, 4, 1);
  g_clear_pointer (&saved, g_ptr_array_unref);
  saved = load (f, 4);
  g_assert_cmpuint (saved->len, ==, 2);

  /* The next edit names what the till has now as its base. */
  OPTION (GROUP (saved, 1), 0)->price = 6000;
  g_assert_true (kasir_modifier_repository_save_groups (f->modifiers, 4, saved, 3, &second, &error));
  g_assert_no_error (error);
  g_assert_cmpint (second, ==, seq + 1);
  g_clear_pointer (&entry, kasir_outbox_entry_free);
  g_clear_pointer (&edit, kasir_modifier_edit_free);
  entry = kasir_outbox_repository_get (outbox, second, &error);
  edit = kasir_protocol_decode_product_modifiers (entry->mutation->payload, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (edit->base_groups->len, ==, 2);
  g_assert_cmpint (((KasirModifierBase *) edit->base_groups->pdata[1])->version, ==, 1);
  g_assert_cmpint (GROUP (edit->groups, 1)->version, ==, 2);

  /* Acknowledged, the server's groups come with the next pull and replace the edit. */
  g_assert_true (kasir_outbox_repository_mark_acked (outbox, seq, NULL, &error));
  g_assert_true (kasir_outbox_repository_mark_acked (outbox, second, NULL, &error));
  g_assert_no_error (error);
  pull_plain (f->db, 4, 2);
  g_clear_pointer (&saved, g_ptr_array_unref);
  saved = load (f, 4);
  g_assert_cmpuint (saved->len, ==, 0);
}

/* A group options were sold from, then removed, does not give its id to a new group: the
 * server keeps each id's versions, and the till could not foresee the new group's. */
static void
test_sold_id_kept (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (f->db);
  g_autoptr(GPtrArray) groups = coffee_groups (5000);
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(GPtrArray) options = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GArray) chosen = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", TRUE);
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(KasirProduct) product = store_test_product (4, "Kopi Susu Gula Aren", 22000);
  g_autoptr(GError) error = NULL;
  KasirModifierGroup *ice;
  KasirMoney price = 0;
  gint64 addons_id;

  g_assert_true (kasir_modifier_repository_save_groups (f->modifiers, 4, groups, 1, NULL, &error));
  g_assert_no_error (error);
  saved = load (f, 4);
  addons_id = GROUP (saved, 1)->id;

  /* A coffee with normal sugar and an extra shot is sold. */
  g_array_append_val (chosen, OPTION (GROUP (saved, 0), 0)->id);
  g_array_append_val (chosen, OPTION (GROUP (saved, 1), 0)->id);
  options = kasir_modifier_choose_options (saved, chosen, &price, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kasir_cart_add_product_with_options (cart, product, 1, options));
  g_assert_true (kasir_cart_compute (cart, &error));
  g_ptr_array_add (payments, kasir_payment_new (KASIR_PAYMENT_CASH, cart->total));
  sale = kasir_cart_to_sale (cart, payments, 0, &error);
  g_assert_no_error (error);
  sale->staff_id = 3;
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);

  /* Add-ons (the highest id) removed, and then Ice added: Ice takes another id. */
  g_ptr_array_remove_index (saved, 1);
  g_assert_true (kasir_modifier_repository_save_groups (f->modifiers, 4, saved, 1, NULL, &error));
  g_assert_no_error (error);
  ice = kasir_modifier_group_new (0, "Ice", FALSE, 1, 1);
  g_ptr_array_add (ice->options, kasir_modifier_option_new (0, "Hot", 0));
  g_ptr_array_add (saved, ice);
  g_assert_true (kasir_modifier_repository_save_groups (f->modifiers, 4, saved, 1, NULL, &error));
  g_assert_no_error (error);
  again = load (f, 4);
  g_assert_cmpuint (again->len, ==, 2);
  g_assert_cmpstr (GROUP (again, 1)->name, ==, "Ice");
  g_assert_cmpint (GROUP (again, 1)->id, !=, addons_id);
  g_assert_cmpint (GROUP (again, 1)->id / KASIR_PROTOCOL_MAX_MODIFIER_GROUPS, ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/Kasir/StoreModifierEdit/standalone", Fixture, NULL, fixture_set_up, test_standalone,
              fixture_tear_down);
  g_test_add ("/Kasir/StoreModifierEdit/bad-input", Fixture, NULL, fixture_set_up, test_bad_input,
              fixture_tear_down);
  g_test_add ("/Kasir/StoreModifierEdit/sold-id-kept", Fixture, NULL, fixture_set_up, test_sold_id_kept,
              fixture_tear_down);
  g_test_add ("/Kasir/StoreModifierEdit/enrolled", Fixture, NULL, fixture_set_up, test_enrolled,
              fixture_tear_down);

  return g_test_run ();
}
