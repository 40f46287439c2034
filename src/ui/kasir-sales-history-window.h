/* kasir-sales-history-window.h — this till's sales, for cashiers and managers.
 *
 * Newest first in a GtkColumnView (time, receipt number, cashier, customer, total,
 * payment methods, sync state) over a model that pages from the database, so 100,000
 * sales scroll like 100. The search field takes a receipt number typed or scanned from
 * the receipt (Enter opens the first match). Opening a sale shows its receipt; Reprint
 * shows it marked "COPY / SALINAN" and records who reprinted it; Refund opens the refund
 * dialog for it.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-history-filter-bar.h"
#include "kasir-refund-dialog.h"
#include "kasir-sales-history-model.h"
#include "kasir-till-dialog.h"

G_BEGIN_DECLS

#define KASIR_TYPE_SALES_HISTORY_WINDOW (kasir_sales_history_window_get_type ())

G_DECLARE_FINAL_TYPE (KasirSalesHistoryWindow, kasir_sales_history_window, KASIR, SALES_HISTORY_WINDOW,
                      KasirTillDialog)

KasirSalesHistoryWindow *kasir_sales_history_window_new        (GtkWindow               *parent,
                                                                KasirTillContext        *context);
KasirSalesHistoryModel  *kasir_sales_history_window_get_model  (KasirSalesHistoryWindow *self);
/* As typing or scanning into the search field does. */
void                     kasir_sales_history_window_search     (KasirSalesHistoryWindow *self,
                                                                const char              *text);
/* As Enter in the search field does when no sale of this till has the receipt number
 * typed: looks for it among the outlet's sales on the server when the till is online (see
 * kasir_sales_history_window_get_looking_up()), or says that only this till's sales are
 * available. FALSE when no look-up was started. */
gboolean                 kasir_sales_history_window_look_up    (KasirSalesHistoryWindow *self);
gboolean                 kasir_sales_history_window_get_looking_up (KasirSalesHistoryWindow *self);
/* As the Refund button does: the refund dialog for the sale shown (this till's, or
 * another till's found on the server), presented; NULL when there is none, or when another
 * till's sale, given back once already, is being looked up again first. */
KasirRefundDialog       *kasir_sales_history_window_start_refund (KasirSalesHistoryWindow *self);
/* Selects row @position and shows its receipt; FALSE when there is no such row. */
gboolean                 kasir_sales_history_window_open       (KasirSalesHistoryWindow *self,
                                                                guint                    position);
/* Reprints the selected sale's receipt as a copy and records it; FALSE with @error. */
gboolean                 kasir_sales_history_window_reprint    (KasirSalesHistoryWindow *self,
                                                                GError                 **error);
/* Prints the receipt shown (a refund's just after it was made), with the print dialog,
 * or to @pdf_path (nullable) as PDF without one. */
gboolean                 kasir_sales_history_window_print      (KasirSalesHistoryWindow  *self,
                                                                const char               *pdf_path,
                                                                GError                  **error);
/* The date range, cashier, customer and payment filters above the list. */
KasirHistoryFilterBar   *kasir_sales_history_window_get_filter_bar (KasirSalesHistoryWindow *self);
/* The receipt text shown, or NULL. */
const char              *kasir_sales_history_window_get_receipt_text (KasirSalesHistoryWindow *self);
/* The note under the list ("no sale with this number on this till …"), or NULL. */
const char              *kasir_sales_history_window_get_note   (KasirSalesHistoryWindow *self);

G_END_DECLS
