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

/* floor(@n × @part / @whole) with @part clamped to [0, @whole]; the product is taken in
 * 128 bits, so any points and amounts the protocol allows fit. */
static gint64
scaled (gint64     n,
        KasirMoney part,
        KasirMoney whole)
{
  if (n <= 0 || whole <= 0 || part <= 0)
    return 0;
  if (part >= whole)
    return n;
  return (gint64) ((__int128) n * part / whole);
}

/* @a + @b, or the largest amount when it would overflow (beyond any sale anyway). */
static KasirMoney
sum_or_max (KasirMoney a,
            KasirMoney b)
{
  KasirMoney out;

  return kasir_money_add (MAX (a, 0), MAX (b, 0), &out) ? out : G_MAXINT64;
}

gint64
kasir_loyalty_points_taken_back (gint64     earned,
                                 KasirMoney total,
                                 KasirMoney before,
                                 KasirMoney amount)
{
  KasirMoney after = sum_or_max (before, amount);

  if (earned <= 0 || total <= 0)
    return 0;
  before = CLAMP (before, 0, total);
  after = MIN (after, total);
  return scaled (earned, total - before, total) - scaled (earned, total - after, total);
}

gint64
kasir_loyalty_points_given_back (gint64     redeemed,
                                 KasirMoney paid,
                                 KasirMoney before,
                                 KasirMoney amount)
{
  KasirMoney after = sum_or_max (before, amount);

  if (redeemed <= 0 || paid <= 0)
    return 0;
  return scaled (redeemed, after, paid) - scaled (redeemed, before, paid);
}
