/* test-cart.c — cart totals, discount spreading, sales made from carts, saved carts.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kasir-cart.h"
#include "kasir-money.h"

static KasirProduct *
make_product (gint64      id,
              KasirMoney  price,
              guint       tax_rate_bp)
{
  KasirProduct *product = kasir_product_new ();

  product->id = id;
  product->sku = g_strdup_printf ("SKU-%" G_GINT64_FORMAT, id);
  product->name = g_strdup_printf ("Product %" G_GINT64_FORMAT, id);
  product->price = price;
  product->price_version = 1;
  product->tax_rate_bp = tax_rate_bp;
  product->version = 1;
  return product;
}

static KasirCartLine *
add (KasirCart  *cart,
     gint64      id,
     KasirMoney  price,
     guint       tax_rate_bp,
     gint64      qty)
{
  g_autoptr(KasirProduct) product = make_product (id, price, tax_rate_bp);

  return kasir_cart_add_product (cart, product, qty);
}

static KasirCartLine *
line_at (KasirCart *cart,
         guint      i)
{
  return g_ptr_array_index (cart->lines, i);
}

static GPtrArray *
payments_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
}

static void
pay (GPtrArray          *payments,
     KasirPaymentMethod  method,
     KasirMoney          amount)
{
  g_ptr_array_add (payments, kasir_payment_new (method, amount));
}

static void
assert_sale_matches_cart (const KasirSale *sale,
                          const KasirCart *cart)
{
  g_autoptr(GError) error = NULL;
  KasirMoney discounts = 0;
  KasirMoney own = 0;

  g_assert_true (kasir_sale_check_sums (sale, &error));
  g_assert_no_error (error);
  g_assert_true (kasir_uuid_is_valid (sale->sale_id));
  g_assert_true (kasir_rfc3339_is_valid (sale->created_at));
  g_assert_cmpstr (sale->currency, ==, cart->currency);
  g_assert_cmpint (sale->tax_inclusive, ==, cart->tax_inclusive);
  g_assert_cmpint (sale->customer_id, ==, cart->customer_id);
  g_assert_cmpint (sale->subtotal, ==, cart->subtotal);
  g_assert_cmpint (sale->discount, ==, cart->discount_amount);
  g_assert_cmpint (sale->fee, ==, cart->fee_amount);
  g_assert_cmpint (sale->tax, ==, cart->tax);
  g_assert_cmpint (sale->total, ==, cart->total);
  g_assert_cmpuint (sale->lines->len, ==, cart->lines->len);

  for (guint i = 0; i < sale->lines->len; i++)
    {
      const KasirSaleLine *sl = g_ptr_array_index (sale->lines, i);
      const KasirCartLine *cl = g_ptr_array_index (cart->lines, i);

      g_assert_cmpint (sl->product_id, ==, cl->product_id);
      g_assert_cmpint (sl->qty, ==, cl->qty);
      g_assert_cmpint (sl->unit_price, ==, cl->unit_price);
      g_assert_cmpint (sl->price_version, ==, cl->price_version);
      g_assert_cmpuint (sl->tax_rate_bp, ==, cl->tax_rate_bp);
      g_assert_cmpint (sl->discount, ==, cl->line_discount + cl->cart_discount_share);
      g_assert_cmpint (sl->tax, ==, cl->tax);
      g_assert_cmpint (sl->total, ==, cl->total);
      g_assert_cmpstr (sl->sku, ==, cl->sku);
      g_assert_cmpstr (sl->name, ==, cl->name);
      discounts += sl->discount;
      own += cl->line_discount;
    }

  /* The cart discount is inside the line discounts exactly once. */
  g_assert_cmpint (discounts - own, ==, sale->discount);
}

static void
test_inclusive_tax (void)
{
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", TRUE);
  g_autoptr(GError) error = NULL;

  add (cart, 42, 15000, 1100, 2);
  add (cart, 43, 5000, 0, 1);
  g_assert_true (kasir_cart_compute (cart, &error));
  g_assert_no_error (error);

  g_assert_cmpint (line_at (cart, 0)->gross, ==, 30000);
  g_assert_cmpint (line_at (cart, 0)->tax, ==, 2973);
  g_assert_cmpint (line_at (cart, 0)->total, ==, 30000);
  g_assert_cmpint (line_at (cart, 1)->tax, ==, 0);
  g_assert_cmpint (line_at (cart, 1)->total, ==, 5000);
  g_assert_cmpint (cart->subtotal, ==, 35000);
  g_assert_cmpint (cart->tax, ==, 2973);
  g_assert_cmpint (cart->total, ==, 35000);
  g_assert_cmpint (cart->discount_amount, ==, 0);
  g_assert_cmpint (cart->fee_amount, ==, 0);
}

static void
test_exclusive_tax (void)
{
  g_autoptr(KasirCart) cart = kasir_cart_new ("USD", FALSE);

  add (cart, 1, 1999, 825, 3);   /* 5997, tax 494.75 → 495 */
  add (cart, 2, 250, 1000, 1);   /* 250, tax 25 */
  g_assert_true (kasir_cart_compute (cart, NULL));

  g_assert_cmpint (line_at (cart, 0)->tax, ==, 495);
  g_assert_cmpint (line_at (cart, 1)->tax, ==, 25);
  g_assert_cmpint (cart->subtotal, ==, 6247);
  g_assert_cmpint (cart->tax, ==, 520);
  g_assert_cmpint (cart->total, ==, 6767);
}

