/* kasir-held-sale.h — holding the sale in progress and recalling a held one at the till.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-cart-view.h"
#include "kasir-till-context.h"

G_BEGIN_DECLS

/* Parks the cart shown in @cart_view under @label (may be NULL or empty), with who is
 * signed in and the open shift, and shows an empty cart for the next customer. FALSE
 * with an error and the cart left as it was on bad input (an empty cart, a label too
 * long) or a database failure. */
gboolean   kasir_held_sale_hold       (KasirTillContext  *context,
                                       KasirCartView     *cart_view,
                                       const char        *label,
                                       GError           **error);
/* Moves held cart @id back into @cart_view. Refused while @cart_view has lines. */
gboolean   kasir_held_sale_recall     (KasirTillContext  *context,
                                       KasirCartView     *cart_view,
                                       gint64             id,
                                       GError           **error);
/* Asks for an optional label (a name, a table, a note), then holds: a message dialog
 * over @parent whose "hold" response holds the cart. Its extra child is the label's
 * entry; Enter in it holds. A failure is said in a message over @parent, and the
 * sale stays in the cart. */
GtkWidget *kasir_held_sale_prompt_new (GtkWindow         *parent,
                                       KasirTillContext  *context,
                                       KasirCartView     *cart_view);

G_END_DECLS
