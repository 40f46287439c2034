/* kasir-sales-retention.c — pruning synced sales older than the retention.
 *
 * The server keeps every sale; the till needs its own only for receipts, refunds and
 * shift reports of recent days. A month of a busy till is about 18,000 sales; without a
 * limit the database would grow for as long as the till is used.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "kasir-database-private.h"
#include "kasir-sale-keys.h"
#include "kasir-input-error.h"
#include "kasir-sales-retention.h"
#include "kasir-report-totals.h"
#include "kasir-settings-repository.h"

gboolean
kasir_sales_retention_set_days (KasirDatabase  *db,
                                gint64          days,
                                GError        **error)
{
  g_autoptr(KasirSettingsRepository) settings = NULL;

  g_return_val_if_fail (KASIR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (days < KASIR_SALES_RETENTION_MIN_DAYS || days > KASIR_SALES_RETENTION_MAX_DAYS)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE,
                   _("Sales are kept on the till for %d to %d days, not %" PRId64),
                   KASIR_SALES_RETENTION_MIN_DAYS, KASIR_SALES_RETENTION_MAX_DAYS, days);
      return FALSE;
    }

  settings = kasir_settings_repository_new (db);
  return kasir_settings_repository_set_int64 (settings, KASIR_SALES_RETENTION_KEY, days, error);
}

gboolean
kasir_sales_retention_get_days (KasirDatabase  *db,
                                gint64         *out_days,
                                GError        **error)
{
  g_autoptr(KasirSettingsRepository) settings = NULL;
  gint64 days = 0;

  g_return_val_if_fail (KASIR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (out_days != NULL, FALSE);

  settings = kasir_settings_repository_new (db);
  if (!kasir_settings_repository_get_int64 (settings, KASIR_SALES_RETENTION_KEY,
                                            KASIR_SALES_RETENTION_DEFAULT_DAYS, &days, error))
    return FALSE;
  if (days < KASIR_SALES_RETENTION_MIN_DAYS || days > KASIR_SALES_RETENTION_MAX_DAYS)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE,
                   _("The stored sales retention (%" PRId64 " days) is not between "
                     "%d and %d days"), days, KASIR_SALES_RETENTION_MIN_DAYS,
                   KASIR_SALES_RETENTION_MAX_DAYS);
      return FALSE;
    }

  *out_days = days;
  return TRUE;
}

/* Which sales go: older than the cutoff, and synced. created_at is RFC 3339; the text
 * comparison (a day of margin for time zone offsets) lets the index find the old ones,
 * julianday() then compares the instants exactly.
 *
 * Kept: a sale an outbox row still names and not acknowledged (pending, in flight or
 * rejected): its own sale.create (the sale keeps its seq), another mutation about it (a
 * refund, by entity), or another mutation whose payload names it
 * (a refund) — those few payloads are copied to prune_refs first, so that each candidate
 * is not matched against every payload of a long outbox; a sale with a conflict that is
 * not resolved; a sale of a shift still open, whose report needs it. */
static const char * const prune_statements[] = {
  "CREATE TEMP TABLE IF NOT EXISTS prune_sales (sale_id TEXT PRIMARY KEY, sale_row INTEGER)",
  "CREATE TEMP TABLE IF NOT EXISTS prune_refs (payload TEXT)",
  "DELETE FROM temp.prune_sales",
  "DELETE FROM temp.prune_refs",
  "INSERT INTO temp.prune_refs (payload) SELECT payload FROM outbox "
  "WHERE state != 'acked' AND type != 'sale.create'",
  "INSERT INTO temp.prune_sales (sale_id, sale_row) SELECT s.sale_id, s.sale_row FROM sales s "
  "WHERE s.created_at < ?2 AND julianday (s.created_at) < julianday (?1) "
  "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.seq = s.outbox_seq "
  "                AND o.state != 'acked') "
  "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity_id = s.sale_id "
  "                AND o.type <> 'sale.create' AND o.state != 'acked') "
  "AND NOT EXISTS (SELECT 1 FROM temp.prune_refs r WHERE instr (r.payload, s.sale_id) > 0) "
  "AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.entity_id = s.sale_id "
  "                AND c.status != 'resolved') "
  "AND NOT EXISTS (SELECT 1 FROM shifts h WHERE h.id = s.shift_id AND h.closed_at IS NULL)",
  "DELETE FROM sale_lines WHERE line_key IN (SELECT l.line_key FROM temp.prune_sales s "
  "  JOIN sale_lines l ON " KASIR_SALE_KEYS ("l.line_key", "s") ")",
  "DELETE FROM sale_payments WHERE payment_key IN (SELECT p.payment_key FROM temp.prune_sales s "
  "  JOIN sale_payments p ON " KASIR_SALE_KEYS ("p.payment_key", "s") ")",
  "DELETE FROM sales WHERE sale_id IN (SELECT sale_id FROM temp.prune_sales)",
  /* A pruned sale's refunds go with it (their outbox rows are acknowledged: see above). */
  "DELETE FROM refund_lines WHERE refund_id IN (SELECT refund_id FROM refunds "
  "WHERE sale_id IN (SELECT sale_id FROM temp.prune_sales))",
  "DELETE FROM refund_payments WHERE refund_id IN (SELECT refund_id FROM refunds "
  "WHERE sale_id IN (SELECT sale_id FROM temp.prune_sales))",
  "DELETE FROM refunds WHERE sale_id IN (SELECT sale_id FROM temp.prune_sales)",
  "DELETE FROM sale_reprints WHERE sale_id IN (SELECT sale_id FROM temp.prune_sales)",
  "DELETE FROM temp.prune_refs",
  NULL
};

