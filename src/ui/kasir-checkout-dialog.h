/* kasir-checkout-dialog.h — taking payment for the cart and committing the sale.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-cart.h"
#include "kasir-database.h"
#include "kasir-sync-service.h"
#include "kasir-receipt-view.h"
#include "kasir-till-context.h"

G_BEGIN_DECLS

#define KASIR_TYPE_CHECKOUT_DIALOG (kasir_checkout_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KasirCheckoutDialog, kasir_checkout_dialog, KASIR, CHECKOUT_DIALOG, AdwWindow)

/* A modal dialog over @parent for paying @cart (copied; it must be computed and not
 * empty). The sale is committed through @context's sales repository, records its
 * signed-in staff and open shift, and its sync service (if any) is told about the new
 * outbox row. */
KasirCheckoutDialog *kasir_checkout_dialog_new              (GtkWindow          *parent,
                                                             const KasirCart    *cart,
                                                             KasirTillContext   *context);

/* Adds a payment as the cashier would. Refused with a message shown in the dialog: a
 * non-positive amount, or a card, e-wallet or other payment larger than what is left to
 * pay (only cash can be over-tendered, since only cash gives change). */
gboolean             kasir_checkout_dialog_add_payment      (KasirCheckoutDialog *self,
                                                             KasirPaymentMethod   method,
                                                             KasirMoney           amount,
                                                             GError             **error);
void                 kasir_checkout_dialog_remove_payment   (KasirCheckoutDialog *self,
                                                             guint                index);
/* What is still to pay (0 when covered) and the change due so far. */
KasirMoney           kasir_checkout_dialog_get_remaining    (KasirCheckoutDialog *self);
KasirMoney           kasir_checkout_dialog_get_change       (KasirCheckoutDialog *self);
/* Commits the sale. Refused with a message when the payments do not cover the total.
 * On success the dialog shows the receipt and emits ::sale-committed. */
gboolean             kasir_checkout_dialog_commit           (KasirCheckoutDialog *self,
                                                             GError             **error);
/* The committed sale, or NULL before commit. */
/* A barcode was scanned while the dialog takes payment: nothing is added to the tender
 * and the cashier is told to finish the payment first. */
void                 kasir_checkout_dialog_refuse_scan      (KasirCheckoutDialog *self,
                                                             const char          *code);
/* Chooses the method the amount field pays with, as its button does: card and e-wallet
 * fill in exactly what is left. */
void                 kasir_checkout_dialog_set_method       (KasirCheckoutDialog *self,
                                                             KasirPaymentMethod   method);
/* The question asked about a tender far above the total, while it is open. */
AdwMessageDialog    *kasir_checkout_dialog_get_confirmation (KasirCheckoutDialog *self);
const KasirSale     *kasir_checkout_dialog_get_sale         (KasirCheckoutDialog *self);
/* The message the dialog shows for the last refused step, or NULL. */
const char          *kasir_checkout_dialog_get_message      (KasirCheckoutDialog *self);
KasirReceiptView    *kasir_checkout_dialog_get_receipt_view (KasirCheckoutDialog *self);

G_END_DECLS
