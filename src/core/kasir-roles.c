/* kasir-roles.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kasir-roles.h"

const char * const kasir_staff_roles[] = { "cashier", "supervisor", "manager", NULL };

gboolean
kasir_role_is_known (const char *role)
{
  for (guint i = 0; kasir_staff_roles[i] != NULL; i++)
    if (g_strcmp0 (role, kasir_staff_roles[i]) == 0)
      return TRUE;
  return FALSE;
}

gboolean
kasir_role_may_approve (const char       *role,
                        KasirApproveKind  kind)
{
  if (g_strcmp0 (role, "manager") == 0)
    return TRUE;
  if (g_strcmp0 (role, "supervisor") == 0)
    return kind == KASIR_APPROVE_DISCOUNT || kind == KASIR_APPROVE_VOID;
  return FALSE;
}
