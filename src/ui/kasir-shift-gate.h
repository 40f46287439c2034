/* kasir-shift-gate.h — selling needs an open shift, unless the shop says otherwise.
 *
 * Every sale belongs to a shift, so that its money is counted in a drawer. With the
 * shop-wide setting "shift.required_for_sale" on (the default), a sale cannot start
 * paying while no shift is open on this till: the cashier is asked to open one, and the
 * answer opens the shift dialog (the window's till.shift). A shop that does not work in
 * shifts turns the setting off (0).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kasir-till-context.h"

G_BEGIN_DECLS

/* Whether the shop requires an open shift to sell (the setting, default TRUE). */
gboolean kasir_shift_gate_required (KasirTillContext *context);

/* TRUE when selling may go on: a shift is open on this till (the context then knows
 * it), or none is required. Otherwise shows the question over @widget's window and
 * returns FALSE. */
gboolean kasir_shift_gate_check    (KasirTillContext *context,
                                    GtkWidget        *widget);

G_END_DECLS
