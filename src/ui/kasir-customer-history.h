/* kasir-customer-history.h — a customer's sales on this till, with the points each
 * earned and redeemed, and the balance the till knows.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-till-context.h"

G_BEGIN_DECLS

#define KASIR_TYPE_CUSTOMER_HISTORY (kasir_customer_history_get_type ())

G_DECLARE_FINAL_TYPE (KasirCustomerHistory, kasir_customer_history, KASIR, CUSTOMER_HISTORY, AdwWindow)

KasirCustomerHistory *kasir_customer_history_new         (GtkWindow            *parent,
                                                          KasirTillContext     *context,
                                                          gint64                customer_id);
/* How many sales the list shows. */
guint                 kasir_customer_history_get_n_sales (KasirCustomerHistory *self);
/* The balance line ("320 points"), for tests and screen readers alike. */
const char           *kasir_customer_history_get_balance (KasirCustomerHistory *self);

G_END_DECLS
