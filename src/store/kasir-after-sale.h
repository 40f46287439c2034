/* kasir-after-sale.h — what a till does a few seconds after a sale, off the cashier's
 * wait.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-database.h"

G_BEGIN_DECLS

/* Brings the report totals up to the sales committed since (kasir-report-totals.h),
 * then, once the WAL is long, checkpoints it and starts it over
 * (kasir_database_checkpoint_idle). Both were part of a sale's commit, or overlapped it,
 * once; now the cashier waits for neither. @out_reported: the sales added to the
 * totals. */
gboolean kasir_after_sale_run    (KasirDatabase        *db,
                                  guint                *out_reported,
                                  GError              **error);

/* kasir_after_sale_run on a worker thread, with a connection of its own. */
void     kasir_after_sale_async  (KasirDatabase        *db,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data);
gboolean kasir_after_sale_finish (KasirDatabase        *db,
                                  GAsyncResult         *result,
                                  guint                *out_reported,
                                  GError              **error);

G_END_DECLS
