/* kasir-tender.c — what a cashier is offered and asked when taking cash.
 *
 * Round-up suggestions follow the notes people carry: an amount due is rounded up to
 * steps that are large next to it (at least a tenth of it), so Rp 137.500 is offered as
 * 140.000, 150.000 and 200.000 rather than 138.000, which nobody hands over.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-tender.h"

/* Steps in major units: rupiah notes, and for currencies with cents the usual bills. */
static const gint64 steps_idr[] = { 5000, 10000, 20000, 50000, 100000, 200000, 500000, 1000000, 5000000 };
static const gint64 steps_other[] = { 1, 5, 10, 20, 50, 100, 500, 1000 };

guint
kasir_tender_suggest_cash (KasirMoney           due,
                           const KasirCurrency *currency,
                           KasirMoney           out[KASIR_TENDER_MAX_SUGGESTIONS])
{
  gboolean idr = currency == NULL || g_strcmp0 (currency->code, "IDR") == 0;
  const gint64 *steps = idr ? steps_idr : steps_other;
  guint n_steps = idr ? G_N_ELEMENTS (steps_idr) : G_N_ELEMENTS (steps_other);
  gint64 unit = 1;
  guint n = 0;

  if (due <= 0)
    return 0;
  for (guint e = 0; currency != NULL && e < currency->exponent; e++)
    unit *= 10;

  for (guint i = 0; i < n_steps && n < KASIR_TENDER_MAX_SUGGESTIONS; i++)
    {
      gint64 step;
      gint64 rounded;

      if (!kasir_money_mul (steps[i], unit, &step))
        break;
      /* Small steps next to a large amount are not how people pay; the largest step
       * is always tried so that something is offered. */
      if (step < due / 10 && i + 1 < n_steps)
        continue;
      if (due > G_MAXINT64 - step)
        break;
      /* The next multiple of the step strictly above what is due ("exact" is its own
       * button). */
      rounded = (due / step + 1) * step;
      if (n > 0 && rounded <= out[n - 1])
        continue;
      out[n++] = rounded;
    }

  return n;
}

gboolean
kasir_tender_needs_confirmation (KasirMoney amount,
                                 KasirMoney total,
                                 guint      factor,
                                 KasirMoney floor)
{
  gint64 bound;

  if (factor == 0)
    return FALSE;
  if (!kasir_money_mul (total, factor, &bound))
    bound = G_MAXINT64;

  return amount > bound && amount > floor;
}
