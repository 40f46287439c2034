/* kasir-approval.h — a manager's approval, asked for in one way everywhere.
 *
 * Whatever needs a manager (a big discount, a price override, a refund above the limit
 * or of an old sale, a void, the preferences, removing the till's data, changing the
 * server, the manager's tools, a large pay-out) asks through kasir_approval_request_async(). It shows the
 * PIN prompt (KasirPinDialog: a cashier's PIN is refused, wrong PINs count towards the
 * approvers' per-person lockout) and answers the approver's staff id, which the caller
 * records on the mutation it writes. Who may approve is kasir-roles.h's answer: a
 * supervisor a discount, a price override or a void; only a manager the rest.
 *
 * An approval of the manager's tools (preferences, removing data, changing the server,
 * the tools menu) holds for a few minutes (the "approval.hold_seconds" setting, 180 by
 * default) while the same person stays signed in, so a manager going through the tools
 * types the PIN once. An approval of a sale or refund (discount, price override, refund,
 * void) is never held: each one asks, because each is recorded on its own mutation.
 *
 * A till without a database or without any active manager has nobody to ask: the
 * preferences, removing data and changing the server are then open (set-up must be able
 * to connect the till and pull its staff, or start afresh). Anything else still shows
 * the prompt, which says that nobody may approve yet; without a database it fails with
 * KASIR_APPROVAL_ERROR_NO_MANAGER.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kasir-roles.h"
#include "kasir-till-context.h"

G_BEGIN_DECLS

typedef enum
{
  KASIR_APPROVAL_DISCOUNT,       /* a discount above the allowed percentage */
  KASIR_APPROVAL_PRICE_OVERRIDE, /* a price other than the catalog's */
  KASIR_APPROVAL_REFUND,         /* a refund above the limit, or of an old sale */
  KASIR_APPROVAL_VOID,           /* voiding the last sale */
  KASIR_APPROVAL_PREFERENCES,    /* opening the preferences (tool) */
  KASIR_APPROVAL_REMOVE_DATA,    /* removing the till's data (tool) */
  KASIR_APPROVAL_CHANGE_SERVER,  /* connecting to another server (tool) */
  KASIR_APPROVAL_MANAGER_TOOLS,  /* conflicts, dashboard, stock, outbox transfer (tool) */
  KASIR_APPROVAL_PAY_OUT,        /* cash out of the drawer above the limit */
} KasirApprovalReason;

#define KASIR_APPROVAL_ERROR (kasir_approval_error_quark ())

typedef enum
{
  KASIR_APPROVAL_ERROR_NO_MANAGER, /* the till has no database, so nobody to approve it */
} KasirApprovalError;

GQuark   kasir_approval_error_quark     (void);

/* Whether an approval of @reason may be held for the manager's next tools. */
gboolean kasir_approval_reason_is_tool  (KasirApprovalReason   reason);
/* What kasir-roles.h calls @reason: who may approve it (a supervisor a discount, a price
 * or a void; a manager everything). */
KasirApproveKind kasir_approval_reason_kind (KasirApprovalReason reason);

/* Asks for a manager's approval of @reason. @detail (nullable) replaces the prompt's
 * standard text, e.g. "A 25 % discount needs a manager." @parent is the window the
 * prompt belongs to. The answer comes to @callback on the main context; a prompt
 * dismissed ends in G_IO_ERROR_CANCELLED. */
void     kasir_approval_request_async   (KasirTillContext     *context,
                                         GtkWindow            *parent,
                                         KasirApprovalReason   reason,
                                         const char           *detail,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
/* The approving manager's staff id (> 0); 0 for a tool opened on a till that has no
 * manager yet (see above); -1 with @error set when refused or cancelled. */
gint64   kasir_approval_request_finish  (GAsyncResult         *result,
                                         GError              **error);

G_END_DECLS
