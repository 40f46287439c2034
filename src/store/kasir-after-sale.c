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

static void
after_sale_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  g_autoptr(KasirDatabase) connection = NULL;
  GError *error = NULL;
  guint reported = 0;

  if (g_task_return_error_if_cancelled (task))
    return;

  /* A connection is used by one thread only: the worker opens its own. */
  connection = kasir_database_open_connection (KASIR_DATABASE (source_object), &error);
  if (connection == NULL || !kasir_after_sale_run (connection, &reported, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_int (task, reported);
}

void
kasir_after_sale_async (KasirDatabase       *db,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KASIR_IS_DATABASE (db));

  task = g_task_new (db, cancellable, callback, user_data);
  g_task_set_source_tag (task, kasir_after_sale_async);
  g_task_run_in_thread (task, after_sale_thread);
}

gboolean
kasir_after_sale_finish (KasirDatabase  *db,
                         GAsyncResult   *result,
                         guint          *out_reported,
                         GError        **error)
{
  gssize reported;

  g_return_val_if_fail (g_task_is_valid (result, db), FALSE);

  reported = g_task_propagate_int (G_TASK (result), error);
  if (reported < 0)
    return FALSE;
  if (out_reported != NULL)
    *out_reported = (guint) reported;

  return TRUE;
}
