/* kasir-selling-park.c — where a sale in progress goes and comes back from: held for
 * the next customer (kasir-held-sale.c) or sent to the kitchen as an open order
 * (kasir-open-order-send.c), and taken back from their lists.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-selling-park.h"
#include "kasir-selling-view.h"
#include "kasir-held-sale.h"
#include "kasir-held-sales-window.h"
#include "kasir-open-order-send.h"
#include "kasir-open-orders-window.h"

/* Parks the sale in progress (kasir-held-sale.c) for the next customer. */
static void
action_hold (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KasirSellingView *self = KASIR_SELLING_VIEW (widget);
  KasirTillContext *context = kasir_selling_view_get_context (self);
  KasirCartView *cart_view = kasir_selling_view_get_cart_view (self);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (context == NULL || kasir_cart_view_is_empty (cart_view))
    {
      kasir_selling_view_set_message (self, _("The cart is empty: there is no sale to hold"));
      gtk_widget_error_bell (widget);
      return;
    }
  gtk_window_present (GTK_WINDOW (kasir_held_sale_prompt_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                              context, cart_view)));
}

static void
action_recall (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KasirSellingView *self = KASIR_SELLING_VIEW (widget);
  KasirTillContext *context = kasir_selling_view_get_context (self);
  KasirCartView *cart_view = kasir_selling_view_get_cart_view (self);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (context == NULL || kasir_till_context_get_database (context) == NULL)
    return;
  gtk_window_present (GTK_WINDOW (kasir_held_sales_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                               context, cart_view)));
}

/* Sends the sale in progress to the kitchen as an open order (kasir-open-order-send.c),
 * or lists the open orders. */
static void
action_orders (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KasirSellingView *self = KASIR_SELLING_VIEW (widget);
  KasirTillContext *context = kasir_selling_view_get_context (self);
  KasirCartView *cart_view = kasir_selling_view_get_cart_view (self);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWindow *parent = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
  gboolean send = g_str_equal (action_name, "sell.send-order");

  if (context == NULL || kasir_till_context_get_database (context) == NULL || (send && kasir_cart_view_is_empty (cart_view)))
    {
      kasir_selling_view_set_message (self, _("The cart is empty: there is no order to send"));
      gtk_widget_error_bell (widget);
    }
  else
    gtk_window_present (send ? GTK_WINDOW (kasir_open_order_prompt_new (parent, context, cart_view))
                             : GTK_WINDOW (kasir_open_orders_window_new (parent, context, cart_view)));
}

/* The outlet's open orders were fetched after a sync: the Orders button says how many. */
static void
on_orders_changed (KasirSyncService *service,
                   guint             n_orders,
                   KasirSellingView *view)
{
  kasir_cart_view_set_open_orders (kasir_selling_view_get_cart_view (view), n_orders);
}

void
kasir_selling_park_follow_orders (KasirSellingView *view,
                                  KasirSyncService *old,
                                  KasirSyncService *service)
{
  if (old != NULL)
    g_signal_handlers_disconnect_by_func (old, on_orders_changed, view);
  if (service != NULL)
    g_signal_connect_object (service, "orders-changed", G_CALLBACK (on_orders_changed), view, 0);
}

void
kasir_selling_park_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "sell.hold", NULL, action_hold);
  gtk_widget_class_install_action (widget_class, "sell.recall", NULL, action_recall);
  gtk_widget_class_install_action (widget_class, "sell.send-order", NULL, action_orders);
  gtk_widget_class_install_action (widget_class, "sell.open-orders", NULL, action_orders);
}
