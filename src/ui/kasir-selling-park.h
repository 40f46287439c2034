/* kasir-selling-park.h — the selling view's Hold, Recall, Send and Orders actions.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kasir-selling-view.h"
#include "kasir-sync-service.h"

G_BEGIN_DECLS

/* Installs sell.hold (Ctrl+H), sell.recall (Ctrl+R), sell.send-order (Ctrl+K) and
 * sell.open-orders (Ctrl+O) on the selling view's class. */
void kasir_selling_park_install_actions (GtkWidgetClass *widget_class);

/* Follows @service's ::orders-changed (instead of @old's) to show on the Orders button of
 * @view how many open orders wait. */
void kasir_selling_park_follow_orders   (KasirSellingView *view,
                                         KasirSyncService *old,
                                         KasirSyncService *service);

G_END_DECLS