static void
test_line_discounts (void)
{
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", TRUE);
  KasirCartLine *line;

  line = add (cart, 1, 15000, 1100, 2);
  line->discount.kind = KASIR_ADJUST_FLAT;
  line->discount.value = 5000;
  line = add (cart, 2, 10000, 1100, 3);
  line->discount.kind = KASIR_ADJUST_PERCENT;
  line->discount.value = 1250;  /* 12.5% of 30000 = 3750 */
  line = add (cart, 3, 999, 0, 1);
  line->discount.kind = KASIR_ADJUST_FLAT;
  line->discount.value = 5000;  /* capped at the line's 999 */
  line = add (cart, 4, 333, 0, 1);
  line->discount.kind = KASIR_ADJUST_PERCENT;
  line->discount.value = 5000;  /* 166.5 → 167 */

  g_assert_true (kasir_cart_compute (cart, NULL));

  g_assert_cmpint (line_at (cart, 0)->line_discount, ==, 5000);
  g_assert_cmpint (line_at (cart, 0)->total, ==, 25000);
  g_assert_cmpint (line_at (cart, 0)->tax, ==, 2477);  /* 25000 * 1100 / 11100 = 2477.48 */
  g_assert_cmpint (line_at (cart, 1)->line_discount, ==, 3750);
  g_assert_cmpint (line_at (cart, 1)->total, ==, 26250);
  g_assert_cmpint (line_at (cart, 2)->line_discount, ==, 999);
  g_assert_cmpint (line_at (cart, 2)->total, ==, 0);
  g_assert_cmpint (line_at (cart, 3)->line_discount, ==, 167);
  g_assert_cmpint (line_at (cart, 3)->total, ==, 166);
  g_assert_cmpint (cart->subtotal, ==, 25000 + 26250 + 0 + 166);
}

/* Builds a cart of untaxed lines with the given amounts and a flat cart discount, and
 * returns the shares. */
static void
assert_spread (const KasirMoney *amounts,
               guint             n,
               KasirMoney        discount,
               const KasirMoney *expected)
{
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", TRUE);
  KasirMoney sum = 0;

  for (guint i = 0; i < n; i++)
    add (cart, i + 1, amounts[i], 0, 1);
  cart->discount.kind = KASIR_ADJUST_FLAT;
  cart->discount.value = discount;

  g_assert_true (kasir_cart_compute (cart, NULL));

  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpint (line_at (cart, i)->cart_discount_share, ==, expected[i]);
      g_assert_cmpint (line_at (cart, i)->total, ==, amounts[i] - expected[i]);
      sum += line_at (cart, i)->cart_discount_share;
    }

  g_assert_cmpint (sum, ==, cart->discount_amount);
}

static void
test_cart_discount_spread (void)
{
  /* Proportional shares that round to the exact total. */
  {
    static const KasirMoney amounts[] = { 10000, 20000, 30001 };
    static const KasirMoney expected[] = { 167, 333, 500 };
    assert_spread (amounts, 3, 1000, expected);
  }
  /* 33.3 each rounds to 99 in all: the missing unit goes to the largest line, and among
   * equal lines to the first. */
  {
    static const KasirMoney amounts[] = { 100, 100, 100 };
    static const KasirMoney expected[] = { 34, 33, 33 };
    assert_spread (amounts, 3, 100, expected);
  }
  /* 20.2, 60.6 and 20.2 round to 101 by themselves. */
  {
    static const KasirMoney amounts[] = { 100, 300, 100 };
    static const KasirMoney expected[] = { 20, 61, 20 };
    assert_spread (amounts, 3, 101, expected);
  }
  /* 0.33, 0.34 and 0.33 all round down: the unit goes to the largest line, wherever it is. */
  {
    static const KasirMoney amounts[] = { 33, 34, 33 };
    static const KasirMoney expected[] = { 0, 1, 0 };
    assert_spread (amounts, 3, 1, expected);
  }
  /* 2.5 → 3 and 1.5 → 2 overshoot by one: it comes back from the largest line. */
  {
    static const KasirMoney amounts[] = { 30, 50, 20 };
    static const KasirMoney expected[] = { 2, 2, 1 };
    assert_spread (amounts, 3, 5, expected);
  }
  /* Halves on equal lines: 0.5 + 0.5 rounds to 2, one unit is taken back from the first. */
  {
    static const KasirMoney amounts[] = { 1, 1 };
    static const KasirMoney expected[] = { 0, 1 };
    assert_spread (amounts, 2, 1, expected);
  }
  /* A discount larger than the cart is capped at the cart. */
  {
    static const KasirMoney amounts[] = { 700, 300 };
    static const KasirMoney expected[] = { 700, 300 };
    assert_spread (amounts, 2, 5000, expected);
  }
  /* A free line takes no share. */
  {
    static const KasirMoney amounts[] = { 0, 1000, 0 };
    static const KasirMoney expected[] = { 0, 10, 0 };
    assert_spread (amounts, 3, 10, expected);
  }
  /* Many small lines and a remainder of several units. */
  {
    static const KasirMoney amounts[] = { 1, 1, 1, 1, 1, 1, 1 };
    static const KasirMoney expected[] = { 1, 1, 1, 0, 0, 0, 0 };
    assert_spread (amounts, 7, 3, expected);
  }
}

