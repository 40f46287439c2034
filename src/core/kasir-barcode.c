/* kasir-barcode.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kasir-barcode.h"
#include "kasir-input-error.h"

#define MAX_BARCODE_LEN 64

int
kasir_barcode_check_digit (const char *digits,
                           gsize       len)
{
  guint sum = 0;

  g_return_val_if_fail (digits != NULL, -1);

  /* Weights 3, 1, 3, ... counted from the digit next to the check digit. */
  for (gsize i = 0; i < len; i++)
    {
      char c = digits[len - 1 - i];

      if (!g_ascii_isdigit (c))
        return -1;
      sum += (guint) (c - '0') * (i % 2 == 0 ? 3 : 1);
    }

  return (int) ((10 - sum % 10) % 10);
}

static gboolean
all_digits (const char *code)
{
  if (*code == '\0')
    return FALSE;
  for (const char *p = code; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

KasirBarcodeKind
kasir_barcode_kind (const char *code)
{
  g_return_val_if_fail (code != NULL, KASIR_BARCODE_OTHER);

  if (!all_digits (code))
    return KASIR_BARCODE_OTHER;
  switch (strlen (code))
    {
    case 8:
      return KASIR_BARCODE_EAN8;
    case 12:
      return KASIR_BARCODE_UPCA;
    case 13:
      return KASIR_BARCODE_EAN13;
    default:
      return KASIR_BARCODE_OTHER;
    }
}

static const char *
kind_name (KasirBarcodeKind kind)
{
  switch (kind)
    {
    case KASIR_BARCODE_EAN8:
      return "EAN-8";
    case KASIR_BARCODE_UPCA:
      return "UPC-A";
    case KASIR_BARCODE_EAN13:
      return "EAN-13";
    case KASIR_BARCODE_OTHER:
    default:
      return "";
    }
}

gboolean
kasir_barcode_validate (const char  *code,
                        GError     **error)
{
  KasirBarcodeKind kind;
  gsize len;
  int want;

  if (code == NULL || *code == '\0')
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED,
                           _("The barcode is empty"));
      return FALSE;
    }
  len = strlen (code);
  if (len > MAX_BARCODE_LEN)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_TOO_LONG,
                   _("A barcode can have at most %d characters"), MAX_BARCODE_LEN);
      return FALSE;
    }
  for (const char *p = code; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      {
        g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                             _("A barcode can only have letters, digits and dashes"));
        return FALSE;
      }

  kind = kasir_barcode_kind (code);
  if (kind == KASIR_BARCODE_OTHER)
    return TRUE;
  want = kasir_barcode_check_digit (code, len - 1);
  if (want != code[len - 1] - '0')
    {
      /* TRANSLATORS: "The EAN-13 barcode 4006381333932 has a wrong check digit: the
       * last digit should be 1". */
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("The %s barcode %s has a wrong check digit: the last digit should be %d"),
                   kind_name (kind), code, want);
      return FALSE;
    }

  return TRUE;
}

gboolean
kasir_barcode_is_in_store (const char *code)
{
  g_return_val_if_fail (code != NULL, FALSE);

  return kasir_barcode_kind (code) == KASIR_BARCODE_EAN13 && code[0] == '2' &&
         kasir_barcode_validate (code, NULL);
}

char *
kasir_barcode_make_in_store (guint   prefix_digit,
                             guint64 serial)
{
  char code[14];

  g_return_val_if_fail (prefix_digit <= 9, NULL);
  g_return_val_if_fail (serial < G_GUINT64_CONSTANT (10000000000), NULL);

  g_snprintf (code, sizeof code, "2%u%010" G_GUINT64_FORMAT, prefix_digit, serial);
  code[12] = (char) ('0' + kasir_barcode_check_digit (code, 12));
  code[13] = '\0';

  return g_strdup (code);
}
