/* kasir-ui-money.h — money as the till shows it and reads it.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kasir-money.h"

G_BEGIN_DECLS

/* Formats @amount of @currency_code ("IDR") with the marks of the current locale. An
 * unknown code formats without a symbol. */
char     *kasir_ui_money_format (KasirMoney   amount,
                                 const char  *currency_code);

/* Parses what a cashier typed, in the current locale, for @currency_code, as the shop
 * writes it ("Rp 500.000", "500rb"; see kasir_money_parse_typed()). */
gboolean  kasir_ui_money_parse  (const char  *text,
                                 const char  *currency_code,
                                 KasirMoney  *out,
                                 GError     **error);

/* Parses a percentage such as "10", "10%" or "12,5" into basis points (0..10000). */
gboolean  kasir_ui_percent_parse (const char *text,
                                  gint64     *out_bp,
                                  GError    **error);

G_END_DECLS
