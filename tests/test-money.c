/* test-money.c — the rounding rule, overflow checks, tax, parsing and formatting.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>
#include <string.h>

#include "kasir-money.h"
#include "kasir-tender.h"
#include "kasir-money-input.h"

/* The rounding rule computed independently of kasir-money.c, in plain 64-bit integer
 * steps: floor of (2 * |num| + |den|) / (2 * |den|) is |num| / |den| rounded half
 * up, and the sign is applied afterwards. Only valid where the operands are small enough
 * not to overflow, which the callers ensure. */
static gint64
reference_div_round (gint64 num,
                     gint64 den)
{
  gint64 anum = num < 0 ? -num : num;
  gint64 aden = den < 0 ? -den : den;
  gint64 q = (2 * anum + aden) / (2 * aden);

  return ((num < 0) != (den < 0)) ? -q : q;
}

static void
test_div_round_halves (void)
{
  static const struct {
    gint64 num;
    gint64 den;
    gint64 expected;
  } cases[] = {
    { 5, 2, 3 },
    { -5, 2, -3 },
    { 5, -2, -3 },
    { -5, -2, 3 },
    { 15, 10, 2 },
    { -15, 10, -2 },
    { 25, 10, 3 },
    { -25, 10, -3 },
    { 14999, 10000, 1 },
    { -14999, 10000, -1 },
    { 15000, 10000, 2 },
    { -15000, 10000, -2 },
    { 15001, 10000, 2 },
    { 24999, 10000, 2 },
    { 25000, 10000, 3 },
    { 1, 2, 1 },
    { -1, 2, -1 },
    { 1, 3, 0 },
    { -1, 3, 0 },
    { 2, 3, 1 },
    { -2, 3, -1 },
    { 0, 7, 0 },
    { 0, -7, 0 },
    { 7, 1, 7 },
    { -7, 1, -7 },
    { 49, 100, 0 },
    { 50, 100, 1 },
    { -49, 100, 0 },
    { -50, 100, -1 },
    { 12, 4, 3 },
    { -12, 4, -3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 out = 12345;

      g_assert_true (kasir_money_div_round (cases[i].num, cases[i].den, &out));
      if (out != cases[i].expected)
        g_error ("%" G_GINT64_FORMAT " / %" G_GINT64_FORMAT ": got %" G_GINT64_FORMAT
                 ", expected %" G_GINT64_FORMAT,
                 cases[i].num, cases[i].den, out, cases[i].expected);
    }
}

static void
test_div_round_against_reference (void)
{
  for (guint i = 0; i < 200000; i++)
    {
      gint64 num = g_test_rand_int_range (-2000000, 2000000);
      gint64 den = g_test_rand_int_range (-5000, 5000);
      gint64 out;

      if (den == 0)
        continue;

      g_assert_true (kasir_money_div_round (num, den, &out));
      g_assert_cmpint (out, ==, reference_div_round (num, den));
    }
}

static void
test_div_round_extremes (void)
{
  gint64 out;

  g_assert_true (kasir_money_div_round (G_MAXINT64, 1, &out));
  g_assert_cmpint (out, ==, G_MAXINT64);
  g_assert_true (kasir_money_div_round (G_MININT64, 1, &out));
  g_assert_cmpint (out, ==, G_MININT64);
  g_assert_true (kasir_money_div_round (G_MAXINT64, -1, &out));
  g_assert_cmpint (out, ==, -G_MAXINT64);

  /* G_MININT64 / -1 is 2^63, one past G_MAXINT64: reported, *out untouched. */
  out = 77;
  g_assert_false (kasir_money_div_round (G_MININT64, -1, &out));
  g_assert_cmpint (out, ==, 77);

  /* G_MAXINT64 = 9223372036854775807, odd, so /2 is ...903.5 → ...904 (away from zero). */
  g_assert_true (kasir_money_div_round (G_MAXINT64, 2, &out));
  g_assert_cmpint (out, ==, G_GINT64_CONSTANT (4611686018427387904));
  g_assert_true (kasir_money_div_round (-G_MAXINT64, 2, &out));
  g_assert_cmpint (out, ==, G_GINT64_CONSTANT (-4611686018427387904));
  /* G_MININT64 / 2 is exact. */
  g_assert_true (kasir_money_div_round (G_MININT64, 2, &out));
  g_assert_cmpint (out, ==, G_GINT64_CONSTANT (-4611686018427387904));
  /* A huge divisor: anything at most half of it rounds to 0, more rounds to ±1. */
  g_assert_true (kasir_money_div_round (G_MAXINT64 / 2, G_MAXINT64, &out));
  g_assert_cmpint (out, ==, 0);
  g_assert_true (kasir_money_div_round (G_MAXINT64 / 2 + 1, G_MAXINT64, &out));
  g_assert_cmpint (out, ==, 1);
  g_assert_true (kasir_money_div_round (G_MININT64, G_MAXINT64, &out));
  g_assert_cmpint (out, ==, -1);
  g_assert_true (kasir_money_div_round (G_MAXINT64, G_MININT64, &out));
  g_assert_cmpint (out, ==, -1);
  g_assert_true (kasir_money_div_round (G_MININT64, G_MININT64, &out));
  g_assert_cmpint (out, ==, 1);
  /* -2^62 / -2^63 is exactly one half: away from zero gives 1. */
  g_assert_true (kasir_money_div_round (G_MININT64 / 2, G_MININT64, &out));
  g_assert_cmpint (out, ==, 1);
}

static void
test_mul_div_extremes (void)
{
  gint64 out;

  /* The product needs 126 bits; the 128-bit path must keep it exact. */
  g_assert_true (kasir_money_mul_div (G_MAXINT64, G_MAXINT64, G_MAXINT64, &out));
  g_assert_cmpint (out, ==, G_MAXINT64);
  g_assert_true (kasir_money_mul_div (G_MININT64, G_MAXINT64, G_MAXINT64, &out));
  g_assert_cmpint (out, ==, G_MININT64);
  g_assert_true (kasir_money_mul_div (G_MININT64, G_MININT64, G_MININT64, &out));
  g_assert_cmpint (out, ==, G_MININT64);
  g_assert_true (kasir_money_mul_div (G_MAXINT64, 3, 6, &out));
  /* (2^63 - 1) / 2 = ...903.5 → ...904. */
  g_assert_cmpint (out, ==, G_GINT64_CONSTANT (4611686018427387904));

  out = 5;
  g_assert_false (kasir_money_mul_div (G_MAXINT64, 2, 1, &out));
  g_assert_cmpint (out, ==, 5);
  g_assert_false (kasir_money_mul_div (G_MININT64, G_MININT64, 1, &out));
  g_assert_false (kasir_money_mul_div (G_MININT64, -1, 1, &out));
  g_assert_false (kasir_money_mul_div (G_MININT64, 1, -1, &out));
  g_assert_cmpint (out, ==, 5);
  /* Rounding can push a quotient just past the edge: (2^63 - 1) * 2 / 2 is exact,
   * but G_MAXINT64 * 3 / 2 is not representable. */
  g_assert_true (kasir_money_mul_div (G_MAXINT64, 2, 2, &out));
  g_assert_cmpint (out, ==, G_MAXINT64);
  g_assert_false (kasir_money_mul_div (G_MAXINT64, 3, 2, &out));

  /* Small values agree with the reference rule. */
  for (guint i = 0; i < 100000; i++)
    {
      gint64 a = g_test_rand_int_range (-100000, 100000);
      gint64 b = g_test_rand_int_range (-10000, 10000);
      gint64 den = g_test_rand_int_range (1, 20000);

      if (g_test_rand_bit ())
        den = -den;

      g_assert_true (kasir_money_mul_div (a, b, den, &out));
      g_assert_cmpint (out, ==, reference_div_round (a * b, den));
    }
}

static void
test_checked_arithmetic (void)
{
  gint64 out = 9;

  g_assert_true (kasir_money_add (G_MAXINT64 - 1, 1, &out));
  g_assert_cmpint (out, ==, G_MAXINT64);
  out = 9;
  g_assert_false (kasir_money_add (G_MAXINT64, 1, &out));
  g_assert_false (kasir_money_add (G_MININT64, -1, &out));
  g_assert_cmpint (out, ==, 9);
  g_assert_true (kasir_money_add (G_MININT64, G_MAXINT64, &out));
  g_assert_cmpint (out, ==, -1);

  g_assert_true (kasir_money_sub (G_MININT64 + 1, 1, &out));
  g_assert_cmpint (out, ==, G_MININT64);
  out = 9;
  g_assert_false (kasir_money_sub (G_MININT64, 1, &out));
  g_assert_false (kasir_money_sub (0, G_MININT64, &out));
  g_assert_false (kasir_money_sub (G_MAXINT64, -1, &out));
  g_assert_cmpint (out, ==, 9);

  g_assert_true (kasir_money_mul (G_GINT64_CONSTANT (3037000499), G_GINT64_CONSTANT (3037000499), &out));
  g_assert_cmpint (out, ==, G_GINT64_CONSTANT (9223372030926249001));
  out = 9;
  g_assert_false (kasir_money_mul (G_GINT64_CONSTANT (3037000500), G_GINT64_CONSTANT (3037000500), &out));
  g_assert_false (kasir_money_mul (G_MININT64, -1, &out));
  g_assert_false (kasir_money_mul (G_MAXINT64, 2, &out));
  g_assert_cmpint (out, ==, 9);
  g_assert_true (kasir_money_mul (G_MININT64, 1, &out));
  g_assert_cmpint (out, ==, G_MININT64);
}

static void
test_tax_and_percent (void)
{
  static const struct {
    KasirMoney amount;
    guint      rate_bp;
    KasirMoney included;
    KasirMoney excluded;
  } cases[] = {
    /* 30000 * 1100 / 11100 = 2972.97 → 2973; 30000 * 0.11 = 3300. */
    { 30000, 1100, 2973, 3300 },
    /* 15000 * 1100 / 11100 = 1486.49 → 1486; 1650. */
    { 15000, 1100, 1486, 1650 },
    /* 111 * 1100 / 11100 = 11 exactly; 12.21 → 12. */
    { 111, 1100, 11, 12 },
    /* 10 * 1000 / 11000 = 0.909 → 1; 10 * 0.1 = 1. */
    { 10, 1000, 1, 1 },
    /* 5 * 1000 / 11000 = 0.4545 → 0; 0.5 → 1 (the half goes up). */
    { 5, 1000, 0, 1 },
    /* 105 * 1000 / 11000 = 9.545 → 10; 10.5 → 11. */
    { 105, 1000, 10, 11 },
    /* Negative amounts (refunds) round the same way, mirrored. */
    { -30000, 1100, -2973, -3300 },
    { -5, 1000, 0, -1 },
    { 0, 1100, 0, 0 },
    { 30000, 0, 0, 0 },
    /* A rate of 100%: half of a gross is tax. */
    { 30001, 10000, 15001, 30001 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      KasirMoney out;

      g_assert_true (kasir_tax_included (cases[i].amount, cases[i].rate_bp, &out));
      g_assert_cmpint (out, ==, cases[i].included);
      g_assert_true (kasir_tax_excluded (cases[i].amount, cases[i].rate_bp, &out));
      g_assert_cmpint (out, ==, cases[i].excluded);
    }
}

static void
test_tax_extremes (void)
{
  KasirMoney out;

  /* Tax contained in the largest gross is below it, so it always fits. */
  g_assert_true (kasir_tax_included (G_MAXINT64, 1100, &out));
  g_assert_cmpint (out, >, 0);
  g_assert_cmpint (out, <, G_MAXINT64);
  g_assert_true (kasir_tax_included (G_MININT64, 1100, &out));
  g_assert_cmpint (out, <, 0);
  /* Tax added on the largest net at over 100% would not fit. */
  out = 3;
  g_assert_false (kasir_tax_excluded (G_MAXINT64, 20000, &out));
  g_assert_cmpint (out, ==, 3);
  g_assert_true (kasir_tax_excluded (G_MAXINT64, 10000, &out));
  g_assert_cmpint (out, ==, G_MAXINT64);
}

static void
test_percent (void)
{
  static const struct {
    KasirMoney amount;
    gint64     bp;
    KasirMoney expected;
  } cases[] = {
    { 10000, 1250, 1250 },
    { 12345, 1000, 1235 },   /* 1234.5 → 1235 */
    { -12345, 1000, -1235 },
    { 12344, 1000, 1234 },   /* 1234.4 → 1234 */
    { 1, 5000, 1 },          /* 0.5 → 1 */
    { 1, 4999, 0 },
    { 99, 10000, 99 },
    { 99, 0, 0 },
    { 3, 3333, 1 },          /* 0.9999 → 1 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      KasirMoney out;

      g_assert_true (kasir_money_percent (cases[i].amount, cases[i].bp, &out));
      g_assert_cmpint (out, ==, cases[i].expected);
    }

  {
    KasirMoney out;

    g_assert_true (kasir_money_percent (G_MAXINT64, 10000, &out));
    g_assert_cmpint (out, ==, G_MAXINT64);
    g_assert_false (kasir_money_percent (G_MAXINT64, 10001, &out));
  }
}

static void
test_currency_lookup (void)
{
  const KasirCurrency *idr = kasir_currency_lookup ("IDR");
  const KasirCurrency *usd = kasir_currency_lookup ("USD");

  g_assert_nonnull (idr);
  g_assert_cmpuint (idr->exponent, ==, 0);
  g_assert_cmpstr (idr->symbol, ==, "Rp");
  g_assert_nonnull (usd);
  g_assert_cmpuint (usd->exponent, ==, 2);
  g_assert_cmpuint (kasir_currency_lookup ("JPY")->exponent, ==, 0);
  g_assert_cmpuint (kasir_currency_lookup ("EUR")->exponent, ==, 2);
  g_assert_cmpuint (kasir_currency_lookup ("SGD")->exponent, ==, 2);
  g_assert_cmpuint (kasir_currency_lookup ("MYR")->exponent, ==, 2);
  g_assert_null (kasir_currency_lookup ("XXX"));
  g_assert_null (kasir_currency_lookup (""));
  g_assert_null (kasir_currency_lookup (NULL));

  /* The one fallback: a known code stands, anything else is the default currency. */
  g_assert_nonnull (kasir_currency_lookup (KASIR_DEFAULT_CURRENCY));
  g_assert_cmpstr (kasir_currency_code_or_default ("USD"), ==, "USD");
  g_assert_cmpstr (kasir_currency_code_or_default ("XXX"), ==, KASIR_DEFAULT_CURRENCY);
  g_assert_cmpstr (kasir_currency_code_or_default (NULL), ==, KASIR_DEFAULT_CURRENCY);
}

static void
test_number_formats (void)
{
  KasirNumberFormat f;

  kasir_number_format_for_locale ("id_ID.UTF-8", &f);
  g_assert_cmpuint (f.decimal_mark, ==, ',');
  g_assert_cmpuint (f.group_mark, ==, '.');
  kasir_number_format_for_locale ("id_ID", &f);
  g_assert_cmpuint (f.decimal_mark, ==, ',');
  kasir_number_format_for_locale ("en_US", &f);
  g_assert_cmpuint (f.decimal_mark, ==, '.');
  g_assert_cmpuint (f.group_mark, ==, ',');
  kasir_number_format_for_locale ("de_DE.UTF-8@euro", &f);
  g_assert_cmpuint (f.decimal_mark, ==, ',');
  kasir_number_format_for_locale ("C", &f);
  g_assert_cmpuint (f.decimal_mark, ==, '.');
  kasir_number_format_for_locale ("xx_YY", &f);
  g_assert_cmpuint (f.decimal_mark, ==, '.');
  g_assert_cmpuint (f.group_mark, ==, ',');
  kasir_number_format_for_locale (NULL, &f);
  g_assert_cmpuint (f.decimal_mark, ==, '.');
  /* "idx" is not Indonesian: the language is matched whole. */
  kasir_number_format_for_locale ("idx_ID", &f);
  g_assert_cmpuint (f.decimal_mark, ==, '.');
}

typedef struct {
  const char *text;
  guint       exponent;
  gboolean    ok;
  KasirMoney  expected;   /* when ok */
  gint        error_code; /* when !ok */
} ParseCase;

static void
run_parse_table (const char      *locale,
                 const ParseCase *cases,
                 guint            n_cases)
{
  KasirNumberFormat format;

  kasir_number_format_for_locale (locale, &format);

  for (guint i = 0; i < n_cases; i++)
    {
      g_autoptr(GError) error = NULL;
      KasirMoney out = -4242;
      gboolean ok;

      ok = kasir_money_parse (cases[i].text, cases[i].exponent, &format, &out, &error);

      if (cases[i].ok)
        {
          if (!ok)
            g_error ("%s: \"%s\" (exp %u) should parse to %" G_GINT64_FORMAT ": %s",
                     locale, cases[i].text, cases[i].exponent, cases[i].expected,
                     error->message);
          g_assert_no_error (error);
          if (out != cases[i].expected)
            g_error ("%s: \"%s\" (exp %u) gave %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT,
                     locale, cases[i].text, cases[i].exponent, out, cases[i].expected);
        }
      else
        {
          if (ok)
            g_error ("%s: \"%s\" (exp %u) should be rejected, gave %" G_GINT64_FORMAT,
                     locale, cases[i].text, cases[i].exponent, out);
          g_assert_error (error, KASIR_MONEY_ERROR, cases[i].error_code);
          /* Nothing changed on bad input. */
          g_assert_cmpint (out, ==, -4242);
        }
    }
}

#define OK(t, e, v)  { t, e, TRUE, v, 0 }
#define BAD(t, e, c) { t, e, FALSE, 0, KASIR_MONEY_ERROR_##c }

static void
test_parse_id (void)
{
  static const ParseCase cases[] = {
    OK ("12.500", 0, 12500),
    OK ("12.500", 2, 1250000),
    OK ("12,50", 2, 1250),
    OK ("12,5", 2, 1250),
    OK ("1.234.567", 0, 1234567),
    OK ("1.234.567,89", 2, 123456789),
    OK (" 15000 ", 0, 15000),
    OK ("\t15.000\n", 0, 15000),
    OK ("-5", 0, -5),
    OK ("-5", 2, -500),
    OK ("-1.000,25", 2, -100025),
    OK ("0", 0, 0),
    OK ("-0", 0, 0),
    OK ("007", 0, 7),
    OK (",5", 2, 50),
    OK ("9.223.372.036.854.775.807", 0, G_MAXINT64),
    OK ("-9.223.372.036.854.775.808", 0, G_MININT64),
    OK ("92.233.720.368.547.758,07", 2, G_MAXINT64),
    OK ("-92.233.720.368.547.758,08", 2, G_MININT64),
    /* In id_ID the dot groups thousands, so "12.50" has a two-digit group. */
    BAD ("12.50", 2, INVALID),
    BAD ("12.50", 0, INVALID),
    BAD ("1.23.456", 0, INVALID),
    BAD ("1234.567", 0, INVALID),
    BAD (".500", 0, INVALID),
    BAD ("1.234.", 0, INVALID),
    BAD ("1.2345", 0, INVALID),
    BAD ("1..2", 0, INVALID),
    BAD ("12.5.0", 0, INVALID),
    BAD ("12,5,0", 2, INVALID),
    BAD ("1.23,45", 2, INVALID),
    BAD ("12,", 2, INVALID),
    /* IDR has no decimals at all. */
    BAD ("12,50", 0, PRECISION),
    BAD ("12,505", 2, PRECISION),
    BAD ("", 0, INVALID),
    BAD ("   ", 0, INVALID),
    BAD ("-", 0, INVALID),
    BAD ("--5", 0, INVALID),
    BAD ("+5", 0, INVALID),
    BAD ("5-", 0, INVALID),
    BAD ("abc", 0, INVALID),
    BAD ("12a", 0, INVALID),
    BAD ("1 2", 0, INVALID),
    BAD ("Rp 15.000", 0, INVALID),
    BAD ("1e5", 0, INVALID),
    BAD ("0x10", 0, INVALID),
    BAD ("12\x01", 0, INVALID),
    BAD ("\xff\xfe", 0, INVALID),
    BAD ("١٢", 0, INVALID),   /* Arabic-Indic digits are not accepted as digits. */
    BAD ("99999999999999999999", 0, OVERFLOW),
    BAD ("9.223.372.036.854.775.808", 0, OVERFLOW),
    BAD ("-9.223.372.036.854.775.809", 0, OVERFLOW),
    BAD ("92.233.720.368.547.758,08", 2, OVERFLOW),
    BAD ("100.000.000.000.000.000", 2, OVERFLOW),
  };

  run_parse_table ("id_ID.UTF-8", cases, G_N_ELEMENTS (cases));
}

static void
test_parse_en (void)
{
  static const ParseCase cases[] = {
    OK ("12.50", 2, 1250),
    OK ("12.5", 2, 1250),
    OK ("12,500", 0, 12500),
    OK ("12,500", 2, 1250000),
    OK ("1,234,567", 0, 1234567),
    OK ("1,234,567.89", 2, 123456789),
    OK (" 15000 ", 0, 15000),
    OK ("-5", 0, -5),
    OK ("-5", 2, -500),
    OK (".05", 2, 5),
    OK ("9223372036854775807", 0, G_MAXINT64),
    OK ("-9223372036854775808", 0, G_MININT64),
    /* In en_US the comma groups thousands, so "12,50" has a two-digit group. */
    BAD ("12,50", 2, INVALID),
    BAD ("12,50", 0, INVALID),
    BAD ("12.500", 0, PRECISION),
    BAD ("12.500", 2, PRECISION),
    BAD ("12.5", 0, PRECISION),
    BAD ("1,23,456", 0, INVALID),
    BAD ("1.234.567", 2, INVALID),
    BAD ("1..2", 2, INVALID),
    BAD ("12.5.0", 2, INVALID),
    BAD ("12.50.", 2, INVALID),
    BAD ("1,234.5,6", 2, INVALID),
    BAD ("", 2, INVALID),
    BAD ("abc", 2, INVALID),
    BAD ("$12.50", 2, INVALID),
    BAD ("12.50 USD", 2, INVALID),
    BAD ("12.5x", 2, INVALID),
    BAD ("99999999999999999999", 0, OVERFLOW),
    BAD ("99999999999999999999", 2, OVERFLOW),
    BAD ("9223372036854775808", 0, OVERFLOW),
    BAD ("92233720368547758.08", 2, OVERFLOW),
    BAD ("184467440737095516160", 0, OVERFLOW),
  };

  run_parse_table ("en_US", cases, G_N_ELEMENTS (cases));
}

static void
test_parse_embedded_nul (void)
{
  KasirNumberFormat format;
  static const char text[] = "12\0" "34";
  KasirMoney out = 0;

  kasir_number_format_for_locale ("en_US", &format);

  /* A C string ends at its first NUL: what follows is never read, so "12\034" is 12 and
   * not 1234. Callers holding a length (JSON, GtkEntry buffers) must reject embedded NULs
   * themselves before calling. */
  g_assert_true (kasir_money_parse (text, 0, &format, &out, NULL));
  g_assert_cmpint (out, ==, 12);
}

static void
test_parse_space_group (void)
{
  KasirNumberFormat format;
  KasirMoney out = 0;
  g_autoptr(GError) error = NULL;

  kasir_number_format_for_locale ("fr_FR.UTF-8", &format);
  g_assert_cmpuint (format.decimal_mark, ==, ',');
  g_assert_cmpuint (format.group_mark, ==, 0x00A0);

  g_assert_true (kasir_money_parse ("1 234,50", 2, &format, &out, NULL));
  g_assert_cmpint (out, ==, 123450);
  g_assert_true (kasir_money_parse ("1\u00a0234,50", 2, &format, &out, NULL));
  g_assert_cmpint (out, ==, 123450);
  g_assert_false (kasir_money_parse ("12 34,50", 2, &format, &out, &error));
  g_assert_error (error, KASIR_MONEY_ERROR, KASIR_MONEY_ERROR_INVALID);
}

static void
test_format (void)
{
  KasirNumberFormat id, en;
  static const struct {
    KasirMoney  amount;
    const char *currency;
    gboolean    indonesian;
    const char *expected;
  } cases[] = {
    { 15000, "IDR", TRUE, "Rp 15.000" },
    { -15000, "IDR", TRUE, "-Rp 15.000" },
    { 0, "IDR", TRUE, "Rp 0" },
    { 999, "IDR", TRUE, "Rp 999" },
    { 1000, "IDR", TRUE, "Rp 1.000" },
    { 1234567, "IDR", TRUE, "Rp 1.234.567" },
    { 123450, "USD", FALSE, "$1,234.50" },
    { -123450, "USD", FALSE, "-$1,234.50" },
    { 5, "USD", FALSE, "$0.05" },
    { -5, "USD", FALSE, "-$0.05" },
    { 1250, "MYR", FALSE, "RM 12.50" },
    { 1250, "USD", TRUE, "$12,50" },
    { G_MAXINT64, "IDR", TRUE, "Rp 9.223.372.036.854.775.807" },
    { G_MININT64, "IDR", TRUE, "-Rp 9.223.372.036.854.775.808" },
    { G_MININT64, "USD", FALSE, "-$92,233,720,368,547,758.08" },
    { 100000, NULL, FALSE, "100,000" },
    { -100, NULL, TRUE, "-100" },
  };

  kasir_number_format_for_locale ("id_ID", &id);
  kasir_number_format_for_locale ("en_US", &en);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const KasirCurrency *currency = cases[i].currency ? kasir_currency_lookup (cases[i].currency) : NULL;
      g_autofree char *text = kasir_money_format (cases[i].amount, currency,
                                                  cases[i].indonesian ? &id : &en);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

/* Formats without a symbol by stripping it, then parses with the same marks. */
static void
assert_round_trip (KasirMoney               amount,
                   const KasirCurrency     *currency,
                   const KasirNumberFormat *format)
{
  g_autofree char *text = kasir_money_format (amount, currency, format);
  g_autoptr(GString) bare = g_string_new (text);
  g_autoptr(GError) error = NULL;
  KasirMoney parsed = 0;

  if (currency != NULL)
    {
      const char *symbol = strstr (bare->str, currency->symbol);

      gsize len = strlen (currency->symbol);

      g_assert_nonnull (symbol);
      /* "Rp 15.000" has a space after the symbol; it goes with it. */
      if (symbol[len] == ' ')
        len++;
      g_string_erase (bare, symbol - bare->str, len);
    }

  if (!kasir_money_parse (bare->str, currency ? currency->exponent : 0, format, &parsed, &error))
    g_error ("\"%s\" from %" G_GINT64_FORMAT " did not parse: %s", bare->str, amount, error->message);
  g_assert_cmpint (parsed, ==, amount);
}

static void
test_format_round_trip (void)
{
  static const char * const locales[] = { "id_ID", "en_US", "fr_FR" };
  static const char * const codes[] = { "IDR", "USD", "MYR", "SGD", "EUR", NULL };
  static const KasirMoney edges[] = {
    0, 1, -1, 9, 10, 99, 100, 999, 1000, 1001, 999999, 1000000, -1000000,
    G_MAXINT64, G_MAXINT64 - 1, G_MININT64 + 1, G_MININT64,
  };

  for (guint l = 0; l < G_N_ELEMENTS (locales); l++)
    {
      KasirNumberFormat format;

      kasir_number_format_for_locale (locales[l], &format);

      for (guint c = 0; c < G_N_ELEMENTS (codes); c++)
        {
          const KasirCurrency *currency = codes[c] ? kasir_currency_lookup (codes[c]) : NULL;

          for (guint i = 0; i < G_N_ELEMENTS (edges); i++)
            assert_round_trip (edges[i], currency, &format);

          for (guint i = 0; i < 2000; i++)
            {
              /* Random magnitudes across every number of digits. */
              gint64 amount = (gint64) (((guint64) (guint32) g_test_rand_int () << 32) |
                                       (guint32) g_test_rand_int ());
              guint shift = g_test_rand_int_range (0, 63);

              amount >>= shift;
              assert_round_trip (amount, currency, &format);
            }
        }
    }
}

static void
test_tender_suggestions (void)
{
  static const struct {
    KasirMoney due;
    KasirMoney expected[KASIR_TENDER_MAX_SUGGESTIONS];
    guint      n;
  } cases[] = {
    { 137500, { 140000, 150000, 200000 }, 3 },
    { 8000, { 10000, 20000, 50000 }, 3 },
    { 30000, { 35000, 40000, 50000 }, 3 },
    { 100000, { 110000, 120000, 150000 }, 3 },
    { 1234567, { 1400000, 1500000, 2000000 }, 3 },
    { 2500, { 5000, 10000, 20000 }, 3 },
    { 0, { 0 }, 0 },
    { -5000, { 0 }, 0 },
  };
  const KasirCurrency *idr = kasir_currency_lookup ("IDR");
  const KasirCurrency *usd = kasir_currency_lookup ("USD");
  KasirMoney out[KASIR_TENDER_MAX_SUGGESTIONS];
  guint n;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      n = kasir_tender_suggest_cash (cases[i].due, idr, out);
      g_assert_cmpuint (n, ==, cases[i].n);
      for (guint j = 0; j < n; j++)
        g_assert_cmpint (out[j], ==, cases[i].expected[j]);
    }

  /* $13.75 in cents: $15, $20, $50; every suggestion is above what is due. */
  n = kasir_tender_suggest_cash (1375, usd, out);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (out[0], ==, 1500);
  g_assert_cmpint (out[1], ==, 2000);
  g_assert_cmpint (out[2], ==, 5000);

  /* Near the top of gint64 nothing overflows. */
  n = kasir_tender_suggest_cash (G_MAXINT64 - 10, idr, out);
  for (guint j = 0; j < n; j++)
    g_assert_cmpint (out[j], >, G_MAXINT64 - 10);
}

static void
test_parse_typed (void)
{
  static const KasirNumberFormat id = { ',', '.' };
  static const KasirNumberFormat en = { '.', ',' };
  static const struct {
    const char *text;
    const char *currency;
    gboolean    id_locale;
    KasirMoney  expected;
  } good[] = {
    { "500.000", "IDR", TRUE, 500000 },
    { "500,000", "IDR", TRUE, 500000 },
    { "500.000", "IDR", FALSE, 500000 },
    { "500,000", "IDR", FALSE, 500000 },
    { "Rp 500.000", "IDR", TRUE, 500000 },
    { "Rp500.000", "IDR", FALSE, 500000 },
    { "Rp. 5.000", "IDR", TRUE, 5000 },
    { "rp 12.500", "IDR", TRUE, 12500 },
    { "IDR 1.250.000", "IDR", FALSE, 1250000 },
    { "500.000 Rp", "IDR", TRUE, 500000 },
    { "500rb", "IDR", TRUE, 500000 },
    { "500 rb", "IDR", FALSE, 500000 },
    { "500k", "IDR", FALSE, 500000 },
    { "500K", "IDR", TRUE, 500000 },
    { "12,5rb", "IDR", TRUE, 12500 },
    { "2 ribu", "IDR", TRUE, 2000 },
    { "1,5jt", "IDR", TRUE, 1500000 },
    { "1.5 juta", "IDR", FALSE, 1500000 },
    { "15.000,00", "IDR", TRUE, 15000 },
    { "15,000.00", "IDR", FALSE, 15000 },
    { "-Rp 5.000", "IDR", TRUE, -5000 },
    { "Rp -5.000", "IDR", TRUE, -5000 },
    { "  137500 ", "IDR", TRUE, 137500 },
    { "$12.50", "USD", FALSE, 1250 },
    { "12,50", "USD", FALSE, 1250 },
    { "1,5k", "USD", TRUE, 150000 },
  };
  static const struct {
    const char *text;
    const char *currency;
    gboolean    id_locale;
    int         code;
  } bad[] = {
    { "", "IDR", TRUE, KASIR_MONEY_ERROR_INVALID },
    { "Rp", "IDR", TRUE, KASIR_MONEY_ERROR_INVALID },
    { "k", "IDR", TRUE, KASIR_MONEY_ERROR_INVALID },
    { "12,5", "IDR", TRUE, KASIR_MONEY_ERROR_PRECISION },
    { "1.2.3", "IDR", TRUE, KASIR_MONEY_ERROR_INVALID },
    { "500.00.0", "IDR", FALSE, KASIR_MONEY_ERROR_INVALID },
    { "1,2,5rb", "IDR", TRUE, KASIR_MONEY_ERROR_INVALID },
    { "1,2345rb", "IDR", TRUE, KASIR_MONEY_ERROR_PRECISION },
    { "abc", "IDR", TRUE, KASIR_MONEY_ERROR_INVALID },
    { "Rp 5.000 Rp", "IDR", TRUE, KASIR_MONEY_ERROR_INVALID },
    { "99999999999999999999", "IDR", TRUE, KASIR_MONEY_ERROR_OVERFLOW },
    { "9999999999999999jt", "IDR", TRUE, KASIR_MONEY_ERROR_OVERFLOW },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      KasirMoney value = 0;

      g_test_message ("%s", good[i].text);
      g_assert_true (kasir_money_parse_typed (good[i].text, kasir_currency_lookup (good[i].currency),
                                              good[i].id_locale ? &id : &en, &value, &error));
      g_assert_no_error (error);
      g_assert_cmpint (value, ==, good[i].expected);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      KasirMoney value = 12345;

      g_test_message ("%s", bad[i].text);
      g_assert_false (kasir_money_parse_typed (bad[i].text, kasir_currency_lookup (bad[i].currency),
                                               bad[i].id_locale ? &id : &en, &value, &error));
      g_assert_error (error, KASIR_MONEY_ERROR, bad[i].code);
      g_assert_cmpint (value, ==, 12345);
    }
}

static void
test_percent_typed (void)
{
  static const KasirNumberFormat id = { ',', '.' };
  static const KasirNumberFormat en = { '.', ',' };
  g_autoptr(GError) error = NULL;
  gint64 bp = 0;

  g_assert_true (kasir_percent_parse_typed ("10%", &id, &bp, &error));
  g_assert_cmpint (bp, ==, 1000);
  /* An amount naming the currency is money, whatever a percent box says. */
  g_assert_true (kasir_text_names_currency ("Rp 20.000", kasir_currency_lookup ("IDR")));
  g_assert_true (kasir_text_names_currency ("-rp.5.000", kasir_currency_lookup ("IDR")));
  g_assert_true (kasir_text_names_currency ("20.000 IDR", kasir_currency_lookup ("IDR")));
  g_assert_false (kasir_text_names_currency ("20", kasir_currency_lookup ("IDR")));
  g_assert_false (kasir_text_names_currency ("10%", kasir_currency_lookup ("IDR")));
  g_assert_false (kasir_text_names_currency ("Rp 20.000", NULL));
  g_assert_true (kasir_percent_parse_typed (" 12,5 % ", &id, &bp, &error));
  g_assert_cmpint (bp, ==, 1250);
  g_assert_true (kasir_percent_parse_typed ("12.5%", &en, &bp, &error));
  g_assert_cmpint (bp, ==, 1250);
  g_assert_true (kasir_percent_parse_typed ("7", &en, &bp, &error));
  g_assert_cmpint (bp, ==, 700);
  g_assert_no_error (error);
  g_assert_true (kasir_text_is_percent ("10 % "));
  g_assert_false (kasir_text_is_percent ("10"));

  bp = 42;
  g_assert_false (kasir_percent_parse_typed ("120%", &id, &bp, &error));
  g_assert_error (error, KASIR_MONEY_ERROR, KASIR_MONEY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kasir_percent_parse_typed ("%", &id, &bp, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (kasir_percent_parse_typed ("1,234%", &id, &bp, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (bp, ==, 42);
}

static void
test_format_from_environment (void)
{
  KasirNumberFormat format;

  /* The C library may not have the shop's locale installed; its marks still apply. */
  if (g_strcmp0 (setlocale (LC_NUMERIC, NULL), "C") != 0)
    {
      g_test_skip ("the numeric locale is not C");
      return;
    }
  g_setenv ("LC_ALL", "id_ID.UTF-8", TRUE);
  kasir_number_format_current (&format);
  g_assert_cmpuint (format.decimal_mark, ==, ',');
  g_assert_cmpuint (format.group_mark, ==, '.');
  g_setenv ("LC_ALL", "en_US.UTF-8", TRUE);
  kasir_number_format_current (&format);
  g_assert_cmpuint (format.decimal_mark, ==, '.');
  g_unsetenv ("LC_ALL");
}

static void
test_tender_bound (void)
{
  /* Both conditions must hold: ten times the total and above the floor. */
  g_assert_false (kasir_tender_needs_confirmation (100000, 25000, 10, 10000000));
  g_assert_false (kasir_tender_needs_confirmation (5000000, 25000, 10, 10000000));
  g_assert_true (kasir_tender_needs_confirmation (10000001, 25000, 10, 10000000));
  g_assert_true (kasir_tender_needs_confirmation (G_GINT64_CONSTANT (8991010000017), 25000, 10, 10000000));
  g_assert_false (kasir_tender_needs_confirmation (20000000, 2500000, 10, 10000000));
  g_assert_true (kasir_tender_needs_confirmation (25000001, 2500000, 10, 10000000));
  /* A total so large that ten times it overflows needs no question. */
  g_assert_false (kasir_tender_needs_confirmation (G_MAXINT64, G_MAXINT64 / 2, 10, 0));
  /* Factor 0 turns it off. */
  g_assert_false (kasir_tender_needs_confirmation (G_MAXINT64, 1, 0, 0));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Money/div-round/halves", test_div_round_halves);
  g_test_add_func ("/Kasir/Money/div-round/reference", test_div_round_against_reference);
  g_test_add_func ("/Kasir/Money/div-round/extremes", test_div_round_extremes);
  g_test_add_func ("/Kasir/Money/mul-div/extremes", test_mul_div_extremes);
  g_test_add_func ("/Kasir/Money/checked-arithmetic", test_checked_arithmetic);
  g_test_add_func ("/Kasir/Money/tax", test_tax_and_percent);
  g_test_add_func ("/Kasir/Money/tax-extremes", test_tax_extremes);
  g_test_add_func ("/Kasir/Money/percent", test_percent);
  g_test_add_func ("/Kasir/Money/currency-lookup", test_currency_lookup);
  g_test_add_func ("/Kasir/Money/number-formats", test_number_formats);
  g_test_add_func ("/Kasir/Money/parse/id_ID", test_parse_id);
  g_test_add_func ("/Kasir/Money/parse/en_US", test_parse_en);
  g_test_add_func ("/Kasir/Money/parse/embedded-nul", test_parse_embedded_nul);
  g_test_add_func ("/Kasir/Money/parse/space-group", test_parse_space_group);
  g_test_add_func ("/Kasir/Money/format", test_format);
  g_test_add_func ("/Kasir/Money/tender-suggestions", test_tender_suggestions);
  g_test_add_func ("/Kasir/Money/parse-typed", test_parse_typed);
  g_test_add_func ("/Kasir/Money/percent-typed", test_percent_typed);
  g_test_add_func ("/Kasir/Money/format-from-environment", test_format_from_environment);
  g_test_add_func ("/Kasir/Money/tender-bound", test_tender_bound);
  g_test_add_func ("/Kasir/Money/format-round-trip", test_format_round_trip);

  return g_test_run ();
}
