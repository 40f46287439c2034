/* kasir-order-button.h — the cart's order type: dine-in (with a table), take-away or
 * delivery (with a reference), chosen in a popover.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kasir-ui-types.h"

G_BEGIN_DECLS

#define KASIR_TYPE_ORDER_BUTTON (kasir_order_button_get_type ())

G_DECLARE_FINAL_TYPE (KasirOrderButton, kasir_order_button, KASIR, ORDER_BUTTON, GtkWidget)

/* A button that shows and sets the order of @cart_view's cart (not referenced: the
 * button lives inside the cart view). */
GtkWidget  *kasir_order_button_new       (KasirCartView    *cart_view);
/* Chooses @order_type (NULL: none) and @ref in the popover and applies them, as a
 * cashier does; FALSE with the message the popover shows. */
gboolean    kasir_order_button_choose    (KasirOrderButton *self,
                                          const char       *order_type,
                                          const char       *ref,
                                          GError          **error);
const char *kasir_order_button_get_label (KasirOrderButton *self);

G_END_DECLS
