/* kasir-money-input.c — amounts as a shop writes them: "Rp 500.000", "500rb", "10%".
 *
 * The strict reader (kasir_money_parse) knows one locale's marks. People copy amounts
 * from price tags, messages and other tills, so this layer takes off what is not the
 * number (a currency symbol, "rb" for thousands), tries the locale's reading first and
 * then the other common one, and keeps the locale's error when nothing reads. It never
 * guesses between two readings that both work: the locale's wins.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kasir-money-input.h"

typedef struct
{
  const char *word;
  guint       digits;   /* the power of ten it multiplies by */
} Multiplier;

/* Longest first, so "ribu" is not read as "rb"... and "juta" not as "jt". */
static const Multiplier multipliers[] = {
  { "ribu", 3 }, { "juta", 6 }, { "rb", 3 }, { "jt", 6 }, { "k", 3 },
};

static gboolean
take_prefix (GString    *s,
             const char *word)
{
  gsize n = strlen (word);

  if (n == 0 || s->len < n || g_ascii_strncasecmp (s->str, word, n) != 0)
    return FALSE;
  g_string_erase (s, 0, n);
  return TRUE;
}

static gboolean
take_suffix (GString    *s,
             const char *word)
{
  gsize n = strlen (word);

  if (n == 0 || s->len < n || g_ascii_strcasecmp (s->str + s->len - n, word) != 0)
    return FALSE;
  g_string_truncate (s, s->len - n);
  return TRUE;
}

static void
strip_spaces (GString *s)
{
  g_strstrip (s->str);
  s->len = strlen (s->str);
}

static gboolean
take_sign (GString *s)
{
  strip_spaces (s);
  if (s->len > 0 && s->str[0] == '-')
    {
      g_string_erase (s, 0, 1);
      strip_spaces (s);
      return TRUE;
    }
  return FALSE;
}

/* Takes the currency's symbol or code off either end: "Rp 5.000", "Rp.5.000", "5.000 Rp",
 * "IDR 5000". */
static void
take_currency (GString             *s,
               const KasirCurrency *currency)
{
  const char *names[2] = { NULL, NULL };

  if (currency == NULL)
    return;
  names[0] = currency->symbol;
  names[1] = currency->code;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (names[i] == NULL || names[i][0] == '\0')
        continue;
      if (take_prefix (s, names[i]))
        {
          /* "Rp." is how many write the abbreviation; the dot is not a number's. */
          if (s->len > 0 && s->str[0] == '.' && g_ascii_isalpha (names[i][0]))
            g_string_erase (s, 0, 1);
          strip_spaces (s);
          return;
        }
      if (take_suffix (s, names[i]))
        {
          strip_spaces (s);
          return;
        }
    }
}

static guint
take_multiplier (GString *s)
{
  for (guint i = 0; i < G_N_ELEMENTS (multipliers); i++)
    {
      gsize n = strlen (multipliers[i].word);

      /* The word must follow a digit (spaces aside): "k" alone is not an amount. */
      if (s->len > n && take_suffix (s, multipliers[i].word))
        {
          strip_spaces (s);
          if (s->len > 0 && g_ascii_isdigit (s->str[s->len - 1]))
            return multipliers[i].digits;
          g_string_append (s, multipliers[i].word);
          return 0;
        }
    }
  return 0;
}

/* "1,5" or "1.5" with a multiplier: one mark at most, and it is a decimal mark. */
static gboolean
parse_multiplied (const char  *number,
                  gboolean     negative,
                  guint        exponent,
                  guint        digits,
                  KasirMoney  *out,
                  GError     **error)
{
  static const KasirNumberFormat plain = { '.', 0 };
  g_autoptr(GString) norm = g_string_new (negative ? "-" : "");
  guint marks = 0;

  for (const char *p = number; *p != '\0'; p++)
    {
      if (*p == '.' || *p == ',')
        {
          marks++;
          g_string_append_c (norm, '.');
        }
      else
        g_string_append_c (norm, *p);
    }
  if (marks > 1)
    {
      g_set_error (error, KASIR_MONEY_ERROR, KASIR_MONEY_ERROR_INVALID,
                   _("“%s” is not an amount"), number);
      return FALSE;
    }

  /* Reading "1.5" with exponent + 6 decimals gives 1.5 million in minor units. */
  return kasir_money_parse (norm->str, exponent + digits, &plain, out, error);
}

/* The readings tried after the locale's own, in order. */
static guint
alternative_formats (const KasirNumberFormat *format,
                     KasirNumberFormat        out[3])
{
  static const KasirNumberFormat dot_decimal = { '.', ',' };
  static const KasirNumberFormat comma_decimal = { ',', '.' };
  guint n = 0;

  out[n++] = *format;
  if (format->decimal_mark != dot_decimal.decimal_mark || format->group_mark != dot_decimal.group_mark)
    out[n++] = dot_decimal;
  if (format->decimal_mark != comma_decimal.decimal_mark || format->group_mark != comma_decimal.group_mark)
    out[n++] = comma_decimal;

  return n;
}

