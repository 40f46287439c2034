/* test-store-crash.c — a till killed at random moments loses no sale and leaves no gap.
 *
 * The test runs its own binary as a child ("--crash-child PATH") that commits sales in a
 * loop and prints each receipt number once kasir_sales_repository_commit_sale() has
 * returned, and after every other sale brings the report totals up to it, as the till
 * does a few seconds after a sale. The parent kills it with SIGKILL at a random moment, over and over, and after
 * every kill checks the database: intact, every printed receipt present with its lines,
 * payments and outbox row, nothing half-written, no gap in receipt numbers or outbox seq.
 * The key reaches the child on its stdin, never on the command line or in the environment.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

#include "kasir-database-private.h"
#include "kasir-sales-repository.h"
#include "kasir-outbox-repository.h"
#include "kasir-report-totals.h"
#include "kasir-cart-repository.h"
#include "store-test-util.h"

#define KILLS 220

static char *self_path;

static int
run_child (const char *path)
{
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirSalesRepository) sales = NULL;
  g_autoptr(GError) error = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  char hex[KASIR_DATABASE_KEY_SIZE * 2 + 2];
  gsize len = 0;

  if (fgets (hex, sizeof hex, stdin) == NULL ||
      sodium_hex2bin (key, sizeof key, hex, KASIR_DATABASE_KEY_SIZE * 2, NULL, &len, NULL) != 0 ||
      len != sizeof key)
    {
      g_printerr ("crash child: no key on stdin\n");
      return 2;
    }
  sodium_memzero (hex, sizeof hex);

  db = kasir_database_open_with_key (path, key, &error);
  sodium_memzero (key, sizeof key);
  if (db == NULL)
    {
      g_printerr ("crash child: %s\n", error->message);
      return 3;
    }
  sales = kasir_sales_repository_new (db);
  printf ("ready\n");
  fflush (stdout);

  for (guint i = 0; i < 100000; i++)
    {
      g_autoptr(KasirSale) sale = store_test_sale (i % 5 + 1, 2);

      if (!kasir_sales_repository_commit_sale (sales, sale, &error))
        {
          g_printerr ("crash child: %s\n", error->message);
          return 4;
        }
      /* Printed only after the commit returned: this is the receipt a customer holds. */
      printf ("%s\n", sale->receipt_no);
      fflush (stdout);
      if (i % 2 == 1 && !kasir_report_totals_catch_up (db, NULL, &error))
        {
          g_printerr ("crash child: %s\n", error->message);
          return 5;
        }
    }

  return 0;
}

/* Checks the database after a kill. Receipts printed[from..] get the full check; the
 * earlier ones were checked after earlier kills, and any of them going missing later
 * would show as a gap in the receipt numbers, which is checked every time. */
