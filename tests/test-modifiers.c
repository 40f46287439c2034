/* test-modifiers.c — modifier groups and a cashier's choice: a coffee with two required
 * single-choice groups (sugar, ice) and an optional add-on group with priced options.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kasir-input-error.h"
#include "kasir-models.h"
#include "kasir-modifier.h"

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Modifiers/groups-checked", test_groups_checked);
  g_test_add_func ("/Kasir/Modifiers/choice", test_choice);

  return g_test_run ();
}
