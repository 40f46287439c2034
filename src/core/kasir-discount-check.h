/* kasir-discount-check.h — what a discount may take, checked before the cart keeps it.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kasir-cart.h"

G_BEGIN_DECLS

/* The discount on line @index (a line index), or on the whole sale
 * (KASIR_DISCOUNT_SALE), of a computed cart. */
#define KASIR_DISCOUNT_SALE (-1)

/* FALSE, with an error that names both amounts, when a flat discount asks for more than
 * what it discounts (the line's gross, or the sale's lines after their own discounts).
 * @cart must be computed. */
gboolean kasir_cart_discount_fits  (const KasirCart *cart,
                                    int              target,
                                    GError         **error);

/* The share, in basis points (0..10000), of what it discounts that the discount on
 * @target takes in the computed @cart. */
gint64   kasir_cart_discount_share (const KasirCart *cart,
                                    int              target);

G_END_DECLS
