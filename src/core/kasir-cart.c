/* kasir-cart.c — the cart at the till: lines, adjustments and the totals arithmetic.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kasir-cart.h"
#include "kasir-money.h"
#include "kasir-order-type.h"
#include "kasir-protocol-fields.h"
#include "kasir-sale-line-option.h"
#include "kasir-cart-note.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

/* Version of the saved-cart JSON, so a cart saved by an older build is recognised. */
#define CART_JSON_VERSION 1

/* Lines */

KasirCartLine *
kasir_cart_line_new (void)
{
  return g_new0 (KasirCartLine, 1);
}

KasirCartLine *
kasir_cart_line_copy (const KasirCartLine *self)
{
  KasirCartLine *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->sku = g_strdup (self->sku);
  copy->name = g_strdup (self->name);
  copy->options = kasir_sale_line_options_copy (self->options);
  copy->note = g_strdup (self->note);
  return copy;
}

void
kasir_cart_line_free (KasirCartLine *self)
{
  if (self == NULL)
    return;

  g_free (self->sku);
  g_free (self->name);
  g_clear_pointer (&self->options, g_ptr_array_unref);
  g_free (self->note);
  g_free (self);
}

/* Cart */

static gboolean
currency_code_is_valid (const char *code)
{
  if (code == NULL || strlen (code) != 3)
    return FALSE;

  for (guint i = 0; i < 3; i++)
    if (!g_ascii_isupper (code[i]))
      return FALSE;

  return TRUE;
}

KasirCart *
kasir_cart_new (const char *currency,
                gboolean    tax_inclusive)
{
  KasirCart *self;

  g_return_val_if_fail (currency_code_is_valid (currency), NULL);

  self = g_new0 (KasirCart, 1);
  g_strlcpy (self->currency, currency, sizeof self->currency);
  self->tax_inclusive = !!tax_inclusive;
  self->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_cart_line_free);
  return self;
}

KasirCart *
kasir_cart_copy (const KasirCart *self)
{
  KasirCart *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_cart_line_free);
  for (guint i = 0; i < self->lines->len; i++)
    g_ptr_array_add (copy->lines, kasir_cart_line_copy (g_ptr_array_index (self->lines, i)));
  copy->order_type = g_strdup (self->order_type);
  copy->order_ref = g_strdup (self->order_ref);
  copy->open_order_id = g_strdup (self->open_order_id);

  return copy;
}

void
kasir_cart_free (KasirCart *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_free (self->order_type);
  g_free (self->order_ref);
  g_free (self->open_order_id);
  g_free (self);
}

gboolean
kasir_cart_set_order (KasirCart   *self,
                      const char  *order_type,
                      const char  *ref,
                      GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (ref != NULL && *ref == '\0')
    ref = NULL;
  if (!kasir_order_check (order_type, ref, error))
    return FALSE;
  g_free (self->order_type);
  self->order_type = g_strdup (order_type);
  g_free (self->order_ref);
  self->order_ref = g_strdup (ref);

  return TRUE;
}

KasirCartLine *
kasir_cart_add_product (KasirCart          *self,
                        const KasirProduct *product,
                        gint64              qty)
{
  return kasir_cart_add_product_with_options (self, product, qty, NULL);
}

