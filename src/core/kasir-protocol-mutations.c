/* kasir-protocol-mutations.c — the tables of the mutation payloads a till pushes
 * (sale.create, sale.refund, shift.open, shift.close, shift.cash, product.update,
 * customer.upsert, stock.adjust, conflict.resolve, staff.upsert, category.upsert,
 * product.create, product.modifiers) and the rules between their members.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kasir-conflict-decision.h"
#include "kasir-protocol-fields.h"

#include <string.h>

#include "kasir-cart-note.h"
#include "kasir-kitchen-item.h"
#include "kasir-modifier.h"
#include "kasir-money.h"
#include "kasir-order-type.h"
#include "kasir-roles.h"

KASIR_ENUM_CODEC (payment_method_codec, KasirPaymentMethod, kasir_payment_method)

/* ------------------------------------------------------------------------------------ */
/* Payments: [{"method", "amount", "reference"?}]                                       */
/* ------------------------------------------------------------------------------------ */

static KasirPayment *
payment_new (void)
{
  return kasir_payment_new (KASIR_PAYMENT_CASH, 0);
}

#define PAYMENT_METHOD \
  KASIR_F_ENUM (KasirPayment, method, "method", &payment_method_codec, "unknown payment method")

/* A sale's tenders: each more than 0, with the card approval or e-wallet reference. */
static const KasirFieldSpec sale_payment_fields[] = {
  PAYMENT_METHOD,
  KASIR_F_MONEY (KasirPayment, amount, "amount", 1, KASIR_FIELD_REQUIRED),
  KASIR_F_STRING (KasirPayment, reference, "reference",
                  KASIR_FIELD_NULLABLE | KASIR_FIELD_ALLOW_EMPTY | KASIR_FIELD_OMIT_EMPTY),
};

const KasirRecordSpec kasir_sale_payment_record =
  KASIR_RECORD ("sale-payment", sale_payment_fields, payment_new, kasir_payment_free, NULL);

/* Money given back by a refund, each more than 0. */
static const KasirFieldSpec refund_payment_fields[] = {
  PAYMENT_METHOD,
  KASIR_F_MONEY (KasirPayment, amount, "amount", 1, KASIR_FIELD_REQUIRED),
};

const KasirRecordSpec kasir_refund_payment_record =
  KASIR_RECORD ("refund-payment", refund_payment_fields, payment_new, kasir_payment_free, NULL);

/* A shift's counted or expected figure per method: 0 allowed, each method once. */
static const KasirFieldSpec shift_payment_fields[] = {
  PAYMENT_METHOD,
  KASIR_F_MONEY (KasirPayment, amount, "amount", 0, KASIR_FIELD_REQUIRED),
};

static gboolean
check_method_once (GPtrArray   *payments,
                   const char  *path,
                   GError     **error)
{
  const KasirPayment *last = g_ptr_array_index (payments, payments->len - 1);

  for (guint i = 0; i + 1 < payments->len; i++)
    {
      const KasirPayment *earlier = g_ptr_array_index (payments, i);

      if (earlier->method == last->method)
        {
          kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, "method",
                               "appears more than once");
          return FALSE;
        }
    }
  return TRUE;
}

const KasirRecordSpec kasir_shift_payment_record = {
  .name = "shift-payment",
  .fields = shift_payment_fields,
  .n_fields = G_N_ELEMENTS (shift_payment_fields),
  .new = (gpointer (*) (void)) payment_new,
  .free = (GDestroyNotify) (void (*) (void)) kasir_payment_free,
  .check_element = check_method_once,
};

/* ------------------------------------------------------------------------------------ */
/* sale.create                                                                          */
/* ------------------------------------------------------------------------------------ */

static const KasirFieldSpec sale_line_option_fields[] = {
  KASIR_F_ID (KasirSaleLineOption, group_id, "group_id"),
  KASIR_F_ID (KasirSaleLineOption, group_version, "group_version"),
  KASIR_F_ID (KasirSaleLineOption, option_id, "option_id"),
  KASIR_F_STRING (KasirSaleLineOption, group_name, "group_name",
                  KASIR_FIELD_NULLABLE | KASIR_FIELD_ALLOW_EMPTY | KASIR_FIELD_OMIT_EMPTY),
  KASIR_F_STRING (KasirSaleLineOption, name, "name",
                  KASIR_FIELD_NULLABLE | KASIR_FIELD_ALLOW_EMPTY | KASIR_FIELD_OMIT_EMPTY),
  KASIR_F_MONEY (KasirSaleLineOption, price, "price", 0, KASIR_FIELD_REQUIRED),
};

/* An option chosen twice on one line is no choice a till makes. */
static gboolean
check_sale_line_option (GPtrArray   *elements,
                        const char  *path,
                        GError     **error)
{
  const KasirSaleLineOption *last = g_ptr_array_index (elements, elements->len - 1);

  for (guint i = 0; i + 1 < elements->len; i++)
    if (((KasirSaleLineOption *) g_ptr_array_index (elements, i))->option_id == last->option_id)
      {
        kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, "option_id",
                             "names an option already chosen on the line");
        return FALSE;
      }
  return TRUE;
}

const KasirRecordSpec kasir_sale_line_option_record = {
  .name = "sale-line-option", .fields = sale_line_option_fields,
  .n_fields = G_N_ELEMENTS (sale_line_option_fields),
  .new = (gpointer (*) (void)) (void (*) (void)) kasir_sale_line_option_new,
  .free = (GDestroyNotify) (void (*) (void)) kasir_sale_line_option_free,
  .check_element = check_sale_line_option,
};

