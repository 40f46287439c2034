/* kasir-receipt-barcode.c — the receipt number as a barcode a till's scanner reads back.
 *
 * Interleaved 2 of 5 carries digits only, in pairs: the first digit of a pair in the
 * bars, the second in the spaces between them. Each digit is five elements of which two
 * are wide; the wide positions weigh 1, 2, 4, 7 and 0, and their sum is the digit (11
 * stands for 0). Every keyboard-wedge scanner reads it, and it needs no table of
 * patterns: the weights give them.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kasir-receipt-barcode.h"

#define WIDE 3

static const guint weights[5] = { 1, 2, 4, 7, 0 };

/* Which of the five elements of @digit are wide, as a bit mask (bit 0 = first). */
static guint
wide_elements (guint digit)
{
  guint target = digit == 0 ? 11 : digit;

  for (guint a = 0; a < 5; a++)
    for (guint b = a + 1; b < 5; b++)
      if (weights[a] + weights[b] == target)
        return (1u << a) | (1u << b);

  g_assert_not_reached ();
}

char *
kasir_receipt_barcode_digits (const char *receipt_no)
{
  const char *dash;
  gsize till_len;
  g_autofree char *digits = NULL;

  if (receipt_no == NULL || (dash = strchr (receipt_no, '-')) == NULL)
    return NULL;
  till_len = dash - receipt_no;
  if (till_len == 0 || till_len > 9 || dash[1] == '\0')
    return NULL;
  for (const char *p = receipt_no; *p != '\0'; p++)
    if (p != dash && !g_ascii_isdigit (*p))
      return NULL;

  digits = g_strdup_printf ("%u%.*s%s", (guint) till_len, (int) till_len, receipt_no, dash + 1);
  /* Interleaved 2 of 5 takes pairs: an odd count gets a leading 0, which the length
   * digit then reads as 0 and the decoder skips. */
  if (strlen (digits) % 2 != 0)
    return g_strconcat ("0", digits, NULL);

  return g_steal_pointer (&digits);
}

char *
kasir_receipt_barcode_receipt_no (const char *digits)
{
  guint till_len;

  if (digits == NULL)
    return NULL;
  for (const char *p = digits; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return NULL;
  /* The leading 0 that made the count even. */
  if (digits[0] == '0')
    digits++;
  if (digits[0] == '\0')
    return NULL;
  till_len = digits[0] - '0';
  if (till_len == 0 || strlen (digits) < till_len + 2)
    return NULL;

  return g_strdup_printf ("%.*s-%s", (int) till_len, digits + 1, digits + 1 + till_len);
}

static void
append_element (GString *out,
                char     kind,
                gboolean wide)
{
  for (guint i = 0; i < (wide ? WIDE : 1); i++)
    g_string_append_c (out, kind);
}

char *
kasir_receipt_barcode_modules (const char *digits)
{
  GString *out;
  gsize len;

  if (digits == NULL || (len = strlen (digits)) == 0 || len % 2 != 0)
    return NULL;
  for (const char *p = digits; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return NULL;

  out = g_string_new (NULL);
  /* Start: narrow bar, narrow space, narrow bar, narrow space. */
  g_string_append (out, "1010");
  for (gsize i = 0; i < len; i += 2)
    {
      guint bars = wide_elements (digits[i] - '0');
      guint spaces = wide_elements (digits[i + 1] - '0');

      for (guint e = 0; e < 5; e++)
        {
          append_element (out, '1', (bars >> e) & 1);
          append_element (out, '0', (spaces >> e) & 1);
        }
    }
  /* Stop: wide bar, narrow space, narrow bar. */
  append_element (out, '1', TRUE);
  g_string_append (out, "01");

  return g_string_free (out, FALSE);
}

double
kasir_receipt_barcode_draw (cairo_t    *cr,
                            const char *digits,
                            double      x,
                            double      y,
                            double      module,
                            double      height)
{
  g_autofree char *modules = kasir_receipt_barcode_modules (digits);
  gsize n;

  if (modules == NULL)
    return 0;
  n = strlen (modules);
  for (gsize i = 0; i < n; i++)
    if (modules[i] == '1')
      cairo_rectangle (cr, x + i * module, y, module, height);
  cairo_fill (cr);

  return n * module;
}
