/* kasir-open-orders-window.h — the open orders of the outlet, to take one to the till and
 * pay it, or to reprint its kitchen tickets.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-till-dialog.h"
#include "kasir-cart-view.h"

G_BEGIN_DECLS

#define KASIR_TYPE_OPEN_ORDERS_WINDOW (kasir_open_orders_window_get_type ())

G_DECLARE_FINAL_TYPE (KasirOpenOrdersWindow, kasir_open_orders_window, KASIR, OPEN_ORDERS_WINDOW, KasirTillDialog)

/* This till's open orders and the other tills' as last listed by the server (asked again
 * when the till is online); a row activated takes its order into @cart_view (another
 * till's only while online) and closes the window. */
KasirOpenOrdersWindow *kasir_open_orders_window_new          (GtkWindow             *parent,
                                                             KasirTillContext      *context,
                                                             KasirCartView         *cart_view);
guint                  kasir_open_orders_window_get_n_orders (KasirOpenOrdersWindow *self);
GtkListBoxRow         *kasir_open_orders_window_get_row      (KasirOpenOrdersWindow *self,
                                                             guint                  index);
/* Cancels order @index for @reason with manager @approved_by's approval
 * (kasir_open_order_cancel(): another till's only while online), prints its VOID kitchen
 * ticket when the kitchen was asked for anything, and lists the orders again. FALSE with
 * an error, said in the window, and nothing changed otherwise. */
gboolean               kasir_open_orders_window_cancel       (KasirOpenOrdersWindow *self,
                                                              guint                  index,
                                                              const char            *reason,
                                                              gint64                 approved_by,
                                                              GError               **error);
/* Asks for the reason of cancelling order @index, then for a manager's approval, then
 * cancels it: a message dialog over the window whose extra child is the reason's entry. */
GtkWidget             *kasir_open_orders_window_cancel_prompt (KasirOpenOrdersWindow *self,
                                                               guint                  index);
/* Reprints every kitchen ticket of order @index (marked as a reprint). */
gboolean               kasir_open_orders_window_reprint      (KasirOpenOrdersWindow *self,
                                                             guint                  index,
                                                             GError               **error);
/* Whether the window is waiting for the server's listing. */
gboolean               kasir_open_orders_window_get_refreshing (KasirOpenOrdersWindow *self);
const char            *kasir_open_orders_window_get_message  (KasirOpenOrdersWindow *self);

G_END_DECLS
