/* kasir-money.c — integer money: the rounding rule, parsing and formatting.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kasir-money.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

G_DEFINE_QUARK (kasir-money-error-quark, kasir_money_error)

/* The widest exponent whose power of ten still fits in gint64 with room for one digit of
 * whole units; no real currency comes close (the widest in ISO 4217 is 4). */
#define MAX_EXPONENT 18

static const KasirCurrency currencies[] = {
  { "IDR", 0, "Rp" },
  { "USD", 2, "$" },
  { "EUR", 2, "€" },
  { "SGD", 2, "S$" },
  { "MYR", 2, "RM" },
  { "JPY", 0, "¥" },
};

const KasirCurrency *
kasir_currency_lookup (const char *code)
{
  if (code == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (currencies); i++)
    if (strcmp (currencies[i].code, code) == 0)
      return &currencies[i];

  return NULL;
}

const char *
kasir_currency_code_or_default (const char *code)
{
  const KasirCurrency *currency = kasir_currency_lookup (code);

  return currency != NULL ? currency->code : KASIR_DEFAULT_CURRENCY;
}

/* Languages whose numbers are written 1.234,56. Everything not listed here or in
 * space_group_languages is written the en_US way, 1,234.56, which is also what Malaysian,
 * Singaporean and Japanese tills use. */
static const char * const dot_group_languages[] = {
  "id", "de", "nl", "es", "it", "pt", "da", "tr", "el", "ro", "hr", "sl", "sr", "vi",
};

/* Languages whose numbers are written 1 234,56 with a no-break space between groups. */
static const char * const space_group_languages[] = {
  "fr", "ru", "sv", "fi", "nb", "nn", "no", "cs", "sk", "pl", "uk", "hu", "bg", "et",
  "lt", "lv",
};

static gboolean
language_in (const char         *language,
             const char * const *list,
             guint               n_list)
{
  for (guint i = 0; i < n_list; i++)
    if (strcmp (language, list[i]) == 0)
      return TRUE;

  return FALSE;
}

void
kasir_number_format_for_locale (const char        *locale,
                                KasirNumberFormat *out)
{
  g_autofree char *language = NULL;
  gsize len;

  g_return_if_fail (out != NULL);

  out->decimal_mark = '.';
  out->group_mark = ',';

  if (locale == NULL)
    return;

  /* "id_ID.UTF-8@euro" → "id": the language alone decides the marks here. */
  len = strcspn (locale, "_.@-");
  language = g_ascii_strdown (locale, len);

  if (language_in (language, dot_group_languages, G_N_ELEMENTS (dot_group_languages)))
    {
      out->decimal_mark = ',';
      out->group_mark = '.';
    }
  else if (language_in (language, space_group_languages, G_N_ELEMENTS (space_group_languages)))
    {
      out->decimal_mark = ',';
      out->group_mark = 0x00A0;
    }
}

void
kasir_number_format_current (KasirNumberFormat *out)
{
  g_return_if_fail (out != NULL);

  const char *locale = setlocale (LC_NUMERIC, NULL);

  /* A shop's language whose locale is not installed leaves the C library in "C"; the
   * person still asked for it, and the marks need no locale data. */
  if (locale == NULL || strcmp (locale, "C") == 0 || strcmp (locale, "POSIX") == 0 ||
      g_str_has_prefix (locale, "C."))
    {
      static const char * const variables[] = { "LC_ALL", "LC_NUMERIC", "LANG" };

      for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
        {
          const char *value = g_getenv (variables[i]);

          if (value != NULL && value[0] != '\0')
            {
              locale = value;
              break;
            }
        }
    }
  kasir_number_format_for_locale (locale, out);
}

/* Overflow-checked arithmetic */

gboolean
kasir_money_add (gint64  a,
                 gint64  b,
                 gint64 *out)
{
  gint64 result;

  g_return_val_if_fail (out != NULL, FALSE);

  if (__builtin_add_overflow (a, b, &result))
    return FALSE;

  *out = result;
  return TRUE;
}

gboolean
kasir_money_sub (gint64  a,
                 gint64  b,
                 gint64 *out)
{
  gint64 result;

  g_return_val_if_fail (out != NULL, FALSE);

  if (__builtin_sub_overflow (a, b, &result))
    return FALSE;

  *out = result;
  return TRUE;
}

gboolean
kasir_money_mul (gint64  a,
                 gint64  b,
                 gint64 *out)
{
  gint64 result;

  g_return_val_if_fail (out != NULL, FALSE);

  if (__builtin_mul_overflow (a, b, &result))
    return FALSE;

  *out = result;
  return TRUE;
}

/* The rounding rule on 128-bit operands. C division truncates toward zero, so the
 * remainder has the sign of the numerator; when it is at least half the divisor in
 * magnitude the quotient moves one further away from zero. */
