/* kasir-payment-methods.h — how a person sees each payment method: one table, so the
 * checkout, the receipt, the shift dialog and the shift report call a method the same.
 * The wire code stays kasir_payment_method_to_string() in core.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-types.h"

G_BEGIN_DECLS

/* The translated name ("Cash", "E-wallet / QRIS"…); an unknown value reads "Other". */
const char *kasir_payment_method_label (KasirPaymentMethod method);

G_END_DECLS
