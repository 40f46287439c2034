/* kasir-held-sales-window.h — the held sales, to recall one into the till's cart.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-till-dialog.h"
#include "kasir-cart-view.h"

G_BEGIN_DECLS

#define KASIR_TYPE_HELD_SALES_WINDOW (kasir_held_sales_window_get_type ())

G_DECLARE_FINAL_TYPE (KasirHeldSalesWindow, kasir_held_sales_window, KASIR, HELD_SALES_WINDOW, KasirTillDialog)

/* The held sales of the till's database; a row activated (Enter, a click or a tap)
 * recalls its sale into @cart_view and closes the window. */
KasirHeldSalesWindow *kasir_held_sales_window_new          (GtkWindow            *parent,
                                                            KasirTillContext     *context,
                                                            KasirCartView        *cart_view);
guint                 kasir_held_sales_window_get_n_held   (KasirHeldSalesWindow *self);
/* The row of held sale @index (oldest first), or NULL. */
GtkListBoxRow        *kasir_held_sales_window_get_row      (KasirHeldSalesWindow *self,
                                                            guint                 index);
/* Whether held sale @index is flagged as held before the open shift (or with none open). */
gboolean              kasir_held_sales_window_is_flagged   (KasirHeldSalesWindow *self,
                                                            guint                 index);
/* What the window says after a refused recall, or NULL. */
const char           *kasir_held_sales_window_get_message  (KasirHeldSalesWindow *self);

/* What closing a shift must say about the sales still held on @database (they stay
 * held, flagged as from an earlier shift), or NULL when none is. */
char                 *kasir_held_sales_close_note          (KasirDatabase        *database);

G_END_DECLS
