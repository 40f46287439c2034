/* kasir-history-filter-bar.h — the sales history's filters besides the receipt number:
 * a date range (first and last day, as the till's local days), the cashier, the customer
 * (name or phone, the first match) and the way of paying.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kasir-database.h"

G_BEGIN_DECLS

/* What the bar says, ready for kasir_sales_history_model_set_filters(). */
typedef struct
{
  char   *from;        /* RFC 3339 UTC, inclusive, or NULL */
  char   *until;       /* RFC 3339 UTC, exclusive, or NULL */
  gint64  staff_id;    /* 0: anyone */
  gint64  customer_id; /* 0: anyone; -1: a customer was asked for and none matches */
  int     method;      /* KasirPaymentMethod or -1 */
} KasirHistoryFilters;

void kasir_history_filters_clear (KasirHistoryFilters *self);

#define KASIR_TYPE_HISTORY_FILTER_BAR (kasir_history_filter_bar_get_type ())

G_DECLARE_FINAL_TYPE (KasirHistoryFilterBar, kasir_history_filter_bar, KASIR, HISTORY_FILTER_BAR, GtkBox)

/* "changed" is emitted when a filter changed and reads well. */
KasirHistoryFilterBar *kasir_history_filter_bar_new     (KasirDatabase          *db);
/* FALSE with a message for the person when a date cannot be read. */
gboolean               kasir_history_filter_bar_get     (KasirHistoryFilterBar  *self,
                                                         KasirHistoryFilters    *out,
                                                         GError                **error);
/* As a person sets them: days as "YYYY-MM-DD" ("" for open), a staff id and a customer
 * text ("" for anyone), a method (-1 for any). */
void                   kasir_history_filter_bar_set     (KasirHistoryFilterBar  *self,
                                                         const char             *first_day,
                                                         const char             *last_day,
                                                         gint64                  staff_id,
                                                         const char             *customer,
                                                         int                     method);

G_END_DECLS
