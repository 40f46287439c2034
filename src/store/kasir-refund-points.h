/* kasir-refund-points.h — the points of a member's sale that a refund moves, as this
 * till knows them (refpoints). Inside the refund's own transaction: the refund takes back
 * the refunded share of the points the sale earned, and money going back "as points"
 * gives back points the sale was paid with (kasir-loyalty.h has the rule). The member's
 * balance on the till follows at once, never below zero; the server applies the same
 * rule to its own figures, which the next pull brings.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-database.h"
#include "kasir-models.h"
#include "kasir-protocol.h"

G_BEGIN_DECLS

/* The money of @sale paid by points that no refund gave back as points yet (0 for a
 * sale without a member or without points). */
gboolean kasir_refund_points_left  (KasirDatabase      *db,
                                    const KasirSale    *sale,
                                    KasirMoney         *out,
                                    GError            **error);

/* Checks @refund's "points" payments against @sale (a member's sale paid with points,
 * no more than what paid by points and is not given back yet: KASIR_INPUT_ERROR with a
 * message otherwise) and moves the member's points. @refunded_before is the money
 * earlier refunds of @sale gave back. Runs inside the caller's transaction, before
 * @refund's rows are written. */
gboolean kasir_refund_points_apply (KasirDatabase      *db,
                                    const KasirSale    *sale,
                                    const KasirRefund  *refund,
                                    KasirMoney          refunded_before,
                                    GError            **error);

G_END_DECLS
