/* kasir-refund-dialog.h — giving back goods of one of this till's sales, offline.
 *
 * One row per sale line: how many to give back (never more than sold minus what earlier
 * refunds gave back), and whether the goods are damaged (written off instead of going
 * back into stock); a reason. The money goes back by the sale's method, or in cash, or
 * split between ways of paying as the cashier types it (adding up to the total). A
 * manager approves (kasir-approval.h) a refund above the "refund.approval_above_minor"
 * setting or of a sale older than "refund.approval_after_days"; the approving manager is
 * recorded on the sale.refund mutation. The refund is committed in one transaction with
 * its outbox row (KasirRefundRepository); "refunded" is emitted with it.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-models.h"
#include "kasir-till-dialog.h"

G_BEGIN_DECLS

#define KASIR_TYPE_REFUND_DIALOG (kasir_refund_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KasirRefundDialog, kasir_refund_dialog, KASIR, REFUND_DIALOG, KasirTillDialog)

/* @sale is copied. */
KasirRefundDialog *kasir_refund_dialog_new          (GtkWindow         *parent,
                                                     KasirTillContext  *context,
                                                     const KasirSale   *sale);
/* For tests and the keyboard: the quantity to give back of line @line_no (1 = first). */
/* For a sale made on another till, found on the server: @returned_qty and
 * @returned_amount (gint64 per line) are what refunds from any till gave back of it. */
KasirRefundDialog *kasir_refund_dialog_new_elsewhere (GtkWindow        *parent,
                                                      KasirTillContext *context,
                                                      const KasirSale  *sale,
                                                      GArray           *returned_qty,
                                                      GArray           *returned_amount);
void               kasir_refund_dialog_set_quantity (KasirRefundDialog *self,
                                                     guint              line_no,
                                                     gint64             qty,
                                                     gboolean           write_off);
/* For tests and the keyboard: the money to give back by @method, as typed ("" for none).
 * Left empty for every method, the money goes back by the sale's own way. */
void               kasir_refund_dialog_set_method_amount (KasirRefundDialog  *self,
                                                          KasirPaymentMethod  method,
                                                          const char         *text);
/* Starts the refund, as the Refund button does. */
void               kasir_refund_dialog_confirm      (KasirRefundDialog *self);
/* The message shown for the last problem, or NULL. */
const char        *kasir_refund_dialog_get_problem  (KasirRefundDialog *self);

G_END_DECLS
