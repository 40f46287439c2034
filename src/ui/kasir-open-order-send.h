/* kasir-open-order-send.h — "Send order" at the till, and printing an order's kitchen
 * tickets.
 *
 * Sending makes the cart an open order (kasir-open-order-repository.h), prints its kitchen
 * ticket on each station's printer (kasir-kitchen-ticket.h; the till's category map says
 * which items go to the bar) and empties the till for the next customer. Sending an order
 * taken back into the cart prints only the items added since.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-cart-view.h"
#include "kasir-open-order-repository.h"
#include "kasir-till-context.h"

G_BEGIN_DECLS

/* Where tickets go: NULL prints on the stations' printers (asking the first time); a
 * directory writes each ticket there as a PDF (ticket-<number>[-<station>].pdf). */
void     kasir_open_order_set_ticket_dir  (const char        *directory);

/* Sends the cart of @cart_view under @label (may be NULL) and prints its tickets. FALSE
 * with an error and the cart left as it was when nothing is sent (an empty cart, nothing
 * new); a ticket that could not be printed is said in @print_error (may be NULL) while
 * the order stays sent (reprint it from Open Orders). */
gboolean kasir_open_order_send            (KasirTillContext  *context,
                                           KasirCartView     *cart_view,
                                           const char        *label,
                                           GtkWindow         *parent,
                                           GError           **print_error,
                                           GError           **error);
/* Prints @ticket of @order (its station split as the till's settings say), marked as a
 * reprint when @reprint. */
gboolean kasir_open_order_print_ticket    (KasirTillContext        *context,
                                           const KasirOpenOrder    *order,
                                           const KasirOrderTicket  *ticket,
                                           gboolean                 reprint,
                                           GtkWindow               *parent,
                                           GError                 **error);
/* The text of @ticket for @station's share of it (NULL: the whole ticket to the kitchen),
 * as printed on the till's kitchen paper. */
/* The VOID kitchen ticket of @order, cancelled for @reason: every item the kitchen was
 * asked for (its "sent"), under "** VOID **"; nothing when it asked for none. */
gboolean kasir_open_order_print_void      (KasirTillContext        *context,
                                           const KasirOpenOrder    *order,
                                           const char              *reason,
                                           GtkWindow               *parent,
                                           GError                 **error);
/* The text of that ticket (every station together); NULL when there is none. */
char    *kasir_open_order_void_text       (KasirTillContext        *context,
                                           const KasirOpenOrder    *order,
                                           const char              *reason);
char    *kasir_open_order_ticket_text     (KasirTillContext        *context,
                                           const KasirOpenOrder    *order,
                                           const KasirOrderTicket  *ticket,
                                           gboolean                 reprint);
/* Asks for an optional name or table, then sends: a message dialog over @parent. */
GtkWidget *kasir_open_order_prompt_new    (GtkWindow         *parent,
                                           KasirTillContext  *context,
                                           KasirCartView     *cart_view);

G_END_DECLS
