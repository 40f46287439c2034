/* kasir-payment-method.c — see kasir-payment-method.h.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kasir-payment-method.h"

/* Indexed by the enum value. */
static const KasirPaymentMethodInfo methods[] = {
  [KASIR_PAYMENT_CASH] = { KASIR_PAYMENT_CASH, "cash", N_("Cash"), N_("C_ash"),
                           "io.github.kasirpos.Kasir-cash-symbolic" },
  [KASIR_PAYMENT_CARD] = { KASIR_PAYMENT_CARD, "card", N_("Card"), N_("_Card"),
                           "auth-smartcard-symbolic" },
  /* TRANSLATORS: QRIS is Indonesia's standard QR code for payment apps. */
  [KASIR_PAYMENT_EWALLET] = { KASIR_PAYMENT_EWALLET, "ewallet", N_("E-wallet / QRIS"),
                              N_("_E-wallet / QRIS"), "phone-symbolic" },
  [KASIR_PAYMENT_OTHER] = { KASIR_PAYMENT_OTHER, "other", N_("Other"), N_("_Other"),
                            "view-more-symbolic" },
  /* TRANSLATORS: a member's loyalty points used to pay. */
  [KASIR_PAYMENT_POINTS] = { KASIR_PAYMENT_POINTS, "points", N_("Points"), N_("_Points"),
                             "starred-symbolic" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (methods) == KASIR_N_TENDER_METHODS);

const KasirPaymentMethodInfo *
kasir_payment_methods (guint *n_methods)
{
  g_return_val_if_fail (n_methods != NULL, NULL);

  *n_methods = G_N_ELEMENTS (methods);
  return methods;
}

KasirPaymentMethod
kasir_payment_method_nth (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (methods), KASIR_PAYMENT_OTHER);
  return methods[index].method;
}

const KasirPaymentMethodInfo *
kasir_payment_method_info (KasirPaymentMethod method)
{
  if ((guint) method >= G_N_ELEMENTS (methods))
    method = KASIR_PAYMENT_OTHER;
  return &methods[method];
}

const char *
kasir_payment_method_label (KasirPaymentMethod method)
{
  return _(kasir_payment_method_info (method)->label);
}

const char *
kasir_payment_method_code_label (const char *code)
{
  KasirPaymentMethod method;

  if (!kasir_payment_method_from_string (code, &method))
    return code != NULL ? code : "";
  return kasir_payment_method_label (method);
}

char *
kasir_payment_method_codes_label (const char *codes)
{
  g_auto(GStrv) parts = g_strsplit (codes != NULL ? codes : "", "+", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (*parts[i] == '\0')
        continue;
      if (out->len > 0)
        /* Translators: between two payment methods of one sale: "Card + Cash". */
        g_string_append (out, _(" + "));
      g_string_append (out, kasir_payment_method_code_label (parts[i]));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

const char *
kasir_payment_method_mnemonic (KasirPaymentMethod method)
{
  return _(kasir_payment_method_info (method)->mnemonic_label);
}

const char *
kasir_payment_method_to_string (KasirPaymentMethod method)
{
  if ((guint) method >= G_N_ELEMENTS (methods))
    return NULL;
  return methods[method].code;
}

gboolean
kasir_payment_method_from_string (const char         *text,
                                  KasirPaymentMethod *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    if (strcmp (methods[i].code, text) == 0)
      {
        *out = methods[i].method;
        return TRUE;
      }
  return FALSE;
}
