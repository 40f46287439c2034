/* kasir-report-window.h — sales reports of this till, for a day or a range of days.
 *
 * Totals (sales, gross, discounts, net, tax, average basket), net by payment method, the
 * top 20 products by revenue and by quantity, net by cashier, and a chart by hour. A
 * manager's view covers every sale of the till; otherwise only the sales of the shift
 * open in the till's context. Exports as CSV and as an A4 PDF.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-till-dialog.h"
#include "kasir-report-repository.h"

G_BEGIN_DECLS

#define KASIR_TYPE_REPORT_WINDOW (kasir_report_window_get_type ())

G_DECLARE_FINAL_TYPE (KasirReportWindow, kasir_report_window, KASIR, REPORT_WINDOW, KasirTillDialog)

/* @manager_view: every sale (a manager's PIN was given, or a manager is signed in). */
KasirReportWindow *kasir_report_window_new        (GtkWindow          *parent,
                                                   KasirTillContext   *context,
                                                   gboolean            manager_view);
/* Reads the local days @first .. @last on a worker thread and shows them; the window is
 * busy meanwhile. A newer request cancels one still running. finish: FALSE with @error
 * (also shown, unless cancelled). */
void               kasir_report_window_show_days_async  (KasirReportWindow   *self,
                                                         GDateTime           *first,
                                                         GDateTime           *last,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean           kasir_report_window_show_days_finish (KasirReportWindow   *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);
/* The report shown, or NULL. */
const KasirReport *kasir_report_window_get_report (KasirReportWindow  *self);
/* "This till / Whole outlet": offered to a manager on an enrolled till in touch with the
 * server. Choosing the whole outlet asks the server (kasir_sync_client_report_summary_async)
 * for the signed-in manager and shows its answer with the same figures, chart and
 * exports; refused or unreachable, the window says so and goes back to this till. */
gboolean           kasir_report_window_get_outlet_available (KasirReportWindow *self);
void               kasir_report_window_set_outlet (KasirReportWindow  *self,
                                                   gboolean            outlet);
/* TRUE when the report shown is the whole outlet's. */
gboolean           kasir_report_window_get_outlet (KasirReportWindow  *self);
/* What the window says above the totals: the report's title, or what went wrong. */
const char        *kasir_report_window_get_message (KasirReportWindow *self);
gboolean           kasir_report_window_export_csv (KasirReportWindow  *self,
                                                   GFile              *file,
                                                   GError            **error);
/* Writes the report as an A4 PDF to @path through GtkPrintOperation. */
gboolean           kasir_report_window_export_pdf (KasirReportWindow  *self,
                                                   const char         *path,
                                                   GError            **error);

G_END_DECLS