/* The options' prices are part of the unit price. */
static gboolean
check_sale_line (gpointer     record,
                 const char  *path,
                 GError     **error)
{
  const KasirSaleLine *line = record;
  KasirMoney options = 0;

  for (guint i = 0; line->options != NULL && i < line->options->len; i++)
    options += ((KasirSaleLineOption *) g_ptr_array_index (line->options, i))->price;
  /* At most KASIR_PROTOCOL_MAX_SALE_OPTIONS prices of at most the largest amount each:
   * the sum fits. */
  if (options > line->unit_price)
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, "options",
                           "cost more than the unit price");
      return FALSE;
    }
  if (line->note != NULL && !kasir_cart_note_check (line->note, NULL))
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, "note",
                           "is not one line of at most %d characters", KASIR_CART_NOTE_MAX_CHARS);
      return FALSE;
    }
  return TRUE;
}

static const KasirFieldSpec sale_line_fields[] = {
  KASIR_F_ID (KasirSaleLine, product_id, "product_id"),
  KASIR_F_STRING (KasirSaleLine, sku, "sku",
                  KASIR_FIELD_NULLABLE | KASIR_FIELD_ALLOW_EMPTY | KASIR_FIELD_OMIT_EMPTY),
  KASIR_F_STRING (KasirSaleLine, name, "name",
                  KASIR_FIELD_NULLABLE | KASIR_FIELD_ALLOW_EMPTY | KASIR_FIELD_OMIT_EMPTY),
  KASIR_F_INT (KasirSaleLine, qty, "qty", 1, KASIR_PROTOCOL_MAX_QTY, KASIR_FIELD_REQUIRED),
  KASIR_F_MONEY (KasirSaleLine, unit_price, "unit_price", 0, KASIR_FIELD_REQUIRED),
  KASIR_F_COUNT (KasirSaleLine, price_version, "price_version"),
  KASIR_F_BP (KasirSaleLine, tax_rate_bp, "tax_rate_bp", KASIR_FIELD_OPTIONAL),
  KASIR_F_MONEY (KasirSaleLine, discount, "discount", 0, KASIR_FIELD_REQUIRED),
  KASIR_F_MONEY (KasirSaleLine, tax, "tax", 0, KASIR_FIELD_REQUIRED),
  KASIR_F_MONEY (KasirSaleLine, total, "total", 0, KASIR_FIELD_REQUIRED),
  KASIR_F_ARRAY (KasirSaleLine, options, "options", &kasir_sale_line_option_record,
                 KASIR_PROTOCOL_MAX_SALE_OPTIONS, KASIR_FIELD_OPTIONAL | KASIR_FIELD_OMIT_EMPTY),
  /* The cashier's note on the line (came later than options; left out when none). */
  KASIR_F_STRING (KasirSaleLine, note, "note", KASIR_FIELD_NULLABLE | KASIR_FIELD_OMIT_EMPTY),
};

const KasirRecordSpec kasir_sale_line_record =
  KASIR_RECORD ("sale-line", sale_line_fields, kasir_sale_line_new, kasir_sale_line_free,
                check_sale_line);

static void
encode_currency (JsonObject           *obj,
                 const KasirFieldSpec *field,
                 gconstpointer         record)
{
  const KasirSale *sale = record;

  json_object_set_string_member (obj, field->name, sale->currency);
}

static gboolean
decode_currency (JsonObject            *obj,
                 const char            *path,
                 const KasirFieldSpec  *field,
                 gpointer               record,
                 GError               **error)
{
  KasirSale *sale = record;
  g_autofree char *currency = NULL;

  if (!kasir_protocol_get_string (obj, path, field->name, FALSE, FALSE, &currency, error))
    return FALSE;
  if (strlen (currency) != 3 || !g_ascii_isupper (currency[0]) ||
      !g_ascii_isupper (currency[1]) || !g_ascii_isupper (currency[2]))
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, field->name,
                           "must be three upper-case letters");
      return FALSE;
    }
  memcpy (sale->currency, currency, 4);
  return TRUE;
}

static const KasirFieldCodec currency_codec = { encode_currency, decode_currency };

static gboolean
check_sale (gpointer     record,
            const char  *path,
            GError     **error)
{
  g_autoptr(GError) sums_error = NULL;
  g_autoptr(GError) order_error = NULL;
  KasirProtocolError code = KASIR_PROTOCOL_ERROR_INVALID_VALUE;
  const KasirSale *sale = record;

  if (!kasir_order_check (sale->order_type, sale->order_ref, &order_error))
    {
      kasir_protocol_fail (error, code, path, "order_ref", "%s", order_error->message);
      return FALSE;
    }
  if (kasir_sale_check_sums (record, &sums_error))
    return TRUE;

  if (g_error_matches (sums_error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_SUMS))
    code = KASIR_PROTOCOL_ERROR_SUMS;
  else if (g_error_matches (sums_error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_OVERFLOW))
    code = KASIR_PROTOCOL_ERROR_OUT_OF_RANGE;
  kasir_protocol_fail (error, code, path, NULL, "%s", sums_error->message);
  return FALSE;
}

