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

/* Refunds and points (the rule is told in help/C/refunds.page).
 *
 * A refund of a sale that earned points takes back the refunded share of them: after
 * refunds of @refunded of the sale's @total, the member keeps
 * floor(@earned × (@total − @refunded) / @total) of the points the sale earned, rounded
 * down in the shop's favour. Each refund takes what that figure drops by, so refunds in
 * parts add up to exactly @earned once all of the sale is refunded. @before is what
 * earlier refunds gave back, @amount this refund; both are clamped to the sale. */
gint64     kasir_loyalty_points_taken_back (gint64      earned,
                                            KasirMoney  total,
                                            KasirMoney  before,
                                            KasirMoney  amount);
/* Money that goes back "as points" (a refund paid by the "points" method) gives back
 * points a sale was paid with: of @redeemed points worth @paid, refunds of @before as
 * points gave back floor(@redeemed × @before / @paid); this one gives back what that
 * figure grows by with @amount more, rounded down in the shop's favour, and all of
 * @paid gives back exactly @redeemed. More than @paid counts as @paid. */
gint64     kasir_loyalty_points_given_back (gint64      redeemed,
                                            KasirMoney  paid,
                                            KasirMoney  before,
                                            KasirMoney  amount);

G_END_DECLS
