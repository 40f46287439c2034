/* kasir-money-input.h — amounts as a shop writes them: "Rp 500.000", "500rb", "10%".
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kasir-money.h"

G_BEGIN_DECLS

/* Parses an amount as a cashier writes it, into minor units of @currency (NULL: no
 * symbol, no decimals). On top of kasir_money_parse() in @format it understands:
 *  - the currency's symbol or code before or after the number ("Rp 500.000", "Rp.5.000",
 *    "500.000 IDR"), and a sign before or after the symbol;
 *  - "rb"/"ribu"/"k" for thousands and "jt"/"juta" for millions ("500rb", "1,5jt");
 *  - the other common way of marking groups and decimals when the locale's way does not
 *    read ("500,000" in id_ID, "500.000" in en_US), and zero decimals on a currency that
 *    has none ("15.000,00").
 * What still does not read is refused with the error of the locale's own reading. */
gboolean kasir_money_parse_typed   (const char              *text,
                                    const KasirCurrency     *currency,
                                    const KasirNumberFormat *format,
                                    KasirMoney              *out,
                                    GError                 **error);

/* Parses a percentage ("10", "10%", "12,5 %") into basis points, 0 to 10000. */
gboolean kasir_percent_parse_typed (const char              *text,
                                    const KasirNumberFormat *format,
                                    gint64                  *out_bp,
                                    GError                 **error);

/* Whether @text ends with a percent sign (spaces aside): "10%" is a percentage wherever
 * it is typed. */
gboolean kasir_text_is_percent     (const char              *text);

/* Whether @text carries @currency's symbol or code at either end ("Rp 20.000",
 * "20.000 IDR"): an amount of money wherever it is typed, never a percentage. */
gboolean kasir_text_names_currency (const char              *text,
                                    const KasirCurrency     *currency);

G_END_DECLS