KasirCartLine *
kasir_cart_add_product_with_options (KasirCart          *self,
                                     const KasirProduct *product,
                                     gint64              qty,
                                     GPtrArray          *options)
{
  KasirCartLine *line;
  KasirMoney options_price, unit_price;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (product != NULL, NULL);
  g_return_val_if_fail (qty > 0, NULL);

  if (options != NULL && options->len == 0)
    options = NULL;
  if (!kasir_line_options_price (options, &options_price) ||
      !kasir_money_add (product->price, options_price, &unit_price))
    return NULL;

  /* Scanning the same item twice should read as one line of two. A line with its own
   * discount, or one taken at an older price, stays separate so that neither the discount
   * nor the price silently spreads to the new units. */
  for (guint i = 0; i < self->lines->len; i++)
    {
      gint64 merged;

      line = g_ptr_array_index (self->lines, i);

      if (line->product_id == product->id &&
          line->discount.kind == KASIR_ADJUST_NONE &&
          line->unit_price == unit_price &&
          line->price_version == product->price_version &&
          kasir_line_options_equal (line->options, options) &&
          line->note == NULL &&
          line->tax_rate_bp == product->tax_rate_bp &&
          kasir_money_add (line->qty, qty, &merged))
        {
          line->qty = merged;
          return line;
        }
    }

  line = kasir_cart_line_new ();
  line->product_id = product->id;
  line->sku = g_strdup (product->sku);
  line->name = g_strdup (product->name);
  line->qty = qty;
  line->unit_price = unit_price;
  line->price_version = product->price_version;
  line->tax_rate_bp = product->tax_rate_bp;
  line->options = kasir_sale_line_options_copy (options);
  g_ptr_array_add (self->lines, line);

  return line;
}

gboolean
kasir_cart_set_qty (KasirCart  *self,
                    guint       index,
                    gint64      qty,
                    GError    **error)
{
  KasirCartLine *line;
  gint64 old_qty;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (index >= self->lines->len)
    {
      g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                   _("There is no line %u in the cart"), index + 1);
      return FALSE;
    }

  if (qty <= 0)
    {
      g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                   _("The quantity must be at least 1"));
      return FALSE;
    }

  /* A quantity is only accepted if the whole cart still adds up with it, so a typo such
   * as a barcode pasted into the quantity field cannot leave the cart uncomputable. */
  line = g_ptr_array_index (self->lines, index);
  old_qty = line->qty;
  line->qty = qty;

  if (!kasir_cart_compute (self, error))
    {
      line->qty = old_qty;
      return FALSE;
    }

  return TRUE;
}

void
kasir_cart_remove_line (KasirCart *self,
                        guint      index)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (index < self->lines->len);

  g_ptr_array_remove_index (self->lines, index);
}

void
kasir_cart_clear (KasirCart *self)
{
  g_return_if_fail (self != NULL);

  g_ptr_array_set_size (self->lines, 0);
  self->customer_id = 0;
  self->discount.kind = KASIR_ADJUST_NONE;
  self->discount.value = 0;
  self->fee.kind = KASIR_ADJUST_NONE;
  self->fee.value = 0;
  self->subtotal = 0;
  self->discount_amount = 0;
  self->fee_amount = 0;
  self->tax = 0;
  self->total = 0;
}

/* Computing */

typedef struct
{
  KasirMoney gross;
  KasirMoney line_discount;
  KasirMoney discounted;
  KasirMoney share;
  KasirMoney tax;
  KasirMoney total;
} LineResult;

typedef enum
{
  ADJUSTMENT_LINE_DISCOUNT,
  ADJUSTMENT_CART_DISCOUNT,
  ADJUSTMENT_FEE,
} AdjustmentTarget;

/* Whole sentences per target, so that translators never have to glue words together. */
static gboolean
check_adjustment (const KasirAdjustment  *adjustment,
                  AdjustmentTarget        target,
                  GError                **error)
{
  static const char * const negative[] = {
    N_("A line discount cannot be negative"),
    N_("The cart discount cannot be negative"),
    N_("The fee cannot be negative"),
  };
  static const char * const out_of_range[] = {
    N_("A line discount must be from 0 to 100 percent"),
    N_("The cart discount must be from 0 to 100 percent"),
    N_("The fee must be from 0 to 100 percent"),
  };
  static const char * const unknown[] = {
    N_("A line discount is neither flat nor a percentage"),
    N_("The cart discount is neither flat nor a percentage"),
    N_("The fee is neither flat nor a percentage"),
  };

  switch (adjustment->kind)
    {
    case KASIR_ADJUST_NONE:
      return TRUE;

    case KASIR_ADJUST_FLAT:
      if (adjustment->value < 0)
        {
          g_set_error_literal (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                               _(negative[target]));
          return FALSE;
        }
      return TRUE;

    case KASIR_ADJUST_PERCENT:
      if (adjustment->value < 0 || adjustment->value > 10000)
        {
          g_set_error_literal (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                               _(out_of_range[target]));
          return FALSE;
        }
      return TRUE;

    default:
      g_set_error_literal (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                           _(unknown[target]));
      return FALSE;
    }
}