static const KasirFieldSpec sale_fields[] = {
  KASIR_F_UUID (KasirSale, sale_id, "sale_id", KASIR_FIELD_REQUIRED),
  KASIR_F_STRING (KasirSale, receipt_no, "receipt_no", KASIR_FIELD_REQUIRED),
  KASIR_F_UUID (KasirSale, shift_id, "shift_id", KASIR_FIELD_NULLABLE),
  KASIR_F_INT (KasirSale, staff_id, "staff_id", 1, G_MAXINT64, KASIR_FIELD_NULLABLE),
  KASIR_F_INT (KasirSale, customer_id, "customer_id", 1, G_MAXINT64, KASIR_FIELD_NULLABLE),
  KASIR_F_CUSTOM ("currency", &currency_codec, NULL),
  KASIR_F_BOOL (KasirSale, tax_inclusive, "tax_inclusive", KASIR_FIELD_OPTIONAL, TRUE),
  KASIR_F_ARRAY (KasirSale, lines, "lines", &kasir_sale_line_record, KASIR_PROTOCOL_MAX_LINES,
                 KASIR_FIELD_NON_EMPTY),
  KASIR_F_ARRAY (KasirSale, payments, "payments", &kasir_sale_payment_record,
                 KASIR_PROTOCOL_MAX_PAYMENTS, KASIR_FIELD_REQUIRED),
  KASIR_F_MONEY (KasirSale, subtotal, "subtotal", 0, KASIR_FIELD_REQUIRED),
  KASIR_F_MONEY (KasirSale, discount, "discount", 0, KASIR_FIELD_REQUIRED),
  KASIR_F_MONEY (KasirSale, fee, "fee", 0, KASIR_FIELD_REQUIRED),
  KASIR_F_MONEY (KasirSale, tax, "tax", 0, KASIR_FIELD_REQUIRED),
  KASIR_F_MONEY (KasirSale, total, "total", 0, KASIR_FIELD_REQUIRED),
  KASIR_F_MONEY (KasirSale, change, "change", 0, KASIR_FIELD_REQUIRED),
  KASIR_F_MONEY (KasirSale, loyalty_redeemed, "loyalty_redeemed", 0, KASIR_FIELD_REQUIRED),
  /* Loyalty: the points the member earns, and the member made on this till before the
   * server named it (the customer.upsert's client id; the server finds its id). */
  KASIR_F_MONEY (KasirSale, loyalty_earned, "loyalty_earned", 0,
                 KASIR_FIELD_OPTIONAL | KASIR_FIELD_OMIT_EMPTY),
  KASIR_F_UUID (KasirSale, customer_client_id, "customer_client_id",
                KASIR_FIELD_NULLABLE | KASIR_FIELD_OMIT_EMPTY),
  KASIR_F_TIME (KasirSale, created_at, "created_at", KASIR_FIELD_REQUIRED),
  /* Order types came later: a sale without them leaves both out. */
  { .name = "order_type", .type = KASIR_FIELD_STRING,
    .offset = KASIR_FIELD_OFFSET (KasirSale, order_type, char *),
    .flags = KASIR_FIELD_NULLABLE | KASIR_FIELD_OMIT_EMPTY,
    .choices = kasir_order_type_codes, .invalid = "unknown order type" },
  KASIR_F_STRING (KasirSale, order_ref, "order_ref", KASIR_FIELD_NULLABLE | KASIR_FIELD_OMIT_EMPTY),
  /* The open order this sale pays (open orders came later still). */
  KASIR_F_UUID (KasirSale, open_order_id, "open_order_id", KASIR_FIELD_NULLABLE | KASIR_FIELD_OMIT_EMPTY),
};

const KasirRecordSpec kasir_sale_record =
  KASIR_RECORD ("sale.create", sale_fields, kasir_sale_new, kasir_sale_free, check_sale);

KASIR_RECORD_CODEC (KasirSale, sale, kasir_sale_record)

/* ------------------------------------------------------------------------------------ */
/* order.open, order.add                                                                */
/* ------------------------------------------------------------------------------------ */

#define ORDER_TEXT_FLAGS (KASIR_FIELD_NULLABLE | KASIR_FIELD_ALLOW_EMPTY | KASIR_FIELD_OMIT_EMPTY)

static const KasirFieldSpec order_item_fields[] = {
  KASIR_F_ID (KasirKitchenItem, product_id, "product_id"),
  KASIR_F_STRING (KasirKitchenItem, name, "name", KASIR_FIELD_ALLOW_EMPTY),
  KASIR_F_INT (KasirKitchenItem, qty, "qty", 1, KASIR_PROTOCOL_MAX_QTY, KASIR_FIELD_REQUIRED),
  KASIR_F_STRING (KasirKitchenItem, options, "options", ORDER_TEXT_FLAGS),
  KASIR_F_STRING (KasirKitchenItem, note, "note", ORDER_TEXT_FLAGS),
};

const KasirRecordSpec kasir_order_item_record =
  KASIR_RECORD_OF ("order-item", order_item_fields, KasirKitchenItem, kasir_kitchen_item_free, NULL);

static gboolean
check_order (gpointer     record,
             const char  *path,
             GError     **error)
{
  g_autoptr(GError) order_error = NULL;
  const KasirOrderSend *order = record;

  if (!kasir_order_check (order->order_type, order->order_ref, &order_error))
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, "order_ref", "%s",
                           order_error->message);
      return FALSE;
    }
  return TRUE;
}

#define ORDER_HEAD \
  KASIR_F_UUID (KasirOrderSend, order_id, "order_id", KASIR_FIELD_REQUIRED), \
  KASIR_F_INT (KasirOrderSend, staff_id, "staff_id", 1, G_MAXINT64, KASIR_FIELD_NULLABLE)
#define ORDER_TAIL \
  KASIR_F_STRING (KasirOrderSend, ticket_no, "ticket_no", KASIR_FIELD_REQUIRED), \
  KASIR_F_ARRAY (KasirOrderSend, items, "items", &kasir_order_item_record, \
                 KASIR_PROTOCOL_MAX_LINES, KASIR_FIELD_NON_EMPTY), \
  KASIR_F_NODE (KasirOrderSend, cart, "cart", KASIR_FIELD_OBJECT, KASIR_FIELD_REQUIRED), \
  KASIR_F_MONEY (KasirOrderSend, total, "total", 0, KASIR_FIELD_REQUIRED), \
  KASIR_F_TIME (KasirOrderSend, created_at, "created_at", KASIR_FIELD_REQUIRED)

