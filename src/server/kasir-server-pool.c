/* kasir-server-pool.c — see kasir-server-pool.h. Each side is a GThreadPool of as many
 * threads as it has stores, and a queue of the stores not in use: a thread takes one
 * for a job and gives it back after, so a store is only ever used by one thread at a
 * time and a job never waits for one.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-pool.h"

typedef struct
{
  GThreadPool *threads;
  GAsyncQueue *idle;     /* of KasirServerStore * */
  GPtrArray   *stores;   /* all of them, owned */
  gint         n_busy;   /* atomic: jobs of this side queued or running */
} Side;

struct _KasirServerPool
{
  Side  writers;
  Side  readers;
  gint  n_busy;          /* atomic */
};

typedef struct
{
  KasirServerPool     *pool;
  Side                *side;
  KasirServerPoolFunc  func;
  GSourceFunc          done;
  gpointer             data;
  GMainContext        *context;
} Job;

static void
run_job (gpointer job_data,
         gpointer user_data)
{
  Job *job = job_data;
  KasirServerStore *store = g_async_queue_pop (job->side->idle);

  job->func (store, job->data);
  g_async_queue_push (job->side->idle, store);
  g_atomic_int_dec_and_test (&job->side->n_busy);
  g_atomic_int_dec_and_test (&job->pool->n_busy);
  g_main_context_invoke (job->context, job->done, job->data);
  g_main_context_unref (job->context);
  g_free (job);
}

static gboolean
side_init (Side        *side,
           const char  *db,
           const char  *key,
           guint        n,
           GError     **error)
{
  side->stores = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_server_store_free);
  side->idle = g_async_queue_new ();
  for (guint i = 0; i < n; i++)
    {
      KasirServerStore *store = kasir_server_store_open (db, key, FALSE, error);

      if (store == NULL)
        return FALSE;
      g_ptr_array_add (side->stores, store);
      g_async_queue_push (side->idle, store);
    }
  side->threads = g_thread_pool_new (run_job, NULL, (int) n, FALSE, error);
  return side->threads != NULL;
}

static void
side_clear (Side *side)
{
  if (side->threads != NULL)
    g_thread_pool_free (side->threads, FALSE, TRUE);
  g_clear_pointer (&side->idle, g_async_queue_unref);
  g_clear_pointer (&side->stores, g_ptr_array_unref);
}

KasirServerPool *
kasir_server_pool_new (const char  *db,
                       const char  *key,
                       guint        n_writers,
                       guint        n_readers,
                       GError     **error)
{
  KasirServerPool *pool = g_new0 (KasirServerPool, 1);

  g_return_val_if_fail (db != NULL && n_writers > 0 && n_readers > 0, NULL);
  if (!side_init (&pool->writers, db, key, n_writers, error)
      || !side_init (&pool->readers, db, key, n_readers, error))
    {
      kasir_server_pool_free (pool);
      return NULL;
    }
  return pool;
}

void
kasir_server_pool_free (KasirServerPool *pool)
{
  if (pool == NULL)
    return;
  side_clear (&pool->writers);
  side_clear (&pool->readers);
  g_free (pool);
}

void
kasir_server_pool_run (KasirServerPool     *pool,
                       gboolean             writes,
                       KasirServerPoolFunc  func,
                       GSourceFunc          done,
                       gpointer             data,
                       GMainContext        *context)
{
  Job *job = g_new0 (Job, 1);

  job->pool = pool;
  job->side = writes ? &pool->writers : &pool->readers;
  job->func = func;
  job->done = done;
  job->data = data;
  job->context = g_main_context_ref (context);
  g_atomic_int_inc (&job->side->n_busy);
  g_atomic_int_inc (&pool->n_busy);
  g_thread_pool_push (job->side->threads, job, NULL);
}

guint
kasir_server_pool_get_n_busy (KasirServerPool *pool)
{
  return (guint) g_atomic_int_get (&pool->n_busy);
}

gboolean
kasir_server_pool_is_full (KasirServerPool *pool,
                           gboolean         writes,
                           guint            max_waiting)
{
  Side *side = writes ? &pool->writers : &pool->readers;

  return (guint) g_atomic_int_get (&side->n_busy) >= side->stores->len + max_waiting;
}