static gboolean
div_round_128 (__int128  num,
               __int128  den,
               gint64   *out)
{
  __int128 quotient;
  __int128 remainder;
  __int128 abs_remainder;

  g_assert (den != 0);

  if (den < 0)
    {
      /* Both operands are at most 2^126 in magnitude here, so negating cannot overflow. */
      num = -num;
      den = -den;
    }

  quotient = num / den;
  remainder = num % den;
  abs_remainder = remainder < 0 ? -remainder : remainder;

  if (2 * abs_remainder >= den)
    quotient += num < 0 ? -1 : 1;

  if (quotient > G_MAXINT64 || quotient < G_MININT64)
    return FALSE;

  *out = (gint64) quotient;
  return TRUE;
}

gboolean
kasir_money_div_round (gint64  num,
                       gint64  den,
                       gint64 *out)
{
  g_return_val_if_fail (den != 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  return div_round_128 (num, den, out);
}

gboolean
kasir_money_mul_div (gint64  a,
                     gint64  b,
                     gint64  den,
                     gint64 *out)
{
  g_return_val_if_fail (den != 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  /* |a * b| <= 2^126, which fits a signed 128-bit integer exactly. */
  return div_round_128 ((__int128) a * (__int128) b, den, out);
}

gboolean
kasir_money_percent (KasirMoney  amount,
                     gint64      basis_points,
                     KasirMoney *out)
{
  return kasir_money_mul_div (amount, basis_points, 10000, out);
}

gboolean
kasir_tax_included (KasirMoney  gross,
                    guint       rate_bp,
                    KasirMoney *out)
{
  return kasir_money_mul_div (gross, rate_bp, 10000 + (gint64) rate_bp, out);
}

gboolean
kasir_tax_excluded (KasirMoney  net,
                    guint       rate_bp,
                    KasirMoney *out)
{
  return kasir_money_mul_div (net, rate_bp, 10000, out);
}

/* Parsing */

static gboolean
is_space_mark (gunichar c)
{
  return c == ' ' || c == 0x00A0 || c == 0x202F;
}

/* Whether @c, typed by a person, means the group mark. A no-break space cannot be typed
 * on most keyboards, so a plain space stands for it. */
static gboolean
is_group_mark (gunichar                 c,
               const KasirNumberFormat *format)
{
  if (format->group_mark == 0 || format->group_mark == format->decimal_mark)
    return FALSE;

  if (is_space_mark (format->group_mark))
    return is_space_mark (c);

  return c == format->group_mark;
}

static gboolean
invalid_amount (GError     **error,
                const char  *text)
{
  if (g_utf8_validate (text, -1, NULL))
    g_set_error (error, KASIR_MONEY_ERROR, KASIR_MONEY_ERROR_INVALID,
                 _("“%s” is not an amount"), text);
  else
    g_set_error (error, KASIR_MONEY_ERROR, KASIR_MONEY_ERROR_INVALID,
                 _("The amount contains characters that are not text"));
  return FALSE;
}

static gboolean
overflow_amount (GError **error)
{
  g_set_error (error, KASIR_MONEY_ERROR, KASIR_MONEY_ERROR_OVERFLOW,
               _("The amount is too large"));
  return FALSE;
}

/* What reading an amount's characters found. */
typedef struct
{
  gboolean negative;
  gboolean seen_group;
  gboolean seen_decimal;
  gboolean too_precise;
  gboolean too_large;
  guint    group_digits;   /* digits since the last group mark, or since the start */
  guint    int_digits;
  guint    frac_digits;
  guint64  magnitude;      /* in minor units once the fraction is padded */
} AmountScan;

#define AMOUNT_LIMIT ((guint64) G_MAXINT64 + 1)

/* Narrows [*p, *end) to the text without surrounding spaces, which is what a paste or a
 * sloppy field leaves behind. */
static void
trim_spaces (const char **p,
             const char **end)
{
  while (*p < *end && g_unichar_isspace (g_utf8_get_char (*p)))
    *p = g_utf8_next_char (*p);
  while (*end > *p)
    {
      const char *prev = g_utf8_prev_char (*end);

      if (!g_unichar_isspace (g_utf8_get_char (prev)))
        break;
      *end = prev;
    }
}

static gboolean
scan_digit (AmountScan *s,
            gunichar    c,
            guint       exponent)
{
  if (s->seen_decimal)
    {
      /* Extra decimals are only reported once the whole text has been read, so that
       * "1.234.567" in en_US is called malformed rather than too precise. */
      if (++s->frac_digits > exponent)
        {
          s->too_precise = TRUE;
          return TRUE;
        }
    }
  else
    {
      s->int_digits++;
      s->group_digits++;
      if (s->seen_group && s->group_digits > 3)
        return FALSE;
    }
  /* magnitude * 10 + digit, stopping as soon as it passes 2^63. */
  if (s->too_large || s->magnitude > (AMOUNT_LIMIT - (c - '0')) / 10)
    s->too_large = TRUE;
  else
    s->magnitude = s->magnitude * 10 + (c - '0');
  return TRUE;
}

/* Reads the digits and marks of [p, end); FALSE when they do not form an amount. */
static gboolean
scan_amount (AmountScan               *s,
             const char               *p,
             const char               *end,
             guint                     exponent,
             const KasirNumberFormat  *format)
{
  if (*p == '-')
    {
      s->negative = TRUE;
      p++;
    }
  for (; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= '0' && c <= '9')
        {
          if (!scan_digit (s, c, exponent))
            return FALSE;
        }
      else if (c == format->decimal_mark)
        {
          /* A group before the decimal mark must be complete: "1.23,5" is a typo. */
          if (s->seen_decimal || (s->seen_group && s->group_digits != 3))
            return FALSE;
          s->seen_decimal = TRUE;
        }
      else if (is_group_mark (c, format) && !s->seen_decimal)
        {
          /* The first group has one to three digits, every later one exactly three. */
          if (s->group_digits == 0 || s->group_digits > 3 || (s->seen_group && s->group_digits != 3))
            return FALSE;
          s->seen_group = TRUE;
          s->group_digits = 0;
        }
      else
        return FALSE;
    }
  /* A trailing group mark, a lone sign, or a decimal mark with nothing after it. */
  return !((s->seen_group && s->group_digits != 3)
           || (s->int_digits == 0 && s->frac_digits == 0)
           || (s->seen_decimal && s->frac_digits == 0));
}

gboolean
kasir_money_parse (const char               *text,
                   guint                     exponent,
                   const KasirNumberFormat  *format,
                   KasirMoney               *out,
                   GError                  **error)
{
  KasirNumberFormat current;
  AmountScan s = { 0 };
  const char *p;
  const char *end;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (exponent <= MAX_EXPONENT, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (format == NULL)
    {
      kasir_number_format_current (&current);
      format = &current;
    }
  if (!g_utf8_validate (text, -1, NULL))
    return invalid_amount (error, text);
  p = text;
  end = text + strlen (text);
  trim_spaces (&p, &end);
  if (p == end)
    {
      g_set_error (error, KASIR_MONEY_ERROR, KASIR_MONEY_ERROR_INVALID,
                   _("No amount was entered"));
      return FALSE;
    }
  if (!scan_amount (&s, p, end, exponent, format))
    return invalid_amount (error, text);

  if (s.too_precise)
    {
      if (exponent == 0)
        g_set_error (error, KASIR_MONEY_ERROR, KASIR_MONEY_ERROR_PRECISION,
                     _("This currency has no decimals"));
      else
        g_set_error (error, KASIR_MONEY_ERROR, KASIR_MONEY_ERROR_PRECISION,
                     ngettext ("This currency has at most %u decimal",
                               "This currency has at most %u decimals",
                               exponent),
                     exponent);
      return FALSE;
    }
  if (s.too_large)
    return overflow_amount (error);
  for (guint i = MIN (s.frac_digits, exponent); i < exponent; i++)
    {
      if (s.magnitude > AMOUNT_LIMIT / 10)
        return overflow_amount (error);
      s.magnitude *= 10;
    }
  if (s.magnitude > AMOUNT_LIMIT || (!s.negative && s.magnitude == AMOUNT_LIMIT))
    return overflow_amount (error);
  if (s.negative)
    *out = s.magnitude == AMOUNT_LIMIT ? G_MININT64 : -(gint64) s.magnitude;
  else
    *out = (gint64) s.magnitude;
  return TRUE;
}

/* Formatting */

char *
kasir_money_format (KasirMoney               amount,
                    const KasirCurrency     *currency,
                    const KasirNumberFormat *format)
{
  KasirNumberFormat current;
  GString *result;
  guint64 magnitude;
  guint64 scale = 1;
  guint64 whole;
  guint64 fraction;
  guint exponent = currency != NULL ? currency->exponent : 0;
  char digits[32];
  gsize n_digits;

  g_return_val_if_fail (exponent <= MAX_EXPONENT, NULL);

  if (format == NULL)
    {
      kasir_number_format_current (&current);
      format = &current;
    }

  /* The magnitude of G_MININT64 does not fit gint64, but does fit guint64. */
  magnitude = amount < 0 ? (guint64) (-(amount + 1)) + 1 : (guint64) amount;

  for (guint i = 0; i < exponent; i++)
    scale *= 10;
  whole = magnitude / scale;
  fraction = magnitude % scale;

  result = g_string_new (NULL);

  if (amount < 0)
    g_string_append_c (result, '-');

  if (currency != NULL && currency->symbol != NULL && currency->symbol[0] != '\0')
    {
      const char *last = g_utf8_prev_char (currency->symbol + strlen (currency->symbol));

      g_string_append (result, currency->symbol);
      /* "Rp 15.000" and "RM 12.50", but "$12.50" and "S$12.50". */
      if (g_unichar_isalpha (g_utf8_get_char (last)))
        g_string_append_c (result, ' ');
    }

  n_digits = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, whole);
  for (gsize i = 0; i < n_digits; i++)
    {
      if (i > 0 && (n_digits - i) % 3 == 0 &&
          format->group_mark != 0 && format->group_mark != format->decimal_mark)
        g_string_append_unichar (result, format->group_mark);
      g_string_append_c (result, digits[i]);
    }

  if (exponent > 0)
    {
      g_string_append_unichar (result, format->decimal_mark);
      g_string_append_printf (result, "%0*" G_GUINT64_FORMAT, (int) exponent, fraction);
    }

  return g_string_free (result, FALSE);
}
