/* kasir-models.c — constructors, copies and invariants of the plain data structs.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kasir-models.h"
#include "kasir-modifier.h"
#include "kasir-money.h"

#include <string.h>

#include <glib/gi18n.h>
#include <sodium.h>

G_DEFINE_QUARK (kasir-model-error-quark, kasir_model_error)

/* json_node_copy() shares the object or array inside the node, so a "copy" would see
 * later edits to the original. Models own their JSON, so they copy it all the way down. */
static JsonNode *
node_deep_copy (JsonNode *node)
{
  JsonNode *copy;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(JsonObject) object_copy = json_object_new ();
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init (&iter, object);
        while (json_object_iter_next (&iter, &name, &member))
          json_object_set_member (object_copy, name, node_deep_copy (member));

        copy = json_node_init_object (json_node_alloc (), object_copy);
        break;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint length = json_array_get_length (array);
        g_autoptr(JsonArray) array_copy = json_array_sized_new (length);

        for (guint i = 0; i < length; i++)
          json_array_add_element (array_copy, node_deep_copy (json_array_get_element (array, i)));

        copy = json_node_init_array (json_node_alloc (), array_copy);
        break;
      }

    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      copy = json_node_copy (node);
      break;
    }

  return copy;
}

static JsonNode *
node_copy_or_null (JsonNode *node)
{
  return node != NULL ? node_deep_copy (node) : NULL;
}

/* Category */

KasirCategory *
kasir_category_new (void)
{
  return g_new0 (KasirCategory, 1);
}

KasirCategory *
kasir_category_copy (const KasirCategory *self)
{
  KasirCategory *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->name = g_strdup (self->name);
  return copy;
}

void
kasir_category_free (KasirCategory *self)
{
  if (self == NULL)
    return;

  g_free (self->name);
  g_free (self);
}

/* Product */

KasirProduct *
kasir_product_new (void)
{
  KasirProduct *self = g_new0 (KasirProduct, 1);

  self->track_stock = TRUE;
  self->low_stock = -1;
  return self;
}

KasirProduct *
kasir_product_copy (const KasirProduct *self)
{
  KasirProduct *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->sku = g_strdup (self->sku);
  copy->barcode = g_strdup (self->barcode);
  copy->name = g_strdup (self->name);
  copy->unit = g_strdup (self->unit);
  copy->category_name = g_strdup (self->category_name);
  copy->modifier_groups = kasir_modifier_groups_copy (self->modifier_groups);
  return copy;
}

void
kasir_product_free (KasirProduct *self)
{
  if (self == NULL)
    return;

  g_free (self->sku);
  g_free (self->barcode);
  g_free (self->name);
  g_free (self->unit);
  g_free (self->category_name);
  g_clear_pointer (&self->modifier_groups, g_ptr_array_unref);
  g_free (self);
}

/* Stock */

KasirStock *
kasir_stock_new (void)
{
  return g_new0 (KasirStock, 1);
}

void
kasir_stock_free (KasirStock *self)
{
  g_free (self);
}

/* Customer */

KasirCustomer *
kasir_customer_new (void)
{
  return g_new0 (KasirCustomer, 1);
}

KasirCustomer *
kasir_customer_copy (const KasirCustomer *self)
{
  KasirCustomer *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->name = g_strdup (self->name);
  copy->phone = g_strdup (self->phone);
  copy->email = g_strdup (self->email);
  copy->member_code = g_strdup (self->member_code);
  copy->client_id = g_strdup (self->client_id);
  return copy;
}

void
kasir_customer_free (KasirCustomer *self)
{
  if (self == NULL)
    return;

  g_free (self->name);
  g_free (self->phone);
  g_free (self->email);
  g_free (self->member_code);
  g_free (self->client_id);
  g_free (self);
}

/* Staff */

KasirStaff *
kasir_staff_new (void)
{
  return g_new0 (KasirStaff, 1);
}

KasirStaff *
kasir_staff_copy (const KasirStaff *self)
{
  KasirStaff *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->name = g_strdup (self->name);
  copy->role = g_strdup (self->role);
  copy->pin_hash = g_strdup (self->pin_hash);
  return copy;
}

void
kasir_staff_free (KasirStaff *self)
{
  if (self == NULL)
    return;

  g_free (self->name);
  g_free (self->role);
  /* The hash is not the PIN, but it is still an offline-attack target, so it does not
   * linger in freed memory. */
  if (self->pin_hash != NULL)
    {
      sodium_memzero (self->pin_hash, strlen (self->pin_hash));
      g_free (self->pin_hash);
    }
  g_free (self);
}

