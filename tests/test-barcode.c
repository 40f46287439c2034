/* test-barcode.c — check digits of EAN-8, UPC-A and EAN-13, and in-store codes.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kasir-barcode.h"
#include "kasir-input-error.h"

/* Codes printed on real packs (and in the GS1 examples), with their right check digit. */
static const struct
{
  const char       *code;
  KasirBarcodeKind  kind;
} good[] = {
  { "4006381333931", KASIR_BARCODE_EAN13 },
  { "8992761002206", KASIR_BARCODE_EAN13 },
  { "5901234123457", KASIR_BARCODE_EAN13 },
  { "96385074", KASIR_BARCODE_EAN8 },
  { "73513537", KASIR_BARCODE_EAN8 },
  { "036000291452", KASIR_BARCODE_UPCA },
  { "012345678905", KASIR_BARCODE_UPCA },
};

static void
test_good_codes (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (kasir_barcode_kind (good[i].code), ==, good[i].kind);
      g_assert_true (kasir_barcode_validate (good[i].code, &error));
      g_assert_no_error (error);
    }
}

static void
test_every_wrong_check_digit (void)
{
  /* Every other last digit of every good code is refused, and the message names the
   * right one. */
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      gsize len = strlen (good[i].code);
      char right = good[i].code[len - 1];

      for (char d = '0'; d <= '9'; d++)
        {
          g_autofree char *code = g_strdup (good[i].code);
          g_autoptr(GError) error = NULL;
          g_autofree char *hint = NULL;

          if (d == right)
            continue;
          code[len - 1] = d;
          g_assert_false (kasir_barcode_validate (code, &error));
          g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
          hint = g_strdup_printf ("should be %c", right);
          g_assert_nonnull (strstr (error->message, hint));
        }
    }
}

static void
test_one_digit_typos_caught (void)
{
  /* A single mistyped digit anywhere changes the check digit: the rule's whole point. */
  const char *code = "8992761002206";
  gsize len = strlen (code);

  for (gsize pos = 0; pos + 1 < len; pos++)
    for (char d = '0'; d <= '9'; d++)
      {
        g_autofree char *typo = g_strdup (code);

        if (d == code[pos])
          continue;
        typo[pos] = d;
        g_assert_false (kasir_barcode_validate (typo, NULL));
      }
}

static void
test_other_codes (void)
{
  static const char * const allowed[] = { "KS-01", "ABC123", "1234567", "12345678901234", "9" };
  static const char * const refused[] = { "", "12 34", "kopi/susu", "ü123", "12.5" };
  g_autofree char *long_code = g_strnfill (65, '7');
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    {
      g_assert_cmpint (kasir_barcode_kind (allowed[i]), ==, KASIR_BARCODE_OTHER);
      g_assert_true (kasir_barcode_validate (allowed[i], NULL));
    }
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    g_assert_false (kasir_barcode_validate (refused[i], NULL));
  g_assert_false (kasir_barcode_validate (NULL, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_false (kasir_barcode_validate (long_code, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_TOO_LONG);
}

static void
test_in_store (void)
{
  for (guint prefix = 0; prefix <= 9; prefix++)
    {
      static const guint64 serials[] = { 0, 1, 42, 9999999999 };

      for (guint i = 0; i < G_N_ELEMENTS (serials); i++)
        {
          g_autofree char *code = kasir_barcode_make_in_store (prefix, serials[i]);
          g_autofree char *body = NULL;

          g_assert_cmpuint (strlen (code), ==, 13);
          g_assert_cmpint (code[0], ==, '2');
          g_assert_cmpint (code[1], ==, '0' + (int) prefix);
          g_assert_cmpint (g_ascii_strtoull (code + 2, NULL, 10) / 10, ==, serials[i]);
          g_assert_true (kasir_barcode_validate (code, NULL));
          g_assert_true (kasir_barcode_is_in_store (code));
        }
    }
  /* The check digit again by the rule written long-hand from the left (weights 1, 3,
   * 1, ...), independent of the library's loop: 2·1 + 1·3 = 5, so the digit is 5. */
  {
    g_autofree char *code = kasir_barcode_make_in_store (0, 1);
    const char *digits = "200000000001";
    guint sum = 0;

    for (guint i = 0; i < 12; i++)
      sum += (guint) (digits[i] - '0') * (i % 2 == 0 ? 1 : 3);
    g_assert_cmpint (code[12] - '0', ==, (10 - sum % 10) % 10);
    g_assert_cmpstr (code, ==, "2000000000015");
  }
  g_assert_false (kasir_barcode_is_in_store ("4006381333931"));
  g_assert_false (kasir_barcode_is_in_store ("96385074"));
  g_assert_false (kasir_barcode_is_in_store ("2000000000010"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Barcode/good-codes", test_good_codes);
  g_test_add_func ("/Kasir/Barcode/every-wrong-check-digit", test_every_wrong_check_digit);
  g_test_add_func ("/Kasir/Barcode/one-digit-typos-caught", test_one_digit_typos_caught);
  g_test_add_func ("/Kasir/Barcode/other-codes", test_other_codes);
  g_test_add_func ("/Kasir/Barcode/in-store", test_in_store);

  return g_test_run ();
}
