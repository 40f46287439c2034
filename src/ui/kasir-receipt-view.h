/* kasir-receipt-view.h — a committed sale's receipt on screen.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kasir-models.h"
#include "kasir-receipt-printer.h"
#include "kasir-database.h"
#include "kasir-sync-service.h"

G_BEGIN_DECLS

#define KASIR_TYPE_RECEIPT_VIEW (kasir_receipt_view_get_type ())

G_DECLARE_FINAL_TYPE (KasirReceiptView, kasir_receipt_view, KASIR, RECEIPT_VIEW, GtkWidget)

GtkWidget       *kasir_receipt_view_new              (void);
/* Shows @sale (copied). @synced: whether the server already has it. */
void             kasir_receipt_view_set_sale         (KasirReceiptView *self,
                                                      const KasirSale  *sale,
                                                      gboolean          synced);
const KasirSale *kasir_receipt_view_get_sale         (KasirReceiptView *self);
/* The database the shop's receipt settings and the cashier's name are read from (may
 * be NULL: the till's own header and footer settings only). */
void             kasir_receipt_view_set_database     (KasirReceiptView *self,
                                                      KasirDatabase    *database);
/* Watches @service (may be NULL) for "sale-synced" of the shown receipt. */
void             kasir_receipt_view_set_sync_service (KasirReceiptView *self,
                                                      KasirSyncService *service);
gboolean         kasir_receipt_view_get_synced       (KasirReceiptView *self);
/* The receipt as shown. */
const char      *kasir_receipt_view_get_text         (KasirReceiptView *self);
/* Lays the shown receipt out for paper, with the header, footer and paper width from
 * the settings. NULL when no sale is shown. */
KasirReceiptPrinter *kasir_receipt_view_create_printer (KasirReceiptView *self);

G_END_DECLS
