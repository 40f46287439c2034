/* kasir-discount-check.c — what a discount may take, checked before the cart keeps it.
 *
 * The cart's arithmetic caps a flat discount at what it discounts, so that a total is
 * never negative. A cashier typing 999999 for a sale of 15000 meant something else,
 * though: the till refuses it and says why, rather than silently taking the whole sale.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-discount-check.h"
#include "kasir-models.h"
#include "kasir-money.h"

static char *
format_money (KasirMoney  amount,
              const char *currency)
{
  KasirNumberFormat format;

  kasir_number_format_current (&format);
  return kasir_money_format (amount, kasir_currency_lookup (currency), &format);
}

/* What the discount on @target works on, and what it asks for. */
static void
discount_of (const KasirCart        *cart,
             int                     target,
             KasirMoney             *base,
             KasirMoney             *taken,
             const KasirAdjustment **adjustment)
{
  if (target == KASIR_DISCOUNT_SALE)
    {
      /* The lines' totals already carry their share of the sale discount. */
      *base = cart->subtotal + cart->discount_amount;
      *taken = cart->discount_amount;
      *adjustment = &cart->discount;
      return;
    }

  g_assert (target >= 0 && (guint) target < cart->lines->len);
  {
    const KasirCartLine *line = g_ptr_array_index (cart->lines, target);

    *base = line->gross;
    *taken = line->line_discount;
    *adjustment = &line->discount;
  }
}

gboolean
kasir_cart_discount_fits (const KasirCart *cart,
                          int              target,
                          GError         **error)
{
  const KasirAdjustment *adjustment;
  KasirMoney base;
  KasirMoney taken;
  g_autofree char *asked = NULL;
  g_autofree char *limit = NULL;

  g_return_val_if_fail (cart != NULL, FALSE);
  g_return_val_if_fail (target == KASIR_DISCOUNT_SALE || (target >= 0 && (guint) target < cart->lines->len), FALSE);

  discount_of (cart, target, &base, &taken, &adjustment);
  if (adjustment->kind != KASIR_ADJUST_FLAT || adjustment->value <= base)
    return TRUE;

  asked = format_money (adjustment->value, cart->currency);
  limit = format_money (base, cart->currency);
  if (target == KASIR_DISCOUNT_SALE)
    /* Translators: %1$s is the discount typed, %2$s what the sale's lines come to. */
    g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                 _("A discount of %1$s is more than the sale (%2$s)"), asked, limit);
  else
    /* Translators: %1$s is the discount typed, %2$s what the line comes to. */
    g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                 _("A discount of %1$s is more than the line (%2$s)"), asked, limit);
  return FALSE;
}

gint64
kasir_cart_discount_share (const KasirCart *cart,
                           int              target)
{
  const KasirAdjustment *adjustment;
  KasirMoney base;
  KasirMoney taken;
  gint64 bp = 0;

  g_return_val_if_fail (cart != NULL, 0);
  g_return_val_if_fail (target == KASIR_DISCOUNT_SALE || (target >= 0 && (guint) target < cart->lines->len), 0);

  discount_of (cart, target, &base, &taken, &adjustment);
  if (base <= 0 || taken <= 0)
    return 0;
  if (!kasir_money_mul_div (taken, 10000, base, &bp))
    return 10000;

  return CLAMP (bp, 0, 10000);
}
