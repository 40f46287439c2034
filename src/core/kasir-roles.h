/* kasir-roles.h — the staff roles and what each may approve, in one place.
 *
 * A cashier sells. A supervisor (PIN of 6+ digits, like a manager) may also approve
 * what happens at the counter: a discount over the cashier's limit and a void. A manager
 * may approve everything, and only a manager may approve refunds, the staff list (adding
 * staff, PINs, deactivating) and the manager's tools (catalog, stock, preferences,
 * conflicts, reports). The till asks this table before it accepts an approval, and the
 * server asks it again for what it is sent.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  KASIR_APPROVE_DISCOUNT,   /* a discount or price override over the cashier's limit */
  KASIR_APPROVE_VOID,       /* voiding a sale or a line */
  KASIR_APPROVE_REFUND,
  KASIR_APPROVE_STAFF,      /* adding staff, setting PINs, deactivating */
  KASIR_APPROVE_TOOLS,      /* catalog, stock, preferences, conflicts, reports */
} KasirApproveKind;

/* The roles a staff member may have, NULL-terminated: "cashier", "supervisor",
 * "manager". */
extern const char * const kasir_staff_roles[];

/* TRUE for one of kasir_staff_roles. */
gboolean kasir_role_is_known   (const char       *role);
/* TRUE when a staff member of @role may approve @kind. */
gboolean kasir_role_may_approve (const char       *role,
                                 KasirApproveKind  kind);

G_END_DECLS
