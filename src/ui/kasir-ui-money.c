/* kasir-ui-money.c — money as the till shows it and reads it.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-ui-money.h"

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
  const KasirCurrency *currency = kasir_currency_lookup (currency_code);
  KasirNumberFormat format;

  kasir_number_format_current (&format);

  return kasir_money_parse (text, currency != NULL ? currency->exponent : 0, &format, out, error);
}

gboolean
kasir_ui_percent_parse (const char  *text,
                        gint64      *out_bp,
                        GError     **error)
{
  KasirNumberFormat format;
  KasirMoney bp;

  kasir_number_format_current (&format);

  /* A percentage with two decimals is a number with exponent 2 in minor units, which is
   * exactly basis points. */
  if (!kasir_money_parse (text, 2, &format, &bp, error))
    return FALSE;
  if (bp < 0 || bp > 10000)
    {
      g_set_error (error, KASIR_MONEY_ERROR, KASIR_MONEY_ERROR_INVALID,
                   _("A percentage must be between 0 and 100"));
      return FALSE;
    }
  *out_bp = bp;

  return TRUE;
}