static const KasirFieldSpec order_open_fields[] = {
  ORDER_HEAD,
  KASIR_F_UUID (KasirOrderSend, shift_id, "shift_id", KASIR_FIELD_NULLABLE | KASIR_FIELD_OMIT_EMPTY),
  KASIR_F_STRING (KasirOrderSend, label, "label", ORDER_TEXT_FLAGS),
  { .name = "order_type", .type = KASIR_FIELD_STRING,
    .offset = KASIR_FIELD_OFFSET (KasirOrderSend, order_type, char *),
    .flags = KASIR_FIELD_NULLABLE | KASIR_FIELD_OMIT_EMPTY,
    .choices = kasir_order_type_codes, .invalid = "unknown order type" },
  KASIR_F_STRING (KasirOrderSend, order_ref, "order_ref", KASIR_FIELD_NULLABLE | KASIR_FIELD_OMIT_EMPTY),
  ORDER_TAIL,
};

static const KasirFieldSpec order_add_fields[] = {
  ORDER_HEAD,
  ORDER_TAIL,
};

static KasirOrderSend *
order_send_new (void)
{
  KasirOrderSend *self = g_new0 (KasirOrderSend, 1);

  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_kitchen_item_free);
  return self;
}

void
kasir_order_send_free (KasirOrderSend *self)
{
  kasir_record_free (&kasir_order_open_record, self);
}

const KasirRecordSpec kasir_order_open_record =
  KASIR_RECORD ("order.open", order_open_fields, order_send_new, kasir_order_send_free, check_order);
const KasirRecordSpec kasir_order_add_record =
  KASIR_RECORD ("order.add", order_add_fields, order_send_new, kasir_order_send_free, NULL);

KASIR_RECORD_CODEC (KasirOrderSend, order_open, kasir_order_open_record)
KASIR_RECORD_CODEC (KasirOrderSend, order_add, kasir_order_add_record)

/* ------------------------------------------------------------------------------------ */
/* order.cancel                                                                         */
/* ------------------------------------------------------------------------------------ */

/* A reason is said, on one line, and is short. */
static gboolean
check_order_cancel (gpointer     record,
                    const char  *path,
                    GError     **error)
{
  const KasirOrderCancel *cancel = record;
  g_autofree char *trimmed = g_strstrip (g_strdup (cancel->reason));

  if (trimmed[0] == '\0' || g_utf8_strlen (cancel->reason, -1) > KASIR_ORDER_CANCEL_REASON_MAX ||
      strchr (cancel->reason, '\n') != NULL)
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, "reason",
                           "must be one line of 1 to %d characters", KASIR_ORDER_CANCEL_REASON_MAX);
      return FALSE;
    }
  return TRUE;
}

static const KasirFieldSpec order_cancel_fields[] = {
  KASIR_F_UUID (KasirOrderCancel, order_id, "order_id", KASIR_FIELD_REQUIRED),
  KASIR_F_INT (KasirOrderCancel, staff_id, "staff_id", 1, G_MAXINT64, KASIR_FIELD_NULLABLE),
  KASIR_F_ID (KasirOrderCancel, approved_by, "approved_by"),
  KASIR_F_STRING (KasirOrderCancel, reason, "reason", KASIR_FIELD_REQUIRED),
  KASIR_F_TIME (KasirOrderCancel, created_at, "created_at", KASIR_FIELD_REQUIRED),
};

void
kasir_order_cancel_free (KasirOrderCancel *self)
{
  kasir_record_free (&kasir_order_cancel_record, self);
}

const KasirRecordSpec kasir_order_cancel_record =
  KASIR_RECORD_OF ("order.cancel", order_cancel_fields, KasirOrderCancel, kasir_order_cancel_free,
                   check_order_cancel);

KASIR_RECORD_CODEC (KasirOrderCancel, order_cancel, kasir_order_cancel_record)

/* ------------------------------------------------------------------------------------ */
/* sale.refund                                                                          */
/* ------------------------------------------------------------------------------------ */

static const KasirFieldSpec refund_line_fields[] = {
  KASIR_F_ID (KasirRefundLine, product_id, "product_id"),
  KASIR_F_INT (KasirRefundLine, qty, "qty", 1, KASIR_PROTOCOL_MAX_QTY, KASIR_FIELD_REQUIRED),
  KASIR_F_MONEY (KasirRefundLine, amount, "amount", 0, KASIR_FIELD_REQUIRED),
  KASIR_F_INT (KasirRefundLine, write_off, "write_off", 0, 1,
               KASIR_FIELD_OPTIONAL | KASIR_FIELD_OMIT_EMPTY),
  KASIR_F_INT (KasirRefundLine, line_no, "line_no", 0, KASIR_PROTOCOL_MAX_LINES,
               KASIR_FIELD_OPTIONAL | KASIR_FIELD_OMIT_EMPTY),
};

const KasirRecordSpec kasir_refund_line_record =
  KASIR_RECORD_OF ("refund-line", refund_line_fields, KasirRefundLine, g_free, NULL);

static KasirRefund *
refund_new (void)
{
  KasirRefund *self = g_new0 (KasirRefund, 1);

  self->lines = g_ptr_array_new_with_free_func (g_free);
  self->payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  return self;
}

