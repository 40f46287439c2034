/* kasir-server-rules.h — who may make which change, free of any storage.
 *
 * The server trusts no till: every mutation names the staff member who made it (or, as a
 * manager, approved it), and the server checks that person against its own records of
 * the terminal's outlet before anything is applied. A backend looks the person up and
 * asks kasir_server_rules_check_actor(); a refusal becomes the mutation's "rejected"
 * result, never an error of the batch, so that no mutation can block a queue.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-roles.h"
#include "kasir-types.h"

G_BEGIN_DECLS

/* Who a change needs. The approvers are those kasir_role_may_approve() (kasir-roles.h)
 * allows for the kind named, the same table the till asks, so that a supervisor's rights
 * are the same on both sides: never a role's name compared here. */
typedef enum
{
  KASIR_SERVER_ROLE_NONE,             /* anyone may, or no one is named */
  KASIR_SERVER_ROLE_STAFF,            /* an active staff member of the terminal's outlet */
  KASIR_SERVER_ROLE_MANAGER,          /* one who may approve the manager's tools: catalog,
                                       * stock, conflicts, reports (KASIR_APPROVE_TOOLS) */
  KASIR_SERVER_ROLE_APPROVE_STAFF,    /* the staff list (KASIR_APPROVE_STAFF) */
  KASIR_SERVER_ROLE_APPROVE_REFUND,   /* money out: refunds and pay-outs (KASIR_APPROVE_REFUND) */
  KASIR_SERVER_ROLE_APPROVE_DISCOUNT, /* KASIR_APPROVE_DISCOUNT */
  KASIR_SERVER_ROLE_APPROVE_VOID,     /* KASIR_APPROVE_VOID */
} KasirServerRole;

/* What the server knows of the staff member a mutation names. */
typedef struct
{
  gboolean     found;
  gint64       outlet_id;
  const char  *role;      /* one of kasir_staff_roles */
  gboolean     active;
} KasirServerActor;

/* The role each mutation type needs: an approver of the manager's tools for the catalog,
 * stock and conflict resolution, of the staff list for staff.upsert, an active staff
 * member for everything else a till does. */
KasirServerRole kasir_server_rules_role_for (KasirMutationType type);

/* The approval @role stands for; FALSE for NONE and STAFF, which approve nothing. */
gboolean kasir_server_rules_approval_of (KasirServerRole   role,
                                         KasirApproveKind *kind);

/* TRUE when @actor may make a change that needs @role at a terminal of @outlet_id; else
 * FALSE with *reason set to the rejection reason ("unknown_staff: ..." or
 * "forbidden: ..."). The reason names the id only: never a name, and never whether the
 * id belongs to another outlet. */
gboolean kasir_server_rules_check_actor (const KasirServerActor  *actor,
                                         gint64                   staff_id,
                                         KasirServerRole          role,
                                         gint64                   outlet_id,
                                         char                   **reason);

G_END_DECLS
