/* kasir-payment-methods.c — how a person sees each payment method; see
 * kasir-payment-methods.h.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-payment-methods.h"

static const char * const labels[] = {
  [KASIR_PAYMENT_CASH] = N_("Cash"),
  [KASIR_PAYMENT_CARD] = N_("Card"),
  /* TRANSLATORS: QRIS is Indonesia's standard QR code for payment apps. */
  [KASIR_PAYMENT_EWALLET] = N_("E-wallet / QRIS"),
  [KASIR_PAYMENT_OTHER] = N_("Other"),
};

const char *
kasir_payment_method_label (KasirPaymentMethod method)
{
  if ((guint) method >= G_N_ELEMENTS (labels))
    method = KASIR_PAYMENT_OTHER;
  return _(labels[method]);
}