void
kasir_refund_free (KasirRefund *self)
{
  kasir_record_free (&kasir_refund_record, self);
}

/* Adds up the amounts of @items, records whose KasirMoney sits at @offset. */
static gboolean
sum_amounts (const GPtrArray *items,
             gsize            offset,
             KasirMoney      *out)
{
  KasirMoney sum = 0;

  for (guint i = 0; i < items->len; i++)
    if (!kasir_money_add (sum, G_STRUCT_MEMBER (KasirMoney, items->pdata[i], offset), &sum))
      return FALSE;
  *out = sum;
  return TRUE;
}

/* The lines add up to the total, and so do the payments. */
static gboolean
check_refund (gpointer     record,
              const char  *path,
              GError     **error)
{
  const KasirRefund *refund = record;
  KasirMoney line_sum;
  KasirMoney paid;

  if (!sum_amounts (refund->lines, G_STRUCT_OFFSET (KasirRefundLine, amount), &line_sum))
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_OUT_OF_RANGE, path, "lines",
                           "amounts add up to more than 64 bits");
      return FALSE;
    }
  if (!sum_amounts (refund->payments, G_STRUCT_OFFSET (KasirPayment, amount), &paid))
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_OUT_OF_RANGE, path, "payments",
                           "amounts add up to more than 64 bits");
      return FALSE;
    }
  if (line_sum != refund->total)
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_SUMS, path, "total",
                           "%" G_GINT64_FORMAT " is not the sum of the line amounts, %"
                           G_GINT64_FORMAT, refund->total, line_sum);
      return FALSE;
    }
  if (paid != refund->total)
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_SUMS, path, "payments",
                           "add up to %" G_GINT64_FORMAT ", not the total %" G_GINT64_FORMAT,
                           paid, refund->total);
      return FALSE;
    }
  return TRUE;
}

static const KasirFieldSpec refund_fields[] = {
  KASIR_F_UUID (KasirRefund, refund_id, "refund_id", KASIR_FIELD_REQUIRED),
  KASIR_F_UUID (KasirRefund, sale_id, "sale_id", KASIR_FIELD_REQUIRED),
  KASIR_F_STRING (KasirRefund, reason, "reason", KASIR_FIELD_ALLOW_EMPTY),
  KASIR_F_ID (KasirRefund, staff_id, "staff_id"),
  KASIR_F_INT (KasirRefund, approved_by, "approved_by", 1, G_MAXINT64,
               KASIR_FIELD_OPTIONAL | KASIR_FIELD_OMIT_EMPTY),
  KASIR_F_ARRAY (KasirRefund, lines, "lines", &kasir_refund_line_record,
                 KASIR_PROTOCOL_MAX_LINES, KASIR_FIELD_NON_EMPTY),
  KASIR_F_ARRAY (KasirRefund, payments, "payments", &kasir_refund_payment_record,
                 KASIR_PROTOCOL_MAX_PAYMENTS, KASIR_FIELD_REQUIRED),
  KASIR_F_MONEY (KasirRefund, total, "total", 0, KASIR_FIELD_REQUIRED),
  KASIR_F_TIME (KasirRefund, created_at, "created_at", KASIR_FIELD_REQUIRED),
};

const KasirRecordSpec kasir_refund_record =
  KASIR_RECORD ("sale.refund", refund_fields, refund_new, kasir_refund_free, check_refund);

KASIR_RECORD_CODEC (KasirRefund, refund, kasir_refund_record)

/* ------------------------------------------------------------------------------------ */
/* shift.open, shift.close, shift.cash                                                  */
/* ------------------------------------------------------------------------------------ */

void
kasir_shift_event_free (KasirShiftEvent *self)
{
  kasir_record_free (&kasir_shift_close_record, self);
}

static const KasirFieldSpec shift_open_fields[] = {
  KASIR_F_UUID (KasirShiftEvent, shift_id, "shift_id", KASIR_FIELD_REQUIRED),
  KASIR_F_ID (KasirShiftEvent, staff_id, "staff_id"),
  KASIR_F_MONEY (KasirShiftEvent, opening_float, "opening_float", 0, KASIR_FIELD_REQUIRED),
  KASIR_F_TIME (KasirShiftEvent, at, "opened_at", KASIR_FIELD_REQUIRED),
};

const KasirRecordSpec kasir_shift_open_record =
  KASIR_RECORD_OF ("shift.open", shift_open_fields, KasirShiftEvent, kasir_shift_event_free, NULL);

KASIR_RECORD_CODEC (KasirShiftEvent, shift_open, kasir_shift_open_record)

static const KasirFieldSpec shift_close_fields[] = {
  KASIR_F_UUID (KasirShiftEvent, shift_id, "shift_id", KASIR_FIELD_REQUIRED),
  KASIR_F_ID (KasirShiftEvent, staff_id, "staff_id"),
  KASIR_F_TIME (KasirShiftEvent, at, "closed_at", KASIR_FIELD_REQUIRED),
  KASIR_F_ARRAY (KasirShiftEvent, counted, "counted", &kasir_shift_payment_record,
                 KASIR_PROTOCOL_MAX_PAYMENTS, KASIR_FIELD_REQUIRED),
  KASIR_F_ARRAY (KasirShiftEvent, expected, "expected", &kasir_shift_payment_record,
                 KASIR_PROTOCOL_MAX_PAYMENTS, KASIR_FIELD_REQUIRED),
};

const KasirRecordSpec kasir_shift_close_record =
  KASIR_RECORD_OF ("shift.close", shift_close_fields, KasirShiftEvent,
                   kasir_shift_event_free, NULL);