/* The amount an adjustment takes from (or adds to) @base. Flat amounts are capped at
 * @base when @cap is set, since a discount larger than what it discounts is meaningless. */
static gboolean
apply_adjustment (const KasirAdjustment *adjustment,
                  KasirMoney             base,
                  gboolean               cap,
                  KasirMoney            *out)
{
  switch (adjustment->kind)
    {
    case KASIR_ADJUST_FLAT:
      *out = cap ? MIN (adjustment->value, base) : adjustment->value;
      return TRUE;

    case KASIR_ADJUST_PERCENT:
      return kasir_money_percent (base, adjustment->value, out);

    case KASIR_ADJUST_NONE:
    default:
      *out = 0;
      return TRUE;
    }
}

typedef struct
{
  KasirMoney amount;
  guint      index;
} RankedLine;

static int
compare_by_amount_desc (gconstpointer a,
                        gconstpointer b)
{
  const RankedLine *ra = a;
  const RankedLine *rb = b;

  if (ra->amount != rb->amount)
    return ra->amount > rb->amount ? -1 : 1;

  /* Equal lines: the earlier one first, so the spread never depends on the sort. */
  return ra->index < rb->index ? -1 : (ra->index > rb->index ? 1 : 0);
}

/* Spreads @discount over the lines in proportion to their discounted amounts, with the
 * rounding rule, then hands out (or takes back) the unit left over from rounding, largest
 * lines first, so that the shares add up to @discount exactly. Needs discount <= base. */
static gboolean
spread_discount (LineResult *results,
                 guint       n_lines,
                 KasirMoney  base,
                 KasirMoney  discount)
{
  g_autofree RankedLine *order = NULL;
  KasirMoney allotted = 0;
  KasirMoney remainder;

  g_assert (discount >= 0 && discount <= base);

  for (guint i = 0; i < n_lines; i++)
    results[i].share = 0;

  if (discount == 0 || base == 0)
    return TRUE;

  for (guint i = 0; i < n_lines; i++)
    {
      /* discounted <= base, so the share is at most the line's own amount. */
      if (!kasir_money_mul_div (discount, results[i].discounted, base, &results[i].share))
        return FALSE;
      allotted += results[i].share;
    }

  order = g_new (RankedLine, n_lines);
  for (guint i = 0; i < n_lines; i++)
    {
      order[i].amount = results[i].discounted;
      order[i].index = i;
    }
  qsort (order, n_lines, sizeof *order, compare_by_amount_desc);

  /* Rounding each share moves it by at most half a unit, so |remainder| <= n_lines / 2
   * and the loop ends within one or two passes. A line only takes another unit while its
   * share is below its amount, and only gives one back while its share is positive; the
   * totals guarantee such lines exist. */
  remainder = discount - allotted;
  while (remainder != 0)
    {
      for (guint k = 0; k < n_lines && remainder != 0; k++)
        {
          LineResult *r = &results[order[k].index];

          if (remainder > 0 && r->share < r->discounted)
            {
              r->share++;
              remainder--;
            }
          else if (remainder < 0 && r->share > 0)
            {
              r->share--;
              remainder++;
            }
        }
    }

  return TRUE;
}

