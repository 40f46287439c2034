/* test-store-refund-crash.c — a till killed at random moments while it commits refunds:
 * a refund and its sale.refund outbox row are both there or both absent, never half.
 *
 * As test-store-crash.c does for sales, the test runs its own binary as a child
 * ("--refund-child PATH") that sells and then gives back part of each sale in a loop,
 * printing each refund's id once kasir_refund_repository_commit() has returned. The
 * parent kills it with SIGKILL at random moments and after every kill checks the
 * database: intact, every printed refund present with its lines, payments and pending
 * outbox row, no refund without its outbox row or the other way round, no line or
 * payment without its refund, and outbox seq gap-free. The key reaches the child on its
 * stdin.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

#include "kasir-database-private.h"
#include "kasir-outbox-repository.h"
#include "kasir-refund-repository.h"
#include "kasir-sales-repository.h"
#include "store-test-util.h"

#define KILLS 80

static char *self_path;

static int
run_child (const char *path)
{
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirSalesRepository) sales = NULL;
  g_autoptr(KasirRefundRepository) refunds = NULL;
  g_autoptr(GError) error = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  char hex[KASIR_DATABASE_KEY_SIZE * 2 + 2];
  gsize len = 0;

  if (fgets (hex, sizeof hex, stdin) == NULL ||
      sodium_hex2bin (key, sizeof key, hex, KASIR_DATABASE_KEY_SIZE * 2, NULL, &len, NULL) != 0 ||
      len != sizeof key)
    {
      g_printerr ("refund child: no key on stdin\n");
      return 2;
    }
  sodium_memzero (hex, sizeof hex);

  db = kasir_database_open_with_key (path, key, &error);
  sodium_memzero (key, sizeof key);
  if (db == NULL)
    {
      g_printerr ("refund child: %s\n", error->message);
      return 3;
    }
  sales = kasir_sales_repository_new (db);
  refunds = kasir_refund_repository_new (db);
  printf ("ready\n");
  fflush (stdout);

  for (guint i = 0; i < 100000; i++)
    {
      g_autoptr(KasirSale) sale = store_test_sale (3, 1);
      g_autoptr(KasirRefund) refund = NULL;
      /* Two lines back: one restocked, one written off. */
      KasirRefundPick picks[] = { { 3, 2, FALSE }, { 2, 1, TRUE } };

      if (!kasir_sales_repository_commit_sale (sales, sale, &error))
        {
          g_printerr ("refund child: %s\n", error->message);
          return 4;
        }
      refund = kasir_refund_repository_commit (refunds, sale, picks, G_N_ELEMENTS (picks), NULL,
                                               "rusak", 3, 0, NULL, &error);
      if (refund == NULL)
        {
          g_printerr ("refund child: %s\n", error->message);
          return 5;
        }
      /* Printed only after the commit returned: the money is in the customer's hand. */
      printf ("%s\n", refund->refund_id);
      fflush (stdout);
    }

  return 0;
}

