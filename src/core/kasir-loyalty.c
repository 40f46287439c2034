/* kasir-loyalty.c — see kasir-loyalty.h.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-loyalty.h"

gint64
kasir_loyalty_points_earned (KasirMoney net_total,
                             gint64     earn_per_minor)
{
  if (net_total <= 0 || earn_per_minor <= 0)
    return 0;
  return net_total / earn_per_minor;
}

KasirMoney
kasir_loyalty_points_value (gint64 points,
                            gint64 point_value_minor)
{
  KasirMoney value;

  if (points <= 0 || point_value_minor <= 0)
    return 0;
  if (!kasir_money_mul (points, point_value_minor, &value))
    return 0;
  return value;
}

gint64
kasir_loyalty_points_for (KasirMoney remaining,
                          gint64     balance,
                          gint64     point_value_minor)
{
  if (remaining <= 0 || balance <= 0 || point_value_minor <= 0)
    return 0;
  return MIN (balance, remaining / point_value_minor);
}
