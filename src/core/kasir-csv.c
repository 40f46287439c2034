/* kasir-csv.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kasir-csv.h"
#include "kasir-input-error.h"

void
kasir_csv_row_free (KasirCsvRow *row)
{
  if (row == NULL)
    return;
  g_strfreev (row->fields);
  g_free (row);
}

static gboolean
row_is_blank (GPtrArray *fields)
{
  return fields->len == 1 && *(const char *) fields->pdata[0] == '\0';
}

static void
end_row (GPtrArray *rows,
         GPtrArray *fields,
         guint      line)
{
  KasirCsvRow *row;

  if (row_is_blank (fields))
    {
      g_ptr_array_set_size (fields, 0);
      return;
    }
  g_ptr_array_add (fields, NULL);
  row = g_new0 (KasirCsvRow, 1);
  row->line = line;
  row->fields = (char **) g_ptr_array_steal (fields, NULL);
  g_ptr_array_add (rows, row);
}

GPtrArray *
kasir_csv_parse (const char  *data,
                 gsize        length,
                 GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_csv_row_free);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = data, *end = data + length;
  const char *bad = NULL;
  guint line = 1, row_line = 1;
  gboolean quoted = FALSE, after_quote = FALSE;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (!g_utf8_validate (data, (gssize) length, &bad))
    {
      guint bad_line = 1;

      for (const char *q = data; q < bad; q++)
        bad_line += *q == '\n';
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("Line %u: the text is not UTF-8"), bad_line);
      return NULL;
    }
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  for (; p < end; p++)
    {
      char c = *p;

      if (quoted)
        {
          if (c == '"' && p + 1 < end && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p++;
            }
          else if (c == '"')
            {
              quoted = FALSE;
              after_quote = TRUE;
            }
          else
            {
              line += c == '\n';
              g_string_append_c (field, c);
            }
          continue;
        }
      if (c == ',')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          after_quote = FALSE;
        }
      else if (c == '\n' || (c == '\r' && p + 1 < end && p[1] == '\n'))
        {
          if (c == '\r')
            p++;
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          end_row (rows, fields, row_line);
          after_quote = FALSE;
          row_line = ++line;
        }
      else if (after_quote)
        {
          g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                       _("Line %u: text after a closing quote"), line);
          return NULL;
        }
      else if (c == '"' && field->len == 0)
        quoted = TRUE;
      else
        g_string_append_c (field, c);
    }
  if (quoted)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("Line %u: a quote is never closed"), row_line);
      return NULL;
    }
  if (field->len > 0 || fields->len > 0 || after_quote)
    {
      g_ptr_array_add (fields, g_strdup (field->str));
      end_row (rows, fields, row_line);
    }

  return g_steal_pointer (&rows);
}

void
kasir_csv_append_field (GString    *out,
                        const char *text)
{
  gboolean formula, quote;

  g_return_if_fail (out != NULL);

  if (text == NULL)
    text = "";
  formula = text[0] != '\0' && strchr ("=+-@", text[0]) != NULL;
  quote = formula || strpbrk (text, ",\"\r\n") != NULL;
  if (!quote)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}