static void
test_cart_discount_percent_after_line_discount (void)
{
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", TRUE);
  KasirCartLine *line;

  line = add (cart, 1, 20000, 1100, 1);
  line->discount.kind = KASIR_ADJUST_FLAT;
  line->discount.value = 2000;   /* 18000 */
  add (cart, 2, 12000, 1100, 1); /* 12000 */
  cart->discount.kind = KASIR_ADJUST_PERCENT;
  cart->discount.value = 1000;   /* 10% of 30000 = 3000: 1800 + 1200 */

  g_assert_true (kasir_cart_compute (cart, NULL));
  g_assert_cmpint (cart->discount_amount, ==, 3000);
  g_assert_cmpint (line_at (cart, 0)->cart_discount_share, ==, 1800);
  g_assert_cmpint (line_at (cart, 1)->cart_discount_share, ==, 1200);
  g_assert_cmpint (line_at (cart, 0)->total, ==, 16200);
  g_assert_cmpint (line_at (cart, 1)->total, ==, 10800);
  /* Tax is on the line after every discount: 16200 * 1100 / 11100 = 1605.4 → 1605,
   * 10800 * 1100 / 11100 = 1070.3 → 1070. */
  g_assert_cmpint (line_at (cart, 0)->tax, ==, 1605);
  g_assert_cmpint (line_at (cart, 1)->tax, ==, 1070);
  g_assert_cmpint (cart->subtotal, ==, 27000);
  g_assert_cmpint (cart->total, ==, 27000);
}

static void
test_fee (void)
{
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", FALSE);

  add (cart, 1, 10000, 1000, 2);  /* 20000, tax 2000 */
  cart->fee.kind = KASIR_ADJUST_FLAT;
  cart->fee.value = 2500;
  g_assert_true (kasir_cart_compute (cart, NULL));
  g_assert_cmpint (cart->fee_amount, ==, 2500);
  /* The fee is not taxed. */
  g_assert_cmpint (cart->tax, ==, 2000);
  g_assert_cmpint (cart->total, ==, 20000 + 2500 + 2000);

  cart->fee.kind = KASIR_ADJUST_PERCENT;
  cart->fee.value = 525;          /* 5.25% of 20000 = 1050 */
  g_assert_true (kasir_cart_compute (cart, NULL));
  g_assert_cmpint (cart->fee_amount, ==, 1050);
  g_assert_cmpint (cart->total, ==, 20000 + 1050 + 2000);

  cart->tax_inclusive = TRUE;
  g_assert_true (kasir_cart_compute (cart, NULL));
  g_assert_cmpint (cart->total, ==, 20000 + 1050);
}

/* Snapshot of every computed field, to prove a failed compute changed nothing. */
static char *
snapshot (const KasirCart *cart)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                          " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT ";",
                          cart->subtotal, cart->discount_amount, cart->fee_amount,
                          cart->tax, cart->total);
  for (guint i = 0; i < cart->lines->len; i++)
    {
      const KasirCartLine *l = g_ptr_array_index (cart->lines, i);

      g_string_append_printf (s, "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                              " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT ";",
                              l->qty, l->gross, l->line_discount, l->cart_discount_share,
                              l->tax, l->total);
    }

  return g_string_free (s, FALSE);
}

static void
test_overflow_rejected (void)
{
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *after_qty = NULL;

  add (cart, 1, 15000, 1100, 2);
  g_assert_true (kasir_cart_compute (cart, NULL));
  before = snapshot (cart);

  /* qty * price overflows. */
  add (cart, 2, G_MAXINT64 / 2, 0, 3);
  g_assert_false (kasir_cart_compute (cart, &error));
  g_assert_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_OVERFLOW);
  g_clear_error (&error);
  kasir_cart_remove_line (cart, 1);
  after = snapshot (cart);
  g_assert_cmpstr (before, ==, after);

  /* Each line fits but their sum does not. */
  add (cart, 3, G_MAXINT64 - 10, 0, 1);
  g_assert_false (kasir_cart_compute (cart, &error));
  g_assert_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_OVERFLOW);
  g_clear_error (&error);
  kasir_cart_remove_line (cart, 1);

  /* The lines fit but tax on top does not. */
  kasir_cart_clear (cart);
  add (cart, 4, G_MAXINT64 - 1000, 1000, 1);
  g_assert_false (kasir_cart_compute (cart, &error));
  g_assert_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_OVERFLOW);
  g_clear_error (&error);

  /* The fee does not fit. */
  kasir_cart_clear (cart);
  add (cart, 5, G_MAXINT64 - 1000, 0, 1);
  cart->fee.kind = KASIR_ADJUST_FLAT;
  cart->fee.value = 1001;
  g_assert_false (kasir_cart_compute (cart, &error));
  g_assert_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_OVERFLOW);
  g_clear_error (&error);
  cart->fee.value = 1000;
  g_assert_true (kasir_cart_compute (cart, NULL));
  g_assert_cmpint (cart->total, ==, G_MAXINT64);

  /* set_qty to an overflowing quantity: refused and the old quantity kept. */
  kasir_cart_clear (cart);
  add (cart, 1, 15000, 1100, 2);
  g_assert_true (kasir_cart_compute (cart, NULL));
  g_clear_pointer (&before, g_free);
  before = snapshot (cart);
  g_assert_false (kasir_cart_set_qty (cart, 0, G_MAXINT64 / 1000, &error));
  g_assert_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_OVERFLOW);
  g_clear_error (&error);
  after_qty = snapshot (cart);
  g_assert_cmpstr (before, ==, after_qty);
}

