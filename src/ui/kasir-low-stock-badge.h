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
 * the shop's default) and labels @button "Manager" or "Manager · 3 low", with the same in
 * its accessible label. At most 99 are counted ("99+"). Returns the count. */
guint kasir_low_stock_badge_update (GtkMenuButton *button,
                                    KasirDatabase *database);

G_END_DECLS