KASIR_RECORD_CODEC (KasirShiftEvent, shift_close, kasir_shift_close_record)

void
kasir_shift_cash_free (KasirShiftCash *self)
{
  kasir_record_free (&kasir_shift_cash_record, self);
}

static const char * const cash_directions[] = { "in", "out", NULL };
static const char * const cash_reasons[] = { "petty_cash", "float", "other", NULL };

/* "other" says nothing by itself: the note says what the money was for. */
static gboolean
check_shift_cash (gpointer     record,
                  const char  *path,
                  GError     **error)
{
  const KasirShiftCash *cash = record;

  if (g_strcmp0 (cash->reason, "other") != 0)
    return TRUE;
  for (const char *c = cash->note; c != NULL && *c != '\0'; c++)
    if (!g_ascii_isspace (*c))
      return TRUE;
  kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, "note",
                       "is required when the reason is other");
  return FALSE;
}

static const KasirFieldSpec shift_cash_fields[] = {
  KASIR_F_UUID (KasirShiftCash, cash_id, "cash_id", KASIR_FIELD_REQUIRED),
  KASIR_F_UUID (KasirShiftCash, shift_id, "shift_id", KASIR_FIELD_REQUIRED),
  KASIR_F_ID (KasirShiftCash, staff_id, "staff_id"),
  KASIR_F_INT (KasirShiftCash, approved_by, "approved_by", 1, G_MAXINT64,
               KASIR_FIELD_OPTIONAL | KASIR_FIELD_OMIT_EMPTY),
  KASIR_F_CHOICE (KasirShiftCash, direction, "direction", cash_directions, "must be in or out"),
  KASIR_F_CHOICE (KasirShiftCash, reason, "reason", cash_reasons, "unknown reason"),
  KASIR_F_STRING (KasirShiftCash, note, "note", KASIR_FIELD_ALLOW_EMPTY),
  KASIR_F_MONEY (KasirShiftCash, amount, "amount", 1, KASIR_FIELD_REQUIRED),
  KASIR_F_TIME (KasirShiftCash, created_at, "created_at", KASIR_FIELD_REQUIRED),
};

const KasirRecordSpec kasir_shift_cash_record =
  KASIR_RECORD_OF ("shift.cash", shift_cash_fields, KasirShiftCash, kasir_shift_cash_free,
                   check_shift_cash);

KASIR_RECORD_CODEC (KasirShiftCash, shift_cash, kasir_shift_cash_record)

/* ------------------------------------------------------------------------------------ */
/* product.update, customer.upsert                                                      */
/* ------------------------------------------------------------------------------------ */

void
kasir_edit_free (KasirEdit *self)
{
  kasir_record_free (&kasir_customer_upsert_record, self);
}

static void
encode_edit_fields (JsonObject           *obj,
                    const KasirFieldSpec *field,
                    gconstpointer         record)
{
  const KasirEdit *edit = record;

  if (edit->fields != NULL)
    json_object_set_member (obj, field->name, json_node_copy (edit->fields));
  else
    json_object_set_object_member (obj, field->name, json_object_new ());
}

/* "fields" holds the changed members of the entity field->element, each checked by the
 * entity's own table. */
static gboolean
decode_edit_fields (JsonObject            *obj,
                    const char            *path,
                    const KasirFieldSpec  *field,
                    gpointer               record,
                    GError               **error)
{
  KasirEdit *edit = record;

  g_clear_pointer (&edit->fields, json_node_unref);
  return kasir_record_check_edit (field->element, obj, path, &edit->fields, error);
}

static const KasirFieldCodec edit_fields_codec = { encode_edit_fields, decode_edit_fields };

static const KasirFieldSpec product_update_fields[] = {
  KASIR_F_ID (KasirEdit, entity_id, "product_id"),
  KASIR_F_COUNT (KasirEdit, base_version, "base_version"),
  KASIR_F_ID (KasirEdit, staff_id, "staff_id"),
  KASIR_F_CUSTOM_OWNING (KasirEdit, fields, "fields", &edit_fields_codec, &kasir_product_record,
                         KASIR_FIELD_OBJECT),
};

const KasirRecordSpec kasir_product_update_record =
  KASIR_RECORD_OF ("product.update", product_update_fields, KasirEdit, kasir_edit_free, NULL);

KASIR_RECORD_CODEC (KasirEdit, product_update, kasir_product_update_record)

/* A customer made on this terminal (no server id yet) needs a name. */
static gboolean
check_customer_upsert (gpointer     record,
                       const char  *path,
                       GError     **error)
{
  const KasirEdit *edit = record;
  g_autofree char *fields_path = NULL;

  if (edit->entity_id != 0 ||
      json_object_has_member (json_node_get_object (edit->fields), "name"))
    return TRUE;

  fields_path = kasir_protocol_join_path (path, "fields");
  kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_MISSING_FIELD, fields_path, "name",
                       "is required for a new customer");
  return FALSE;
}

static const KasirFieldSpec customer_upsert_fields[] = {
  /* 0 and null both mean a customer made on this terminal. */
  KASIR_F_INT (KasirEdit, entity_id, "customer_id", 0, G_MAXINT64, KASIR_FIELD_NULLABLE),
  KASIR_F_UUID (KasirEdit, client_id, "client_id", KASIR_FIELD_REQUIRED),
  KASIR_F_COUNT (KasirEdit, base_version, "base_version"),
  KASIR_F_ID (KasirEdit, staff_id, "staff_id"),
  KASIR_F_CUSTOM_OWNING (KasirEdit, fields, "fields", &edit_fields_codec, &kasir_customer_record,
                         KASIR_FIELD_OBJECT),
};

