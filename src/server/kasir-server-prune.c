/* kasir-server-prune.c — the periodic tombstone prune, on a writer of the pool.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-private.h"
#include "kasir-server-prune.h"

struct _KasirServerPrune
{
  KasirServer  *server;
  guint         retention_days;
  guint         source;
  gboolean      running;
  gboolean      freed;       /* kasir_server_prune_free() came while a prune ran */
  GMainContext *context;
};

/* One prune: made on the main loop, filled on a worker. */
typedef struct
{
  KasirServerPrune *prune;
  gint64            older_than;
  guint             n_pruned;
  GError           *error;
} PruneJob;

static void
prune_free_now (KasirServerPrune *self)
{
  g_clear_object (&self->server);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self);
}

static void
job_run (KasirServerStore *store,
         gpointer          data)
{
  PruneJob *job = data;

  kasir_server_store_prune_tombstones (store, job->older_than, &job->n_pruned, &job->error);
}

static gboolean
job_done (gpointer data)
{
  PruneJob *job = data;
  KasirServerPrune *self = job->prune;

  if (job->error != NULL)
    g_warning ("pruning tombstones failed: %s", job->error->message);
  else if (job->n_pruned > 0)
    g_message ("pruned %u tombstones older than %u days", job->n_pruned, self->retention_days);
  g_clear_error (&job->error);
  g_free (job);
  self->running = FALSE;
  if (self->freed)
    prune_free_now (self);
  return G_SOURCE_REMOVE;
}

static gboolean
prune_due (gpointer data)
{
  KasirServerPrune *self = data;
  KasirServerPool *pool = kasir_server_get_pool (self->server);
  PruneJob *job;

  if (self->running)
    return G_SOURCE_CONTINUE;
  job = g_new0 (PruneJob, 1);
  job->prune = self;
  job->older_than = g_get_real_time () / G_USEC_PER_SEC - (gint64) self->retention_days * 86400;
  self->running = TRUE;
  if (pool != NULL)
    kasir_server_pool_run (pool, TRUE, job_run, job_done, job, self->context);
  else
    {
      job_run (kasir_server_get_store (self->server), job);
      job_done (job);
    }
  return G_SOURCE_CONTINUE;
}

KasirServerPrune *
kasir_server_prune_new (KasirServer *server,
                        guint        retention_days,
                        guint        interval_seconds)
{
  KasirServerPrune *self;
  GSource *source;

  g_return_val_if_fail (KASIR_IS_SERVER (server), NULL);
  g_return_val_if_fail (interval_seconds > 0, NULL);

  self = g_new0 (KasirServerPrune, 1);
  self->server = g_object_ref (server);
  self->retention_days = retention_days;
  self->context = g_main_context_ref_thread_default ();
  source = g_timeout_source_new_seconds (interval_seconds);
  g_source_set_callback (source, prune_due, self, NULL);
  g_source_set_name (source, "kasir-server-prune");
  self->source = g_source_attach (source, self->context);
  g_source_unref (source);
  return self;
}

void
kasir_server_prune_free (KasirServerPrune *self)
{
  GSource *source;

  if (self == NULL)
    return;
  source = g_main_context_find_source_by_id (self->context, self->source);
  if (source != NULL)
    g_source_destroy (source);
  if (self->running)
    self->freed = TRUE;
  else
    prune_free_now (self);
}
