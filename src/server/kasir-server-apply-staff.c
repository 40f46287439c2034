/* kasir-server-apply-staff.c — staff.upsert: a manager at a till adds a staff member or
 * changes one (name, role, active, PIN). Only the PIN's Argon2id hash travels. The
 * manager who approved it, named on the mutation, must be an active manager of the
 * terminal's outlet (a cashier's or a supervisor's approval is rejected), and a changed
 * staff member must be of that outlet too. The new version goes out to every till of
 * the outlet with the next pull; a reset PIN's old hash stops working there with it.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-apply.h"

gboolean
kasir_apply_staff_upsert (KasirApply  *a,
                          GError     **error)
{
  const KasirServerTxClass *k = a->tx->klass;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirStaffUpsert) u = kasir_protocol_decode_staff_upsert (a->mutation->payload,
                                                                       &local_error);
  g_auto(KasirServerStaff) target = { 0 };
  g_autofree char *detail = NULL;
  char idbuf[32];
  gboolean allowed;
  gint64 id;

  if (u == NULL)
    {
      kasir_apply_reject (a, "invalid staff.upsert: %s", local_error->message);
      return TRUE;
    }
  if (!kasir_apply_check_staff (a, u->approved_by, KASIR_SERVER_ROLE_APPROVE_STAFF, &allowed, error))
    return FALSE;
  if (!allowed)
    return TRUE;

  if (u->entity_id == 0)
    {
      KasirServerNewStaff s = {
        .outlet_id = a->outlet_id, .name = u->name, .role = u->role, .pin_hash = u->pin_hash,
      };

      if (!k->insert_staff (a->tx, &s, &id, error))
        return FALSE;
      if (!u->active && !k->update_staff_row (a->tx, id, u, error))
        return FALSE;
    }
  else
    {
      id = u->entity_id;
      if (!k->load_staff (a->tx, id, &target, error))
        return FALSE;
      /* Another outlet's staff member is not told apart from an unknown one. */
      if (!target.found || target.outlet_id != a->outlet_id)
        {
          kasir_apply_reject (a, "unknown_staff: no staff member %" G_GINT64_FORMAT, id);
          return TRUE;
        }
      if (!k->update_staff_row (a->tx, id, u, error))
        return FALSE;
    }

  g_snprintf (idbuf, sizeof idbuf, "%" G_GINT64_FORMAT, id);
  /* The audit names ids and what changed, never a PIN or its hash. */
  detail = g_strdup_printf ("staff %s %s by %" G_GINT64_FORMAT "%s%s", idbuf,
                            u->entity_id == 0 ? "added" : "changed", u->approved_by,
                            u->pin_hash != NULL ? " pin" : "", u->active ? "" : " inactive");
  return k->log_change (a->tx, "staff", idbuf, a->outlet_id, FALSE, error)
         && k->audit (a->tx, "push", "staff.upsert", detail, error);
}