static void
test_invalid_rejected (void)
{
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  KasirCartLine *line;
  static const KasirAdjustment bad[] = {
    { KASIR_ADJUST_PERCENT, 10001 },
    { KASIR_ADJUST_PERCENT, -1 },
    { KASIR_ADJUST_FLAT, -1 },
    { (KasirAdjustKind) 7, 0 },
  };

  line = add (cart, 1, 15000, 1100, 2);
  add (cart, 2, 1000, 1100, 1);
  g_assert_true (kasir_cart_compute (cart, NULL));
  before = snapshot (cart);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      for (guint where = 0; where < 3; where++)
        {
          g_autofree char *after = NULL;
          KasirAdjustment *target = where == 0 ? &line->discount :
                                    where == 1 ? &cart->discount : &cart->fee;

          *target = bad[i];
          g_assert_false (kasir_cart_compute (cart, &error));
          g_assert_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID);
          g_clear_error (&error);
          after = snapshot (cart);
          g_assert_cmpstr (before, ==, after);
          target->kind = KASIR_ADJUST_NONE;
          target->value = 0;
        }
    }

  /* 100% exactly is allowed. */
  cart->discount.kind = KASIR_ADJUST_PERCENT;
  cart->discount.value = 10000;
  g_assert_true (kasir_cart_compute (cart, NULL));
  g_assert_cmpint (cart->total, ==, 0);
  cart->discount.kind = KASIR_ADJUST_NONE;

  line->unit_price = -1;
  g_assert_false (kasir_cart_compute (cart, &error));
  g_assert_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID);
  g_clear_error (&error);
  line->unit_price = 15000;

  line->qty = 0;
  g_assert_false (kasir_cart_compute (cart, &error));
  g_assert_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID);
  g_clear_error (&error);
  line->qty = 2;

  line->tax_rate_bp = 10001;
  g_assert_false (kasir_cart_compute (cart, &error));
  g_assert_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID);
  g_clear_error (&error);
  line->tax_rate_bp = 1100;

  g_assert_false (kasir_cart_set_qty (cart, 0, 0, &error));
  g_assert_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kasir_cart_set_qty (cart, 0, -3, &error));
  g_assert_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kasir_cart_set_qty (cart, 5, 1, &error));
  g_assert_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (line->qty, ==, 2);

  g_assert_true (kasir_cart_set_qty (cart, 0, 4, &error));
  g_assert_no_error (error);
  g_assert_cmpint (line->qty, ==, 4);
  g_assert_cmpint (line->gross, ==, 60000);
  g_assert_cmpint (cart->subtotal, ==, 61000);
}

static void
test_add_merge_remove_clear (void)
{
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", TRUE);
  g_autoptr(KasirProduct) product = make_product (7, 5000, 1100);
  KasirCartLine *a, *b, *c;

  a = kasir_cart_add_product (cart, product, 1);
  b = kasir_cart_add_product (cart, product, 2);
  g_assert_true (a == b);
  g_assert_cmpint (a->qty, ==, 3);
  g_assert_cmpuint (cart->lines->len, ==, 1);
  g_assert_cmpstr (a->sku, ==, "SKU-7");
  g_assert_cmpstr (a->name, ==, "Product 7");
  g_assert_cmpint (a->unit_price, ==, 5000);

  /* A discounted line stays apart. */
  a->discount.kind = KASIR_ADJUST_FLAT;
  a->discount.value = 100;
  c = kasir_cart_add_product (cart, product, 1);
  g_assert_true (c != a);
  g_assert_cmpuint (cart->lines->len, ==, 2);

  /* So does a line taken at another price. */
  product->price = 5500;
  product->price_version = 2;
  b = kasir_cart_add_product (cart, product, 1);
  g_assert_true (b != c);
  g_assert_cmpuint (cart->lines->len, ==, 3);
  g_assert_cmpint (b->unit_price, ==, 5500);

  kasir_cart_remove_line (cart, 0);
  g_assert_cmpuint (cart->lines->len, ==, 2);
  g_assert_true (line_at (cart, 0) == c);

  cart->customer_id = 12;
  cart->discount.kind = KASIR_ADJUST_FLAT;
  cart->discount.value = 10;
  g_assert_true (kasir_cart_compute (cart, NULL));
  g_assert_cmpint (cart->total, >, 0);
  kasir_cart_clear (cart);
  g_assert_cmpuint (cart->lines->len, ==, 0);
  g_assert_cmpint (cart->customer_id, ==, 0);
  g_assert_cmpint (cart->discount.kind, ==, KASIR_ADJUST_NONE);
  g_assert_cmpint (cart->total, ==, 0);
  g_assert_true (kasir_cart_compute (cart, NULL));
  g_assert_cmpint (cart->total, ==, 0);
}

static KasirCart *
standard_cart (void)
{
  KasirCart *cart = kasir_cart_new ("IDR", TRUE);

  add (cart, 42, 15000, 1100, 2);
  add (cart, 43, 5000, 0, 1);
  g_assert_true (kasir_cart_compute (cart, NULL));
  g_assert_cmpint (cart->total, ==, 35000);
  return cart;
}

static void
test_to_sale_cash_change (void)
{
  g_autoptr(KasirCart) cart = standard_cart ();
  g_autoptr(GPtrArray) payments = payments_new ();
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(GError) error = NULL;

  cart->customer_id = 12;
  pay (payments, KASIR_PAYMENT_CASH, 50000);
  sale = kasir_cart_to_sale (cart, payments, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sale);
  g_assert_cmpint (sale->change, ==, 15000);
  g_assert_cmpint (sale->total, ==, 35000);
  g_assert_cmpint (sale->tax, ==, 2973);
  g_assert_cmpuint (sale->payments->len, ==, 1);
  /* Payments are copied, not taken. */
  g_assert_true (g_ptr_array_index (sale->payments, 0) != g_ptr_array_index (payments, 0));
  g_assert_cmpuint (payments->len, ==, 1);
  assert_sale_matches_cart (sale, cart);
}

