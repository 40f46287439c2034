/* bench-sync-initial-pull.c — a fresh terminal's first sync of a 100,000-product catalog
 * into its encrypted database.
 *
 * Prints: BENCH sync-initial-pull products=100000 seconds=… rows_per_s=… till_cpu_s=…
 *         server_cpu_s=… decode_cpu_s=… write_cpu_s=… other_cpu_s=…
 * The CPU seconds (the till's process: decoding and writing; the server's: reading and
 * encoding) are steadier than the wall clock on a shared machine. The till's are split
 * by thread, sampled every 100 ms: decode is the worker threads that read the pages
 * ("pool"), write the database worker ("kasir-sync-db"), other the rest (the main loop's
 * HTTP). The sampler's own CPU is left out of the till's.
 * A second line says where the wall time went (seconds, from KasirPullTimings):
 *   BENCH sync-initial-pull-breakdown pages=… before_pull_s=… first_page_s=… wait_s=…
 *         transfer_s=… decode_s=… insert_s=… commit_s=… writer_idle_s=… index_s=…
 * before_pull is enrollment and the sync service's start; wait, transfer and decode are
 * summed over the fetches, which overlap each other and the writing (two on the wire at
 * once); insert and commit are the database worker's writing of the pages, writer_idle
 * its waiting for the next page, and index the build of the indexes and the full-text
 * index set aside during the load, after the last page.
 * Target (issue 10): under 2.5 s.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/resource.h>

#include <glib/gstdio.h>

#include "kasir-database-private.h"
#include "kasir-test-network-monitor.h"
#include "sync-test-util.h"

#define N_PRODUCTS 100000

/* An EAN-13 with a valid check digit from a 12-digit body. */
static void
ean13 (guint64  body,
       char     out[14])
{
  int sum = 0;

  g_snprintf (out, 14, "%012" G_GUINT64_FORMAT, body);
  for (int i = 0; i < 12; i++)
    sum += (out[i] - '0') * (i % 2 == 0 ? 1 : 3);
  out[12] = '0' + (10 - sum % 10) % 10;
  out[13] = '\0';
}

static double
own_cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* User and system time of a running process, from /proc; 0 where there is none. */
static double
process_cpu_seconds (GSubprocess *process)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", g_subprocess_get_identifier (process));
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (after = strrchr (text, ')')) == NULL)
    return 0;
  /* After "pid (comm)": state is field 3, utime 14 and stime 15. */
  fields = g_strsplit (after + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return 0;

  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) /
         sysconf (_SC_CLK_TCK);
}

/* The CPU seconds of this process's threads, by thread, sampled every 100 ms so that a
 * worker thread that ends before the pull does still counts (up to its last sample). */
typedef struct
{
  char   name[32];
  double start;  /* at the first sample, for a thread already running then; else 0 */
  double last;
} ThreadCpu;

typedef struct
{
  GMutex      lock;
  GHashTable *threads;  /* tid → ThreadCpu */
  gboolean    stop;
} Sampler;

static void
sample_threads (Sampler  *sampler,
                gboolean  first)
{
  g_autoptr(GDir) tasks = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;

  while (tasks != NULL && (tid = g_dir_read_name (tasks)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/stat", tid);
      g_autofree char *text = NULL;
      g_auto(GStrv) fields = NULL;
      const char *open, *close;
      ThreadCpu *thread;
      double cpu;

      if (!g_file_get_contents (path, &text, NULL, NULL) ||
          (open = strchr (text, '(')) == NULL || (close = strrchr (text, ')')) == NULL)
        continue;
      fields = g_strsplit (close + 2, " ", 0);
      if (g_strv_length (fields) < 13)
        continue;
      cpu = (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) /
            sysconf (_SC_CLK_TCK);

      g_mutex_lock (&sampler->lock);
      if ((thread = g_hash_table_lookup (sampler->threads, tid)) == NULL)
        {
          thread = g_new0 (ThreadCpu, 1);
          thread->start = first ? cpu : 0;
          g_hash_table_insert (sampler->threads, g_strdup (tid), thread);
        }
      /* Read each time: a new thread names itself a moment after it starts. */
      g_strlcpy (thread->name, open + 1, MIN (sizeof thread->name, (gsize) (close - open)));
      thread->last = cpu;
      g_mutex_unlock (&sampler->lock);
    }
}

static gpointer
sampler_thread (gpointer data)
{
  Sampler *sampler = data;

  while (!g_atomic_int_get (&sampler->stop))
    {
      sample_threads (sampler, FALSE);
      g_usleep (100 * 1000);
    }
  return NULL;
}

/* CPU seconds since the first sample of the threads whose name starts with @prefix. */
static double
threads_cpu_seconds (Sampler    *sampler,
                     const char *prefix)
{
  GHashTableIter iter;
  ThreadCpu *thread;
  double total = 0;

  g_mutex_lock (&sampler->lock);
  g_hash_table_iter_init (&iter, sampler->threads);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &thread))
    if (g_str_has_prefix (thread->name, prefix))
      total += thread->last - thread->start;
  g_mutex_unlock (&sampler->lock);
  return total;
}