gboolean
kasir_cart_compute (KasirCart  *self,
                    GError    **error)
{
  g_autofree LineResult *results = NULL;
  guint n_lines;
  KasirMoney base = 0;
  KasirMoney discount = 0;
  KasirMoney subtotal = 0;
  KasirMoney tax = 0;
  KasirMoney fee = 0;
  KasirMoney total;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_adjustment (&self->discount, ADJUSTMENT_CART_DISCOUNT, error) ||
      !check_adjustment (&self->fee, ADJUSTMENT_FEE, error))
    return FALSE;

  n_lines = self->lines->len;
  results = g_new0 (LineResult, MAX (n_lines, 1));

  /* Steps 1 and 2: gross and the line's own discount. Everything goes into @results
   * first, and the cart is only written once every step has succeeded. */
  for (guint i = 0; i < n_lines; i++)
    {
      const KasirCartLine *line = g_ptr_array_index (self->lines, i);
      LineResult *r = &results[i];

      if (line->qty <= 0)
        {
          g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                       _("Line %u: the quantity must be at least 1"), i + 1);
          return FALSE;
        }
      if (line->unit_price < 0)
        {
          g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                       _("Line %u: the price cannot be negative"), i + 1);
          return FALSE;
        }
      if (line->tax_rate_bp > 10000)
        {
          g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                       _("Line %u: the tax rate cannot be over 100%%"), i + 1);
          return FALSE;
        }
      if (!check_adjustment (&line->discount, ADJUSTMENT_LINE_DISCOUNT, error))
        return FALSE;

      if (!kasir_money_mul (line->qty, line->unit_price, &r->gross))
        goto overflow;
      if (!apply_adjustment (&line->discount, r->gross, TRUE, &r->line_discount))
        goto overflow;
      r->discounted = r->gross - r->line_discount;

      if (!kasir_money_add (base, r->discounted, &base))
        goto overflow;
    }

  /* Step 3: the cart discount, capped at what it discounts, spread over the lines. */
  if (!apply_adjustment (&self->discount, base, TRUE, &discount))
    goto overflow;
  if (!spread_discount (results, n_lines, base, discount))
    goto overflow;

  /* Steps 4 to 6. */
  for (guint i = 0; i < n_lines; i++)
    {
      const KasirCartLine *line = g_ptr_array_index (self->lines, i);
      LineResult *r = &results[i];
      gboolean ok;

      r->total = r->discounted - r->share;
      g_assert (r->total >= 0);

      if (self->tax_inclusive)
        ok = kasir_tax_included (r->total, line->tax_rate_bp, &r->tax);
      else
        ok = kasir_tax_excluded (r->total, line->tax_rate_bp, &r->tax);
      if (!ok)
        goto overflow;

      if (!kasir_money_add (subtotal, r->total, &subtotal) ||
          !kasir_money_add (tax, r->tax, &tax))
        goto overflow;
    }

  if (!apply_adjustment (&self->fee, subtotal, FALSE, &fee))
    goto overflow;
  if (!kasir_money_add (subtotal, fee, &total))
    goto overflow;
  if (!self->tax_inclusive && !kasir_money_add (total, tax, &total))
    goto overflow;

  for (guint i = 0; i < n_lines; i++)
    {
      KasirCartLine *line = g_ptr_array_index (self->lines, i);
      const LineResult *r = &results[i];

      line->gross = r->gross;
      line->line_discount = r->line_discount;
      line->cart_discount_share = r->share;
      line->tax = r->tax;
      line->total = r->total;
    }

  self->subtotal = subtotal;
  self->discount_amount = discount;
  self->fee_amount = fee;
  self->tax = tax;
  self->total = total;

  return TRUE;

overflow:
  g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_OVERFLOW,
               _("The cart’s amounts are too large"));
  return FALSE;
}

/* Making the sale */

/* The sale's lines from the computed cart's: each line's discount is its own plus its
 * share of the cart's discount. */
