/* kasir-report-totals.h — bringing the report totals up to the sales committed since.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-database.h"

G_BEGIN_DECLS

/* Adds every sale not yet in the report totals (report_sales, report_payments,
 * report_products) to them, in one transaction (a savepoint inside the caller's). A
 * sale's commit does not write them (version 22 on): the cashier does not wait for
 * three more encrypted pages. @out_added: how many sales were added (0 when all were
 * in, or below version 22, where the commit or triggers keep the totals). */
gboolean kasir_report_totals_catch_up      (KasirDatabase  *db,
                                            guint          *out_added,
                                            GError        **error);

/* After sales were deleted (retention), inside the transaction that deleted them and
 * after a catch-up before it: makes the next sale, whatever rowid it is given, one the
 * totals do not hold yet. */
gboolean kasir_report_totals_after_delete  (KasirDatabase  *db,
                                            GError        **error);

G_END_DECLS
