/* kasir-server-apply-order.c — open orders: order.open (an order sent to the kitchen
 * before payment), order.add (items added to it later), and the sale that pays one. The
 * server keeps each order's state; a second sale paying an order already paid (two tills,
 * one of them offline) is recorded like any sale, beside an order_paid_twice conflict for
 * a manager: neither sale is lost.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-kitchen-item.h"
#include "kasir-server-apply.h"

static gboolean
apply_send (KasirApply      *a,
            KasirOrderSend  *order,
            gboolean         is_open,
            GError         **error)
{
  const KasirServerTxClass *k = a->tx->klass;
  KasirServerOrderState state;
  g_autoptr(JsonNode) items = NULL;
  g_autofree char *items_json = NULL;
  g_autofree char *cart_json = NULL;
  gboolean allowed;

  if (!kasir_apply_check_actor (a, order->staff_id, &allowed, error))
    return FALSE;
  if (!allowed)
    return TRUE;
  if (!k->open_order_state (a->tx, a->outlet_id, order->order_id, &state, error))
    return FALSE;
  if (is_open && state.known)
    {
      kasir_apply_reject (a, "duplicate_order: order %s was opened before", order->order_id);
      return TRUE;
    }
  if (!is_open && !state.known)
    {
      kasir_apply_reject (a, "unknown_order: no open order %s", order->order_id);
      return TRUE;
    }
  if (state.paid)
    {
      /* The kitchen was asked anyway; the till learns the order was paid elsewhere. */
      kasir_apply_reject (a, "order_paid: order %s is paid already", order->order_id);
      return TRUE;
    }
  if (state.cancelled)
    {
      kasir_apply_reject (a, "order_cancelled: order %s was cancelled", order->order_id);
      return TRUE;
    }
  items = kasir_kitchen_items_to_json (order->items);
  items_json = kasir_protocol_to_string (items, NULL);
  cart_json = kasir_protocol_to_string (order->cart, NULL);
  return k->write_open_order (a->tx, order, is_open, a->terminal_id, a->outlet_id, cart_json,
                              items_json, error);
}

gboolean
kasir_apply_order_open (KasirApply  *a,
                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirOrderSend) order = kasir_protocol_decode_order_open (a->mutation->payload, &local_error);

  if (order == NULL)
    {
      kasir_apply_reject (a, "invalid order: %s", local_error->message);
      return TRUE;
    }
  return apply_send (a, order, TRUE, error);
}

gboolean
kasir_apply_order_add (KasirApply  *a,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirOrderSend) order = kasir_protocol_decode_order_add (a->mutation->payload, &local_error);

  if (order == NULL)
    {
      kasir_apply_reject (a, "invalid order: %s", local_error->message);
      return TRUE;
    }
  return apply_send (a, order, FALSE, error);
}

gboolean
kasir_apply_sale_pays_order (KasirApply       *a,
                             const KasirSale  *sale,
                             GError          **error)
{
  const KasirServerTxClass *k = a->tx->klass;
  KasirServerOrderState state;

  if (sale->open_order_id == NULL)
    return TRUE;
  if (!k->open_order_state (a->tx, a->outlet_id, sale->open_order_id, &state, error))
    return FALSE;
  /* An order the server never heard of (another outlet's, or lost): the sale stands. */
  if (!state.known)
    return TRUE;
  if (!state.paid && !state.cancelled)
    return k->pay_open_order (a->tx, a->outlet_id, sale->open_order_id, sale->sale_id, a->terminal_id,
                              error);
  /* Paid already, or cancelled (a till offline paid it meanwhile): the sale stands beside
   * a conflict a manager settles like two payments of one order. */
  {
    g_autoptr(JsonNode) terminal = kasir_mutation_dup_payload (a->mutation);
    g_autoptr(JsonNode) server = kasir_apply_int_object ("paid_terminal_id", state.paid_terminal_id,
                                                        "paid_total", state.paid_total);

    json_object_set_string_member (json_node_get_object (server), "order_id", sale->open_order_id);
    if (state.cancelled)
      json_object_set_boolean_member (json_node_get_object (server), "cancelled", TRUE);
    return kasir_apply_conflict (a, KASIR_CONFLICT_ORDER_PAID_TWICE, KASIR_CONFLICT_OPEN, "sale",
                                 sale->sale_id, NULL, terminal, server, error);
  }
}
