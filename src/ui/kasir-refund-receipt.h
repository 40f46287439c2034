/* kasir-refund-receipt.h — the receipt of a refund, for the customer and the drawer.
 *
 * Laid out like a sale's receipt (kasir-receipt-printer.h) and printed the same way: a
 * "REFUND / RETUR" heading, the sale it gives back from, the lines given back (and which
 * were written off as damaged), the total and how the money went back, and the reason.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-protocol.h"
#include "kasir-receipt-printer.h"

G_BEGIN_DECLS

/* The refund @refund of @sale as lines of at most @columns characters. */
char                *kasir_refund_receipt_build_text  (const KasirSale           *sale,
                                                       const KasirRefund         *refund,
                                                       const KasirReceiptOptions *options,
                                                       guint                      columns);
/* A printer of that receipt, with the sale's receipt number as its barcode. */
KasirReceiptPrinter *kasir_refund_receipt_new_printer (const KasirSale           *sale,
                                                       const KasirRefund         *refund,
                                                       const KasirReceiptOptions *options,
                                                       KasirReceiptWidth          width);

G_END_DECLS