static void
test_to_sale_split (void)
{
  g_autoptr(KasirCart) cart = standard_cart ();
  static const struct {
    KasirMoney card;
    KasirMoney ewallet;
    KasirMoney cash;
    gint64     loyalty;
    gboolean   ok;
    KasirMoney change;
  } cases[] = {
    { 20000, 0, 20000, 0, TRUE, 5000 },
    { 20000, 15000, 0, 0, TRUE, 0 },
    { 34000, 0, 2000, 0, TRUE, 1000 },
    { 0, 0, 30000, 5000, TRUE, 0 },
    { 0, 0, 31000, 5000, TRUE, 1000 },
    { 0, 0, 0, 35000, TRUE, 0 },
    { 10000, 10000, 10000, 5000, TRUE, 0 },
    /* Underpaid. */
    { 20000, 0, 14999, 0, FALSE, 0 },
    { 0, 0, 0, 0, FALSE, 0 },
    { 0, 0, 30000, 4999, FALSE, 0 },
    /* Change larger than the cash: only cash is handed back. */
    { 40000, 0, 0, 0, FALSE, 0 },
    { 36000, 0, 1000, 0, FALSE, 0 },
    { 0, 36000, 0, 0, FALSE, 0 },
    { 0, 0, 0, 36000, FALSE, 0 },
    { 0, 0, 100, 35000, TRUE, 100 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) payments = payments_new ();
      g_autoptr(KasirSale) sale = NULL;
      g_autoptr(GError) error = NULL;

      if (cases[i].card)
        pay (payments, KASIR_PAYMENT_CARD, cases[i].card);
      if (cases[i].ewallet)
        pay (payments, KASIR_PAYMENT_EWALLET, cases[i].ewallet);
      if (cases[i].cash)
        pay (payments, KASIR_PAYMENT_CASH, cases[i].cash);
      /* Points redeemed at one minor unit each, by a member. */
      if (cases[i].loyalty)
        pay (payments, KASIR_PAYMENT_POINTS, cases[i].loyalty);
      cart->customer_id = cases[i].loyalty ? 12 : 0;

      sale = kasir_cart_to_sale (cart, payments, cases[i].loyalty, &error);
      if (cases[i].ok)
        {
          g_assert_no_error (error);
          g_assert_nonnull (sale);
          g_assert_cmpint (sale->change, ==, cases[i].change);
          g_assert_cmpint (sale->loyalty_redeemed, ==, cases[i].loyalty);
          assert_sale_matches_cart (sale, cart);
        }
      else
        {
          g_assert_null (sale);
          g_assert_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID);
        }
    }
}

static void
test_to_sale_rejects (void)
{
  g_autoptr(KasirCart) cart = standard_cart ();
  g_autoptr(KasirCart) empty = kasir_cart_new ("IDR", TRUE);
  g_autoptr(GPtrArray) payments = payments_new ();
  g_autoptr(GPtrArray) zero = payments_new ();
  g_autoptr(GPtrArray) huge = payments_new ();
  g_autoptr(GError) error = NULL;
  KasirSale *sale;

  pay (payments, KASIR_PAYMENT_CASH, 50000);

  sale = kasir_cart_to_sale (empty, payments, 0, &error);
  g_assert_null (sale);
  g_assert_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID);
  g_clear_error (&error);

  sale = kasir_cart_to_sale (cart, payments, -1, &error);
  g_assert_null (sale);
  g_assert_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID);
  g_clear_error (&error);

  pay (zero, KASIR_PAYMENT_CASH, 50000);
  pay (zero, KASIR_PAYMENT_CARD, 0);
  sale = kasir_cart_to_sale (cart, zero, 0, &error);
  g_assert_null (sale);
  g_assert_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID);
  g_clear_error (&error);

  pay (huge, KASIR_PAYMENT_CASH, G_MAXINT64);
  pay (huge, KASIR_PAYMENT_CASH, 1);
  sale = kasir_cart_to_sale (cart, huge, 0, &error);
  g_assert_null (sale);
  g_assert_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_OVERFLOW);
  g_clear_error (&error);

  /* A cart left invalid after its last compute is refused, not sold with stale totals. */
  line_at (cart, 0)->discount.kind = KASIR_ADJUST_PERCENT;
  line_at (cart, 0)->discount.value = 20000;
  sale = kasir_cart_to_sale (cart, payments, 0, &error);
  g_assert_null (sale);
  g_assert_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID);
  g_clear_error (&error);

  /* And a cart edited since its last compute is sold at its current totals. */
  line_at (cart, 0)->discount.kind = KASIR_ADJUST_NONE;
  line_at (cart, 0)->qty = 1;
  sale = kasir_cart_to_sale (cart, payments, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sale->total, ==, 20000);
  g_assert_cmpint (sale->change, ==, 30000);
  kasir_sale_free (sale);
}

static KasirAdjustment
random_adjustment (KasirMoney flat_max)
{
  KasirAdjustment adjustment = { KASIR_ADJUST_NONE, 0 };

  switch (g_test_rand_int_range (0, 4))
    {
    case 1:
      adjustment.kind = KASIR_ADJUST_FLAT;
      adjustment.value = g_test_rand_int_range (0, (gint32) MIN (flat_max, G_MAXINT32 - 1) + 1);
      break;
    case 2:
      adjustment.kind = KASIR_ADJUST_PERCENT;
      adjustment.value = g_test_rand_int_range (0, 10001);
      break;
    case 3:
      adjustment.kind = KASIR_ADJUST_PERCENT;
      adjustment.value = g_test_rand_bit () ? 0 : 10000;
      break;
    default:
      break;
    }

  return adjustment;
}

