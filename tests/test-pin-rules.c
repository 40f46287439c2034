/* test-pin-rules.c — what a new PIN must be for each role.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kasir-input-error.h"
#include "kasir-pin-rules.h"

static void
test_lengths (void)
{
  static const struct
  {
    const char *role, *pin;
    gboolean    ok;
  } cases[] = {
    { "cashier", "1234", TRUE },
    { "cashier", "123", FALSE },
    { "cashier", "123456789012", TRUE },
    { "cashier", "1234567890123", FALSE },
    { "supervisor", "12345", FALSE },
    { "supervisor", "123456", TRUE },
    { "manager", "1234", FALSE },
    { "manager", "12345", FALSE },
    { "manager", "123456", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = kasir_pin_check_new (cases[i].role, cases[i].pin, cases[i].pin, &error);

      if (ok != cases[i].ok)
        g_error ("%s with %zu digits: %s", cases[i].role, strlen (cases[i].pin),
                 ok ? "accepted" : error->message);
      if (!ok)
        g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE);
    }
  g_assert_cmpuint (kasir_pin_min_digits ("cashier"), ==, 4);
  g_assert_cmpuint (kasir_pin_min_digits ("manager"), ==, 6);
  g_assert_cmpuint (kasir_pin_min_digits ("owner"), ==, 0);
}

static void
test_bad_pins (void)
{
  static const char * const not_digits[] = { "12a4", "12 34", "１２３４", "-1234", "12.34" };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (not_digits); i++)
    {
      g_assert_false (kasir_pin_check_new ("cashier", not_digits[i], not_digits[i], &error));
      g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "digits only"));
      /* The message never repeats the PIN. */
      g_assert_null (strstr (error->message, not_digits[i]));
      g_clear_error (&error);
    }
  g_assert_false (kasir_pin_check_new ("cashier", "1234", "1243", &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "not the same"));
  g_clear_error (&error);
  g_assert_false (kasir_pin_check_new ("cashier", "1234", NULL, &error));
  g_clear_error (&error);
  g_assert_false (kasir_pin_check_new ("cashier", "", "", &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_false (kasir_pin_check_new ("owner", "123456", "123456", &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/PinRules/lengths", test_lengths);
  g_test_add_func ("/Kasir/PinRules/bad-pins", test_bad_pins);

  return g_test_run ();
}
