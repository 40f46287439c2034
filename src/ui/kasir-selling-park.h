/* kasir-selling-park.h — the selling view's Hold, Recall, Send and Orders actions.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kasir-till-context.h"
#include "kasir-ui-types.h"
#include "kasir-sync-service.h"

G_BEGIN_DECLS

/* What the selling view's action @action_name does with the sale in @cart_view:
 * "sell.hold" (Ctrl+H) parks it, "sell.recall" (Ctrl+R) lists the held sales,
 * "sell.send-order" (Ctrl+K) sends it to the kitchen and "sell.open-orders" (Ctrl+O)
 * lists the open orders, each in a window over @parent; "sell.line-note" (Ctrl+E) asks
 * for the note of a line (kasir-line-note.c). NULL when the window opened (or
 * there is no till database to open it on, which says nothing); otherwise what to tell
 * the cashier, nothing opened. */
const char *kasir_selling_park_activate (const char       *action_name,
                                         GtkWindow        *parent,
                                         KasirTillContext *context,
                                         KasirCartView    *cart_view);

/* Follows @service's ::orders-changed (instead of @old's) to show on the Orders button of
 * @cart_view how many open orders wait. */
void        kasir_selling_park_follow_orders (KasirCartView    *cart_view,
                                              KasirSyncService *old,
                                              KasirSyncService *service);

G_END_DECLS
