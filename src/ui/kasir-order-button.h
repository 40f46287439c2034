/* kasir-order-button.h — the cart's order type: dine-in (with a table), take-away or
 * delivery (with a reference), chosen in a popover.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KASIR_TYPE_ORDER_BUTTON (kasir_order_button_get_type ())

G_DECLARE_FINAL_TYPE (KasirOrderButton, kasir_order_button, KASIR, ORDER_BUTTON, GtkWidget)

/* Applies the order chosen in the popover (@order_type NULL: none) to the cart; FALSE
 * with the message the popover shows, the cart unchanged. */
typedef gboolean (*KasirOrderApplyFunc) (gpointer     user_data,
                                         const char  *order_type,
                                         const char  *ref,
                                         GError     **error);

/* A button that sets the cart's order through @apply (called with @user_data, which
 * outlives the button: the cart view holding it) and shows the order it is given by
 * kasir_order_button_show(). */
GtkWidget  *kasir_order_button_new       (KasirOrderApplyFunc  apply,
                                          gpointer             user_data);
/* The cart's order now (@order_type NULL: none): the label says it and the popover
 * opens on it. */
void        kasir_order_button_show      (KasirOrderButton *self,
                                          const char       *order_type,
                                          const char       *ref);
/* Chooses @order_type (NULL: none) and @ref in the popover and applies them, as a
 * cashier does; FALSE with the message the popover shows. */
gboolean    kasir_order_button_choose    (KasirOrderButton *self,
                                          const char       *order_type,
                                          const char       *ref,
                                          GError          **error);
const char *kasir_order_button_get_label (KasirOrderButton *self);

G_END_DECLS