static void
check_database (const char   *path,
                const guint8 *key,
                GPtrArray    *printed,
                guint         from,
                gint64       *out_sales)
{
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirSalesRepository) sales = NULL;
  g_autoptr(KasirOutboxRepository) outbox = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n_sales, n_outbox, last_seq = 0;

  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  g_assert_true (kasir_database_check_integrity (db, &error));
  g_assert_no_error (error);
  sales = kasir_sales_repository_new (db);
  outbox = kasir_outbox_repository_new (db);

  /* Every receipt a customer was handed is there, whole, and queued for the server. */
  for (guint i = from; i < printed->len; i++)
    {
      g_autoptr(KasirSale) sale = NULL;
      g_autoptr(KasirOutboxEntry) entry = NULL;
      g_autofree char *sql = NULL;

      sale = kasir_sales_repository_get_by_receipt (sales, printed->pdata[i], &error);
      g_assert_no_error (error);
      g_assert_cmpuint (sale->lines->len, >=, 1);
      g_assert_cmpuint (sale->payments->len, ==, 2);
      g_assert_true (kasir_sale_check_sums (sale, &error));
      g_assert_no_error (error);
      sql = g_strdup_printf ("SELECT seq FROM outbox WHERE entity_id = '%s' "
                             "AND type = 'sale.create'", sale->sale_id);
      entry = kasir_outbox_repository_get (outbox, store_test_query (db, sql), &error);
      g_assert_no_error (error);
      g_assert_cmpint (entry->state, ==, KASIR_OUTBOX_PENDING);
    }

  /* Nothing half-written: no sale without lines, payments or its outbox row, and no
   * outbox row or line without its sale. */
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM sales s WHERE NOT EXISTS "
                                         "(SELECT 1 FROM sale_lines l WHERE l.line_key BETWEEN s.sale_row * 65536 "
                                         " AND s.sale_row * 65536 + 65535)"),
                   ==, 0);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM sales s WHERE NOT EXISTS "
                                         "(SELECT 1 FROM sale_payments p WHERE p.payment_key BETWEEN s.sale_row * 65536 "
                                         " AND s.sale_row * 65536 + 65535)"),
                   ==, 0);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM sales s WHERE NOT EXISTS "
                                         "(SELECT 1 FROM outbox o WHERE o.entity_id = s.sale_id)"),
                   ==, 0);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM outbox o WHERE NOT EXISTS "
                                         "(SELECT 1 FROM sales s WHERE s.sale_id = o.entity_id)"),
                   ==, 0);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM sale_lines l WHERE NOT EXISTS "
                                         "(SELECT 1 FROM sales s WHERE s.sale_row = l.line_key >> 16)"),
                   ==, 0);

  /* No gaps: 1..n for receipts and seq, and the counters agree. */
  n_sales = store_test_query (db, "SELECT count(*) FROM sales");
  n_outbox = store_test_query (db, "SELECT count(*) FROM outbox");
  g_assert_cmpint (n_outbox, ==, n_sales);
  g_assert_cmpint (store_test_query (db, "SELECT COALESCE(MAX(receipt_seq), 0) FROM sales"),
                   ==, n_sales);
  g_assert_cmpint (store_test_query (db, "SELECT COALESCE(MIN(receipt_seq), 1) FROM sales"),
                   ==, 1);
  g_assert_cmpint (store_test_query (db, "SELECT COALESCE(MAX(seq), 0) FROM outbox"),
                   ==, n_outbox);
  g_assert_cmpint (store_test_query (db, "SELECT COALESCE(MIN(seq), 1) FROM outbox"), ==, 1);
  g_assert_true (kasir_outbox_repository_get_last_seq (outbox, &last_seq, &error));
  g_assert_cmpint (last_seq, ==, n_outbox);
  g_assert_cmpint (store_test_query (db, "SELECT COALESCE(MAX(value), 0) FROM counters "
                                         "WHERE name LIKE 'receipt_no:%'"), ==, n_sales);

  /* The report totals hold exactly the sales up to their watermark, whatever a kill
   * interrupted; caught up, each committed sale is counted once, a killed one not at
   * all. */
  g_assert_cmpint (store_test_query (db, "SELECT COALESCE(SUM(sales), 0) FROM report_sales"),
                   ==, store_test_query (db, "SELECT count(*) FROM sales WHERE rowid <= "
                                             "(SELECT value FROM counters WHERE name = 'report_rowid')"));
  g_assert_true (kasir_report_totals_catch_up (db, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_test_query (db, "SELECT COALESCE(SUM(sales), 0) FROM report_sales"),
                   ==, n_sales);
  g_assert_cmpint (store_test_query (db, "SELECT COALESCE(SUM(net), 0) FROM report_sales"), ==,
                   store_test_query (db, "SELECT COALESCE(SUM(total), 0) FROM sales"));
  g_assert_cmpint (store_test_query (db, "SELECT COALESCE(SUM(amount), 0) FROM report_payments"), ==,
                   store_test_query (db, "SELECT COALESCE(SUM(amount), 0) FROM sale_payments"));
  g_assert_cmpint (store_test_query (db, "SELECT COALESCE(SUM(qty), 0) FROM report_products"), ==,
                   store_test_query (db, "SELECT COALESCE(SUM(qty), 0) FROM sale_lines"));

  *out_sales = n_sales;
}

