/* kasir-money.h — money in integer minor units; parsing, formatting, tax, rounding.
 *
 * THE ROUNDING RULE. Every division of money in Kasir (percentages, tax, splitting a cart
 * discount over lines) rounds to the nearest minor unit, and an exact half rounds AWAY
 * FROM ZERO: 2.5 -> 3, -2.5 -> -3, 2.4999 -> 2. This is what Indonesian retail and most
 * receipts do by hand. kasir_money_div_round() is the one place it is done; every other
 * function calls it. All arithmetic is overflow-checked: a result outside gint64 is an
 * error (KASIR_MONEY_ERROR_OVERFLOW), never a wrap-around.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kasir-types.h"

G_BEGIN_DECLS

#define KASIR_MONEY_ERROR (kasir_money_error_quark ())

typedef enum
{
  KASIR_MONEY_ERROR_INVALID,     /* not a number a cashier could mean */
  KASIR_MONEY_ERROR_OVERFLOW,    /* outside gint64 minor units */
  KASIR_MONEY_ERROR_PRECISION,   /* more decimals than the currency has */
} KasirMoneyError;

GQuark kasir_money_error_quark (void);

typedef struct
{
  char  code[4];      /* ISO 4217 */
  guint exponent;     /* minor-unit digits: IDR 0 (no sen in practice), USD 2 */
  const char *symbol; /* "Rp", "$" */
} KasirCurrency;

/* The currency a till uses until it is told another: the one place it is named. */
#define KASIR_DEFAULT_CURRENCY "IDR"

/* Known currencies: IDR (0), USD (2), EUR (2), SGD (2), MYR (2), JPY (0). NULL if unknown. */
const KasirCurrency *kasir_currency_lookup (const char *code);
/* @code when it names a known currency, else KASIR_DEFAULT_CURRENCY. Never NULL. */
const char          *kasir_currency_code_or_default (const char *code);

typedef struct
{
  gunichar decimal_mark;  /* ',' in id_ID, '.' in en_US */
  gunichar group_mark;    /* '.' in id_ID, ',' in en_US; 0 for none */
} KasirNumberFormat;

/* The marks for a locale name such as "id_ID.UTF-8" or "en_US"; unknown → en_US style. */
void kasir_number_format_for_locale  (const char        *locale,
                                      KasirNumberFormat *out);
/* The marks of the current LC_NUMERIC locale. */
void kasir_number_format_current     (KasirNumberFormat *out);

/* Parses what a cashier typed into minor units of a currency with @exponent digits.
 * Accepts surrounding spaces, an optional leading '-', group marks only in valid
 * positions (groups of three), and at most @exponent decimals after the decimal mark.
 * In id_ID: "12.500" = 12500, "12,50" = 12 and 50/100. In en_US: "12.50", "12,500".
 * Rejects empty text, letters, two decimal marks, misplaced group marks, too many decimals
 * and anything outside gint64. */
gboolean kasir_money_parse   (const char              *text,
                              guint                    exponent,
                              const KasirNumberFormat *format,
                              KasirMoney              *out,
                              GError                 **error);

/* Formats minor units for people: "Rp 15.000", "-$1,234.50". With @currency NULL, no symbol
 * and exponent 0. Always succeeds, including G_MININT64. */
char    *kasir_money_format  (KasirMoney               amount,
                              const KasirCurrency     *currency,
                              const KasirNumberFormat *format);

/* Overflow-checked helpers: FALSE on overflow, *out untouched. */
gboolean kasir_money_add     (gint64 a, gint64 b, gint64 *out);
gboolean kasir_money_sub     (gint64 a, gint64 b, gint64 *out);
gboolean kasir_money_mul     (gint64 a, gint64 b, gint64 *out);

/* THE rounding rule: num / den rounded half away from zero. den != 0. 128-bit inside, so
 * it is exact for every gint64 input; FALSE only if the quotient leaves gint64. */
gboolean kasir_money_div_round (gint64 num, gint64 den, gint64 *out);
/* a * b / den with the rounding rule, exact through 128-bit intermediates. */
gboolean kasir_money_mul_div   (gint64 a, gint64 b, gint64 den, gint64 *out);

/* Percentage in basis points (1250 = 12.5%) of an amount, rounded by the rule. */
gboolean kasir_money_percent (KasirMoney amount, gint64 basis_points, KasirMoney *out);

/* Tax contained in a tax-inclusive @gross: gross * bp / (10000 + bp), rounded by the rule.
 * 30000 at 1100 bp -> 2973. */
gboolean kasir_tax_included  (KasirMoney gross, guint rate_bp, KasirMoney *out);
/* Tax to add on a tax-exclusive @net: net * bp / 10000, rounded by the rule. */
gboolean kasir_tax_excluded  (KasirMoney net, guint rate_bp, KasirMoney *out);

G_END_DECLS
