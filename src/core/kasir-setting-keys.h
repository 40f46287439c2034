/* kasir-setting-keys.h — the names of the till's shop-wide settings.
 *
 * These live in the settings repository (the encrypted database), not in GSettings: they
 * describe the shop, travel from the server with a pull when the till has one, and are set
 * at shop setup when the till runs standalone. Every reader and writer uses these names, so
 * a receipt, a loyalty rule and the shop setup page agree on what they mean.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <string.h>

/* The shop as a customer reads it on a receipt (text). */
#define KASIR_SETTING_SHOP_NAME            "shop.name"
#define KASIR_SETTING_SHOP_ADDRESS         "shop.address"
#define KASIR_SETTING_SHOP_TAX_NUMBER      "shop.tax_number"     /* NPWP */
#define KASIR_SETTING_OUTLET_NAME          "outlet.name"
#define KASIR_SETTING_RECEIPT_HEADER       "receipt.header"
#define KASIR_SETTING_RECEIPT_FOOTER       "receipt.footer"

/* Loyalty (integers). One point per this many minor units of a sale's net total, rounded
 * down; 0 turns earning off. A redeemed point is worth this many minor units. */
#define KASIR_SETTING_LOYALTY_EARN_PER     "loyalty.earn_per_minor"
#define KASIR_SETTING_LOYALTY_POINT_VALUE  "loyalty.point_value_minor"

/* Selling (integer). A discount taking more than this share, in basis points, of what it
 * discounts waits for a manager's approval; 0 (or unset): no discount needs one. */
#define KASIR_SETTING_DISCOUNT_APPROVAL_ABOVE_BP "discount.approval_above_bp"

/* Manager approvals (integer). A manager's approval of the manager's tools holds this
 * many seconds for that manager (default 180, 0: ask every time). */
#define KASIR_SETTING_APPROVAL_HOLD_SECONDS     "approval.hold_seconds"
/* Refunds (integers): a manager approves a refund above this amount in minor units
 * (default 0: every refund) or of a sale older than this many days (default 7); the last
 * sale may be voided within this many minutes of it (default 10). */
#define KASIR_SETTING_REFUND_APPROVAL_ABOVE     "refund.approval_above_minor"
#define KASIR_SETTING_REFUND_APPROVAL_DAYS      "refund.approval_after_days"
#define KASIR_SETTING_VOID_WINDOW_MINUTES       "void.window_minutes"

/* The drawer (integers). A pay-out of more than this many minor units waits for a
 * manager's approval (default 0: every pay-out; -1: none). Selling needs an open shift
 * (1, the default) or not (0). */
#define KASIR_SETTING_PAYOUT_APPROVAL_ABOVE     "shift.payout_approval_above_minor"
#define KASIR_SETTING_SHIFT_REQUIRED            "shift.required_for_sale"

/* Stock (integers). A counted product with no threshold of its own is low at or below
 * this many units; unset: 5. */
#define KASIR_SETTING_LOW_STOCK_DEFAULT    "stock.low_default"
#define KASIR_LOW_STOCK_DEFAULT_UNITS      5

/* Tax (integers). The rate a new product starts with, in basis points (1100 = 11%), and
 * whether shelf prices include tax (1) or tax is added at the till (0). Set at shop
 * setup on a standalone till. */
#define KASIR_SETTING_TAX_RATE_DEFAULT     "tax.default_rate_bp"
#define KASIR_SETTING_TAX_INCLUSIVE        "tax.prices_include"

/* Whether @key is one of the shop-wide names above (by its namespace), the only ones a
 * server may set on a till through pull: the till's own state (PIN lockout, sync cursor,
 * terminal identity) lives under other names. */
static inline gboolean
kasir_setting_key_is_shop_wide (const char *key)
{
  static const char * const prefixes[] = {
    "shop.", "outlet.", "receipt.", "loyalty.", "approval.", "refund.", "void.", "shift.",
    "discount.", "stock.", "tax.",
  };

  for (gsize i = 0; key != NULL && i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (key, prefixes[i]) && key[strlen (prefixes[i])] != '\0')
      return TRUE;
  return FALSE;
}
