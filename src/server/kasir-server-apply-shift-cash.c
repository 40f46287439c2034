/* kasir-server-apply-shift-cash.c — shift.cash: money put into or taken out of a till's
 * drawer during an open shift of this outlet (a pay-in or a pay-out), not a sale.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-apply.h"
#include "kasir-setting-keys.h"

/* Without the outlet's setting every pay-out needs a manager, as on the till. */
#define DEFAULT_PAYOUT_APPROVAL_ABOVE 0

gboolean
kasir_apply_shift_cash (KasirApply  *a,
                        GError     **error)
{
  const KasirServerTxClass *k = a->tx->klass;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirShiftCash) cash = kasir_protocol_decode_shift_cash (a->mutation->payload,
                                                                     &local_error);
  KasirServerShift shift = { 0 };
  gint64 limit = DEFAULT_PAYOUT_APPROVAL_ABOVE;
  gboolean allowed;

  if (cash == NULL)
    {
      kasir_apply_reject (a, "invalid shift.cash: %s", local_error->message);
      return TRUE;
    }
  if (!kasir_apply_check_actor (a, cash->staff_id, &allowed, error))
    return FALSE;
  if (!allowed)
    return TRUE;
  /* The one the till says approved a pay-out must be an active staff member of this
   * outlet whom kasir-roles.h lets approve money out (as a refund). */
  if (cash->approved_by > 0 &&
      !kasir_apply_check_staff (a, cash->approved_by, KASIR_SERVER_ROLE_APPROVE_REFUND, &allowed,
                               error))
    return FALSE;
  if (!allowed)
    return TRUE;
  /* payout: above the outlet's limit (a negative limit: none) a pay-out needs a
   * manager's approval; a till that skipped it is refused, whatever it believed the
   * limit to be. */
  if (g_strcmp0 (cash->direction, "out") == 0 && cash->approved_by <= 0)
    {
      if (!k->outlet_setting_int (a->tx, KASIR_SETTING_PAYOUT_APPROVAL_ABOVE, DEFAULT_PAYOUT_APPROVAL_ABOVE,
                                  &limit, error))
        return FALSE;
      if (limit >= 0 && cash->amount > limit)
        {
          kasir_apply_reject (a, "approval_required: a pay-out of %" G_GINT64_FORMAT " is above the outlet's "
                              "limit of %" G_GINT64_FORMAT " and names no manager who approved it",
                              cash->amount, limit);
          return TRUE;
        }
    }
  if (!k->load_shift (a->tx, cash->shift_id, &shift, error))
    return FALSE;
  if (!shift.found || shift.outlet_id != a->outlet_id)
    {
      kasir_apply_reject (a, "unknown_shift: no shift %s", cash->shift_id);
      return TRUE;
    }
  /* A closed shift's drawer was counted: money moved after that belongs to no count. */
  if (shift.closed)
    {
      kasir_apply_reject (a, "shift_closed: shift %s is closed", cash->shift_id);
      return TRUE;
    }
  return k->insert_shift_cash (a->tx, cash, a->outlet_id, a->terminal_id, a->mutation->seq,
                               error);
}