static void
add_sale_lines (KasirSale        *sale,
                const KasirCart  *cart)
{
  for (guint i = 0; i < cart->lines->len; i++)
    {
      const KasirCartLine *line = g_ptr_array_index (cart->lines, i);
      KasirSaleLine *sale_line = kasir_sale_line_new ();

      sale_line->product_id = line->product_id;
      sale_line->sku = g_strdup (line->sku);
      sale_line->name = g_strdup (line->name);
      sale_line->qty = line->qty;
      sale_line->unit_price = line->unit_price;
      sale_line->price_version = line->price_version;
      sale_line->tax_rate_bp = line->tax_rate_bp;
      /* Both parts are <= gross, and their sum is gross - total, so it fits. */
      sale_line->discount = line->line_discount + line->cart_discount_share;
      sale_line->tax = line->tax;
      sale_line->total = line->total;
      sale_line->options = kasir_sale_line_options_copy (line->options);
      sale_line->note = g_strdup (line->note);
      g_ptr_array_add (sale->lines, sale_line);
    }
}

KasirSale *
kasir_cart_to_sale (const KasirCart  *self,
                    GPtrArray        *payments,
                    gint64            loyalty_redeemed,
                    GError          **error)
{
  g_autoptr(KasirCart) cart = NULL;
  g_autoptr(KasirSale) sale = NULL;
  KasirMoney paid = 0;
  KasirMoney cash = 0;
  KasirMoney tendered;
  KasirMoney change;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The sale is built from freshly computed totals, so a cart edited after its last
   * compute can never produce a sale with stale numbers. */
  cart = kasir_cart_copy (self);
  if (!kasir_cart_compute (cart, error))
    return NULL;

  if (cart->lines->len == 0)
    {
      g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                   _("The cart is empty"));
      return NULL;
    }

  if (loyalty_redeemed < 0)
    {
      g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                   _("Redeemed loyalty points cannot be negative"));
      return NULL;
    }

  for (guint i = 0; payments != NULL && i < payments->len; i++)
    {
      const KasirPayment *payment = g_ptr_array_index (payments, i);

      if (payment == NULL || payment->amount <= 0)
        {
          g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                       _("Every payment must be more than zero"));
          return NULL;
        }
      if ((guint) payment->method > KASIR_PAYMENT_POINTS)
        {
          g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                       _("A payment has an unknown method"));
          return NULL;
        }

      if (!kasir_money_add (paid, payment->amount, &paid) ||
          (payment->method == KASIR_PAYMENT_CASH &&
           !kasir_money_add (cash, payment->amount, &cash)))
        {
          g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_OVERFLOW,
                       _("The payments are too large"));
          return NULL;
        }
    }

  tendered = paid;

  if (tendered < cart->total)
    {
      g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                   _("The payments do not cover the total"));
      return NULL;
    }

  /* Cannot overflow: 0 <= total <= tendered. */
  change = tendered - cart->total;
  if (change > cash)
    {
      g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                   _("Only cash can be given back as change; the other payments are more than the total"));
      return NULL;
    }

  sale = kasir_sale_new ();
  sale->sale_id = kasir_uuid_new ();
  sale->customer_id = cart->customer_id;
  memcpy (sale->currency, cart->currency, sizeof sale->currency);
  sale->tax_inclusive = cart->tax_inclusive;

  add_sale_lines (sale, cart);

  for (guint i = 0; payments != NULL && i < payments->len; i++)
    g_ptr_array_add (sale->payments, kasir_payment_copy (g_ptr_array_index (payments, i)));

  sale->subtotal = cart->subtotal;
  sale->discount = cart->discount_amount;
  sale->fee = cart->fee_amount;
  sale->tax = cart->tax;
  sale->total = cart->total;
  sale->change = change;
  sale->loyalty_redeemed = loyalty_redeemed;
  sale->created_at = kasir_now_rfc3339 ();
  sale->order_type = g_strdup (cart->order_type);
  sale->order_ref = g_strdup (cart->order_ref);
  sale->open_order_id = g_strdup (cart->open_order_id);

  if (!kasir_sale_check_sums (sale, error))
    return NULL;

  return g_steal_pointer (&sale);
}

