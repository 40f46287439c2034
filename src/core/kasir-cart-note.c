/* kasir-cart-note.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-cart-note.h"
#include "kasir-input-error.h"

gboolean
kasir_cart_note_check (const char  *note,
                       GError     **error)
{
  g_return_val_if_fail (note != NULL, FALSE);

  if (!g_utf8_validate (note, -1, NULL))
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                           _("The note is not valid text"));
      return FALSE;
    }
  for (const char *p = note; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                             _("A note is one line of text"));
        return FALSE;
      }
  if (g_utf8_strlen (note, -1) > KASIR_CART_NOTE_MAX_CHARS)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_TOO_LONG,
                   _("A note can be at most %d characters; this one has %ld"),
                   KASIR_CART_NOTE_MAX_CHARS, g_utf8_strlen (note, -1));
      return FALSE;
    }
  return TRUE;
}

gboolean
kasir_cart_set_line_note (KasirCart   *self,
                          guint        index,
                          const char  *note,
                          GError     **error)
{
  g_autofree char *trimmed = NULL;
  KasirCartLine *line;

  g_return_val_if_fail (self != NULL, FALSE);

  if (index >= self->lines->len)
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                           _("There is no such line in the cart"));
      return FALSE;
    }
  trimmed = g_strstrip (g_strdup (note != NULL ? note : ""));
  if (!kasir_cart_note_check (trimmed, error))
    return FALSE;

  line = g_ptr_array_index (self->lines, index);
  g_free (line->note);
  line->note = trimmed[0] != '\0' ? g_steal_pointer (&trimmed) : NULL;
  return TRUE;
}
