/* kasir-loyalty.h — the loyalty rule: points a sale earns and what points are worth.
 *
 * Both numbers come from the shop's settings (loyalty.earn_per_minor,
 * loyalty.point_value_minor); a rule that is absent or not positive earns or is worth
 * nothing, so a shop without loyalty never sees points.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-money.h"

G_BEGIN_DECLS

/* floor(@net_total / @earn_per_minor); 0 when either is 0 or less. */
gint64     kasir_loyalty_points_earned   (KasirMoney  net_total,
                                          gint64      earn_per_minor);
/* The money @points pay, or 0 when points are worth nothing or the product would not
 * fit in an amount. */
KasirMoney kasir_loyalty_points_value    (gint64      points,
                                          gint64      point_value_minor);
/* The most points that may pay @remaining: never more than @balance, nor more than the
 * points whose value covers @remaining (rounded down: points never give change). */
gint64     kasir_loyalty_points_for      (KasirMoney  remaining,
                                          gint64      balance,
                                          gint64      point_value_minor);

G_END_DECLS
