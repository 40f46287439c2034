/* kasir-sale-lookup.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kasir-sale-lookup.h"

#define MAX_LINES 1000

void
kasir_remote_sale_free (KasirRemoteSale *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->sale, kasir_sale_free);
  g_clear_pointer (&self->returned_qty, g_array_unref);
  g_clear_pointer (&self->returned_amount, g_array_unref);
  g_free (self);
}

static gboolean
get_int (JsonObject  *obj,
         const char  *name,
         gint64       min,
         gint64      *out,
         GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64
      || json_node_get_int (node) < min)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "“%s” is missing or out of range", name);
      return FALSE;
    }
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
get_string (JsonObject  *obj,
            const char  *name,
            char       **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "“%s” is missing or not text", name);
      return FALSE;
    }
  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static JsonArray *
get_array (JsonObject  *obj,
           const char  *name,
           GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) > MAX_LINES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "“%s” is missing or too long", name);
      return NULL;
    }
  return json_node_get_array (node);
}

static gboolean
decode_line (KasirRemoteSale  *self,
             JsonNode         *node,
             GError          **error)
{
  g_autoptr(KasirSaleLine) line = kasir_sale_line_new ();
  JsonObject *obj = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  gint64 tax_rate = 0, returned_qty = 0, returned_amount = 0;

  if (obj == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "a line is not an object");
      return FALSE;
    }
  if (!get_int (obj, "product_id", 1, &line->product_id, error)
      || !get_string (obj, "sku", &line->sku, error)
      || !get_string (obj, "name", &line->name, error)
      || !get_int (obj, "qty", 1, &line->qty, error)
      || !get_int (obj, "unit_price", 0, &line->unit_price, error)
      || !get_int (obj, "price_version", 0, &line->price_version, error)
      || !get_int (obj, "tax_rate_bp", 0, &tax_rate, error)
      || !get_int (obj, "discount", 0, &line->discount, error)
      || !get_int (obj, "tax", 0, &line->tax, error)
      || !get_int (obj, "total", 0, &line->total, error)
      || !get_int (obj, "refunded_qty", 0, &returned_qty, error)
      || !get_int (obj, "refunded_amount", 0, &returned_amount, error))
    return FALSE;
  if (tax_rate > G_MAXUINT)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "“tax_rate_bp” is out of range");
      return FALSE;
    }
  line->tax_rate_bp = (guint) tax_rate;
  g_ptr_array_add (self->sale->lines, g_steal_pointer (&line));
  g_array_append_val (self->returned_qty, returned_qty);
  g_array_append_val (self->returned_amount, returned_amount);
  return TRUE;
}

static gboolean
decode_payment (KasirRemoteSale  *self,
                JsonNode         *node,
                GError          **error)
{
  JsonObject *obj = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  g_autofree char *method_text = NULL;
  g_autofree char *reference = NULL;
  KasirPaymentMethod method;
  KasirPayment *payment;
  gint64 amount = 0;

  if (obj == NULL || !get_string (obj, "method", &method_text, error)
      || !get_int (obj, "amount", 1, &amount, error) || !get_string (obj, "reference", &reference, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "a payment is not an object");
      return FALSE;
    }
  if (!kasir_payment_method_from_string (method_text, &method))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "unknown payment method “%s”", method_text);
      return FALSE;
    }
  payment = kasir_payment_new (method, amount);
  payment->reference = *reference != '\0' ? g_steal_pointer (&reference) : NULL;
  g_ptr_array_add (self->sale->payments, payment);
  return TRUE;
}

static gboolean
decode_sale (KasirRemoteSale  *self,
             JsonObject       *obj,
             GError          **error)
{
  KasirSale *sale = self->sale;
  g_autofree char *currency = NULL;
  JsonArray *lines, *payments;
  JsonNode *inclusive = json_object_get_member (obj, "tax_inclusive");

  if (!get_string (obj, "sale_id", &sale->sale_id, error)
      || !get_string (obj, "receipt_no", &sale->receipt_no, error)
      || !get_string (obj, "shift_id", &sale->shift_id, error)
      || !get_string (obj, "currency", &currency, error)
      || !get_string (obj, "created_at", &sale->created_at, error)
      || !get_int (obj, "terminal_id", 1, &self->terminal_id, error)
      || !get_int (obj, "staff_id", 0, &sale->staff_id, error)
      || !get_int (obj, "customer_id", 0, &sale->customer_id, error)
      || !get_int (obj, "subtotal", 0, &sale->subtotal, error)
      || !get_int (obj, "discount", 0, &sale->discount, error)
      || !get_int (obj, "fee", 0, &sale->fee, error)
      || !get_int (obj, "tax", 0, &sale->tax, error)
      || !get_int (obj, "total", 0, &sale->total, error)
      || !get_int (obj, "change", 0, &sale->change, error)
      || !get_int (obj, "loyalty_redeemed", 0, &sale->loyalty_redeemed, error)
      || !get_int (obj, "refunded_total", 0, &self->refunded_total, error)
      || (lines = get_array (obj, "lines", error)) == NULL
      || (payments = get_array (obj, "payments", error)) == NULL)
    return FALSE;
  if (strlen (currency) != 3 || inclusive == NULL || !JSON_NODE_HOLDS_VALUE (inclusive)
      || json_node_get_value_type (inclusive) != G_TYPE_BOOLEAN || json_array_get_length (lines) == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "the sale is incomplete");
      return FALSE;
    }
  memcpy (sale->currency, currency, 4);
  sale->tax_inclusive = json_node_get_boolean (inclusive);
  if (*sale->shift_id == '\0')
    g_clear_pointer (&sale->shift_id, g_free);
  for (guint i = 0; i < json_array_get_length (lines); i++)
    if (!decode_line (self, json_array_get_element (lines, i), error))
      return FALSE;
  for (guint i = 0; i < json_array_get_length (payments); i++)
    if (!decode_payment (self, json_array_get_element (payments, i), error))
      return FALSE;
  return TRUE;
}

KasirRemoteSale *
kasir_remote_sale_decode (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(KasirRemoteSale) self = g_new0 (KasirRemoteSale, 1);
  JsonNode *sale;

  self->sale = kasir_sale_new ();
  self->returned_qty = g_array_new (FALSE, TRUE, sizeof (gint64));
  self->returned_amount = g_array_new (FALSE, TRUE, sizeof (gint64));
  sale = node != NULL && JSON_NODE_HOLDS_OBJECT (node)
         ? json_object_get_member (json_node_get_object (node), "sale") : NULL;
  if (sale == NULL || !JSON_NODE_HOLDS_OBJECT (sale))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "no sale in the answer");
      return NULL;
    }
  if (!decode_sale (self, json_node_get_object (sale), error))
    return NULL;
  return g_steal_pointer (&self);
}