/* "15.000,00" for a currency without decimals: the zeros say nothing. */
static char *
without_zero_decimals (const char *number,
                       gunichar    decimal_mark)
{
  const char *mark = g_utf8_strrchr (number, -1, decimal_mark);

  if (mark == NULL || mark[1] == '\0')
    return NULL;
  for (const char *p = mark + 1; *p != '\0'; p++)
    if (*p != '0')
      return NULL;

  return g_strndup (number, mark - number);
}

gboolean
kasir_money_parse_typed (const char              *text,
                         const KasirCurrency     *currency,
                         const KasirNumberFormat *format,
                         KasirMoney              *out,
                         GError                 **error)
{
  g_autoptr(GString) s = NULL;
  g_autoptr(GError) first_error = NULL;
  g_autofree char *number = NULL;
  KasirNumberFormat current;
  KasirNumberFormat formats[3];
  guint exponent = currency != NULL ? currency->exponent : 0;
  gboolean negative;
  guint digits;
  guint n;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (format == NULL)
    {
      kasir_number_format_current (&current);
      format = &current;
    }
  if (!g_utf8_validate (text, -1, NULL))
    return kasir_money_parse (text, exponent, format, out, error);

  s = g_string_new (text);
  negative = take_sign (s);
  take_currency (s, currency);
  if (!negative)
    negative = take_sign (s);
  digits = take_multiplier (s);
  strip_spaces (s);
  number = g_strdup (s->str);

  if (digits > 0)
    return parse_multiplied (number, negative, exponent, digits, out, error);

  if (negative)
    {
      char *signed_number = g_strconcat ("-", number, NULL);

      g_free (number);
      number = signed_number;
    }

  n = alternative_formats (format, formats);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (kasir_money_parse (number, exponent, &formats[i], out, &local_error))
        return TRUE;
      if (first_error == NULL)
        first_error = g_steal_pointer (&local_error);
    }
  if (exponent == 0)
    for (guint i = 0; i < n; i++)
      {
        g_autofree char *whole = without_zero_decimals (number, formats[i].decimal_mark);

        if (whole != NULL && kasir_money_parse (whole, 0, &formats[i], out, NULL))
          return TRUE;
      }

  g_propagate_error (error, g_steal_pointer (&first_error));
  return FALSE;
}

gboolean
kasir_text_names_currency (const char          *text,
                           const KasirCurrency *currency)
{
  g_autoptr(GString) s = NULL;
  gsize before;

  if (text == NULL || currency == NULL)
    return FALSE;
  s = g_string_new (text);
  take_sign (s);
  before = s->len;
  take_currency (s, currency);

  return s->len != before;
}

gboolean
kasir_text_is_percent (const char *text)
{
  g_autofree char *copy = NULL;

  if (text == NULL)
    return FALSE;
  copy = g_strstrip (g_strdup (text));

  return g_str_has_suffix (copy, "%");
}

gboolean
kasir_percent_parse_typed (const char              *text,
                           const KasirNumberFormat *format,
                           gint64                  *out_bp,
                           GError                 **error)
{
  g_autoptr(GString) s = NULL;
  g_autoptr(GError) first_error = NULL;
  KasirNumberFormat current;
  KasirNumberFormat formats[3];
  KasirMoney bp = 0;
  gboolean parsed = FALSE;
  guint n;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_bp != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (format == NULL)
    {
      kasir_number_format_current (&current);
      format = &current;
    }

  s = g_string_new (text);
  strip_spaces (s);
  if (take_suffix (s, "%"))
    strip_spaces (s);

  /* A percentage with two decimals is a number with exponent 2 in minor units, which is
   * exactly basis points. */
  n = alternative_formats (format, formats);
  for (guint i = 0; i < n && !parsed; i++)
    {
      g_autoptr(GError) local_error = NULL;

      parsed = kasir_money_parse (s->str, 2, &formats[i], &bp, &local_error);
      if (!parsed && first_error == NULL)
        first_error = g_steal_pointer (&local_error);
    }
  if (!parsed)
    {
      g_propagate_error (error, g_steal_pointer (&first_error));
      return FALSE;
    }
  if (bp < 0 || bp > 10000)
    {
      g_set_error (error, KASIR_MONEY_ERROR, KASIR_MONEY_ERROR_INVALID,
                   _("A percentage must be between 0 and 100"));
      return FALSE;
    }
  *out_bp = bp;

  return TRUE;
}
