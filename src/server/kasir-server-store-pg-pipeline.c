/* kasir-server-store-pg-pipeline.c — the write transactions of a push run in libpq's
 * pipeline mode, so that a statement whose answer nobody reads costs no round trip.
 *
 * A push writes far more than it reads: a three-line sale is about fifteen statements,
 * and only a few of them return something the rules look at. Outside a pipeline every
 * statement waits for its answer, and the wait (a round trip to PostgreSQL) was most of
 * the time of a push. Inside one, a write is sent and counted as pending; a read sends
 * its query and a sync, and then takes every pending answer in order before its own. A
 * write that failed is therefore reported by the next read or by the commit — in the
 * same transaction, which then rolls back whole, as any storage error does. A statement
 * whose failure the caller handles itself (a product update refused by a unique
 * constraint) is sent as a read, so that its error comes back at once.
 *
 * A statement prepared inside the pipeline is confirmed by its answer; when an earlier
 * error made PostgreSQL skip it, it is forgotten so that the next use prepares it
 * again.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-store-pg-private.h"

/* Pending answers are small (a few dozen bytes); draining them now and then keeps both
 * sides' socket buffers from filling while neither reads. */
#define MAX_PENDING 512

gboolean
kasir_pg_pipeline_enter (KasirPgStore  *self,
                         GError       **error)
{
  g_assert (!self->pipelined);
  if (PQenterPipelineMode (self->conn) != 1)
    {
      kasir_pg_set_error (self, NULL, error);
      return FALSE;
    }
  if (self->pending == NULL)
    self->pending = g_ptr_array_new ();
  g_ptr_array_set_size (self->pending, 0);
  self->pipelined = TRUE;
  return TRUE;
}

/* Takes the answers of everything sent since the last sync, and the sync itself. The
 * first failure is reported; the answer of the last statement is kept in @last when
 * asked for. */
static gboolean
drain (KasirPgStore  *self,
       PGresult     **last,
       GError       **error)
{
  gboolean ok = TRUE;
  PGresult *r;

  for (guint i = 0; i < self->pending->len; i++)
    {
      const char *prepared_sql = g_ptr_array_index (self->pending, i);
      gboolean is_last = i + 1 == self->pending->len;
      gboolean answered = FALSE;

      while ((r = PQgetResult (self->conn)) != NULL)
        {
          ExecStatusType status = PQresultStatus (r);
          gboolean good = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;

          answered = TRUE;
          if (!good && prepared_sql != NULL)
            kasir_pg_forget_statement (self, prepared_sql);
          if (!good && ok)
            {
              /* An aborted statement only follows the error that is already reported. */
              kasir_pg_set_error (self, status == PGRES_PIPELINE_ABORTED ? NULL : r, error);
              ok = FALSE;
            }
          if (good && is_last && last != NULL && *last == NULL)
            *last = r;
          else
            PQclear (r);
        }
      if (!answered)
        {
          /* The connection went away: nothing more will come. */
          if (prepared_sql != NULL)
            kasir_pg_forget_statement (self, prepared_sql);
          if (ok)
            kasir_pg_set_error (self, NULL, error);
          ok = FALSE;
          if (PQstatus (self->conn) == CONNECTION_BAD)
            break;
        }
    }
  g_ptr_array_set_size (self->pending, 0);
  if (PQstatus (self->conn) != CONNECTION_BAD)
    {
      r = PQgetResult (self->conn);
      if (PQresultStatus (r) != PGRES_PIPELINE_SYNC && ok)
        {
          kasir_pg_set_error (self, r, error);
          ok = FALSE;
        }
      PQclear (r);
    }
  if (!ok && last != NULL)
    g_clear_pointer (last, PQclear);
  return ok;
}

gboolean
kasir_pg_pipeline_sync (KasirPgStore  *self,
                        PGresult     **last,
                        GError       **error)
{
  g_assert (self->pipelined);
  if (last != NULL)
    *last = NULL;
  if (PQpipelineSync (self->conn) != 1)
    {
      kasir_pg_set_error (self, NULL, error);
      g_ptr_array_set_size (self->pending, 0);
      return FALSE;
    }
  return drain (self, last, error);
}

gboolean
kasir_pg_pipeline_sent (KasirPgStore  *self,
                        const char    *prepared_sql,
                        GError       **error)
{
  g_ptr_array_add (self->pending, (gpointer) prepared_sql);
  if (self->pending->len < MAX_PENDING)
    return TRUE;
  return kasir_pg_pipeline_sync (self, NULL, error);
}

gboolean
kasir_pg_pipeline_leave (KasirPgStore  *self,
                         GError       **error)
{
  gboolean ok = TRUE;

  if (!self->pipelined)
    return TRUE;
  if (self->pending->len > 0)
    ok = kasir_pg_pipeline_sync (self, NULL, error);
  self->pipelined = FALSE;
  if (PQexitPipelineMode (self->conn) != 1 && ok)
    {
      kasir_pg_set_error (self, NULL, error);
      ok = FALSE;
    }
  return ok;
}

gboolean
kasir_pg_flush (KasirPgStore  *self,
                GError       **error)
{
  if (!self->pipelined)
    return TRUE;
  if (!kasir_pg_bulk_flush (self, FALSE, error))
    return FALSE;
  if (self->pending->len == 0)
    return TRUE;
  return kasir_pg_pipeline_sync (self, NULL, error);
}
