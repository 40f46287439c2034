/* kasir-cart.h — the cart being built at the till and its totals.
 *
 * How totals are computed (kasir_cart_compute), in this order:
 *  1. line gross = qty * unit_price.
 *  2. line discount: flat (minor units, per line, capped at gross) or percent (basis points
 *     of gross, rounded by the rule).
 *  3. cart discount: flat or percent of the sum of discounted lines, capped at that sum;
 *     spread over the lines in proportion to their discounted amounts, by the rounding
 *     rule, with the remainder of a unit given to the largest lines first, so the shares
 *     add up to the cart discount exactly. Each line's sale discount = own + share.
 *  4. line total = gross - line discount - share (never negative).
 *  5. line tax on the line total: kasir_tax_included when the store's prices include tax,
 *     kasir_tax_excluded otherwise.
 *  6. subtotal = sum of line totals; tax = sum of line taxes;
 *     fee = flat or percent of subtotal (not taxed);
 *     total = subtotal + fee (+ tax when prices exclude tax).
 * A KasirSale made from the cart satisfies kasir_sale_check_sums().
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kasir-models.h"

G_BEGIN_DECLS

typedef enum
{
  KASIR_ADJUST_NONE,
  KASIR_ADJUST_FLAT,     /* value in minor units */
  KASIR_ADJUST_PERCENT,  /* value in basis points, 0..10000 */
} KasirAdjustKind;

typedef struct
{
  KasirAdjustKind kind;
  gint64          value;
} KasirAdjustment;

struct _KasirCartLine
{
  gint64          product_id;
  char           *sku;
  char           *name;
  gint64          qty;            /* > 0 */
  KasirMoney      unit_price;
  gint64          price_version;
  guint           tax_rate_bp;
  KasirAdjustment discount;
  GPtrArray      *options;        /* KasirSaleLineOption* chosen; NULL: none. unit_price
                                     is the product's price plus theirs. */
  char           *note;           /* the cashier's note ("no ice"), kasir-cart-note.h; NULL:
                                     none */

  /* Filled by kasir_cart_compute(). */
  KasirMoney      gross;
  KasirMoney      line_discount;
  KasirMoney      cart_discount_share;
  KasirMoney      tax;
  KasirMoney      total;
};

struct _KasirCart
{
  char            currency[4];
  gboolean        tax_inclusive;
  gint64          customer_id;    /* 0: none */
  GPtrArray      *lines;          /* KasirCartLine* */
  KasirAdjustment discount;
  KasirAdjustment fee;
  char           *order_type;     /* NULL or a code of kasir-order-type.h */
  char           *order_ref;      /* a table or a delivery reference; NULL: none */
  char           *open_order_id;  /* the open order this cart is (UUID); NULL: none */

  /* Filled by kasir_cart_compute(). */
  KasirMoney      subtotal;
  KasirMoney      discount_amount;
  KasirMoney      fee_amount;
  KasirMoney      tax;
  KasirMoney      total;
};

KasirCartLine *kasir_cart_line_new   (void);
KasirCartLine *kasir_cart_line_copy  (const KasirCartLine *self);
void           kasir_cart_line_free  (KasirCartLine *self);

KasirCart     *kasir_cart_new        (const char *currency,
                                      gboolean    tax_inclusive);
KasirCart     *kasir_cart_copy       (const KasirCart *self);
void           kasir_cart_free       (KasirCart *self);

/* Adds @qty of a product; merges with an existing line of the same product that has no
 * line discount and no note. Returns the line (owned by the cart). */
KasirCartLine *kasir_cart_add_product (KasirCart          *self,
                                       const KasirProduct *product,
                                       gint64              qty);
/* The same with modifier options chosen (KasirSaleLineOption*, copied; NULL or empty:
 * none, as kasir_cart_add_product()): the unit price is the product's plus the options',
 * and the line merges only with a line of the same options. NULL when the price would
 * overflow. */
KasirCartLine *kasir_cart_add_product_with_options (KasirCart          *self,
                                                    const KasirProduct *product,
                                                    gint64              qty,
                                                    GPtrArray          *options);
gboolean       kasir_cart_set_qty     (KasirCart *self, guint index, gint64 qty, GError **error);
void           kasir_cart_remove_line (KasirCart *self, guint index);
void           kasir_cart_clear       (KasirCart *self);

/* Sets how the sale is served (kasir_order_check()); FALSE with an error and nothing
 * changed on bad input. An empty @ref is none. */
gboolean       kasir_cart_set_order   (KasirCart *self, const char *order_type, const char *ref,
                                       GError **error);

/* Validates adjustments (percent 0..10000, flat >= 0, qty > 0, prices >= 0) and fills in
 * every computed field. FALSE with an error (KASIR_MODEL_ERROR_*) and nothing changed on
 * bad input or overflow. */
gboolean       kasir_cart_compute     (KasirCart *self, GError **error);

/* Builds the sale to commit from a computed cart and its payments (KasirPayment*, copied).
 * Fills change from the cash overpayment. Fails if payments do not cover the total, if
 * change would exceed the cash tendered, or if the result fails kasir_sale_check_sums(). */
KasirSale     *kasir_cart_to_sale     (const KasirCart *self,
                                       GPtrArray       *payments,
                                       gint64           loyalty_redeemed,
                                       GError         **error);

/* The cart as JSON and back, for keeping it across a crash or restart (strict decode). */
JsonNode      *kasir_cart_to_json     (const KasirCart *self);
KasirCart     *kasir_cart_from_json   (JsonNode *node, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirCartLine, kasir_cart_line_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirCart, kasir_cart_free)

G_END_DECLS
