/* kasir-tender.h — what a cashier is offered and asked when taking cash.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kasir-money.h"

G_BEGIN_DECLS

/* The most round-up amounts offered for one amount due. */
#define KASIR_TENDER_MAX_SUGGESTIONS 3

/* Default bound: a tender above both FACTOR × the total and FLOOR (in rupiah) is asked
 * about before it is taken. Both are settings of the till. */
#define KASIR_TENDER_DEFAULT_FACTOR 10
#define KASIR_TENDER_DEFAULT_FLOOR_IDR G_GINT64_CONSTANT (10000000)

/* Fills @out with up to KASIR_TENDER_MAX_SUGGESTIONS cash amounts above @due, smallest
 * first, rounded up to notes a customer hands over (Rp 137.500 → 140.000, 150.000,
 * 200.000). Returns how many; none for @due <= 0. */
guint    kasir_tender_suggest_cash (KasirMoney           due,
                                    const KasirCurrency *currency,
                                    KasirMoney           out[KASIR_TENDER_MAX_SUGGESTIONS]);

/* Whether @amount tendered against @total is so large it must be confirmed: above
 * @factor × @total and above @floor (both must hold). A @factor of 0 turns the check
 * off. */
gboolean kasir_tender_needs_confirmation (KasirMoney amount,
                                          KasirMoney total,
                                          guint      factor,
                                          KasirMoney floor);

G_END_DECLS