static void
test_random_carts (void)
{
  static const guint rates[] = { 0, 1000, 1100, 1200, 550, 825, 10000 };
  guint n_carts = g_test_thorough () ? 20000 : 2000;

  for (guint c = 0; c < n_carts; c++)
    {
      g_autoptr(KasirCart) cart = kasir_cart_new (g_test_rand_bit () ? "IDR" : "USD",
                                                  g_test_rand_bit ());
      g_autoptr(GPtrArray) payments = payments_new ();
      g_autoptr(KasirSale) sale = NULL;
      g_autoptr(GError) error = NULL;
      guint n_lines = g_test_rand_int_range (1, 12);
      KasirMoney base = 0;
      KasirMoney shares = 0;
      KasirMoney subtotal = 0;
      KasirMoney tax = 0;
      KasirMoney remaining;
      gint64 loyalty = 0;

      for (guint i = 0; i < n_lines; i++)
        {
          KasirMoney price = g_test_rand_bit () ? g_test_rand_int_range (0, 100)
                                                : g_test_rand_int_range (0, 5000000);
          /* Some lines repeat a product id to exercise merging. */
          KasirCartLine *line = add (cart, g_test_rand_int_range (1, 8), price,
                                     rates[g_test_rand_int_range (0, G_N_ELEMENTS (rates))],
                                     g_test_rand_int_range (1, 25));

          if (g_test_rand_int_range (0, 3) == 0)
            line->discount = random_adjustment (price * 3);
        }
      cart->discount = random_adjustment (2000000);
      cart->fee = random_adjustment (50000);

      g_assert_true (kasir_cart_compute (cart, &error));
      g_assert_no_error (error);

      for (guint i = 0; i < cart->lines->len; i++)
        {
          const KasirCartLine *l = line_at (cart, i);

          g_assert_cmpint (l->gross, ==, l->qty * l->unit_price);
          g_assert_cmpint (l->line_discount, >=, 0);
          g_assert_cmpint (l->line_discount, <=, l->gross);
          base += l->gross - l->line_discount;
        }

      g_assert_cmpint (cart->discount_amount, >=, 0);
      g_assert_cmpint (cart->discount_amount, <=, base);

      for (guint i = 0; i < cart->lines->len; i++)
        {
          const KasirCartLine *l = line_at (cart, i);
          KasirMoney discounted = l->gross - l->line_discount;
          KasirMoney expected_tax;
          __int128 deviation;

          g_assert_cmpint (l->cart_discount_share, >=, 0);
          g_assert_cmpint (l->cart_discount_share, <=, discounted);
          g_assert_cmpint (l->total, ==, discounted - l->cart_discount_share);
          g_assert_cmpint (l->total, >=, 0);

          /* Each share is within a unit and a half of its exact proportion. */
          if (base > 0)
            {
              deviation = (__int128) l->cart_discount_share * base -
                          (__int128) cart->discount_amount * discounted;
              if (deviation < 0)
                deviation = -deviation;
              g_assert_true (2 * deviation <= 3 * (__int128) base);
            }

          if (cart->tax_inclusive)
            g_assert_true (kasir_tax_included (l->total, l->tax_rate_bp, &expected_tax));
          else
            g_assert_true (kasir_tax_excluded (l->total, l->tax_rate_bp, &expected_tax));
          g_assert_cmpint (l->tax, ==, expected_tax);

          shares += l->cart_discount_share;
          subtotal += l->total;
          tax += l->tax;
        }

      g_assert_cmpint (shares, ==, cart->discount_amount);
      g_assert_cmpint (subtotal, ==, cart->subtotal);
      g_assert_cmpint (tax, ==, cart->tax);
      g_assert_cmpint (cart->total, ==,
                       cart->subtotal + cart->fee_amount + (cart->tax_inclusive ? 0 : cart->tax));

      /* Pay with a random mix that covers the total, sometimes partly with loyalty
       * points; any overpayment is in cash. */
      remaining = cart->total;
      if (remaining > 0 && g_test_rand_int_range (0, 4) == 0)
        {
          loyalty = g_test_rand_int_range (0, (gint32) MIN (remaining, 1000000) + 1);
          remaining -= loyalty;
          if (loyalty > 0)
            pay (payments, KASIR_PAYMENT_POINTS, loyalty);
          cart->customer_id = loyalty > 0 ? 12 : 0;
        }
      if (remaining > 0 && g_test_rand_bit ())
        {
          KasirMoney card = g_test_rand_int_range (1, (gint32) MIN (remaining, G_MAXINT32 - 1) + 1);

          pay (payments, g_test_rand_bit () ? KASIR_PAYMENT_CARD : KASIR_PAYMENT_EWALLET, card);
          remaining -= card;
        }
      if (remaining > 0 || g_test_rand_bit ())
        pay (payments, KASIR_PAYMENT_CASH, remaining + g_test_rand_int_range (1, 100000));

      sale = kasir_cart_to_sale (cart, payments, loyalty, &error);
      g_assert_no_error (error);
      g_assert_nonnull (sale);
      g_assert_cmpint (sale->loyalty_redeemed, ==, loyalty);
      assert_sale_matches_cart (sale, cart);
    }
}

