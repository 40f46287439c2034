/* kasir-day-range.h — a first and a last local day, each picked on a calendar.
 *
 * Two buttons that show their day (kasir_ui_format_day) and open a calendar. Picking a
 * first day after the last one moves the last one to it, and a last day before the first
 * one moves the first one: the range always runs forward, so a report never has to refuse
 * it. "changed" is emitted once per pick, after both days are set.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KASIR_TYPE_DAY_RANGE (kasir_day_range_get_type ())

G_DECLARE_FINAL_TYPE (KasirDayRange, kasir_day_range, KASIR, DAY_RANGE, GtkWidget)

/* Both days start as today. */
GtkWidget *kasir_day_range_new       (void);
/* Sets both days as a pick would (a range that runs backward is turned round); emits
 * "changed" when either day changed. Only the local date of each is kept. */
void       kasir_day_range_set_days  (KasirDayRange *self,
                                      GDateTime     *first,
                                      GDateTime     *last);
/* Picks @day as the first (@last FALSE) or the last day, as its calendar does. */
void       kasir_day_range_pick      (KasirDayRange *self,
                                      gboolean       last,
                                      GDateTime     *day);
/* Noon of each local day, owned by the widget. */
GDateTime *kasir_day_range_get_first (KasirDayRange *self);
GDateTime *kasir_day_range_get_last  (KasirDayRange *self);

G_END_DECLS
