/* kasir-server-apply-shift.c — shift.open and shift.close. A shift id is the till's;
 * opening it again changes nothing, and the first close stands.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-apply.h"

gboolean
kasir_apply_shift_open (KasirApply  *a,
                        GError     **error)
{
  const KasirServerTxClass *k = a->tx->klass;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirShiftEvent) ev = kasir_protocol_decode_shift_open (a->mutation->payload, &local_error);
  KasirServerShift shift = { 0 };
  gboolean allowed;

  if (ev == NULL)
    {
      kasir_apply_reject (a, "invalid shift.open: %s", local_error->message);
      return TRUE;
    }
  if (!kasir_apply_check_actor (a, ev->staff_id, &allowed, error))
    return FALSE;
  if (!allowed)
    return TRUE;
  if (!k->load_shift (a->tx, ev->shift_id, &shift, error))
    return FALSE;
  if (shift.found)
    {
      if (shift.outlet_id != a->outlet_id)
        kasir_apply_reject (a, "invalid shift.open: shift id %s is already in use", ev->shift_id);
      return TRUE;
    }
  return k->insert_shift (a->tx, ev->shift_id, a->outlet_id, a->terminal_id, ev->staff_id, ev->at,
                          ev->opening_float, NULL, error)
         && k->log_change (a->tx, "shift", ev->shift_id, a->outlet_id, FALSE, error);
}

static char *
payments_text (GPtrArray *payments)
{
  JsonArray *arr = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; payments != NULL && i < payments->len; i++)
    {
      const KasirPayment *p = g_ptr_array_index (payments, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "method", kasir_payment_method_to_string (p->method));
      json_object_set_int_member (o, "amount", p->amount);
      json_array_add_object_element (arr, o);
    }
  json_node_take_array (node, arr);
  return kasir_protocol_to_string (node, NULL);
}

gboolean
kasir_apply_shift_close (KasirApply  *a,
                         GError     **error)
{
  const KasirServerTxClass *k = a->tx->klass;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirShiftEvent) ev = kasir_protocol_decode_shift_close (a->mutation->payload, &local_error);
  g_autofree char *counted = NULL;
  g_autofree char *expected = NULL;
  KasirServerShift shift = { 0 };
  gint64 cash = 0;
  gboolean allowed;

  if (ev == NULL)
    {
      kasir_apply_reject (a, "invalid shift.close: %s", local_error->message);
      return TRUE;
    }
  if (!kasir_apply_check_actor (a, ev->staff_id, &allowed, error))
    return FALSE;
  if (!allowed)
    return TRUE;
  if (!k->load_shift (a->tx, ev->shift_id, &shift, error))
    return FALSE;
  if (!shift.found || shift.outlet_id != a->outlet_id)
    {
      kasir_apply_reject (a, "unknown_shift: no shift %s", ev->shift_id);
      return TRUE;
    }
  if (shift.closed)
    {
      /* Closing twice changes nothing; the first close stands. */
      a->result->reason = g_strdup ("already closed");
      return TRUE;
    }
  for (guint i = 0; ev->counted != NULL && i < ev->counted->len; i++)
    {
      const KasirPayment *p = g_ptr_array_index (ev->counted, i);
      if (p->method == KASIR_PAYMENT_CASH)
        cash += p->amount;
    }
  counted = payments_text (ev->counted);
  expected = payments_text (ev->expected);
  return k->close_shift (a->tx, ev->shift_id, ev->at, cash, counted, expected, error)
         && k->log_change (a->tx, "shift", ev->shift_id, a->outlet_id, FALSE, error);
}