/* JSON */

static const char *
adjust_kind_to_string (KasirAdjustKind kind)
{
  switch (kind)
    {
    case KASIR_ADJUST_FLAT:
      return "flat";
    case KASIR_ADJUST_PERCENT:
      return "percent";
    case KASIR_ADJUST_NONE:
    default:
      return "none";
    }
}

static void
build_adjustment (JsonBuilder           *builder,
                  const char            *name,
                  const KasirAdjustment *adjustment)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, adjust_kind_to_string (adjustment->kind));
  json_builder_set_member_name (builder, "value");
  json_builder_add_int_value (builder, adjustment->value);
  json_builder_end_object (builder);
}

static void
build_nullable_string (JsonBuilder *builder,
                       const char  *name,
                       const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
build_int (JsonBuilder *builder,
           const char  *name,
           gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

JsonNode *
kasir_cart_to_json (const KasirCart *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  build_int (builder, "version", CART_JSON_VERSION);
  json_builder_set_member_name (builder, "currency");
  json_builder_add_string_value (builder, self->currency);
  json_builder_set_member_name (builder, "tax_inclusive");
  json_builder_add_boolean_value (builder, self->tax_inclusive);
  json_builder_set_member_name (builder, "customer_id");
  if (self->customer_id != 0)
    json_builder_add_int_value (builder, self->customer_id);
  else
    json_builder_add_null_value (builder);
  build_adjustment (builder, "discount", &self->discount);
  build_adjustment (builder, "fee", &self->fee);
  if (self->order_type != NULL)
    {
      build_nullable_string (builder, "order_type", self->order_type);
      build_nullable_string (builder, "order_ref", self->order_ref);
    }
  if (self->open_order_id != NULL)
    build_nullable_string (builder, "open_order_id", self->open_order_id);

  json_builder_set_member_name (builder, "lines");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->lines->len; i++)
    {
      const KasirCartLine *line = g_ptr_array_index (self->lines, i);

      json_builder_begin_object (builder);
      build_int (builder, "product_id", line->product_id);
      build_nullable_string (builder, "sku", line->sku);
      build_nullable_string (builder, "name", line->name);
      build_int (builder, "qty", line->qty);
      build_int (builder, "unit_price", line->unit_price);
      build_int (builder, "price_version", line->price_version);
      build_int (builder, "tax_rate_bp", line->tax_rate_bp);
      build_adjustment (builder, "discount", &line->discount);
      if (line->options != NULL && line->options->len > 0)
        {
          json_builder_set_member_name (builder, "options");
          json_builder_begin_array (builder);
          for (guint j = 0; j < line->options->len; j++)
            json_builder_add_value (builder,
                                    kasir_record_encode (&kasir_sale_line_option_record,
                                                         g_ptr_array_index (line->options, j)));
          json_builder_end_array (builder);
        }
      if (line->note != NULL)
        build_nullable_string (builder, "note", line->note);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* A saved cart is our own file, so decoding is strict in every direction: a missing
 * member, an extra member, or a value of the wrong type means the file is not what this
 * build wrote, and the cart is refused rather than half restored. */

static gboolean
malformed (GError     **error,
           const char  *what)
{
  g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
               _("The saved cart is damaged: %s"), what);
  return FALSE;
}

/* @optional (may be NULL): members that may also be there, or not. */
static gboolean
check_members_and (JsonObject         *object,
                   const char * const *allowed,
                   const char * const *optional,
                   GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data) &&
        (optional == NULL || !g_strv_contains (optional, l->data)))
      return malformed (error, l->data);

  for (guint i = 0; allowed[i] != NULL; i++)
    if (!json_object_has_member (object, allowed[i]))
      return malformed (error, allowed[i]);

  return TRUE;
}

static gboolean
check_members (JsonObject         *object,
               const char * const *allowed,
               GError            **error)
{
  return check_members_and (object, allowed, NULL, error);
}

