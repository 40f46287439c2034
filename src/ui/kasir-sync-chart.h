/* kasir-sync-chart.h — the sync dashboard's 24-hour chart.
 *
 * One column per hour, oldest on the left: successful syncs stacked under failed ones,
 * and the largest queue left behind each hour drawn as a line. The accessible
 * description says the same in words.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KASIR_TYPE_SYNC_CHART (kasir_sync_chart_get_type ())

G_DECLARE_FINAL_TYPE (KasirSyncChart, kasir_sync_chart, KASIR, SYNC_CHART, GtkWidget)

GtkWidget  *kasir_sync_chart_new         (void);
/* @hours: GArray of KasirSyncHourBucket (kasir-sync-history-repository.h), copied. */
void        kasir_sync_chart_set_hours   (KasirSyncChart *self,
                                          GArray         *hours);
/* The summary given as the accessible description. */
const char *kasir_sync_chart_get_summary (KasirSyncChart *self);

G_END_DECLS
