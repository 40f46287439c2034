/* kasir-sales-history-model.h — the sales history as a list model that pages.
 *
 * A GListModel of KasirSaleRow over this till's sales, newest first, that reads the
 * rows of a page (100) from the database only when a view asks for one of them and
 * keeps a bounded number of pages; a page is read on from the page before it when that
 * one is kept. Changing the filter (the receipt number typed or scanned) reads the top
 * pages again into the top rows' objects (a KasirSaleRow's properties tell a bound label
 * what changed) and tells the view only about the rows after them. The list then holds
 * the rows kept in place, or a screenful (25) of those read, and grows to the rest a few
 * rows at a time below redrawing; when the rows read do not reach its end, the sales
 * are counted on a worker thread and the list grows to the count when it comes.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-database.h"
#include "kasir-sales-history.h"

G_BEGIN_DECLS

#define KASIR_TYPE_SALE_ROW (kasir_sale_row_get_type ())

G_DECLARE_FINAL_TYPE (KasirSaleRow, kasir_sale_row, KASIR, SALE_ROW, GObject)

const KasirSaleSummary *kasir_sale_row_get_summary (KasirSaleRow *self);

#define KASIR_TYPE_SALES_HISTORY_MODEL (kasir_sales_history_model_get_type ())

G_DECLARE_FINAL_TYPE (KasirSalesHistoryModel, kasir_sales_history_model, KASIR, SALES_HISTORY_MODEL, GObject)

KasirSalesHistoryModel *kasir_sales_history_model_new         (KasirDatabase          *db);
/* @receipt: a receipt number, its start, its number, or the digits of its scanned
 * barcode; NULL or "" for all sales. */
void                    kasir_sales_history_model_set_receipt (KasirSalesHistoryModel *self,
                                                               const char             *receipt);
/* The other filters, read by the repository's query with the receipt: sales made from
 * @from (inclusive) until @until (exclusive), RFC 3339 or NULL for open; by @staff_id, of
 * @customer_id (0: anyone; -1: nobody), paid (at least partly) by @method (-1: any way). */
void                    kasir_sales_history_model_set_filters (KasirSalesHistoryModel *self,
                                                               const char             *from,
                                                               const char             *until,
                                                               gint64                  staff_id,
                                                               gint64                  customer_id,
                                                               int                     method);
/* Reads the top pages and the count again (after a refund or a sync); every page is read
 * afresh. */
void                    kasir_sales_history_model_reload      (KasirSalesHistoryModel *self);
/* TRUE while the sales are being counted or the list is still growing to them: it holds
 * some of the rows and grows to the count. */
gboolean                kasir_sales_history_model_is_counting (KasirSalesHistoryModel *self);

G_END_DECLS
