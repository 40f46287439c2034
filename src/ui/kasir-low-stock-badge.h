/* kasir-low-stock-badge.h — the manager menu says how many products are low on stock.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kasir-database.h"

G_BEGIN_DECLS

/* Counts the active counted products at or below their low-stock threshold (their own or
 * the shop's default) on a worker thread with its own database connection, then labels
 * @button "Manager" or "Manager · 3 low", with the same in its accessible label. At most
 * 99 are counted ("99+"). @callback NULL: the label is all that is wanted. finish returns
 * the count, or -1 with @error (the button then says "Manager"). */
void   kasir_low_stock_badge_update_async  (GtkMenuButton       *button,
                                            KasirDatabase       *database,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gssize kasir_low_stock_badge_update_finish (GtkMenuButton       *button,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