const KasirRecordSpec kasir_customer_upsert_record =
  KASIR_RECORD_OF ("customer.upsert", customer_upsert_fields, KasirEdit,
                   kasir_edit_free, check_customer_upsert);

KASIR_RECORD_CODEC (KasirEdit, customer_upsert, kasir_customer_upsert_record)

/* ------------------------------------------------------------------------------------ */
/* stock.adjust                                                                         */
/* ------------------------------------------------------------------------------------ */

void
kasir_stock_adjust_free (KasirStockAdjust *self)
{
  kasir_record_free (&kasir_stock_adjust_record, self);
}

static gboolean
check_stock_adjust (gpointer     record,
                    const char  *path,
                    GError     **error)
{
  const KasirStockAdjust *adj = record;

  if (adj->delta != 0)
    return TRUE;
  kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, "delta", "must not be 0");
  return FALSE;
}

static const KasirFieldSpec stock_adjust_fields[] = {
  KASIR_F_ID (KasirStockAdjust, product_id, "product_id"),
  KASIR_F_INT (KasirStockAdjust, delta, "delta", -KASIR_PROTOCOL_MAX_QTY, KASIR_PROTOCOL_MAX_QTY,
               KASIR_FIELD_REQUIRED),
  KASIR_F_STRING (KasirStockAdjust, reason, "reason", KASIR_FIELD_ALLOW_EMPTY),
  KASIR_F_ID (KasirStockAdjust, staff_id, "staff_id"),
};

const KasirRecordSpec kasir_stock_adjust_record =
  KASIR_RECORD_OF ("stock.adjust", stock_adjust_fields, KasirStockAdjust,
                   kasir_stock_adjust_free, check_stock_adjust);

KASIR_RECORD_CODEC (KasirStockAdjust, stock_adjust, kasir_stock_adjust_record)

/* ------------------------------------------------------------------------------------ */
/* conflict.resolve                                                                     */
/* ------------------------------------------------------------------------------------ */

void
kasir_conflict_resolve_free (KasirConflictResolve *self)
{
  kasir_record_free (&kasir_conflict_resolve_record, self);
}

/* The decision is one of core's (kasir-conflict-decision.h), and a counted figure,
 * which becomes the outlet's stock as it is, is within bounds. */
static gboolean
check_conflict_resolve (gpointer     record,
                        const char  *path,
                        GError     **error)
{
  const KasirConflictResolve *r = record;
  g_autofree char *values_path = NULL;
  KasirConflictDecision decision;
  gint64 qty;

  if (!kasir_conflict_decision_from_string (r->decision, &decision))
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, "decision", "unknown decision");
      return FALSE;
    }
  if (decision != KASIR_DECISION_COUNTED_STOCK)
    return TRUE;
  if (r->values == NULL)
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_MISSING_FIELD, path, "values",
                           "is required for counted_stock");
      return FALSE;
    }
  values_path = kasir_protocol_join_path (path, "values");
  return kasir_protocol_get_int (json_node_get_object (r->values), values_path, "qty", 0,
                                 KASIR_PROTOCOL_MAX_QTY, &qty, error);
}

static const KasirFieldSpec conflict_resolve_fields[] = {
  KASIR_F_ID (KasirConflictResolve, conflict_id, "conflict_id"),
  KASIR_F_COUNT (KasirConflictResolve, expected_version, "expected_version"),
  KASIR_F_STRING (KasirConflictResolve, decision, "decision", 0),
  KASIR_F_STRING (KasirConflictResolve, note, "note",
                  KASIR_FIELD_NULLABLE | KASIR_FIELD_ALLOW_EMPTY),
  KASIR_F_ID (KasirConflictResolve, staff_id, "staff_id"),
  KASIR_F_NODE (KasirConflictResolve, values, "values", KASIR_FIELD_OBJECT, KASIR_FIELD_NULLABLE),
};

const KasirRecordSpec kasir_conflict_resolve_record =
  KASIR_RECORD_OF ("conflict.resolve", conflict_resolve_fields, KasirConflictResolve,
                   kasir_conflict_resolve_free, check_conflict_resolve);

KASIR_RECORD_CODEC (KasirConflictResolve, conflict_resolve, kasir_conflict_resolve_record)

/* ------------------------------------------------------------------------------------ */
/* staff.upsert                                                                         */
/* ------------------------------------------------------------------------------------ */

void
kasir_staff_upsert_free (KasirStaffUpsert *self)
{
  kasir_record_free (&kasir_staff_upsert_record, self);
}

/* Only an Argon2id hash travels, never a PIN; a new staff member needs one. */
static gboolean
check_staff_upsert (gpointer     record,
                    const char  *path,
                    GError     **error)
{
  const KasirStaffUpsert *u = record;

  if (u->pin_hash != NULL && !g_str_has_prefix (u->pin_hash, "$argon2id$"))
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, "pin_hash",
                           "is not an Argon2id hash");
      return FALSE;
    }
  if (u->entity_id == 0 && u->pin_hash == NULL)
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_MISSING_FIELD, path, "pin_hash",
                           "is required for a new staff member");
      return FALSE;
    }
  return TRUE;
}

static const KasirFieldSpec staff_upsert_fields[] = {
  /* 0 and null both mean a new staff member. */
  KASIR_F_INT (KasirStaffUpsert, entity_id, "staff_id", 0, G_MAXINT64, KASIR_FIELD_NULLABLE),
  KASIR_F_ID (KasirStaffUpsert, approved_by, "approved_by"),
  KASIR_F_STRING (KasirStaffUpsert, name, "name", KASIR_FIELD_REQUIRED),
  KASIR_F_CHOICE (KasirStaffUpsert, role, "role", kasir_staff_roles, "unknown role"),
  KASIR_F_BOOL (KasirStaffUpsert, active, "active", KASIR_FIELD_REQUIRED, TRUE),
  KASIR_F_STRING (KasirStaffUpsert, pin_hash, "pin_hash", KASIR_FIELD_NULLABLE),
};

