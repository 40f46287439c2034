/* kasir-ui-money.c — money as the till shows it and reads it.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-ui-money.h"
#include "kasir-money-input.h"

char *
kasir_ui_money_format (KasirMoney  amount,
                       const char *currency_code)
{
  KasirNumberFormat format;

  kasir_number_format_current (&format);

  return kasir_money_format (amount, kasir_currency_lookup (currency_code), &format);
}

gboolean
kasir_ui_money_parse (const char  *text,
                      const char  *currency_code,
                      KasirMoney  *out,
                      GError     **error)
{
  KasirNumberFormat format;

  kasir_number_format_current (&format);

  return kasir_money_parse_typed (text, kasir_currency_lookup (currency_code), &format, out, error);
}

gboolean
kasir_ui_percent_parse (const char  *text,
                        gint64      *out_bp,
                        GError     **error)
{
  KasirNumberFormat format;

  kasir_number_format_current (&format);

  return kasir_percent_parse_typed (text, &format, out_bp, error);
}