static void
check_database (const char   *path,
                const guint8 *key,
                GPtrArray    *printed,
                guint         from,
                gint64       *out_refunds)
{
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirOutboxRepository) outbox = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n_outbox, last_seq = 0;

  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  g_assert_true (kasir_database_check_integrity (db, &error));
  g_assert_no_error (error);
  outbox = kasir_outbox_repository_new (db);

  /* Every refund handed out is there, whole, and queued for the server. */
  for (guint i = from; i < printed->len; i++)
    {
      g_autofree char *lines = g_strdup_printf ("SELECT count(*) FROM refund_lines WHERE refund_id = '%s'",
                                                (char *) printed->pdata[i]);
      g_autofree char *payments = g_strdup_printf ("SELECT count(*) FROM refund_payments WHERE refund_id = '%s'",
                                                   (char *) printed->pdata[i]);
      g_autofree char *queued = g_strdup_printf ("SELECT count(*) FROM outbox WHERE type = 'sale.refund' "
                                                 "AND instr (payload, '%s') > 0 AND state = 'pending'",
                                                 (char *) printed->pdata[i]);

      g_assert_cmpint (store_test_query (db, lines), ==, 2);
      g_assert_cmpint (store_test_query (db, payments), ==, 1);
      g_assert_cmpint (store_test_query (db, queued), ==, 1);
    }

  /* Both or neither: a refund and its outbox row (which names the sale, and carries the
   * refund's id in its payload), its lines and payments. */
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM refunds r WHERE NOT EXISTS "
                                         "(SELECT 1 FROM outbox o WHERE o.type = 'sale.refund' "
                                         " AND o.entity_id = r.sale_id AND instr (o.payload, r.refund_id) > 0)"),
                   ==, 0);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM outbox o WHERE o.type = 'sale.refund' "
                                         "AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.sale_id = o.entity_id "
                                         " AND instr (o.payload, r.refund_id) > 0)"), ==, 0);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM refunds r WHERE (SELECT count(*) "
                                         "FROM refund_lines l WHERE l.refund_id = r.refund_id) <> 2"), ==, 0);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM refunds r WHERE NOT EXISTS "
                                         "(SELECT 1 FROM refund_payments p WHERE p.refund_id = r.refund_id)"), ==, 0);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM refund_lines l WHERE NOT EXISTS "
                                         "(SELECT 1 FROM refunds r WHERE r.refund_id = l.refund_id)"), ==, 0);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM refund_payments p WHERE NOT EXISTS "
                                         "(SELECT 1 FROM refunds r WHERE r.refund_id = p.refund_id)"), ==, 0);
  /* A refund never goes past its sale, however often the till died. */
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM refunds r JOIN sales s ON s.sale_id = r.sale_id "
                                         "WHERE r.total > s.total"), ==, 0);

  /* The outbox has no gap: sales and refunds, 1..n. */
  n_outbox = store_test_query (db, "SELECT count(*) FROM outbox");
  g_assert_cmpint (n_outbox, ==, store_test_query (db, "SELECT count(*) FROM sales")
                                 + store_test_query (db, "SELECT count(*) FROM refunds"));
  g_assert_cmpint (store_test_query (db, "SELECT COALESCE(MAX(seq), 0) FROM outbox"), ==, n_outbox);
  g_assert_cmpint (store_test_query (db, "SELECT COALESCE(MIN(seq), 1) FROM outbox"), ==, 1);
  g_assert_true (kasir_outbox_repository_get_last_seq (outbox, &last_seq, &error));
  g_assert_cmpint (last_seq, ==, n_outbox);

  *out_refunds = store_test_query (db, "SELECT count(*) FROM refunds");
}

static void
test_kill_refunds (void)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  g_autoptr(GPtrArray) printed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  char hex[KASIR_DATABASE_KEY_SIZE * 2 + 2];
  gint64 n_refunds = 0;
  guint mid_run_kills = 0;

  store_test_random_key (key);
  sodium_bin2hex (hex, sizeof hex, key, sizeof key);
  hex[KASIR_DATABASE_KEY_SIZE * 2] = '\n';
  hex[KASIR_DATABASE_KEY_SIZE * 2 + 1] = '\0';
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  g_clear_object (&db);

  for (guint round = 0; round < KILLS; round++)
    {
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(GDataInputStream) reader = NULL;
      const char *argv[] = { self_path, "--refund-child", path, NULL };
      int wait_for = g_test_rand_int_range (1, 6);
      guint before = printed->len;
      GOutputStream *in;
      char *line;

      child = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
      g_assert_no_error (error);
      in = g_subprocess_get_stdin_pipe (child);
      g_assert_true (g_output_stream_write_all (in, hex, strlen (hex), NULL, NULL, &error));
      g_assert_no_error (error);
      g_output_stream_close (in, NULL, NULL);
      reader = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));

      /* After the child is ready and has given back a few refunds, at a random point of
       * the next sale or refund. */
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
      g_usleep (g_test_rand_int_range (0, 3000));
      g_subprocess_force_exit (child);
      g_assert_true (g_subprocess_wait (child, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_signaled (child));

      while ((line = g_data_input_stream_read_upto (reader, "\n", 1, NULL, NULL, &error)) != NULL)
        {
          if (g_data_input_stream_read_byte (reader, NULL, NULL) == '\n' && g_strcmp0 (line, "ready") != 0)
            g_ptr_array_add (printed, line);
          else
            g_free (line);
        }
      g_assert_no_error (error);
      if (printed->len > before)
        mid_run_kills++;

      check_database (path, key, printed, before, &n_refunds);
      g_assert_cmpint (n_refunds, >=, printed->len);
    }

  check_database (path, key, printed, 0, &n_refunds);
  g_test_message ("%u kills, %" G_GINT64_FORMAT " refunds, %u handed out", KILLS, n_refunds, printed->len);
  g_assert_cmpuint (mid_run_kills, ==, KILLS);

  sodium_memzero (hex, sizeof hex);
  sodium_memzero (key, sizeof key);
  store_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  if (argc == 3 && g_strcmp0 (argv[1], "--refund-child") == 0)
    return run_child (argv[2]);

  g_test_init (&argc, &argv, NULL);
  self_path = g_canonicalize_filename (argv[0], NULL);

  g_test_add_func ("/Kasir/Store/RefundCrash/kill-at-random", test_kill_refunds);

  return g_test_run ();
}