/* Shift */

KasirShift *
kasir_shift_new (void)
{
  return g_new0 (KasirShift, 1);
}

KasirShift *
kasir_shift_copy (const KasirShift *self)
{
  KasirShift *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->id = g_strdup (self->id);
  copy->opened_at = g_strdup (self->opened_at);
  copy->closed_at = g_strdup (self->closed_at);
  return copy;
}

void
kasir_shift_free (KasirShift *self)
{
  if (self == NULL)
    return;

  g_free (self->id);
  g_free (self->opened_at);
  g_free (self->closed_at);
  g_free (self);
}

/* Payment */

KasirPayment *
kasir_payment_new (KasirPaymentMethod method,
                   KasirMoney         amount)
{
  KasirPayment *self = g_new0 (KasirPayment, 1);

  self->method = method;
  self->amount = amount;
  return self;
}

KasirPayment *
kasir_payment_copy (const KasirPayment *self)
{
  KasirPayment *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->reference = g_strdup (self->reference);
  return copy;
}

void
kasir_payment_free (KasirPayment *self)
{
  if (self == NULL)
    return;

  g_free (self->reference);
  g_free (self);
}

/* Sale line */

KasirSaleLine *
kasir_sale_line_new (void)
{
  return g_new0 (KasirSaleLine, 1);
}

KasirSaleLine *
kasir_sale_line_copy (const KasirSaleLine *self)
{
  KasirSaleLine *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->sku = g_strdup (self->sku);
  copy->name = g_strdup (self->name);
  copy->options = kasir_sale_line_options_copy (self->options);
  copy->note = g_strdup (self->note);
  return copy;
}

void
kasir_sale_line_free (KasirSaleLine *self)
{
  if (self == NULL)
    return;

  g_free (self->sku);
  g_free (self->name);
  g_clear_pointer (&self->options, g_ptr_array_unref);
  g_free (self->note);
  g_free (self);
}

/* Sale line options */

KasirSaleLineOption *
kasir_sale_line_option_new (void)
{
  return g_new0 (KasirSaleLineOption, 1);
}

KasirSaleLineOption *
kasir_sale_line_option_copy (const KasirSaleLineOption *self)
{
  KasirSaleLineOption *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->group_name = g_strdup (self->group_name);
  copy->name = g_strdup (self->name);
  return copy;
}

void
kasir_sale_line_option_free (KasirSaleLineOption *self)
{
  if (self == NULL)
    return;

  g_free (self->group_name);
  g_free (self->name);
  g_free (self);
}

GPtrArray *
kasir_sale_line_options_copy (GPtrArray *options)
{
  GPtrArray *copy;

  if (options == NULL)
    return NULL;
  copy = g_ptr_array_new_full (options->len, (GDestroyNotify) kasir_sale_line_option_free);
  for (guint i = 0; i < options->len; i++)
    g_ptr_array_add (copy, kasir_sale_line_option_copy (g_ptr_array_index (options, i)));
  return copy;
}

/* Sale */

KasirSale *
kasir_sale_new (void)
{
  KasirSale *self = g_new0 (KasirSale, 1);

  self->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_sale_line_free);
  self->payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  return self;
}

KasirSale *
kasir_sale_copy (const KasirSale *self)
{
  KasirSale *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->sale_id = g_strdup (self->sale_id);
  copy->receipt_no = g_strdup (self->receipt_no);
  copy->shift_id = g_strdup (self->shift_id);
  copy->created_at = g_strdup (self->created_at);
  copy->order_type = g_strdup (self->order_type);
  copy->order_ref = g_strdup (self->order_ref);
  copy->open_order_id = g_strdup (self->open_order_id);
  copy->customer_client_id = g_strdup (self->customer_client_id);
  copy->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_sale_line_free);
  copy->payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);

  if (self->lines != NULL)
    for (guint i = 0; i < self->lines->len; i++)
      g_ptr_array_add (copy->lines, kasir_sale_line_copy (g_ptr_array_index (self->lines, i)));

  if (self->payments != NULL)
    for (guint i = 0; i < self->payments->len; i++)
      g_ptr_array_add (copy->payments, kasir_payment_copy (g_ptr_array_index (self->payments, i)));

  return copy;
}

