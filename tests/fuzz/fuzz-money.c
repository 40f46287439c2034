/* fuzz-money.c — kasir_money_parse(), what a cashier types. The first byte picks the
 * currency's number of decimals, the second the number format; the rest is the text. An
 * amount that parses is formatted and must parse back to the same amount.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"
#include "kasir-money.h"

static const KasirNumberFormat formats[] = {
  { '.', ',' },     /* en_US */
  { ',', '.' },     /* id_ID */
  { ',', 0x00A0 },  /* fr_FR: no-break space */
  { '.', 0 },       /* no grouping */
  { ',', 0 },
  { '.', '.' },     /* a broken locale: the same mark twice */
  { ',', 0x202F },  /* narrow no-break space */
  { '.', '\'' },    /* de_CH style */
};

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autofree char *text = NULL;
  g_autofree char *written = NULL;
  g_autofree char *shown = NULL;
  const KasirNumberFormat *format;
  KasirCurrency currency = { "XXX", 0, "" };
  KasirCurrency with_symbol = { "XXX", 0, "Rp" };
  KasirMoney amount = 0, again = 0;

  if (size < 2)
    return 0;
  /* Mostly the exponents real currencies have (0 to 4), sometimes up to the limit. */
  currency.exponent = data[0] < 0xF0 ? data[0] % 5 : 15 + (data[0] & 3);
  with_symbol.exponent = currency.exponent;
  format = &formats[data[1] % G_N_ELEMENTS (formats)];
  text = g_strndup ((const char *) data + 2, size - 2);

  if (!kasir_money_parse (text, currency.exponent, format, &amount, &error))
    {
      if (error == NULL)
        fuzz_fail ("kasir_money_parse failed without an error", text, NULL);
      return 0;
    }
  if (error != NULL)
    fuzz_fail ("kasir_money_parse succeeded with an error", text, error->message);

  written = kasir_money_format (amount, &currency, format);
  if (!kasir_money_parse (written, currency.exponent, format, &again, &error2))
    fuzz_fail ("an amount as formatted does not parse", written, error2->message);
  if (again != amount)
    fuzz_fail ("an amount as formatted parses to another amount", text, written);

  shown = kasir_money_format (amount, &with_symbol, format);
  if (shown == NULL || !g_utf8_validate (shown, -1, NULL))
    fuzz_fail ("kasir_money_format wrote no text", text, NULL);
  return 0;
}
