/* kasir-sync-history-repository.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kasir-models.h"
#include "kasir-database-private.h"
#include "kasir-sync-history-repository.h"

#define KEEP_SECONDS (7 * 24 * 3600)

void
kasir_sync_metrics_clear (KasirSyncMetrics *self)
{
  g_clear_pointer (&self->last_success_at, g_free);
  g_clear_pointer (&self->last_failure_at, g_free);
  g_clear_pointer (&self->last_error, g_free);
}

static char *
format_time (gint64 unix_us)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_us / G_USEC_PER_SEC);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

gboolean
kasir_sync_history_record (KasirDatabase  *db,
                           gint64          started_at_us,
                           gint64          finished_at_us,
                           gboolean        success,
                           gint64          pushed,
                           gint64          pulled,
                           const char     *error_message,
                           GError        **error)
{
  g_autofree char *started = NULL;
  g_autofree char *finished = NULL;
  sqlite3_stmt *stmt;
  gint64 pending = 0;

  g_return_val_if_fail (KASIR_IS_DATABASE (db), FALSE);

  if (started_at_us <= 0 || finished_at_us < started_at_us || pushed < 0 || pulled < 0)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("A sync run needs a start before its end"));
      return FALSE;
    }
  started = format_time (started_at_us);
  finished = format_time (finished_at_us);
  if (started == NULL || finished == NULL)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("A sync run has an impossible time"));
      return FALSE;
    }

  if (!kasir_database_begin (db, error))
    return FALSE;
  if (!kasir_database_query_int64 (db, "SELECT count(*) FROM outbox "
                                   "WHERE state IN ('pending', 'in_flight')", &pending, error))
    goto fail;
  stmt = kasir_database_prepare (db,
                                 "INSERT INTO sync_runs (started_at, finished_at, finished_unix, "
                                 "duration_ms, outcome, pushed, pulled, pending_after, error) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  kasir_database_bind_text (stmt, 1, started);
  kasir_database_bind_text (stmt, 2, finished);
  sqlite3_bind_int64 (stmt, 3, finished_at_us / G_USEC_PER_SEC);
  sqlite3_bind_int64 (stmt, 4, (finished_at_us - started_at_us) / 1000);
  kasir_database_bind_text (stmt, 5, success ? "success" : "failure");
  sqlite3_bind_int64 (stmt, 6, pushed);
  sqlite3_bind_int64 (stmt, 7, pulled);
  sqlite3_bind_int64 (stmt, 8, pending);
  kasir_database_bind_text (stmt, 9, success ? NULL : error_message);
  if (!kasir_database_step_done (db, stmt, "record sync run", error))
    goto fail;

  stmt = kasir_database_prepare (db, "DELETE FROM sync_runs WHERE finished_unix < ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, finished_at_us / G_USEC_PER_SEC - KEEP_SECONDS);
  if (!kasir_database_step_done (db, stmt, "drop old sync runs", error))
    goto fail;

  return kasir_database_commit (db, error);

fail:
  kasir_database_rollback (db);
  return FALSE;
}

KasirSyncRun *
kasir_sync_run_new (gint64      started_at_us,
                    gboolean    success,
                    gint64      pushed,
                    gint64      pulled,
                    const char *error_message)
{
  KasirSyncRun *run = g_new0 (KasirSyncRun, 1);

  run->started_at_us = started_at_us;
  run->success = success;
  run->pushed = pushed;
  run->pulled = pulled;
  run->error_message = g_strdup (error_message);

  return run;
}

void
kasir_sync_run_free (KasirSyncRun *run)
{
  if (run == NULL)
    return;
  g_free (run->error_message);
  g_free (run);
}

gpointer
kasir_sync_history_record_op (KasirDatabase  *db,
                              gpointer        data,
                              GError        **error)
{
  KasirSyncRun *run = data;
  gint64 now = g_get_real_time ();

  /* A run the service never stamped (it failed before starting) counts as instant. */
  if (!kasir_sync_history_record (db, run->started_at_us > 0 ? MIN (run->started_at_us, now) : now,
                                  now, run->success, run->pushed, run->pulled,
                                  run->error_message, error))
    return NULL;

  return GINT_TO_POINTER (1);
}

