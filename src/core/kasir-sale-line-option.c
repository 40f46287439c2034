/* kasir-sale-line-option.c — the modifier options chosen on a line.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kasir-sale-line-option.h"
#include "kasir-money.h"

char *
kasir_line_options_text (GPtrArray  *options,
                         const char *separator)
{
  GString *text;

  if (options == NULL || options->len == 0)
    return NULL;
  if (separator == NULL)
    separator = ", ";

  text = g_string_new (NULL);
  for (guint i = 0; i < options->len; i++)
    {
      const KasirSaleLineOption *option = g_ptr_array_index (options, i);

      if (i > 0)
        g_string_append (text, separator);
      g_string_append (text, option->name != NULL ? option->name : "?");
    }
  return g_string_free (text, FALSE);
}

char *
kasir_sale_line_options_text (const KasirSaleLine *line,
                              const char          *separator)
{
  g_return_val_if_fail (line != NULL, NULL);

  return kasir_line_options_text (line->options, separator);
}

gboolean
kasir_line_options_equal (GPtrArray *a,
                          GPtrArray *b)
{
  guint a_len = a != NULL ? a->len : 0;
  guint b_len = b != NULL ? b->len : 0;

  if (a_len != b_len)
    return FALSE;
  for (guint i = 0; i < a_len; i++)
    {
      const KasirSaleLineOption *x = g_ptr_array_index (a, i);
      const KasirSaleLineOption *y = g_ptr_array_index (b, i);

      if (x->option_id != y->option_id || x->group_id != y->group_id ||
          x->group_version != y->group_version || x->price != y->price)
        return FALSE;
    }
  return TRUE;
}

gboolean
kasir_line_options_price (GPtrArray  *options,
                          KasirMoney *out)
{
  KasirMoney sum = 0;

  for (guint i = 0; options != NULL && i < options->len; i++)
    {
      const KasirSaleLineOption *option = g_ptr_array_index (options, i);

      if (!kasir_money_add (sum, option->price, &sum))
        return FALSE;
    }
  *out = sum;
  return TRUE;
}