static void
test_kill_at_random (void)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  g_autoptr(GPtrArray) printed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  char hex[KASIR_DATABASE_KEY_SIZE * 2 + 2];
  gint64 n_sales = 0;
  guint mid_run_kills = 0;

  store_test_random_key (key);
  sodium_bin2hex (hex, sizeof hex, key, sizeof key);
  hex[KASIR_DATABASE_KEY_SIZE * 2] = '\n';
  hex[KASIR_DATABASE_KEY_SIZE * 2 + 1] = '\0';

  /* Created once here so that kills during the child's open do not race the very first
   * migration (that case is covered by the migrations running in their own
   * transactions). */
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  g_clear_object (&db);

  for (guint round = 0; round < KILLS; round++)
    {
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(GBytes) out = NULL;
      GOutputStream *in;
      const char *argv[] = { self_path, "--crash-child", path, NULL };
      g_autoptr(GDataInputStream) reader = NULL;
      guint before = printed->len;
      char *line;

      child = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                       G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
      g_assert_no_error (error);
      in = g_subprocess_get_stdin_pipe (child);
      g_assert_true (g_output_stream_write_all (in, hex, strlen (hex), NULL, NULL, &error));
      g_assert_no_error (error);
      g_output_stream_close (in, NULL, NULL);
      reader = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));

      /* Most kills land while sales commit: after the child is ready and has committed
       * a random number of sales, at a random point of the next ones — however fast or
       * slow the disk is. One in eight lands while it is still opening the database. */
      if (g_test_rand_int_range (0, 8) != 0)
        {
          /* Every tenth round runs long enough (over 1000 WAL frames) that the kill can
           * also land during a background checkpoint. */
          int wait_for = round % 10 == 5 ? g_test_rand_int_range (80, 160)
                                         : g_test_rand_int_range (1, 7);

          for (int i = 0; i <= wait_for; i++)
            {
              char *got = g_data_input_stream_read_line (reader, NULL, NULL, &error);

              g_assert_no_error (error);
              g_assert_nonnull (got);
              if (i == 0)
                {
                  g_assert_cmpstr (got, ==, "ready");
                  g_free (got);
                }
              else
                g_ptr_array_add (printed, got);
            }
          g_usleep (g_test_rand_int_range (0, 2000));
        }
      else
        g_usleep (g_test_rand_int_range (0, 3000));
      g_subprocess_force_exit (child);
      g_assert_true (g_subprocess_wait (child, NULL, &error));
      g_assert_no_error (error);

      /* A child that exited by itself failed: it must have been killed. */
      g_assert_true (g_subprocess_get_if_signaled (child));

      /* Only whole lines count: the kill may cut the last one short (its sale did
       * commit, and the checks below find it anyway). */
      while ((line = g_data_input_stream_read_upto (reader, "\n", 1, NULL, NULL, &error)) != NULL)
        {
          if (g_data_input_stream_read_byte (reader, NULL, NULL) == '\n' &&
              g_strcmp0 (line, "ready") != 0)
            g_ptr_array_add (printed, line);
          else
            g_free (line);
        }
      g_assert_no_error (error);
      if (printed->len > before)
        mid_run_kills++;

      check_database (path, key, printed, before, &n_sales);
      g_assert_cmpint (n_sales, >=, printed->len);
    }

  /* Finally every receipt ever printed, once more. */
  check_database (path, key, printed, 0, &n_sales);

  g_test_message ("%u kills, %u while committing, %" G_GINT64_FORMAT " sales, "
                  "%u receipts printed", KILLS, mid_run_kills, n_sales, printed->len);
  /* The kills must really have hit a till at work. */
  g_assert_cmpuint (mid_run_kills, >=, KILLS / 2);

  sodium_memzero (hex, sizeof hex);
  sodium_memzero (key, sizeof key);
  store_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  if (argc == 3 && g_strcmp0 (argv[1], "--crash-child") == 0)
    return run_child (argv[2]);

  g_test_init (&argc, &argv, NULL);
  self_path = g_canonicalize_filename (argv[0], NULL);

  g_test_add_func ("/Kasir/Store/Crash/kill-at-random", test_kill_at_random);

  return g_test_run ();
}
