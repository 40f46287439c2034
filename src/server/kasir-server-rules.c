/* kasir-server-rules.c — who may make which change; see kasir-server-rules.h.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kasir-server-rules.h"

KasirServerRole
kasir_server_rules_role_for (KasirMutationType type)
{
  switch (type)
    {
    case KASIR_MUTATION_PRODUCT_UPDATE:
    case KASIR_MUTATION_STOCK_ADJUST:
    case KASIR_MUTATION_CONFLICT_RESOLVE:
    case KASIR_MUTATION_CATEGORY_UPSERT:
    case KASIR_MUTATION_PRODUCT_CREATE:
    case KASIR_MUTATION_PRODUCT_MODIFIERS:
      return KASIR_SERVER_ROLE_MANAGER;
    case KASIR_MUTATION_STAFF_UPSERT:
      return KASIR_SERVER_ROLE_APPROVE_STAFF;
    case KASIR_MUTATION_SALE_CREATE:
    case KASIR_MUTATION_SALE_REFUND:
    case KASIR_MUTATION_SHIFT_OPEN:
    case KASIR_MUTATION_SHIFT_CLOSE:
    case KASIR_MUTATION_SHIFT_CASH:
    case KASIR_MUTATION_CUSTOMER_UPSERT:
    case KASIR_MUTATION_ORDER_OPEN:
    case KASIR_MUTATION_ORDER_ADD:
    case KASIR_MUTATION_ORDER_CANCEL:
      return KASIR_SERVER_ROLE_STAFF;
    default:
      /* A type this server does not know is rejected before anyone is asked. */
      return KASIR_SERVER_ROLE_MANAGER;
    }
}

gboolean
kasir_server_rules_approval_of (KasirServerRole   role,
                                KasirApproveKind *kind)
{
  switch (role)
    {
    case KASIR_SERVER_ROLE_MANAGER:
      *kind = KASIR_APPROVE_TOOLS;
      return TRUE;
    case KASIR_SERVER_ROLE_APPROVE_STAFF:
      *kind = KASIR_APPROVE_STAFF;
      return TRUE;
    case KASIR_SERVER_ROLE_APPROVE_REFUND:
      *kind = KASIR_APPROVE_REFUND;
      return TRUE;
    case KASIR_SERVER_ROLE_APPROVE_DISCOUNT:
      *kind = KASIR_APPROVE_DISCOUNT;
      return TRUE;
    case KASIR_SERVER_ROLE_APPROVE_VOID:
      *kind = KASIR_APPROVE_VOID;
      return TRUE;
    case KASIR_SERVER_ROLE_NONE:
    case KASIR_SERVER_ROLE_STAFF:
    default:
      return FALSE;
    }
}

gboolean
kasir_server_rules_check_actor (const KasirServerActor  *actor,
                                gint64                   staff_id,
                                KasirServerRole          role,
                                gint64                   outlet_id,
                                char                   **reason)
{
  KasirApproveKind kind;

  g_return_val_if_fail (actor != NULL, FALSE);
  g_return_val_if_fail (reason != NULL && *reason == NULL, FALSE);

  if (role == KASIR_SERVER_ROLE_NONE)
    return TRUE;
  /* Another outlet's staff member reads exactly like an unknown one: the answer must not
   * tell a till which ids exist elsewhere. */
  if (!actor->found || actor->outlet_id != outlet_id || !actor->active)
    {
      *reason = g_strdup_printf ("unknown_staff: staff %" G_GINT64_FORMAT
                                 " is not an active staff member of this outlet", staff_id);
      return FALSE;
    }
  if (kasir_server_rules_approval_of (role, &kind) && !kasir_role_may_approve (actor->role, kind))
    {
      *reason = g_strdup_printf ("forbidden: staff %" G_GINT64_FORMAT
                                 " may not approve this change (%s)", staff_id,
                                 kind == KASIR_APPROVE_TOOLS ? "it needs a manager"
                                 : kind == KASIR_APPROVE_STAFF ? "the staff list needs a manager"
                                 : kind == KASIR_APPROVE_REFUND ? "money out needs a manager"
                                 : "it needs a supervisor or a manager");
      return FALSE;
    }
  return TRUE;
}
