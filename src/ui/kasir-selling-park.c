/* kasir-selling-park.c — where a sale in progress goes and comes back from: held for
 * the next customer (kasir-held-sale.c) or sent to the kitchen as an open order
 * (kasir-open-order-send.c), and taken back from their lists.
 *
 * The selling view installs the actions and calls in here with what they work on, so
 * this file knows the cart, never the view.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-selling-park.h"
#include "kasir-cart-view.h"
#include "kasir-held-sale.h"
#include "kasir-line-note.h"
#include "kasir-held-sales-window.h"
#include "kasir-open-order-send.h"
#include "kasir-open-orders-window.h"

/* Parks the sale in progress (kasir-held-sale.c) for the next customer. */
static const char *
hold (GtkWindow        *parent,
      KasirTillContext *context,
      KasirCartView    *cart_view)
{
  if (context == NULL || kasir_cart_view_is_empty (cart_view))
    return _("The cart is empty: there is no sale to hold");
  gtk_window_present (GTK_WINDOW (kasir_held_sale_prompt_new (parent, context, cart_view)));

  return NULL;
}

static const char *
recall (GtkWindow        *parent,
        KasirTillContext *context,
        KasirCartView    *cart_view)
{
  if (context == NULL || kasir_till_context_get_database (context) == NULL)
    return NULL;
  gtk_window_present (GTK_WINDOW (kasir_held_sales_window_new (parent, context, cart_view)));

  return NULL;
}

/* Sends the sale in progress to the kitchen as an open order (kasir-open-order-send.c),
 * or lists the open orders. */
static const char *
orders (gboolean          send,
        GtkWindow        *parent,
        KasirTillContext *context,
        KasirCartView    *cart_view)
{
  if (context == NULL || kasir_till_context_get_database (context) == NULL || (send && kasir_cart_view_is_empty (cart_view)))
    return _("The cart is empty: there is no order to send");
  gtk_window_present (send ? GTK_WINDOW (kasir_open_order_prompt_new (parent, context, cart_view))
                           : GTK_WINDOW (kasir_open_orders_window_new (parent, context, cart_view)));

  return NULL;
}

const char *
kasir_selling_park_activate (const char       *action_name,
                             GtkWindow        *parent,
                             KasirTillContext *context,
                             KasirCartView    *cart_view)
{
  g_return_val_if_fail (action_name != NULL, NULL);
  g_return_val_if_fail (KASIR_IS_CART_VIEW (cart_view), NULL);

  if (g_str_equal (action_name, "sell.hold"))
    return hold (parent, context, cart_view);
  if (g_str_equal (action_name, "sell.recall"))
    return recall (parent, context, cart_view);
  if (g_str_equal (action_name, "sell.send-order") || g_str_equal (action_name, "sell.open-orders"))
    return orders (g_str_equal (action_name, "sell.send-order"), parent, context, cart_view);
  if (g_str_equal (action_name, "sell.line-note"))
    return kasir_line_note_activate (parent, cart_view);
  g_return_val_if_reached (NULL);
}

/* The open orders this till lists changed (fetched after a sync, or this till sent, paid
 * or cancelled one): the Orders button says how many. */
static void
on_orders_changed (KasirSyncService *service,
                   guint             n_orders,
                   KasirCartView    *cart_view)
{
  kasir_cart_view_set_open_orders (cart_view, n_orders);
}

void
kasir_selling_park_follow_orders (KasirCartView    *cart_view,
                                  KasirSyncService *old,
                                  KasirSyncService *service)
{
  if (old != NULL)
    g_signal_handlers_disconnect_by_func (old, on_orders_changed, cart_view);
  if (service != NULL)
    g_signal_connect_object (service, "orders-changed", G_CALLBACK (on_orders_changed), cart_view, 0);
}
