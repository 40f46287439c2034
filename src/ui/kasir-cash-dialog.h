/* kasir-cash-dialog.h — a pay-in or pay-out of the drawer during the open shift.
 *
 * The cashier picks in or out, the reason (petty cash, change float, or another with a
 * note) and the amount, and sees the cash the drawer should hold. A pay-out above the
 * shop's limit (the "shift.payout_approval_above_minor" setting) asks for a manager's
 * approval first, recorded on the shift.cash mutation. With no shift open the dialog
 * says so and records nothing.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-shift-cash-repository.h"
#include "kasir-till-dialog.h"

G_BEGIN_DECLS

#define KASIR_TYPE_CASH_DIALOG (kasir_cash_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KasirCashDialog, kasir_cash_dialog, KASIR, CASH_DIALOG, KasirTillDialog)

/* "recorded" (const char *cash_id) is emitted once the movement and its mutation are on
 * disk; the dialog then closes. */
KasirCashDialog *kasir_cash_dialog_new         (GtkWindow          *parent,
                                                KasirTillContext   *context);
/* The form as typed, for the keyboard and for tests. */
void             kasir_cash_dialog_set_entry   (KasirCashDialog    *self,
                                                KasirCashDirection  direction,
                                                KasirCashReason     reason,
                                                const char         *amount_text,
                                                const char         *note);
/* Records what the form says (asking a manager first when needed), as the Record button
 * does. */
void             kasir_cash_dialog_submit      (KasirCashDialog    *self);
/* The message shown at the form (NULL: none). */
const char      *kasir_cash_dialog_get_message (KasirCashDialog    *self);

G_END_DECLS