gboolean
kasir_sync_history_get_metrics (KasirDatabase     *db,
                                gint64             now_unix,
                                KasirSyncMetrics  *out,
                                GError           **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *oldest_sale = NULL;
  int rc;

  g_return_val_if_fail (KASIR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (now_unix <= 0)
    now_unix = g_get_real_time () / G_USEC_PER_SEC;

  stmt = kasir_database_prepare (db,
                                 "SELECT count(*), "
                                 " coalesce(sum(outcome = 'success'), 0), "
                                 " coalesce(sum(outcome = 'failure'), 0), "
                                 " coalesce(avg(duration_ms), 0), "
                                 " (SELECT max(finished_at) FROM sync_runs WHERE outcome = 'success'), "
                                 " (SELECT max(finished_at) FROM sync_runs WHERE outcome = 'failure'), "
                                 " (SELECT error FROM sync_runs WHERE outcome = 'failure' "
                                 "  ORDER BY id DESC LIMIT 1), "
                                 " (SELECT count(*) FROM outbox WHERE state IN ('pending', 'in_flight')), "
                                 " (SELECT count(*) FROM outbox WHERE state = 'rejected'), "
                                 " (SELECT min(created_at) FROM outbox WHERE type = 'sale.create' "
                                 "  AND state IN ('pending', 'in_flight')) "
                                 "FROM sync_runs", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      kasir_database_set_error (db, rc, "sync metrics", error);
      kasir_database_stmt_done (stmt);
      return FALSE;
    }
  out->syncs = sqlite3_column_int64 (stmt, 0);
  out->successes = sqlite3_column_int64 (stmt, 1);
  out->failures = sqlite3_column_int64 (stmt, 2);
  out->average_duration_ms = (gint64) (sqlite3_column_double (stmt, 3) + 0.5);
  out->last_success_at = kasir_database_column_dup (stmt, 4);
  out->last_failure_at = kasir_database_column_dup (stmt, 5);
  out->last_error = kasir_database_column_dup (stmt, 6);
  out->pending = sqlite3_column_int64 (stmt, 7);
  out->rejected = sqlite3_column_int64 (stmt, 8);
  oldest_sale = kasir_database_column_dup (stmt, 9);
  kasir_database_stmt_done (stmt);

  out->oldest_unsynced_sale_age_s = -1;
  if (oldest_sale != NULL)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (oldest_sale, NULL);

      if (dt != NULL)
        out->oldest_unsynced_sale_age_s = MAX (0, now_unix - g_date_time_to_unix (dt));
    }

  return TRUE;
}

GArray *
kasir_sync_history_hourly (KasirDatabase  *db,
                           gint64          now_unix,
                           GError        **error)
{
  g_autoptr(GArray) buckets = g_array_sized_new (FALSE, TRUE, sizeof (KasirSyncHourBucket), 24);
  sqlite3_stmt *stmt;
  gint64 first;
  int rc;

  g_return_val_if_fail (KASIR_IS_DATABASE (db), NULL);

  if (now_unix <= 0)
    now_unix = g_get_real_time () / G_USEC_PER_SEC;
  first = (now_unix / 3600 - 23) * 3600;
  for (int i = 0; i < 24; i++)
    {
      KasirSyncHourBucket b = { first + i * 3600, 0, 0, -1 };

      g_array_append_val (buckets, b);
    }

  stmt = kasir_database_prepare (db,
                                 "SELECT (finished_unix - ?1) / 3600, "
                                 " sum(outcome = 'success'), sum(outcome = 'failure'), "
                                 " max(pending_after) "
                                 "FROM sync_runs WHERE finished_unix >= ?1 AND finished_unix < ?2 "
                                 "GROUP BY 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, first);
  sqlite3_bind_int64 (stmt, 2, first + 24 * 3600);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 index = sqlite3_column_int64 (stmt, 0);
      KasirSyncHourBucket *b;

      if (index < 0 || index >= 24)
        continue;
      b = &g_array_index (buckets, KasirSyncHourBucket, index);
      b->successes = sqlite3_column_int64 (stmt, 1);
      b->failures = sqlite3_column_int64 (stmt, 2);
      b->pending_max = sqlite3_column_int64 (stmt, 3);
    }
  kasir_database_stmt_done (stmt);
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (db, rc, "hourly sync runs", error);
      return NULL;
    }

  return g_steal_pointer (&buckets);
}

gboolean
kasir_sync_history_reset_attempts (KasirDatabase  *db,
                                   gint64         *out_reset,
                                   GError        **error)
{
  g_return_val_if_fail (KASIR_IS_DATABASE (db), FALSE);

  if (!kasir_database_exec (db,
                            "UPDATE outbox SET attempts = 0, last_error = NULL "
                            "WHERE state IN ('pending', 'in_flight')", error))
    return FALSE;
  if (out_reset != NULL)
    *out_reset = sqlite3_changes (kasir_database_get_handle (db));

  return TRUE;
}

char *
kasir_sync_history_explain_rejection (const char *reason)
{
  static const struct { const char *code; const char *text; } known[] = {
    { "already_resolved", N_("Another manager settled this conflict first; their decision stands.") },
    { "version_mismatch", N_("The conflict changed on the server before this decision arrived; review it again.") },
    { "unknown_conflict", N_("The server does not know this conflict for this outlet.") },
    { "unknown_product", N_("The server does not know this product; it may have been deleted.") },
    { "unknown_customer", N_("The server does not know this customer.") },
    { "unknown_sale", N_("The refund names a sale the server does not have.") },
    { "unknown_shift", N_("The server does not know this shift.") },
    { "exceeds_sale", N_("The refund is larger than what is left of the sale.") },
    { "forbidden", N_("This belongs to another outlet.") },
    { "invalid", N_("The server found the change malformed; nothing of it was applied.") },
  };

  if (reason == NULL || *reason == '\0')
    return g_strdup (_("The server refused this change without saying why."));
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_str_has_prefix (reason, known[i].code))
      {
        const char *rest = reason + strlen (known[i].code);

        /* Keep the server's own detail after the code word, for the manager to read. */
        while (*rest == ':' || *rest == ' ')
          rest++;
        if (*rest != '\0' && g_strcmp0 (known[i].code, "already_resolved") != 0)
          return g_strdup_printf ("%s (%s)", _(known[i].text), rest);
        return g_strdup (_(known[i].text));
      }

  return g_strdup_printf (_("The server refused this change: %s"), reason);
}