static void
test_json_round_trip (void)
{
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", FALSE);
  g_autoptr(KasirCart) back = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) node2 = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;
  g_autofree char *snap = NULL;
  g_autofree char *snap2 = NULL;
  KasirCartLine *line;

  line = add (cart, 1, 15000, 1100, 2);
  line->discount.kind = KASIR_ADJUST_PERCENT;
  line->discount.value = 1250;
  line = add (cart, 2, 7777, 0, 3);
  g_clear_pointer (&line->sku, g_free);
  g_free (line->name);
  line->name = g_strdup ("Kopi “Susu” \\ ☕");
  cart->customer_id = 12;
  cart->discount.kind = KASIR_ADJUST_FLAT;
  cart->discount.value = 1001;
  cart->fee.kind = KASIR_ADJUST_PERCENT;
  cart->fee.value = 500;
  g_assert_true (kasir_cart_compute (cart, NULL));

  node = kasir_cart_to_json (cart);
  text = json_to_string (node, FALSE);
  parsed = json_from_string (text, &error);
  g_assert_no_error (error);

  back = kasir_cart_from_json (parsed, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);

  node2 = kasir_cart_to_json (back);
  text2 = json_to_string (node2, FALSE);
  g_assert_cmpstr (text, ==, text2);

  snap = snapshot (cart);
  snap2 = snapshot (back);
  g_assert_cmpstr (snap, ==, snap2);
  g_assert_cmpstr (back->currency, ==, "IDR");
  g_assert_false (back->tax_inclusive);
  g_assert_cmpint (back->customer_id, ==, 12);
  g_assert_null (line_at (back, 1)->sku);
  g_assert_cmpstr (line_at (back, 1)->name, ==, "Kopi “Susu” \\ ☕");
  g_assert_cmpstr (line_at (back, 0)->sku, ==, "SKU-1");
  g_assert_cmpint (line_at (back, 0)->discount.kind, ==, KASIR_ADJUST_PERCENT);
  g_assert_cmpint (line_at (back, 0)->price_version, ==, 1);
}

