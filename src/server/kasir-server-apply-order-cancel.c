/* kasir-server-apply-order-cancel.c — order.cancel: an open order cancelled before it was
 * paid, with a manager's approval. The order leaves every till's listing (it stays a day
 * as 'cancelled', so the till that sent it learns it); an order already paid cannot be
 * cancelled, and an order.add or a sale naming a cancelled order is refused or kept
 * beside a conflict (kasir-server-apply-order.c).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-apply.h"

gboolean
kasir_apply_order_cancel (KasirApply  *a,
                          GError     **error)
{
  const KasirServerTxClass *k = a->tx->klass;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirOrderCancel) cancel = kasir_protocol_decode_order_cancel (a->mutation->payload,
                                                                          &local_error);
  KasirServerOrderState state;
  gboolean allowed;

  if (cancel == NULL)
    {
      kasir_apply_reject (a, "invalid order: %s", local_error->message);
      return TRUE;
    }
  if (!kasir_apply_check_actor (a, cancel->staff_id, &allowed, error))
    return FALSE;
  if (!allowed)
    return TRUE;
  /* Cancelling what the kitchen was asked to make takes a manager, as a void does. */
  if (!kasir_apply_check_staff (a, cancel->approved_by, KASIR_SERVER_ROLE_APPROVE_VOID, &allowed,
                                error))
    return FALSE;
  if (!allowed)
    return TRUE;
  if (!k->open_order_state (a->tx, a->outlet_id, cancel->order_id, &state, error))
    return FALSE;
  if (!state.known)
    {
      kasir_apply_reject (a, "unknown_order: no open order %s", cancel->order_id);
      return TRUE;
    }
  if (state.paid)
    {
      kasir_apply_reject (a, "order_paid: order %s is paid already and cannot be cancelled",
                          cancel->order_id);
      return TRUE;
    }
  /* Two tills cancelling one order: the second changes nothing. */
  if (state.cancelled)
    return TRUE;
  return k->cancel_open_order (a->tx, a->outlet_id, cancel, error);
}