void
kasir_sale_free (KasirSale *self)
{
  if (self == NULL)
    return;

  g_free (self->sale_id);
  g_free (self->receipt_no);
  g_free (self->shift_id);
  g_free (self->created_at);
  g_free (self->order_type);
  g_free (self->order_ref);
  g_free (self->open_order_id);
  g_free (self->customer_client_id);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_pointer (&self->payments, g_ptr_array_unref);
  g_free (self);
}

/* Mutation */

KasirMutation *
kasir_mutation_new (void)
{
  return g_new0 (KasirMutation, 1);
}

KasirMutation *
kasir_mutation_copy (const KasirMutation *self)
{
  KasirMutation *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->id = g_strdup (self->id);
  copy->created_at = g_strdup (self->created_at);
  copy->payload = node_copy_or_null (self->payload);
  copy->payload_text = g_strndup (self->payload_text, self->payload_length);
  return copy;
}

void
kasir_mutation_free (KasirMutation *self)
{
  if (self == NULL)
    return;

  g_free (self->id);
  g_free (self->created_at);
  g_clear_pointer (&self->payload, json_node_unref);
  g_free (self->payload_text);
  g_free (self);
}

/* Conflict */

KasirConflict *
kasir_conflict_new (void)
{
  return g_new0 (KasirConflict, 1);
}

KasirConflict *
kasir_conflict_copy (const KasirConflict *self)
{
  KasirConflict *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->entity = g_strdup (self->entity);
  copy->entity_id = g_strdup (self->entity_id);
  copy->created_at = g_strdup (self->created_at);
  copy->terminal_name = g_strdup (self->terminal_name);
  copy->base = node_copy_or_null (self->base);
  copy->terminal = node_copy_or_null (self->terminal);
  copy->server = node_copy_or_null (self->server);
  copy->resolution = node_copy_or_null (self->resolution);
  return copy;
}

void
kasir_conflict_free (KasirConflict *self)
{
  if (self == NULL)
    return;

  g_free (self->entity);
  g_free (self->entity_id);
  g_free (self->created_at);
  g_free (self->terminal_name);
  g_clear_pointer (&self->base, json_node_unref);
  g_clear_pointer (&self->terminal, json_node_unref);
  g_clear_pointer (&self->server, json_node_unref);
  g_clear_pointer (&self->resolution, json_node_unref);
  g_free (self);
}

/* Sums */

static gboolean
overflow_error (GError     **error,
                const char  *message)
{
  g_set_error_literal (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_OVERFLOW, message);
  return FALSE;
}

/* Sums are reported as a pair of numbers. They are printed to text first because a
 * G_GINT64_FORMAT inside a translatable string cannot be extracted by xgettext. */
typedef struct
{
  char got[24];
  char expected[24];
} NumberPair;

static const NumberPair *
number_pair (NumberPair *pair,
             gint64      got,
             gint64      expected)
{
  g_snprintf (pair->got, sizeof pair->got, "%" G_GINT64_FORMAT, got);
  g_snprintf (pair->expected, sizeof pair->expected, "%" G_GINT64_FORMAT, expected);
  return pair;
}

/* One line of a sale: positive quantity, no negative amounts, and its total is
 * quantity × price − discount. @i counts from 0. */
static gboolean
check_line (const KasirSaleLine  *line,
            guint                 i,
            GError              **error)
{
  KasirMoney gross;
  KasirMoney total;
  NumberPair pair;

  if (line == NULL)
    {
      g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                   _("Line %u of the sale is missing"), i + 1);
      return FALSE;
    }

  if (line->qty <= 0)
    {
      g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                   _("Line %u has a quantity that is not positive"), i + 1);
      return FALSE;
    }
  if (line->unit_price < 0)
    {
      g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                   _("Line %u has a negative unit price"), i + 1);
      return FALSE;
    }
  if (line->discount < 0)
    {
      g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                   _("Line %u has a negative discount"), i + 1);
      return FALSE;
    }
  if (line->tax < 0)
    {
      g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                   _("Line %u has a negative tax"), i + 1);
      return FALSE;
    }

  if (!kasir_money_mul (line->qty, line->unit_price, &gross) ||
      !kasir_money_sub (gross, line->discount, &total))
    return overflow_error (error, _("A line total of the sale is too large"));

  if (total != line->total)
    {
      g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_SUMS,
                   _("Line %u total %s is not quantity × price − discount (%s)"),
                   i + 1, number_pair (&pair, line->total, total)->got, pair.expected);
      return FALSE;
    }
  if (line->total < 0)
    {
      g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                   _("Line %u has a negative total"), i + 1);
      return FALSE;
    }
  return TRUE;
}

