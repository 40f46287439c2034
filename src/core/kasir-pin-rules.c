/* kasir-pin-rules.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kasir-input-error.h"
#include "kasir-pin-rules.h"

guint
kasir_pin_min_digits (const char *role)
{
  if (g_strcmp0 (role, "cashier") == 0)
    return 4;
  if (g_strcmp0 (role, "supervisor") == 0 || g_strcmp0 (role, "manager") == 0)
    return 6;
  return 0;
}

gboolean
kasir_pin_check_new (const char  *role,
                     const char  *pin,
                     const char  *again,
                     GError     **error)
{
  guint min = kasir_pin_min_digits (role);
  gsize len;

  if (min == 0)
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                           _("Role: a cashier, a supervisor or a manager"));
      return FALSE;
    }
  if (pin == NULL || *pin == '\0')
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED,
                           _("PIN: type a PIN"));
      return FALSE;
    }
  for (const char *p = pin; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      {
        g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                             _("PIN: digits only"));
        return FALSE;
      }
  len = strlen (pin);
  if (len < min || len > KASIR_PIN_MAX_DIGITS)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE,
                   _("PIN: %u to %u digits for this role"), min, KASIR_PIN_MAX_DIGITS);
      return FALSE;
    }
  if (g_strcmp0 (pin, again) != 0)
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                           _("PIN: the two PINs are not the same"));
      return FALSE;
    }

  return TRUE;
}