int
main (int   argc,
      char *argv[])
{
  SyncTestServer *server = sync_test_server_new ();
  g_autoptr(KasirTestNetworkMonitor) monitor = kasir_test_network_monitor_new (TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-bench-pull-XXXXXX", NULL);
  g_autofree char *csv_path = g_build_filename (dir, "catalog.csv", NULL);
  g_autofree char *tool = sync_test_build_path ("src/server/kasir-server");
  g_autoptr(GString) csv = g_string_new ("sku,barcode,name,price,tax_rate,category,stock\n");
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirSyncService) service = NULL;
  gint64 start, end, rows;
  double seconds, till_cpu, server_cpu, decode_cpu, write_cpu;
  KasirPullTimings pull;
  Sampler sampler = { .threads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free) };
  GThread *sampling;

  for (guint i = 0; i < N_PRODUCTS; i++)
    {
      char code[14];

      ean13 (899100000000ull + i, code);
      g_string_append_printf (csv, "BENCH-%06u,%s,Produk uji %u ukuran %u gram,%u,11,Kategori %u,%u\n",
                              i, code, i, 50 + i % 950, 1000 + (i * 37) % 99000, i % 40, i % 100);
    }
  g_file_set_contents (csv_path, csv->str, csv->len, &error);
  g_assert_no_error (error);
  {
    const char *import_argv[] = { tool, "import", "--db", server->db_path, csv_path, NULL };
    g_free (sync_test_run_tool (import_argv));
  }

  sync_test_server_start (server, 0);
  db = sync_test_terminal_db (dir, "till.db", NULL);
  service = kasir_sync_service_new (db, G_NETWORK_MONITOR (monitor), &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  till_cpu = own_cpu_seconds ();
  server_cpu = process_cpu_seconds (server->process);
  g_mutex_init (&sampler.lock);
  sample_threads (&sampler, TRUE);
  sampling = g_thread_new ("bench-sampler", sampler_thread, &sampler);
  sync_test_enroll (service, server, server->url, 1);
  if (!sync_test_wait_drained (service, 300))
    g_error ("the first sync did not finish: %s", kasir_sync_service_get_last_error (service));
  end = g_get_monotonic_time ();
  till_cpu = own_cpu_seconds () - till_cpu;
  server_cpu = process_cpu_seconds (server->process) - server_cpu;
  g_atomic_int_set (&sampler.stop, TRUE);
  g_thread_join (sampling);
  sample_threads (&sampler, FALSE);
  decode_cpu = threads_cpu_seconds (&sampler, "pool");
  write_cpu = threads_cpu_seconds (&sampler, "kasir-sync-db");
  till_cpu -= threads_cpu_seconds (&sampler, "bench-sampler");

  g_assert_true (kasir_database_query_int64 (db, "SELECT count(*) FROM products", &rows, &error));
  g_assert_cmpint (rows, >=, N_PRODUCTS);

  seconds = (end - start) / (double)G_USEC_PER_SEC;
  g_print ("BENCH sync-initial-pull products=%" G_GINT64_FORMAT " seconds=%.2f rows_per_s=%.0f "
           "till_cpu_s=%.2f server_cpu_s=%.2f decode_cpu_s=%.2f write_cpu_s=%.2f "
           "other_cpu_s=%.2f\n", rows, seconds, rows / seconds, till_cpu, server_cpu, decode_cpu,
           write_cpu, till_cpu - decode_cpu - write_cpu);

  kasir_sync_service_get_pull_timings (service, &pull);
#define S(us) ((us) / (double)G_USEC_PER_SEC)
  g_print ("BENCH sync-initial-pull-breakdown pages=%u before_pull_s=%.2f first_page_s=%.2f "
           "wait_s=%.2f transfer_s=%.2f decode_s=%.2f insert_s=%.2f commit_s=%.2f "
           "writer_idle_s=%.2f index_s=%.2f\n", pull.pages, seconds - S (pull.total_us),
           S (pull.first_page_us), S (pull.wait_us), S (pull.transfer_us), S (pull.decode_us),
           S (pull.insert_us), S (pull.commit_us), S (pull.writer_idle_us), S (pull.index_us));
#undef S
  g_assert_cmpuint (pull.pages, >, 0);

  kasir_sync_service_shutdown (service);
  g_clear_object (&service);
  g_clear_object (&db);
  sync_test_server_free (server);
  g_hash_table_unref (sampler.threads);
  g_mutex_clear (&sampler.lock);
  g_unlink (csv_path);
  return 0;
}
