/* kasir-receipt-layout.c — laying out the text of a receipt in fixed columns.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-receipt-layout.h"
#include "kasir-ui-money.h"

void
kasir_receipt_layout_centered (GString    *out,
                               const char *text,
                               guint       columns)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      glong len = g_utf8_strlen (lines[i], -1);

      for (glong pad = ((glong) columns - len) / 2; pad > 0; pad--)
        g_string_append_c (out, ' ');
      g_string_append (out, lines[i]);
      g_string_append_c (out, '\n');
    }
}

void
kasir_receipt_layout_pair (GString    *out,
                           const char *left,
                           const char *right,
                           guint       columns)
{
  glong left_len = g_utf8_strlen (left, -1);
  glong right_len = g_utf8_strlen (right, -1);

  if (left_len + 1 + right_len > (glong) columns)
    {
      g_string_append (out, left);
      g_string_append_c (out, '\n');
      left = "";
      left_len = 0;
    }
  g_string_append (out, left);
  for (glong pad = columns - left_len - right_len; pad > 0; pad--)
    g_string_append_c (out, ' ');
  g_string_append (out, right);
  g_string_append_c (out, '\n');
}

void
kasir_receipt_layout_rule (GString *out,
                           guint    columns)
{
  for (guint i = 0; i < columns; i++)
    g_string_append_c (out, '-');
  g_string_append_c (out, '\n');
}

void
kasir_receipt_layout_options (GString             *out,
                              const KasirSaleLine *line,
                              const char          *currency,
                              guint                columns)
{
  for (guint i = 0; line->options != NULL && i < line->options->len; i++)
    {
      const KasirSaleLineOption *option = g_ptr_array_index (line->options, i);
      g_autofree char *left = g_strdup_printf ("  + %s", option->name != NULL ? option->name : "");

      if (option->price > 0)
        {
          g_autofree char *price = kasir_ui_money_format (option->price, currency);

          kasir_receipt_layout_pair (out, left, price, columns);
        }
      else
        {
          g_string_append (out, left);
          g_string_append_c (out, '\n');
        }
    }
  /* The cashier's note comes under the options, as on the kitchen ticket. */
  if (line->note != NULL && line->note[0] != '\0')
    kasir_receipt_layout_wrapped (out, "  * ", "    ", line->note, columns);
}

void
kasir_receipt_layout_wrapped (GString    *out,
                              const char *first,
                              const char *indent,
                              const char *text,
                              guint       columns)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  glong used = g_utf8_strlen (first, -1);
  glong indent_len = g_utf8_strlen (indent, -1);
  gboolean line_empty = TRUE;

  g_string_append (out, first);
  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *word = words[i];
      glong len = g_utf8_strlen (word, -1);

      if (len == 0)
        continue;
      if (!line_empty && used + 1 + len > (glong) columns)
        {
          g_string_append_c (out, '\n');
          g_string_append (out, indent);
          used = indent_len;
          line_empty = TRUE;
        }
      while (used + len > (glong) columns && (glong) columns > used)
        {
          const char *cut = g_utf8_offset_to_pointer (word, columns - used);

          g_string_append_len (out, word, cut - word);
          g_string_append_c (out, '\n');
          g_string_append (out, indent);
          used = indent_len;
          len -= g_utf8_strlen (word, cut - word);
          word = cut;
        }
      if (!line_empty)
        {
          g_string_append_c (out, ' ');
          used++;
        }
      g_string_append (out, word);
      used += len;
      line_empty = FALSE;
    }
  g_string_append_c (out, '\n');
}
