/* kasir-checkout-points.h — loyalty at checkout: what a member may pay in points, and
 * the points a sale redeems and earns.
 *
 * The checkout dialog asks these before it adds a "points" payment and when it builds the
 * sale; the rule (kasir-loyalty.h) and the member's known balance (the customers table,
 * moved after each sale and by pull) are read here, so the dialog stays about money.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-cart.h"
#include "kasir-till-context.h"

G_BEGIN_DECLS

/* The loyalty rule the shop set (0 when unset). */
typedef struct
{
  gint64 earn_per_minor;
  gint64 point_value_minor;
} KasirLoyaltyRule;

void       kasir_checkout_points_rule      (KasirTillContext   *context,
                                            KasirLoyaltyRule   *rule);
/* The member on @cart (NULL when none or unknown here). */
KasirCustomer *kasir_checkout_points_member (KasirTillContext  *context,
                                             const KasirCart   *cart);
/* Whether the cart's member can pay with points now: a member with points and a rule
 * that gives them a value. */
gboolean   kasir_checkout_points_offered   (KasirTillContext   *context,
                                            const KasirCart    *cart);
/* The points the payments of method "points" stand for. */
gint64     kasir_checkout_points_in        (GPtrArray          *payments,
                                            gint64              point_value_minor);
/* The points @payments tender under the shop's rule, for kasir_cart_to_sale(). */
gint64     kasir_checkout_points_redeemed  (KasirTillContext   *context,
                                            GPtrArray          *payments);
/* The most the member can pay in points toward @left, as text for the amount field
 * ("" when nothing). */
char      *kasir_checkout_points_most_text (KasirTillContext   *context,
                                            const KasirCart    *cart,
                                            GPtrArray          *payments,
                                            KasirMoney          left);
/* Checks a points payment of @amount (money) against @left to pay and the balance the
 * till knows less the points already tendered (@payments); rounds it down to whole
 * points into @out_amount. FALSE with a message for the amount field, nothing changed. */
gboolean   kasir_checkout_points_check     (KasirTillContext   *context,
                                            const KasirCart    *cart,
                                            GPtrArray          *payments,
                                            KasirMoney          amount,
                                            KasirMoney          left,
                                            KasirMoney         *out_amount,
                                            GError            **error);
/* Fills in what the sale earns and redeems, and names a member made on this till by its
 * client id (its local id is provisional). */
void       kasir_checkout_points_finish    (KasirTillContext   *context,
                                            const KasirCart    *cart,
                                            KasirSale          *sale);

G_END_DECLS