/* Index of the statement that deletes the sales themselves (its change count is the
 * number pruned). */
#define DELETE_SALES_STATEMENT 8

static gboolean
prune_in_transaction (KasirDatabase  *db,
                      const char     *cutoff,
                      const char     *cutoff_text,
                      guint          *out_pruned,
                      GError        **error)
{
  sqlite3 *handle = kasir_database_get_handle (db);

  for (guint i = 0; prune_statements[i] != NULL; i++)
    {
      sqlite3_stmt *stmt = kasir_database_prepare (db, prune_statements[i], error);

      if (stmt == NULL)
        return FALSE;
      if (sqlite3_bind_parameter_count (stmt) >= 2)
        {
          kasir_database_bind_text (stmt, 1, cutoff);
          kasir_database_bind_text (stmt, 2, cutoff_text);
        }
      if (!kasir_database_step_done (db, stmt, "prune sales", error))
        return FALSE;
      if (i == DELETE_SALES_STATEMENT)
        *out_pruned = (guint) sqlite3_changes (handle);
    }

  return TRUE;
}

gboolean
kasir_sales_retention_prune (KasirDatabase  *db,
                             GDateTime      *now,
                             guint          *out_pruned,
                             GError        **error)
{
  g_autoptr(GDateTime) cutoff_time = NULL;
  g_autoptr(GDateTime) margin_time = NULL;
  g_autofree char *cutoff = NULL;
  g_autofree char *cutoff_text = NULL;
  gint64 days = 0, free_pages = 0;
  guint pruned = 0;

  g_return_val_if_fail (KASIR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!kasir_sales_retention_get_days (db, &days, error))
    return FALSE;

  cutoff_time = g_date_time_add_days (now, (int) -days);
  margin_time = g_date_time_add_days (cutoff_time, 1);
  cutoff = g_date_time_format (cutoff_time, "%Y-%m-%dT%H:%M:%S%:z");
  cutoff_text = g_date_time_format (margin_time, "%Y-%m-%dT%H:%M:%S");

  /* The report totals outlive the sales: the ones about to go are added first, and the
   * rowids of the deleted sales may be given again (kasir-report-totals.c). */
  if (!kasir_database_begin (db, error))
    return FALSE;
  if (!kasir_report_totals_catch_up (db, NULL, error) ||
      !prune_in_transaction (db, cutoff, cutoff_text, &pruned, error) ||
      !kasir_report_totals_after_delete (db, error))
    {
      kasir_database_rollback (db);
      return FALSE;
    }
  if (!kasir_database_commit (db, error))
    return FALSE;

  /* The free pages, these and any others (pruned outbox rows, merged search index
   * segments), go back to the file system: the file shrinks at the next full
   * checkpoint. secure_delete has already overwritten what they held. */
  if (!kasir_database_query_int64 (db, "PRAGMA freelist_count", &free_pages, error) ||
      (free_pages > 0 && !kasir_database_exec (db, "PRAGMA incremental_vacuum", error)))
    return FALSE;

  if (out_pruned != NULL)
    *out_pruned = pruned;

  return TRUE;
}

/* The day (days since 1970, UTC) of the last daily prune. */
#define LAST_DAY_KEY "sales.retention_last_day"

void
kasir_sales_retention_prune_daily (KasirDatabase *db)
{
  g_autoptr(KasirSettingsRepository) settings = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  gint64 last = 0, today = g_date_time_to_unix (now) / (24 * 60 * 60);
  guint pruned = 0;

  g_return_if_fail (KASIR_IS_DATABASE (db));

  settings = kasir_settings_repository_new (db);
  if (!kasir_settings_repository_get_int64 (settings, LAST_DAY_KEY, 0, &last, &error))
    {
      g_warning ("Could not read when old sales were last pruned: %s", error->message);
      return;
    }
  if (last >= today)
    return;

  /* A failure waits for tomorrow: a bad retention must not warn at every sync. */
  if (!kasir_sales_retention_prune (db, now, &pruned, &error))
    g_warning ("Old sales were not pruned: %s", error->message);
  else if (pruned > 0)
    g_message ("Pruned %u synced sales older than the retention", pruned);
  g_clear_error (&error);
  if (!kasir_settings_repository_set_int64 (settings, LAST_DAY_KEY, today, &error))
    g_warning ("Could not note when old sales were pruned: %s", error->message);
}

/* The prune as of the moment the worker runs it. */
static gboolean
prune_now (KasirDatabase  *connection,
           guint          *out_pruned,
           GError        **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return kasir_sales_retention_prune (connection, now, out_pruned, error);
}

void
kasir_sales_retention_prune_async (KasirDatabase       *db,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  kasir_database_run_job_async (db, prune_now, kasir_sales_retention_prune_async, cancellable,
                                callback, user_data);
}

gboolean
kasir_sales_retention_prune_finish (KasirDatabase  *db,
                                    GAsyncResult   *result,
                                    guint          *out_pruned,
                                    GError        **error)
{
  return kasir_database_run_job_finish (db, result, out_pruned, error);
}
