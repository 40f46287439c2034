/* kasir-shift-report-repository.h — the figures of a shift's X and Z reports.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-models.h"
#include "kasir-database.h"

G_BEGIN_DECLS

typedef struct
{
  gint64      sale_count;
  KasirMoney  total;          /* sum of sale totals */
  KasirMoney  tax;
  KasirMoney  discount;       /* sum of line discounts */
  KasirMoney  change;         /* cash handed back */
  gint64      unsynced_sales; /* sales of the shift the server has not acknowledged */
  gint64      refund_count;   /* refunds (and voids) made in the shift */
  KasirMoney  refunded;       /* the money they gave back */
  KasirMoney  refunded_cash;  /* of which in cash, out of the drawer */
  gint64      pay_in_count;   /* cash put into the drawer (shift.cash) */
  KasirMoney  paid_in;
  gint64      pay_out_count;  /* cash taken out of the drawer (shift.cash) */
  KasirMoney  paid_out;
  GPtrArray  *taken;          /* KasirPayment*, one per method, cash first; may be 0 */
} KasirShiftSummary;

void kasir_shift_summary_free (KasirShiftSummary *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirShiftSummary, kasir_shift_summary_free)

#define KASIR_TYPE_SHIFT_REPORT_REPOSITORY (kasir_shift_report_repository_get_type ())

G_DECLARE_FINAL_TYPE (KasirShiftReportRepository, kasir_shift_report_repository, KASIR, SHIFT_REPORT_REPOSITORY, GObject)

KasirShiftReportRepository *kasir_shift_report_repository_new (KasirDatabase *database);

KasirShiftSummary *kasir_shift_report_repository_summarize (KasirShiftReportRepository  *self,
                                                            const char                  *shift_id,
                                                            GError                     **error);

G_END_DECLS
