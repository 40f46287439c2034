/* kasir-barcode.h — the check digit of retail barcodes, and in-store codes.
 *
 * A product's barcode is free text of letters, digits and dashes (a supplier's own code
 * is allowed), but a code of 8, 12 or 13 digits is read as EAN-8, UPC-A or EAN-13 and
 * must carry its right check digit: a mistyped digit is caught where it is typed, not
 * at the scanner weeks later. EAN-13 codes starting with 20–29 are the GS1 range for a
 * shop's own use; the till makes one on request for a product that has no barcode.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  KASIR_BARCODE_OTHER,   /* not all digits, or a length of no retail symbology */
  KASIR_BARCODE_EAN8,
  KASIR_BARCODE_UPCA,
  KASIR_BARCODE_EAN13,
} KasirBarcodeKind;

/* The check digit (0-9) of the @len digits at @digits (the code without its last
 * digit), by the GS1 rule shared by EAN-8, UPC-A and EAN-13. -1 when a character is
 * not a digit. */
int              kasir_barcode_check_digit   (const char  *digits,
                                              gsize        len);
/* The kind @code has by its form alone (its length, all digits or not). */
KasirBarcodeKind kasir_barcode_kind          (const char  *code);
/* TRUE when @code is a barcode a product may have: 1-64 ASCII letters, digits or
 * dashes, and when it is an EAN-8, UPC-A or EAN-13 by form, its check digit is right.
 * Otherwise KASIR_INPUT_ERROR naming the problem (the right check digit, too). */
gboolean         kasir_barcode_validate      (const char  *code,
                                              GError     **error);
/* TRUE when @code is an EAN-13 of the in-store range (first digits 20-29). */
gboolean         kasir_barcode_is_in_store   (const char  *code);
/* An EAN-13 of the in-store range: "2" then @prefix_digit (0-9), then @serial
 * (0 ..< 10^10) as ten digits, then the check digit. Newly allocated. */
char            *kasir_barcode_make_in_store (guint        prefix_digit,
                                              guint64      serial);

G_END_DECLS
