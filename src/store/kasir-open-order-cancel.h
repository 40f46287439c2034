/* kasir-open-order-cancel.h — cancelling an open order at the till, with a manager's
 * approval and a reason.
 *
 * This till's own orders are cancelled online or offline; another till's only online
 * (only the server knows whether it was paid meanwhile). The order is marked cancelled
 * (it leaves the list and cannot be paid or sent to again here) and its `order.cancel`
 * outbox row is written in one transaction. A paid order cannot be cancelled.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-open-order-repository.h"

G_BEGIN_DECLS

/* Cancels open order @order_id for @reason (one line, 1 to KASIR_ORDER_CANCEL_REASON_MAX
 * characters), by @staff_id (0: nobody signed in) with manager @approved_by's approval.
 * Returns the order as it was (its "sent" is what a VOID kitchen ticket lists), or NULL
 * with an error and nothing changed: no such order, paid or cancelled already, another
 * till's order while @online is FALSE, no approver, or a reason missing or too long. */
KasirOpenOrder *kasir_open_order_cancel (KasirDatabase  *db,
                                         const char     *order_id,
                                         const char     *reason,
                                         gint64          staff_id,
                                         gint64          approved_by,
                                         gboolean        online,
                                         GError        **error);

G_END_DECLS