static gboolean
get_int (JsonObject  *object,
         const char  *name,
         gint64      *out,
         GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return malformed (error, name);

  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
get_nullable_string (JsonObject  *object,
                     const char  *name,
                     char       **out,
                     GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return malformed (error, name);

  if (JSON_NODE_HOLDS_NULL (node))
    {
      *out = NULL;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return malformed (error, name);

  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
get_adjustment (JsonObject       *object,
                const char       *name,
                KasirAdjustment  *out,
                GError          **error)
{
  static const char * const members[] = { "kind", "value", NULL };
  JsonNode *node = json_object_get_member (object, name);
  JsonObject *adjustment;
  JsonNode *kind_node;
  const char *kind;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return malformed (error, name);

  adjustment = json_node_get_object (node);
  if (!check_members (adjustment, members, error))
    return FALSE;

  kind_node = json_object_get_member (adjustment, "kind");
  if (!JSON_NODE_HOLDS_VALUE (kind_node) || json_node_get_value_type (kind_node) != G_TYPE_STRING)
    return malformed (error, name);
  kind = json_node_get_string (kind_node);

  if (g_strcmp0 (kind, "none") == 0)
    out->kind = KASIR_ADJUST_NONE;
  else if (g_strcmp0 (kind, "flat") == 0)
    out->kind = KASIR_ADJUST_FLAT;
  else if (g_strcmp0 (kind, "percent") == 0)
    out->kind = KASIR_ADJUST_PERCENT;
  else
    return malformed (error, name);

  return get_int (adjustment, "value", &out->value, error);
}

/* A saved line's modifier options, read by the protocol's own table; their prices must
 * fit inside the unit price, as a sale line's must. */
static gboolean
read_line_options (JsonNode       *node,
                   KasirCartLine  *line,
                   GError        **error)
{
  g_autoptr(GPtrArray) options = NULL;
  KasirMoney price;

  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0 ||
      json_array_get_length (json_node_get_array (node)) > KASIR_PROTOCOL_MAX_SALE_OPTIONS)
    return malformed (error, "options");
  options = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_sale_line_option_free);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (node), i);
      KasirSaleLineOption *option = kasir_record_decode (&kasir_sale_line_option_record,
                                                         element, NULL);

      if (option == NULL)
        return malformed (error, "options");
      g_ptr_array_add (options, option);
    }
  if (!kasir_line_options_price (options, &price) || price > line->unit_price)
    return malformed (error, "options");
  line->options = g_steal_pointer (&options);
  return TRUE;
}

/* One saved cart line, every member checked. */
static KasirCartLine *
read_line (JsonNode  *line_node,
           GError   **error)
{
  static const char * const line_members[] = {
    "product_id", "sku", "name", "qty", "unit_price", "price_version", "tax_rate_bp",
    "discount", NULL
  };
  /* Written only when the line has modifier options, or a note. */
  static const char * const option_members[] = { "options", "note", NULL };
  g_autoptr(KasirCartLine) line = kasir_cart_line_new ();
  JsonObject *line_object;
  gint64 tax_rate_bp;

  if (!JSON_NODE_HOLDS_OBJECT (line_node))
    {
      malformed (error, "lines");
      return NULL;
    }
  line_object = json_node_get_object (line_node);

  if (!check_members_and (line_object, line_members, option_members, error) ||
      !get_int (line_object, "product_id", &line->product_id, error) ||
      !get_nullable_string (line_object, "sku", &line->sku, error) ||
      !get_nullable_string (line_object, "name", &line->name, error) ||
      !get_int (line_object, "qty", &line->qty, error) ||
      !get_int (line_object, "unit_price", &line->unit_price, error) ||
      !get_int (line_object, "price_version", &line->price_version, error) ||
      !get_int (line_object, "tax_rate_bp", &tax_rate_bp, error) ||
      !get_adjustment (line_object, "discount", &line->discount, error))
    return NULL;

  if (tax_rate_bp < 0 || tax_rate_bp > 10000)
    {
      malformed (error, "tax_rate_bp");
      return NULL;
    }
  line->tax_rate_bp = (guint) tax_rate_bp;
  if (json_object_has_member (line_object, "options") &&
      !read_line_options (json_object_get_member (line_object, "options"), line, error))
    return NULL;
  if (json_object_has_member (line_object, "note") &&
      !get_nullable_string (line_object, "note", &line->note, error))
    return NULL;
  if (line->note != NULL && !kasir_cart_note_check (line->note, NULL))
    {
      malformed (error, "note");
      return NULL;
    }

  return g_steal_pointer (&line);
}

