/* kasir-report-chart.h — a report's sales by hour of the day, drawn like the sync chart.
 *
 * One column per local hour 0–23, its height the net sales of that hour; the tallest
 * hour's amount is written at the top. The accessible description says the busiest hour
 * in words.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kasir-money.h"

G_BEGIN_DECLS

#define KASIR_TYPE_REPORT_CHART (kasir_report_chart_get_type ())

G_DECLARE_FINAL_TYPE (KasirReportChart, kasir_report_chart, KASIR, REPORT_CHART, GtkWidget)

GtkWidget  *kasir_report_chart_new         (void);
/* @net: 24 amounts, copied; @currency for the labels. */
void        kasir_report_chart_set_hours   (KasirReportChart *self,
                                            const KasirMoney *net,
                                            const char       *currency);
const char *kasir_report_chart_get_summary (KasirReportChart *self);

G_END_DECLS
