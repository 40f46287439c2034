/* kasir-after-sale.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-after-sale.h"
#include "kasir-database-private.h"
#include "kasir-report-totals.h"

gboolean
kasir_after_sale_run (KasirDatabase  *db,
                      guint          *out_reported,
                      GError        **error)
{
  g_return_val_if_fail (KASIR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (!kasir_database_in_transaction (db), FALSE);

  if (!kasir_report_totals_catch_up (db, out_reported, error))
    return FALSE;
  kasir_database_checkpoint_idle (db);
  return TRUE;
}

void
kasir_after_sale_async (KasirDatabase       *db,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  kasir_database_run_job_async (db, kasir_after_sale_run, kasir_after_sale_async, cancellable,
                                callback, user_data);
}

gboolean
kasir_after_sale_finish (KasirDatabase  *db,
                         GAsyncResult   *result,
                         guint          *out_reported,
                         GError        **error)
{
  return kasir_database_run_job_finish (db, result, out_reported, error);
}