const KasirRecordSpec kasir_staff_upsert_record =
  KASIR_RECORD_OF ("staff.upsert", staff_upsert_fields, KasirStaffUpsert,
                   kasir_staff_upsert_free, check_staff_upsert);

KASIR_RECORD_CODEC (KasirStaffUpsert, staff_upsert, kasir_staff_upsert_record)

/* ------------------------------------------------------------------------------------ */
/* category.upsert                                                                      */
/* ------------------------------------------------------------------------------------ */

void
kasir_category_upsert_free (KasirCategoryUpsert *self)
{
  kasir_record_free (&kasir_category_upsert_record, self);
}

static const KasirFieldSpec category_upsert_fields[] = {
  /* 0 and null both mean a new category. */
  KASIR_F_INT (KasirCategoryUpsert, entity_id, "category_id", 0, G_MAXINT64, KASIR_FIELD_NULLABLE),
  KASIR_F_ID (KasirCategoryUpsert, staff_id, "staff_id"),
  KASIR_F_STRING (KasirCategoryUpsert, name, "name", KASIR_FIELD_REQUIRED),
  KASIR_F_BOOL (KasirCategoryUpsert, archived, "archived", KASIR_FIELD_OPTIONAL, FALSE),
};

const KasirRecordSpec kasir_category_upsert_record =
  KASIR_RECORD_OF ("category.upsert", category_upsert_fields, KasirCategoryUpsert,
                   kasir_category_upsert_free, NULL);

KASIR_RECORD_CODEC (KasirCategoryUpsert, category_upsert, kasir_category_upsert_record)

/* ------------------------------------------------------------------------------------ */
/* product.create                                                                       */
/* ------------------------------------------------------------------------------------ */

/* A new product needs a name, a SKU and a price; the rest may follow the defaults. */
static gboolean
check_product_create (gpointer     record,
                      const char  *path,
                      GError     **error)
{
  static const char * const required[] = { "name", "sku", "price" };
  const KasirEdit *edit = record;
  JsonObject *fields = json_node_get_object (edit->fields);

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (!json_object_has_member (fields, required[i]))
      {
        g_autofree char *fields_path = kasir_protocol_join_path (path, "fields");

        kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_MISSING_FIELD, fields_path, required[i],
                             "is required for a new product");
        return FALSE;
      }
  return TRUE;
}

static const KasirFieldSpec product_create_fields[] = {
  KASIR_F_UUID (KasirEdit, client_id, "client_id", KASIR_FIELD_REQUIRED),
  KASIR_F_ID (KasirEdit, staff_id, "staff_id"),
  KASIR_F_CUSTOM_OWNING (KasirEdit, fields, "fields", &edit_fields_codec, &kasir_product_record,
                         KASIR_FIELD_OBJECT),
};

const KasirRecordSpec kasir_product_create_record =
  KASIR_RECORD_OF ("product.create", product_create_fields, KasirEdit, kasir_edit_free,
                   check_product_create);

KASIR_RECORD_CODEC (KasirEdit, product_create, kasir_product_create_record)

/* ------------------------------------------------------------------------------------ */
/* product.modifiers                                                                    */
/* ------------------------------------------------------------------------------------ */

static const KasirFieldSpec modifier_base_fields[] = {
  KASIR_F_ID (KasirModifierBase, id, "id"),
  KASIR_F_ID (KasirModifierBase, version, "version"),
};

const KasirRecordSpec kasir_modifier_base_record =
  KASIR_RECORD_OF ("modifier-base", modifier_base_fields, KasirModifierBase, g_free, NULL);

void
kasir_modifier_edit_free (KasirModifierEdit *self)
{
  kasir_record_free (&kasir_product_modifiers_record, self);
}

/* Ids name a group by its product and an option by its group, so no two products'
 * groups meet in a till's catalog. */
static gboolean
check_product_modifiers (gpointer     record,
                         const char  *path,
                         GError     **error)
{
  const KasirModifierEdit *edit = record;
  g_autoptr(GError) local_error = NULL;

  if (kasir_modifier_groups_check_ids (edit->product_id, edit->groups, &local_error))
    return TRUE;
  kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, "groups", "%s",
                       local_error->message);
  return FALSE;
}

static const KasirFieldSpec product_modifiers_fields[] = {
  KASIR_F_ID (KasirModifierEdit, product_id, "product_id"),
  KASIR_F_ID (KasirModifierEdit, staff_id, "staff_id"),
  KASIR_F_ARRAY (KasirModifierEdit, base_groups, "base_groups", &kasir_modifier_base_record,
                 KASIR_PROTOCOL_MAX_MODIFIER_GROUPS, KASIR_FIELD_REQUIRED),
  KASIR_F_ARRAY (KasirModifierEdit, groups, "groups", &kasir_modifier_group_record,
                 KASIR_PROTOCOL_MAX_MODIFIER_GROUPS, KASIR_FIELD_REQUIRED),
};

const KasirRecordSpec kasir_product_modifiers_record =
  KASIR_RECORD_OF ("product.modifiers", product_modifiers_fields, KasirModifierEdit,
                   kasir_modifier_edit_free, check_product_modifiers);

KASIR_RECORD_CODEC (KasirModifierEdit, product_modifiers, kasir_product_modifiers_record)