/* The payments: each positive and of a known method; their sum and the cash part. */
static gboolean
sum_payments (const KasirSale  *sale,
              KasirMoney       *paid,
              KasirMoney       *cash,
              GError          **error)
{
  *paid = 0;
  *cash = 0;
  if (sale->payments != NULL)
    {
      for (guint i = 0; i < sale->payments->len; i++)
        {
          const KasirPayment *payment = g_ptr_array_index (sale->payments, i);

          if (payment == NULL || payment->amount <= 0)
            {
              g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                           _("Payment %u has an amount that is not positive"), i + 1);
              return FALSE;
            }
          if ((guint) payment->method > KASIR_PAYMENT_POINTS)
            {
              g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                           _("Payment %u has an unknown method"), i + 1);
              return FALSE;
            }

          if (!kasir_money_add (*paid, payment->amount, paid))
            return overflow_error (error, _("The sale’s payments are too large"));
          if (payment->method == KASIR_PAYMENT_CASH &&
              !kasir_money_add (*cash, payment->amount, cash))
            return overflow_error (error, _("The sale’s cash payments are too large"));
        }
    }
  return TRUE;
}

/* Points redeemed are paid as a "points" payment (their money value); the sale names the
 * points spent in loyalty_redeemed, and the member who spent them. */
static gboolean
check_points (const KasirSale  *sale,
              GError          **error)
{
  gboolean paid_with_points = FALSE;

  for (guint i = 0; i < sale->payments->len; i++)
    if (((const KasirPayment *) g_ptr_array_index (sale->payments, i))->method == KASIR_PAYMENT_POINTS)
      paid_with_points = TRUE;

  if (paid_with_points != (sale->loyalty_redeemed > 0))
    {
      g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_SUMS,
                   _("Points redeemed and a points payment go together"));
      return FALSE;
    }
  if ((sale->loyalty_redeemed > 0 || sale->loyalty_earned > 0) && sale->customer_id == 0 &&
      sale->customer_client_id == NULL)
    {
      g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                   _("Points are earned or redeemed only by a member"));
      return FALSE;
    }
  if (sale->loyalty_earned < 0)
    {
      g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                   _("The sale earns a negative number of points"));
      return FALSE;
    }
  return TRUE;
}

gboolean
kasir_sale_check_sums (const KasirSale  *sale,
                       GError          **error)
{
  KasirMoney line_sum = 0;
  KasirMoney tax_sum = 0;
  KasirMoney paid;
  KasirMoney cash;
  KasirMoney expected_total;
  KasirMoney tendered;
  NumberPair pair;

  g_return_val_if_fail (sale != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (sale->lines == NULL || sale->lines->len == 0)
    {
      g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                   _("The sale has no lines"));
      return FALSE;
    }

  for (guint i = 0; i < sale->lines->len; i++)
    {
      const KasirSaleLine *line = g_ptr_array_index (sale->lines, i);

      if (!check_line (line, i, error))
        return FALSE;
      if (!kasir_money_add (line_sum, line->total, &line_sum))
        return overflow_error (error, _("The sale’s subtotal is too large"));
      if (!kasir_money_add (tax_sum, line->tax, &tax_sum))
        return overflow_error (error, _("The sale’s tax is too large"));
    }

  if (sale->subtotal != line_sum)
    {
      g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_SUMS,
                   _("Subtotal %s is not the sum of the line totals (%s)"),
                   number_pair (&pair, sale->subtotal, line_sum)->got, pair.expected);
      return FALSE;
    }
  if (sale->tax != tax_sum)
    {
      g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_SUMS,
                   _("Tax %s is not the sum of the line taxes (%s)"),
                   number_pair (&pair, sale->tax, tax_sum)->got, pair.expected);
      return FALSE;
    }

  if (sale->discount < 0 || sale->fee < 0 || sale->change < 0 || sale->loyalty_redeemed < 0)
    {
      g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                   _("The sale has a negative discount, fee, change or loyalty amount"));
      return FALSE;
    }

  if (!kasir_money_add (sale->subtotal, sale->fee, &expected_total))
    return overflow_error (error, _("The sale’s total is too large"));
  if (!sale->tax_inclusive && !kasir_money_add (expected_total, sale->tax, &expected_total))
    return overflow_error (error, _("The sale’s total is too large"));

  if (sale->total != expected_total)
    {
      if (sale->tax_inclusive)
        g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_SUMS,
                     _("Total %s is not subtotal + fee (%s)"),
                     number_pair (&pair, sale->total, expected_total)->got, pair.expected);
      else
        g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_SUMS,
                     _("Total %s is not subtotal + fee + tax (%s)"),
                     number_pair (&pair, sale->total, expected_total)->got, pair.expected);
      return FALSE;
    }

  if (!sum_payments (sale, &paid, &cash, error))
    return FALSE;

  if (!check_points (sale, error))
    return FALSE;

  if (!kasir_money_sub (paid, sale->change, &tendered))
    return overflow_error (error, _("The sale’s payments are too large"));

  if (tendered != sale->total)
    {
      g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_SUMS,
                   _("Payments − change (%s) is not the total %s"),
                   number_pair (&pair, tendered, sale->total)->got, pair.expected);
      return FALSE;
    }

  if (sale->change > cash)
    {
      g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_SUMS,
                   _("Change %s is more than the cash tendered (%s)"),
                   number_pair (&pair, sale->change, cash)->got, pair.expected);
      return FALSE;
    }

  return TRUE;
}

