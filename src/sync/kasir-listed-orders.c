/* kasir-listed-orders.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "kasir-kitchen-item.h"
#include "kasir-listed-orders.h"
#include "kasir-order-type.h"
#include "kasir-protocol.h"

static gpointer
fail (GError     **error,
      guint        index,
      const char  *member)
{
  g_set_error (error, KASIR_PROTOCOL_ERROR, KASIR_PROTOCOL_ERROR_WRONG_TYPE,
               "orders[%u].%s: missing, of the wrong type or out of range", index, member);
  return NULL;
}

static const char *
string_member (JsonObject *obj,
               const char *name,
               gboolean    optional)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL && optional)
    return "";
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
int_member (JsonObject *obj,
            const char *name,
            gint64     *out)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return *out >= 0;
}

static KasirOpenOrder *
decode_order (JsonNode  *node,
              guint      index,
              GError   **error)
{
  g_autoptr(KasirOpenOrder) order = g_new0 (KasirOpenOrder, 1);
  JsonObject *obj = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  static const char * const texts[] = { "order_id", "label", "state", "opened_at", "updated_at", NULL };
  const char *values[G_N_ELEMENTS (texts)];
  const char *terminal_name, *staff_name, *order_type, *order_ref;
  JsonNode *cart, *sent;
  gint64 terminal_id = 0;
  g_autoptr(KasirCart) decoded = NULL;
  g_autoptr(GPtrArray) items = NULL;

  if (obj == NULL)
    return fail (error, index, "(order)");
  for (guint i = 0; texts[i] != NULL; i++)
    if ((values[i] = string_member (obj, texts[i], FALSE)) == NULL)
      return fail (error, index, texts[i]);
  if (!g_uuid_string_is_valid (values[0]))
    return fail (error, index, "order_id");
  if (!g_str_equal (values[2], "open") && !g_str_equal (values[2], "paid") &&
      !g_str_equal (values[2], "cancelled"))
    return fail (error, index, "state");
  if ((terminal_name = string_member (obj, "terminal_name", TRUE)) == NULL ||
      (staff_name = string_member (obj, "staff_name", TRUE)) == NULL ||
      (order_type = string_member (obj, "order_type", TRUE)) == NULL ||
      (order_ref = string_member (obj, "order_ref", TRUE)) == NULL)
    return fail (error, index, "terminal_name");
  if (*order_type != '\0' && !kasir_order_type_is_valid (order_type))
    return fail (error, index, "order_type");
  if (!int_member (obj, "terminal_id", &terminal_id) || !int_member (obj, "staff_id", &order->staff_id) ||
      !int_member (obj, "total", &order->total))
    return fail (error, index, "total");
  cart = json_object_get_member (obj, "cart");
  if (cart == NULL || (decoded = kasir_cart_from_json (cart, NULL)) == NULL)
    return fail (error, index, "cart");
  sent = json_object_get_member (obj, "sent");
  if (sent == NULL || (items = kasir_kitchen_items_from_json (sent, NULL)) == NULL)
    return fail (error, index, "sent");

  order->order_id = g_strdup (values[0]);
  order->label = g_strdup (values[1]);
  order->paid = g_str_equal (values[2], "paid");
  order->cancelled = g_str_equal (values[2], "cancelled");
  order->opened_at = g_strdup (values[3]);
  order->updated_at = g_strdup (values[4]);
  order->terminal_name = *terminal_name != '\0'
    ? g_strdup (terminal_name)
    /* Translators: a till the server knows only by its number. */
    : g_strdup_printf (_("Till %" PRId64), terminal_id);
  order->staff_name = g_strdup (staff_name);
  order->order_type = *order_type != '\0' ? g_strdup (order_type) : NULL;
  order->order_ref = *order_ref != '\0' ? g_strdup (order_ref) : NULL;
  order->cart = kasir_protocol_to_string (cart, NULL);
  order->sent = kasir_protocol_to_string (sent, NULL);
  return g_steal_pointer (&order);
}

GPtrArray *
kasir_listed_orders_decode (JsonNode  *node,
                            GError   **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_open_order_free);
  JsonNode *orders;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      (orders = json_object_get_member (json_node_get_object (node), "orders")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (orders))
    {
      g_set_error (error, KASIR_PROTOCOL_ERROR, KASIR_PROTOCOL_ERROR_MISSING_FIELD,
                   "orders: missing or not a list");
      return NULL;
    }
  array = json_node_get_array (orders);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      KasirOpenOrder *order = decode_order (json_array_get_element (array, i), i, error);

      if (order == NULL)
        return NULL;
      g_ptr_array_add (list, order);
    }
  return g_steal_pointer (&list);
}
