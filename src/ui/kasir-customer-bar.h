/* kasir-customer-bar.h — the member on the sale, under the cart.
 *
 * Shows who is attached (name, the points the till knows, the points this sale earns)
 * or that nobody is, with buttons to find or make a customer (the customer dialog), to
 * see the customer's history and to detach. A scanned code that is no product but a
 * member's card attaches that member (kasir_customer_bar_attach_code()).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kasir-cart-view.h"
#include "kasir-till-context.h"

G_BEGIN_DECLS

#define KASIR_TYPE_CUSTOMER_BAR (kasir_customer_bar_get_type ())

G_DECLARE_FINAL_TYPE (KasirCustomerBar, kasir_customer_bar, KASIR, CUSTOMER_BAR, GtkWidget)

KasirCustomerBar *kasir_customer_bar_new          (KasirTillContext  *context,
                                                   KasirCartView     *cart_view);
/* Opens the customer dialog over the bar's window. */
void              kasir_customer_bar_choose       (KasirCustomerBar  *self);
/* Attaches @customer_id (0 detaches). */
gboolean          kasir_customer_bar_attach       (KasirCustomerBar  *self,
                                                   gint64             customer_id,
                                                   GError           **error);
/* Attaches the member whose card carries @code; FALSE when no member has it. */
gboolean          kasir_customer_bar_attach_code  (KasirCustomerBar  *self,
                                                   const char        *code);
/* Opens the attached customer's history (nothing when none). */
void              kasir_customer_bar_show_history (KasirCustomerBar  *self);
/* What the bar says ("Rina Wati · 320 points · earns 5"), or "" with no customer. */
const char       *kasir_customer_bar_get_text     (KasirCustomerBar  *self);
/* The dialog or history window open now, or NULL. */
GtkWindow        *kasir_customer_bar_get_window   (KasirCustomerBar  *self);

G_END_DECLS
