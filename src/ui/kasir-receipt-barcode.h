/* kasir-receipt-barcode.h — the receipt number as a barcode a till's scanner reads back.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* The digits the barcode carries for @receipt_no ("7-000123" → "17000123": the length of
 * the till's number, the till's number, the receipt's own number). NULL when
 * @receipt_no is not "<digits>-<digits>" (up to 9 digits of till). */
char    *kasir_receipt_barcode_digits     (const char *receipt_no);
/* Back from scanned digits to the receipt number, for looking a sale up; NULL when
 * @digits are not such a code. */
char    *kasir_receipt_barcode_receipt_no (const char *digits);
/* The bars of @digits in Interleaved 2 of 5, one character per narrow module: '1' a bar,
 * '0' a space; wide elements are three modules. Quiet zones are not included. NULL when
 * @digits is not an even number of digits. */
char    *kasir_receipt_barcode_modules    (const char *digits);
/* Draws the barcode of @digits with its left edge at @x, @y, @module points per module
 * and @height tall, in the current source. Returns its width, 0 if nothing was drawn. */
double   kasir_receipt_barcode_draw       (cairo_t    *cr,
                                           const char *digits,
                                           double      x,
                                           double      y,
                                           double      module,
                                           double      height);

G_END_DECLS