static void
test_json_malformed (void)
{
  /* A valid document to mutate: every case below differs in one place. */
#define LINE "{\"product_id\":1,\"sku\":\"A\",\"name\":\"N\",\"qty\":2,\"unit_price\":15000," \
             "\"price_version\":1,\"tax_rate_bp\":1100,\"discount\":{\"kind\":\"none\",\"value\":0}}"
#define CART(version, currency, incl, customer, discount, fee, lines) \
  "{\"version\":" version ",\"currency\":" currency ",\"tax_inclusive\":" incl \
  ",\"customer_id\":" customer ",\"discount\":" discount ",\"fee\":" fee ",\"lines\":" lines "}"
#define NONE "{\"kind\":\"none\",\"value\":0}"
  static const char * const good[] = {
    CART ("1", "\"IDR\"", "true", "null", NONE, NONE, "[" LINE "]"),
    CART ("1", "\"USD\"", "false", "5", "{\"kind\":\"percent\",\"value\":10000}", NONE, "[]"),
  };
  static const char * const bad[] = {
    "[]",
    "42",
    "null",
    "{}",
    CART ("2", "\"IDR\"", "true", "null", NONE, NONE, "[" LINE "]"),
    CART ("\"1\"", "\"IDR\"", "true", "null", NONE, NONE, "[" LINE "]"),
    CART ("1.0", "\"IDR\"", "true", "null", NONE, NONE, "[" LINE "]"),
    CART ("1", "\"idr\"", "true", "null", NONE, NONE, "[" LINE "]"),
    CART ("1", "\"IDRX\"", "true", "null", NONE, NONE, "[" LINE "]"),
    CART ("1", "null", "true", "null", NONE, NONE, "[" LINE "]"),
    CART ("1", "\"IDR\"", "1", "null", NONE, NONE, "[" LINE "]"),
    CART ("1", "\"IDR\"", "true", "0", NONE, NONE, "[" LINE "]"),
    CART ("1", "\"IDR\"", "true", "1.5", NONE, NONE, "[" LINE "]"),
    CART ("1", "\"IDR\"", "true", "\"12\"", NONE, NONE, "[" LINE "]"),
    CART ("1", "\"IDR\"", "true", "null", "{\"kind\":\"percent\",\"value\":10001}", NONE, "[" LINE "]"),
    CART ("1", "\"IDR\"", "true", "null", "{\"kind\":\"flat\",\"value\":-1}", NONE, "[" LINE "]"),
    CART ("1", "\"IDR\"", "true", "null", "{\"kind\":\"bogus\",\"value\":1}", NONE, "[" LINE "]"),
    CART ("1", "\"IDR\"", "true", "null", "{\"kind\":\"flat\"}", NONE, "[" LINE "]"),
    CART ("1", "\"IDR\"", "true", "null", "{\"kind\":\"flat\",\"value\":1,\"x\":1}", NONE, "[" LINE "]"),
    CART ("1", "\"IDR\"", "true", "null", "{\"kind\":\"flat\",\"value\":1.5}", NONE, "[" LINE "]"),
    CART ("1", "\"IDR\"", "true", "null", "null", NONE, "[" LINE "]"),
    CART ("1", "\"IDR\"", "true", "null", NONE, "{\"kind\":\"percent\",\"value\":20000}", "[" LINE "]"),
    CART ("1", "\"IDR\"", "true", "null", NONE, NONE, "{}"),
    CART ("1", "\"IDR\"", "true", "null", NONE, NONE, "[1]"),
    CART ("1", "\"IDR\"", "true", "null", NONE, NONE, "[" LINE "," "null" "]"),
    /* Line fields. */
    CART ("1", "\"IDR\"", "true", "null", NONE, NONE,
          "[{\"product_id\":1,\"sku\":\"A\",\"name\":\"N\",\"qty\":0,\"unit_price\":1,\"price_version\":1,\"tax_rate_bp\":0,\"discount\":" NONE "}]"),
    CART ("1", "\"IDR\"", "true", "null", NONE, NONE,
          "[{\"product_id\":1,\"sku\":\"A\",\"name\":\"N\",\"qty\":-2,\"unit_price\":1,\"price_version\":1,\"tax_rate_bp\":0,\"discount\":" NONE "}]"),
    CART ("1", "\"IDR\"", "true", "null", NONE, NONE,
          "[{\"product_id\":1,\"sku\":\"A\",\"name\":\"N\",\"qty\":1.5,\"unit_price\":1,\"price_version\":1,\"tax_rate_bp\":0,\"discount\":" NONE "}]"),
    CART ("1", "\"IDR\"", "true", "null", NONE, NONE,
          "[{\"product_id\":1,\"sku\":\"A\",\"name\":\"N\",\"qty\":\"2\",\"unit_price\":1,\"price_version\":1,\"tax_rate_bp\":0,\"discount\":" NONE "}]"),
    CART ("1", "\"IDR\"", "true", "null", NONE, NONE,
          "[{\"product_id\":1,\"sku\":\"A\",\"name\":\"N\",\"qty\":1,\"unit_price\":-1,\"price_version\":1,\"tax_rate_bp\":0,\"discount\":" NONE "}]"),
    CART ("1", "\"IDR\"", "true", "null", NONE, NONE,
          "[{\"product_id\":1,\"sku\":\"A\",\"name\":\"N\",\"qty\":1,\"unit_price\":1,\"price_version\":1,\"tax_rate_bp\":-1,\"discount\":" NONE "}]"),
    CART ("1", "\"IDR\"", "true", "null", NONE, NONE,
          "[{\"product_id\":1,\"sku\":\"A\",\"name\":\"N\",\"qty\":1,\"unit_price\":1,\"price_version\":1,\"tax_rate_bp\":4294968396,\"discount\":" NONE "}]"),
    CART ("1", "\"IDR\"", "true", "null", NONE, NONE,
          "[{\"product_id\":1,\"sku\":7,\"name\":\"N\",\"qty\":1,\"unit_price\":1,\"price_version\":1,\"tax_rate_bp\":0,\"discount\":" NONE "}]"),
    CART ("1", "\"IDR\"", "true", "null", NONE, NONE,
          "[{\"product_id\":1,\"name\":\"N\",\"qty\":1,\"unit_price\":1,\"price_version\":1,\"tax_rate_bp\":0,\"discount\":" NONE "}]"),
    CART ("1", "\"IDR\"", "true", "null", NONE, NONE,
          "[{\"product_id\":1,\"sku\":\"A\",\"name\":\"N\",\"qty\":1,\"unit_price\":1,\"price_version\":1,\"tax_rate_bp\":0,\"discount\":" NONE ",\"gross\":1}]"),
    CART ("1", "\"IDR\"", "true", "null", NONE, NONE,
          "[{\"product_id\":1,\"sku\":\"A\",\"name\":\"N\",\"qty\":3,\"unit_price\":4611686018427387904,\"price_version\":1,\"tax_rate_bp\":0,\"discount\":" NONE "}]"),
    /* An extra member at the top level. */
    "{\"version\":1,\"currency\":\"IDR\",\"tax_inclusive\":true,\"customer_id\":null,"
    "\"discount\":" NONE ",\"fee\":" NONE ",\"lines\":[],\"total\":5}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (good[i], NULL);
      g_autoptr(KasirCart) cart = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (node);
      cart = kasir_cart_from_json (node, &error);
      g_assert_no_error (error);
      g_assert_nonnull (cart);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (bad[i], NULL);
      g_autoptr(KasirCart) cart = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (node);
      cart = kasir_cart_from_json (node, &error);
      if (cart != NULL)
        g_error ("accepted malformed cart %u: %s", i, bad[i]);
      g_assert_nonnull (error);
      g_assert_true (error->domain == KASIR_MODEL_ERROR);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_null (kasir_cart_from_json (NULL, &error));
    g_assert_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID);
  }
#undef LINE
#undef CART
#undef NONE
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Cart/inclusive-tax", test_inclusive_tax);
  g_test_add_func ("/Kasir/Cart/exclusive-tax", test_exclusive_tax);
  g_test_add_func ("/Kasir/Cart/line-discounts", test_line_discounts);
  g_test_add_func ("/Kasir/Cart/discount-spread", test_cart_discount_spread);
  g_test_add_func ("/Kasir/Cart/discount-percent-after-line", test_cart_discount_percent_after_line_discount);
  g_test_add_func ("/Kasir/Cart/fee", test_fee);
  g_test_add_func ("/Kasir/Cart/overflow-rejected", test_overflow_rejected);
  g_test_add_func ("/Kasir/Cart/invalid-rejected", test_invalid_rejected);
  g_test_add_func ("/Kasir/Cart/add-merge-remove-clear", test_add_merge_remove_clear);
  g_test_add_func ("/Kasir/Cart/to-sale/cash-change", test_to_sale_cash_change);
  g_test_add_func ("/Kasir/Cart/to-sale/split", test_to_sale_split);
  g_test_add_func ("/Kasir/Cart/to-sale/rejects", test_to_sale_rejects);
  g_test_add_func ("/Kasir/Cart/random", test_random_carts);
  g_test_add_func ("/Kasir/Cart/json/round-trip", test_json_round_trip);
  g_test_add_func ("/Kasir/Cart/json/malformed", test_json_malformed);

  return g_test_run ();
}