/* UUIDs and times */

static void
ensure_sodium (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      /* sodium_init() only fails when the system has no usable entropy source, and then
       * nothing in Kasir that needs random ids or keys could work safely. */
      if (sodium_init () < 0)
        g_error ("libsodium could not be initialized");
      g_once_init_leave (&initialized, 1);
    }
}

char *
kasir_uuid_new (void)
{
  guint64 ms = (guint64) (g_get_real_time () / 1000);
  guint8 bytes[16];

  ensure_sodium ();
  randombytes_buf (bytes, sizeof bytes);

  /* RFC 9562 version 7: the first 48 bits are the Unix time in milliseconds, the rest
   * random, variant 10xx. Ids made later sort later, so the indexes keyed by them (sales,
   * their lines and payments, the outbox) grow at their end: full pages, and one sale
   * dirties the same few pages as the last instead of random ones. */
  for (int i = 0; i < 6; i++)
    bytes[i] = (guint8) (ms >> (40 - 8 * i));
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          bytes[0], bytes[1], bytes[2], bytes[3],
                          bytes[4], bytes[5], bytes[6], bytes[7],
                          bytes[8], bytes[9], bytes[10], bytes[11],
                          bytes[12], bytes[13], bytes[14], bytes[15]);
}

gboolean
kasir_uuid_is_valid (const char *text)
{
  /* Ids are compared as text across the terminal, the server and PostgreSQL, so only the
   * canonical lower-case 8-4-4-4-12 form is accepted; upper case would make the same id
   * compare unequal. */
  if (text == NULL || strlen (text) != 36)
    return FALSE;

  for (guint i = 0; i < 36; i++)
    {
      char c = text[i];

      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (c != '-')
            return FALSE;
        }
      else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
        return FALSE;
    }

  return TRUE;
}

char *
kasir_now_rfc3339 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
digits_at (const char *text,
           guint       start,
           guint       count)
{
  for (guint i = start; i < start + count; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;

  return TRUE;
}

gboolean
kasir_rfc3339_is_valid (const char *text)
{
  g_autoptr(GDateTime) parsed = NULL;
  const char *p;

  if (text == NULL)
    return FALSE;

  /* GDateTime's ISO 8601 parser also takes forms RFC 3339 forbids (week dates, no
   * seconds, basic format), so the shape is checked here first:
   * YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM). */
  if (strlen (text) < 20 ||
      !digits_at (text, 0, 4) || text[4] != '-' ||
      !digits_at (text, 5, 2) || text[7] != '-' ||
      !digits_at (text, 8, 2) || (text[10] != 'T' && text[10] != 't') ||
      !digits_at (text, 11, 2) || text[13] != ':' ||
      !digits_at (text, 14, 2) || text[16] != ':' ||
      !digits_at (text, 17, 2))
    return FALSE;

  p = text + 19;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }

  if (*p == 'Z' || *p == 'z')
    {
      if (p[1] != '\0')
        return FALSE;
    }
  else if (*p == '+' || *p == '-')
    {
      if (strlen (p) != 6 || !digits_at (p, 1, 2) || p[3] != ':' || !digits_at (p, 4, 2))
        return FALSE;
    }
  else
    return FALSE;

  /* The calendar check (month 13, 30 February, hour 24) is left to GDateTime. */
  parsed = g_date_time_new_from_iso8601 (text, NULL);
  return parsed != NULL;
}
