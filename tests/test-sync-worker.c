/* test-sync-worker.c — the sync service's one database worker, on a real database:
 * jobs run in order on one thread that is not the caller's, errors come back, and
 * stopping waits for the running job, skips cancelled ones and refuses new ones.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sync-test-util.h"

#include "kasir-database-private.h"
#include "kasir-sync-worker.h"

typedef struct
{
  GMutex     lock;
  GArray    *order;     /* job numbers, in the order they ran */
  GThread   *thread;    /* the thread the jobs ran on; all the same */
  gboolean   other_thread;
  guint      answered;  /* callbacks */
  guint      freed;     /* job data freed */
} Log;

typedef struct
{
  Log   *log;
  guint  number;
  guint  sleep_ms;
  gboolean fail;
} Job;

static void
job_free (Job *job)
{
  g_atomic_int_inc (&job->log->freed);
  g_free (job);
}

static gpointer
run_job (KasirDatabase  *db,
         gpointer        data,
         GCancellable   *cancellable,
         GError        **error)
{
  Job *job = data;
  gint64 one = 0;

  g_assert_true (KASIR_IS_DATABASE (db));
  /* The worker's own connection reads the database. */
  g_assert_true (kasir_database_query_int64 (db, "SELECT 1", &one, error));
  g_assert_cmpint (one, ==, 1);
  if (job->sleep_ms > 0)
    g_usleep (job->sleep_ms * 1000);

  g_mutex_lock (&job->log->lock);
  g_array_append_val (job->log->order, job->number);
  if (job->log->thread == NULL)
    job->log->thread = g_thread_self ();
  else if (job->log->thread != g_thread_self ())
    job->log->other_thread = TRUE;
  g_mutex_unlock (&job->log->lock);

  if (job->fail)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "job %u fails", job->number);
      return NULL;
    }
  return GUINT_TO_POINTER (job->number + 1000);
}

typedef struct
{
  KasirSyncWorker *worker;
  Log             *log;
  guint            number;
  gpointer         result;
  GError          *error;
} Answer;

static void
on_answer (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Answer *answer = user_data;

  g_assert_null (object);
  g_assert_true (kasir_sync_worker_job_data (result) != NULL);
  answer->result = kasir_sync_worker_run_finish (answer->worker, result, &answer->error);
  answer->log->answered++;
}

static void
queue (KasirSyncWorker *worker,
       Log             *log,
       Answer          *answer,
       guint            number,
       guint            sleep_ms,
       gboolean         fail,
       GCancellable    *cancellable)
{
  Job *job = g_new0 (Job, 1);

  job->log = log;
  job->number = number;
  job->sleep_ms = sleep_ms;
  job->fail = fail;
  answer->worker = worker;
  answer->log = log;
  answer->number = number;
  kasir_sync_worker_run_async (worker, run_job, job, (GDestroyNotify)job_free, NULL,
                               cancellable, on_answer, answer);
}

typedef struct
{
  Log   *log;
  guint  expected;
} Count;

static gboolean
answered (gpointer data)
{
  Count *count = data;

  /* A job's data may be freed on the worker thread just after its answer arrived here. */
  return count->log->answered >= count->expected &&
         (guint)g_atomic_int_get (&count->log->freed) >= count->expected;
}

static void
log_init (Log *log)
{
  g_mutex_init (&log->lock);
  log->order = g_array_new (FALSE, FALSE, sizeof (guint));
}

static void
log_clear (Log *log)
{
  g_array_unref (log->order);
  g_mutex_clear (&log->lock);
}

static KasirDatabase *
open_db (char **dir)
{
  g_autoptr(GError) error = NULL;

  *dir = g_dir_make_tmp ("kasir-worker-XXXXXX", &error);
  g_assert_no_error (error);
  return sync_test_terminal_db (*dir, "till.db", NULL);
}

static void
test_in_order (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KasirDatabase) db = open_db (&dir);
  g_autoptr(GError) error = NULL;
  KasirSyncWorker *worker = kasir_sync_worker_new (db, &error);
  Answer answers[50] = { { 0 } };
  Log log = { 0 };
  Count count = { &log, G_N_ELEMENTS (answers) };

  g_assert_no_error (error);
  log_init (&log);

  /* The first job is slow: the others wait behind it, in order, never beside it. */
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    queue (worker, &log, &answers[i], i, i == 0 ? 100 : 0, i == 7, NULL);
  g_assert_true (sync_test_wait_for (answered, &count, 30));

  g_assert_cmpuint (log.order->len, ==, G_N_ELEMENTS (answers));
  for (guint i = 0; i < log.order->len; i++)
    g_assert_cmpuint (g_array_index (log.order, guint, i), ==, i);
  g_assert_nonnull (log.thread);
  g_assert_true (log.thread != g_thread_self ());
  g_assert_false (log.other_thread);

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      if (i == 7)
        {
          g_assert_null (answers[i].result);
          g_assert_error (answers[i].error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
          g_clear_error (&answers[i].error);
        }
      else
        {
          g_assert_no_error (answers[i].error);
          g_assert_cmpuint (GPOINTER_TO_UINT (answers[i].result), ==, i + 1000);
        }
    }
  g_assert_cmpuint (log.freed, ==, G_N_ELEMENTS (answers));

  kasir_sync_worker_stop (worker);
  g_assert_finalize_object (worker);
  log_clear (&log);
  g_clear_object (&db);
  sync_test_remove_tree (dir);
}

static void
test_stop (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KasirDatabase) db = open_db (&dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  KasirSyncWorker *worker = kasir_sync_worker_new (db, &error);
  Answer slow = { 0 }, skipped = { 0 }, kept = { 0 }, late = { 0 };
  Log log = { 0 };
  Count count = { &log, 4 };

  g_assert_no_error (error);
  log_init (&log);

  /* A slow job runs; behind it a cancelled one and one that is not. */
  queue (worker, &log, &slow, 1, 300, FALSE, NULL);
  queue (worker, &log, &skipped, 2, 0, FALSE, cancellable);
  queue (worker, &log, &kept, 3, 0, FALSE, NULL);
  g_cancellable_cancel (cancellable);

  /* Stopping returns only once the thread has ended: every job that was going to run has
   * run, on the spot, and the cancelled one never touched the database. */
  kasir_sync_worker_stop (worker);
  g_assert_true (kasir_sync_worker_is_stopped (worker));
  g_assert_cmpuint (kasir_sync_worker_get_pending (worker), ==, 0);
  g_assert_cmpuint (log.order->len, ==, 2);
  g_assert_cmpuint (g_array_index (log.order, guint, 0), ==, 1);
  g_assert_cmpuint (g_array_index (log.order, guint, 1), ==, 3);

  /* After the stop, a job is refused without running. */
  queue (worker, &log, &late, 4, 0, FALSE, NULL);
  g_assert_true (sync_test_wait_for (answered, &count, 10));
  g_assert_no_error (slow.error);
  g_assert_error (skipped.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_no_error (kept.error);
  g_assert_error (late.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (log.order->len, ==, 2);
  g_assert_cmpuint (log.freed, ==, 4);

  /* Stopping twice is harmless. */
  kasir_sync_worker_stop (worker);
  g_assert_finalize_object (worker);
  g_clear_error (&skipped.error);
  g_clear_error (&late.error);
  log_clear (&log);
  g_clear_object (&db);
  sync_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Sync/Worker/in-order", test_in_order);
  g_test_add_func ("/Kasir/Sync/Worker/stop", test_stop);

  return g_test_run ();
}
