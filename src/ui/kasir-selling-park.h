/* kasir-selling-park.h — the selling view's Hold, Recall, Send and Orders actions.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Installs sell.hold (Ctrl+H), sell.recall (Ctrl+R), sell.send-order (Ctrl+K) and
 * sell.open-orders (Ctrl+O) on the selling view's class. */
void kasir_selling_park_install_actions (GtkWidgetClass *widget_class);

G_END_DECLS
