/* kasir-order-type.c — how a sale is served: dine-in, take-away or delivery.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-input-error.h"
#include "kasir-order-type.h"

const char * const kasir_order_type_codes[] = { "dine_in", "take_away", "delivery", NULL };

gboolean
kasir_order_type_is_valid (const char *code)
{
  return code != NULL && g_strv_contains (kasir_order_type_codes, code);
}

const char *
kasir_order_type_label (const char *code)
{
  if (g_strcmp0 (code, "dine_in") == 0)
    return _("Dine-in");
  if (g_strcmp0 (code, "take_away") == 0)
    return _("Take-away");
  if (g_strcmp0 (code, "delivery") == 0)
    return _("Delivery");
  return NULL;
}

const char *
kasir_order_ref_label (const char *code)
{
  if (g_strcmp0 (code, "dine_in") == 0)
    return _("Table");
  return _("Reference");
}

gboolean
kasir_order_check (const char  *code,
                   const char  *ref,
                   GError     **error)
{
  if (code != NULL && !kasir_order_type_is_valid (code))
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("“%s” is not an order type"), code);
      return FALSE;
    }
  if (ref == NULL)
    return TRUE;
  if (!g_utf8_validate (ref, -1, NULL))
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("The table or reference must be text"));
      return FALSE;
    }
  if (code == NULL)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED,
                   _("Choose dine-in, take-away or delivery before giving a table or reference"));
      return FALSE;
    }
  if (g_utf8_strlen (ref, -1) > KASIR_ORDER_REF_MAX_CHARS)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_TOO_LONG,
                   _("A table or reference can be at most %d characters long"),
                   KASIR_ORDER_REF_MAX_CHARS);
      return FALSE;
    }

  return TRUE;
}
