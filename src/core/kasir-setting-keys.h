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