KasirCart *
kasir_cart_from_json (JsonNode  *node,
                      GError   **error)
{
  static const char * const cart_members[] = {
    "version", "currency", "tax_inclusive", "customer_id", "discount", "fee", "lines", NULL
  };
  /* An order's members are written only when the cart has one. */
  static const char * const order_members[] = { "order_type", "order_ref", "open_order_id", NULL };
  g_autoptr(KasirCart) cart = NULL;
  JsonObject *object;
  JsonNode *member;
  JsonArray *lines;
  const char *currency;
  gint64 version;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      malformed (error, "root");
      return NULL;
    }

  object = json_node_get_object (node);
  if (!check_members_and (object, cart_members, order_members, error))
    return NULL;

  if (!get_int (object, "version", &version, error))
    return NULL;
  if (version != CART_JSON_VERSION)
    {
      malformed (error, "version");
      return NULL;
    }

  member = json_object_get_member (object, "currency");
  if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING ||
      !currency_code_is_valid (json_node_get_string (member)))
    {
      malformed (error, "currency");
      return NULL;
    }
  currency = json_node_get_string (member);

  member = json_object_get_member (object, "tax_inclusive");
  if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_BOOLEAN)
    {
      malformed (error, "tax_inclusive");
      return NULL;
    }

  cart = kasir_cart_new (currency, json_node_get_boolean (member));

  member = json_object_get_member (object, "customer_id");
  if (!JSON_NODE_HOLDS_NULL (member))
    {
      if (!get_int (object, "customer_id", &cart->customer_id, error))
        return NULL;
      /* A negative id is a member made on this till, not yet named by the server. */
      if (cart->customer_id == 0)
        {
          malformed (error, "customer_id");
          return NULL;
        }
    }

  if (!get_adjustment (object, "discount", &cart->discount, error) ||
      !get_adjustment (object, "fee", &cart->fee, error))
    return NULL;
  if (json_object_has_member (object, "order_type"))
    {
      g_autofree char *order_type = NULL;
      g_autofree char *order_ref = NULL;

      if (!get_nullable_string (object, "order_type", &order_type, error) ||
          !get_nullable_string (object, "order_ref", &order_ref, error))
        return NULL;
      if (!kasir_cart_set_order (cart, order_type, order_ref, NULL))
        {
          malformed (error, "order_type");
          return NULL;
        }
    }

  if (json_object_has_member (object, "open_order_id") &&
      (!get_nullable_string (object, "open_order_id", &cart->open_order_id, error) ||
       cart->open_order_id == NULL || !g_uuid_string_is_valid (cart->open_order_id)))
    {
      malformed (error, "open_order_id");
      return NULL;
    }

  member = json_object_get_member (object, "lines");
  if (!JSON_NODE_HOLDS_ARRAY (member))
    {
      malformed (error, "lines");
      return NULL;
    }
  lines = json_node_get_array (member);

  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      KasirCartLine *line = read_line (json_array_get_element (lines, i), error);

      if (line == NULL)
        return NULL;
      g_ptr_array_add (cart->lines, line);
    }

  /* The computed fields are not saved; computing them again also checks every value the
   * rules constrain (quantities, prices, percentages, overflow). */
  if (!kasir_cart_compute (cart, error))
    return NULL;

  return g_steal_pointer (&cart);
}
